"""Fixtures of the reliability tests: emulator processes that are always cleaned up.

`spawn(...)` starts a real `csbs-emulator serve` on 127.0.0.1 (see `support.EmulatorProcess`);
after the test every process still running is stopped, and a stack trace in any of their
logs fails the test: the emulator logs one for every request that ended in a 500.
`figures(section, {...})` records the numbers a test measured in reports/reliability.json.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from .support import ROOT, EmulatorProcess, write_figures

Spawn = Callable[..., EmulatorProcess]
Figures = Callable[[str, dict[str, Any]], None]
REPORT = ROOT / "reports" / "reliability.json"


@pytest.fixture
def spawn(tmp_path: Path) -> Iterator[Spawn]:
    made: list[EmulatorProcess] = []

    def start(db: Path | None = None, *, start: bool = True, **options: Any) -> EmulatorProcess:
        index = len(made)
        server = EmulatorProcess(
            db=db or tmp_path / "emulator.db", log=tmp_path / f"emulator-{index}.log", **options
        )
        made.append(server)
        return server.start() if start else server

    yield start
    for server in made:
        if server.running:
            server.stop()
    traces = [s for s in made if "Traceback" in s.log_text()]
    assert not traces, "stack traces in " + ", ".join(
        f"{s.log}:\n{s.log_text()[-4000:]}" for s in traces
    )


@pytest.fixture(scope="session")
def figures() -> Figures:
    def record(section: str, values: dict[str, Any]) -> None:
        write_figures(REPORT, section, values)

    return record
