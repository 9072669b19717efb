"""When a reminder falls due: recurrences and their instants in a time zone, DST-safe.

A schedule yields *nominal* times: naive local wall-clock datetimes such as
2027-03-28 03:30 ("half past three on that Sunday"). :func:`resolve` turns a nominal
time into the one real instant it fires at:

- a nominal time inside the hour skipped when clocks go forward fires once, at the
  first valid instant after it (the moment the clocks jump), never before it;
- a nominal time inside the hour repeated when clocks go back fires once, at its
  first occurrence;
- every other nominal time fires at exactly that wall-clock time, so a 08:00
  reminder stays at 08:00 local all year.

The nominal time also names the occurrence (its ``key``), so an occurrence keeps its
identity across restarts and daylight-saving changes.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Final
from zoneinfo import ZoneInfo

from .errors import KeyedError
from .profile import ProfileError, parse_time_of_day
from .shared import Shared

MAX_TIMES_PER_DAY: Final = 8
WEEKDAYS: Final = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_ONE_DAY: Final = timedelta(days=1)
_WEEKDAY_SETS: Final[Shared[frozenset[int]]] = Shared(limit=128)  # 127 possible sets
_TIME_LISTS: Final[Shared[tuple[time, ...]]] = Shared()


class ScheduleError(KeyedError, ValueError):
    """A schedule value is not acceptable; ``key`` names the translated error."""


@dataclass(frozen=True, slots=True)
class Weekly:
    """Times of day on chosen weekdays (medication, meals, home routine)."""

    times: tuple[time, ...]
    weekdays: frozenset[int]  # Monday is 0

    def __post_init__(self) -> None:
        """Refuse a schedule that would never fire."""
        if not self.times:
            raise ScheduleError("no_times")
        if not self.weekdays or not self.weekdays <= set(range(7)):
            raise ScheduleError("no_weekdays")

    def nominals_from(self, day: date) -> Iterator[datetime]:
        """Yield nominal times from the start of ``day`` onwards, in order."""
        times = sorted(self.times)
        while True:
            if day.weekday() in self.weekdays:
                for at in times:
                    yield datetime.combine(day, at)
            day += _ONE_DAY


@dataclass(frozen=True, slots=True)
class Monthly:
    """A day of month at a time (rent, bills); 31 means the last day of shorter months.

    ``every`` months apart, counted from the month of ``start`` (the first due month).
    """

    day: int
    at: time
    every: int = 1
    start: date | None = None

    def __post_init__(self) -> None:
        """Refuse days that no month has and intervals that make no sense."""
        if not 1 <= self.day <= 31:  # noqa: PLR2004
            raise ScheduleError("invalid_day_of_month")
        if not 1 <= self.every <= 12 or (self.every > 1 and self.start is None):  # noqa: PLR2004
            raise ScheduleError("invalid_interval")

    def nominals_from(self, day: date) -> Iterator[datetime]:
        """Yield nominal times from the start of ``day`` onwards, in order."""
        year, month = day.year, day.month
        if self.start is not None and (self.start.year, self.start.month) > (year, month):
            year, month = self.start.year, self.start.month
        first = self.start or day
        while True:
            months_from_start = (year - first.year) * 12 + month - first.month
            if months_from_start % self.every == 0:
                nominal = datetime.combine(
                    date(year, month, min(self.day, monthrange(year, month)[1])), self.at
                )
                if nominal.date() >= max(day, first):
                    yield nominal
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)  # noqa: PLR2004


@dataclass(frozen=True, slots=True)
class Once:
    """A single nominal date-time (an appointment, a one-off bill)."""

    at: datetime  # naive local

    def __post_init__(self) -> None:
        """A nominal time is a wall-clock time: it carries no time zone."""
        if self.at.tzinfo is not None:
            raise ScheduleError("invalid_datetime")

    def nominals_from(self, day: date) -> Iterator[datetime]:
        """Yield the one nominal time if it is on or after ``day``."""
        if self.at.date() >= day:
            yield self.at


type Schedule = Weekly | Monthly | Once


def parse_times(values: Iterable[str]) -> tuple[time, ...]:
    """Parse 1–8 distinct times of day (``H:MM`` or ``HH:MM:SS``), sorted.

    Equal lists of times are one tuple (:class:`~.shared.Shared`): fifty medicines at 08,
    12, 16 and 20 share one tuple and its four times.
    """
    try:
        times = [parse_time_of_day(str(value)) for value in values]
    except ProfileError as err:
        raise ScheduleError("invalid_time") from err
    if not times:
        raise ScheduleError("no_times")
    if len(set(times)) != len(times):
        raise ScheduleError("duplicate_times")
    if len(times) > MAX_TIMES_PER_DAY:
        raise ScheduleError("too_many_times")
    return _TIME_LISTS(tuple(sorted(times)))


def parse_weekdays(values: Iterable[str]) -> frozenset[int]:
    """Parse weekday codes (``mon`` … ``sun``) into weekday numbers, Monday 0.

    Equal sets are one object (:class:`~.shared.Shared`): fifty medicines taken every day
    share one set instead of keeping fifty.
    """
    codes = list(values)
    if not codes:
        raise ScheduleError("no_weekdays")
    if not set(codes) <= set(WEEKDAYS):
        raise ScheduleError("invalid_weekday")
    days = frozenset(WEEKDAYS.index(code) for code in codes)
    return _WEEKDAY_SETS(days)


def _wall(instant: datetime, zone: ZoneInfo) -> datetime:
    return instant.astimezone(zone).replace(tzinfo=None)


@lru_cache(maxsize=4096)
def resolve(nominal: datetime, zone: ZoneInfo) -> datetime:
    """Return the UTC instant a nominal local time fires at (see the module's rules).

    Kept for the times asked lately: fifty medicines at 08:00 resolve the same time, and
    every pass reads the next few times of each schedule again.
    """
    first = nominal.replace(tzinfo=zone, fold=0).astimezone(UTC)
    if _wall(first, zone) == nominal:
        return first  # an ordinary time, or the first pass of a repeated hour
    # A skipped time: clocks jump past it. Find the instant of the jump, the first
    # instant whose wall-clock time is not before the nominal time.
    low = nominal.replace(tzinfo=zone, fold=1).astimezone(UTC)
    high = first
    low, high = min(low, high), max(low, high)
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if _wall(middle, zone) >= nominal:
            high = middle
        else:
            low = middle
    return high.replace(microsecond=0)


def shift(nominal: datetime, instant: datetime, offset: timedelta, zone: ZoneInfo) -> datetime:
    """Move an occurrence's instant by ``offset``.

    Whole days move on the wall clock ("three days before, at the same time"); other
    offsets are real durations ("30 minutes before", "grace of 60 minutes").
    """
    if not offset.seconds and not offset.microseconds:  # whole days (the same as % one day)
        return resolve(nominal + offset, zone)
    return instant + offset


def occurrences(
    schedule: Schedule, zone: ZoneInfo, start: datetime, end: datetime
) -> Iterator[tuple[datetime, datetime]]:
    """Yield ``(nominal, instant)`` for every instant in ``(start, end]``, in order.

    Resolution never moves a time backwards and never past a later nominal time,
    so instants come in the order of their nominal times.
    """
    for nominal in schedule.nominals_from(_wall(start, zone).date() - _ONE_DAY):
        instant = resolve(nominal, zone)
        if instant > end:
            return
        if instant > start:
            yield nominal, instant


def next_occurrence(
    schedule: Schedule, zone: ZoneInfo, after: datetime
) -> tuple[datetime, datetime] | None:
    """Return the first ``(nominal, instant)`` strictly after ``after``, if any."""
    for nominal in schedule.nominals_from(_wall(after, zone).date() - _ONE_DAY):
        instant = resolve(nominal, zone)
        if instant > after:
            return nominal, instant
    return None
