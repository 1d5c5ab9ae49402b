"""A user's test module, using only the plugin's fixtures, passes in a fresh virtual
environment where this project was installed with `pip install .` and nothing else of it.

Slow (16 s on the project's 2-core machine with a warm pip cache, up to a minute cold; most
of it pip building the project and fetching its dependencies from the package index): a real
`python -m venv` with its own site-packages (not `--system-site-packages`), the project built
from a copy of its sources (so the checkout is not written to), pytest from the index, and
the README's example module alone in a folder with no conftest.py and no configuration of
this repository.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "test_with_the_emulator.py"
# What `pip install .` builds from (pyproject.toml's packages and its readme).
SOURCES = (
    "pyproject.toml",
    "README.md",
    "generated",
    "csbs_emulator",
    "csbs_signing",
    "csbs_replicate",
)
JUNK = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", ".hypothesis", "build")


def clean_env() -> dict[str, str]:
    """This environment without this checkout's virtual environment."""
    env = {
        k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")
    }
    ours = str(Path(sys.executable).parent)
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p != ours)
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


@pytest.mark.slow
def test_the_example_passes_in_a_fresh_venv_with_pip_install(tmp_path: Path) -> None:
    started = time.monotonic()
    source = tmp_path / "source"
    source.mkdir()
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=JUNK)  # symlinked spec files copied
        else:
            shutil.copy(path, source / name)
    venv = tmp_path / "venv"
    env = clean_env()
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, env=env, timeout=120)
    python = venv / "bin" / "python"
    isolated = subprocess.run(
        [str(python), "-c", "import sys; print(sys.flags.no_site, sys.prefix != sys.base_prefix)"],
        capture_output=True, text=True, check=True, env=env,
    )  # fmt: skip
    assert isolated.stdout.split() == ["0", "True"]
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", str(source), "pytest"],
        capture_output=True, text=True, env=env, timeout=600, check=False,
    )  # fmt: skip
    assert install.returncode == 0, install.stdout[-3000:] + install.stderr[-3000:]
    installed = time.monotonic() - started

    user = tmp_path / "user-project"
    user.mkdir()
    shutil.copy(EXAMPLE, user / "test_my_code.py")
    (user / "pytest.ini").write_text("[pytest]\n")
    run = subprocess.run(
        [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_my_code.py"],
        cwd=user, capture_output=True, text=True, env=env, timeout=300, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "6 passed" in run.stdout
    # The code under test came from the fresh environment, not from this checkout.
    where = subprocess.run(
        [str(python), "-c", "import csbs_replicate, csbs_emulator; print(csbs_replicate.__file__)"],
        cwd=user, capture_output=True, text=True, env=env, check=True,
    )  # fmt: skip
    assert where.stdout.startswith(str(venv)), where.stdout
    print(f"fresh venv: install {installed:.0f}s, whole test {time.monotonic() - started:.0f}s")
