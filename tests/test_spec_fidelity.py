"""The spec held against the documentation page of the call, field by field.

The page (复制备份, CSBS API v1) is not read at test time: its tables and samples are carried
here as data. If the spec drifts from what the page documents — a field renamed, a required
flag lost, a type changed, a status dropped — these tests fail.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import fastjsonschema
import pytest
import yaml

from csbs_emulator.spec import compile_schema, resolve_refs

ROOT = Path(__file__).resolve().parent.parent
SPEC_PATH = ROOT / "openapi" / "csbs-v1.yaml"
REPLICATE_PATH = (
    "/v1/{project_id}/providers/{provider_id}/checkpoint_items/{checkpoint_item_id}/replicate"
)

# The page's URI table: (name, required, type).
PAGE_PATH_PARAMETERS = [
    ("project_id", True, "string"),
    ("provider_id", True, "string"),
    ("checkpoint_item_id", True, "string"),
]
# The page's request tables: replication (required, replication_param), then its members.
PAGE_REQUEST_MEMBERS = [
    ("name", False, "string"),
    ("description", False, "string"),
    ("destination_region", True, "string"),
    ("destination_project_id", True, "string"),
    ("enable_acceleration", False, "boolean"),
]
# The page's response table (replication_resp): every member is a string.
PAGE_RESPONSE_MEMBERS = [
    "project_id",
    "provider_id",
    "checkpoint_item_id",
    "source_region",
    "destination_region",
    "destination_project_id",
    "replication_record_id",
]
PAGE_STATUS_CODES = {"200", "400", "401", "403", "404", "500", "503"}
PAGE_PROVIDER_ID = "fc4d5750-22e7-4798-8a46-f48f62c4c1da"

PAGE_REQUEST_SAMPLE = {
    "replication": {
        "destination_region": "cn-east-2",
        "destination_project_id": "e0b97bac-532c-4c51-96fa-4b3a32253be4",
        "name": "rep_from_bd3c8a42-7dd4-4400-b091-2777c51a5c9a",
        "description": "do replication",
    }
}
PAGE_RESPONSE_SAMPLE = {
    "replication": {
        "project_id": "4800fde9-66f8-4458-b805-4c01066b9568",
        "provider_id": "fc4d5750-22e7-4798-8a46-f48f62c4c1da",
        "checkpoint_item_id": "c4dfa74c-7e60-4361-86b9-9a3250115ed6",
        "source_region": "cn-north-1",
        "destination_region": "cn-east-2",
        "destination_project_id": "e0b97bac-532c-4c51-96fa-4b3a32253be4",
        "replication_record_id": "042cd047-a7c9-4905-a859-402950ac8440",
    }
}


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    return resolve_refs(yaml.safe_load(SPEC_PATH.read_text("utf-8")))


@pytest.fixture(scope="module")
def replicate(spec: dict[str, Any]) -> dict[str, Any]:
    operation: dict[str, Any] = spec["paths"][REPLICATE_PATH]["post"]
    return operation


def _type_of(schema: dict[str, Any]) -> str:
    """The JSON type of a schema, looking through allOf wrappers used to add descriptions."""
    if "type" in schema:
        return str(schema["type"])
    for part in schema.get("allOf", []):
        return _type_of(part)
    if "anyOf" in schema:  # an open enum: the documented values, or any other string
        types = {_type_of(part) for part in schema["anyOf"]}
        assert len(types) == 1, schema
        return types.pop()
    if "enum" in schema:
        return type(schema["enum"][0]).__name__.replace("str", "string")
    raise AssertionError(f"schema without a type: {schema}")


def test_the_path_and_method_are_the_pages(spec: dict[str, Any]) -> None:
    assert "post" in spec["paths"][REPLICATE_PATH]
    assert spec["openapi"] == "3.0.3"


def test_path_parameters_match_the_uri_table(replicate: dict[str, Any]) -> None:
    params = {p["name"]: p for p in replicate["parameters"]}
    assert list(params) == [name for name, _, _ in PAGE_PATH_PARAMETERS]
    for name, required, kind in PAGE_PATH_PARAMETERS:
        assert params[name]["in"] == "path"
        assert params[name]["required"] is required
        assert _type_of(params[name]["schema"]) == kind


def test_provider_id_is_the_documented_constant(replicate: dict[str, Any]) -> None:
    provider = next(p for p in replicate["parameters"] if p["name"] == "provider_id")
    assert provider["schema"]["enum"] == [PAGE_PROVIDER_ID]


def test_request_body_matches_the_request_tables(replicate: dict[str, Any]) -> None:
    body = replicate["requestBody"]
    assert body["required"] is True
    schema = body["content"]["application/json"]["schema"]
    assert schema["required"] == ["replication"]
    param = schema["properties"]["replication"]
    assert _type_of(param) == "object"
    assert set(param["properties"]) == {name for name, _, _ in PAGE_REQUEST_MEMBERS}
    for name, required, kind in PAGE_REQUEST_MEMBERS:
        assert (name in param.get("required", [])) is required, name
        assert _type_of(param["properties"][name]) == kind, name
    # The page: when not given, acceleration is off.
    assert param["properties"]["enable_acceleration"]["default"] is False


def test_every_string_is_bounded(spec: dict[str, Any]) -> None:
    """Request strings carry a maxLength, or are enums/UUIDs (the house rule)."""
    param = spec["components"]["schemas"]["ReplicationParam"]
    for name, member in param["properties"].items():
        if _type_of(member) != "string":
            continue
        flat = {k: v for part in member.get("allOf", [member]) for k, v in part.items()}
        assert "maxLength" in flat or "enum" in flat, name


def test_response_matches_the_response_tables(replicate: dict[str, Any]) -> None:
    schema = replicate["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema["required"] == ["replication"]
    resp = schema["properties"]["replication"]
    assert list(resp["properties"]) == PAGE_RESPONSE_MEMBERS
    assert sorted(resp["required"]) == sorted(PAGE_RESPONSE_MEMBERS)
    for name in PAGE_RESPONSE_MEMBERS:
        assert _type_of(resp["properties"][name]) == "string", name


def test_every_documented_status_is_listed_on_every_operation(spec: dict[str, Any]) -> None:
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            statuses = set(operation["responses"])
            assert statuses >= PAGE_STATUS_CODES, (method, path, PAGE_STATUS_CODES - statuses)


def test_errors_share_one_schema_and_carry_a_request_id_header() -> None:
    raw = yaml.safe_load(SPEC_PATH.read_text("utf-8"))
    for path, item in raw["paths"].items():
        for operation in item.values():
            for status, response in operation["responses"].items():
                if status.startswith(("4", "5")):
                    assert response["$ref"].startswith("#/components/responses/"), (path, status)
    for name, response in raw["components"]["responses"].items():
        schema = response["content"]["application/json"]["schema"]
        assert schema == {"$ref": "#/components/schemas/ServiceError"}, name
        assert "X-Request-Id" in response["headers"], name
    error = raw["components"]["schemas"]["ServiceError"]
    assert error["required"] == ["error_code", "error_msg"]
    assert set(error["properties"]) == {"error_code", "error_msg", "request_id"}


def test_every_success_response_carries_x_request_id(spec: dict[str, Any]) -> None:
    for item in spec["paths"].values():
        for operation in item.values():
            for response in operation["responses"].values():
                assert response["headers"]["X-Request-Id"]["required"] is True


def test_the_page_samples_are_the_spec_examples(replicate: dict[str, Any]) -> None:
    request_examples = replicate["requestBody"]["content"]["application/json"]["examples"]
    assert request_examples["seed"]["value"] == PAGE_REQUEST_SAMPLE
    response_examples = replicate["responses"]["200"]["content"]["application/json"]["examples"]
    assert response_examples["seed"]["value"] == PAGE_RESPONSE_SAMPLE


def test_the_page_samples_validate_against_the_schemas(replicate: dict[str, Any]) -> None:
    request_schema = replicate["requestBody"]["content"]["application/json"]["schema"]
    response_schema = replicate["responses"]["200"]["content"]["application/json"]["schema"]
    compile_schema(request_schema)(PAGE_REQUEST_SAMPLE)
    compile_schema(response_schema)(PAGE_RESPONSE_SAMPLE)


def test_every_example_in_the_spec_validates(spec: dict[str, Any]) -> None:
    checked = 0
    for item in spec["paths"].values():
        for operation in item.values():
            bodies = [operation.get("requestBody", {}), *operation["responses"].values()]
            for body in bodies:
                media = body.get("content", {}).get("application/json", {})
                validate = compile_schema(media["schema"]) if "schema" in media else None
                for example in media.get("examples", {}).values():
                    assert validate is not None
                    validate(example["value"])
                    checked += 1
    assert checked >= 10


@pytest.mark.parametrize("missing", ["destination_region", "destination_project_id", "replication"])
def test_a_body_missing_a_required_field_is_refused(
    replicate: dict[str, Any], missing: str
) -> None:
    schema = replicate["requestBody"]["content"]["application/json"]["schema"]
    body: dict[str, Any] = {"replication": dict(PAGE_REQUEST_SAMPLE["replication"])}
    if missing == "replication":
        body = {}
    else:
        del body["replication"][missing]
    with pytest.raises(fastjsonschema.JsonSchemaValueException, match=missing):
        compile_schema(schema)(body)


def test_unknown_request_members_are_refused_as_documented(replicate: dict[str, Any]) -> None:
    schema = replicate["requestBody"]["content"]["application/json"]["schema"]
    assert schema["x-csbs-unknown-fields"] == "refused"
    body = {"replication": {**PAGE_REQUEST_SAMPLE["replication"], "destination_vault_id": "x"}}
    with pytest.raises(fastjsonschema.JsonSchemaValueException):
        compile_schema(schema)(body)


def test_neighbouring_read_calls_are_specified(spec: dict[str, Any]) -> None:
    operations = {
        op["operationId"]: (method, path)
        for path, item in spec["paths"].items()
        for method, op in item.items()
    }
    assert operations == {
        "replicateBackup": ("post", REPLICATE_PATH),
        "showBackup": ("get", "/v1/{project_id}/checkpoint_items/{checkpoint_item_id}"),
        "listBackups": ("get", "/v1/{project_id}/checkpoint_items"),
        "countBackups": ("get", "/v1/{project_id}/checkpoint_items/count"),
        "showReplicationCapabilities": ("get", "/v1/{project_id}/replication_capabilities"),
    }
    schemas = spec["components"]["schemas"]
    backup = schemas["Backup"]
    # Response enums are open for the client, closed for the emulator (two readings).
    assert backup["properties"]["status"]["x-csbs-emulator-schema"] == schemas["BackupStatus"]
    assert schemas["BackupStatus"]["enum"] == [
        "waiting_protect", "protecting", "available", "waiting_restore", "restoring", "error",
        "waiting_delete", "deleting", "deleted",
    ]  # fmt: skip
    extend = schemas["ExtendInfo"]["properties"]
    assert schemas["CopyStatus"]["enum"] == ["na", "waiting_copy", "copying", "success", "fail"]
    assert {"copy_from", "fail_code", "fail_reason", "fail_op", "progress"} <= set(extend)


# Every query parameter the public "Querying All Backups" / "... Number of Backups" tables list.
DOCUMENTED_LIST_PARAMETERS = {
    "status", "limit", "marker", "sort", "all_tenants", "name", "az", "resource_id",
    "resource_name", "start_time", "end_time", "image_type", "policy_id", "offset",
    "checkpoint_id", "resource_type",
}  # fmt: skip
DOCUMENTED_COUNT_PARAMETERS = {
    "status", "all_tenants", "name", "az", "resource_id", "resource_name", "start_time",
    "end_time", "image_type", "policy_id", "ip", "checkpoint_id", "resource_type",
}  # fmt: skip
# Every member the docs give a checkpoint item (the list and show pages, incl. the Chinese one).
DOCUMENTED_ITEM_MEMBERS = {
    "id", "name", "description", "checkpoint_id", "resource_id", "resource_type", "status",
    "created_at", "updated_at", "extend_info", "backup_data", "tags", "replication_records",
    "protected_at", "expired_at",
}  # fmt: skip
DOCUMENTED_EXTEND_INFO = {
    "auto_trigger", "average_speed", "copy_from", "copy_status", "fail_code", "fail_op",
    "fail_reason", "image_type", "incremental", "progress", "resource_az", "resource_name",
    "resource_type", "size", "space_saving_ratio", "volume_backups", "finished_at",
    "supported_restore_mode", "os_images_data", "support_lld", "taskid", "hypervisor_type",
}  # fmt: skip


def _query_names(spec: dict[str, Any], path: str) -> set[str]:
    resolved = resolve_refs(spec)
    return {p["name"] for p in resolved["paths"][path]["get"]["parameters"] if p["in"] == "query"}


def test_every_documented_read_parameter_is_specified(spec: dict[str, Any]) -> None:
    # `ip` is documented for count only; the list takes it too (x-csbs-choice of IpFilter).
    assert _query_names(spec, "/v1/{project_id}/checkpoint_items") == (
        DOCUMENTED_LIST_PARAMETERS | {"ip"}
    )
    assert _query_names(spec, "/v1/{project_id}/checkpoint_items/count") == (
        DOCUMENTED_COUNT_PARAMETERS
    )


def test_every_documented_member_is_specified_and_sent(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    assert set(schemas["Backup"]["properties"]) == DOCUMENTED_ITEM_MEMBERS
    assert set(schemas["ExtendInfo"]["properties"]) == DOCUMENTED_EXTEND_INFO
    # The emulator sends all of them (showBackup adds replication_records).
    assert set(schemas["Backup"]["x-csbs-emulator-sends"]) == DOCUMENTED_ITEM_MEMBERS - {
        "replication_records"
    }
    assert set(schemas["ExtendInfo"]["x-csbs-emulator-sends"]) == DOCUMENTED_EXTEND_INFO
    for name in ("BackupData", "VolumeBackup", "ImageData"):
        assert set(schemas[name]["x-csbs-emulator-sends"]) == set(schemas[name]["properties"])
    # The tolerant reader requires only what every public body carries.
    assert "created_at" not in schemas["Backup"]["required"]
    assert schemas["ExtendInfo"]["required"] == ["copy_status"]


def test_replicate_links_to_showing_the_backup(
    spec: dict[str, Any], replicate: dict[str, Any]
) -> None:
    link = replicate["responses"]["200"]["links"]["ShowSourceBackup"]
    assert link["operationId"] == "showBackup"
    assert link["parameters"] == {
        "project_id": "$request.path.project_id",
        "checkpoint_item_id": "$response.body#/replication/checkpoint_item_id",
    }


def test_security_offers_token_and_aksk(spec: dict[str, Any]) -> None:
    schemes = spec["components"]["securitySchemes"]
    assert schemes["token"] == {**schemes["token"], "type": "apiKey", "in": "header",
                                "name": "X-Auth-Token"}  # fmt: skip
    assert "SDK-HMAC-SHA256" in schemes["aksk"]["description"]
    assert spec["security"] == [{"token": []}, {"aksk": []}]


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
    description = spec["info"]["description"]
    for extension in used:
        assert f"`{extension}`" in description, extension
