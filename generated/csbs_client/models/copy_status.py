from enum import StrEnum


class CopyStatus(StrEnum):
    COPYING = "copying"
    FAIL = "fail"
    NA = "na"
    SUCCESS = "success"
    WAITING_COPY = "waiting_copy"

    def __str__(self) -> str:
        return str(self.value)
