"""One audit entry and its outcomes: who received which kinds of the client's data, and when.

The client has the right to know who received their data and when, for two years
(client-data act 703/2023 §11). Entries never carry message text, only when, to whom
(contact id, name and role at the time), which kinds, and the outcome. The log that keeps
and pages them, and joins repeated share reads into series, is :mod:`.audit`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from functools import lru_cache
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

CONSENT_RECORDS: Final = frozenset(
    {*(str(outcome) for outcome in CONSENT_OUTCOMES.values()), str(AuditOutcome.CONTACT_REMOVED)}
)
"""Outcomes that record the client's consent (and a contact's removal, which ends it)."""


def add_years(moment: datetime, years: int) -> datetime:
    """Return ``moment`` shifted by whole calendar years (29 February → 28 February)."""
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:
        return moment.replace(year=moment.year + years, day=28)


def retention_cutoff(now: datetime) -> datetime:
    """Entries from this instant or before are two years old and are pruned."""
    return add_years(now, -RETENTION_YEARS)


def stored_fields(
    contact_id: str,
    contact_name: str,
    role: str,
    kinds: frozenset[DataKind],
    outcome: AuditOutcome,
    *,
    topic: str | None = None,
    reason: str | None = None,
    ref: str | None = None,
) -> dict[str, Any]:
    """Return an entry's stored form without its times (empty fields left out).

    What :meth:`AuditEntry.stored` writes; a share read is matched against the contact's
    series in this form, without building an entry first.
    """
    item: dict[str, Any] = {
        "contact_id": contact_id,
        "contact": contact_name,
        "role": role,
        "kinds": list(_kinds_in_order(kinds)),
        "outcome": str(outcome),
    }
    if topic is not None:
        item["topic"] = topic
    if reason is not None:
        item["reason"] = reason
    if ref is not None:
        item["ref"] = ref
    return item


@lru_cache(maxsize=128)
def _kinds_in_order(kinds: frozenset[DataKind]) -> tuple[str, ...]:
    """The kinds in the documented order (a handful of different sets ever occur)."""
    return tuple(sorted_kinds(kinds))


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
    count: int = 1
    """How many reads the entry stands for (a series of share reads; 1 for anything else)."""
    since: datetime | None = None
    """When a series of reads began; ``None`` for a single event."""

    @property
    def first_at(self) -> datetime:
        """The first read of a series (``at`` for a single event)."""
        return self.since or self.at

    @property
    def last_at(self) -> datetime:
        """The newest read of a series (``at``: entries are ordered and pruned by it)."""
        return self.at

    @property
    def expires_at(self) -> datetime:
        """When the entry (its last read) is older than two years and is pruned."""
        return add_years(self.at, RETENTION_YEARS)

    def as_dict(self) -> dict[str, Any]:
        """Return the entry as JSON-ready data (the action's response format).

        ``first_at``/``last_at``/``count`` are always present: ``count`` 1 and both times
        equal to ``at`` for a single event.
        """
        return {
            "at": self.at.isoformat(),
            "first_at": self.first_at.isoformat(),
            "last_at": self.at.isoformat(),
            "count": self.count,
            "contact_id": self.contact_id,
            "contact": self.contact_name,
            "role": self.role,
            "kinds": sorted_kinds(self.kinds),
            "outcome": str(self.outcome),
            "topic": self.topic,
            "reason": self.reason,
            "ref": self.ref,
        }

    def stored(self) -> dict[str, Any]:
        """Return the entry in its compact stored form.

        Empty fields are left out, and so are ``first_at`` and ``count`` of a single event
        (entries stored before series existed have neither and read as one event).
        """
        item: dict[str, Any] = {
            "at": self.at.isoformat(),
            **stored_fields(
                self.contact_id,
                self.contact_name,
                self.role,
                self.kinds,
                self.outcome,
                topic=self.topic,
                reason=self.reason,
                ref=self.ref,
            ),
        }
        if self.count > 1:
            item["first_at"] = self.first_at.isoformat()
            item["count"] = self.count
        return item

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AuditEntry:
        """Read an entry written by :meth:`stored` or :meth:`as_dict` (or by older versions)."""
        count = max(1, int(data.get("count", 1)))
        first = data.get("first_at")
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
            count=count,
            since=datetime.fromisoformat(first) if first and count > 1 else None,
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
