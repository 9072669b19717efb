"""The hub's audit log in its own ``Store``: kept two years, pruned by a one-shot timer.

Read it with :meth:`AuditTrail.page` (newest first) or :meth:`AuditTrail.latest_disclosure`;
write to it with :meth:`AuditTrail.async_append`. Every append is saved before it returns,
so a restart never loses an entry. Features do not usually write here themselves:
``hub/messaging.py`` audits every message and ``hub/contacts.py`` every consent change;
the share endpoint records its reads through ``Messenger.async_record``; repeated reads by
one worker extend one entry (``first_at``, ``count``; see ``core/audit.py``).

Stored format 1.2 (this version): a series of reads is one entry with ``first_at`` and
``count``, empty fields are left out. A 1.1 log (one entry per read) is brought to it once,
at load, by replaying it into series (in the executor: an old log can be large).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
import logging
from typing import Any, Final, TypedDict

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.event import async_track_point_in_utc_time
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util

from ..const import DOMAIN
from ..core.audit import AuditEntry, AuditLog, AuditPage, coalesce_stored

_LOGGER = logging.getLogger(__name__)

STORAGE_VERSION: Final = 1
STORAGE_MINOR_VERSION: Final = 2


class KnownContact(TypedDict):
    """What the log remembers of a contact, to record its removal even after a restart."""

    name: str
    role: str
    kinds: list[str]


class AuditData(TypedDict):
    """The stored form of the audit log."""

    entries: list[dict[str, Any]]
    contacts: dict[str, KnownContact]


def audit_store_key(entry_id: str) -> str:
    """Return the storage key of the hub's audit log."""
    return f"{DOMAIN}.{entry_id}.audit"


class AuditStore(Store[AuditData]):
    """The log's ``Store``; migrates a 1.1 log (one entry per share read) to series."""

    async def _async_migrate_func(
        self, old_major_version: int, old_minor_version: int, old_data: dict[str, Any]
    ) -> AuditData:
        """Replay a 1.1 log into series; a newer minor version is read as it is."""
        entries: list[dict[str, Any]] = old_data.get("entries", [])
        contacts: dict[str, KnownContact] = old_data.get("contacts", {})
        if old_major_version == 1 and old_minor_version < STORAGE_MINOR_VERSION:
            before = len(entries)
            entries = await self.hass.async_add_executor_job(coalesce_stored, entries)
            _LOGGER.debug("Audit log: %s entries kept as %s", before, len(entries))
        return {"entries": entries, "contacts": contacts}


class AuditTrail:
    """The audit log of one hub, persisted, pruned after two years, observable."""

    def __init__(self, hass: HomeAssistant, entry_id: str) -> None:
        """Prepare an empty log; call :meth:`async_load` before use."""
        self._hass = hass
        # A full log is megabytes: it is encoded in the executor, not in the event loop
        # (safe: ``as_list`` hands over a copy whose items are never modified).
        self._store = AuditStore(
            hass,
            STORAGE_VERSION,
            audit_store_key(entry_id),
            private=True,
            atomic_writes=True,
            minor_version=STORAGE_MINOR_VERSION,
            serialize_in_event_loop=False,
        )
        self._log = AuditLog()
        self._known: dict[str, KnownContact] = {}
        self._listeners: list[Callable[[], None]] = []
        self._cancel_expiry: CALLBACK_TYPE | None = None

    async def async_load(self) -> None:
        """Read the log, prune what has expired while Home Assistant was off, set the timer."""
        stored = await self._store.async_load()
        if stored is not None:
            self._log = AuditLog.from_stored(stored["entries"])
            self._known = dict(stored.get("contacts", {}))
        if self._log.prune(dt_util.now()):
            await self._async_save()
        self._schedule_expiry()

    @callback
    def async_stop(self) -> None:
        """Cancel the pruning timer (the hub is unloading)."""
        if self._cancel_expiry is not None:
            self._cancel_expiry()
            self._cancel_expiry = None

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

    async def async_append(
        self, *entries: AuditEntry, known_contacts: dict[str, KnownContact] | None = None
    ) -> None:
        """Add entries (and optionally replace the known contacts), save, tell listeners."""
        for entry in entries:
            self._log.append(entry)
        if known_contacts is not None:
            self._known = dict(known_contacts)
        self._log.prune(dt_util.now())
        await self._async_save()
        self._schedule_expiry()
        if entries:
            self._notify()

    @callback
    def async_add_listener(self, listener: Callable[[], None]) -> CALLBACK_TYPE:
        """Call ``listener`` after entries are added or pruned; return the remover."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def _notify(self) -> None:
        for listener in list(self._listeners):
            listener()

    async def _async_save(self) -> None:
        await self._store.async_save(
            {"entries": self._log.as_list(), "contacts": dict(self._known)}
        )

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
        await self._async_save()
        self._schedule_expiry()
        if removed:
            self._notify()

    async def async_remove(self) -> None:
        """Delete the stored log (the whole hub is being removed)."""
        self.async_stop()
        await self._store.async_remove()
