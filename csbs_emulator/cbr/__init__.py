"""CBR v3 (`/v3/...`), the second room: `copyBackup` and the reads a caller needs to find a
backup, its destination vault, and follow the replication to its end.

  control     its part of the control plane (`/_emulator/...`)
  operations  the handlers, one per operationId of `openapi/cbr-v3.yaml`, and the views
  service     the replication rules (backup, regions, projects, vaults) and the lifecycle
  tables      CBR's tables and their SQL (schema history `tables.SCHEMA`)
  model       CBR's records: vaults, backups, replication records, tasks
  errors      CBR's error catalogue
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..clock import Clock
from ..config import EmulatorConfig
from ..directory import Directory
from ..faults import CopyOutcomes
from ..http import Handler
from ..model import Fixtures
from ..store import Store
from . import control, operations
from .errors import CATALOGUE
from .service import CbrService
from .tables import SCHEMA, CbrTables

__all__ = ["SCHEMA", "CbrRoom"]


class CbrRoom:
    name = "cbr"
    spec_file = "cbr-v3.yaml"
    path_prefix = "/v3/"
    # Fault rules name CBR's operations `cbr.<operationId>` (three operationIds are CSBS's too).
    fault_prefix = "cbr."
    catalogue = CATALOGUE

    def __init__(
        self,
        store: Store,
        directory: Directory,
        config: EmulatorConfig,
        clock: Clock,
        outcomes: CopyOutcomes,
    ) -> None:
        self.tables = CbrTables(store)
        self.service = CbrService(self.tables, directory, config, clock, outcomes)

    def handlers(self) -> Mapping[str, Handler]:
        return operations.handlers(self.service)

    def control_handlers(self) -> Mapping[str, Handler]:
        return control.handlers(self.service)

    def check(self, fixtures: Fixtures) -> None:
        self.service.check(fixtures)

    def wipe(self) -> None:
        self.tables.wipe()

    def load(self, fixtures: Fixtures) -> None:
        self.tables.load(fixtures)

    def tick(self) -> None:
        self.service.tick()

    def demo(self, demo: Mapping[str, Any]) -> dict[str, Any]:
        """The CBR demo: its fixtures' `cbr` names, and the replicable backups now."""
        named = dict(demo.get("cbr") or {})
        if not named:
            return {}
        named["backup_ids"] = self.service.demo_backup_ids(demo["project_id"])
        return {"cbr": named}

    def health(self) -> dict[str, Any]:
        return {"cbr_backups": self.tables.count_backups()}
