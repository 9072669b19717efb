"""Rent and bills: amounts in euros, due days, and how many days before and after count.

The seed's money card: phone reminders for paying the rent and the bills. A reminder
goes out some days before the due day and on the day; "paid" confirms it; unpaid some
days after the due day it is missed. Nothing here knows about Home Assistant.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Final

from .numbers import whole_in_range
from .reminder_spec import ReminderInputError
from .schedule import Monthly, Once, Schedule

MAX_AMOUNT: Final = 100_000
LEAD_DAYS_RANGE: Final = (0, 28)
GRACE_DAYS_RANGE: Final = (1, 28)
# Paying early counts from two weeks before the due day (or from the lead reminder if earlier).
EARLY_DAYS: Final = 14


class Repeat(StrEnum):
    """How often a bill comes."""

    ONCE = "once"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"


MONTHS_APART: Final = {Repeat.MONTHLY: 1, Repeat.QUARTERLY: 3, Repeat.YEARLY: 12}


def validate_amount(value: float | str | None) -> float | None:
    """Return the amount in euros rounded to cents, or ``None`` when none was given."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        amount = round(float(str(value).replace(",", ".")), 2)
    except ValueError as err:
        raise ReminderInputError("amount_out_of_range") from err
    if not 0 < amount <= MAX_AMOUNT:
        raise ReminderInputError("amount_out_of_range")
    return amount


def validate_days(value: object, bounds: tuple[int, int], key: str) -> int:
    """Return whole days within ``bounds``; ``<key>_out_of_range`` otherwise."""
    days = whole_in_range(value, *bounds)
    if days is None:
        raise ReminderInputError(f"{key}_out_of_range")
    return days


def validate_day_of_month(value: object) -> int:
    """Return a due day of the month, 1–31 (31 is the last day of shorter months)."""
    day = whole_in_range(value, 1, 31)
    if day is None:
        raise ReminderInputError("invalid_day_of_month")
    return day


def format_amount(amount: float, language: str) -> str:
    """Write euros the way the hub's language does: ``1 200,50 €`` or ``€1,200.50``."""
    cents = round(amount * 100) % 100
    text = f"{amount:,.2f}" if cents else f"{amount:,.0f}"
    if language == "en":
        return f"€{text}"
    return text.replace(",", " ").replace(".", ",") + " €"


def bill_schedule(due: date, at: time, repeat: Repeat) -> Schedule:
    """A bill's schedule: once on ``due``, or every 1, 3 or 12 months from it."""
    if repeat is Repeat.ONCE:
        return Once(datetime.combine(due, at))
    return Monthly(day=due.day, at=at, every=MONTHS_APART[repeat], start=due)


def early_window(lead_days: int) -> timedelta:
    """From when paying counts: two weeks before, or from the lead reminder if earlier."""
    return timedelta(days=max(EARLY_DAYS, lead_days))
