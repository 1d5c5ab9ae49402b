from enum import StrEnum


class ReplicationStatus(StrEnum):
    FAIL = "fail"
    REPLICATING = "replicating"
    SKIP = "skip"
    SUCCESS = "success"
    WAITING_REPLICATE = "waiting_replicate"

    def __str__(self) -> str:
        return str(self.value)
