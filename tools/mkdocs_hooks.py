"""MkDocs hooks of the docs site (`mkdocs.yml` names this file): the generated pages.

At every build (`scripts/docs`, or `mkdocs serve` while writing), the files that
`tools.docs.generated_files` makes from the repository — the API reference pages and their
Swagger UI pages, the error codes, the changelog — join the guides of `docs/` as if they were
files there. None of them is written to `docs/`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `mkdocs` run by hand loads this file by its path
    sys.path.insert(0, str(ROOT))

from tools.docs import generated_files  # noqa: E402


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for path, content in generated_files().items():
        if files.get_file_from_path(path) is not None:
            raise ValueError(f"docs/{path} is generated at every build: remove it from docs/")
        files.append(File.generated(config, path, content=content))
    return files
