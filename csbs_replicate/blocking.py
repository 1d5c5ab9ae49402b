"""Replicate and wait, synchronously: the flows of `_flow` run over a generated client.

Owns: the sync public functions `replicate`, `wait_for_replica` and `replicate_and_wait`.
Each takes a generated `Client` or `AuthenticatedClient` (token or AK/SK alike) for the
source — a `csbs_client` one replicates with CSBS v1, a `cbr_client` one with CBR v3, which
also needs `destination_vault_id` (the replication vault that takes the replica) — and
optionally the client for the destination — one client, or a function of
(region, project id) such as `Connection.client` — used to find and confirm the replica.
Without one, the source's client is used for the destination too (right for one endpoint
and a credential that covers both projects, as the emulator's demo token does).
Must not import: the emulator.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Generator
from typing import TypeVar
from uuid import UUID

from ._apis import api_for, api_of
from ._calls import AnyClient, CallingApi, Destination, call_sync, client_for
from ._flow import Effect, Outcome, Pause, replicate_flow_for, wait_flow
from .results import DEFAULT_WAIT_BACKOFF, Backoff, Progress, Replica, Replication, RetryPolicy

T = TypeVar("T")

__all__ = ["replicate", "replicate_and_wait", "wait_for_replica"]


def run(
    api: CallingApi,
    flow: Generator[Effect, Outcome, T],
    client: AnyClient,
    destination: Destination | None,
    sleep: Callable[[float], None],
) -> T:
    """Run a flow to its end: make each call it asks for, pause when it says."""
    outcome: Outcome = None
    while True:
        try:
            effect = flow.send(outcome)
        except StopIteration as stop:
            result: T = stop.value
            return result
        if isinstance(effect, Pause):
            sleep(effect.seconds)
            outcome = None
        else:
            outcome = call_sync(api, effect, client_for(effect, client, destination))


def replicate(
    client: AnyClient,
    project_id: str,
    checkpoint_item_id: str | UUID,
    *,
    destination_region: str,
    destination_project_id: str,
    destination_vault_id: str | UUID | None = None,
    name: str | None = None,
    description: str | None = None,
    enable_acceleration: bool = False,
    destination_client: Destination | None = None,
    policy: RetryPolicy | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    rng: random.Random | None = None,
) -> Replication:
    """Replicate a backup exactly once, as far as the caller can tell.

    Returns the accepted `Replication` (its record id). `destination_vault_id`: CBR's
    replication vault of the destination project (required for a `cbr_client` client,
    refused for a `csbs_client` one). When an answer is lost (transport
    error, timeout, 429/5xx) the service is asked whether the call was accepted before any
    retry (see `_flow`). Raises `ReplicationRefused` (`AlreadyReplicated` for
    `BackupService.1009`, with the blocking replication), `ReplicationNotAccepted` (nothing
    was replicated: safe to try later), `OutcomeUnknown` (the service could not be asked in
    time), or `ApiError`/`Unreachable` when the source backup cannot be read first.
    """
    api = api_for(client)
    flow = replicate_flow_for(
        api,
        project_id,
        checkpoint_item_id,
        destination_region,
        destination_project_id,
        destination_vault_id,
        name,
        description,
        enable_acceleration,
        policy,
        clock,
        rng,
    )
    return run(api, flow, client, destination_client, sleep)


def wait_for_replica(
    client: AnyClient,
    replication: Replication,
    *,
    destination_client: Destination | None = None,
    timeout: float = 3600.0,
    backoff: Backoff = DEFAULT_WAIT_BACKOFF,
    on_progress: Callable[[Progress], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    rng: random.Random | None = None,
) -> Replica:
    """Poll the source backup until the copy ends; return the replica.

    Polls with `backoff` (exponential, with jitter) and never past `timeout` seconds;
    retries 429/5xx and transport errors of each read within that deadline; calls
    `on_progress` after each look. Raises `ReplicationFailed` (with `fail_code`,
    `fail_reason`) for a failed copy, `WaitTimeout` (with the last `Progress`) at the
    deadline, `ApiError` when a read is refused. `client` speaks the API `replication`
    was made with (else ValueError).
    """
    api = api_of(client, replication)
    flow = wait_flow(api, replication, timeout, backoff, clock, rng or random.Random(), on_progress)
    return run(api, flow, client, destination_client, sleep)


def replicate_and_wait(
    client: AnyClient,
    project_id: str,
    checkpoint_item_id: str | UUID,
    *,
    destination_region: str,
    destination_project_id: str,
    destination_vault_id: str | UUID | None = None,
    name: str | None = None,
    description: str | None = None,
    enable_acceleration: bool = False,
    destination_client: Destination | None = None,
    policy: RetryPolicy | None = None,
    timeout: float = 3600.0,
    backoff: Backoff = DEFAULT_WAIT_BACKOFF,
    on_progress: Callable[[Progress], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    rng: random.Random | None = None,
) -> Replica:
    """`replicate`, then `wait_for_replica`."""
    rng = rng or random.Random()
    replication = replicate(
        client,
        project_id,
        checkpoint_item_id,
        destination_region=destination_region,
        destination_project_id=destination_project_id,
        destination_vault_id=destination_vault_id,
        name=name,
        description=description,
        enable_acceleration=enable_acceleration,
        destination_client=destination_client,
        policy=policy,
        sleep=sleep,
        clock=clock,
        rng=rng,
    )
    return wait_for_replica(
        client,
        replication,
        destination_client=destination_client,
        timeout=timeout,
        backoff=backoff,
        on_progress=on_progress,
        sleep=sleep,
        clock=clock,
        rng=rng,
    )
