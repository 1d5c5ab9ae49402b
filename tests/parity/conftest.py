"""Fixtures of the parity tests: a clean credential environment, ASGI apps served on loopback.

`serve(app)` runs any ASGI app (a recording server, a mutant emulator) under uvicorn in a
thread on 127.0.0.1 and a free port, and stops it after the test. `parity(*args)` runs the
`scripts/parity` command line in this process and returns its exit code and output.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest

from contract_tests.recording_endpoint import serve_on_loopback
from tools.parity.__main__ import main

ROOT = Path(__file__).resolve().parents[2]
CREDENTIAL_PREFIXES = ("CSBS_", "HUAWEICLOUD_SDK")
Serve = Callable[[Any], str]
Parity = Callable[..., tuple[int, str]]


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No credential or target of the developer's shell leaks into a test."""
    for name in list(os.environ):
        if name.startswith(CREDENTIAL_PREFIXES):
            monkeypatch.delenv(name)


def clean_env() -> dict[str, str]:
    """This process's environment without credentials, for subprocesses."""
    return {k: v for k, v in os.environ.items() if not k.startswith(CREDENTIAL_PREFIXES)}


@pytest.fixture
def serve() -> Iterator[Serve]:
    with ExitStack() as stack:

        def start(app: Any) -> str:
            close = getattr(app, "close", None)
            if close is not None:
                stack.callback(close)  # an emulator's store, after its server stopped
            return stack.enter_context(serve_on_loopback(app))

        yield start


@pytest.fixture
def parity(capsys: pytest.CaptureFixture[str]) -> Parity:
    def run(*args: str) -> tuple[int, str]:
        capsys.readouterr()
        code = main(list(args))
        return code, capsys.readouterr().out

    return run
