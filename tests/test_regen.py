"""The drift check's own tests: `scripts/regen --check` must catch every kind of drift, in
every generated package (csbs_client from csbs-v1.yaml, cbr_client from cbr-v3.yaml)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tools import regen

ROOT = Path(__file__).resolve().parent.parent
NAMES = [package.name for package in regen.PACKAGES]
# Per package: a description in its spec and the generated module that carries it.
DESCRIPTIONS = {
    "csbs_client": ("Shows one backup (checkpoint item).", "api/backups/show_backup.py"),
    "cbr_client": ("Shows one backup (查询指定备份)", "api/backups/show_backup.py"),
}


@pytest.fixture(scope="module", params=NAMES)
def package(request: pytest.FixtureRequest) -> regen.Package:
    return regen.BY_NAME[str(request.param)]


@pytest.fixture
def committed_copy(tmp_path: Path, package: regen.Package) -> Path:
    target = tmp_path / "generated" / package.name
    shutil.copytree(package.target, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def _check(package: regen.Package, target: Path, *extra: str) -> int:
    return regen.main(["--check", "--package", package.name, "--target", str(target), *extra])


def test_both_clients_are_regenerated_by_one_recipe() -> None:
    assert NAMES == ["csbs_client", "cbr_client"]
    for package in regen.PACKAGES:
        assert package.spec.is_file()
        assert package.config.is_file()
        assert package.target == ROOT / "generated" / package.name
        assert (package.target / "py.typed").is_file()


def test_every_committed_client_matches_its_spec(capsys: pytest.CaptureFixture[str]) -> None:
    assert regen.main(["--check"]) == 0
    out = capsys.readouterr().out
    for name in NAMES:
        assert f"no drift in {name}" in out


def test_a_changed_description_is_drift_until_regenerated(
    tmp_path: Path,
    package: regen.Package,
    committed_copy: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    old, module = DESCRIPTIONS[package.name]
    spec = tmp_path / package.spec.name
    text = package.spec.read_text("utf-8")
    assert old in text
    spec.write_text(text.replace(old, "Shows a backup."), "utf-8")
    assert _check(package, committed_copy, "--spec", str(spec)) == 1
    out = capsys.readouterr().out
    assert f"DRIFT in {package.name}" in out
    assert f"differs: {module}" in out
    # Regenerating from the changed spec makes the check pass again.
    args = ["--package", package.name, "--spec", str(spec), "--target", str(committed_copy)]
    assert regen.main(args) == 0
    assert _check(package, committed_copy, "--spec", str(spec)) == 0


def test_an_extra_file_is_drift(
    package: regen.Package, committed_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (committed_copy / "models" / "hand_written.py").write_text("X = 1\n")
    assert _check(package, committed_copy) == 1
    assert "extra in generated/: models/hand_written.py" in capsys.readouterr().out


def test_a_missing_file_is_drift(
    package: regen.Package, committed_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (committed_copy / "models" / "tag.py").unlink()
    assert _check(package, committed_copy) == 1
    assert "missing from generated/: models/tag.py" in capsys.readouterr().out


def test_a_hand_edit_is_drift(
    package: regen.Package, committed_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    victim = committed_copy / "errors.py"
    victim.write_bytes(victim.read_bytes() + b"\n# edited by hand\n")
    assert _check(package, committed_copy) == 1
    assert "differs: errors.py" in capsys.readouterr().out


def test_drift_in_one_package_fails_the_whole_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Both packages are checked in one run, and one drifting package fails it."""
    cbr = regen.BY_NAME["cbr_client"]
    spec = tmp_path / "cbr-v3.yaml"
    spec.write_text(cbr.spec.read_text("utf-8").replace("Shows one backup (", "Shows ("), "utf-8")
    monkeypatch.setitem(regen.BY_NAME, "cbr_client", regen.Package(cbr.name, spec, cbr.config))
    assert regen.main(["--check", "--package", "csbs_client", "--package", "cbr_client"]) == 1
    out = capsys.readouterr().out
    assert "no drift in csbs_client" in out
    assert "DRIFT in cbr_client" in out


def test_spec_and_target_need_one_package() -> None:
    with pytest.raises(SystemExit) as exc:
        regen.main(["--check", "--spec", str(regen.PACKAGES[0].spec)])
    assert exc.value.code == 2
