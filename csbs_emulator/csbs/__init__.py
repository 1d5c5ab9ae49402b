"""CSBS v1 (`/v1/...`), the first room: `replicateBackup` and the reads around it.

operations  the handlers, one per operationId of `openapi/csbs-v1.yaml`, and the views
service     the replication rules and the lifecycle, plain Python
tables      CSBS's tables and their SQL (schema history `tables.SCHEMA`)
model       CSBS's records
errors      CSBS's error catalogue
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
from .service import ReplicationService
from .tables import SCHEMA, CsbsTables

__all__ = ["SCHEMA", "CsbsRoom"]


class CsbsRoom:
    name = "csbs"
    spec_file = "csbs-v1.yaml"
    path_prefix = "/v1/"
    fault_prefix = ""  # CSBS's rules name bare operationIds, as they did before CBR
    catalogue = CATALOGUE

    def __init__(
        self,
        store: Store,
        directory: Directory,
        config: EmulatorConfig,
        clock: Clock,
        outcomes: CopyOutcomes,
    ) -> None:
        self.tables = CsbsTables(store)
        self.service = ReplicationService(self.tables, directory, config, clock, outcomes)

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
        return {"checkpoint_item_ids": self.service.demo_item_ids(demo["project_id"])}

    def health(self) -> dict[str, Any]:
        return {"backups": self.tables.count_backups()}
