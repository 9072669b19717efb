"""A second tap on "done": the same tap again, or a real press for the next occurrence."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from custom_components.digiohjaus.core.occurrence import Timing
from custom_components.digiohjaus.core.reminder import ReminderBook
from custom_components.digiohjaus.core.reminder_spec import ReminderSpec
from custom_components.digiohjaus.core.schedule import Weekly
from custom_components.digiohjaus.core.today import REPEAT_TAP, repeat_tap

HELSINKI = ZoneInfo("Europe/Helsinki")


def spec(*hours: int) -> ReminderSpec:
    return ReminderSpec(
        reminder_id="med1",
        kind="medication",
        name="Burana",
        schedule=Weekly(times=tuple(time(h) for h in hours), weekdays=frozenset(range(7))),
        timing=Timing(
            grace=timedelta(minutes=60), snooze=timedelta(minutes=10), early=timedelta(hours=2)
        ),
    )


def local(hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2027, 1, 15, hour, minute, second, tzinfo=HELSINKI).astimezone(UTC)


def book_at(reminder: ReminderSpec, now: datetime) -> ReminderBook:
    book = ReminderBook()
    book.sync(reminder, HELSINKI, local(5))
    book.sync(reminder, HELSINKI, now)
    return book


def test_a_tap_on_a_done_dose_is_the_same_tap_whenever_it_comes() -> None:
    morning_evening = spec(8, 20)
    book = book_at(morning_evening, local(8))
    assert not repeat_tap(book, morning_evening, HELSINKI, local(8), local(8))
    book.mark_done(morning_evening, HELSINKI, local(8))
    later = local(9, 30)
    book.sync(morning_evening, HELSINKI, later)
    assert repeat_tap(book, morning_evening, HELSINKI, later, later)


def test_a_double_tap_does_not_take_the_next_dose_early() -> None:
    eight_and_ten = spec(8, 10)  # the 10:00 dose counts from 8:00
    book = book_at(eight_and_ten, local(8))
    book.mark_done(eight_and_ten, HELSINKI, local(8))
    assert repeat_tap(book, eight_and_ten, HELSINKI, local(8), local(8, 0, 1))
    # Seconds later the client means the next dose.
    after = local(8) + REPEAT_TAP + timedelta(seconds=1)
    assert not repeat_tap(book, eight_and_ten, HELSINKI, after, after)


def test_a_missed_dose_is_not_done() -> None:
    morning_evening = spec(8, 20)
    book = book_at(morning_evening, local(9, 30))  # 8:00 missed at 9:00
    assert not repeat_tap(book, morning_evening, HELSINKI, local(9, 30), local(9, 30))
