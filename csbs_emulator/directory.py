"""The directory every service shares: regions, projects and credentials, read once.

Owns: the cached copy of the store's directory (it changes only when fixtures are loaded),
the checks a fixtures file's directory must pass, and loading fixtures into every service
at once (`load_fixtures`).
Must not import: the web framework, the HTTP layer, any service room.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from .model import Credential, Fixtures, Project, Region
from .store import Store


class FixtureRefused(ValueError):
    """A fixtures file whose parts do not fit together (an unknown region or project)."""


class RoomTables(Protocol):
    """What loading fixtures needs of a service's tables."""

    def wipe(self) -> None: ...

    def load(self, fixtures: Fixtures) -> None: ...


class Directory:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.reload()

    def reload(self) -> None:
        self.regions: dict[str, Region] = {r.name: r for r in self.store.regions()}
        self.projects: dict[str, Project] = {p.id: p for p in self.store.projects()}
        creds = self.store.credentials()
        self.tokens: dict[str, Credential] = {c.key: c for c in creds if c.kind == "token"}
        self.access_keys: dict[str, Credential] = {c.key: c for c in creds if c.kind == "aksk"}

    def region_of(self, project_id: str) -> str | None:
        project = self.projects.get(project_id)
        return project.region if project else None


def repeated(kind: str, keys: Iterable[str]) -> None:
    """Refuse a fixtures file that names one `kind` twice. Checked before anything is written:
    the store's keys would refuse it only after loading had wiped the old state, inside the
    turn's group of calls (`Store.transaction`)."""
    seen: set[str] = set()
    for key in keys:
        if key in seen:
            raise FixtureRefused(f"{kind} {key} is given twice")
        seen.add(key)


def check_directory(fixtures: Fixtures) -> None:
    repeated("region", (r.name for r in fixtures.regions))
    repeated("project", (p.id for p in fixtures.projects))
    # Tokens and access keys share one table, keyed by the token or the AK.
    repeated("credential", (c.key for c in fixtures.credentials))
    known_regions = {r.name for r in fixtures.regions}
    for project in fixtures.projects:
        if project.region not in known_regions:
            raise FixtureRefused(f"project {project.id} names unknown region {project.region}")


def load_fixtures(
    store: Store, directory: Directory, rooms: Sequence[RoomTables], fixtures: Fixtures
) -> None:
    """Replace all state with `fixtures`, in one transaction: every service's rows go
    first (they refer to the directory), then the directory is replaced, then each service
    loads its part. The caller has checked the fixtures (directory and each room's part)."""
    with store.transaction():
        for room in reversed(rooms):
            room.wipe()
        store.wipe_directory()
        store.load_directory(fixtures)
        for room in rooms:
            room.load(fixtures)
    directory.reload()
