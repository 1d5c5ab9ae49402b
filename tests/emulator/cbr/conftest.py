"""Fixtures for CBR v3's emulator tests: the demo's CBR names, URLs, bodies and state probes."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from starlette.testclient import TestClient

from csbs_emulator.app import Emulator

TOKEN = {"X-Auth-Token": "emulator-demo-token"}
OTHER_PROJECT = "c9ce5ddc2a52483e96dfd21e9d1f5c01"  # the demo's project of another tenant
UNKNOWN_ID = "00000000-0000-4000-8000-000000000000"


def demo_fixtures() -> dict[str, Any]:
    """The packaged demo fixtures, as JSON a test may change and load (`/_emulator/fixtures`)."""
    text = resources.files("csbs_emulator").joinpath("data", "demo-fixtures.json").read_text()
    data: dict[str, Any] = json.loads(text)
    return data


def vault_id(app: Emulator, name: str) -> str:
    """A demo vault's id, by its name."""
    row = app.store.db.execute("SELECT id FROM cbr_vaults WHERE name = ?", (name,)).fetchone()
    assert row, f"the demo has a vault {name}"
    return str(row[0])


def backup_id(app: Emulator, name: str) -> str:
    row = app.store.db.execute("SELECT id FROM cbr_backups WHERE name = ?", (name,)).fetchone()
    assert row, f"the demo has a backup {name}"
    return str(row[0])


def copy_url(project_id: str, backup: str) -> str:
    return f"/v3/{project_id}/backups/{backup}/replicate"


def copy_body(demo: dict[str, Any], **change: Any) -> dict[str, Any]:
    fields = {
        "destination_project_id": demo["destination_project_id"],
        "destination_region": demo["destination_region"],
        "destination_vault_id": demo["cbr"]["destination_vault_id"],
        **change,
    }
    return {"replicate": fields}


def copy(client: TestClient, demo: dict[str, Any], backup: str, **change: Any) -> Any:
    return client.post(
        copy_url(demo["project_id"], backup), json=copy_body(demo, **change), headers=TOKEN
    )


def state(app: Emulator) -> tuple[Any, ...]:
    """Every CBR row, to prove a refused call wrote nothing."""
    db = app.store.db
    return tuple(
        db.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()  # noqa: S608 - fixed names
        for table in ("cbr_vaults", "cbr_backups", "cbr_replications", "cbr_tasks")
    )
