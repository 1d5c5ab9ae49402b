"""Custom schemathesis checks of the CSBS and CBR contracts, beyond the built-in ones.

Owns: checks that read each spec's own extensions (`x-csbs-error-codes`, `x-cbr-error-codes`)
and so can say more than "some 4xx". Registered with schemathesis on import; the pytest suites
import this module, and both schemathesis configs (`contract_tests/schemathesis.toml`,
`schemathesis-cbr.toml`) name it as `hooks` so the CLI loads it too. Each case is judged by
the API its path belongs to (`apis.api_of_path`).
Must not import: pytest, the emulator, the test modules (the CLI loads it against any target).

* `error_code_documented` — every error body's `error_code` is one the operation lists for
  that status in its spec's `…-error-codes`. Statuses the operation does not declare (405 for an
  unsupported method) are left to `status_code_conformance` and `unsupported_method`.
* `positive_data_refused_only_for_business_reasons` — a request whose every part is valid
  by the schema may be refused with 400 only for a documented business reason, never with
  the API's invalid-parameter code (`CSBS.9001`, `BackupService.9900`): that would mean the
  server's validation and the spec disagree. This is what keeps the 400 that the configs let
  `positive_data_acceptance` accept for `replicateBackup`, `copyBackup` and `showVault` honest.
* `emulator_body_strict` — an emulator's 200 body satisfies the spec's strict reading
  (every `…-emulator-sends` member present, every `…-emulator-schema` closed enum kept;
  `apis.strict_reading`). The built-in `response_schema_conformance` holds
  bodies to the tolerant reading as written, which is all a real service is held to; an
  emulator must send the full documented shape. It applies only once the run has said its
  target is an emulator (`set_emulator_target`, called by the pytest wiring; the CLI, which
  is for emulators, sets `CSBS_STRICT_RESPONSES=1`).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any, Final

import schemathesis
from schemathesis.specs.openapi.checks import is_unexpected_http_status_case

from contract_tests.apis import Api, api_of_path, spec_schemas

AnyCase = schemathesis.Case[Any]
STRICT_ENV: Final = "CSBS_STRICT_RESPONSES"


@dataclass
class _Target:
    """Whether the run's target is an emulator; None until the run says so."""

    emulator: bool | None = None


_TARGET: Final = _Target()


def set_emulator_target(is_emulator: bool) -> None:
    """Hold 200 bodies to the spec's strict reading (an emulator) or not (a real service)."""
    _TARGET.emulator = is_emulator


def _emulator_target() -> bool:
    if _TARGET.emulator is not None:
        return _TARGET.emulator
    # Not told (the schemathesis CLI): only when the environment says the target is one.
    return os.environ.get(STRICT_ENV, "").strip().lower() in ("1", "true", "yes", "on")


def _api(case: AnyCase) -> Api:
    return api_of_path(str(case.operation.path))


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
    key = _api(case).error_codes_key
    codes = definition.get(key, {}) if isinstance(definition, dict) else {}
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
    """An error body's `error_code` is listed in the operation's `…-error-codes`."""
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
            f"{code!r}; {_api(case).error_codes_key} lists {allowed} for {response.status_code}"
        )
    return None


@schemathesis.check
def positive_data_refused_only_for_business_reasons(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: AnyCase
) -> bool | None:
    """A schema-valid request is never refused as an invalid parameter (400 CSBS.9001,
    BackupService.9900)."""
    if response.status_code != 400 or not _is_positive(case):
        return True
    code = _error_code(response)
    invalid = _api(case).invalid_code
    if code == invalid:
        raise AssertionError(
            f"{case.operation.label}: a request valid by the spec was refused with 400 "
            f"{invalid} (invalid parameter): the server's validation and the spec disagree"
        )
    return None


@schemathesis.check
def emulator_body_strict(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: AnyCase
) -> bool | None:
    """An emulator's 200 body satisfies the spec's strict reading, not only the tolerant one."""
    if response.status_code != 200 or not _emulator_target():
        return True
    try:
        body = json.loads(response.content or b"null")
    except (ValueError, UnicodeDecodeError):
        return True  # the built-in content and schema checks report a body that is no JSON
    definition: Any = case.operation.definition.raw
    operation_id = definition.get("operationId") if isinstance(definition, dict) else None
    if not isinstance(operation_id, str):
        return True
    api = _api(case)
    problems = spec_schemas(True, api).errors(operation_id, 200, body)
    if problems:
        raise AssertionError(
            f"{case.operation.label}: the 200 body breaks the spec's strict reading (what an "
            f"emulator must send: {api.extension}-emulator-sends, "
            f"{api.extension}-emulator-schema): {problems[:5]}"
        )
    return None
