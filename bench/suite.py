"""How fast the project's own chores are: the contract suite, regeneration, the drift check.

Owns: timing, as people run them, `scripts/contract` (its default run, which fuzzes an
in-process emulator, and the same run over HTTP against a served emulator: wall time, cases,
cases per second), `scripts/regen` (into a scratch folder through its `--target`, so the
shared tree is never rewritten) and `scripts/regen --check`.
Must not import: the emulator (the emulator it serves is started through its CLI).

Run alone: python -m bench.suite   (prints the JSON the bench records under "chores")
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from .servers import ROOT, start_emulator

SCRIPTS = ROOT / "scripts"


def _timed(argv: list[str], timeout: float) -> dict[str, Any]:
    started = time.perf_counter()
    proc = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    took = time.perf_counter() - started
    tail = (proc.stdout + proc.stderr).strip().splitlines()[-3:]
    return {"seconds": round(took, 2), "exit_code": proc.returncode, "tail": tail}


def regen_times() -> dict[str, Any]:
    # Every package, as `--check` compares every package; a scratch `--target` takes one
    # `--package` at a time (without it scripts/regen refused in 0.07 s, exit 2, and the
    # 2026-12-05 run recorded that as the chore's time).
    runs = []
    with tempfile.TemporaryDirectory(prefix="csbs-bench-regen-") as scratch:
        for package in ("csbs_client", "cbr_client"):
            target = Path(scratch) / package
            argv = [str(SCRIPTS / "regen"), "--package", package, "--target", str(target)]
            runs.append(_timed(argv, timeout=900))
    regen = {
        "seconds": round(sum(r["seconds"] for r in runs), 2),
        "exit_code": next((r["exit_code"] for r in runs if r["exit_code"]), 0),
        "tail": [line for r in runs for line in r["tail"]],
    }
    check = _timed([str(SCRIPTS / "regen"), "--check"], timeout=900)
    return {"regen": regen, "regen_check": check}


def _contract(extra: list[str], scratch: Path, label: str) -> dict[str, Any]:
    summary = scratch / f"{label}.json"
    argv = [str(SCRIPTS / "contract"), "--summary-json", str(summary)]
    argv += ["--reports-dir", str(scratch / label), *extra]
    run = _timed(argv, timeout=3600)
    if summary.exists():
        cases = int(json.loads(summary.read_text("utf-8"))["total_cases"])
        run["cases"] = cases
        run["cases_per_s"] = round(cases / run["seconds"], 1) if run["seconds"] else 0.0
    return run


def contract_times() -> dict[str, Any]:
    """The default `scripts/contract` run (in-process) and the same suite over HTTP."""
    if not (SCRIPTS / "contract").exists():
        return {"measurable": False, "reason": "scripts/contract does not exist yet"}
    with tempfile.TemporaryDirectory(prefix="csbs-bench-contract-") as folder:
        scratch = Path(folder)
        out: dict[str, Any] = {"measurable": True}
        out["in_process"] = _contract([], scratch, "in-process")
        server = start_emulator("contract-target", scratch / "target.db", scratch, None)
        try:
            server.wait_ready("/_emulator/demo", {})
            out["http"] = _contract(["--base-url", server.base], scratch, "http")
        finally:
            server.stop()
    return out


def chores() -> dict[str, Any]:
    return {"contract": contract_times(), **regen_times()}


if __name__ == "__main__":
    json.dump(chores(), sys.stdout, indent=2)
    print()
