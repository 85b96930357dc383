"""
The reader's network address, as the proxies we trust saw it: what rate limits count by.

Behind nginx every request comes from the proxy, so counting by REMOTE_ADDR would lock every
reader out at once. The proxy appends the address it saw to X-Forwarded-For; we read that list
from the right, past our own proxies only (FORWARDED_ALLOW_IPS, the same list gunicorn trusts
for X-Forwarded-Proto), so an address a client wrote into the header itself is never believed.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(trusted: tuple[str, ...]) -> tuple | None:
    """The trusted proxies as networks; None when every address is trusted ("*")."""
    if "*" in trusted:
        return None
    return tuple(ipaddress.ip_network(item, strict=False) for item in trusted)


def _is_trusted(address: str, networks) -> bool:
    if networks is None:
        return True
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip(request) -> str:
    """The nearest address to the app server that is not one of our trusted proxies."""
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    remote = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    chain = [*hops, remote]
    for address in reversed(chain):
        if not _is_trusted(address, networks):
            return address
    return chain[0]  # the request went through trusted proxies only: the first one saw the reader
