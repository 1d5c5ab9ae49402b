"""CBR v3's read side: what showVault, listVault, listExternalVault, listBackups and listOpLogs
answer for the parameters and members the spec documents (each test one rule of
openapi/cbr-v3.yaml, found by the contract suite's CBR model).
"""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

from csbs_emulator.app import Emulator

from .conftest import TOKEN, demo_fixtures


def load(client: TestClient, fixtures: dict[str, Any]) -> None:
    response = client.put("/_emulator/fixtures", json=fixtures)
    assert response.status_code == 200, response.text


def test_a_vaults_bound_resources_carry_their_backups_count_and_size(
    app: Emulator, client: TestClient, demo: dict[str, Any]
) -> None:
    # The demo's server vault, with two resources bound: one with backups in it, one without.
    fixtures = demo_fixtures()
    vault = next(v for v in fixtures["cbr"]["vaults"] if v["id"] == demo["cbr"]["source_vault_id"])
    held = next(b for b in fixtures["cbr"]["backups"] if b["vault_id"] == vault["id"])
    mine = [b for b in fixtures["cbr"]["backups"] if b["vault_id"] == vault["id"]]
    same = [b for b in mine if b["resource_id"] == held["resource_id"]]
    vault["resources"] = [
        {"id": held["resource_id"], "name": "ecs-held", "type": "OS::Nova::Server", "size": 40},
        {
            "id": "00000000-0000-4000-8000-00000000abcd",
            "name": "ecs-none",
            "type": "OS::Nova::Server",
        },
    ]
    load(client, fixtures)
    for path in (
        f"/v3/{demo['project_id']}/vaults/{vault['id']}",
        f"/v3/{demo['project_id']}/vaults",
    ):
        response = client.get(path, headers=TOKEN)
        assert response.status_code == 200, response.text  # was a 500: the strict reading broke
        body = response.json()
        shown = (
            body["vault"]
            if "vault" in body
            else next(v for v in body["vaults"] if v["id"] == vault["id"])
        )
        resources = {r["id"]: r for r in shown["resources"]}
        first = resources[held["resource_id"]]
        assert first["backup_count"] == len(same)
        assert first["backup_size"] == sum(b.get("resource_size", 0) for b in same)
        assert (first["name"], first["size"]) == ("ecs-held", 40)
        empty = resources["00000000-0000-4000-8000-00000000abcd"]
        assert (empty["backup_count"], empty["backup_size"]) == (0, 0)


def listed(client: TestClient, path: str, **params: Any) -> set[str]:
    response = client.get(path, params=params, headers=TOKEN)
    assert response.status_code == 200, response.text
    body = response.json()
    items = body.get("backups", body.get("vaults", body.get("operation_logs")))
    assert body["count"] == len(items)
    return {item["id"] for item in items}


def test_list_backups_filters_every_documented_parameter(
    client: TestClient, demo: dict[str, Any]
) -> None:
    # enterprise_project_id, incremental, used_percent and own_type=shared were ignored.
    fixtures = demo_fixtures()
    project = demo["project_id"]
    mine = [b for b in fixtures["cbr"]["backups"] if b["project_id"] == project]
    mine[0]["enterprise_project_id"] = "ep-finance"
    load(client, fixtures)
    incremental = {b["id"] for b in mine if b.get("incremental", False)}
    path = f"/v3/{project}/backups"
    every = {b["id"] for b in mine}
    assert listed(client, path) == every
    assert listed(client, path, enterprise_project_id="ep-finance") == {mine[0]["id"]}
    assert listed(client, path, enterprise_project_id="all_granted_eps") == every
    assert listed(client, path, enterprise_project_id="0") == every - {mine[0]["id"]}
    assert incremental
    assert incremental != every
    assert listed(client, path, incremental="true") == incremental
    assert listed(client, path, incremental="false") == every - incremental
    # Nothing is shared with the project; `all_granted` is its own backups and shared ones.
    assert listed(client, path, own_type="shared") == set()
    assert listed(client, path, own_type="all_granted") == every
    assert listed(client, path, own_type="private", member_status="accepted") == every
    # used_percent: backups in vaults used to at least that share of their size.
    vaults = {v["id"]: v for v in fixtures["cbr"]["vaults"]}
    used: dict[str, int] = {}
    for b in fixtures["cbr"]["backups"]:
        used[b["vault_id"]] = used.get(b["vault_id"], 0) + b.get("resource_size", 0)
    for percent in (1, 50, 100):
        full = {v for v in vaults if used.get(v, 0) * 100 >= percent * vaults[v]["size"]}
        want = {b["id"] for b in mine if b["vault_id"] in full}
        assert listed(client, path, used_percent=str(percent)) == want, percent


def test_a_time_filter_with_a_zone_is_the_same_instant_in_utc(
    client: TestClient, demo: dict[str, Any]
) -> None:
    # A numeric offset was kept in the string and compared as text: 12:00+08:00 is 04:00 UTC.
    project = demo["project_id"]
    path = f"/v3/{project}/backups"
    times = sorted(
        (b["created_at"], b["id"])
        for b in demo_fixtures()["cbr"]["backups"]
        if b["project_id"] == project
    )
    stamp, _ = times[len(times) // 2]
    after = {i for t, i in times if t >= stamp}
    before = {i for t, i in times if t <= stamp}
    moment = stamp[:19]
    hour = int(moment[11:13])
    east = f"{moment[:11]}{hour + 8:02d}{moment[13:]}{stamp[19:]}+08:00" if hour < 16 else None
    for same in filter(None, (stamp, stamp + "Z", east, east and east.replace("+08:00", "+0800"))):
        assert listed(client, path, start_time=same) == after, same
        assert listed(client, path, end_time=same) == before, same
    west = f"{moment[:11]}{hour - 1:02d}{moment[13:]}{stamp[19:]}-01:00" if hour >= 1 else None
    if west:
        assert listed(client, path, start_time=west) == after


def test_vault_listings_filter_by_enterprise_project_and_spelling(
    client: TestClient, demo: dict[str, Any]
) -> None:
    # enterprise_project_id was ignored by both; listExternalVault's vault_id kept the other
    # filters; object_type and objcet_type disagreeing listed the object_type's vaults.
    fixtures = demo_fixtures()
    project, there = demo["project_id"], demo["destination_project_id"]
    vaults = fixtures["cbr"]["vaults"]
    mine = [v for v in vaults if v["project_id"] == project]
    theirs = [v for v in vaults if v["project_id"] == there]
    mine[0]["enterprise_project_id"] = theirs[0]["enterprise_project_id"] = "ep-finance"
    load(client, fixtures)
    path = f"/v3/{project}/vaults"
    assert listed(client, path, enterprise_project_id="ep-finance") == {mine[0]["id"]}
    assert listed(client, path, enterprise_project_id="all_granted_eps") == {v["id"] for v in mine}
    external = f"/v3/{project}/vaults/external"
    where = {"external_project_id": there, "region_id": demo["destination_region"]}
    assert listed(client, external, **where, enterprise_project_id="ep-finance") == {
        theirs[0]["id"]
    }
    # vault_id alone selects: a protect_type it does not have is ignored.
    other = "backup" if theirs[0].get("protect_type") != "backup" else "replication"
    assert listed(client, external, **where, vault_id=theirs[0]["id"], protect_type=other) == {
        theirs[0]["id"]
    }
    servers = {v["id"] for v in theirs if v.get("object_type", "server") == "server"}
    assert servers
    assert listed(client, external, **where, object_type="server", objcet_type="server") == servers
    assert listed(client, external, **where, objcet_type="server") == servers
    assert listed(client, external, **where, object_type="server", objcet_type="disk") == set()


def test_tasks_filter_by_their_backups_enterprise_project(
    client: TestClient, demo: dict[str, Any]
) -> None:
    fixtures = demo_fixtures()
    backups = demo["cbr"]["backup_ids"][:2]
    for b in fixtures["cbr"]["backups"]:
        if b["id"] == backups[0]:
            b["enterprise_project_id"] = "ep-finance"
    load(client, fixtures)
    for backup in backups:
        body = {
            "replicate": {
                "destination_project_id": demo["destination_project_id"],
                "destination_region": demo["destination_region"],
                "destination_vault_id": demo["cbr"]["destination_vault_id"],
            }
        }
        url = f"/v3/{demo['project_id']}/backups/{backup}/replicate"
        assert client.post(url, json=body, headers=TOKEN).status_code == 200
    path = f"/v3/{demo['project_id']}/operation-logs"
    every = listed(client, path)
    assert len(every) == 2
    finance = listed(client, path, enterprise_project_id="ep-finance")
    assert len(finance) == 1
    assert listed(client, path, enterprise_project_id="0") == every - finance
    assert listed(client, path, enterprise_project_id="all_granted_eps") == every
    task = client.get(f"{path}/{finance.pop()}", headers=TOKEN).json()["operation_log"]
    assert task["extra_info"]["replication"]["source_backup_id"] == backups[0]
