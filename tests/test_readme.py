"""Docs rot test: the commands of README.md and of every guide (docs/**/*.md) run, in a fresh
clone of this repository, and the code they show is code a test runs.

THE CONVENTION (README.md and the guides of the docs site follow it; it is defined here).
Each document is read on its own, as a reader reads one page:

1. Fenced blocks tagged ```bash or ```sh are run, in the document's order, as one bash
   session per document, as a user's shell runs them (no pipefail): a `cd`, `export` or
   `source` in one command holds for the next, block to block.
2. A block that shows a file of this repository is checked, not run: PATH must exist and be
   run, by a command of the same document or by a test module (tests/, contract_tests/) that
   names it. Two ways to show one:
   - the block's whole text is one snippet line, `--8<-- "PATH"`: the docs site shows the
     whole file there (pymdownx.snippets);
   - `<!-- shows: PATH -->` on the line before the fence: the block is an excerpt, whole lines
     of PATH in their order (leading indentation may be dropped), for pages read where
     snippets are not rendered (README.md).
3. Every ```python block must show a file so: no document shows Python that nothing runs.
4. Not run, and listed by this test (in its output and in reports/readme-commands.txt):
   - blocks tagged ```console (commands shown with their output, or prompts), ```text
     (syntax, output), or any other tag but python;
   - a ```bash or ```sh block with `<!-- not-run -->` or `<!-- not-run: why -->` on the line
     before its fence (blank lines between are allowed).
   README.md with no run block at all fails: then nothing in it is tested.
5. In a run block each line is one command (a trailing `\\` continues it; `#` comments are
   fine; no heredocs). Some commands are checked instead of run:
   - `scripts/test …` — it runs this test, so running it here would recurse. Checked: it
     exists, is executable, and `.ci/run` runs it.
   - `scripts/contract …` and any other `scripts/X` that `scripts/test` itself runs
     (`scripts/lint`, `scripts/regen --check`, …) — the test command already runs them, so
     they are not run twice. Checked: they exist, are executable, and `scripts/test` runs them.
   - a server — `csbs-emulator serve …`, `scripts/serve …`, or any command ending in a single
     `&` — is started in the background and must print its ready line (`serving on http://`)
     within 60 s; it keeps running for the commands after it and is stopped at the end.
6. Port 8080 (the emulator's default) is replaced by a free port in every command, and a
   server command without `--port` gets `--port <that port>`, so this test never meets
   another emulator on the machine.
7. Every other command must exit 0; each document's session has 240 s.

The clone (one for every document) is `git clone` of HEAD with README.md and docs/ from the
working tree (the files being edited), a fresh `.venv` that sees this checkout's installed
packages (so nothing is downloaded), the clone itself installed in it as `pip install -e .`
would, and node_modules hard-linked from this checkout. What this checkout has uncommitted
is not in the clone.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
GUIDES = ROOT / "docs"
# Every document whose blocks this test reads: the README, then the guides in name order.
DOCUMENTS = ["README.md", *sorted(p.relative_to(ROOT).as_posix() for p in GUIDES.rglob("*.md"))]
SNIPPET = re.compile(r'^--8<--\s+"(?P<path>[^"]+)"$')
SHOWS = re.compile(r"^<!--\s*shows:\s*(?P<path>\S+)\s*-->$")
# Where a test that runs a shown file names it.
TEST_FOLDERS = ("tests", "contract_tests")
REPORT = ROOT / "reports" / "readme-commands.txt"
RUN_TAGS = {"bash", "sh"}
NOT_RUN = re.compile(r"^<!--\s*not-run\s*(?::\s*(?P<why>.*?))?\s*-->$")
FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>```+|~~~+)\s*(?P<tag>[\w+-]*)")
READY = "serving on http://"
DEFAULT_PORT = "8080"
SESSION_TIMEOUT_S = 240
READY_TIMEOUT_S = 60


@dataclass
class Block:
    line: int  # 1-based line of the opening fence
    tag: str
    text: str
    excluded: str | None  # why the block is not run; None when it is
    shows: str | None = None  # the file a snippet block shows


@dataclass
class Command:
    line: int
    text: str
    kind: str = "run"  # run | server | checked
    note: str = ""


@dataclass
class Plan:
    blocks: list[Block]
    commands: list[Command] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # shown code that nothing runs


def read_blocks(markdown: str) -> list[Block]:
    """Every fenced block, with why it is excluded (None: it is run)."""
    blocks: list[Block] = []
    lines = markdown.splitlines()
    i = 0
    while i < len(lines):
        match = FENCE.match(lines[i])
        if not match:
            i += 1
            continue
        fence, tag = match["fence"], match["tag"].lower()
        start = i
        body: list[str] = []
        i += 1
        while i < len(lines) and not lines[i].strip().startswith(fence):
            body.append(lines[i])
            i += 1
        i += 1  # the closing fence
        previous = next(
            (lines[j].strip() for j in range(start - 1, -1, -1) if lines[j].strip()), ""
        )
        marker = NOT_RUN.match(previous)
        snippet = SNIPPET.match("\n".join(body).strip())
        if snippet:
            blocks.append(Block(start + 1, tag, "\n".join(body), "shows a file", snippet["path"]))
            continue
        excerpt = SHOWS.match(previous)
        if excerpt:
            blocks.append(Block(start + 1, tag, "\n".join(body), "shows a file", excerpt["path"]))
            continue
        if tag not in RUN_TAGS:
            excluded: str | None = f"tagged {tag or '(none)'}"
        elif marker:
            excluded = f"<!-- not-run -->: {marker['why'] or 'no reason given'}"
        else:
            excluded = None
        blocks.append(Block(start + 1, tag, "\n".join(body), excluded))
    return blocks


def block_commands(block: Block) -> list[Command]:
    commands: list[Command] = []
    pending = ""
    first_line = block.line + 1
    for offset, raw in enumerate(block.text.splitlines()):
        line = raw.strip()
        if not pending:
            first_line = block.line + 1 + offset
            if not line or line.startswith("#"):
                continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        commands.append(Command(first_line, pending + line))
        pending = ""
    if pending:
        commands.append(Command(first_line, pending.strip()))
    return commands


def _words(command: str) -> list[str]:
    try:
        return shlex.split(command, comments=True)
    except ValueError:
        return command.split()


def _program(words: list[str]) -> str:
    """The command's program, past any `NAME=value` environment prefixes."""
    i = 0
    while i < len(words) and re.match(r"^\w+=", words[i]):
        i += 1
    return words[i].removeprefix("./") if i < len(words) else ""


def commands_of_script(script: Path) -> set[str]:
    """The `scripts/X args` lines a bash script runs (`"$ROOT/scripts/X"` written either way)."""
    found: set[str] = set()
    for raw in script.read_text("utf-8").splitlines():
        line = raw.strip().removeprefix("exec ").strip()
        match = re.match(r'^"?(?:\$ROOT/|\$\{ROOT\}/|\./)?(scripts/[\w-]+)"?(.*)$', line)
        if match and not line.startswith("#"):
            found.add(" ".join([match[1], *_words(match[2])]))
    return found


def is_server(words: list[str], text: str) -> bool:
    program = _program(words)
    if program == "scripts/serve":
        return True
    if Path(program).name == "csbs-emulator" and words[1:2] == ["serve"]:
        return True
    if Path(program).name.startswith("python") and words[1:4] == ["-m", "csbs_emulator", "serve"]:
        return True
    stripped = text.split(" #", 1)[0].rstrip()
    return stripped.endswith("&") and not stripped.endswith("&&")


def plan(markdown: str, document: str = "README.md") -> Plan:
    """Every command of every run block, each with what this test does with it, and every
    block that shows code nothing runs (rules 2 and 3)."""
    result = Plan(read_blocks(markdown))
    test_runs = {c.split()[0] for c in commands_of_script(ROOT / "scripts" / "test")}
    ci_runs = {c.split()[0] for c in commands_of_script(ROOT / ".ci" / "run")}
    for block in result.blocks:
        if block.excluded:
            continue
        for command in block_commands(block):
            words = _words(command.text)
            program = _program(words)
            if program == "scripts/test":
                command.kind = "checked"
                problems = _script_problems(program)
                if program not in ci_runs:
                    problems.append(".ci/run does not run scripts/test")
                command.note = "; ".join(problems) or "not run (recursion); .ci/run runs it"
            elif program == "scripts/contract" or program in test_runs:
                command.kind = "checked"
                problems = _script_problems(program)
                if program not in test_runs:
                    problems.append(f"scripts/test does not run {program}")
                command.note = "; ".join(problems) or "not run twice; scripts/test runs it"
            elif is_server(words, command.text):
                command.kind = "server"
            result.commands.append(command)
    run_text = "\n".join(c.text for c in result.commands)
    for block in result.blocks:
        where = f"{document}:{block.line}"
        if block.shows is not None:
            block.excluded = f"shows {block.shows}; " + _shown_file_problem(block.shows, run_text)
            if "not run" in block.excluded or "no such file" in block.excluded:
                result.problems.append(f"{where}: {block.excluded}")
            elif not SNIPPET.match(block.text.strip()) and not _is_excerpt(block.text, block.shows):
                result.problems.append(f"{where}: not an excerpt of {block.shows}")
        elif block.tag == "python":
            result.problems.append(
                f"{where}: a python block must show a file that runs "
                '(```python with one line --8<-- "examples/NAME.py", run by the page or a test)'
            )
    return result


def _is_excerpt(text: str, path: str) -> bool:
    """Whether `text` is whole lines of the file at `path`, consecutive, in their order (each
    line compared without its leading indentation)."""
    shown = [line.strip() for line in text.strip("\n").splitlines()]
    lines = [line.strip() for line in (ROOT / path).read_text("utf-8").splitlines()]
    return bool(shown) and any(
        lines[i : i + len(shown)] == shown for i in range(len(lines) - len(shown) + 1)
    )


def _shown_file_problem(path: str, run_text: str) -> str:
    """How a shown file is run (a command of the document, or a test naming it), or why not."""
    if not (ROOT / path).is_file():
        return "no such file"
    if path in run_text:
        return "run by this document"
    for folder in TEST_FOLDERS:
        for module in sorted((ROOT / folder).rglob("test_*.py")):
            if module == Path(__file__).resolve():
                continue  # this module names files in its own examples
            text = module.read_text("utf-8")
            if path in text or f'"{Path(path).name}"' in text:
                return f"run by {module.relative_to(ROOT)}"
    return "not run by this document or any test"


def _script_problems(program: str) -> list[str]:
    path = ROOT / program
    if not path.is_file():
        return [f"{program} does not exist"]
    if not os.access(path, os.X_OK):
        return [f"{program} is not executable"]
    return []


def report(result: Plan, document: str = "README.md") -> str:
    lines = [f"{document} blocks (line, tag, run or why not):"]
    for block in result.blocks:
        lines.append(f"  {block.line:4}  {block.tag or '-':8} {block.excluded or 'run'}")
    lines.append(f"{document} commands (line, how, command):")
    for command in result.commands:
        how = command.kind + (f" ({command.note})" if command.note else "")
        lines.append(f"  {command.line:4}  {how}: {command.text}")
    return "\n".join(lines) + "\n"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def with_port(command: Command, port: int) -> str:
    text = re.sub(rf"\b{DEFAULT_PORT}\b", str(port), command.text)
    if command.kind == "server":
        body = text.partition(" #")[0].rstrip()
        if body.endswith("&"):
            body = body[:-1].rstrip()
        if "--port" not in _words(body):
            body += f" --port {port}"
        text = body
    return text


def session_script(
    result: Plan, clone: Path, logs: Path, port: int, document: str = "README.md"
) -> str:
    """One bash script running the plan; each step announces itself for the failure report."""
    out = [
        # A user's shell: no `set -e/-u/-o pipefail` (each step's status is checked below).
        f"cd {shlex.quote(str(clone))}",
        "readme_pids=()",
        'readme_stop() { for p in "${readme_pids[@]}"; do kill -TERM -- "-$p" 2>/dev/null;'
        " done; wait 2>/dev/null; }",
        "trap readme_stop EXIT",
        "readme_ready() {  # log pid: wait for the ready line",
        f"  for _ in $(seq {READY_TIMEOUT_S * 10}); do",
        f'    grep -q {shlex.quote(READY)} "$1" && return 0',
        '    kill -0 "$2" 2>/dev/null || { cat "$1"; echo "README: the server exited"; return 1; }',
        "    sleep 0.1",
        "  done",
        f'  cat "$1"; echo "README: no ready line in {READY_TIMEOUT_S}s"; return 1',
        "}",
    ]
    servers = 0
    for command in result.commands:
        if command.kind == "checked":
            continue
        text = with_port(command, port)
        out.append(f"printf '\\n==> {document}:%s  %s\\n' {command.line} {shlex.quote(text)}")
        if command.kind == "server":
            servers += 1
            log = shlex.quote(str(logs / f"server-{servers}.log"))
            # Its own process group (setsid), so stopping it stops whatever it started.
            out += [
                f"setsid bash -c {shlex.quote(text)} >{log} 2>&1 &",
                'readme_pids+=("$!")',
                f'echo "$!" >>{shlex.quote(str(logs / "servers.pid"))}',
                f'readme_ready {log} "$!" || exit 1',
                f"cat {log}",
            ]
        else:
            out += [
                text,
                "readme_rc=$?",
                f'[ "$readme_rc" -eq 0 ] || {{ echo "{document}:{command.line}: exit $readme_rc";'
                " exit 1; }",
            ]
    return "\n".join(out) + "\n"


def make_clone(where: Path) -> Path:
    """A clone of HEAD, set up as `scripts/test` leaves a checkout, without downloading."""
    clone = where / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    if README.is_file():
        (clone / "README.md").write_bytes(README.read_bytes())
    if GUIDES.is_dir():
        shutil.rmtree(clone / "docs", ignore_errors=True)
        shutil.copytree(GUIDES, clone / "docs")
    venv = clone / ".venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # The clone's own code first (as an editable install), then this checkout's packages. A
    # path in a .pth is not a site dir: this checkout's own editable hook is not loaded.
    shared = sysconfig.get_paths()["purelib"]
    Path(purelib, "_csbs_readme_test.pth").write_text(
        "\n".join([str(clone), str(clone / "generated"), shared]) + "\n"
    )
    ours = Path(sys.executable).parent
    for tool in sorted(ours.iterdir()):
        if (
            tool.name.startswith(("python", "activate", "Activate"))
            or (venv / "bin" / tool.name).exists()
        ):
            continue
        head = tool.read_bytes()[:200]
        if head.startswith(b"#!") and str(ours).encode() in head.split(b"\n", 1)[0]:
            # A console script: the same, run by the clone's interpreter.
            rest = tool.read_bytes().split(b"\n", 1)[1]
            (venv / "bin" / tool.name).write_bytes(f"#!{python}\n".encode() + rest)
            (venv / "bin" / tool.name).chmod(0o755)
        else:
            (venv / "bin" / tool.name).symlink_to(tool)
    # The stamp scripts/_lib.sh writes after installing: the clone's venv counts as set up.
    stamp = hashlib.sha256(
        (clone / "requirements.lock").read_bytes() + (clone / "pyproject.toml").read_bytes()
    ).hexdigest()
    (venv / ".csbs-stamp").write_text(stamp + "\n")
    if (ROOT / "node_modules").is_dir():
        # Hard links: an `npm ci` in the clone replaces files, never this checkout's.
        subprocess.run(
            ["cp", "-al", str(ROOT / "node_modules"), str(clone / "node_modules")], check=True
        )
    return clone


def session_env() -> dict[str, str]:
    """This environment without this checkout's venv and Node tools on PATH."""
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    hidden = {str(ROOT / ".venv" / "bin"), str(ROOT / "node_modules" / ".bin")}
    env["PATH"] = os.pathsep.join(
        p for p in env.get("PATH", "").split(os.pathsep) if p and p not in hidden
    )
    return env


def _plans() -> dict[str, Plan]:
    return {name: plan((ROOT / name).read_text("utf-8"), name) for name in DOCUMENTS}


# The documents with a command to run, known when the tests are collected.
RUN_DOCUMENTS = [
    name for name, p in _plans().items() if any(c.kind != "checked" for c in p.commands)
]


@pytest.fixture(scope="module")
def plans() -> dict[str, Plan]:
    if not README.is_file():
        pytest.fail("README.md is missing", pytrace=False)
    result = _plans()
    text = "\n".join(report(p, name) for name, p in result.items())
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(text, "utf-8")
    print(text)
    return result


@pytest.fixture(scope="module")
def readme_plan(plans: dict[str, Plan]) -> Plan:
    return plans["README.md"]


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One fresh clone for every document's session."""
    return make_clone(tmp_path_factory.mktemp("docs-clone"))


def test_readme_has_commands_to_run(readme_plan: Plan) -> None:
    runnable = [b for b in readme_plan.blocks if not b.excluded]
    excluded = [f"line {b.line}: {b.excluded}" for b in readme_plan.blocks if b.excluded]
    assert runnable, (
        "README.md has no ```bash or ```sh block, so none of its commands is tested; "
        f"excluded blocks: {excluded}"
    )


def test_guides_are_read() -> None:
    assert "docs/index.md" in DOCUMENTS
    assert "docs/getting-started.md" in RUN_DOCUMENTS


def test_entry_points_the_documents_name_are_run_by_the_test_command(
    plans: dict[str, Plan],
) -> None:
    problems = [
        f"{name}:{c.line}: {c.text}: {c.note}"
        for name, p in plans.items()
        for c in p.commands
        if c.kind == "checked" and ("does not" in c.note or "is not" in c.note)
    ]
    assert problems == []


def test_the_code_documents_show_is_run(plans: dict[str, Plan]) -> None:
    assert [problem for p in plans.values() for problem in p.problems] == []


def test_the_rules_for_shown_code() -> None:
    """Rules 2 and 3, on made-up pages: what they accept and what they refuse."""
    shown = plan('```python\n--8<-- "examples/test_with_the_emulator.py"\n```\n', "docs/x.md")
    assert shown.problems == []
    assert shown.blocks[0].shows == "examples/test_with_the_emulator.py"
    assert shown.blocks[0].excluded == (
        "shows examples/test_with_the_emulator.py; run by tests/replicate/test_fresh_venv.py"
    )
    here = '```bash\ncat package.json\n```\n```json\n--8<-- "package.json"\n```\n'
    assert plan(here, "docs/x.md").problems == []
    assert plan(here, "docs/x.md").blocks[1].excluded == "shows package.json; run by this document"
    [unrun] = plan('```json\n--8<-- "package.json"\n```\n', "docs/x.md").problems
    assert unrun == "docs/x.md:1: shows package.json; not run by this document or any test"
    [missing] = plan('```python\n--8<-- "examples/no_such.py"\n```\n', "docs/x.md").problems
    assert missing == "docs/x.md:1: shows examples/no_such.py; no such file"
    excerpt = (
        '<!-- shows: package.json -->\n```json\n  "private": true,\n```\n'
        "```bash\ncat package.json\n```\n"
    )
    assert plan(excerpt, "README.md").problems == []
    [changed] = plan(excerpt.replace("true", "false"), "README.md").problems
    assert changed == "README.md:2: not an excerpt of package.json"
    for document in ("README.md", "docs/x.md"):
        [refused] = plan("```python\nprint(1)\n```\n", document).problems
        assert refused.startswith(f"{document}:1: a python block must show a file")


def test_scripts_test_is_the_ci_command() -> None:
    assert _script_problems("scripts/test") == []
    assert "scripts/test" in {c.split()[0] for c in commands_of_script(ROOT / ".ci" / "run")}


@pytest.mark.slow  # one worker runs every page's session in turn: it starts early
@pytest.mark.parametrize("document", RUN_DOCUMENTS)
def test_commands_run_in_a_fresh_clone(
    document: str, plans: dict[str, Plan], clone: Path, tmp_path: Path
) -> None:
    logs = tmp_path / "logs"
    logs.mkdir()
    script = session_script(plans[document], clone, logs, free_port(), document)
    # Its own process group, so that on a timeout every step it started can be stopped.
    session = subprocess.Popen(
        ["bash", "-c", script],
        env=session_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        output, _ = session.communicate(timeout=SESSION_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        os.killpg(session.pid, signal.SIGKILL)
        output, _ = session.communicate()
        # The servers run in their own groups (setsid); the trap that stops them did not run.
        for pid in (
            (logs / "servers.pid").read_text().split() if (logs / "servers.pid").exists() else []
        ):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(int(pid), signal.SIGTERM)
        pytest.fail(
            f"{document} session ran over {SESSION_TIMEOUT_S}s; last steps:\n" + output[-3000:],
            pytrace=False,
        )
    if session.returncode != 0:
        pytest.fail(f"a command of {document} failed:\n" + output[-6000:], pytrace=False)
