from enum import StrEnum


class ProviderId(StrEnum):
    FC4D5750_22E7_4798_8A46_F48F62C4C1DA = "fc4d5750-22e7-4798-8a46-f48f62c4c1da"

    def __str__(self) -> str:
        return str(self.value)
