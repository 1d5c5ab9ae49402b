from enum import StrEnum


class DiskBackupImageType(StrEnum):
    BACKUP = "backup"

    def __str__(self) -> str:
        return str(self.value)
