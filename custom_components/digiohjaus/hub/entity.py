"""Base entity of digiohjaus: named by translation, attached to the hub's device."""

from __future__ import annotations

from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity import Entity, EntityDescription

from ..const import DOMAIN
from .reminders.engine import ReminderEngine
from .runtime import HubConfigEntry


class DigiohjausEntity(Entity):
    """An entity of the client home hub, described by an ``EntityDescription``."""

    _attr_has_entity_name = True
    _attr_should_poll = False

    def __init__(
        self,
        entry: HubConfigEntry,
        description: EntityDescription,
        device_id: str | None = None,
    ) -> None:
        """Attach to the hub's device, or to a subentry's device when ``device_id`` is given."""
        self.entity_description = description
        self._entry = entry
        owner = device_id or entry.entry_id
        self._attr_unique_id = f"{owner}_{description.key}"
        self._attr_device_info = DeviceInfo(identifiers={(DOMAIN, owner)})


class ReminderEntity(DigiohjausEntity):
    """An entity of one reminder (a subentry's device)."""

    def __init__(
        self, entry: HubConfigEntry, description: EntityDescription, reminder_id: str
    ) -> None:
        """Attach to the reminder's device (registered by the engine, not looked up again)."""
        super().__init__(entry, description, device_id=reminder_id)
        self.reminder_id = reminder_id
        self._attr_device_info = None
        self.device_entry = entry.runtime_data.reminders.devices[reminder_id]

    @property
    def engine(self) -> ReminderEngine:
        """The hub's reminder engine."""
        return self._entry.runtime_data.reminders
