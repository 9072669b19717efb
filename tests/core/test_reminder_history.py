"""A year of history read back from the store: the same answers, nothing lost, still pruned.

A book read from the store keeps its old resolved doses unparsed until something reads that
far back; every answer must be the one the book gave before it was stored.
"""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from custom_components.digiohjaus.core.adherence import ADHERENCE_WINDOWS
from custom_components.digiohjaus.core.occurrence import OccurrenceError, Status
from custom_components.digiohjaus.core.reminder import HISTORY, ReminderBook
from custom_components.digiohjaus.core.reminder_spec import ReminderSpec
from custom_components.digiohjaus.core.reminder_stored import Instants
from custom_components.digiohjaus.core.schedule import Once
from custom_components.digiohjaus.core.today import today_line

from .specs import FOUR_A_DAY

HELSINKI = ZoneInfo("Europe/Helsinki")
START = datetime(2026, 1, 1, 5, 0, tzinfo=UTC)


def a_year_of_doses(days: int = 380) -> tuple[ReminderBook, datetime]:
    """Every second dose taken, the others missed, for ``days`` days."""
    book = ReminderBook()
    now = START
    book.sync(FOUR_A_DAY, HELSINKI, now)
    take = False
    while now < START + timedelta(days=days):
        now += timedelta(minutes=30)
        book.sync(FOUR_A_DAY, HELSINKI, now)
        if now.minute == 30 and (take := not take):
            with contextlib.suppress(OccurrenceError):
                book.mark_done(FOUR_A_DAY, HELSINKI, now)
    return book, now


def test_read_back_it_answers_as_before_and_writes_back_the_same() -> None:
    book, now = a_year_of_doses()
    stored = book.to_dict()
    again = ReminderBook.from_dict(stored)

    assert again.size == book.size == len(stored["occurrences"])
    assert again.current(FOUR_A_DAY, HELSINKI, now) == book.current(FOUR_A_DAY, HELSINKI, now)
    assert again.next_due() == book.next_due()
    assert again.next_wakeup(FOUR_A_DAY, HELSINKI, now) == book.next_wakeup(
        FOUR_A_DAY, HELSINKI, now
    )
    for window in ADHERENCE_WINDOWS:
        assert again.adherence(window, now) == book.adherence(window, now)
    assert today_line(again, FOUR_A_DAY, HELSINKI, now) == today_line(
        book, FOUR_A_DAY, HELSINKI, now
    )
    assert again.to_dict() == stored  # nothing lost, nothing rewritten
    # Looking back a year in the calendar finds every dose as it was.
    year_ago = now - timedelta(days=365)
    assert again.upcoming(year_ago, now) == book.upcoming(year_ago, now)
    assert again.to_dict() == stored


def test_a_stored_change_to_an_old_dose_is_laid_over_it() -> None:
    book, _now = a_year_of_doses()
    again = ReminderBook.from_dict(book.to_dict())
    old = next(iter(book.occurrences.values()))
    before = book.snapshot(old.key)
    assert before is not None
    changed = {**before, "s": "done"}
    again.apply_changes(None, {old.key: changed})
    assert again.size == book.size
    assert [raw for raw in again.to_dict()["occurrences"] if raw["n"] == old.key] == [changed]
    assert again.snapshot(old.key) == changed


def test_history_read_back_is_still_kept_to_400_days() -> None:
    book, now = a_year_of_doses(days=399)
    again = ReminderBook.from_dict(book.to_dict())
    later = now + timedelta(days=20)
    again.sync(FOUR_A_DAY, HELSINKI, later)
    book.sync(FOUR_A_DAY, HELSINKI, later)
    stored = again.to_dict()["occurrences"]
    assert min(datetime.fromisoformat(raw["d"]) for raw in stored) >= later - HISTORY
    assert again.to_dict() == book.to_dict()
    assert again.size == book.size


def test_the_latest_outcome_long_ago_still_shows() -> None:
    """A year of doses, then one far-off date: its sensor still shows the last dose's outcome."""
    book, now = a_year_of_doses()
    once = ReminderSpec(
        reminder_id="med1",
        kind="medication",
        name="Burana",
        schedule=Once(at=datetime(2027, 12, 1, 9, 0)),  # noqa: DTZ001 (a wall-clock time)
        timing=FOUR_A_DAY.timing,
    )
    later = now + timedelta(days=40)  # nothing resolved in these 40 days
    book.sync(once, HELSINKI, later)
    again = ReminderBook.from_dict(book.to_dict())
    shown = again.current(once, HELSINKI, later)
    assert shown == book.current(once, HELSINKI, later)
    assert shown is not None
    assert shown.status in {Status.DONE, Status.MISSED}


def test_books_read_together_answer_alone_and_share_their_times() -> None:
    """Fifty medicines at the same hours, read at one start: one time object, the same answers."""
    book, now = a_year_of_doses(days=40)
    stored = book.to_dict()
    change = {**stored["occurrences"][-1], "s": "done", "r": now.isoformat()}
    instants: Instants = {}
    first = ReminderBook.from_dict(stored, instants)
    second = ReminderBook.from_dict(stored, instants)
    for read in (first, second):
        read.apply_changes(None, {change["n"]: change}, instants)
    alone = ReminderBook.from_dict(stored)
    alone.apply_changes(None, {change["n"]: change})

    for read in (first, second):
        assert read.to_dict() == alone.to_dict()
        assert read.current(FOUR_A_DAY, HELSINKI, now) == alone.current(FOUR_A_DAY, HELSINKI, now)
        assert read.adherence(ADHERENCE_WINDOWS[0], now) == alone.adherence(
            ADHERENCE_WINDOWS[0], now
        )
    pairs = list(zip(first.occurrences.values(), second.occurrences.values(), strict=True))
    assert all(a.due_at is b.due_at and a.nominal is b.nominal for a, b in pairs)
    assert all(a.resolved_at is b.resolved_at for a, b in pairs)
    # A day moving on in one book changes nothing in the other.
    assert first.sync(FOUR_A_DAY, HELSINKI, now + timedelta(days=1))
    assert first.to_dict() != alone.to_dict()
    assert second.to_dict() == alone.to_dict()
