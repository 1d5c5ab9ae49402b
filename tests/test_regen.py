"""The drift check's own tests: `scripts/regen --check` must catch every kind of drift."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tools import regen

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def committed_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("generated") / "csbs_client"
    shutil.copytree(regen.TARGET, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def test_the_committed_client_matches_the_spec(capsys: pytest.CaptureFixture[str]) -> None:
    assert regen.main(["--check"]) == 0
    assert "no drift" in capsys.readouterr().out


def test_a_changed_description_is_drift_until_regenerated(
    tmp_path: Path, committed_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "csbs-v1.yaml"
    text = regen.SPEC.read_text("utf-8")
    assert "Shows one backup (checkpoint item)." in text
    spec.write_text(text.replace("Shows one backup (checkpoint item).", "Shows a backup."))
    assert regen.main(["--check", "--spec", str(spec), "--target", str(committed_copy)]) == 1
    out = capsys.readouterr().out
    assert "differs: api/backups/show_backup.py" in out
    # Regenerating from the changed spec makes the check pass again.
    assert regen.main(["--spec", str(spec), "--target", str(committed_copy)]) == 0
    assert regen.main(["--check", "--spec", str(spec), "--target", str(committed_copy)]) == 0
    shutil.rmtree(committed_copy)
    shutil.copytree(regen.TARGET, committed_copy, ignore=shutil.ignore_patterns("__pycache__"))


def test_an_extra_file_is_drift(committed_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    extra = committed_copy / "models" / "hand_written.py"
    extra.write_text("X = 1\n")
    try:
        assert regen.main(["--check", "--target", str(committed_copy)]) == 1
        assert "extra in generated/: models/hand_written.py" in capsys.readouterr().out
    finally:
        extra.unlink()


def test_a_missing_file_is_drift(committed_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    victim = committed_copy / "models" / "tag.py"
    saved = victim.read_bytes()
    victim.unlink()
    try:
        assert regen.main(["--check", "--target", str(committed_copy)]) == 1
        assert "missing from generated/: models/tag.py" in capsys.readouterr().out
    finally:
        victim.write_bytes(saved)


def test_a_hand_edit_is_drift(committed_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    victim = committed_copy / "errors.py"
    saved = victim.read_bytes()
    victim.write_bytes(saved + b"\n# edited by hand\n")
    try:
        assert regen.main(["--check", "--target", str(committed_copy)]) == 1
        assert "differs: errors.py" in capsys.readouterr().out
    finally:
        victim.write_bytes(saved)
