"""Replicate a CSBS backup exactly once and wait for the replica, with `csbs_replicate`.

Credentials come from the environment (`HUAWEICLOUD_SDK_AK`/`_SK`/`_PROJECT_ID`, or
`CSBS_TOKEN` with `HUAWEICLOUD_SDK_PROJECT_ID`). Against the emulator:
`python examples/csbs_replicate_and_wait.py http://127.0.0.1:8080 BACKUP_ID`.
"""

import sys

from csbs_replicate import Connection, CsbsError, replicate, wait_for_replica


def main(endpoint: str, backup_id: str) -> str:
    with Connection.from_env(endpoint=endpoint) as connection:  # or region="cn-north-1"
        if connection.project_id is None:
            raise SystemExit("set HUAWEICLOUD_SDK_PROJECT_ID (the source backup's project)")
        client = connection.client()  # the source's region and project
        try:
            replication = replicate(
                client,
                connection.project_id,
                backup_id,
                destination_region="cn-east-2",
                destination_project_id="03aa3897fcf446b6986c39e8c7bb69f6",
            )
            replica = wait_for_replica(
                client,
                replication,
                destination_client=connection.client,  # reads the replica there
                timeout=1800,
                on_progress=lambda p: print(p.status, p.percent, f"{p.elapsed:.0f}s"),
            )
        except CsbsError as error:  # every error carries the service's code, message, request id
            print(error.error_code, error.error_msg, error.request_id)
            raise
        print(replica.id, replica.region, replica.project_id)
        return replica.id


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
