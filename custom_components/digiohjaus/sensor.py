"""Sensors: the client home hub's (hub/) or a followed client's (follow/)."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .data import DigiohjausConfigEntry, is_follow_entry
from .follow import sensor as follow
from .hub import sensor as hub

PARALLEL_UPDATES = 0


async def async_setup_entry(
    hass: HomeAssistant,
    entry: DigiohjausConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the sensors of the entry's role."""
    if is_follow_entry(entry):
        await follow.async_setup_entry(hass, entry, async_add_entities)
    else:
        await hub.async_setup_entry(hass, entry, async_add_entities)
