"""The hub's identity on the broker: a random id, a NaCl key pair and its sequence numbers.

Kept in a private Home Assistant store (never in the config entry, never in diagnostics),
created on the first start with a broker, removed with the hub.
"""

from __future__ import annotations

from typing import Any, Final

from homeassistant.core import HomeAssistant
from homeassistant.helpers.storage import Store

from ...core.link.envelope import KeyPair, SequenceCounter
from ...core.link.topics import new_link_id

STORAGE_VERSION: Final = 1


def link_store_key(entry_id: str) -> str:
    """Return the store key of one hub's link identity."""
    return f"digiohjaus.link.{entry_id}"


class HubIdentity:
    """The hub's link id, key pair and sequence counter, loaded from (and saved to) a store."""

    def __init__(self, hass: HomeAssistant, entry_id: str) -> None:
        """Prepare the store; :meth:`async_load` reads or creates the identity."""
        self._store: Store[dict[str, Any]] = Store(
            hass, STORAGE_VERSION, link_store_key(entry_id), private=True, atomic_writes=True
        )
        self.link_id = ""
        self.keys = KeyPair.generate()
        self.counter = SequenceCounter()
        self.revoked: dict[str, str] = {}
        """Pairings revoked but not yet cleared on the broker: key id → the worker's key."""

    async def async_load(self) -> None:
        """Read the identity, or create and store a new one."""
        stored = await self._store.async_load()
        if stored is None:
            self.link_id = new_link_id()
            await self._async_save()
            return
        self.link_id = str(stored["link_id"])
        self.keys = KeyPair.from_b64(str(stored["private_key"]))
        self.counter = SequenceCounter(int(stored.get("seq_ceiling", 0)))
        self.revoked = {str(k): str(v) for k, v in dict(stored.get("revoked", {})).items()}

    async def async_set_revoked(self, revoked: dict[str, str]) -> None:
        """Store which revoked pairings still have to be cleared on the broker."""
        if revoked != self.revoked:
            self.revoked = dict(revoked)
            await self._async_save()

    async def async_next_seq(self) -> int:
        """Return the next sequence number; the reserved block is stored before it is used."""
        seq, moved = self.counter.next()
        if moved:
            await self._async_save()
        return seq

    async def _async_save(self) -> None:
        await self._store.async_save(
            {
                "link_id": self.link_id,
                "private_key": self.keys.private_b64,
                "seq_ceiling": self.counter.ceiling,
                "revoked": self.revoked,
            }
        )

    async def async_remove(self) -> None:
        """Forget the identity (the hub itself is being removed)."""
        await self._store.async_remove()
