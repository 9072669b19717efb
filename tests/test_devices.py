"""Devices come and go with what backs them: a contact added while the hub runs gets its
device at once, and a device that nothing backs any more can be deleted in the UI."""

from __future__ import annotations

from homeassistant.config_entries import ConfigSubentry
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.digiohjaus.const import DOMAIN

from .contacts import contact_id, contact_subentry


@pytest.fixture
def hub_subentries() -> list:
    return [contact_subentry("Liisa", "worker")]


async def _remove_device(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator, device: dr.DeviceEntry, entry_id: str
) -> bool:
    """Press "Delete" on the device page, as the user would; return whether it went."""
    assert await async_setup_component(hass, "config", {})
    client = await hass_ws_client(hass)
    await client.send_json_auto_id(
        {
            "type": "config/device_registry/remove_config_entry",
            "config_entry_id": entry_id,
            "device_id": device.id,
        }
    )
    response = await client.receive_json()
    await hass.async_block_till_done()
    return bool(response["success"])


async def test_a_stale_device_can_be_deleted(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, hass_ws_client: WebSocketGenerator
) -> None:
    registry = dr.async_get(hass)
    stale = registry.async_get_or_create(
        config_entry_id=loaded_hub.entry_id, identifiers={(DOMAIN, "a-removed-reminder")}
    )
    assert await _remove_device(hass, hass_ws_client, stale, loaded_hub.entry_id)
    assert registry.async_get(stale.id) is None


@pytest.mark.parametrize("owner", ["hub", "contact"])
async def test_a_device_in_use_cannot_be_deleted(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    owner: str,
) -> None:
    identifier = loaded_hub.entry_id if owner == "hub" else contact_id(loaded_hub, "Liisa")
    registry = dr.async_get(hass)
    device = registry.async_get_device_by_identifier((DOMAIN, identifier), loaded_hub.entry_id)
    assert device is not None
    assert not await _remove_device(hass, hass_ws_client, device, loaded_hub.entry_id)
    assert registry.async_get(device.id) is not None


async def test_a_contact_added_while_running_gets_its_device_at_once(
    hass: HomeAssistant, loaded_hub: MockConfigEntry
) -> None:
    data = contact_subentry("Pekka", "family")
    subentry = ConfigSubentry(
        data=data["data"], subentry_type=data["subentry_type"], title="Pekka", unique_id=None
    )
    hass.config_entries.async_add_subentry(loaded_hub, subentry)
    await hass.async_block_till_done()
    device = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, subentry.subentry_id), loaded_hub.entry_id
    )
    assert device is not None
    entities = er.async_entries_for_device(er.async_get(hass), device.id)
    assert [entity.domain for entity in entities] == ["switch"]
    assert hass.states.get(entities[0].entity_id) is not None
    # ...and goes with it.
    hass.config_entries.async_remove_subentry(loaded_hub, subentry.subentry_id)
    await hass.async_block_till_done()
    assert dr.async_get(hass).async_get(device.id) is None
