"""Unit tests of the contract job's plumbing: tools/contract.py and the suites' wiring.

Owns: the command line -> pytest arguments mapping, the HTML summary, the schemathesis
configuration a target gets, and the proof that secrets never reach a failure's curl
reproduction or the HAR file. The suites themselves run in contract_tests/.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import json
from pathlib import Path
from typing import Any

import pytest
import requests
import schemathesis
from schemathesis.core.failures import FailureGroup
from schemathesis.filters import FilterSet

from contract_tests.apis import CBR, CSBS, Api
from contract_tests.conftest import (
    ContractRun,
    ContractStats,
    add_coverage_counts,
    coverage_counts,
    format_summary,
    operation_ids,
    schemathesis_config,
)
from contract_tests.coverage import Coverage
from contract_tests.model_harness import SPEC_PATH
from contract_tests.target import RequestsAkSkAuth, Target
from csbs_signing import AkSkAuth
from csbs_signing.verifier import verify_request
from tools import contract

TOKEN = "super-secret-token-value"


def run(**overrides: Any) -> ContractRun:
    options: dict[str, Any] = {"seed": 7, "max_examples": 3, "operations": (), "label": "t"}
    options.update(overrides)
    return ContractRun(**options)


def test_cli_options_become_pytest_options(tmp_path: Path) -> None:
    args = contract.parse_args(
        [
            "--base-url",
            "http://127.0.0.1:8080",
            "--seed",
            "5",
            "--allow-replicate",
            "--dry-run",
            "--rate-limit",
            "10/s",
            "--operation",
            "showBackup",
            "--max-examples",
            "9",
        ]
    )
    argv = contract.pytest_args(args, "x", tmp_path / "s.json")
    # The model suite first (it catches broken behaviour in seconds), then schemathesis.
    assert argv[:3] == [contract.MODEL, contract.CONFORMANCE, contract.STATEFUL]
    assert "--model-budget=default" in argv
    for expected in (
        "--base-url=http://127.0.0.1:8080",
        "--seed=5",
        "--allow-replicate",
        "--dry-run",
        "--rate-limit=10/s",
        "--operation=showBackup",
        "--max-examples=9",
        f"--contract-summary={tmp_path / 's.json'}",
    ):
        assert expected in argv
    defaults = contract.pytest_args(contract.parse_args([]), "inprocess", tmp_path / "s.json")
    assert f"--max-examples={contract.DEFAULT_MAX_EXAMPLES}" in defaults
    assert not any(a.startswith(("--base-url", "--seed", "--rate-limit")) for a in defaults)
    assert "--allow-replicate" not in defaults
    no_stateful = contract.pytest_args(
        contract.parse_args(["--no-stateful"]), "x", tmp_path / "s.json"
    )
    assert contract.STATEFUL not in no_stateful
    quick = contract.pytest_args(contract.parse_args(["--quick"]), "x", tmp_path / "s.json")
    assert quick[:2] == [contract.MODEL, contract.CONFORMANCE]  # no links' state machine
    assert "--model-budget=quick" in quick
    assert "--max-examples=5" in quick
    thorough = contract.pytest_args(contract.parse_args(["--thorough"]), "x", tmp_path / "s.json")
    assert "--model-budget=thorough" in thorough
    assert "--max-examples=1000" in thorough
    no_model = contract.pytest_args(contract.parse_args(["--no-model"]), "x", tmp_path / "s.json")
    assert contract.MODEL not in no_model
    assert "-x" in contract.pytest_args(
        contract.parse_args(["--exitfirst"]), "x", tmp_path / "s.json"
    )


def test_each_api_runs_its_own_suites(tmp_path: Path) -> None:
    both = contract.parse_args([])
    assert both.apis == ["csbs", "cbr"]  # the default: both APIs
    assert contract.parse_args(["--api", "cbr"]).apis == ["cbr"]
    cbr = contract.pytest_args(both, "x-cbr", tmp_path / "s.json", "cbr")
    suites = contract.SUITES["cbr"]
    expected = [suites.model] if suites.model else []
    assert cbr[: len(expected) + 2] == [*expected, suites.conformance, suites.stateful]
    assert not set(cbr) & {contract.MODEL, contract.CONFORMANCE, contract.STATEFUL}
    assert f"--max-examples={contract.PROFILES['default'].examples['cbr']}" in cbr
    assert f"--junitxml={both.reports_dir / 'contract-x-cbr.xml'}" in cbr
    # --max-examples is one number for every API.
    chosen = contract.parse_args(["--max-examples", "7"])
    assert "--max-examples=7" in contract.pytest_args(chosen, "x", tmp_path / "s.json", "cbr")


def test_a_remote_endpoint_is_one_apis(capsys: pytest.CaptureFixture[str]) -> None:
    # Both APIs on an emulator (embedded or loopback); a service's own host names its API.
    assert contract.parse_args(["--base-url", "http://127.0.0.1:9"]).apis == ["csbs", "cbr"]
    csbs = contract.parse_args(["--base-url", "https://csbs.cn-north-1.myhuaweicloud.com"])
    assert csbs.apis == ["csbs"]
    cbr = contract.parse_args(["--base-url", "https://cbr.ap-southeast-1.myhuaweicloud.com"])
    assert cbr.apis == ["cbr"]
    chosen = ["--base-url", "https://gateway.example.com", "--api", "cbr"]
    assert contract.parse_args(chosen).apis == ["cbr"]
    with pytest.raises(SystemExit):
        contract.parse_args(["--base-url", "https://gateway.example.com"])
    assert "--api csbs or --api cbr" in capsys.readouterr().err


def test_one_seed_for_every_api(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CSBS_SEED", raising=False)
    monkeypatch.setenv("HYPOTHESIS_PROFILE", "dev")
    assert contract.choose_seed(contract.parse_args(["--seed", "9"])) == 9
    assert isinstance(contract.choose_seed(contract.parse_args([])), int)
    monkeypatch.setenv("HYPOTHESIS_PROFILE", "ci")  # derandomized: nothing to print
    assert contract.choose_seed(contract.parse_args([])) is None


def test_summaries_and_junit_of_both_apis_merge(tmp_path: Path) -> None:
    cbr = summary()
    cbr["operations"] = {"cbr.showBackup": cbr["operations"]["showBackup"]}
    cbr["excluded"] = {"cbr.copyBackup": "<not an emulator>"}
    model = {"rules_exercised": {"show": 2}, "steps": 2, "comparisons": 5, "failures": 0}
    model |= {"rows": [{"row": "cbr.showBackup 200 OK", "drawn": 1, "hit": 1}], "zero_rows": []}
    cbr["model"] = model
    merged = contract.merge_summaries({"csbs": summary(), "cbr": cbr})
    assert merged["total_cases"] == 6
    assert merged["total_failures"] == 2
    assert set(merged["operations"]) == {"showBackup", "cbr.showBackup"}
    assert set(merged["excluded"]) == {"replicateBackup", "cbr.copyBackup"}
    assert merged["model"]["rules_exercised"] == {"cbr.show": 2}
    assert merged["model"]["rows"] == model["rows"]
    for api, name in (("csbs", "test_operation_conforms"), ("cbr", "test_cbr_model")):
        (tmp_path / f"{api}.xml").write_text(
            f"<testsuites><testsuite name='pytest'><testcase name='{name}'>"
            "<failure message='boom'/></testcase></testsuite></testsuites>"
        )
    out = tmp_path / "merged.xml"
    contract.merge_junit([tmp_path / "csbs.xml", tmp_path / "cbr.xml", tmp_path / "none.xml"], out)
    text = out.read_text()
    assert text.count("<failure") == 2
    assert "test_operation_conforms" in text
    assert "test_cbr_model" in text


def test_spec_operations_match_the_suites_view() -> None:
    found = contract.spec_operations()
    assert {op for op, _, _ in found} == set(operation_ids())
    assert ("replicateBackup", "POST") in {(op, method) for op, method, _ in found}


def summary() -> dict[str, Any]:
    return {
        "total_cases": 3,
        "total_failures": 1,
        "excluded": {"replicateBackup": "<not an emulator>"},
        "planned": 0,
        "operations": {
            "showBackup": {
                "cases": {"fuzzing": 3},
                "modes": {"positive": 2, "negative": 1},
                "statuses": {"200": 2, "404": 1},
                "checks": {"not_a_server_error": {"checked": 3, "failed": 1}},
            }
        },
    }


def test_html_summary_escapes_and_marks_failures() -> None:
    page = contract.render_html(summary(), "<label>", "seed 1")
    assert "&lt;not an emulator&gt;" in page
    assert "<label>" not in page
    assert "class='fail'" in page
    assert "3 cases sent, 1 failed" in page


def test_text_summary_lists_every_check_and_exclusion() -> None:
    lines = format_summary(summary())
    text = "\n".join(lines)
    assert "showBackup: 3 cases (fuzzing 3; positive 2, negative 1); 2xx 67%" in text
    assert "not_a_server_error" in text
    assert "replicateBackup: EXCLUDED" in text
    assert lines[-1].startswith("total: 3 cases sent, 1 failed")


def selected_operations(config: Any, api: Api = CSBS) -> set[str]:
    """The operations a run with this config tests, as the lazy pytest loader selects them."""
    schema: Any = schemathesis.openapi.from_path(api.spec_path, config=config)
    filters = config.projects.get_default().operations.filter_set_with(include=FilterSet())
    return {
        result.ok().definition.raw["operationId"]
        for result in schema.clone(filter_set=filters).get_all_operations()
    }


def test_config_of_a_real_target_is_safe() -> None:
    target = Target(base_url="https://csbs.example.invalid", is_emulator=False)
    config = schemathesis_config(target, run())
    assert config.seed == 7
    # replicateBackup is disabled in the config itself: that is what the lazy loader reads.
    assert selected_operations(config) == set(operation_ids()) - {"replicateBackup"}
    coverage = config.projects.get_default().phases.coverage
    assert coverage.unexpected_methods == {"options", "trace"}
    # CBR: copyBackup is left out the same way.
    cbr = schemathesis_config(target, run(), CBR)
    assert selected_operations(cbr, CBR) == set(operation_ids(CBR)) - {"copyBackup"}
    assert cbr.projects.get_default().phases.coverage.unexpected_methods == {"options", "trace"}


def test_config_of_an_emulator_keeps_every_operation() -> None:
    target = Target(base_url=None, is_emulator=True, auth={"X-Auth-Token": TOKEN})
    assert selected_operations(schemathesis_config(target, run())) == set(operation_ids())
    only = schemathesis_config(target, run(operations=("showBackup",)))
    assert selected_operations(only) == {"showBackup"}
    cbr = schemathesis_config(target, run(), CBR)
    assert selected_operations(cbr, CBR) == set(operation_ids(CBR))
    assert len(operation_ids(CBR)) == 9


async def broken_app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """Answers every request 500 with a body no schema allows: every check has work to do."""
    if scope["type"] != "http":
        return
    await send(
        {
            "type": "http.response.start",
            "status": 500,
            "headers": [(b"content-type", b"application/json")],
        }
    )
    await send({"type": "http.response.body", "body": b'{"oops": true}'})


@pytest.fixture
def failing_case() -> Any:
    target = Target(base_url=None, is_emulator=True, auth={"X-Auth-Token": TOKEN})
    config = schemathesis_config(target, run())
    schema: Any = schemathesis.openapi.from_path(SPEC_PATH, config=config)
    schema.app = broken_app
    operation = schema["/v1/{project_id}/replication_capabilities"]["GET"]
    # Config auth reaches generated cases only; a hand-made case carries the header itself.
    return operation.Case(
        path_parameters={"project_id": "e2a214e8bbe946759d52490575ffc53d"},
        headers={"X-Auth-Token": TOKEN},
    )


def test_failure_reproduction_filters_the_token(failing_case: Any) -> None:
    with pytest.raises(FailureGroup) as info:
        failing_case.call_and_validate()
    message = str(info.value)
    assert "curl" in message
    assert "X-Auth-Token: [Filtered]" in message
    assert TOKEN not in message


def test_har_filters_the_token(failing_case: Any, tmp_path: Path) -> None:
    stats = ContractStats()
    stats.attach(failing_case.operation.schema)
    response = failing_case.call()
    assert response.request.headers["X-Auth-Token"] == TOKEN  # it was really sent
    har = tmp_path / "run.har"
    assert stats.write_har(har)
    text = har.read_text()
    assert TOKEN not in text
    entries = json.loads(text)["log"]["entries"]
    headers = {h["name"]: h["value"] for h in entries[0]["request"]["headers"]}
    assert headers["X-Auth-Token"] == "[Filtered]"


def test_main_writes_html_from_the_summary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, list[str]]] = []

    def fake_run(
        commands: dict[str, list[str]], *, exitfirst: bool, parallel: bool
    ) -> dict[str, int]:
        assert parallel  # the embedded emulator: one per process
        calls.append(commands)
        for argv in commands.values():
            target = next(a for a in argv if a.startswith("--contract-summary="))
            Path(target.split("=", 1)[1]).write_text(json.dumps(summary()))
        return {"csbs": 0, "cbr": 1}

    monkeypatch.setattr(contract, "run_suites", fake_run)
    code = contract.main(["--report-html", "--reports-dir", str(tmp_path), "--label", "u"])
    assert code == 1  # the suites' verdict is the job's exit status
    assert (tmp_path / "contract-u.html").exists()
    assert len(calls) == 1
    assert set(calls[0]) == {"csbs", "cbr"}
    written = json.loads((tmp_path / "contract-u-summary.json").read_text())
    assert written["total_cases"] == 6
    assert written["exit_codes"] == {"csbs": 0, "cbr": 1}
    assert isinstance(contract.parse_args([]), argparse.Namespace)


@pytest.mark.parametrize(
    "params",
    [
        {"name": ", "},
        {"name": "a+b c", "resource_type": "OS::Nova::Server"},
        {"name": "日本", "limit": "5"},
    ],
)
def test_requests_signing_is_what_the_verifier_accepts(params: dict[str, str]) -> None:
    now = datetime.datetime(2026, 11, 28, 4, 0, tzinfo=datetime.UTC)
    auth = RequestsAkSkAuth(AkSkAuth("AK", "SK", clock=lambda: now))
    prepared = requests.Request(
        "GET", "http://127.0.0.1:8080/v1/p/checkpoint_items", params=params, auth=auth
    ).prepare()
    path, _, query = prepared.path_url.partition("?")
    identity = verify_request(
        "GET",
        path,
        query,
        {k: v for k, v in prepared.headers.items() if isinstance(v, str)},
        b"",
        lookup_secret={"AK": "SK"}.get,
        now=now,
    )
    assert identity.ak == "AK"


def test_a_workers_model_coverage_adds_up_in_the_controller() -> None:
    """What a pytest-xdist worker sends of the model's coverage (every field of `Coverage`,
    whatever fields it gains) adds up in the controller as if one process had run both."""
    one, two = Coverage(), Coverage()
    for coverage, api, row in ((one, "csbs", "a"), (two, "cbr", "b")):
        coverage.ran = True
        coverage.apis.add(api)
        coverage.lifecycles.add("manual")
        coverage.both(row)
        coverage.aim("c")
        coverage.rules["rule"] += 2
        coverage.comparisons += 3
    total = Coverage()
    for worker in (one, two):
        sent = coverage_counts(worker)
        # Plain values only: execnet, which carries them, refuses a Counter or a set.
        assert {type(v) for v in sent.values()} <= {dict, list, int, bool}, sent
        add_coverage_counts(total, sent)
    assert total.ran
    assert total.apis == {"csbs", "cbr"}
    assert total.lifecycles == {"manual"}
    assert (total.hit["a"], total.hit["b"], total.drawn["c"]) == (1, 1, 2)
    assert (total.rules["rule"], total.comparisons, total.steps) == (4, 6, 4)
    assert set(coverage_counts(total)) == {f.name for f in dataclasses.fields(Coverage)}
