"""The typed config entry of digiohjaus."""

from __future__ import annotations

from homeassistant.config_entries import ConfigEntry

from .hub.runtime import HubData

type DigiohjausConfigEntry = ConfigEntry[HubData]
