"""The error catalogue: every error the emulator can answer, by its service `error_code`.

Owns: domain errors (a code and a message, nothing about HTTP) and the one table that maps a
code to its HTTP status. The HTTP layer renders any `ApiError` as the service's body
`{"error_code", "error_msg"}` (plus `request_id` for gateway codes) with the status below.
Must not import: the web framework, the store.

Where a code is inferred rather than documented, the entry says so; the README's fidelity
table and the spec's `x-csbs-error-codes` lists repeat these choices.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True, slots=True)
class CatalogueEntry:
    status: int
    summary: str
    documented: bool  # False: this project chose the code (see `why`)
    why: str = ""


CATALOGUE: Final[dict[str, CatalogueEntry]] = {
    # Parameter checks: CSBS error-code appendix, "provider invalid / parameter check failed".
    "CSBS.9001": CatalogueEntry(400, "Invalid parameter", True),
    # Backup not found, or in another project (answered alike: no enumeration across projects).
    "CSBS.3001": CatalogueEntry(404, "Checkpoint_item not found", True),
    "CSBS.2003": CatalogueEntry(
        400,
        "Backup is not available (backing up, restoring, deleting or in error)",
        True,
        "documented for items in executing; also used for `error` status (nearest code)",
    ),
    "BackupService.1005": CatalogueEntry(
        400,
        "Destination region does not support replication",
        False,
        "CBR code; CSBS publishes none for unknown, same or disallowed destination regions",
    ),
    "BackupService.1009": CatalogueEntry(
        400,
        "The backup is being replicated or has been replicated to the destination region.",
        False,
        "CBR code whose text is exactly the seed page's duplicate rule",
    ),
    "BackupService.1011": CatalogueEntry(
        400,
        "Destination project does not support replication",
        False,
        "CBR code; used when the destination project is unknown, in another region or "
        "not the caller's",
    ),
    "APIGW.0101": CatalogueEntry(
        404, "The API does not exist or has not been published in the environment", True
    ),
    "APIGW.0201": CatalogueEntry(
        413,
        "Request entity too large",
        False,
        "gateway code family for malformed requests; the gateway's size limit is not public",
    ),
    "APIGW.0301": CatalogueEntry(401, "Incorrect IAM authentication information", True),
    "APIGW.0302": CatalogueEntry(
        403,
        "The IAM user is not authorized to access the API",
        True,
        "also used for a credential used on another project's path (inferred)",
    ),
    "CSBS.9999": CatalogueEntry(500, "Internal error", True),
    "CSBS.9998": CatalogueEntry(
        503,
        "Service unavailable",
        False,
        "no public code for 503; nearest documented service-side code",
    ),
}

# 405 is not in the public spec: the emulator answers it for a known path with an unknown
# method, with an `Allow` header, in the gateway's body. Inferred; see README.
METHOD_NOT_ALLOWED: Final = ("APIGW.0101", 405)


class ApiError(Exception):
    """An error with a catalogue code; the HTTP layer adds the status when it renders it."""

    def __init__(self, code: str, message: str) -> None:
        if code not in CATALOGUE:
            raise ValueError(f"error code {code!r} is not in the catalogue")
        super().__init__(message)
        self.code = code
        self.message = message

    @property
    def status(self) -> int:
        return CATALOGUE[self.code].status

    @property
    def from_gateway(self) -> bool:
        """Gateway errors carry `request_id` in the body, as the real gateway's do."""
        return self.code.startswith("APIGW.")


def invalid_parameter(detail: str) -> ApiError:
    return ApiError("CSBS.9001", f"Invalid parameter: {detail}")


def backup_not_found(item_id: str) -> ApiError:
    return ApiError("CSBS.3001", f"Checkpoint_item ({item_id}) is not found.")


def unauthenticated(reason: str = "") -> ApiError:
    base = CATALOGUE["APIGW.0301"].summary
    return ApiError("APIGW.0301", f"{base}: {reason}" if reason else base)


def forbidden(reason: str = "") -> ApiError:
    base = CATALOGUE["APIGW.0302"].summary
    return ApiError("APIGW.0302", f"{base}: {reason}" if reason else base)


def no_such_api() -> ApiError:
    return ApiError("APIGW.0101", CATALOGUE["APIGW.0101"].summary)


def too_large(limit: int) -> ApiError:
    return ApiError("APIGW.0201", f"Request entity too large (limit {limit} bytes)")
