from enum import StrEnum


class ObjectType(StrEnum):
    DISK = "disk"
    FILE = "file"
    RDS = "rds"
    SERVER = "server"
    TURBO = "turbo"
    VMWARE = "vmware"
    WORKSPACE = "workspace"

    def __str__(self) -> str:
        return str(self.value)
