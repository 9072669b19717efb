"""The reminder engine of a client home hub: one-shot timers, a Store and events.

The engine is generic over the kind of reminder. Adding, editing or removing a reminder
subentry reloads the hub (``hub/watch.py``), so the engine starts afresh from its Store
with the new schedule and no timer of the old one survives. For each reminder subentry it keeps a
:class:`~...core.reminder.ReminderBook` and does three things whenever time or the
client moves anything:

1. advances to now the books whose own next instant has come (the pure core decides
   what happened); the others are not touched;
2. records it (``storage.py``: the changed occurrences go to a small journal; what the
   client confirmed is on disk before the button or action returns), fires one
   ``digiohjaus_reminder`` event per transition, tells the client (notify) and refreshes
   the entities of the reminders whose view changed;
3. arms a single one-shot timer at the next instant that matters. Nothing polls.

The passes and the timer are in ``clock.py``; this module starts and stops the engine and
carries out what the client does.

Each reminder's view (what its entities show) and next instant are kept until its book
moves, so a pass costs in proportion to the reminders it moves, not to all of them.

After a restart or hours offline the first pass resolves what fell due while down:
each occurrence ends in exactly one outcome (missed, or due if still within grace),
announced once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
import logging
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import EVENT_CORE_CONFIG_UPDATE
from homeassistant.core import CALLBACK_TYPE, Event, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import device_registry as dr, issue_registry as ir
from homeassistant.helpers.translation import async_get_translations
from homeassistant.util import dt as dt_util

from ...const import DOMAIN
from ...core.occurrence import OccurrenceError, Step
from ...core.reminder import ReminderBook
from ...core.today import repeat_tap
from .clock import Publisher, ReminderClock
from .model import (
    Reminder,
    ReminderView,
    Upcoming,
    register_devices,
    reminders_from_entry,
)
from .readout import CALENDAR_RANGE
from .storage import ReminderStorage

__all__ = [
    "CALENDAR_RANGE",
    "Reminder",
    "ReminderEngine",
    "ReminderView",
    "Upcoming",
    "reminders_from_entry",
]

_LOGGER = logging.getLogger(__name__)


class ReminderEngine(ReminderClock):
    """Timers, storage and events for all reminders of one hub."""

    def __init__(self, hass: HomeAssistant, entry: ConfigEntry[Any]) -> None:
        """Prepare the engine; :meth:`async_start` loads and arms it."""
        self.hass = hass
        self.entry = entry
        self.reminders: dict[str, Reminder] = {}
        self.texts: dict[str, str] = {}
        self.language = "en"
        self._books: dict[str, ReminderBook] = {}
        self._storage = ReminderStorage(hass, entry.entry_id)
        self._unreadable: set[str] = set()
        self._acting = asyncio.Lock()
        self.devices: dict[str, dr.DeviceEntry] = {}  # each subentry reminder's device
        # Per reminder: what its entities show, and when it next changes (kept until it moves).
        self._views: dict[str, ReminderView] = {}
        self._wakeups: dict[str, datetime | None] = {}
        self._day_ends: datetime | None = None  # every reminder's "today" turns over then
        self._listeners: dict[str | None, list[CALLBACK_TYPE]] = {}
        self._calendar_listeners: list[CALLBACK_TYPE] = []
        self._publishers: list[Publisher] = []
        self._unsub_timer: CALLBACK_TYPE | None = None

    # --- life cycle ---------------------------------------------------------------

    async def async_start(self, language: str) -> None:
        """Load the texts, the reminders and their history; stop with the entry."""
        await self.async_load_texts(language)
        self.reminders = reminders_from_entry(self.entry)
        await self._storage.async_load()
        now = dt_util.utcnow()
        for rid in list(self.reminders):
            if (book := self._load_book(rid)) is None:
                if rid in self._unreadable:
                    continue
                # New: its schedule starts now, on disk at once, so a dose that falls
                # due while the hub is down is still resolved (missed) on the next start.
                book = ReminderBook(horizon=now)
                self._storage.record(rid, book, ())
            self._books[rid] = book
        await self._storage.async_save_confirmed()
        self.devices = register_devices(self.hass, self.entry, self.subentry_reminders, self.text)
        self.entry.async_on_unload(self.async_stop)
        self.entry.async_on_unload(
            self.hass.bus.async_listen(EVENT_CORE_CONFIG_UPDATE, self._on_config_update)
        )

    def _load_book(self, rid: str) -> ReminderBook | None:
        """The stored book, or ``None``; an unreadable one leaves the reminder out."""
        try:
            return self._storage.book(rid)
        except KeyError, TypeError, ValueError:
            reminder = self.reminders.pop(rid)
            self._unreadable.add(rid)
            _LOGGER.warning("Skipping a %s reminder whose stored history is unreadable", rid)
            ir.async_create_issue(
                self.hass,
                DOMAIN,
                f"reminder_unreadable_{rid}",
                is_fixable=False,
                severity=ir.IssueSeverity.ERROR,
                translation_key="reminder_unreadable",
                translation_placeholders={"name": reminder.spec.name},
            )
            return None

    @callback
    def _on_config_update(self, event: Event) -> None:
        """Re-arm in a new time zone: wall-clock times stay, from the next occurrence on."""
        if "time_zone" in event.data:
            self.entry.async_create_task(self.hass, self.async_catch_up(), "digiohjaus time zone")

    async def async_load_texts(self, language: str) -> None:
        """Load the ``common`` texts in the hub's language (notifications, device models)."""
        self.language = language
        self.texts = await async_get_translations(self.hass, language, "common", [DOMAIN])

    @callback
    def async_add_hub_reminder(self, reminder: Reminder, since: datetime) -> None:
        """Add a reminder of the hub itself (not a subentry), after :meth:`async_start`.

        A new one reads its schedule from ``since`` (when it began, e.g. the last home
        visit), so an occurrence that fell due before the hub first ran is resolved too.
        """
        rid = reminder.spec.reminder_id
        self.reminders[rid] = reminder
        self._books[rid] = self._load_book(rid) or ReminderBook(horizon=since)

    def text(self, key: str) -> str:
        """A ``common`` text in the hub's language (loaded by :meth:`async_start`)."""
        return self.texts.get(f"component.{DOMAIN}.common.{key}", key)

    async def async_catch_up(self) -> None:
        """Resolve what fell due while the hub was down (every book), and arm the timer."""
        async with self._acting:
            await self._async_advance(self.reminders)
        for listener in list(self._calendar_listeners):
            listener()

    async def async_stop(self) -> None:
        """Cancel the timer and write down where every reminder stands."""
        if self._unsub_timer is not None:
            self._unsub_timer()
            self._unsub_timer = None
        await self._storage.async_compact(self._to_store())

    async def async_remove_history(self) -> None:
        """Delete every stored occurrence (the whole hub is being removed)."""
        await self._storage.async_remove()

    # --- listeners ------------------------------------------------------------------

    @callback
    def async_add_listener(
        self, listener: CALLBACK_TYPE, reminder_id: str | None = None
    ) -> CALLBACK_TYPE:
        """Call ``listener`` when what ``reminder_id`` shows changed (any reminder if ``None``).

        Return the function that stops it.
        """
        listeners = self._listeners.setdefault(reminder_id, [])
        listeners.append(listener)
        return lambda: listeners.remove(listener)

    @callback
    def async_add_calendar_listener(self, listener: CALLBACK_TYPE) -> CALLBACK_TYPE:
        """Call ``listener`` when the calendar may change other than by the clock.

        That is after the first pass (what fell due while down is known) and when a
        reminder gets a new schedule or the home a new time zone; statuses never change
        what the calendar shows.
        """
        self._calendar_listeners.append(listener)
        return lambda: self._calendar_listeners.remove(listener)

    @callback
    def async_add_publisher(self, publisher: Publisher) -> CALLBACK_TYPE:
        """Call ``publisher`` with every step (for notifications); return the stopper."""
        self._publishers.append(publisher)
        return lambda: self._publishers.remove(publisher)

    # --- what the client does -----------------------------------------------------

    async def async_mark_done(self, reminder_ids: Iterable[str]) -> None:
        """Confirm the current occurrence of each reminder; all or nothing, saved first."""
        await self._async_act(reminder_ids, self._mark_done)

    def _mark_done(self, book: ReminderBook, reminder: Reminder, now: datetime) -> Step:
        return book.mark_done(reminder.spec, self.zone, now)

    async def async_press_done(self, reminder_id: str, pressed_at: datetime) -> None:
        """The "done" button: a tap on an occurrence already done changes nothing."""
        async with self._acting:  # a second tap waits for the first
            await self._async_advance([reminder_id])
            spec, book = self.reminders[reminder_id].spec, self._books[reminder_id]
            if repeat_tap(book, spec, self.zone, dt_util.utcnow(), pressed_at):
                _LOGGER.debug("A tap on a done button of a reminder already done")
                return
            await self._async_act_now([reminder_id], self._mark_done)

    async def async_snooze(self, reminder_ids: Iterable[str], minutes: int | None = None) -> None:
        """Remind again later (the reminder's own snooze length unless ``minutes``)."""

        def snooze(book: ReminderBook, reminder: Reminder, now: datetime) -> Step:
            length = timedelta(minutes=minutes) if minutes else reminder.spec.timing.snooze
            return book.snooze(length, now)

        await self._async_act(reminder_ids, snooze)

    async def async_answer(self, reminder_id: str, key: str, snooze: bool) -> None:
        """Apply an answer from a notification to the occurrence it was about."""

        def answer(book: ReminderBook, reminder: Reminder, now: datetime) -> Step:
            length = reminder.spec.timing.snooze if snooze else None
            return book.answer(key, reminder.spec, self.zone, now, length)

        await self._async_act([reminder_id], answer)

    async def _async_act(
        self,
        reminder_ids: Iterable[str],
        action: Callable[[ReminderBook, Reminder, datetime], Step],
    ) -> None:
        async with self._acting:  # a second tap waits and then finds it done
            await self._async_act_now(reminder_ids, action)

    async def _async_act_now(
        self,
        reminder_ids: Iterable[str],
        action: Callable[[ReminderBook, Reminder, datetime], Step],
    ) -> None:
        acted = list(dict.fromkeys(reminder_ids))
        await self._async_advance(acted)
        now = dt_util.utcnow()
        trial: dict[str, ReminderBook] = {}
        steps: list[tuple[Reminder, Step]] = []
        for rid in acted:
            reminder = self.reminders[rid]
            book = self._books[rid]
            trial[rid] = book.copy()
            try:
                steps.append((reminder, action(trial[rid], reminder, now)))
            except OccurrenceError as err:
                raise ServiceValidationError(
                    translation_domain=DOMAIN, translation_key=err.key
                ) from err
        await self._async_commit(trial, steps)
        # Confirming the next occurrence early leaves none scheduled: read the schedule
        # again so that the one after it exists and the timer is armed for it.
        await self._async_advance(acted)

    async def _async_commit(
        self, trial: dict[str, ReminderBook], steps: list[tuple[Reminder, Step]]
    ) -> None:
        """Make ``trial`` the books once the journal holding ``steps`` is on disk.

        If the save fails, a translated error is raised and nothing changes: the
        entities keep showing what is really recorded.
        """
        checkpoint = self._storage.checkpoint()
        for reminder, step in steps:
            rid = reminder.spec.reminder_id
            self._storage.record(rid, trial[rid], (step.occurrence.key,))
        try:
            await self._storage.async_save_confirmed()
        except HomeAssistantError:
            self._storage.rollback(checkpoint)
            raise
        self._books.update(trial)
        self._publish(steps)

    async def async_reschedule(self, reminder: Reminder) -> None:
        """Confirm a hub reminder's current occurrence and give it a new schedule at once.

        For a reminder that moves with what happened (a home visit was made today, so
        the next one is due an interval from today): the occurrence now open, or the next
        one, becomes done (one event), and the new schedule takes over. An occurrence
        confirmed ahead of its time goes with the old schedule.
        """
        async with self._acting:
            rid = reminder.spec.reminder_id
            await self._async_advance([rid])
            now = dt_util.utcnow()
            book = self._books[rid].copy()
            steps: list[tuple[Reminder, Step]] = []
            if (step := book.confirm_current(now)) is not None:
                steps.append((self.reminders[rid], step))
            book.forget_ahead(reminder.spec, self.zone, now)
            steps.extend((reminder, s) for s in book.sync(reminder.spec, self.zone, now))
            previous, self.reminders[rid] = self.reminders[rid], reminder
            try:
                await self._async_commit({rid: book}, steps)
            except HomeAssistantError:
                self.reminders[rid] = previous
                raise
            self._refresh([rid], now)
            self._notify({rid}, stepped=True)
            self._arm(now)
            for listener in list(self._calendar_listeners):
                listener()
