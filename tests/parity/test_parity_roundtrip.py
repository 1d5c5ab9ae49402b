"""Record against a served emulator, then check: the loop a user with an account runs.

Owns: `python -m tools.parity record --base-url http://127.0.0.1:PORT` against a live
`csbs-emulator serve` (the `live_url` fixture of tests/conftest.py), with token credentials
and with AK/SK credentials from the environment, followed by `check` of what it wrote against
a fresh in-process emulator; and proof that no credential or signature of either run reaches
a snapshot file.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tools.parity.scenario import load_all

from .conftest import ROOT, Parity, clean_env


def demo(url: str) -> dict[str, str]:
    data: dict[str, str] = httpx.get(f"{url}/_emulator/demo", timeout=10).json()
    return data


def assert_no_credentials(folder: Path, *secrets: str) -> None:
    files = sorted(folder.glob("*.json"))
    assert files
    for path in files:
        text = path.read_text("utf-8")
        for secret in secrets:
            assert secret not in text, f"{path} holds a credential"
        recorded = json.dumps({k: v for k, v in json.loads(text).items() if k != "transformers"})
        assert not re.search(r"SDK-HMAC-SHA256|Signature=[0-9a-f]", recorded), path


def test_record_with_a_token_then_check_passes(live_url: str, tmp_path: Path) -> None:
    dataset = demo(live_url)
    env = {**clean_env(), "CSBS_TOKEN": dataset["token"], "CSBS_PROJECT_ID": dataset["project_id"]}
    recorded = subprocess.run(
        [
            sys.executable,
            "-m",
            "tools.parity",
            "record",
            "--base-url",
            live_url,
            "--out",
            str(tmp_path),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert recorded.returncode == 0, recorded.stdout + recorded.stderr
    assert "(emulator; replicate allowed" in recorded.stdout
    names = sorted(p.stem for p in tmp_path.glob("*.json"))
    assert names == sorted(s.name for s in load_all() if s.recorded_from == "target")
    for path in tmp_path.glob("*.json"):
        snapshot = json.loads(path.read_text("utf-8"))
        assert snapshot["taken"]["target"] == "emulator"
        assert snapshot["taken"]["endpoint"] == "loopback"
        assert snapshot["taken"]["credentials"] == "token"
        assert snapshot["taken"]["region"] == dataset["region"]
        assert all("answer" in call for call in snapshot["calls"]), path
    assert_no_credentials(tmp_path, dataset["token"], dataset["ak"], dataset["sk"])
    checked = subprocess.run(
        [sys.executable, "-m", "tools.parity", "check", str(tmp_path)],
        cwd=ROOT,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "0 differ" in checked.stdout
    assert "passed" in checked.stdout


def test_record_with_ak_sk_then_check_passes(
    live_url: str, tmp_path: Path, parity: Parity, monkeypatch: pytest.MonkeyPatch
) -> None:
    dataset = demo(live_url)
    monkeypatch.setenv("HUAWEICLOUD_SDK_AK", dataset["ak"])
    monkeypatch.setenv("HUAWEICLOUD_SDK_SK", dataset["sk"])
    monkeypatch.setenv("HUAWEICLOUD_SDK_PROJECT_ID", dataset["project_id"])
    code, out = parity("record", "--base-url", live_url, "--out", str(tmp_path))
    assert code == 0, out
    assert "skipped" not in out, out
    replicate = json.loads((tmp_path / "replicate.json").read_text("utf-8"))
    assert replicate["taken"]["credentials"] == "AK/SK"
    show_replica = next(c for c in replicate["calls"] if c["id"] == "show-replica")
    assert show_replica["answer"]["status"] == 200  # signed for the destination project
    refusals = json.loads((tmp_path / "refusals.json").read_text("utf-8"))
    tampered = next(c for c in refusals["calls"] if c["id"] == "list-tampered-signature")
    assert tampered["answer"]["error_code"] == "APIGW.0301"
    assert_no_credentials(tmp_path, dataset["token"], dataset["ak"], dataset["sk"])
    monkeypatch.delenv("HUAWEICLOUD_SDK_AK")
    monkeypatch.delenv("HUAWEICLOUD_SDK_SK")
    code, out = parity("check", str(tmp_path))
    assert code == 0, out
