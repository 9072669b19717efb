"""Devices of digiohjaus, for both roles (hub/ and follow/ may use this module).

Every device of an entry is backed by something the entry holds: the entry itself (the
client home hub, or a followed client) or one of its subentries (a contact, a reminder).
A device bound to a subentry goes with it; any other device that nothing backs any more is
stale, and the user may delete it (``async_remove_config_entry_device``).
"""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import device_registry as dr

from .const import DOMAIN

MANUFACTURER = "Digiohjaus"


@callback
def async_register_entry_device(
    hass: HomeAssistant, entry: ConfigEntry[Any], translation_key: str, alias: str, model: str
) -> None:
    """Register the entry's own device: the client home hub, or the followed client."""
    dr.async_get(hass).async_get_or_create(
        config_entry_id=entry.entry_id,
        identifiers={(DOMAIN, entry.entry_id)},
        translation_key=translation_key,
        translation_placeholders={"alias": alias},
        manufacturer=MANUFACTURER,
        model=model,
        entry_type=dr.DeviceEntryType.SERVICE,
    )


def live_identifiers(entry: ConfigEntry[Any]) -> set[tuple[str, str]]:
    """Return the device identifiers the entry backs now (itself and its subentries)."""
    return {(DOMAIN, entry.entry_id), *((DOMAIN, sub_id) for sub_id in entry.subentries)}


def is_stale(entry: ConfigEntry[Any], device: dr.DeviceEntry) -> bool:
    """Return whether nothing of the entry backs the device any more."""
    return not device.identifiers & live_identifiers(entry)
