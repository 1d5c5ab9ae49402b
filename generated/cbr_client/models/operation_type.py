from enum import StrEnum


class OperationType(StrEnum):
    BACKUP = "backup"
    COPY = "copy"
    DELETE = "delete"
    MIGRATE_RESOURCES = "migrate_resources"
    REMOVE_RESOURCE = "remove_resource"
    REPLICATION = "replication"
    RESTORE = "restore"
    SYNC = "sync"
    VAULT_DELETE = "vault_delete"

    def __str__(self) -> str:
        return str(self.value)
