"""Sensors of the client home hub."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.core import CALLBACK_TYPE, HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import StateType

from .core.checkin import MOOD_KEYS
from .data import DigiohjausConfigEntry
from .entity import DigiohjausEntity
from .hub.runtime import HubData

PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class HubSensorEntityDescription(SensorEntityDescription):
    """A hub sensor whose value is read from the hub's runtime data."""

    value_fn: Callable[[HubData], StateType | date | datetime]
    # How to hear that the value changed; ``None`` for values that change only on reload.
    subscribe_fn: Callable[[HubData, Callable[[], None]], CALLBACK_TYPE] | None = None


def _checkin_listener(data: HubData, listener: Callable[[], None]) -> CALLBACK_TYPE:
    return data.checkin.async_add_listener(listener)


def _mood_today(data: HubData) -> str | None:
    check_in = data.checkin.today_check_in
    return MOOD_KEYS[check_in.mood - 1] if check_in else None


def _last_check_in_at(data: HubData) -> datetime | None:
    check_in = data.checkin.last_check_in
    return check_in.at if check_in else None


HUB_SENSORS: tuple[HubSensorEntityDescription, ...] = (
    HubSensorEntityDescription(
        key="next_home_visit",
        translation_key="next_home_visit",
        device_class=SensorDeviceClass.DATE,
        value_fn=lambda data: data.profile.next_visit_due,
    ),
    HubSensorEntityDescription(
        key="mood_today",
        translation_key="mood_today",
        device_class=SensorDeviceClass.ENUM,
        options=list(MOOD_KEYS),
        value_fn=_mood_today,
        subscribe_fn=_checkin_listener,
    ),
    HubSensorEntityDescription(
        key="last_check_in",
        translation_key="last_check_in",
        device_class=SensorDeviceClass.TIMESTAMP,
        value_fn=_last_check_in_at,
        subscribe_fn=_checkin_listener,
    ),
    HubSensorEntityDescription(
        key="check_in_streak",
        translation_key="check_in_streak",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda data: data.checkin.streak,
        subscribe_fn=_checkin_listener,
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

    async def async_added_to_hass(self) -> None:
        """Follow changes of the value, if it can change while the hub runs."""
        if (subscribe := self.entity_description.subscribe_fn) is not None:
            self.async_on_remove(subscribe(self._entry.runtime_data, self.async_write_ha_state))

    @property
    def native_value(self) -> StateType | date | datetime:
        """Return the current value from the hub's runtime data."""
        return self.entity_description.value_fn(self._entry.runtime_data)
