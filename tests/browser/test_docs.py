"""The emulator's docs, as a person sees them: `/docs` and `/docs/control`, in Chromium.

For the replicate operation: it renders with its parameters, its request example and every
documented status; "Try it out" with the demo token gets a 200 from the live emulator; and
no page asks anything of a host other than 127.0.0.1. The docs site built by `scripts/docs`
(the same pages, opened from disk) is test_site.py's. Screenshots of the expanded operation
go to reports/. The HTTP checks at the end need no browser: every docs response carries
`X-Request-Id`, and the raw specs stay raw.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from playwright.sync_api import FloatRect, Locator, Page, expect

from csbs_emulator.testing import LiveEmulator

from .conftest import ROOT, Recorder

SPEC: dict[str, Any] = yaml.safe_load((ROOT / "openapi" / "csbs-v1.yaml").read_text("utf-8"))
CONTROL_SPEC: dict[str, Any] = yaml.safe_load(
    (ROOT / "openapi" / "emulator-control.yaml").read_text("utf-8")
)
REPLICATE_PATH, REPLICATE = next(
    (path, item["post"])
    for path, item in SPEC["paths"].items()
    if item.get("post", {}).get("operationId") == "replicateBackup"
)
# The statuses the seed page documents for the call; the spec must list them all, and so must
# the rendered page.
DOCUMENTED_STATUSES = {"200", "400", "401", "403", "404", "413", "500", "503"}


def _parameter_names(operation: dict[str, Any]) -> list[str]:
    names = []
    for parameter in operation.get("parameters", []):
        if "$ref" in parameter:
            parameter = SPEC["components"]["parameters"][parameter["$ref"].rsplit("/", 1)[1]]
        names.append(parameter["name"])
    return names


def _operation_block(page: Page, tag: str, operation_id: str) -> Locator:
    # Swagger UI's id of an operation's block: operations-{tag}-{operationId}.
    return page.locator(f"#operations-{tag}-{operation_id}")


def _open_replicate(page: Page, url: str) -> Locator:
    page.goto(url)
    expect(page.locator("body")).to_have_attribute("data-docs-ready", "true")
    block = _operation_block(page, REPLICATE["tags"][0], REPLICATE["operationId"])
    block.locator(".opblock-summary-control").click()
    expect(block.locator(".responses-table").first).to_be_visible()
    return block


def _check_replicate_rendered(block: Locator, example_must_contain: str) -> None:
    rows = block.locator("table.parameters tr[data-param-name]")
    rendered = [rows.nth(i).get_attribute("data-param-name") for i in range(rows.count())]
    assert rendered == _parameter_names(REPLICATE)
    assert set(REPLICATE["responses"]) == DOCUMENTED_STATUSES
    codes = block.locator(".responses-wrapper tr.response[data-code]")
    shown = {codes.nth(i).get_attribute("data-code") for i in range(codes.count())}
    assert shown == DOCUMENTED_STATUSES
    example = block.locator(".opblock-section-request-body .body-param__example")
    expect(example).to_be_visible()
    text = example.inner_text()
    for member in ("replication", "destination_region", "destination_project_id"):
        assert f'"{member}"' in text
    assert example_must_contain in text


def _no_outside_requests(recorder: Recorder) -> None:
    assert recorder.requests, "the page made no request at all: the recorder is not wired"
    assert recorder.outside == [], f"requests outside 127.0.0.1: {recorder.outside}"
    assert recorder.errors == [], f"console errors: {recorder.errors}"


def _screenshot(page: Page, block: Locator, reports: Path, name: str) -> None:
    """`{name}.png`: a screen's worth from the top of the operation, as a reader sees it;
    `{name}-full.png`: the whole expanded operation."""
    block.scroll_into_view_if_needed()
    box = block.bounding_box()
    assert box is not None
    scroll_y = page.evaluate("window.scrollY")
    clip: FloatRect = {"x": 0, "y": box["y"] + scroll_y, "width": 1280, "height": 1000}
    page.screenshot(path=str(reports / f"{name}.png"), full_page=True, clip=clip)
    block.screenshot(path=str(reports / f"{name}-full.png"))
    for shot in (f"{name}.png", f"{name}-full.png"):
        assert (reports / shot).stat().st_size > 10_000, f"{shot}: a blank screenshot"


def _demo(emulator: LiveEmulator) -> dict[str, Any]:
    demo: dict[str, Any] = httpx.get(f"{emulator.base_url}/_emulator/demo").json()
    return demo


@pytest.mark.browser
def test_served_docs_render_replicate_with_no_outside_request(
    page: tuple[Page, Recorder], live_emulator: LiveEmulator, reports: Path
) -> None:
    browser_page, recorder = page
    demo = _demo(live_emulator)
    block = _open_replicate(browser_page, f"{live_emulator.base_url}/docs")
    # The first request example on the emulator's page is aimed at the demo destination.
    _check_replicate_rendered(block, demo["destination_project_id"])
    _screenshot(browser_page, block, reports, "docs-served-replicate")
    _no_outside_requests(recorder)
    assert all(url.startswith(live_emulator.base_url) for url in recorder.requests)


@pytest.mark.browser
def test_try_it_out_replicates_on_the_emulator(
    page: tuple[Page, Recorder], live_emulator: LiveEmulator, reports: Path
) -> None:
    browser_page, recorder = page
    demo = _demo(live_emulator)
    block = _open_replicate(browser_page, f"{live_emulator.base_url}/docs")

    # The demo token is pre-authorized; log out and type it, as a user with a token would.
    browser_page.locator(".auth-wrapper .btn.authorize").click()
    token_box = browser_page.locator(".modal-ux .auth-container").filter(has_text="X-Auth-Token")
    token_box.get_by_role("button", name="Logout").click()
    token_box.locator("input").fill(demo["token"])
    token_box.get_by_role("button", name="Authorize", exact=True).click()
    expect(token_box.get_by_role("button", name="Logout")).to_be_visible()
    token_box.get_by_role("button", name="Close").click()

    block.locator(".try-out__btn").click()
    item = block.locator('tr[data-param-name="checkpoint_item_id"] input[type="text"]')
    expect(item).to_have_value(demo["checkpoint_item_ids"][0])
    expect(block.locator('tr[data-param-name="project_id"] input')).to_have_value(
        demo["project_id"]
    )
    block.locator(".execute").click()
    status = block.locator(".live-responses-table tr.response .response-col_status").first
    expect(status).to_have_text("200", timeout=20_000)
    body = block.locator(".live-responses-table tr.response .response-col_description pre").first
    reply = json.loads(body.inner_text())
    assert reply["replication"]["checkpoint_item_id"] == demo["checkpoint_item_ids"][0]
    assert reply["replication"]["destination_region"] == demo["destination_region"]
    _screenshot(browser_page, block, reports, "docs-served-try-it-out")

    posts = [u for u in recorder.requests if u.endswith("/replicate")]
    path = REPLICATE_PATH.format(
        project_id=demo["project_id"],
        provider_id=SPEC["components"]["schemas"]["ProviderId"]["enum"][0],
        checkpoint_item_id=demo["checkpoint_item_ids"][0],
    )
    assert posts == [f"{live_emulator.base_url}{path}"]
    _no_outside_requests(recorder)


@pytest.mark.browser
def test_served_control_plane_docs(
    page: tuple[Page, Recorder], live_emulator: LiveEmulator
) -> None:
    browser_page, recorder = page
    browser_page.goto(f"{live_emulator.base_url}/docs/control")
    expect(browser_page.locator("body")).to_have_attribute("data-docs-ready", "true")
    operations = [
        (operation["tags"][0], operation["operationId"])
        for item in CONTROL_SPEC["paths"].values()
        for operation in item.values()
    ]
    for tag, operation_id in operations:
        expect(_operation_block(browser_page, tag, operation_id)).to_be_visible()
    _no_outside_requests(recorder)


DOCS_PATHS = [
    "/docs",
    "/docs/",
    "/docs/control",
    "/docs/openapi.json",
    "/docs/control/openapi.json",
    "/docs/assets/swagger-ui-bundle.js",
    "/docs/assets/swagger-ui.css",
    "/docs/assets/docs.js",
    "/docs/assets/favicon-32x32.png",
]


def test_every_docs_response_carries_a_request_id(live_emulator: LiveEmulator) -> None:
    with httpx.Client(base_url=live_emulator.base_url) as client:
        for path in [*DOCS_PATHS, "/docs/no-such-page", "/docs/assets/../../openapi.yaml"]:
            for method in ("GET", "HEAD"):
                response = client.request(method, path)
                assert len(response.headers.get("x-request-id", "")) == 32, (method, path)
        for path in DOCS_PATHS:
            assert client.get(path).status_code == 200, path
        missing = client.get("/docs/no-such-page")
        assert missing.status_code == 404
        assert missing.json()["error_code"] == "APIGW.0101"
        page = client.get("/docs")
        assert "script-src 'self'" in page.headers["content-security-policy"]
        asset = client.get("/docs/assets/docs.js")
        again = client.get("/docs/assets/docs.js", headers={"if-none-match": asset.headers["etag"]})
        assert again.status_code == 304
        assert len(again.headers["x-request-id"]) == 32


def test_raw_specs_stay_raw_and_the_docs_copy_points_here(live_emulator: LiveEmulator) -> None:
    with httpx.Client(base_url=live_emulator.base_url) as client:
        raw_yaml = client.get("/openapi.yaml").content
        assert raw_yaml == (ROOT / "openapi" / "csbs-v1.yaml").read_bytes()
        assert client.get("/openapi.json").json() == SPEC
        docs_copy = client.get("/docs/openapi.json").json()
        assert [s["url"] for s in docs_copy["servers"]] == [live_emulator.base_url]
        control_copy = client.get("/docs/control/openapi.json").json()
        assert [s["url"] for s in control_copy["servers"]] == [live_emulator.base_url]
        # Beyond servers, examples and the note, the docs copy is the spec.
        assert docs_copy["paths"].keys() == SPEC["paths"].keys()
        assert docs_copy["components"]["schemas"].keys() == SPEC["components"]["schemas"].keys()
