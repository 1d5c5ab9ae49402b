from enum import StrEnum


class ProtectType(StrEnum):
    BACKUP = "backup"
    HYBRID = "hybrid"
    REPLICATION = "replication"

    def __str__(self) -> str:
        return str(self.value)
