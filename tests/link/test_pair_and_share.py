"""Pairing through the broker, and what the worker then sees."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.digiohjaus.const import DOMAIN

from .conftest import wait_until

MOOD = "sensor.client_maija_wellbeing"
CHECKED_IN = "binary_sensor.client_maija_checked_in_today"


async def test_pair_and_share(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, follower: MockConfigEntry
) -> None:
    assert follower.title == "Maija"
    assert hass.states.get(CHECKED_IN).state == "off"
    await hass.services.async_call(
        DOMAIN,
        "check_in",
        {"config_entry_id": loaded_hub.entry_id, "mood": 4, "note": "Nukuin hyvin"},
        blocking=True,
    )
    await wait_until(hass, lambda: hass.states.get(MOOD).state == "4")
    assert hass.states.get(CHECKED_IN).state == "on"
    assert hass.states.get(MOOD).attributes["note"] == "Nukuin hyvin"
