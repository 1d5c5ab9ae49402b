"""CBR v3's error catalogue: every code its operations answer, with its HTTP status.

Codes and statuses are CBR's documented ones (the CBR error-code page: every
`BackupService.*` row is a 400) where the docs have one; where they do not, the entry says
what was chosen and why, and the spec's `x-cbr-choice` and the README's fidelity table say
it too. The spec's `x-cbr-error-codes` lists are held equal to this table by a test.
Must not import: the web framework, the store.
"""

from __future__ import annotations

from typing import Final

from ..errors import GATEWAY, ApiError, Catalogue, CatalogueEntry

CATALOGUE: Final = Catalogue(
    {
        "BackupService.9900": CatalogueEntry(
            400,
            "Invalid parameter",
            False,
            "the docs publish no generic parameter code; 9900 is what clients of the real "
            "service meet for a malformed id",
        ),
        "BackupService.6302": CatalogueEntry(
            404,
            "Backup not found",
            False,
            "clients of the real service treat 6302 as 'does not exist'; another project's "
            "backup is answered alike (no enumeration)",
        ),
        "BackupService.6500": CatalogueEntry(404, "Operation log does not exist.", True),
        "BackupService.6105": CatalogueEntry(400, "Vault Not Found", True),
        "BackupService.1002": CatalogueEntry(
            400, "Replication is not allowed for the current type of backups.", True
        ),
        "BackupService.1003": CatalogueEntry(
            400,
            "Replication is not allowed because the backup source is not an ECS.",
            True,
            "also a server backup without its system disk (the user guide's second condition)",
        ),
        "BackupService.1005": CatalogueEntry(
            400, "The destination region does not support replication.", True
        ),
        "BackupService.1009": CatalogueEntry(
            400,
            "The backup is being replicated or has been replicated to the destination region.",
            True,
        ),
        "BackupService.1011": CatalogueEntry(
            400, "The destination project does not support replication.", True
        ),
        "BackupService.6102": CatalogueEntry(
            400,
            "Resource not match vault resource type.",
            True,
            "also a destination vault that is not a replication vault (inferred)",
        ),
        "BackupService.6112": CatalogueEntry(
            400, "Vault status is illegal, allow status: available", True
        ),
        "BackupService.6114": CatalogueEntry(
            400, "The vault used capacity has exceeded the total capacity.", True
        ),
        "BackupService.1004": CatalogueEntry(
            400,
            "The backup is not available; only an available backup can be replicated.",
            False,
            "the user guide requires an Available backup and no code is published for one "
            "that is not: 1004 is the free place in the documented replication family "
            "1002-1011, distinct from every documented refusal",
        ),
        **GATEWAY,
        "BackupService.9999": CatalogueEntry(
            500, "Internal error", False, "no public code for an internal error"
        ),
        "BackupService.9998": CatalogueEntry(
            503, "Service unavailable", False, "no public code for 503"
        ),
    },
    invalid="BackupService.9900",
    internal="BackupService.9999",
    unavailable="BackupService.9998",
)


def cbr_error(code: str, message: str) -> ApiError:
    return CATALOGUE.error(code, message)


def invalid_parameter(detail: str) -> ApiError:
    return CATALOGUE.malformed(detail)


def backup_not_found(backup_id: str) -> ApiError:
    return cbr_error("BackupService.6302", f"Backup ({backup_id}) is not found.")


def task_not_found(task_id: str) -> ApiError:
    return cbr_error("BackupService.6500", f"Operation log ({task_id}) does not exist.")


def vault_not_found(vault_id: str) -> ApiError:
    return cbr_error("BackupService.6105", f"Vault Not Found: {vault_id}")
