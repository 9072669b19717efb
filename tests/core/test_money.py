"""Rent and bills: amounts, due days, repeats and the days before and after."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from custom_components.digiohjaus.core.money import (
    GRACE_DAYS_RANGE,
    LEAD_DAYS_RANGE,
    Repeat,
    bill_schedule,
    early_window,
    format_amount,
    validate_amount,
    validate_day_of_month,
    validate_days,
)
from custom_components.digiohjaus.core.reminder_spec import ReminderInputError
from custom_components.digiohjaus.core.schedule import Once, occurrences

HELSINKI = ZoneInfo("Europe/Helsinki")


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, None), ("", None), ("  ", None), (650, 650.0), ("650,5", 650.5), (45.899, 45.9)],
)
def test_amount_is_optional_and_in_cents(value: float | str | None, expected: float | None) -> None:
    assert validate_amount(value) == expected


@pytest.mark.parametrize("value", [0, -5, 100_000.01, "kuusisataa", "nan"])
def test_impossible_amounts_are_refused(value: float | str) -> None:
    with pytest.raises(ReminderInputError) as err:
        validate_amount(value)
    assert err.value.key == "amount_out_of_range"


@pytest.mark.parametrize(
    ("amount", "language", "text"),
    [
        (650, "fi", "650 €"),
        (650.5, "fi", "650,50 €"),
        (1200.5, "sv", "1 200,50 €"),
        (1200.5, "en", "€1,200.50"),
        (45, "en", "€45"),
    ],
)
def test_amounts_are_written_as_the_language_writes_them(
    amount: float, language: str, text: str
) -> None:
    assert format_amount(amount, language) == text


@pytest.mark.parametrize("day", [0, 32, 1.5, -1])
def test_days_that_no_month_has_are_refused(day: float) -> None:
    with pytest.raises(ReminderInputError) as err:
        validate_day_of_month(day)
    assert err.value.key == "invalid_day_of_month"


def test_due_days_and_ranges() -> None:
    assert validate_day_of_month(31) == 31
    assert validate_day_of_month(1.0) == 1
    assert validate_days(0, LEAD_DAYS_RANGE, "lead_days") == 0
    with pytest.raises(ReminderInputError) as err:
        validate_days(0, GRACE_DAYS_RANGE, "grace_days")
    assert err.value.key == "grace_days_out_of_range"
    with pytest.raises(ReminderInputError):
        validate_days(2.5, LEAD_DAYS_RANGE, "lead_days")


def test_paying_early_counts_from_two_weeks_or_the_lead() -> None:
    assert early_window(3) == timedelta(days=14)
    assert early_window(21) == timedelta(days=21)


def _due_dates(repeat: Repeat, first: date, until: datetime) -> list[date]:
    schedule = bill_schedule(first, time(9), repeat)
    start = datetime(2026, 12, 31, tzinfo=UTC)
    return [n.date() for n, _ in occurrences(schedule, HELSINKI, start, until)]


def test_bills_once_monthly_quarterly_and_yearly() -> None:
    until = datetime(2028, 12, 31, tzinfo=UTC)
    assert isinstance(bill_schedule(date(2027, 1, 20), time(9), Repeat.ONCE), Once)
    assert _due_dates(Repeat.ONCE, date(2027, 1, 20), until) == [date(2027, 1, 20)]
    monthly = _due_dates(Repeat.MONTHLY, date(2027, 1, 31), datetime(2027, 5, 1, tzinfo=UTC))
    assert monthly == [date(2027, 1, 31), date(2027, 2, 28), date(2027, 3, 31), date(2027, 4, 30)]
    assert _due_dates(Repeat.QUARTERLY, date(2027, 2, 15), datetime(2028, 1, 1, tzinfo=UTC)) == [
        date(2027, 2, 15),
        date(2027, 5, 15),
        date(2027, 8, 15),
        date(2027, 11, 15),
    ]
    assert _due_dates(Repeat.YEARLY, date(2027, 3, 1), until) == [
        date(2027, 3, 1),
        date(2028, 3, 1),
    ]
