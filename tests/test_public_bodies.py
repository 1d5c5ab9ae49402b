"""The real service's response bodies, as public sources print them, against spec and client.

`tests/fixtures/public-bodies.json` keeps, verbatim and with provenance, the bodies of the
CSBS v1 read calls that public documentation and SDK fixtures show. They are the only
evidence of what the real service sends, so each one must:

* validate against the 200 schema of its operation in `openapi/csbs-v1.yaml` as written
  (the tolerant reading the client is generated from);
* parse with the generated client's model and come back unchanged from `to_dict()` (a member
  the model does not know must survive in `additional_properties` of the right model);
* be carried by the spec as the named example (`otcDocs`, `sdkFixture`) of that operation's
  200, so the spec's documentation shows what the service really answers.

Every example of every response in the spec must also validate against its schema. And the
SDK fixture's list item must keep lacking `created_at`/`updated_at`: it is what proves that
the client survives a backup without them.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any, Final

import pytest
from tolerance_support import (
    PUBLIC_BODIES_PATH,
    JsonPath,
    at,
    deref,
    follow,
    operation,
    parse,
    response_media,
    response_schema,
    schema_errors,
    spec,
)

from csbs_client.types import UNSET

# Each public body and the spec example of its operation's 200 that must equal it.
EXPECTED_EXAMPLES: Final[dict[str, tuple[str, str]]] = {
    "list-otc-docs": ("listBackups", "otcDocs"),
    "list-sdk-fixture": ("listBackups", "sdkFixture"),
    "show-otc-docs": ("showBackup", "otcDocs"),
    "show-sdk-fixture": ("showBackup", "sdkFixture"),
    "count-otc-docs": ("countBackups", "otcDocs"),
}


@cache
def public_bodies() -> dict[str, dict[str, Any]]:
    data: dict[str, Any] = json.loads(PUBLIC_BODIES_PATH.read_text("utf-8"))
    entries: list[dict[str, Any]] = data["bodies"]
    by_name = {entry["name"]: entry for entry in entries}
    assert len(by_name) == len(entries), "two public bodies share a name"
    return by_name


def entry(name: str) -> dict[str, Any]:
    return public_bodies()[name]


def response_examples() -> list[tuple[str, str, str, Any]]:
    """(operationId, status, example name, value) of every response example in the spec."""
    found: list[tuple[str, str, str, Any]] = []
    for item in spec()["paths"].values():
        for op in item.values():
            if not isinstance(op, dict) or "operationId" not in op:
                continue
            for status in op["responses"]:
                media = response_media(op["operationId"], status)
                for name, example in media.get("examples", {}).items():
                    found.append((op["operationId"], status, name, deref(example)["value"]))
                if "example" in media:
                    found.append((op["operationId"], status, "example", media["example"]))
    return found


def unknown_members(schema: Any, body: Any, path: JsonPath = ()) -> list[tuple[JsonPath, str]]:
    """(path of the object, member) of every member `schema` does not name, at any depth."""
    schema = deref(schema)
    found: list[tuple[JsonPath, str]] = []
    if isinstance(body, dict) and "properties" in schema:
        for member, value in body.items():
            if member in schema["properties"]:
                found += unknown_members(schema["properties"][member], value, (*path, member))
            else:
                found.append((path, member))
    elif isinstance(body, list) and "items" in schema:
        for index, item in enumerate(body):
            found += unknown_members(schema["items"], item, (*path, index))
    elif "allOf" in schema:
        for branch in schema["allOf"]:
            found += unknown_members(branch, body, path)
    return found


def test_fixture_file_holds_each_expected_body_with_its_provenance() -> None:
    assert set(public_bodies()) == set(EXPECTED_EXAMPLES)
    for name, body in public_bodies().items():
        assert body["operationId"] == EXPECTED_EXAMPLES[name][0], name
        assert body["source"].strip(), f"{name} says nowhere where it comes from"
        operation(body["operationId"])  # names an operation of the spec


@pytest.mark.parametrize("name", sorted(EXPECTED_EXAMPLES))
def test_public_body_validates_against_the_spec_as_written(name: str) -> None:
    body = entry(name)
    assert schema_errors(response_schema(body["operationId"]), body["body"]) == []


@pytest.mark.parametrize("name", sorted(EXPECTED_EXAMPLES))
def test_public_body_parses_with_the_client_and_round_trips(name: str) -> None:
    body = entry(name)
    parsed = parse(body["operationId"], body["body"])
    assert parsed.to_dict() == body["body"]
    # Members the spec does not name must be kept by the model that holds them.
    for path, member in unknown_members(response_schema(body["operationId"]), body["body"]):
        holder = follow(parsed, path)
        assert member in holder.additional_properties, (path, member)
        assert holder.additional_properties[member] == at(body["body"], path)[member]


@pytest.mark.parametrize("name", sorted(EXPECTED_EXAMPLES))
def test_spec_carries_public_body_as_named_example(name: str) -> None:
    operation_id, example = EXPECTED_EXAMPLES[name]
    examples = response_media(operation_id)["examples"]
    assert example in examples, f"{operation_id} 200 has no example {example!r}"
    assert deref(examples[example])["value"] == entry(name)["body"]


@pytest.mark.parametrize(
    ("operation_id", "status", "example", "value"),
    response_examples(),
    ids=[f"{op}-{status}-{name}" for op, status, name, _ in response_examples()],
)
def test_every_response_example_validates_against_its_schema(
    operation_id: str, status: str, example: str, value: Any
) -> None:
    assert schema_errors(response_schema(operation_id, status), value) == []


def test_every_operation_has_a_200_example() -> None:
    """The example list above is not empty by accident: each operation's 200 has examples."""
    with_examples = {op for op, status, _, _ in response_examples() if status == "200"}
    operations = {
        op["operationId"]
        for item in spec()["paths"].values()
        for op in item.values()
        if isinstance(op, dict) and "operationId" in op
    }
    assert with_examples == operations


def test_sdk_fixture_list_item_lacks_created_and_updated_at() -> None:
    """The body that proves the client survives a backup without its timestamps."""
    items = entry("list-sdk-fixture")["body"]["checkpoint_items"]
    assert items, "the SDK fixture lists no backup"
    for item in items:
        assert "created_at" not in item
        assert "updated_at" not in item
    parsed = parse("listBackups", entry("list-sdk-fixture")["body"])
    for backup in parsed.checkpoint_items:
        assert backup.created_at is UNSET
        assert backup.updated_at is UNSET
