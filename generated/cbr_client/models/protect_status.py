from enum import StrEnum


class ProtectStatus(StrEnum):
    AVAILABLE = "available"
    ERROR = "error"
    PROTECTING = "protecting"
    REMOVING = "removing"
    RESTORING = "restoring"

    def __str__(self) -> str:
        return str(self.value)
