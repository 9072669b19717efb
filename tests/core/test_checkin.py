"""The daily check-in: the scale, the note, streaks and missed days in Helsinki time."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from custom_components.digiohjaus.core.checkin import (
    HISTORY_DAYS,
    CheckIn,
    CheckInError,
    CheckInState,
    deadline_on,
    next_deadline,
    validate_mood,
    validate_note,
)

TZ = ZoneInfo("Europe/Helsinki")
NOON = time(12)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


@pytest.mark.parametrize(("value", "expected"), [(1, 1), (5, 5), ("3", 3), (4.0, 4)])
def test_mood_on_the_scale(value: object, expected: int) -> None:
    assert validate_mood(value) == expected


@pytest.mark.parametrize("value", [0, 6, -1, 2.5, "kolme", None, True, [3]])
def test_mood_off_the_scale(value: object) -> None:
    with pytest.raises(CheckInError) as err:
        validate_mood(value)
    assert err.value.key == "mood_out_of_range"


def test_note_is_trimmed_and_bounded() -> None:
    assert validate_note(None) is None
    assert validate_note("   ") is None
    assert validate_note("  väsyttää  ") == "väsyttää"
    assert validate_note("x" * 500) == "x" * 500
    with pytest.raises(CheckInError) as err:
        validate_note("x" * 501)
    assert err.value.key == "note_too_long"


def test_deadline_on_daylight_saving_days() -> None:
    # Spring forward 2027-03-28: 03:00 → 04:00; a 03:30 deadline becomes 04:00.
    assert deadline_on(date(2027, 3, 28), time(3, 30), TZ) == at("2027-03-28T04:00:00")
    assert deadline_on(date(2027, 3, 28), NOON, TZ) == datetime.fromisoformat("2027-03-28T09:00Z")
    # Fall back 2027-10-31: 03:30 happens twice; the first one (summer time) counts.
    first = deadline_on(date(2027, 10, 31), time(3, 30), TZ)
    assert first == datetime.fromisoformat("2027-10-31T00:30Z")
    assert deadline_on(date(2027, 10, 31), NOON, TZ) == datetime.fromisoformat("2027-10-31T10:00Z")


def test_next_deadline_is_strictly_after() -> None:
    assert next_deadline(at("2027-01-10T11:59:59"), NOON, TZ) == at("2027-01-10T12:00:00")
    assert next_deadline(at("2027-01-10T12:00:00"), NOON, TZ) == at("2027-01-11T12:00:00")
    # Across the spring-forward night the deadline stays at noon local time.
    assert next_deadline(at("2027-03-27T13:00:00"), NOON, TZ) == at("2027-03-28T12:00:00")


def test_first_evaluation_only_starts_the_clock() -> None:
    state = CheckInState()
    assert state.evaluate(at("2027-01-10T14:00:00"), NOON, TZ) == []
    assert state.checked_until == at("2027-01-10T14:00:00")
    assert state.missed_days(date(2027, 1, 1), date(2027, 1, 10)) == 0


def test_a_day_without_check_in_is_missed_exactly_once() -> None:
    state = CheckInState(checked_until=at("2027-01-10T08:00:00"))
    assert state.evaluate(at("2027-01-10T11:59:59"), NOON, TZ) == []
    assert state.evaluate(at("2027-01-10T12:00:00"), NOON, TZ) == [date(2027, 1, 10)]
    assert state.evaluate(at("2027-01-10T12:00:00"), NOON, TZ) == []
    assert state.evaluate(at("2027-01-10T18:00:00"), NOON, TZ) == []
    assert state.missed_days(date(2027, 1, 10), date(2027, 1, 10)) == 1


def test_moving_the_deadline_later_does_not_miss_a_day_twice() -> None:
    state = CheckInState(checked_until=at("2027-01-10T08:00:00"))
    assert state.evaluate(at("2027-01-10T12:00:00"), NOON, TZ) == [date(2027, 1, 10)]
    assert state.evaluate(at("2027-01-10T14:00:00"), time(14), TZ) == []


def test_checking_in_before_the_deadline_is_not_missed() -> None:
    state = CheckInState(checked_until=at("2027-01-10T08:00:00"))
    state.record(CheckIn(at("2027-01-10T09:15:00"), 4), TZ)
    assert state.evaluate(at("2027-01-10T12:00:00"), NOON, TZ) == []


def test_hub_off_for_days_marks_each_day_once() -> None:
    state = CheckInState(checked_until=at("2027-01-10T10:00:00"))
    state.record(CheckIn(at("2027-01-11T09:00:00"), 3), TZ)
    missed = state.evaluate(at("2027-01-13T13:00:00"), NOON, TZ)
    assert missed == [date(2027, 1, 10), date(2027, 1, 12), date(2027, 1, 13)]
    assert state.missed_days(date(2027, 1, 7), date(2027, 1, 13)) == 3


def test_backlog_is_bounded_by_history() -> None:
    state = CheckInState(checked_until=at("2020-01-01T00:00:00"))
    missed = state.evaluate(at("2027-01-13T13:00:00"), NOON, TZ)
    assert len(missed) == HISTORY_DAYS
    assert missed[-1] == date(2027, 1, 13)


def test_late_check_in_counts_for_the_day_but_the_day_stays_judged() -> None:
    state = CheckInState(checked_until=at("2027-01-10T08:00:00"))
    state.evaluate(at("2027-01-10T12:00:00"), NOON, TZ)
    state.record(CheckIn(at("2027-01-10T15:00:00"), 2, "huono yö"), TZ)
    assert state.checked_in_on(date(2027, 1, 10))
    assert state.missed_days(date(2027, 1, 10), date(2027, 1, 10)) == 0
    assert state.days[date(2027, 1, 10)].missed


def test_latest_check_in_of_the_day_wins() -> None:
    state = CheckInState()
    state.record(CheckIn(at("2027-01-10T08:00:00"), 2), TZ)
    day = state.record(CheckIn(at("2027-01-10T20:00:00"), 4, "parempi"), TZ)
    assert day == date(2027, 1, 10)
    assert state.check_in_on(day) == CheckIn(at("2027-01-10T20:00:00"), 4, "parempi")
    assert state.check_in_on(date(2027, 1, 9)) is None
    assert state.last_check_in is not None
    assert state.last_check_in.mood == 4


def test_check_in_counts_on_its_local_day() -> None:
    state = CheckInState()
    # 23:30 UTC on the 9th is 01:30 on the 10th in Helsinki.
    utc = datetime.fromisoformat("2027-01-09T23:30:00+00:00")
    assert state.record(CheckIn(utc, 3), TZ) == date(2027, 1, 10)


def test_streak() -> None:
    state = CheckInState()
    assert state.streak(date(2027, 1, 10)) == 0
    assert state.last_check_in is None
    for day in (6, 7, 8, 9):
        state.record(CheckIn(at(f"2027-01-0{day}T09:00:00"), 3), TZ)
    # Today is still open: the streak up to yesterday stands.
    assert state.streak(date(2027, 1, 10)) == 4
    state.record(CheckIn(at("2027-01-10T09:00:00"), 3), TZ)
    assert state.streak(date(2027, 1, 10)) == 5
    # A day without a check-in breaks it.
    assert state.streak(date(2027, 1, 12)) == 0


def test_prune_keeps_400_days() -> None:
    state = CheckInState()
    today = date(2027, 1, 10)
    for back in (0, HISTORY_DAYS - 1, HISTORY_DAYS, HISTORY_DAYS + 30):
        day = today - timedelta(days=back)
        state.record(CheckIn(datetime.combine(day, time(9), TZ), 3), TZ)
    state.prune(today)
    assert sorted(state.days) == [today - timedelta(days=HISTORY_DAYS - 1), today]


def test_round_trip_through_the_store() -> None:
    state = CheckInState(checked_until=at("2027-01-10T08:00:00"))
    state.record(CheckIn(at("2027-01-09T09:00:00"), 5, "hyvä päivä"), TZ)
    state.evaluate(at("2027-01-10T12:00:00"), NOON, TZ)
    again = CheckInState.from_dict(state.as_dict())
    assert again == state
    assert CheckInState.from_dict({}) == CheckInState()
