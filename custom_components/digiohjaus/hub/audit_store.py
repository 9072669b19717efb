"""How the audit log reaches the disk: a compacted base file and a short journal.

Rewriting a two-year log (megabytes) on every read made each append cost more as the log
grew. Instead the log is kept in two ``Store`` files, both written atomically by Home
Assistant (temporary file, fsync, rename):

- the **base** (``digiohjaus.<entry>.audit``): the whole log as of journal record ``seq``;
- the **journal** (``digiohjaus.<entry>.audit_journal``): the records after it, each an
  entry as it was added (``{"seq", "entry"}``) or the contacts the log knows
  (``{"seq", "contacts"}``); a read that extends a series already in the journal is folded
  into that series' record. It never holds more than about :data:`COMPACT_AT` records, so
  writing it costs the same whether the log is 10 KiB or 10 MiB.

Loading reads the base and replays the journal records newer than its ``seq`` (replaying
is what adding did, so series come out the same). When the journal reaches
:data:`COMPACT_AT` records, the base is rewritten in the background (encoded in the
executor) and the journal trimmed to what came after it; a crash in between only leaves
records the ``seq`` skips.

**Durable or lazy.** Anything new (a first read of a series, a refusal, a message, every
consent entry) is in the journal on disk before :meth:`AuditStorage.async_write` returns.
A read that only extends a series already on disk (a count bump) is written lazily, within
:data:`LAZY_DELAY` seconds, or with the next durable write, or when Home Assistant stops
or the hub unloads. A crash can therefore lose only the last minute's count bumps (and the
``last_at`` they moved), never that a contact read something.

A damaged file: Home Assistant renames it to ``<file>.corrupt.<time>`` and starts without
it; :meth:`AuditStorage.async_load` reports which file it was and where the copy is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
import logging
from typing import Any, Final, TypedDict

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util

from ..const import DOMAIN
from ..core.audit import SERIES_OUTCOMES, coalesce_stored, merged_reads
from .storage import set_aside_copy

_LOGGER = logging.getLogger(__name__)

STORAGE_VERSION: Final = 1
STORAGE_MINOR_VERSION: Final = 2
JOURNAL_VERSION: Final = 1
COMPACT_AT: Final = 256
"""Journal records that make the base file be rewritten (about a day of two workers' reads)."""
LAZY_DELAY: Final = 60.0
"""Seconds within which a count bump reaches the disk at the latest."""


class KnownContact(TypedDict):
    """What the log remembers of a contact, to record its removal even after a restart."""

    name: str
    role: str
    kinds: list[str]


class AuditData(TypedDict, total=False):
    """The stored form of the audit log's base file."""

    entries: list[dict[str, Any]]
    contacts: dict[str, KnownContact]
    seq: int
    """The last journal record the base includes (absent before the journal existed)."""


type Record = dict[str, Any]


def audit_store_key(entry_id: str) -> str:
    """Return the storage key of the hub's audit log (its base file)."""
    return f"{DOMAIN}.{entry_id}.audit"


def journal_store_key(entry_id: str) -> str:
    """Return the storage key of the audit log's journal."""
    return f"{DOMAIN}.{entry_id}.audit_journal"


class AuditStore(Store[AuditData]):
    """The base file's ``Store``; migrates a 1.1 log (one entry per share read) to series."""

    migrated = False
    """Whether the log just read was migrated (and should be written in its new form)."""

    async def _async_migrate_func(
        self, old_major_version: int, old_minor_version: int, old_data: dict[str, Any]
    ) -> AuditData:
        """Replay a 1.1 log into series; a newer minor version is read as it is."""
        entries: list[dict[str, Any]] = old_data.get("entries", [])
        contacts: dict[str, KnownContact] = old_data.get("contacts", {})
        if old_major_version == 1 and old_minor_version < STORAGE_MINOR_VERSION:
            self.migrated = True
            before = len(entries)
            entries = await self.hass.async_add_executor_job(coalesce_stored, entries)
            _LOGGER.debug("Audit log: %s entries kept as %s", before, len(entries))
        return {"entries": entries, "contacts": contacts, "seq": int(old_data.get("seq", 0))}


@dataclass(frozen=True, slots=True)
class Damaged:
    """A file of the log Home Assistant could not read and set aside."""

    journal: bool
    """Whether it was the journal (the latest entries) rather than the base (the history)."""
    copy: str
    """Where Home Assistant keeps the damaged copy."""


@dataclass(slots=True)
class Loaded:
    """What :meth:`AuditStorage.async_load` found."""

    base: AuditData
    records: list[Record]
    """Journal records to replay on top of the base, oldest first."""
    damaged: list[Damaged]
    migrated: bool
    """Whether the base was in an older form (write it in the new one once)."""

    @property
    def full(self) -> bool:
        """Whether the journal is due for compaction."""
        return len(self.records) >= COMPACT_AT


class AuditStorage:
    """The base file and the journal of one hub's audit log."""

    def __init__(self, hass: HomeAssistant, entry: ConfigEntry[Any]) -> None:
        """Prepare both stores; call :meth:`async_load` first."""
        self._hass = hass
        self._entry = entry
        # A full log is megabytes: it is encoded in the executor, not in the event loop
        # (safe: the snapshot hands over a copy whose items are never modified).
        self._base = AuditStore(
            hass,
            STORAGE_VERSION,
            audit_store_key(entry.entry_id),
            private=True,
            atomic_writes=True,
            minor_version=STORAGE_MINOR_VERSION,
            serialize_in_event_loop=False,
        )
        self._journal: Store[dict[str, Any]] = Store(
            hass,
            JOURNAL_VERSION,
            journal_store_key(entry.entry_id),
            private=True,
            atomic_writes=True,
        )
        self._records: list[Record] = []
        self._open: dict[str, int] = {}
        """Per contact: the journal record its newest series' quick reads go into."""
        self._seq = 0
        self._compacting = False
        self._lazy = False

    async def async_load(self) -> Loaded:
        """Read the base and the journal; report files Home Assistant found damaged."""
        damaged = []
        base, lost = await self._async_load_checked(self._base)
        if lost:
            damaged.append(Damaged(journal=False, copy=lost))
        journal, lost = await self._async_load_checked(self._journal)
        if lost:
            damaged.append(Damaged(journal=True, copy=lost))
        data: AuditData = base if base is not None else {"entries": [], "contacts": {}}
        base_seq = int(data.get("seq", 0))
        records = [
            record for record in (journal or {}).get("records", []) if record["seq"] > base_seq
        ]
        self._records = records
        self._open.clear()
        self._seq = max([base_seq, *(record["seq"] for record in records)])
        return Loaded(
            base=data, records=list(records), damaged=damaged, migrated=self._base.migrated
        )

    async def _async_load_checked(self, store: Store[Any]) -> tuple[Any, str | None]:
        """Load ``store``; if Home Assistant just set its file aside as damaged, say where."""
        began = dt_util.utcnow().isoformat()
        data = await store.async_load()
        if data is not None:
            return data, None
        return None, set_aside_copy(self._hass, store.key, began)

    async def async_compact(self, snapshot: Callable[[], AuditData]) -> None:
        """Rewrite the base file now (and wait for it)."""
        self._compacting = True
        await self._async_compact(snapshot)

    async def async_write(
        self, records: list[Record], snapshot: Callable[[], AuditData], *, durable: bool
    ) -> None:
        """Journal ``records``; on disk before returning if ``durable``, else within a minute.

        ``snapshot`` returns the whole log as it is now (for compaction).
        """
        if not durable:
            self.write_lazy(records, snapshot)
            return
        for record in records:
            self._seq += 1
            self._records.append({"seq": self._seq, **record})
            self._note_open(record)
        self._lazy = False
        await self._journal.async_save(self._journal_data())
        if len(self._records) >= COMPACT_AT:
            self.async_compact_soon(snapshot)

    @callback
    def write_lazy(self, records: list[Record], snapshot: Callable[[], AuditData]) -> None:
        """Journal count bumps (``records``): on disk within a minute (see the module)."""
        for record in records:
            if self._merged(record):
                self._forget_open(record)
            else:
                self._seq += 1
                self._records.append({"seq": self._seq, **record})
                self._note_open(record)
        self._save_lazily(snapshot)

    @callback
    def bump(self, read: Record, snapshot: Callable[[], AuditData]) -> None:
        """Journal one more read of the series that is the contact's newest entry.

        Only for a read the log itself found to extend that series (``AuditLog.extend_newest``):
        then the journal record of the contact's newest read (the series' first read, or the
        reads counted since) is the one to count it in, and no other check is needed.
        Anything else about the contact goes through :meth:`async_write`, which moves on
        from that record.
        """
        item = read["entry"]
        contact_id = item["contact_id"]
        index = self._open.get(contact_id)
        if index is not None:
            found = self._records[index]["entry"]
            self._records[index] = {
                "seq": self._records[index]["seq"],
                "entry": {
                    **item,
                    "first_at": found.get("first_at", found["at"]),
                    "count": int(found.get("count", 1)) + 1,
                },
            }
        else:
            self._seq += 1
            self._records.append({"seq": self._seq, **read})
            self._open[contact_id] = len(self._records) - 1
        self._save_lazily(snapshot)

    def _note_open(self, record: Record) -> None:
        """The record just appended is the contact's newest: a read, its series' record."""
        if (item := record.get("entry")) is not None:
            if item["outcome"] in SERIES_OUTCOMES:
                self._open[item["contact_id"]] = len(self._records) - 1
            else:
                self._open.pop(item["contact_id"], None)

    def _forget_open(self, record: Record) -> None:
        if (item := record.get("entry")) is not None:
            self._open.pop(item["contact_id"], None)

    def _save_lazily(self, snapshot: Callable[[], AuditData]) -> None:
        if not self._lazy:  # one delayed write takes every bump until then
            self._lazy = True
            self._journal.async_delay_save(self._journal_data, LAZY_DELAY)
        if len(self._records) >= COMPACT_AT:
            self.async_compact_soon(snapshot)

    def _merged(self, record: Record) -> bool:
        """Fold a count bump into its series' record in the journal, if it is there.

        Replaying the folded record (``first_at``, ``count``) gives the same series, so a
        worker polling (or fifty reading at once) adds one journal record a series, not one
        a read.
        """
        item = record.get("entry")
        for index in range(len(self._records) - 1, -1, -1):
            found = self._records[index].get("entry")
            if item is None or found is None or found["contact_id"] != item["contact_id"]:
                continue
            merged = merged_reads(found, item)
            if merged is None:
                return False
            self._records[index] = {"seq": self._records[index]["seq"], "entry": merged}
            return True
        return False

    def async_compact_soon(self, snapshot: Callable[[], AuditData]) -> None:
        """Rewrite the base file in the background (once at a time)."""
        if not self._compacting:
            self._compacting = True
            self._entry.async_create_task(
                self._hass, self._async_compact(snapshot), "digiohjaus audit compaction"
            )

    async def _async_compact(self, snapshot: Callable[[], AuditData]) -> None:
        try:
            seq = self._seq
            self._open.clear()  # reads from here on go into records after ``seq``
            await self._base.async_save({**snapshot(), "seq": seq})
            self._records = [record for record in self._records if record["seq"] > seq]
            self._open.clear()  # the records moved
            self._lazy = False
            await self._journal.async_save(self._journal_data())
        finally:
            self._compacting = False

    async def async_flush(self) -> None:
        """Write count bumps still waiting (the hub is unloading)."""
        if self._lazy:
            self._lazy = False
            await self._journal.async_save(self._journal_data())

    def _journal_data(self) -> dict[str, Any]:
        return {"records": list(self._records)}

    async def async_remove(self) -> None:
        """Delete both files (the whole hub is being removed)."""
        await self._base.async_remove()
        await self._journal.async_remove()
