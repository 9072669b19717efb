"""Start the hub's broker link when its options name a broker."""

from __future__ import annotations

from typing import Any

from homeassistant.core import HomeAssistant

from ...const import CONF_BROKER
from ...core.link.settings import BrokerSettingsError, settings_from_input
from .hub_link import HubLink
from .keys import HubIdentity


async def async_start_link(hass: HomeAssistant, entry: Any) -> HubLink | None:
    """Connect the hub to its organisation's broker, if one is set; stop it on unload."""
    stored = entry.options.get(CONF_BROKER) or {}
    if not stored:
        return None
    try:
        settings = settings_from_input(stored)
    except BrokerSettingsError:
        return None  # Stored settings were checked when saved; a later rule change turns it off.
    identity = HubIdentity(hass, entry.entry_id)
    await identity.async_load()
    link = HubLink(hass, entry, entry.runtime_data, settings, identity)
    entry.runtime_data.link = link
    await link.async_start()
    entry.async_on_unload(link.async_stop)
    return link


async def async_remove_link(hass: HomeAssistant, entry_id: str) -> None:
    """Forget the hub's broker identity (the hub is being removed)."""
    await HubIdentity(hass, entry_id).async_remove()
