"""Times as people write and say them, in the hub's language (tablet, voice, notifications)."""

from __future__ import annotations

from datetime import date, time

import pytest

from custom_components.digiohjaus.core.spoken import bare_time, spoken_day, spoken_time


@pytest.mark.parametrize(
    ("language", "spoken", "bare"),
    [
        ("fi", "klo 8.05", "8.05"),
        ("sv", "kl. 8.05", "8.05"),
        ("en", "8:05", "8:05"),
        ("de", "8:05", "8:05"),  # a language the hub does not speak: English
    ],
)
def test_no_leading_zero_no_seconds(language: str, spoken: str, bare: str) -> None:
    assert spoken_time(time(8, 5, 59), language) == spoken
    assert bare_time(time(8, 5, 59), language) == bare
    assert bare_time(time(20, 0), language) == bare.replace("8", "20").replace("05", "00")


def test_day_without_year() -> None:
    assert spoken_day(date(2026, 12, 3), "fi") == "3.12."
    assert spoken_day(date(2026, 12, 3), "en") == "3/12"
