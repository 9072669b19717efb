"""Appointments: when, where or which video link, and the reminders before them.

The seed's service card: reminders of appointments to the phone, and for a video meeting
the client tips (a charged device, a quiet spot without backlight, the link and what to
do if the video fails). Nothing here knows about Home Assistant.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Final
from urllib.parse import urlsplit

from .reminder_spec import ReminderInputError

MAX_PLACE_LENGTH: Final = 100
MAX_LINK_LENGTH: Final = 500
# The lead times a worker can choose from, in minutes: a week, two days, a day, 3, 2 and
# 1 hours, 30 and 15 minutes before.
LEAD_CHOICES: Final = (10080, 2880, 1440, 180, 120, 60, 30, 15)
DEFAULT_LEADS: Final = (1440, 30)


def validate_link(value: str | None) -> str | None:
    """Return the video meeting's address, or ``None`` when there is none.

    Only a complete ``https`` address with a host is accepted: the client taps it as is.
    """
    text = (value or "").strip()
    if not text:
        return None
    if len(text) > MAX_LINK_LENGTH or any(char.isspace() for char in text):
        raise ReminderInputError("link_invalid")
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError as err:
        raise ReminderInputError("link_invalid") from err
    if parts.scheme != "https" or not host or "." not in host:
        raise ReminderInputError("link_invalid")
    return text


def validate_place(value: str | None) -> str | None:
    """Return the place (an address, a room), or ``None`` when there is none."""
    text = " ".join(str(value or "").split())
    if len(text) > MAX_PLACE_LENGTH:
        raise ReminderInputError("place_too_long")
    return text or None


def parse_when(value: str, now: datetime) -> datetime:
    """Return the appointment's local wall-clock time (naive), which must be ahead of ``now``.

    ``now`` is the local wall-clock time, also naive.
    """
    try:
        when = datetime.fromisoformat(str(value).strip())
    except ValueError as err:
        raise ReminderInputError("when_invalid") from err
    when = when.replace(tzinfo=None, second=0, microsecond=0)
    if when <= now:
        raise ReminderInputError("when_in_past")
    return when


def parse_leads(values: Iterable[str | int]) -> tuple[int, ...]:
    """Return the chosen lead times in minutes, longest first (none is fine)."""
    try:
        minutes = {int(value) for value in values}
    except ValueError as err:
        raise ReminderInputError("lead_invalid") from err
    if not minutes <= set(LEAD_CHOICES):
        raise ReminderInputError("lead_invalid")
    return tuple(sorted(minutes, reverse=True))


def lead_times(minutes: Iterable[int]) -> tuple[timedelta, ...]:
    """The lead times as durations (whole days move on the wall clock in the engine)."""
    return tuple(timedelta(minutes=value) for value in minutes)
