"""Sensors of the client home hub."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import StateType

from .data import DigiohjausConfigEntry
from .entity import DigiohjausEntity
from .hub.runtime import HubData

PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class HubSensorEntityDescription(SensorEntityDescription):
    """A hub sensor whose value is read from the hub's runtime data."""

    value_fn: Callable[[HubData], StateType | date | datetime]


HUB_SENSORS: tuple[HubSensorEntityDescription, ...] = (
    HubSensorEntityDescription(
        key="next_home_visit",
        translation_key="next_home_visit",
        device_class=SensorDeviceClass.DATE,
        value_fn=lambda data: data.profile.next_visit_due,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: DigiohjausConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the hub's sensors."""
    async_add_entities(HubSensor(entry, description) for description in HUB_SENSORS)


class HubSensor(DigiohjausEntity, SensorEntity):
    """A sensor that shows one value of the hub."""

    entity_description: HubSensorEntityDescription

    @property
    def native_value(self) -> StateType | date | datetime:
        """Return the current value from the hub's runtime data."""
        return self.entity_description.value_fn(self._entry.runtime_data)
