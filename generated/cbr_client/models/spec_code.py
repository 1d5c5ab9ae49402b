from enum import StrEnum


class SpecCode(StrEnum):
    VAULT_BACKUP_DATABASE_NORMAL = "vault.backup.database.normal"
    VAULT_BACKUP_SERVER_NORMAL = "vault.backup.server.normal"
    VAULT_BACKUP_TURBO_NORMAL = "vault.backup.turbo.normal"
    VAULT_BACKUP_VOLUME_NORMAL = "vault.backup.volume.normal"
    VAULT_HYBRID_SERVER_NORMAL = "vault.hybrid.server.normal"
    VAULT_REPLICATION_SERVER_NORMAL = "vault.replication.server.normal"

    def __str__(self) -> str:
        return str(self.value)
