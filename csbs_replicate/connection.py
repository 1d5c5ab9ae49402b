"""Clients for a CSBS or CBR endpoint, built from settings or from the environment.

Owns: which API a connection speaks (`csbs`, CSBS v1, the default; or `cbr`, CBR v3), the
regional public endpoint (`https://csbs.{region}.myhuaweicloud.com`, `https://cbr.{region}.…`),
the credentials (AK/SK under Huawei's variable names, or an IAM token), and one generated
client of that API per (region, project): a replication's destination is another region's
endpoint, and an AK/SK client signs with the `X-Project-Id` of the one project it reads.
Must not import: the emulator.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Mapping
from types import TracebackType
from typing import Any, Self
from urllib.parse import urlsplit, urlunsplit

import httpx

import cbr_client
import csbs_client
from csbs_signing import ENV_PROJECT_ID, AkSkCredentials, credentials_from_env

from ._apis import API_NAMES
from ._calls import AnyClient

__all__ = [
    "ENV_API",
    "ENV_ENDPOINT",
    "ENV_REGION",
    "ENV_TOKEN",
    "ConfigError",
    "Connection",
    "endpoint_in_region",
    "public_endpoint",
]

# Beside Huawei's HUAWEICLOUD_SDK_AK/_SK/_PROJECT_ID/_SECURITY_TOKEN (csbs_signing), the
# names this project already uses for a token and where to send it.
ENV_TOKEN = "CSBS_TOKEN"  # noqa: S105 -- a variable name
ENV_ENDPOINT = "CSBS_ENDPOINT"
ENV_REGION = "CSBS_REGION"
ENV_PROJECT_ID_ALT = "CSBS_PROJECT_ID"
# Which API a connection speaks when not told (`csbs` or `cbr`): one variable moves a team's
# tooling from CSBS to CBR.
ENV_API = "CSBS_API"

_REGIONAL_HOST = re.compile(r"^(csbs|cbr)\.([a-z0-9-]+)\.", re.IGNORECASE)
_REGION = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")


class ConfigError(ValueError):
    """Settings that cannot make a client: no endpoint or region, no credentials."""


def _api(name: str) -> str:
    if name not in API_NAMES:
        raise ConfigError(f"{name!r} is not an API: one of {', '.join(API_NAMES)}")
    return name


def public_endpoint(region: str, api: str = "csbs") -> str:
    """The public endpoint of `api` (`csbs` or `cbr`) in `region`."""
    if not _REGION.match(region):
        raise ConfigError(f"{region!r} is not a region id (e.g. cn-north-1)")
    return f"https://{_api(api)}.{region}.myhuaweicloud.com"


def endpoint_in_region(endpoint: str, region: str) -> str:
    """`endpoint` moved to `region` when its host is a regional one (`csbs.{region}.…` or
    `cbr.{region}.…`); any other endpoint (an emulator, a proxy) serves every region and is
    kept."""
    parts = urlsplit(endpoint)
    host = parts.hostname or ""
    match = _REGIONAL_HOST.match(host)
    if not match:
        return endpoint
    moved = f"{match.group(1)}.{region}.{host[match.end() :]}"
    netloc = parts.netloc.replace(host, moved, 1)
    return urlunsplit(parts._replace(netloc=netloc))


class Connection:
    """Generated clients for one endpoint and one credential, one per (region, project).

    api: `csbs` (CSBS v1, `csbs_client` clients, the default) or `cbr` (CBR v3,
        `cbr_client` clients).
    endpoint: the base URL; without it, `region`'s public endpoint of `api`.
    token / credentials: an IAM token (`X-Auth-Token`) or AK/SK credentials; AK/SK wins
        when both are given.
    project_id: the default project (AK/SK credentials may carry one).
    timeout: seconds for each HTTP call. httpx_args: passed to every httpx client made
        (for instance a `transport`, as the pytest plugin's in-process emulator does).

    `client(region, project_id)` fits the `destination_client` parameter of `replicate` and
    `wait_for_replica` as it is: pass `connection.client`.
    """

    def __init__(
        self,
        *,
        api: str = "csbs",
        endpoint: str | None = None,
        region: str | None = None,
        token: str | None = None,
        credentials: AkSkCredentials | None = None,
        project_id: str | None = None,
        timeout: float = 30.0,
        httpx_args: Mapping[str, Any] | None = None,
    ) -> None:
        if not endpoint and not region:
            raise ConfigError("no endpoint: give an endpoint URL or a region")
        if credentials is None and not token:
            raise ConfigError(
                "no credentials: set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK (AK/SK), "
                f"or {ENV_TOKEN} (an IAM token)"
            )
        self.api = _api(api)
        self.endpoint = (endpoint or public_endpoint(str(region), api)).rstrip("/")
        parts = urlsplit(self.endpoint)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ConfigError(f"{self.endpoint!r} is not an http(s) URL")
        self.region = region
        self.token = None if credentials is not None else token
        self.credentials = credentials
        self.project_id = project_id or (credentials.project_id if credentials else None)
        self.timeout = timeout
        self.httpx_args = dict(httpx_args or {})
        self._clients: dict[tuple[str, str | None], AnyClient] = {}

    @classmethod
    def from_env(
        cls,
        environ: Mapping[str, str] | None = None,
        *,
        api: str | None = None,
        endpoint: str | None = None,
        region: str | None = None,
        project_id: str | None = None,
        timeout: float = 30.0,
        httpx_args: Mapping[str, Any] | None = None,
    ) -> Self:
        """Settings from the arguments, else from the environment: CSBS_API (else `csbs`);
        HUAWEICLOUD_SDK_AK/_SK (and _SECURITY_TOKEN), else CSBS_TOKEN;
        HUAWEICLOUD_SDK_PROJECT_ID (or CSBS_PROJECT_ID); CSBS_ENDPOINT; CSBS_REGION."""
        env = os.environ if environ is None else environ
        try:
            credentials = credentials_from_env(env)
        except ValueError as exc:
            raise ConfigError(str(exc)) from None
        return cls(
            api=api or env.get(ENV_API) or "csbs",
            endpoint=endpoint or env.get(ENV_ENDPOINT) or None,
            region=region or env.get(ENV_REGION) or None,
            token=env.get(ENV_TOKEN) or None,
            credentials=credentials,
            project_id=project_id or env.get(ENV_PROJECT_ID) or env.get(ENV_PROJECT_ID_ALT),
            timeout=timeout,
            httpx_args=httpx_args,
        )

    @property
    def scheme(self) -> str:
        """`aksk` or `token`."""
        return "aksk" if self.credentials is not None else "token"

    def endpoint_for(self, region: str | None) -> str:
        if region is None or region == self.region:
            return self.endpoint
        return endpoint_in_region(self.endpoint, region)

    def client(self, region: str | None = None, project_id: str | None = None) -> AnyClient:
        """The client for `region` (None: this connection's) and `project_id` (None: the
        default project), made once and kept."""
        base_url = self.endpoint_for(region)
        project = project_id or self.project_id
        key = (base_url, project)
        made = self._clients.get(key)
        if made is None:
            made = self._make(base_url, project)
            self._clients[key] = made
        return made

    def _make(self, base_url: str, project: str | None) -> AnyClient:
        timeout = httpx.Timeout(self.timeout)
        cbr = self.api == "cbr"
        if self.credentials is not None:
            auth = dataclasses.replace(self.credentials, project_id=project).auth()
            args = {**self.httpx_args, "auth": auth}
            made = cbr_client.Client if cbr else csbs_client.Client
            return made(base_url=base_url, timeout=timeout, httpx_args=args)
        assert self.token is not None
        token = cbr_client.AuthenticatedClient if cbr else csbs_client.AuthenticatedClient
        return token(
            base_url=base_url,
            token=self.token,
            auth_header_name="X-Auth-Token",
            prefix="",
            timeout=timeout,
            httpx_args=self.httpx_args,
        )

    def close(self) -> None:
        """Close the sync HTTP connections of every client made (only those opened: the
        generated client builds its httpx clients on first use)."""
        for client in self._clients.values():
            if client._client is not None:
                client._client.close()

    async def aclose(self) -> None:
        """Close the sync and async HTTP connections of every client made (those opened)."""
        for client in self._clients.values():
            if client._client is not None:
                client._client.close()
            if client._async_client is not None:
                await client._async_client.aclose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Connection {self.api} {self.endpoint} {self.scheme} project={self.project_id}>"
