"""Reminders the core tests share."""

from __future__ import annotations

from datetime import time, timedelta

from custom_components.digiohjaus.core.occurrence import Timing
from custom_components.digiohjaus.core.reminder_spec import ReminderSpec
from custom_components.digiohjaus.core.schedule import Weekly

# Burana at 08, 12, 16 and 20 every day: an hour to take it, shown two hours early.
FOUR_A_DAY = ReminderSpec(
    reminder_id="med1",
    kind="medication",
    name="Burana",
    schedule=Weekly(times=(time(8), time(12), time(16), time(20)), weekdays=frozenset(range(7))),
    timing=Timing(
        grace=timedelta(minutes=60), snooze=timedelta(minutes=10), early=timedelta(minutes=120)
    ),
)
