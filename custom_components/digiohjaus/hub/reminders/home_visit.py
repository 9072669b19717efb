"""The home visit as a kind of reminder: the hub's own, not a subentry (see ``hub/visits.py``).

Due from the start of the day the next visit is due, overdue (missed) from the start of
the next day; no message to the client, only events for the worker's automations.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Any, Final

from ...core.occurrence import Timing
from ...core.schedule import Once
from .kind import ReminderKind

HOME_VISIT: Final = "home_visit"  # the kind, and the reminder's id on the hub
CONF_DUE: Final = "due"


def due_schedule(data: Mapping[str, Any]) -> Once:
    """Due from the start of the day the next visit is due."""
    return Once(datetime.combine(date.fromisoformat(data[CONF_DUE]), time(0)))


def due_timing(data: Mapping[str, Any]) -> Timing:
    """Overdue from the start of the next day; the worker confirms it whenever it happens."""
    return Timing(grace=timedelta(days=1), snooze=timedelta(0))


KIND: Final = ReminderKind(
    kind=HOME_VISIT,
    emoji="🤝",
    flow=None,
    schedule=due_schedule,
    timing=due_timing,
    snooze=False,
    notify_client=False,
    all_day=True,
)
