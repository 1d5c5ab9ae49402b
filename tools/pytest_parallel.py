"""scripts/test's pytest run on every core, beside the main job (a pytest plugin).

Loaded by the root conftest.py (`pytest_plugins`), so it is there in every run of this
repository's tests, serial or not; it changes nothing in a serial run but what the options
below ask for.

Owns:
- The scheduling of `pytest -n N --dist loadgroup` (pytest-xdist). A work unit is a test
  module, so a module's tests run in one worker, in order, with its module fixtures built
  once; tests marked `xdist_group(name)` form one unit across modules. The group `serial`
  (`SERIAL`) holds the tests that must not run beside each other: timing-sensitive ones
  (races, crash, soak, slow clients, the bench smoke), and any that share a port or a file.
  A module marked `own_unit` (independent, long tests) makes each of its tests a unit of its
  own (`xdist_group` named after the test), so its tests spread over the workers.
  Units start longest first, as far as markers tell: the serial group, then units by their
  estimated seconds (`slow(N)`: about N seconds on the project's 2-core machine; a bare
  `slow` counts SLOW_SECONDS, any other test TEST_SECONDS). xdist's own order (units by
  their number of tests, `--loadscope-reorder`, on by default) is turned off: it started a
  one-test unit such as the served contract run (80 s) last, with the other worker idle.
  Mark a long test `slow(N)` and it starts early.
- What a worker hands back to the controller (`send_to_controller`, `from_workers`,
  `print_at_end`): a worker's own terminal output is thrown away, so a table a test prints
  or a summary a conftest writes goes through here.
- `--without-main-job`: leaves out the tests that the main job (`scripts/contract` with no
  arguments, tools/contract.py, every API) runs, for a run that has the main job beside it.
  scripts/test runs both and fails if either fails, so no test is lost: the same tests run
  once, with the main job's budget (the model suite identically, derandomized; schemathesis
  with the main job's examples per operation instead of 25).
Must not import: the emulator or the suites (it is loaded before them).
"""

from __future__ import annotations

import hashlib
import shlex
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SERIAL = "serial"
OWN_UNIT = "own_unit"
SLOW_SECONDS = 10.0  # a test marked `slow` without a figure
TEST_SECONDS = 0.3  # any other test
_KEY = "csbs"  # in a worker's `config.workeroutput`
_FROM_WORKERS = pytest.StashKey[dict[str, list[Any]]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--without-main-job",
        action="store_true",
        default=False,
        help="leave out the tests the main job (scripts/contract, default profile) runs; "
        "for a run that has the main job beside it, as scripts/test does",
    )


def main_job_tests() -> list[str]:
    """The test paths and node ids `scripts/contract` (no arguments) runs."""
    from tools import contract  # deferred: only a run with --without-main-job needs it

    args = contract.parse_args([])
    return [
        arg
        for api in args.apis
        for arg in contract.pytest_args(args, "main", Path("main.json"), api)
        if (ROOT / arg.split("::", 1)[0]).exists()
    ]


def pytest_report_header(config: pytest.Config) -> list[str]:
    if not config.getoption("--without-main-job"):
        return []
    return [
        "left out, as the main job beside this run runs them: "
        + " ".join(shlex.quote(test) for test in main_job_tests())
    ]


# --- workers and the controller -----------------------------------------------------------


def is_worker(config: pytest.Config) -> bool:
    """True in a pytest-xdist worker (whose terminal output nobody sees)."""
    return hasattr(config, "workerinput")


def send_to_controller(config: pytest.Config, key: str, value: Any) -> None:
    """In a worker, hand `value` (made of dicts, lists, strings and numbers) to the
    controller, which finds it in `from_workers(config, key)` once the worker is done."""
    output: dict[str, dict[str, list[Any]]] = config.workeroutput  # type: ignore[attr-defined]
    output.setdefault(_KEY, {}).setdefault(key, []).append(value)


def from_workers(config: pytest.Config, key: str) -> list[Any]:
    """In the controller: every value the workers sent under `key` (empty in a serial run)."""
    return config.stash.get(_FROM_WORKERS, {}).get(key, [])


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    sent: dict[str, list[Any]] = getattr(node, "workeroutput", {}).get(_KEY, {})
    received = node.config.stash.setdefault(_FROM_WORKERS, {})
    for key, values in sent.items():
        received.setdefault(key, []).extend(values)


def print_at_end(config: pytest.Config, title: str, lines: list[str]) -> None:
    """Show a titled table to the person running: at once in a serial run (capture set
    aside), at the end of the run from the controller when this is a worker."""
    if is_worker(config):
        send_to_controller(config, "print_at_end", [title, lines])
        return
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    capture = config.pluginmanager.get_plugin("capturemanager")
    if reporter is None or capture is None:
        return
    with capture.global_and_fixture_disabled():
        reporter.write_line("")
        _write(reporter, title, lines)


def _write(reporter: Any, title: str, lines: list[str]) -> None:
    reporter.write_sep("=", title)
    for line in lines:
        reporter.write_line(line)


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    for title, lines in from_workers(config, "print_at_end"):
        _write(terminalreporter, title, lines)


# --- what runs where, and in which order --------------------------------------------------


@pytest.hookimpl(optionalhook=True, tryfirst=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """`--dist loadgroup`, with a module as the unit of a test that has no group."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling  # type: ignore[import-untyped]

    class ModuleOrGroupScheduling(LoadGroupScheduling):  # type: ignore[misc]
        def _split_scope(self, nodeid: str) -> str:
            scope = super()._split_scope(nodeid)
            return nodeid.split("::", 1)[0] if scope == nodeid else scope

    # The workers' collection order (longest first, `pytest_collection_modifyitems`) is the
    # order units start in.
    config.option.loadscopereorder = False
    return ModuleOrGroupScheduling(config, log)


def _runs_in(nodeid: str, tests: list[str]) -> bool:
    """Whether `nodeid` is one of `tests` (paths and node ids, as pytest takes them)."""
    return any(nodeid == test or nodeid.startswith((f"{test}::", f"{test}[")) for test in tests)


def _unit(item: pytest.Item) -> str:
    """The work unit of an item, as `ModuleOrGroupScheduling` sees it."""
    groups = sorted(
        str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
        for mark in item.iter_markers("xdist_group")
    )
    return "_".join(groups) if groups else item.nodeid.split("::", 1)[0]


def _own_unit_group(item: pytest.Item) -> str:
    """The `xdist_group` name of a test of an `own_unit` module: short (xdist adds it to the
    node id, `id@group`, which reports show), the same in every worker, one per test."""
    return "own-" + hashlib.sha1(item.nodeid.encode(), usedforsecurity=False).hexdigest()[:8]


def estimated_seconds(item: pytest.Item) -> float:
    """A test's expected duration, for the order units start in (`slow(N)` says N)."""
    slow = item.get_closest_marker("slow")
    if slow is None:
        return TEST_SECONDS
    return float(slow.args[0]) if slow.args else SLOW_SECONDS


# Before xdist's own hook in the worker, which reads `xdist_group` into the node ids.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if item.get_closest_marker(OWN_UNIT) and not item.get_closest_marker("xdist_group"):
            item.add_marker(pytest.mark.xdist_group(_own_unit_group(item)))
    if config.getoption("--without-main-job"):
        tests = main_job_tests()
        kept = [item for item in items if not _runs_in(item.nodeid, tests)]
        left_out = [item for item in items if _runs_in(item.nodeid, tests)]
        if left_out:
            config.hook.pytest_deselected(items=left_out)
            items[:] = kept
    if not is_worker(config):
        return
    # Every worker sorts the same way, so all collect the same order (xdist checks that).
    units: dict[str, list[pytest.Item]] = {}
    for item in items:
        units.setdefault(_unit(item), []).append(item)

    def longest_first(unit: str) -> tuple[bool, float]:
        return (unit != SERIAL, -sum(estimated_seconds(item) for item in units[unit]))

    items[:] = [item for unit in sorted(units, key=longest_first) for item in units[unit]]
