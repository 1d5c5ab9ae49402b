"""Build the docs site: a folder that opens from disk (file://) or any static host.

Owns: the recipe `scripts/docs [--out DIR]` runs, and the pages generated at every build.
MkDocs with the Material theme (`mkdocs.yml`) renders the guides of `docs/`; the hook
`tools/mkdocs_hooks.py` adds what is generated from the repository, so it cannot drift:

* `api/`: the interactive API reference of each spec — the emulator's own Swagger UI page
  (`csbs_emulator.docs.render_page`) with the spec embedded (a page opened from file:// cannot
  fetch a JSON file), Swagger UI's files from the pinned `swagger-ui-bundle` package, and each
  spec in YAML and JSON. "Try it out" is off: the specs' servers are the real cloud.
* `reference/<api>.md`: each spec's operations, linked into its Swagger UI page.
* `reference/error-codes.md`: every error code of each API, from the spec's
  `x-csbs-error-codes` / `x-cbr-error-codes` (who answers it, under which status) and the
  emulator's catalogue (what it means; documented by Huawei or chosen here, and why). A code
  the two disagree on fails the build.
* `changelog.md`: CHANGELOG.md.
* `assets/vendor/iframe-worker-shim.js`: what lets search run from disk (see mkdocs.yml).

After MkDocs, every page of the site is read back: every `src`, stylesheet and script is a
file of the site (nothing is loaded from anywhere else), and every link to a page of the site
names a file that exists and, with a fragment, an element of that page. The folder is built
beside the target and swapped in whole, so a failed build never leaves half a site; a target
that exists and is not a site this tool built is refused, not wiped.
"""

from __future__ import annotations

import argparse
import json
import logging
import shutil
import sys
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml

from csbs_emulator.cbr.errors import CATALOGUE as CBR_CATALOGUE
from csbs_emulator.csbs.errors import CATALOGUE as CSBS_CATALOGUE
from csbs_emulator.docs import (
    OWN_ASSETS,
    SWAGGER_UI_ASSETS,
    read_asset,
    render_page,
    swagger_ui_version,
)
from csbs_emulator.errors import (
    CONTROL_CONFLICT,
    CONTROL_NOT_FOUND,
    METHOD_NOT_ALLOWED,
    Catalogue,
)

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "openapi"
CONFIG = ROOT / "mkdocs.yml"
MARKER = ".csbs-docs-site"  # says "this folder is ours to replace"
# Search from disk: the iframe-worker shim of the pinned npm package (mkdocs.yml, polyfills).
SHIM = ROOT / "node_modules" / "iframe-worker" / "shim" / "index.js"
SHIM_IN_SITE = "assets/vendor/iframe-worker-shim.js"
METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


@dataclass(frozen=True)
class Api:
    """One spec of the site: its file, its Swagger UI page and, for a service, its codes."""

    key: str  # its Swagger UI page is api/KEY.html
    page: str  # its reference page, reference/PAGE.md
    source: str  # under openapi/
    label: str
    note: str  # above its Swagger UI page (HTML)
    error_codes: str | None = None  # the spec's extension listing each operation's codes
    catalogue: Catalogue | None = None
    catalogue_file: str = ""


APIS = (
    Api(
        "csbs-v1",
        "csbs-v1",
        "csbs-v1.yaml",
        "CSBS v1 API",
        "CSBS v1: replicate a backup to another region, and the reads that follow it. "
        "&ldquo;Try it out&rdquo; is off here; <code>csbs-emulator serve</code> serves this "
        "page at <code>/docs</code> with it on, against the emulator.",
        "x-csbs-error-codes",
        CSBS_CATALOGUE,
        "csbs_emulator/csbs/errors.py",
    ),
    Api(
        "cbr-v3",
        "cbr-v3",
        "cbr-v3.yaml",
        "CBR v3 API",
        "CBR v3, CSBS's successor: copy a backup to a vault of another region, and the reads "
        "that follow it. &ldquo;Try it out&rdquo; is off here; the emulator serves this page at "
        "<code>/docs/cbr</code> with it on.",
        "x-cbr-error-codes",
        CBR_CATALOGUE,
        "csbs_emulator/cbr/errors.py",
    ),
    Api(
        "control",
        "control-plane",
        "emulator-control.yaml",
        "Control plane API",
        "The emulator's own administration API under <code>/_emulator/</code> (no "
        "credentials): the emulator serves this page at <code>/docs/control</code>.",
    ),
)


class DocsError(Exception):
    """The site cannot be built as it stands (the message says what to fix)."""


def say(message: str) -> None:
    print(f"docs: {message}", flush=True)


def load_spec(api: Api) -> dict[str, Any]:
    spec: dict[str, Any] = yaml.safe_load((SPECS / api.source).read_text("utf-8"))
    return spec


def operations(spec: Mapping[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(method, path, operation) of every operation, in the spec's order."""
    return [
        (method, path, operation)
        for path, item in spec.get("paths", {}).items()
        for method, operation in item.items()
        if method in METHODS and isinstance(operation, dict)
    ]


# -- api/: Swagger UI pages ------------------------------------------------------------------


def swagger_files() -> dict[str, bytes]:
    """api/: each spec's Swagger UI page, its YAML and JSON, and the pages' assets."""
    links = [("Guides", "../index.html")]
    links += [(api.label.removesuffix(" API"), f"{api.key}.html") for api in APIS]
    links += [(api.source, api.source) for api in APIS]
    files = {f"api/assets/{name}": read_asset(name) for name in [*SWAGGER_UI_ASSETS, *OWN_ASSETS]}
    for api in APIS:
        text = (SPECS / api.source).read_text("utf-8")
        spec = load_spec(api)
        files[f"api/{api.source}"] = text.encode("utf-8")
        json_name = api.source.removesuffix(".yaml") + ".json"
        files[f"api/{json_name}"] = json.dumps(spec, ensure_ascii=False, indent=2).encode()
        files[f"api/{api.key}.html"] = render_page(
            title=str(spec["info"]["title"]),
            assets="assets/",
            links=links,
            current=f"{api.key}.html",
            note=api.note,
            config={"spec": spec, "tryItOut": False},
        )
    return files


# -- reference/: operations and error codes --------------------------------------------------


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ").strip()


def operation_anchor(operation: Mapping[str, Any]) -> str:
    """Swagger UI's deep link of an operation (`#/{tag}/{operationId}`)."""
    tag = (operation.get("tags") or ["default"])[0]
    return f"#/{tag}/{operation['operationId']}".replace(" ", "%20")


def reference_page(api: Api) -> str:
    spec = load_spec(api)
    info = spec["info"]
    json_name = api.source.removesuffix(".yaml") + ".json"
    lines = [
        f"# {api.label}",
        "",
        f"*{_cell(info['title'])}*, version {info['version']}: `openapi/{api.source}`. "
        "Generated from the spec at every build.",
        "",
        f"**[Open the interactive reference](../api/{api.key}.html)** (Swagger UI, every "
        f"parameter, schema and example) · [{api.source}](../api/{api.source}) · "
        f"[{json_name}](../api/{json_name})",
        "",
        "| operation | method and path | what it does |",
        "|---|---|---|",
    ]
    for method, path, operation in operations(spec):
        link = f"../api/{api.key}.html{operation_anchor(operation)}"
        lines.append(
            f"| [`{operation['operationId']}`]({link}) | `{method.upper()} {path}` "
            f"| {_cell(operation.get('summary', ''))} |"
        )
    if api.error_codes:
        lines += [
            "",
            f"The error codes each operation answers: [error codes](error-codes.md#{api.page}).",
        ]
    return "\n".join(lines) + "\n"


def error_codes_page() -> str:
    lines = [
        "# Error codes",
        "",
        "Every `error_code` each API's operations answer, generated at every build from two "
        "sources that a test of the emulator holds equal, so this page cannot drift from "
        "either: the spec's `x-…-error-codes` (which operation answers which code, under "
        "which status) and the emulator's catalogue (what the code means, and whether "
        "Huawei documents it or this project chose it where no public source gives one). "
        'The body of an error is `{"error_code", "error_msg"}`; the gateway\'s `APIGW.*` '
        "errors add `request_id`.",
    ]
    for api in APIS:
        if api.catalogue is None or api.error_codes is None:
            continue
        lines += ["", *_api_error_codes(api)]
    status = METHOD_NOT_ALLOWED[1]
    lines += [
        "",
        "## Both APIs, and the control plane",
        "",
        f"- A known path called with a method it does not have answers {status} "
        f"`{METHOD_NOT_ALLOWED[0]}` with an `Allow` header (no public spec lists a {status}; "
        "chosen here).",
        f"- The emulator's control plane (`/_emulator/`) answers `{CONTROL_NOT_FOUND}` (404: "
        f"no such record or dataset) and `{CONTROL_CONFLICT}` (409: the record has ended "
        "already); see its [API reference](control-plane.md).",
    ]
    return "\n".join(lines) + "\n"


def _api_error_codes(api: Api) -> list[str]:
    assert api.catalogue is not None
    assert api.error_codes is not None
    spec = load_spec(api)
    answered: dict[str, list[str]] = {}
    for _method, _path, operation in operations(spec):
        for status, codes in operation.get(api.error_codes, {}).items():
            for code in codes:
                entry = api.catalogue.entries.get(code)
                where = f"openapi/{api.source}: {operation['operationId']} {status} {code}"
                if entry is None:
                    raise DocsError(f"{where}: not in {api.catalogue_file}")
                if entry.status != int(status):
                    raise DocsError(f"{where}: {api.catalogue_file} gives {entry.status}")
                answered.setdefault(code, []).append(operation["operationId"])
    lines = [
        f"## {api.label.removesuffix(' API')} {{#{api.page}}}",
        "",
        f"From `openapi/{api.source}` (`{api.error_codes}`) and `{api.catalogue_file}`. "
        f"*Chosen* marks a code this project picked where Huawei publishes none; the spec "
        "says why in its `x-…-choice` notes, and the [fidelity guide](../fidelity.md) lists "
        "each choice.",
        "",
        "| code | HTTP | meaning | source | answered by |",
        "|---|---|---|---|---|",
    ]
    entries = sorted(api.catalogue.entries.items(), key=lambda item: (item[1].status, item[0]))
    for code, entry in entries:
        source = "documented" if entry.documented else "*chosen*"
        if entry.why:
            source += f": {entry.why}"
        users = ", ".join(f"`{name}`" for name in answered.get(code, [])) or "—"
        lines.append(
            f"| `{code}` | {entry.status} | {_cell(entry.summary)} | {_cell(source)} | {users} |"
        )
    return lines


def generated_files() -> dict[str, bytes]:
    """Every file the hook adds to the site, by its path in the site's sources."""
    if not SHIM.is_file():
        missing = SHIM.relative_to(ROOT)
        raise DocsError(f"{missing} is missing: `npm ci` installs it (scripts/docs does)")
    files = swagger_files()
    files[SHIM_IN_SITE] = SHIM.read_bytes()
    pages = {f"reference/{api.page}.md": reference_page(api) for api in APIS}
    pages["reference/error-codes.md"] = error_codes_page()
    pages["changelog.md"] = (ROOT / "CHANGELOG.md").read_text("utf-8")
    for name, text in pages.items():
        files[name] = text.encode("utf-8")
    return files


# -- checking the built site ------------------------------------------------------------------


@dataclass
class _Refs(HTMLParser):
    """The ids of one page, and what it loads (`assets`) and links to (`links`)."""

    ids: set[str] = field(default_factory=set)
    assets: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.ids.add(values["name"])
        if "src" in values:
            self.assets.append(values["src"])
        if tag == "link" and "href" in values:
            self.assets.append(values["href"])
        elif tag == "a" and "href" in values:
            self.links.append(values["href"])


@dataclass
class SiteCheck:
    pages: int = 0
    assets: int = 0
    internal_links: int = 0
    external_links: set[str] = field(default_factory=set)


def _is_remote(ref: str) -> bool:
    return bool(urlsplit(ref).scheme) or ref.startswith("//")


def check_site(out: Path) -> SiteCheck:
    """Every asset of every page is a file of the site, every internal link names a file and,
    with a fragment, an element of that page (Swagger UI's `#/…` routes excepted: its script
    makes those); raises DocsError listing every fault."""
    parsed: dict[Path, _Refs] = {}
    for page in sorted(out.rglob("*.html")):
        if page == out / "404.html":
            continue  # a web server's answer for a missing page (site-root links), never opened
        refs = _Refs()
        refs.feed(page.read_text("utf-8"))
        parsed[page] = refs
    result = SiteCheck(pages=len(parsed))
    faults: list[str] = []
    for page, refs in parsed.items():
        name = page.relative_to(out).as_posix()
        for ref in refs.assets:
            if ref.startswith("data:"):
                continue
            result.assets += 1
            if _is_remote(ref) or not _target(page, ref).is_file():
                faults.append(f"{name} loads {ref!r}, not a file of the site")
        for ref in refs.links:
            if ref.startswith("mailto:"):
                continue
            if _is_remote(ref):
                result.external_links.add(ref)
                continue
            result.internal_links += 1
            target = _target(page, ref) if urlsplit(ref).path else page
            fragment = unquote(urlsplit(ref).fragment)
            if not target.is_file():
                faults.append(f"{name} links to {ref!r}: no such file")
            elif fragment and not fragment.startswith("/") and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else set()
                if fragment not in ids:
                    faults.append(f"{name} links to {ref!r}: no element #{fragment} there")
    if faults:
        raise DocsError("broken site:\n  " + "\n  ".join(faults))
    return result


def _target(page: Path, ref: str) -> Path:
    path = unquote(urlsplit(ref).path)
    target = (page.parent / path).resolve()
    return target / "index.html" if target.is_dir() else target


# -- building ---------------------------------------------------------------------------------


def build(out: Path) -> SiteCheck:
    """Write the site into `out` (which must not exist) with MkDocs, then check it."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(logging.Formatter("mkdocs: %(levelname)s %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.WARNING)
    say(f"MkDocs from {CONFIG.name}; Swagger UI {swagger_ui_version()} (swagger-ui-bundle)")
    config = load_config(str(CONFIG), site_dir=str(out), strict=True)
    try:
        mkdocs_build(config)
    except MkDocsException as exc:
        raise DocsError(f"MkDocs: {exc}") from exc
    (out / MARKER).write_text("built by scripts/docs; replaced whole on the next build\n")
    return check_site(out)


def replace(out: Path) -> SiteCheck:
    if out.exists() and any(out.iterdir()) and not (out / MARKER).exists():
        raise DocsError(f"{out} exists and is not a site built here; not replacing it")
    out.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        result = build(scratch / "site")
        if out.exists():
            shutil.rmtree(out)
        (scratch / "site").rename(out)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/docs", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "site", help="folder (site/)")
    args = parser.parse_args(argv)
    out = args.out.resolve()
    started = time.perf_counter()
    say(f"building {out}")
    try:
        result = replace(out)
    except DocsError as exc:
        print(f"docs: {exc}", file=sys.stderr)
        return 1
    files = [p for p in out.rglob("*") if p.is_file() and p.name != MARKER]
    size = sum(p.stat().st_size for p in files)
    say(
        f"done in {time.perf_counter() - started:.1f}s: {result.pages} pages, {len(files)} "
        f"files, {size / 1024 / 1024:.1f} MiB; {result.assets} assets and "
        f"{result.internal_links} internal links checked, all local; "
        f"{len(result.external_links)} links to other sites; no network needed"
    )
    print(f"open: {(out / 'index.html').as_uri()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
