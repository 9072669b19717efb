"""Home routine reminders ("Kotityö"): a weekly task such as vacuuming on Tuesdays at 10, "Tehty".

The seed's home-care card: a weekly programme, and timers, reminders and a calendar for
the daily chores.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Final

from .kind import ReminderKind
from .weekly import WeeklySubentryFlow, weekly_schedule, weekly_timing

SUBENTRY_ROUTINE: Final = "routine"
DEFAULT_GRACE_MINUTES: Final = 480
DEFAULT_SNOOZE_MINUTES: Final = 30
# A chore done in the morning before its reminder counts.
EARLY: Final = timedelta(hours=3)


class RoutineSubentryFlow(WeeklySubentryFlow):
    """Add a home routine task ("Lisää kotityö") or change it."""

    default_times = ("10:00",)
    default_weekdays = ("tue",)
    default_grace = DEFAULT_GRACE_MINUTES
    default_snooze = DEFAULT_SNOOZE_MINUTES


KIND: Final = ReminderKind(
    kind=SUBENTRY_ROUTINE,
    emoji="🧹",
    flow=RoutineSubentryFlow,
    schedule=weekly_schedule,
    timing=weekly_timing(DEFAULT_GRACE_MINUTES, DEFAULT_SNOOZE_MINUTES, EARLY),
    calendar_duration=timedelta(minutes=60),
)
