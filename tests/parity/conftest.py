"""Fixtures of the parity tests: a clean credential environment, ASGI apps served on loopback.

`serve(app)` runs any ASGI app (a recording server, a mutant emulator) under uvicorn in a
thread on 127.0.0.1 and a free port, and stops it after the test. `parity(*args)` runs the
`scripts/parity` command line in this process and returns its exit code and output.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

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
    servers: list[tuple[uvicorn.Server, threading.Thread, socket.socket]] = []
    apps: list[Any] = []

    def start(app: Any) -> str:
        apps.append(app)
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        config = uvicorn.Config(app, log_level="error", lifespan="off", access_log=False)
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        deadline = time.monotonic() + 10
        while not server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the server did not start")
            time.sleep(0.01)
        servers.append((server, thread, sock))
        return f"http://127.0.0.1:{port}"

    yield start
    for server, _, _ in servers:
        server.should_exit = True
    for _, thread, sock in servers:
        thread.join(timeout=10)
        sock.close()
    for app in apps:
        close = getattr(app, "close", None)
        if close is not None:
            close()  # an emulator's store


@pytest.fixture
def parity(capsys: pytest.CaptureFixture[str]) -> Parity:
    def run(*args: str) -> tuple[int, str]:
        capsys.readouterr()
        code = main(list(args))
        return code, capsys.readouterr().out

    return run
