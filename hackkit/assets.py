"""How pages load their JavaScript and styles quickly on a slow phone network.

A page's entry module imports others, which import others: loaded as written, a phone finds
each level only after the one before has arrived, one round trip per level (four on the
participant's page; 1.6 s on a 400 ms "Slow 3G" link). ``module_preloads`` reads the import
graph of an entry module once, and the page lists every module it will need as
``<link rel="modulepreload">`` (templates/_assets.html), so they are all asked for at once.

Responses are compressed (Flask-Compress: Brotli or gzip, whichever the browser takes) and the
static files keep their validators, so a phone that has them asks only "changed?" again.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path, PurePosixPath

from flask import Flask, Response, url_for

STATIC = Path(__file__).parent / "static"
# `import x from "./a.js"`, `import { y } from "../core/b.js"`, `import "./c.js"`: the static
# imports our own modules use (Biome keeps them at the top, one statement per module).
IMPORT = re.compile(r"""^\s*import\s(?:[^"';]*?\sfrom\s)?["']([^"']+)["']""", re.MULTILINE)
COMPRESSED_TYPES = [
    "text/html",
    "text/css",
    "text/javascript",
    "application/javascript",
    "application/json",
    "application/manifest+json",
    "image/svg+xml",
]


def imports_of(source: str) -> list[str]:
    """The module specifiers a JavaScript module imports statically, in order."""
    return IMPORT.findall(source)


@cache
def module_graph(entry: str) -> tuple[str, ...]:
    """Every module an entry module (a path under static/js/) needs, itself last: paths under
    static/ for our own, absolute URLs (``/vendor/…``) for vendored libraries."""
    seen: dict[str, None] = {}

    def visit(path: PurePosixPath) -> None:
        key = str(path)
        if key in seen:
            return
        seen[key] = None
        source = (STATIC / path).read_text(encoding="utf-8")
        for spec in imports_of(source):
            if spec.startswith("/"):
                seen.setdefault(spec, None)
            else:
                visit(_normalise(path.parent / spec))
        # Dependencies first, then the module: the order the browser evaluates them in.
        seen[key] = seen.pop(key)

    visit(PurePosixPath("js") / entry)
    return tuple(seen)


def _normalise(path: PurePosixPath) -> PurePosixPath:
    parts: list[str] = []
    for part in path.parts:
        if part == "..":
            parts.pop()
        elif part != ".":
            parts.append(part)
    return PurePosixPath(*parts)


def module_preloads(entry: str) -> list[str]:
    """URLs to preload for an entry module: everything it imports, directly or not."""
    urls = []
    for item in module_graph(entry)[:-1]:
        urls.append(item if item.startswith("/") else url_for("static", filename=item))
    return urls


def read_whole_file(response: Response) -> Response:
    """Files are sent as streams; our scripts and styles are small, so read them whole before
    compressing. Flask-Compress's stream path would replace the response's body without
    closing the file under it."""
    if response.is_streamed and response.direct_passthrough and response.status_code == 200:
        response.direct_passthrough = False
        stream = response.response
        try:
            data = b"".join(response.iter_encoded())
        finally:
            getattr(stream, "close", lambda: None)()
        response.set_data(data)
    return response


def init_app(app: Flask) -> None:
    from flask_compress import Compress

    app.config.setdefault("COMPRESS_MIMETYPES", COMPRESSED_TYPES)
    # Brotli and gzip: every phone browser takes one of them.
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_STREAMS", False)
    Compress(app)
    # After-request functions run last-registered first: this one before the compressor.
    app.after_request(read_whole_file)
    app.jinja_env.globals["module_preloads"] = module_preloads
