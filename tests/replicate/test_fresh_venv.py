"""The release, as a user gets it: `python -m build` makes an sdist and a wheel, and the wheel,
installed in a fresh virtual environment with nothing else of this project, works — the
`csbs-emulator serve` command, the `csbs` command and the pytest plugin, run from there.

Slow (about 40 s on the project's 2-core machine with a warm pip cache; most of it `build`
setting up its isolated build environment twice and pip installing the wheel's dependencies
from the package index). One build and one venv for every check:

* the build runs on a copy of the sources (so the checkout is not written to); the wheel is
  built from the sdist, as `python -m build` does, so a file missing from the sdist fails too;
* both archives carry the version written in `csbs_replicate.__version__`, both generated
  clients, the emulator's data (the specs byte for byte, the demo fixtures) and static files,
  the console scripts and the `pytest11` entry point; the sdist carries CHANGELOG.md and no
  test suite;
* a real `python -m venv` with its own site-packages (not `--system-site-packages`) gets the
  wheel and pytest, and nothing from this checkout;
* there, `csbs-emulator serve` answers (its CSBS and CBR docs pages and a spec come from the
  installed data), `csbs` replicates a demo backup with `--wait` and shows it, `csbs --api
  cbr` replicates a CBR demo backup into the destination vault with `--wait` and prints the
  replica's id although the answer to its copyBackup was dropped (exactly one replication),
  and the README's example module passes alone in a folder with no conftest.py and no
  configuration of this repository; then, with Huawei's SDK installed as a user would
  (`pip install huaweicloudsdkcbr`), so does the README's CBR example module.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

import csbs_replicate
from csbs_emulator.testing import READY_PREFIX

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "test_with_the_emulator.py"
CBR_EXAMPLE = ROOT / "examples" / "test_cbr_with_the_emulator.py"
# What `python -m build` builds from: pyproject.toml's packages, its readme, MANIFEST.in.
SOURCES = (
    "pyproject.toml",
    "MANIFEST.in",
    "README.md",
    "CHANGELOG.md",
    "LICENSE",
    "generated",
    "csbs_emulator",
    "csbs_signing",
    "csbs_replicate",
)
JUNK = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", ".hypothesis", "build")
VERSION = csbs_replicate.__version__
PACKAGES = ("csbs_client", "cbr_client", "csbs_emulator", "csbs_signing", "csbs_replicate")
# The emulator's data, installed byte for byte from these files of the checkout.
DATA = {
    "csbs_emulator/data/csbs-v1.yaml": ROOT / "openapi" / "csbs-v1.yaml",
    "csbs_emulator/data/cbr-v3.yaml": ROOT / "openapi" / "cbr-v3.yaml",
    "csbs_emulator/data/emulator-control.yaml": ROOT / "openapi" / "emulator-control.yaml",
    "csbs_emulator/data/demo-fixtures.json": ROOT / "csbs_emulator" / "data" / "demo-fixtures.json",
    "csbs_emulator/static/docs.js": ROOT / "csbs_emulator" / "static" / "docs.js",
    "csbs_emulator/static/docs.css": ROOT / "csbs_emulator" / "static" / "docs.css",
}


def pinned(package: str) -> str:
    """`package==version` as the development extras pin it (the SDK the spec is held to)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    found = [r for r in project["optional-dependencies"]["dev"] if r.startswith(f"{package}==")]
    assert len(found) == 1, found
    return str(found[0])


def clean_env() -> dict[str, str]:
    """This environment without this checkout's virtual environment."""
    env = {
        k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")
    }
    ours = str(Path(sys.executable).parent)
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p != ours)
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def run(
    command: list[str],
    *,
    env: dict[str, str],
    cwd: Path | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=cwd, env=env, timeout=timeout, capture_output=True, text=True, check=False
    )


def build_release(tmp_path: Path) -> tuple[Path, Path]:
    """`python -m build` on a copy of the sources: (sdist, wheel)."""
    source = tmp_path / "source"
    source.mkdir()
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=JUNK)  # symlinked spec files copied
        else:
            shutil.copy(path, source / name)
    dist = tmp_path / "dist"
    built = run(
        [sys.executable, "-m", "build", "--outdir", str(dist), str(source)],
        env=clean_env(), timeout=600,
    )  # fmt: skip
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    sdist = dist / f"csbs_replicate-{VERSION}.tar.gz"
    wheel = dist / f"csbs_replicate-{VERSION}-py3-none-any.whl"
    assert sorted(dist.iterdir()) == sorted([sdist, wheel])
    return sdist, wheel


def check_wheel(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for package in PACKAGES:
            assert f"{package}/__init__.py" in names, package
            assert f"{package}/py.typed" in names or package == "csbs_emulator", package
        for name, original in DATA.items():
            assert archive.read(name) == original.read_bytes(), name
        info = f"csbs_replicate-{VERSION}.dist-info"
        metadata = archive.read(f"{info}/METADATA").decode()
        assert re.search(rf"^Version: {re.escape(VERSION)}$", metadata, re.M)
        # The licence travels with the code (PEP 639: the SPDX expression and the file).
        assert re.search(r"^License-Expression: Apache-2\.0$", metadata, re.M), metadata[:800]
        assert archive.read(f"{info}/licenses/LICENSE") == (ROOT / "LICENSE").read_bytes()
        entry_points = archive.read(f"{info}/entry_points.txt").decode()
    for line in (
        "csbs = csbs_replicate.cli:main",
        "csbs-emulator = csbs_emulator.cli:main",
        "[pytest11]\ncsbs = csbs_replicate.pytest_plugin",
    ):
        assert line in entry_points


def check_sdist(sdist: Path) -> None:
    top = f"csbs_replicate-{VERSION}"
    with tarfile.open(sdist) as archive:
        members = {m.name.removeprefix(f"{top}/"): m for m in archive.getmembers()}
        for name in ("pyproject.toml", "README.md", "CHANGELOG.md", "LICENSE", "MANIFEST.in"):
            assert name in members, name
        for name in DATA:
            assert members[name].isfile(), f"{name}: a link or missing, not the file"
        for package in ("csbs_client", "cbr_client"):
            assert f"generated/{package}/__init__.py" in members, package
        assert not [n for n in members if n.startswith("tests/")], "the test suite shipped"


class Served:
    """`csbs-emulator serve` of the fresh venv, on a free port, until closed."""

    def __init__(self, script: Path, env: dict[str, str], cwd: Path) -> None:
        self.process = subprocess.Popen(
            [str(script), "serve", "--port", "0", "--db", ":memory:", "--no-access-log"],
            cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        assert self.process.stdout is not None
        seen: list[str] = []
        for line in self.process.stdout:
            seen.append(line)
            if line.startswith(READY_PREFIX):
                self.base_url = line.removeprefix(READY_PREFIX).split()[0]
                return
        self.process.wait(timeout=10)
        pytest.fail("csbs-emulator serve exited before its ready line:\n" + "".join(seen))

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def served_from(tmp_path: Path) -> Iterator[list[Served]]:
    started: list[Served] = []
    yield started
    for server in started:
        server.close()


@pytest.mark.slow(25)
def test_the_wheel_works_in_a_fresh_venv(tmp_path: Path, served_from: list[Served]) -> None:
    started = time.monotonic()
    sdist, wheel = build_release(tmp_path)
    built = time.monotonic() - started
    check_sdist(sdist)
    check_wheel(wheel)

    venv = tmp_path / "venv"
    env = clean_env()
    made = run([sys.executable, "-m", "venv", str(venv)], env=env, timeout=120)
    assert made.returncode == 0, made.stderr
    python, bin_dir = venv / "bin" / "python", venv / "bin"
    isolated = run(
        [str(python), "-c", "import sys; print(sys.flags.no_site, sys.prefix != sys.base_prefix)"],
        env=env,
    )
    assert isolated.stdout.split() == ["0", "True"]
    install = run(
        [str(python), "-m", "pip", "install", "-q", str(wheel), "pytest"], env=env, timeout=600
    )
    assert install.returncode == 0, install.stdout[-3000:] + install.stderr[-3000:]
    installed = time.monotonic() - started

    user = tmp_path / "user-project"
    user.mkdir()
    # The code under test comes from the fresh environment, and says its version.
    where = run(
        [str(python), "-c",
         "import csbs_replicate, csbs_emulator, importlib.metadata as m; "
         "print(csbs_replicate.__file__, csbs_emulator.__file__, csbs_replicate.__version__, "
         "m.version('csbs-replicate'))"],
        cwd=user, env=env,
    )  # fmt: skip
    assert where.returncode == 0, where.stderr
    replicate_file, emulator_file, *versions = where.stdout.split()
    assert replicate_file.startswith(str(venv))
    assert emulator_file.startswith(str(venv))
    assert versions == [VERSION, VERSION]
    # And the commands say it too (what a bug report quotes).
    for command in ("csbs", "csbs-emulator"):
        said = run([str(bin_dir / command), "--version"], cwd=user, env=env)
        assert said.returncode == 0, said.stderr
        assert said.stdout.strip() == f"{command} {VERSION}"

    # csbs-emulator serve, from the venv: the docs pages and specs come from installed data.
    server = Served(bin_dir / "csbs-emulator", env, user)
    served_from.append(server)
    with httpx.Client(base_url=server.base_url, timeout=10) as client:
        for path in ("/docs", "/docs/cbr", "/docs/control", "/docs/assets/docs.js"):
            assert client.get(path).status_code == 200, path
        cbr_spec = DATA["csbs_emulator/data/cbr-v3.yaml"].read_bytes()
        assert client.get("/cbr/openapi.yaml").content == cbr_spec
        demo = client.get("/_emulator/demo").json()

    # csbs, from the venv: replicate a demo backup and wait for the replica, then show it.
    item = demo["checkpoint_item_ids"][0]
    aksk = {
        "HUAWEICLOUD_SDK_AK": demo["ak"],
        "HUAWEICLOUD_SDK_SK": demo["sk"],
        "HUAWEICLOUD_SDK_PROJECT_ID": demo["project_id"],
    }
    replicated = run(
        [str(bin_dir / "csbs"), "--endpoint", server.base_url, "replicate", item,
         "--to", demo["destination_region"], "--to-project", demo["destination_project_id"],
         "--wait", "--timeout", "60"],
        cwd=user, env={**env, **aksk}, timeout=120,
    )  # fmt: skip
    assert replicated.returncode == 0, replicated.stdout + replicated.stderr
    replica_id = replicated.stdout.strip()
    shown = run(
        [str(bin_dir / "csbs"), "--endpoint", server.base_url, "--json", "show", item],
        cwd=user, env={**env, **aksk}, timeout=60,
    )  # fmt: skip
    assert shown.returncode == 0, shown.stdout + shown.stderr
    assert replica_id in json.dumps(json.loads(shown.stdout))

    # csbs --api cbr, from the venv: the answer to copyBackup is dropped after the commit;
    # the replica's id is printed all the same, and the service holds one replication.
    cbr_replica = replicate_cbr_with_a_dropped_answer(bin_dir / "csbs", server, demo, env, aksk)
    server.close()

    # The pytest plugin, from the venv: the README's example module, alone.
    shutil.copy(EXAMPLE, user / "test_my_code.py")
    (user / "pytest.ini").write_text("[pytest]\n")
    tested = run(
        [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_my_code.py"],
        cwd=user, env=env, timeout=300,
    )  # fmt: skip
    assert tested.returncode == 0, tested.stdout[-4000:] + tested.stderr[-2000:]
    assert "6 passed" in tested.stdout

    # The README's CBR example module, once the official SDK is installed as a user would.
    sdk = run([str(python), "-m", "pip", "install", "-q", pinned("huaweicloudsdkcbr")],
              env=env, timeout=600)  # fmt: skip
    assert sdk.returncode == 0, sdk.stdout[-3000:] + sdk.stderr[-3000:]
    shutil.copy(CBR_EXAMPLE, user / "test_my_cbr_code.py")
    tested = run(
        [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_my_cbr_code.py"],
        cwd=user, env=env, timeout=300,
    )  # fmt: skip
    assert tested.returncode == 0, tested.stdout[-4000:] + tested.stderr[-2000:]
    assert "5 passed" in tested.stdout
    print(f"fresh venv: CBR replica {cbr_replica} found out after a dropped answer")
    print(
        f"release: build {built:.0f}s, venv and install {installed - built:.0f}s, "
        f"whole test {time.monotonic() - started:.0f}s; wheel {wheel.stat().st_size / 1024:.0f} "
        f"KiB, sdist {sdist.stat().st_size / 1024:.0f} KiB"
    )


def replicate_cbr_with_a_dropped_answer(
    csbs: Path, server: Served, demo: dict[str, Any], env: dict[str, str], aksk: dict[str, str]
) -> str:
    """`csbs --api cbr replicate ... --wait` with AK/SK from the environment, its copyBackup
    answer dropped after the commit: the replica's id on stdout, one record on the service."""
    cbr = demo["cbr"]
    item = cbr["backup_ids"][0]
    with httpx.Client(base_url=server.base_url, timeout=10) as control:
        drop = {"rules": [{"operation": "cbr.copyBackup", "drop": True, "next_n": 1}]}
        control.put("/_emulator/faults", json=drop).raise_for_status()
        done = run(
            [str(csbs), "--api", "cbr", "--endpoint", server.base_url, "replicate", item,
             "--to", demo["destination_region"], "--to-project", demo["destination_project_id"],
             "--vault", cbr["destination_vault_id"], "--wait", "--timeout", "60"],
            env={**env, **aksk}, timeout=120,
        )  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr
        assert "its answer was lost; found on the service" in done.stderr
        records = control.get("/_emulator/cbr/replications").json()["replication_records"]
        [record] = [r for r in records if r["source_backup_id"] == item]
        assert done.stdout == f"{record['destination_backup_id']}\n"
        assert record["status"] == "success"
        return str(record["destination_backup_id"])
