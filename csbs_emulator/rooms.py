"""What the shared machinery needs of a service's room (one per API the emulator serves).

A room is the same few parts for every service: its spec (routes and validation), its
handlers by operationId, its rules, its tables (and their schema history) and its error
catalogue. The wire, authentication, faults, the clock, the store engine, the directory and
the control plane are shared and reach a room only through this interface.
Must not import: the web framework, the store's SQL, any particular room.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from .errors import Catalogue
from .http import Handler
from .model import Fixtures


class Room(Protocol):
    name: str  # "csbs", "cbr": also its fault-rule prefix and its key in health
    spec_file: str  # the packaged OpenAPI document it serves
    path_prefix: str  # the public paths it owns ("/v1/", "/v3/")
    fault_prefix: str  # how fault rules name its operations ("" or "cbr.")
    catalogue: Catalogue

    def handlers(self) -> Mapping[str, Handler]: ...

    def control_handlers(self) -> Mapping[str, Handler]:
        """This room's operations of the control plane, by operationId."""

    def check(self, fixtures: Fixtures) -> None:
        """Raise `FixtureRefused` if this room's part of the fixtures does not fit."""

    def wipe(self) -> None:
        """Delete this room's rows (inside the caller's transaction)."""

    def load(self, fixtures: Fixtures) -> None:
        """Insert this room's part of the fixtures (inside the caller's transaction)."""

    def tick(self) -> None:
        """Complete whatever of this room's lifecycle has come due."""

    def demo(self, demo: Mapping[str, Any]) -> dict[str, Any]:
        """The ids of this room's demo data, for `/_emulator/demo`."""

    def health(self) -> dict[str, Any]:
        """This room's counts, for `/_emulator/health`."""
