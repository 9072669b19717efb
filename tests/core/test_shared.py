"""Equal settings of many reminders are kept once: the first equal value is handed out."""

from __future__ import annotations

from datetime import time

from custom_components.digiohjaus.core.schedule import parse_times, parse_weekdays
from custom_components.digiohjaus.core.shared import Shared


def test_equal_values_are_one_object_and_different_ones_stay_apart() -> None:
    shared: Shared[tuple[int, ...]] = Shared()
    first = shared((8, 12))
    assert shared(tuple(range(8, 13, 4))) is first  # equal, built apart
    other = shared((8, 20))
    assert other == (8, 20)
    assert other is not first


def test_beyond_its_limit_it_starts_over_and_still_hands_out_equal_values() -> None:
    shared: Shared[int] = Shared(limit=2)
    big = 10**20  # not one of Python's own shared small numbers
    first = shared(big)
    shared(big + 1)
    shared(big + 2)  # the third kind: the first two are forgotten
    again = shared(int(str(big)))
    assert again == big
    assert again is not first
    assert shared(int(str(big))) is again


def test_fifty_medicines_at_the_same_hours_share_their_times_and_weekdays() -> None:
    times = [parse_times(["20:00", "08:00"]) for _ in range(50)]
    days = [parse_weekdays(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]) for _ in range(50)]
    assert times[0] == (time(8), time(20))
    assert all(each is times[0] for each in times)
    assert all(each is days[0] for each in days)
    assert parse_weekdays(["mon"]) == frozenset({0})
