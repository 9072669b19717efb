"""The occurrence state machine: due, snooze, done, missed, lead reminders, early window."""
# ruff: noqa: DTZ001  (nominal times are naive wall-clock times by design)

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from custom_components.digiohjaus.core.occurrence import (
    Notice,
    Occurrence,
    OccurrenceError,
    Status,
    Timing,
    advance,
    complete,
    snooze,
    wakeup,
)

HELSINKI = ZoneInfo("Europe/Helsinki")
NOMINAL = datetime(2027, 1, 15, 8, 0)
DUE = datetime(2027, 1, 15, 6, 0, tzinfo=UTC)
TIMING = Timing(
    grace=timedelta(minutes=60), snooze=timedelta(minutes=10), early=timedelta(minutes=120)
)


def occ(**changes: object) -> Occurrence:
    return Occurrence(nominal=NOMINAL, due_at=DUE, **changes)  # type: ignore[arg-type]


def at(minutes: float) -> datetime:
    return DUE + timedelta(minutes=minutes)


def test_scheduled_falls_due_at_its_time_not_before() -> None:
    assert advance(occ(), TIMING, HELSINKI, at(-0.01)).status is None
    step = advance(occ(), TIMING, HELSINKI, at(0))
    assert (step.occurrence.status, step.status, step.notice) == (
        Status.DUE,
        Status.DUE,
        Notice.DUE,
    )


def test_due_becomes_missed_after_grace_once() -> None:
    due = advance(occ(), TIMING, HELSINKI, at(0)).occurrence
    assert advance(due, TIMING, HELSINKI, at(59)).status is None
    step = advance(due, TIMING, HELSINKI, at(60))
    assert (step.occurrence.status, step.status, step.notice) == (
        Status.MISSED,
        Status.MISSED,
        None,
    )
    assert step.occurrence.resolved_at == at(60)
    assert advance(step.occurrence, TIMING, HELSINKI, at(600)).status is None


def test_scheduled_long_past_is_missed_without_a_reminder() -> None:
    step = advance(occ(), TIMING, HELSINKI, at(12 * 60))
    assert (step.status, step.notice) == (Status.MISSED, None)


def test_snooze_comes_back_due_and_does_not_move_the_deadline() -> None:
    due = advance(occ(), TIMING, HELSINKI, at(0)).occurrence
    snoozed = snooze(due, timedelta(minutes=10), at(5))
    assert (snoozed.occurrence.status, snoozed.status) == (Status.SNOOZED, Status.SNOOZED)
    assert wakeup(snoozed.occurrence, TIMING, HELSINKI) == at(15)
    assert advance(snoozed.occurrence, TIMING, HELSINKI, at(14)).status is None
    again = advance(snoozed.occurrence, TIMING, HELSINKI, at(15))
    assert (again.occurrence.status, again.status, again.notice) == (
        Status.DUE,
        Status.DUE,
        Notice.AGAIN,
    )
    long_snooze = snooze(due, timedelta(minutes=240), at(5)).occurrence
    assert wakeup(long_snooze, TIMING, HELSINKI) == at(60)
    assert advance(long_snooze, TIMING, HELSINKI, at(60)).status is Status.MISSED


def test_done_when_due_or_snoozed() -> None:
    due = advance(occ(), TIMING, HELSINKI, at(0)).occurrence
    done = complete(due, TIMING, HELSINKI, at(3))
    assert (done.occurrence.status, done.status) == (Status.DONE, Status.DONE)
    assert wakeup(done.occurrence, TIMING, HELSINKI) is None
    snoozed = snooze(due, timedelta(minutes=10), at(1)).occurrence
    assert complete(snoozed, TIMING, HELSINKI, at(2)).occurrence.status is Status.DONE


def test_taking_early_counts_within_the_window() -> None:
    with pytest.raises(OccurrenceError, match="too_early"):
        complete(occ(), TIMING, HELSINKI, at(-121))
    early = complete(occ(), TIMING, HELSINKI, at(-120))
    assert early.occurrence.status is Status.DONE
    # No reminder goes out for it when its time comes.
    assert advance(early.occurrence, TIMING, HELSINKI, at(0)).notice is None


def test_final_occurrences_cannot_change() -> None:
    done = complete(occ(status=Status.DUE), TIMING, HELSINKI, at(1)).occurrence
    with pytest.raises(OccurrenceError, match="already_resolved"):
        complete(done, TIMING, HELSINKI, at(2))
    with pytest.raises(OccurrenceError, match="nothing_to_snooze"):
        snooze(done, timedelta(minutes=5), at(2))
    with pytest.raises(OccurrenceError, match="nothing_to_snooze"):
        snooze(occ(), timedelta(minutes=5), at(-2))
    with pytest.raises(OccurrenceError, match="snooze_out_of_range"):
        snooze(occ(status=Status.DUE), timedelta(0), at(2))


def test_lead_reminders_and_only_the_latest_after_downtime() -> None:
    timing = Timing(
        grace=timedelta(hours=2),
        snooze=timedelta(minutes=10),
        leads=(timedelta(minutes=30), timedelta(days=1)),
    )
    assert timing.leads == (timedelta(days=1), timedelta(minutes=30))
    scheduled = occ()
    assert wakeup(scheduled, timing, HELSINKI) == DUE - timedelta(days=1)
    day_before = advance(scheduled, timing, HELSINKI, DUE - timedelta(days=1))
    assert (day_before.notice, day_before.occurrence.leads_sent) == (Notice.LEAD, 1)
    assert wakeup(day_before.occurrence, timing, HELSINKI) == at(-30)
    # Down over both lead times: one lead reminder, not two.
    late = advance(scheduled, timing, HELSINKI, at(-10))
    assert (late.notice, late.occurrence.leads_sent, late.status) == (Notice.LEAD, 2, None)
    assert advance(late.occurrence, timing, HELSINKI, at(-5)).notice is None
    assert wakeup(late.occurrence, timing, HELSINKI) == DUE
