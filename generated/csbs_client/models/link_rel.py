from enum import StrEnum


class LinkRel(StrEnum):
    NEXT = "next"

    def __str__(self) -> str:
        return str(self.value)
