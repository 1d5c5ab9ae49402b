"""The two APIs the package serves, and which one a client or a name means.

Owns: `API_NAMES` (`csbs`, `cbr`), `api_named` (the adapter of a name, as `--api` and
`CSBS_API` give it) and `api_for` (the adapter of a generated client: a `csbs_client`
client speaks CSBS v1, a `cbr_client` client CBR v3), so the public functions take either
client and need no flag.
Must not import: the emulator.
"""

from __future__ import annotations

from typing import Final

import cbr_client

from ._calls import CLIENT_TYPES, AnyClient, CallingApi
from ._cbr import CBR
from ._csbs import CSBS
from .results import Replication

APIS: Final[dict[str, CallingApi]] = {"csbs": CSBS, "cbr": CBR}
API_NAMES: Final = tuple(APIS)


def api_named(name: str) -> CallingApi:
    try:
        return APIS[name]
    except KeyError:
        raise ValueError(f"unknown API {name!r}: one of {', '.join(API_NAMES)}") from None


def api_for(client: AnyClient) -> CallingApi:
    """The adapter of `client`'s API."""
    if isinstance(client, cbr_client.Client | cbr_client.AuthenticatedClient):
        return CBR
    if isinstance(client, CLIENT_TYPES):
        return CSBS
    raise TypeError(
        f"{type(client).__name__} is not a generated client: pass a csbs_client or "
        "cbr_client Client or AuthenticatedClient (Connection.client() makes one)"
    )


def api_of(client: AnyClient, replication: Replication) -> CallingApi:
    """The adapter of `client`, which must speak the API `replication` was made with."""
    api = api_for(client)
    if api.name != replication.api:
        raise ValueError(
            f"the replication was made with {replication.api.upper()} and the client speaks "
            f"{api.name.upper()}: wait with a {replication.api}_client client"
        )
    return api
