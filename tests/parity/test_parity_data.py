"""The parity data itself: scenarios, transformers, committed snapshots.

Owns: proof that every scenario loads and names real operations, that its `billable` marks
are exactly what the contract suite's guard refuses against a real service, that every
committed emulator snapshot was recorded from the scenario as it is now, that the public
documentation's snapshot is what its source builds, and that no snapshot file holds a
credential, a signature or a raw request id.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from contract_tests.target import Target
from tools.parity import docs
from tools.parity.normalise import Normaliser, load_rules
from tools.parity.runner import INVALID_TOKEN, UNKNOWN_AK, UNKNOWN_SK
from tools.parity.scenario import ScenarioError, load_all, scenario_from_json
from tools.parity.snapshot import SNAPSHOTS, Answer, Call, SecretLeak, Snapshot, read, write

from .conftest import ROOT

DEMO = json.loads((ROOT / "csbs_emulator" / "data" / "demo-fixtures.json").read_text("utf-8"))
FIXTURE_SECRETS = sorted(
    {t["token"] for t in DEMO["tokens"]}
    | {k["ak"] for k in DEMO["access_keys"]}
    | {k["sk"] for k in DEMO["access_keys"]}
    | {INVALID_TOKEN, UNKNOWN_AK, UNKNOWN_SK}
)
SNAPSHOT_FILES = sorted(SNAPSHOTS.rglob("*.json"))
# Signed-request material and credential headers with a value (a message may name a header).
FORBIDDEN = (
    re.compile(r"SDK-HMAC-SHA256\s+Access"),
    re.compile(r"Signature=[0-9a-fA-F]"),
    re.compile(r"(X-Auth-Token|X-Security-Token|Authorization)\s*[:=]\s*\S", re.IGNORECASE),
    re.compile(r"MII[A-Za-z0-9+/=_-]{20,}"),
)
HEX32 = re.compile(r"(?<![0-9A-Za-z])[0-9a-fA-F]{32}(?![0-9A-Za-z])")


def real_target() -> Target:
    return Target(base_url="https://csbs.cn-north-1.myhuaweicloud.com", is_emulator=False)


def test_every_scenario_loads_and_reaches_operations_of_its_spec() -> None:
    scenarios = load_all()
    names = [(s.api, s.name) for s in scenarios]
    assert names == [
        ("cbr", "cbr-public-docs"),
        ("cbr", "cbr-reads"),
        ("cbr", "cbr-refusals"),
        ("cbr", "cbr-replicate-refusals"),
        ("cbr", "cbr-replicate"),
        ("csbs", "public-docs"),
        ("csbs", "reads"),
        ("csbs", "refusals"),
        ("csbs", "replicate-refusals"),
        ("csbs", "replicate"),
    ]
    operations = {
        api: {step.operation for s in scenarios if s.api == api for step in s.steps}
        for api in ("csbs", "cbr")
    }
    assert operations["csbs"] == {
        "showReplicationCapabilities",
        "listBackups",
        "showBackup",
        "countBackups",
        "replicateBackup",
        None,  # refusals/unknown-path, on purpose
    }
    # Every CBR operation of the spec (CBR has no countBackups), and one unknown path.
    assert operations["cbr"] == {
        "showReplicationCapabilities",
        "listBackups",
        "showBackup",
        "copyBackup",
        "listOpLogs",
        "showOpLog",
        "showVault",
        "listVault",
        "listExternalVault",
        None,  # cbr-refusals/unknown-path, on purpose
    }


def test_a_step_is_checked_against_its_own_apis_spec() -> None:
    # The same path reaches an operation of one spec and none of the other.
    step = {"id": "list", "method": "GET", "path": "/v3/{project_id}/backups"}
    cbr = scenario_from_json({"name": "cbr-ok", "api": "cbr", "steps": [step]})
    assert cbr.steps[0].operation == "listBackups"
    with pytest.raises(ScenarioError, match="reaches no operation of the spec"):
        scenario_from_json({"name": "csbs-not", "steps": [step]})
    with pytest.raises(ScenarioError, match="api is one of"):
        scenario_from_json({"name": "ebs", "api": "ebs", "steps": [step]})


def test_billable_marks_are_exactly_what_the_guard_refuses_on_a_real_service() -> None:
    target = real_target()
    for scenario in load_all():
        for step in scenario.steps:
            refused = target.exclusion(step.method, step.path) is not None
            assert refused == step.billable, (scenario.name, step.id)
    allowed = dataclasses.replace(target, allow_replicate=True)
    for scenario in load_all():
        for step in scenario.steps:
            assert allowed.exclusion(step.method, step.path) is None, (scenario.name, step.id)


def test_the_cbr_replicate_scenario_covers_the_billable_story() -> None:
    (replicate,) = load_all(["cbr-replicate"])
    ids = [step.id for step in replicate.steps]
    assert ids.index("copy") + 1 == ids.index("copy-again")
    follow = next(s for s in replicate.steps if s.id == "follow-copy")
    assert follow.poll is not None
    assert follow.poll.values == ("success", "fail")
    for seen_in_destination in ("show-replica", "list-replicas-in-the-vault"):
        assert next(s for s in replicate.steps if s.id == seen_in_destination).region == (
            "destination"
        )
    assert {"list-replication-tasks", "show-task"} <= set(ids)
    assert {s.id for s in replicate.steps if s.billable} == {
        "copy",
        "copy-again",
        "copy-after-copy",
    }


def test_the_replicate_scenario_covers_the_billable_story() -> None:
    (replicate,) = load_all(["replicate"])
    ids = [step.id for step in replicate.steps]
    assert ids[2:4] == ["replicate", "replicate-again"]
    assert "follow-copy" in ids
    assert "show-replica" in ids
    follow = next(s for s in replicate.steps if s.id == "follow-copy")
    assert follow.poll is not None
    assert follow.poll.values == ("success", "fail")
    show_replica = next(s for s in replicate.steps if s.id == "show-replica")
    assert show_replica.region == "destination"
    assert {s.id for s in replicate.steps if s.billable} == {
        "replicate",
        "replicate-again",
        "replicate-after-copy",
    }


@pytest.mark.parametrize(
    ("change", "message"),
    [
        # Billable is computed from the path; a mark written in a scenario is refused.
        ({"billable": False}, "unknown fields ['billable']"),
        ({"method": "DELETE", "path": "/v1/{project_id}/checkpoint_items"}, "DELETE"),
        ({"path": "/v1/{project_id}/nothing"}, "operation: none"),
        ({"query": {"marker": "{never_captured}"}}, "never_captured"),
        ({"auth": "root"}, "auth is one of"),
        ({"colour": "blue"}, "unknown fields"),
    ],
)
def test_a_wrong_scenario_is_refused_before_anything_is_sent(
    change: dict[str, Any], message: str
) -> None:
    step = {
        "id": "replicate",
        "method": "POST",
        "path": "/v1/{project_id}/providers/{provider_id}/checkpoint_items/{x}/replicate",
    }
    step.update(change)
    scenario = {"name": "bad", "vars": {"provider_id": "p", "x": "y"}, "steps": [step]}
    with pytest.raises(ScenarioError, match=re.escape(message)):
        scenario_from_json(scenario)


def test_every_scenario_has_a_committed_emulator_snapshot_recorded_from_it_as_it_is() -> None:
    for scenario in load_all():
        if scenario.recorded_from != "target":
            continue
        path = SNAPSHOTS / "emulator" / f"{scenario.name}.json"
        assert path.exists(), f"{path}: record it with scripts/parity record"
        snapshot = read(path)
        assert snapshot.scenario.sha256 == scenario.sha256, (
            f"{path} was recorded from an older {scenario.name}.yaml: re-record it with "
            "`scripts/parity record` (and review the diff)"
        )
        assert [c.step.id for c in snapshot.calls] == [s.id for s in scenario.steps]
        assert all(c.answer is not None for c in snapshot.calls), path
        assert snapshot.taken["target"] == "emulator"


def test_the_public_documentation_snapshots_are_what_their_sources_build() -> None:
    assert docs.main(check=True) == 0, "run scripts/parity docs"
    assert set(docs.SOURCES) == {"public-docs", "cbr-public-docs"}
    for name in docs.SOURCES:
        snapshot = read(docs.out_of(name))
        assert snapshot.taken["target"] == "public documentation"
        assert snapshot.provenance is not None
        sources = snapshot.provenance["calls"]
        answered = [c.step.id for c in snapshot.calls if c.answer is not None]
        assert answered == [step for step in sources]
        for step, provenance in sources.items():
            assert provenance["source"], step
        assert snapshot.accepted
        assert all(entry["reason"] for entry in snapshot.accepted)


def test_the_cbr_documentation_is_read_from_the_specs_docs_examples() -> None:
    source = docs.load_source(docs.SOURCES["cbr-public-docs"])
    answers = {entry["step"]: entry["answer"] for entry in source["exchanges"]}
    # Every operation's example named `docs` is an exchange of the snapshot.
    named_docs = {a["operation"] for a in answers.values() if a["example"] == "docs"}
    assert named_docs == {
        "showReplicationCapabilities", "listBackups", "showBackup", "copyBackup", "listOpLogs",
        "showOpLog", "showVault", "listVault", "listExternalVault",
    }  # fmt: skip
    spec = yaml.safe_load((ROOT / "openapi" / "cbr-v3.yaml").read_text("utf-8"))
    documented = spec["paths"]["/v3/{project_id}/backups/{backup_id}/replicate"]["post"]
    copy = next(e for e in source["exchanges"] if e["step"] == "copy")
    response = documented["responses"]["200"]["content"]["application/json"]["examples"]
    assert copy["body"] == response["docs"]["value"]
    assert copy["status"] == 200
    assert "cbr-v3.yaml, copyBackup 200, example 'docs'" in copy["source"]


def test_a_cbr_docs_step_must_send_the_documented_request(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = docs.load_source

    def changed(path: Path) -> dict[str, Any]:
        source = real(path)
        for entry in source["exchanges"]:
            if entry["step"] == "copy":
                entry["request_body"] = {"replicate": {"name": "not what the step sends"}}
        return source

    monkeypatch.setattr(docs, "load_source", changed)
    with pytest.raises(ScenarioError, match="the documentation's request is"):
        docs.build("cbr-public-docs")


@pytest.mark.parametrize("path", SNAPSHOT_FILES, ids=lambda p: str(p.relative_to(SNAPSHOTS)))
def test_no_snapshot_holds_a_credential_signature_or_raw_request_id(path: Path) -> None:
    text = path.read_text("utf-8")
    for secret in FIXTURE_SECRETS:
        assert secret not in text, f"{path} holds a credential"
    snapshot = json.loads(text)
    # The transformer rules name what they remove ("Signature=..."); everything else may not.
    recorded = json.dumps({k: v for k, v in snapshot.items() if k != "transformers"})
    for forbidden in FORBIDDEN:
        assert not forbidden.search(recorded), f"{path} holds {forbidden.pattern}"
    for call in snapshot["calls"]:
        answer = call.get("answer")
        if answer is None:
            continue
        shown = json.dumps(answer)
        assert not HEX32.search(shown), f"{path}: {call['id']} holds a raw 32-hex id"
        headers = answer["headers"] or {}
        assert headers.get("x-request-id", "<hex32>").startswith("<"), (path, call["id"])
        body = answer["body"]
        if isinstance(body, dict) and "request_id" in body:
            assert body["request_id"].startswith("<request-id:"), (path, call["id"])


def test_transformers_keep_no_credential_and_name_what_they_replace() -> None:
    variables = {"project_id": "e2a214e8bbe946759d52490575ffc53d", "region": "cn-north-1"}
    normaliser = Normaliser(load_rules(), variables, {"tok-secret-value"})
    body = {
        "error_msg": "token tok-secret-value refused; Signature=abcdef0123456789abcdef",
        "request_id": "0123456789abcdef0123456789abcdef",
        "checkpoint_item": {
            "id": "0c2cf268-bc96-435d-92c9-2b285eb3f861",
            "name": "prod-db-backup",
            "created_at": "2026-11-09T08:18:15.108888",
            "href": "https://x/v1/e2a214e8bbe946759d52490575ffc53d/checkpoint_items",
            "extend_info": {"resource_az": "cn-north-1a"},
            "backup_data": {"eip": "80.158.17.100"},
            "tags": [{"key": "owner", "value": "alice"}],
        },
    }
    out = normaliser.body(body)
    assert out["error_msg"] == "token <secret> refused; Signature=<signature>"
    assert out["request_id"] == "<request-id:hex32>"
    item = out["checkpoint_item"]
    assert item["id"] == "<uuid-1>"
    assert item["name"] == "<name-1>"
    assert item["created_at"] == "<timestamp.6>"
    assert item["href"] == "https://x/v1/<project_id>/checkpoint_items"
    assert item["extend_info"]["resource_az"] == "<region>a"
    assert item["backup_data"]["eip"] == "<ipv4-1>"
    assert item["tags"] == [{"key": "<tag-key-1>", "value": "<tag-value-2>"}]
    headers = normaliser.headers(
        {"Content-Type": "application/json;charset=UTF-8", "X-Request-Id": "ab" * 16, "Via": "x"}
    )
    assert headers == {"content-type": "application/json", "x-request-id": "<hex32>"}


def test_a_snapshot_that_would_hold_a_credential_is_not_written(tmp_path: Path) -> None:
    # Rules without the credential transformers, as a careless scenario might pick them.
    (scenario,) = load_all(["refusals"])
    rules = load_rules(["ids", "times", "headers"])
    normaliser = Normaliser(rules, {}, {"the-token-of-the-run"})
    body = normaliser.body({"error_msg": "token the-token-of-the-run refused"})
    call = Call(scenario.steps[0], Answer(401, "APIGW.0301", {}, body))
    snapshot = Snapshot(scenario, {"target": "test"}, [call], rules)
    path = tmp_path / "refusals.json"
    with pytest.raises(SecretLeak, match="nothing was written"):
        write(snapshot, path, {"the-token-of-the-run"})
    assert not path.exists()
    signed = normaliser.body({"error_msg": "SDK-HMAC-SHA256 Access=AK, Signature=" + "ab" * 32})
    snapshot.calls = [Call(scenario.steps[0], Answer(401, "APIGW.0301", {}, signed))]
    with pytest.raises(SecretLeak, match="signature"):
        write(snapshot, path, set())
    assert not path.exists()
