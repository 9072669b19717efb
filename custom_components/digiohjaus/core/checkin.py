"""The daily check-in: a 1–5 wellbeing scale, a short note, and which days were missed.

Pure Python: the hub adapter (``hub/checkin.py``) persists :class:`CheckInState` with a
``Store`` and sets a one-shot timer at :func:`next_deadline`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any, Final

from .errors import KeyedError
from .localtime import at_local, next_at_local
from .numbers import whole_in_range

MIN_MOOD: Final = 1
MAX_MOOD: Final = 5
# The scale from the worst to the best day; these keys name the tablet's buttons.
MOOD_KEYS: Final = ("very_bad", "bad", "ok", "good", "very_good")
MAX_NOTE_LENGTH: Final = 500
HISTORY_DAYS: Final = 400


class CheckInError(KeyedError, ValueError):
    """A check-in value is not acceptable; ``key`` names the translated error."""


def validate_mood(value: object) -> int:
    """Return the mood as an int on the 1–5 scale."""
    mood = whole_in_range(value, MIN_MOOD, MAX_MOOD)
    if mood is None:
        raise CheckInError("mood_out_of_range")
    return mood


def validate_note(value: str | None) -> str | None:
    """Return the trimmed note (``None`` when empty); at most 500 characters."""
    if value is None:
        return None
    note = value.strip()
    if len(note) > MAX_NOTE_LENGTH:
        raise CheckInError("note_too_long")
    return note or None


@dataclass(frozen=True, slots=True)
class CheckIn:
    """One tap on the wellbeing scale."""

    at: datetime
    mood: int
    note: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping for the store."""
        return {"at": self.at.isoformat(), "mood": self.mood, "note": self.note}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CheckIn:
        """Rebuild a check-in from the store."""
        return cls(datetime.fromisoformat(data["at"]), int(data["mood"]), data.get("note"))


@dataclass(slots=True)
class DayRecord:
    """One day: its (latest) check-in, and whether its deadline passed without one."""

    check_in: CheckIn | None = None
    missed: bool = False


def deadline_on(day: date, deadline: time, tz: tzinfo) -> datetime:
    """The instant of ``day``'s check-in deadline."""
    return at_local(day, deadline, tz)


def next_deadline(after: datetime, deadline: time, tz: tzinfo) -> datetime:
    """The first check-in deadline strictly after ``after``."""
    return next_at_local(after, deadline, tz)


@dataclass(slots=True)
class CheckInState:
    """Check-in history (400 days) and how far missed days have been determined.

    ``checked_until`` is the instant up to which deadlines have been evaluated: a deadline
    is judged exactly once, even when the hub was off at the time.
    """

    days: dict[date, DayRecord] = field(default_factory=dict)
    checked_until: datetime | None = None

    def record(self, check_in: CheckIn, tz: tzinfo) -> date:
        """Record a check-in on its local day (the latest of a day wins); return the day."""
        day = check_in.at.astimezone(tz).date()
        self.days.setdefault(day, DayRecord()).check_in = check_in
        return day

    def checked_in_on(self, day: date) -> bool:
        """Whether the client checked in on ``day`` (late check-ins count)."""
        record = self.days.get(day)
        return record is not None and record.check_in is not None

    def check_in_on(self, day: date) -> CheckIn | None:
        """The check-in of ``day``, if any."""
        record = self.days.get(day)
        return record.check_in if record else None

    @property
    def last_check_in(self) -> CheckIn | None:
        """The latest check-in ever recorded."""
        for day in sorted(self.days, reverse=True):
            if (check_in := self.days[day].check_in) is not None:
                return check_in
        return None

    def streak(self, today: date) -> int:
        """Days in a row with a check-in, ending today (or yesterday while today is open)."""
        day = today if self.checked_in_on(today) else today - timedelta(days=1)
        count = 0
        while self.checked_in_on(day):
            count += 1
            day -= timedelta(days=1)
        return count

    def missed_days(self, first: date, last: date) -> int:
        """Days from ``first`` to ``last`` whose deadline passed without any check-in."""
        return sum(
            1
            for day, record in self.days.items()
            if first <= day <= last and record.missed and record.check_in is None
        )

    def evaluate(self, now: datetime, deadline: time, tz: tzinfo) -> list[date]:
        """Judge every deadline since the last evaluation; return the days newly missed.

        The first evaluation only starts the clock: days before the hub ran are not missed.
        A day is missed at most once, even if the deadline is moved later on the same day.
        """
        now = now.astimezone(UTC)
        since, self.checked_until = self.checked_until, now
        if since is None or now <= since:
            return []
        oldest = now.astimezone(tz).date() - timedelta(days=HISTORY_DAYS - 1)
        since = max(since, deadline_on(oldest, deadline, tz) - timedelta(seconds=1))
        missed: list[date] = []
        cursor = since
        while (due := next_deadline(cursor, deadline, tz)) <= now:
            day = due.astimezone(tz).date()
            record = self.days.setdefault(day, DayRecord())
            if record.check_in is None and not record.missed:
                record.missed = True
                missed.append(day)
            cursor = due
        return missed

    def prune(self, today: date) -> None:
        """Forget days older than the 400-day history."""
        oldest = today - timedelta(days=HISTORY_DAYS - 1)
        for day in [d for d in self.days if d < oldest]:
            del self.days[day]

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping for the store."""
        return {
            "checked_until": self.checked_until.isoformat() if self.checked_until else None,
            "days": {
                day.isoformat(): {
                    "check_in": record.check_in.as_dict() if record.check_in else None,
                    "missed": record.missed,
                }
                for day, record in sorted(self.days.items())
            },
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CheckInState:
        """Rebuild the state from the store."""
        until = data.get("checked_until")
        return cls(
            days={
                date.fromisoformat(day): DayRecord(
                    check_in=CheckIn.from_dict(raw["check_in"]) if raw.get("check_in") else None,
                    missed=bool(raw.get("missed")),
                )
                for day, raw in data.get("days", {}).items()
            },
            checked_until=datetime.fromisoformat(until).astimezone(UTC) if until else None,
        )
