"""Phone pages on a slow network: the import graph preloaded, responses compressed, the
web-app manifest and the service worker served."""

from __future__ import annotations

import re

from hackkit.assets import imports_of, module_graph
from tests.voting.conftest import quick_facilitator


def test_imports_are_read_from_every_static_import_form():
    source = """
import { a, b } from "./a.js";
import c from '../core/c.js';
import "./side-effect.js";
import {
  d,
} from "/vendor/lib.js";
const x = "import y from './not-an-import.js'";
"""
    assert imports_of(source) == ["./a.js", "../core/c.js", "./side-effect.js", "/vendor/lib.js"]


def test_the_participant_page_needs_its_whole_graph_dependencies_first():
    graph = module_graph("events/participant.js")
    assert graph[-1] == "js/events/participant.js"
    for needed in ("js/core/page.js", "js/core/live.js", "js/core/clock.js", "js/core/dom.js"):
        assert needed in graph
    assert "/vendor/socket.io.esm.min.js" in graph
    # Each module comes after what it imports (the order the browser evaluates them).
    assert graph.index("js/core/clock.js") < graph.index("js/core/live.js")
    assert graph.index("js/core/live.js") < graph.index("js/core/page.js")
    assert len(graph) == len(set(graph))


def test_a_phone_page_preloads_every_module_it_will_import(app, api):
    event = api.event(quick_facilitator())
    phone = app.test_client()
    form = phone.get(f"/j/{event['code']}").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    joined = phone.post(f"/j/{event['code']}", data={"name": "Ada", "csrf_token": csrf})
    assert joined.status_code == 302
    html = phone.get(f"/e/{event['code']}").get_data(as_text=True)
    preloaded = re.findall(r'<link rel="modulepreload" href="([^"]+)">', html)
    expected = list(module_graph("events/participant.js")[:-1])
    assert [p.removeprefix("/static/") for p in preloaded] == expected
    assert '<script type="module" src="/static/js/events/participant.js">' in html
    assert f'rel="manifest" href="/e/{event["code"]}/manifest.webmanifest"' in html


def test_scripts_styles_and_pages_are_compressed_for_browsers_that_take_it(app):
    client = app.test_client()
    plain = client.get("/static/js/core/live.js")
    squeezed = client.get("/static/js/core/live.js", headers={"Accept-Encoding": "gzip, br"})
    assert squeezed.headers["Content-Encoding"] == "br"
    assert "Accept-Encoding" in squeezed.headers["Vary"]
    import brotli

    assert brotli.decompress(squeezed.data) == plain.data
    assert len(squeezed.data) < len(plain.data) / 2
    gz = client.get("/static/css/app.css", headers={"Accept-Encoding": "gzip"})
    assert gz.headers["Content-Encoding"] == "gzip"
    # A browser that has the file asks whether it changed and gets no body back.
    again = client.get(
        "/static/js/core/live.js",
        headers={"Accept-Encoding": "br", "If-None-Match": squeezed.headers["ETag"]},
    )
    assert again.status_code == 304 and again.data == b""


def test_the_manifest_opens_the_event_and_the_service_worker_is_served_from_the_root(app, api):
    event = api.event(quick_facilitator(), "Hack Night")
    client = app.test_client()
    manifest = client.get(f"/e/{event['code']}/manifest.webmanifest")
    assert manifest.mimetype == "application/manifest+json"
    body = manifest.get_json()
    assert body["start_url"] == f"/e/{event['code']}" and body["name"] == "Hack Night"
    assert client.get(body["icons"][0]["src"]).status_code == 200
    assert client.get("/e/NOPE99/manifest.webmanifest").status_code == 404
    worker = client.get("/sw.js")
    assert worker.status_code == 200 and worker.mimetype == "text/javascript"
    assert worker.headers["Cache-Control"] == "no-cache"
