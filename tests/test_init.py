"""Setting up and unloading the client home hub."""

from __future__ import annotations

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.digiohjaus.const import DOMAIN


async def test_hub_device_and_entities(hass: HomeAssistant, loaded_hub: MockConfigEntry) -> None:
    device = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, loaded_hub.entry_id), loaded_hub.entry_id
    )
    assert device is not None
    entities = {
        e.unique_id: e.entity_id for e in er.async_entries_for_device(er.async_get(hass), device.id)
    }
    state = hass.states.get(entities[f"{loaded_hub.entry_id}_next_home_visit"])
    assert state is not None
    assert state.state == "2027-04-30"


async def test_unload_leaves_nothing_behind(
    hass: HomeAssistant, loaded_hub: MockConfigEntry
) -> None:
    assert await hass.config_entries.async_unload(loaded_hub.entry_id)
    await hass.async_block_till_done()
    assert loaded_hub.state is ConfigEntryState.NOT_LOADED
    for state in hass.states.async_all("sensor"):
        assert state.state == STATE_UNAVAILABLE


async def test_diagnostics_redact_the_client(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, hass_client: ClientSessionGenerator
) -> None:
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, loaded_hub)
    assert "Maija" not in str(diagnostics)
    assert diagnostics["profile"]["visit_interval_days"] == 180
    assert diagnostics["entry"]["data"]["alias"] == "**REDACTED**"
