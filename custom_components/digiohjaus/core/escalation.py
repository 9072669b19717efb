"""The escalation ladder: who is told, and when, that something was missed.

A ladder is a list of steps, each ``(delay minutes after the cause, roles)``; the roles are
the client (a nudge on the tablet) and contacts by role. A *run* walks the ladder for one
cause (a missed dose, a missed check-in, an unanswered call request). Steps that fall in
quiet hours wait until the quiet hours end, except for call requests, and the steps after a
held one keep their spacing. Resolving the cause ends the run. Runs are plain data that the
hub persists, so a restart continues where it was: a step that fell due while the hub was
off is sent once on start, and the following steps keep their spacing from then.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta, tzinfo
from enum import StrEnum
from typing import Any, Final

from .errors import KeyedError
from .localtime import next_at_local
from .numbers import whole_in_range

ROLE_CLIENT: Final = "client"
CONTACT_ROLES: Final = ("worker", "family", "other")
ROLES: Final = (ROLE_CLIENT, *CONTACT_ROLES)
MAX_STEPS: Final = 4
MAX_DELAY_MINUTES: Final = 24 * 60
MIN_ANSWER_MINUTES: Final = 1
MAX_ANSWER_MINUTES: Final = 120


class Reason(StrEnum):
    """Why a ladder runs (the ``reason`` of the ``digiohjaus_escalation`` event)."""

    MISSED_DOSE = "missed_dose"
    MISSED_CHECK_IN = "missed_check_in"
    UNANSWERED_CALL = "unanswered_call"


class EscalationError(KeyedError, ValueError):
    """A ladder setting is not acceptable; ``key`` names the translated error."""


@dataclass(frozen=True, slots=True)
class LadderStep:
    """One rung: ``delay_minutes`` after the cause, tell these ``roles``."""

    delay_minutes: int
    roles: frozenset[str]

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping for the options."""
        return {"delay_minutes": self.delay_minutes, "roles": sorted(self.roles)}


@dataclass(frozen=True, slots=True)
class QuietHours:
    """A nightly window (e.g. 22:00–08:00) when ladder steps wait; ``start == end`` is none."""

    start: time
    end: time

    def contains(self, local: time) -> bool:
        """Whether a wall-clock time falls inside the window (start inclusive, end exclusive)."""
        if self.start == self.end:
            return False
        if self.start < self.end:
            return self.start <= local < self.end
        return local >= self.start or local < self.end

    def release(self, instant: datetime, tz: tzinfo) -> datetime:
        """Return ``instant``, or the end of the quiet hours it falls in."""
        instant = instant.astimezone(UTC)
        local = instant.astimezone(tz)
        if not self.contains(local.time().replace(tzinfo=None)):
            return instant
        return next_at_local(instant, self.end, tz)


@dataclass(frozen=True, slots=True)
class Ladder:
    """The agreed ladder: steps in order, quiet hours, and how long a call may go unanswered."""

    steps: tuple[LadderStep, ...]
    quiet_hours: QuietHours | None = None
    answer_minutes: int = 15

    def hold(self, reason: Reason, instant: datetime, tz: tzinfo) -> datetime:
        """When a step due at ``instant`` may be sent: quiet hours hold all but call requests."""
        if self.quiet_hours is None or reason is Reason.UNANSWERED_CALL:
            return instant
        return self.quiet_hours.release(instant, tz)


# Defaults from the anchors: the client gets a gentle nudge first, family after 15 minutes
# (Hero Health), the worker after 60 minutes (Medisafe). The worker changes them with the client.
DEFAULT_STEPS: Final = (
    LadderStep(0, frozenset({ROLE_CLIENT})),
    LadderStep(15, frozenset({"family"})),
    LadderStep(60, frozenset({"worker"})),
)
DEFAULT_QUIET_HOURS: Final = QuietHours(time(22), time(8))
DEFAULT_ANSWER_MINUTES: Final = 15
DEFAULT_LADDER: Final = Ladder(DEFAULT_STEPS, DEFAULT_QUIET_HOURS, DEFAULT_ANSWER_MINUTES)


def validate_steps(steps: Sequence[tuple[object, Iterable[str]]]) -> tuple[LadderStep, ...]:
    """Check the steps: 1–4 of them, delays 0–1440 minutes growing, known roles on each."""
    if not 1 <= len(steps) <= MAX_STEPS:
        raise EscalationError("steps_count")
    result: list[LadderStep] = []
    previous = -1
    for value, roles in steps:
        delay = whole_in_range(value, 0, MAX_DELAY_MINUTES)
        if delay is None:
            raise EscalationError("delay_out_of_range")
        if delay <= previous:
            raise EscalationError("delays_not_increasing")
        chosen = frozenset(roles)
        if not chosen or not chosen <= set(ROLES):
            raise EscalationError("roles_missing")
        result.append(LadderStep(delay, chosen))
        previous = delay
    return tuple(result)


def validate_answer_minutes(value: object) -> int:
    """How many minutes a call request may wait for "I'll call you": 1–120."""
    minutes = whole_in_range(value, MIN_ANSWER_MINUTES, MAX_ANSWER_MINUTES)
    if minutes is None:
        raise EscalationError("answer_out_of_range")
    return minutes


def ladder_from_mapping(data: Mapping[str, Any] | None) -> Ladder:
    """Build the ladder from the hub options (``None`` or missing parts give the defaults)."""
    if not data:
        return DEFAULT_LADDER
    raw_steps = data.get("steps")
    steps = (
        tuple(LadderStep(int(s["delay_minutes"]), frozenset(s["roles"])) for s in raw_steps)
        if raw_steps
        else DEFAULT_STEPS
    )
    quiet: QuietHours | None = DEFAULT_QUIET_HOURS
    if "quiet_start" in data and "quiet_end" in data:
        quiet = QuietHours(
            time.fromisoformat(data["quiet_start"]), time.fromisoformat(data["quiet_end"])
        )
    return Ladder(steps, quiet, int(data.get("answer_minutes", DEFAULT_ANSWER_MINUTES)))


def ladder_to_mapping(ladder: Ladder) -> dict[str, Any]:
    """Return the ladder as hub options."""
    quiet = ladder.quiet_hours or QuietHours(time(0), time(0))
    return {
        "steps": [step.as_dict() for step in ladder.steps],
        "quiet_start": quiet.start.isoformat(),
        "quiet_end": quiet.end.isoformat(),
        "answer_minutes": ladder.answer_minutes,
    }


@dataclass(slots=True)
class Run:
    """One cause walking the ladder: the next step to take and when it is due."""

    reason: Reason
    ref: str
    started_at: datetime
    next_step: int
    due_at: datetime
    context: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """Identity of the cause: one run per reason and reference."""
        return run_key(self.reason, self.ref)

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping for the store."""
        return {
            "reason": self.reason.value,
            "ref": self.ref,
            "started_at": self.started_at.isoformat(),
            "next_step": self.next_step,
            "due_at": self.due_at.isoformat(),
            "context": dict(self.context),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Run:
        """Rebuild a run from the store."""
        return cls(
            reason=Reason(data["reason"]),
            ref=str(data["ref"]),
            started_at=datetime.fromisoformat(data["started_at"]).astimezone(UTC),
            next_step=int(data["next_step"]),
            due_at=datetime.fromisoformat(data["due_at"]).astimezone(UTC),
            context={str(k): str(v) for k, v in data.get("context", {}).items()},
        )


def run_key(reason: Reason, ref: str) -> str:
    """The identity of a cause."""
    return f"{reason.value}:{ref}"


@dataclass(frozen=True, slots=True)
class DueStep:
    """A step to carry out now: which run, which step (1-based) and to whom."""

    run: Run
    number: int
    step: LadderStep


@dataclass(slots=True)
class EscalationBook:
    """All runs of one hub."""

    runs: dict[str, Run] = field(default_factory=dict)

    def start(
        self,
        reason: Reason,
        ref: str,
        now: datetime,
        ladder: Ladder,
        tz: tzinfo,
        *,
        context: Mapping[str, str] | None = None,
    ) -> Run | None:
        """Start walking the ladder for a cause; ``None`` if it already runs (no duplicates)."""
        key = run_key(reason, ref)
        if key in self.runs or not ladder.steps:
            return None
        now = now.astimezone(UTC)
        due = ladder.hold(reason, now + timedelta(minutes=ladder.steps[0].delay_minutes), tz)
        run = Run(reason, ref, now, 0, due, dict(context or {}))
        self.runs[key] = run
        return run

    def resolve(self, reason: Reason, ref: str | None = None) -> list[Run]:
        """End the runs of a cause (every run of ``reason`` when ``ref`` is ``None``)."""
        ended = [
            run
            for run in self.runs.values()
            if run.reason is reason and (ref is None or run.ref == ref)
        ]
        for run in ended:
            del self.runs[run.key]
        return ended

    def due(self, now: datetime, ladder: Ladder, tz: tzinfo) -> list[DueStep]:
        """Take every step due by ``now``: at most one per run, the run moves to its next step.

        A run whose step fell due while the hub was off takes that one step now; the next
        step keeps the ladder's spacing from ``now`` rather than following in a burst.
        """
        now = now.astimezone(UTC)
        taken: list[DueStep] = []
        for run in sorted(self.runs.values(), key=lambda r: (r.due_at, r.key)):
            if run.due_at > now:
                continue
            if run.next_step >= len(ladder.steps):
                del self.runs[run.key]  # the ladder was shortened in the options
                continue
            step = ladder.steps[run.next_step]
            taken.append(DueStep(run, run.next_step + 1, step))
            run.next_step += 1
            if run.next_step >= len(ladder.steps):
                del self.runs[run.key]
                continue
            gap = ladder.steps[run.next_step].delay_minutes - step.delay_minutes
            run.due_at = ladder.hold(run.reason, max(now, run.due_at) + timedelta(minutes=gap), tz)
        return taken

    def next_wakeup(self) -> datetime | None:
        """The earliest instant a step falls due, for the one-shot timer."""
        return min((run.due_at for run in self.runs.values()), default=None)

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping for the store."""
        return {"runs": [run.as_dict() for run in self.runs.values()]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> EscalationBook:
        """Rebuild the book from the store."""
        runs = [Run.from_dict(raw) for raw in data.get("runs", [])]
        return cls({run.key: run for run in runs})


# What each kind of message reveals, from the most to the least detailed: a contact gets the
# most detailed variant their consent covers, or nothing.
DISCLOSURES: Final[Mapping[Reason, tuple[tuple[str, frozenset[str]], ...]]] = {
    Reason.MISSED_DOSE: (
        ("missed_dose_details", frozenset({"medication", "medication_details"})),
        ("missed_dose", frozenset({"medication"})),
    ),
    Reason.MISSED_CHECK_IN: (("missed_check_in", frozenset({"check_in"})),),
    Reason.UNANSWERED_CALL: (("unanswered_call", frozenset({"calls"})),),
}


def disclosure_for(reason: Reason, consented: Iterable[str]) -> tuple[str, frozenset[str]] | None:
    """The message variant and the data kinds it reveals, for a contact's consented kinds."""
    kinds = frozenset(consented)
    for variant, needs in DISCLOSURES[reason]:
        if needs <= kinds:
            return variant, needs
    return None
