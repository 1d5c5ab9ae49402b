"""How fast the project's own chores are: the contract suite, regeneration, the drift check.

Owns: timing, as people run them, `scripts/contract` (its default run, plus the cases per
second it reports in-process and over HTTP when it can say), `scripts/regen` (into a scratch
folder through its `--target`, so the shared tree is never rewritten) and
`scripts/regen --check`.
Must not import: the emulator.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from .servers import ROOT

SCRIPTS = ROOT / "scripts"


def _timed(argv: list[str], timeout: float, env: dict[str, str] | None = None) -> dict[str, Any]:
    started = time.perf_counter()
    proc = subprocess.run(
        argv,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=False,
    )
    took = time.perf_counter() - started
    tail = (proc.stdout + proc.stderr).strip().splitlines()[-5:]
    return {"seconds": round(took, 2), "exit_code": proc.returncode, "tail": tail}


def regen_times() -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="csbs-bench-regen-") as scratch:
        target = Path(scratch) / "csbs_client"
        regen = _timed([str(SCRIPTS / "regen"), "--target", str(target)], timeout=600)
    check = _timed([str(SCRIPTS / "regen"), "--check"], timeout=600)
    return {"regen": regen, "regen_check": check}


def contract_times() -> dict[str, Any]:
    """The default `scripts/contract` run, and its cases per second where it reports them.

    `scripts/contract --bench-json FILE`, if the script supports it, writes
    {"in_process": {"cases": N, "seconds": S}, "http": {...}}; otherwise only the wall time
    of the default run is known.
    """
    script = SCRIPTS / "contract"
    if not script.exists():
        return {"measurable": False, "reason": "scripts/contract does not exist yet"}
    out: dict[str, Any] = {"measurable": True}
    env = dict(os.environ)
    with tempfile.TemporaryDirectory(prefix="csbs-bench-contract-") as scratch:
        stats = Path(scratch) / "contract.json"
        env["CSBS_CONTRACT_STATS"] = str(stats)
        out["default_run"] = _timed([str(script)], timeout=1800, env=env)
        if stats.exists():
            data = json.loads(stats.read_text("utf-8"))
            for mode in ("in_process", "http"):
                part = data.get(mode)
                if part and part.get("seconds"):
                    part["cases_per_s"] = round(part["cases"] / part["seconds"], 1)
                out[mode] = part
    return out
