"""Whole numbers typed by a person: only finite, whole, ASCII-written ones pass."""

from __future__ import annotations

from typing import Any

import pytest

from custom_components.digiohjaus.core.numbers import whole_in_range, whole_number


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (5, 5),
        (5.0, 5),
        ("5", 5),
        (" 12 ", 12),
        ("-3", -3),
        ("1e2", 100),
        ("7.0", 7),
        (2.5, None),
        ("2.5", None),
        (float("nan"), None),
        (float("inf"), None),
        ("nan", None),
        ("inf", None),
        ("1e400", None),
        ("٣", None),
        ("0²", None),
        ("9" * 5000, None),
        ("", None),
        ("viisi", None),
        (True, None),
        (None, None),
        ([5], None),
    ],
)
def test_whole_number(value: Any, expected: int | None) -> None:
    assert whole_number(value) == expected


def test_whole_in_range() -> None:
    assert whole_in_range("31", 1, 31) == 31
    assert whole_in_range(32, 1, 31) is None
    assert whole_in_range(10**30, 1, 31) is None
    assert whole_in_range("nan", 1, 31) is None
