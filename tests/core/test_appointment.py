"""Appointments: the link, the place, the time and the reminders before."""
# ruff: noqa: DTZ001  (appointment times are naive wall-clock times by design)

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from custom_components.digiohjaus.core.appointment import (
    lead_times,
    parse_leads,
    parse_when,
    validate_link,
    validate_place,
)
from custom_components.digiohjaus.core.reminder_spec import ReminderInputError

NOW = datetime(2027, 1, 15, 7, 0)


@pytest.mark.parametrize(
    "link",
    [
        "https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc/0?context=x",
        "  https://vastaanotto.example.fi/room/42  ",
    ],
)
def test_a_complete_https_link_is_accepted(link: str) -> None:
    assert validate_link(link) == link.strip()


@pytest.mark.parametrize(
    "link",
    [
        "teams.microsoft.com/l/meetup",
        "http://example.fi/room",
        "https://",
        "https://localhost/room",
        "https://exa mple.fi",
        "javascript:alert(1)",
        "https://[::1",
        "https://example.fi/" + "x" * 500,
    ],
)
def test_a_malformed_link_is_refused(link: str) -> None:
    with pytest.raises(ReminderInputError) as err:
        validate_link(link)
    assert err.value.key == "link_invalid"


def test_no_link_and_no_place_are_fine() -> None:
    assert validate_link(None) is None
    assert validate_link("  ") is None
    assert validate_place(None) is None
    assert validate_place("  Terveysasema,   Kalliontie 5 ") == "Terveysasema, Kalliontie 5"
    with pytest.raises(ReminderInputError) as err:
        validate_place("x" * 101)
    assert err.value.key == "place_too_long"


def test_the_time_must_be_ahead() -> None:
    assert parse_when("2027-01-16 14:00:00", NOW) == datetime(2027, 1, 16, 14, 0)
    assert parse_when("2027-01-15T07:01", NOW) == datetime(2027, 1, 15, 7, 1)
    for past in ("2027-01-15 07:00:00", "2026-12-24 12:00:00"):
        with pytest.raises(ReminderInputError) as err:
            parse_when(past, NOW)
        assert err.value.key == "when_in_past"
    with pytest.raises(ReminderInputError) as err:
        parse_when("huomenna", NOW)
    assert err.value.key == "when_invalid"


def test_leads_from_the_list_longest_first() -> None:
    assert parse_leads(["30", "1440"]) == (1440, 30)
    assert parse_leads([]) == ()
    assert lead_times((1440, 30)) == (timedelta(days=1), timedelta(minutes=30))
    for bad in (["45"], ["puoli tuntia"]):
        with pytest.raises(ReminderInputError) as err:
            parse_leads(bad)
        assert err.value.key == "lead_invalid"
