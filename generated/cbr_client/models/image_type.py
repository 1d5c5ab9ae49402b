from enum import StrEnum


class ImageType(StrEnum):
    BACKUP = "backup"
    REPLICATION = "replication"

    def __str__(self) -> str:
        return str(self.value)
