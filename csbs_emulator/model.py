"""Plain data every service shares: regions, projects, credentials, times, the fixtures file.

Owns: the record types of the directory (who exists where, who may call) and the service
time format. Each service's own records live in its room (`csbs/model.py`, `cbr/model.py`).
Must not import: the web framework, sqlite3, or any other emulator module.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

Permission = Literal["rw", "ro"]


# The text of the last second stamped, by (year, month, day, hour, minute, second): one
# (key, text) tuple, replaced whole, so threads never pair one second's key with another's.
_last_second: tuple[tuple[int, ...], str] = ((), "")


def timestamp(moment: dt.datetime) -> str:
    """The service time format: UTC, ISO 8601 without zone, microseconds."""
    global _last_second
    if moment.tzinfo is not dt.UTC:
        moment = moment.astimezone(dt.UTC)
    # Calls stamp the same second many times: its text is made once, then only the
    # microseconds (converting and formatting the whole moment twice per replicateBackup
    # was ~18,000 instructions of each, issue 19).
    key = (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
    known, text = _last_second
    if key != known:
        text = moment.replace(microsecond=0, tzinfo=None).isoformat()
        _last_second = (key, text)
    return f"{text}.{moment.microsecond:06d}"


def full_timestamp(text: str) -> str:
    """A service timestamp with its fraction padded to six digits (`...:38` -> `...:38.000000`).

    Stored times always have six digits, so comparing the strings compares the times; a
    filter (`start_time`, `end_time`) or a fixture may leave the fraction out or shorten it.
    """
    head, _, fraction = text.partition(".")
    return f"{head}.{fraction.ljust(6, '0')}"


@dataclass(frozen=True, slots=True)
class Region:
    name: str
    replication_destinations: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Project:
    id: str
    region: str
    name: str = ""


@dataclass(frozen=True, slots=True)
class Credential:
    """A token or an access key, scoped to projects, with a permission."""

    kind: Literal["token", "aksk"]
    key: str  # the token itself, or the AK
    secret: str  # the SK for "aksk"; empty for tokens
    permission: Permission
    projects: frozenset[str]
    user: str = ""
    # An administrator may list and count across tenants (`all_tenants=true`).
    admin: bool = False


@dataclass(frozen=True, slots=True)
class Fixtures:
    """A fixtures file: the directory every service shares, and the whole validated JSON,
    from which each service's room reads its own part (CSBS `backups`, CBR `cbr`)."""

    regions: tuple[Region, ...]
    projects: tuple[Project, ...]
    credentials: tuple[Credential, ...]
    demo: dict[str, Any]
    data: dict[str, Any]


def _credential(
    kind: Literal["token", "aksk"], key: str, secret: str, c: dict[str, Any]
) -> Credential:
    return Credential(
        kind,
        key,
        secret,
        c.get("permission", "rw"),
        frozenset(c["projects"]),
        c.get("user", ""),
        bool(c.get("admin", False)),
    )


def fixtures_from_json(data: dict[str, Any]) -> Fixtures:
    """Fixtures from their JSON form (the packaged demo file, or a user's), already
    validated by the control spec's `Fixtures` schema."""
    regions = tuple(
        Region(r["name"], tuple(r.get("replication_destinations", []))) for r in data["regions"]
    )
    projects = tuple(Project(p["id"], p["region"], p.get("name", "")) for p in data["projects"])
    creds = [_credential("token", t["token"], "", t) for t in data.get("tokens", [])]
    creds += [_credential("aksk", k["ak"], k["sk"], k) for k in data.get("access_keys", [])]
    return Fixtures(regions, projects, tuple(creds), data.get("demo", {}), data)
