"""The hub's audit log: kept two years, pruned by a one-shot timer, journaled to disk.

Read it with :meth:`AuditTrail.page` (newest first), :meth:`AuditTrail.latest_disclosure` or
:meth:`AuditTrail.consent_entries` (replaying them gives the consent in force); write to it
with :meth:`AuditTrail.async_append`. Anything new is on disk before the append returns
(a first read of a series, a refused read, a message, every consent entry); a read that only
extends a series already on disk is written within a minute (``hub/audit_store.py`` says
how, and what a crash can lose: only such count bumps). Features do not usually write here
themselves: ``hub/messaging.py`` audits every message and ``hub/contacts.py`` every consent
change; the share endpoint records its reads through ``Messenger.async_record``; repeated
reads by one worker extend one entry (``first_at``, ``count``; see ``core/audit.py``).

A damaged file is set aside by Home Assistant (``.corrupt`` copy); the hub then opens a
repair saying which part of the history is missing and where the copy is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
import logging
from typing import Any, Final

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.event import async_call_later, async_track_point_in_utc_time
from homeassistant.util import dt as dt_util

from ..const import DOMAIN
from ..core.audit import AuditEntry, AuditLog, AuditPage
from .audit_store import AuditData, AuditStorage, Damaged, KnownContact, Record

__all__ = ["AuditTrail", "KnownContact"]

_LOGGER = logging.getLogger(__name__)

NOTIFY_DELAY: Final = 1.0
"""Seconds within which listeners hear of reads that only extended a series."""


class AuditTrail:
    """The audit log of one hub, persisted, pruned after two years, observable."""

    def __init__(self, hass: HomeAssistant, entry: ConfigEntry[Any]) -> None:
        """Prepare an empty log; call :meth:`async_load` before use."""
        self._hass = hass
        self._storage = AuditStorage(hass, entry)
        self._log = AuditLog()
        self._known: dict[str, KnownContact] = {}
        self._listeners: list[Callable[[], None]] = []
        self._cancel_expiry: CALLBACK_TYPE | None = None
        self._cancel_notify: CALLBACK_TYPE | None = None

    async def async_load(self) -> None:
        """Read the log, prune what has expired while Home Assistant was off, set the timer."""
        loaded = await self._storage.async_load()
        self._log = AuditLog.from_stored(loaded.base.get("entries", []))
        self._known = dict(loaded.base.get("contacts", {}))
        for record in loaded.records:
            self._replay(record)
        for damaged in loaded.damaged:
            self._async_report_damage(damaged)
        if self._log.prune(dt_util.now()) or loaded.migrated or loaded.full:
            self._storage.async_compact_soon(self._snapshot)
        self._schedule_expiry()

    def _replay(self, record: Record) -> None:
        if "entry" in record:
            self._log.add_stored(record["entry"])
        if "contacts" in record:
            self._known = dict(record["contacts"])

    @callback
    def _async_report_damage(self, damaged: Damaged) -> None:
        """Open a repair: which history is missing, and where Home Assistant put the copy."""
        times = self._log.as_list()
        if damaged.journal:
            newest = times[-1]["at"] if times else None
            since = _shown(newest) if newest else "—"
        else:
            oldest = times[0].get("first_at", times[0]["at"]) if times else None
            since = _shown(oldest) if oldest else _shown(dt_util.now().isoformat())
        _LOGGER.error(
            "The audit log's %s file was damaged", "journal" if damaged.journal else "base"
        )
        ir.async_create_issue(
            self._hass,
            DOMAIN,
            f"audit_damaged_{damaged.copy.rsplit('.corrupt.', 1)[-1]}",
            is_fixable=False,
            is_persistent=True,
            severity=ir.IssueSeverity.ERROR,
            translation_key="audit_latest_damaged" if damaged.journal else "audit_history_damaged",
            translation_placeholders={"since": since, "copy": damaged.copy},
        )

    @callback
    def async_stop(self) -> None:
        """Cancel the pruning timer and a pending sensor update (the hub is unloading)."""
        if self._cancel_expiry is not None:
            self._cancel_expiry()
            self._cancel_expiry = None
        if self._cancel_notify is not None:
            self._cancel_notify()
            self._cancel_notify = None

    async def async_compact(self) -> None:
        """Write the whole log into its base file now and empty the journal."""
        await self._storage.async_compact(self._snapshot)

    async def async_flush(self) -> None:
        """Write count bumps still waiting (the hub has unloaded; before it loads again)."""
        await self._storage.async_flush()

    def __len__(self) -> int:
        """Return the number of entries kept."""
        return len(self._log)

    def page(self, offset: int = 0, limit: int = 20, contact_id: str | None = None) -> AuditPage:
        """Return a page of entries, newest first."""
        return self._log.page(offset, limit, contact_id)

    def latest_disclosure(self) -> AuditEntry | None:
        """Return the newest entry where data left the home (sent or read)."""
        return self._log.latest()

    def counts(self) -> dict[str, int]:
        """Return the number of entries per outcome."""
        return self._log.counts()

    def recorded_refs(self) -> set[str]:
        """Return the consent events already in the log."""
        return self._log.refs()

    @property
    def known_contacts(self) -> dict[str, KnownContact]:
        """The contacts the log last saw (a copy)."""
        return dict(self._known)

    def consent_entries(self) -> list[AuditEntry]:
        """Return the consent entries and contact removals, oldest first (see ``core/audit.py``)."""
        return self._log.consent_entries()

    async def async_append(
        self, *entries: AuditEntry, known_contacts: dict[str, KnownContact] | None = None
    ) -> None:
        """Add entries (and optionally replace the known contacts), journal them, tell listeners.

        On disk before returning, unless every entry only extended a series already there.
        """
        records: list[Record] = []
        durable = False
        for entry in entries:
            item = entry.stored()  # once: the log keeps its own copy
            durable |= not self._log.add_stored(item)
            records.append({"entry": item})
        if known_contacts is not None:
            self._known = dict(known_contacts)
            records.append({"contacts": dict(known_contacts)})
            durable = True
        if self._log.prune(dt_util.now()) or self._cancel_expiry is None:
            self._schedule_expiry()
        await self._storage.async_write(records, self._snapshot, durable=durable)
        if durable:
            self._notify()
        elif entries:
            self._notify_soon()

    def _notify_soon(self) -> None:
        """Tell listeners of count bumps within a second (not on every read)."""
        if self._cancel_notify is None:
            self._cancel_notify = async_call_later(self._hass, NOTIFY_DELAY, self._notify_later)

    @callback
    def extend_series(self, item: Mapping[str, Any], at: datetime) -> bool:
        """Count one more read at ``at`` in the contact's series, if that is all ``item`` is.

        The quick path of :meth:`async_append` for a worker reading again (``item`` is the
        read's stored form without times, see ``core/audit_entry.stored_fields``): the
        count bump is journaled lazily like any other (on disk within a minute). Return
        ``False`` if the read is anything else: then append it as an entry.
        """
        extended = self._log.extend_newest(item, at)
        if extended is None:
            return False
        self._storage.bump({"entry": {**item, "at": extended["at"]}}, self._snapshot)
        self._notify_soon()
        return True

    @callback
    def async_add_listener(self, listener: Callable[[], None]) -> CALLBACK_TYPE:
        """Call ``listener`` after entries are added or pruned; return the remover."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    @callback
    def _notify_later(self, _now: datetime) -> None:
        self._cancel_notify = None
        self._notify()

    def _notify(self) -> None:
        if self._cancel_notify is not None:
            self._cancel_notify()
            self._cancel_notify = None
        for listener in list(self._listeners):
            listener()

    def _snapshot(self) -> AuditData:
        return {"entries": self._log.as_list(), "contacts": dict(self._known)}

    def _schedule_expiry(self) -> None:
        """Wake up once, when the oldest entry turns two years old."""
        if self._cancel_expiry is not None:
            self._cancel_expiry()
            self._cancel_expiry = None
        expiry = self._log.next_expiry()
        if expiry is not None:
            self._cancel_expiry = async_track_point_in_utc_time(
                self._hass, self._async_expire, dt_util.as_utc(expiry)
            )

    async def _async_expire(self, now: datetime) -> None:
        self._cancel_expiry = None
        removed = self._log.prune(now)
        _LOGGER.debug("Pruned %s audit entries older than two years", removed)
        self._storage.async_compact_soon(self._snapshot)
        self._schedule_expiry()
        if removed:
            self._notify()

    async def async_remove(self) -> None:
        """Delete the stored log (the whole hub is being removed)."""
        self.async_stop()
        await self._storage.async_remove()


def _shown(moment: str) -> str:
    """A stored time as the repair shows it (local, to the minute)."""
    return dt_util.as_local(datetime.fromisoformat(moment)).strftime("%Y-%m-%d %H:%M")
