"""csbs_replicate keeps to its layer, and the plugin guide shows the example modules it runs.

User-facing code stands on the generated clients and the signer only — never on the
emulator — so it works the same against the real service; the pytest plugin is the one
module that imports the emulator (and Huawei's official SDK, for its CBR fixture), because
running them is what it is for. The sans-IO flows stand on nothing at all: what each API's
generated client says reaches them through that API's adapter only.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "csbs_replicate"
EXAMPLE = ROOT / "examples" / "test_with_the_emulator.py"
CBR_EXAMPLE = "examples/test_cbr_with_the_emulator.py"
ALLOWED = {"httpx", "csbs_client", "cbr_client", "csbs_signing"}
PLUGIN_ALSO = {"pytest", "csbs_emulator", "huaweicloudsdkcbr", "huaweicloudsdkcore"}
# One flow for both APIs: only the adapters (and the calls and reads) know a client.
PURE = ("_flow.py", "errors.py")


def imported(path: Path) -> set[str]:
    """The top-level packages a module imports (absolute imports only)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_only_the_plugin_imports_the_emulator_or_pytest() -> None:
    for path in sorted(PACKAGE.glob("*.py")):
        third_party = imported(path) - set(sys.stdlib_module_names) - {"__future__"}
        allowed = ALLOWED | (PLUGIN_ALSO if path.name == "pytest_plugin.py" else set())
        assert third_party <= allowed, f"{path.name} imports {sorted(third_party - allowed)}"


def test_the_flows_know_no_client_or_transport() -> None:
    for name in PURE:
        third_party = imported(PACKAGE / name) - set(sys.stdlib_module_names) - {"__future__"}
        assert not third_party, f"{name} imports {sorted(third_party)}"


def test_the_plugin_guide_shows_the_example_modules_and_runs_them() -> None:
    guide = (ROOT / "docs" / "pytest-plugin.md").read_text("utf-8")
    example = EXAMPLE.relative_to(ROOT).as_posix()
    assert f'--8<-- "{example}"' in guide, f"docs/pytest-plugin.md does not show {example}"
    runs = re.findall(r"```bash\n(.*?)```", guide, re.DOTALL)
    assert any(example in block for block in runs), f"docs/pytest-plugin.md does not run {example}"
    # The CBR form: an excerpt of its example module (tests/test_readme.py holds it to the
    # file), run by the page's commands.
    assert f"<!-- shows: {CBR_EXAMPLE} -->\n```python\n" in guide
    assert any(CBR_EXAMPLE in block for block in runs)
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "## Replicate and wait" in readme
    assert "## CSBS or CBR?" in readme
