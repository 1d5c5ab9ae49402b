"""Shared test set-up: isolated emulators, in process and live.

Hypothesis profiles (`ci`, `dev`) are registered in the repository's root conftest.py, which
pytest loads for this folder and for contract_tests/ alike.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from csbs_emulator import EmulatorConfig, create_app
from csbs_emulator.app import Emulator
from csbs_emulator.testing import LiveEmulator, installed_script


@pytest.fixture
def emulator(tmp_path: object) -> Iterator[Emulator]:
    """A fresh in-memory emulator with the demo fixtures, validating its own responses."""
    app = create_app(EmulatorConfig(strict_responses=True, access_log=False))
    yield app
    app.close()


@pytest.fixture(scope="module")
def live_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``csbs-emulator serve --host 127.0.0.1 --port 0`` (the installed script), one per test
    module, on a fresh database file; the URL from its "serving on" line."""
    assert installed_script(), "csbs-emulator is not installed in this venv: pip install -e ."
    db = tmp_path_factory.mktemp("live-emulator") / "emulator.db"
    with LiveEmulator(["--no-access-log", "--quiet"], db=db) as emulator:
        yield emulator.base_url
