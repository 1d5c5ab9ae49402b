from enum import StrEnum


class OwnType(StrEnum):
    ALL_GRANTED = "all_granted"
    PRIVATE = "private"
    SHARED = "shared"

    def __str__(self) -> str:
        return str(self.value)
