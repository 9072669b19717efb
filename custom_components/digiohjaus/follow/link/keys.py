"""The worker's Home Assistant's own key pair for the broker link (one for all clients).

Created on the first pairing and kept in a private store; only its public key ever
leaves (sealed to the hub's key in a pairing request). Its key id names the worker's
topics, so the organisation's ACL can let this worker read only what is sealed for it.
"""

from __future__ import annotations

import asyncio
from typing import Any, Final

from homeassistant.core import HomeAssistant
from homeassistant.helpers.storage import Store
from homeassistant.util.hass_dict import HassKey

from ...const import DOMAIN
from ...core.link.envelope import KeyPair

STORAGE_VERSION: Final = 1
STORAGE_KEY: Final = f"{DOMAIN}.worker_link"
DATA_WORKER_KEYS: Final = HassKey[KeyPair](f"{DOMAIN}_worker_keys")
_LOCK: Final = HassKey[asyncio.Lock](f"{DOMAIN}_worker_keys_lock")


async def async_worker_keys(hass: HomeAssistant) -> KeyPair:
    """Return this Home Assistant's key pair, creating and storing it the first time."""
    if (keys := hass.data.get(DATA_WORKER_KEYS)) is not None:
        return keys
    lock = hass.data.setdefault(_LOCK, asyncio.Lock())
    async with lock:
        if (keys := hass.data.get(DATA_WORKER_KEYS)) is not None:
            return keys
        store: Store[dict[str, Any]] = Store(
            hass, STORAGE_VERSION, STORAGE_KEY, private=True, atomic_writes=True
        )
        stored = await store.async_load()
        if stored is None:
            keys = KeyPair.generate()
            await store.async_save({"private_key": keys.private_b64})
        else:
            keys = KeyPair.from_b64(str(stored["private_key"]))
        hass.data[DATA_WORKER_KEYS] = keys
        return keys
