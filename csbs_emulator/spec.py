"""The spec as the routing table and the validator.

Owns: loading an OpenAPI 3.0 document, resolving its local `$ref`s, turning its schemas
into JSON Schema, and compiling — once, at start-up — one matcher per path and one
validator per parameter, request body and response. Nothing here is hand-copied from the
spec: add an operation to the YAML and it is routed and validated.
Must not import: the web framework, the service, the store.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Final

import fastjsonschema
import yaml

from .errors import Malformed

HTTP_METHODS: Final = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
UUID_RE: Final = re.compile(
    r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
)
# Formats the compiled validators check. "uuid" is not checked by default by most
# validators (connexion's pitfall); here it is, so a malformed id is a 400, not a 404.
FORMATS: Final[dict[str, Callable[[str], bool]]] = {
    "uuid": lambda value: bool(UUID_RE.match(value)),
}

Validator = Callable[[Any], Any]
# libyaml's parser when PyYAML was built with it (its wheels are): the same safe loading, about
# ten times faster than the pure-Python one, which took half of each emulator's start-up
# (0.5 s of 1.1 s for the three specs; every test fixture and mutant run starts one).
_YAML_LOADER: Final[type[Any]] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _parse_yaml(text: str) -> dict[str, Any]:
    return dict(yaml.load(text, Loader=_YAML_LOADER))  # noqa: S506 -- a safe loader


def load_document(name: str) -> dict[str, Any]:
    """Load a packaged spec (`csbs-v1.yaml`, `emulator-control.yaml`) from csbs_emulator/data."""
    text = resources.files("csbs_emulator").joinpath("data", name).read_text("utf-8")
    return _parse_yaml(text)


def load_path(path: Path) -> dict[str, Any]:
    return _parse_yaml(path.read_text("utf-8"))


def resolve_refs(document: dict[str, Any]) -> dict[str, Any]:
    """A copy of `document` with every local `$ref` replaced by what it points to."""

    def lookup(ref: str) -> Any:
        if not ref.startswith("#/"):
            raise ValueError(f"only local $refs are supported, got {ref!r}")
        node: Any = document
        for part in ref[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    def walk(node: Any, seen: tuple[str, ...]) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                ref = node["$ref"]
                if ref in seen:
                    raise ValueError(f"recursive $ref {ref!r} is not supported")
                return walk(lookup(ref), (*seen, ref))
            return {key: walk(value, seen) for key, value in node.items()}
        if isinstance(node, list):
            return [walk(item, seen) for item in node]
        return node

    return dict(walk(document, ()))


_NOT_JSON_SCHEMA: Final = frozenset(
    {"example", "examples", "discriminator", "xml", "externalDocs", "deprecated", "readOnly",
     "writeOnly", "nullable"}
)  # fmt: skip


def to_json_schema(schema: Any) -> Any:
    """OpenAPI 3.0 schema object -> JSON Schema (draft 7): `nullable`, and no `x-` keys."""
    if isinstance(schema, list):
        return [to_json_schema(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key.startswith("x-") or key in _NOT_JSON_SCHEMA:
            continue
        if key == "properties":
            out[key] = {name: to_json_schema(sub) for name, sub in value.items()}
        elif key in ("default", "enum", "required", "pattern", "format", "type"):
            out[key] = copy.deepcopy(value)
        else:
            out[key] = to_json_schema(value)
    if schema.get("nullable"):
        if "type" in out:
            out["type"] = [out["type"], "null"]
        if "enum" in out and None not in out["enum"]:
            out["enum"] = [*out["enum"], None]
    return out


def strict_reading(schema: Any) -> Any:
    """A resolved response schema as the emulator must satisfy it (the spec's "two readings").

    The document is written for tolerant clients; `x-<api>-emulator-sends` (`x-csbs-…`,
    `x-cbr-…`) names the members the emulator always sends (they become required) and
    `x-<api>-emulator-schema` is the closed schema that replaces an open one (an enum that
    also admits any string).
    """
    if isinstance(schema, list):
        return [strict_reading(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    closed = _extension(schema, "-emulator-schema")
    if closed is not None:
        return strict_reading(closed)
    out = {key: strict_reading(value) for key, value in schema.items()}
    sends = _extension(schema, "-emulator-sends")
    if sends:
        out["required"] = sorted({*schema.get("required", []), *sends})
    return out


def _extension(schema: dict[str, Any], suffix: str) -> Any:
    """The value of the schema's `x-<api><suffix>` extension, whichever API's spec it is."""
    for key, value in schema.items():
        if key.startswith("x-") and key.endswith(suffix):
            return value
    return None


# Compiled validators by their JSON Schema's text: a validator is a pure function of its
# schema, so every emulator of a process shares them. Compiling a spec's ~260 schemas was the
# other half of an emulator's start-up (0.5 s); a test suite starts dozens of emulators from
# the same three specs. Bounded by the schemas the specs hold.
_COMPILED: Final[dict[str, Validator]] = {}


def compile_schema(schema: dict[str, Any]) -> Validator:
    json_schema = {"$schema": "http://json-schema.org/draft-07/schema#", **to_json_schema(schema)}
    # repr, not json.dumps: YAML gives dates too, and a date must not meet its text's twin.
    key = repr(json_schema)
    validator = _COMPILED.get(key)
    if validator is None:
        validator = fastjsonschema.compile(json_schema, formats=FORMATS, use_default=False)
        _COMPILED[key] = validator
    return validator


def describe(error: Exception, root: str) -> str:
    """A validation failure as one readable line naming the member, e.g. `replication.name`."""
    message = getattr(error, "message", str(error))
    name = getattr(error, "name", "data")
    where = root + name[len("data") :] if name.startswith("data") else root
    where = where.lstrip(".") or "body"
    # fastjsonschema writes "data.replication.name must be ..."; keep only the rule.
    rule = message.split(" must ", 1)[1] if " must " in message else message
    return f"{where} must {rule}" if " must " in message else f"{where}: {rule}"


_UNKNOWN: Final = object()
_CHECKED_KEPT: Final = 1024  # texts of ids: ~150 bytes each


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    location: str  # "path" or "query"
    required: bool
    kind: str  # JSON type the raw string is coerced to: "string", "integer", "boolean"
    validate: Validator
    default: Any = None
    # An array: "repeated" (form, exploded: `status=a&status=b`), "csv" (`id=a,b`), or "".
    array: str = ""
    # Values of texts that passed, by text (bounded; see `check`): strings, integers and
    # booleans only, never an array (a list a caller could change).
    checked: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def coerce(self, raw: str) -> Any:
        if self.kind == "integer":
            if not re.fullmatch(r"-?[0-9]{1,18}", raw):
                raise Malformed(f"{self.name} must be an integer")
            return int(raw)
        if self.kind == "boolean":
            if raw not in ("true", "false"):
                raise Malformed(f"{self.name} must be true or false")
            return raw == "true"
        return raw

    def check(self, raw: str | list[str]) -> Any:
        """The parameter's value from its raw text (a list of texts if `repeated`)."""
        if isinstance(raw, str) and not self.array:
            # A text checked before is answered from `checked` (a pure function of the text;
            # calls repeat their project and provider ids: ~1.5 us of each replicateBackup).
            known = self.checked.get(raw, _UNKNOWN)
            if known is not _UNKNOWN:
                return known
            value = self._check(raw)
            if len(self.checked) >= _CHECKED_KEPT:
                self.checked.clear()
            self.checked[raw] = value
            return value
        return self._check(raw)

    def _check(self, raw: str | list[str]) -> Any:
        if self.array == "repeated":
            value: Any = [self.coerce(item) for item in raw]
        elif self.array == "csv":
            assert isinstance(raw, str)
            value = [self.coerce(item) for item in raw.split(",")]
        else:
            assert isinstance(raw, str)
            value = self.coerce(raw)
        try:
            return self.validate(value)
        except fastjsonschema.JsonSchemaException as exc:
            raise Malformed(describe(exc, self.name)) from None


@dataclass(frozen=True, slots=True)
class Operation:
    operation_id: str
    method: str  # upper case
    path: str  # the spec's template, e.g. /v1/{project_id}/checkpoint_items
    path_params: tuple[Parameter, ...]
    query_params: Mapping[str, Parameter]
    body: Validator | None
    body_required: bool
    responses: Mapping[int, Validator | None]
    extensions: Mapping[str, Any] = field(default_factory=dict)

    def validate_body(self, body: Any) -> Any:
        if self.body is None:
            return body
        try:
            return self.body(body)
        except fastjsonschema.JsonSchemaException as exc:
            raise Malformed(describe(exc, "")) from None


@dataclass(frozen=True, slots=True)
class Route:
    """One path of the spec: its matcher and its operations by HTTP method."""

    template: str
    pattern: re.Pattern[str]
    operations: Mapping[str, Operation]


def _kind(schema: dict[str, Any]) -> str:
    kind = schema.get("type", "string")
    return kind if kind in ("integer", "boolean") else "string"


def _parameter(raw: dict[str, Any]) -> Parameter:
    schema = raw.get("schema", {})
    array = ""
    if schema.get("type") == "array":
        # OpenAPI's default for a query parameter is style form, exploded: one name per item.
        exploded = raw.get("explode", raw.get("style", "form") == "form")
        array = "repeated" if exploded else "csv"
        kind = _kind(schema.get("items", {}))
    else:
        kind = _kind(schema)
    return Parameter(
        name=raw["name"],
        location=raw["in"],
        required=bool(raw.get("required", False)),
        kind=kind,
        validate=compile_schema(schema),
        default=schema.get("default"),
        array=array,
    )


def compile_routes(document: dict[str, Any]) -> list[Route]:
    """Every path of the document, with compiled validators, concrete paths first."""
    spec = resolve_refs(document)
    routes: list[Route] = []
    for template, item in spec.get("paths", {}).items():
        shared = item.get("parameters", [])
        # Each {name} matches one non-empty segment; the literal parts must match exactly.
        regex = "".join(
            f"(?P<{part[1:-1]}>[^/]+)" if part.startswith("{") else re.escape(part)
            for part in re.split(r"(\{[^}/]+\})", template)
            if part
        )
        operations: dict[str, Operation] = {}
        for method in HTTP_METHODS:
            op = item.get(method)
            if op is None:
                continue
            params = [_parameter(p) for p in (*shared, *op.get("parameters", []))]
            body_spec = op.get("requestBody")
            body_schema = (
                body_spec.get("content", {}).get("application/json", {}).get("schema")
                if body_spec
                else None
            )
            responses: dict[int, Validator | None] = {}
            for status, response in op.get("responses", {}).items():
                if not str(status).isdigit():
                    continue
                schema = response.get("content", {}).get("application/json", {}).get("schema")
                # The emulator's own answers are held to the strict reading.
                responses[int(status)] = compile_schema(strict_reading(schema)) if schema else None
            operations[method.upper()] = Operation(
                operation_id=op["operationId"],
                method=method.upper(),
                path=template,
                path_params=tuple(p for p in params if p.location == "path"),
                query_params={p.name: p for p in params if p.location == "query"},
                body=compile_schema(body_schema) if body_schema else None,
                body_required=bool(body_spec and body_spec.get("required")),
                responses=responses,
                extensions={k: v for k, v in op.items() if k.startswith("x-")},
            )
        routes.append(Route(template, re.compile(f"^{regex}$"), operations))
    # A concrete path is matched before a templated one that also fits (OpenAPI's rule):
    # `/vaults/external` before `/vaults/{vault_id}`. The sort is stable: otherwise the
    # document's order stands.
    return sorted(routes, key=lambda r: r.template.count("{"))


def as_json(document: dict[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
