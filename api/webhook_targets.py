"""Where webhooks may post: not to this machine, link-local/metadata, private or reserved addresses (SSRF),
unless the host is listed in `webhook_allowed_hosts` (an intranet chat server, a test receiver)."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit


class BlockedTarget(ValueError):
    pass


def _blocked(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


def check_target(url: str, allowed_hosts: list[str], resolve: bool = True) -> None:
    """Raise BlockedTarget saying why `url` may not be called. Names are resolved (every address must be
    public), so a name pointing inside is refused too; the sender checks again before each call."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError as exc:
        raise BlockedTarget(f"not a URL: {exc}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BlockedTarget("a webhook URL is http:// or https:// with a host")
    host = parts.hostname
    if host in allowed_hosts:
        return
    try:
        addresses = [host] if _is_ip(host) else (
            [info[4][0] for info in socket.getaddrinfo(host, parts.port or 443, proto=socket.IPPROTO_TCP)]
            if resolve else [])
    except (socket.gaierror, UnicodeError):
        raise BlockedTarget(f"cannot resolve {host}") from None
    bad = sorted({a for a in addresses if _blocked(a)})
    if bad:
        raise BlockedTarget(f"{host} is a loopback, link-local, private or reserved address ({', '.join(bad)}); "
                            "list it in webhook_allowed_hosts (WINDOWWATCH_WEBHOOK_ALLOWED_HOSTS) if it is meant")


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        return False
    return True
