"""The audit log: who received which kinds of the client's data, and every consent change.

The client has the right to know who received their data and when, for two years
(client-data act 703/2023 §11). Entries never carry message text, only when, to whom
(contact id, name and role at the time), which kinds, and the outcome. Entries are kept
two years and pruned after; :meth:`AuditLog.next_expiry` tells when the next one expires
so the hub can set a single timer instead of polling.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Final

from .consent import ConsentAction, DataKind, parse_kinds, sorted_kinds

RETENTION_YEARS: Final = 2
MAX_PAGE_SIZE: Final = 100


class AuditOutcome(StrEnum):
    """What an audit entry records."""

    SENT = "sent"
    """A message revealing the kinds was delivered to the contact."""
    BLOCKED = "blocked"
    """A message was not sent because consent did not cover its kinds."""
    FAILED = "failed"
    """Consent covered the message but it could not be delivered."""
    CONSENT_GIVEN = "consent_given"
    CONSENT_CHANGED = "consent_changed"
    CONSENT_WITHDRAWN = "consent_withdrawn"
    CONSENT_RESTORED = "consent_restored"
    CONTACT_REMOVED = "contact_removed"
    """The contact was removed from the hub; its consent ended with it."""
    SHARE_READ = "share_read"
    """The contact read the kinds through the share endpoint."""
    SHARE_DENIED = "share_denied"
    """The contact tried to read through the share endpoint without consent."""


DISCLOSURES: Final = frozenset({AuditOutcome.SENT, AuditOutcome.SHARE_READ})
"""Outcomes where data actually left the home."""

CONSENT_OUTCOMES: Final = {
    ConsentAction.GIVEN: AuditOutcome.CONSENT_GIVEN,
    ConsentAction.CHANGED: AuditOutcome.CONSENT_CHANGED,
    ConsentAction.WITHDRAWN: AuditOutcome.CONSENT_WITHDRAWN,
    ConsentAction.RESTORED: AuditOutcome.CONSENT_RESTORED,
}


def add_years(moment: datetime, years: int) -> datetime:
    """Return ``moment`` shifted by whole calendar years (29 February → 28 February)."""
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:
        return moment.replace(year=moment.year + years, day=28)


def retention_cutoff(now: datetime) -> datetime:
    """Entries from this instant or before are two years old and are pruned."""
    return add_years(now, -RETENTION_YEARS)


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One line of the audit log; never the content of a message."""

    at: datetime
    contact_id: str
    contact_name: str
    role: str
    kinds: frozenset[DataKind]
    outcome: AuditOutcome
    topic: str | None = None
    """What the message was about, as a key (``call_request``, ``escalation`` …)."""
    reason: str | None = None
    """Why a send was blocked or failed (``consent``, ``target_missing`` …)."""
    ref: str | None = None
    """The consent event this entry records, if any."""

    @property
    def expires_at(self) -> datetime:
        """When the entry is older than two years and is pruned."""
        return add_years(self.at, RETENTION_YEARS)

    def as_dict(self) -> dict[str, Any]:
        """Return the entry as JSON-ready data (also the action's response format)."""
        return {
            "at": self.at.isoformat(),
            "contact_id": self.contact_id,
            "contact": self.contact_name,
            "role": self.role,
            "kinds": sorted_kinds(self.kinds),
            "outcome": str(self.outcome),
            "topic": self.topic,
            "reason": self.reason,
            "ref": self.ref,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AuditEntry:
        """Read an entry written by :meth:`as_dict`."""
        return cls(
            at=datetime.fromisoformat(data["at"]),
            contact_id=str(data["contact_id"]),
            contact_name=str(data.get("contact", "")),
            role=str(data.get("role", "")),
            kinds=parse_kinds(data.get("kinds", ())),
            outcome=AuditOutcome(data["outcome"]),
            topic=data.get("topic"),
            reason=data.get("reason"),
            ref=data.get("ref"),
        )


@dataclass(frozen=True, slots=True)
class AuditPage:
    """A page of the log, newest first; ``next_offset`` is ``None`` on the last page."""

    entries: tuple[AuditEntry, ...]
    total: int
    offset: int
    next_offset: int | None

    def as_dict(self) -> dict[str, Any]:
        """Return the page as the ``digiohjaus.get_audit_log`` response."""
        return {
            "entries": [entry.as_dict() for entry in self.entries],
            "total": self.total,
            "offset": self.offset,
            "next_offset": self.next_offset,
        }


class AuditLog:
    """The entries of the log in time order (oldest first), kept in their stored form.

    A full log (two years of a busy hub) has thousands of entries; they are kept as the
    JSON-ready dictionaries that are saved, with their times alongside for ordering and
    pruning, and turned into :class:`AuditEntry` objects only when a page is read. Starting
    up and saving therefore never rebuild every entry.
    """

    __slots__ = ("_stored", "_times")

    def __init__(self) -> None:
        """Start an empty log."""
        self._times: list[datetime] = []
        self._stored: list[dict[str, Any]] = []

    @classmethod
    def from_entries(cls, entries: Iterable[AuditEntry]) -> AuditLog:
        """Build a log from entries in any order."""
        return cls.from_stored(entry.as_dict() for entry in entries)

    @classmethod
    def from_stored(cls, items: Iterable[Mapping[str, Any]]) -> AuditLog:
        """Read a log saved with :meth:`as_list` (entries in any order)."""
        pairs = sorted(
            ((datetime.fromisoformat(item["at"]), dict(item)) for item in items),
            key=lambda pair: pair[0],
        )
        log = cls()
        log._times = [at for at, _ in pairs]
        log._stored = [item for _, item in pairs]
        return log

    def __len__(self) -> int:
        """Return the number of entries kept."""
        return len(self._stored)

    def append(self, entry: AuditEntry) -> None:
        """Add an entry, keeping time order (entries at the same instant keep arrival order)."""
        index = bisect.bisect_right(self._times, entry.at)
        self._times.insert(index, entry.at)
        self._stored.insert(index, entry.as_dict())

    def prune(self, now: datetime) -> int:
        """Drop entries two years old or older at ``now``; return how many were dropped."""
        keep_from = bisect.bisect_right(self._times, retention_cutoff(now))
        del self._times[:keep_from]
        del self._stored[:keep_from]
        return keep_from

    def next_expiry(self) -> datetime | None:
        """When the oldest entry turns two years old, or ``None`` for an empty log."""
        return add_years(self._times[0], RETENTION_YEARS) if self._times else None

    def page(self, offset: int = 0, limit: int = 20, contact_id: str | None = None) -> AuditPage:
        """Return ``limit`` entries from ``offset``, newest first, optionally for one contact."""
        if offset < 0 or not 1 <= limit <= MAX_PAGE_SIZE:
            raise ValueError("offset must be >= 0 and limit 1..100")
        chosen = [
            item
            for item in reversed(self._stored)
            if contact_id is None or item["contact_id"] == contact_id
        ]
        entries = tuple(AuditEntry.from_dict(item) for item in chosen[offset : offset + limit])
        end = offset + len(entries)
        return AuditPage(
            entries=entries,
            total=len(chosen),
            offset=offset,
            next_offset=end if end < len(chosen) else None,
        )

    def latest(self, outcomes: frozenset[AuditOutcome] = DISCLOSURES) -> AuditEntry | None:
        """Return the newest entry with one of ``outcomes`` (by default: a disclosure)."""
        wanted = {str(outcome) for outcome in outcomes}
        item = next((item for item in reversed(self._stored) if item["outcome"] in wanted), None)
        return None if item is None else AuditEntry.from_dict(item)

    def refs(self) -> set[str]:
        """Return the consent events already recorded."""
        return {item["ref"] for item in self._stored if item.get("ref")}

    def counts(self) -> dict[str, int]:
        """Return how many entries each outcome has (diagnostics: counts, no content)."""
        return dict(sorted(Counter(item["outcome"] for item in self._stored).items()))

    def as_list(self) -> list[dict[str, Any]]:
        """Return all entries as JSON-ready data, oldest first (for storage; do not modify)."""
        return list(self._stored)
