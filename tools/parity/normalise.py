"""The normalising transformers declared in `parity/transformers.yaml`, applied to answers.

Owns: turning a raw answer (headers and JSON body) into its normalised form, the only form
that is ever written or compared. The same declared rules run at record time and on every
answer a check observes, so both sides of a comparison are normalised alike.
Must not import: the emulator, httpx.

Rules apply in their declared order to every string of a body (bodies are walked with their
members in sorted order, so numbering does not depend on the member order a server chose):
  secrets    every credential of the run (token, AK, SK, security token, the made-up ones of
             the refusal steps), wherever it appears, becomes `with`
  vars       every value the run knows by name (project ids, regions, captured ids and names)
             becomes `<name>`; values shorter than `min_length` are left alone
  regex      `pattern` becomes `with`; `{n}` in `with` numbers distinct matched values in
             order of first appearance (`<uuid-1>`, `<uuid-2>`, ...)
  timestamp  a time in the service's form becomes `<timestamp>` plus its form: `.6` for a
             six-digit fraction, `Z` or the offset for a zone (`<timestamp.6>`)
  replace    the strings at `at` (globs: `*` one segment, `**` any) become `with` (`{n}`,
             `{member}` and `{shape}` may appear), empty strings and placeholders excepted
  header     which response headers are kept, and how: `value`, `media-type` (the type
             without parameters, lower-case) or `shape` (hex32, uuid, digits or text)
Headers no `header` rule names are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import yaml

from . import template
from .scenario import PARITY

TRANSFORMERS: Final = PARITY / "transformers.yaml"
KINDS: Final = ("secrets", "vars", "regex", "timestamp", "replace", "header")
_TIMESTAMP: Final = re.compile(
    r"\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?"
)
_PLACEHOLDER: Final = re.compile(r"^<[^<>]+>$")


class TransformerError(ValueError):
    """A transformer declaration that cannot be applied."""


def shape_of(value: str) -> str:
    if re.fullmatch(r"[0-9a-f]{32}", value):
        return "hex32"
    if re.fullmatch(r"[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}", value):
        return "uuid"
    if value.isdigit():
        return "digits"
    return "text"


def load_rules(
    names: Sequence[str] | None = None, path: Path = TRANSFORMERS
) -> list[dict[str, Any]]:
    """The declared rules of the named sets or rules (None: the `default` set), in order."""
    data = yaml.safe_load(path.read_text("utf-8"))
    declared = {str(rule["name"]): dict(rule) for rule in data["transformers"]}
    sets: dict[str, list[str]] = {str(k): list(v) for k, v in data["sets"].items()}
    rules: list[dict[str, Any]] = []

    def expand(name: str, trail: tuple[str, ...]) -> None:
        if name in trail:
            raise TransformerError(f"transformer sets loop: {' -> '.join((*trail, name))}")
        if name in sets:
            for member in sets[name]:
                expand(member, (*trail, name))
        elif name in declared:
            if declared[name] not in rules:
                rules.append(declared[name])
        else:
            raise TransformerError(f"no transformer or set named {name!r}")

    for name in ["default"] if names is None else names:
        expand(name, ())
    for rule in rules:
        if rule.get("kind") not in KINDS:
            raise TransformerError(f"transformer {rule['name']}: kind is one of {KINDS}")
    return rules


@dataclass
class Normaliser:
    """Applies `rules`; `variables` is read live (captures made later are known later)."""

    rules: Sequence[Mapping[str, Any]]
    variables: Mapping[str, Any]
    secrets: Collection[str]
    _numbers: dict[str, dict[str, int]] = field(default_factory=dict)
    _compiled: dict[str, re.Pattern[str]] = field(default_factory=dict)
    # Worked out once per `body`, `text` or `headers` call (the variables are read live):
    # the secrets to replace, longest first, and by `min_length` the known values.
    _secret_order: list[str] | None = field(default=None, init=False, repr=False)
    _known: dict[int, list[tuple[str, str]]] = field(default_factory=dict, init=False, repr=False)

    def _fresh(self) -> None:
        self._secret_order = None
        self._known.clear()

    # -- bodies -----------------------------------------------------------------------

    def body(self, value: Any) -> Any:
        self._fresh()
        return self._walk(value, ())

    def _walk(self, value: Any, path: template.Path) -> Any:
        if isinstance(value, dict):
            return {key: self._walk(value[key], (*path, key)) for key in sorted(value)}
        if isinstance(value, list):
            return [self._walk(item, (*path, index)) for index, item in enumerate(value)]
        if isinstance(value, str):
            return self._string(value, path)
        return value

    def text(self, value: str) -> str:
        """A string outside any body (a non-JSON answer, a header value)."""
        self._fresh()
        return self._string(value, None)

    def _string(self, value: str, path: template.Path | None) -> str:
        for rule in self.rules:
            kind = rule["kind"]
            if kind == "secrets":
                value = self._secrets(value, rule)
            elif kind == "vars":
                value = self._vars(value, rule)
            elif kind == "regex":
                value = self._regex(value, rule)
            elif kind == "timestamp":
                value = _TIMESTAMP.sub(_timestamp_form, value)
            elif kind == "replace" and path is not None:
                value = self._replace(value, path, rule)
        return value

    def _secrets(self, value: str, rule: Mapping[str, Any]) -> str:
        if self._secret_order is None:
            longest_first = sorted(self.secrets, key=len, reverse=True)
            self._secret_order = [secret for secret in longest_first if len(secret) >= 4]
        for secret in self._secret_order:
            if secret in value:
                value = value.replace(secret, str(rule.get("with", "<secret>")))
        return value

    def _vars(self, value: str, rule: Mapping[str, Any]) -> str:
        minimum = int(rule.get("min_length", 4))
        known = self._known.get(minimum)
        if known is None:
            found = [
                (str(v), name)
                for name, v in sorted(self.variables.items())
                if isinstance(v, str) and len(v) >= minimum
            ]
            # Longest first, so a value never loses a part of itself to a shorter one.
            known = self._known[minimum] = sorted(found, key=lambda pair: -len(pair[0]))
        for raw, name in known:
            if raw in value:
                value = value.replace(raw, f"<{name}>")
        return value

    def _regex(self, value: str, rule: Mapping[str, Any]) -> str:
        name = str(rule["name"])
        pattern = self._compiled.get(name)
        if pattern is None:
            flags = re.IGNORECASE if rule.get("ignore_case") else 0
            pattern = self._compiled[name] = re.compile(str(rule["pattern"]), flags)
        replacement = str(rule["with"])

        def one(match: re.Match[str]) -> str:
            return self._fill(replacement, name, match.group(0), "")

        return pattern.sub(one, value)

    def _replace(self, value: str, path: template.Path, rule: Mapping[str, Any]) -> str:
        if not value or _PLACEHOLDER.match(value):
            return value
        if not any(template.glob_matches(glob, path) for glob in rule["at"]):
            return value
        member = str(path[-1]) if path else ""
        return self._fill(str(rule["with"]), str(rule["name"]), value, member)

    def _fill(self, replacement: str, rule: str, original: str, member: str) -> str:
        if "{n}" in replacement:
            numbers = self._numbers.setdefault(rule, {})
            number = numbers.setdefault(original, len(numbers) + 1)
            replacement = replacement.replace("{n}", str(number))
        return replacement.replace("{member}", member).replace("{shape}", shape_of(original))

    # -- headers ----------------------------------------------------------------------

    def headers(self, headers: Mapping[str, str]) -> dict[str, str]:
        """The headers `header` rules keep, normalised; names lower-case, sorted."""
        self._fresh()
        lowered = {name.lower(): value for name, value in headers.items()}
        kept: dict[str, str] = {}
        for rule in self.rules:
            if rule["kind"] != "header":
                continue
            name = str(rule["header"]).lower()
            if name not in lowered:
                continue
            raw = lowered[name]
            keep = rule.get("keep", "value")
            if keep == "media-type":
                kept[name] = raw.split(";", 1)[0].strip().lower()
            elif keep == "shape":
                kept[name] = f"<{shape_of(raw.strip())}>"
            else:
                kept[name] = self._string(raw, None)
        return dict(sorted(kept.items()))


def _timestamp_form(match: re.Match[str]) -> str:
    fraction, zone = match.group(1), match.group(2)
    form = (f".{len(fraction)}" if fraction else "") + (zone or "")
    return f"<timestamp{form}>"
