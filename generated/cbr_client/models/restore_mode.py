from enum import StrEnum


class RestoreMode(StrEnum):
    BACKUP = "backup"
    NA = "na"
    SNAPSHOT = "snapshot"

    def __str__(self) -> str:
        return str(self.value)
