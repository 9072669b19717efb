"""Binary sensors of the client home hub."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from homeassistant.components.binary_sensor import (
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.components.binary_sensor.const import BinarySensorDeviceClass
from homeassistant.core import CALLBACK_TYPE, HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .entity import DigiohjausEntity
from .reminders.home_visit import HOME_VISIT
from .runtime import HubConfigEntry, HubData
from .visits import visit_overdue


@dataclass(frozen=True, kw_only=True)
class HubBinarySensorEntityDescription(BinarySensorEntityDescription):
    """A yes/no fact of the hub and how to hear that it changed."""

    is_on_fn: Callable[[HubData], bool]
    subscribe_fn: Callable[[HubData, Callable[[], None]], CALLBACK_TYPE]


HUB_BINARY_SENSORS: tuple[HubBinarySensorEntityDescription, ...] = (
    HubBinarySensorEntityDescription(
        key="checked_in_today",
        translation_key="checked_in_today",
        is_on_fn=lambda data: data.checkin.today_check_in is not None,
        subscribe_fn=lambda data, listener: data.checkin.async_add_listener(listener),
    ),
    HubBinarySensorEntityDescription(
        key="home_visit_overdue",
        translation_key="home_visit_overdue",
        device_class=BinarySensorDeviceClass.PROBLEM,
        is_on_fn=visit_overdue,
        # The engine's home-visit reminder turns "missed" the moment the visit is late.
        subscribe_fn=lambda data, listener: data.reminders.async_add_listener(listener, HOME_VISIT),
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: HubConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the hub's binary sensors."""
    async_add_entities(HubBinarySensor(entry, d) for d in HUB_BINARY_SENSORS)


class HubBinarySensor(DigiohjausEntity, BinarySensorEntity):
    """A yes/no fact on the tablet, updated the moment it changes."""

    entity_description: HubBinarySensorEntityDescription

    async def async_added_to_hass(self) -> None:
        """Follow changes of the fact."""
        self.async_on_remove(
            self.entity_description.subscribe_fn(
                self._entry.runtime_data, self.async_write_ha_state
            )
        )

    @property
    def is_on(self) -> bool:
        """Return the fact."""
        return self.entity_description.is_on_fn(self._entry.runtime_data)
