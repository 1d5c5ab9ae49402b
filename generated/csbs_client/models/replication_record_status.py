from enum import StrEnum


class ReplicationRecordStatus(StrEnum):
    COPYING = "copying"
    FAIL = "fail"
    SUCCESS = "success"
    WAITING_COPY = "waiting_copy"

    def __str__(self) -> str:
        return str(self.value)
