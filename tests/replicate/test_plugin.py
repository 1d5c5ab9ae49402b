"""The pytest plugin and its in-process transport, as a user's test suite meets them.

This project's own tests use the plugin's fixtures (it is installed here as it is for
users); a user's test module, alone in a folder with no conftest.py, shows they come from
the entry point and nothing else (for CSBS and for CBR, whose official-SDK fixture says what
to install when the SDK is missing); the transport keeps a server's manners (read timeouts,
dropped connections) without a socket.
"""

from __future__ import annotations

import asyncio
import io
import json
import os
import shutil
import subprocess
import sys
import threading
from importlib import resources
from pathlib import Path
from typing import Any

import httpx
import pytest
from huaweicloudsdkcbr.v1 import ShowBackupRequest
from huaweicloudsdkcore.exceptions.exceptions import ServerResponseException

import cbr_client
from csbs_client.api.backups import count_backups
from csbs_client.models import CountBackupsResponse
from csbs_replicate import Connection, cli, replicate, replicate_and_wait
from csbs_replicate.testing import CbrDemo, Control, Demo, EmulatorHandle

from .support import FAST, POLICY, cbr_east, records_of, to_east


def demo_copy(demo: Demo) -> dict[str, Any]:
    """replicate_and_wait's arguments for the demo's first CBR backup."""
    return {"project_id": demo.project_id, "checkpoint_item_id": demo.cbr_demo.item,
            **cbr_east(demo)}  # fmt: skip


ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "test_with_the_emulator.py"
CBR_EXAMPLE = ROOT / "examples" / "test_cbr_with_the_emulator.py"
# The dataset a served emulator loads and each test is reset to.
DEMO_FIXTURES = json.loads(
    resources.files("csbs_emulator").joinpath("data", "demo-fixtures.json").read_text("utf-8")
)


def test_a_served_emulator_starts_in_the_instant_lifecycle(csbs_control: Control) -> None:
    assert csbs_control.health()["lifecycle"] == "instant"


@pytest.mark.csbs_lifecycle("manual")
def test_the_marker_picks_the_lifecycle(csbs_control: Control) -> None:
    assert csbs_control.health()["lifecycle"] == "manual"


def test_state_left_behind_by_a_test(
    csbs_token_client: object, csbs_control: Control, csbs_demo: Demo
) -> None:
    csbs_control.create_backups(csbs_demo.project_id, 3)
    csbs_control.error("showBackup", 503, next_n=1000)
    csbs_control.move_clock(3600)


def test_cbr_state_left_behind_by_a_test(
    cbr_token_client: cbr_client.AuthenticatedClient, csbs_control: Control, cbr_demo: CbrDemo
) -> None:
    csbs_control.create_cbr_backups(cbr_demo.source_vault_id, 3)
    replicate_and_wait(cbr_token_client, **demo_copy(csbs_control.demo()), backoff=FAST)
    assert len(csbs_control.cbr_records()) == 1


def test_is_gone_in_the_next(csbs_control: Control, csbs_demo: Demo) -> None:
    assert csbs_control.fault_settings()["rules"] == []
    assert csbs_control.records() == []
    assert csbs_control.cbr_records() == []
    assert csbs_control.health()["cbr_backups"] == len(DEMO_FIXTURES["cbr"]["backups"])
    assert csbs_control.health()["backups"] == len(DEMO_FIXTURES["backups"])
    assert abs(csbs_control.move_clock(0)["offset_seconds"]) < 1
    assert len(csbs_demo.checkpoint_item_ids) == 6


def test_inprocess_serves_sync_and_async_clients_from_any_thread(
    csbs_inprocess: EmulatorHandle,
) -> None:
    demo = csbs_inprocess.demo
    token, aksk = csbs_inprocess.token_client(), csbs_inprocess.aksk_client()

    def count() -> int:
        parsed = count_backups.sync(demo.project_id, client=aksk)
        assert isinstance(parsed, CountBackupsResponse), parsed
        return parsed.count

    results: list[int] = []
    threads = [threading.Thread(target=lambda: results.append(count())) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert len(set(results)) == 1
    assert len(results) == 8

    async def both() -> list[int]:
        answers = await asyncio.gather(
            *(count_backups.asyncio_detailed(demo.project_id, client=c) for c in (token, aksk))
        )
        return [int(a.status_code) for a in answers]

    assert asyncio.run(both()) == [200, 200]
    replication = replicate(token, demo.project_id, demo.item, **to_east(demo), policy=POLICY)
    assert records_of(csbs_inprocess.control, demo.item)[0]["id"] == replication.record_id


@pytest.mark.csbs_lifecycle("manual")
def test_inprocess_takes_the_marker_too(csbs_inprocess: EmulatorHandle) -> None:
    assert csbs_inprocess.control.health()["lifecycle"] == "manual"


def test_the_transport_keeps_a_servers_manners(csbs_inprocess: EmulatorHandle) -> None:
    demo, control = csbs_inprocess.demo, csbs_inprocess.control
    path = f"/v1/{demo.project_id}/checkpoint_items/count"
    headers = {"X-Auth-Token": demo.token}
    with httpx.Client(base_url=csbs_inprocess.base_url, transport=csbs_inprocess.transport) as c:
        control.delay_answers("countBackups", latency_ms=5000)
        with pytest.raises(httpx.ReadTimeout):
            c.get(path, headers=headers, timeout=0.05)
        control.drop_answers("countBackups")
        with pytest.raises(httpx.RemoteProtocolError, match="before the whole answer"):
            c.get(path, headers=headers)
        assert c.get(path, headers=headers).status_code == 200

    transport = csbs_inprocess.transport
    assert isinstance(transport, httpx.AsyncBaseTransport)  # one bridge, sync and async

    async def in_async() -> None:
        async with httpx.AsyncClient(base_url=csbs_inprocess.base_url, transport=transport) as c:
            control.delay_answers("countBackups", latency_ms=5000)
            with pytest.raises(httpx.ReadTimeout):
                await c.get(path, headers=headers, timeout=0.05)
            control.drop_answers("countBackups")
            with pytest.raises(httpx.RemoteProtocolError):
                await c.get(path, headers=headers)
            assert (await c.get(path, headers=headers)).status_code == 200

    asyncio.run(in_async())
    # Clients closed above; the bridge they shared still serves.
    assert control.health()["status"] == "ok"


def run_pytest(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("example", "fixture"), [(EXAMPLE, "csbs_token_client"), (CBR_EXAMPLE, "cbr_token_client")]
)
def test_a_users_test_module_takes_its_fixtures_from_the_plugin(
    example: Path, fixture: str, tmp_path: Path
) -> None:
    """The README's example, alone in a folder (no conftest.py, no configuration of ours),
    with the plugin switched off: its fixtures are gone, so they are the plugin's. That it
    passes alone in such a folder with nothing but the plugin is asserted from the wheel in
    a fresh venv (test_fresh_venv.py: "6 passed", "5 passed")."""
    shutil.copy(example, tmp_path / example.name)
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    without = run_pytest(tmp_path, "-p", "no:csbs", example.name)
    assert without.returncode == 1
    assert f"fixture '{fixture}' not found" in without.stdout


def test_the_sdk_fixture_says_what_to_install_when_the_sdk_is_missing(tmp_path: Path) -> None:
    # An import of a name set to None in sys.modules raises ImportError: no SDK, as in an
    # environment where only this project was installed.
    (tmp_path / "conftest.py").write_text(
        "import sys\nsys.modules['huaweicloudsdkcbr'] = None\n"
        "sys.modules['huaweicloudsdkcbr.v1'] = None\n"
    )
    (tmp_path / "test_sdk.py").write_text("def test_it(cbr_sdk_client):\n    pass\n")
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    done = run_pytest(tmp_path, "test_sdk.py")
    assert done.returncode == 1
    assert "1 error" in done.stdout  # the fixture's set-up fails, with what to do
    assert "needs Huawei's official SDK: pip install huaweicloudsdkcbr" in done.stdout


def test_the_cbr_environment_drives_the_command_and_a_connection(
    cbr_environ: dict[str, str], csbs_control: Control, csbs_demo: Demo
) -> None:
    assert os.environ["CSBS_API"] == cbr_environ["CSBS_API"] == "cbr"
    with Connection.from_env() as connection:
        assert connection.api == "cbr"
    cbr = csbs_demo.cbr_demo
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(
        ["replicate", cbr.item, "--to", csbs_demo.destination_region,
         "--to-project", csbs_demo.destination_project_id,
         "--vault", cbr.destination_vault_id, "--wait"],
        stdout=out, stderr=err,
    )  # fmt: skip
    assert code == 0, err.getvalue()
    [record] = csbs_control.cbr_records()
    assert out.getvalue() == f"{record['destination_backup_id']}\n"


def test_the_official_sdk_client_is_pointed_at_this_tests_emulator(
    cbr_sdk_client: Any, cbr_demo: CbrDemo, csbs_control: Control
) -> None:
    csbs_control.error("cbr.showBackup", 503, next_n=1000)  # this emulator's faults apply
    with pytest.raises(ServerResponseException) as refused:
        cbr_sdk_client.show_backup(ShowBackupRequest(backup_id=cbr_demo.item))
    assert (refused.value.status_code, refused.value.error_code) == (503, "BackupService.9998")
    csbs_control.clear_faults()
    shown = cbr_sdk_client.show_backup(ShowBackupRequest(backup_id=cbr_demo.item)).backup
    assert (shown.id, shown.vault_id) == (cbr_demo.item, cbr_demo.source_vault_id)


def test_loading_the_plugin_imports_no_emulator() -> None:
    code = (
        "import sys, csbs_replicate.pytest_plugin; "
        "print(sorted(m for m in ('csbs_emulator', 'huaweicloudsdkcbr') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "[]"
