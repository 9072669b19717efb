"""What a reminder book keeps beside its occurrences: its schedule frontier and its archive.

**Frontier.** A book remembers the schedule it last read and the first instant after the
window it read: a sync before that instant has nothing new to read.

**Archive.** Old history kept compact: resolved occurrences a running reminder no longer reads.

A year of four doses a day is 1,460 occurrences per medicine, 73,000 at 50 medicines. While
the hub runs, a reminder reads only its last weeks (adherence over 30 days, today's line, its
next instant); the older part is read only to look far back in the calendar, and written
back to the store. So at load the leading run of resolved occurrences older than
:data:`ARCHIVE_AFTER` before the book's horizon stays as the stored JSON text, unparsed, and
is parsed the first time anything reads that far back. Nothing here knows about Home
Assistant.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
import json
from typing import TYPE_CHECKING, Any, Final
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from .reminder_spec import ReminderSpec

ARCHIVE_AFTER: Final = timedelta(days=35)  # longer than the longest adherence window
MIN_ARCHIVED: Final = 64  # fewer are not worth keeping apart
_RESOLVED: Final = frozenset({"done", "missed"})  # stored values of the final statuses


@dataclass(frozen=True, slots=True)
class Archive:
    """Stored occurrences as JSON text, oldest first, all resolved."""

    text: str
    count: int
    oldest: datetime  # the due time of the first
    newest: datetime  # the due time of the last
    newest_key: str  # the key (nominal time) of the last: later keys are not in here

    @classmethod
    def split(
        cls, stored: list[dict[str, Any]], before: datetime
    ) -> tuple[Archive | None, list[dict[str, Any]]]:
        """Keep apart the leading resolved occurrences due before ``before``, in due order.

        Returns the archive (``None`` if too few) and the stored occurrences left to parse.
        """
        cut, previous = 0, None
        for raw in stored:
            if raw.get("s") not in _RESOLVED or not isinstance(raw.get("n"), str):
                break
            due = datetime.fromisoformat(raw["d"])
            if due >= before or (previous is not None and due < previous):
                break
            cut, previous = cut + 1, due
        if cut < MIN_ARCHIVED or previous is None:
            return None, stored
        kept = stored[:cut]
        archive = cls(
            json.dumps(kept, separators=(",", ":")),
            cut,
            datetime.fromisoformat(kept[0]["d"]),
            previous,
            kept[-1]["n"],
        )
        return archive, stored[cut:]

    def stored(self) -> list[dict[str, Any]]:
        """The occurrences as stored, oldest first."""
        items: list[dict[str, Any]] = json.loads(self.text)
        return items

    def pruned(self, cutoff: datetime) -> Archive | None:
        """Without the occurrences due before ``cutoff`` (``None`` if none is left)."""
        kept = [raw for raw in self.stored() if datetime.fromisoformat(raw["d"]) >= cutoff]
        if not kept:
            return None
        return Archive(
            json.dumps(kept, separators=(",", ":")),
            len(kept),
            datetime.fromisoformat(kept[0]["d"]),
            self.newest,
            self.newest_key,
        )


@dataclass(frozen=True, slots=True)
class Frontier:
    """How far a book read its schedule: up to ``end``, and the first instant after it."""

    spec: ReminderSpec
    zone: ZoneInfo
    end: datetime
    upcoming: tuple[datetime, datetime] | None  # (nominal, instant) first after ``end``

    def same(self, spec: ReminderSpec, zone: ZoneInfo) -> bool:
        """Whether it was read with this very schedule and time zone."""
        return spec is self.spec and zone is self.zone

    def nothing_by(self, end: datetime) -> bool:
        """Whether the schedule has no instant in ``(self.end, end]``."""
        return self.upcoming is None or self.upcoming[1] > end
