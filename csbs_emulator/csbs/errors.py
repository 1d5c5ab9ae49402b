"""CSBS v1's error catalogue: every code its operations answer, with its HTTP status.

Where a code is inferred rather than documented, the entry says so; the README's fidelity
table and the spec's `x-csbs-error-codes` lists repeat these choices (a test holds them
equal).
Must not import: the web framework, the store.
"""

from __future__ import annotations

from typing import Final

from ..errors import GATEWAY, ApiError, Catalogue, CatalogueEntry

CATALOGUE: Final = Catalogue(
    {
        # Parameter checks: CSBS error-code appendix, "provider invalid / parameter check failed".
        "CSBS.9001": CatalogueEntry(400, "Invalid parameter", True),
        # Backup not found, or in another project (answered alike: no enumeration).
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
        **GATEWAY,
        "CSBS.9999": CatalogueEntry(500, "Internal error", True),
        "CSBS.9998": CatalogueEntry(
            503,
            "Service unavailable",
            False,
            "no public code for 503; nearest documented service-side code",
        ),
    },
    invalid="CSBS.9001",
    internal="CSBS.9999",
    unavailable="CSBS.9998",
)


def csbs_error(code: str, message: str) -> ApiError:
    return CATALOGUE.error(code, message)


def invalid_parameter(detail: str) -> ApiError:
    return CATALOGUE.malformed(detail)


def backup_not_found(item_id: str) -> ApiError:
    return csbs_error("CSBS.3001", f"Checkpoint_item ({item_id}) is not found.")
