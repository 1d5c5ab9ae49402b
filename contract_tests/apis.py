"""The two APIs the contract suites test, and how to read each one's spec.

Owns: `Api`, what the suites need to know of one API (its spec, its schemathesis config, its
path prefix, the names of its spec extensions, its invalid-parameter code, its replicate
operation, the prefix its operations carry in reports), the two instances `CSBS` and `CBR`,
and `SpecSchemas`, the validators of each operation's response bodies under the spec's
tolerant reading (as written) or its strict one (what an emulator must send).
Must not import: the emulator, the generated clients, pytest or schemathesis (the custom
checks import this module, and the schemathesis CLI loads those against any target).

Both specs follow one convention under their own prefix (`x-csbs-…`, `x-cbr-…`): per-operation
error codes (`…-error-codes`), the members an emulator always sends (`…-emulator-sends`) and
the closed schema it is held to where the tolerant one is open (`…-emulator-schema`).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Final

import yaml
from openapi_schema_validator import OAS30Validator

ROOT: Final = Path(__file__).resolve().parents[1]
HERE: Final = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Api:
    """One API of the emulator and of the real service, as the contract suites see it."""

    name: str  # "csbs" | "cbr": the --api value
    title: str
    spec_path: Path
    # The schemathesis configuration of its suites (see contract_tests/schemathesis.toml).
    config_path: Path
    path_prefix: str  # every public path of the API starts with it
    extension: str  # the prefix of its spec extensions: "x-csbs", "x-cbr"
    invalid_code: str  # the error_code of a request that breaks the schema
    replicate_operation: str
    # Prefix of its operations in reports and coverage rows (and in fault rules): CSBS keeps
    # the bare operationId it always had; CBR shares three operationIds with CSBS.
    row_prefix: str

    @property
    def error_codes_key(self) -> str:
        return f"{self.extension}-error-codes"

    def row_op(self, operation_id: str) -> str:
        """The operation as reports and coverage rows name it (`cbr.showBackup`)."""
        return f"{self.row_prefix}{operation_id}"

    def operation_ids(self) -> list[str]:
        return [op for op, _, _ in self.operations()]

    def operations(self) -> list[tuple[str, str, str]]:
        """(operationId, METHOD, path) of every operation of the spec."""
        return spec_operations(self.spec_path)


CSBS: Final = Api(
    name="csbs",
    title="CSBS v1",
    spec_path=ROOT / "openapi" / "csbs-v1.yaml",
    config_path=HERE / "schemathesis.toml",
    path_prefix="/v1/",
    extension="x-csbs",
    invalid_code="CSBS.9001",
    replicate_operation="replicateBackup",
    row_prefix="",
)
CBR: Final = Api(
    name="cbr",
    title="CBR v3",
    spec_path=ROOT / "openapi" / "cbr-v3.yaml",
    config_path=HERE / "schemathesis-cbr.toml",
    path_prefix="/v3/",
    extension="x-cbr",
    invalid_code="BackupService.9900",
    replicate_operation="copyBackup",
    row_prefix="cbr.",
)
APIS: Final = {api.name: api for api in (CSBS, CBR)}


def api_of_path(path: str) -> Api:
    """The API a public path (a spec path template or a sent path) belongs to."""
    return next((api for api in APIS.values() if path.startswith(api.path_prefix)), CSBS)


@cache
def _document(path: Path) -> dict[str, Any]:
    # libyaml's loader: the pure-Python one takes about a second per spec on a busy core, and
    # every pytest process of the contract job reads both specs.
    doc: dict[str, Any] = yaml.load(path.read_text("utf-8"), Loader=yaml.CSafeLoader)
    return doc


def document(api: Api) -> dict[str, Any]:
    """A fresh copy of the API's spec, as written."""
    return copy.deepcopy(_document(api.spec_path))


def spec_operations(path: Path) -> list[tuple[str, str, str]]:
    found: list[tuple[str, str, str]] = []
    for template, item in _document(path)["paths"].items():
        for method, operation in item.items():
            if isinstance(operation, dict) and "operationId" in operation:
                found.append((str(operation["operationId"]), method.upper(), template))
    return found


def strict_reading(doc: dict[str, Any], extension: str = CSBS.extension) -> dict[str, Any]:
    """The spec as the emulator must satisfy it (each spec's "two readings of one document").

    A copy of `doc` where every schema with `<extension>-emulator-schema` is replaced by that
    (closed) schema, and every object schema with `<extension>-emulator-sends` requires those
    members besides its own `required`. Derived here from the document, not taken from the
    emulator's own reading: the suite must not share the code it checks.
    """
    sends_key, schema_key = f"{extension}-emulator-sends", f"{extension}-emulator-schema"

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            if schema_key in node:
                # The replacement may hold $refs (resolved later) and extensions of its own.
                return walk(copy.deepcopy(node[schema_key]))
            out = {key: walk(value) for key, value in node.items()}
            sends = node.get(sends_key)
            if sends is not None:
                required = list(out.get("required", []))
                out["required"] = required + [m for m in sends if m not in required]
            return out
        if isinstance(node, list):
            return [walk(item) for item in node]
        return node

    strict: dict[str, Any] = walk(doc)
    return strict


class SpecSchemas:
    """Validators of each operation's response bodies, from the spec (local $refs inlined):
    the tolerant reading (as written), or with `strict` the emulator's (`strict_reading`)."""

    def __init__(self, api: Api = CSBS, *, strict: bool = False) -> None:
        doc = document(api)
        self.api = api
        self.strict = strict
        self.doc: dict[str, Any] = strict_reading(doc, api.extension) if strict else doc
        self._validators: dict[tuple[str, int], OAS30Validator] = {}

    def _resolve(self, node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                target: Any = self.doc
                for part in node["$ref"].removeprefix("#/").split("/"):
                    target = target[part]
                return self._resolve(target)
            return {key: self._resolve(value) for key, value in node.items()}
        if isinstance(node, list):
            return [self._resolve(item) for item in node]
        return node

    def operation(self, operation_id: str) -> dict[str, Any]:
        return next(
            op
            for item in self.doc["paths"].values()
            for op in item.values()
            if isinstance(op, dict) and op.get("operationId") == operation_id
        )

    def error_codes(self, operation_id: str, status: int) -> list[str]:
        """The `error_code`s the operation documents for `status` (`…-error-codes`)."""
        codes = self.operation(operation_id).get(self.api.error_codes_key, {})
        return [str(code) for code in codes.get(str(status), [])]

    def validator(self, operation_id: str, status: int) -> OAS30Validator:
        key = (operation_id, status)
        if key not in self._validators:
            responses = self.operation(operation_id)["responses"]
            assert str(status) in responses, f"{operation_id} does not declare {status}"
            response = self._resolve(responses[str(status)])
            schema = response["content"]["application/json"]["schema"]
            self._validators[key] = OAS30Validator(
                schema, format_checker=OAS30Validator.FORMAT_CHECKER
            )
        return self._validators[key]

    def errors(self, operation_id: str, status: int, body: Any) -> list[str]:
        found = self.validator(operation_id, status).iter_errors(body)
        return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in found]


@cache
def spec_schemas(strict: bool = False, api: Api = CSBS) -> SpecSchemas:
    """The tolerant reading of an API's spec, or with `strict` the emulator's."""
    return SpecSchemas(api, strict=strict)
