"""The docs site, as a reader uses it: built by `scripts/docs`, opened from disk in Chromium.

One page, one browser, for the whole walk (the site is a few dozen pages): from the front page
it follows every link to a file of the site, so every page must be reachable from the front
page, and no link may name a missing file or a missing element of its page; it searches, and
the hit opens; it opens each API reference and finds every operation of its spec rendered;
and no page loads anything but files of the site (fonts, scripts and styles from elsewhere
are refused and listed). The front page's screenshot goes to reports/docs-site-front.png;
the figures of the walk to reports/docs-site.json. Last, over HTTP: the emulator's `/docs`
serves the same site as its guides.
"""

from __future__ import annotations

import json
import time
from collections import deque
from pathlib import Path
from urllib.parse import unquote, urlsplit

import httpx
import pytest
from playwright.sync_api import Page, expect

from csbs_emulator.testing import LiveEmulator
from tools.docs import APIS, load_spec, operations

from .conftest import Recorder

PAGE_COUNT_FLOOR = 15  # the guides and reference pages of mkdocs.yml's nav, and the API pages


def _site_file(site: Path, url: str) -> Path | None:
    """The file of the site a file:// URL names (None: not under the site)."""
    parts = urlsplit(url)
    if parts.scheme != "file":
        return None
    path = Path(unquote(parts.path))
    return path if path.is_relative_to(site) else None


def _ids(page: Page) -> set[str]:
    found: list[str] = page.eval_on_selector_all(
        "[id], a[name]", "els => els.map(e => e.id || e.getAttribute('name'))"
    )
    return set(found)


def _walk(page: Page, site: Path) -> tuple[list[str], int, list[str]]:
    """Visit every page reachable from index.html; (pages visited, links followed, faults)."""
    start = site / "index.html"
    queue: deque[Path] = deque([start])
    seen = {start}
    ids: dict[Path, set[str]] = {}
    anchors: list[tuple[str, Path, str]] = []  # (link as found, target, fragment)
    faults: list[str] = []
    links = 0
    while queue:
        current = queue.popleft()
        page.goto(current.as_uri())
        expect(page.locator("body")).to_be_visible()
        ids[current] = _ids(page)
        hrefs: list[str] = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        for href in hrefs:
            target = _site_file(site, href)
            if target is None:
                continue
            links += 1
            where = f"{current.relative_to(site)} -> {href.removeprefix(site.as_uri())}"
            if not target.is_file():
                faults.append(f"{where}: no such file")
                continue
            fragment = unquote(urlsplit(href).fragment)
            if fragment and not fragment.startswith("/"):  # `#/…`: Swagger UI's own routes
                anchors.append((where, target, fragment))
            if target.suffix == ".html" and target not in seen:
                seen.add(target)
                queue.append(target)
    for where, target, fragment in anchors:
        if target in ids and fragment not in ids[target]:
            faults.append(f"{where}: no element #{fragment} there")
    return [p.relative_to(site).as_posix() for p in ids], links, faults


@pytest.mark.browser
def test_the_site_from_disk(page: tuple[Page, Recorder], static_site: Path, reports: Path) -> None:
    browser_page, recorder = page
    started = time.monotonic()

    # Every page, from the front page: no link to a missing file or element.
    visited, links, faults = _walk(browser_page, static_site)
    assert faults == []
    on_disk = {
        p.relative_to(static_site).as_posix()
        for p in static_site.rglob("*.html")
        if p.name != "404.html"  # a web server's answer for a missing page, linked from none
    }
    assert set(visited) == on_disk, "pages no link reaches, or links to pages not on disk"
    assert len(visited) >= PAGE_COUNT_FLOOR
    walked = time.monotonic() - started

    # The front page, as a reader first sees it.
    browser_page.goto((static_site / "index.html").as_uri())
    expect(browser_page.locator("h1")).to_contain_text("csbs-replicate")
    shot = reports / "docs-site-front.png"
    browser_page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000, "a blank screenshot"

    # Search, in the page: an error code finds the error codes page, and the hit opens it.
    browser_page.keyboard.press("/")
    browser_page.locator("input.md-search__input").press_sequentially("BackupService.1009")
    # The list is drawn as results come in: wait for the hit itself, never count the list.
    hit = browser_page.locator(".md-search-result__item > a[href*='reference/error-codes.html']")
    expect(hit.first).to_be_visible()
    hit.first.click()
    expect(browser_page.locator("h1")).to_contain_text("Error codes")
    expect(browser_page.locator("td code", has_text="BackupService.1009").first).to_be_visible()

    # Each API reference renders every operation of its spec.
    rendered = {}
    for api in APIS:
        browser_page.goto((static_site / "api" / f"{api.key}.html").as_uri())
        expect(browser_page.locator("body")).to_have_attribute("data-docs-ready", "true")
        ids = [
            f"operations-{(operation.get('tags') or ['default'])[0]}-{operation['operationId']}"
            for _method, _path, operation in operations(load_spec(api))
        ]
        assert ids
        for operation_id in ids:
            expect(browser_page.locator(f"[id='{operation_id}']")).to_be_visible()
        expect(browser_page.locator(".docs-bar a", has_text="Guides")).to_have_attribute(
            "href", "../index.html"
        )
        rendered[api.key] = len(ids)

    assert recorder.requests, "the page made no request at all: the recorder is not wired"
    assert recorder.outside == [], f"requests outside the site: {recorder.outside}"
    assert all(url.startswith("file://") for url in recorder.requests)
    assert recorder.errors == [], f"console errors: {recorder.errors}"
    (reports / "docs-site.json").write_text(
        json.dumps(
            {
                "pages": len(visited),
                "links_followed": links,
                "operations_rendered": rendered,
                "requests": len(recorder.requests),
                "walk_seconds": round(walked, 1),
                "seconds": round(time.monotonic() - started, 1),
            },
            indent=2,
        )
        + "\n"
    )


@pytest.mark.browser
def test_the_replicate_operation_in_the_site(
    page: tuple[Page, Recorder], static_site: Path, reports: Path
) -> None:
    """The CSBS page of the site renders replicate as the emulator's `/docs` does, read-only."""
    from .test_docs import REPLICATE, _check_replicate_rendered, _open_replicate, _screenshot

    browser_page, recorder = page
    block = _open_replicate(browser_page, (static_site / "api" / "csbs-v1.html").as_uri())
    seed_example = REPLICATE["requestBody"]["content"]["application/json"]["examples"]["seed"]
    _check_replicate_rendered(block, seed_example["value"]["replication"]["destination_region"])
    # Read-only: the spec's server is the real cloud, so no "Try it out" here.
    expect(block.locator(".try-out__btn")).to_have_count(0)
    _screenshot(browser_page, block, reports, "docs-static-replicate")
    assert all(url.startswith("file://") for url in recorder.requests), recorder.requests
    assert recorder.errors == []
    for api in APIS:
        spec = load_spec(api)
        json_name = api.source.removesuffix(".yaml") + ".json"
        assert (static_site / "api" / api.source).read_text("utf-8") == (
            Path(__file__).resolve().parents[2] / "openapi" / api.source
        ).read_text("utf-8")
        assert json.loads((static_site / "api" / json_name).read_text("utf-8")) == spec


def test_the_emulator_serves_the_guides(static_site: Path, tmp_path: Path) -> None:
    """`/docs` links to `/docs/guides/`, which serves the built site (here named by
    CSBS_DOCS_SITE) and nothing outside it; with no site built, a page says how to build it."""
    site_env = {"CSBS_DOCS_SITE": str(static_site)}
    with (
        LiveEmulator(["--quiet"], env=site_env) as emulator,
        httpx.Client(base_url=emulator.base_url) as client,
    ):
        assert 'href="/docs/guides/"' in client.get("/docs").text
        assert 'href="/docs/guides/"' in client.get("/docs/cbr").text
        moved = client.get("/docs/guides")
        assert (moved.status_code, moved.headers["location"]) == (308, "/docs/guides/")
        front = client.get("/docs/guides/")
        assert front.status_code == 200
        assert front.content == (static_site / "index.html").read_bytes()
        assert front.headers["content-type"] == "text/html; charset=utf-8"
        api = client.get("/docs/guides/api/cbr-v3.html")
        assert api.content == (static_site / "api" / "cbr-v3.html").read_bytes()
        index = client.get("/docs/guides/search/search_index.json")
        assert index.json()["docs"]
        for outside in ("/docs/guides/.csbs-docs-site", "/docs/guides/no-such-page.html"):
            assert client.get(outside).status_code == 404, outside
    empty = tmp_path / "no-site"
    empty.mkdir()
    with LiveEmulator(["--quiet"], env={"CSBS_DOCS_SITE": str(empty)}) as emulator:
        page = httpx.get(f"{emulator.base_url}/docs/guides/")
        assert page.status_code == 200
        assert "<code>scripts/docs</code> builds" in page.text
