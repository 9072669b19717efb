"""A reminder: its schedule, timing and the occurrences it has had and will have.

The :class:`ReminderBook` keeps one reminder's occurrences: it creates them from the
schedule (also the ones that fell due while Home Assistant was down), moves them
with :func:`~.occurrence.advance`, answers what the client sees now, computes
adherence, and forgets what is older than the history it keeps. Nothing here knows
about Home Assistant; the engine in ``hub/reminders`` adds timers, storage and events.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Final
from zoneinfo import ZoneInfo

from .occurrence import (
    FINAL,
    OPEN,
    Occurrence,
    OccurrenceError,
    Status,
    Step,
    Timing,
    advance,
    complete,
    snooze,
    wakeup,
)
from .schedule import Schedule, next_occurrence, occurrences

HISTORY: Final = timedelta(days=400)
MAX_OCCURRENCES: Final = 8 * 400 + 64  # eight a day for the whole history, and some slack
ADHERENCE_WINDOWS: Final = (timedelta(days=7), timedelta(days=30))
MAX_NAME_LENGTH: Final = 60


class ReminderInputError(ValueError):
    """A value the worker entered is not acceptable; ``key`` names the translated error."""

    def __init__(self, key: str) -> None:
        """Remember which translated error describes the problem."""
        super().__init__(key)
        self.key = key


def validate_text(value: str, key: str, max_length: int = MAX_NAME_LENGTH) -> str:
    """Return the trimmed text; ``<key>_empty`` or ``<key>_too_long`` when it is not fit."""
    text = " ".join(str(value).split())
    if not text:
        raise ReminderInputError(f"{key}_empty")
    if len(text) > max_length:
        raise ReminderInputError(f"{key}_too_long")
    return text


def validate_minutes(value: float, low: int, high: int, key: str) -> int:
    """Return whole minutes within ``[low, high]``; ``<key>_out_of_range`` otherwise."""
    if int(value) != value or not low <= value <= high:
        raise ReminderInputError(f"{key}_out_of_range")
    return int(value)


@dataclass(frozen=True, slots=True)
class ReminderSpec:
    """What the worker set up: which reminder, of what kind, when, and how strict."""

    reminder_id: str
    kind: str
    name: str
    schedule: Schedule
    timing: Timing


@dataclass(slots=True)
class ReminderBook:
    """The occurrences of one reminder, oldest first, and how far the schedule was read."""

    occurrences: dict[str, Occurrence] = field(default_factory=dict)
    horizon: datetime | None = None  # every nominal time up to here has an occurrence

    # --- moving with time -------------------------------------------------------

    def sync(self, spec: ReminderSpec, zone: ZoneInfo, now: datetime) -> list[Step]:
        """Create what the schedule owes up to ``now`` and advance everything.

        Returns the steps that changed something, in the order of their due times.
        """
        self._forget_stale_future(spec, zone, now)
        self._materialize(spec, zone, now)
        steps: list[Step] = []
        for key, occ in list(self.occurrences.items()):
            step = advance(occ, spec.timing, zone, now)
            if step.occurrence != occ:
                self.occurrences[key] = step.occurrence
                steps.append(step)
        self._prune(now)
        return steps

    def _materialize(self, spec: ReminderSpec, zone: ZoneInfo, now: datetime) -> None:
        start = max(self.horizon or now, now - HISTORY)
        lookahead = max([spec.timing.early, *spec.timing.leads])
        for nominal, instant in occurrences(spec.schedule, zone, start, now + lookahead):
            self._add(nominal, instant)
        upcoming = next_occurrence(spec.schedule, zone, now + lookahead)
        if upcoming is not None and not any(
            o.status is Status.SCHEDULED and o.due_at > now for o in self.occurrences.values()
        ):
            self._add(*upcoming)
        self.horizon = max(now, self.horizon or now)

    def _add(self, nominal: datetime, instant: datetime) -> None:
        key = nominal.isoformat()
        if key not in self.occurrences:
            self.occurrences[key] = Occurrence(nominal=nominal, due_at=instant)
            self.occurrences = dict(sorted(self.occurrences.items(), key=lambda kv: kv[1].due_at))

    def _forget_stale_future(self, spec: ReminderSpec, zone: ZoneInfo, now: datetime) -> None:
        """Drop not-yet-due occurrences the (edited) schedule no longer has."""
        for key, occ in list(self.occurrences.items()):
            if occ.status is not Status.SCHEDULED or occ.due_at <= now:
                continue
            just_before = occ.due_at - timedelta(microseconds=1)
            if (occ.nominal, occ.due_at) not in occurrences(
                spec.schedule, zone, just_before, occ.due_at
            ):
                del self.occurrences[key]

    def _prune(self, now: datetime) -> None:
        """Keep the history bounded: 400 days, and never more than a fixed number."""
        keep = [
            (key, occ)
            for key, occ in self.occurrences.items()
            if occ.status not in FINAL or occ.due_at >= now - HISTORY
        ]
        self.occurrences = dict(keep[-MAX_OCCURRENCES:])

    def next_wakeup(self, spec: ReminderSpec, zone: ZoneInfo, now: datetime) -> datetime | None:
        """The next instant anything about this reminder changes (never in the past)."""
        candidates: list[datetime] = []
        for occ in self.occurrences.values():
            if (at := wakeup(occ, spec.timing, zone)) is not None:
                candidates.append(at)
            if occ.status is Status.SCHEDULED:
                candidates.append(occ.early_from(spec.timing, zone))
            if occ.status in FINAL:
                candidates.extend(occ.due_at + window for window in ADHERENCE_WINDOWS)
        future = [at for at in candidates if at > now]
        return min(future, default=None)

    # --- what the client does ---------------------------------------------------

    def mark_done(self, spec: ReminderSpec, zone: ZoneInfo, now: datetime) -> Step:
        """Confirm the open occurrence, or the next one within its early window."""
        target = self._first_open() or self._next_scheduled()
        if target is None:
            raise OccurrenceError("nothing_to_mark")
        return self._apply(complete(target, spec.timing, zone, now))

    def snooze(self, length: timedelta, now: datetime) -> Step:
        """Remind again later about the open occurrence."""
        target = self._first_open()
        if target is None:
            raise OccurrenceError("nothing_to_snooze")
        return self._apply(snooze(target, length, now))

    def answer(
        self, key: str, spec: ReminderSpec, zone: ZoneInfo, now: datetime, length: timedelta | None
    ) -> Step:
        """Apply an answer to one notification (done, or snooze when ``length`` is given)."""
        occ = self.occurrences.get(key)
        if occ is None or occ.status not in OPEN:
            raise OccurrenceError("already_resolved")
        if length is None:
            return self._apply(complete(occ, spec.timing, zone, now))
        return self._apply(snooze(occ, length, now))

    def _apply(self, step: Step) -> Step:
        self.occurrences[step.occurrence.key] = step.occurrence
        return step

    # --- what the client sees ---------------------------------------------------

    def _first_open(self) -> Occurrence | None:
        return next((o for o in self.occurrences.values() if o.status in OPEN), None)

    def _next_scheduled(self) -> Occurrence | None:
        return next((o for o in self.occurrences.values() if o.status is Status.SCHEDULED), None)

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
        finished = [o for o in self.occurrences.values() if o.status in FINAL]
        return finished[-1] if finished else upcoming

    def next_due(self) -> datetime | None:
        """When the first unresolved occurrence is (or was) due."""
        return next((o.due_at for o in self.occurrences.values() if o.status not in FINAL), None)

    def upcoming(self, start: datetime, end: datetime) -> list[Occurrence]:
        """Occurrences due within ``[start, end)`` that are known already."""
        return [o for o in self.occurrences.values() if start <= o.due_at < end]

    def adherence(self, window: timedelta, now: datetime) -> float | None:
        """Percent of occurrences confirmed among those resolved in the last ``window``."""
        since = now - window
        outcomes = [
            o.status for o in self.occurrences.values() if o.status in FINAL and o.due_at >= since
        ]
        if not outcomes:
            return None
        return round(100 * outcomes.count(Status.DONE) / len(outcomes), 1)

    # --- storage ----------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """Serialize for the Store (compact: a year of history stays small)."""
        return {
            "horizon": self.horizon.isoformat() if self.horizon else None,
            "occurrences": [_occurrence_to_dict(o) for o in self.occurrences.values()],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ReminderBook:
        """Read what :meth:`to_dict` wrote."""
        horizon = data.get("horizon")
        book = cls(horizon=datetime.fromisoformat(horizon) if horizon else None)
        for raw in data.get("occurrences", []):
            occ = _occurrence_from_dict(raw)
            book.occurrences[occ.key] = occ
        return book


def _occurrence_to_dict(occ: Occurrence) -> dict[str, Any]:
    raw: dict[str, Any] = {"n": occ.key, "d": occ.due_at.isoformat(), "s": occ.status.value}
    if occ.snoozed_until is not None:
        raw["z"] = occ.snoozed_until.isoformat()
    if occ.resolved_at is not None:
        raw["r"] = occ.resolved_at.isoformat()
    if occ.leads_sent:
        raw["l"] = occ.leads_sent
    return raw


def _occurrence_from_dict(raw: dict[str, Any]) -> Occurrence:
    snoozed, resolved = raw.get("z"), raw.get("r")
    return Occurrence(
        nominal=datetime.fromisoformat(raw["n"]),
        due_at=datetime.fromisoformat(raw["d"]),
        status=Status(raw["s"]),
        snoozed_until=datetime.fromisoformat(snoozed) if snoozed else None,
        resolved_at=datetime.fromisoformat(resolved) if resolved else None,
        leads_sent=int(raw.get("l", 0)),
    )
