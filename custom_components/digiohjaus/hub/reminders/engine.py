"""The reminder engine of a client home hub: one-shot timers, a Store and events.

The engine is generic over the kind of reminder. Adding, editing or removing a reminder
subentry reloads the hub (``hub/watch.py``), so the engine starts afresh from its Store
with the new schedule and no timer of the old one survives. For each reminder subentry it keeps a
:class:`~...core.reminder.ReminderBook` and does three things whenever time or the
client moves anything:

1. advances every book to now (the pure core decides what happened);
2. records it (``storage.py``: the changed occurrences go to a small journal; what the
   client confirmed is on disk before the button or action returns), fires one
   ``digiohjaus_reminder`` event per transition, tells the client (notify) and refreshes
   the entities;
3. arms a single one-shot timer at the next instant that matters. Nothing polls.

After a restart or hours offline the first pass resolves what fell due while down:
each occurrence ends in exactly one outcome (missed, or due if still within grace),
announced once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta
import logging
from typing import Any, Final
from zoneinfo import ZoneInfo

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import EVENT_CORE_CONFIG_UPDATE
from homeassistant.core import CALLBACK_TYPE, Event, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import device_registry as dr, issue_registry as ir
from homeassistant.helpers.event import async_track_point_in_utc_time
from homeassistant.helpers.translation import async_get_translations
from homeassistant.util import dt as dt_util

from ...const import DOMAIN, EVENT_REMINDER
from ...core.localtime import at_local
from ...core.occurrence import Occurrence, OccurrenceError, Status, Step
from ...core.reminder import ADHERENCE_WINDOWS, ReminderBook, ReminderSpec
from ...core.schedule import ScheduleError, occurrences
from ...core.today import TodayLine, today_line
from .kind import ReminderKind
from .registry import KINDS
from .storage import ReminderStorage

_LOGGER = logging.getLogger(__name__)

CALENDAR_RANGE: Final = timedelta(days=400)


@dataclass(frozen=True, slots=True)
class Reminder:
    """A reminder the worker set up: its spec, kind and the subentry's data."""

    spec: ReminderSpec
    kind: ReminderKind
    data: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class ReminderView:
    """What the entities of one reminder show."""

    status: Status | None
    next_due: datetime | None
    adherence: tuple[float | None, ...]  # one per ``ADHERENCE_WINDOWS``


@dataclass(frozen=True, slots=True)
class Upcoming:
    """One occurrence for the calendar, known or projected from the schedule."""

    reminder: Reminder
    occurrence: Occurrence


type Publisher = Callable[[Reminder, Step], None]


def reminders_from_entry(entry: ConfigEntry[Any]) -> dict[str, Reminder]:
    """Read every reminder subentry of a known kind; skip (and log) unreadable ones."""
    found: dict[str, Reminder] = {}
    for subentry in entry.subentries.values():
        kind = KINDS.get(subentry.subentry_type)
        if kind is None:
            continue
        try:
            spec = ReminderSpec(
                reminder_id=subentry.subentry_id,
                kind=kind.kind,
                name=subentry.title,
                schedule=kind.schedule(subentry.data),
                timing=kind.timing(subentry.data),
            )
        except ScheduleError, KeyError, ValueError:
            _LOGGER.warning("Skipping a %s reminder whose stored schedule is invalid", kind.kind)
            continue
        found[subentry.subentry_id] = Reminder(spec=spec, kind=kind, data=subentry.data)
    return found


class ReminderEngine:
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
        self._listeners: list[CALLBACK_TYPE] = []
        self._publishers: list[Publisher] = []
        self._unsub_timer: CALLBACK_TYPE | None = None

    @property
    def zone(self) -> ZoneInfo:
        """The home's time zone (Europe/Helsinki for our clients)."""
        return ZoneInfo(self.hass.config.time_zone)

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
        self._register_devices()
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
            self._advance()

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

    @property
    def subentry_reminders(self) -> dict[str, Reminder]:
        """The reminders that are subentries, each with its own device and entities."""
        return {rid: r for rid, r in self.reminders.items() if r.kind.is_subentry}

    @callback
    def async_catch_up(self) -> None:
        """Resolve what fell due while the hub was down, once, and arm the timer."""
        self._advance()

    async def async_stop(self) -> None:
        """Cancel the timer and write down where every reminder stands."""
        if self._unsub_timer is not None:
            self._unsub_timer()
            self._unsub_timer = None
        await self._storage.async_compact(self._to_store())

    async def async_remove_history(self) -> None:
        """Delete every stored occurrence (the whole hub is being removed)."""
        await self._storage.async_remove()

    def _register_devices(self) -> None:
        registry = dr.async_get(self.hass)
        hub = registry.async_get_device_by_identifier(
            (DOMAIN, self.entry.entry_id), self.entry.entry_id
        )
        for rid, reminder in self.subentry_reminders.items():
            registry.async_get_or_create(
                config_entry_id=self.entry.entry_id,
                config_subentry_id=rid,
                identifiers={(DOMAIN, rid)},
                name=reminder.spec.name,
                manufacturer="Digiohjaus",
                model=self.text(f"{reminder.kind.kind}_model"),
                entry_type=dr.DeviceEntryType.SERVICE,
                via_device_id=hub.id if hub else None,
            )

    # --- listeners ------------------------------------------------------------------

    @callback
    def async_add_listener(self, listener: CALLBACK_TYPE) -> CALLBACK_TYPE:
        """Call ``listener`` after anything changed; return the function that stops it."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    @callback
    def async_add_publisher(self, publisher: Publisher) -> CALLBACK_TYPE:
        """Call ``publisher`` with every step (for notifications); return the stopper."""
        self._publishers.append(publisher)
        return lambda: self._publishers.remove(publisher)

    # --- time ---------------------------------------------------------------------

    @callback
    def _advance(self) -> None:
        now = dt_util.utcnow()
        changes: list[tuple[Reminder, Step]] = []
        for rid, reminder in self.reminders.items():
            steps = self._books[rid].sync(reminder.spec, self.zone, now)
            changes.extend((reminder, step) for step in steps)
        changes.sort(key=lambda change: change[1].occurrence.due_at)
        self._publish(changes)
        self._arm(now)

    @callback
    def _on_timer(self, _now: datetime) -> None:
        self._unsub_timer = None
        self._advance()

    @callback
    def _arm(self, now: datetime) -> None:
        if self._unsub_timer is not None:
            self._unsub_timer()
            self._unsub_timer = None
        wakeups = [
            at
            for rid, reminder in self.reminders.items()
            if (at := self._books[rid].next_wakeup(reminder.spec, self.zone, now)) is not None
        ]
        if self.reminders:
            # The tablet's "today" turns over at midnight too.
            tomorrow = now.astimezone(self.zone).date() + timedelta(days=1)
            wakeups.append(at_local(tomorrow, time(0), self.zone))
        if wakeups:
            self._unsub_timer = async_track_point_in_utc_time(
                self.hass, self._on_timer, min(wakeups)
            )

    def diagnostics(self) -> dict[str, Any]:
        """Counts and times only: no names, doses or notes."""
        now = dt_util.utcnow()
        wakeups = [
            at
            for rid, reminder in self.reminders.items()
            if (at := self._books[rid].next_wakeup(reminder.spec, self.zone, now)) is not None
        ]
        return {
            "by_kind": {
                kind: sum(1 for r in self.reminders.values() if r.spec.kind == kind)
                for kind in sorted({r.spec.kind for r in self.reminders.values()})
            },
            "stored_occurrences": sum(len(book.occurrences) for book in self._books.values()),
            "timer_armed": self._unsub_timer is not None,
            "next_wakeup": min(wakeups).isoformat() if wakeups else None,
        }

    @callback
    def _record(self, changes: list[tuple[Reminder, Step]]) -> None:
        """Put what changed in the journal (saved by the caller, or soon)."""
        for reminder, step in changes:
            rid = reminder.spec.reminder_id
            self._storage.record(rid, self._books[rid], (step.occurrence.key,))

    @callback
    def _publish(self, changes: list[tuple[Reminder, Step]], confirmed: bool = False) -> None:
        if changes and not confirmed:
            self._record(changes)
            self._storage.schedule_save()
        if self._storage.needs_compaction:
            self.entry.async_create_background_task(
                self.hass,
                self._storage.async_compact(self._to_store()),
                "digiohjaus reminder store",
            )
        for reminder, step in changes:
            if step.status is not None:
                self.hass.bus.async_fire(EVENT_REMINDER, self._event_data(reminder, step))
            for publisher in list(self._publishers):
                publisher(reminder, step)
        for listener in list(self._listeners):
            listener()

    def _event_data(self, reminder: Reminder, step: Step) -> dict[str, Any]:
        assert step.status is not None  # noqa: S101
        return {
            "config_entry_id": self.entry.entry_id,
            "reminder_id": reminder.spec.reminder_id,
            "kind": reminder.spec.kind,
            "name": reminder.spec.name,
            "status": step.status.value,
            "due_at": dt_util.as_local(step.occurrence.due_at).isoformat(),
        }

    # --- what the client does -----------------------------------------------------

    async def async_mark_done(self, reminder_ids: Iterable[str]) -> None:
        """Confirm the current occurrence of each reminder; all or nothing, saved first."""
        await self._async_act(
            reminder_ids, lambda book, r, now: book.mark_done(r.spec, self.zone, now)
        )

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
        self._advance()
        now = dt_util.utcnow()
        trial: dict[str, ReminderBook] = {}
        steps: list[tuple[Reminder, Step]] = []
        for rid in dict.fromkeys(reminder_ids):
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
        self._advance()

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
        self._publish(steps, confirmed=True)

    async def async_reschedule(self, reminder: Reminder) -> None:
        """Confirm a hub reminder's current occurrence and give it a new schedule at once.

        For a reminder that moves with what happened (a home visit was made today, so
        the next one is due an interval from today): the occurrence now open, or the next
        one, becomes done (one event), and the new schedule takes over. An occurrence
        confirmed ahead of its time goes with the old schedule.
        """
        async with self._acting:
            self._advance()
            now = dt_util.utcnow()
            rid = reminder.spec.reminder_id
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
            self._arm(now)

    # --- what the entities and the calendar show ----------------------------------

    def view(self, reminder_id: str) -> ReminderView:
        """The status, next due time and adherence of one reminder."""
        reminder = self.reminders[reminder_id]
        book = self._books[reminder_id]
        now = dt_util.utcnow()
        current = book.current(reminder.spec, self.zone, now)
        return ReminderView(
            status=current.status if current else None,
            next_due=book.next_due(),
            adherence=tuple(book.adherence(window, now) for window in ADHERENCE_WINDOWS),
        )

    def today(self, reminder_id: str) -> TodayLine:
        """Where the reminder stands today, for the kitchen tablet."""
        reminder = self.reminders[reminder_id]
        return today_line(self._books[reminder_id], reminder.spec, self.zone, dt_util.utcnow())

    def upcoming(self, start: datetime, end: datetime) -> list[Upcoming]:
        """Occurrences of every reminder within ``[start, end)``, in time order."""
        end = min(end, start + CALENDAR_RANGE)
        # The future is projected from the schedule; the past is what really happened.
        projected_from = max(start, dt_util.utcnow()) - timedelta(microseconds=1)
        found: list[Upcoming] = []
        for rid, reminder in self.reminders.items():
            known = {o.key: o for o in self._books[rid].upcoming(start, end)}
            for nominal, instant in occurrences(
                reminder.spec.schedule, self.zone, projected_from, end
            ):
                if instant < end:
                    known.setdefault(nominal.isoformat(), Occurrence(nominal, instant))
            found.extend(Upcoming(reminder, occ) for occ in known.values())
        return sorted(found, key=lambda item: (item.occurrence.due_at, item.reminder.spec.name))

    # --- storage ------------------------------------------------------------------

    def _to_store(self) -> dict[str, Any]:
        books = {rid: book.to_dict() for rid, book in self._books.items()}
        return {**self._storage.kept(self._unreadable), **books}
