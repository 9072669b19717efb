"""Where a reminder stands *today*, for the kitchen tablet.

The tablet lists only today's reminders and anything overdue. For one reminder:

- ``open``: it can be marked done now (due, snoozed, or inside its early window);
- ``upcoming``: it falls due later today, and marking it opens at ``marks_from``;
- ``done`` / ``missed``: today's last occurrence is behind us, with its outcome;
- ``none``: nothing today (the week's calendar shows what comes later).

An occurrence still open from an earlier day is ``open`` with ``overdue`` set.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from .occurrence import FINAL, OPEN, Occurrence, Status
from .reminder import ReminderBook
from .reminder_spec import ReminderSpec

REPEAT_TAP = timedelta(seconds=3)
"""A second tap on "done" this soon after a confirmation is the same tap again."""


class Today(StrEnum):
    """What the tablet does with a reminder today."""

    NONE = "none"
    UPCOMING = "upcoming"
    OPEN = "open"
    DONE = "done"
    MISSED = "missed"


@dataclass(frozen=True, slots=True)
class TodayLine:
    """One reminder's line on the tablet: what, when, and from when it can be marked."""

    today: Today
    at: datetime | None = None  # the occurrence's due time (UTC); when done, when it was done
    marks_from: datetime | None = None  # upcoming: when "done" starts to count
    overdue: bool = False  # open since an earlier day


def _local_day(at: datetime, zone: ZoneInfo) -> date:
    return at.astimezone(zone).date()


def _unresolved(book: ReminderBook) -> tuple[Occurrence, ...]:
    return book.unresolved()


def today_line(book: ReminderBook, spec: ReminderSpec, zone: ZoneInfo, now: datetime) -> TodayLine:
    """Classify one reminder for the tablet at ``now``."""
    today = _local_day(now, zone)
    pending = _unresolved(book)
    if (open_occ := next((o for o in pending if o.status in OPEN), None)) is not None:
        overdue = _local_day(open_occ.due_at, zone) < today
        return TodayLine(Today.OPEN, open_occ.due_at, overdue=overdue)
    upcoming = next((o for o in pending if o.status is Status.SCHEDULED), None)
    if upcoming is not None:
        marks_from = upcoming.early_from(spec.timing, zone)
        if now >= marks_from and _local_day(upcoming.due_at, zone) <= today:
            return TodayLine(Today.OPEN, upcoming.due_at)
        if _local_day(upcoming.due_at, zone) == today:
            return TodayLine(Today.UPCOMING, upcoming.due_at, marks_from=marks_from)
    finished = next((o for o in reversed(book.occurrences.values()) if o.status in FINAL), None)
    if finished is not None and _local_day(finished.due_at, zone) == today:
        if finished.status is Status.DONE:
            return TodayLine(Today.DONE, finished.resolved_at or finished.due_at)
        return TodayLine(Today.MISSED, finished.due_at)
    return TodayLine(Today.NONE)


def repeat_tap(
    book: ReminderBook, spec: ReminderSpec, zone: ZoneInfo, now: datetime, pressed_at: datetime
) -> bool:
    """Whether a press of the "done" button at ``pressed_at`` was for an occurrence already done.

    Either what the reminder shows is done (nothing can be marked before its next
    occurrence's early window), or an occurrence was confirmed moments before the press:
    a double tap must not confirm the next dose early. A missed one is not done.
    """
    current = book.current(spec, zone, now)
    if current is not None and current.status is Status.DONE:
        return True
    latest = next((o for o in reversed(book.occurrences.values()) if o.status in FINAL), None)
    return (
        latest is not None
        and latest.status is Status.DONE
        and latest.resolved_at is not None
        and latest.resolved_at >= pressed_at - REPEAT_TAP
    )
