"""One occurrence of a reminder and the rules it moves by.

``scheduled → due → done | snoozed (→ due again) | missed``

- *lead* reminders go out before the due time (rent: days before; appointment:
  minutes before) while the occurrence is still ``scheduled``;
- at the due time it becomes ``due`` and the client is reminded;
- "remind me later" makes it ``snoozed`` until the snooze ends, then ``due`` again;
- confirming makes it ``done`` — already up to the *early window* before the due
  time ("taking early counts"), in which case no reminder goes out at all;
- an occurrence not confirmed within the *grace period* after its due time is
  ``missed``. Snoozing never moves this deadline: the promise to the worker
  ("you hear if a dose is not taken within an hour") holds.

:func:`advance` brings an occurrence up to ``now`` in one step, however much time
has passed: after a restart or hours offline each occurrence takes the one
transition it is owed, and only an occurrence still within its grace period is
announced again. Nothing here knows about Home Assistant.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Final
from zoneinfo import ZoneInfo

from .errors import KeyedError
from .schedule import shift


class Status(StrEnum):
    """Where an occurrence stands; also the state of the reminder's status sensor."""

    SCHEDULED = "scheduled"
    DUE = "due"
    SNOOZED = "snoozed"
    DONE = "done"
    MISSED = "missed"


OPEN: Final = frozenset({Status.DUE, Status.SNOOZED})
FINAL: Final = frozenset({Status.DONE, Status.MISSED})


class Notice(StrEnum):
    """What the client is told when an occurrence moves."""

    LEAD = "lead"  # coming up (days or minutes before)
    DUE = "due"  # it is time now
    AGAIN = "again"  # the snooze is over


class OccurrenceError(KeyedError, ValueError):
    """An action does not fit the occurrence; ``key`` names the translated error."""


@dataclass(frozen=True, slots=True)
class Timing:
    """How a reminder treats time around each occurrence."""

    grace: timedelta
    snooze: timedelta
    early: timedelta = timedelta(0)
    leads: tuple[timedelta, ...] = ()  # how long before the due time to remind

    def __post_init__(self) -> None:
        """Keep lead reminders from the earliest to the latest."""
        object.__setattr__(self, "leads", tuple(sorted(set(self.leads), reverse=True)))


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One time a reminder falls due, named by its nominal local time."""

    nominal: datetime  # naive local wall-clock time; also the occurrence's identity
    due_at: datetime  # the UTC instant it falls due
    status: Status = Status.SCHEDULED
    snoozed_until: datetime | None = None
    resolved_at: datetime | None = None  # when it became done or missed
    leads_sent: int = 0  # how many of ``Timing.leads`` are behind us

    @property
    def key(self) -> str:
        """The occurrence's stable identity."""
        return self.nominal.isoformat()

    def deadline(self, timing: Timing, zone: ZoneInfo) -> datetime:
        """When an unconfirmed occurrence becomes missed."""
        return shift(self.nominal, self.due_at, timing.grace, zone)

    def early_from(self, timing: Timing, zone: ZoneInfo) -> datetime:
        """From when confirming it counts ("taking early counts")."""
        return shift(self.nominal, self.due_at, -timing.early, zone)

    def lead_times(self, timing: Timing, zone: ZoneInfo) -> list[datetime]:
        """When the lead reminders go out, earliest first."""
        return [shift(self.nominal, self.due_at, -lead, zone) for lead in timing.leads]


@dataclass(frozen=True, slots=True)
class Step:
    """What one call to :func:`advance` did: the status reached and what to tell."""

    occurrence: Occurrence
    status: Status | None  # a new status to announce as an event, if any
    notice: Notice | None  # what to tell the client, if anything


def advance(occ: Occurrence, timing: Timing, zone: ZoneInfo, now: datetime) -> Step:
    """Bring ``occ`` up to ``now``: at most one transition and at most one notice."""
    if occ.status in FINAL:
        return Step(occ, None, None)
    if now >= occ.deadline(timing, zone):
        missed = replace(occ, status=Status.MISSED, snoozed_until=None, resolved_at=now)
        return Step(missed, Status.MISSED, None)
    if occ.status is Status.SCHEDULED:
        return _advance_scheduled(occ, timing, zone, now)
    if occ.status is Status.SNOOZED and occ.snoozed_until and now >= occ.snoozed_until:
        return Step(replace(occ, status=Status.DUE, snoozed_until=None), Status.DUE, Notice.AGAIN)
    return Step(occ, None, None)


def _advance_scheduled(occ: Occurrence, timing: Timing, zone: ZoneInfo, now: datetime) -> Step:
    if now >= occ.due_at:
        due = replace(occ, status=Status.DUE, leads_sent=len(timing.leads))
        return Step(due, Status.DUE, Notice.DUE)
    passed = sum(1 for at in occ.lead_times(timing, zone) if at <= now)
    if passed > occ.leads_sent:
        # Only the latest lead that has passed is sent; older ones missed while
        # offline are not replayed.
        return Step(replace(occ, leads_sent=passed), None, Notice.LEAD)
    return Step(occ, None, None)


def wakeup(occ: Occurrence, timing: Timing, zone: ZoneInfo) -> datetime | None:
    """The next instant at which :func:`advance` would change ``occ``."""
    if occ.status in FINAL:
        return None
    deadline = occ.deadline(timing, zone)
    if occ.status is Status.SCHEDULED:
        pending = occ.lead_times(timing, zone)[occ.leads_sent :]
        return min([*pending, occ.due_at, deadline])
    if occ.status is Status.SNOOZED and occ.snoozed_until is not None:
        return min(occ.snoozed_until, deadline)
    return deadline


def complete(occ: Occurrence, timing: Timing, zone: ZoneInfo, now: datetime) -> Step:
    """Confirm the occurrence (taken, paid, eaten, done)."""
    if occ.status in FINAL:
        raise OccurrenceError("already_resolved")
    if occ.status is Status.SCHEDULED and now < occ.early_from(timing, zone):
        raise OccurrenceError("too_early")
    done = replace(occ, status=Status.DONE, snoozed_until=None, resolved_at=now)
    return Step(done, Status.DONE, None)


def snooze(occ: Occurrence, length: timedelta, now: datetime) -> Step:
    """Remind again after ``length``; only an occurrence that is due can wait."""
    if occ.status not in OPEN:
        raise OccurrenceError("nothing_to_snooze")
    if length <= timedelta(0):
        raise OccurrenceError("snooze_out_of_range")
    snoozed = replace(occ, status=Status.SNOOZED, snoozed_until=now + length)
    return Step(snoozed, Status.SNOOZED, None)
