"""Stateful contract test: schemathesis' state machine over the spec's OpenAPI links.

Owns: running `schema.as_state_machine()` against the target and proving the links were
followed. The links (openapi/csbs-v1.yaml) are listBackups -> showBackup (ShowFirstBackup),
listBackups -> replicateBackup (ReplicateFirstBackup) and replicateBackup -> showBackup
(ShowSourceBackup). Every step runs every check, the stateful ones (use_after_free,
ensure_resource_availability) included. Against a target that may not replicate,
replicateBackup and its links are left out (see contract_tests/target.py).
Must not import: the emulator's internals.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import hypothesis
import pytest

from contract_tests.conftest import REPLICATE_OPERATION, ContractRun, transport_kwargs
from contract_tests.target import Target

# Steps per scenario; matches phases.stateful.max-steps of contract_tests/schemathesis.toml.
MAX_STEPS = 8


def test_links_state_machine(
    contract_schema: Any, target: Target, contract_run: ContractRun
) -> None:
    if target.dry_run:
        pytest.skip("dry run: a state machine needs real responses to follow links")
    selected = {
        str(result.ok().definition.raw.get("operationId"))
        for result in contract_schema.get_all_operations()
    }
    if not {"listBackups", "showBackup"} <= selected:
        pytest.skip(f"--operation left no link to follow (selected: {sorted(selected)})")
    followed: Counter[tuple[str, int]] = Counter()
    call_kwargs = transport_kwargs(target)

    class LinksMachine(contract_schema.as_state_machine()):  # type: ignore[misc]
        def setup(self) -> None:
            # Each scenario starts from the fixtures: listBackups' first backup is then not
            # yet replicated, so ReplicateFirstBackup can succeed instead of meeting
            # BackupService.1009 left over from earlier scenarios or suites.
            if target.is_emulator:
                target.reset()

        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return dict(call_kwargs)

        def step(self, input: Any) -> Any:
            output = super().step(input)
            if input.transition is not None:
                followed[(str(input.transition.id), int(output.response.status_code))] += 1
            return output

    if contract_run.seed is not None:
        hypothesis.seed(contract_run.seed)(LinksMachine)  # sets the seed on the class
    profile = hypothesis.settings.default
    LinksMachine.run(
        settings=hypothesis.settings(
            profile,
            max_examples=max(contract_run.max_examples, 10),
            stateful_step_count=MAX_STEPS,
            deadline=None,
            database=None,
            phases=[hypothesis.Phase.generate],
            suppress_health_check=list(hypothesis.HealthCheck),
        )
    )

    # The links were really followed, and each reached a 2xx at least once: a run that only
    # ever hit refusals would prove nothing about the links.
    expected = {"ShowFirstBackup"}
    if target.may_replicate:
        expected |= {"ReplicateFirstBackup", "ShowSourceBackup"}
    reached = {link for (link, status), _ in followed.items() if 200 <= status < 300}
    names = {str(link) for link, _ in followed}
    assert {_name(link) for link in reached} >= expected, dict(followed)
    if not target.may_replicate:
        assert not any(REPLICATE_OPERATION in name for name in names), dict(followed)


def _name(transition_id: str) -> str:
    """The link name of a transition id (schemathesis spells it with source and target)."""
    for name in ("ShowFirstBackup", "ReplicateFirstBackup", "ShowSourceBackup"):
        if name in transition_id:
            return name
    return transition_id
