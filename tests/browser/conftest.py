"""Fixtures of the browser tests: the system Chromium under Playwright, a live emulator, the
static site, and pages that record every request they make.

Chromium is Debian's (`/usr/bin/chromium`, installed by scripts/test), never a browser that
Playwright downloads. Without it these tests fail, naming the command that installs it: docs
that are never rendered in a browser are not tested.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page, Route, sync_playwright

from csbs_emulator.testing import LiveEmulator
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


@pytest.fixture(scope="module")
def live_emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveEmulator]:
    """`csbs-emulator serve --port 0` on 127.0.0.1 with a fresh database, once it answers."""
    db = tmp_path_factory.mktemp("emulator") / "docs.db"
    with LiveEmulator(["--quiet"], db=db, cwd=db.parent) as emulator:
        yield emulator


@pytest.fixture(scope="module")
def static_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The docs site, built as `scripts/docs --out` builds it (MkDocs, then its own check)."""
    out = tmp_path_factory.mktemp("site") / "site"
    build(out)
    return out


@pytest.fixture(scope="session")
def reports() -> Path:
    REPORTS.mkdir(exist_ok=True)
    return REPORTS
