"""A reminder: its schedule, timing and the occurrences it has had and will have.

The :class:`ReminderBook` keeps one reminder's occurrences: it creates them from the
schedule (also the ones that fell due while Home Assistant was down), moves them
with :func:`~.occurrence.advance`, answers what the client sees now, computes
adherence, and forgets what is older than the history it keeps. Nothing here knows
about Home Assistant; the engine in ``hub/reminders`` adds timers, storage and events.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
import sys
from typing import Any, Final
from zoneinfo import ZoneInfo

from .adherence import ADHERENCE_WINDOWS, Windows, outcome_windows
from .history import ARCHIVE_AFTER, Archive, Frontier
from .occurrence import (
    FINAL,
    OPEN,
    Occurrence,
    OccurrenceError,
    Status,
    Step,
    advance,
    complete,
    snooze,
    wakeup,
)
from .reminder_spec import ReminderSpec
from .reminder_stored import Instants, occurrence_from_dict, occurrence_to_dict, read_instant
from .schedule import next_occurrence, occurrences

HISTORY: Final = timedelta(days=400)
MAX_OCCURRENCES: Final = 8 * 400 + 64  # eight a day for the whole history, and some slack


@dataclass(slots=True)
class ReminderBook:
    """The occurrences of one reminder, oldest first, and how far the schedule was read.

    ``occurrences`` is kept in the order of due times, so history can be read from the
    newest end and pruned from the oldest; the keys of occurrences not yet done or
    missed are kept aside (``pending``), so a timer never walks the whole history.
    """

    occurrences: dict[str, Occurrence] = field(default_factory=dict)
    horizon: datetime | None = None  # every nominal time up to here has an occurrence
    pending: set[str] = field(default_factory=set, compare=False, repr=False)
    # What the schedule was last read with, and its first instant after the window read
    # then: a sync before that instant has nothing new to read (not stored).
    _read: Frontier | None = field(default=None, compare=False, repr=False)
    # The oldest resolved occurrences as stored, parsed when something reads that far back.
    _archive: Archive | None = field(default=None, compare=False, repr=False)
    # The adherence windows as last read, and when: they hold until an outcome changes or
    # the oldest one in a window leaves it (a pass that resolves nothing reads no month).
    _windows: tuple[datetime, Windows] | None = field(default=None, compare=False, repr=False)
    # ``pending`` in the order of due times, until the occurrences change (:meth:`_changed`).
    _order: tuple[Occurrence, ...] | None = field(default=None, compare=False, repr=False)

    def copy(self) -> ReminderBook:
        """A copy to try an action on (occurrences themselves are immutable)."""
        return ReminderBook(
            dict(self.occurrences), self.horizon, set(self.pending), self._read, self._archive
        )

    @property
    def size(self) -> int:
        """How many occurrences it holds, the archived ones included."""
        return len(self.occurrences) + (self._archive.count if self._archive else 0)

    def _unarchive(self, reaching: datetime | None = None, key: str | None = None) -> None:
        """Parse the archive if a read reaches it (``reaching`` a due time, or ``key``)."""
        archive = self._archive
        if archive is None:
            return
        if reaching is not None and reaching > archive.newest:
            return
        if key is not None and key > archive.newest_key:
            return
        instants: Instants = {}
        older = {
            occ.key: occ
            for occ in (occurrence_from_dict(raw, instants) for raw in archive.stored())
        }
        self.occurrences = older | self.occurrences
        self._changed()
        self._archive = None
        self._windows = None

    # --- moving with time -------------------------------------------------------

    def sync(self, spec: ReminderSpec, zone: ZoneInfo, now: datetime) -> list[Step]:
        """Create what the schedule owes up to ``now`` and advance everything.

        Returns the steps that changed something, in the order of their due times.
        """
        if self._read is None or not self._read.same(spec, zone):
            self._forget_stale_future(spec, zone, now)
        self._materialize(spec, zone, now)
        steps: list[Step] = []
        for occ in self.unresolved():
            step = advance(occ, spec.timing, zone, now)
            if step.occurrence != occ:
                self._apply(step)
                steps.append(step)
        self._prune(now)
        return steps

    def unresolved(self) -> tuple[Occurrence, ...]:
        """Occurrences not yet done or missed, in the order of their due times."""
        if (order := self._order) is None:
            pending = sorted((self.occurrences[key] for key in self.pending), key=_due)
            order = self._order = tuple(pending)
        return order

    def _changed(self) -> None:
        """The occurrences changed: sort the pending ones again when next read."""
        self._order = None

    def _materialize(self, spec: ReminderSpec, zone: ZoneInfo, now: datetime) -> None:
        start = max(self.horizon or now, now - HISTORY)
        end = now + max([spec.timing.early, *spec.timing.leads])
        read = self._read
        if read is not None and read.same(spec, zone) and read.end <= end and read.nothing_by(end):
            upcoming = read.upcoming  # nothing new since the last read: no need to read again
        else:
            for nominal, instant in occurrences(spec.schedule, zone, start, end):
                self._add(nominal, instant)
            upcoming = next_occurrence(spec.schedule, zone, end)
        if upcoming is not None and not any(
            o.status is Status.SCHEDULED and o.due_at > now for o in self.unresolved()
        ):
            self._add(*upcoming)
        self.horizon = max(now, self.horizon or now)
        self._read = Frontier(spec, zone, end, upcoming)

    def _add(self, nominal: datetime, instant: datetime) -> None:
        key = nominal.isoformat()
        if key in self.occurrences:
            return
        latest = next(reversed(self.occurrences.values()), None)
        self.occurrences[key] = Occurrence(nominal=nominal, due_at=instant)
        self.pending.add(key)
        self._changed()
        if latest is not None and instant < latest.due_at:
            self.occurrences = dict(sorted(self.occurrences.items(), key=lambda kv: kv[1].due_at))

    def _forget_stale_future(self, spec: ReminderSpec, zone: ZoneInfo, now: datetime) -> None:
        """Drop not-yet-due occurrences the (edited) schedule no longer has."""
        for occ in self.unresolved():
            if occ.status is Status.SCHEDULED and occ.due_at > now and not _has(spec, zone, occ):
                del self.occurrences[occ.key]
                self.pending.discard(occ.key)
                self._changed()

    def forget_ahead(self, spec: ReminderSpec, zone: ZoneInfo, now: datetime) -> None:
        """Drop occurrences still ahead that the new schedule no longer has, even confirmed ones.

        For a reminder that moves with what happened: a home visit confirmed ahead of its
        due date leaves no trace on that date once the next visit is counted from today.
        """
        for occ in list(self._newest_first(now)):
            if occ.due_at > now and not _has(spec, zone, occ):
                del self.occurrences[occ.key]
                self.pending.discard(occ.key)
                self._changed()
                self._windows = None

    def _prune(self, now: datetime) -> None:
        """Keep the history bounded: 400 days, and never more than a fixed number."""
        cutoff = now - HISTORY
        if self._archive is not None:
            if self.size > MAX_OCCURRENCES:
                self._unarchive()
            elif self._archive.oldest < cutoff:
                self._archive = self._archive.pruned(cutoff)
        while self.occurrences:
            key, oldest = next(iter(self.occurrences.items()))
            too_many = len(self.occurrences) > MAX_OCCURRENCES
            if not too_many and (oldest.status not in FINAL or oldest.due_at >= cutoff):
                return
            del self.occurrences[key]
            self.pending.discard(key)
            self._changed()
            self._windows = None

    def _back_from_newest(self, since: datetime) -> Iterator[Occurrence]:
        """Every occurrence from the newest back, parsed as far as ``since`` (reader stops)."""
        self._unarchive(reaching=since)
        return reversed(self.occurrences.values())

    def _newest_first(self, since: datetime) -> Iterator[Occurrence]:
        """Occurrences due at or after ``since``, the newest first."""
        self._unarchive(reaching=since)
        for occ in reversed(self.occurrences.values()):
            if occ.due_at < since:
                return
            yield occ

    def next_wakeup(
        self, spec: ReminderSpec, zone: ZoneInfo, now: datetime, windows: Windows | None = None
    ) -> datetime | None:
        """The next instant anything about this reminder changes (never in the past).

        ``windows``: :meth:`windows` at ``now`` if already read.
        """
        candidates: list[datetime] = []
        for occ in self.unresolved():
            if (at := wakeup(occ, spec.timing, zone)) is not None:
                candidates.append(at)
            if occ.status is Status.SCHEDULED:
                candidates.append(occ.early_from(spec.timing, zone))
        # Adherence changes when the oldest outcome in a window leaves it.
        if (changes := (windows or self.windows(now)).changes_at) is not None:
            candidates.append(changes)
        return min((at for at in candidates if at > now), default=None)

    # --- what the client does ---------------------------------------------------

    def mark_done(self, spec: ReminderSpec, zone: ZoneInfo, now: datetime) -> Step:
        """Confirm the open occurrence, or the next one within its early window."""
        target = self._first_open() or self._next_scheduled()
        if target is None:
            raise OccurrenceError("nothing_to_mark")
        return self._apply(complete(target, spec.timing, zone, now))

    def confirm_current(self, now: datetime) -> Step | None:
        """Confirm the open occurrence, else the next one, whenever it is due.

        For a reminder that moves with what happened (a home visit made ahead of its due
        date still counts); ``None`` when there is nothing left to confirm.
        """
        target = self._first_open() or self._next_scheduled()
        if target is None:
            return None
        done = replace(target, status=Status.DONE, snoozed_until=None, resolved_at=now)
        return self._apply(Step(done, Status.DONE, None))

    def snooze(self, length: timedelta, now: datetime) -> Step:
        """Remind again later about the open occurrence."""
        target = self._first_open()
        if target is None:
            raise OccurrenceError("nothing_to_snooze")
        return self._apply(snooze(target, length, now))

    def answer(
        self, key: str, spec: ReminderSpec, zone: ZoneInfo, now: datetime, length: timedelta | None
    ) -> Step:
        """Apply an answer to one notification (done, or snooze when ``length`` is given).

        "Done" also answers a lead reminder (paying the rent when reminded days before),
        within the early window like the button.
        """
        occ = self.occurrences.get(key)
        if occ is None or occ.status in FINAL:
            raise OccurrenceError("already_resolved")
        if length is None:
            return self._apply(complete(occ, spec.timing, zone, now))
        return self._apply(snooze(occ, length, now))

    def _apply(self, step: Step) -> Step:
        occ = step.occurrence
        previous = self.occurrences.get(occ.key)
        if occ.status in FINAL or (previous is not None and previous.status in FINAL):
            self._windows = None  # an outcome changed: the adherence with it
        self.occurrences[occ.key] = occ
        self._changed()
        if occ.status in FINAL:
            self.pending.discard(occ.key)
        return step

    # --- what the client sees ---------------------------------------------------

    def _first_open(self) -> Occurrence | None:
        return next((o for o in self.unresolved() if o.status in OPEN), None)

    def _next_scheduled(self) -> Occurrence | None:
        return next((o for o in self.unresolved() if o.status is Status.SCHEDULED), None)

    def current(self, spec: ReminderSpec, zone: ZoneInfo, now: datetime) -> Occurrence | None:
        """The occurrence the status sensor shows.

        An open one first; else the next one once its early window has opened; else
        the latest outcome (so "taken" shows until the next dose comes near); else
        the next one.
        """
        if (open_occ := self._first_open()) is not None:
            return open_occ
        upcoming = self._next_scheduled()
        if upcoming is not None and now >= upcoming.early_from(spec.timing, zone):
            return upcoming
        if (finished := self._latest_outcome()) is None and self._archive is not None:
            self._unarchive()  # nothing resolved lately: the latest outcome is older
            finished = self._latest_outcome()
        return finished or upcoming

    def _latest_outcome(self) -> Occurrence | None:
        return next((o for o in reversed(self.occurrences.values()) if o.status in FINAL), None)

    def next_due(self) -> datetime | None:
        """When the first unresolved occurrence is (or was) due."""
        return next((o.due_at for o in self.unresolved()), None)

    def first_after(self, after: datetime) -> Occurrence | None:
        """The earliest known occurrence due after ``after`` (read from the newest end)."""
        self._unarchive(reaching=after)
        found = None
        for occ in reversed(self.occurrences.values()):
            if occ.due_at <= after:
                break
            found = occ
        return found

    def upcoming(self, start: datetime, end: datetime) -> list[Occurrence]:
        """Occurrences due within ``[start, end)`` that are known already."""
        return [o for o in reversed(list(self._newest_first(start))) if o.due_at < end]

    def adherence(self, window: timedelta, now: datetime) -> float | None:
        """Percent of occurrences confirmed among those resolved in the last ``window``."""
        return outcome_windows(self._back_from_newest(now - window), now, (window,)).adherence[0]

    def windows(self, now: datetime) -> Windows:
        """Adherence in every window of the sensors, and when it next changes: one walk.

        Kept until an outcome changes or the oldest one in a window leaves it.
        """
        if (kept := self._windows) is not None:
            since, found = kept
            if since <= now and (found.changes_at is None or now < found.changes_at):
                return found
        found = outcome_windows(self._back_from_newest(now - ADHERENCE_WINDOWS[-1]), now)
        self._windows = (now, found)
        return found

    # --- storage ----------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """Serialize for the Store (compact: a year of history stays small)."""
        older = self._archive.stored() if self._archive else []
        return {
            "horizon": self.horizon.isoformat() if self.horizon else None,
            "occurrences": older + [occurrence_to_dict(o) for o in self.occurrences.values()],
        }

    def snapshot(self, key: str) -> dict[str, Any] | None:
        """The stored form of one occurrence (``None``: there is none, e.g. it was dropped)."""
        self._unarchive(key=key)
        occ = self.occurrences.get(key)
        return None if occ is None else occurrence_to_dict(occ)

    def apply_changes(
        self, horizon: str | None, changes: dict[str, Any], instants: Instants | None = None
    ) -> None:
        """Lay changed occurrences (``snapshot`` forms, ``None`` = dropped) over this book."""
        self._windows = None
        instants = {} if instants is None else instants
        for key in changes:
            self._unarchive(key=key)
        for key, raw in changes.items():
            self.occurrences.pop(key, None)
            self.pending.discard(key)
            self._changed()
            if raw is None:
                continue
            self._read_in(occurrence_from_dict(raw, instants))
        if horizon is not None:
            later = datetime.fromisoformat(horizon)
            self.horizon = later if self.horizon is None else max(self.horizon, later)
        self.occurrences = dict(sorted(self.occurrences.items(), key=lambda kv: kv[1].due_at))

    def _read_in(self, occ: Occurrence) -> None:
        key = sys.intern(occ.key)  # one key string for the same time in every book
        self.occurrences[key] = occ
        self._changed()
        if occ.status not in FINAL:
            self.pending.add(key)

    @classmethod
    def from_dict(cls, data: dict[str, Any], instants: Instants | None = None) -> ReminderBook:
        """Read what :meth:`to_dict` wrote (times shared through ``instants``, if given)."""
        instants = {} if instants is None else instants
        horizon = data.get("horizon")
        book = cls(horizon=read_instant(horizon, instants) if horizon else None)
        stored = data.get("occurrences", [])
        if book.horizon is not None:
            book._archive, stored = Archive.split(stored, book.horizon - ARCHIVE_AFTER)
        for raw in stored:
            book._read_in(occurrence_from_dict(raw, instants))
        book.occurrences = dict(sorted(book.occurrences.items(), key=lambda kv: kv[1].due_at))
        return book


def _due(occ: Occurrence) -> datetime:
    return occ.due_at


def _has(spec: ReminderSpec, zone: ZoneInfo, occ: Occurrence) -> bool:
    """Whether the schedule still has this occurrence, at the same instant."""
    just_before = occ.due_at - timedelta(microseconds=1)
    return (occ.nominal, occ.due_at) in occurrences(spec.schedule, zone, just_before, occ.due_at)
