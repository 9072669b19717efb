"""Where the reminder engine keeps its books: a full store and a small journal of changes.

A care-critical change (a dose taken, a reminder done or snoozed) must be on disk before
the button or action returns, but the full store holds up to 400 days of every reminder
and is megabytes at 50 medicines. So each change is written to a *journal*: the current
form of only the occurrences that changed (and each changed reminder's horizon), saved at
once, atomically. The full store is rewritten rarely (when the journal has grown, and when
the hub stops); the journal is emptied only after the full store holds what it had. On
load the journal is laid over the full store, so a crash at any moment loses nothing that
was confirmed, and replaying the journal twice changes nothing.

A reminder whose stored record cannot be read is left out (the rest of the hub works); its
record is kept as it is, untouched, so nothing more of it is lost.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

from homeassistant.core import HomeAssistant

from ...const import DOMAIN
from ...core.reminder import ReminderBook
from ...core.reminder_stored import Instants
from ..storage import ConfirmedStore

STORAGE_VERSION: Final = 1
JOURNAL_LIMIT: Final = 500
"""Changed occurrences the journal holds before the full store is rewritten."""

type Part = dict[str, Any]  # {"horizon": str | None, "occurrences": {key: dict | None}}


def reminders_store_key(entry_id: str) -> str:
    """Return the storage key of the hub's reminder books."""
    return f"{DOMAIN}.{entry_id}.reminders"


def journal_store_key(entry_id: str) -> str:
    """Return the storage key of the journal of recent reminder changes."""
    return f"{DOMAIN}.{entry_id}.reminders_journal"


def _merged(older: dict[str, Part], newer: dict[str, Part]) -> dict[str, Part]:
    merged = {
        rid: {**part, "occurrences": dict(part["occurrences"])} for rid, part in older.items()
    }
    for rid, part in newer.items():
        into = merged.setdefault(rid, {"horizon": None, "occurrences": {}})
        into["horizon"] = part["horizon"] or into["horizon"]
        into["occurrences"].update(part["occurrences"])
    return merged


class ReminderStorage:
    """The full store and the journal of one hub's reminders."""

    def __init__(self, hass: HomeAssistant, entry_id: str) -> None:
        """Prepare the stores; :meth:`async_load` reads them."""
        # A full store is megabytes: it is encoded in the executor (``to_store`` hands
        # over fresh dicts that are never modified afterwards).
        self._full = ConfirmedStore(
            hass,
            STORAGE_VERSION,
            reminders_store_key(entry_id),
            "reminders",
            serialize_in_event_loop=False,
        )
        self._journal_store = ConfirmedStore(
            hass,
            STORAGE_VERSION,
            journal_store_key(entry_id),
            "reminders",
            history="reminders_journal",
            skip_unchanged=True,
        )
        self._saved: dict[str, Any] = {}
        # The times read while the books are read at start (one object for the same time
        # in every book); forgotten with the start's first save.
        self._instants: Instants = {}
        self._journal: dict[str, Part] = {}
        self._compacting: dict[str, Part] | None = None
        self._hass = hass

    async def async_load(self) -> None:
        """Read the full store and the journal."""
        self._saved = (await self._full.async_load_checked() or {}).get("reminders", {})
        stored = await self._journal_store.async_load_checked() or {}
        self._journal = stored.get("reminders", {})

    def book(self, rid: str) -> ReminderBook | None:
        """The stored book of ``rid`` with its journal laid over; ``None`` if none is stored.

        Read once per start: the stored record is then forgotten (the book holds it; a year
        of 50 medicines would otherwise be in memory twice). Raises ``KeyError``,
        ``TypeError`` or ``ValueError`` when the record is unreadable; it is kept as it is.
        """
        raw = self._saved.get(rid)
        part = self._journal.get(rid)
        if raw is None and part is None:
            return None
        book = ReminderBook.from_dict(raw or {}, self._instants)
        if part is not None:
            book.apply_changes(part.get("horizon"), dict(part["occurrences"]), self._instants)
        self._saved.pop(rid, None)
        return book

    def kept(self, rids: Iterable[str]) -> dict[str, Any]:
        """Stored records of ``rids`` as they are (unreadable ones, kept untouched)."""
        return {rid: self._saved[rid] for rid in rids if rid in self._saved}

    # --- the journal ----------------------------------------------------------------

    def record(self, rid: str, book: ReminderBook, keys: Iterable[str]) -> None:
        """Note the current form of ``keys`` (and the horizon) of one reminder."""
        part = self._journal.setdefault(rid, {"horizon": None, "occurrences": {}})
        part["horizon"] = book.horizon.isoformat() if book.horizon else None
        for key in keys:
            part["occurrences"][key] = book.snapshot(key)

    def checkpoint(self) -> dict[str, Part]:
        """A copy of the journal, to :meth:`rollback` to when a save fails."""
        return _merged({}, self._journal)

    def rollback(self, checkpoint: dict[str, Part]) -> None:
        """Forget what was recorded after ``checkpoint`` (its save failed)."""
        self._journal = checkpoint

    async def async_save_confirmed(self) -> None:
        """Write the journal now; raise a translated error if it did not reach the disk."""
        self._instants = {}
        await self._journal_store.async_save_confirmed(self._journal_data())

    async def async_save_checked(self) -> bool:
        """Write the journal now (what timers changed); a failure opens a repair."""
        self._instants = {}
        return await self._journal_store.async_save_checked(self._journal_data())

    @property
    def needs_compaction(self) -> bool:
        """Whether the journal has grown enough to rewrite the full store."""
        return self._compacting is None and (
            sum(len(part["occurrences"]) for part in self._journal.values()) > JOURNAL_LIMIT
        )

    async def async_compact(self, full: dict[str, Any]) -> None:
        """Rewrite the full store with ``full`` (every book now), then empty the journal.

        Until the full store is written, every journal save still carries the older
        entries, so a crash in between loses nothing.
        """
        self._compacting, self._journal = self._journal, {}
        if await self._full.async_save_checked({"reminders": full}):
            # Only records never read as books (unreadable ones) are kept, as they are.
            self._saved = {rid: full[rid] for rid in self._saved if rid in full}
            self._compacting = None
            await self._journal_store.async_save_checked(self._journal_data())
        else:
            self._journal = _merged(self._compacting, self._journal)
            self._compacting = None

    async def async_remove(self) -> None:
        """Delete both stores (the whole hub is being removed)."""
        await self._full.async_remove()
        await self._journal_store.async_remove()

    def _journal_data(self) -> dict[str, Any]:
        if self._compacting is None:
            return {"reminders": self._journal}
        return {"reminders": _merged(self._compacting, self._journal)}
