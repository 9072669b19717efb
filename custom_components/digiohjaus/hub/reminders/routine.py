"""Home routine reminders ("Kotityö"): a weekly task such as vacuuming on Tuesdays at 10, "Tehty".

The seed's home-care card: a weekly programme, and timers, reminders and a calendar for
the daily chores.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Final

from .weekly import WeeklySpec, WeeklySubentryFlow

ROUTINE: Final = WeeklySpec(
    kind="routine",
    emoji="🧹",
    times=("10:00",),
    weekdays=("tue",),
    grace_minutes=480,
    snooze_minutes=30,
    early=timedelta(hours=3),  # a chore done in the morning before its reminder counts
    calendar_duration=timedelta(minutes=60),
)


class RoutineSubentryFlow(WeeklySubentryFlow):
    """Add a home routine task ("Lisää kotityö") or change it."""

    spec = ROUTINE


KIND: Final = ROUTINE.reminder_kind(RoutineSubentryFlow)
