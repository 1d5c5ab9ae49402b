"""Authentication and project scoping, as the API gateway does them.

Owns: who is calling (an `X-Auth-Token`, or an AK/SK signature checked by
`csbs_signing.verify_request`) and whether that caller may act on the project in the path.
Missing or invalid credentials: 401 `APIGW.0301`. A credential used on a project it does not
cover, a project outside the region the Host names, or a read-only credential on a write:
403 `APIGW.0302`.
Must not import: the web framework, the store.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from csbs_signing import SignatureError, verify_request

from .errors import forbidden, unauthenticated
from .model import Credential


def host_pattern(service: str) -> re.Pattern[str]:
    """A regional endpoint's host: {service}.{region}.myhuaweicloud.com (or any domain after
    it), e.g. `csbs.cn-north-1.…` or `cbr.cn-north-1.…`; the serving room names the label."""
    return re.compile(rf"^{re.escape(service)}\.([a-z0-9-]+)\.", re.IGNORECASE)


def region_from_host(host: str | None, pattern: re.Pattern[str]) -> str | None:
    if not host:
        return None
    match = pattern.match(host)
    return match.group(1).lower() if match else None


@dataclass(frozen=True, slots=True)
class Principal:
    credential: Credential
    scheme: str  # "token" or "aksk"
    project_header: str | None = None  # X-Project-Id, signed, for AK/SK


class Authenticator:
    def __init__(
        self,
        tokens: Mapping[str, Credential],
        access_keys: Mapping[str, Credential],
        max_skew: dt.timedelta,
    ) -> None:
        self.tokens = tokens
        self.access_keys = access_keys
        self.max_skew = max_skew

    def authenticate(
        self,
        method: str,
        raw_path: bytes,
        query_string: bytes,
        headers: Mapping[str, str],
        body: bytes,
        now: Callable[[], dt.datetime],
    ) -> Principal:
        """Who is calling. `now` is asked only for a signature (a token needs no clock)."""
        token = headers.get("x-auth-token")
        if token is not None:
            credential = self.tokens.get(token.strip())
            if credential is None:
                raise unauthenticated("the token is not valid")
            return Principal(credential, "token")
        if "authorization" in headers:
            try:
                identity = verify_request(
                    method,
                    raw_path,
                    query_string,
                    headers,
                    body,
                    lookup_secret=self._secret,
                    now=now(),
                    max_skew=self.max_skew,
                )
            except SignatureError as exc:
                # The reason is machine-readable and stable (see csbs_signing.verifier).
                raise unauthenticated(f"signature refused ({exc.reason.value})") from None
            return Principal(self.access_keys[identity.ak], "aksk", identity.project_id)
        raise unauthenticated("no X-Auth-Token or Authorization header")

    def _secret(self, ak: str) -> str | None:
        credential = self.access_keys.get(ak)
        return credential.secret if credential else None

    @staticmethod
    def authorize(
        principal: Principal,
        project_id: str | None,
        *,
        write: bool,
        project_region: str | None,
        host_region: str | None,
    ) -> None:
        """Refuse (403) a call outside the credential's projects, region or permission."""
        credential = principal.credential
        if project_id is not None:
            if project_id not in credential.projects:
                raise forbidden("the credential does not cover this project")
            if principal.project_header is not None and principal.project_header != project_id:
                raise forbidden("X-Project-Id does not match the project in the path")
            if host_region is not None and project_region != host_region:
                raise forbidden(f"the project is not in region {host_region}")
        if write and credential.permission != "rw":
            raise forbidden("the credential is read-only")
