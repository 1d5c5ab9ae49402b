from enum import StrEnum


class ConsistentLevel(StrEnum):
    APP_CONSISTENT = "app_consistent"
    CRASH_CONSISTENT = "crash_consistent"

    def __str__(self) -> str:
        return str(self.value)
