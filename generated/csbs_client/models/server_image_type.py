from enum import StrEnum


class ServerImageType(StrEnum):
    GOLD = "gold"
    MARKET = "market"
    PRIVATE = "private"

    def __str__(self) -> str:
        return str(self.value)
