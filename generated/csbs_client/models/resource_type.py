from enum import StrEnum


class ResourceType(StrEnum):
    OSCINDERVOLUME = "OS::Cinder::Volume"
    OSNOVASERVER = "OS::Nova::Server"

    def __str__(self) -> str:
        return str(self.value)
