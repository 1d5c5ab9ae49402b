"""Fault injection for client resilience tests: errors, latency and lost answers, by seed.

Owns: the rules set through the control plane (`setFaults`) and the decision, per call of a
public operation, whether to answer 500 `CSBS.9999` / 503 `CSBS.9998`, to add latency, or
to drop the answer. A fault is decided before the handler runs. By default it also strikes
then, so an injected error never changes state; an `after_commit` rule strikes once the
call's writes are committed (latency before the answer, `status` in place of it, or `drop`:
no answer at all), which is how a client meets a replicate whose outcome it cannot know.
Must not import: the web framework, the store.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from typing import Any

from .errors import ApiError

_FAULT_ERRORS = {500: ("CSBS.9999", "Injected fault"), 503: ("CSBS.9998", "Injected fault")}


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
    error: ApiError | None
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

    def decide(self, operation_id: str) -> Decision:
        """The first matching rule that fires decides; rules with a spent budget never fire."""
        if not self.rules:
            return NO_FAULT
        for index, rule in enumerate(self.rules):
            if rule.operation not in ("*", operation_id):
                continue
            if rule.next_n is not None:
                if rule.next_n <= 0:
                    continue
                self.rules[index] = replace(rule, next_n=rule.next_n - 1)
            elif rule.rate is not None and self._rng.random() >= rule.rate:
                continue
            error = None
            if rule.status is not None:
                code, message = _FAULT_ERRORS[rule.status]
                error = ApiError(code, f"{message} ({operation_id})")
            return Decision(
                error, rule.latency_ms / 1000.0, rule.after_commit or rule.drop, rule.drop
            )
        return NO_FAULT
