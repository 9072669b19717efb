"""Share tokens: how the hub recognises a worker's token without keeping it.

A token is ``<key id><secret>``: 12 hex characters that let the hub find the token's record
without trying every hash, then 43 URL-safe characters of randomness (256 bits). The hub
stores only the key id, a random salt and a keyed hash: HMAC-SHA256 under the hub's own
secret key (:func:`new_hub_secret`) of the salt and the token. The token itself is shown
once and never kept; hashes are compared in constant time.

A token is a 256-bit random secret, not a password: guessing it is hopeless, so stretching
the hash (PBKDF2) would only make every legitimate read slow. Records written before this
scheme (``iterations`` > 0, a 20,000-round PBKDF2) are still accepted: the hub checks them
the old way (slow, in the executor) and stores the keyed hash instead after the first
successful check (:func:`rehash`), so each old token is migrated by its next good read.

The lock-out after bad tokens lives in ``core/lockout.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
import hashlib
import hmac
import secrets
from typing import Any, Final

_HEX: Final = "0123456789abcdef"
KEY_ID_LENGTH: Final = 12
SECRET_BYTES: Final = 32
SALT_BYTES: Final = 16
HUB_SECRET_BYTES: Final = 32
LEGACY_ITERATIONS: Final = 20_000
"""Rounds of the PBKDF2 hash tokens were stored with before the keyed hash."""
HASH_NAME: Final = "sha256"

# Keys of the stored token record.
KEY_ID: Final = "key_id"
SALT: Final = "salt"
TOKEN_HASH: Final = "token_hash"  # noqa: S105 - a storage key
ITERATIONS: Final = "iterations"
"""Present (> 0) only in records of the old PBKDF2 scheme."""


@dataclass(frozen=True, slots=True)
class TokenRecord:
    """What the hub keeps of a token: enough to check it, never enough to rebuild it.

    ``iterations`` is 0 for the keyed hash; a positive number marks an old PBKDF2 record.
    """

    key_id: str
    salt: str
    token_hash: str
    iterations: int = 0

    @property
    def legacy(self) -> bool:
        """Whether this record still holds an old PBKDF2 hash (slow to check)."""
        return self.iterations > 0

    def as_dict(self) -> dict[str, Any]:
        """Return the record as JSON-ready data (``iterations`` only for an old record)."""
        data: dict[str, Any] = {KEY_ID: self.key_id, SALT: self.salt, TOKEN_HASH: self.token_hash}
        if self.legacy:
            data[ITERATIONS] = self.iterations
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TokenRecord:
        """Read a record written by :meth:`as_dict` (or by an older version)."""
        return cls(
            key_id=str(data[KEY_ID]),
            salt=str(data[SALT]),
            token_hash=str(data[TOKEN_HASH]),
            iterations=int(data.get(ITERATIONS, 0)),
        )


def new_hub_secret() -> str:
    """Return a fresh secret key for a hub's token hashes (hex)."""
    return secrets.token_hex(HUB_SECRET_BYTES)


def _keyed_hash(token: str, salt: str, hub_secret: str) -> str:
    message = bytes.fromhex(salt) + token.encode()
    return hmac.digest(bytes.fromhex(hub_secret), message, HASH_NAME).hex()


@dataclass(frozen=True, slots=True)
class KeyedCheck:
    """A keyed-hash record ready to check presented tokens (its hex decoded once).

    The hub keeps one per stored token while the tokens stay the same, so a read costs
    one HMAC and a constant-time compare.
    """

    key: bytes
    salt: bytes
    digest: bytes

    @classmethod
    def of(cls, record: TokenRecord, hub_secret: str) -> KeyedCheck:
        """Prepare ``record`` (a keyed-hash one) under ``hub_secret``; ``ValueError`` if damaged."""
        if record.legacy:
            raise ValueError("an old PBKDF2 record has no keyed check")
        return cls(
            bytes.fromhex(hub_secret), bytes.fromhex(record.salt), bytes.fromhex(record.token_hash)
        )

    def matches(self, token: str) -> bool:
        """Return whether ``token`` is the one the record was made from (constant time)."""
        presented = hmac.digest(self.key, self.salt + token.encode(), HASH_NAME)
        return hmac.compare_digest(presented, self.digest)


def _legacy_hash(token: str, salt: str, iterations: int) -> str:
    digest = hashlib.pbkdf2_hmac(HASH_NAME, token.encode(), bytes.fromhex(salt), iterations)
    return digest.hex()


def record_for(token: str, hub_secret: str) -> TokenRecord:
    """Return the record to store for ``token`` (a new salt, the keyed hash)."""
    salt = secrets.token_hex(SALT_BYTES)
    return TokenRecord(token[:KEY_ID_LENGTH], salt, _keyed_hash(token, salt, hub_secret))


def new_token(hub_secret: str) -> tuple[str, TokenRecord]:
    """Return a fresh token (to show once) and the record to store instead of it."""
    token = secrets.token_hex(KEY_ID_LENGTH // 2) + secrets.token_urlsafe(SECRET_BYTES)
    return token, record_for(token, hub_secret)


def legacy_record(token: str, iterations: int = LEGACY_ITERATIONS) -> TokenRecord:
    """Return a record of the old PBKDF2 scheme (what hubs stored before; for migration tests)."""
    salt = secrets.token_hex(SALT_BYTES)
    return TokenRecord(
        token[:KEY_ID_LENGTH], salt, _legacy_hash(token, salt, iterations), iterations
    )


def key_id_of(token: str) -> str | None:
    """Return the key id a presented token claims, or ``None`` if it cannot be one of ours."""
    if len(token) <= KEY_ID_LENGTH or len(token) > 200:  # noqa: PLR2004
        return None
    key_id = token[:KEY_ID_LENGTH]
    if key_id.strip(_HEX):  # something other than lower-case hex digits is left
        return None
    return key_id


def verify(token: str, record: TokenRecord, hub_secret: str) -> bool:
    """Return whether ``token`` is the one ``record`` was made from (constant-time compare).

    Microseconds for a keyed-hash record; an old PBKDF2 record takes milliseconds (run it
    in the executor).
    """
    try:
        if not record.legacy:
            return KeyedCheck.of(record, hub_secret).matches(token)
        presented = _legacy_hash(token, record.salt, record.iterations)
    except ValueError:  # a damaged record (not hex) matches nothing
        return False
    return hmac.compare_digest(presented, record.token_hash)


def bearer_token(header: str | None) -> str | None:
    """Return the token of an ``Authorization: Bearer <token>`` header, if well formed."""
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    words = token.split(maxsplit=1)  # splits at the same characters as str.isspace
    if scheme.lower() != "bearer" or len(words) != 1:
        return None
    return words[0]
