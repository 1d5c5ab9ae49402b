"""Build the static docs site: a folder that opens from disk (file://) or any static host.

Owns: the recipe `scripts/docs [--out DIR]` runs. The pages are the emulator's own docs pages
(`csbs_emulator.docs.render_page`), with each spec embedded in its page, because a page
opened from file:// cannot fetch a JSON file; Swagger UI's files come from the pinned
`swagger-ui-bundle` package, copied next to the pages. Nothing is fetched from anywhere.
"Try it out" is off: the spec's server is the real cloud; the emulator's `/docs` has it on.

The folder is built beside the target and swapped in whole, so a failed build never leaves
half a site; a target that exists and is not a site this tool built is refused, not wiped.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from csbs_emulator.docs import (
    OWN_ASSETS,
    SWAGGER_UI_ASSETS,
    read_asset,
    render_page,
    swagger_ui_version,
)

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "openapi"
MARKER = ".csbs-docs-site"  # says "this folder is ours to replace"
LINKS = [
    ("CSBS API", "index.html"),
    ("Control plane", "control.html"),
    ("openapi.yaml", "openapi.yaml"),
    ("openapi.json", "openapi.json"),
    ("control plane spec", "emulator-control.yaml"),
]
_LOCAL_REF = re.compile(r"""(?:src|href)="([^"]+)\"""")


def say(message: str) -> None:
    print(f"docs: {message}", flush=True)


def page(spec: dict[str, Any], filename: str, note: str) -> bytes:
    return render_page(
        title=str(spec["info"]["title"]),
        assets="assets/",
        links=LINKS,
        current=filename,
        note=note,
        config={"spec": spec, "tryItOut": False},
    )


def build(out: Path) -> dict[str, int]:
    """Write the site into `out` (which must not exist); return its files and their sizes."""
    out.mkdir(parents=True)
    (out / MARKER).write_text("built by scripts/docs; replaced whole on the next build\n")
    (out / "assets").mkdir()
    say(f"assets: Swagger UI {swagger_ui_version()} (swagger-ui-bundle) and the pages' own")
    for name in [*SWAGGER_UI_ASSETS, *OWN_ASSETS]:
        (out / "assets" / name).write_bytes(read_asset(name))
    public_note = (
        "Reference of the CSBS v1 replicate call and its read calls. &ldquo;Try it out&rdquo; "
        "is off here; run <code>csbs-emulator serve</code> and open <code>/docs</code> on it "
        "to call the emulator from the page."
    )
    control_note = "The emulator's own administration API (no credentials), under /_emulator/."
    for source, html_name, note in (
        ("csbs-v1.yaml", "index.html", public_note),
        ("emulator-control.yaml", "control.html", control_note),
    ):
        text = (SPECS / source).read_text("utf-8")
        spec = dict(yaml.safe_load(text))
        stem = "openapi" if source == "csbs-v1.yaml" else source.removesuffix(".yaml")
        say(f"spec: openapi/{source} -> {stem}.yaml, {stem}.json, {html_name}")
        (out / f"{stem}.yaml").write_text(text, "utf-8")
        (out / f"{stem}.json").write_text(json.dumps(spec, ensure_ascii=False, indent=2), "utf-8")
        (out / html_name).write_bytes(page(spec, html_name, note))
    check_links(out)
    return {
        p.relative_to(out).as_posix(): p.stat().st_size
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != MARKER
    }


def check_links(out: Path) -> None:
    """Every src/href of every page names a file of the site: nothing remote, nothing missing."""
    for html_file in sorted(out.glob("*.html")):
        for ref in _LOCAL_REF.findall(html_file.read_text("utf-8")):
            if "://" in ref or ref.startswith("//") or not (out / ref).is_file():
                raise SystemExit(f"docs: {html_file.name} refers to {ref!r}, not a site file")


def replace(out: Path) -> dict[str, int]:
    if out.exists() and any(out.iterdir()) and not (out / MARKER).exists():
        raise SystemExit(f"docs: {out} exists and is not a site built here; not replacing it")
    out.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        files = build(scratch / "site")
        if out.exists():
            shutil.rmtree(out)
        (scratch / "site").rename(out)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/docs", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "site", help="folder (site/)")
    args = parser.parse_args(argv)
    out = args.out.resolve()
    started = time.perf_counter()
    say(f"building {out}")
    files = replace(out)
    total = sum(files.values())
    say(
        f"done in {time.perf_counter() - started:.1f}s: {len(files)} files, "
        f"{total / 1024 / 1024:.1f} MiB, no network needed"
    )
    for name, size in files.items():
        print(f"  {name:32} {size / 1024:8.1f} KiB")
    print(f"open: {(out / 'index.html').as_uri()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
