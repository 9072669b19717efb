"""Schedules and their instants in Europe/Helsinki, daylight-saving days included."""
# ruff: noqa: DTZ001  (nominal times are naive wall-clock times by design)

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from itertools import islice
from zoneinfo import ZoneInfo

import pytest

from custom_components.digiohjaus.core.schedule import (
    Monthly,
    Once,
    ScheduleError,
    Weekly,
    next_occurrence,
    occurrences,
    parse_times,
    parse_weekdays,
    resolve,
    shift,
)

HELSINKI = ZoneInfo("Europe/Helsinki")
EVERY_DAY = frozenset(range(7))


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def test_ordinary_time_resolves_to_the_wall_clock() -> None:
    assert resolve(datetime(2027, 1, 15, 8, 0), HELSINKI) == utc(2027, 1, 15, 6, 0)
    assert resolve(datetime(2027, 7, 15, 8, 0), HELSINKI) == utc(2027, 7, 15, 5, 0)


@pytest.mark.parametrize(
    ("nominal", "expected"),
    [
        # Clocks jump 03:00 EET → 04:00 EEST (01:00 UTC): skipped times fire at the jump.
        (datetime(2027, 3, 28, 3, 0), utc(2027, 3, 28, 1, 0)),
        (datetime(2027, 3, 28, 3, 30), utc(2027, 3, 28, 1, 0)),
        (datetime(2027, 3, 28, 3, 59, 59), utc(2027, 3, 28, 1, 0)),
        (datetime(2027, 3, 28, 2, 59), utc(2027, 3, 28, 0, 59)),
        (datetime(2027, 3, 28, 4, 0), utc(2027, 3, 28, 1, 0)),
    ],
)
def test_skipped_hour_fires_at_the_first_valid_instant(
    nominal: datetime, expected: datetime
) -> None:
    instant = resolve(nominal, HELSINKI)
    assert instant == expected
    # Never before the nominal time on the wall clock.
    assert instant.astimezone(HELSINKI).replace(tzinfo=None) >= nominal


def test_repeated_hour_fires_at_the_first_pass() -> None:
    # Clocks go back 04:00 EEST → 03:00 EET (01:00 UTC); 03:30 happens twice.
    instant = resolve(datetime(2027, 10, 31, 3, 30), HELSINKI)
    assert instant == utc(2027, 10, 31, 0, 30)
    assert instant.astimezone(HELSINKI).utcoffset() == timedelta(hours=3)


@pytest.mark.parametrize(
    ("day", "nominal_time"),
    [(date(2027, 3, 28), time(3, 30)), (date(2027, 10, 31), time(3, 30))],
)
def test_daily_reminder_in_a_dst_hour_occurs_exactly_once(day: date, nominal_time: time) -> None:
    schedule = Weekly(times=(nominal_time,), weekdays=EVERY_DAY)
    start = datetime.combine(day, time(0), HELSINKI).astimezone(UTC)
    found = list(occurrences(schedule, HELSINKI, start, start + timedelta(hours=24)))
    assert len(found) == 1
    assert found[0][0] == datetime.combine(day, nominal_time)


@pytest.mark.parametrize("day", [date(2027, 3, 28), date(2027, 10, 31)])
def test_eight_oclock_stays_eight_oclock(day: date) -> None:
    schedule = Weekly(times=(time(8, 0),), weekdays=EVERY_DAY)
    start = datetime.combine(day - timedelta(days=2), time(12), HELSINKI)
    found = list(occurrences(schedule, HELSINKI, start, start + timedelta(days=4)))
    assert [instant.astimezone(HELSINKI).time() for _, instant in found] == [time(8, 0)] * 4


def test_weekly_on_chosen_weekdays() -> None:
    schedule = Weekly(times=(time(20, 0), time(8, 0)), weekdays=frozenset({0, 3}))  # Mon, Thu
    start = datetime(2027, 1, 4, 0, 0, tzinfo=HELSINKI)  # a Monday
    found = [nominal for nominal, _ in occurrences(schedule, HELSINKI, start, start + timedelta(7))]
    assert found == [
        datetime(2027, 1, 4, 8, 0),
        datetime(2027, 1, 4, 20, 0),
        datetime(2027, 1, 7, 8, 0),
        datetime(2027, 1, 7, 20, 0),
    ]


def test_next_occurrence_is_strictly_after() -> None:
    schedule = Weekly(times=(time(8, 0),), weekdays=EVERY_DAY)
    at_eight = datetime(2027, 1, 4, 8, 0, tzinfo=HELSINKI)
    assert next_occurrence(schedule, HELSINKI, at_eight) == (
        datetime(2027, 1, 5, 8, 0),
        datetime(2027, 1, 5, 8, 0, tzinfo=HELSINKI).astimezone(UTC),
    )


def test_day_31_is_the_last_day_of_shorter_months() -> None:
    schedule = Monthly(day=31, at=time(10, 0))
    nominals = list(islice(schedule.nominals_from(date(2027, 1, 1)), 14))
    assert [n.date() for n in nominals] == [
        date(2027, 1, 31),
        date(2027, 2, 28),
        date(2027, 3, 31),
        date(2027, 4, 30),
        date(2027, 5, 31),
        date(2027, 6, 30),
        date(2027, 7, 31),
        date(2027, 8, 31),
        date(2027, 9, 30),
        date(2027, 10, 31),
        date(2027, 11, 30),
        date(2027, 12, 31),
        date(2028, 1, 31),
        date(2028, 2, 29),
    ]


def test_every_three_months_from_the_first_due_date() -> None:
    schedule = Monthly(day=15, at=time(9, 0), every=3, start=date(2027, 2, 15))
    nominals = list(islice(schedule.nominals_from(date(2026, 12, 1)), 4))
    assert [n.date() for n in nominals] == [
        date(2027, 2, 15),
        date(2027, 5, 15),
        date(2027, 8, 15),
        date(2027, 11, 15),
    ]
    later = next(schedule.nominals_from(date(2027, 6, 1)))
    assert later.date() == date(2027, 8, 15)


def test_monthly_does_not_start_before_its_first_date() -> None:
    schedule = Monthly(day=10, at=time(9, 0), start=date(2027, 1, 15))
    assert next(schedule.nominals_from(date(2027, 1, 1))).date() == date(2027, 2, 10)


def test_once_is_once() -> None:
    schedule = Once(at=datetime(2027, 3, 1, 14, 30))
    assert list(schedule.nominals_from(date(2027, 3, 1))) == [datetime(2027, 3, 1, 14, 30)]
    assert list(schedule.nominals_from(date(2027, 3, 2))) == []
    after = datetime(2027, 3, 1, 15, 0, tzinfo=HELSINKI)
    assert next_occurrence(schedule, HELSINKI, after) is None


def test_whole_days_shift_on_the_wall_clock_minutes_in_real_time() -> None:
    nominal = datetime(2027, 3, 30, 10, 0)  # after clocks went forward on the 28th
    instant = resolve(nominal, HELSINKI)
    three_days_before = shift(nominal, instant, -timedelta(days=3), HELSINKI)
    assert three_days_before.astimezone(HELSINKI).replace(tzinfo=None) == datetime(
        2027, 3, 27, 10, 0
    )
    assert shift(nominal, instant, timedelta(minutes=60), HELSINKI) == instant + timedelta(hours=1)


def test_parse_times_sorts() -> None:
    assert parse_times(["20:00", "8:00"]) == (time(8, 0), time(20, 0))


@pytest.mark.parametrize(
    ("values", "key"),
    [
        ([], "no_times"),
        (["25:00"], "invalid_time"),
        (["8:00", "08:00"], "duplicate_times"),
        ([f"{h:02d}:00" for h in range(9)], "too_many_times"),
        (["noon"], "invalid_time"),
    ],
)
def test_bad_times_are_refused(values: list[str], key: str) -> None:
    with pytest.raises(ScheduleError) as err:
        parse_times(values)
    assert err.value.key == key


def test_weekdays() -> None:
    assert parse_weekdays(["mon", "sun"]) == frozenset({0, 6})
    with pytest.raises(ScheduleError, match="no_weekdays"):
        parse_weekdays([])
    with pytest.raises(ScheduleError, match="invalid_weekday"):
        parse_weekdays(["mon", "funday"])


@pytest.mark.parametrize(
    ("build", "key"),
    [
        (lambda: Weekly(times=(), weekdays=EVERY_DAY), "no_times"),
        (lambda: Weekly(times=(time(8),), weekdays=frozenset()), "no_weekdays"),
        (lambda: Weekly(times=(time(8),), weekdays=frozenset({7})), "no_weekdays"),
        (lambda: Monthly(day=0, at=time(8)), "invalid_day_of_month"),
        (lambda: Monthly(day=32, at=time(8)), "invalid_day_of_month"),
        (lambda: Monthly(day=1, at=time(8), every=13), "invalid_interval"),
        (lambda: Monthly(day=1, at=time(8), every=3), "invalid_interval"),
        (lambda: Once(at=datetime(2027, 1, 1, tzinfo=UTC)), "invalid_datetime"),
    ],
)
def test_impossible_schedules_are_refused(build: object, key: str) -> None:
    with pytest.raises(ScheduleError) as err:
        build()  # type: ignore[operator]
    assert err.value.key == key
