"""The audit log: who received which kinds of the client's data, and every consent change.

The client has the right to know who received their data and when, for two years
(client-data act 703/2023 §11). Entries never carry message text, only when, to whom
(contact id, name and role at the time), which kinds, and the outcome. Entries are kept
two years and pruned after; :meth:`AuditLog.next_expiry` tells when the next one expires
so the hub can set a single timer instead of polling.

Repeated share reads are one entry, not one per poll (a worker's Home Assistant reads every
few minutes: two years of that would be hundreds of thousands of rows). A ``share_read``
extends the contact's newest entry when that entry is a ``share_read`` of the same kinds,
nothing else happened for the contact since that series began, the previous read was at
most :data:`SERIES_GAP` ago and it is still the same day (local time of the reads). The
entry keeps ``first_at``, ``at`` (= ``last_at``, the newest read) and ``count``, so the
client still sees who read, which kinds, on which day, from when to when and how often.
Reads refused for lack of consent (``share_denied``) form series the same way, so a worker's
Home Assistant left asking after a withdrawal adds one entry a day, not one per ask.
Anything else starts a new entry: other kinds, any other entry about the contact (a consent
change, a withdrawal, a denied read after reads, a message), a pause longer than the gap,
midnight.
Series are ordered, paged and pruned by their last read: a series is kept while any of it
is within two years.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any, Final

from .audit_entry import (
    CONSENT_OUTCOMES,
    CONSENT_RECORDS,
    DISCLOSURES,
    MAX_PAGE_SIZE,
    RETENTION_YEARS,
    AuditEntry,
    AuditOutcome,
    AuditPage,
    add_years,
    retention_cutoff,
)

__all__ = [
    "CONSENT_OUTCOMES",
    "CONSENT_RECORDS",
    "DISCLOSURES",
    "MAX_PAGE_SIZE",
    "RETENTION_YEARS",
    "SERIES_GAP",
    "SERIES_OUTCOMES",
    "AuditEntry",
    "AuditLog",
    "AuditOutcome",
    "AuditPage",
    "add_years",
    "coalesce_stored",
    "merged_reads",
    "retention_cutoff",
]

SERIES_GAP: Final = timedelta(hours=3)
"""The longest pause between two reads of one series.

Longer than the follower's longest poll interval (60 min) with a lost poll or a restart
in between, so steady polling at any allowed interval is one entry a day; a longer
pause (the worker's Home Assistant off for the afternoon) shows as a new entry.
"""


SERIES_OUTCOMES: Final = frozenset({str(AuditOutcome.SHARE_READ), str(AuditOutcome.SHARE_DENIED)})
"""Outcomes whose repeats are kept as one entry with a count: share reads, and reads refused
for lack of consent (a worker's Home Assistant asking after a withdrawal)."""

_SERIES_FIELDS: Final = ("contact", "role", "kinds", "outcome", "topic", "reason", "ref")


class AuditLog:
    """The entries of the log ordered by their (last) time, oldest first, in stored form.

    A full log (two years of a busy hub) has thousands of entries; they are kept as the
    JSON-ready dictionaries that are saved, with their times alongside for ordering and
    pruning, and turned into :class:`AuditEntry` objects only when a page is read. Starting
    up and saving therefore never rebuild every entry. A stored dictionary is never changed
    once in the log (a save may be encoding it in another thread): extending a series
    replaces it.
    """

    __slots__ = ("_gap", "_stored", "_times")

    def __init__(self, gap: timedelta = SERIES_GAP) -> None:
        """Start an empty log; reads at most ``gap`` apart extend a series."""
        self._gap = gap
        self._times: list[datetime] = []
        self._stored: list[dict[str, Any]] = []

    @classmethod
    def from_entries(cls, entries: Iterable[AuditEntry], gap: timedelta = SERIES_GAP) -> AuditLog:
        """Build a log from entries in any order (each kept as it is)."""
        return cls.from_stored((entry.stored() for entry in entries), gap)

    @classmethod
    def from_stored(
        cls, items: Iterable[Mapping[str, Any]], gap: timedelta = SERIES_GAP
    ) -> AuditLog:
        """Read a log saved with :meth:`as_list` (entries in any order, kept as they are)."""
        log = cls(gap)
        pairs = sorted(
            ((datetime.fromisoformat(item["at"]), dict(item)) for item in items),
            key=lambda pair: pair[0],
        )
        log._times = [at for at, _ in pairs]
        log._stored = [item for _, item in pairs]
        return log

    @classmethod
    def coalesced(cls, items: Iterable[Mapping[str, Any]], gap: timedelta = SERIES_GAP) -> AuditLog:
        """Replay entries stored one per read (oldest first) so repeated reads become series.

        Used once, to bring a log written before series existed to the current form; empty
        fields are dropped on the way.
        """
        log = cls(gap)
        pairs = sorted(
            (
                (
                    datetime.fromisoformat(item["at"]),
                    {key: value for key, value in item.items() if value is not None},
                )
                for item in items
            ),
            key=lambda pair: pair[0],
        )
        for at, item in pairs:
            log._add(at, item)
        return log

    def __len__(self) -> int:
        """Return the number of entries kept (a series counts once)."""
        return len(self._stored)

    def append(self, entry: AuditEntry) -> bool:
        """Add an entry in time order; a share read may extend the contact's series instead.

        Entries at the same instant keep arrival order. Return whether the entry extended
        a series already in the log (nothing new about the contact, only a count).
        """
        return self.add_stored(entry.stored())

    def add_stored(self, item: Mapping[str, Any]) -> bool:
        """:meth:`append` for an entry in its stored form (replaying a journal)."""
        return self._add(datetime.fromisoformat(item["at"]), dict(item))

    def _add(self, at: datetime, item: dict[str, Any]) -> bool:
        extended = False
        if item["outcome"] in SERIES_OUTCOMES and (index := self._series_of(at, item)) is not None:
            extended = True
            previous = self._stored[index]
            item = {
                **item,
                "first_at": previous.get("first_at", previous["at"]),
                "count": int(previous.get("count", 1)) + int(item.get("count", 1)),
            }
            del self._times[index]
            del self._stored[index]
        if not self._times or at >= self._times[-1]:  # the usual case: the newest entry
            self._times.append(at)
            self._stored.append(item)
            return extended
        index = bisect.bisect_right(self._times, at)
        self._times.insert(index, at)
        self._stored.insert(index, item)
        return extended

    def extend_newest(self, item: Mapping[str, Any], at: datetime) -> dict[str, Any] | None:
        """Count one more read in the log's newest entry, if ``item`` (a read at ``at``) extends it.

        The quick path of :meth:`add_stored` for the usual case, a worker reading again: the
        same result (the newest entry replaced by one with ``at`` and ``count`` moved on),
        without parsing or copying the read. ``item`` is the read's stored form; its ``at``
        is not used. Return the extended entry, or ``None`` when the read is anything else
        (then add it with :meth:`add_stored`, which also handles series further back).
        """
        if not self._stored:
            return None
        newest = self._stored[-1]
        last = self._times[-1]
        if (
            newest["contact_id"] != item["contact_id"]
            or newest["outcome"] not in SERIES_OUTCOMES
            or not last <= at <= last + self._gap
            or any(newest.get(field) != item.get(field) for field in _SERIES_FIELDS)
        ):
            return None
        first_at = newest.get("first_at", newest["at"])
        first = datetime.fromisoformat(first_at)
        if first.astimezone(at.tzinfo).date() != at.date() or self._touched_since(
            len(self._stored) - 1, first
        ):
            return None
        extended = {
            **newest,
            "at": at.isoformat(),
            "first_at": first_at,
            "count": int(newest.get("count", 1)) + 1,
        }
        self._stored[-1] = extended
        self._times[-1] = at
        return extended

    def _touched_since(self, index: int, first: datetime) -> bool:
        """Whether an entry before ``index`` but after ``first`` is about the same contact.

        (E.g. a consent change recorded a moment late, with its own earlier time.)
        """
        contact_id = self._stored[index]["contact_id"]
        before = index - 1
        while before >= 0 and self._times[before] > first:
            if self._stored[before]["contact_id"] == contact_id:
                return True
            before -= 1
        return False

    def _series_of(self, at: datetime, item: Mapping[str, Any]) -> int | None:
        """Return the index of the series ``item`` (a read at ``at``) extends, if any."""
        contact_id = item["contact_id"]
        index = self._newest_of(contact_id, at - self._gap)
        if index is None or self._times[index] > at:
            return None
        series = self._stored[index]
        if list(map(series.get, _SERIES_FIELDS)) != list(map(item.get, _SERIES_FIELDS)):
            return None
        first = datetime.fromisoformat(series.get("first_at", series["at"]))
        if first.astimezone(at.tzinfo).date() != at.date() or self._touched_since(index, first):
            return None
        return index

    def _newest_of(self, contact_id: str, not_before: datetime) -> int | None:
        """Return the index of the contact's newest entry if it is from ``not_before`` on."""
        index = len(self._times) - 1
        while index >= 0 and self._times[index] >= not_before:
            if self._stored[index]["contact_id"] == contact_id:
                return index
            index -= 1
        return None

    def prune(self, now: datetime) -> int:
        """Drop entries whose (last) time is two years old at ``now``; return how many."""
        keep_from = bisect.bisect_right(self._times, retention_cutoff(now))
        del self._times[:keep_from]
        del self._stored[:keep_from]
        return keep_from

    def next_expiry(self) -> datetime | None:
        """When the oldest entry (by its last read) turns two years old, or ``None``."""
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

    def consent_entries(self) -> list[AuditEntry]:
        """Return the consent entries (and removals), oldest first.

        Replaying them gives the consent in force: the kinds of a contact's newest
        ``consent_given``/``changed``/``restored`` entry, none after ``consent_withdrawn``,
        and no contact after ``contact_removed``.
        """
        return [
            AuditEntry.from_dict(item)
            for item in self._stored
            if item["outcome"] in CONSENT_RECORDS
        ]

    def refs(self) -> set[str]:
        """Return the consent events already recorded."""
        return {item["ref"] for item in self._stored if item.get("ref")}

    def counts(self) -> dict[str, int]:
        """Return how many entries each outcome has (diagnostics: counts, no content)."""
        return dict(sorted(Counter(item["outcome"] for item in self._stored).items()))

    def as_list(self) -> list[dict[str, Any]]:
        """Return all entries in stored form, oldest first (for storage; do not modify)."""
        return list(self._stored)


def merged_reads(previous: Mapping[str, Any], item: Mapping[str, Any]) -> dict[str, Any] | None:
    """Return ``previous`` (stored reads) and ``item`` (a later read) as one, if the same series.

    Same contact and fields, and the same day; used to keep one journal record per series.
    """
    if item["outcome"] not in SERIES_OUTCOMES or previous["contact_id"] != item["contact_id"]:
        return None
    if list(map(previous.get, _SERIES_FIELDS)) != list(map(item.get, _SERIES_FIELDS)):
        return None
    first = datetime.fromisoformat(previous.get("first_at", previous["at"]))
    at = datetime.fromisoformat(item["at"])
    if first.astimezone(at.tzinfo).date() != at.date():
        return None
    count = int(previous.get("count", 1)) + int(item.get("count", 1))
    return {**item, "first_at": first.isoformat(), "count": count}


def coalesce_stored(
    items: Iterable[Mapping[str, Any]], gap: timedelta = SERIES_GAP
) -> list[dict[str, Any]]:
    """Return entries stored one per read as the current form, repeated reads as series."""
    return AuditLog.coalesced(items, gap).as_list()
