"""Binary sensors of a followed client: checked in today, and the no-contact problem."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from homeassistant.components.binary_sensor import (
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.components.binary_sensor.const import BinarySensorDeviceClass
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryAuthFailed
from homeassistant.helpers.entity import Entity
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.event import async_track_point_in_utc_time
from homeassistant.util import dt as dt_util

from ..const import CONF_NO_CONTACT_DAYS, DEFAULT_NO_CONTACT_DAYS
from ..core.share import ACTIVITY, CHECK_IN
from .coordinator import FollowCoordinator
from .entity import FollowDescription, FollowEntity, async_add_follow_entities
from .runtime import FollowConfigEntry


@dataclass(frozen=True, kw_only=True)
class FollowBinarySensorDescription(BinarySensorEntityDescription, FollowDescription):
    """A yes/no fact about the followed client."""


CHECKED_IN_TODAY = FollowBinarySensorDescription(
    key="checked_in_today", translation_key="followed_checked_in_today", kinds=(CHECK_IN,)
)
NO_CONTACT = FollowBinarySensorDescription(
    key="no_contact",
    translation_key="followed_no_contact",
    kinds=(CHECK_IN, ACTIVITY),
    device_class=BinarySensorDeviceClass.PROBLEM,
)
FOLLOW_BINARY_SENSORS: tuple[FollowBinarySensorDescription, ...] = (CHECKED_IN_TODAY, NO_CONTACT)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: FollowConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the followed client's binary sensors for the kinds the client shares."""
    async_add_follow_entities(hass, entry, FOLLOW_BINARY_SENSORS, _create, async_add_entities)


def _create(coordinator: FollowCoordinator, description: FollowBinarySensorDescription) -> Entity:
    if description is NO_CONTACT:
        return NoContactSensor(coordinator, description)
    return CheckedInTodaySensor(coordinator, description)


class CheckedInTodaySensor(FollowEntity, BinarySensorEntity):
    """Whether the client has checked in today."""

    entity_description: FollowBinarySensorDescription

    @property
    def is_on(self) -> bool | None:
        """Return the hub's answer for today."""
        snapshot = self.snapshot
        return snapshot.check_in.done_today if snapshot and snapshot.check_in else None


class NoContactSensor(FollowEntity, BinarySensorEntity):
    """On when nothing has been heard from the client for N days: time for a home visit.

    The last contact is the latest check-in, mood, call request or interaction the hub
    shared. Unlike the other entities this one stays available while the hub cannot be
    reached, because an unreachable hub is itself no digital contact: it keeps counting
    from the last contact seen, and turns on at the exact moment N days have passed.
    """

    entity_description: FollowBinarySensorDescription

    def __init__(
        self, coordinator: FollowCoordinator, description: FollowBinarySensorDescription
    ) -> None:
        """Read N from the entry's options; it names the sensor too."""
        super().__init__(coordinator, description)
        days = int(
            coordinator.config_entry.options.get(CONF_NO_CONTACT_DAYS, DEFAULT_NO_CONTACT_DAYS)
        )
        self._limit = timedelta(days=days)
        self._attr_translation_placeholders = {"days": str(days)}
        self._unsub_timer: CALLBACK_TYPE | None = None

    @property
    def available(self) -> bool:
        """Stay available while the hub is down, not when consent or the token is gone."""
        coordinator = self.coordinator
        token_rejected = isinstance(coordinator.last_exception, ConfigEntryAuthFailed)
        if token_rejected and not coordinator.last_update_success:
            return False
        return self.shared

    @property
    def last_contact(self) -> datetime | None:
        """Return the latest sign of the client the hub has shared."""
        snapshot = self.snapshot
        return snapshot.last_contact() if snapshot else None

    @property
    def is_on(self) -> bool | None:
        """Return whether the last contact is at least N days ago (unknown if never)."""
        last = self.last_contact
        return None if last is None else dt_util.utcnow() - last >= self._limit

    @property
    def extra_state_attributes(self) -> Mapping[str, Any]:
        """Return when the client was last heard from."""
        last = self.last_contact
        return {"last_contact": last.isoformat() if last else None}

    async def async_added_to_hass(self) -> None:
        """Start counting from the current last contact."""
        await super().async_added_to_hass()
        self.async_on_remove(self._cancel_timer)
        self._schedule()

    @callback
    def _handle_coordinator_update(self) -> None:
        """Re-arm the timer for the new last contact, then write the state."""
        self._schedule()
        super()._handle_coordinator_update()

    @callback
    def _schedule(self) -> None:
        """Arm a one-shot timer at the instant the silence reaches N days."""
        self._cancel_timer()
        last = self.last_contact
        if last is None or dt_util.utcnow() - last >= self._limit:
            return
        self._unsub_timer = async_track_point_in_utc_time(
            self.hass, self._limit_reached, last + self._limit
        )

    @callback
    def _limit_reached(self, _now: datetime) -> None:
        self._unsub_timer = None
        self.async_write_ha_state()

    @callback
    def _cancel_timer(self) -> None:
        if self._unsub_timer is not None:
            self._unsub_timer()
            self._unsub_timer = None
