"""Helpers shared by tests/test_public_bodies.py and tests/test_tolerance.py.

Owns: reading `openapi/csbs-v1.yaml` as written (the tolerant reading the client is generated
from), resolving its local `$ref`s, an `OAS30Validator` per response schema, the generated
client's model of each operation's 200, the client's attribute name of a JSON member, and the
walk that follows a parsed model down a JSON path.
Must not import: the emulator or contract_tests (these tests hold the spec and the client to
each other on their own; the emulator only supplies bodies).
Imported as `tolerance_support`: tests/ is no package, and pytest (like mypy given tests/)
puts the folder on the import path.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any, Final

import attrs
import yaml
from openapi_python_client.strings import PythonIdentifier
from openapi_schema_validator import OAS30Validator

from csbs_client.models import (
    CountBackupsResponse,
    ListBackupsResponse,
    ReplicateResponse,
    ReplicationCapabilities,
    ShowBackupResponse,
)

ROOT: Final = Path(__file__).resolve().parent.parent
SPEC_PATH: Final = ROOT / "openapi" / "csbs-v1.yaml"
PUBLIC_BODIES_PATH: Final = ROOT / "tests" / "fixtures" / "public-bodies.json"
# openapi/generator-config.yaml sets no field_prefix, so the generator's default applies.
FIELD_PREFIX: Final = "field_"

JsonPath = tuple[str | int, ...]


# The generated model of each operation's 200 body.
MODELS: Final[dict[str, Any]] = {
    "listBackups": ListBackupsResponse,
    "showBackup": ShowBackupResponse,
    "countBackups": CountBackupsResponse,
    "showReplicationCapabilities": ReplicationCapabilities,
    "replicateBackup": ReplicateResponse,
}


@cache
def spec() -> dict[str, Any]:
    """The spec as written. Callers must not change it (use `copy.deepcopy` for variants)."""
    doc: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text("utf-8"))
    return doc


def deref(node: Any, doc: dict[str, Any] | None = None) -> Any:
    """Follow `node`'s local `$ref` (and the target's, and so on); other nodes as they are."""
    doc = spec() if doc is None else doc
    while isinstance(node, dict) and "$ref" in node:
        target: Any = doc
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def resolve(node: Any, doc: dict[str, Any] | None = None) -> Any:
    """`node` with every local `$ref` inlined (the spec has no recursive schema)."""
    doc = spec() if doc is None else doc
    node = deref(node, doc)
    if isinstance(node, dict):
        return {key: resolve(value, doc) for key, value in node.items()}
    if isinstance(node, list):
        return [resolve(item, doc) for item in node]
    return node


def operation(operation_id: str, doc: dict[str, Any] | None = None) -> dict[str, Any]:
    doc = spec() if doc is None else doc
    found: list[dict[str, Any]] = [
        op
        for item in doc["paths"].values()
        for op in item.values()
        if isinstance(op, dict) and op.get("operationId") == operation_id
    ]
    assert len(found) == 1, f"{len(found)} operations named {operation_id}"
    return found[0]


def response_media(
    operation_id: str, status: str = "200", doc: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The `application/json` media object of one response (its `$ref` followed, not inlined)."""
    response = deref(operation(operation_id, doc)["responses"][status], doc)
    media: dict[str, Any] = response["content"]["application/json"]
    return media


def response_schema(
    operation_id: str, status: str = "200", doc: dict[str, Any] | None = None
) -> Any:
    """The raw (unresolved) schema of one response body, as the spec writes it."""
    return response_media(operation_id, status, doc)["schema"]


def validator(schema: Any, doc: dict[str, Any] | None = None) -> OAS30Validator:
    return OAS30Validator(resolve(schema, doc), format_checker=OAS30Validator.FORMAT_CHECKER)


def schema_errors(schema: Any, body: Any, doc: dict[str, Any] | None = None) -> list[str]:
    """Every way `body` breaks `schema` (resolved against `doc`), one line each."""
    found = validator(schema, doc).iter_errors(body)
    return [f"/{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in found]


def attribute(model: Any, member: str) -> str:
    """The generated model's attribute for JSON member `member` (the generator's own rule).

    Fails when the model has no such attribute, so a naming rule that drifted from the
    generator's cannot make a check pass by looking at the wrong place.
    """
    name = str(PythonIdentifier(member, prefix=FIELD_PREFIX))
    fields = attrs.fields_dict(type(model))
    assert name in fields, f"{type(model).__name__} has no attribute {name!r} for {member!r}"
    return name


def follow(parsed: Any, path: Sequence[str | int]) -> Any:
    """The part of a parsed model at JSON path `path` (member names and list indices)."""
    node = parsed
    for step in path:
        node = node[step] if isinstance(step, int) else getattr(node, attribute(node, step))
    return node


def at(body: Any, path: Sequence[str | int]) -> Any:
    """The part of a JSON body at `path`."""
    for step in path:
        body = body[step]
    return body


def parse(operation_id: str, body: Any) -> Any:
    """The generated client's parse of a 200 body of `operation_id` (a deep copy is parsed,
    since generated models keep unknown members by reference)."""
    return MODELS[operation_id].from_dict(copy.deepcopy(body))
