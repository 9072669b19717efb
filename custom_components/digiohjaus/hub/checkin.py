"""The daily check-in on the hub: record taps, keep 400 days, and judge each deadline once.

One one-shot timer waits for the next check-in deadline and one for the next midnight (when
"checked in today" starts over). State lives in a ``Store``, so a restart across the deadline
still gives exactly one ``missed`` event for that day.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
import logging
from typing import Final

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.event import async_track_point_in_utc_time
from homeassistant.util import dt as dt_util

from ..const import DOMAIN, EVENT_CHECK_IN
from ..core.checkin import (
    CheckIn,
    CheckInState,
    next_deadline,
    validate_mood,
    validate_note,
)
from ..core.localtime import next_at_local
from .storage import ConfirmedStore

_LOGGER = logging.getLogger(__name__)

STORAGE_VERSION: Final = 1
MIDNIGHT: Final = time(0)


def checkin_store_key(entry_id: str) -> str:
    """Return the storage key of the hub's check-ins."""
    return f"{DOMAIN}.{entry_id}.checkin"


class CheckInKeeper:
    """The hub's check-ins: what the tablet's buttons and the ``check_in`` action record."""

    def __init__(self, hass: HomeAssistant, entry_id: str, deadline: time) -> None:
        """Prepare the keeper of hub ``entry_id`` with its daily ``deadline``."""
        self._hass = hass
        self._entry_id = entry_id
        self._deadline = deadline
        self._store = ConfirmedStore(hass, STORAGE_VERSION, checkin_store_key(entry_id), "check_in")
        self.state = CheckInState()
        self._listeners: list[Callable[[], None]] = []
        self._unsub_deadline: CALLBACK_TYPE | None = None
        self._unsub_midnight: CALLBACK_TYPE | None = None
        # Set on unload: a judgement still saving then arms no timer on this stale keeper.
        self._stopped = False

    # Lifecycle -----------------------------------------------------------------------------

    async def async_start(self) -> None:
        """Load the history, judge deadlines passed while the hub was off, set the timers."""
        if (stored := await self._store.async_load_checked()) is not None:
            self.state = CheckInState.from_dict(stored)
        await self._async_judge(dt_util.utcnow())
        self._schedule_midnight()

    @callback
    def async_stop(self) -> None:
        """Cancel the timers; none is armed again after this."""
        self._stopped = True
        for unsub in (self._unsub_deadline, self._unsub_midnight):
            if unsub is not None:
                unsub()
        self._unsub_deadline = self._unsub_midnight = None

    # What the client does ------------------------------------------------------------------

    async def async_check_in(self, mood: object, note: str | None = None) -> CheckIn:
        """Record a check-in; raise ``CheckInError`` (nothing recorded) on bad input."""
        check_in = CheckIn(dt_util.now(), validate_mood(mood), validate_note(note))
        before = self.state.as_dict()
        self.state.record(check_in, dt_util.get_default_time_zone())
        try:
            await self._store.async_save_confirmed(self.state.as_dict())
        except HomeAssistantError:
            self.state = CheckInState.from_dict(before)
            raise
        _LOGGER.debug("Check-in recorded")
        self._hass.bus.async_fire(
            EVENT_CHECK_IN,
            {
                "config_entry_id": self._entry_id,
                "status": "done",
                "mood": check_in.mood,
                "day": check_in.at.date().isoformat(),
            },
        )
        self._notify()
        return check_in

    # What the tablet shows -----------------------------------------------------------------

    @property
    def today(self) -> date:
        """Today's date in the hub's time zone."""
        return dt_util.now().date()

    @property
    def today_check_in(self) -> CheckIn | None:
        """Today's check-in, if the client has checked in today."""
        return self.state.check_in_on(self.today)

    @property
    def last_check_in(self) -> CheckIn | None:
        """The latest check-in."""
        return self.state.last_check_in

    @property
    def streak(self) -> int:
        """Days in a row with a check-in."""
        return self.state.streak(self.today)

    @callback
    def async_add_listener(self, listener: Callable[[], None]) -> CALLBACK_TYPE:
        """Call ``listener`` whenever what the tablet shows may have changed."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    # Internals -----------------------------------------------------------------------------

    def _notify(self) -> None:
        for listener in list(self._listeners):
            listener()

    async def _async_judge(self, now: datetime) -> None:
        """Judge every deadline up to ``now``; announce the latest missed day once."""
        tz = dt_util.get_default_time_zone()
        missed = self.state.evaluate(now, self._deadline, tz)
        self.state.prune(now.astimezone(tz).date())
        await self._store.async_save_checked(self.state.as_dict())
        if missed:
            # Days missed while the hub was off are recorded; only the latest is announced,
            # so a long outage does not start a burst of escalations. The event names the
            # day it is about: a day missed before a night offline is never taken for today.
            _LOGGER.debug("Check-in missed on %d day(s)", len(missed))
            self._hass.bus.async_fire(
                EVENT_CHECK_IN,
                {
                    "config_entry_id": self._entry_id,
                    "status": "missed",
                    "mood": None,
                    "day": missed[-1].isoformat(),
                },
            )
            self._notify()
        self._schedule_deadline(now)

    def _schedule_deadline(self, now: datetime) -> None:
        if self._stopped:
            return
        due = next_deadline(now, self._deadline, dt_util.get_default_time_zone())

        async def on_deadline(fired: datetime) -> None:
            self._unsub_deadline = None
            await self._async_judge(max(fired, due))

        self._unsub_deadline = async_track_point_in_utc_time(self._hass, on_deadline, due)

    def _schedule_midnight(self) -> None:
        if self._stopped:
            return
        due = next_at_local(dt_util.utcnow(), MIDNIGHT, dt_util.get_default_time_zone())
        self._unsub_midnight = async_track_point_in_utc_time(self._hass, self._on_midnight, due)

    @callback
    def _on_midnight(self, now: datetime) -> None:
        self._unsub_midnight = None
        self._notify()
        self._schedule_midnight()
