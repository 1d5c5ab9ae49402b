"""The errors of the replicate-and-wait layer: every one carries a code, a message and an id.

Owns: `CsbsError` and its kinds. An error answer of the service keeps its `error_code`,
`error_msg` and request id (the body's `request_id`, else the `X-Request-Id` header); an
error this package raises itself (a timeout, an outcome it could not find out) has a code
of its own in the `client.` namespace, which no service code uses.
Must not import: the emulator; httpx (errors are plain data, printable by the command line).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .results import Existing, Progress

# BackupService.1009: "The backup is being replicated or has been replicated to the
# destination region." (replicateBackup's duplicate rule).
DUPLICATE_REPLICATION = "BackupService.1009"

OUTCOME_UNKNOWN = "client.outcome_unknown"
NOT_ACCEPTED = "client.not_accepted"
UNREACHABLE = "client.unreachable"
WAIT_TIMEOUT = "client.wait_timeout"
COPY_FAILED = "client.copy_failed"


class CsbsError(Exception):
    """Base of every error raised here: `error_code`, `error_msg`, `request_id`, `status`.

    `request_id` is None when no answer carried one; `status` is the HTTP status of the
    answer the error comes from, None when there was none.
    """

    def __init__(
        self,
        error_code: str,
        error_msg: str,
        *,
        request_id: str | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(error_code, error_msg)
        self.error_code = error_code
        self.error_msg = error_msg
        self.request_id = request_id
        self.status = status

    def __str__(self) -> str:
        where = f" (request {self.request_id})" if self.request_id else ""
        return f"{self.error_code}: {self.error_msg}{where}"

    def as_dict(self) -> dict[str, Any]:
        """The error as JSON-ready data (the command line's `--json` form)."""
        return {
            "kind": type(self).__name__,
            "error_code": self.error_code,
            "error_msg": self.error_msg,
            "request_id": self.request_id,
            "status": self.status,
        }


class ApiError(CsbsError):
    """The service answered with an error (4xx, or a 5xx that retries did not get past)."""

    def __init__(
        self,
        error_code: str,
        error_msg: str,
        *,
        request_id: str | None = None,
        status: int | None = None,
        operation: str = "",
    ) -> None:
        super().__init__(error_code, error_msg, request_id=request_id, status=status)
        self.operation = operation

    def as_dict(self) -> dict[str, Any]:
        return {**super().as_dict(), "operation": self.operation}


class ReplicationRefused(ApiError):
    """replicateBackup was refused: the service created nothing for this call."""


class AlreadyReplicated(ReplicationRefused):
    """`BackupService.1009`: a replica to that region is being made or exists already.

    `existing` is the replication that blocks this one, as the source backup lists it (None
    when the service lists no replication records).
    """

    def __init__(
        self,
        error_code: str,
        error_msg: str,
        *,
        request_id: str | None = None,
        status: int | None = None,
        operation: str = "",
        existing: Existing | None = None,
    ) -> None:
        super().__init__(
            error_code, error_msg, request_id=request_id, status=status, operation=operation
        )
        self.existing = existing

    def __str__(self) -> str:
        text = super().__str__()
        if self.existing is not None:
            text += f"; existing replication {self.existing.record_id} is {self.existing.status}"
        return text

    def as_dict(self) -> dict[str, Any]:
        existing = None if self.existing is None else self.existing.as_dict()
        return {**super().as_dict(), "existing": existing}


class ReplicationNotAccepted(CsbsError):
    """Every attempt failed in transit or with a 5xx, and the service shows no replication
    from any of them: nothing was replicated, and trying again later is safe."""


class OutcomeUnknown(CsbsError):
    """An answer to replicateBackup was lost and the service could not be asked, before the
    deadline, whether it was accepted. Do not simply retry: look at the source backup."""


class Unreachable(CsbsError):
    """A read failed in transit or with 429/5xx on every try until the deadline."""


class ReplicationFailed(CsbsError):
    """The copy ended in `fail`. `fail_code` and `fail_description` are the service's
    `fail_code` (`Code`, `Description`), `fail_reason` its reason; `error_code` is the
    `Code` as text (`client.copy_failed` when the service gave none)."""

    def __init__(
        self,
        *,
        record_id: str | None,
        fail_code: str | int | None,
        fail_description: str | None,
        fail_reason: str,
        request_id: str | None = None,
        status: int | None = None,
    ) -> None:
        code = str(fail_code) if fail_code not in (None, "") else COPY_FAILED
        message = fail_reason or fail_description or "the copy failed"
        super().__init__(code, message, request_id=request_id, status=status)
        self.record_id = record_id
        self.fail_code = fail_code
        self.fail_description = fail_description
        self.fail_reason = fail_reason

    def as_dict(self) -> dict[str, Any]:
        return {
            **super().as_dict(),
            "record_id": self.record_id,
            "fail_code": self.fail_code,
            "fail_description": self.fail_description,
            "fail_reason": self.fail_reason,
        }


class WaitTimeout(CsbsError):
    """The deadline passed before the copy ended; `progress` is how far it had got (None if
    the service could not be read even once)."""

    def __init__(
        self,
        error_msg: str,
        *,
        progress: Progress | None,
        request_id: str | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(WAIT_TIMEOUT, error_msg, request_id=request_id, status=status)
        self.progress = progress

    def as_dict(self) -> dict[str, Any]:
        progress = None if self.progress is None else self.progress.as_dict()
        return {**super().as_dict(), "progress": progress}
