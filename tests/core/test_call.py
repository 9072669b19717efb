"""The call request's states: idle → requested → acknowledged | escalated → idle."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from custom_components.digiohjaus.core.call import (
    ACKNOWLEDGED_SHOWN,
    ESCALATED_SHOWN,
    CallOutcome,
    CallState,
    CallStatus,
)

T0 = datetime(2027, 1, 10, 9, 0, tzinfo=ZoneInfo("Europe/Helsinki"))


def test_request_acknowledge_idle() -> None:
    state = CallState()
    assert state.next_timer() is None
    assert state.on_timer(T0) is None
    assert state.request(T0, 15) is CallOutcome.SEND
    assert state.status is CallStatus.REQUESTED
    assert state.next_timer() == T0 + timedelta(minutes=15)
    assert state.acknowledge(T0 + timedelta(minutes=3))
    assert state.status is CallStatus.ACKNOWLEDGED
    assert not state.acknowledge(T0 + timedelta(minutes=4))
    assert state.next_timer() == T0 + timedelta(minutes=3) + ACKNOWLEDGED_SHOWN
    assert state.on_timer(T0 + timedelta(minutes=4)) is None
    assert state.on_timer(T0 + timedelta(minutes=3) + ACKNOWLEDGED_SHOWN) is CallStatus.IDLE
    assert state.request_id is None
    assert state.next_timer() is None


def test_unanswered_request_escalates_then_rests() -> None:
    state = CallState()
    state.request(T0, 10)
    due = T0 + timedelta(minutes=10)
    assert state.on_timer(due) is CallStatus.ESCALATED
    assert state.next_timer() == due + ESCALATED_SHOWN
    # A late answer still counts.
    assert state.acknowledge(due + timedelta(minutes=30), state.request_id)
    assert state.status is CallStatus.ACKNOWLEDGED


def test_escalated_request_goes_idle_after_a_while() -> None:
    state = CallState()
    state.request(T0, 10)
    state.on_timer(T0 + timedelta(minutes=10))
    assert state.on_timer(T0 + timedelta(minutes=10) + ESCALATED_SHOWN) is CallStatus.IDLE


def test_double_tap_sends_nothing_new() -> None:
    state = CallState()
    assert state.request(T0, 15) is CallOutcome.SEND
    assert state.request(T0 + timedelta(minutes=4, seconds=59), 15) is CallOutcome.NOTHING
    assert state.request(T0 + timedelta(minutes=5), 15) is CallOutcome.REMIND
    assert state.request(T0 + timedelta(minutes=6), 15) is CallOutcome.NOTHING
    # The wait is still counted from the first tap.
    assert state.answer_due == T0 + timedelta(minutes=15)
    state.acknowledge(T0 + timedelta(minutes=7))
    assert state.request(T0 + timedelta(minutes=8), 15) is CallOutcome.SEND


def test_stale_answer_to_an_old_request_is_ignored() -> None:
    state = CallState()
    state.request(T0, 15)
    assert not state.acknowledge(T0, "12345")
    assert state.status is CallStatus.REQUESTED
    assert state.acknowledge(T0, state.request_id)


def test_round_trip_through_the_store() -> None:
    state = CallState()
    state.request(T0, 15)
    assert CallState.from_dict(state.as_dict()) == state
    assert CallState.from_dict({}) == CallState()


def test_escalate_at_once_when_no_one_could_be_asked() -> None:
    state = CallState()
    assert not state.escalate(T0)
    state.request(T0, 15)
    assert state.escalate(T0)
    assert state.status is CallStatus.ESCALATED
    assert state.next_timer() == T0 + ESCALATED_SHOWN
