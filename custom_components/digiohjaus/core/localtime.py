"""Wall-clock times on a given day in a time zone, safe on daylight-saving days.

Instants are returned in UTC: Python adds and compares datetimes that share a ``ZoneInfo``
by their wall-clock reading, which is wrong across a daylight-saving change.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Final

_MAX_GAP_MINUTES: Final = 180


def _exists(local: datetime) -> bool:
    """Whether a wall-clock time actually occurs (it does not inside a spring-forward gap)."""
    back = local.astimezone(UTC).astimezone(local.tzinfo)
    return back.replace(tzinfo=None) == local.replace(tzinfo=None)


def at_local(day: date, when: time, tz: tzinfo) -> datetime:
    """Return the instant (in UTC) of ``when`` o'clock on ``day`` in ``tz``.

    A time that occurs twice (autumn fall-back) is its first occurrence; a time that does
    not occur (spring-forward gap, e.g. 03:30 in Helsinki on 2027-03-28) is the first
    wall-clock minute after the gap.
    """
    local = datetime.combine(day, when, tzinfo=tz)
    if _exists(local):
        return local.astimezone(UTC)
    probe = local.replace(second=0, microsecond=0)
    for _ in range(_MAX_GAP_MINUTES):
        probe += timedelta(minutes=1)  # wall-clock arithmetic, on purpose
        if _exists(probe):
            return probe.astimezone(UTC)
    return local.astimezone(UTC)  # pragma: no cover - no real time zone has a gap this long


def next_at_local(after: datetime, when: time, tz: tzinfo) -> datetime:
    """Return the first instant (UTC) after ``after`` that is ``when`` o'clock in ``tz``."""
    after = after.astimezone(UTC)
    day = after.astimezone(tz).date()
    for offset in range(3):
        candidate = at_local(day + timedelta(days=offset), when, tz)
        if candidate > after:
            return candidate
    raise AssertionError("unreachable: a time of day recurs within two days")  # pragma: no cover
