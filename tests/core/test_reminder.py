"""A reminder's book of occurrences: catch-up, edits, what shows, adherence, history."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from custom_components.digiohjaus.core import reminder as reminder_module
from custom_components.digiohjaus.core.occurrence import OccurrenceError, Status, Timing
from custom_components.digiohjaus.core.reminder import HISTORY, MAX_OCCURRENCES, ReminderBook
from custom_components.digiohjaus.core.reminder_spec import ReminderSpec
from custom_components.digiohjaus.core.schedule import Once, Weekly

HELSINKI = ZoneInfo("Europe/Helsinki")
TIMING = Timing(
    grace=timedelta(minutes=60), snooze=timedelta(minutes=10), early=timedelta(minutes=120)
)
THREE_A_DAY = ReminderSpec(
    reminder_id="med1",
    kind="medication",
    name="Burana",
    schedule=Weekly(times=(time(8), time(12), time(16)), weekdays=frozenset(range(7))),
    timing=TIMING,
)
DOCTOR = ReminderSpec(
    reminder_id="visit",
    kind="appointment",
    name="Lääkäri",
    schedule=Once(at=datetime(2027, 1, 10, 12, 0)),  # noqa: DTZ001 - a wall-clock time
    timing=TIMING,
)


def local(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2027, 1, day, hour, minute, tzinfo=HELSINKI).astimezone(UTC)


def test_a_new_reminder_starts_from_now() -> None:
    book = ReminderBook()
    assert book.sync(THREE_A_DAY, HELSINKI, local(10, 9)) == []
    assert [o.nominal.time() for o in book.occurrences.values()] == [time(12)]
    assert book.next_due() == local(10, 12)


def test_twelve_hours_down_over_three_occurrences() -> None:
    book = ReminderBook()
    book.sync(THREE_A_DAY, HELSINKI, local(10, 6))
    steps = book.sync(THREE_A_DAY, HELSINKI, local(10, 18))
    assert [(s.occurrence.nominal.hour, s.status, s.notice) for s in steps] == [
        (8, Status.MISSED, None),
        (12, Status.MISSED, None),
        (16, Status.MISSED, None),
    ]
    assert book.sync(THREE_A_DAY, HELSINKI, local(10, 18, 1)) == []
    assert book.next_due() == local(11, 8)


def test_down_until_within_grace_announces_only_that_one() -> None:
    book = ReminderBook()
    book.sync(THREE_A_DAY, HELSINKI, local(10, 6))
    steps = book.sync(THREE_A_DAY, HELSINKI, local(10, 16, 30))
    assert [(s.occurrence.nominal.hour, s.status, s.notice) for s in steps] == [
        (8, Status.MISSED, None),
        (12, Status.MISSED, None),
        (16, Status.DUE, "due"),
    ]


def test_mark_done_early_and_what_the_status_shows() -> None:
    book = ReminderBook()
    book.sync(THREE_A_DAY, HELSINKI, local(10, 9))
    with pytest.raises(OccurrenceError, match="too_early"):
        book.mark_done(THREE_A_DAY, HELSINKI, local(10, 9, 59))
    current = book.current(THREE_A_DAY, HELSINKI, local(10, 9, 59))
    assert current is not None
    assert current.status is Status.SCHEDULED
    book.mark_done(THREE_A_DAY, HELSINKI, local(10, 10, 30))
    assert book.sync(THREE_A_DAY, HELSINKI, local(10, 12)) == []
    # "Taken" shows until the next dose's early window opens at 14:00.
    shown = book.current(THREE_A_DAY, HELSINKI, local(10, 13, 59))
    assert shown is not None
    assert shown.status is Status.DONE
    shown = book.current(THREE_A_DAY, HELSINKI, local(10, 14))
    assert shown is not None
    assert (shown.status, shown.nominal.hour) == (Status.SCHEDULED, 16)
    assert book.next_wakeup(THREE_A_DAY, HELSINKI, local(10, 12)) == local(10, 14)


def test_snooze_and_answers_to_notifications() -> None:
    book = ReminderBook()
    book.sync(THREE_A_DAY, HELSINKI, local(10, 7))
    with pytest.raises(OccurrenceError, match="nothing_to_snooze"):
        book.snooze(timedelta(minutes=10), local(10, 7))
    book.sync(THREE_A_DAY, HELSINKI, local(10, 8))
    step = book.snooze(timedelta(minutes=10), local(10, 8, 1))
    assert step.occurrence.status is Status.SNOOZED
    shown = book.current(THREE_A_DAY, HELSINKI, local(10, 8, 2))
    assert shown is not None
    assert shown.status is Status.SNOOZED
    key = step.occurrence.key
    answered = book.answer(key, THREE_A_DAY, HELSINKI, local(10, 8, 5), None)
    assert answered.occurrence.status is Status.DONE
    with pytest.raises(OccurrenceError, match="already_resolved"):
        book.answer(key, THREE_A_DAY, HELSINKI, local(10, 8, 6), timedelta(minutes=5))
    with pytest.raises(OccurrenceError, match="already_resolved"):
        book.answer("2000-01-01T00:00:00", THREE_A_DAY, HELSINKI, local(10, 8, 6), None)


def test_answer_snoozes_the_named_occurrence() -> None:
    book = ReminderBook()
    book.sync(THREE_A_DAY, HELSINKI, local(10, 7))
    book.sync(THREE_A_DAY, HELSINKI, local(10, 8))
    key = next(iter(book.occurrences))
    step = book.answer(key, THREE_A_DAY, HELSINKI, local(10, 8, 1), timedelta(minutes=10))
    assert step.occurrence.snoozed_until == local(10, 8, 11)


def test_nothing_to_mark_when_nothing_is_known() -> None:
    book = ReminderBook()
    with pytest.raises(OccurrenceError, match="nothing_to_mark"):
        book.mark_done(THREE_A_DAY, HELSINKI, local(10, 9))
    assert book.current(THREE_A_DAY, HELSINKI, local(10, 9)) is None
    assert book.next_wakeup(THREE_A_DAY, HELSINKI, local(10, 9)) is None


def test_a_one_off_is_done_once_and_then_shows_done() -> None:
    spec = DOCTOR
    book = ReminderBook()
    book.sync(spec, HELSINKI, local(10, 9))
    book.sync(spec, HELSINKI, local(10, 12))
    book.mark_done(spec, HELSINKI, local(10, 12, 5))
    assert book.sync(spec, HELSINKI, local(12, 12)) == []
    with pytest.raises(OccurrenceError, match="nothing_to_mark"):
        book.mark_done(spec, HELSINKI, local(12, 12))
    shown = book.current(spec, HELSINKI, local(12, 12))
    assert shown is not None
    assert shown.status is Status.DONE
    assert book.next_due() is None


def test_dropping_the_oldest_when_over_the_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    book = ReminderBook()
    book.sync(THREE_A_DAY, HELSINKI, local(1, 6))
    book.sync(THREE_A_DAY, HELSINKI, local(1, 6) + timedelta(days=100))
    assert len(book.occurrences) == 301
    monkeypatch.setattr(reminder_module, "MAX_OCCURRENCES", 100)
    book.sync(THREE_A_DAY, HELSINKI, local(1, 6) + timedelta(days=100, minutes=1))
    assert len(book.occurrences) == 100
    assert book.next_due() is not None  # the upcoming dose is kept


def test_adherence_over_windows() -> None:
    book = ReminderBook()
    book.sync(THREE_A_DAY, HELSINKI, local(1, 6))
    for day in range(1, 11):
        for hour in (8, 12, 16):
            book.sync(THREE_A_DAY, HELSINKI, local(day, hour))
            if hour != 16:
                book.mark_done(THREE_A_DAY, HELSINKI, local(day, hour, 5))
    book.sync(THREE_A_DAY, HELSINKI, local(10, 18))
    assert book.adherence(timedelta(days=7), local(10, 18)) == pytest.approx(66.7)
    assert book.adherence(timedelta(days=30), local(10, 18)) == pytest.approx(66.7)
    assert ReminderBook().adherence(timedelta(days=7), local(10, 18)) is None


def test_editing_the_schedule_drops_future_occurrences_only() -> None:
    book = ReminderBook()
    book.sync(THREE_A_DAY, HELSINKI, local(10, 6))
    book.sync(THREE_A_DAY, HELSINKI, local(10, 8))
    evening = ReminderSpec(
        reminder_id="med1",
        kind="medication",
        name="Burana",
        schedule=Weekly(times=(time(9), time(21)), weekdays=frozenset(range(7))),
        timing=TIMING,
    )
    book.sync(evening, HELSINKI, local(10, 8, 1))
    hours = [(o.nominal.hour, o.status) for o in book.occurrences.values()]
    assert hours == [(8, Status.DUE), (9, Status.SCHEDULED)]


def test_history_is_kept_400_days_and_bounded() -> None:
    book = ReminderBook()
    start = local(1, 6)
    book.sync(THREE_A_DAY, HELSINKI, start)
    later = start + HISTORY + timedelta(days=30)
    book.sync(THREE_A_DAY, HELSINKI, later)
    finals = [o for o in book.occurrences.values() if o.status is Status.MISSED]
    assert min(o.due_at for o in finals) >= later - HISTORY
    assert len(book.occurrences) <= MAX_OCCURRENCES
    assert len(finals) == 3 * 400


def test_round_trip_through_storage() -> None:
    book = ReminderBook()
    book.sync(THREE_A_DAY, HELSINKI, local(10, 6))
    book.sync(THREE_A_DAY, HELSINKI, local(10, 8))
    book.snooze(timedelta(minutes=10), local(10, 8, 1))
    book.sync(THREE_A_DAY, HELSINKI, local(10, 13))
    again = ReminderBook.from_dict(book.to_dict())
    assert again == book
    assert ReminderBook.from_dict({}) == ReminderBook()


def test_adherence_changes_when_the_outcome_leaves_each_window() -> None:
    """Nothing left to come: the book wakes when its outcome drops out of 7, then 30 days."""
    spec = DOCTOR
    book = ReminderBook()
    book.sync(spec, HELSINKI, local(10, 9))
    book.sync(spec, HELSINKI, local(10, 12))
    book.mark_done(spec, HELSINKI, local(10, 12, 5))
    assert book.next_wakeup(spec, HELSINKI, local(10, 13)) == local(17, 12)
    assert book.adherence(timedelta(days=7), local(17, 11)) == 100.0
    assert book.next_wakeup(spec, HELSINKI, local(17, 12)) == local(10, 12) + timedelta(days=30)
    assert book.adherence(timedelta(days=7), local(17, 12)) is None
    assert book.next_wakeup(spec, HELSINKI, local(10, 12) + timedelta(days=30)) is None
