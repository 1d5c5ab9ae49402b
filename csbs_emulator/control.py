"""The control plane's handlers, one per operationId of `openapi/emulator-control.yaml`.

Owns: fixtures, reset, seeded backups, the replication lifecycle, the clock and faults, as
an administrator drives them. Validated by its own spec, exactly like the public API.
Must not import: the store (state goes through the service).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any

from .errors import ApiError, invalid_parameter
from .faults import FaultInjector, FaultRule
from .http import Call, Handler, Reply
from .model import Fixtures, ReplicationRecord, fixtures_from_json, timestamp
from .service import DEFAULT_FAIL_CODE, ReplicationFailures, ReplicationService
from .store import SCHEMA_VERSION

# Control-plane errors reuse the service's body; these two codes are the emulator's own.
_NOT_FOUND = "EMULATOR.0404"
_CONFLICT = "EMULATOR.0409"


class ControlError(ApiError):
    """An error of the control plane itself (not part of the public catalogue)."""

    def __init__(self, code: str, status: int, message: str) -> None:
        Exception.__init__(self, message)
        self.code = code
        self.message = message
        self._status = status

    @property
    def status(self) -> int:
        return self._status


def record_json(r: ReplicationRecord) -> dict[str, Any]:
    return asdict(r)


class ControlPlane:
    def __init__(
        self,
        service: ReplicationService,
        faults: FaultInjector,
        fixtures: Fixtures,
    ) -> None:
        self.service = service
        self.faults = faults
        self.fixtures = fixtures  # what reset reloads

    def health(self) -> dict[str, Any]:
        return {
            "status": "ok",
            "schema_version": SCHEMA_VERSION,
            "backups": self.service.store.count_backups(),
            "lifecycle": self.service.config.lifecycle,
        }

    def demo(self) -> dict[str, Any]:
        demo = dict(self.fixtures.demo)
        if not demo:
            raise ControlError(_NOT_FOUND, 404, "the loaded fixtures define no demo dataset")
        demo["checkpoint_item_ids"] = self.service.demo_item_ids(demo["project_id"])
        keys = (
            "token", "project_id", "region", "checkpoint_item_ids", "destination_region",
            "destination_project_id", "ak", "sk",
        )  # fmt: skip
        return {key: demo[key] for key in keys}

    def reset(self) -> dict[str, Any]:
        self.service.load(self.fixtures)
        self.faults.clear()
        self.service.set_failures(ReplicationFailures(), self.service.config.seed)
        self.service.clock.offset = dt.timedelta(0)
        return self.health()

    def clock_json(self) -> dict[str, Any]:
        return {
            "now": timestamp(self.service.clock.now()),
            "offset_seconds": self.service.clock.offset.total_seconds(),
        }

    def faults_json(self) -> dict[str, Any]:
        f = self.service.failures
        out: dict[str, Any] = {
            "seed": self.faults.seed,
            "rules": [rule.as_json() for rule in self.faults.rules],
        }
        if f.next_n or f.rate:
            out["replication_failures"] = {
                "next_n": f.next_n,
                "rate": f.rate,
                "fail_code": dict(f.fail_code),
                "fail_reason": f.fail_reason,
            }
        return out

    def handlers(self) -> dict[str, Handler]:
        service = self.service

        def get_demo(call: Call) -> Reply:
            return Reply(200, self.demo())

        def get_health(call: Call) -> Reply:
            return Reply(200, self.health())

        def reset_state(call: Call) -> Reply:
            return Reply(200, self.reset())

        def load_fixtures(call: Call) -> Reply:
            try:
                fixtures = fixtures_from_json(call.body)
            except KeyError as exc:
                raise invalid_parameter(f"a backup names unknown project {exc}") from None
            service.load(fixtures)
            self.fixtures = fixtures
            return Reply(200, self.health())

        def create_backups(call: Call) -> Reply:
            body = call.body
            ids = service.create_backups(
                body["project_id"],
                int(body.get("count", 1)),
                body.get("status", "available"),
                body.get("name"),
            )
            return Reply(200, {"checkpoint_item_ids": ids})

        def list_replication_records(call: Call) -> Reply:
            records = service.store.list_records(call.query.get("status"))
            return Reply(200, {"replication_records": [record_json(r) for r in records]})

        def advance_replication(call: Call) -> Reply:
            body = call.body
            try:
                record = service.advance(
                    call.path["record_id"],
                    body["outcome"],
                    body.get("fail_code"),
                    body.get("fail_reason", ""),
                )
            except ValueError as exc:
                raise ControlError(_CONFLICT, 409, str(exc)) from None
            if record is None:
                raise ControlError(
                    _NOT_FOUND, 404, f"no replication record {call.path['record_id']}"
                )
            return Reply(200, record_json(record))

        def advance_all_replications(call: Call) -> Reply:
            body = call.body
            records = service.advance_all(
                body["outcome"], body.get("fail_code"), body.get("fail_reason", "")
            )
            return Reply(200, {"replication_records": [record_json(r) for r in records]})

        def get_clock(call: Call) -> Reply:
            return Reply(200, self.clock_json())

        def advance_clock(call: Call) -> Reply:
            service.clock.offset += dt.timedelta(seconds=float(call.body["seconds"]))
            service.tick()
            return Reply(200, self.clock_json())

        def get_faults(call: Call) -> Reply:
            return Reply(200, self.faults_json())

        def set_faults(call: Call) -> Reply:
            body = call.body
            seed = body.get("seed")
            rules = [FaultRule(**rule) for rule in body.get("rules", [])]
            self.faults.configure(rules, seed)
            failures = body.get("replication_failures")
            if failures:
                code = failures.get("fail_code", DEFAULT_FAIL_CODE)
                service.set_failures(
                    ReplicationFailures(
                        next_n=int(failures.get("next_n", 0)),
                        rate=float(failures.get("rate", 0.0)),
                        fail_code=tuple(code.items()),
                        fail_reason=failures.get("fail_reason", "injected failure"),
                    ),
                    seed,
                )
            else:
                service.set_failures(ReplicationFailures(), seed)
            return Reply(200, self.faults_json())

        return {
            "getDemo": get_demo,
            "getHealth": get_health,
            "resetState": reset_state,
            "loadFixtures": load_fixtures,
            "createBackups": create_backups,
            "listReplicationRecords": list_replication_records,
            "advanceReplication": advance_replication,
            "advanceAllReplications": advance_all_replications,
            "getClock": get_clock,
            "advanceClock": advance_clock,
            "getFaults": get_faults,
            "setFaults": set_faults,
        }
