"""Adherence over 7 and 30 days, read in one walk back, and when it next changes by the clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from custom_components.digiohjaus.core.adherence import ADHERENCE_WINDOWS
from custom_components.digiohjaus.core.occurrence import FINAL, Status
from custom_components.digiohjaus.core.reminder import ReminderBook

from .specs import FOUR_A_DAY

HELSINKI = ZoneInfo("Europe/Helsinki")
START = datetime(2027, 1, 1, 5, tzinfo=UTC)


def _six_weeks() -> ReminderBook:
    """Six weeks of doses: the morning one always taken, the noon one every other day."""
    book = ReminderBook()
    now = START
    book.sync(FOUR_A_DAY, HELSINKI, now)
    for day in range(42):
        for hour, taken in ((8, True), (12, day % 2 == 0), (16, False), (20, False)):
            at = datetime(2027, 1, 1, hour, 5, tzinfo=HELSINKI).astimezone(UTC)
            at += timedelta(days=day)
            book.sync(FOUR_A_DAY, HELSINKI, at)
            if taken:
                book.mark_done(FOUR_A_DAY, HELSINKI, at)
    return book


def _by_hand(book: ReminderBook, now: datetime) -> tuple[tuple[float | None, ...], datetime | None]:
    """Each window counted on its own, straight from the definition."""
    shares: list[float | None] = []
    leaving: list[datetime] = []
    for window in ADHERENCE_WINDOWS:
        inside = [
            o for o in book.occurrences.values() if o.status in FINAL and o.due_at > now - window
        ]
        done = sum(1 for o in inside if o.status is Status.DONE)
        shares.append(round(100 * done / len(inside), 1) if inside else None)
        leaving.extend(o.due_at + window for o in inside)
    return tuple(shares), min(leaving, default=None)


def test_one_walk_gives_what_each_window_counted_alone_gives() -> None:
    book = _six_weeks()
    last = START + timedelta(days=42)
    for now in (last, last + timedelta(hours=3), last + timedelta(days=6, hours=23)):
        windows = book.windows(now)
        assert (windows.adherence, windows.changes_at) == _by_hand(book, now)
        assert windows.adherence == tuple(book.adherence(w, now) for w in ADHERENCE_WINDOWS)


def test_nothing_resolved_yet() -> None:
    book = ReminderBook()
    book.sync(FOUR_A_DAY, HELSINKI, START)
    windows = book.windows(START)
    assert windows.adherence == (None, None)
    assert windows.changes_at is None


def test_what_is_kept_follows_every_outcome_and_the_clock() -> None:
    """Read again after an outcome, after the clock was set back, and once the month is over."""
    book = _six_weeks()
    later = START + timedelta(days=43)
    assert book.windows(later).adherence == _by_hand(book, later)[0]
    book.sync(FOUR_A_DAY, HELSINKI, later)  # the doses of the day before are missed
    assert (book.windows(later).adherence, book.windows(later).changes_at) == _by_hand(book, later)
    back = later - timedelta(days=3)
    assert (book.windows(back).adherence, book.windows(back).changes_at) == _by_hand(book, back)
    done = book.mark_done(FOUR_A_DAY, HELSINKI, later + timedelta(hours=2))  # 09:00: taken
    assert done.occurrence.status is Status.DONE
    assert book.windows(later).adherence == _by_hand(book, later)[0]
    over = later + timedelta(days=32)
    assert book.windows(over).adherence == (None, None)
    assert book.windows(over).changes_at is None
