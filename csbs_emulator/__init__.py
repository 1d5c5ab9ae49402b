"""A faithful, stateful emulator of Huawei Cloud backup replication, driven by the specs.

One room per API, each the same few parts (its handlers by operationId, its rules, its
tables, its records, its error catalogue):
  csbs/      CSBS v1 (`/v1/...`, openapi/csbs-v1.yaml): replicateBackup and its reads

What every room shares (each module's docstring says what it owns and must not import):
  app        wiring: builds the ASGI app from the specs, mounts the docs
  http       the wire: the only place that knows status codes, headers and JSON
  spec       routes and compiled validators from the OpenAPI documents
  errors     ApiError, catalogues, the API gateway's codes
  auth       tokens, AK/SK signatures, project scoping
  faults     injected errors, latency, lost answers, failing copies
  clock      the clock the control plane moves
  store      the store engine: connection, transactions, schema histories, the directory
  directory  regions, projects and credentials, cached; loading fixtures
  rooms      what the shared parts need of a room
  control    the control plane's handlers (`/_emulator/...`)
  cli        the `csbs-emulator` command
"""

from .app import Emulator, create_app
from .config import EmulatorConfig

__all__ = ["Emulator", "EmulatorConfig", "create_app"]
