"""What the reliability tests share: real emulator processes, the demo data, the invariants.

Owns: how these tests run `csbs-emulator serve` (`EmulatorProcess`: a `LiveEmulator` of
csbs_emulator.testing on 127.0.0.1 with a fresh port, a given SQLite file and a log file,
killed with SIGKILL or stopped with SIGTERM) and reading its resident memory and open
descriptors; the demo dataset's ids read
from the packaged fixtures (never copied by hand); the JSON error shape every answer must
have; and `consistency_violations`, the one definition of "the state is whole" used by the
race and crash tests.
Must not import: the emulator's internals (the tests talk to the process over HTTP only).
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import httpx
import psutil  # type: ignore[import-untyped]

from csbs_emulator.testing import LiveEmulator

ROOT = Path(__file__).resolve().parents[2]
PROVIDER = "fc4d5750-22e7-4798-8a46-f48f62c4c1da"
DEMO_TOKEN = "emulator-demo-token"
READONLY_TOKEN = "emulator-demo-token-readonly"
OTHER_TOKEN = "emulator-other-token"
SOURCE_REGION = "cn-north-1"


def _fixtures() -> dict[str, Any]:
    text = resources.files("csbs_emulator").joinpath("data", "demo-fixtures.json").read_text()
    return dict(json.loads(text))


FIXTURES: dict[str, Any] = _fixtures()


def _demo_project(region: str) -> str:
    for project in FIXTURES["projects"]:
        if project["region"] == region and project.get("name", "").endswith("_demo"):
            return str(project["id"])
    raise LookupError(f"no demo project in {region}")


def _credential(kind: str, key_field: str, key: str) -> dict[str, Any]:
    for entry in FIXTURES[kind]:
        if entry[key_field] == key:
            return dict(entry)
    raise LookupError(key)


PROJECT = _demo_project(SOURCE_REGION)
# The other tenant: a project in the same region that only `emulator-other-token` covers.
(OTHER_PROJECT,) = _credential("tokens", "token", OTHER_TOKEN)["projects"]
_SOURCE = next(r for r in FIXTURES["regions"] if r["name"] == SOURCE_REGION)
DESTINATIONS: dict[str, str] = {
    region: _demo_project(region) for region in _SOURCE["replication_destinations"]
}
_ak = {entry["user"]: entry for entry in FIXTURES["access_keys"]}
DEMO_AK, DEMO_SK = _ak["demo"]["ak"], _ak["demo"]["sk"]
READONLY_AK, READONLY_SK = _ak["demo-auditor"]["ak"], _ak["demo-auditor"]["sk"]
OTHER_AK, OTHER_SK = _ak["other"]["ak"], _ak["other"]["sk"]
FIXTURE_BACKUPS: dict[str, str] = {b["id"]: b["project_id"] for b in FIXTURES["backups"]}


def token(value: str = DEMO_TOKEN) -> dict[str, str]:
    return {"X-Auth-Token": value}


def replicate_path(item_id: str, project_id: str = PROJECT) -> str:
    return f"/v1/{project_id}/providers/{PROVIDER}/checkpoint_items/{item_id}/replicate"


def replicate_body(region: str, name: str | None = None) -> dict[str, Any]:
    params: dict[str, Any] = {
        "destination_region": region,
        "destination_project_id": DESTINATIONS[region],
    }
    if name is not None:
        params["name"] = name
    return {"replication": params}


def error_shape_problems(response: httpx.Response) -> list[str]:
    """Why `response` is not the service's error answer (empty when it is one)."""
    return error_shape_problems_raw(response.status_code, dict(response.headers), response.content)


def error_shape_problems_raw(status: int, headers: Mapping[str, str], body: bytes) -> list[str]:
    """The same, from the parts of a raw answer (header names in lower case)."""
    problems = []
    if not 400 <= status < 600:
        problems.append(f"status {status} is not an error")
    if headers.get("content-type", "").split(";")[0] != "application/json":
        problems.append(f"content-type {headers.get('content-type')!r}")
    if not re.fullmatch(r"[0-9a-f]{32}", headers.get("x-request-id", "")):
        problems.append("no X-Request-Id")
    if b"Traceback" in body:
        problems.append("a stack trace in the body")
    try:
        parsed = json.loads(body)
    except ValueError:
        return [*problems, f"body is not JSON: {body[:200]!r}"]
    if not (
        isinstance(parsed, dict)
        and isinstance(parsed.get("error_code"), str)
        and isinstance(parsed.get("error_msg"), str)
    ):
        problems.append(f"body is not {{error_code, error_msg}}: {parsed!r}")
    return problems


# -- the emulator as a process ------------------------------------------------------------


class EmulatorProcess(LiveEmulator):
    """`csbs-emulator serve` the reliability tests' way: `LiveEmulator` (csbs_emulator.testing)
    with a lifecycle, quiet, no access log, a log file, started in ROOT; restarts keep the
    port and the database. Adds what the tests read of the process: memory and descriptors."""

    def __init__(
        self,
        db: Path,
        log: Path,
        *,
        lifecycle: str = "instant",
        delay: float = 1.0,
        extra_args: Sequence[str] = (),
    ) -> None:
        super().__init__(
            ["--lifecycle", lifecycle, "--delay", str(delay), "--quiet", "--no-access-log",
             *extra_args],
            db=db, cwd=ROOT, log=log, start_timeout=20.0, stop_timeout=15.0,
        )  # fmt: skip

    def stop(self, *, graceful: bool = True) -> int:
        """SIGTERM; an emulator that ignores it for 15 s is killed and fails the test."""
        return super().stop(graceful=graceful)

    def psutil_process(self) -> psutil.Process:
        assert self.process is not None
        return psutil.Process(self.process.pid)

    def rss(self) -> int:
        return int(self.psutil_process().memory_info().rss)

    def num_fds(self) -> int:
        return int(self.psutil_process().num_fds())

    def log_text(self) -> str:
        """Everything every start of this process printed."""
        return "\n".join(self.output)

    def client(self, **kwargs: Any) -> httpx.Client:
        kwargs.setdefault("timeout", 15.0)
        return httpx.Client(base_url=self.base_url, **kwargs)


# -- control plane and public helpers -------------------------------------------------------


def create_backups(client: httpx.Client, count: int, project_id: str = PROJECT) -> list[str]:
    response = client.post("/_emulator/backups", json={"project_id": project_id, "count": count})
    assert response.status_code == 200, response.text
    return list(response.json()["checkpoint_item_ids"])


def all_records(client: httpx.Client) -> list[dict[str, Any]]:
    response = client.get("/_emulator/replications")
    assert response.status_code == 200, response.text
    return list(response.json()["replication_records"])


def show_backup(client: httpx.Client, item_id: str, project_id: str = PROJECT) -> httpx.Response:
    return client.get(f"/v1/{project_id}/checkpoint_items/{item_id}", headers=token())


# -- the invariants ---------------------------------------------------------------------------


def consistency_violations(client: httpx.Client, sources: Iterable[str]) -> list[str]:
    """Every way the state of `sources` (backups of PROJECT) is not whole; [] when it is.

    Whole means: showBackup and the control plane list the same records; the source's
    copy_status (and fail_code) follow its newest record; at most one blocking record per
    destination region; a `success` record names its replica, which exists, came from the
    source region and has the source's resource; no other record names a replica; and each
    destination project holds exactly as many replicas of the source as it has successes.
    showBackup runs the lifecycle's tick, so the records it lists are the ones judged.
    Call it while no replicate is in flight: a record created meanwhile is a mismatch.
    """
    problems: list[str] = []
    # Ids only: a record's status may still move (showBackup ticks), its existence may not.
    known: dict[str, set[str]] = {}
    for record in all_records(client):
        known.setdefault(record["source_item_id"], set()).add(record["id"])
    for item in sources:
        shown = show_backup(client, item)
        if shown.status_code != 200:
            problems.append(f"{item}: showBackup answered {shown.status_code}")
            continue
        backup = shown.json()["checkpoint_item"]
        listed = backup["replication_records"]
        if {r["id"] for r in listed} != known.get(item, set()):
            problems.append(f"{item}: showBackup and the control plane list different records")
            continue
        info = backup["extend_info"]
        if not listed:
            if info["copy_status"] != "na":
                problems.append(f"{item}: copy_status {info['copy_status']} without a record")
            continue
        newest = listed[0]  # the service lists newest first
        if info["copy_status"] != newest["status"]:
            problems.append(
                f"{item}: copy_status {info['copy_status']} but the newest record "
                f"{newest['id']} is {newest['status']}"
            )
        elif newest["status"] == "fail" and info["fail_code"] != newest["extra_info"]["fail_code"]:
            problems.append(f"{item}: fail_code does not follow the newest record")
        blocking = Counter(
            r["destination_region"] for r in listed if r["status"] in ("copying", "success")
        )
        problems += [
            f"{item}: {n} blocking records to {region}" for region, n in blocking.items() if n > 1
        ]
        successes: Counter[str] = Counter()
        for record in listed:
            problems += _record_problems(client, backup, record)
            if record["status"] == "success":
                successes[record["destination_region"]] += 1
        for region in {r["destination_region"] for r in listed}:
            replicas = _replicas(client, DESTINATIONS[region], backup["resource_id"])
            if len(replicas) != successes[region]:
                problems.append(
                    f"{item}: {len(replicas)} replicas in {region} for "
                    f"{successes[region]} successful records"
                )
    return problems


def _record_problems(
    client: httpx.Client, source: Mapping[str, Any], record: Mapping[str, Any]
) -> list[str]:
    """`record` as showBackup lists it (components/schemas/ReplicationRecord)."""
    rid, status = record["id"], record["status"]
    replica_id = record["destination_checkpoint_item_id"]
    if status not in ("copying", "success", "fail"):
        return [f"record {rid}: status {status!r}"]
    if status != "success":
        return [f"record {rid}: {status} but names replica {replica_id}"] if replica_id else []
    if replica_id is None:
        return [f"record {rid}: success without a replica"]
    shown = show_backup(client, replica_id, record["destination_project_id"])
    if shown.status_code != 200:
        return [f"record {rid}: its replica {replica_id} answers {shown.status_code}"]
    replica = shown.json()["checkpoint_item"]
    if (
        replica["extend_info"]["copy_from"] != record["source_region"]
        or replica["resource_id"] != source["resource_id"]
    ):
        return [f"record {rid}: replica {replica_id} is not a copy of {source['id']}"]
    return []


def _replicas(client: httpx.Client, project_id: str, resource_id: str) -> list[dict[str, Any]]:
    response = client.get(
        f"/v1/{project_id}/checkpoint_items",
        params={"resource_id": resource_id},
        headers=token(),
    )
    assert response.status_code == 200, response.text
    return [
        b for b in response.json()["checkpoint_items"] if b["extend_info"]["copy_from"] is not None
    ]


def write_figures(path: Path, section: str, figures: Mapping[str, Any]) -> None:
    """Merge one section into the report: a partial run (`-k`) keeps the other sections.
    Under a lock: tests in parallel workers (pytest -n) must not lose each other's section."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.with_suffix(".lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            report = json.loads(path.read_text())
        except (OSError, ValueError):
            report = {}
        recorded_at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        report[section] = {**figures, "recorded_at": recorded_at}
        # Unique per process: two test sessions on one checkout must not share a scratch file.
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n")
        tmp.replace(path)
