"""`/docs` serves CBR's spec beside CSBS's: a Swagger UI page, the docs copy with the demo's
examples, and the raw document byte for byte."""

from __future__ import annotations

from importlib import resources
from typing import Any

from starlette.testclient import TestClient


def test_the_cbr_docs_page_and_its_spec(client: TestClient, demo: dict[str, Any]) -> None:
    page = client.get("/docs/cbr")
    assert page.status_code == 200
    assert "CBR" in page.text
    assert 'href="/docs/cbr" aria-current="page"' in page.text
    assert 'href="/docs/cbr"' in client.get("/docs").text  # each page links the other
    doc = client.get("/docs/cbr/openapi.json").json()
    assert doc["servers"] == [
        {"url": "http://127.0.0.1:8080", "description": "This emulator (the docs page's origin)"}
    ]
    parameters = doc["components"]["parameters"]
    backup = next(p for p in parameters.values() if p.get("name") == "backup_id")
    assert [e["value"] for e in backup["examples"].values()] == demo["cbr"]["backup_ids"]
    copy = doc["paths"]["/v3/{project_id}/backups/{backup_id}/replicate"]["post"]
    example = copy["requestBody"]["content"]["application/json"]["examples"]["emulatorDemo"]
    assert (
        example["value"]["replicate"]["destination_vault_id"] == demo["cbr"]["destination_vault_id"]
    )


def test_the_raw_cbr_spec_is_served_byte_for_byte(client: TestClient) -> None:
    raw = resources.files("csbs_emulator").joinpath("data", "cbr-v3.yaml").read_bytes()
    served = client.get("/cbr/openapi.yaml")
    assert served.status_code == 200
    assert served.content == raw
    assert client.get("/cbr/openapi.json").json()["info"]["title"]
