"""The address phones use to reach this laptop: read from the machine's network interfaces,
the best one chosen by a pure function, and a warning when only loopback is left.

Phones on the venue Wi-Fi cannot open 127.0.0.1, yet that is what the host name resolves to
on many laptops (Debian's /etc/hosts maps it to 127.0.1.1). So we read the interface addresses
instead and never send anything anywhere: no probing of the LAN, not even a UDP connect.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass

LOOPBACK_WARNING = (
    "phones cannot reach 127.0.0.1: connect this laptop to the venue Wi-Fi "
    "or set HACKKIT_PUBLIC_URL"
)
# Interfaces that exist on the laptop but lead nowhere a phone is: containers, virtual machines,
# bridges for them, and overlay VPNs. Matched on the start of the interface name.
VIRTUAL_PREFIXES = (
    "docker",
    "br-",
    "veth",
    "virbr",
    "vmnet",
    "vboxnet",
    "lxc",
    "lxd",
    "podman",
    "cni",
    "flannel",
    "cali",
    "vethernet",  # Windows' Hyper-V switch ("vEthernet (WSL)")
    "zt",  # ZeroTier
    "tailscale",
    "utun",
    "tun",
    "tap",
    "wg",
)
# Among real interfaces, the ones phones usually share a network with come first.
PHYSICAL_PREFIXES = ("wl", "wi-fi", "wlan", "en", "eth", "ethernet")


@dataclass(frozen=True)
class InterfaceAddress:
    """One IPv4 address of one network interface, and whether the interface is up."""

    interface: str
    address: str
    is_up: bool = True


@dataclass(frozen=True)
class PublicBase:
    """The base URL to print and encode in QR codes, how it was found, and a warning if any."""

    url: str
    source: str  # "configured", "lan", "listening" (a specific --host) or "loopback"
    warning: str | None = None


def list_interface_addresses() -> list[InterfaceAddress]:
    """This machine's IPv4 interface addresses, read locally (nothing is sent).

    psutil reads them on Linux, macOS and Windows alike and also says whether each interface is
    up; it is maintained and ships wheels for every platform (netifaces is archived, ifaddr does
    not report the up state).
    """
    import socket

    import psutil

    stats = psutil.net_if_stats()
    found = []
    for name, addresses in psutil.net_if_addrs().items():
        up = stats[name].isup if name in stats else True
        for entry in addresses:
            if entry.family == socket.AF_INET:
                found.append(InterfaceAddress(name, entry.address, up))
    return found


def _is_virtual(interface: str) -> bool:
    return interface.casefold().startswith(VIRTUAL_PREFIXES)


def choose_lan_address(addresses: Iterable[InterfaceAddress]) -> str | None:
    """The address phones on the same network most likely reach: a private IPv4 address of an
    up, non-loopback, non-virtual interface; None when there is none (only loopback)."""
    candidates = []
    for order, entry in enumerate(addresses):
        try:
            ip = ipaddress.IPv4Address(entry.address)
        except ValueError:
            continue
        if not entry.is_up or ip.is_loopback or ip.is_link_local or ip.is_unspecified:
            continue
        if _is_virtual(entry.interface) or ip.is_multicast:
            continue
        rank = (
            0 if ip.is_private else 1,  # the venue's Wi-Fi hands out private addresses
            0 if entry.interface.casefold().startswith(PHYSICAL_PREFIXES) else 1,
            order,  # otherwise keep the system's order, so the choice is stable
        )
        candidates.append((rank, entry.address))
    return min(candidates)[1] if candidates else None


def _is_loopback_host(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def choose_public_base(
    public_url: str, host: str, port: int, addresses: Iterable[InterfaceAddress]
) -> PublicBase:
    """The base URL phones should use for a server listening on ``host``:``port``.

    The configured HACKKIT_PUBLIC_URL wins; a server listening on every interface is reached
    at the chosen LAN address; one bound to loopback, or with no LAN address, only from this
    laptop, which is worth a clear warning since phones will fail to join.
    """
    if public_url:
        return PublicBase(public_url.rstrip("/"), "configured")
    if host in ("0.0.0.0", "::", ""):
        lan = choose_lan_address(addresses)
        if lan is not None:
            return PublicBase(f"http://{lan}:{port}", "lan")
        return PublicBase(f"http://127.0.0.1:{port}", "loopback", LOOPBACK_WARNING)
    if _is_loopback_host(host):
        return PublicBase(f"http://{host}:{port}", "loopback", LOOPBACK_WARNING)
    shown = f"[{host}]" if ":" in host else host
    return PublicBase(f"http://{shown}:{port}", "listening")


def is_loopback_url_host(host: str) -> bool:
    """Whether a request's Host (``name[:port]``) names this laptop only (phones can't use it)."""
    name = host.rsplit(":", 1)[0] if host.count(":") == 1 or host.startswith("[") else host
    return _is_loopback_host(name) or name in ("0.0.0.0", "[::]")
