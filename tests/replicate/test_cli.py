"""The `csbs` command against a served emulator: results, progress, errors, exit codes.

`main()` is called in process with its environment and streams given, except one run of
the installed console script, with AK/SK from the environment as a user's shell has them.
"""

from __future__ import annotations

import asyncio
import io
import json
import os
import subprocess
import sysconfig
from pathlib import Path
from typing import Any

import pytest

from csbs_replicate import Connection, Progress, cli, endpoint_in_region, public_endpoint
from csbs_replicate.connection import ConfigError
from csbs_replicate.testing import Control, Demo, EmulatorHandle

from .support import REQUEST_ID, records_of


class Run:
    def __init__(self, code: int, stdout: str, stderr: str) -> None:
        self.code, self.stdout, self.stderr = code, stdout, stderr

    def json(self) -> Any:
        return json.loads(self.stdout)


def csbs(*argv: str, env: dict[str, str]) -> Run:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(argv), environ=env, stdout=out, stderr=err)
    run = Run(code, out.getvalue(), err.getvalue())
    assert "Traceback" not in run.stdout + run.stderr
    return run


def east(demo: Demo) -> list[str]:
    return ["--to", demo.destination_region, "--to-project", demo.destination_project_id]


@pytest.fixture
def env(csbs_emulator: EmulatorHandle) -> dict[str, str]:
    """The emulator's endpoint, project and demo AK/SK, as a user's environment has them."""
    return {"PATH": os.environ.get("PATH", ""), **csbs_emulator.environ("aksk")}


def test_replicate_and_wait_shows_progress_and_prints_the_replica_id(
    env: dict[str, str], csbs_demo: Demo, csbs_control: Control
) -> None:
    run = csbs("replicate", csbs_demo.item, *east(csbs_demo), "--wait", env=env)
    assert run.code == 0, run.stderr
    [record] = records_of(csbs_control, csbs_demo.item)
    assert run.stdout == f"{record['destination_item_id']}\n"  # the id alone, for scripts
    assert f"replication accepted: record {record['id']}" in run.stderr
    assert "success  100%" in run.stderr  # a plain progress line (not a terminal)
    assert f"replica {record['destination_item_id']} in {csbs_demo.destination_region}" in (
        run.stderr
    )


def test_the_same_with_a_token(
    csbs_emulator: EmulatorHandle, csbs_demo: Demo, csbs_control: Control
) -> None:
    run = csbs(
        "replicate", csbs_demo.item, *east(csbs_demo), "--wait", env=csbs_emulator.environ("token")
    )
    assert run.code == 0, run.stderr
    assert run.stdout.strip() == records_of(csbs_control, csbs_demo.item)[0]["destination_item_id"]


def test_json_for_scripts(env: dict[str, str], csbs_demo: Demo, csbs_control: Control) -> None:
    run = csbs("--json", "replicate", csbs_demo.item, *east(csbs_demo), "--wait", env=env)
    assert run.code == 0
    document = run.json()
    [record] = records_of(csbs_control, csbs_demo.item)
    assert document["replication"]["record_id"] == record["id"]
    assert document["replica"]["id"] == record["destination_item_id"]
    assert document["replica"]["status"] == "available"
    assert "replication accepted" not in run.stderr  # --json narrates nothing


def test_replicate_without_wait_prints_the_record_id(
    env: dict[str, str], csbs_demo: Demo, csbs_control: Control
) -> None:
    run = csbs("replicate", csbs_demo.item, *east(csbs_demo), "--name", "copy", env=env)
    assert run.code == 0
    [record] = records_of(csbs_control, csbs_demo.item)
    assert run.stdout == f"{record['id']}\n"
    assert record["name"] == "copy"


def test_a_lost_answer_is_found_out_and_said(
    env: dict[str, str], csbs_demo: Demo, csbs_control: Control
) -> None:
    csbs_control.drop_answers("replicateBackup")
    run = csbs("replicate", csbs_demo.item, *east(csbs_demo), env=env)
    assert run.code == 0
    assert "its answer was lost; found on the service" in run.stderr
    assert len(records_of(csbs_control, csbs_demo.item)) == 1


def test_wait_for_a_replication_made_earlier(
    env: dict[str, str], csbs_demo: Demo, csbs_control: Control
) -> None:
    record = csbs("replicate", csbs_demo.item, *east(csbs_demo), env=env).stdout.strip()
    run = csbs("wait", csbs_demo.item, *east(csbs_demo), "--record", record, env=env)
    assert run.code == 0
    assert run.stdout.strip() == records_of(csbs_control, csbs_demo.item)[0]["destination_item_id"]


def test_show_list_count_and_capabilities(env: dict[str, str], csbs_demo: Demo) -> None:
    csbs("replicate", csbs_demo.item, *east(csbs_demo), env=env)
    shown = csbs("show", csbs_demo.item, env=env)
    assert shown.code == 0
    assert f"id           {csbs_demo.item}" in shown.stdout
    assert "replications:" in shown.stdout
    assert csbs_demo.destination_region in shown.stdout
    as_json = csbs("--json", "show", csbs_demo.item, env=env).json()
    assert as_json["checkpoint_item"]["id"] == csbs_demo.item
    assert len(as_json["checkpoint_item"]["replication_records"]) == 1

    listed = csbs("list", "--status", "available", "--limit", "2", env=env)
    assert listed.code == 0
    assert listed.stdout.splitlines()[0].split() == ["ID", "NAME", "STATUS", "COPY", "CREATED"]
    assert len(listed.stdout.splitlines()) == 3
    everything = csbs("--json", "list", "--status", "available", env=env).json()
    counted = csbs("count", "--status", "available", env=env)
    assert counted.stdout == f"{everything['count']}\n"
    assert everything["count"] == len(csbs_demo.checkpoint_item_ids)
    assert csbs("--json", "count", "--name", "no-such-backup", env=env).json() == {"count": 0}

    capabilities = csbs("capabilities", env=env)
    region_line = next(
        line for line in capabilities.stdout.splitlines() if line.startswith(csbs_demo.region)
    )
    assert csbs_demo.destination_region in region_line
    regions = csbs("--json", "capabilities", env=env).json()["regions"]
    assert csbs_demo.region in {r["name"] for r in regions}


def test_list_follows_the_pages(
    env: dict[str, str], csbs_demo: Demo, csbs_control: Control
) -> None:
    csbs_control.create_backups(csbs_demo.project_id, 1500, name="bulk")
    listed = csbs("--json", "list", "--name", "bulk", env=env).json()
    assert listed["count"] == 1500
    assert len({b["id"] for b in listed["checkpoint_items"]}) == 1500
    assert (
        csbs("--json", "list", "--name", "bulk", "--limit", "1001", env=env).json()["count"] == 1001
    )


def test_an_error_answer_is_printed_with_code_message_and_request_id(
    env: dict[str, str], csbs_demo: Demo
) -> None:
    missing = "00000000-0000-4000-8000-000000000000"
    run = csbs("show", missing, env=env)
    assert run.code == cli.EXIT_REFUSED == 1
    assert run.stderr.startswith(
        f"csbs: error: CSBS.3001: Checkpoint_item ({missing}) is not found."
    )
    assert "HTTP 404" in run.stderr
    request_id = run.stderr.split("request id ")[1].split(")")[0]
    assert REQUEST_ID.match(request_id)
    document = csbs("--json", "show", missing, env=env).json()
    assert document["exit_code"] == 1
    assert document["error"]["error_code"] == "CSBS.3001"
    assert REQUEST_ID.match(document["error"]["request_id"])


def test_already_replicated_exits_6_and_names_the_replication(
    env: dict[str, str], csbs_demo: Demo
) -> None:
    first = csbs("replicate", csbs_demo.item, *east(csbs_demo), env=env).stdout.strip()
    run = csbs("replicate", csbs_demo.item, *east(csbs_demo), env=env)
    assert run.code == cli.EXIT_ALREADY == 6
    assert "BackupService.1009" in run.stderr
    assert f"existing replication {first} is success" in run.stderr
    document = csbs("--json", "replicate", csbs_demo.item, *east(csbs_demo), env=env).json()
    assert document["error"]["existing"]["record_id"] == first


def test_a_failed_copy_exits_3_with_its_fail_code_and_reason(
    env: dict[str, str], csbs_demo: Demo, csbs_control: Control
) -> None:
    csbs_control.fail_copies(fail_code="BackupService.6003", fail_reason="destination full")
    run = csbs("replicate", csbs_demo.item, *east(csbs_demo), "--wait", env=env)
    assert run.code == cli.EXIT_COPY_FAILED == 3
    assert "BackupService.6003: destination full" in run.stderr
    assert "fail_code BackupService.6003, fail_reason destination full" in run.stderr
    assert run.stdout == ""


@pytest.mark.csbs_lifecycle("manual")
def test_a_wait_that_times_out_exits_4_and_says_how_far(
    env: dict[str, str], csbs_demo: Demo, csbs_control: Control
) -> None:
    run = csbs("replicate", csbs_demo.item, *east(csbs_demo), "--wait", "--timeout", "0.3", env=env)
    assert run.code == cli.EXIT_TIMEOUT == 4
    [record] = records_of(csbs_control, csbs_demo.item)
    assert "client.wait_timeout: the copy was still copying 0%" in run.stderr
    assert f"record {record['id']}" in run.stderr


def test_an_unreachable_endpoint_exits_5(csbs_demo: Demo) -> None:
    env = {"CSBS_TOKEN": csbs_demo.token, "HUAWEICLOUD_SDK_PROJECT_ID": csbs_demo.project_id}
    run = csbs(
        "--endpoint", "http://127.0.0.1:9", "--http-timeout", "2", "show", csbs_demo.item, env=env
    )
    assert run.code == cli.EXIT_UNAVAILABLE == 5
    assert "client.unreachable: ConnectError" in run.stderr


@pytest.mark.parametrize(
    ("argv", "env", "says"),
    [
        (["replicate", "00000000-0000-4000-8000-000000000000"], {}, "required"),
        (["count"], {"CSBS_ENDPOINT": "http://127.0.0.1:9"}, "no credentials"),
        (["count"], {"CSBS_TOKEN": "t"}, "no endpoint"),
        (["count"], {"CSBS_TOKEN": "t", "CSBS_ENDPOINT": "http://h"}, "no project id"),
        (
            ["--project", "p", "show", "nope"],
            {"CSBS_TOKEN": "t", "CSBS_REGION": "cn-north-1"},
            "not a backup id",
        ),
        (
            ["--project", "p", "count", "--status", "bad"],
            {"CSBS_TOKEN": "t", "CSBS_REGION": "r1"},
            "--status must be one of",
        ),
        (["--endpoint", "http://h", "--region", "r", "count"], {}, "not allowed with"),
        (
            ["count"],
            {"HUAWEICLOUD_SDK_AK": "a", "CSBS_REGION": "r1"},
            "HUAWEICLOUD_SDK_SK is not set",
        ),
        (["--region", "Not A Region", "count"], {"CSBS_TOKEN": "t"}, "not a region id"),
        (["--endpoint", "ftp://h", "count"], {"CSBS_TOKEN": "t"}, "not an http(s) URL"),
    ],
)
def test_usage_and_settings_errors_exit_2(
    argv: list[str], env: dict[str, str], says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    run = csbs(*argv, env=env)
    assert run.code == cli.EXIT_USAGE == 2
    assert says in run.stderr + capsys.readouterr().err  # argparse writes to sys.stderr


@pytest.mark.parametrize(
    "argv",
    [
        ["replicate", "not-a-uuid", "--to", "r2", "--to-project", "p2"],
        ["wait", "not-a-uuid", "--to", "r2", "--to-project", "p2", "--record", "r"],
    ],
)
def test_a_bad_backup_id_is_a_usage_error(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    env = {"CSBS_TOKEN": "t", "CSBS_ENDPOINT": "http://127.0.0.1:9", "CSBS_PROJECT_ID": "p"}
    run = csbs(*argv, env=env)
    assert run.code == cli.EXIT_USAGE == 2
    said = run.stderr + capsys.readouterr().err  # argparse writes to sys.stderr
    assert "argument ITEM: 'not-a-uuid' is not a backup id (a UUID)" in said
    assert "internal error" not in said
    assert "Traceback" not in said


def test_help_lists_the_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert csbs("--help", env={}).code == 0
    text = capsys.readouterr().out
    for code, meaning in cli.EXIT_CODES.items():
        assert f"{code:>3}  {meaning}" in text


def test_an_internal_error_exits_70_without_a_traceback_unless_asked(
    env: dict[str, str], csbs_demo: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: cli.Command) -> int:
        raise RuntimeError("boom")

    monkeypatch.setattr(cli.Command, "count", broken)
    run = csbs("count", env=env)
    assert run.code == cli.EXIT_INTERNAL == 70
    assert "internal error: RuntimeError: boom" in run.stderr
    out, err = io.StringIO(), io.StringIO()
    assert cli.main(["count"], environ={**env, "CSBS_DEBUG": "1"}, stdout=out, stderr=err) == 70
    assert "Traceback" in err.getvalue()


def test_ctrl_c_exits_130(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(self: cli.Command) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli.Command, "count", interrupted)
    run = csbs("count", env=env)
    assert run.code == cli.EXIT_INTERRUPTED == 130
    assert "interrupted" in run.stderr


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_progress_bar_on_a_terminal_and_plain_lines_otherwise() -> None:
    looks = [
        Progress("copying", 0, 0.0, 1, "r"),
        Progress("copying", 40, 1.5, 2, "r"),
        Progress("success", 100, 3.0, 3, "r"),
    ]
    terminal, plain = Terminal(), io.StringIO()
    for stream in (terminal, plain):
        view = cli.ProgressView(stream, width=10)
        for progress in looks:
            view(progress)
        view.finish()
    drawn = terminal.getvalue()
    assert drawn.count("\r") == 3
    assert "\r[----------]   0%  copying" in drawn
    assert "\r[####------]  40%  copying" in drawn
    assert "\r[##########] 100%  success" in drawn
    assert drawn.endswith("\n")
    assert plain.getvalue().splitlines() == [
        "    0.0s  copying  0%  record r",
        "    1.5s  copying  40%  record r",
        "    3.0s  success  100%  record r",
    ]


def test_the_environment_fixture_drives_the_command_as_a_shell_would(
    csbs_environ: dict[str, str], csbs_demo: Demo
) -> None:
    assert os.environ["HUAWEICLOUD_SDK_AK"] == csbs_demo.ak
    out, err = io.StringIO(), io.StringIO()
    assert cli.main(["count"], stdout=out, stderr=err) == 0  # os.environ, as set
    assert int(out.getvalue()) >= len(csbs_demo.checkpoint_item_ids)


def test_the_installed_command_with_aksk_from_the_environment(
    csbs_emulator: EmulatorHandle, csbs_demo: Demo, csbs_control: Control
) -> None:
    script = Path(sysconfig.get_path("scripts")) / "csbs"
    assert script.is_file(), "the csbs console script is not installed: pip install -e ."
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("HUAWEICLOUD_", "CSBS_"))}
    environ.update(csbs_emulator.environ("aksk"))
    done = subprocess.run(
        [str(script), "replicate", csbs_demo.item, *east(csbs_demo), "--wait"],
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    [record] = records_of(csbs_control, csbs_demo.item)
    assert done.stdout.strip() == record["destination_item_id"]


def test_endpoints_by_region() -> None:
    assert public_endpoint("cn-north-1") == "https://csbs.cn-north-1.myhuaweicloud.com"
    regional = "https://csbs.cn-north-1.myhuaweicloud.com"
    assert endpoint_in_region(regional, "cn-east-2") == "https://csbs.cn-east-2.myhuaweicloud.com"
    assert endpoint_in_region("http://127.0.0.1:8080", "cn-east-2") == "http://127.0.0.1:8080"
    connection = Connection(region="cn-north-1", token="t")
    assert connection.endpoint == regional
    assert connection.endpoint_for("ap-southeast-1") == (
        "https://csbs.ap-southeast-1.myhuaweicloud.com"
    )
    assert connection.client("cn-east-2", "p") is connection.client("cn-east-2", "p")
    assert connection.client("cn-east-2", "p") is not connection.client("cn-east-2", "q")
    connection.close()  # closes what was opened, and builds no HTTP client to close it
    asyncio.run(connection.aclose())
    made = connection.client("cn-east-2", "p")
    assert (made._client, made._async_client) == (None, None)
    opened = made.get_httpx_client()
    connection.close()
    assert opened.is_closed
    with pytest.raises(ConfigError, match="no endpoint"):
        Connection(token="t")
