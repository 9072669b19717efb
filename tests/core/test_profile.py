"""The client's profile: parsing and validating what the worker enters."""

from __future__ import annotations

from datetime import date, time

import pytest

from custom_components.digiohjaus.core.profile import (
    HubProfile,
    ProfileError,
    parse_time_of_day,
    validate_alias,
    validate_language,
    validate_last_visit,
    validate_visit_interval,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12:00", time(12)),
        ("7:05", time(7, 5)),
        ("08:30:15", time(8, 30, 15)),
        (" 23:59 ", time(23, 59)),
    ],
)
def test_parse_time_of_day(text: str, expected: time) -> None:
    assert parse_time_of_day(text) == expected


@pytest.mark.parametrize("text", ["25:00", "12:60", "12", "noon", "123:00", "12:00:61", ""])
def test_parse_time_of_day_rejects(text: str) -> None:
    with pytest.raises(ProfileError) as err:
        parse_time_of_day(text)
    assert err.value.key == "invalid_time"


def test_alias_is_trimmed_and_bounded() -> None:
    assert validate_alias("  Maija   M. ") == "Maija M."
    with pytest.raises(ProfileError, match="alias_empty"):
        validate_alias("   ")
    with pytest.raises(ProfileError, match="alias_too_long"):
        validate_alias("x" * 41)


def test_language() -> None:
    assert validate_language("sv") == "sv"
    with pytest.raises(ProfileError, match="invalid_language"):
        validate_language("de")


@pytest.mark.parametrize("days", [7, 180, 365])
def test_visit_interval_accepts(days: int) -> None:
    assert validate_visit_interval(float(days)) == days


@pytest.mark.parametrize("days", [0, 6, 366, 12.5])
def test_visit_interval_rejects(days: float) -> None:
    with pytest.raises(ProfileError, match="interval_out_of_range"):
        validate_visit_interval(days)


def test_last_visit_not_in_future() -> None:
    today = date(2026, 11, 28)
    assert validate_last_visit(today, today) == today
    with pytest.raises(ProfileError, match="last_visit_in_future"):
        validate_last_visit(date(2026, 11, 29), today)


def test_next_visit_due_and_overdue() -> None:
    profile = HubProfile("Maija", "fi", time(12), 180, date(2026, 6, 1))
    assert profile.next_visit_due == date(2026, 11, 28)
    assert not profile.visit_overdue(date(2026, 11, 28))
    assert profile.visit_overdue(date(2026, 11, 29))
