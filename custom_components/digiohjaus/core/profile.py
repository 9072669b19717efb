"""The client's profile on the home hub: alias, language, check-in deadline, home visits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Final

from .errors import KeyedError
from .numbers import whole_in_range

LANGUAGES: Final = ("fi", "sv", "en")
MIN_VISIT_INTERVAL_DAYS: Final = 7
MAX_VISIT_INTERVAL_DAYS: Final = 365
MAX_ALIAS_LENGTH: Final = 40


class ProfileError(KeyedError, ValueError):
    """A profile value is not acceptable; ``key`` names the translated error."""


def _two_ascii_digits(part: str) -> bool:
    """One or two of 0–9 (not "²", not "٣": ``str.isdigit`` alone lets those through)."""
    return part.isascii() and part.isdigit() and len(part) <= 2  # noqa: PLR2004


def parse_time_of_day(value: str) -> time:
    """Parse ``H:MM`` or ``HH:MM:SS`` (24-hour clock) into a naive time of day."""
    parts = value.strip().split(":")
    if len(parts) not in (2, 3) or not all(_two_ascii_digits(p) for p in parts):
        raise ProfileError("invalid_time")
    hour, minute, *rest = (int(p) for p in parts)
    second = rest[0] if rest else 0
    if hour > 23 or minute > 59 or second > 59:  # noqa: PLR2004
        raise ProfileError("invalid_time")
    return time(hour, minute, second)


def validate_alias(value: str) -> str:
    """Return the trimmed alias; a first name or nickname, never empty or long."""
    alias = " ".join(value.split())
    if not alias:
        raise ProfileError("alias_empty")
    if len(alias) > MAX_ALIAS_LENGTH:
        raise ProfileError("alias_too_long")
    return alias


def validate_language(value: str) -> str:
    """Return the language code if the hub speaks it."""
    if value not in LANGUAGES:
        raise ProfileError("invalid_language")
    return value


def validate_visit_interval(value: object) -> int:
    """Return the home-visit interval in whole days, within the allowed range."""
    days = whole_in_range(value, MIN_VISIT_INTERVAL_DAYS, MAX_VISIT_INTERVAL_DAYS)
    if days is None:
        raise ProfileError("interval_out_of_range")
    return days


def validate_last_visit(value: date, today: date) -> date:
    """Return the date of the last home visit; it cannot be in the future."""
    if value > today:
        raise ProfileError("last_visit_in_future")
    return value


@dataclass(frozen=True, slots=True)
class HubProfile:
    """What the worker and the client agreed on the first home visit."""

    alias: str
    language: str
    check_in_deadline: time
    visit_interval_days: int
    last_visit: date

    @property
    def next_visit_due(self) -> date:
        """The date by which the next face-to-face home visit is due."""
        return self.last_visit + timedelta(days=self.visit_interval_days)

    def visit_overdue(self, today: date) -> bool:
        """Whether the next home visit is already late on ``today``."""
        return today > self.next_visit_due
