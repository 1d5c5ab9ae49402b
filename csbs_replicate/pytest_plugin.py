"""The `csbs` pytest plugin: the emulator (CSBS v1 and CBR v3) in your test suite, no set-up.

Installed with the distribution (entry point `pytest11: csbs`), so its fixtures exist in
every test suite of an environment where this package is installed:

  csbs_emulator      a served emulator (`csbs-emulator serve` on 127.0.0.1 and a free port,
                     one per session and lifecycle), reset to the demo dataset for each test
                     (an `EmulatorHandle`)
  csbs_demo          the demo dataset (a `Demo`: token, AK/SK, projects, backup ids)
  csbs_token_client  a generated client with the demo token
  csbs_aksk_client   a generated client signing with the demo AK/SK (for the demo project)
  csbs_control       the control plane (a `Control`): faults, lost answers, failed copies,
                     replication records, the clock
  csbs_environ       the environment variables (endpoint, AK/SK, project) set for the test,
                     for code that reads them, such as the `csbs` command
  csbs_inprocess     an emulator in this process, fresh for each test, reached through an
                     httpx transport (no socket, no port): the same `EmulatorHandle`

and, for CBR v3 (the same emulator, the same demo credentials and control plane):

  cbr_demo           the demo dataset's CBR part (a `CbrDemo`: vaults, backups)
  cbr_token_client   a generated `cbr_client` client with the demo token
  cbr_aksk_client    a generated `cbr_client` client signing with the demo AK/SK
  cbr_sdk_client     Huawei's official `CbrClient` (`huaweicloudsdkcbr`, installed apart:
                     `pip install huaweicloudsdkcbr`), the demo AK/SK, the endpoint the
                     emulator's
  cbr_environ        `csbs_environ` with `CSBS_API=cbr`, for code that reads it

and the marker `csbs_lifecycle(mode, delay=5.0)`: how the test's emulator completes copies
(`instant`, the default; `delay`, after `delay` seconds of its clock; `manual`, when the
control plane says). Nothing happens unless a test asks for a fixture; the emulator is
imported only then.
Owns: the fixtures. The only module of csbs_replicate that imports the emulator (and the
official SDK): this one exists to run them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pytest

from csbs_signing import ENV_SECURITY_TOKEN

from .connection import ENV_API, ENV_TOKEN
from .testing import CbrDemo, Control, Demo, EmulatorHandle

if TYPE_CHECKING:
    import cbr_client
    from csbs_client import AuthenticatedClient, Client
    from csbs_emulator.testing import LiveEmulator

LIFECYCLES = ("instant", "delay", "manual")
MARKER = "csbs_lifecycle"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        "csbs_emulator_args",
        "more `csbs-emulator serve` options for the csbs plugin's served emulators",
        type="args",
        default=[],
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(mode, delay=5.0): run the test against an emulator whose copies (CSBS and "
        "CBR) complete instant (default), after `delay` seconds of its clock, or manual "
        "(csbs plugin)",
    )


@dataclass(frozen=True, slots=True)
class Lifecycle:
    mode: str = "instant"
    delay: float = 5.0

    @classmethod
    def of(cls, node: pytest.Item) -> Lifecycle:
        marker = node.get_closest_marker(MARKER)
        if marker is None:
            return cls()
        mode = marker.args[0] if marker.args else marker.kwargs.get("mode", "instant")
        if mode not in LIFECYCLES:
            raise pytest.UsageError(f"{MARKER}: mode must be one of {LIFECYCLES}, not {mode!r}")
        return cls(str(mode), float(marker.kwargs.get("delay", 5.0)))

    def args(self) -> list[str]:
        return ["--lifecycle", self.mode, "--delay", str(self.delay)]


@dataclass
class Servers:
    """The session's served emulators, one per lifecycle, started when first needed."""

    extra: list[str]
    live: dict[Lifecycle, LiveEmulator] = field(default_factory=dict)

    def get(self, lifecycle: Lifecycle) -> LiveEmulator:
        emulator = self.live.get(lifecycle)
        if emulator is None:
            from csbs_emulator.testing import LiveEmulator

            args = ["--strict", "--quiet", "--no-access-log", *lifecycle.args(), *self.extra]
            emulator = LiveEmulator(args, db=":memory:").start()
            self.live[lifecycle] = emulator
        return emulator

    def stop(self) -> None:
        for emulator in self.live.values():
            emulator.stop()
        self.live.clear()


@pytest.fixture(scope="session")
def csbs_servers(pytestconfig: pytest.Config) -> Iterator[Servers]:
    """The session's served emulators (started lazily, stopped at the end)."""
    extra = [str(arg) for arg in pytestconfig.getini("csbs_emulator_args")]
    servers = Servers(extra)
    yield servers
    servers.stop()


@pytest.fixture
def csbs_emulator(
    request: pytest.FixtureRequest, csbs_servers: Servers
) -> Iterator[EmulatorHandle]:
    """A served emulator, reset for this test: demo dataset, no faults, the real clock."""
    live = csbs_servers.get(Lifecycle.of(request.node))
    handle = EmulatorHandle(live.base_url)
    handle.reset()
    yield handle
    handle.close()


@pytest.fixture
def csbs_demo(csbs_emulator: EmulatorHandle) -> Demo:
    """The demo dataset of this test's emulator."""
    return csbs_emulator.demo


@pytest.fixture
def csbs_control(csbs_emulator: EmulatorHandle) -> Control:
    """The control plane of this test's emulator."""
    return csbs_emulator.control


@pytest.fixture
def csbs_token_client(csbs_emulator: EmulatorHandle) -> AuthenticatedClient:
    """A client of this test's emulator with the demo token (it covers both demo projects)."""
    return csbs_emulator.token_client()


@pytest.fixture
def csbs_aksk_client(csbs_emulator: EmulatorHandle) -> Client:
    """A client of this test's emulator signing with the demo AK/SK for the demo project."""
    return csbs_emulator.aksk_client()


@pytest.fixture
def csbs_environ(csbs_emulator: EmulatorHandle, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """CSBS_ENDPOINT, HUAWEICLOUD_SDK_AK/_SK/_PROJECT_ID set to this test's emulator (and
    CSBS_TOKEN, HUAWEICLOUD_SDK_SECURITY_TOKEN removed) for the test; what was set."""
    env = csbs_emulator.environ("aksk")
    monkeypatch.delenv(ENV_TOKEN, raising=False)
    monkeypatch.delenv(ENV_SECURITY_TOKEN, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return env


@pytest.fixture
def cbr_demo(csbs_demo: Demo) -> CbrDemo:
    """The CBR part of this test's demo dataset: its vaults and backups."""
    return csbs_demo.cbr_demo


@pytest.fixture
def cbr_token_client(csbs_emulator: EmulatorHandle) -> cbr_client.AuthenticatedClient:
    """A CBR client of this test's emulator with the demo token (it covers both projects)."""
    return csbs_emulator.cbr_token_client()


@pytest.fixture
def cbr_aksk_client(csbs_emulator: EmulatorHandle) -> cbr_client.Client:
    """A CBR client of this test's emulator signing with the demo AK/SK for the demo project."""
    return csbs_emulator.cbr_aksk_client()


@pytest.fixture
def cbr_sdk_client(csbs_emulator: EmulatorHandle) -> Any:
    """Huawei's official `CbrClient`, unmodified: `BasicCredentials` with the demo AK/SK for
    the demo project, `with_endpoints` this test's emulator (a `CbrClient`; typed Any, as
    the SDK ships no type information)."""
    try:
        from huaweicloudsdkcbr.v1 import CbrClient
        from huaweicloudsdkcore.auth.credentials import BasicCredentials
    except ImportError:
        pytest.fail(
            "the cbr_sdk_client fixture needs Huawei's official SDK: pip install huaweicloudsdkcbr",
            pytrace=False,
        )
    demo = csbs_emulator.demo
    credentials = BasicCredentials(demo.ak, demo.sk, demo.project_id)
    builder = CbrClient.new_builder().with_credentials(credentials)
    return builder.with_endpoints([csbs_emulator.base_url]).build()


@pytest.fixture
def cbr_environ(csbs_environ: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """`csbs_environ` and CSBS_API=cbr: the `csbs` command and `Connection.from_env` speak
    CBR to this test's emulator."""
    monkeypatch.setenv(ENV_API, "cbr")
    return {**csbs_environ, ENV_API: "cbr"}


@pytest.fixture
def csbs_inprocess(request: pytest.FixtureRequest) -> Iterator[EmulatorHandle]:
    """A fresh emulator in this process, reached without a socket (an httpx transport)."""
    from csbs_emulator import EmulatorConfig, create_app

    from .asgi import ASGIBridge

    lifecycle = Lifecycle.of(request.node)
    config: Any = {"lifecycle": lifecycle.mode, "delay_seconds": lifecycle.delay}
    app = create_app(EmulatorConfig(strict_responses=True, access_log=False, **config))
    bridge = ASGIBridge(app)
    try:
        handle = EmulatorHandle("http://csbs-emulator.local", transport=bridge)
        yield handle
        handle.close()
    finally:
        bridge.shutdown()
        app.close()
