"""The generated client, with a token and with AK/SK signing, listing and counting backups.

Credentials come from the environment: `CSBS_TOKEN` for the token client, and Huawei's
`HUAWEICLOUD_SDK_AK`/`_SK`/`_PROJECT_ID` (`_SECURITY_TOKEN` too, with temporary keys) for the
signed one. Against the emulator: `python examples/client.py http://127.0.0.1:8080`.
"""

import os
import sys

from csbs_client import AuthenticatedClient, Client
from csbs_client.api.backups import count_backups, list_backups
from csbs_client.models import BackupStatus, CountBackupsResponse, ListBackupsResponse
from csbs_signing import credentials_from_env


def main(url: str) -> None:
    project = os.environ["HUAWEICLOUD_SDK_PROJECT_ID"]
    token_client = AuthenticatedClient(
        base_url=url, token=os.environ["CSBS_TOKEN"], auth_header_name="X-Auth-Token", prefix=""
    )
    creds = credentials_from_env()  # None when the variables are not set
    assert creds is not None, "set HUAWEICLOUD_SDK_AK, _SK and _PROJECT_ID"
    signed_client = Client(base_url=url, httpx_args={"auth": creds.auth()})
    for client in (token_client, signed_client):
        answer = list_backups.sync_detailed(project, client=client, limit=2)
        print(answer.status_code, answer.parsed)

    # Every documented read parameter is a keyword argument; count takes the same filters.
    page = list_backups.sync_detailed(
        project,
        client=token_client,
        resource_name="web",
        status=BackupStatus.AVAILABLE,
        sort="created_at:asc",
        start_time="2026-01-01T00:00:00",
        limit=50,
    ).parsed
    total = count_backups.sync_detailed(project, client=token_client, resource_name="web").parsed
    assert isinstance(page, ListBackupsResponse)
    assert isinstance(total, CountBackupsResponse)
    print(len(page.checkpoint_items), "listed of", total.count)


if __name__ == "__main__":
    main(sys.argv[1])
