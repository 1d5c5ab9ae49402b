"""Custom schemathesis checks of the CSBS contract, beyond the built-in ones.

Owns: checks that read this spec's own extensions (`x-csbs-error-codes`) and so can say more
than "some 4xx". Registered with schemathesis on import; the pytest suites import this module,
and `contract_tests/schemathesis.toml` names it as `hooks` so the CLI loads it too.
Must not import: pytest, the emulator, the test modules (the CLI loads it against any target).

* `error_code_documented` — every error body's `error_code` is one the operation lists for
  that status in `x-csbs-error-codes`. Statuses the operation does not declare (405 for an
  unsupported method) are left to `status_code_conformance` and `unsupported_method`.
* `positive_data_refused_only_for_business_reasons` — a request whose every part is valid
  by the schema may be refused with 400 only for a documented business reason, never with
  `CSBS.9001` (invalid parameter): that would mean the server's validation and the spec
  disagree. This is what keeps the 400 that the config lets `positive_data_acceptance`
  accept for `replicateBackup` honest.
"""

from __future__ import annotations

import json
from typing import Any

import schemathesis
from schemathesis.specs.openapi.checks import is_unexpected_http_status_case

AnyCase = schemathesis.Case[Any]

# The code the service answers for a request that breaks the schema (CSBS error appendix).
INVALID_PARAMETER = "CSBS.9001"


def _error_code(response: schemathesis.Response) -> str | None:
    try:
        body = json.loads(response.content or b"null")
    except (ValueError, UnicodeDecodeError):
        return None
    if isinstance(body, dict) and isinstance(body.get("error_code"), str):
        return str(body["error_code"])
    return None


def _documented_codes(case: AnyCase) -> dict[str, list[str]]:
    definition: Any = case.operation.definition.raw
    codes = definition.get("x-csbs-error-codes", {}) if isinstance(definition, dict) else {}
    return {str(status): list(values) for status, values in codes.items()}


def _is_positive(case: AnyCase) -> bool:
    """Generated as valid data, and not a request-shape probe (wrong method, content type)."""
    meta = case.meta
    if meta is None or is_unexpected_http_status_case(case):
        return False
    return bool(meta.generation.mode.is_positive)


@schemathesis.check
def error_code_documented(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: AnyCase
) -> bool | None:
    """An error body's `error_code` is listed in the operation's `x-csbs-error-codes`."""
    # Returning True tells schemathesis the check did not apply, so run counts stay honest.
    if response.status_code < 400:
        return True
    allowed = _documented_codes(case).get(str(response.status_code))
    if allowed is None:
        return True
    code = _error_code(response)
    if code is None:
        # response_schema_conformance reports a body without `error_code`.
        return True
    if code not in allowed:
        raise AssertionError(
            f"{case.operation.label} answered {response.status_code} with error_code "
            f"{code!r}; x-csbs-error-codes lists {allowed} for {response.status_code}"
        )
    return None


@schemathesis.check
def positive_data_refused_only_for_business_reasons(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: AnyCase
) -> bool | None:
    """A schema-valid request is never refused as an invalid parameter (400 CSBS.9001)."""
    if response.status_code != 400 or not _is_positive(case):
        return True
    code = _error_code(response)
    if code == INVALID_PARAMETER:
        raise AssertionError(
            f"{case.operation.label}: a request valid by the spec was refused with 400 "
            f"{INVALID_PARAMETER} (invalid parameter): the server's validation and the spec "
            "disagree"
        )
    return None
