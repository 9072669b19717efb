"""Digiohjaus: remote and digital social guidance on a Home Assistant home hub."""

from __future__ import annotations

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr

from .const import DOMAIN
from .data import DigiohjausConfigEntry
from .hub.delivery import ActionRouter
from .hub.runtime import HubData, profile_from_entry

PLATFORMS: list[Platform] = [Platform.SENSOR]


async def async_setup_entry(hass: HomeAssistant, entry: DigiohjausConfigEntry) -> bool:
    """Set up a client home hub from its config entry."""
    profile = profile_from_entry(entry)
    actions = ActionRouter(hass, entry.entry_id)
    entry.runtime_data = HubData(profile=profile, actions=actions)
    dr.async_get(hass).async_get_or_create(
        config_entry_id=entry.entry_id,
        identifiers={(DOMAIN, entry.entry_id)},
        translation_key="hub",
        translation_placeholders={"alias": profile.alias},
        manufacturer="Digiohjaus",
        model="Client home hub",
        entry_type=dr.DeviceEntryType.SERVICE,
    )
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    entry.async_on_unload(actions.async_start())
    return True


async def async_unload_entry(hass: HomeAssistant, entry: DigiohjausConfigEntry) -> bool:
    """Unload a client home hub; every timer and listener goes with it."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)
