"""The CBR v3 spec held against its sources: the API reference, Huawei's published definitions
of each call and the official Python SDK (huaweicloudsdkcbr, pinned in requirements.lock).

The pages are not read at test time: their tables and samples are carried in the spec's
`docs` examples and here as data. The SDK is read at test time — every parameter its
requests send must be one the spec takes (the emulator must never refuse what the SDK sends),
every member its models read must be one the spec names, and every answer the spec shows
must parse with both the SDK and the generated client.
"""

from __future__ import annotations

import importlib
import re
import warnings
from pathlib import Path
from typing import Any

import fastjsonschema
import pytest
import yaml
from huaweicloudsdkcbr.v1 import model as sdk_model
from huaweicloudsdkcbr.v1.cbr_client import CbrClient
from huaweicloudsdkcore.auth.credentials import BasicCredentials

from csbs_emulator.spec import compile_schema, resolve_refs

ROOT = Path(__file__).resolve().parent.parent
SPEC_PATH = ROOT / "openapi" / "cbr-v3.yaml"

OPERATIONS = {
    "copyBackup": ("post", "/v3/{project_id}/backups/{backup_id}/replicate"),
    "showBackup": ("get", "/v3/{project_id}/backups/{backup_id}"),
    "listBackups": ("get", "/v3/{project_id}/backups"),
    "showReplicationCapabilities": ("get", "/v3/{project_id}/replication-capabilities"),
    "listOpLogs": ("get", "/v3/{project_id}/operation-logs"),
    "showOpLog": ("get", "/v3/{project_id}/operation-logs/{operation_log_id}"),
    "showVault": ("get", "/v3/{project_id}/vaults/{vault_id}"),
    "listVault": ("get", "/v3/{project_id}/vaults"),
    "listExternalVault": ("get", "/v3/{project_id}/vaults/external"),
}
# operationId -> the SDK's request and response model.
SDK_MODELS = {
    "copyBackup": ("CopyBackupRequest", "CopyBackupResponse"),
    "showBackup": ("ShowBackupRequest", "ShowBackupResponse"),
    "listBackups": ("ListBackupsRequest", "ListBackupsResponse"),
    "showReplicationCapabilities": (
        "ShowReplicationCapabilitiesRequest",
        "ShowReplicationCapabilitiesResponse",
    ),
    "listOpLogs": ("ListOpLogsRequest", "ListOpLogsResponse"),
    "showOpLog": ("ShowOpLogRequest", "ShowOpLogResponse"),
    "showVault": ("ShowVaultRequest", "ShowVaultResponse"),
    "listVault": ("ListVaultRequest", "ListVaultResponse"),
    "listExternalVault": ("ListExternalVaultRequest", "ListExternalVaultResponse"),
}

GATEWAY = {"401": ["APIGW.0301"], "403": ["APIGW.0302"]}
FAULTS = {"500": ["BackupService.9999"], "503": ["BackupService.9998"]}
REPLICATE_REFUSALS = [
    "BackupService.9900", "BackupService.1002", "BackupService.1003", "BackupService.1004",
    "BackupService.1005", "BackupService.1009", "BackupService.1011", "BackupService.6102",
    "BackupService.6105", "BackupService.6112", "BackupService.6114",
]  # fmt: skip
BAD = {"400": ["BackupService.9900"]}
NO_PATH = {"404": ["APIGW.0101"]}
NO_BACKUP = {"404": ["BackupService.6302", "APIGW.0101"]}
# The error catalogue settled with the emulator, per operation and status.
ERROR_CODES: dict[str, dict[str, list[str]]] = {
    "copyBackup": {
        "400": REPLICATE_REFUSALS,
        **GATEWAY,
        **NO_BACKUP,
        "413": ["APIGW.0201"],
        **FAULTS,
    },
    "showBackup": {**BAD, **GATEWAY, **NO_BACKUP, **FAULTS},
    "listBackups": {**BAD, **GATEWAY, **NO_BACKUP, **FAULTS},
    "showReplicationCapabilities": {**BAD, **GATEWAY, **NO_PATH, **FAULTS},
    "listOpLogs": {**BAD, **GATEWAY, **NO_PATH, **FAULTS},
    "showOpLog": {**BAD, **GATEWAY, "404": ["BackupService.6500", "APIGW.0101"], **FAULTS},
    "showVault": {
        "400": ["BackupService.9900", "BackupService.6105"],
        **GATEWAY,
        **NO_PATH,
        **FAULTS,
    },
    "listVault": {**BAD, **GATEWAY, **NO_PATH, **FAULTS},
    "listExternalVault": {**BAD, **GATEWAY, **NO_PATH, **FAULTS},
}

# The API reference's request table of the replicate call: (name, required, type).
DOCUMENTED_REQUEST_MEMBERS = [
    ("destination_project_id", True, "string"),
    ("destination_region", True, "string"),
    ("destination_vault_id", True, "string"),
    ("enable_acceleration", False, "boolean"),
    ("name", False, "string"),
    ("description", False, "string"),
]
DOCUMENTED_RESPONSE_MEMBERS = {
    "backup_id", "destination_project_id", "destination_region", "destination_vault_id",
    "project_id", "provider_id", "replication_record_id", "source_region",
}  # fmt: skip
# The API reference's ListBackups query table (the SDK sends the same names).
DOCUMENTED_LIST_BACKUPS_PARAMETERS = {
    "checkpoint_id", "dec", "end_time", "image_type", "limit", "marker", "name", "offset",
    "resource_az", "resource_id", "resource_name", "resource_type", "sort", "start_time",
    "status", "vault_id", "enterprise_project_id", "own_type", "member_status", "parent_id",
    "used_percent", "show_replication", "incremental",
}  # fmt: skip
# spec schema -> the SDK models whose JSON members it must name.
SCHEMA_MODELS = {
    "BackupReplicateReqBody": ["BackupReplicateReqBody"],
    "BackupReplicateRespBody": ["BackupReplicateRespBody"],
    "BackupResp": ["BackupResp"],
    "BackupChild": ["BackupResp"],
    "BackupExtendInfo": ["BackupExtendInfo"],
    "ImageData": ["ImageData"],
    "ReplicationRecordGet": ["ReplicationRecordGet"],
    "ReplicationRecordsExtraInfo": ["ReplicationRecordsExtraInfo"],
    "ListBackupsResponse": ["ListBackupsResponse"],
    "ReplicationCapabilities": ["ShowReplicationCapabilitiesResponse"],
    "ReplicationCapabilitiesRegion": ["ProtectableReplicationCapabilitiesRespRegion"],
    "OperationLog": ["OperationLog"],
    "OpErrorInfo": ["OpErrorInfo"],
    "OpExtraInfo": ["OpExtraInfo"],
    "OpExtendInfoReplication": ["OpExtendInfoReplication"],
    "OpExtendInfoCommon": ["OpExtendInfoCommon"],
    "OpExtendInfoBckup": ["OpExtendInfoBckup"],
    "OpExtendInfoDelete": ["OpExtendInfoDelete"],
    "OpExtendInfoSync": ["OpExtendInfoSync"],
    "OpExtendInfoRemoveResources": ["OpExtendInfoRemoveResources"],
    "OpExtendInfoRestore": ["OpExtendInfoRestore"],
    "OpExtendInfoVaultDelete": ["OpExtendInfoVaultDelete"],
    "OpExtendInfoUpdateExpirationTime": ["OpExtendInfoUpdateExpirationTime"],
    "Resource": ["Resource"],
    "ResourceExtraInfo": ["ResourceExtraInfo"],
    "ResourceExtraInfoIncludeVolumes": ["ResourceExtraInfoIncludeVolumes"],
    "ListOpLogsResponse": ["ListOpLogsResponse"],
    "Vault": ["Vault", "VaultGet"],
    "Billing": ["Billing"],
    "ResourceResp": ["ResourceResp"],
    "Tag": ["Tag"],
    "VaultBindRules": ["VaultBindRules"],
    "BindRulesTags": ["BindRulesTags"],
    "ListVaultResponse": ["ListVaultResponse", "ListExternalVaultResponse"],
}
SOURCES = {"cbr-docs", "cbr-sdk", "inferred"}


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text("utf-8"))
    return document


@pytest.fixture(scope="module")
def spec(raw: dict[str, Any]) -> dict[str, Any]:
    return resolve_refs(raw)


def strict_reading(schema: Any) -> Any:
    """The emulator's reading of a resolved response schema: every `x-cbr-emulator-sends`
    member required, every `x-cbr-emulator-schema` in place of the open schema it sits on.
    (csbs_emulator.spec.strict_reading does the same for the `x-csbs-` names.)"""
    if isinstance(schema, list):
        return [strict_reading(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if "x-cbr-emulator-schema" in schema:
        return strict_reading(schema["x-cbr-emulator-schema"])
    out = {key: strict_reading(value) for key, value in schema.items()}
    if "x-cbr-emulator-sends" in schema:
        out["required"] = sorted({*schema.get("required", []), *schema["x-cbr-emulator-sends"]})
    return out


def _operations(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {op["operationId"]: op for item in spec["paths"].values() for op in item.values()}


def _sdk(name: str) -> Any:
    return getattr(sdk_model, name)


def _json_members(model_name: str) -> set[str]:
    model = _sdk(model_name)
    return {model.attribute_map[attr] for attr in model.openapi_types}


def _type_of(schema: dict[str, Any]) -> str:
    """The JSON type of a schema, looking through allOf and open-enum anyOf wrappers."""
    if "type" in schema:
        return str(schema["type"])
    for part in schema.get("allOf", []):
        return _type_of(part)
    if "anyOf" in schema:
        types = {_type_of(part) for part in schema["anyOf"]}
        assert len(types) == 1, schema
        return types.pop()
    raise AssertionError(f"schema without a type: {schema}")


def _flat(schema: dict[str, Any]) -> dict[str, Any]:
    """A schema with its allOf parts merged in (descriptions wrap a $ref in allOf)."""
    out = {k: v for k, v in schema.items() if k != "allOf"}
    for part in schema.get("allOf", []):
        out = {**_flat(part), **out}
    return out


def test_the_operations_are_the_agreed_ones(spec: dict[str, Any]) -> None:
    assert spec["openapi"] == "3.0.3"
    found = {
        op["operationId"]: (method, path)
        for path, item in spec["paths"].items()
        for method, op in item.items()
    }
    assert found == OPERATIONS
    assert spec["servers"][0]["url"] == "https://cbr.{region}.myhuaweicloud.com"


def test_the_literal_vault_path_comes_before_the_template(spec: dict[str, Any]) -> None:
    """The emulator matches paths in document order: `external` is no vault id."""
    paths = list(spec["paths"])
    assert paths.index("/v3/{project_id}/vaults/external") < paths.index(
        "/v3/{project_id}/vaults/{vault_id}"
    )


def test_every_parameter_the_sdk_sends_is_taken(spec: dict[str, Any]) -> None:
    for operation_id, op in _operations(spec).items():
        request = _sdk(SDK_MODELS[operation_id][0])
        sent = {request.attribute_map[a] for a in request.openapi_types} - {"body"}
        taken = {p["name"] for p in op["parameters"]}
        assert sent <= taken, (operation_id, sent - taken)
        for parameter in op["parameters"]:
            assert parameter["in"] in ("path", "query"), (operation_id, parameter["name"])
            if parameter["in"] == "path":
                assert parameter["required"] is True


def test_list_backups_takes_every_documented_parameter(spec: dict[str, Any]) -> None:
    op = _operations(spec)["listBackups"]
    names = {p["name"] for p in op["parameters"] if p["in"] == "query"}
    assert names == DOCUMENTED_LIST_BACKUPS_PARAMETERS


def test_repeatable_parameters_are_exploded_arrays(spec: dict[str, Any]) -> None:
    ops = _operations(spec)
    for operation_id, name in (("listBackups", "status"), ("listVault", "id")):
        parameter = next(p for p in ops[operation_id]["parameters"] if p["name"] == name)
        assert parameter["schema"]["type"] == "array", (operation_id, name)
        assert (parameter["style"], parameter["explode"]) == ("form", True)
    status = next(p for p in ops["listBackups"]["parameters"] if p["name"] == "status")
    assert status["schema"]["items"]["enum"] == [
        "available", "protecting", "deleting", "restoring", "error",
        "waiting_protect", "waiting_delete", "waiting_restore",
    ]  # fmt: skip


def test_external_vaults_take_both_spellings_of_object_type(spec: dict[str, Any]) -> None:
    op = _operations(spec)["listExternalVault"]
    params = {p["name"]: p for p in op["parameters"]}
    assert params["objcet_type"]["schema"] == params["object_type"]["schema"]
    assert params["external_project_id"]["required"] is True
    assert params["region_id"]["required"] is True


def test_pages_are_bounded_as_documented(spec: dict[str, Any]) -> None:
    for operation_id in ("listBackups", "listOpLogs", "listVault", "listExternalVault"):
        params = {p["name"]: p["schema"] for p in _operations(spec)[operation_id]["parameters"]}
        assert (params["limit"]["minimum"], params["limit"]["maximum"]) == (1, 1000)
        assert params["offset"]["minimum"] == 0


def test_request_body_matches_the_request_table(spec: dict[str, Any]) -> None:
    body = _operations(spec)["copyBackup"]["requestBody"]
    assert body["required"] is True
    schema = body["content"]["application/json"]["schema"]
    assert schema["required"] == ["replicate"]
    assert schema["x-cbr-unknown-fields"] == "refused"
    param = schema["properties"]["replicate"]
    assert param["additionalProperties"] is False
    # The documented members, plus the SDK's cross_account_urn.
    assert set(param["properties"]) == {n for n, _, _ in DOCUMENTED_REQUEST_MEMBERS} | {
        "cross_account_urn"
    }
    for name, required, kind in DOCUMENTED_REQUEST_MEMBERS:
        assert (name in param["required"]) is required, name
        assert _type_of(param["properties"][name]) == kind, name
    assert param["properties"]["enable_acceleration"]["default"] is False
    replica_name = _flat(param["properties"]["name"])
    assert (replica_name["minLength"], replica_name["maxLength"]) == (1, 64)
    region = _flat(param["properties"]["destination_region"])
    assert region["maxLength"] == 255
    assert _flat(param["properties"]["description"])["pattern"] == "^[^<>]*$"


def test_request_strings_are_bounded(spec: dict[str, Any]) -> None:
    """Every string a client sends carries a maxLength, an enum or the UUID format."""

    def bounded(schema: dict[str, Any]) -> bool:
        flat = _flat(schema)
        return "maxLength" in flat or "enum" in flat or flat.get("format") == "uuid"

    for operation_id, op in _operations(spec).items():
        for parameter in op["parameters"]:
            schema = parameter["schema"]
            schema = schema.get("items", schema)
            if _type_of(schema) == "string":
                assert bounded(schema), (operation_id, parameter["name"])
            if _type_of(parameter["schema"]) == "integer":
                assert "minimum" in parameter["schema"], (operation_id, parameter["name"])
    param = spec["components"]["schemas"]["BackupReplicateReqBody"]
    for name, member in param["properties"].items():
        if _type_of(member) == "string":
            assert bounded(member), name


def test_replicate_response_matches_the_response_table(spec: dict[str, Any]) -> None:
    op = _operations(spec)["copyBackup"]
    schema = op["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema["required"] == ["replication"]
    resp = schema["properties"]["replication"]
    assert set(resp["properties"]) == DOCUMENTED_RESPONSE_MEMBERS
    assert set(resp["required"]) == DOCUMENTED_RESPONSE_MEMBERS
    for name in DOCUMENTED_RESPONSE_MEMBERS:
        assert _type_of(resp["properties"][name]) == "string", name


@pytest.mark.parametrize("schema_name", sorted(SCHEMA_MODELS))
def test_every_member_the_sdk_reads_is_named(spec: dict[str, Any], schema_name: str) -> None:
    properties = set(spec["components"]["schemas"][schema_name]["properties"])
    for model_name in SCHEMA_MODELS[schema_name]:
        missing = _json_members(model_name) - properties
        if schema_name == "BackupChild":
            missing -= {"replication_records"}  # a child is not replicated on its own
        assert not missing, (schema_name, model_name, missing)


def test_replication_records_carry_both_spellings_of_the_vault(spec: dict[str, Any]) -> None:
    extra = spec["components"]["schemas"]["ReplicationRecordsExtraInfo"]
    sends = set(extra["x-cbr-emulator-sends"])
    assert {"destinatio_vault_id", "destination_vault_id"} <= sends
    # The Python SDK reads an object (not the string older SDKs declared).
    assert _sdk("ReplicationRecordGet").openapi_types["extra_info"] == "ReplicationRecordsExtraInfo"
    assert extra["type"] == "object"


def test_response_enums_are_open_for_clients_and_closed_for_the_emulator(
    raw: dict[str, Any],
) -> None:
    schemas = raw["components"]["schemas"]
    checked = 0
    for name, schema in schemas.items():
        for member, sub in schema.get("properties", {}).items():
            if "anyOf" not in sub:
                continue
            closed = sub["x-cbr-emulator-schema"]["$ref"]
            assert closed in [part.get("$ref") for part in sub["anyOf"]], (name, member)
            assert any(part.get("type") == "string" for part in sub["anyOf"]), (name, member)
            checked += 1
    assert checked >= 20
    vault = schemas["Billing"]["properties"]
    assert vault["protect_type"]["x-cbr-emulator-schema"]["$ref"].endswith("/ProtectType")
    assert schemas["ProtectType"]["enum"] == ["backup", "replication", "hybrid"]
    assert schemas["VaultStatus"]["enum"] == ["available", "lock", "frozen", "deleting", "error"]
    assert schemas["ReplicationStatus"]["enum"] == [
        "waiting_replicate", "replicating", "success", "fail", "skip",
    ]  # fmt: skip
    assert "replication" in schemas["OperationType"]["enum"]


def test_emulator_send_lists_name_real_members(spec: dict[str, Any]) -> None:
    for name, schema in spec["components"]["schemas"].items():
        sends = schema.get("x-cbr-emulator-sends")
        if sends is None:
            continue
        assert len(sends) == len(set(sends)), name
        assert set(sends) <= set(schema["properties"]), (
            name,
            set(sends) - set(schema["properties"]),
        )
        assert set(schema.get("required", [])) <= set(schema["properties"]), name


def test_the_error_codes_are_the_settled_catalogue(spec: dict[str, Any]) -> None:
    for operation_id, op in _operations(spec).items():
        assert op["x-cbr-error-codes"] == ERROR_CODES[operation_id], operation_id
        error_statuses = {s for s in op["responses"] if s.startswith(("4", "5"))}
        assert error_statuses == set(ERROR_CODES[operation_id]), operation_id


def test_errors_share_one_schema_and_carry_a_request_id(raw: dict[str, Any]) -> None:
    for path, item in raw["paths"].items():
        for operation in item.values():
            for status, response in operation["responses"].items():
                if status.startswith(("4", "5")):
                    assert response["$ref"].startswith("#/components/responses/"), (path, status)
                else:
                    assert response["headers"]["X-Request-Id"]["$ref"].endswith("/XRequestId")
    for name, response in raw["components"]["responses"].items():
        assert response["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/ServiceError"
        }, name
        assert "X-Request-Id" in response["headers"], name
        codes = [
            e["value"]["error_code"]
            for e in response["content"]["application/json"]["examples"].values()
        ]
        assert codes, name
    error = raw["components"]["schemas"]["ServiceError"]
    assert error["required"] == ["error_code", "error_msg"]
    assert set(error["properties"]) == {"error_code", "error_msg", "request_id"}


def _examples(spec: dict[str, Any]) -> list[tuple[str, str, str, Any, dict[str, Any]]]:
    """(operationId, where, name, value, schema) for every example of an operation."""
    found = []
    for op in _operations(spec).values():
        bodies = {"request": op.get("requestBody", {})}
        bodies.update({status: r for status, r in op["responses"].items()})
        for where, body in bodies.items():
            media = body.get("content", {}).get("application/json", {})
            for name, example in media.get("examples", {}).items():
                found.append((op["operationId"], where, name, example, media["schema"]))
    return found


def test_every_operation_shows_the_documented_example(spec: dict[str, Any]) -> None:
    shown = {(op, where) for op, where, name, _, _ in _examples(spec) if name == "docs"}
    for operation_id in OPERATIONS:
        assert (operation_id, "200") in shown, operation_id
    assert ("copyBackup", "request") in shown


def test_every_example_validates(spec: dict[str, Any]) -> None:
    examples = _examples(spec)
    for operation_id, where, name, example, schema in examples:
        try:
            compile_schema(schema)(example["value"])
        except fastjsonschema.JsonSchemaException as exc:
            raise AssertionError(f"{operation_id} {where} {name}: {exc}") from None
        # What the project wrote itself is what the emulator would send: the strict reading.
        if "project-made" in example["summary"]:
            compile_schema(strict_reading(schema))(example["value"])
    assert len(examples) >= 30


@pytest.mark.parametrize("missing", ["destination_region", "destination_vault_id", "replicate"])
def test_a_body_missing_a_required_member_is_refused(spec: dict[str, Any], missing: str) -> None:
    op = _operations(spec)["copyBackup"]
    media = op["requestBody"]["content"]["application/json"]
    body: dict[str, Any] = {"replicate": dict(media["examples"]["docs"]["value"]["replicate"])}
    if missing == "replicate":
        body = {}
    else:
        del body["replicate"][missing]
    with pytest.raises(fastjsonschema.JsonSchemaValueException, match=missing):
        compile_schema(media["schema"])(body)


def test_an_unknown_body_member_is_refused(spec: dict[str, Any]) -> None:
    media = _operations(spec)["copyBackup"]["requestBody"]["content"]["application/json"]
    body = {"replicate": {**media["examples"]["docs"]["value"]["replicate"], "provider_id": "x"}}
    with pytest.raises(fastjsonschema.JsonSchemaValueException):
        compile_schema(media["schema"])(body)


@pytest.fixture(scope="module")
def sdk_client() -> Any:
    return (
        CbrClient.new_builder()
        .with_credentials(BasicCredentials("AK", "SK", "68589cac08274b82b4e254268a3862d8"))
        .with_endpoints(["https://cbr.ap-southeast-1.myhuaweicloud.com"])
        .build()
    )


def test_every_answer_shown_parses_with_the_sdk(spec: dict[str, Any], sdk_client: Any) -> None:
    """The SDK warns (and keeps the raw string) on a time it cannot parse: that fails here."""
    for operation_id, where, name, example, _ in _examples(spec):
        if where != "200":
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            parsed = sdk_client._deserialize(example["value"], SDK_MODELS[operation_id][1])
        assert type(parsed).__name__ == SDK_MODELS[operation_id][1]
        for key, value in example["value"].items():
            assert (getattr(parsed, key) is None) is (value is None), (operation_id, name, key)


def _client_model(schema: dict[str, Any], raw_op: dict[str, Any]) -> Any:
    ref = raw_op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    name = ref.rsplit("/", 1)[1]
    module = re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
    return getattr(importlib.import_module(f"cbr_client.models.{module}"), name)


def test_every_answer_shown_round_trips_through_the_generated_client(
    raw: dict[str, Any], spec: dict[str, Any]
) -> None:
    raw_ops = _operations(raw)
    for operation_id, where, name, example, schema in _examples(spec):
        if where != "200":
            continue
        model = _client_model(schema, raw_ops[operation_id])
        parsed = model.from_dict(example["value"])
        assert parsed.to_dict() == example["value"], (operation_id, name)


def test_links_name_real_operations_and_parameters(spec: dict[str, Any]) -> None:
    ops = _operations(spec)
    links = 0
    for op in ops.values():
        for link in op["responses"]["200"].get("links", {}).values():
            target = ops[link["operationId"]]
            names = {p["name"] for p in target["parameters"]}
            assert set(link["parameters"]) <= names, link
            assert {p["name"] for p in target["parameters"] if p["in"] == "path"} <= set(
                link["parameters"]
            ), link
            links += 1
    assert links >= 6
    copy = ops["copyBackup"]["responses"]["200"]["links"]["ShowSourceBackup"]
    assert copy["parameters"]["backup_id"] == "$response.body#/replication/backup_id"


def test_security_offers_token_and_aksk(spec: dict[str, Any]) -> None:
    schemes = spec["components"]["securitySchemes"]
    assert schemes["token"] == {**schemes["token"], "type": "apiKey", "in": "header",
                                "name": "X-Auth-Token"}  # fmt: skip
    assert "SDK-HMAC-SHA256" in schemes["aksk"]["description"]
    assert spec["security"] == [{"token": []}, {"aksk": []}]


def test_every_fact_names_its_source(raw: dict[str, Any]) -> None:
    for op_id, op in _operations(raw).items():
        assert op["x-cbr-source"] in SOURCES, op_id
        assert op["description"].strip(), op_id
        for parameter in op["parameters"]:
            if "$ref" not in parameter:
                assert parameter["x-cbr-source"] in SOURCES, (op_id, parameter["name"])
                assert parameter["description"].strip(), (op_id, parameter["name"])
    for name, parameter in raw["components"]["parameters"].items():
        assert parameter["x-cbr-source"] in SOURCES, name
    for name, schema in raw["components"]["schemas"].items():
        if name not in ("Uuid", "ProjectId"):
            assert schema.get("x-cbr-source") in SOURCES, name
        assert schema["description"].strip(), name
        for member, sub in schema.get("properties", {}).items():
            assert "description" in sub or "$ref" in sub, (name, member)


def test_every_extension_used_is_documented(spec: dict[str, Any]) -> None:
    used: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            used.update(k for k in node if k.startswith("x-"))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec)
    assert used == {
        "x-cbr-source", "x-cbr-choice", "x-cbr-error-codes", "x-cbr-unknown-fields",
        "x-cbr-emulator-sends", "x-cbr-emulator-schema",
    }  # fmt: skip
    for extension in used:
        assert f"`{extension}`" in spec["info"]["description"], extension


def test_the_emulator_writes_one_form_of_time(spec: dict[str, Any]) -> None:
    """Readers take every form the service writes; the emulator writes the one the SDK parses."""
    strict = compile_schema(strict_reading(spec["components"]["schemas"]["BackupResp"]))
    body = _operations(spec)["showBackup"]["responses"]["200"]["content"]["application/json"]
    backup = body["examples"]["replicating"]["value"]["backup"]
    strict(backup)
    for when in ("2019-05-10T07:59:12Z", "2019-05-10T07:59:12.084+00:00"):
        compile_schema(spec["components"]["schemas"]["BackupResp"])({**backup, "updated_at": when})
        with pytest.raises(fastjsonschema.JsonSchemaValueException, match="updated_at"):
            strict({**backup, "updated_at": when})
        with pytest.raises(fastjsonschema.JsonSchemaValueException, match="created_at"):
            strict({**backup, "created_at": when})
