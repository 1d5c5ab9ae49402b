"""The emulator's interactive docs: Swagger UI for each public spec and the control plane.

Owns: the docs pages — `/docs` (the CSBS API), `/docs/cbr` (the CBR API) and
`/docs/control` (the control plane) — the docs copy of each spec (`/docs/openapi.json`,
`/docs/cbr/openapi.json`, `/docs/control/openapi.json`), and serving
Swagger UI's files from the `swagger-ui-bundle` package under `/docs/assets/`, so the pages
make no request to any other host. Each page's bar links to the guides, `/docs/guides/`:
the docs site `scripts/docs` builds (named by `CSBS_DOCS_SITE`, else the checkout's `site/`
when the emulator runs from a checkout), or, where none is built, a page saying how to
build it. `tools/docs.py` renders the same page for the static site.
Must not import: the store, the service; of the HTTP layer only its ASGI types (the docs
are not part of the API).

The docs copy of a spec differs from the raw one (`/openapi.json`, `/openapi.yaml`, kept
byte-for-byte) only so that "Try it out" works against this emulator: `servers` is the
request's own origin, and with a demo dataset the path parameters and the first request
example are the demo's, and the demo token is pre-authorized.
"""

from __future__ import annotations

import copy
import hashlib
import html
import json
import mimetypes
import os
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Final

# The package ships no type information; its one public name is `swagger_ui_path`.
import swagger_ui_bundle  # type: ignore[import-untyped]

from .errors import ApiError
from .http import Receive, Scope, Send

ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# Every file a page loads, by the name it is served under, with its media type. Swagger UI's
# own files come from the pinned package; docs.js and docs.css are ours (csbs_emulator/static).
SWAGGER_UI_ASSETS: Final[dict[str, str]] = {
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
    "swagger-ui.css": "text/css; charset=utf-8",
    "favicon-32x32.png": "image/png",
    "favicon-16x16.png": "image/png",
}
OWN_ASSETS: Final[dict[str, str]] = {
    "docs.js": "text/javascript; charset=utf-8",
    "docs.css": "text/css; charset=utf-8",
}

# The browser enforces "nothing but this origin" too: a page that tried to load a font, a
# badge or a script from elsewhere would be refused, not just go unnoticed. Swagger UI sets
# inline styles, hence 'unsafe-inline' for styles only.
CSP: Final = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)

# The guides: the folder `scripts/docs` builds, with the file it marks its sites with.
GUIDES_ENV: Final = "CSBS_DOCS_SITE"
GUIDES_MARKER: Final = ".csbs-docs-site"
NO_GUIDES_PAGE: Final = b"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Guides not built here</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 2em auto">
<h1>The guides are not built here</h1>
<p>The guides and the API reference are a static site that <code>scripts/docs</code> builds from
a checkout of csbs-replicate into <code>site/</code>; open <code>site/index.html</code> from
disk, or start the emulator from that checkout (or with <code>CSBS_DOCS_SITE=/path/to/site</code>)
and it serves them here.</p>
<p><a href="/docs">CSBS API</a> &middot; <a href="/docs/cbr">CBR API</a> &middot;
<a href="/docs/control">Control plane</a></p>
</body></html>
"""

REPLICATE_OPERATION: Final = "replicateBackup"
REPLICATE_CBR_OPERATION: Final = "copyBackup"


def guides_folder() -> Path | None:
    """The built docs site served at `/docs/guides/`: `$CSBS_DOCS_SITE`, else the `site/` of
    the checkout this package runs from; only a folder `scripts/docs` built (its marker)."""
    named = os.environ.get(GUIDES_ENV)
    folder = Path(named) if named else Path(__file__).resolve().parent.parent / "site"
    return folder if (folder / GUIDES_MARKER).is_file() else None


def swagger_ui_folder() -> Traversable:
    """The folder of Swagger UI's files inside the installed `swagger-ui-bundle`."""
    folder: Traversable = swagger_ui_bundle.swagger_ui_path
    return folder


def swagger_ui_version() -> str:
    """The Swagger UI version the installed `swagger-ui-bundle` ships (from its folder name)."""
    return swagger_ui_folder().name.removeprefix("swagger-ui-")


def read_asset(name: str) -> bytes:
    """The bytes of one page asset; KeyError for a name that is not one."""
    if name in SWAGGER_UI_ASSETS:
        return swagger_ui_folder().joinpath(name).read_bytes()
    if name in OWN_ASSETS:
        return resources.files("csbs_emulator").joinpath("static", name).read_bytes()
    raise KeyError(name)


def asset_media_type(name: str) -> str:
    return SWAGGER_UI_ASSETS.get(name) or OWN_ASSETS[name]


def _script_json(value: Any) -> str:
    """JSON safe inside a <script> block: no `</script>`, no HTML comment openers."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render_page(
    *,
    title: str,
    assets: str,
    links: Sequence[tuple[str, str]],
    current: str,
    note: str,
    config: Mapping[str, Any],
) -> bytes:
    """One docs page: a bar of `links` (label, href; `current` is this page's href), a note,
    and Swagger UI started by docs.js from `config` (see docs.js for its members).
    `assets` is the prefix of the asset URLs ("/docs/assets/" served, "assets/" static)."""
    bar = "\n    ".join(
        f'<a href="{html.escape(href)}"'
        + (' aria-current="page"' if href == current else "")
        + f">{html.escape(label)}</a>"
        for label, href in links
    )
    a = html.escape(assets)
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{html.escape(title)}</title>
  <link rel="icon" type="image/png" sizes="32x32" href="{a}favicon-32x32.png">
  <link rel="icon" type="image/png" sizes="16x16" href="{a}favicon-16x16.png">
  <link rel="stylesheet" href="{a}swagger-ui.css">
  <link rel="stylesheet" href="{a}docs.css">
</head>
<body>
  <nav class="docs-bar">
    <strong>{html.escape(title)}</strong>
    {bar}
  </nav>
  <p class="docs-note">{note}</p>
  <div id="swagger-ui"></div>
  <script id="docs-config" type="application/json">{_script_json(config)}</script>
  <script src="{a}swagger-ui-bundle.js"></script>
  <script src="{a}docs.js"></script>
</body>
</html>
"""
    return page.encode("utf-8")


def with_demo(spec: dict[str, Any], demo: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of the CSBS spec whose examples are the demo dataset's, for "Try it out".

    `project_id` gets the demo project as its example; `checkpoint_item_id` one named example
    per demo backup (Swagger UI offers them as a list); `replicateBackup` gets a first request
    example aimed at the demo destination. Nothing else changes.
    """
    body = {
        "replication": {
            "destination_region": demo["destination_region"],
            "destination_project_id": demo["destination_project_id"],
            "name": "my-first-replica",
        }
    }
    return _with_examples(
        spec,
        demo,
        {"checkpoint_item_id": list(demo.get("checkpoint_item_ids") or [])},
        (REPLICATE_OPERATION, body),
        "`checkpoint_item_id`",
    )


def with_cbr_demo(spec: dict[str, Any], demo: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of the CBR spec whose examples are the demo dataset's (its `cbr` part):
    `backup_id` one example per replicable demo backup, `vault_id` the source and the
    destination vault, and a `copyBackup` body aimed at the demo's replication vault."""
    cbr = demo.get("cbr") or {}
    if not cbr:
        return _with_examples(spec, demo, {}, None, "")
    body = {
        "replicate": {
            "destination_project_id": demo["destination_project_id"],
            "destination_region": demo["destination_region"],
            "destination_vault_id": cbr["destination_vault_id"],
            "name": "my-first-replica",
        }
    }
    ids = {
        "backup_id": list(cbr.get("backup_ids") or []),
        "vault_id": [cbr["source_vault_id"], cbr["destination_vault_id"]],
    }
    return _with_examples(
        spec, demo, ids, (REPLICATE_CBR_OPERATION, body), "`backup_id`, `vault_id`"
    )


def _with_examples(
    spec: dict[str, Any],
    demo: Mapping[str, Any],
    ids: Mapping[str, list[str]],
    replicate: tuple[str, dict[str, Any]] | None,
    named: str,
) -> dict[str, Any]:
    doc = copy.deepcopy(spec)
    for parameter in _parameters(doc):
        if parameter.get("in") != "path":
            continue
        name = str(parameter.get("name"))
        values = ids.get(name)
        if name == "project_id":
            parameter.pop("examples", None)
            parameter["example"] = demo["project_id"]
        elif values:
            parameter.pop("example", None)
            parameter["examples"] = {
                f"demo{i}": {"summary": f"demo {name} {i}", "value": value}
                for i, value in enumerate(values, start=1)
            }
            # Swagger UI fills the field from the schema's own example before the parameter's
            # examples: give the parameter a schema whose example is the first demo value.
            parameter["schema"] = {
                **_resolve(doc, parameter.get("schema", {})),
                "example": values[0],
            }
    for operation in _operations(doc):
        if replicate is None or operation.get("operationId") != replicate[0]:
            continue
        media = operation.get("requestBody", {}).get("content", {}).get("application/json")
        if media is None:
            continue
        ours = {"emulatorDemo": {"summary": "This emulator's demo dataset", "value": replicate[1]}}
        media.pop("example", None)
        media["examples"] = {**ours, **media.get("examples", {})}
    info = doc.setdefault("info", {})
    examples = f"`project_id`, {named} and the replicate body" if named else "`project_id`"
    info["description"] = (
        '**Served by the emulator.** "Try it out" calls this emulator with the demo token '
        f"(`{demo.get('token', '')}`, already authorized); the examples of {examples} are the "
        "demo dataset's (`GET /_emulator/demo`). A backup replicated once to a region answers "
        "400 `BackupService.1009` the next time: pick another demo backup, or reset with "
        "`POST /_emulator/reset`.\n\n" + str(info.get("description", ""))
    )
    return doc


def with_server(spec: dict[str, Any], origin: str) -> dict[str, Any]:
    """A copy of `spec` whose only server is `origin`, so every call stays on this emulator."""
    doc = copy.deepcopy(spec)
    doc["servers"] = [{"url": origin, "description": "This emulator (the docs page's origin)"}]
    return doc


def _operations(doc: dict[str, Any]) -> list[dict[str, Any]]:
    methods = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
    return [
        operation
        for item in doc.get("paths", {}).values()
        for method, operation in item.items()
        if method in methods and isinstance(operation, dict)
    ]


def _parameters(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """Every parameter object written out (components and inline; `$ref`s are skipped, as
    what they point to is in components)."""
    found = list(doc.get("components", {}).get("parameters", {}).values())
    for item in doc.get("paths", {}).values():
        found += item.get("parameters", [])
    for operation in _operations(doc):
        found += operation.get("parameters", [])
    return [p for p in found if isinstance(p, dict) and "$ref" not in p]


def _resolve(doc: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """`node`, or what its local `$ref` points to (one level: enough for a parameter schema)."""
    ref = node.get("$ref")
    if not isinstance(ref, str) or not ref.startswith("#/"):
        return dict(node)
    target: Any = doc
    for part in ref[2:].split("/"):
        target = target[part.replace("~1", "/").replace("~0", "~")]
    return dict(target)


def _origin(scope: Scope) -> str:
    host = None
    for name, value in scope.get("headers", []):
        if name.lower() == b"host":
            host = value.decode("latin-1")
    if not host:
        server = scope.get("server")
        host = f"{server[0]}:{server[1]}" if server else "127.0.0.1"
    return f"{scope.get('scheme', 'http')}://{host}"


class DocsApp:
    """Serves `/docs…`; anything else it is given (another path, another method) goes to
    `fallback`, so an unknown page answers like any unknown path of the API."""

    PUBLIC_PAGE: Final = "/docs"
    CBR_PAGE: Final = "/docs/cbr"
    CONTROL_PAGE: Final = "/docs/control"
    PUBLIC_SPEC: Final = "/docs/openapi.json"
    CBR_SPEC: Final = "/docs/cbr/openapi.json"
    CONTROL_SPEC: Final = "/docs/control/openapi.json"
    ASSETS: Final = "/docs/assets/"
    GUIDES: Final = "/docs/guides/"

    def __init__(
        self,
        public_spec: dict[str, Any],
        control_spec: dict[str, Any],
        demo: Callable[[], Mapping[str, Any]],
        fallback: ASGIApp,
        cbr_spec: dict[str, Any] | None = None,
    ) -> None:
        self.public_spec = public_spec
        self.cbr_spec = cbr_spec
        self.control_spec = control_spec
        self.demo = demo
        self.fallback = fallback
        self._assets: dict[str, tuple[bytes, bytes]] = {}  # name -> (bytes, etag), on first use
        self.guides = guides_folder()

    @staticmethod
    def handles(path: str) -> bool:
        return path == "/docs" or path.startswith("/docs/")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope["path"]
        if scope["method"] not in ("GET", "HEAD"):
            await self.fallback(scope, receive, send)
            return
        head = scope["method"] == "HEAD"
        if path in (self.PUBLIC_PAGE, self.PUBLIC_PAGE + "/"):
            await _respond(send, head, "text/html; charset=utf-8", self._public_page(), page=True)
        elif self.cbr_spec is not None and path in (self.CBR_PAGE, self.CBR_PAGE + "/"):
            await _respond(send, head, "text/html; charset=utf-8", self._cbr_page(), page=True)
        elif self.cbr_spec is not None and path == self.CBR_SPEC:
            await _respond(send, head, "application/json", _json(self._cbr_doc(scope)))
        elif path in (self.CONTROL_PAGE, self.CONTROL_PAGE + "/"):
            await _respond(send, head, "text/html; charset=utf-8", self._control_page(), page=True)
        elif path == self.PUBLIC_SPEC:
            await _respond(send, head, "application/json", _json(self._public_doc(scope)))
        elif path == self.CONTROL_SPEC:
            doc = with_server(self.control_spec, _origin(scope))
            await _respond(send, head, "application/json", _json(doc))
        elif path.startswith(self.ASSETS) and self._is_asset(path[len(self.ASSETS) :]):
            await self._asset(scope, send, head, path[len(self.ASSETS) :])
        elif path == self.GUIDES.rstrip("/"):
            await _redirect(send, self.GUIDES)
        elif path.startswith(self.GUIDES) and self.guides is None:
            await _respond(send, head, "text/html; charset=utf-8", NO_GUIDES_PAGE, page=True)
        elif path.startswith(self.GUIDES) and (found := self._guide(path)) is not None:
            media = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
            if media.startswith("text/") or media.endswith(("javascript", "json")):
                media += "; charset=utf-8"
            # The site's own pages carry inline scripts (MkDocs Material): no docs CSP here.
            await _respond(send, head, media, found.read_bytes())
        else:
            await self.fallback(scope, receive, send)

    def _guide(self, path: str) -> Path | None:
        """The file of the guides `path` names, only inside their folder."""
        assert self.guides is not None
        relative = path[len(self.GUIDES) :] or "index.html"
        root = self.guides.resolve()
        target = (root / relative).resolve()
        inside = target.is_relative_to(root) and target.name != GUIDES_MARKER
        return target if inside and target.is_file() else None

    def _demo(self) -> Mapping[str, Any] | None:
        try:
            return self.demo()
        except ApiError:  # fixtures without a demo dataset: plain docs, nothing pre-filled
            return None

    def _public_doc(self, scope: Scope) -> dict[str, Any]:
        demo = self._demo()
        doc = with_demo(self.public_spec, demo) if demo else self.public_spec
        return with_server(doc, _origin(scope))

    def _cbr_doc(self, scope: Scope) -> dict[str, Any]:
        assert self.cbr_spec is not None
        demo = self._demo()
        doc = with_cbr_demo(self.cbr_spec, demo) if demo else self.cbr_spec
        return with_server(doc, _origin(scope))

    def _links(self) -> list[tuple[str, str]]:
        links = [("Guides", self.GUIDES), ("CSBS API", self.PUBLIC_PAGE)]
        if self.cbr_spec is not None:
            links.append(("CBR API", self.CBR_PAGE))
        links += [
            ("Control plane", self.CONTROL_PAGE),
            ("openapi.yaml", "/openapi.yaml"),
            ("openapi.json", "/openapi.json"),
        ]
        if self.cbr_spec is not None:
            links.append(("cbr openapi.yaml", "/cbr/openapi.yaml"))
        links.append(("control plane spec", "/_emulator/openapi.yaml"))
        return links

    def _public_page(self) -> bytes:
        demo = self._demo()
        token = demo.get("token") if demo else None
        note = (
            "Served by this emulator: &ldquo;Try it out&rdquo; calls it, with the demo token "
            "already authorized. The raw spec is <code>/openapi.yaml</code>."
            if token
            else "Served by this emulator: &ldquo;Try it out&rdquo; calls it; authorize with "
            "a token of your fixtures. The raw spec is <code>/openapi.yaml</code>."
        )
        return render_page(
            title=str(self.public_spec.get("info", {}).get("title", "CSBS API")),
            assets=self.ASSETS,
            links=self._links(),
            current=self.PUBLIC_PAGE,
            note=note,
            config={
                "url": self.PUBLIC_SPEC,
                "tryItOut": True,
                "preauthorize": {"token": token} if token else {},
            },
        )

    def _cbr_page(self) -> bytes:
        assert self.cbr_spec is not None
        demo = self._demo()
        token = demo.get("token") if demo else None
        return render_page(
            title=str(self.cbr_spec.get("info", {}).get("title", "CBR API")),
            assets=self.ASSETS,
            links=self._links(),
            current=self.CBR_PAGE,
            note="Served by this emulator: &ldquo;Try it out&rdquo; calls it"
            + (", with the demo token already authorized" if token else "")
            + ". The raw spec is <code>/cbr/openapi.yaml</code>.",
            config={
                "url": self.CBR_SPEC,
                "tryItOut": True,
                "preauthorize": {"token": token} if token else {},
            },
        )

    def _control_page(self) -> bytes:
        return render_page(
            title=str(self.control_spec.get("info", {}).get("title", "Control plane")),
            assets=self.ASSETS,
            links=self._links(),
            current=self.CONTROL_PAGE,
            note="The emulator's own administration API (no credentials). "
            "&ldquo;Try it out&rdquo; changes this emulator's state.",
            config={"url": self.CONTROL_SPEC, "tryItOut": True},
        )

    @staticmethod
    def _is_asset(name: str) -> bool:
        return name in SWAGGER_UI_ASSETS or name in OWN_ASSETS

    async def _asset(self, scope: Scope, send: Send, head: bool, name: str) -> None:
        if name not in self._assets:
            payload = read_asset(name)
            etag = f'"{hashlib.sha256(payload).hexdigest()[:32]}"'.encode()
            self._assets[name] = (payload, etag)
        payload, etag = self._assets[name]
        if_none_match = dict(scope.get("headers", [])).get(b"if-none-match")
        if if_none_match == etag:
            await send(
                {
                    "type": "http.response.start",
                    "status": 304,
                    "headers": [(b"etag", etag), (b"x-request-id", uuid.uuid4().hex.encode())],
                }
            )
            await send({"type": "http.response.body", "body": b""})
            return
        await _respond(send, head, asset_media_type(name), payload, etag=etag)


async def _redirect(send: Send, location: str) -> None:
    headers = [
        (b"location", location.encode()),
        (b"content-length", b"0"),
        (b"x-request-id", uuid.uuid4().hex.encode()),
    ]
    await send({"type": "http.response.start", "status": 308, "headers": headers})
    await send({"type": "http.response.body", "body": b""})


def _json(document: dict[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


async def _respond(
    send: Send,
    head: bool,
    media: str,
    payload: bytes,
    *,
    page: bool = False,
    etag: bytes | None = None,
) -> None:
    headers = [
        (b"content-type", media.encode()),
        (b"content-length", str(len(payload)).encode()),
        # Like every other response of the emulator.
        (b"x-request-id", uuid.uuid4().hex.encode()),
        (b"x-content-type-options", b"nosniff"),
    ]
    if etag is not None:
        # Assets revalidate: an upgraded swagger-ui-bundle shows at once, unchanged files 304.
        headers += [(b"cache-control", b"no-cache"), (b"etag", etag)]
    else:
        # Pages and docs specs depend on the Host and the demo token: never cached.
        headers.append((b"cache-control", b"no-store"))
    if page:
        headers.append((b"content-security-policy", CSP.encode()))
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": b"" if head else payload})
