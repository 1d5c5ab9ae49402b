"""Placeholders in scenario requests, and pointers into JSON bodies.

Owns: rendering `{name}` and `{name|filter}` placeholders from the run's variables (the
target's ids, fixed values, values captured from earlier answers), and the small pointer
language scenarios use to capture, derive and mark values as significant.
Must not import: anything of this project.

Placeholders: `{name}` is the variable's value; filters change it: `upper`, `lower`,
`prefix:N` (the first N characters), `suffix:N` (the last N). A variable that is not set makes
the step unrunnable (`MissingVariable`), and the run says which variable it lacked.

Pointers: JSON pointer segments separated by `/`, plus two forms: `*` (every element of an
array, or every member of an object) and `[member=VALUE]` (the first array element whose
`member` equals VALUE, where VALUE may hold placeholders, e.g. `[id={record_id}]`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)((?:\|[a-z]+(?::[0-9]+)?)*)\}")
_SELECTOR = re.compile(r"^\[([A-Za-z0-9_]+)=(.*)\]$")

Path = tuple[str | int, ...]


class MissingVariable(KeyError):
    """A placeholder names a variable the run does not have."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name

    def __str__(self) -> str:
        return f"needs {{{self.name}}}, which is not set"


def _apply_filter(value: str, spec: str) -> str:
    name, _, arg = spec.partition(":")
    if name == "upper":
        return value.upper()
    if name == "lower":
        return value.lower()
    if name == "prefix":
        return value[: int(arg)]
    if name == "suffix":
        return value[-int(arg) :] if int(arg) else ""
    raise ValueError(f"unknown placeholder filter {name!r}")


def render(text: str, lookup: Callable[[str], str]) -> str:
    """`text` with every placeholder replaced; `lookup(name)` raises `MissingVariable`."""

    def one(match: re.Match[str]) -> str:
        value = lookup(match.group(1))
        for spec in filter(None, match.group(2).split("|")):
            value = _apply_filter(value, spec)
        return value

    return PLACEHOLDER.sub(one, text)


def names_in(text: str) -> list[str]:
    """The variables `text` names, in order."""
    return [match.group(1) for match in PLACEHOLDER.finditer(text)]


def lookup_in(variables: Mapping[str, Any]) -> Callable[[str], str]:
    """A `render` lookup over a mapping (values as strings); missing names raise."""

    def lookup(name: str) -> str:
        value = variables.get(name)
        if value is None:
            raise MissingVariable(name)
        return str(value)

    return lookup


def render_json(value: Any, lookup: Callable[[str], str]) -> Any:
    """A JSON template with every string rendered (keys are left as written)."""
    if isinstance(value, str):
        return render(value, lookup)
    if isinstance(value, list):
        return [render_json(item, lookup) for item in value]
    if isinstance(value, dict):
        return {key: render_json(item, lookup) for key, item in value.items()}
    return value


def segments(pointer: str) -> list[str]:
    if pointer in ("", "/"):
        return []
    if not pointer.startswith("/"):
        raise ValueError(f"pointer {pointer!r} must start with '/'")
    return [part.replace("~1", "/").replace("~0", "~") for part in pointer[1:].split("/")]


def select(value: Any, pointer: str, lookup: Callable[[str], str]) -> list[tuple[Path, Any]]:
    """Every (path, value) the pointer reaches in `value`; [] when it reaches nothing."""
    return list(_walk(value, segments(pointer), (), lookup))


def _walk(
    value: Any, parts: list[str], path: Path, lookup: Callable[[str], str]
) -> Iterator[tuple[Path, Any]]:
    if not parts:
        yield path, value
        return
    head, rest = parts[0], parts[1:]
    if head == "*":
        if isinstance(value, list):
            for index, item in enumerate(value):
                yield from _walk(item, rest, (*path, index), lookup)
        elif isinstance(value, dict):
            for key in sorted(value):
                yield from _walk(value[key], rest, (*path, key), lookup)
        return
    selector = _SELECTOR.match(head)
    if selector is not None:
        if isinstance(value, list):
            wanted = render(selector.group(2), lookup)
            for index, item in enumerate(value):
                if isinstance(item, dict) and str(item.get(selector.group(1))) == wanted:
                    yield from _walk(item, rest, (*path, index), lookup)
                    return
        return
    if isinstance(value, dict):
        if head in value:
            yield from _walk(value[head], rest, (*path, head), lookup)
    elif isinstance(value, list) and head.isdigit() and int(head) < len(value):
        yield from _walk(value[int(head)], rest, (*path, int(head)), lookup)


def first(value: Any, pointer: str, lookup: Callable[[str], str]) -> Any:
    """The first value the pointer reaches, or None."""
    found = select(value, pointer, lookup)
    return found[0][1] if found else None


def path_text(path: Path) -> str:
    """A concrete path as a pointer (`/checkpoint_items/0/id`)."""
    return "".join(f"/{part}" for part in path) or "/"


def glob_matches(pattern: str, path: Path) -> bool:
    """Whether a concrete path matches a glob of segments: `*` one, `**` any number."""
    return _glob(pattern.strip("/").split("/"), [str(part) for part in path])


def _glob(pattern: list[str], path: list[str]) -> bool:
    if not pattern:
        return not path
    head = pattern[0]
    if head == "**":
        return any(_glob(pattern[1:], path[i:]) for i in range(len(path) + 1))
    if not path:
        return False
    return (head in ("*", path[0])) and _glob(pattern[1:], path[1:])
