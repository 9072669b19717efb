"""The one-time pairing code a hub shows, and the worker's request that it authenticates.

The code is ``<hub id>-<secret>-<fingerprint>``: where the hub is on the broker, a
one-time secret (single use, valid 15 minutes) and a fingerprint of the hub's public key.
The worker's Home Assistant reads the hub's public key from the broker and checks it
against the fingerprint (a broker operator cannot slip in a key of their own), then sends
its own public key with an HMAC under the secret, sealed to the hub's key (the operator
never sees the HMAC, so cannot guess the secret offline). The hub binds the key to the
worker contact the code was made for, and forgets the secret.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
import hashlib
import hmac
import json
import re
import secrets
from typing import Final

from ..errors import KeyedError
from .envelope import LinkMessageError, b64, fingerprint_of, public_key_bytes

PAIRING_VALID: Final = timedelta(minutes=15)
SECRET_LENGTH: Final = 10
_ALPHABET: Final = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
_CODE: Final = re.compile(r"([0-9a-f]{16})-([A-Z2-9]{10})-([A-Z2-9]{8})")
_MAX_REQUEST: Final = 1024


class PairingError(KeyedError, ValueError):
    """A pairing code or request is not usable; ``key`` names the translated error."""


@dataclass(frozen=True, slots=True)
class PairCode:
    """What the hub shows and the worker types in."""

    hub_id: str
    secret: str
    fingerprint: str

    def __str__(self) -> str:
        """Return the code as shown."""
        return f"{self.hub_id}-{self.secret}-{self.fingerprint}"

    def matches(self, hub_public: bytes) -> bool:
        """Whether a public key read from the broker is the hub's own."""
        return hmac.compare_digest(fingerprint_of(hub_public), self.fingerprint)


def new_pair_code(hub_id: str, hub_public: bytes) -> PairCode:
    """Return a fresh one-time code for the hub."""
    secret = "".join(secrets.choice(_ALPHABET) for _ in range(SECRET_LENGTH))
    return PairCode(hub_id=hub_id, secret=secret, fingerprint=fingerprint_of(hub_public))


def parse_pair_code(text: str) -> PairCode:
    """Read a code as typed (spaces and letter case forgiven)."""
    compact = re.sub(r"\s+", "", text).strip("-")
    parts = compact.split("-")
    if len(parts) != 3:  # noqa: PLR2004
        raise PairingError("invalid_code")
    hub_id = parts[0].lower()
    rest = "-".join(parts[1:]).upper()
    match = _CODE.fullmatch(f"{hub_id}-{rest}")
    if match is None:
        raise PairingError("invalid_code")
    return PairCode(hub_id=match[1], secret=match[2], fingerprint=match[3])


def _mac(secret: str, hub_id: str, key_b64: str, at: str) -> str:
    message = f"digiohjaus-pair|{hub_id}|{key_b64}|{at}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def pair_request(code: PairCode, worker_public: bytes, at: datetime) -> bytes:
    """Return the worker's request (to be sealed to the hub's key)."""
    key = b64(worker_public)
    moment = at.isoformat()
    mac = _mac(code.secret, code.hub_id, key, moment)
    return json.dumps({"v": 1, "key": key, "at": moment, "mac": mac}).encode()


@dataclass(frozen=True, slots=True)
class PairRequest:
    """A worker's request, read but not yet checked against a secret."""

    key: bytes
    key_b64: str
    at: str
    mac: str

    def signed_with(self, secret: str, hub_id: str) -> bool:
        """Whether the request's HMAC was made with ``secret`` (constant time)."""
        return hmac.compare_digest(_mac(secret, hub_id, self.key_b64, self.at), self.mac)


def read_pair_request(raw: bytes) -> PairRequest:
    """Read a request the hub opened; raise ``PairingError`` if it is malformed."""
    if len(raw) > _MAX_REQUEST:
        raise PairingError("invalid_request")
    try:
        data = json.loads(raw)
        key_b64, at, mac = str(data["key"]), str(data["at"]), str(data["mac"])
        key = public_key_bytes(key_b64)
    except (ValueError, KeyError, TypeError, LinkMessageError, RecursionError) as err:
        raise PairingError("invalid_request") from err
    if data.get("v") != 1:
        raise PairingError("invalid_request")
    return PairRequest(key=key, key_b64=key_b64, at=at, mac=mac)


def pairing_open(expires_at: datetime, now: datetime) -> bool:
    """Whether a code made to expire at ``expires_at`` may still be used at ``now``."""
    return now < expires_at
