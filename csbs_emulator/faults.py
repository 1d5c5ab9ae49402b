"""Fault injection for client resilience tests: errors and latency, reproducible by seed.

Owns: the rules set through the control plane (`setFaults`) and the decision, per call of a
public operation, whether to answer 500 `CSBS.9999` / 503 `CSBS.9998` or to add latency.
A fault is decided before the handler runs, so an injected error never changes state.
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
        return out


@dataclass(frozen=True, slots=True)
class Decision:
    error: ApiError | None
    latency_s: float


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
            return Decision(error, rule.latency_ms / 1000.0)
        return NO_FAULT
