"""Regenerate the client from the spec, or check that the committed client matches it.

Owns: the one recipe that turns `openapi/csbs-v1.yaml` into `generated/csbs_client`.
`scripts/regen` runs it; `scripts/regen --check` (run by the test command and CI) proves the
committed client is exactly what the pinned generator makes from the current spec.

Generation always happens in a fresh temporary folder, then is compared or swapped in whole:
the generator's `--overwrite` leaves stale files behind, and a swap cannot.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi" / "csbs-v1.yaml"
CONFIG = ROOT / "openapi" / "generator-config.yaml"
PACKAGE = "csbs_client"
TARGET = ROOT / "generated" / PACKAGE


def generate(spec: Path, out_parent: Path) -> Path:
    """Run the pinned generator into `out_parent/csbs_client` and return that folder."""
    out = out_parent / PACKAGE
    bin_dir = Path(sys.executable).parent
    env = dict(os.environ)
    # The generator's post-hooks call `ruff`; it must be the pinned one from this venv,
    # whatever else is on the user's PATH, or formatting (and so the bytes) would differ.
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    cmd = [
        str(bin_dir / "openapi-python-client"),
        "generate",
        "--path",
        str(spec),
        "--config",
        str(CONFIG),
        "--meta",
        "none",
        "--output-path",
        str(out),
        "--fail-on-warning",
    ]
    # Run from the scratch folder so no pyproject.toml or ruff.toml above it is picked up.
    proc = subprocess.run(cmd, cwd=out_parent, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(f"regen: the generator failed (exit {proc.returncode})")
    if not (out / "__init__.py").is_file():
        raise SystemExit("regen: the generator produced no package")
    return out


def tree(root: Path) -> dict[str, Path]:
    """Every file under `root`, by its path relative to `root` (caches ignored)."""
    return {
        p.relative_to(root).as_posix(): p
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def compare(fresh: Path, committed: Path) -> list[str]:
    """Describe every difference between two trees; empty when byte-for-byte equal."""
    new, old = tree(fresh), tree(committed) if committed.is_dir() else {}
    problems = [f"missing from generated/: {name}" for name in sorted(new.keys() - old.keys())]
    problems += [f"extra in generated/: {name}" for name in sorted(old.keys() - new.keys())]
    problems += [
        f"differs: {name}"
        for name in sorted(new.keys() & old.keys())
        if not filecmp.cmp(new[name], old[name], shallow=False)
    ]
    return problems


def _shown(path: Path) -> str:
    path = path.resolve()
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/regen", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="fail, naming the files, if generated/ would change"
    )
    parser.add_argument("--spec", type=Path, default=SPEC, help=argparse.SUPPRESS)
    parser.add_argument("--target", type=Path, default=TARGET, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    print(f"regen: generating {PACKAGE} from {_shown(args.spec)} ...", flush=True)
    with tempfile.TemporaryDirectory(prefix="csbs-regen-") as scratch:
        fresh = generate(args.spec.resolve(), Path(scratch))
        files = len(tree(fresh))
        if args.check:
            problems = compare(fresh, args.target)
            took = time.perf_counter() - started
            if problems:
                print(f"regen --check: DRIFT in {len(problems)} file(s) ({took:.1f}s):")
                for line in problems:
                    print(f"  {line}")
                print("The spec changed but the client was not regenerated: run scripts/regen.")
                return 1
            print(f"regen --check: no drift ({files} files compared, {took:.1f}s)")
            return 0
        args.target.parent.mkdir(parents=True, exist_ok=True)
        staging = args.target.with_name(f".{PACKAGE}.new")
        shutil.rmtree(staging, ignore_errors=True)
        shutil.copytree(fresh, staging)
    old = args.target.with_name(f".{PACKAGE}.old")
    shutil.rmtree(old, ignore_errors=True)
    if args.target.exists():
        args.target.rename(old)
    staging.rename(args.target)
    shutil.rmtree(old, ignore_errors=True)
    print(
        f"regen: wrote {files} files to {_shown(args.target)} "
        f"({time.perf_counter() - started:.1f}s)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
