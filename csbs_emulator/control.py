"""The control plane's handlers, one per operationId of `openapi/emulator-control.yaml`.

Owns: fixtures, reset, seeded backups, the replication lifecycle, the clock and faults, as
an administrator drives them, for every service's room. Validated by its own spec, exactly
like the public APIs; its malformed requests answer in CSBS's codes (`CSBS.9001`), as they
did before there were two services (the control spec documents it).
Must not import: the store's SQL (state goes through the rooms and their services).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .clock import Clock
from .config import EmulatorConfig
from .directory import Directory, FixtureRefused, check_directory, load_fixtures
from .errors import CONTROL_NOT_FOUND, Catalogue, control_error
from .faults import DEFAULT_FAIL_CODE, CopyOutcomes, FaultInjector, FaultRule, ReplicationFailures
from .http import Call, Handler, Reply
from .model import Fixtures, fixtures_from_json, timestamp
from .rooms import Room
from .store import Store


class ControlPlane:
    def __init__(
        self,
        *,
        store: Store,
        directory: Directory,
        rooms: tuple[Room, ...],
        faults: FaultInjector,
        outcomes: CopyOutcomes,
        clock: Clock,
        config: EmulatorConfig,
        fixtures: Fixtures,
        catalogue: Catalogue,
    ) -> None:
        self.store = store
        self.directory = directory
        self.rooms = rooms
        self.faults = faults
        self.outcomes = outcomes
        self.clock = clock
        self.config = config
        self.fixtures = fixtures  # what reset reloads
        self.catalogue = catalogue

    def health(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "status": "ok",
            "schema_version": self.store.schema_version,
            "schema_versions": self.store.schema_versions(),
            "lifecycle": self.config.lifecycle,
        }
        for room in self.rooms:
            out.update(room.health())
        return out

    def demo(self) -> dict[str, Any]:
        demo = dict(self.fixtures.demo)
        if not demo:
            raise control_error(
                CONTROL_NOT_FOUND, 404, "the loaded fixtures define no demo dataset"
            )
        keys = (
            "token", "project_id", "region", "destination_region", "destination_project_id",
            "ak", "sk",
        )  # fmt: skip
        out = {key: demo[key] for key in keys}
        for room in self.rooms:
            out.update(room.demo(demo))
        return out

    def load(self, fixtures: Fixtures) -> None:
        """Check `fixtures` whole, then replace all state with them (or change nothing)."""
        try:
            check_directory(fixtures)
            for room in self.rooms:
                room.check(fixtures)
        except FixtureRefused as exc:
            raise self.catalogue.malformed(str(exc)) from None
        load_fixtures(self.store, self.directory, self.rooms, fixtures)

    def reset(self) -> dict[str, Any]:
        self.load(self.fixtures)
        self.faults.clear()
        self.outcomes.set(ReplicationFailures(), self.config.seed)
        self.clock.offset = dt.timedelta(0)
        return self.health()

    def tick(self) -> None:
        for room in self.rooms:
            room.tick()

    def clock_json(self) -> dict[str, Any]:
        return {
            "now": timestamp(self.clock.now()),
            "offset_seconds": self.clock.offset.total_seconds(),
        }

    def faults_json(self) -> dict[str, Any]:
        f = self.outcomes.failures
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
        """The shared operations, and each room's own (its backups and records)."""

        def get_demo(call: Call) -> Reply:
            return Reply(200, self.demo())

        def get_health(call: Call) -> Reply:
            return Reply(200, self.health())

        def reset_state(call: Call) -> Reply:
            return Reply(200, self.reset())

        def load_fixtures(call: Call) -> Reply:
            fixtures = fixtures_from_json(call.body)
            self.load(fixtures)
            self.fixtures = fixtures
            return Reply(200, self.health())

        def get_clock(call: Call) -> Reply:
            return Reply(200, self.clock_json())

        def advance_clock(call: Call) -> Reply:
            self.clock.offset += dt.timedelta(seconds=float(call.body["seconds"]))
            self.tick()
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
                self.outcomes.set(
                    ReplicationFailures(
                        next_n=int(failures.get("next_n", 0)),
                        rate=float(failures.get("rate", 0.0)),
                        fail_code=tuple(code.items()),
                        fail_reason=failures.get("fail_reason", "injected failure"),
                    ),
                    seed,
                )
            else:
                self.outcomes.set(ReplicationFailures(), seed)
            return Reply(200, self.faults_json())

        shared: dict[str, Handler] = {
            "getDemo": get_demo,
            "getHealth": get_health,
            "resetState": reset_state,
            "loadFixtures": load_fixtures,
            "getClock": get_clock,
            "advanceClock": advance_clock,
            "getFaults": get_faults,
            "setFaults": set_faults,
        }
        for room in self.rooms:
            shared.update(room.control_handlers())
        return shared
