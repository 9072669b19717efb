"""Meal reminders ("Ateria"): a meal's name, its times on chosen weekdays, "Syöty".

The seed's food card: phone reminders of meal times help keep up regular eating.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Final

from .weekly import WeeklySpec, WeeklySubentryFlow

MEAL: Final = WeeklySpec(
    kind="meal",
    emoji="🍽️",
    times=("12:00",),
    grace_minutes=90,
    snooze_minutes=15,
    early=timedelta(minutes=60),  # eating a little before the time counts, no reminder sent
    calendar_duration=timedelta(minutes=30),
)


class MealSubentryFlow(WeeklySubentryFlow):
    """Add a meal time ("Lisää ateria") or change it."""

    spec = MEAL


KIND: Final = MEAL.reminder_kind(MealSubentryFlow)
