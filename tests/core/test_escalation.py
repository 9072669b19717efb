"""The escalation ladder: timing, quiet hours, resolution and resuming, in Helsinki time."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from custom_components.digiohjaus.core.escalation import (
    DEFAULT_LADDER,
    EscalationBook,
    EscalationError,
    Ladder,
    LadderStep,
    QuietHours,
    Reason,
    disclosure_for,
    ladder_from_mapping,
    ladder_to_mapping,
    validate_answer_minutes,
    validate_steps,
)

TZ = ZoneInfo("Europe/Helsinki")
LADDER = Ladder(
    (
        LadderStep(0, frozenset({"client"})),
        LadderStep(15, frozenset({"family"})),
        LadderStep(60, frozenset({"worker", "family"})),
    ),
    QuietHours(time(22), time(8)),
)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


def walk(book: EscalationBook, start: datetime, end: datetime) -> list[tuple[str, int, str]]:
    """Advance minute by minute like the one-shot timer would; record (time, step, reason)."""
    taken: list[tuple[str, int, str]] = []
    now = start
    while now <= end:
        wake = book.next_wakeup()
        if wake is None or wake > end:
            break
        now = max(now, wake)
        taken.extend(
            (now.astimezone(TZ).strftime("%d %H:%M"), s.number, s.run.reason.value)
            for s in book.due(now, LADDER, TZ)
        )
    return taken


def test_ladder_steps_in_time() -> None:
    book = EscalationBook()
    run = book.start(Reason.MISSED_DOSE, "med1", at("2027-01-10T09:00:00"), LADDER, TZ)
    assert run is not None
    assert run.due_at == at("2027-01-10T09:00:00")
    assert book.due(at("2027-01-10T08:59:59"), LADDER, TZ) == []
    assert walk(book, at("2027-01-10T09:00:00"), at("2027-01-11T00:00:00")) == [
        ("10 09:00", 1, "missed_dose"),
        ("10 09:15", 2, "missed_dose"),
        ("10 10:00", 3, "missed_dose"),
    ]
    assert book.runs == {}
    assert book.next_wakeup() is None


def test_one_run_per_cause() -> None:
    book = EscalationBook()
    assert book.start(Reason.MISSED_DOSE, "med1", at("2027-01-10T09:00:00"), LADDER, TZ)
    assert book.start(Reason.MISSED_DOSE, "med1", at("2027-01-10T09:05:00"), LADDER, TZ) is None
    assert book.start(Reason.MISSED_DOSE, "med2", at("2027-01-10T09:05:00"), LADDER, TZ)
    assert book.start(Reason.MISSED_CHECK_IN, "2027-01-10", at("2027-01-10T12:00:00"), LADDER, TZ)
    assert len(book.runs) == 3
    assert book.start(Reason.MISSED_DOSE, "x", at("2027-01-10T09:05:00"), Ladder(()), TZ) is None


@pytest.mark.parametrize("reason", list(Reason))
def test_resolution_ends_only_its_own_run(reason: Reason) -> None:
    book = EscalationBook()
    for each in Reason:
        book.start(each, "r1", at("2027-01-10T09:00:00"), LADDER, TZ)
    book.start(Reason.MISSED_DOSE, "r2", at("2027-01-10T09:00:00"), LADDER, TZ)
    ended = book.resolve(reason, "r1")
    assert [run.reason for run in ended] == [reason]
    assert all(run.reason is not reason or run.ref != "r1" for run in book.runs.values())
    assert book.resolve(reason, "r1") == []
    assert len(book.resolve(Reason.MISSED_DOSE)) == (1 if reason is Reason.MISSED_DOSE else 2)


def test_quiet_hours_hold_steps_and_keep_spacing() -> None:
    book = EscalationBook()
    book.start(Reason.MISSED_CHECK_IN, "2027-01-10", at("2027-01-10T21:50:00"), LADDER, TZ)
    assert walk(book, at("2027-01-10T21:50:00"), at("2027-01-11T12:00:00")) == [
        ("10 21:50", 1, "missed_check_in"),
        # 22:05 is quiet: held until 08:00, and the worker step keeps its 45-minute gap.
        ("11 08:00", 2, "missed_check_in"),
        ("11 08:45", 3, "missed_check_in"),
    ]


def test_quiet_hours_do_not_hold_call_requests() -> None:
    book = EscalationBook()
    book.start(Reason.UNANSWERED_CALL, "1", at("2027-01-10T23:00:00"), LADDER, TZ)
    assert walk(book, at("2027-01-10T23:00:00"), at("2027-01-11T12:00:00")) == [
        ("10 23:00", 1, "unanswered_call"),
        ("10 23:15", 2, "unanswered_call"),
        ("11 00:00", 3, "unanswered_call"),
    ]


def test_a_run_started_in_quiet_hours_waits_for_morning() -> None:
    book = EscalationBook()
    run = book.start(Reason.MISSED_DOSE, "med1", at("2027-01-11T03:00:00"), LADDER, TZ)
    assert run is not None
    assert run.due_at == at("2027-01-11T08:00:00")


def test_quiet_hours_on_the_spring_forward_night() -> None:
    quiet = QuietHours(time(2), time(3, 30))
    # 03:30 does not exist on 2027-03-28; the quiet hours end at 04:00 summer time.
    assert quiet.release(at("2027-03-28T02:30:00"), TZ) == at("2027-03-28T04:00:00")


@pytest.mark.parametrize(
    ("quiet", "inside", "outside"),
    [
        (QuietHours(time(22), time(8)), [time(22), time(3), time(7, 59)], [time(8), time(21, 59)]),
        (QuietHours(time(13), time(14)), [time(13), time(13, 30)], [time(14), time(12, 59)]),
        (QuietHours(time(0), time(0)), [], [time(0), time(12)]),
    ],
)
def test_quiet_hours_window(quiet: QuietHours, inside: list[time], outside: list[time]) -> None:
    assert all(quiet.contains(t) for t in inside)
    assert not any(quiet.contains(t) for t in outside)


def test_restart_mid_ladder_continues_where_it_was() -> None:
    book = EscalationBook()
    book.start(
        Reason.MISSED_DOSE, "med1", at("2027-01-10T09:00:00"), LADDER, TZ, context={"name": "X"}
    )
    book.due(at("2027-01-10T09:00:00"), LADDER, TZ)
    stored = book.as_dict()
    # The hub is off from 09:10 to 09:40; the family step (09:15) is taken once on start ...
    again = EscalationBook.from_dict(stored)
    assert again == book
    steps = again.due(at("2027-01-10T09:40:00"), LADDER, TZ)
    assert [(s.number, s.run.context) for s in steps] == [(2, {"name": "X"})]
    assert again.due(at("2027-01-10T09:40:00"), LADDER, TZ) == []
    # ... and the worker step keeps its 45-minute spacing from then.
    assert again.next_wakeup() == at("2027-01-10T10:25:00")


def test_shortened_ladder_ends_runs_past_its_end() -> None:
    book = EscalationBook()
    book.start(Reason.MISSED_DOSE, "med1", at("2027-01-10T09:00:00"), LADDER, TZ)
    book.due(at("2027-01-10T09:00:00"), LADDER, TZ)
    book.due(at("2027-01-10T09:15:00"), LADDER, TZ)
    short = Ladder(LADDER.steps[:2])
    assert book.due(at("2027-01-10T10:00:00"), short, TZ) == []
    assert book.runs == {}


def test_validate_steps() -> None:
    steps = validate_steps([(0, ["client"]), (15.0, ["family", "other"])])
    assert steps == (
        LadderStep(0, frozenset({"client"})),
        LadderStep(15, frozenset({"family", "other"})),
    )


@pytest.mark.parametrize(
    ("steps", "key"),
    [
        ([], "steps_count"),
        ([(i, ["worker"]) for i in range(5)], "steps_count"),
        ([(-1, ["worker"])], "delay_out_of_range"),
        ([(1441, ["worker"])], "delay_out_of_range"),
        ([(1.5, ["worker"])], "delay_out_of_range"),
        ([(10, ["worker"]), (10, ["family"])], "delays_not_increasing"),
        ([(10, [])], "roles_missing"),
        ([(10, ["neighbour"])], "roles_missing"),
    ],
)
def test_validate_steps_rejects(steps: list[tuple[float, list[str]]], key: str) -> None:
    with pytest.raises(EscalationError) as err:
        validate_steps(steps)
    assert err.value.key == key


def test_answer_minutes() -> None:
    assert validate_answer_minutes(10.0) == 10
    for bad in (0, 121, 2.5):
        with pytest.raises(EscalationError):
            validate_answer_minutes(bad)


def test_ladder_options_round_trip() -> None:
    assert ladder_from_mapping(None) == DEFAULT_LADDER
    assert ladder_from_mapping({}) == DEFAULT_LADDER
    assert ladder_from_mapping(ladder_to_mapping(LADDER)) == Ladder(
        LADDER.steps, LADDER.quiet_hours, 15
    )
    no_quiet = ladder_from_mapping(ladder_to_mapping(Ladder(LADDER.steps, None, 5)))
    assert no_quiet.quiet_hours is not None
    assert not no_quiet.quiet_hours.contains(time(3))
    assert no_quiet.answer_minutes == 5
    only_minutes = ladder_from_mapping({"answer_minutes": 7})
    assert only_minutes.steps == DEFAULT_LADDER.steps
    assert only_minutes.answer_minutes == 7


@pytest.mark.parametrize(
    ("reason", "kinds", "expected"),
    [
        (Reason.MISSED_DOSE, {"medication", "medication_details"}, "missed_dose_details"),
        (Reason.MISSED_DOSE, {"medication"}, "missed_dose"),
        (Reason.MISSED_DOSE, {"medication_details"}, None),
        (Reason.MISSED_DOSE, {"check_in", "calls"}, None),
        (Reason.MISSED_CHECK_IN, {"check_in"}, "missed_check_in"),
        (Reason.MISSED_CHECK_IN, {"mood"}, None),
        (Reason.UNANSWERED_CALL, {"calls"}, "unanswered_call"),
        (Reason.UNANSWERED_CALL, set(), None),
    ],
)
def test_disclosure_follows_consent(reason: Reason, kinds: set[str], expected: str | None) -> None:
    found = disclosure_for(reason, kinds)
    assert (found[0] if found else None) == expected
    if found:
        assert found[1] <= kinds


def test_ladder_spacing_over_daylight_saving() -> None:
    ladder = Ladder((LadderStep(0, frozenset({"client"})), LadderStep(120, frozenset({"worker"}))))
    book = EscalationBook()
    book.start(Reason.MISSED_DOSE, "m", at("2027-03-28T02:00:00"), ladder, TZ)
    book.due(at("2027-03-28T02:00:00"), ladder, TZ)
    # Two real hours later the clock shows 05:00 (the night was an hour short).
    assert book.next_wakeup() == at("2027-03-28T02:00:00").astimezone(UTC) + timedelta(hours=2)
    assert book.next_wakeup() == datetime.fromisoformat("2027-03-28T05:00:00+03:00")
