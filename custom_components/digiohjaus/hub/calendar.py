"""The hub's calendar: every reminder's occurrences, the client's week at a glance."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from homeassistant.components.calendar import (
    CalendarEntity,
    CalendarEntityDescription,
    CalendarEvent,
)
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.util import dt as dt_util

from .entity import DigiohjausEntity
from .reminders.engine import CALENDAR_RANGE, Reminder, ReminderEngine, Upcoming
from .reminders.notify import kind_text, placeholders
from .runtime import HubConfigEntry

CALENDAR = CalendarEntityDescription(key="reminders", translation_key="reminders")


async def async_setup_entry(
    hass: HomeAssistant,
    entry: HubConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the hub's calendar."""
    async_add_entities([ReminderCalendar(entry, CALENDAR)])


def _length(reminder: Reminder) -> timedelta:
    return timedelta(days=1) if reminder.kind.all_day else reminder.kind.calendar_duration


def _ends_after(reminder: Reminder, now: datetime) -> datetime:
    """An occurrence due after this instant has not ended by ``now``."""
    if reminder.kind.all_day:  # a whole-day event lasts until the local midnight
        return dt_util.start_of_local_day() - timedelta(microseconds=1)
    return now - reminder.kind.calendar_duration


def going_on_or_next(engine: ReminderEngine, now: datetime) -> Upcoming | None:
    """The occurrence going on now, or the next one (the earliest, then by name).

    One look per reminder at its own next occurrence: nothing is listed.
    """
    limit = now - max(map(_length, engine.reminders.values()), default=timedelta(0))
    limit += CALENDAR_RANGE
    found: Upcoming | None = None
    for reminder_id, reminder in engine.reminders.items():
        occurrence = engine.first_after(reminder_id, _ends_after(reminder, now))
        if occurrence is None or occurrence.due_at >= limit:
            continue
        if found is None or (occurrence.due_at, reminder.spec.name) < (
            found.occurrence.due_at,
            found.reminder.spec.name,
        ):
            found = Upcoming(reminder, occurrence)
    return found


class ReminderCalendar(DigiohjausEntity, CalendarEntity):
    """Upcoming (and past) occurrences of all reminders, of every kind."""

    _writing: tuple[CalendarEvent | None] | None = None  # the event of the write under way

    def _event(self, item: Upcoming) -> CalendarEvent:
        reminder, occurrence = item.reminder, item.occurrence
        engine = self._entry.runtime_data.reminders
        values = placeholders(reminder, occurrence, engine.language)
        start = dt_util.as_local(occurrence.due_at)
        # Rent and bills are due on a day: a whole-day event on that day.
        begin: datetime | date = start.date() if reminder.kind.all_day else start
        end: datetime | date = (
            start.date() + timedelta(days=1)
            if reminder.kind.all_day
            else start + reminder.kind.calendar_duration
        )
        return CalendarEvent(
            start=begin,
            end=end,
            summary=f"{reminder.kind.emoji} {reminder.spec.name}",
            description=kind_text(engine.texts, reminder, "calendar", values),
            uid=f"{reminder.spec.reminder_id}_{occurrence.key}",
        )

    @property
    def event(self) -> CalendarEvent | None:
        """The occurrence going on now, or the next one."""
        if self._writing is not None:
            return self._writing[0]
        found = going_on_or_next(self._entry.runtime_data.reminders, dt_util.utcnow())
        return None if found is None else self._event(found)

    @callback
    def _async_write_ha_state(self) -> None:
        """Find the event once per write (the state, its attributes and the alarms read it)."""
        self._writing = (self.event,)
        try:
            super()._async_write_ha_state()
        finally:
            self._writing = None

    async def async_get_events(
        self, hass: HomeAssistant, start_date: datetime, end_date: datetime
    ) -> list[CalendarEvent]:
        """Occurrences between the two instants."""
        engine = self._entry.runtime_data.reminders
        return [self._event(item) for item in engine.upcoming(start_date, end_date)]

    async def async_added_to_hass(self) -> None:
        """Refresh when the calendar may change other than by the clock.

        Statuses never change what it shows, and its own alarms follow the clock.
        """
        await super().async_added_to_hass()
        self.async_on_remove(
            self._entry.runtime_data.reminders.async_add_calendar_listener(
                self.async_write_ha_state
            )
        )
