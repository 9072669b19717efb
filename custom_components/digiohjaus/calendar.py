"""The calendar: only the client home hub has one (hub/calendar.py)."""

from __future__ import annotations

from .data import role_platform
from .hub import calendar as hub

PARALLEL_UPDATES = 0

async_setup_entry = role_platform(hub.async_setup_entry)
