"""Share tokens: shown once, kept as a salted hash, checked in constant time; the lock-out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
import re

import pytest

from custom_components.digiohjaus.core import share_token
from custom_components.digiohjaus.core.share_token import (
    LockOut,
    TokenRecord,
    bearer_token,
    key_id_of,
    new_token,
    verify,
)

T0 = datetime(2027, 3, 10, 7, 0, tzinfo=UTC)


def test_a_new_token_is_random_and_only_its_hash_is_kept() -> None:
    token, record = new_token()
    other, other_record = new_token()
    assert token != other
    assert record.salt != other_record.salt
    assert re.fullmatch(r"[0-9a-f]{12}[A-Za-z0-9_\-]{43}", token)
    assert record.key_id == token[:12]
    assert token not in str(record.as_dict())
    assert verify(token, record)
    assert not verify(other, record)
    assert TokenRecord.from_dict(record.as_dict()) == record


def test_verification_compares_in_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, str]] = []

    def compare(a: str, b: str) -> bool:
        calls.append((a, b))
        return a == b

    monkeypatch.setattr(share_token.hmac, "compare_digest", compare)
    token, record = new_token()
    assert verify(token, record)
    assert calls == [(record.token_hash, record.token_hash)]


@pytest.mark.parametrize(
    ("token", "key_id"),
    [
        ("0123456789ab" + "x" * 43, "0123456789ab"),
        ("0123456789ab", None),
        ("0123456789AB" + "x" * 43, None),
        ("zzzzzzzzzzzz" + "x" * 43, None),
        ("0123456789ab" + "x" * 300, None),
    ],
)
def test_key_id(token: str, key_id: str | None) -> None:
    assert key_id_of(token) == key_id


@pytest.mark.parametrize(
    ("header", "token"),
    [
        ("Bearer abc", "abc"),
        ("bearer  abc ", "abc"),
        (None, None),
        ("", None),
        ("Bearer", None),
        ("Bearer ", None),
        ("Basic abc", None),
        ("Bearer a b", None),
    ],
)
def test_bearer_header(header: str | None, token: str | None) -> None:
    assert bearer_token(header) == token


def test_lock_out_after_five_bad_tokens_within_the_window() -> None:
    guard = LockOut()
    for minute in range(4):
        assert guard.fail("203.0.113.7", T0 + timedelta(minutes=minute)) is None
    until = guard.fail("203.0.113.7", T0 + timedelta(minutes=4))
    assert until == T0 + timedelta(minutes=19)
    assert guard.locked_until("203.0.113.7", T0 + timedelta(minutes=18)) == until
    assert guard.locked_until("198.51.100.1", T0 + timedelta(minutes=18)) is None
    # The lock-out expires; the count starts over.
    assert guard.locked_until("203.0.113.7", until) is None
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


def test_memory_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(share_token, "MAX_TRACKED_ADDRESSES", 10)
    guard = LockOut(max_failures=1)
    for i in range(10):
        guard.fail(f"old-{i}", T0)
    later = T0 + timedelta(hours=1)
    guard.fail("new", later)
    assert guard.locked_until("old-0", later) is None
    assert guard.locked_until("new", later) is not None
    assert len(guard._locked_until) == 1
