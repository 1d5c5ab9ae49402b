"""Fixtures of the browser tests: the system Chromium under Playwright, a live emulator, the
static site, and pages that record every request they make.

Chromium is Debian's (`/usr/bin/chromium`, installed by scripts/test), never a browser that
Playwright downloads. Without it these tests fail, naming the command that installs it: docs
that are never rendered in a browser are not tested.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page, Route, sync_playwright

from tools.docs import build

ROOT = Path(__file__).resolve().parents[2]
REPORTS = ROOT / "reports"
CHROMIUM = Path(os.environ.get("CSBS_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
READY_PREFIX = "csbs-emulator: serving on "
START_TIMEOUT_S = 30.0


@pytest.fixture(scope="module")
def browser_context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    """One headless Chromium with a fresh profile folder, for this module only.

    Playwright's sync API keeps an asyncio loop running in the main thread while it is open;
    left open for the session it broke every later test that calls asyncio.run().
    """
    if not CHROMIUM.is_file():
        pytest.fail(
            f"no Chromium at {CHROMIUM}: the docs tests need Debian's headless Chromium. "
            "Install it with `apt-get install chromium` (scripts/test does it), or set "
            "CSBS_CHROMIUM to a Chromium binary. Never `playwright install`.",
            pytrace=False,
        )
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        # A persistent context is how Playwright takes a profile folder of our choosing.
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 1280, "height": 900},
        )
        context.set_default_timeout(20_000)
        yield context
        context.close()


@dataclass
class Recorder:
    """Every URL a page asked for; those that are neither 127.0.0.1 nor file:// are listed in
    `outside` and aborted, so a regression cannot reach the network at all."""

    requests: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # console errors and uncaught exceptions

    @staticmethod
    def is_local(url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme == "data":
            return True  # images inlined in Swagger UI's CSS: nothing leaves the page
        if parts.scheme == "file":
            return True
        return parts.scheme in ("http", "https") and parts.hostname == "127.0.0.1"

    def on_request(self, url: str) -> None:
        self.requests.append(url)
        if not self.is_local(url):
            self.outside.append(url)

    def route(self, route: Route) -> None:
        if self.is_local(route.request.url):
            route.continue_()
        else:
            route.abort()


@pytest.fixture
def page(browser_context: BrowserContext) -> Iterator[tuple[Page, Recorder]]:
    """A fresh page recording every request it makes (see `Recorder`)."""
    recorder = Recorder()
    page = browser_context.new_page()
    page.on("request", lambda request: recorder.on_request(request.url))
    page.route("**/*", recorder.route)
    page.on(
        "console",
        lambda message: recorder.errors.append(message.text) if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: recorder.errors.append(f"uncaught: {error}"))
    yield page, recorder
    page.close()


@dataclass
class LiveEmulator:
    base_url: str
    process: subprocess.Popen[str]
    output: list[str]


def _emulator_command() -> list[str]:
    """The installed `csbs-emulator` command of this interpreter's environment, as users run it."""
    script = Path(sys.executable).parent / "csbs-emulator"
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-m", "csbs_emulator"]


@pytest.fixture(scope="module")
def live_emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveEmulator]:
    """`csbs-emulator serve --port 0` on 127.0.0.1 with a fresh database, until its ready line."""
    db = tmp_path_factory.mktemp("emulator") / "docs.db"
    command = [
        *_emulator_command(),
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        "0",
        "--db",
        str(db),
        "--quiet",
    ]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=db.parent,
    )
    output: list[str] = []
    ready = threading.Event()
    base: list[str] = []

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            output.append(line.rstrip("\n"))
            if line.startswith(READY_PREFIX) and not base:
                base.append(line[len(READY_PREFIX) :].split()[0])
                ready.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    deadline = time.monotonic() + START_TIMEOUT_S
    while not ready.wait(0.1):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            process.wait()
            pytest.fail(
                f"{' '.join(command)} printed no ready line in {START_TIMEOUT_S:.0f}s "
                f"(exit {process.returncode}):\n" + "\n".join(output),
                pytrace=False,
            )
    try:
        yield LiveEmulator(base[0], process, output)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        reader.join(timeout=5)


@pytest.fixture(scope="module")
def static_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The static docs site, built as `scripts/docs --out` builds it."""
    out = tmp_path_factory.mktemp("site") / "site"
    build(out)
    return out


@pytest.fixture(scope="session")
def reports() -> Path:
    REPORTS.mkdir(exist_ok=True)
    return REPORTS
