"""Fault injection for client resilience tests: errors, latency and lost answers, by seed.

Owns: the rules set through the control plane (`setFaults`) and the decision, per call of a
public operation, whether to answer 500 / 503 (in the serving service's codes: CSBS
`CSBS.9999` / `CSBS.9998`, CBR `BackupService.9999` / `BackupService.9998`), to add latency,
or to drop the answer. A rule names an operationId as the serving spec spells it; an
operationId both APIs have (`showBackup`, `listBackups`, `showReplicationCapabilities`) is
named `cbr.showBackup` for CBR's, and the bare name is CSBS's, as before there were two.
A fault is decided before the handler runs. By default it also strikes then, so an
injected error never changes state; an `after_commit` rule strikes once the
call's writes are committed (latency before the answer, `status` in place of it, or `drop`:
no answer at all), which is how a client meets a replicate whose outcome it cannot know.
Also the outcome of each completing copy (`CopyOutcomes`), shared by every service.
Must not import: the web framework, the store.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from typing import Any


@dataclass(frozen=True, slots=True)
class FaultRule:
    operation: str  # an operationId, or "*"
    status: int | None = None
    latency_ms: int = 0
    rate: float | None = None
    next_n: int | None = None
    after_commit: bool = False
    drop: bool = False  # implies after_commit

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"operation": self.operation}
        if self.status is not None:
            out["status"] = self.status
        if self.latency_ms:
            out["latency_ms"] = self.latency_ms
        if self.rate is not None:
            out["rate"] = self.rate
        if self.next_n is not None:
            out["next_n"] = self.next_n
        if self.after_commit:
            out["after_commit"] = True
        if self.drop:
            out["drop"] = True
        return out


@dataclass(frozen=True, slots=True)
class Decision:
    status: int | None  # an injected error's status (500 or 503), rendered by the wire
    latency_s: float
    # Strike after the handler's writes are committed, not before the handler runs.
    after_commit: bool = False
    # Close the connection instead of answering (after the commit).
    drop: bool = False


NO_FAULT = Decision(None, 0.0)


class FaultInjector:
    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.rules: list[FaultRule] = []
        self._rng = random.Random(seed)

    def configure(self, rules: list[FaultRule], seed: int | None) -> None:
        self.rules = rules
        if seed is not None:
            self.seed = seed
        self._rng = random.Random(self.seed)

    def clear(self) -> None:
        self.configure([], None)

    def decide(self, operation: str) -> Decision:
        """The first matching rule that fires decides; rules with a spent budget never fire.

        `operation` is the serving spec's operationId, prefixed with its room (`cbr.`) for
        any service but the first.
        """
        if not self.rules:
            return NO_FAULT
        for index, rule in enumerate(self.rules):
            if rule.operation not in ("*", operation):
                continue
            if rule.next_n is not None:
                if rule.next_n <= 0:
                    continue
                self.rules[index] = replace(rule, next_n=rule.next_n - 1)
            elif rule.rate is not None and self._rng.random() >= rule.rate:
                continue
            return Decision(
                rule.status, rule.latency_ms / 1000.0, rule.after_commit or rule.drop, rule.drop
            )
        return NO_FAULT


# -- copies that fail: the outcome of a replication, drawn when it completes -----------------

DEFAULT_FAIL_CODE = {"Code": "BackupService.6000", "Description": "Replication failed"}


@dataclass(frozen=True, slots=True)
class ReplicationFailures:
    """Copies to fail on completion: the next `next_n`, then each with probability `rate`."""

    next_n: int = 0
    rate: float = 0.0
    fail_code: tuple[tuple[str, str], ...] = tuple(DEFAULT_FAIL_CODE.items())
    fail_reason: str = "injected failure"


class CopyOutcomes:
    """How each completing copy ends, whichever service made it (`setFaults`'
    `replication_failures`): success, or a failure with a code and a reason."""

    def __init__(self, seed: int) -> None:
        self.failures = ReplicationFailures()
        self._rng = random.Random(seed)

    def set(self, failures: ReplicationFailures, seed: int | None) -> None:
        self.failures = failures
        if seed is not None:
            self._rng = random.Random(seed)

    @property
    def certain(self) -> bool:
        """No failure is set: every draw is a success and changes nothing, so drawing before
        knowing whether the copy is accepted is the same as drawing after."""
        return self.failures.next_n <= 0 and self.failures.rate <= 0

    def draw(self) -> tuple[str, dict[str, str], str]:
        """("success", {}, "") or ("fail", fail_code, fail_reason), spending the budget."""
        f = self.failures
        failing = False
        if f.next_n > 0:
            self.failures = replace(f, next_n=f.next_n - 1)
            failing = True
        elif f.rate > 0 and self._rng.random() < f.rate:
            failing = True
        if failing:
            return "fail", dict(f.fail_code), f.fail_reason
        return "success", {}, ""
