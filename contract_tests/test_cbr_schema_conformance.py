"""Schema conformance of CBR v3: every operation of openapi/cbr-v3.yaml, every check, every phase.

Owns: the schemathesis conformance test of CBR over the target chosen at run time (see
conftest), as `test_schema_conformance.py` does for CSBS v1, with CBR's configuration
(contract_tests/schemathesis-cbr.toml: the demo's CBR dataset, and the relaxations with their
reasons). The same custom checks judge each case by its API (contract_tests/checks.py).
Must not import: the emulator's internals.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import schemathesis

from contract_tests.conftest import ContractStats, transport_kwargs
from contract_tests.target import Target

schema = schemathesis.pytest.from_fixture("cbr_contract_schema")


@schema.parametrize()
def test_cbr_operation_conforms(
    case: Any,
    target: Target,
    contract_stats: ContractStats,
    cbr_pin_dataset: Callable[[Any], None],
) -> None:
    cbr_pin_dataset(case)
    if target.dry_run:
        contract_stats.plan(case)
        return
    case.call_and_validate(**transport_kwargs(target))
