"""Base entity of digiohjaus: named by translation, attached to the hub's device.

Memory: Home Assistant caches every property it reads in the entity's ``__dict__`` (about
45 names). Past 30 names Python turns an object's inline attributes into a dict of 128
slots (1.5 KiB); a plain dict of up to 42 names has 64 (0.8 KiB). So each entity starts
with a plain dict, and what never varies here is answered by plain properties, not cached
per entity: 50 medicines keep about 0.1 MiB less.
"""

from __future__ import annotations

from datetime import datetime

from homeassistant.components.sensor import (
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
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
        self._start(entry, description)
        owner = device_id or entry.entry_id
        self._attr_unique_id = f"{owner}_{description.key}"
        self._attr_device_info = DeviceInfo(identifiers={(DOMAIN, owner)})

    def _start(self, entry: HubConfigEntry, description: EntityDescription) -> None:
        self.__dict__ = {}  # a plain dict: see the module's docstring
        self.entity_description = description
        self._entry = entry

    @property
    def assumed_state(self) -> bool:
        """The hub knows its own state."""
        return False

    @property
    def attribution(self) -> str | None:
        """Nothing to attribute."""
        return None

    @property
    def entity_picture(self) -> str | None:
        """No pictures: icons come from icons.json."""
        return None

    @property
    def force_update(self) -> bool:
        """Only changes are written."""
        return False


class ReminderEntity(DigiohjausEntity):
    """An entity of one reminder (a subentry's device)."""

    def __init__(
        self, entry: HubConfigEntry, description: EntityDescription, reminder_id: str
    ) -> None:
        """Attach to the reminder's device (registered by the engine, not looked up again)."""
        self._start(entry, description)
        self.reminder_id = reminder_id
        self.device_entry = entry.runtime_data.reminders.devices[reminder_id]

    @property
    def unique_id(self) -> str:
        """The reminder's id and the description's key."""
        return f"{self.reminder_id}_{self.entity_description.key}"

    @property
    def device_info(self) -> DeviceInfo | None:
        """None: the reminder's device is given as ``device_entry``."""
        return None

    @property
    def engine(self) -> ReminderEngine:
        """The hub's reminder engine."""
        return self._entry.runtime_data.reminders


class DescribedSensor(SensorEntity):
    """A sensor whose units and classes are its description's (never set per entity)."""

    entity_description: SensorEntityDescription

    @property
    def last_reset(self) -> datetime | None:
        """As described."""
        return self.entity_description.last_reset

    @property
    def native_unit_of_measurement(self) -> str | None:
        """As described."""
        return self.entity_description.native_unit_of_measurement

    @property
    def options(self) -> list[str] | None:
        """As described."""
        return self.entity_description.options

    @property
    def state_class(self) -> SensorStateClass | None:
        """As described."""
        return self.entity_description.state_class

    @property
    def suggested_display_precision(self) -> int | None:
        """As described."""
        return self.entity_description.suggested_display_precision

    @property
    def suggested_unit_of_measurement(self) -> str | None:
        """As described."""
        return self.entity_description.suggested_unit_of_measurement
