"""`csbs --api cbr` against a served emulator: the same command, results and exit codes.

`main()` is called in process with its environment and streams given, except one run of
the installed console script, with AK/SK from the environment as a user's shell has them.
"""

from __future__ import annotations

import os
import subprocess
import sysconfig
from pathlib import Path

import pytest

from csbs_replicate import Connection, cli, endpoint_in_region, public_endpoint
from csbs_replicate.connection import ConfigError
from csbs_replicate.testing import Demo, EmulatorHandle

from .support import REQUEST_ID, cbr_records_of
from .test_cli import Run, csbs


def to(demo: Demo, *, vault: bool = True) -> list[str]:
    where = ["--to", demo.destination_region, "--to-project", demo.destination_project_id]
    return [*where, "--vault", demo.cbr_demo.destination_vault_id] if vault else where


@pytest.fixture
def env(csbs_emulator: EmulatorHandle) -> dict[str, str]:
    """The emulator's endpoint, project and demo AK/SK, as a user's environment has them."""
    return {"PATH": os.environ.get("PATH", ""), **csbs_emulator.environ("aksk")}


def cbr(*argv: str, env: dict[str, str]) -> Run:
    return csbs("--api", "cbr", *argv, env=env)


def test_replicate_and_wait_prints_the_replica_id(
    env: dict[str, str], csbs_emulator: EmulatorHandle
) -> None:
    demo = csbs_emulator.demo
    run = cbr("replicate", demo.cbr_demo.item, *to(demo), "--wait", env=env)
    assert run.code == 0, run.stderr
    [record] = cbr_records_of(csbs_emulator.control, demo.cbr_demo.item)
    assert run.stdout == f"{record['destination_backup_id']}\n"  # the id alone, for scripts
    assert f"replication accepted: record {record['id']}" in run.stderr
    assert "success  100%" in run.stderr
    assert record["destination_vault_id"] == demo.cbr_demo.destination_vault_id


def test_the_api_from_the_environment_and_json(
    csbs_emulator: EmulatorHandle, env: dict[str, str]
) -> None:
    demo = csbs_emulator.demo
    with_api = {**env, "CSBS_API": "cbr"}
    run = csbs("--json", "replicate", demo.cbr_demo.item, *to(demo), "--wait", env=with_api)
    assert run.code == 0, run.stderr
    document = run.json()
    [record] = cbr_records_of(csbs_emulator.control, demo.cbr_demo.item)
    assert document["replication"]["record_id"] == record["id"]
    assert document["replication"]["api"] == "cbr"
    assert document["replication"]["destination_vault_id"] == demo.cbr_demo.destination_vault_id
    assert document["replica"]["id"] == record["destination_backup_id"]
    assert document["replica"]["status"] == "available"


def test_a_lost_answer_is_found_out_and_said(
    env: dict[str, str], csbs_emulator: EmulatorHandle
) -> None:
    demo = csbs_emulator.demo
    csbs_emulator.control.drop_answers("cbr.copyBackup")
    run = cbr("replicate", demo.cbr_demo.item, *to(demo), "--wait", env=env)
    assert run.code == 0, run.stderr
    assert "its answer was lost; found on the service" in run.stderr
    [record] = cbr_records_of(csbs_emulator.control, demo.cbr_demo.item)
    assert run.stdout.strip() == record["destination_backup_id"]


def test_wait_for_a_replication_made_earlier(
    env: dict[str, str], csbs_emulator: EmulatorHandle
) -> None:
    demo = csbs_emulator.demo
    record = cbr("replicate", demo.cbr_demo.item, *to(demo), env=env).stdout.strip()
    run = cbr("wait", demo.cbr_demo.item, *to(demo, vault=False), "--record", record, env=env)
    assert run.code == 0, run.stderr
    [made] = cbr_records_of(csbs_emulator.control, demo.cbr_demo.item)
    assert (made["id"], run.stdout.strip()) == (record, made["destination_backup_id"])


def test_show_list_count_capabilities_and_vaults(
    env: dict[str, str], csbs_emulator: EmulatorHandle
) -> None:
    demo = csbs_emulator.demo
    item = demo.cbr_demo.item
    cbr("replicate", item, *to(demo), env=env)
    shown = cbr("show", item, env=env)
    assert shown.code == 0
    assert f"id           {item}" in shown.stdout
    assert "image_type   backup" in shown.stdout
    assert "replications:" in shown.stdout
    as_json = cbr("--json", "show", item, env=env).json()
    assert as_json["backup"]["id"] == item
    assert len(as_json["backup"]["replication_records"]) == 1

    listed = cbr("list", "--status", "available", "--limit", "2", env=env)
    assert listed.code == 0
    assert listed.stdout.splitlines()[0].split() == ["ID", "NAME", "STATUS", "TYPE", "CREATED"]
    assert len(listed.stdout.splitlines()) == 3
    everything = cbr("--json", "list", "--status", "available", env=env).json()
    assert {b["status"] for b in everything["backups"]} == {"available"}
    # CBR has no count call: `count` is listBackups' count of every matching backup.
    counted = cbr("count", "--status", "available", env=env)
    assert counted.stdout == f"{everything['count']}\n"
    in_vault = cbr("--json", "count", "--vault", demo.cbr_demo.source_vault_id, env=env).json()
    listed_in_vault = cbr("--json", "list", "--vault", demo.cbr_demo.source_vault_id, env=env)
    assert in_vault["count"] == listed_in_vault.json()["count"] > 0
    replicas = cbr("--json", "list", "--image-type", "replication", env=env).json()["backups"]
    assert {b["image_type"] for b in replicas} == {"replication"}
    assert cbr("--json", "count", "--name", "no-such-backup", env=env).json() == {"count": 0}

    capabilities = cbr("capabilities", env=env)
    region_line = next(
        line for line in capabilities.stdout.splitlines() if line.startswith(demo.region)
    )
    assert demo.destination_region in region_line

    vaults = cbr("vaults", *to(demo, vault=False), env=env)
    assert vaults.code == 0
    assert demo.cbr_demo.destination_vault_id in vaults.stdout
    assert all(line.split()[2] == "replication" for line in vaults.stdout.splitlines()[1:])
    own = cbr("--json", "vaults", env=env).json()
    assert demo.cbr_demo.source_vault_id in {v["id"] for v in own["vaults"]}


def test_list_follows_the_pages(env: dict[str, str], csbs_emulator: EmulatorHandle) -> None:
    vault = csbs_emulator.demo.cbr_demo.source_vault_id
    csbs_emulator.control.create_cbr_backups(vault, 1500, name="bulk")
    listed = cbr("--json", "list", "--name", "bulk", env=env).json()
    assert listed["count"] == 1500
    assert len({b["id"] for b in listed["backups"]}) == 1500
    assert cbr("--json", "list", "--name", "bulk", "--limit", "1001", env=env).json()["count"] == (
        1001
    )


def test_errors_and_exit_codes(env: dict[str, str], csbs_emulator: EmulatorHandle) -> None:
    demo = csbs_emulator.demo
    missing = "00000000-0000-4000-8000-000000000000"
    run = cbr("show", missing, env=env)
    assert run.code == cli.EXIT_REFUSED == 1
    assert run.stderr.startswith(f"csbs: error: BackupService.6302: Backup ({missing})")
    assert "HTTP 404" in run.stderr
    assert REQUEST_ID.match(run.stderr.split("request id ")[1].split(")")[0])

    volume = demo.cbr_demo.volume_backup_id
    assert volume is not None
    refused = cbr("replicate", volume, *to(demo), env=env)
    assert refused.code == cli.EXIT_REFUSED
    assert "BackupService.1003" in refused.stderr

    first = cbr("replicate", demo.cbr_demo.item, *to(demo), env=env).stdout.strip()
    again = cbr("replicate", demo.cbr_demo.item, *to(demo), env=env)
    assert again.code == cli.EXIT_ALREADY == 6
    assert f"existing replication {first} is success" in again.stderr


def test_a_failed_copy_exits_3_with_its_fail_code_and_reason(
    env: dict[str, str], csbs_emulator: EmulatorHandle
) -> None:
    demo = csbs_emulator.demo
    csbs_emulator.control.fail_copies(fail_code="BackupService.6003", fail_reason="vault gone")
    run = cbr("replicate", demo.cbr_demo.item, *to(demo), "--wait", env=env)
    assert run.code == cli.EXIT_COPY_FAILED == 3
    assert "BackupService.6003: vault gone" in run.stderr
    assert run.stdout == ""


@pytest.mark.csbs_lifecycle("manual")
def test_a_wait_that_times_out_exits_4_and_says_how_far(
    env: dict[str, str], csbs_emulator: EmulatorHandle
) -> None:
    demo = csbs_emulator.demo
    run = cbr("replicate", demo.cbr_demo.item, *to(demo), "--wait", "--timeout", "0.3", env=env)
    assert run.code == cli.EXIT_TIMEOUT == 4
    assert "client.wait_timeout: the copy was still replicating" in run.stderr


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--api", "cbr", "replicate", "{item}", "--to", "r", "--to-project", "p"], "--vault"),
        (
            [
                "--api",
                "cbr",
                "replicate",
                "{item}",
                "--to",
                "r",
                "--to-project",
                "p",
                "--vault",
                "v",
            ],
            "--vault: 'v' is not an id",
        ),
        (
            ["replicate", "{item}", "--to", "r", "--to-project", "p", "--vault", "{item}"],
            "--vault is CBR's",
        ),
        (["--api", "cbr", "count", "--ip", "1.2.3.4"], "--ip is a filter of CSBS only"),
        (["--api", "cbr", "list", "--all-tenants"], "--all-tenants is CSBS's"),
        (["--api", "cbr", "count", "--status", "bad"], "--status must be one of"),
        (["count", "--vault", "{item}"], "--vault is a filter of CBR only"),
        (["vaults"], "`vaults` is a CBR command"),
        (["--api", "cbr", "vaults", "--to", "r"], "--to and --to-project together"),
        (["--api", "nope", "count"], "invalid choice"),
    ],
)
def test_usage_errors_exit_2(
    argv: list[str], says: str, env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    item = "00000000-0000-4000-8000-000000000000"
    run = csbs(*[arg.replace("{item}", item) for arg in argv], env=env)
    assert run.code == cli.EXIT_USAGE == 2
    assert says in run.stderr + capsys.readouterr().err  # argparse writes to sys.stderr


def test_the_installed_command_with_aksk_from_the_environment(
    csbs_emulator: EmulatorHandle,
) -> None:
    script = Path(sysconfig.get_path("scripts")) / "csbs"
    assert script.is_file(), "the csbs console script is not installed: pip install -e ."
    demo = csbs_emulator.demo
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("HUAWEICLOUD_", "CSBS_"))}
    environ.update(csbs_emulator.environ("aksk"))
    done = subprocess.run(
        [str(script), "--api", "cbr", "replicate", demo.cbr_demo.item, *to(demo), "--wait"],
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    [record] = cbr_records_of(csbs_emulator.control, demo.cbr_demo.item)
    assert done.stdout.strip() == record["destination_backup_id"]


def test_cbr_endpoints_by_region() -> None:
    assert public_endpoint("cn-north-1", "cbr") == "https://cbr.cn-north-1.myhuaweicloud.com"
    regional = "https://cbr.cn-north-1.myhuaweicloud.com"
    assert endpoint_in_region(regional, "cn-east-2") == "https://cbr.cn-east-2.myhuaweicloud.com"
    connection = Connection(api="cbr", region="cn-north-1", token="t")
    assert connection.endpoint == regional
    assert connection.endpoint_for("ap-southeast-1") == (
        "https://cbr.ap-southeast-1.myhuaweicloud.com"
    )
    assert type(connection.client()).__module__ == "cbr_client.client"
    assert Connection.from_env({"CSBS_API": "cbr", "CSBS_TOKEN": "t", "CSBS_REGION": "r1"}).api == (
        "cbr"
    )
    with pytest.raises(ConfigError, match="not an API"):
        Connection(api="ebs", region="cn-north-1", token="t")
