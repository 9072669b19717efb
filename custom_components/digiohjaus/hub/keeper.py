"""What the hub's keepers share: listeners told of every change and one one-shot timer.

The call desk and the escalation ladder each keep their state in a ``Store`` and wait for
their next due moment with a single one-shot timer (never polling). Once the hub unloads,
:meth:`Keeper.async_stop_timer` cancels it for good: a save still in progress on the stale
keeper arms nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.event import async_track_point_in_utc_time


class Keeper:
    """Listeners and one one-shot timer."""

    def __init__(self, hass: HomeAssistant) -> None:
        """Start with no listener and no timer."""
        self._hass = hass
        self._listeners: list[Callable[[], None]] = []
        self._unsub_timer: CALLBACK_TYPE | None = None
        self._stopped = False

    @callback
    def async_add_listener(self, listener: Callable[[], None]) -> CALLBACK_TYPE:
        """Call ``listener`` after every change; return the function that stops it."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def _notify_listeners(self) -> None:
        for listener in list(self._listeners):
            listener()

    def _arm(self, when: datetime | None, action: Callable[[datetime], Awaitable[None]]) -> None:
        """Replace the timer: at ``when`` (if any) call ``action`` with the moment it fired.

        The moment is never earlier than ``when``, even if the clock fired a little early.
        """
        self._cancel_timer()
        if self._stopped or when is None:
            return

        async def fire(fired: datetime) -> None:
            self._unsub_timer = None
            await action(max(fired, when))

        self._unsub_timer = async_track_point_in_utc_time(self._hass, fire, when)

    def _cancel_timer(self) -> None:
        if self._unsub_timer is not None:
            self._unsub_timer()
            self._unsub_timer = None

    @callback
    def async_stop_timer(self) -> None:
        """Cancel the timer and arm none any more (the hub is unloading)."""
        self._stopped = True
        self._cancel_timer()
