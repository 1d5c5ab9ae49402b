"""Copy a CBR v3 backup into a replication vault of another region, exactly once, and wait.

The same `csbs_replicate` functions as for CSBS, given a `cbr_client` client (here from
`Connection(api="cbr")`) and the destination vault. Credentials come from the environment as
for CSBS. Against the emulator: `python examples/cbr_replicate_and_wait.py
http://127.0.0.1:8080 BACKUP_ID VAULT_ID`.
"""

import sys

from csbs_replicate import Connection, CsbsError, replicate_and_wait


def main(endpoint: str, backup_id: str, vault_id: str) -> str:
    with Connection.from_env(endpoint=endpoint, api="cbr") as connection:
        if connection.project_id is None:
            raise SystemExit("set HUAWEICLOUD_SDK_PROJECT_ID (the source backup's project)")
        try:
            replica = replicate_and_wait(
                connection.client(),  # a cbr_client client: CBR v3 calls
                connection.project_id,
                backup_id,
                destination_region="cn-east-2",
                destination_project_id="03aa3897fcf446b6986c39e8c7bb69f6",
                destination_vault_id=vault_id,  # a replication vault of that project
                destination_client=connection.client,
                timeout=1800,
                on_progress=lambda p: print(p.status, p.percent, f"{p.elapsed:.0f}s"),
            )
        except CsbsError as error:  # BackupService.6114: the vault is full; 1009: copied there
            print(error.error_code, error.error_msg, error.request_id)
            raise
        print(replica.id, replica.region, replica.project_id)
        return replica.id


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
