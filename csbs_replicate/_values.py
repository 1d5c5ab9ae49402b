"""Reading the members of a generated model that a tolerant reader cannot count on.

Owns: `text`, the one way this package reads a member that may be missing (`UNSET`), null
or blank, from either generated client.
Must not import: httpx, the emulator.
"""

from __future__ import annotations

from cbr_client.types import Unset as CbrUnset
from csbs_client.types import Unset as CsbsUnset


def text(value: object) -> str | None:
    """A member that may be missing (UNSET), null or blank, as text or None."""
    if value is None or isinstance(value, CsbsUnset | CbrUnset):
        return None
    shown = str(value)
    return shown or None
