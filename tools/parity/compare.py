"""Comparing a snapshot with a replay, call by call, and reporting it readably.

Owns: what counts as a difference and how it prints. For each call: the status, the
`error_code`, the headers that matter (as normalised), the members present and their JSON
types (array elements merged under `*`), the values the scenario marks significant, the
derived facts, and whether a poll reached its end. A difference the snapshot lists under
`accepted` (same call, same member) is shown as accepted with its reason and does not fail
the check; an accepted entry no difference matches any more is reported as stale.
Must not import: httpx, the emulator.
"""

from __future__ import annotations

import fnmatch
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from . import template
from .snapshot import Answer, Call, Snapshot


@dataclass
class Difference:
    call: str
    member: str
    recorded: str
    now: str
    accepted: str | None = None  # the reason, when the snapshot accepts this difference

    def line(self) -> str:
        text = f"{self.member}: {self.recorded} recorded, {self.now} now"
        return f"{text} (accepted: {self.accepted})" if self.accepted else text

    def as_json(self) -> dict[str, Any]:
        out = {"call": self.call, "member": self.member, "recorded": self.recorded}
        out["now"] = self.now
        if self.accepted:
            out["accepted"] = self.accepted
        return out


@dataclass
class CallVerdict:
    recorded: Call
    now: Call
    differences: list[Difference] = field(default_factory=list)

    @property
    def state(self) -> str:
        if self.recorded.answer is None:
            return "not recorded"
        if any(d.accepted is None for d in self.differences):
            return "DIFFERS"
        return "accepted" if self.differences else "same"


@dataclass
class Verdict:
    snapshot: Snapshot
    calls: list[CallVerdict]
    stale: list[dict[str, Any]] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(call.state == "DIFFERS" for call in self.calls)

    def differences(self) -> list[Difference]:
        return [d for call in self.calls for d in call.differences]

    def counts(self) -> dict[str, int]:
        counts = {"same": 0, "DIFFERS": 0, "accepted": 0, "not recorded": 0}
        for call in self.calls:
            counts[call.state] += 1
        return counts


def compare(snapshot: Snapshot, replay: list[Call]) -> Verdict:
    """The verdict of `replay` (the same steps, run now) against `snapshot`."""
    now_by_id = {call.step.id: call for call in replay}
    verdicts: list[CallVerdict] = []
    used: set[int] = set()
    for recorded in snapshot.calls:
        now = now_by_id.get(recorded.step.id) or Call(recorded.step, skipped="not replayed")
        differences = compare_call(recorded, now)
        for difference in differences:
            for index, entry in enumerate(snapshot.accepted):
                if _accepts(entry, difference):
                    difference.accepted = str(entry.get("reason", "no reason given"))
                    used.add(index)
                    break
        verdicts.append(CallVerdict(recorded, now, differences))
    stale = [entry for i, entry in enumerate(snapshot.accepted) if i not in used]
    return Verdict(snapshot, verdicts, stale)


def _accepts(entry: Mapping[str, Any], difference: Difference) -> bool:
    return entry.get("call") == difference.call and fnmatch.fnmatchcase(
        difference.member, str(entry.get("member", ""))
    )


def compare_call(recorded: Call, now: Call) -> list[Difference]:
    call = recorded.step.id
    if recorded.answer is None:
        return []
    if now.answer is None:
        return [Difference(call, "call", "answered", f"not sent ({now.skipped})")]
    r, n = recorded.answer, now.answer
    out: list[Difference] = []
    if r.status is not None and r.status != n.status:
        out.append(Difference(call, "status", str(r.status), str(n.status)))
    if r.error_code != n.error_code:
        out.append(Difference(call, "error_code", _show(r.error_code), _show(n.error_code)))
    if r.headers is not None and n.headers is not None:
        for name in sorted(set(r.headers) | set(n.headers)):
            if r.headers.get(name) != n.headers.get(name):
                out.append(
                    Difference(
                        call,
                        f"header {name}",
                        _show(r.headers.get(name)),
                        _show(n.headers.get(name)),
                    )
                )
    out.extend(_shape_differences(call, r.body, n.body))
    out.extend(_significant_differences(call, recorded.step.significant, r, n, out))
    for name in sorted(set(r.derived) | set(n.derived)):
        if r.derived.get(name, "absent") != n.derived.get(name, "absent"):
            out.append(
                Difference(
                    call, f"derived {name}", _show(r.derived.get(name)), _show(n.derived.get(name))
                )
            )
    if (
        r.polled is not None
        and n.polled is not None
        and r.polled.get("finished") != n.polled.get("finished")
    ):
        out.append(
            Difference(
                call,
                "poll finished",
                f"{_show(r.polled.get('finished'))} (saw {_show(r.polled.get('seen'))})",
                f"{_show(n.polled.get('finished'))} (saw {_show(n.polled.get('seen'))})",
            )
        )
    return out


def _show(value: Any) -> str:
    if value is None:
        return "absent"
    return json.dumps(value, ensure_ascii=False)


def type_name(value: Any) -> str:
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array" if value else "empty array"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return "null"


def shape(value: Any) -> dict[str, set[str]]:
    """Every member path (array elements merged under `*`) with the JSON types seen there."""
    found: dict[str, set[str]] = {}

    def walk(item: Any, path: str) -> None:
        found.setdefault(path or "/", set()).add(type_name(item))
        if isinstance(item, dict):
            for key in item:
                walk(item[key], f"{path}/{key}")
        elif isinstance(item, list):
            for element in item:
                walk(element, f"{path}/*")

    walk(value, "")
    return found


def _types(types: set[str] | None) -> str:
    return "absent" if not types else " or ".join(sorted(types))


def _shape_differences(call: str, recorded: Any, now: Any) -> list[Difference]:
    left, right = shape(recorded), shape(now)
    out: list[Difference] = []
    reported: list[str] = []
    for path in sorted(set(left) | set(right)):
        if any(path.startswith(done.rstrip("/") + "/") for done in reported):
            continue  # inside a member already reported (absent, or of another type)
        if left.get(path) != right.get(path):
            out.append(Difference(call, path, _types(left.get(path)), _types(right.get(path))))
            reported.append(path)
    return out


def _placeholder(name: str) -> str:
    return f"<{name}>"


def _leaves(matches: Iterable[tuple[template.Path, Any]]) -> dict[str, Any]:
    leaves: dict[str, Any] = {}

    def walk(item: Any, path: template.Path) -> None:
        if isinstance(item, dict) and item:
            for key in item:
                walk(item[key], (*path, key))
        elif isinstance(item, list) and item:
            for index, element in enumerate(item):
                walk(element, (*path, index))
        else:
            leaves[template.path_text(path)] = item

    for path, value in matches:
        walk(value, path)
    return leaves


def _significant_differences(
    call: str,
    pointers: Iterable[str],
    recorded: Answer,
    now: Answer,
    already: list[Difference],
) -> list[Difference]:
    out: list[Difference] = []
    named = {d.member for d in already}
    # A leaf inside a member whose presence or type already differs says nothing more.
    covered = [d.member for d in already if d.member.startswith("/")]
    for pointer in pointers:
        left = _leaves(template.select(recorded.body, pointer, _placeholder))
        right = _leaves(template.select(now.body, pointer, _placeholder))
        for path in sorted(set(left) | set(right)):
            missing = object()
            a, b = left.get(path, missing), right.get(path, missing)
            if a == b or path in named or _covered(path, covered):
                continue
            out.append(
                Difference(
                    call,
                    path,
                    "absent" if a is missing else _show(a) if a is not None else "null",
                    "absent" if b is missing else _show(b) if b is not None else "null",
                )
            )
            named.add(path)
    return out


def _covered(path: str, members: list[str]) -> bool:
    starred = "/".join("*" if part.isdigit() else part for part in path.split("/"))
    return any(starred == m or starred.startswith(m.rstrip("/") + "/") for m in members)


def report(verdict: Verdict, now_kind: str) -> list[str]:
    """The readable report of one snapshot's check."""
    snapshot = verdict.snapshot
    taken = snapshot.taken
    lines = [
        f"parity check: {snapshot.path or snapshot.scenario.name}",
        f"  recorded from {taken.get('target')} ({taken.get('endpoint')}, "
        f"{taken.get('region')}, {taken.get('date')}); replayed against {now_kind}",
    ]
    width = max((len(c.recorded.step.id) for c in verdict.calls), default=10)
    for call in verdict.calls:
        step = call.recorded.step
        operation = step.operation or "(no operation)"
        lines.append(f"  {call.state:<12} {step.id:<{width}}  {operation}  {step.label()}")
        if call.state == "not recorded":
            lines.append(f"  {'':<12}   {call.recorded.skipped}")
        for difference in call.differences:
            lines.append(f"  {'':<12}   {difference.line()}")
    for entry in verdict.stale:
        lines.append(
            f"  note: accepted difference no longer seen: {entry.get('call')} "
            f"{entry.get('member')} ({entry.get('reason')}); remove it from the snapshot"
        )
    counts = verdict.counts()
    lines.append(
        f"  => {len(verdict.calls)} calls: {counts['same']} same, {counts['DIFFERS']} differ, "
        f"{counts['accepted']} accepted, {counts['not recorded']} not recorded"
    )
    return lines
