"""An emulator as a test sees it: its demo dataset, its control plane, its clients.

Owns: `Demo` (the demo dataset as an object, its CBR part a `CbrDemo`), `Control` (the
control plane of `openapi/emulator-control.yaml`: reset, faults, lifecycle, clock, seeded
backups, for CSBS and CBR) and `EmulatorHandle` (all of it for one emulator, served or in
process, with clients of either API). It speaks HTTP only,
so it works with any running emulator (`scripts/serve`, `csbs-emulator serve`); the pytest
plugin (`pytest_plugin`) starts the emulators and hands these out as fixtures.
Must not import: the emulator.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import httpx

import cbr_client
from csbs_client import AuthenticatedClient, Client
from csbs_signing import ENV_AK, ENV_PROJECT_ID, ENV_SK, AkSkCredentials

from .connection import ENV_API, ENV_ENDPOINT, ENV_TOKEN, Connection

__all__ = ["CbrDemo", "Control", "ControlError", "Demo", "EmulatorHandle"]

Api = Literal["csbs", "cbr"]


class ControlError(RuntimeError):
    """The control plane refused a request (its error body is in the message)."""


@dataclass(frozen=True, slots=True)
class CbrDemo:
    """The demo dataset's CBR part (`/_emulator/demo`'s `cbr`): the demo project's vault of
    ECS backups and its backups that can be replicated (`backup_ids`, the first is `item`),
    the destination project's replication vault (`destination_vault_id`), a volume backup
    and a replica (which CBR refuses to replicate: `BackupService.1003`, `1002`)."""

    source_vault_id: str
    destination_vault_id: str
    backup_ids: tuple[str, ...]
    volume_backup_id: str | None = None
    replica_backup_id: str | None = None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> CbrDemo:
        return cls(
            source_vault_id=data["source_vault_id"],
            destination_vault_id=data["destination_vault_id"],
            backup_ids=tuple(data.get("backup_ids") or ()),
            volume_backup_id=data.get("volume_backup_id"),
            replica_backup_id=data.get("replica_backup_id"),
        )

    @property
    def item(self) -> str:
        """The first backup of the demo project that CBR can replicate."""
        return self.backup_ids[0]


@dataclass(frozen=True, slots=True)
class Demo:
    """The demo dataset (`GET /_emulator/demo`): a read-write token and an AK/SK pair of
    the demo project and its destination project, the demo project's available backups,
    and (`cbr`) its CBR vaults and backups; the same credentials serve both APIs."""

    token: str
    project_id: str
    region: str
    checkpoint_item_ids: tuple[str, ...]
    destination_region: str
    destination_project_id: str
    ak: str
    sk: str
    cbr: CbrDemo | None = None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Demo:
        cbr = data.get("cbr")
        return cls(
            token=data["token"],
            project_id=data["project_id"],
            region=data["region"],
            checkpoint_item_ids=tuple(data["checkpoint_item_ids"]),
            destination_region=data["destination_region"],
            destination_project_id=data["destination_project_id"],
            ak=data["ak"],
            sk=data["sk"],
            cbr=CbrDemo.from_json(cbr) if cbr else None,
        )

    @property
    def cbr_demo(self) -> CbrDemo:
        """`cbr`, which every emulator whose fixtures have a CBR part gives."""
        if self.cbr is None:
            raise ControlError("this emulator's demo dataset has no CBR part")
        return self.cbr

    @property
    def item(self) -> str:
        """The first available backup of the demo project."""
        return self.checkpoint_item_ids[0]

    def credentials(self, project_id: str | None = None) -> AkSkCredentials:
        """The demo AK/SK, signing for `project_id` (default: the demo project)."""
        return AkSkCredentials(self.ak, self.sk, project_id or self.project_id)


Outcome = Literal["success", "fail"]


class Control:
    """The emulator's control plane. Each fault method replaces every fault setting."""

    def __init__(self, http: httpx.Client) -> None:
        self.http = http

    def _call(self, method: str, path: str, body: Any = None, **params: Any) -> Any:
        response = self.http.request(method, f"/_emulator/{path}", json=body, params=params or None)
        if response.status_code != 200:
            raise ControlError(
                f"{method} /_emulator/{path}: {response.status_code} {response.text}"
            )
        return response.json()

    # -- state -------------------------------------------------------------------------

    def demo(self) -> Demo:
        return Demo.from_json(self._call("GET", "demo"))

    def health(self) -> dict[str, Any]:
        result: dict[str, Any] = self._call("GET", "health")
        return result

    def reset(self) -> Demo:
        """Back to the fixtures last loaded (the demo dataset), no faults, the real clock."""
        self._call("POST", "reset")
        return self.demo()

    def create_backups(
        self,
        project_id: str,
        count: int = 1,
        *,
        status: str = "available",
        name: str | None = None,
    ) -> list[str]:
        """New backups in `project_id`; their ids."""
        body: dict[str, Any] = {"project_id": project_id, "count": count, "status": status}
        if name is not None:
            body["name"] = name
        ids: list[str] = self._call("POST", "backups", body)["checkpoint_item_ids"]
        return ids

    # -- faults ------------------------------------------------------------------------

    def faults(
        self,
        *rules: Mapping[str, Any],
        seed: int | None = None,
        replication_failures: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Replace the fault settings (`setFaults`); no argument clears them all."""
        body: dict[str, Any] = {"rules": [dict(rule) for rule in rules]}
        if seed is not None:
            body["seed"] = seed
        if replication_failures is not None:
            body["replication_failures"] = dict(replication_failures)
        result: dict[str, Any] = self._call("PUT", "faults", body)
        return result

    def fault_settings(self) -> dict[str, Any]:
        """The fault settings in force, with what is left of each `next_n` (`getFaults`)."""
        result: dict[str, Any] = self._call("GET", "faults")
        return result

    def clear_faults(self) -> None:
        self.faults()

    def error(
        self,
        operation: str = "*",
        status: Literal[500, 503] = 503,
        *,
        next_n: int | None = 1,
        rate: float | None = None,
        after_commit: bool = False,
        latency_ms: int = 0,
    ) -> None:
        """Answer `status` to the next `next_n` calls of `operation` (or at `rate`); with
        `after_commit`, the calls run and commit first, as behind a failing proxy."""
        rule: dict[str, Any] = {"operation": operation, "status": status}
        if next_n is not None:
            rule["next_n"] = next_n
        if rate is not None:
            rule["rate"] = rate
        if after_commit:
            rule["after_commit"] = True
        if latency_ms:
            rule["latency_ms"] = latency_ms
        self.faults(rule)

    def drop_answers(self, operation: str = "replicateBackup", next_n: int = 1) -> None:
        """The next `next_n` calls of `operation` run and commit, and their answers are lost
        (the connection closes before the answer's body). CBR's operations are named
        `cbr.<operationId>` (`cbr.copyBackup`)."""
        self.faults({"operation": operation, "drop": True, "next_n": next_n})

    def delay_answers(
        self, operation: str = "replicateBackup", latency_ms: int = 1000, next_n: int = 1
    ) -> None:
        """The next `next_n` calls of `operation` run and commit, then answer `latency_ms`
        later (beyond a client's timeout, a lost answer too)."""
        rule = {"operation": operation, "after_commit": True, "latency_ms": latency_ms}
        self.faults({**rule, "next_n": next_n})

    def fail_copies(
        self,
        next_n: int = 1,
        *,
        fail_code: str | int = "BackupService.6000",
        fail_description: str = "Replication failed",
        fail_reason: str = "injected failure",
    ) -> None:
        """The next `next_n` copies end in `fail` with this `fail_code` and reason."""
        self.faults(
            replication_failures={
                "next_n": next_n,
                "fail_code": {"Code": fail_code, "Description": fail_description},
                "fail_reason": fail_reason,
            }
        )

    # -- lifecycle ---------------------------------------------------------------------

    def records(self, status: str | None = None) -> list[dict[str, Any]]:
        """Every replication record, newest first (optionally only those in `status`)."""
        params = {"status": status} if status else {}
        records: list[dict[str, Any]] = self._call("GET", "replications", **params)[
            "replication_records"
        ]
        return records

    def advance(
        self,
        record_id: str,
        outcome: Outcome = "success",
        *,
        fail_code: str | int | None = None,
        fail_reason: str | None = None,
    ) -> dict[str, Any]:
        """End one `copying` record (lifecycle `manual` or `delay`)."""
        result: dict[str, Any] = self._call(
            "POST", f"replications/{record_id}/advance", _advance(outcome, fail_code, fail_reason)
        )
        return result

    def advance_all(
        self,
        outcome: Outcome = "success",
        *,
        fail_code: str | int | None = None,
        fail_reason: str | None = None,
    ) -> list[dict[str, Any]]:
        """End every `copying` record; the records that changed."""
        records: list[dict[str, Any]] = self._call(
            "POST", "replications/advance-all", _advance(outcome, fail_code, fail_reason)
        )["replication_records"]
        return records

    # -- CBR -------------------------------------------------------------------------------

    def create_cbr_backups(
        self, vault_id: str, count: int = 1, *, status: str = "available", name: str | None = None
    ) -> list[str]:
        """New CBR ECS backups (system disk included, 40 GB each) in a vault; their ids."""
        body: dict[str, Any] = {"vault_id": vault_id, "count": count, "status": status}
        if name is not None:
            body["name"] = name
        ids: list[str] = self._call("POST", "cbr/backups", body)["backup_ids"]
        return ids

    def cbr_records(self, status: str | None = None) -> list[dict[str, Any]]:
        """Every CBR replication record, newest first (optionally only those in `status`)."""
        params = {"status": status} if status else {}
        records: list[dict[str, Any]] = self._call("GET", "cbr/replications", **params)[
            "replication_records"
        ]
        return records

    def advance_cbr(
        self,
        record_id: str,
        outcome: Outcome = "success",
        *,
        fail_code: str | None = None,
        fail_reason: str | None = None,
    ) -> dict[str, Any]:
        """End one `replicating` CBR record and its task (lifecycle `manual` or `delay`)."""
        result: dict[str, Any] = self._call(
            "POST",
            f"cbr/replications/{record_id}/advance",
            _cbr_advance(outcome, fail_code, fail_reason),
        )
        return result

    def advance_all_cbr(
        self,
        outcome: Outcome = "success",
        *,
        fail_code: str | None = None,
        fail_reason: str | None = None,
    ) -> list[dict[str, Any]]:
        """End every `replicating` CBR record; the records that changed."""
        records: list[dict[str, Any]] = self._call(
            "POST", "cbr/replications/advance-all", _cbr_advance(outcome, fail_code, fail_reason)
        )["replication_records"]
        return records

    # -- the clock ----------------------------------------------------------------------

    def move_clock(self, seconds: float) -> dict[str, Any]:
        """Move the emulator's clock forward (lifecycle `delay` copies come due)."""
        result: dict[str, Any] = self._call("POST", "clock", {"seconds": seconds})
        return result


def _advance(outcome: str, fail_code: str | int | None, fail_reason: str | None) -> dict[str, Any]:
    body: dict[str, Any] = {"outcome": outcome}
    if fail_code is not None:
        body["fail_code"] = {"Code": fail_code}
    if fail_reason is not None:
        body["fail_reason"] = fail_reason
    return body


def _cbr_advance(outcome: str, fail_code: str | None, fail_reason: str | None) -> dict[str, Any]:
    body: dict[str, Any] = {"outcome": outcome}
    if fail_code is not None:
        body["fail_code"] = fail_code
    if fail_reason is not None:
        body["fail_reason"] = fail_reason
    return body


class EmulatorHandle:
    """One emulator, served at `base_url` or in process through `transport`.

    `demo` is the demo dataset as of the handle's making (or the last `reset()`);
    `control` its control plane; `connection()`, `token_client()` and `aksk_client()` make
    clients of the public API (CSBS; `api="cbr"` or `cbr_token_client()` and
    `cbr_aksk_client()` for CBR), kept until `close()`.
    """

    def __init__(
        self,
        base_url: str,
        *,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 10.0,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.transport = transport
        self.timeout = timeout
        self.http = httpx.Client(
            base_url=self.base_url, timeout=timeout, transport=transport, trust_env=False
        )
        self.control = Control(self.http)
        self.demo = self.control.demo()
        self._connections: list[Connection] = []

    @property
    def httpx_args(self) -> dict[str, Any]:
        """What every httpx client of this emulator needs (its transport, when in process)."""
        args: dict[str, Any] = {"trust_env": False}
        if self.transport is not None:
            args["transport"] = self.transport
        return args

    def reset(self) -> Demo:
        """Fresh state: the demo dataset, no faults, the real clock."""
        self.demo = self.control.reset()
        return self.demo

    def connection(
        self,
        scheme: Literal["token", "aksk"] = "token",
        *,
        project_id: str | None = None,
        timeout: float | None = None,
        api: Api = "csbs",
    ) -> Connection:
        """A `Connection` of `api` to this emulator with the demo token or the demo AK/SK."""
        project = project_id or self.demo.project_id
        connection = Connection(
            api=api,
            endpoint=self.base_url,
            region=self.demo.region,
            token=self.demo.token if scheme == "token" else None,
            credentials=self.demo.credentials(project) if scheme == "aksk" else None,
            project_id=project,
            timeout=self.timeout if timeout is None else timeout,
            httpx_args=self.httpx_args,
        )
        self._connections.append(connection)
        return connection

    def token_client(self, *, timeout: float | None = None) -> AuthenticatedClient:
        """A client sending the demo token (`X-Auth-Token`); it covers both demo projects."""
        client = self.connection("token", timeout=timeout).client()
        assert isinstance(client, AuthenticatedClient)
        return client

    def aksk_client(self, project_id: str | None = None, *, timeout: float | None = None) -> Client:
        """A client signing with the demo AK/SK for `project_id` (default: the demo project),
        as `credentials_from_env` would with HUAWEICLOUD_SDK_PROJECT_ID set."""
        client = self.connection("aksk", project_id=project_id, timeout=timeout).client()
        assert isinstance(client, Client)
        return client

    def cbr_token_client(self, *, timeout: float | None = None) -> cbr_client.AuthenticatedClient:
        """A CBR client sending the demo token; it covers both demo projects."""
        client = self.connection("token", timeout=timeout, api="cbr").client()
        assert isinstance(client, cbr_client.AuthenticatedClient)
        return client

    def cbr_aksk_client(
        self, project_id: str | None = None, *, timeout: float | None = None
    ) -> cbr_client.Client:
        """A CBR client signing with the demo AK/SK for `project_id` (default: the demo
        project)."""
        client = self.connection("aksk", project_id=project_id, timeout=timeout, api="cbr")
        made = client.client()
        assert isinstance(made, cbr_client.Client)
        return made

    def environ(
        self, scheme: Literal["token", "aksk"] = "aksk", *, api: Api | None = None
    ) -> dict[str, str]:
        """Environment variables that point the `csbs` command (or `Connection.from_env`) at
        this emulator, with the demo AK/SK or the demo token (and with `api`, `CSBS_API`)."""
        env = {ENV_ENDPOINT: self.base_url, ENV_PROJECT_ID: self.demo.project_id}
        if api is not None:
            env[ENV_API] = api
        if scheme == "aksk":
            env.update({ENV_AK: self.demo.ak, ENV_SK: self.demo.sk})
        else:
            env[ENV_TOKEN] = self.demo.token
        return env

    def close(self) -> None:
        for connection in self._connections:
            connection.close()
        self._connections.clear()
        self.http.close()

    def __repr__(self) -> str:
        where = "in process" if self.transport is not None else "served"
        return f"<EmulatorHandle {self.base_url} {where}>"
