from enum import StrEnum


class CloudType(StrEnum):
    HYBRID = "hybrid"
    PUBLIC = "public"

    def __str__(self) -> str:
        return str(self.value)
