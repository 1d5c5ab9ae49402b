"""Starting, probing and stopping the servers the bench compares.

Owns: the three kinds of server (the emulator, the Prism mock of the same spec, the bare
Starlette ceiling), each started as its own process group on the server CPU, bound to
127.0.0.1 on a free port, logging to a file; readiness probes; stopping by process group id.
Must not import: the emulator package (the emulator is run as users run it, via its CLI).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi" / "csbs-v1.yaml"
PRISM = ROOT / "node_modules" / ".bin" / "prism"
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def pinned(cpu: str | None, argv: list[str]) -> list[str]:
    """`argv` pinned to `cpu` with taskset, when there is a CPU list and taskset."""
    if cpu is None or shutil.which("taskset") is None:
        return argv
    return ["taskset", "-c", cpu, *argv]


@dataclass
class Server:
    name: str
    proc: subprocess.Popen[bytes]
    port: int
    log: Path
    started_at: float

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"

    def stop(self, timeout: float = 15.0) -> None:
        """SIGTERM to the server's own process group (it was started as its leader); SIGKILL
        if it has not ended `timeout` seconds later."""
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=15)

    def wait_ready(self, path: str, headers: dict[str, str], timeout: float = 60.0) -> float:
        """Poll `path` until it answers 2xx; the seconds since the process was started."""
        deadline = time.monotonic() + timeout
        with httpx.Client(timeout=5.0) as client:
            while time.monotonic() < deadline:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"{self.name} exited early:\n{self.log_tail()}")
                try:
                    if client.get(self.base + path, headers=headers).is_success:
                        return time.monotonic() - self.started_at
                except httpx.TransportError:
                    pass
                time.sleep(0.01)
        raise RuntimeError(f"{self.name} not ready after {timeout:.0f}s:\n{self.log_tail()}")

    def log_tail(self, chars: int = 3000) -> str:
        """The end of the server's output (its log may live in a folder about to go)."""
        try:
            return self.log.read_text(errors="replace")[-chars:]
        except OSError as exc:
            return f"(no log: {exc})"


def spawn(name: str, argv: list[str], port: int, log_dir: Path) -> Server:
    log = log_dir / f"{name}.log"
    handle = log.open("wb")
    started = time.monotonic()
    proc = subprocess.Popen(
        argv,
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        stdout=handle,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    handle.close()
    return Server(name, proc, port, log, started)


def start_emulator(name: str, db: Path, log_dir: Path, cpu: str | None) -> Server:
    port = free_port()
    argv = [sys.executable, "-m", "csbs_emulator", "serve", "--host", HOST, "--port", str(port)]
    argv += ["--db", str(db), "--no-access-log", "--quiet"]
    return spawn(name, pinned(cpu, argv), port, log_dir)


def start_prism(log_dir: Path, cpu: str | None) -> Server:
    port = free_port()
    argv = [str(PRISM), "mock", str(SPEC), "-h", HOST, "-p", str(port), "--errors=false"]
    argv += ["--verboseLevel", "error"]  # a log line per request would be most of its work
    return spawn("prism", pinned(cpu, argv), port, log_dir)


def start_ceiling(
    bodies: Path, log_dir: Path, cpu: str | None, sqlite: Path | None = None
) -> Server:
    """The bare Starlette ceiling; with `sqlite`, one committed insert per replicate."""
    port = free_port()
    argv = [sys.executable, "-m", "bench.ceiling", "--host", HOST, "--port", str(port)]
    argv += ["--bodies", str(bodies)]
    if sqlite is not None:
        argv += ["--sqlite", str(sqlite)]
    name = "ceiling" if sqlite is None else "sqlite_insert"
    return spawn(name, pinned(cpu, argv), port, log_dir)
