"""Share tokens and the lock-out after bad tokens: how the hub decides who may read.

A token is ``<key id><secret>``: 12 hex characters that let the hub find the token's record
without trying every hash, then 43 URL-safe characters of randomness (256 bits). The hub
stores only the key id, a random salt and a PBKDF2 hash; the token itself is shown once
and never kept. Tokens are compared in constant time.

:class:`LockOut` counts bad tokens per remote address: after ``max_failures`` within
``window`` the address is refused (even with a good token) until ``lock`` has passed.
Time is always passed in, so tests (and the hub's clock) drive it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
import hashlib
import hmac
import secrets
from typing import Any, Final

KEY_ID_LENGTH: Final = 12
SECRET_BYTES: Final = 32
SALT_BYTES: Final = 16
PBKDF2_ITERATIONS: Final = 20_000
HASH_NAME: Final = "sha256"

# Keys of the stored token record.
KEY_ID: Final = "key_id"
SALT: Final = "salt"
TOKEN_HASH: Final = "token_hash"  # noqa: S105 - a storage key
ITERATIONS: Final = "iterations"


@dataclass(frozen=True, slots=True)
class TokenRecord:
    """What the hub keeps of a token: enough to check it, never enough to rebuild it."""

    key_id: str
    salt: str
    token_hash: str
    iterations: int = PBKDF2_ITERATIONS

    def as_dict(self) -> dict[str, Any]:
        """Return the record as JSON-ready data."""
        return {
            KEY_ID: self.key_id,
            SALT: self.salt,
            TOKEN_HASH: self.token_hash,
            ITERATIONS: self.iterations,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TokenRecord:
        """Read a record written by :meth:`as_dict`."""
        return cls(
            key_id=str(data[KEY_ID]),
            salt=str(data[SALT]),
            token_hash=str(data[TOKEN_HASH]),
            iterations=int(data.get(ITERATIONS, PBKDF2_ITERATIONS)),
        )


def _hash(token: str, salt: str, iterations: int) -> str:
    digest = hashlib.pbkdf2_hmac(HASH_NAME, token.encode(), bytes.fromhex(salt), iterations)
    return digest.hex()


def new_token() -> tuple[str, TokenRecord]:
    """Return a fresh token (to show once) and the record to store instead of it."""
    key_id = secrets.token_hex(KEY_ID_LENGTH // 2)
    token = key_id + secrets.token_urlsafe(SECRET_BYTES)
    salt = secrets.token_hex(SALT_BYTES)
    return token, TokenRecord(key_id, salt, _hash(token, salt, PBKDF2_ITERATIONS))


def key_id_of(token: str) -> str | None:
    """Return the key id a presented token claims, or ``None`` if it cannot be one of ours."""
    if len(token) <= KEY_ID_LENGTH or len(token) > 200:  # noqa: PLR2004
        return None
    key_id = token[:KEY_ID_LENGTH]
    if any(char not in "0123456789abcdef" for char in key_id):
        return None
    return key_id


def verify(token: str, record: TokenRecord) -> bool:
    """Return whether ``token`` is the one ``record`` was made from (constant time)."""
    presented = _hash(token, record.salt, record.iterations)
    return hmac.compare_digest(presented, record.token_hash)


def bearer_token(header: str | None) -> str | None:
    """Return the token of an ``Authorization: Bearer <token>`` header, if well formed."""
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or any(char.isspace() for char in token):
        return None
    return token


MAX_TRACKED_ADDRESSES: Final = 10_000


@dataclass(slots=True)
class LockOut:
    """Refuse an address for ``lock`` after ``max_failures`` bad tokens within ``window``."""

    max_failures: int = 5
    window: timedelta = timedelta(minutes=15)
    lock: timedelta = timedelta(minutes=15)
    _failures: dict[str, list[datetime]] = field(default_factory=dict)
    _locked_until: dict[str, datetime] = field(default_factory=dict)

    def locked_until(self, address: str, now: datetime) -> datetime | None:
        """Return until when ``address`` is refused, or ``None`` if it is not."""
        until = self._locked_until.get(address)
        if until is None:
            return None
        if now >= until:
            del self._locked_until[address]
            return None
        return until

    def fail(self, address: str, now: datetime) -> datetime | None:
        """Count a bad token; return the end of the lock-out if this one started it."""
        self._forget_old(now)
        recent = [at for at in self._failures.get(address, []) if now - at < self.window]
        recent.append(now)
        if len(recent) >= self.max_failures:
            self._failures.pop(address, None)
            self._locked_until[address] = now + self.lock
            return now + self.lock
        self._failures[address] = recent
        return None

    def succeed(self, address: str) -> None:
        """A good token from ``address``: its count of bad ones starts over."""
        self._failures.pop(address, None)

    def _forget_old(self, now: datetime) -> None:
        """Keep memory bounded: drop addresses whose failures or lock-out are over."""
        if len(self._failures) + len(self._locked_until) < MAX_TRACKED_ADDRESSES:
            return
        self._failures = {
            address: times
            for address, times in self._failures.items()
            if now - times[-1] < self.window
        }
        self._locked_until = {
            address: until for address, until in self._locked_until.items() if until > now
        }
