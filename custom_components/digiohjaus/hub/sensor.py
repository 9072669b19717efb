"""Sensors of the client home hub."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import PERCENTAGE, EntityCategory
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import StateType
from homeassistant.util import dt as dt_util

from ..core.audit import AuditEntry
from ..core.call import CallStatus
from ..core.checkin import MOOD_KEYS
from ..core.consent import sorted_kinds
from ..core.escalation import Reason
from ..core.occurrence import Status
from .entity import DescribedSensor, DigiohjausEntity, ReminderEntity
from .reminders.engine import ReminderView
from .reminders.home_visit import HOME_VISIT
from .runtime import HubConfigEntry, HubData
from .tablet.line import line_attributes


@dataclass(frozen=True, kw_only=True)
class HubSensorEntityDescription(SensorEntityDescription):
    """A hub sensor whose value is read from the hub's runtime data."""

    value_fn: Callable[[HubData], StateType | date | datetime]
    # How to hear that the value changed; ``None`` for values that change only on reload.
    subscribe_fn: Callable[[HubData, Callable[[], None]], CALLBACK_TYPE] | None = None
    # Extra attributes for the dashboard (crisis path, safety plan); never recorded.
    attributes_fn: Callable[[HubData], dict[str, Any]] | None = None


def _checkin_listener(data: HubData, listener: Callable[[], None]) -> CALLBACK_TYPE:
    return data.checkin.async_add_listener(listener)


def _home_visit_listener(data: HubData, listener: Callable[[], None]) -> CALLBACK_TYPE:
    return data.reminders.async_add_listener(listener, HOME_VISIT)


def _mood_today(data: HubData) -> str | None:
    check_in = data.checkin.today_check_in
    return MOOD_KEYS[check_in.mood - 1] if check_in else None


def _last_check_in_at(data: HubData) -> datetime | None:
    check_in = data.checkin.last_check_in
    return check_in.at if check_in else None


NO_ESCALATION = "none"


def _open_escalation(data: HubData) -> str:
    reason = data.escalator.open_reason
    return reason.value if reason else NO_ESCALATION


CARE_SENSORS: tuple[HubSensorEntityDescription, ...] = (
    HubSensorEntityDescription(
        key="call_status",
        translation_key="call_status",
        device_class=SensorDeviceClass.ENUM,
        options=[status.value for status in CallStatus],
        value_fn=lambda data: data.calls.status.value,
        subscribe_fn=lambda data, listener: data.calls.async_add_listener(listener),
    ),
    HubSensorEntityDescription(
        key="open_escalation",
        translation_key="open_escalation",
        device_class=SensorDeviceClass.ENUM,
        options=[NO_ESCALATION, *(reason.value for reason in Reason)],
        value_fn=_open_escalation,
        subscribe_fn=lambda data, listener: data.escalator.async_add_listener(listener),
    ),
    HubSensorEntityDescription(
        key="crisis_path",
        translation_key="crisis_path",
        value_fn=lambda data: data.safety.crisis.crisis_line,
        attributes_fn=lambda data: data.safety.crisis_attributes(),
    ),
    HubSensorEntityDescription(
        key="safety_plan",
        translation_key="safety_plan",
        value_fn=lambda data: data.safety.plan.filled,
        attributes_fn=lambda data: data.safety.plan_attributes(),
    ),
)

HUB_SENSORS: tuple[HubSensorEntityDescription, ...] = (
    HubSensorEntityDescription(
        key="next_home_visit",
        translation_key="next_home_visit",
        device_class=SensorDeviceClass.DATE,
        value_fn=lambda data: data.profile.next_visit_due,
        subscribe_fn=_home_visit_listener,  # "Kotikäynti tehty" moves it
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


AUDIT_SENSORS: tuple[SensorEntityDescription, ...] = (
    SensorEntityDescription(
        key="latest_disclosure",
        translation_key="latest_disclosure",
        device_class=SensorDeviceClass.TIMESTAMP,
        # The disclosure log (audit trail), which the tablet's "Tietoni" view reads: a record
        # about the hub itself, no reading of the home.
        entity_category=EntityCategory.DIAGNOSTIC,
    ),
)


@dataclass(frozen=True, kw_only=True)
class ReminderSensorEntityDescription(SensorEntityDescription):
    """A sensor of one reminder, read from the engine's view of it."""

    value_fn: Callable[[ReminderView], StateType | datetime]
    adherence: bool = False  # only for kinds that follow adherence (medication)
    attributes: bool = False  # the status sensor carries next_due, kind and reminder_id


def _adherence(days: int, index: int, *, enabled: bool = True) -> ReminderSensorEntityDescription:
    """The share of doses taken in the last ``days`` days (``view.adherence[index]``)."""
    return ReminderSensorEntityDescription(
        key=f"adherence_{days}d",
        translation_key=f"adherence_{days}d",
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=0,
        value_fn=lambda view: view.adherence[index],
        adherence=True,
        entity_registry_enabled_default=enabled,
    )


REMINDER_SENSORS: tuple[ReminderSensorEntityDescription, ...] = (
    ReminderSensorEntityDescription(
        key="status",
        translation_key="reminder_status",
        device_class=SensorDeviceClass.ENUM,
        options=[status.value for status in Status],
        value_fn=lambda view: view.status.value if view.status else None,
        attributes=True,
    ),
    # The same instant is the status sensor's ``next_due`` attribute; nothing of the hub
    # reads this entity (the tablet reads the status sensor): enabled only on request.
    ReminderSensorEntityDescription(
        key="next_due",
        translation_key="reminder_next_due",
        device_class=SensorDeviceClass.TIMESTAMP,
        value_fn=lambda view: view.next_due,
        entity_registry_enabled_default=False,
    ),
    _adherence(7, 0),
    # The 7-day figure is what the tablet and the share show; 30 days on request.
    _adherence(30, 1, enabled=False),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: HubConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the hub's sensors."""
    async_add_entities(
        HubSensor(entry, description) for description in (*HUB_SENSORS, *CARE_SENSORS)
    )
    async_add_entities(AuditSensor(entry, description) for description in AUDIT_SENSORS)
    for reminder_id, reminder in entry.runtime_data.reminders.subentry_reminders.items():
        async_add_entities(
            (
                ReminderSensor(entry, description, reminder_id)
                for description in REMINDER_SENSORS
                if reminder.kind.adherence or not description.adherence
            ),
            config_subentry_id=reminder_id,
        )


class HubSensor(DigiohjausEntity, DescribedSensor):
    """A sensor that shows one value of the hub."""

    entity_description: HubSensorEntityDescription
    _unrecorded_attributes = frozenset({"sections", "instructions"})

    async def async_added_to_hass(self) -> None:
        """Follow changes of the value, if it can change while the hub runs."""
        if (subscribe := self.entity_description.subscribe_fn) is not None:
            self.async_on_remove(subscribe(self._entry.runtime_data, self.async_write_ha_state))

    @property
    def native_value(self) -> StateType | date | datetime:
        """Return the current value from the hub's runtime data."""
        return self.entity_description.value_fn(self._entry.runtime_data)

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """Return what the dashboard shows beside the value, if anything."""
        if (attributes := self.entity_description.attributes_fn) is None:
            return None
        return attributes(self._entry.runtime_data)


class AuditSensor(DigiohjausEntity, DescribedSensor):
    """When the client's data last left the home, to whom and which kinds (from the audit log)."""

    # The audit log is the record; the recorder keeps only the time.
    _unrecorded_attributes = frozenset(
        {"contact", "role", "kinds", "outcome", "topic", "first_at", "count", "recent"}
    )
    RECENT = 10

    async def async_added_to_hass(self) -> None:
        """Update whenever the audit log changes."""
        self.async_on_remove(
            self._entry.runtime_data.audit.async_add_listener(self.async_write_ha_state)
        )

    @property
    def _latest(self) -> AuditEntry | None:
        return self._entry.runtime_data.audit.latest_disclosure()

    @property
    def native_value(self) -> datetime | None:
        """The time of the latest disclosure."""
        latest = self._latest
        return None if latest is None else latest.at

    @property
    def extra_state_attributes(self) -> dict[str, object]:
        """To whom, which kinds, and how (message or share read) — never the content.

        ``recent`` lists the newest log entries of any outcome, for the tablet. Repeated
        share reads are one entry: ``count`` reads from ``first_at`` to ``last_at`` (= ``at``);
        a single event has ``count`` 1 and both times equal to ``at``.
        """
        recent = [
            {
                "at": entry.at.isoformat(),
                "first_at": entry.first_at.isoformat(),
                "last_at": entry.last_at.isoformat(),
                "count": entry.count,
                "contact": entry.contact_name,
                "kinds": sorted_kinds(entry.kinds),
                "outcome": str(entry.outcome),
            }
            for entry in self._entry.runtime_data.audit.page(limit=self.RECENT).entries
        ]
        latest = self._latest
        if latest is None:
            return {"recent": recent}
        return {
            "contact": latest.contact_name,
            "role": latest.role,
            "kinds": sorted_kinds(latest.kinds),
            "outcome": str(latest.outcome),
            "topic": latest.topic,
            "first_at": latest.first_at.isoformat(),
            "count": latest.count,
            "recent": recent,
        }


class ReminderSensor(ReminderEntity, DescribedSensor):
    """Status, next due time or adherence of one reminder."""

    entity_description: ReminderSensorEntityDescription
    # The tablet's line changes with the clock; history keeps the status only.
    _unrecorded_attributes = frozenset({"today", "today_text", "marks_from_text"})
    # The engine's (immutable) view this sensor last saw, not a copy of what it showed.
    _seen: ReminderView | None = None

    async def async_added_to_hass(self) -> None:
        """Refresh when the engine moves this reminder (never on another reminder's pass)."""
        await super().async_added_to_hass()
        self._seen = self.engine.view(self.reminder_id)  # written once it is added
        self.async_on_remove(self.engine.async_add_listener(self._on_move, self.reminder_id))

    def _what_it_shows(self, view: ReminderView) -> tuple[object, ...]:
        if self.entity_description.attributes:
            return (view.status, view.next_due, view.today)
        return (self.entity_description.value_fn(view),)

    @callback
    def _on_move(self) -> None:
        """Write the state only if what this sensor shows changed."""
        view, seen = self.engine.view(self.reminder_id), self._seen
        self._seen = view
        if seen is None or self._what_it_shows(view) != self._what_it_shows(seen):
            self.async_write_ha_state()

    @property
    def native_value(self) -> StateType | datetime:
        """Return the value from the engine."""
        return self.entity_description.value_fn(self.engine.view(self.reminder_id))

    @property
    def extra_state_attributes(self) -> Mapping[str, Any] | None:
        """The status sensor tells when it is due next, of what kind, and which reminder."""
        if not self.entity_description.attributes:
            return None
        engine = self.engine
        next_due = engine.view(self.reminder_id).next_due
        reminder = engine.reminders[self.reminder_id]
        return {
            "next_due": dt_util.as_local(next_due).isoformat() if next_due else None,
            "kind": reminder.spec.kind,
            "reminder_id": self.reminder_id,
            **line_attributes(
                engine.today(self.reminder_id),
                kind=reminder.kind,
                texts=engine.texts,
                language=engine.language,
                zone=engine.zone,
                now=dt_util.utcnow(),
            ),
        }
