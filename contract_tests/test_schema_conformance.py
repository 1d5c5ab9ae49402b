"""Schema conformance: every operation of openapi/csbs-v1.yaml, every check, every phase.

Owns: the schemathesis conformance test over the target chosen at run time (see conftest),
and the CI run of the same suite over HTTP against a live `csbs-emulator serve`.
Must not import: the emulator's internals (it talks to the target only through HTTP or ASGI;
`csbs_emulator.testing` starts the live one as a process).

Phases: examples (the spec's samples), coverage (boundary and negative values of every
parameter, missing auth, unsupported methods) and fuzzing (positive and negative data), as
configured in contract_tests/schemathesis.toml. Checks: every built-in check plus those of
`contract_tests.checks`. Relaxed checks are in the toml file, each with its reason; what a
target that is not an emulator leaves out is in `contract_tests.conftest.schemathesis_config`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis

from contract_tests.apis import CBR
from contract_tests.conftest import ContractStats, transport_kwargs
from contract_tests.target import Target
from csbs_emulator.testing import LiveEmulator

ROOT = Path(__file__).resolve().parents[1]
schema = schemathesis.pytest.from_fixture("contract_schema")


@schema.parametrize()
def test_operation_conforms(
    case: Any,
    target: Target,
    contract_stats: ContractStats,
    pin_dataset: Callable[[Any], None],
) -> None:
    pin_dataset(case)
    if target.dry_run:
        contract_stats.plan(case)
        return
    case.call_and_validate(**transport_kwargs(target))


# --- the same suite over HTTP against a live emulator (CI run 2) -------------------------


@pytest.fixture
def live_emulator(tmp_path: Path) -> Iterator[str]:
    """`csbs-emulator serve --port 0 --strict` in a subprocess; yields its base URL."""
    with LiveEmulator(
        ["--strict", "--no-access-log"],
        db=tmp_path / "emulator.db",
        cwd=ROOT,
        log=tmp_path / "emulator.log",
    ) as emulator:
        yield emulator.base_url


@pytest.mark.slow(80)
def test_conformance_over_http_against_live_emulator(live_emulator: str, tmp_path: Path) -> None:
    """Run 2 of CI: every suite of both APIs over real HTTP, via tools/contract."""
    summary = tmp_path / "summary.json"
    env = {**os.environ, "HYPOTHESIS_PROFILE": os.environ.get("HYPOTHESIS_PROFILE", "ci")}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "tools.contract",
            "--base-url",
            live_emulator,
            "--max-examples",
            os.environ.get("CSBS_LIVE_MAX_EXAMPLES", "10"),
            "--label",
            "live",
            "--summary-json",
            str(summary),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    counts = json.loads(summary.read_text())
    assert counts["total_failures"] == 0
    # Every operation of both APIs ran, replicate included: a loopback emulator is
    # recognised as one.
    assert set(counts["operations"]) == {
        "listBackups",
        "countBackups",
        "showBackup",
        "showReplicationCapabilities",
        "replicateBackup",
        *(CBR.row_op(op) for op in CBR.operation_ids()),
    }
    assert counts["excluded"] == {}
    assert counts["total_cases"] > 100
