"""The lock-out after bad tokens: per address, in total, memory bounded."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from custom_components.digiohjaus.core import lockout
from custom_components.digiohjaus.core.lockout import EVERYONE, LockOut, Refusal

T0 = datetime(2027, 3, 10, 7, 0, tzinfo=UTC)


def test_lock_out_after_five_bad_tokens_within_the_window() -> None:
    guard = LockOut()
    for minute in range(4):
        assert guard.fail("203.0.113.7", T0 + timedelta(minutes=minute)) is None
    refusal = guard.fail("203.0.113.7", T0 + timedelta(minutes=4))
    until = T0 + timedelta(minutes=19)
    assert refusal == Refusal("203.0.113.7", until, started=True)
    assert guard.refused("203.0.113.7", T0 + timedelta(minutes=18)) == Refusal("203.0.113.7", until)
    assert guard.refused("198.51.100.1", T0 + timedelta(minutes=18)) is None
    # The lock-out expires; the count starts over.
    assert guard.refused("203.0.113.7", until) is None
    assert guard.fail("203.0.113.7", until) is None


def test_old_failures_fall_out_of_the_window() -> None:
    guard = LockOut()
    for step in range(10):
        assert guard.fail("a", T0 + timedelta(minutes=4 * step)) is None


def test_a_good_token_resets_the_count() -> None:
    guard = LockOut()
    for _ in range(4):
        guard.fail("a", T0)
    guard.succeed("a")
    assert guard.fail("a", T0) is None


def test_a_flood_from_many_addresses_is_refused_in_total() -> None:
    """Each address stays under its own limit; together they empty the shared bucket."""
    guard = LockOut(total_rate=10, total_burst=50)
    started = [guard.fail(f"10.0.{i // 250}.{i % 250}", T0) for i in range(50)]
    assert [refusal for refusal in started if refusal is not None] == [
        Refusal(EVERYONE, T0 + timedelta(seconds=0.1), started=True)
    ]
    refusal = guard.refused("192.0.2.1", T0)
    assert refusal is not None
    assert refusal.address == EVERYONE
    assert not refusal.started
    # The bucket refills at 10 a second: a tenth of a second later one more is checked.
    later = T0 + timedelta(seconds=0.1)
    assert guard.refused("192.0.2.1", later) is None
    assert guard.fail("192.0.2.1", later) is None  # already logged: no second "started"
    assert guard.refused("192.0.2.2", later) is not None
    # After five quiet seconds there is room again.
    assert guard.refused("192.0.2.2", T0 + timedelta(seconds=5)) is None


def test_memory_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lockout, "MAX_TRACKED_ADDRESSES", 10)
    guard = LockOut(max_failures=1, total_burst=1000)
    for i in range(10):
        guard.fail(f"old-{i}", T0)
    later = T0 + timedelta(hours=1)
    guard.fail("new", later)
    assert guard.refused("old-0", later) is None
    assert guard.refused("new", later) is not None
    assert len(guard._locked_until) == 1


def test_addresses_beyond_the_limit_are_not_tracked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lockout, "MAX_TRACKED_ADDRESSES", 3)
    guard = LockOut(total_burst=1000)
    for i in range(5):
        guard.fail(f"a-{i}", T0)
    assert len(guard._failures) == 3
