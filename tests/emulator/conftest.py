"""Fixtures for the emulator's unit tests: an in-memory emulator per module, reset for each
test (`app`, `client`, `demo`), and fresh ones of any config (`make_emulator`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from csbs_emulator import EmulatorConfig, create_app
from csbs_emulator.app import Emulator

PROVIDER = "fc4d5750-22e7-4798-8a46-f48f62c4c1da"
MakeEmulator = Callable[..., Emulator]


@pytest.fixture
def make_emulator() -> Iterator[MakeEmulator]:
    """Build emulators with any config; all are closed after the test."""
    made: list[Emulator] = []

    def make(**overrides: Any) -> Emulator:
        options: dict[str, Any] = {"strict_responses": True, "access_log": False}
        options.update(overrides)
        app = create_app(EmulatorConfig(**options))
        made.append(app)
        return app

    yield make
    for app in made:
        app.close()


@pytest.fixture(scope="module")
def module_emulator() -> Iterator[Emulator]:
    """One emulator of the default config for a whole test module: building one costs about
    0.4 s (both specs parsed, every schema compiled), a reset about a millisecond."""
    app = create_app(EmulatorConfig(strict_responses=True, access_log=False))
    yield app
    app.close()


@pytest.fixture
def app(module_emulator: Emulator) -> Emulator:
    """The module's emulator, reset for this test as `POST /_emulator/reset` does (the demo
    fixtures reloaded, faults, failures and the clock cleared): the isolation the csbs plugin
    gives its users' tests. A test that needs another config, or closes its emulator (a
    TestClient used as a context manager runs the lifespan), uses `make_emulator`."""
    module_emulator.control_plane.reset()
    return module_emulator


@pytest.fixture
def client(app: Emulator) -> TestClient:
    return TestClient(app, base_url="http://127.0.0.1:8080", raise_server_exceptions=True)


@pytest.fixture
def demo(client: TestClient) -> dict[str, Any]:
    response = client.get("/_emulator/demo")
    assert response.status_code == 200
    data: dict[str, Any] = response.json()
    return data


def replicate_url(project_id: str, item_id: str, provider: str = PROVIDER) -> str:
    return f"/v1/{project_id}/providers/{provider}/checkpoint_items/{item_id}/replicate"


def body(region: str, project: str, **extra: Any) -> dict[str, Any]:
    return {
        "replication": {"destination_region": region, "destination_project_id": project, **extra}
    }


def assert_error(response: Any, status: int, code: str) -> dict[str, Any]:
    """Status, error code, the service's body and headers — every negative test asserts all."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    assert len(response.headers["x-request-id"]) == 32
    payload: dict[str, Any] = response.json()
    assert payload["error_code"] == code, payload
    assert isinstance(payload["error_msg"], str)
    assert payload["error_msg"]
    if code.startswith("APIGW."):
        assert payload["request_id"] == response.headers["x-request-id"]
    else:
        assert set(payload) == {"error_code", "error_msg"}
    assert "Traceback" not in response.text
    return payload
