"""Topic names of the broker link: a prefix, random ids, never names (design §9).

``P/hub/<hub_id>/key``      retained: the hub's public key (checked against the pairing code)
``P/hub/<hub_id>/status``   retained ``online`` / ``offline`` (the hub's last will)
``P/hub/<hub_id>/pair``     a worker's pairing request, sealed to the hub's key
``P/hub/<hub_id>/to/<key_id>/snapshot``  retained, sealed for one worker
``P/hub/<hub_id>/to/<key_id>/events``    QoS 1, sealed for one worker
"""

from __future__ import annotations

import re
import secrets
from typing import Final

from ..errors import KeyedError

DEFAULT_PREFIX: Final = "digiohjaus"
MAX_PREFIX: Final = 100
STATUS_ONLINE: Final = b"online"
STATUS_OFFLINE: Final = b"offline"

KEY: Final = "key"
STATUS: Final = "status"
PAIR: Final = "pair"
SNAPSHOT: Final = "snapshot"
EVENTS: Final = "events"

_ID: Final = re.compile(r"[0-9a-f]{16,64}")
_PREFIX_PART: Final = re.compile(r"[A-Za-z0-9_.\-]+")


class TopicError(KeyedError, ValueError):
    """A prefix or id cannot be used in a topic; ``key`` names the translated error."""


def new_link_id() -> str:
    """Return a random id for a hub in topics (64 bits, hex)."""
    return secrets.token_hex(8)


def validate_prefix(value: str) -> str:
    """Return the prefix without surrounding slashes, or raise ``TopicError``.

    Wildcards, empty levels and anything but letters, digits, ``_ . -`` are refused:
    a prefix is the organisation's namespace, never a filter.
    """
    prefix = value.strip().strip("/")
    parts = prefix.split("/")
    if not prefix or len(prefix) > MAX_PREFIX or not all(map(_PREFIX_PART.fullmatch, parts)):
        raise TopicError("invalid_prefix")
    return prefix


def validate_id(value: str) -> str:
    """Return a hub id or key id (lowercase hex), or raise ``TopicError``."""
    if not _ID.fullmatch(value):
        raise TopicError("invalid_id")
    return value


def hub_topic(prefix: str, hub_id: str, leaf: str) -> str:
    """Return one of the hub's own topics (``key``, ``status`` or ``pair``)."""
    return f"{prefix}/hub/{hub_id}/{leaf}"


def worker_topic(prefix: str, hub_id: str, key_id: str, leaf: str) -> str:
    """Return a topic the hub writes for one worker (``snapshot`` or ``events``)."""
    return f"{prefix}/hub/{hub_id}/to/{key_id}/{leaf}"


def worker_filter(prefix: str, hub_id: str, key_id: str) -> str:
    """Return the subscription that reads everything a hub writes for one worker."""
    return f"{prefix}/hub/{hub_id}/to/{key_id}/+"
