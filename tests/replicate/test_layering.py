"""csbs_replicate keeps to its layer, and the README shows the example module it runs.

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


def test_the_readme_shows_the_example_module_and_runs_it() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    heading = "## Test your code with the emulator"
    assert heading in readme, (
        "README.md has no 'Test your code with the emulator' section (issue 14)"
    )
    section = readme.split(heading, 1)[1].split("\n## ", 1)[0]
    shown = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert shown is not None, "the section shows no ```python block"
    assert shown.group(1) == EXAMPLE.read_text("utf-8"), (
        f"the README's example differs from {EXAMPLE.relative_to(ROOT)}: copy the file into it"
    )
    runs = re.findall(r"```bash\n(.*?)```", section, re.DOTALL)
    assert any(str(EXAMPLE.relative_to(ROOT)) in block for block in runs)
    # The CBR form: an excerpt of its example module (tests/test_readme.py holds it to the
    # file), run by the section's commands.
    assert f"<!-- shows: {CBR_EXAMPLE} -->\n```python\n" in section
    assert any(CBR_EXAMPLE in block for block in runs)
    assert "## Replicate and wait" in readme
    assert "## CSBS or CBR?" in readme
