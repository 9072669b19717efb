"""Sealed messages between a hub and one worker: NaCl ``Box``, a sequence number and a time.

Each message is ``{"v": 1, "seq": n, "at": ISO, "type": ..., "body": {...}}``, encrypted
and authenticated with ``Box(hub's private key, worker's public key)``: only that worker
can open it, and only a message from that hub opens with the worker's copy of the hub's
public key. The broker and its operator see ciphertext and random ids.

The worker keeps the highest sequence number it accepted per hub (:class:`SequenceGuard`):
a message with a lower number, or an event with the same number, is a replay. The
retained snapshot arriving again after a reconnect carries the same number: it is the
same message, not a replay. The hub hands out numbers in blocks (:class:`SequenceCounter`)
so that it stores its counter once per thousand messages and never reuses a number
after a restart.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
import hashlib
import json
from typing import Any, Final

from nacl.exceptions import CryptoError
from nacl.public import Box, PrivateKey, PublicKey, SealedBox

PROTOCOL_VERSION: Final = 1
MAX_MESSAGE_BYTES: Final = 64 * 1024
SEQ_BLOCK: Final = 1000
_FINGERPRINT_ALPHABET: Final = "ABCDEFGHJKMNPQRSTVWXYZ23456789"  # no 0/O, 1/I/L, U


class LinkMessageError(ValueError):
    """A payload is not a message sealed for us by the expected sender, or is malformed."""


class MessageType(StrEnum):
    """What a sealed message carries."""

    SNAPSHOT = "snapshot"
    """The share payload (design §6) for the kinds consented now; retained."""
    EVENT = "event"
    """Something that just happened: a call request, an escalation step, a missed check-in."""
    WITHDRAWN = "withdrawn"
    """The client withdrew consent: nothing of the client is kept."""
    PAIRED = "paired"
    """The answer to a pairing request: the hub's stable id and the client's alias."""
    REVOKED = "revoked"
    """The hub ended the pairing."""


@dataclass(frozen=True, slots=True)
class LinkMessage:
    """One message of the link, opened."""

    seq: int
    at: datetime
    type: MessageType
    body: Mapping[str, Any] = field(default_factory=dict)

    def to_bytes(self) -> bytes:
        """Return the message as compact JSON."""
        return json.dumps(
            {
                "v": PROTOCOL_VERSION,
                "seq": self.seq,
                "at": self.at.isoformat(),
                "type": str(self.type),
                "body": dict(self.body),
            },
            separators=(",", ":"),
            ensure_ascii=False,
        ).encode()

    @classmethod
    def from_bytes(cls, raw: bytes) -> LinkMessage:
        """Read a message; raise ``LinkMessageError`` if it is not one this version knows."""
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError) as err:
            raise LinkMessageError("not JSON") from err
        if not isinstance(data, dict) or data.get("v") != PROTOCOL_VERSION:
            raise LinkMessageError("unsupported version")
        seq, body = data.get("seq"), data.get("body")
        if isinstance(seq, bool) or not isinstance(seq, int) or seq < 1:
            raise LinkMessageError("bad sequence number")
        if not isinstance(body, dict):
            raise LinkMessageError("body is not an object")
        try:
            kind = MessageType(str(data.get("type")))
            at = datetime.fromisoformat(str(data.get("at")))
        except ValueError as err:
            raise LinkMessageError("bad type or time") from err
        if at.tzinfo is None:
            raise LinkMessageError("time has no zone")
        return cls(seq=seq, at=at, type=kind, body=body)


# --- keys ------------------------------------------------------------------------------


def b64(raw: bytes) -> str:
    """Return standard base64 text."""
    return base64.b64encode(raw).decode()


def from_b64(text: str, size: int | None = None) -> bytes:
    """Return the bytes of base64 text (of ``size`` bytes), or raise ``LinkMessageError``."""
    try:
        raw = base64.b64decode(text.encode(), validate=True)
    except (binascii.Error, ValueError, UnicodeEncodeError) as err:
        raise LinkMessageError("not base64") from err
    if size is not None and len(raw) != size:
        raise LinkMessageError("wrong key size")
    return raw


def public_key_bytes(text: str) -> bytes:
    """Return a 32-byte public key from base64, or raise ``LinkMessageError``."""
    return from_b64(text, PublicKey.SIZE)


def key_id_of(public: bytes) -> str:
    """Return the id a worker's (or hub's) public key is known by in topics."""
    return hashlib.blake2b(public, digest_size=16, person=b"digiohjaus-kid").hexdigest()


def fingerprint_of(public: bytes) -> str:
    """Return 8 easy-to-read characters that pin a hub's public key in its pairing code."""
    number = int.from_bytes(
        hashlib.blake2b(public, digest_size=8, person=b"digiohjaus-fp").digest()
    )
    chars = []
    for _ in range(8):
        number, index = divmod(number, len(_FINGERPRINT_ALPHABET))
        chars.append(_FINGERPRINT_ALPHABET[index])
    return "".join(chars)


@dataclass(frozen=True, slots=True)
class KeyPair:
    """A long-term NaCl key pair (the hub's, or the worker's Home Assistant's)."""

    private: PrivateKey

    @classmethod
    def generate(cls) -> KeyPair:
        """Return a new random key pair."""
        return cls(PrivateKey.generate())

    @classmethod
    def from_b64(cls, text: str) -> KeyPair:
        """Return the key pair stored as base64 private key."""
        return cls(PrivateKey(from_b64(text, PrivateKey.SIZE)))

    @property
    def private_b64(self) -> str:
        """The private key for the private store (never logged, never sent)."""
        return b64(bytes(self.private))

    @property
    def public(self) -> bytes:
        """The public key."""
        return bytes(self.private.public_key)

    @property
    def key_id(self) -> str:
        """The id in topics."""
        return key_id_of(self.public)

    def seal(self, recipient: bytes, message: LinkMessage) -> bytes:
        """Encrypt ``message`` for ``recipient`` (a public key), authenticated as ours."""
        return bytes(Box(self.private, PublicKey(recipient)).encrypt(message.to_bytes()))

    def open(self, sender: bytes, payload: bytes) -> LinkMessage:
        """Open a message from ``sender``; raise ``LinkMessageError`` if it is not for us."""
        if not payload or len(payload) > MAX_MESSAGE_BYTES:
            raise LinkMessageError("empty or too large")
        try:
            raw = Box(self.private, PublicKey(sender)).decrypt(payload)
        except CryptoError as err:
            raise LinkMessageError("not sealed for this key by that sender") from err
        return LinkMessage.from_bytes(raw)

    def open_anonymous(self, payload: bytes) -> bytes:
        """Open a ``SealedBox`` sent to this key (a pairing request)."""
        if not payload or len(payload) > MAX_MESSAGE_BYTES:
            raise LinkMessageError("empty or too large")
        try:
            return bytes(SealedBox(self.private).decrypt(payload))
        except CryptoError as err:
            raise LinkMessageError("not sealed for this key") from err


def seal_anonymous(recipient: bytes, raw: bytes) -> bytes:
    """Encrypt ``raw`` for ``recipient`` without a sender key (a pairing request)."""
    return bytes(SealedBox(PublicKey(recipient)).encrypt(raw))


# --- sequence numbers -------------------------------------------------------------------


RETAINED_TYPES: Final = frozenset(
    {MessageType.SNAPSHOT, MessageType.WITHDRAWN, MessageType.REVOKED}
)
"""What the hub keeps retained for a worker: the snapshot, or the notice that replaced it."""


class Verdict(StrEnum):
    """What the worker makes of a message's sequence number."""

    NEW = "new"
    SAME = "same"
    """The retained message delivered again (reconnect, restart): not news, not a replay."""
    REPLAY = "replay"


@dataclass(slots=True)
class SequenceGuard:
    """The highest sequence number accepted from one hub."""

    last: int = 0

    def check(self, message: LinkMessage) -> Verdict:
        """Return the verdict for ``message`` and remember it if it is new."""
        if message.seq > self.last:
            self.last = message.seq
            return Verdict.NEW
        if message.seq == self.last and message.type in RETAINED_TYPES:
            return Verdict.SAME
        return Verdict.REPLAY


@dataclass(slots=True)
class SequenceCounter:
    """The hub's sequence numbers, reserved in blocks so a restart never reuses one.

    ``ceiling`` is what is stored: every number below it may have been used. After a
    restart counting resumes at the stored ceiling.
    """

    ceiling: int = 0
    current: int = field(init=False)

    def __post_init__(self) -> None:
        """Resume counting at the stored ceiling."""
        self.current = self.ceiling

    def next(self) -> tuple[int, bool]:
        """Return the next number, and whether the ceiling moved (store it before sending)."""
        self.current += 1
        if self.current < self.ceiling:
            return self.current, False
        self.ceiling = self.current + SEQ_BLOCK
        return self.current, True
