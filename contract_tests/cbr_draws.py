"""What the CBR model suite draws and how it puts a call on the wire.

Owns: the suite's constants (the sources it copies, the callers, the bodies out of bounds,
the malformed parameters of each list call), the strategies of filter values (mostly values
some item of the scope has, so ANDed filters still select something; any part of a name in
any ASCII case; a time in another zone), and the conversions of a `ListQuery` to the wire
(`wire`) and to the generated function's typed keywords (`typed_query`).
Must not import: the emulator, the test modules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any, Final, cast
from uuid import UUID

import httpx
from hypothesis import strategies as st

from cbr_client.api.replication import copy_backup
from cbr_client.types import UNSET, Response
from contract_tests.cbr_model import (
    AVAILABLE,
    CbrModel,
    Record,
)
from contract_tests.cbr_queries import (
    BACKUP_FUZZY,
    TIMES,
    ListQuery,
)
from contract_tests.cbr_world import EP_FINANCE
from contract_tests.model_harness import (
    UNKNOWN_ID,
    CbrClient,
)

FAIL: Final = ("BackupService.6001", "model says fail")
SOURCES: Final = ("web-1", "WEB-2", "db-1", "db-2-incr", "app_finance")
# Copied too, so that another project than HOME has records and tasks (cn-east-2 -> north-1).
OTHER_SOURCES: Final = ("east-app",)
# Caller twists (as the CSBS suite's): mostly the owner, else one thing wrong at a time.
CALLERS: Final = ["owner"] * 6 + [
    "owner via its region",
    "owner via another region",
    "unknown region",
    "ro",
    "other",
    "admin",
    "bogus",
    "none",
]
NAMES = st.sampled_from([None, None, "r", "replica_of-model", "n" * 64, "副本" * 32])
DESCRIPTIONS = st.sampled_from([None, None, "", "copied by the model", "d" * 255])
ACCELERATION = st.sampled_from([None, True, False])
# One bound of BackupReplicateReqBody broken at a time (400 BackupService.9900).
BROKEN: Final = [
    {"name": ""},
    {"name": "n" * 65},
    {"name": "no spaces"},
    {"description": "d" * 256},
    {"description": "a <b>"},
    {"destination_region": ""},
    {"destination_region": "cn east-2"},
    {"destination_project_id": "bad_project!"},
    {"destination_project_id": "p" * 65},
    {"destination_vault_id": "not-a-uuid"},
    {"cross_account_urn": ""},
    {"cross_account_urn": "<urn>"},
]
# Bodies the generated model cannot even express: a member missing, an unknown one.
SHAPELESS: Final = ["no replicate", "missing vault", "unknown member", "not an object"]
OPERATIONS: Final = (
    "copyBackup",
    "showBackup",
    "listBackups",
    "showReplicationCapabilities",
    "listOpLogs",
    "showOpLog",
    "showVault",
    "listVault",
    "listExternalVault",
)


def host_of(region: str) -> str:
    return f"cbr.{region}.myhuaweicloud.com"


def as_sent(text: str) -> UUID:
    """The id as the client sends it (a capitalised or malformed one goes out as written)."""
    return UUID(text) if text == text.lower() and len(text) == 36 else cast(UUID, text)


CBR_RULE: Final = "cbr "
ROW_OP: Final = {
    "listBackups": "list backups",
    "listOpLogs": "list tasks",
    "listVault": "list vaults",
    "listExternalVault": "list external vaults",
}
SORT_KEYS: Final = ("created_at", "updated_at", "name", "status", "protected_at", "id")
SORTS = st.one_of(
    st.none(),
    st.lists(
        st.tuples(st.sampled_from(SORT_KEYS), st.sampled_from(["", ":asc", ":desc"])),
        min_size=1,
        max_size=3,
    ).map(lambda keys: ",".join(k + d for k, d in keys)),
)


def parse_copy(api: CbrClient, raw: httpx.Response) -> Response[Any]:
    """A copyBackup answer sent outside the generated function, parsed by it."""
    return copy_backup._build_response(client=api, response=raw)


def fold(text: str) -> list[str]:
    return [text, text.upper(), text.lower(), text.swapcase()]


def any_part(text: str) -> st.SearchStrategy[str]:
    """Any part of `text`, in any ASCII case (a fuzzy filter must find it all the same)."""
    ends = st.tuples(st.integers(0, len(text)), st.integers(0, len(text)))
    return ends.map(lambda e: text[min(e) : max(e) + 1]).flatmap(lambda p: st.sampled_from(fold(p)))


def time_forms(stamp: str, *, end: bool) -> st.SearchStrategy[str]:
    """A stored time as a filter may write it: as is, with a shorter fraction when that loses
    nothing, with `Z`, or in another zone (the same instant)."""
    base = stamp[:19]
    moment = dt.datetime.fromisoformat(stamp)
    plus8 = (moment + dt.timedelta(hours=8)).strftime("%Y-%m-%dT%H:%M:%S.%f")
    forms = [stamp, stamp + "Z", plus8 + "+08:00", plus8 + "+0800"]
    if stamp.endswith("000000") or not end:
        forms.append(base + ("Z" if end else ""))
    return st.sampled_from(forms)


def backup_value(
    kind: str, anchor: Any, scope: list[Any], *, hit: bool = False
) -> st.SearchStrategy[Any]:
    """A value of listBackups filter `kind`: mostly the anchor's (so ANDed filters still
    match something), else any other, or one matching nothing."""
    if anchor is None:
        anchor = type(
            "Nobody",
            (),
            {"name": "x", "resource_name": "x", "created_at": "2021-01-01T00:00:00.000000"},
        )()
    if kind in BACKUP_FUZZY:
        values = any_part(str(getattr(anchor, kind)))
        return (
            values
            if hit
            else st.one_of(values, st.sampled_from(["", "nothing-by-this-name", "_", "WEB"]))
        )
    if kind in TIMES:
        return time_forms(str(anchor.created_at), end=kind == "end_time")
    fixed: dict[str, list[Any]] = {
        "status": [[getattr(anchor, "status", AVAILABLE)], [AVAILABLE, "error"], ["protecting"]],
        "enterprise_project_id": [
            getattr(anchor, "enterprise_project_id", "0") or "0",
            "all_granted_eps",
            EP_FINANCE,
            "ep-none",
        ],
        "used_percent": [1, 20, 50, 100],
        "incremental": [bool(getattr(anchor, "incremental", False)), True, False],
        "own_type": ["private", "all_granted"] + ([] if hit else ["shared"]),
        "member_status": ["pending", "accepted", "rejected"],
        "dec": [True, False],
    }
    if kind in fixed:
        return st.sampled_from(
            fixed[kind][:1]
            if hit and kind not in ("used_percent", "own_type", "member_status", "dec")
            else fixed[kind]
        )
    value = getattr(anchor, kind, None)
    others = sorted({str(getattr(b, kind)) for b in scope if getattr(b, kind) is not None})
    if value is None:
        return st.sampled_from(others or [UNKNOWN_ID])
    return st.just(value) if hit else st.sampled_from([value, value, *others, UNKNOWN_ID])


def task_value(model: CbrModel, kind: str, anchor: Record | None) -> st.SearchStrategy[Any]:
    if anchor is None:
        return st.sampled_from(
            {"operation_type": ["replication"], "status": ["running"]}.get(
                kind, [UNKNOWN_ID if "time" not in kind else "2021-01-01T00:00:00Z"]
            )
        )
    source = model.backups[anchor.backup_id]
    vault = model.vaults[anchor.source_vault_id]
    if kind == "resource_name":
        return any_part(source.resource_name)
    if kind in TIMES:
        return time_forms(str(anchor.task_created_at), end=kind == "end_time")
    return st.sampled_from(
        {
            "operation_type": ["replication", "replication", "backup"],
            "status": [anchor.task_status, "success", "failed", "running"],
            "provider_id": [source.provider_id],
            "resource_id": [source.resource_id],
            "vault_id": [vault.id],
            "vault_name": [vault.name, vault.name.upper(), vault.name[2:7]],
            "enterprise_project_id": [
                source.enterprise_project_id or "0",
                "all_granted_eps",
                EP_FINANCE,
            ],
        }[kind]
    )


def vault_value(kind: str, anchor: Any) -> st.SearchStrategy[Any]:
    if anchor is None:
        return st.sampled_from(
            {
                "protect_type": ["replication"],
                "object_type": ["server"],
                "objcet_type": ["server"],
                "cloud_type": ["public"],
            }.get(kind, [UNKNOWN_ID])
        )
    m = anchor.members
    if kind == "name":
        return any_part(anchor.name).filter(bool)
    if kind == "id":
        return st.sampled_from(
            [
                [anchor.id],
                [anchor.id, UNKNOWN_ID],
                [f"{anchor.id},{UNKNOWN_ID}"],
                [anchor.id.upper()],
            ]
        )
    if kind == "resource_ids":
        ids = [r["id"] for r in m["resources"]] or [UNKNOWN_ID]
        return st.sampled_from([ids[0], ",".join(ids), f"{UNKNOWN_ID},{ids[0]}"])
    if kind == "vault_id":
        return st.sampled_from([anchor.id, anchor.id.upper()])
    values = {
        "protect_type": anchor.protect_type,
        "object_type": anchor.object_type,
        "objcet_type": anchor.object_type,
        "cloud_type": m["cloud_type"],
        "status": anchor.status,
        "policy_id": m["policy_id"] or UNKNOWN_ID,
        "enterprise_project_id": m["enterprise_project_id"],
    }
    extra = {"enterprise_project_id": ["all_granted_eps"], "status": ["frozen"]}.get(kind, [])
    return st.sampled_from([values[kind], values[kind], *extra])


def one_parameter(name: str, value: Any) -> ListQuery:
    query = ListQuery()
    if name in ("limit", "offset", "sort", "marker"):
        setattr(query, name, value)
    else:
        query.filters[name] = value
    return query


MALFORMED_BACKUPS: Final = [
    ("sort", "size"),
    ("sort", "name:up"),
    ("sort", ",name"),
    ("sort", "name" + ",name" * 60),
    ("limit", 0),
    ("limit", 1001),
    ("offset", -1),
    ("marker", "not-a-uuid"),
    ("start_time", "2021-04-01"),
    ("start_time", "2021-04-01 09:00:00"),
    ("end_time", "yesterday"),
    ("status", ["bogus"]),
    ("image_type", "snapshot"),
    ("resource_type", "OS::Nova::Unknown"),
    ("used_percent", 0),
    ("used_percent", 101),
    ("own_type", "everyone"),
    ("member_status", "maybe"),
    ("enterprise_project_id", "ep with space"),
    ("name", "n" * 256),
    ("vault_id", "v" * 65),
    ("checkpoint_id", "c" * 65),
]
MALFORMED_TASKS: Final = [
    ("operation_type", "copying"),
    ("status", "done"),
    ("limit", 1001),
    ("offset", -1),
    ("start_time", "2021-04-01 09:00:00"),
    ("end_time", "2021-04-01T09:00:00+8"),
    ("vault_name", "v" * 65),
    ("enterprise_project_id", "ep/0"),
]
MALFORMED_VAULTS: Final = [
    ("name", "no spaces"),
    ("name", "n" * 65),
    ("protect_type", "archive"),
    ("object_type", "blob"),
    ("cloud_type", "private"),
    ("limit", 0),
    ("id", ["a;b"]),
    ("resource_ids", "a;b"),
]
MALFORMED_EXTERNAL: Final = [
    ("protect_type", "archive"),
    ("objcet_type", "blob"),
    ("limit", 1001),
    ("offset", -1),
    ("vault_id", "v" * 65),
    ("cloud_type", "private"),
]


def wire(query: ListQuery) -> list[tuple[str, str | int | float | bool | None]]:
    """The query as sent on the wire (booleans as `true`/`false`, lists repeated)."""
    pairs: list[tuple[str, str | int | float | bool | None]] = []
    for name, value in [*query.filters.items(), *query.paging().items()]:
        for item in value if isinstance(value, list) else [value]:
            pairs.append((name, str(item).lower() if isinstance(item, bool) else str(item)))
    if query.show_replication is not None:
        pairs.append(("show_replication", "true" if query.show_replication else "false"))
    return pairs


def typed_query(query: ListQuery, function: str = "list_vault") -> dict[str, Any]:
    """The query as the generated function's keywords (the client's enums; UNSET for every
    parameter not sent, so its defaults are not sent either)."""
    from cbr_client import models

    enums: dict[str, Callable[[Any], Any]] = {
        "image_type": models.ImageType,
        "resource_type": models.ResourceType,
        "own_type": models.OwnType,
        "member_status": models.MemberStatus,
        "operation_type": models.OperationType,
        "protect_type": models.ProtectType,
        "object_type": models.ObjectType,
        "objcet_type": models.ObjectType,
        "cloud_type": models.CloudType,
    }
    args: dict[str, Any] = {}
    for name, value in query.filters.items():
        if name == "status" and function == "list_backups":
            args[name] = [models.BackupStatus(v) for v in value]
        elif name == "status" and function == "list_op_logs":
            args[name] = models.OperationStatus(value)
        else:
            args[name] = enums[name](value) if name in enums else value
    args["limit"] = UNSET if query.limit is None else query.limit
    args["offset"] = UNSET if query.offset is None else query.offset
    if query.sort is not None:
        args["sort"] = query.sort
    if query.marker is not None:
        args["marker"] = as_sent(query.marker)
    if query.show_replication is not None:
        args["show_replication"] = query.show_replication
    return args


class ThreadPool:
    """A tiny thread pool for the served emulator's concurrent copies."""

    def __init__(self, size: int) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self._pool = ThreadPoolExecutor(max_workers=size)

    def __enter__(self) -> ThreadPool:
        return self

    def __exit__(self, *args: object) -> None:
        self._pool.shutdown(wait=True)

    def map(
        self, fn: Callable[[httpx.Request], httpx.Response], items: list[httpx.Request]
    ) -> Iterator[httpx.Response]:
        return self._pool.map(fn, items)
