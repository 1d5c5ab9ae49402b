"""The user's side of CSBS backup replication, on the generated client and the signer.

* `replicate`, `wait_for_replica`, `replicate_and_wait` (sync; `csbs_replicate.aio` has the
  async twins): replicate exactly once as far as the caller can tell, even when an answer is
  lost, and wait for the replica with backoff, jitter and a deadline;
* typed errors that carry the service's `error_code`, `error_msg` and request id;
* `Connection`: clients per region and project from settings or the environment;
* the `csbs` command (`csbs_replicate.cli`) and a pytest plugin (`csbs_replicate.pytest_plugin`).

Layering: everything here stands on `csbs_client` and `csbs_signing` only, so it works the
same against the real service; only the pytest plugin imports the emulator.
"""

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
    "AlreadyReplicated",
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
