"""Reminders that move with what happened (a home visit), and answers to lead reminders."""
# ruff: noqa: DTZ001  (nominal times are naive wall-clock times by design)

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from custom_components.digiohjaus.core.occurrence import OccurrenceError, Status, Timing
from custom_components.digiohjaus.core.reminder import ReminderBook
from custom_components.digiohjaus.core.reminder_spec import ReminderSpec
from custom_components.digiohjaus.core.schedule import Monthly, Once

HELSINKI = ZoneInfo("Europe/Helsinki")


def local(month: int, day: int, hour: int = 0) -> datetime:
    return datetime(2027, month, day, hour, tzinfo=HELSINKI).astimezone(UTC)


def visit_due(month: int, day: int) -> ReminderSpec:
    return ReminderSpec(
        reminder_id="home_visit",
        kind="home_visit",
        name="Kotikäynti",
        schedule=Once(datetime(2027, month, day, 0, 0)),
        timing=Timing(grace=timedelta(days=1), snooze=timedelta(0)),
    )


def test_confirmed_ahead_goes_with_the_old_schedule() -> None:
    book = ReminderBook()
    old = visit_due(4, 30)
    book.sync(old, HELSINKI, local(3, 1))
    step = book.confirm_current(local(3, 1, 12))
    assert step is not None
    assert step.status is Status.DONE
    assert step.occurrence.due_at == local(4, 30)
    new = visit_due(8, 28)
    book.forget_ahead(new, HELSINKI, local(3, 1, 12))
    assert book.sync(new, HELSINKI, local(3, 1, 12)) == []
    assert [o.nominal.date().isoformat() for o in book.occurrences.values()] == ["2027-08-28"]
    assert book.next_due() == local(8, 28)


def test_confirmed_on_the_day_stays_in_the_history() -> None:
    book = ReminderBook()
    book.sync(visit_due(4, 30), HELSINKI, local(4, 29))
    (step,) = book.sync(visit_due(4, 30), HELSINKI, local(4, 30, 10))
    assert step.status is Status.DUE
    done = book.confirm_current(local(4, 30, 11))
    assert done is not None
    assert done.status is Status.DONE
    book.forget_ahead(visit_due(10, 27), HELSINKI, local(4, 30, 11))
    assert [o.status for o in book.occurrences.values()] == [Status.DONE]


def test_nothing_to_confirm_when_it_is_already_missed() -> None:
    book = ReminderBook(horizon=local(1, 1))
    (missed,) = book.sync(visit_due(2, 1), HELSINKI, local(3, 1))
    assert missed.status is Status.MISSED
    assert book.confirm_current(local(3, 1)) is None


RENT = ReminderSpec(
    reminder_id="rent",
    kind="rent",
    name="Vuokra",
    schedule=Monthly(day=31, at=time(9)),
    timing=Timing(
        grace=timedelta(days=3),
        snooze=timedelta(hours=4),
        early=timedelta(days=14),
        leads=(timedelta(days=3),),
    ),
)


def test_done_answers_a_lead_reminder_but_snooze_does_not() -> None:
    book = ReminderBook()
    book.sync(RENT, HELSINKI, local(1, 15))
    (lead,) = book.sync(RENT, HELSINKI, local(1, 28, 9))
    assert lead.status is None
    assert lead.occurrence.nominal == datetime(2027, 1, 31, 9, 0)
    with pytest.raises(OccurrenceError) as err:
        book.answer(lead.occurrence.key, RENT, HELSINKI, local(1, 28, 10), timedelta(hours=4))
    assert err.value.key == "nothing_to_snooze"
    done = book.answer(lead.occurrence.key, RENT, HELSINKI, local(1, 28, 10), None)
    assert done.status is Status.DONE
    with pytest.raises(OccurrenceError) as err:
        book.answer(lead.occurrence.key, RENT, HELSINKI, local(1, 28, 11), None)
    assert err.value.key == "already_resolved"
