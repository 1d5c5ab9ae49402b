from enum import StrEnum


class ProviderId(StrEnum):
    A13639DE_00BE_4E94_AF30_26912D75E4A2 = "a13639de-00be-4e94-af30-26912d75e4a2"
    D1603440_187D_4516_AF25_121250C7CC97 = "d1603440-187d-4516-af25-121250c7cc97"
    VALUE_0 = "0daac4c5-6707-4851-97ba-169e36266b66"
    VALUE_2 = "3f3c3220-245c-4805-b811-758870015881"
    VALUE_4 = "86a80900-71bf-4961-956a-d52df944f84a"

    def __str__(self) -> str:
        return str(self.value)
