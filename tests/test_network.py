"""The address phones are told to use: chosen from the interface list, never loopback when a
LAN address exists, with a clear warning when only loopback is left."""

from __future__ import annotations

from hackkit.network import (
    LOOPBACK_WARNING,
    InterfaceAddress,
    choose_lan_address,
    choose_public_base,
    is_loopback_url_host,
)

LOOPBACK = InterfaceAddress("lo", "127.0.0.1")
WIFI = InterfaceAddress("wlp2s0", "192.168.1.23")
DOCKER = InterfaceAddress("docker0", "172.17.0.1")
BRIDGE = InterfaceAddress("br-5d1c2a", "172.18.0.1")
VPN = InterfaceAddress("tailscale0", "100.101.2.3")
LINK_LOCAL = InterfaceAddress("eth0", "169.254.10.2")


def test_the_wifi_address_is_chosen_over_loopback_and_docker():
    chosen = choose_lan_address([LOOPBACK, DOCKER, BRIDGE, WIFI])
    assert chosen == "192.168.1.23"


def test_a_down_interface_is_not_chosen():
    down = InterfaceAddress("enp0s31f6", "10.0.0.5", is_up=False)
    assert choose_lan_address([LOOPBACK, down, WIFI]) == "192.168.1.23"
    assert choose_lan_address([LOOPBACK, down]) is None


def test_a_private_address_beats_a_public_one_and_wired_names_beat_unknown_ones():
    public = InterfaceAddress("eth1", "81.2.69.160")
    odd = InterfaceAddress("foo0", "10.1.2.3")
    wired = InterfaceAddress("eth0", "10.9.8.7")
    assert choose_lan_address([public, odd, wired]) == "10.9.8.7"
    assert choose_lan_address([public]) == "81.2.69.160"  # better than nothing


def test_only_loopback_virtual_and_link_local_means_no_lan_address():
    assert choose_lan_address([LOOPBACK, DOCKER, BRIDGE, VPN, LINK_LOCAL]) is None
    assert choose_lan_address([InterfaceAddress("eth0", "not an address")]) is None


def test_a_server_on_every_interface_prints_its_lan_address():
    base = choose_public_base("", "0.0.0.0", 5050, [LOOPBACK, DOCKER, WIFI])
    assert base.url == "http://192.168.1.23:5050"
    assert base.source == "lan" and base.warning is None


def test_only_loopback_gives_the_warning():
    base = choose_public_base("", "0.0.0.0", 5000, [LOOPBACK, DOCKER])
    assert base.url == "http://127.0.0.1:5000"
    assert base.warning == LOOPBACK_WARNING
    assert "phones cannot reach 127.0.0.1" in base.warning
    assert "HACKKIT_PUBLIC_URL" in base.warning
    listening_locally = choose_public_base("", "127.0.0.1", 5000, [LOOPBACK, WIFI])
    assert listening_locally.warning == LOOPBACK_WARNING


def test_the_configured_public_url_wins_and_a_specific_host_is_kept():
    configured = choose_public_base("https://hack.example.org/", "0.0.0.0", 5000, [LOOPBACK])
    assert configured.url == "https://hack.example.org" and configured.warning is None
    specific = choose_public_base("", "192.168.1.23", 8000, [LOOPBACK, WIFI])
    assert specific.url == "http://192.168.1.23:8000" and specific.warning is None


def test_request_hosts_that_name_only_this_laptop():
    for host in ("127.0.0.1:5000", "localhost:5000", "localhost", "[::1]:5000", "127.0.1.1"):
        assert is_loopback_url_host(host), host
    for host in ("192.168.1.23:5000", "hack.example.org", "[fe80::1]:5000"):
        assert not is_loopback_url_host(host), host
