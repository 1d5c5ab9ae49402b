"""What every room's list calls share: the `sort` parameter, marker paging's keyset term,
and the fuzzy filters' case rule.

Both APIs document `sort` as `key[:asc|desc],...` (default direction desc) and page with a
`marker` (the last item's id), so one reading serves both: ties are broken by `id` in the
direction of the last key, which makes every order total, so marker paging never skips or
repeats an item.
Must not import: any room, the store, the HTTP layer (a bad `sort` raises `Malformed`, which
the wire answers in the serving API's own parameter code).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

from .errors import Malformed

Sort = tuple[tuple[str, bool], ...]  # ((key, descending), ...)


def parse_sort(text: str | None, keys: Sequence[str], default: Sort) -> Sort:
    """`sort` as ((key, descending), ...), completed with the `id` tie-break.

    The spec's pattern has admitted only the documented keys and directions; a key given
    twice counts at its first place.
    """
    order: list[tuple[str, bool]] = []
    for part in (text or "").split(","):
        if not part:
            continue
        key, _, direction = part.partition(":")
        if key not in keys or direction not in ("", "asc", "desc"):
            raise Malformed(f"sort: {part!r} is not key[:asc|desc]")
        if key not in (k for k, _ in order):
            order.append((key, direction != "asc"))
    result = tuple(order) or default
    if "id" not in (k for k, _ in result):
        result = (*result, ("id", result[-1][1]))
    return result


def keyset_after(sort: Sort, values: Sequence[Any]) -> tuple[str, list[Any]]:
    """The SQL term "comes after the row whose sort keys are `values`, in this order"."""
    directions = {descending for _, descending in sort}
    if len(directions) == 1:
        # One direction: a row-value comparison, which SQLite answers from the sort's index.
        op = "<" if directions.pop() else ">"
        columns = ", ".join(key for key, _ in sort)
        return f"({columns}) {op} ({', '.join('?' * len(sort))})", list(values)
    # Mixed directions: equal on every earlier key and beyond the marker on this one.
    terms, params = [], []
    for i, (key, descending) in enumerate(sort):
        equal = [f"{k} = ?" for k, _ in sort[:i]]
        terms.append("(" + " AND ".join([*equal, f"{key} {'<' if descending else '>'} ?"]) + ")")
        params.extend([*values[:i], values[i]])
    return "(" + " OR ".join(terms) + ")", params


_ASCII_LOWER: Final = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def ascii_lower(text: str) -> str:
    """Lower-case A-Z only, as SQLite's lower() does (the fuzzy filters' case rule)."""
    return text.translate(_ASCII_LOWER)
