"""What the model-based suite reached: every documented rule and error code, drawn and hit.

Owns: the list of rows the default run must reach (`expected_rows`: every `error_code` of
every operation's `x-csbs-error-codes` and each operation's 200, the documented replication
rules one by one, every list filter, sort key and direction, the paging and tenancy cases, and
the semantic properties), the recorder the suite writes to while it runs (`RECORDER`), and the
table printed in the contract summary and kept in reports/model-coverage-LABEL.json.

A row is *drawn* when the model expected the call it made to meet that rule (or, for a filter,
a sort or a property, when the call used it); it is *hit* when the target's answer was what the
model expected (for a filter: the answer was checked and non-empty, so the filter selected
something). A failing comparison stops the run, so in a passing run a zero row means the
generation never aimed at that rule: a blind spot to fix, which is why the contract job fails on
one in its default and thorough profiles.
Must not import: the emulator, the generated client.

The recorder is module-level because Hypothesis builds the state machines itself (the suite
cannot hand them an object); `reset()` starts a run, and the pytest wiring reads it at the end.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from contract_tests.apis import CSBS, Api, spec_schemas

# Every status but `available` (replicable) and `deleted` (gone: 404), CSBS.2003 each.
UNAVAILABLE: Final = (
    "waiting_protect", "protecting", "waiting_restore", "restoring", "error", "waiting_delete",
    "deleting",
)  # fmt: skip

# The documented replication rules and the other cases the model tells apart, by the label
# the model gives its expectation (`Expect.why`). Each must be drawn in the default run.
RULES: Final = (
    "gateway: Host names an unknown region",
    "gateway: no or unknown credential",
    "gateway: project not covered by the credential",
    "gateway: Host names another region than the project's",
    "gateway: read-only credential writes",
    "replicate: body out of bounds",
    "replicate: body over 1 MiB",
    "replicate: backup unknown",
    "replicate: backup deleted",
    "replicate: backup of another project",
    *(f"replicate: backup {status}" for status in UNAVAILABLE),
    "replicate: destination region unknown",
    "replicate: destination is the backup's own region",
    "replicate: destination not among the source's replication_destinations",
    "replicate: destination project unknown",
    "replicate: destination project in another region",
    "replicate: destination project not the caller's (another tenant's)",
    "replicate: a replica to that region is being made",
    "replicate: a replica to that region exists",
    "replicate: accepted",
    "replicate: accepted after a failed copy to that region",
    "show: backup unknown",
    "show: backup deleted",
    "show: backup of another project",
    "show: malformed id",
    "list: marker names no backup of the scope",
    "list: malformed parameter",
    "count: paging or sort parameter",
    "list: all_tenants by an administrator",
    "list: all_tenants by a non-administrator (ignored)",
    "list: offset",
    "list: marker",
    "list: offset after a marker",
    "list: limit over the page cap",
    "list: a replica listed in its destination project",
)
# Rows only a lifecycle that lets a copy run (manual, delay) can meet.
NEEDS_A_RUNNING_COPY: Final = frozenset({"replicate: a replica to that region is being made"})
FILTERS: Final = (
    "status", "name", "resource_name", "az", "resource_id", "checkpoint_id", "resource_type",
    "image_type", "policy_id", "ip", "start_time", "end_time",
)  # fmt: skip
SORT_KEYS: Final = ("created_at", "updated_at", "name", "status", "protected_at", "id")
PROPERTIES: Final = (
    "property: the replicate answer echoes the request",
    "property: a replica's copy_from names its source's region",
    "property: a record's destination echoes the request",
    "property: a backup listed under one project never appears under another",
    "property: count equals the length of the full listing",
    "property: a page is in the requested order",
    "property: every listed item satisfies every filter",
    "property: the source's copy_status follows its newest record",
)


# -- CBR v3 (its rows start with "cbr"; its operations are named cbr.<operationId>) -----------

CBR_GATEWAY: Final = tuple(
    f"cbr gateway: {rule}"
    for rule in (
        "Host names an unknown region", "no or unknown credential",
        "project not covered by the credential", "Host names another region than the project's",
        "read-only credential writes",
    )
)  # fmt: skip
CBR_STATUSES: Final = (
    "protecting", "deleting", "restoring", "error", "waiting_protect", "waiting_delete",
    "waiting_restore",
)  # fmt: skip
# Every documented refusal of copyBackup, each aimed at on purpose in every run of the CBR
# suite's `copy_refused` (contract_tests/cbr_model.py has the rule order).
CBR_REFUSALS: Final = (
    *CBR_GATEWAY,
    *(
        f"cbr copy: {rule}"
        for rule in (
            "body out of bounds", "malformed backup id", "backup unknown",
            "backup of another project", "backup is a replica", "backup not of an ECS",
            "ECS backup without its system disk",
            *(f"backup {status}" for status in CBR_STATUSES),
            "destination region unknown", "destination is the backup's own region",
            "destination not among the capabilities", "destination project unknown",
            "destination project in another region", "destination project another tenant's",
            "destination vault unknown", "destination vault in another region",
            "destination vault another project's", "destination vault a backup vault",
            "destination vault a hybrid vault", "destination vault of another object type",
            *(f"destination vault {status}" for status in ("lock", "frozen", "deleting", "error")),
            "destination vault without room",
        )
    ),
)  # fmt: skip
CBR_RULES: Final = (
    *CBR_REFUSALS,
    *(
        f"cbr {rule}"
        for rule in (
            "copy: body over 1 MiB", "copy: destination vault's room taken by running copies",
            "copy: a replica to that region is being made", "copy: a replica to that region exists",
            "copy: accepted", "copy: accepted after a failed copy to that region",
            "copy: one winner among identical copies at once",
            "copy: copies at once into a vault with room for one",
            *(f"show {kind}: {case}" for kind in ("backup", "vault", "task")
              for case in ("malformed id", "unknown", "another project's")),
            "capabilities: unknown parameter",
            "list backups: malformed parameter",
            "list backups: marker names no backup of the project",
            "list tasks: malformed parameter", "list vaults: malformed parameter",
            "list external vaults: malformed parameter",
            "list backups: offset", "list backups: marker", "list backups: offset after a marker",
            "list backups: limit", "list backups: show_replication", "list tasks: offset",
            "list tasks: limit", "list external vaults: vault_id alone selects",
        )
    ),
)  # fmt: skip
# Rows only a lifecycle that lets a copy run (manual) can meet.
CBR_NEEDS_A_RUNNING_COPY: Final = frozenset(
    {
        "cbr copy: a replica to that region is being made",
        "cbr copy: destination vault's room taken by running copies",
        "cbr copy: copies at once into a vault with room for one",
    }
)
CBR_FILTERS: Final = {
    "listBackups": (
        "checkpoint_id", "image_type", "resource_az", "resource_id", "resource_type", "vault_id",
        "parent_id", "name", "resource_name", "start_time", "end_time", "status",
        "enterprise_project_id", "used_percent", "incremental", "own_type", "member_status",
        "dec",
    ),
    "listOpLogs": (
        "operation_type", "status", "provider_id", "resource_id", "vault_id", "vault_name",
        "resource_name", "start_time", "end_time", "enterprise_project_id",
    ),
    "listVault": (
        "name", "cloud_type", "protect_type", "object_type", "enterprise_project_id", "id",
        "policy_id", "status", "resource_ids",
    ),
    "listExternalVault": (
        "protect_type", "object_type", "objcet_type", "cloud_type", "vault_id",
        "enterprise_project_id",
    ),
}  # fmt: skip
CBR_PROPERTIES: Final = tuple(
    f"cbr property: {p}"
    for p in (
        "the copyBackup answer echoes the request", "a record's destination echoes the request",
        "a replica lands in its vault, whose used space grows", "a task follows its copy",
        "a page is in the requested order", "every listed item satisfies every filter",
        "a listing's pages hold it whole, each item once",
    )
)  # fmt: skip


def cbr_filter_row(operation_id: str, name: str) -> str:
    return f"cbr filter {operation_id} {name}"


def cbr_sort_row(key: str, descending: bool) -> str:
    return f"cbr sort {key}:{'desc' if descending else 'asc'}"


def code_row(operation_id: str, status: int, error_code: str | None) -> str:
    return f"{operation_id} {status} {error_code or 'OK'}"


def filter_row(name: str) -> str:
    return f"filter {name}"


def sort_row(key: str, descending: bool) -> str:
    return f"sort {key}:{'desc' if descending else 'asc'}"


def code_rows(spec: Mapping[str, Any], api: Api = CSBS) -> list[str]:
    """Each operation's 200 and every `error_code` of its `…-error-codes`, as rows."""
    rows: list[str] = []
    for item in spec["paths"].values():
        for operation in item.values():
            if not isinstance(operation, dict) or "operationId" not in operation:
                continue
            op = api.row_op(operation["operationId"])
            rows.append(code_row(op, 200, None))
            for status, codes in operation.get(api.error_codes_key, {}).items():
                rows.extend(code_row(op, int(status), code) for code in codes)
    return rows


def expected_rows(spec: Mapping[str, Any]) -> list[str]:
    """Every row of CSBS the default run must reach, in the order the table shows them."""
    rows = code_rows(spec, CSBS)
    rows.extend(RULES)
    rows.extend(filter_row(name) for name in FILTERS)
    rows.extend(sort_row(key, desc) for key in SORT_KEYS for desc in (False, True))
    rows.extend(PROPERTIES)
    return rows


def expected_rows_of(api: Api) -> list[str]:
    """Every row of `api` the default run must reach."""
    spec = spec_schemas(False, api).doc
    if api is CSBS:
        return expected_rows(spec)
    rows = code_rows(spec, api)
    rows.extend(CBR_RULES)
    rows.extend(cbr_filter_row(op, name) for op, names in CBR_FILTERS.items() for name in names)
    rows.extend(cbr_sort_row(key, desc) for key in SORT_KEYS for desc in (False, True))
    rows.extend(CBR_PROPERTIES)
    return rows


@dataclass
class Coverage:
    """Counts of rows drawn and hit, plus the run's size (rules, steps, comparisons)."""

    drawn: Counter[str] = field(default_factory=Counter)
    hit: Counter[str] = field(default_factory=Counter)
    rules: Counter[str] = field(default_factory=Counter)  # state-machine rule -> runs
    comparisons: int = 0  # answers checked against the model and the spec
    failures: int = 0
    ran: bool = False
    lifecycles: set[str] = field(default_factory=set)  # of the emulators the model drove
    apis: set[str] = field(default_factory=set)  # whose model ran ("csbs", "cbr")

    def reset(self) -> None:
        self.__init__()  # type: ignore[misc]

    @property
    def steps(self) -> int:
        """Rule runs of every state machine (the model's and the observed one)."""
        return sum(self.rules.values())

    def aim(self, row: str) -> None:
        self.drawn[row] += 1

    def reached(self, row: str) -> None:
        self.hit[row] += 1

    def both(self, row: str, held: bool = True) -> None:
        self.drawn[row] += 1
        if held:
            self.hit[row] += 1

    def zero_rows(self, rows: Iterable[str]) -> list[str]:
        return [row for row in rows if self.hit[row] == 0]

    def as_json(self, rows: Iterable[str]) -> dict[str, Any]:
        rows = list(rows)
        return {
            "rules_exercised": dict(sorted(self.rules.items())),
            "steps": self.steps,
            "comparisons": self.comparisons,
            "failures": self.failures,
            "rows": [{"row": row, "drawn": self.drawn[row], "hit": self.hit[row]} for row in rows],
            "zero_rows": self.zero_rows(rows),
        }

    def table(self, rows: Iterable[str]) -> str:
        rows = list(rows)
        width = max(len(row) for row in rows)
        lines = [f"{'rule or code':<{width}}  {'drawn':>7}  {'hit':>7}"]
        lines += [f"{row:<{width}}  {self.drawn[row]:>7}  {self.hit[row]:>7}" for row in rows]
        zero = self.zero_rows(rows)
        lines.append(
            f"{len(rows) - len(zero)} of {len(rows)} rows reached"
            + (f"; never reached: {', '.join(zero)}" if zero else "")
        )
        return "\n".join(lines)


RECORDER: Final = Coverage()
