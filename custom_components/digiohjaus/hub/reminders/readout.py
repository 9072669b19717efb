"""What the reminders show: the read side of the reminder engine.

The entities, the calendar, the share endpoint and diagnostics read here. Each reminder's
view is kept until the engine moves that reminder (``engine.py`` refreshes it), so a read
costs nothing, and a pass that moves one reminder leaves the others' views alone.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Final
from zoneinfo import ZoneInfo

from homeassistant.core import CALLBACK_TYPE, HomeAssistant
from homeassistant.util import dt as dt_util

from ...core.adherence import Windows
from ...core.occurrence import Occurrence
from ...core.reminder import ReminderBook
from ...core.schedule import next_occurrence, occurrences
from ...core.today import TodayLine, today_line
from .model import Reminder, ReminderView, Upcoming

CALENDAR_RANGE: Final = timedelta(days=400)


class ReminderReadout:
    """The reminders of one hub as their entities and the calendar show them."""

    hass: HomeAssistant
    reminders: dict[str, Reminder]
    _books: dict[str, ReminderBook]
    _views: dict[str, ReminderView]
    _wakeups: dict[str, datetime | None]
    _unsub_timer: CALLBACK_TYPE | None

    @property
    def zone(self) -> ZoneInfo:
        """The home's time zone (Europe/Helsinki for our clients)."""
        return ZoneInfo(self.hass.config.time_zone)

    @property
    def subentry_reminders(self) -> dict[str, Reminder]:
        """The reminders that are subentries, each with its own device and entities."""
        return {rid: r for rid, r in self.reminders.items() if r.kind.is_subentry}

    def diagnostics(self) -> dict[str, Any]:
        """Counts and times only: no names, doses or notes."""
        wakeups = [at for at in self._wakeups.values() if at is not None]
        return {
            "by_kind": {
                kind: sum(1 for r in self.reminders.values() if r.spec.kind == kind)
                for kind in sorted({r.spec.kind for r in self.reminders.values()})
            },
            "stored_occurrences": sum(book.size for book in self._books.values()),
            "timer_armed": self._unsub_timer is not None,
            "next_wakeup": min(wakeups).isoformat() if wakeups else None,
        }

    def view(self, reminder_id: str) -> ReminderView:
        """The status, next due time, adherence and today's line of one reminder.

        Kept until the reminder moves (its next instant, an action, or midnight).
        """
        if (view := self._views.get(reminder_id)) is None:
            view = self._views[reminder_id] = self._view(reminder_id, dt_util.utcnow())
        return view

    def _view(
        self, reminder_id: str, now: datetime, windows: Windows | None = None
    ) -> ReminderView:
        """What the reminder shows at ``now`` (``windows``: its book's, if already read)."""
        reminder = self.reminders[reminder_id]
        book = self._books[reminder_id]
        current = book.current(reminder.spec, self.zone, now)
        return ReminderView(
            status=current.status if current else None,
            next_due=book.next_due(),
            adherence=(windows or book.windows(now)).adherence,
            today=today_line(book, reminder.spec, self.zone, now),
        )

    def today(self, reminder_id: str) -> TodayLine:
        """Where the reminder stands today, for the kitchen tablet."""
        return self.view(reminder_id).today

    def first_after(self, reminder_id: str, after: datetime) -> Occurrence | None:
        """The first occurrence due after ``after``: as it happened, or projected ahead."""
        reminder = self.reminders[reminder_id]
        known = self._books[reminder_id].first_after(after)
        since = max(after, dt_util.utcnow() - timedelta(microseconds=1))
        projected = next_occurrence(reminder.spec.schedule, self.zone, since)
        if projected is None or (known is not None and known.due_at <= projected[1]):
            return known
        return Occurrence(*projected)

    def upcoming(self, start: datetime, end: datetime) -> list[Upcoming]:
        """Occurrences of every reminder within ``[start, end)``, in time order."""
        end = min(end, start + CALENDAR_RANGE)
        # The future is projected from the schedule; the past is what really happened.
        projected_from = max(start, dt_util.utcnow()) - timedelta(microseconds=1)
        found: list[Upcoming] = []
        for rid, reminder in self.reminders.items():
            known = {o.key: o for o in self._books[rid].upcoming(start, end)}
            for nominal, instant in occurrences(
                reminder.spec.schedule, self.zone, projected_from, end
            ):
                if instant < end:
                    known.setdefault(nominal.isoformat(), Occurrence(nominal, instant))
            found.extend(Upcoming(reminder, occ) for occ in known.values())
        return sorted(found, key=lambda item: (item.occurrence.due_at, item.reminder.spec.name))
