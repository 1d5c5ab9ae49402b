"""The contract-testing guide's mutant tables are the catalogue's: every mutant of
`contract_tests.mutants` has its row, under its API, with the words the catalogue gives for
what it breaks, and the guide's count is the catalogue's. A mutant added, renamed or reworded
without its row fails here, not in a reader's hands."""

from __future__ import annotations

import re
from pathlib import Path

from contract_tests.mutants import ALL_MUTANTS, CBR_MUTANTS, MUTANTS

GUIDE = Path(__file__).resolve().parents[1] / "docs" / "contract-testing.md"
ROW = re.compile(r"^\| `(?P<name>\w+)` \| (?P<breaks>.+?) \| caught \([\d.]+\) \|")


def tables() -> dict[str, list[tuple[str, str]]]:
    """(name, what it breaks) of each row, by the API its table's header names."""
    found: dict[str, list[tuple[str, str]]] = {}
    api = None
    for line in GUIDE.read_text("utf-8").splitlines():
        header = re.match(r"^\| mutant \((?P<api>[^)]+)\) \|", line)
        if header:
            api = header["api"]
            found[api] = []
        elif api and (row := ROW.match(line)):
            found[api].append((row["name"], row["breaks"]))
        elif not line.startswith("|"):
            api = None
    return found


def test_each_api_has_a_table_of_its_mutants_in_catalogue_order() -> None:
    found = tables()
    assert set(found) == {"CSBS v1", "CBR v3"}, found.keys()
    assert [name for name, _ in found["CSBS v1"]] == list(MUTANTS)
    assert [name for name, _ in found["CBR v3"]] == list(CBR_MUTANTS)


def test_each_row_says_what_the_catalogue_says_it_breaks() -> None:
    for rows in tables().values():
        for name, breaks in rows:
            assert breaks == ALL_MUTANTS[name].breaks, name


def test_the_guide_counts_the_catalogue() -> None:
    text = " ".join(GUIDE.read_text("utf-8").split())
    n = len(ALL_MUTANTS)
    assert f"builds {n} deliberately broken emulators" in text
    assert f"**{n} of {n} are caught by `scripts/contract` alone**" in text
    assert f"{len(MUTANTS)} break CSBS v1" in text
    assert f"{len(CBR_MUTANTS)} break CBR v3" in text
