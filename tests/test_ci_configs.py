"""The CI files shipped for users, exercised here rather than trusted.

`.pre-commit-config.yaml`: `pre-commit run --all-files` passes on a fresh clone of HEAD (with
the working tree's config), using only local `language: system` hooks, so nothing is
downloaded. `.github/workflows/contract.yml`: its `run:` steps are exactly commands that the
test command (`scripts/test`) runs, so a green local run means a green workflow.
"""

from __future__ import annotations

import hashlib
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "contract.yml"
PRE_COMMIT_CONFIG = ROOT / ".pre-commit-config.yaml"
WORKFLOW_COMMANDS = ["scripts/regen --check", "scripts/contract"]


def commands_of_script(script: Path) -> set[str]:
    """The `scripts/X args` lines a bash script runs (`"$ROOT/scripts/X"` written either way).
    The same reading as tests/test_readme.py's, kept beside each test that relies on it."""
    found: set[str] = set()
    for raw in script.read_text("utf-8").splitlines():
        line = raw.strip().removeprefix("exec ").strip()
        match = re.match(r'^"?(?:\$ROOT/|\$\{ROOT\}/|\./)?(scripts/[\w-]+)"?(.*)$', line)
        if match:
            found.add(" ".join([match[1], *shlex.split(match[2], comments=True)]))
    return found


def _workflow() -> dict[Any, Any]:
    document: dict[Any, Any] = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    return document


def _steps() -> list[dict[str, Any]]:
    return [step for job in _workflow()["jobs"].values() for step in job["steps"]]


def test_workflow_runs_exactly_what_the_test_command_runs() -> None:
    runs = [
        line.strip()
        for step in _steps()
        if "run" in step
        for line in str(step["run"]).splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]
    assert runs == WORKFLOW_COMMANDS
    test_runs = commands_of_script(ROOT / "scripts" / "test")
    missing = [command for command in runs if command not in test_runs]
    assert missing == [], f"the workflow runs {missing}; scripts/test runs only {sorted(test_runs)}"
    for command in runs:
        script = ROOT / command.split()[0]
        assert script.is_file(), f"{command}: no such script"
        assert os.access(script, os.X_OK), f"{command}: not executable"


def test_workflow_sets_up_the_toolchain_the_scripts_expect() -> None:
    document = _workflow()
    triggers = document["on"] if "on" in document else document[True]  # YAML 1.1: `on` is true
    assert {"push", "pull_request"} <= set(triggers)
    steps = _steps()
    uses = [step["uses"] for step in steps if "uses" in step]
    for action in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+", action), f"{action}: pin a version tag"
    names = [action.split("@")[0] for action in uses]
    assert names[:3] == ["actions/checkout", "actions/setup-python", "actions/setup-node"]
    python = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python"))
    node = next(s for s in steps if s.get("uses", "").startswith("actions/setup-node"))
    assert str(python["with"]["python-version"]) == "3.11"
    assert str(node["with"]["node-version"]) == "20"
    first_run = next(i for i, s in enumerate(steps) if "run" in s)
    assert all("uses" in s for s in steps[:first_run]), "set-up steps come before the commands"


def test_pre_commit_hooks_are_local_and_offline() -> None:
    config: dict[str, Any] = yaml.safe_load(PRE_COMMIT_CONFIG.read_text("utf-8"))
    assert [repo["repo"] for repo in config["repos"]] == ["local"]
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert {hook["language"] for hook in hooks.values()} == {"system"}
    entries = {hook_id: hook["entry"] for hook_id, hook in hooks.items()}
    assert entries["ruff-check"].startswith(".venv/bin/ruff check")
    assert entries["ruff-format"].startswith(".venv/bin/ruff format --check")
    assert ".venv/bin/mypy" in entries["mypy"]
    assert entries["regen-check"] == "scripts/regen --check"
    # The main job's quick profile (well under 20 s) when the API or its tests change.
    assert entries["contract-quick"] == "scripts/contract --quick"
    assert re.search(hooks["contract-quick"]["files"], "csbs_emulator/csbs/service.py")
    # The drift check runs when the spec changes, and only then (it takes seconds).
    assert re.search(hooks["regen-check"]["files"], "openapi/csbs-v1.yaml")
    assert not re.search(hooks["regen-check"]["files"], "csbs_emulator/app.py")


def _venv_stamp(tree: Path) -> str:
    """What scripts/_lib.sh's ensure_venv records after installing from `tree`."""
    data = (tree / "requirements.lock").read_bytes() + (tree / "pyproject.toml").read_bytes()
    return hashlib.sha256(data).hexdigest()


@pytest.mark.slow(45)
def test_pre_commit_run_all_files_passes_on_a_fresh_clone(tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    shutil.copyfile(PRE_COMMIT_CONFIG, clone / ".pre-commit-config.yaml")
    venv = ROOT / ".venv"
    stamp = (venv / ".csbs-stamp").read_text().strip() if (venv / ".csbs-stamp").exists() else ""
    if stamp != _venv_stamp(clone):
        # The hooks' scripts would reinstall; into this checkout's .venv, through the link.
        pytest.fail(
            ".venv was not installed from HEAD's requirements.lock and pyproject.toml; run "
            "scripts/test (or any script) first, and commit lock changes",
            pytrace=False,
        )
    (clone / ".venv").symlink_to(venv)
    if (ROOT / ".mypy_cache").is_dir():  # a warm cache: seconds instead of half a minute
        shutil.copytree(ROOT / ".mypy_cache", clone / ".mypy_cache", symlinks=True)
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-home")
    proc = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files", "--show-diff-on-failure"],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output[-6000:]
    for name in ("ruff check", "ruff format --check", "mypy --strict (hand-written)"):
        assert re.search(rf"^{re.escape(name)}\.+Passed$", output, re.M), output
    # `--all-files` includes openapi/, so the drift check ran too.
    assert re.search(r"^generated client matches the spec.*\.+Passed$", output, re.M), output
    assert re.search(r"^the main job, quick profile.*\.+Passed$", output, re.M), output
