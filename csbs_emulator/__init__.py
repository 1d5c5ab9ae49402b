"""A faithful, stateful emulator of Huawei Cloud CSBS v1 backup replication, driven by the spec.

Where things live (each module's docstring says what it owns and must not import):
  app        wiring: builds the ASGI app from the specs, mounts the docs
  http       the only place that knows status codes, headers and JSON
  operations the public handlers, one per operationId, and the response shapes
  control    the control plane's handlers (`/_emulator/...`)
  service    the replication rules and the lifecycle, plain Python
  store      the only module that touches the database
  errors     the catalogue: error_code -> HTTP status
  auth       tokens, AK/SK signatures, project scoping
  faults     injected errors and latency
  spec       routes and compiled validators from the OpenAPI documents
  cli        the `csbs-emulator` command
"""

from .app import Emulator, create_app
from .config import EmulatorConfig

__all__ = ["Emulator", "EmulatorConfig", "create_app"]
