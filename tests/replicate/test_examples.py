"""The replicate-and-wait examples the README and the guides show run as written, for both APIs.

Each `main()` replicates a demo backup of a served emulator with AK/SK from the environment
(as a user's shell has them) and returns the replica's id, which the emulator's store holds.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from csbs_replicate.testing import Demo, EmulatorHandle

from .support import cbr_records_of, records_of

ROOT = Path(__file__).resolve().parents[2]


def example(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "examples" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_csbs_example_replicates_and_waits(
    csbs_emulator: EmulatorHandle, csbs_environ: dict[str, str], csbs_demo: Demo,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    item = csbs_demo.checkpoint_item_ids[2]
    replica = example("csbs_replicate_and_wait").main(csbs_emulator.base_url, item)
    [record] = records_of(csbs_emulator.control, item)
    assert replica == record["destination_item_id"]
    assert f"{replica} {csbs_demo.destination_region}" in capsys.readouterr().out


def test_the_cbr_example_replicates_into_the_vault_and_waits(
    csbs_emulator: EmulatorHandle, csbs_environ: dict[str, str], csbs_demo: Demo,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    item = csbs_demo.cbr_demo.backup_ids[1]
    vault = csbs_demo.cbr_demo.destination_vault_id
    replica = example("cbr_replicate_and_wait").main(csbs_emulator.base_url, item, vault)
    [record] = cbr_records_of(csbs_emulator.control, item)
    assert replica == record["destination_backup_id"]
    assert record["destination_vault_id"] == csbs_demo.cbr_demo.destination_vault_id
    assert f"{replica} {csbs_demo.destination_region}" in capsys.readouterr().out
