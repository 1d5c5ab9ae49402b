"""Ids the emulator makes for new records, shared by every service.
Must not import: any other emulator module.

Every replicateBackup makes five (its request id, the record's and the replica's ids, the
replica's checkpoint and task ids); `uuid.uuid4()` and a `uuid.UUID` for each cost ~2.5 us
apiece, an `os.urandom` system call and an object, ~5% of the call (bench/README.md, issue
19). The same random bytes are now read from the kernel 4 KiB at a time and written out as
text directly, the pool kept as hex digits handed out by position: the same kinds of UUID,
~0.85 us each (~1.1 us before the hex pool).
"""

from __future__ import annotations

import os
import threading
import time

_POOL_BYTES = 4096
# The pool holds the bytes already written as hex digits: an id takes a slice of text, not
# bytes it then converts (three ids per replicateBackup, ~0.5 us each, issue 19).
_pool = ""
_left = 0  # digits of `_pool` not handed out yet: its first `_left`
_lock = threading.Lock()  # emulators served on threads of one process share the pool


def _forget_pool() -> None:
    # A forked child must not hand out the bytes its parent will hand out too.
    global _pool, _left
    _pool, _left = "", 0


os.register_at_fork(after_in_child=_forget_pool)


def random_hex(digits: int) -> str:
    """`digits` hex digits (even) of bytes from the kernel's random source, read in bulk."""
    global _pool, _left
    with _lock:
        if _left < digits:
            _pool = os.urandom(_POOL_BYTES).hex()
            _left = len(_pool)
        _left -= digits
        return _pool[_left : _left + digits]


# The RFC 9562 variant: the top two bits of the 17th hex digit are 10 (8, 9, a or b).
_VARIANT = {digit: "89ab"[int(digit, 16) & 3] for digit in "0123456789abcdef"}


def _uuid(version: str, h: str) -> str:
    """The canonical text of the UUID of `version` made from 32 random hex digits `h`."""
    return f"{h[:8]}-{h[8:12]}-{version}{h[13:16]}-{_VARIANT[h[16]]}{h[17:20]}-{h[20:]}"


def random_id() -> str:
    """A new random UUID (version 4), canonical form, as `str(uuid.uuid4())`."""
    return _uuid("4", random_hex(32))


def request_id() -> str:
    """A new request id: 32 random hex digits (as `uuid.uuid4().hex`: a version-4 UUID)."""
    h = random_hex(32)
    return f"{h[:12]}4{h[13:16]}{_VARIANT[h[16]]}{h[17:]}"


def time_ordered_id() -> str:
    """A new id: a UUIDv7 (RFC 9562), canonical form, so still any `Uuid` of the spec.

    Replication records and replicas get ids that sort by creation time, so inserting them
    into the store's primary-key indexes touches the same last pages, not a random page
    each (replicateBackup's profile, bench/README.md).
    """
    return _uuid("7", f"{time.time_ns() // 1_000_000:012x}{random_hex(20)}")
