"""Shared test set-up: Hypothesis profiles and isolated emulators.

Profiles: `dev` (default locally: random, more examples) and `ci` (derandomized, no example
database, so CI runs are reproducible and never replay stale local failures). Select with
HYPOTHESIS_PROFILE; scripts/test selects `ci` unless told otherwise.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings

from csbs_emulator import EmulatorConfig, create_app
from csbs_emulator.app import Emulator

settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture
def emulator(tmp_path: object) -> Iterator[Emulator]:
    """A fresh in-memory emulator with the demo fixtures, validating its own responses."""
    app = create_app(EmulatorConfig(strict_responses=True, access_log=False))
    yield app
    app.close()
