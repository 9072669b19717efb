"""How one reminder behaves with a full history: eight doses a day for 400 days.

Run: .venv/bin/python benchmarks/reminder_book.py

Prints the time of what the engine does on every timer and every button press (sync the
book to now, find the next wakeup), what every entity refresh reads (current occurrence,
adherence over 7 and 30 days), the size of the stored history, and the time to read it back
at start. No assertion: numbers to compare.
"""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime, time, timedelta
import json
from pathlib import Path
import statistics
import sys
import time as clock
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from custom_components.digiohjaus.core.occurrence import Timing
from custom_components.digiohjaus.core.reminder import HISTORY, ReminderBook
from custom_components.digiohjaus.core.reminder_spec import ReminderSpec
from custom_components.digiohjaus.core.schedule import Weekly

HELSINKI = ZoneInfo("Europe/Helsinki")
SPEC = ReminderSpec(
    reminder_id="med",
    kind="medication",
    name="Burana",
    schedule=Weekly(times=tuple(time(h) for h in range(7, 23, 2)), weekdays=frozenset(range(7))),
    timing=Timing(grace=timedelta(hours=1), snooze=timedelta(minutes=10), early=timedelta(hours=2)),
)
START = datetime(2026, 1, 1, 5, 0, tzinfo=UTC)


def timed(label: str, runs: int, fn: object) -> None:
    samples = []
    for _ in range(runs):
        began = clock.perf_counter()
        fn()  # type: ignore[operator]
        samples.append((clock.perf_counter() - began) * 1000)
    print(f"{label:<48} median {statistics.median(samples):8.3f} ms  max {max(samples):8.3f} ms")


def full_book() -> tuple[ReminderBook, datetime]:
    book = ReminderBook()
    now = START
    book.sync(SPEC, HELSINKI, now)
    end = START + HISTORY
    while now < end:
        now += timedelta(hours=2)
        book.sync(SPEC, HELSINKI, now)
        if now.hour % 4 == 0:
            with contextlib.suppress(ValueError):
                book.mark_done(SPEC, HELSINKI, now)
    return book, now


def main() -> None:
    began = clock.perf_counter()
    book, now = full_book()
    print(f"filled {len(book.occurrences)} occurrences in {clock.perf_counter() - began:.1f} s")
    later = now + timedelta(minutes=1)
    timed("sync at a timer (nothing due)", 50, lambda: book.sync(SPEC, HELSINKI, later))
    timed("next wakeup", 50, lambda: book.next_wakeup(SPEC, HELSINKI, later))
    timed("current occurrence (status sensor)", 50, lambda: book.current(SPEC, HELSINKI, later))
    timed(
        "adherence 7 d + 30 d",
        50,
        lambda: [book.adherence(w, later) for w in (timedelta(7), timedelta(30))],
    )
    stored = json.dumps(book.to_dict())
    print(f"stored history: {len(stored) / 1024:.0f} KiB")
    timed("read back at start", 10, lambda: ReminderBook.from_dict(json.loads(stored)))


if __name__ == "__main__":
    main()
