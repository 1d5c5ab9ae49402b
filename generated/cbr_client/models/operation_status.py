from enum import StrEnum


class OperationStatus(StrEnum):
    FAILED = "failed"
    RUNNING = "running"
    SKIPPED = "skipped"
    SUCCESS = "success"
    TIMEOUT = "timeout"
    WAITING = "waiting"

    def __str__(self) -> str:
        return str(self.value)
