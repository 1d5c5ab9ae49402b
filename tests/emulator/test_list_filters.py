"""listBackups and countBackups: every documented parameter, on the demo dataset (issue 11).

Each filter is used with a non-empty, discriminating result and checked against the names the
demo fixtures give (not against the emulator's own code); each sort key is checked for its
order; `offset`, `marker`, `limit` and the `next` link are checked together; count is checked
against the full listing for each filter. The choices these tests pin down are the spec's
`x-csbs-choice` texts (fuzzy name rules, `created_at` window, ignored `all_tenants`, ...).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from starlette.testclient import TestClient

from csbs_emulator.app import Emulator

from .conftest import assert_error, body, replicate_url

TOKEN = {"X-Auth-Token": "emulator-demo-token"}
ADMIN = {"X-Auth-Token": "emulator-admin-token"}
OTHER_PROJECT = "c9ce5ddc2a52483e96dfd21e9d1f5c01"  # another tenant, also in cn-north-1
EAST_PROJECT = "03aa3897fcf446b6986c39e8c7bb69f6"  # cn-east-2
DEMO_NAMES = [f"manualbk_demo_{i}" for i in range(5)] + [
    "manualbk_demo_protecting", "manualbk_demo_error", "manualbk_demo_deleting", "volume_demo_8",
]  # fmt: skip
DAILY_POLICY = "7b98bd50-2798-5bce-9363-1f173bf89e4f"


def listing(client: TestClient, project: str, query: str = "", headers: Any = None) -> Any:
    response = client.get(f"/v1/{project}/checkpoint_items?{query}", headers=headers or TOKEN)
    assert response.status_code == 200, response.text
    return response.json()


def names(client: TestClient, project: str, query: str = "", headers: Any = None) -> list[str]:
    return [b["name"] for b in listing(client, project, query, headers)["checkpoint_items"]]


def count(client: TestClient, project: str, query: str = "", headers: Any = None) -> int:
    url = f"/v1/{project}/checkpoint_items/count?{query}"
    response = client.get(url, headers=headers or TOKEN)
    assert response.status_code == 200, response.text
    assert set(response.json()) == {"count"}
    return int(response.json()["count"])


def by_name(client: TestClient, project: str) -> dict[str, dict[str, Any]]:
    return {b["name"]: b for b in listing(client, project)["checkpoint_items"]}


def test_default_order_is_newest_first_and_every_member_is_sent(
    client: TestClient, demo: dict[str, Any]
) -> None:
    items = listing(client, demo["project_id"])["checkpoint_items"]
    assert [b["name"] for b in items] == DEMO_NAMES[::-1]
    for item in items:
        assert {"backup_data", "protected_at", "expired_at", "tags"} <= set(item)
        assert len(item["extend_info"]) == 22
        assert item["extend_info"]["hypervisor_type"] == "QEMU"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Fuzzy: substring, ASCII case ignored on both sides.
        ("name=DEMO_1", ["manualbk_demo_1"]),
        ("name=demo_", DEMO_NAMES),
        ("name=", DEMO_NAMES),  # an empty fragment matches everything
        ("name=%25", []),  # % is a plain character, not a wildcard
        ("resource_name=web", ["manualbk_demo_0", "manualbk_demo_1", "manualbk_demo_4",
                               "manualbk_demo_deleting"]),
        ("resource_name=DB", ["manualbk_demo_2", "manualbk_demo_3", "manualbk_demo_error"]),
        ("az=cn-north-1b", ["manualbk_demo_1", "manualbk_demo_protecting"]),
        ("az=cn-north-1", []),  # exact, not fuzzy
        ("status=available", [*DEMO_NAMES[:5], "volume_demo_8"]),
        ("status=protecting", ["manualbk_demo_protecting"]),
        ("resource_type=OS::Cinder::Volume", ["volume_demo_8"]),
        ("resource_type=OS::Ironic::BareMetalServer", []),
        ("image_type=backup", DEMO_NAMES),
        (f"policy_id={DAILY_POLICY}", ["manualbk_demo_0", "manualbk_demo_2", "manualbk_demo_4",
                                       "volume_demo_8"]),
        ("ip=192.168.0.11", ["manualbk_demo_1"]),  # backup_data.private_ip
        ("ip=80.158.17.102", ["manualbk_demo_2"]),  # backup_data.eip
        # created_at window, inclusive; the fraction may be left out.
        ("start_time=2026-11-03T08:12:15.102222&end_time=2026-11-05T08:14:15",
         ["manualbk_demo_2", "manualbk_demo_3"]),
        ("start_time=2026-11-08T08:17:15.107778", ["volume_demo_8"]),
        ("end_time=2026-11-02T08:11:15.101111", ["manualbk_demo_0", "manualbk_demo_1"]),
        ("start_time=2026-11-05T00:00:00&end_time=2026-11-04T00:00:00", []),
        # Filters combine with AND.
        ("status=available&resource_name=web&az=cn-north-1a",
         ["manualbk_demo_0", "manualbk_demo_4"]),
    ],
)  # fmt: skip
def test_each_filter_selects_what_the_fixtures_say(
    client: TestClient, demo: dict[str, Any], query: str, expected: list[str]
) -> None:
    project = demo["project_id"]
    assert sorted(names(client, project, query)) == sorted(expected)
    # countBackups applies the same filter with the same meaning.
    assert count(client, project, query) == len(expected)


def test_the_id_filters_select_one_backup(client: TestClient, demo: dict[str, Any]) -> None:
    project = demo["project_id"]
    third = by_name(client, project)["manualbk_demo_3"]
    for member in ("resource_id", "checkpoint_id"):
        query = f"{member}={third[member]}"
        assert names(client, project, query) == ["manualbk_demo_3"]
        assert count(client, project, query) == 1
    # Not a UUID: matches nothing rather than being refused (x-csbs-choice).
    assert names(client, project, "resource_id=i-abc") == []


@pytest.mark.parametrize(
    ("sort", "key"),
    [
        ("name:asc", lambda b: (b["name"], b["id"])),
        ("name", lambda b: (b["name"], b["id"])),  # desc by default
        ("created_at:asc", lambda b: (b["created_at"], b["id"])),
        ("updated_at:desc", lambda b: (b["updated_at"], b["id"])),
        ("protected_at:asc", lambda b: (b["protected_at"], b["id"])),
        ("id:asc", lambda b: b["id"]),
        ("status:asc,name:desc", None),
    ],
)
def test_sort_orders_every_documented_key(
    client: TestClient, demo: dict[str, Any], sort: str, key: Any
) -> None:
    items = listing(client, demo["project_id"], f"sort={sort}")["checkpoint_items"]
    assert len(items) == 9
    if key is None:  # mixed directions: status up, then name down
        expected = sorted(items, key=lambda b: b["name"], reverse=True)
        expected = sorted(expected, key=lambda b: b["status"])
    else:
        expected = sorted(items, key=key, reverse=not sort.endswith(":asc"))
    assert [b["id"] for b in items] == [b["id"] for b in expected]


def test_ties_are_broken_by_id_and_paging_is_total_under_every_sort(
    client: TestClient, demo: dict[str, Any]
) -> None:
    project = demo["project_id"]
    created = client.post(
        "/_emulator/backups", json={"project_id": project, "count": 7, "name": "same_name"}
    )
    assert created.status_code == 200, created.text
    for sort in ("name:asc", "name:desc", "status:asc,name:desc", "created_at:asc", "id:desc"):
        full = [b["id"] for b in listing(client, project, f"sort={sort}")["checkpoint_items"]]
        assert len(full) == 16
        seen: list[str] = []
        page = listing(client, project, f"sort={sort}&limit=3")
        while True:
            seen += [b["id"] for b in page["checkpoint_items"]]
            links = page.get("checkpoint_items_links")
            if not links:
                break
            assert links[0]["rel"] == "next"
            query = parse_qs(urlsplit(links[0]["href"]).query)
            assert query["sort"] == [sort]
            assert query["limit"] == ["3"]
            assert "offset" not in query
            page = listing(client, project, urlsplit(links[0]["href"]).query)
        assert seen == full, sort
    ties = [b for b in listing(client, project, "name=same_name&sort=name:asc")["checkpoint_items"]]
    assert [b["id"] for b in ties] == sorted(b["id"] for b in ties)


def test_offset_skips_after_the_marker(client: TestClient, demo: dict[str, Any]) -> None:
    project = demo["project_id"]
    full = [b["id"] for b in listing(client, project)["checkpoint_items"]]
    assert [b["id"] for b in listing(client, project, "offset=2&limit=3")["checkpoint_items"]] == (
        full[2:5]
    )
    page = listing(client, project, f"marker={full[1]}&offset=1&limit=2")
    assert [b["id"] for b in page["checkpoint_items"]] == full[3:5]
    next_query = parse_qs(urlsplit(page["checkpoint_items_links"][0]["href"]).query)
    assert next_query["marker"] == [full[4]]
    assert "offset" not in next_query
    assert listing(client, project, "offset=0")["checkpoint_items"][0]["id"] == full[0]
    assert listing(client, project, "offset=9")["checkpoint_items"] == []


def test_limit_pages_by_at_most_1000(client: TestClient, demo: dict[str, Any]) -> None:
    project = demo["project_id"]
    created = client.post("/_emulator/backups", json={"project_id": project, "count": 1000})
    assert created.status_code == 200, created.text
    page = listing(client, project, "limit=5000")
    assert len(page["checkpoint_items"]) == 1000
    assert "limit=5000" in page["checkpoint_items_links"][0]["href"]
    assert count(client, project) == 1009


def test_all_tenants_is_for_administrators(client: TestClient, demo: dict[str, Any]) -> None:
    project = demo["project_id"]
    everyone = names(client, project, "all_tenants=true", ADMIN)
    # Both cn-north-1 projects (the demo's and another tenant's), no other region's backups.
    assert sorted(everyone) == sorted([*DEMO_NAMES, "other_backup_0", "other_backup_1"])
    assert count(client, project, "all_tenants=true", ADMIN) == 11
    assert count(client, project, "all_tenants=true&name=other", ADMIN) == 2
    # A non-administrator's all_tenants is ignored: own project only, nothing leaks.
    assert sorted(names(client, project, "all_tenants=true")) == sorted(DEMO_NAMES)
    assert count(client, project, "all_tenants=true") == 9
    assert names(client, project, "all_tenants=false", ADMIN) == DEMO_NAMES[::-1]
    # An administrator's marker may name another tenant's backup of the region.
    full = listing(client, project, "all_tenants=true", ADMIN)["checkpoint_items"]
    foreign = next(b for b in full if b["name"] == "other_backup_0")
    page = listing(client, project, f"all_tenants=true&marker={foreign['id']}", ADMIN)
    assert [b["id"] for b in page["checkpoint_items"]] == [
        b["id"] for b in full[full.index(foreign) + 1 :]
    ]
    url = f"/v1/{project}/checkpoint_items?marker={foreign['id']}"
    assert_error(client.get(url, headers=TOKEN), 404, "CSBS.3001")


def test_replicas_are_listed_with_their_image_type(
    client: TestClient, demo: dict[str, Any]
) -> None:
    source = by_name(client, demo["project_id"])["manualbk_demo_1"]
    url = replicate_url(demo["project_id"], source["id"])
    answer = client.post(url, headers=TOKEN, json=body("cn-east-2", EAST_PROJECT, name="copy1"))
    assert answer.status_code == 200, answer.text
    replicas = listing(client, EAST_PROJECT, "image_type=replication")["checkpoint_items"]
    assert [b["name"] for b in replicas] == ["copy1"]
    replica = replicas[0]
    assert replica["extend_info"]["copy_from"] == "cn-north-1"
    assert replica["extend_info"]["resource_name"] == "ecs-web-1"
    assert replica["protected_at"] == source["protected_at"]
    assert replica["backup_data"] == source["backup_data"]
    assert count(client, EAST_PROJECT, "image_type=replication&resource_name=WEB") == 1
    assert count(client, EAST_PROJECT, "image_type=backup") == 0


def test_a_row_changed_in_one_column_is_listed_as_changed(
    app: Emulator, client: TestClient, demo: dict[str, Any]
) -> None:
    """Listings keep decoded backups between calls (by id); one is reused only if its whole
    row is unchanged. Here a write outside the API (as another emulator on the same file, or
    a user's own SQL, can make) changes a single column and nothing else, not even
    updated_at."""
    project = demo["project_id"]
    before = by_name(client, project)["manualbk_demo_2"]
    app.store.db.execute(
        "UPDATE backups SET description = 'changed elsewhere' WHERE id = ?", (before["id"],)
    )
    after = by_name(client, project)["manualbk_demo_2"]
    assert after["description"] == "changed elsewhere" != before["description"]
    assert {k: v for k, v in after.items() if k != "description"} == {
        k: v for k, v in before.items() if k != "description"
    }


@pytest.mark.parametrize("query", ["limit=1", "marker=x", "sort=name", "offset=1", "dec=1"])
def test_count_takes_no_paging_or_sort(
    client: TestClient, demo: dict[str, Any], query: str
) -> None:
    url = f"/v1/{demo['project_id']}/checkpoint_items/count?{query}"
    payload = assert_error(client.get(url, headers=TOKEN), 400, "CSBS.9001")
    assert "unknown query parameter" in payload["error_msg"]


def test_count_is_routed_before_show(client: TestClient, demo: dict[str, Any]) -> None:
    # `count` would otherwise be read as a checkpoint_item_id (and refused as no UUID).
    assert count(client, demo["project_id"]) == 9
    assert count(client, OTHER_PROJECT, headers={"X-Auth-Token": "emulator-other-token"}) == 2
    url = f"/v1/{demo['project_id']}/checkpoint_items/count"
    assert_error(client.get(url), 401, "APIGW.0301")
    assert_error(client.get(url.replace(demo["project_id"], OTHER_PROJECT), headers=TOKEN), 403,
                 "APIGW.0302")  # fmt: skip
