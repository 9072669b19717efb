"""The hub's calendar: every reminder's occurrences, the client's week at a glance."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from homeassistant.components.calendar import (
    CalendarEntity,
    CalendarEntityDescription,
    CalendarEvent,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.util import dt as dt_util

from .entity import DigiohjausEntity
from .reminders.engine import Upcoming
from .reminders.notify import kind_text, placeholders
from .runtime import HubConfigEntry

# How far to look for the next occurrence: a day or two usually, a year at most.
LOOKAHEADS = (timedelta(days=2), timedelta(days=40), timedelta(days=400))

CALENDAR = CalendarEntityDescription(key="reminders", translation_key="reminders")


async def async_setup_entry(
    hass: HomeAssistant,
    entry: HubConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the hub's calendar."""
    async_add_entities([ReminderCalendar(entry, CALENDAR)])


class ReminderCalendar(DigiohjausEntity, CalendarEntity):
    """Upcoming (and past) occurrences of all reminders, of every kind."""

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
        engine = self._entry.runtime_data.reminders
        now = dt_util.utcnow()
        longest = max(
            (
                timedelta(days=1) if reminder.kind.all_day else reminder.kind.calendar_duration
                for reminder in engine.reminders.values()
            ),
            default=timedelta(0),
        )
        for ahead in LOOKAHEADS:
            for item in engine.upcoming(now - longest, now + ahead):
                event = self._event(item)
                if event.end_datetime_local > now:
                    return event
        return None

    async def async_get_events(
        self, hass: HomeAssistant, start_date: datetime, end_date: datetime
    ) -> list[CalendarEvent]:
        """Occurrences between the two instants."""
        engine = self._entry.runtime_data.reminders
        return [self._event(item) for item in engine.upcoming(start_date, end_date)]

    async def async_added_to_hass(self) -> None:
        """Refresh whenever the engine moves anything."""
        await super().async_added_to_hass()
        self.async_on_remove(
            self._entry.runtime_data.reminders.async_add_listener(self.async_write_ha_state)
        )
