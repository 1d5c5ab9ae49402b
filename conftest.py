"""Pytest set-up shared by every test tree of this repository (tests/ and contract_tests/).

Owns: the Hypothesis profiles. `dev` (default locally: random, more examples) and `ci`
(derandomized, no example database, so CI runs are reproducible and never replay stale local
failures). Select with HYPOTHESIS_PROFILE; scripts/test selects `ci` unless told otherwise.
This file is at the rootdir, so pytest loads it for both trees, whichever is collected.

Also loads tools/pytest_parallel.py: how scripts/test's run spreads over the cores
(`-n auto --dist loadgroup`: a module per worker at a time, the `serial` group apart, longest
first) and what workers hand back to the controller.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

pytest_plugins = ("tools.pytest_parallel",)

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
