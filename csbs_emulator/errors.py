"""Errors as the wire renders them: domain errors, catalogues of codes, the gateway's codes.

Owns: `ApiError` (a code, a message and the HTTP status its catalogue gives the code),
`Catalogue` (one service's table code -> status, plus which of its codes answers a malformed
request, an internal error and an unavailable service), the API gateway's codes shared by
every service (`GATEWAY`), and `Malformed`, which the wire raises for a request it cannot
read before it knows whose codes to answer with. The HTTP layer renders any `ApiError` as
the service's body `{"error_code", "error_msg"}` (plus `request_id` for gateway codes).
Each service's own catalogue lives in its room (`csbs/errors.py`, `cbr/errors.py`).
Must not import: the web framework, the store, any service room.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True, slots=True)
class CatalogueEntry:
    status: int
    summary: str
    documented: bool  # False: this project chose the code (see `why`)
    why: str = ""


class ApiError(Exception):
    """An error with a catalogue code and the status the catalogue gives it."""

    def __init__(self, code: str, message: str, status: int) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status

    @property
    def from_gateway(self) -> bool:
        """Gateway errors carry `request_id` in the body, as the real gateway's do."""
        return self.code.startswith("APIGW.")


class Malformed(Exception):
    """A request the wire cannot read (parameter, body, JSON); the serving spec's catalogue
    turns it into that service's parameter error."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


# The API gateway in front of every Huawei Cloud service answers these, whichever service.
GATEWAY: Final[Mapping[str, CatalogueEntry]] = {
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
}

# 405 is in no public spec: the emulator answers it for a known path with an unknown
# method, with an `Allow` header, in the gateway's body. Inferred; see README.
METHOD_NOT_ALLOWED: Final = ("APIGW.0101", 405)


def gateway_error(code: str, message: str) -> ApiError:
    return ApiError(code, message, GATEWAY[code].status)


@dataclass(frozen=True)
class Catalogue:
    """One service's error codes (the gateway's included) and its three generic answers."""

    entries: Mapping[str, CatalogueEntry]
    invalid: str  # a malformed request
    internal: str  # 500: an unexpected failure
    unavailable: str  # 503

    def error(self, code: str, message: str) -> ApiError:
        entry = self.entries.get(code)
        if entry is None:
            raise ValueError(f"error code {code!r} is not in the catalogue")
        return ApiError(code, message, entry.status)

    def malformed(self, detail: str) -> ApiError:
        return self.error(self.invalid, f"Invalid parameter: {detail}")

    def fault(self, status: int, message: str) -> ApiError:
        """An injected 500 or 503 (faults), in this service's codes."""
        return self.error(self.internal if status == 500 else self.unavailable, message)


def unauthenticated(reason: str = "") -> ApiError:
    base = GATEWAY["APIGW.0301"].summary
    return gateway_error("APIGW.0301", f"{base}: {reason}" if reason else base)


def forbidden(reason: str = "") -> ApiError:
    base = GATEWAY["APIGW.0302"].summary
    return gateway_error("APIGW.0302", f"{base}: {reason}" if reason else base)


def no_such_api(message: str = "") -> ApiError:
    return gateway_error("APIGW.0101", message or GATEWAY["APIGW.0101"].summary)


def too_large(limit: int) -> ApiError:
    return gateway_error("APIGW.0201", f"Request entity too large (limit {limit} bytes)")


# The control plane's own errors reuse the services' body; these codes are the emulator's.
CONTROL_NOT_FOUND: Final = "EMULATOR.0404"
CONTROL_CONFLICT: Final = "EMULATOR.0409"


def control_error(code: str, status: int, message: str) -> ApiError:
    """An error of the control plane itself (in no service's catalogue)."""
    return ApiError(code, message, status)
