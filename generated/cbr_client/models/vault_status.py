from enum import StrEnum


class VaultStatus(StrEnum):
    AVAILABLE = "available"
    DELETING = "deleting"
    ERROR = "error"
    FROZEN = "frozen"
    LOCK = "lock"

    def __str__(self) -> str:
        return str(self.value)
