"""Pytest wiring of the contract suites: options, Hypothesis profiles, target fixtures.

Owns: the command-line options and the fixtures every contract suite shares. What a target
is, how it is chosen and how it is guarded lives in `contract_tests.target`.
Must not import: the test modules.

Options (each falls back to an environment variable):
  --base-url URL       service under test (env CSBS_BASE_URL); default: a fresh in-process
                       emulator. A loopback URL answering GET /_emulator/demo is an emulator;
                       anything else is treated as the real service.
  --allow-replicate    allow replicate calls against a non-emulator (env CSBS_ALLOW_REPLICATE=1)
  --dry-run            send nothing; list what would be sent (env CSBS_DRY_RUN=1)
  --rate-limit R       cap, e.g. "10/s", "300/m" (env CSBS_RATE_LIMIT); default 5/s against a
                       non-emulator, none against an emulator
  --max-examples N     Hypothesis examples per schemathesis test (env CSBS_MAX_EXAMPLES)

Fixtures:
  target          (session) a `Target`: ``base_url`` (None = in-process), ``is_emulator``,
                  ``app`` (the in-process ASGI app or None), ``auth`` (token headers, an
                  ``httpx.Auth`` or None), ``demo`` (the demo dataset dict when an emulator),
                  ``project_id``, ``allow_replicate``, ``may_replicate``, ``rate_limit``,
                  ``dry_run``; methods ``client()`` (a guarded, rate-capped sync
                  ``httpx.Client`` with the credentials; starlette's TestClient in-process),
                  ``guard(method, path)`` (raise `UnsafeRequestError` or wait for the cap),
                  ``exclusion(method, path)`` (the reason a request is refused, or None),
                  ``reset()`` (emulator targets only).
  fresh_emulator  (function) an isolated in-memory emulator app (strict response validation,
                  instant lifecycle, demo fixtures); closed after the test.
  new_emulator    (function) a factory for more isolated apps: ``new_emulator(lifecycle="manual")``.

Hypothesis profiles: ``ci`` (derandomized, no example database) and ``dev``; selected with
HYPOTHESIS_PROFILE (scripts/test selects ``ci``). They are registered here as well as in
tests/conftest.py because that file is not a parent of this folder.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from contract_tests.target import Target, new_emulator_app, select_target
from csbs_emulator.app import Emulator

settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
settings.register_profile("dev", deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("csbs-contract", "CSBS contract suites")
    group.addoption("--base-url", default=None, help="service under test (env CSBS_BASE_URL)")
    group.addoption(
        "--allow-replicate",
        action="store_true",
        default=None,
        help="send replicate calls to a non-emulator target (env CSBS_ALLOW_REPLICATE=1)",
    )
    group.addoption(
        "--dry-run",
        action="store_true",
        default=None,
        help="send nothing; list what would be sent (env CSBS_DRY_RUN=1)",
    )
    group.addoption(
        "--rate-limit",
        default=None,
        help="rate cap, e.g. 10/s (env CSBS_RATE_LIMIT); default 5/s for non-emulators",
    )
    group.addoption(
        "--max-examples",
        type=int,
        default=None,
        help="Hypothesis examples per schemathesis test (env CSBS_MAX_EXAMPLES)",
    )


def max_examples(config: pytest.Config, default: int) -> int:
    """Examples per schemathesis test: --max-examples, CSBS_MAX_EXAMPLES, else ``default``."""
    value = config.getoption("--max-examples", default=None)
    if value is None:
        value = os.environ.get("CSBS_MAX_EXAMPLES")
    return int(value) if value else default


@pytest.fixture(scope="session")
def target(pytestconfig: pytest.Config) -> Iterator[Target]:
    """The service under test, chosen from the options (see the module docstring)."""
    chosen = select_target(
        pytestconfig.getoption("--base-url", default=None),
        allow_replicate=pytestconfig.getoption("--allow-replicate", default=None),
        rate_limit=pytestconfig.getoption("--rate-limit", default=None),
        dry_run=pytestconfig.getoption("--dry-run", default=None),
    )
    yield chosen
    chosen.close()


@pytest.fixture
def new_emulator() -> Iterator[Callable[..., Emulator]]:
    """A factory of isolated in-memory emulators; every app it made is closed afterwards."""
    made: list[Emulator] = []

    def make(**overrides: Any) -> Emulator:
        app = new_emulator_app(**overrides)
        made.append(app)
        return app

    yield make
    for app in made:
        app.close()


@pytest.fixture
def fresh_emulator(new_emulator: Callable[..., Emulator]) -> Emulator:
    """An isolated in-memory emulator app with the demo fixtures."""
    return new_emulator()
