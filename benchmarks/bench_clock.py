"""The clocks the reminder benchmarks drive wake-ups with: freezegun's and a real one.

freezegun (the Home Assistant test harness's way) makes every date operation about ten times
dearer, which inflates what the integration's own code seems to cost; :class:`RealClock` moves
only what Home Assistant and the engine read for "now", with plain ``datetime`` objects.
"""

from __future__ import annotations

from collections.abc import Iterator
import contextlib
from datetime import datetime
import time
from typing import Any

import freezegun
from freezegun.api import FrozenDateTimeFactory
from homeassistant.helpers import event as event_helper
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component import patch_time


def ha_freezegun() -> None:
    """Freeze time the way Home Assistant's test harness does (the event loop keeps running)."""
    api: Any = freezegun.api
    api.FakeDate = patch_time.HAFakeDate
    api.datetime_to_fakedatetime = patch_time.ha_datetime_to_fakedatetime
    api.FakeDatetime = patch_time.HAFakeDatetime
    api._get_module_attributes = patch_time.ha_get_module_attributes  # noqa: SLF001
    api._get_module_attributes_hash = patch_time.ha_get_module_attributes_hash  # noqa: SLF001
    api._should_use_real_time = patch_time.ha_should_use_real_time  # noqa: SLF001
    api.get_current_time = patch_time.ha_get_current_time
    # No call-stack inspection on every clock read: it would cost more than the engine.
    freezegun.configure(default_ignore_list=[])  # type: ignore[no-untyped-call]


class RealClock:
    """A clock that stands where it is moved, read as Home Assistant reads it, no FakeDatetime.

    Sets only what the engine and Home Assistant read for "now": ``dt_util.utcnow`` and
    ``now``, ``time.time`` (state and event timestamps, when a one-shot timer is due), the
    event helper's clock and ``time.monotonic`` (the event loop's time: it moves with the
    clock, so a one-shot timer falls due when the clock reaches it, as with freezegun). What
    they return are plain ``datetime`` objects and floats.
    """

    def __init__(self, at: datetime) -> None:
        self._start, self._start_monotonic = at, time.monotonic()
        self.move_to(at)

    def move_to(self, at: datetime) -> None:
        self._now = at
        self._timestamp = at.timestamp()
        self._monotonic = self._start_monotonic + (at - self._start).total_seconds()

    def monotonic(self) -> float:
        return self._monotonic

    def utcnow(self) -> datetime:
        return self._now

    def now(self, time_zone: Any = None) -> datetime:
        return self._now.astimezone(time_zone or dt_util.get_default_time_zone())

    def time(self) -> float:
        return self._timestamp

    @contextlib.contextmanager
    def running(self) -> Iterator[RealClock]:
        saved = (dt_util.utcnow, dt_util.now, event_helper.time_tracker_utcnow)
        real = (time.time, time.monotonic)
        dt_util.utcnow = self.utcnow
        dt_util.now = self.now
        event_helper.time_tracker_utcnow = self.utcnow
        time.time, time.monotonic = self.time, self.monotonic
        try:
            yield self
        finally:
            dt_util.utcnow, dt_util.now, event_helper.time_tracker_utcnow = saved
            time.time, time.monotonic = real


type Clock = FrozenDateTimeFactory | RealClock


@contextlib.contextmanager
def clock(kind: str, start: datetime) -> Iterator[Clock]:
    """A real clock (``"real"``) or freezegun's, standing at ``start``."""
    if kind == "real":
        with RealClock(start).running() as real:
            yield real
    else:
        with freezegun.freeze_time(start) as freezer:
            yield freezer
