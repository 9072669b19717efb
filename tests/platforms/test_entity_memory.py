"""Each entity of the hub keeps a small dict (hub/entity.py explains why).

Home Assistant caches every property it reads in the entity's ``__dict__``; past 30 names
Python's own form is a 1.5 KiB dict. A hub with 50 medicines has about 170 entities, so an
entity class that grows past 42 names (or loses the plain dict) costs about 0.1 MiB.
"""

from __future__ import annotations

import sys

from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import async_get_platforms
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.digiohjaus.const import DOMAIN

MOST_NAMES = 42  # a plain dict of up to 42 names has 64 slots


async def test_every_entity_keeps_a_dict_of_64_slots(
    hass: HomeAssistant, hub_entry: MockConfigEntry
) -> None:
    assert await hass.config_entries.async_setup(hub_entry.entry_id)
    await hass.async_block_till_done()

    entities = [e for p in async_get_platforms(hass, DOMAIN) for e in p.entities.values()]
    kinds = {type(entity).__name__ for entity in entities}
    assert {"ReminderSensor", "ReminderButton", "HubSensor", "HubButton"} <= kinds
    too_big = {
        entity.entity_id: (len(vars(entity)), sys.getsizeof(vars(entity)))
        for entity in entities
        if len(vars(entity)) > MOST_NAMES or sys.getsizeof(vars(entity)) > 1024
    }
    assert too_big == {}
