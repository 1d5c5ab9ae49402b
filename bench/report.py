"""What a bench run recorded, summarised: machine, versions, medians, ratios, targets, table.

Owns: the facts about the machine and the tools (so a number can be read in context), the
medians over rounds, the emulator/Prism and emulator/ceiling ratios, the targets of issue 7
and of issue 11 (each scale read's p99 ratio), and the Markdown tables of bench/README.md.
Must not import: the emulator, the servers (it only reads what the runs returned).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import re
import sqlite3
import statistics
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

from .servers import PRISM, ROOT
from .wrk import wrk_version

CALLS = ("replicate", "show", "list")
TARGETS = ("emulator", "prism", "ceiling")
# replicateBackup also runs against the ceiling plus one committed SQLite insert per call.
EXTRA_TARGETS = {"replicate": ("sqlite_insert",)}
# The reads of the scale runs (c=32 at each stored size), each with a p99 ratio target:
# showBackup, then listBackups/countBackups with the common filters and sorts (issue 11).
SCALE_READS = (
    "show", "list", "list_sort_name", "list_sort_updated", "list_status", "list_resource_id",
    "list_checkpoint_id", "list_time_window", "list_marker", "list_asc_marker",
    "count_status", "count_resource_id",
)  # fmt: skip
SCALE_LABELS = {
    "show": "showBackup (1,000 ids across the table)",
    "list": "list `limit=10` (default sort created_at:desc)",
    "list_sort_name": "list `sort=name:asc&limit=10`",
    "list_sort_updated": "list `sort=updated_at:desc&limit=10`",
    "list_status": "list `status=available&limit=10`",
    "list_resource_id": "list `resource_id=<id>` (10 backups)",
    "list_checkpoint_id": "list `checkpoint_id=<id>` (4 backups)",
    "list_time_window": "list `start_time&end_time` (14 days) `&limit=10`",
    "list_marker": "list `marker=<id 90% deep>&limit=10`",
    "list_asc_marker": "list `sort=created_at:asc&marker=<id 90% deep>&limit=10`",
    "count_status": "count `status=available`",
    "count_resource_id": "count `resource_id=<id>`",
}
SCALE_P99_RATIO_LIMIT = 1.5


def targets_of(call: str) -> tuple[str, ...]:
    return TARGETS + EXTRA_TARGETS.get(call, ())


def machine() -> dict[str, Any]:
    cpu_model = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.MULTILINE)
        cpu_model = found.group(1).strip() if found else cpu_model
    memory_gib = 0.0
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        found = re.search(r"^MemTotal:\s*(\d+) kB", meminfo.read_text(), re.MULTILINE)
        memory_gib = round(int(found.group(1)) / 1024 / 1024, 1) if found else 0.0
    return {
        "nproc": os.cpu_count(),
        "cpu_model": cpu_model,
        "memory_gib": memory_gib,
        "kernel": platform.release(),
    }


def _command_version(argv: list[str]) -> str:
    try:
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "missing"
    return (proc.stdout or proc.stderr).strip().splitlines()[0] if proc.returncode == 0 else "?"


def versions() -> dict[str, str]:
    def package(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "missing"

    commit = _command_version(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"])
    return {
        "python": platform.python_version(),
        "uvicorn": package("uvicorn"),
        "starlette": package("starlette"),
        "uvloop": package("uvloop"),
        "httptools": package("httptools"),
        "fastjsonschema": package("fastjsonschema"),
        "sqlite": sqlite3.sqlite_version,
        "prism": _command_version([str(PRISM), "--version"]),
        "node": _command_version(["node", "--version"]),
        "wrk": wrk_version(),
        "commit": commit,
    }


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def medians(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """{call: {concurrency: {target: medians, ratios}}} over the rounds."""
    out: dict[str, Any] = {}
    for call in CALLS:
        for conc in sorted({r["concurrency"] for r in runs}):
            row: dict[str, Any] = {}
            for target in targets_of(call):
                chosen = [
                    r
                    for r in runs
                    if r["call"] == call and r["concurrency"] == conc and r["target"] == target
                ]
                if not chosen:
                    continue
                row[target] = {
                    key: round(statistics.median(r[key] for r in chosen), 3)
                    for key in ("rps", "p50_ms", "p99_ms")
                }
                row[target]["rounds"] = len(chosen)
                row[target]["all_valid"] = all(r["valid"] for r in chosen)
            emulator = row.get("emulator", {}).get("rps")
            for other in ("prism", "ceiling", *EXTRA_TARGETS.get(call, ())):
                base = row.get(other, {}).get("rps")
                if emulator and base:
                    row[f"emulator_vs_{other}"] = round(emulator / base, 3)
            out.setdefault(call, {})[str(conc)] = row
    return out


def _target(name: str, value: float | None, op: str, limit: float) -> dict[str, Any]:
    met = value is not None and (value >= limit if op == ">=" else value <= limit)
    return {"name": name, "value": value, "op": op, "limit": limit, "met": met}


def targets(summary: dict[str, Any], scale: dict[str, Any] | None) -> list[dict[str, Any]]:
    rep = summary.get("replicate", {}).get("32", {})
    show = summary.get("show", {}).get("32", {})
    out = []
    if summary:  # the comparison ran (not `--scale-only`)
        out += [
            _target("replicate c=32 req/s vs Prism", rep.get("emulator_vs_prism"), ">=", 2.0),
            _target("replicate c=32 req/s vs ceiling", rep.get("emulator_vs_ceiling"), ">=", 0.4),
            _target("replicate c=32 p99 ms", rep.get("emulator", {}).get("p99_ms"), "<=", 30.0),
            _target("show c=32 req/s vs Prism", show.get("emulator_vs_prism"), ">=", 1.2),
            _target("show c=32 req/s vs ceiling", show.get("emulator_vs_ceiling"), ">=", 0.5),
        ]
        out += issue_19_targets(summary)
    if scale is not None:
        ratios = scale.get("p99_ratio", {})
        for call in ("show", "replicate", *(r for r in SCALE_READS if r != "show")):
            out.append(
                _target(
                    f"scale: {call} p99 large/small", ratios.get(call), "<=", SCALE_P99_RATIO_LIMIT
                )
            )
    return out


def issue_19_targets(summary: dict[str, Any]) -> list[dict[str, Any]]:
    """Issue 19's targets beyond issue 7's (replicate c=32 at 2x Prism and p99 <= 30 ms are
    both issues'): replicate against the 1-insert floor and at c=1, the reads at 3x Prism."""
    rep = summary.get("replicate", {})
    out = [
        _target(
            "replicate c=32 req/s vs 1-insert",
            rep.get("32", {}).get("emulator_vs_sqlite_insert"),
            ">=",
            0.7,
        ),
        _target(
            "replicate c=1 p99 ms", rep.get("1", {}).get("emulator", {}).get("p99_ms"), "<=", 5.0
        ),
    ]
    for call in ("show", "list"):
        row = summary.get(call, {}).get("32", {})
        out += [
            _target(
                f"{call} c=32 req/s vs Prism (issue 19)", row.get("emulator_vs_prism"), ">=", 3.0
            ),
            _target(f"{call} c=32 p99 ms", row.get("emulator", {}).get("p99_ms"), "<=", 10.0),
        ]
    return out


def table(summary: dict[str, Any]) -> str:
    """Markdown: one line per call and concurrency, medians over the rounds."""
    lines = [
        "| call | c | emulator req/s | p50 ms | p99 ms | Prism req/s | p99 ms | "
        "ceiling req/s | p99 ms | emu/Prism | emu/ceiling | 1-insert req/s | emu/1-insert |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for call, by_conc in summary.items():
        for conc, row in by_conc.items():
            emu = row.get("emulator", {})
            prism = row.get("prism", {})
            ceiling = row.get("ceiling", {})
            lines.append(
                f"| {call} | {conc} | {emu.get('rps', 0):,.0f} | {emu.get('p50_ms', 0):.2f} | "
                f"{emu.get('p99_ms', 0):.2f} | {prism.get('rps', 0):,.0f} | "
                f"{prism.get('p99_ms', 0):.2f} | {ceiling.get('rps', 0):,.0f} | "
                f"{ceiling.get('p99_ms', 0):.2f} | {row.get('emulator_vs_prism', 0):.2f}x | "
                f"{row.get('emulator_vs_ceiling', 0):.2f}x | {_insert_cells(row)} |"
            )
    return "\n".join(lines)


def _insert_cells(row: dict[str, Any]) -> str:
    inserting = row.get("sqlite_insert")
    if not inserting:
        return "- | -"
    return f"{inserting['rps']:,.0f} | {row.get('emulator_vs_sqlite_insert', 0):.2f}x"


def scale_reads_table(scale: dict[str, Any]) -> list[str]:
    """Markdown: each read of the scale runs at the smallest and largest size, p99 ratio."""
    sizes = sorted(scale["sizes"], key=int)
    small, large = scale["sizes"][sizes[0]], scale["sizes"][sizes[-1]]
    if "reads" not in small:  # a result from before issue 11
        return []
    head_small, head_large = (f"{int(s):,}" for s in (sizes[0], sizes[-1]))
    out = [
        "",
        f"| read, c=32 | selects ({head_small} / {head_large}) | {head_small}: req/s | p99 ms "
        f"| {head_large}: req/s | p99 ms | p99 ratio | <= {SCALE_P99_RATIO_LIMIT:g} |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name in SCALE_READS:
        a, b = small["reads"].get(name), large["reads"].get(name)
        if not a or not b:
            continue
        ratio = scale["p99_ratio"].get(name)
        met = ratio is not None and ratio <= SCALE_P99_RATIO_LIMIT
        out.append(
            f"| {SCALE_LABELS.get(name, name)} | {a['answer_items']:,} / {b['answer_items']:,} | "
            f"{a['rps']:,.0f} | {a['p99_ms']:.1f} | {b['rps']:,.0f} | {b['p99_ms']:.1f} | "
            f"{ratio:.2f} | {'yes' if met else '**no**'} |"
        )
    loads = [
        f"{r['round']}/{int(r['seeded_backups']):,}: {r['load1_before']}"
        for r in scale.get("runs", [])
        if "load1_before" in r
    ]
    if loads:
        out += ["", "1-min load average before each scale round (round/size: load): "
                + ", ".join(loads) + "."]  # fmt: skip
    return out


def write(result: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2, sort_keys=False) + "\n", "utf-8")


def markdown(result: dict[str, Any]) -> str:
    """The README's results section, from one result JSON."""
    machine, versions = result["machine"], result["versions"]
    parts = result["settings"].get("parts", {})
    mode = result["mode"] + (", scale part only" if parts.get("compare") is False else "")
    reads_s = result["settings"].get("read_duration_s")
    per_run = f"{result['settings']['duration_s']:g} s per run"
    if reads_s is not None and result.get("scale"):
        per_run += f", {reads_s:g} s per list/count run"
    out = [
        f"Run `{result['date']}` ({mode}, {result['settings']['rounds']} rounds of "
        f"{per_run}, medians): {machine['nproc']} CPUs "
        f"({machine['cpu_model']}), {machine['memory_gib']} GiB; load average before "
        f"{machine['load_before']}, after {machine['load_after']}. Python "
        f"{versions['python']}, uvicorn {versions['uvicorn']}, Starlette "
        f"{versions['starlette']}, SQLite {versions['sqlite']}, Prism {versions['prism']}, "
        f"Node {versions['node']}, wrk {versions['wrk']}; emulator at {versions['commit']}.",
        "",
    ]
    if result["summary"]:
        out += [table(result["summary"]), ""]
    out += [
        "| target | value | wanted | met |",
        "|---|---:|---:|---|",
    ]
    # Issue 19's targets, from the summary recorded, for a result written before they were
    # added too (the run's own list stays in its JSON as written).
    checks = list(result["targets"])
    if result["summary"]:
        named = {check["name"] for check in checks}
        checks += [t for t in issue_19_targets(result["summary"]) if t["name"] not in named]
    for check in checks:
        value = "-" if check["value"] is None else f"{check['value']:.3g}"
        out.append(
            f"| {check['name']} | {value} | {check['op']} {check['limit']:g} | "
            f"{'yes' if check['met'] else '**no**'} |"
        )
    scale = result.get("scale")
    if scale:
        out += [
            "",
            "| stored backups | seed s | start-up s | show req/s | show p99 ms | "
            "replicate req/s | replicate p99 ms |",
            "|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for size, row in scale["sizes"].items():
            out.append(
                f"| {int(size):,} | {row['seed_s']:.1f} | {row['startup_s']:.2f} | "
                f"{row['show_rps']:,.0f} | {row['show_p99_ms']:.1f} | "
                f"{row['replicate_rps']:,.0f} | {row['replicate_p99_ms']:.1f} |"
            )
        out += scale_reads_table(scale)
    chores = result.get("chores")
    if chores:
        contract = chores["contract"]
        out += ["", "| chore | wall s | cases | cases/s |", "|---|---:|---:|---:|"]
        for label in ("in_process", "http"):
            run = contract.get(label)
            if run:
                out.append(
                    f"| scripts/contract ({label.replace('_', '-')}) | {run['seconds']:.1f} | "
                    f"{run.get('cases', '-')} | {run.get('cases_per_s', '-')} |"
                )
        for label, key in (
            ("scripts/regen (scratch target)", "regen"),
            ("scripts/regen --check", "regen_check"),
        ):
            run = chores[key]
            # A chore that failed has no time worth reading (2026-12-05: regen refused in 0.07 s).
            failed = f" (failed: exit {run['exit_code']})" if run.get("exit_code") else ""
            out.append(f"| {label}{failed} | {run['seconds']:.1f} | | |")
    return "\n".join(out)


if __name__ == "__main__":
    import sys

    print(markdown(json.loads(Path(sys.argv[1]).read_text("utf-8"))))
