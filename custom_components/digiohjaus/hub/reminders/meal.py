"""Meal reminders ("Ateria"): a meal's name, its times on chosen weekdays, "Syöty".

The seed's food card: phone reminders of meal times help keep up regular eating.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Final

from .kind import ReminderKind
from .weekly import WeeklySubentryFlow, weekly_schedule, weekly_timing

SUBENTRY_MEAL: Final = "meal"
DEFAULT_GRACE_MINUTES: Final = 90
DEFAULT_SNOOZE_MINUTES: Final = 15
# Eating a little before the agreed time counts, and then no reminder is sent.
EARLY: Final = timedelta(minutes=60)


class MealSubentryFlow(WeeklySubentryFlow):
    """Add a meal time ("Lisää ateria") or change it."""

    default_times = ("12:00",)
    default_grace = DEFAULT_GRACE_MINUTES
    default_snooze = DEFAULT_SNOOZE_MINUTES


KIND: Final = ReminderKind(
    kind=SUBENTRY_MEAL,
    emoji="🍽️",
    flow=MealSubentryFlow,
    schedule=weekly_schedule,
    timing=weekly_timing(DEFAULT_GRACE_MINUTES, DEFAULT_SNOOZE_MINUTES, EARLY),
    calendar_duration=timedelta(minutes=30),
)
