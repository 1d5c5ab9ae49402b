"""Replicate and wait, with asyncio: the same flows as `blocking`, over the async calls.

Owns: the async public functions `replicate`, `wait_for_replica` and `replicate_and_wait`,
with the signatures and meaning of their `blocking` twins (`sleep` is awaited).
Must not import: the emulator.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable, Generator
from typing import TypeVar
from uuid import UUID

from ._apis import api_for, api_of
from ._calls import AnyClient, CallingApi, Destination, call_async, client_for
from ._flow import Effect, Outcome, Pause, replicate_flow_for, wait_flow
from .results import DEFAULT_WAIT_BACKOFF, Backoff, Progress, Replica, Replication, RetryPolicy

T = TypeVar("T")

__all__ = ["replicate", "replicate_and_wait", "wait_for_replica"]


async def run(
    api: CallingApi,
    flow: Generator[Effect, Outcome, T],
    client: AnyClient,
    destination: Destination | None,
    sleep: Callable[[float], Awaitable[None]],
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
            await sleep(effect.seconds)
            outcome = None
        else:
            outcome = await call_async(api, effect, client_for(effect, client, destination))


async def replicate(
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
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    clock: Callable[[], float] = time.monotonic,
    rng: random.Random | None = None,
) -> Replication:
    """The async `blocking.replicate`."""
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
    return await run(api, flow, client, destination_client, sleep)


async def wait_for_replica(
    client: AnyClient,
    replication: Replication,
    *,
    destination_client: Destination | None = None,
    timeout: float = 3600.0,
    backoff: Backoff = DEFAULT_WAIT_BACKOFF,
    on_progress: Callable[[Progress], None] | None = None,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    clock: Callable[[], float] = time.monotonic,
    rng: random.Random | None = None,
) -> Replica:
    """The async `blocking.wait_for_replica`."""
    api = api_of(client, replication)
    flow = wait_flow(api, replication, timeout, backoff, clock, rng or random.Random(), on_progress)
    return await run(api, flow, client, destination_client, sleep)


async def replicate_and_wait(
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
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    clock: Callable[[], float] = time.monotonic,
    rng: random.Random | None = None,
) -> Replica:
    """`replicate`, then `wait_for_replica`."""
    rng = rng or random.Random()
    replication = await replicate(
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
    return await wait_for_replica(
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
