"""A live `csbs-emulator serve` process for test suites: this project's and yours.

Owns: `LiveEmulator`, the one way this project's tests start the emulator as a separate
process, public so that other test suites can do the same. It runs the `csbs-emulator`
script installed in the current interpreter's environment (as users run it), or
`python -m csbs_emulator` where there is none; binds 127.0.0.1 and a free port unless told
otherwise; waits for the ready line (`csbs-emulator: serving on http://…`) and a 200 from
`/_emulator/health`; captures every line the process prints (stdout and stderr) in a
thread; and stops it with SIGTERM (SIGKILL after a timeout), or kills it with SIGKILL like a
crash. A later `start()` restarts it on the same port and database, so clients keep their URL.
Must not import: pytest (any test runner can use it), or the emulator's internals (it knows
the emulator only by its command line, its ready line and HTTP).

    with LiveEmulator(["--strict"], db=tmp_path / "emulator.db") as emulator:
        httpx.get(f"{emulator.base_url}/_emulator/demo")
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import sysconfig
import threading
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import TracebackType
from typing import IO, NoReturn, Self

import httpx

__all__ = ["READY_PREFIX", "EmulatorError", "LiveEmulator", "emulator_command", "installed_script"]

READY_PREFIX = "csbs-emulator: serving on "


class EmulatorError(RuntimeError):
    """The emulator did not start, or did not stop when asked; `output` is what it printed."""

    def __init__(self, message: str, output: Iterable[str] = ()) -> None:
        self.output = list(output)
        text = "\n".join(self.output)
        super().__init__(f"{message}\n--- its output ---\n{text}" if text else message)


def installed_script() -> Path | None:
    """The `csbs-emulator` script of the current interpreter's environment, if installed."""
    folder = Path(sysconfig.get_path("scripts"))
    for name in ("csbs-emulator", "csbs-emulator.exe"):
        if (folder / name).is_file():
            return folder / name
    return None


def emulator_command() -> list[str]:
    """How to run `csbs-emulator`: the installed script, else `python -m csbs_emulator`."""
    script = installed_script()
    return [str(script)] if script else [sys.executable, "-m", "csbs_emulator"]


class LiveEmulator:
    """One `csbs-emulator serve` process; a context manager that starts and stops it.

    args: more `serve` options, e.g. `["--strict", "--lifecycle", "manual", "--quiet"]`.
    db: the SQLite file (`:memory:`, the default, keeps nothing and starts fresh every time).
    host, port: where it listens; port 0 takes a free port on the first start, and every
        later start reuses the port the process before it had.
    cwd, env: its working folder (a relative db is there) and variables set on top of this
        process's environment.
    start_timeout, stop_timeout: seconds until a start fails, and until `stop()` kills.
    log: a file that also receives every line of output, each start headed by its command.

    After `start()`: `base_url` (e.g. `http://127.0.0.1:41234`), `port`, `process` (the
    `subprocess.Popen`), `running`, `starts` (processes started so far). `output` holds every
    line printed by every start, read by a thread so the process never blocks on a full pipe.
    The process runs in its own session: a Ctrl-C in the terminal reaches only the test
    runner, which then stops it.
    """

    def __init__(
        self,
        args: Iterable[str] = (),
        *,
        db: str | os.PathLike[str] = ":memory:",
        host: str = "127.0.0.1",
        port: int = 0,
        cwd: str | os.PathLike[str] | None = None,
        env: Mapping[str, str] | None = None,
        start_timeout: float = 30.0,
        stop_timeout: float = 10.0,
        log: Path | None = None,
    ) -> None:
        self.args = list(args)
        self.db = db
        self.host = host
        self.port = port
        self.cwd = cwd
        self.env = dict(env) if env is not None else None
        self.start_timeout = start_timeout
        self.stop_timeout = stop_timeout
        self.log = log
        self.process: subprocess.Popen[str] | None = None
        self.output: list[str] = []
        self.starts = 0
        self._base_url: str | None = None
        self._reader: threading.Thread | None = None

    # -- the process ---------------------------------------------------------------------

    def command(self) -> list[str]:
        """The command line the next `start()` runs."""
        return [
            *emulator_command(), "serve",
            "--host", self.host, "--port", str(self.port), "--db", os.fspath(self.db),
            *self.args,
        ]  # fmt: skip

    def start(self) -> Self:
        """Start the process; return once it printed its ready line and answers health.

        Raises `EmulatorError`, with everything the process printed, when it exits first or
        is not ready within `start_timeout` (it is then killed).
        """
        if self.running:
            raise EmulatorError(f"already running at {self._base_url}")
        command = self.command()
        log: IO[str] | None = None
        if self.log is not None:
            log = self.log.open("a", encoding="utf-8")
            log.write(f"--- start {self.starts + 1}: {' '.join(command)}\n")
            log.flush()
        env = {**os.environ, **self.env} if self.env is not None else None
        try:
            process = subprocess.Popen(
                command,
                cwd=self.cwd,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                encoding="utf-8",
                errors="replace",
                start_new_session=True,
            )
        except BaseException:
            if log is not None:
                log.close()
            raise
        self.process = process
        self.starts += 1
        first = len(self.output)
        ready = threading.Event()
        found: list[str] = []
        self._reader = threading.Thread(
            target=self._read, args=(process, log, ready, found), daemon=True
        )
        self._reader.start()

        deadline = time.monotonic() + self.start_timeout
        while not ready.wait(0.05):
            if process.poll() is not None or time.monotonic() > deadline:
                self._fail_start(command, "its ready line", first)
        url = found[0]
        while not self._healthy(url):
            if process.poll() is not None or time.monotonic() > deadline:
                self._fail_start(command, f"a 200 from {url}/_emulator/health", first)
            time.sleep(0.05)
        self._base_url = url
        self.port = int(url.rsplit(":", 1)[1])  # a restart keeps the address clients know
        return self

    def _read(
        self,
        process: subprocess.Popen[str],
        log: IO[str] | None,
        ready: threading.Event,
        found: list[str],
    ) -> None:
        assert process.stdout is not None
        try:
            for raw in process.stdout:
                line = raw.rstrip("\n")
                self.output.append(line)
                if log is not None:
                    log.write(raw if raw.endswith("\n") else raw + "\n")
                    log.flush()
                if not found and line.startswith(READY_PREFIX):
                    found.append(line[len(READY_PREFIX) :].split()[0])
                    ready.set()
        finally:
            process.stdout.close()
            if log is not None:
                log.close()

    @staticmethod
    def _healthy(url: str) -> bool:
        try:
            response = httpx.get(f"{url}/_emulator/health", timeout=2.0, trust_env=False)
        except httpx.HTTPError:
            return False
        return response.status_code == 200

    def _fail_start(self, command: list[str], awaited: str, first: int) -> NoReturn:
        assert self.process is not None
        exited = self.process.poll()
        self.kill()
        why = (
            f"exited with code {exited} before {awaited}"
            if exited is not None
            else f"gave no sign of {awaited} in {self.start_timeout:g} s (killed)"
        )
        raise EmulatorError(
            f"csbs-emulator did not start: {' '.join(command)} {why}", self.output[first:]
        )

    def stop(self, *, graceful: bool = False) -> int:
        """SIGTERM, then wait `stop_timeout` seconds for the graceful shutdown; its exit code.

        A process still running then is killed (SIGKILL); with `graceful=True` that is an
        `EmulatorError` instead (raised once the process is dead).
        """
        if self.process is None:
            raise EmulatorError("never started")
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=self.stop_timeout)
            except subprocess.TimeoutExpired:
                self.kill()
                if graceful:
                    raise EmulatorError(
                        f"the emulator ignored SIGTERM for {self.stop_timeout:.0f} s", self.output
                    ) from None
        self._join_reader()
        return int(self.process.returncode)

    def kill(self) -> None:
        """SIGKILL: no shutdown code runs, exactly like a crash. Nothing if not started."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=10)
        self._join_reader()

    def _join_reader(self) -> None:
        if self._reader is not None:
            self._reader.join(timeout=5)
            self._reader = None

    # -- what a test reads -------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """`http://HOST:PORT` of the last successful start (kept after it stops)."""
        if self._base_url is None:
            raise EmulatorError("not started")
        return self._base_url

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = "running" if self.running else "not running"
        return f"<LiveEmulator {self._base_url or self.host} {state}>"
