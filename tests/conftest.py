"""Shared test set-up: isolated emulators.

Hypothesis profiles (`ci`, `dev`) are registered in the repository's root conftest.py, which
pytest loads for this folder and for contract_tests/ alike.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from csbs_emulator import EmulatorConfig, create_app
from csbs_emulator.app import Emulator


@pytest.fixture
def emulator(tmp_path: object) -> Iterator[Emulator]:
    """A fresh in-memory emulator with the demo fixtures, validating its own responses."""
    app = create_app(EmulatorConfig(strict_responses=True, access_log=False))
    yield app
    app.close()
