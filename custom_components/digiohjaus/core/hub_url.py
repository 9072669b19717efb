"""The hub's address as a worker pastes it, and which hosts count as a home or office network.

Plain ``http`` (and plain MQTT) is accepted only inside such a network: health data crosses
the internet only encrypted.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from .errors import KeyedError
from .share import SHARE_PATH


class HubUrlError(KeyedError, ValueError):
    """The hub address cannot be used; ``key`` names the translated error."""


def is_local_host(host: str) -> bool:
    """Whether ``host`` names a home or office network (plain HTTP or MQTT allowed there)."""
    if host == "localhost" or host.endswith((".local", ".lan", ".home.arpa")):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_private or address.is_loopback or address.is_link_local


def normalize_hub_url(value: str) -> str:
    """Return the hub's base URL (scheme://host[:port]) from what the worker pasted.

    The endpoint's own path may be pasted too. Plain ``http`` is accepted only for
    addresses inside a home or office network: health data crosses the internet
    only encrypted.
    """
    text = value.strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as err:
        raise HubUrlError("invalid_url") from err
    host = parts.hostname
    if parts.scheme not in ("http", "https") or not host:
        raise HubUrlError("invalid_url")
    path = parts.path.rstrip("/")
    path = path.removesuffix(SHARE_PATH)
    if parts.query or parts.fragment or parts.username or parts.password:
        raise HubUrlError("invalid_url")
    if parts.scheme == "http" and not is_local_host(host):
        raise HubUrlError("https_required")
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc = f"{netloc}:{port}"
    return f"{parts.scheme}://{netloc}{path}"
