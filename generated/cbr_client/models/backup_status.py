from enum import StrEnum


class BackupStatus(StrEnum):
    AVAILABLE = "available"
    DELETING = "deleting"
    ERROR = "error"
    PROTECTING = "protecting"
    RESTORING = "restoring"
    WAITING_DELETE = "waiting_delete"
    WAITING_PROTECT = "waiting_protect"
    WAITING_RESTORE = "waiting_restore"

    def __str__(self) -> str:
        return str(self.value)
