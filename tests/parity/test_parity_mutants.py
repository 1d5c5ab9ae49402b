"""Proof that parity checks catch divergence: record from a broken emulator, check a good one.

Owns: for every mutant of `contract_tests.mutants` (the test switch that builds deliberately
broken emulators), a recording of every scenario against that mutant served on loopback,
then `check` of those snapshots against a fresh, unbroken in-process emulator. Every planted
difference a scenario touches must be reported with the call and the member named
(`TOUCHED`); the mutants no scenario touches are listed with why (`UNTOUCHED`), and their
checks must pass, which shows the scenarios do not fail for other reasons. The other
direction too: the committed snapshots checked against a served mutant fail, naming the call.
A table of what each mutant showed goes to reports/parity-mutants.json.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Final

import pytest

from contract_tests.mutants import MUTANTS, make_app
from contract_tests.target import new_emulator_app

from .conftest import ROOT, Parity, Serve

# mutant -> the (call, member) a check must report; every other difference is allowed too.
TOUCHED: Final[dict[str, list[tuple[str, str]]]] = {
    "missing_field": [("replicate", "/replication/replication_record_id")],
    "wrong_type": [
        ("list-default", "/checkpoint_items/*/extend_info/progress"),
        ("show-first", "/checkpoint_item/extend_info/progress"),
    ],
    "duplicate_409": [("replicate-again", "status"), ("replicate-after-copy", "status")],
    "duplicate_accepted": [("replicate-again", "status"), ("replicate-again", "error_code")],
    "ignored_token": [
        ("list-invalid-token", "status"),
        ("replicate-invalid-token", "status"),
    ],
    "wrong_content_type": [("capabilities", "header content-type")],
    "missing_request_id": [("capabilities", "header x-request-id")],
    "lifecycle_stuck": [
        ("follow-copy", "/checkpoint_item/extend_info/copy_status"),
        ("follow-copy", "poll finished"),
    ],
    "stale_copy_status": [("follow-copy", "/checkpoint_item/extend_info/copy_status")],
    "cross_project_leak": [("show-other-projects-backup", "status")],
    "copy_from_unset": [("show-replica", "/checkpoint_item/extend_info/copy_from")],
    "paging_skips_one": [("list-page-two", "/checkpoint_items")],
    "unavailable_accepted": [("replicate-not-available", "status")],
    "own_region_accepted": [("replicate-same-region", "status")],
    "wrong_destination_echo": [("replicate", "/replication/destination_project_id")],
    "replica_name_ignored": [("show-replica", "/checkpoint_item/name")],
    "resource_name_ignored": [("list-resource-name-fuzzy", "derived all_contain")],
    "sort_direction_ignored": [
        ("list-sort-created-asc", "derived oldest_first"),
        ("list-sort-name", "derived by_name"),
    ],
    "count_ignores_status": [("count-available", "derived equals_listing")],
}
UNTOUCHED: Final[dict[str, str]] = {
    "readonly_writes": "needs a read-only credential; no scenario replicates with one",
    "edge_500": "needs a replica name of exactly 64 characters; the billable scenario does "
    "not risk an inferred bound on a real copy",
    "duplicate_ignores_region": "needs a second billable copy to another region",
    "failed_copy_blocks": "needs a failed copy, which a real service cannot be made to do",
    "foreign_project_accepted": "needs another tenant's project as the destination; a user "
    "recording with one account has none to name",
    "all_tenants_for_everyone": "needs all_tenants from a non-administrator and a second "
    "tenant in the region; the read scenarios stay within the caller's own project",
}
REPORT: Final = ROOT / "reports" / "parity-mutants.json"


def test_every_mutant_is_either_touched_or_explained() -> None:
    assert set(TOUCHED) | set(UNTOUCHED) == set(MUTANTS)
    assert not set(TOUCHED) & set(UNTOUCHED)


def record_from(mutant: str, serve: Serve, parity: Parity, out: Path) -> None:
    # The manual lifecycle (make_app's default): a copy is seen `copying` until the poll
    # ends it through the control plane, as a real copy is; and the duplicate rule is the
    # store's unique index there, which `duplicate_accepted` drops.
    url = serve(make_app(mutant))
    code, text = parity("record", "--base-url", url, "--out", str(out))
    assert code == 0, text
    assert "(emulator; replicate allowed" in text, "the mutant must pass for an emulator"


def check(parity: Parity, folder: Path, *args: str) -> tuple[int, str, list[dict[str, Any]]]:
    verdict = folder / "verdict.json"
    code, text = parity("check", str(folder), "--json", str(verdict), *args)
    differences = [
        d for snapshot in json.loads(verdict.read_text()) for d in snapshot["differences"]
    ]
    return code, text, differences


@pytest.mark.slow(55)
def test_a_recording_from_every_mutant_fails_the_check_naming_call_and_member(
    serve: Serve, parity: Parity, tmp_path: Path
) -> None:
    table: dict[str, Any] = {}
    # The unbroken emulator every recording is checked against: the one `check` builds
    # in-process by default, served once here (a check resets it through its control plane
    # before each scenario) so that sixteen checks do not build sixteen emulators.
    good = serve(new_emulator_app())
    # The baseline: the same loop against an unbroken emulator served the same way passes.
    baseline = tmp_path / "none"
    record_from("none", serve, parity, baseline)
    code, text, differences = check(parity, baseline, "--base-url", good)
    assert code == 0, text
    assert differences == [], text
    for name in MUTANTS:
        folder = tmp_path / name
        record_from(name, serve, parity, folder)
        code, text, differences = check(parity, folder, "--base-url", good)
        found = sorted({(d["call"], d["member"]) for d in differences})
        table[name] = {
            "breaks": MUTANTS[name].breaks,
            "caught": code != 0,
            "differences": [f"{call}: {member}" for call, member in found],
        }
        if name in TOUCHED:
            assert code == 1, f"{name}: not caught\n{text}"
            for expected in TOUCHED[name]:
                assert expected in found, f"{name}: {expected} not reported; got {found}"
            for call, member in TOUCHED[name]:
                assert f"DIFFERS      {call}" in text, text
                assert f"{member}:" in text, text
        else:
            table[name]["why_not_touched"] = UNTOUCHED[name]
            assert code == 0, f"{name}: the scenarios were not expected to touch it\n{text}"
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(json.dumps(table, indent=1) + "\n", "utf-8")


@pytest.mark.parametrize("mutant", ["wrong_type", "ignored_token", "copy_from_unset"])
def test_the_committed_snapshots_fail_against_a_served_mutant(
    mutant: str, serve: Serve, parity: Parity, tmp_path: Path
) -> None:
    url = serve(make_app(mutant))
    code, text = parity("check", str(ROOT / "parity" / "snapshots" / "emulator"), "--base-url", url)
    assert code == 1, text
    (call, member), *_ = TOUCHED[mutant]
    assert f"DIFFERS      {call}" in text, text
    assert member in text, text
