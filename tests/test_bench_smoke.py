"""The bench harness works: `scripts/bench --smoke` runs end to end and writes its JSON.

Proves the harness only — servers start, wrk drives every call against every server, every
answer is 2xx, the scale runs and the report are produced — and asserts no timing at all:
the numbers of a smoke run on a shared machine mean nothing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
CALLS = ("replicate", "show", "list")
TARGETS = ("emulator", "prism", "ceiling")
# The reads of the scale runs (issue 11): showBackup, then listBackups and countBackups with
# the common filters and sorts, each at both stored sizes with a p99 ratio and its target.
SCALE_READS = (
    "show", "list", "list_sort_name", "list_sort_updated", "list_status", "list_resource_id",
    "list_checkpoint_id", "list_time_window", "list_marker", "list_asc_marker",
    "count_status", "count_resource_id",
)  # fmt: skip

# The bench loads both cores: never beside another test of the `serial` group in a parallel run
# (tools/pytest_parallel.py).
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("serial")]


def _tools_missing() -> list[str]:
    missing = [tool for tool in ("wrk", "node") if shutil.which(tool) is None]
    if not (ROOT / "node_modules" / ".bin" / "prism").exists():
        missing.append("prism (npm ci)")
    return missing


@pytest.fixture(scope="module")
def smoke(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    missing = _tools_missing()
    if missing and os.environ.get("CI") != "true":
        pytest.skip(f"bench tools missing: {', '.join(missing)} (scripts/bench installs them)")
    out = tmp_path_factory.mktemp("bench") / "smoke.json"
    proc = subprocess.run(
        [str(ROOT / "scripts" / "bench"), "--smoke", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    data: dict[str, Any] = json.loads(out.read_text("utf-8"))
    return data


def test_smoke_describes_the_machine_and_the_tools(smoke: dict[str, Any]) -> None:
    assert smoke["mode"] == "smoke"
    for key in ("summary", "targets", "scale", "chores", "runs", "settings", "all_runs_valid"):
        assert key in smoke, key
    assert smoke["date"]
    for key in ("nproc", "cpu_model", "memory_gib", "load_before", "load_after"):
        assert key in smoke["machine"], key
    for key in ("python", "uvicorn", "starlette", "prism", "wrk", "sqlite", "commit"):
        assert smoke["versions"].get(key) not in (None, "", "missing"), key


def test_smoke_measures_every_call_on_every_server(smoke: dict[str, Any]) -> None:
    for call in CALLS:
        for conc in ("1", "32"):
            row = smoke["summary"][call][conc]
            for target in TARGETS:
                numbers = row[target]
                assert numbers["rps"] > 0, (call, conc, target)
                assert numbers["p50_ms"] > 0
                assert numbers["p99_ms"] >= numbers["p50_ms"]
                assert numbers["all_valid"], (call, conc, target)
            assert row["emulator_vs_prism"] > 0
            assert row["emulator_vs_ceiling"] > 0
    for conc in ("1", "32"):  # replicate also runs against the one-insert floor
        replicate = smoke["summary"]["replicate"][conc]
        assert replicate["sqlite_insert"]["rps"] > 0
        assert replicate["sqlite_insert"]["all_valid"]
        assert replicate["emulator_vs_sqlite_insert"] > 0


def test_smoke_replicate_calls_all_succeed_on_fresh_backups(smoke: dict[str, Any]) -> None:
    runs = [r for r in smoke["runs"] if r["call"] == "replicate" and r["target"] == "emulator"]
    assert runs
    for run in runs:
        assert run["non_2xx"] == 0, run
        assert run["socket_errors"] == 0, run
        assert set(run["statuses"]) == {"200"}, run["statuses"]
    assert smoke["all_runs_valid"]


def test_smoke_reports_targets_scale_and_settings(smoke: dict[str, Any]) -> None:
    names = {t["name"] for t in smoke["targets"]}
    assert "replicate c=32 req/s vs Prism" in names
    assert "scale: show p99 large/small" in names
    for target in smoke["targets"]:
        assert {"value", "op", "limit", "met"} <= target.keys()
    sizes = smoke["scale"]["sizes"]
    assert len(sizes) == 2
    for size in sizes.values():
        assert size["startup_s"] > 0
        assert size["show_rps"] > 0
        assert size["replicate_rps"] > 0
        assert size["all_valid"]
    assert set(smoke["scale"]["p99_ratio"]) == {*SCALE_READS, "replicate"}
    assert smoke["settings"]["rounds"] == 1
    assert smoke["settings"]["duration_s"] == 1.0


def test_smoke_scale_measures_every_list_and_count_read(smoke: dict[str, Any]) -> None:
    names = {t["name"] for t in smoke["targets"]}
    for read in (*SCALE_READS, "replicate"):
        assert f"scale: {read} p99 large/small" in names, read
        assert smoke["scale"]["p99_ratio"][read] > 0, read
    for size in smoke["scale"]["sizes"].values():
        assert set(size["reads"]) == set(SCALE_READS)
        for read, numbers in size["reads"].items():
            assert numbers["rps"] > 0, read
            assert numbers["p99_ms"] > 0, read
            assert numbers["all_valid"], read
            assert numbers["answer_items"] > 0, read  # every query selects something
        assert size["probes"]["resource_id"]
        assert size["probes"]["marker_desc"]
        assert size["statuses"]["available"] > size["stored_backups"] // 2
        assert len(size["statuses"]) > 1  # realistic data: not every backup available
    for run in smoke["scale"]["runs"]:
        assert run["valid"], run["round"]
        for read, numbers in run["reads"].items():
            assert numbers["answer_status"] == 200, (read, numbers)
            assert numbers["non_2xx"] == 0, (read, numbers["statuses"])
            assert numbers["socket_errors"] == 0, (read, numbers)
            assert set(numbers["statuses"]) == {"200"}, (read, numbers["statuses"])
    # Filters select the same backups at every size (the seed's probes), so the ratios
    # compare the store's work, not the size of the answers.
    small, large = smoke["scale"]["sizes"].values()
    for read in ("list_resource_id", "list_checkpoint_id", "count_resource_id"):
        assert small["reads"][read]["answer_items"] == large["reads"][read]["answer_items"], read
