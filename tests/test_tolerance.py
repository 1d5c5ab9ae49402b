"""The generated client survives every answer the spec, as written, allows the service to send.

The spec is a tolerant reader's document: few `required` members, open enums (`anyOf` of an
enum `$ref` and a plain string), `nullable` where public bodies send `null`. The emulator
answers by the strict reading and sends every member. The real service is not bound by
that: it may leave out any member that is not `required`, add members nobody documented,
send enum values the spec does not list and `null` where the spec says `nullable`.

This module takes real answers of an in-process emulator for every read call and for the
replicate call (a backup with a successful replication record, one after a failed copy, one
still copying, a replica; a page of `listBackups` with a `next` link; `countBackups`;
`showReplicationCapabilities`; `replicateBackup`) and, walking each operation's 200 schema
alongside the JSON, lets Hypothesis mutate it the ways the real service may, at any depth:

* drop a member the spec does not `require`;
* add unknown members (random names and JSON values) to any object;
* replace the value of an open enum with a string the enum does not list;
* put `null` where the schema says `nullable: true`.

Each mutated body must still validate against the spec as written (so the mutations stay
within what the spec allows) and the generated client's model for the operation must parse
it: an unknown member is in `additional_properties` of the model that holds it, an unknown
enum value comes back as that plain `str`, a dropped member is `UNSET`, a nulled one `None`,
and `to_dict()` gives the mutated body back. Deterministic runs apply every mutation at once
and drop every optional member at once, so each site is exercised whatever Hypothesis draws.
The harness is shown to notice mistakes: a body without a `required` member must not parse,
a spec copy that wrongly calls a required member optional makes the check fail, and so does
a parse that loses an unknown member.
"""

from __future__ import annotations

import asyncio
import copy
import string
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal, Protocol

import httpx
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from tolerance_support import (
    JsonPath,
    at,
    attribute,
    deref,
    follow,
    parse,
    response_schema,
    schema_errors,
    spec,
)

from csbs_client.types import UNSET
from csbs_emulator import EmulatorConfig, create_app

BASE_URL: Final = "http://127.0.0.1:8080"
PROVIDER: Final = "fc4d5750-22e7-4798-8a46-f48f62c4c1da"
FAIL_CODE: Final = {"Code": "BackupService.6000", "Description": "Replication failed."}

# -- the mutations -------------------------------------------------------------------------

Kind = Literal["drop", "null", "enum", "add"]


@dataclass(frozen=True)
class Mutation:
    """One change to a body: `member` of the object at `path` dropped, nulled, given an
    unknown enum `value`, or added with `value`."""

    kind: Kind
    path: JsonPath
    member: str
    value: Any = None


class Chooser(Protocol):
    """Decides which mutations apply: Hypothesis' draws, or a fixed policy."""

    def action(self, options: Sequence[str], where: str) -> str: ...

    def unknown_enum(self, known: frozenset[str], where: str) -> str: ...

    def extra_members(self, taken: frozenset[str], where: str) -> dict[str, Any]: ...


def flat(schema: Any, doc: dict[str, Any]) -> dict[str, Any]:
    """`schema` with its `$ref` followed and an `allOf` merged into one node."""
    node: dict[str, Any] = deref(schema, doc)
    if "allOf" not in node:
        return node
    merged: dict[str, Any] = {key: value for key, value in node.items() if key != "allOf"}
    for branch in node["allOf"]:
        for key, value in flat(branch, doc).items():
            if key == "properties":
                merged["properties"] = {**merged.get("properties", {}), **value}
            elif key == "required":
                merged["required"] = [*merged.get("required", []), *value]
            else:
                merged.setdefault(key, value)
    return merged


def open_enum(schema: Any, doc: dict[str, Any]) -> frozenset[str] | None:
    """The listed values of an open enum (`anyOf` of a `$ref` to an enum schema and a plain
    string); None for any other schema."""
    branches = deref(schema, doc).get("anyOf", [])
    enums = [
        deref(branch, doc)["enum"]
        for branch in branches
        if "$ref" in branch and "enum" in deref(branch, doc)
    ]
    plain = [
        branch
        for branch in branches
        if "$ref" not in branch and branch.get("type") == "string" and "enum" not in branch
    ]
    if not enums or not plain:
        return None
    return frozenset(str(value) for values in enums for value in values)


def mutate(
    schema: Any, value: Any, chooser: Chooser, doc: dict[str, Any], path: JsonPath = ()
) -> tuple[Any, list[Mutation]]:
    """A mutated copy of `value` (which `schema` describes) and the mutations applied."""
    node = flat(schema, doc)
    if isinstance(value, list) and "items" in node:
        items: list[Any] = []
        done: list[Mutation] = []
        for index, item in enumerate(value):
            mutated, applied = mutate(node["items"], item, chooser, doc, (*path, index))
            items.append(mutated)
            done += applied
        return items, done
    if not isinstance(value, dict) or "properties" not in node:
        return copy.deepcopy(value), []
    properties: dict[str, Any] = node["properties"]
    required = set(node.get("required", []))
    where = "/" + "/".join(map(str, path))
    out: dict[str, Any] = {}
    done = []
    for member, child in value.items():
        if member not in properties:
            out[member] = copy.deepcopy(child)
            continue
        member_schema = properties[member]
        known = open_enum(member_schema, doc)
        options = ["keep"]
        if member not in required:
            options.append("drop")
        if flat(member_schema, doc).get("nullable") is True and child is not None:
            options.append("null")
        if known is not None:
            options.append("enum")
        action = chooser.action(options, f"{where}/{member}") if len(options) > 1 else "keep"
        if action == "drop":
            done.append(Mutation("drop", path, member))
        elif action == "null":
            out[member] = None
            done.append(Mutation("null", path, member))
        elif action == "enum":
            assert known is not None
            out[member] = chooser.unknown_enum(known, f"{where}/{member}")
            done.append(Mutation("enum", path, member, out[member]))
        else:
            out[member], applied = mutate(member_schema, child, chooser, doc, (*path, member))
            done += applied
    for name, extra in chooser.extra_members(frozenset(properties) | set(out), where).items():
        out[name] = copy.deepcopy(extra)
        done.append(Mutation("add", path, name, extra))
    return out, done


def check_parsed(parsed: Any, mutated: Any, mutations: Sequence[Mutation]) -> None:
    """The parse of `mutated` shows each mutation where the model keeps that member."""
    for mutation in mutations:
        holder = follow(parsed, mutation.path)
        where = (mutation.path, mutation.member)
        if mutation.kind == "add":
            assert mutation.member in holder.additional_properties, where
            assert holder.additional_properties[mutation.member] == mutation.value, where
            continue
        got = getattr(holder, attribute(holder, mutation.member))
        if mutation.kind == "drop":
            assert got is UNSET, where
        elif mutation.kind == "null":
            assert got is None, where
        else:  # an unknown enum value: a plain str, not the enum class
            assert type(got) is str, (where, got)
            assert got == mutation.value, where
    assert parsed.to_dict() == mutated


def check_mutation(
    operation_id: str, body: Any, chooser: Chooser, doc: dict[str, Any] | None = None
) -> list[Mutation]:
    """Mutate `body` as `chooser` decides, then hold spec and client to the result."""
    doc = spec() if doc is None else doc
    schema = response_schema(operation_id, doc=doc)
    mutated, mutations = mutate(schema, body, chooser, doc)
    assert schema_errors(schema, mutated, doc) == [], "a mutation the spec does not allow"
    check_parsed(parse(operation_id, mutated), mutated, mutations)
    return mutations


# -- what Hypothesis draws -----------------------------------------------------------------

MEMBER_NAMES: Final = st.text(string.ascii_letters + string.digits + "_-.:$@ ", max_size=12)
JSON_VALUES: Final = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**53), max_value=2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)
# Values the real service is known to send or could plausibly add (Huawei's Java SDK lists
# `replicating`, `skip`, `waiting_replicate` for records), and arbitrary short strings.
UNKNOWN_ENUM_VALUES: Final = st.sampled_from(
    ["replicating", "skip", "waiting_replicate", "OS::Ironic::Node", "previous", ""]
) | st.text(string.ascii_letters + string.digits + "_-:.", min_size=1, max_size=32)


@dataclass
class Drawn:
    """Every choice drawn from Hypothesis; `keep` first, so failures shrink towards it."""

    data: st.DataObject

    def action(self, options: Sequence[str], where: str) -> str:
        return self.data.draw(st.sampled_from(options), label=where)

    def unknown_enum(self, known: frozenset[str], where: str) -> str:
        return self.data.draw(UNKNOWN_ENUM_VALUES.filter(lambda s: s not in known), label=where)

    def extra_members(self, taken: frozenset[str], where: str) -> dict[str, Any]:
        names = MEMBER_NAMES.filter(lambda name: name not in taken)
        drawn: dict[str, Any] = self.data.draw(
            st.dictionaries(names, JSON_VALUES, max_size=2), label=f"{where} +"
        )
        return drawn


class EverySite:
    """Every mutation but dropping, everywhere: unknown enum values first, then nulls, and
    two unknown members added to every object."""

    def action(self, options: Sequence[str], where: str) -> str:
        return next(choice for choice in ("enum", "null", "keep") if choice in options)

    def unknown_enum(self, known: frozenset[str], where: str) -> str:
        return "zz-value-nobody-documented"

    def extra_members(self, taken: frozenset[str], where: str) -> dict[str, Any]:
        return {"zz_new_member": {"nested": [1, "two", None, 2.5]}, "zz_flag": False}


class DropAll:
    """Drops every member that is not `required`, at every depth it can still reach."""

    def action(self, options: Sequence[str], where: str) -> str:
        return "drop" if "drop" in options else "keep"

    def unknown_enum(self, known: frozenset[str], where: str) -> str:
        raise AssertionError("DropAll sets no enum value")

    def extra_members(self, taken: frozenset[str], where: str) -> dict[str, Any]:
        return {}


# -- the emulator's answers ----------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    operation_id: str
    body: Any


# Each answer and the mutation kinds its schema offers (what EverySite and DropAll apply).
ANSWER_SITES: Final[dict[str, tuple[set[Kind], set[Kind]]]] = {
    "show-replicated": ({"add", "enum", "null"}, {"drop"}),
    "show-failed": ({"add", "enum", "null"}, {"drop"}),
    "show-copying": ({"add", "enum", "null"}, {"drop"}),
    "show-replica": ({"add", "enum", "null"}, {"drop"}),
    "list-page": ({"add", "enum", "null"}, {"drop"}),
    "list-destination": ({"add", "enum", "null"}, {"drop"}),
    "count": ({"add"}, set()),
    "capabilities": ({"add"}, set()),
    "replicate": ({"add", "enum"}, set()),
}


def _ok(response: httpx.Response) -> Any:
    assert response.status_code == 200, f"{response.request.url}: {response.text}"
    return response.json()


async def _scenario(client: httpx.AsyncClient) -> tuple[dict[str, Any], dict[str, Answer]]:
    """Replications that succeed, fail and stay copying; then every read of their results."""
    demo = _ok(await client.get("/_emulator/demo"))
    headers = {"X-Auth-Token": demo["token"]}
    project, destination = demo["project_id"], demo["destination_project_id"]
    target = {
        "replication": {
            "destination_region": demo["destination_region"],
            "destination_project_id": destination,
        }
    }

    async def get(path: str) -> Any:
        return _ok(await client.get(path, headers=headers))

    async def replicate(item: str) -> Any:
        url = f"/v1/{project}/providers/{PROVIDER}/checkpoint_items/{item}/replicate"
        return _ok(await client.post(url, headers=headers, json=target))

    async def advance(answer: Any, outcome: dict[str, Any]) -> Any:
        record = answer["replication"]["replication_record_id"]
        return _ok(await client.post(f"/_emulator/replications/{record}/advance", json=outcome))

    # Sources with tags and with images, so that `Tag` and `ImageData` appear in the answers.
    listed = (await get(f"/v1/{project}/checkpoint_items"))["checkpoint_items"]
    pool = [item for item in listed if item["id"] in demo["checkpoint_item_ids"]]

    def pick(has: Callable[[dict[str, Any]], Any]) -> str:
        chosen = next((item for item in pool if has(item)), pool[0])
        pool.remove(chosen)
        return str(chosen["id"])

    replicated = pick(lambda item: item.get("tags"))
    failed = pick(lambda item: item["extend_info"].get("os_images_data"))
    copying = pick(lambda item: True)
    first = await replicate(replicated)
    demo["replica"] = (await advance(first, {"outcome": "success"}))["destination_item_id"]
    fail = {"outcome": "fail", "fail_code": FAIL_CODE, "fail_reason": "copy failed"}
    await advance(await replicate(failed), fail)
    await replicate(copying)
    answers = {
        "show-replicated": Answer(
            "showBackup", await get(f"/v1/{project}/checkpoint_items/{replicated}")
        ),
        "show-failed": Answer("showBackup", await get(f"/v1/{project}/checkpoint_items/{failed}")),
        "show-copying": Answer(
            "showBackup", await get(f"/v1/{project}/checkpoint_items/{copying}")
        ),
        "show-replica": Answer(
            "showBackup", await get(f"/v1/{destination}/checkpoint_items/{demo['replica']}")
        ),
        "list-page": Answer("listBackups", await get(f"/v1/{project}/checkpoint_items?limit=2")),
        "list-destination": Answer("listBackups", await get(f"/v1/{destination}/checkpoint_items")),
        "count": Answer("countBackups", await get(f"/v1/{project}/checkpoint_items/count")),
        "capabilities": Answer(
            "showReplicationCapabilities", await get(f"/v1/{project}/replication_capabilities")
        ),
        "replicate": Answer("replicateBackup", first),
    }
    return demo, answers


def collect_answers() -> dict[str, Answer]:
    """Real answers of a fresh in-process emulator (demo fixtures, manual lifecycle), which
    validates each of its answers against the strict reading (`strict_responses`)."""
    app = create_app(EmulatorConfig(lifecycle="manual", strict_responses=True, access_log=False))

    async def run() -> tuple[dict[str, Any], dict[str, Answer]]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
            return await _scenario(client)

    try:
        demo, answers = asyncio.run(run())
    finally:
        app.close()
    # The scenario reached the states it is meant to show.
    item = answers["show-replicated"].body["checkpoint_item"]
    assert item["extend_info"]["copy_status"] == "success"
    assert item["replication_records"][0]["destination_checkpoint_item_id"] == demo["replica"]
    item = answers["show-failed"].body["checkpoint_item"]
    assert item["extend_info"]["copy_status"] == "fail"
    assert item["extend_info"]["fail_code"] == FAIL_CODE
    assert item["replication_records"][0]["status"] == "fail"
    item = answers["show-copying"].body["checkpoint_item"]
    assert item["extend_info"]["copy_status"] == "copying"
    assert item["replication_records"][0]["destination_checkpoint_item_id"] is None
    item = answers["show-replica"].body["checkpoint_item"]
    assert item["extend_info"]["copy_from"] == demo["region"]
    assert answers["list-page"].body["checkpoint_items_links"][0]["rel"] == "next"
    listed = {b["id"] for b in answers["list-destination"].body["checkpoint_items"]}
    assert demo["replica"] in listed
    return answers


@pytest.fixture(scope="module")
def answers() -> dict[str, Answer]:
    return collect_answers()


def emulator_sends_gaps(schema: Any, body: Any, doc: dict[str, Any], path: str = "") -> list[str]:
    """Members an object's `x-csbs-emulator-sends` (or `required`) lists but `body` lacks."""
    node = flat(schema, doc)
    gaps: list[str] = []
    if isinstance(body, list) and "items" in node:
        for index, item in enumerate(body):
            gaps += emulator_sends_gaps(node["items"], item, doc, f"{path}/{index}")
    elif isinstance(body, dict) and "properties" in node:
        sends = set(node.get("x-csbs-emulator-sends", [])) | set(node.get("required", []))
        gaps += [f"{path}/{member}" for member in sorted(sends - set(body))]
        for member, value in body.items():
            if member in node["properties"]:
                gaps += emulator_sends_gaps(
                    node["properties"][member], value, doc, f"{path}/{member}"
                )
    return gaps


def object_schemas(schema: Any, doc: dict[str, Any], seen: dict[int, str]) -> dict[int, str]:
    """Every object schema reachable from `schema` (by identity), named for messages."""
    node = flat(schema, doc)
    if id(node) in seen:
        return seen
    if "properties" in node:
        seen[id(node)] = schema_name(node, doc)
        for member in node["properties"].values():
            object_schemas(member, doc, seen)
    if "items" in node:
        object_schemas(node["items"], doc, seen)
    for branch in node.get("anyOf", []):
        object_schemas(branch, doc, seen)
    return seen


def objects_in(schema: Any, body: Any, doc: dict[str, Any], seen: set[int]) -> set[int]:
    """The object schemas (by identity) that describe an object present in `body`."""
    node = flat(schema, doc)
    if isinstance(body, list) and "items" in node:
        for item in body:
            objects_in(node["items"], item, doc, seen)
    elif isinstance(body, dict) and "properties" in node:
        seen.add(id(node))
        for member, value in body.items():
            if member in node["properties"]:
                objects_in(node["properties"][member], value, doc, seen)
    return seen


def schema_name(node: dict[str, Any], doc: dict[str, Any]) -> str:
    named = doc["components"]["schemas"]
    return str(next((name for name, value in named.items() if value is node), node["description"]))


# -- the tests -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(ANSWER_SITES))
def test_answer_is_whole_and_parses(answers: dict[str, Answer], name: str) -> None:
    """The unmutated answer: valid as written, every member the emulator promises present (so
    dropping can reach every optional member), parsed and given back unchanged."""
    answer = answers[name]
    schema = response_schema(answer.operation_id)
    assert schema_errors(schema, answer.body) == []
    assert emulator_sends_gaps(schema, answer.body, spec()) == []
    assert parse(answer.operation_id, answer.body).to_dict() == answer.body


def test_answers_show_every_object_the_spec_describes(answers: dict[str, Answer]) -> None:
    """Each object schema of a 200 body appears in some answer, so every member of every
    object is a mutation site (a demo dataset without tags would leave `Tag` untested)."""
    described: dict[int, str] = {}
    shown: set[int] = set()
    for answer in answers.values():
        schema = response_schema(answer.operation_id)
        object_schemas(schema, spec(), described)
        objects_in(schema, answer.body, spec(), shown)
    assert sorted(described[key] for key in set(described) - shown) == []
    assert {answer.operation_id for answer in answers.values()} == {
        "showBackup",
        "listBackups",
        "countBackups",
        "showReplicationCapabilities",
        "replicateBackup",
    }


@pytest.mark.parametrize("name", sorted(ANSWER_SITES))
@settings(max_examples=50, deadline=None)
@given(data=st.data())
def test_client_survives_what_the_spec_allows(
    answers: dict[str, Answer], name: str, data: st.DataObject
) -> None:
    answer = answers[name]
    mutations = check_mutation(answer.operation_id, answer.body, Drawn(data))
    for kind in sorted({mutation.kind for mutation in mutations}):
        event(f"applied {kind}")  # seen with --hypothesis-show-statistics


@pytest.mark.parametrize("name", sorted(ANSWER_SITES))
@pytest.mark.parametrize("policy", ["every-site", "drop-all"])
def test_client_survives_every_site_at_once(
    answers: dict[str, Answer], name: str, policy: str
) -> None:
    answer = answers[name]
    chooser: Chooser = EverySite() if policy == "every-site" else DropAll()
    mutations = check_mutation(answer.operation_id, answer.body, chooser)
    every_site, drop_all = ANSWER_SITES[name]
    assert {m.kind for m in mutations} == (every_site if policy == "every-site" else drop_all)


def required_sites(
    schema: Any, body: Any, doc: dict[str, Any], path: JsonPath = ()
) -> list[JsonPath]:
    """The path of every `required` member present in `body`, at any depth."""
    node = flat(schema, doc)
    found: list[JsonPath] = []
    if isinstance(body, list) and "items" in node:
        for index, item in enumerate(body):
            found += required_sites(node["items"], item, doc, (*path, index))
    elif isinstance(body, dict) and "properties" in node:
        for member, value in body.items():
            if member in node.get("required", []):
                found.append((*path, member))
            if member in node["properties"]:
                found += required_sites(node["properties"][member], value, doc, (*path, member))
    return found


@pytest.mark.parametrize("name", sorted(ANSWER_SITES))
def test_client_refuses_a_body_without_a_required_member(
    answers: dict[str, Answer], name: str
) -> None:
    """The parse is not lenient by accident: the client needs each `required` member, so a
    mutation that dropped one would be noticed."""
    answer = answers[name]
    sites = required_sites(response_schema(answer.operation_id), answer.body, spec())
    assert sites
    for site in sites:
        body = copy.deepcopy(answer.body)
        del at(body, site[:-1])[site[-1]]
        with pytest.raises((KeyError, TypeError, ValueError)):
            parse(answer.operation_id, body)


def test_harness_notices_a_required_member_the_spec_calls_optional(
    answers: dict[str, Answer],
) -> None:
    """A local copy of the spec that wrongly leaves `Backup.id` and `ExtendInfo.copy_status`
    out of `required` (the client still needs them): dropping them fails the check."""
    doc = copy.deepcopy(spec())
    schemas = doc["components"]["schemas"]
    schemas["Backup"]["required"].remove("id")
    schemas["ExtendInfo"]["required"].remove("copy_status")
    answer = answers["show-replicated"]
    with pytest.raises(KeyError, match=r"'(id|copy_status)'"):
        check_mutation(answer.operation_id, answer.body, DropAll(), doc)
    check_mutation(answer.operation_id, answer.body, DropAll())  # the spec as written passes


def test_harness_notices_a_lost_unknown_member(answers: dict[str, Answer]) -> None:
    """A parse that loses an unknown member of a nested model fails `check_parsed`."""
    answer = answers["show-failed"]
    schema = response_schema(answer.operation_id)
    mutated, mutations = mutate(schema, answer.body, EverySite(), spec())
    deepest = max((m for m in mutations if m.kind == "add"), key=lambda m: len(m.path))
    assert len(deepest.path) >= 3, deepest
    parsed = parse(answer.operation_id, mutated)
    del follow(parsed, deepest.path).additional_properties[deepest.member]
    with pytest.raises(AssertionError):
        check_parsed(parsed, mutated, mutations)


def test_harness_notices_an_enum_value_coerced(answers: dict[str, Answer]) -> None:
    """A parse that turns an unknown enum value into a known one fails `check_parsed`."""
    answer = answers["show-replicated"]
    schema = response_schema(answer.operation_id)
    mutated, mutations = mutate(schema, answer.body, EverySite(), spec())
    parsed = parse(answer.operation_id, mutated)
    parsed.checkpoint_item.status = "available"
    with pytest.raises(AssertionError):
        check_parsed(parsed, mutated, mutations)
