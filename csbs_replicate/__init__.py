"""The user's side of backup replication — CSBS v1 and CBR v3 — on the generated clients
and the signer.

* `replicate`, `wait_for_replica`, `replicate_and_wait` (sync; `csbs_replicate.aio` has the
  async twins): replicate exactly once as far as the caller can tell, even when an answer is
  lost, and wait for the replica with backoff, jitter and a deadline. A `csbs_client` client
  replicates with CSBS, a `cbr_client` client with CBR (into `destination_vault_id`);
* typed errors that carry the service's `error_code`, `error_msg` and request id;
* `Connection`: clients of either API per region and project, from settings or the
  environment;
* the `csbs` command (`csbs_replicate.cli`, `--api csbs|cbr`) and a pytest plugin
  (`csbs_replicate.pytest_plugin`).

Inside: one sans-IO logic (`_flow`) run sync (`blocking`) or async (`aio`) over the calls
(`_calls`); what differs between the APIs is said once by each API's adapter (`_csbs`,
`_cbr`; `_apis` picks one by client or name); `_reads` holds the command's read commands.
Layering: everything here stands on `csbs_client`, `cbr_client` and `csbs_signing` only, so
it works the same against the real services; only the pytest plugin imports the emulator.
"""

from ._apis import API_NAMES
from ._calls import AnyClient
from .blocking import replicate, replicate_and_wait, wait_for_replica
from .connection import ConfigError, Connection, endpoint_in_region, public_endpoint
from .errors import (
    AlreadyReplicated,
    ApiError,
    CsbsError,
    OutcomeUnknown,
    ReplicationFailed,
    ReplicationNotAccepted,
    ReplicationRefused,
    Unreachable,
    WaitTimeout,
)
from .results import Backoff, Existing, Progress, Replica, Replication, RetryPolicy

# The distribution's version, written only here (pyproject.toml reads it; CHANGELOG.md says
# what each one changed).
__version__ = "0.2.0"

__all__ = [
    "API_NAMES",
    "AlreadyReplicated",
    "AnyClient",
    "ApiError",
    "Backoff",
    "ConfigError",
    "Connection",
    "CsbsError",
    "Existing",
    "OutcomeUnknown",
    "Progress",
    "Replica",
    "Replication",
    "ReplicationFailed",
    "ReplicationNotAccepted",
    "ReplicationRefused",
    "RetryPolicy",
    "Unreachable",
    "WaitTimeout",
    "__version__",
    "endpoint_in_region",
    "public_endpoint",
    "replicate",
    "replicate_and_wait",
    "wait_for_replica",
]
