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
