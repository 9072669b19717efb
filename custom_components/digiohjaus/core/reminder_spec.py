"""What the worker sets up for a reminder, and the checks on what they type.

A :class:`ReminderSpec` is one reminder as set up on the home visit: which reminder, of what
kind, its name, schedule and timing. The checks here turn a worker's input into values the
reminder can use, or raise :class:`ReminderInputError` naming the translated error.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from .errors import KeyedError
from .numbers import whole_in_range
from .occurrence import Timing
from .schedule import Schedule

MAX_NAME_LENGTH: Final = 60


class ReminderInputError(KeyedError, ValueError):
    """A value the worker entered is not acceptable; ``key`` names the translated error."""


def validate_text(value: str, key: str, max_length: int = MAX_NAME_LENGTH) -> str:
    """Return the trimmed text; ``<key>_empty`` or ``<key>_too_long`` when it is not fit."""
    text = " ".join(str(value).split())
    if not text:
        raise ReminderInputError(f"{key}_empty")
    if len(text) > max_length:
        raise ReminderInputError(f"{key}_too_long")
    return text


def validate_minutes(value: object, low: int, high: int, key: str) -> int:
    """Return whole minutes within ``[low, high]``; ``<key>_out_of_range`` otherwise."""
    minutes = whole_in_range(value, low, high)
    if minutes is None:
        raise ReminderInputError(f"{key}_out_of_range")
    return minutes


@dataclass(frozen=True, slots=True)
class ReminderSpec:
    """What the worker set up: which reminder, of what kind, when, and how strict."""

    reminder_id: str
    kind: str
    name: str
    schedule: Schedule
    timing: Timing
