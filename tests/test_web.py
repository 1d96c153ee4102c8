"""Cross-cutting web behaviour: headers on every page, health, the API document."""

from __future__ import annotations

import pytest

PAGES = ["/", "/join", "/login", "/healthz", "/api/openapi.json"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_carries_the_security_headers(client, path):
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_health_reports_version_and_database(client):
    body = client.get("/healthz").get_json()
    assert body["status"] == "ok" and body["database"] == "ok"
    assert body["version"] == "0.1.0" and len(body["process"]) == 8


def test_openapi_document_describes_every_action_route(client, app):
    from openapi_spec_validator import validate

    doc = client.get("/api/openapi.json").get_json()
    validate(doc)
    assert doc["openapi"].startswith("3.1")
    routes = {
        (m.lower(), r.rule)
        for r in app.url_map.iter_rules()
        if r.endpoint.startswith("api.")
        for m in r.methods - {"HEAD", "OPTIONS"}
    }
    import re

    documented = {
        (method, re.sub(r"\{(\w+)\}", r"<\1>", path))
        for path, ops in doc["paths"].items()
        for method in ops
    }
    normalised = {(m, re.sub(r"<(?:\w+:)?(\w+)>", r"<\1>", r)) for m, r in routes}
    assert normalised == documented
    join = doc["paths"]["/api/join"]["post"]
    assert join["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/JoinEvent"
    )


def test_unknown_api_path_answers_json(client):
    response = client.get("/api/nothing-here")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_pages_load_nothing_from_outside_the_server(client, api):
    import re

    event = api.event(api.facilitator())
    for path in ["/", "/login", f"/j/{event['code']}"]:
        html = client.get(path).get_data(as_text=True)
        assert not re.search(r'(src|href)="(https?:)?//', html), path


def test_vendored_socket_client_is_served_locally(client):
    response = client.get("/vendor/socket.io.esm.min.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    response.close()
    assert client.get("/vendor/../../etc/passwd").status_code == 404
