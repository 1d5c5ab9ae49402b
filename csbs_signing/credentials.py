"""AK/SK credentials and where to find them.

This module owns the credential value type and reading it from the environment
under the same variable names Huawei Cloud's SDKs and tools use
(``huaweicloudsdkcore.auth.provider.EnvCredentialProvider``), so a shell already
set up for ``hcloud``/the SDK works unchanged.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from .auth import AkSkAuth, Clock

ENV_AK = "HUAWEICLOUD_SDK_AK"
ENV_SK = "HUAWEICLOUD_SDK_SK"
ENV_PROJECT_ID = "HUAWEICLOUD_SDK_PROJECT_ID"
ENV_SECURITY_TOKEN = "HUAWEICLOUD_SDK_SECURITY_TOKEN"  # noqa: S105 -- a variable name


@dataclass(frozen=True, slots=True)
class AkSkCredentials:
    """An access key pair, optionally with a project id and an STS security token.

    A security token marks temporary credentials; it is sent as ``X-Security-Token``.
    """

    ak: str
    # Secrets stay out of repr() so they never leak into logs or assertion output.
    sk: str = field(repr=False)
    project_id: str | None = None
    security_token: str | None = field(default=None, repr=False)

    def auth(self, *, clock: Clock | None = None) -> AkSkAuth:
        """An ``httpx.Auth`` that signs with these credentials."""
        return AkSkAuth(self.ak, self.sk, self.project_id, self.security_token, clock=clock)


def credentials_from_env(environ: Mapping[str, str] | None = None) -> AkSkCredentials | None:
    """Read ``HUAWEICLOUD_SDK_*`` credentials; ``None`` when neither AK nor SK is set.

    Empty values count as unset, as in the SDK.  Exactly one of AK/SK being set is a
    configuration mistake and raises ``ValueError`` rather than silently signing
    nothing.
    """
    env = os.environ if environ is None else environ
    ak = env.get(ENV_AK) or None
    sk = env.get(ENV_SK) or None
    if ak is None and sk is None:
        return None
    if ak is None or sk is None:
        missing = ENV_AK if ak is None else ENV_SK
        raise ValueError(f"{missing} is not set but its partner is; set both or neither")
    return AkSkCredentials(
        ak=ak,
        sk=sk,
        project_id=env.get(ENV_PROJECT_ID) or None,
        security_token=env.get(ENV_SECURITY_TOKEN) or None,
    )
