"""Moving the reminders with time: the pass, the one-shot timer and the announcements.

The write side of the reminder engine (``engine.py`` holds the life cycle and what the
client does). A pass advances to now the books whose own next instant has come, puts what
changed in the journal, saves it, and only then announces it (events, publishers,
entities); then it arms a single one-shot timer at the next instant that matters.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from datetime import datetime, time, timedelta
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import CALLBACK_TYPE, callback
from homeassistant.helpers.event import async_track_point_in_utc_time
from homeassistant.util import dt as dt_util

from ...const import EVENT_REMINDER
from ...core.localtime import at_local
from ...core.occurrence import Step
from .model import Reminder, event_data
from .readout import ReminderReadout
from .storage import ReminderStorage

type Publisher = Callable[[Reminder, Step], None]


class ReminderClock(ReminderReadout):
    """The reminders of one hub moved on by time, recorded and announced."""

    entry: ConfigEntry[Any]
    _storage: ReminderStorage
    _acting: asyncio.Lock
    _unreadable: set[str]
    _day_ends: datetime | None
    _listeners: dict[str | None, list[CALLBACK_TYPE]]
    _publishers: list[Publisher]

    async def _async_advance(self, also: Iterable[str] = ()) -> None:
        """Sync the books whose next instant has come (all of them at midnight), and ``also``.

        What changed is in the journal on disk before anything is announced (events,
        notifications, entities): a crash right after never announces it twice.
        """
        now = dt_util.utcnow()
        moving = set(also)
        if self._day_ends is not None and now >= self._day_ends:
            moving.update(self.reminders)
        moving.update(rid for rid, at in self._wakeups.items() if at is not None and at <= now)
        changes: list[tuple[Reminder, Step]] = []
        for rid in [rid for rid in self.reminders if rid in moving]:
            reminder = self.reminders[rid]
            steps = self._books[rid].sync(reminder.spec, self.zone, now)
            changes.extend((reminder, step) for step in steps)
        changes.sort(key=lambda change: change[1].occurrence.due_at)
        if changes:
            self._record(changes)
            await self._storage.async_save_checked()
        self._publish(changes)
        self._notify(self._refresh(moving, now), stepped=bool(changes))
        self._arm(now)

    @callback
    def _on_timer(self, _now: datetime) -> None:
        self._unsub_timer = None
        self.entry.async_create_task(self.hass, self._async_on_timer(), "digiohjaus reminders")

    async def _async_on_timer(self) -> None:
        async with self._acting:  # a tap meanwhile waits for the pass, and the other way
            await self._async_advance()

    @callback
    def _refresh(self, reminder_ids: Iterable[str], now: datetime) -> set[str]:
        """Read the next instant and the view of the moved books; return whose view changed."""
        changed: set[str] = set()
        for rid in reminder_ids:
            reminder, book = self.reminders[rid], self._books[rid]
            windows = book.windows(now)  # one walk back for the adherence and its next change
            self._wakeups[rid] = book.next_wakeup(reminder.spec, self.zone, now, windows)
            if self._views.get(rid) != (view := self._view(rid, now, windows)):
                self._views[rid] = view
                changed.add(rid)
        return changed

    @callback
    def _notify(self, changed: set[str], *, stepped: bool) -> None:
        """Tell the listeners of the reminders whose view changed, and those of any change."""
        for rid in (*changed, None) if changed or stepped else ():
            for listener in list(self._listeners.get(rid, ())):
                listener()

    @callback
    def _arm(self, now: datetime) -> None:
        if self._unsub_timer is not None:
            self._unsub_timer()
            self._unsub_timer = None
        wakeups = [at for at in self._wakeups.values() if at is not None]
        self._day_ends = None
        if self.reminders:
            # The tablet's "today" turns over at midnight too.
            tomorrow = now.astimezone(self.zone).date() + timedelta(days=1)
            self._day_ends = at_local(tomorrow, time(0), self.zone)
            wakeups.append(self._day_ends)
        if wakeups:
            self._unsub_timer = async_track_point_in_utc_time(
                self.hass, self._on_timer, min(wakeups)
            )

    @callback
    def _record(self, changes: list[tuple[Reminder, Step]]) -> None:
        """Put what changed in the journal (saved by the caller)."""
        for reminder, step in changes:
            rid = reminder.spec.reminder_id
            self._storage.record(rid, self._books[rid], (step.occurrence.key,))

    @callback
    def _publish(self, changes: list[tuple[Reminder, Step]]) -> None:
        """Announce ``changes`` (already on disk)."""
        if self._storage.needs_compaction:
            self.entry.async_create_background_task(
                self.hass,
                self._storage.async_compact(self._to_store()),
                "digiohjaus reminder store",
            )
        for reminder, step in changes:
            if step.status is not None:
                self.hass.bus.async_fire(EVENT_REMINDER, event_data(self.entry, reminder, step))
            for publisher in list(self._publishers):
                publisher(reminder, step)

    # --- storage ------------------------------------------------------------------

    def _to_store(self) -> dict[str, Any]:
        books = {rid: book.to_dict() for rid, book in self._books.items()}
        return {**self._storage.kept(self._unreadable), **books}
