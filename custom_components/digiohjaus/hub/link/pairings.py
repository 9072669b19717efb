"""Worker pairings of the broker link, kept as ``worker_link`` subentries of the hub.

A pairing starts *open* (a one-time secret and its expiry, shown as a code on the hub)
and becomes *bound* when the worker's Home Assistant sends its public key with the code:
then the secret is deleted and the worker's key is kept. Deleting the subentry revokes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from homeassistant.config_entries import ConfigEntry

from ...const import SUBENTRY_WORKER_LINK
from ...core.link.envelope import LinkMessageError, public_key_bytes

CONF_CONTACT_ID: Final = "contact_id"
CONF_SECRET: Final = "secret"  # noqa: S105 - a field name
CONF_EXPIRES_AT: Final = "expires_at"
CONF_WORKER_KEY: Final = "worker_key"
CONF_KEY_ID: Final = "key_id"
CONF_PAIRED_AT: Final = "paired_at"


@dataclass(frozen=True, slots=True)
class Pairing:
    """One worker's pairing as stored."""

    subentry_id: str
    contact_id: str
    secret: str | None
    expires_at: datetime | None
    worker_key: bytes | None
    key_id: str | None

    @property
    def bound(self) -> bool:
        """Whether a worker's key is bound to the contact."""
        return self.worker_key is not None and self.key_id is not None


def _read(subentry_id: str, data: dict[str, Any]) -> Pairing:
    key: bytes | None
    try:
        key = public_key_bytes(str(data[CONF_WORKER_KEY])) if data.get(CONF_WORKER_KEY) else None
    except LinkMessageError:
        key = None
    expires = data.get(CONF_EXPIRES_AT)
    return Pairing(
        subentry_id=subentry_id,
        contact_id=str(data.get(CONF_CONTACT_ID, "")),
        secret=str(data[CONF_SECRET]) if data.get(CONF_SECRET) else None,
        expires_at=datetime.fromisoformat(expires) if expires else None,
        worker_key=key,
        key_id=str(data[CONF_KEY_ID]) if key is not None and data.get(CONF_KEY_ID) else None,
    )


def pairings(entry: ConfigEntry[Any]) -> list[Pairing]:
    """Return the hub's worker pairings, open and bound."""
    return [
        _read(sub.subentry_id, dict(sub.data))
        for sub in entry.subentries.values()
        if sub.subentry_type == SUBENTRY_WORKER_LINK
    ]


def contacts_with_pairing(entry: ConfigEntry[Any]) -> set[str]:
    """Return the worker contacts that have a pairing (open or bound)."""
    return {pairing.contact_id for pairing in pairings(entry)}
