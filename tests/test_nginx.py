"""The shipped nginx configuration, run for real in front of two hackkit processes."""

from __future__ import annotations

import uuid

import pytest
import requests
import socketio

from tests.server import NGINX_SITE, Nginx, ServerProcess, nginx_binary

pytestmark = pytest.mark.server


@pytest.fixture
def proxy(app, database_url, instance_path, tmp_path):
    if nginx_binary() is None:
        pytest.skip(
            "nginx is not installed (Debian package nginx; scripts/setup --dev installs it)"
        )
    a = ServerProcess(instance_path, database_url, extra_env={"HACKKIT_PROXY_COUNT": "1"}).start()
    b = ServerProcess(instance_path, database_url, extra_env={"HACKKIT_PROXY_COUNT": "1"}).start()
    nginx = Nginx(tmp_path / "nginx", [a.port, b.port]).start()
    yield nginx.url, {a.port, b.port}
    nginx.stop()
    a.stop()
    b.stop()


def test_shipped_site_names_two_upstreams_and_listens_on_8080():
    # The test swaps these lines for its own ports; if the file changes shape, say so here.
    site = NGINX_SITE.read_text()
    assert site.count("server 127.0.0.1:") == 2 and "listen 8080;" in site


def test_nginx_spreads_browsers_but_keeps_each_one_on_its_process(proxy):
    url, _ = proxy
    seen = set()
    for _ in range(12):
        fresh = requests.Session()
        first = fresh.get(url + "/healthz", timeout=5)
        assert "hk_route=" in first.headers.get("Set-Cookie", "")
        process = first.json()["process"]
        seen.add(process)
        # The same browser keeps reaching the same process, and is not given a new cookie.
        again = [fresh.get(url + "/healthz", timeout=5) for _ in range(3)]
        assert {r.json()["process"] for r in again} == {process}
        assert all("Set-Cookie" not in r.headers for r in again)
    assert len(seen) == 2, "twelve browsers should not all land on one process"


@pytest.mark.parametrize("transport", ["polling", "websocket"])
def test_socketio_works_through_nginx(proxy, api, transport):
    url, _ = proxy
    fac = api.facilitator(f"f{uuid.uuid4().hex[:6]}")
    event = api.event(fac)
    token = requests.post(
        url + "/api/join", json={"code": event["code"], "name": "Via proxy"}, timeout=5
    ).json()["data"]["token"]
    client = socketio.Client(reconnection=False)
    try:
        client.connect(url, auth={"token": token}, transports=[transport], wait_timeout=10)
        assert client.transport() == transport
        # Several round trips: with polling each is a new HTTP request, which must stick.
        for _ in range(5):
            reply = client.call("sync", {}, timeout=10)
            assert reply["ok"] and reply["data"]["state"]["me"]["name"] == "Via proxy"
    finally:
        client.disconnect()


def test_client_addresses_are_taken_from_the_proxy_header(proxy, api):
    url, _ = proxy
    event = api.event(api.facilitator())
    # Behind the proxy every request comes from 127.0.0.1; the forwarded address is what counts,
    # so one noisy address does not lock out the whole venue. We cannot spoof a different source
    # address here, so check that the server trusts exactly one proxy hop.
    response = requests.post(
        url + "/api/join",
        json={"code": event["code"], "name": "X"},
        headers={"X-Forwarded-For": "203.0.113.9"},
        timeout=5,
    )
    assert response.status_code == 200
