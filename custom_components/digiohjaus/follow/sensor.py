"""Sensors of a followed client: one per shared value, named by translation."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import PERCENTAGE
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import StateType

from ..core.share import (
    ACTIVITY,
    CALL_STATUSES,
    CALLS,
    CHECK_IN,
    MEDICATION,
    MOOD,
    REMINDERS,
    ShareSnapshot,
)
from .entity import FollowDescription, FollowEntity, async_add_follow_entities
from .runtime import FollowConfigEntry

type Attributes = Mapping[str, Any] | None


@dataclass(frozen=True, kw_only=True)
class FollowSensorDescription(SensorEntityDescription, FollowDescription):
    """A sensor reading one value of the share payload."""

    value_fn: Callable[[ShareSnapshot], StateType | datetime]
    attributes_fn: Callable[[ShareSnapshot], Attributes] = lambda _: None


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _reminder_count(snapshot: ShareSnapshot, statuses: tuple[str, ...]) -> int:
    reminders = snapshot.reminders or {}
    return sum(counts.get(status, 0) for counts in reminders.values() for status in statuses)


def _reminder_kinds(snapshot: ShareSnapshot, statuses: tuple[str, ...]) -> Attributes:
    reminders = snapshot.reminders or {}
    return {
        kind: sum(counts.get(status, 0) for status in statuses)
        for kind, counts in sorted(reminders.items())
    }


_DUE = ("due", "snoozed")
_MISSED = ("missed",)


def _sensor(
    key: str,
    kind: str,
    value_fn: Callable[[ShareSnapshot], StateType | datetime],
    attributes_fn: Callable[[ShareSnapshot], Attributes] = lambda _: None,
    *,
    timestamp: bool = False,
) -> FollowSensorDescription:
    """One value of one shared kind, named ``followed_<key>`` by translation.

    A timestamp says when something last happened; anything else is a measured value.
    """
    return FollowSensorDescription(
        key=key,
        translation_key=f"followed_{key}",
        kinds=(kind,),
        device_class=SensorDeviceClass.TIMESTAMP if timestamp else None,
        state_class=None if timestamp else SensorStateClass.MEASUREMENT,
        value_fn=value_fn,
        attributes_fn=attributes_fn,
    )


def _reminders(key: str, statuses: tuple[str, ...]) -> FollowSensorDescription:
    """How many reminders are in one of ``statuses``, with the count per kind."""
    return _sensor(
        key,
        REMINDERS,
        lambda s: _reminder_count(s, statuses),
        lambda s: _reminder_kinds(s, statuses),
    )


FOLLOW_SENSORS: tuple[FollowSensorDescription, ...] = (
    _sensor(
        "last_check_in",
        CHECK_IN,
        lambda s: s.check_in.last_at if s.check_in else None,
        timestamp=True,
    ),
    _sensor(
        "missed_check_ins_7d",
        CHECK_IN,
        lambda s: s.check_in.missed_days_7d if s.check_in else None,
    ),
    _sensor(
        "mood",
        MOOD,
        lambda s: s.mood.score if s.mood else None,
        lambda s: {"note": s.mood.note, "checked_at": _iso(s.mood.at)} if s.mood else None,
    ),
    FollowSensorDescription(
        key="call_status",
        translation_key="followed_call_status",
        kinds=(CALLS,),
        device_class=SensorDeviceClass.ENUM,
        options=list(CALL_STATUSES),
        value_fn=lambda s: s.calls.status if s.calls else None,
        attributes_fn=lambda s: {"requested_at": _iso(s.calls.requested_at)} if s.calls else None,
    ),
    FollowSensorDescription(
        key="medication_adherence_7d",
        translation_key="followed_medication_adherence_7d",
        kinds=(MEDICATION,),
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=0,
        value_fn=lambda s: s.medication.adherence_7d if s.medication else None,
    ),
    _sensor(
        "medication_taken_today",
        MEDICATION,
        lambda s: s.medication.done_today if s.medication else None,
    ),
    _sensor(
        "medication_missed_today",
        MEDICATION,
        lambda s: s.medication.missed_today if s.medication else None,
    ),
    _reminders("reminders_due", _DUE),
    _reminders("reminders_missed", _MISSED),
    _sensor(
        "last_interaction",
        ACTIVITY,
        lambda s: s.activity.last_interaction_at if s.activity else None,
        timestamp=True,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: FollowConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the followed client's sensors for the kinds the client shares."""
    async_add_follow_entities(hass, entry, FOLLOW_SENSORS, FollowSensor, async_add_entities)


class FollowSensor(FollowEntity, SensorEntity):
    """One shared value of the followed client."""

    entity_description: FollowSensorDescription

    @property
    def native_value(self) -> StateType | datetime:
        """Return the value from the hub's latest answer."""
        snapshot = self.snapshot
        return self.entity_description.value_fn(snapshot) if snapshot else None

    @property
    def extra_state_attributes(self) -> Attributes:
        """Return details that belong with the value (e.g. the mood's note)."""
        snapshot = self.snapshot
        return self.entity_description.attributes_fn(snapshot) if snapshot else None
