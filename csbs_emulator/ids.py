"""Ids the emulator makes for new records, shared by every service.
Must not import: any other emulator module.
"""

from __future__ import annotations

import os
import time
import uuid


def time_ordered_id() -> str:
    """A new id: a UUIDv7 (RFC 9562), canonical form, so still any `Uuid` of the spec.

    Replication records and replicas get ids that sort by creation time, so inserting them
    into the store's primary-key indexes touches the same last pages, not a random page
    each (replicateBackup's profile, bench/README.md).
    """
    raw = bytearray((time.time_ns() // 1_000_000).to_bytes(6, "big") + os.urandom(10))
    raw[6] = (raw[6] & 0x0F) | 0x70  # version 7
    raw[8] = (raw[8] & 0x3F) | 0x80  # RFC 9562 variant
    return str(uuid.UUID(bytes=bytes(raw)))
