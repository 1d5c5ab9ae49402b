"""The spec is the routing table: every operationId is served, nothing else is routed."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from starlette.testclient import TestClient

from csbs_emulator.app import Emulator
from csbs_emulator.spec import compile_routes, load_document

from .conftest import assert_error


def operation_ids(document: dict[str, Any]) -> set[str]:
    return {
        op["operationId"]
        for item in document["paths"].values()
        for method, op in item.items()
        if isinstance(op, dict) and "operationId" in op
    }


def test_every_public_operation_has_a_handler_and_no_handler_is_unrouted(app: Emulator) -> None:
    for room in app.rooms:
        spec_ids = operation_ids(app.specs[room.name])
        assert set(room.handlers()) == spec_ids, room.name
        public = app.public[room.path_prefix]
        routed = {op.operation_id for r in public.routes for op in r.operations.values()}
        assert routed == spec_ids, room.name


def test_every_control_operation_has_a_handler(app: Emulator) -> None:
    assert set(app.control_plane.handlers()) == operation_ids(app.control_spec)


def test_the_control_plane_is_not_in_the_public_spec(app: Emulator) -> None:
    for spec in app.specs.values():
        assert not [path for path in spec["paths"] if path.startswith("/_emulator")]


def test_routes_come_from_the_document(app: Emulator) -> None:
    for room in app.rooms:
        routes = compile_routes(load_document(room.spec_file))
        assert sorted(r.template for r in routes) == sorted(app.specs[room.name]["paths"])


@pytest.mark.parametrize(
    "path",
    ["/", "/v1", "/v2/p/checkpoint_items", "/v1/p/checkpoint_items/x/y", "/v1/p/checkpoints",
     "/v1/p/checkpoint_items/", "/_emulator/nothing"],
)  # fmt: skip
def test_unknown_routes_are_404_apigw_0101(client: TestClient, path: str) -> None:
    response = client.get(path, headers={"X-Auth-Token": "emulator-demo-token"})
    assert_error(response, 404, "APIGW.0101")


def test_a_wrong_method_is_405_with_allow(client: TestClient, demo: dict[str, Any]) -> None:
    response = client.delete(
        f"/v1/{demo['project_id']}/checkpoint_items",
        headers={"X-Auth-Token": "emulator-demo-token"},
    )
    assert_error(response, 405, "APIGW.0101")
    assert response.headers["allow"] == "GET"


def test_query_parameters_are_validated_from_the_spec(
    client: TestClient, demo: dict[str, Any]
) -> None:
    url = f"/v1/{demo['project_id']}/checkpoint_items"
    headers = {"X-Auth-Token": "emulator-demo-token"}
    for query, fragment in [
        ("limit=0", "limit"),
        ("limit=2147483648", "limit"),
        ("limit=abc", "limit"),
        ("offset=-1", "offset"),
        ("status=sleeping", "status"),
        ("marker=not-a-uuid", "marker"),
        ("sort=size", "sort"),
        ("sort=name:up", "sort"),
        ("sort=name,", "sort"),
        (f"sort={'name,' * 63}name", "sort"),  # 256 characters: over the documented 255
        ("start_time=2026-11-01", "start_time"),
        ("end_time=2026-13-01T00:00:00", "end_time"),
        ("start_time=2026-11-01T08:10:15.1234567", "start_time"),
        ("all_tenants=yes", "all_tenants"),
        ("dec=1", "unknown query parameter"),  # sent by an old SDK, documented nowhere
        ("limit=1&limit=2", "more than once"),
    ]:
        payload = assert_error(client.get(f"{url}?{query}", headers=headers), 400, "CSBS.9001")
        assert fragment in payload["error_msg"], query


def test_listing_pages_with_limit_and_marker(client: TestClient, demo: dict[str, Any]) -> None:
    url = f"/v1/{demo['project_id']}/checkpoint_items"
    headers = {"X-Auth-Token": "emulator-demo-token"}
    everything = client.get(url, headers=headers).json()["checkpoint_items"]
    assert "checkpoint_items_links" not in client.get(url, headers=headers).json()
    seen: list[str] = []
    page = client.get(f"{url}?limit=2", headers=headers).json()
    while True:
        seen += [b["id"] for b in page["checkpoint_items"]]
        links = page.get("checkpoint_items_links")
        if not links:
            break
        assert links[0]["rel"] == "next"
        page = client.get(links[0]["href"], headers=headers).json()
    assert seen == [b["id"] for b in everything]
    created = [b["created_at"] for b in everything]
    assert created == sorted(created, reverse=True)
    available = client.get(f"{url}?status=available", headers=headers).json()["checkpoint_items"]
    assert available
    assert all(b["status"] == "available" for b in available)
    assert_error(
        client.get(f"{url}?marker=00000000-0000-4000-8000-000000000000", headers=headers),
        404,
        "CSBS.3001",
    )


def test_the_catalogue_and_the_spec_agree(app: Emulator) -> None:
    """Each room's catalogue is exactly the codes its spec lists (`x-<room>-error-codes`),
    each at the one status the spec gives it."""
    for room in app.rooms:
        catalogue = room.catalogue.entries
        listed: dict[str, set[int]] = {}
        for item in app.specs[room.name]["paths"].values():
            for op in item.values():
                for status, codes in op[f"x-{room.name}-error-codes"].items():
                    assert status in op["responses"], (op["operationId"], status)
                    for code in codes:
                        listed.setdefault(code, set()).add(int(status))
        for code, statuses in listed.items():
            assert code in catalogue, (room.name, code)
            assert statuses == {catalogue[code].status}, (room.name, code)
        assert set(catalogue) == set(listed), room.name


def test_raw_specs_are_served(client: TestClient) -> None:
    as_json = client.get("/openapi.json")
    assert as_json.status_code == 200
    assert as_json.json()["openapi"] == "3.0.3"
    as_yaml = client.get("/openapi.yaml")
    assert yaml.safe_load(as_yaml.text) == as_json.json()
    control = client.get("/_emulator/openapi.json").json()
    assert "/_emulator/demo" in control["paths"]
