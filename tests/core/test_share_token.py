"""Share tokens: shown once, kept as a keyed hash, checked in constant time; old records."""

from __future__ import annotations

import re

import pytest

from custom_components.digiohjaus.core import share_token
from custom_components.digiohjaus.core.share_token import (
    TokenRecord,
    bearer_token,
    key_id_of,
    legacy_record,
    new_hub_secret,
    new_token,
    record_for,
    verify,
)

SECRET = new_hub_secret()


def test_a_new_token_is_random_and_only_its_hash_is_kept() -> None:
    token, record = new_token(SECRET)
    other, other_record = new_token(SECRET)
    assert token != other
    assert record.salt != other_record.salt
    assert re.fullmatch(r"[0-9a-f]{12}[A-Za-z0-9_\-]{43}", token)
    assert record.key_id == token[:12]
    assert token not in str(record.as_dict())
    assert set(record.as_dict()) == {"key_id", "salt", "token_hash"}
    assert verify(token, record, SECRET)
    assert not verify(other, record, SECRET)
    assert TokenRecord.from_dict(record.as_dict()) == record


def test_the_hash_is_keyed_by_the_hubs_secret() -> None:
    """The stored hash alone (e.g. from a copied config file) is useless without the key."""
    token, record = new_token(SECRET)
    assert not verify(token, record, new_hub_secret())


def test_an_old_pbkdf2_record_still_verifies_and_can_be_replaced() -> None:
    token = new_token(SECRET)[0]
    old = legacy_record(token, iterations=1000)
    assert old.legacy
    assert old.as_dict()["iterations"] == 1000
    assert TokenRecord.from_dict(old.as_dict()) == old
    assert verify(token, old, SECRET)
    assert not verify(token[:-1] + "x", old, SECRET)
    new = record_for(token, SECRET)
    assert not new.legacy
    assert verify(token, new, SECRET)


def test_verification_compares_in_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, str]] = []

    def compare(a: str, b: str) -> bool:
        calls.append((a, b))
        return a == b

    monkeypatch.setattr(share_token.hmac, "compare_digest", compare)
    token, record = new_token(SECRET)
    assert verify(token, record, SECRET)
    assert verify(token, legacy_record(token, iterations=10), SECRET)
    assert len(calls) == 2
    assert all(a == b for a, b in calls)


@pytest.mark.parametrize(
    ("token", "key_id"),
    [
        ("0123456789ab" + "x" * 43, "0123456789ab"),
        ("0123456789ab", None),
        ("0123456789AB" + "x" * 43, None),
        ("zzzzzzzzzzzz" + "x" * 43, None),
        ("01234z6789ab" + "x" * 43, None),
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
        ("Bearer a\tb", None),
        ("Bearer a\u00a0b", None),
        ("Bearer \tabc\n", "abc"),
    ],
)
def test_bearer_header(header: str | None, token: str | None) -> None:
    assert bearer_token(header) == token
