from enum import StrEnum


class ChargingMode(StrEnum):
    POST_PAID = "post_paid"
    PRE_PAID = "pre_paid"

    def __str__(self) -> str:
        return str(self.value)
