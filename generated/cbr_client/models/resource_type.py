from enum import StrEnum


class ResourceType(StrEnum):
    OSCINDERVOLUME = "OS::Cinder::Volume"
    OSIRONICBAREMETALSERVER = "OS::Ironic::BareMetalServer"
    OSNATIVESERVER = "OS::Native::Server"
    OSNOVASERVER = "OS::Nova::Server"
    OSSFSTURBO = "OS::Sfs::Turbo"
    OSWORKSPACEDESKTOPV2 = "OS::Workspace::DesktopV2"

    def __str__(self) -> str:
        return str(self.value)
