"""Regenerate the clients from the specs, or check that the committed clients match them.

Owns: the one recipe that turns each spec into its client package —
`openapi/csbs-v1.yaml` into `generated/csbs_client` and `openapi/cbr-v3.yaml` into
`generated/cbr_client`. `scripts/regen` runs it for every package; `scripts/regen --check`
(run by the test command and CI) proves each committed client is exactly, byte for byte,
what the pinned generator makes from the current spec.

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
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True, slots=True)
class Package:
    """One generated client: its import name, the spec it comes from, the generator config."""

    name: str
    spec: Path
    config: Path

    @property
    def target(self) -> Path:
        return ROOT / "generated" / self.name


PACKAGES = (
    Package(
        "csbs_client", ROOT / "openapi" / "csbs-v1.yaml", ROOT / "openapi" / "generator-config.yaml"
    ),
    Package(
        "cbr_client",
        ROOT / "openapi" / "cbr-v3.yaml",
        ROOT / "openapi" / "generator-config-cbr.yaml",
    ),
)
BY_NAME = {package.name: package for package in PACKAGES}


def generate(package: Package, spec: Path, out_parent: Path) -> Path:
    """Run the pinned generator into `out_parent/<package>` and return that folder."""
    out = out_parent / package.name
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
        str(package.config),
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
        raise SystemExit(f"regen: the generator failed for {package.name} (exit {proc.returncode})")
    if not (out / "__init__.py").is_file():
        raise SystemExit(f"regen: the generator produced no package for {package.name}")
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


def _swap_in(fresh: Path, target: Path) -> None:
    """Replace `target` by a copy of `fresh` in whole (no stale file survives)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(f".{target.name}.new")
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(fresh, staging)
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def run_one(package: Package, spec: Path, target: Path, *, check: bool) -> bool:
    """Regenerate (or check) one package; True when it is (now) in step with its spec."""
    started = time.perf_counter()
    print(f"regen: generating {package.name} from {_shown(spec)} ...", flush=True)
    with tempfile.TemporaryDirectory(prefix="csbs-regen-") as scratch:
        fresh = generate(package, spec.resolve(), Path(scratch))
        files = len(tree(fresh))
        took = time.perf_counter() - started
        if check:
            problems = compare(fresh, target)
            if problems:
                count = len(problems)
                print(f"regen --check: DRIFT in {package.name}, {count} file(s) ({took:.1f}s):")
                for line in problems:
                    print(f"  {line}")
                return False
            print(
                f"regen --check: no drift in {package.name} ({files} files compared, {took:.1f}s)"
            )
            return True
        _swap_in(fresh, target)
    print(f"regen: wrote {files} files to {_shown(target)} ({time.perf_counter() - started:.1f}s)")
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/regen", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="fail, naming the files, if generated/ would change"
    )
    parser.add_argument(
        "--package",
        choices=sorted(BY_NAME),
        action="append",
        help="only this package (repeatable; default: every package)",
    )
    # For the drift check's own tests: one package from another spec, into another folder.
    parser.add_argument("--spec", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--target", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    packages = [BY_NAME[name] for name in args.package] if args.package else list(PACKAGES)
    if (args.spec or args.target) and len(packages) != 1:
        parser.error("--spec and --target need exactly one --package")
    in_step = [
        run_one(
            package,
            args.spec or package.spec,
            args.target or package.target,
            check=args.check,
        )
        for package in packages
    ]
    if not all(in_step):
        print("A spec changed but its client was not regenerated: run scripts/regen.")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
