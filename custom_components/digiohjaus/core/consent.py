"""Consent per contact and data kind: what the client has agreed each contact may know.

Health data is special-category data (GDPR art. 9). Consent therefore names each data
kind separately (Finnish DPO decision 1198/161/22), is as easy to withdraw as to give
(art. 7(3)) and is provable (art. 7(1)): a :class:`ConsentRecord` keeps when the current
kinds were agreed and a history of every change; the audit log keeps the same events.

The policy is :meth:`ConsentRecord.covers`: a message may be sent to a contact only when
the contact's *current* consent is active and includes every kind the message reveals.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any
import uuid

from .errors import KeyedError


class DataKind(StrEnum):
    """A kind of information about the client that a message or a share read can reveal."""

    CHECK_IN = "check_in"
    """Whether and when the client checked in."""
    MOOD = "mood"
    """The wellbeing score (1–5) and the note written with it."""
    MEDICATION = "medication"
    """Dose counts and adherence, never medicine names."""
    MEDICATION_DETAILS = "medication_details"
    """Medicine names and doses."""
    CALLS = "calls"
    """Call requests ("call my worker") and their status."""
    REMINDERS = "reminders"
    """Rent, bill, meal, appointment and home-routine reminders and their status."""
    ACTIVITY = "activity"
    """When the client last used the hub."""


DATA_KINDS: tuple[DataKind, ...] = tuple(DataKind)


class ConsentAction(StrEnum):
    """What happened to a contact's consent."""

    GIVEN = "given"
    CHANGED = "changed"
    WITHDRAWN = "withdrawn"
    RESTORED = "restored"


class ConsentError(KeyedError, ValueError):
    """A consent change is not possible; ``key`` names the translated error."""


def parse_kinds(values: Iterable[str]) -> frozenset[DataKind]:
    """Return the data kinds named by ``values``; unknown names raise ``ConsentError``."""
    try:
        return frozenset(DataKind(value) for value in values)
    except ValueError as err:
        raise ConsentError("unknown_data_kind") from err


def sorted_kinds(kinds: Iterable[DataKind]) -> list[str]:
    """Return kinds in the documented order, as plain strings (for storage and responses)."""
    chosen = set(kinds)
    return [str(kind) for kind in DATA_KINDS if kind in chosen]


def _new_event_id() -> str:
    return uuid.uuid4().hex


@dataclass(frozen=True, slots=True)
class ConsentEvent:
    """One change of consent: when, what happened, and the kinds it concerned."""

    event_id: str
    at: datetime
    action: ConsentAction
    kinds: frozenset[DataKind]

    def as_dict(self) -> dict[str, Any]:
        """Return the event as JSON-ready data."""
        return {
            "id": self.event_id,
            "at": self.at.isoformat(),
            "action": str(self.action),
            "kinds": sorted_kinds(self.kinds),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ConsentEvent:
        """Read an event written by :meth:`as_dict`."""
        return cls(
            event_id=str(data["id"]),
            at=datetime.fromisoformat(data["at"]),
            action=ConsentAction(data["action"]),
            kinds=parse_kinds(data["kinds"]),
        )


@dataclass(frozen=True, slots=True)
class ConsentRecord:
    """The client's consent for one contact.

    ``kinds`` are the kinds the client agreed to; they are kept while consent is
    withdrawn so that restoring brings back exactly the same kinds. ``given_at`` is when
    the current kinds were agreed on the consent screen.
    """

    kinds: frozenset[DataKind] = frozenset()
    given_at: datetime | None = None
    withdrawn_at: datetime | None = None
    history: tuple[ConsentEvent, ...] = ()

    @property
    def withdrawn(self) -> bool:
        """Whether the client has withdrawn this consent (restorable in one tap)."""
        return self.withdrawn_at is not None

    @property
    def active(self) -> bool:
        """Whether the contact may currently receive anything at all."""
        return not self.withdrawn and bool(self.kinds)

    @property
    def active_kinds(self) -> frozenset[DataKind]:
        """The kinds the contact may receive now (none while withdrawn)."""
        return self.kinds if self.active else frozenset()

    def covers(self, kinds: Iterable[DataKind]) -> bool:
        """Whether a message revealing ``kinds`` may be sent now.

        Consent must be active and include every kind; a message that names no kind
        still reveals that the client uses the hub, so it needs active consent too.
        """
        return self.active and frozenset(kinds) <= self.kinds

    def with_kinds(
        self, kinds: Iterable[DataKind], at: datetime, event_id: str | None = None
    ) -> ConsentRecord:
        """Record the kinds chosen on the consent screen at ``at``.

        Choosing kinds for the first time, or after a withdrawal, is *given*; choosing
        different kinds (or none) is *changed*; the same kinds again change nothing.
        """
        chosen = frozenset(kinds)
        if chosen == self.kinds and not self.withdrawn:
            return self
        action = ConsentAction.GIVEN if chosen and not self.active else ConsentAction.CHANGED
        event = ConsentEvent(event_id or _new_event_id(), at, action, chosen)
        return ConsentRecord(
            kinds=chosen,
            given_at=at if chosen else None,
            withdrawn_at=None,
            history=(*self.history, event),
        )

    def withdraw(self, at: datetime, event_id: str | None = None) -> ConsentRecord:
        """Withdraw consent in one step; nothing changes if there is nothing to withdraw."""
        if not self.active:
            return self
        event = ConsentEvent(event_id or _new_event_id(), at, ConsentAction.WITHDRAWN, self.kinds)
        return replace(self, withdrawn_at=at, history=(*self.history, event))

    def restore(self, at: datetime, event_id: str | None = None) -> ConsentRecord:
        """Restore a withdrawn consent with exactly the kinds it had.

        Restoring active consent changes nothing; when no kinds were ever agreed there is
        nothing to restore and the consent screen must be used (``nothing_to_restore``).
        """
        if not self.withdrawn:
            if self.kinds:
                return self
            raise ConsentError("nothing_to_restore")
        event = ConsentEvent(event_id or _new_event_id(), at, ConsentAction.RESTORED, self.kinds)
        return replace(self, withdrawn_at=None, history=(*self.history, event))

    @property
    def last_change(self) -> datetime | None:
        """When this record last changed (``None`` for no consent ever recorded)."""
        times = [event.at for event in self.history]
        times.extend(at for at in (self.given_at, self.withdrawn_at) if at is not None)
        return max(times, default=None)

    def newer_than(self, other: ConsentRecord) -> bool:
        """Whether this record holds a change ``other`` lacks, made no earlier than its last."""
        known = {event.event_id for event in other.history}
        if all(event.event_id in known for event in self.history):
            return False
        mine, theirs = self.last_change, other.last_change
        return mine is not None and (theirs is None or mine >= theirs)

    def pruned(self, cutoff: datetime) -> ConsentRecord:
        """Drop history events from ``cutoff`` or before (the record's fields stay)."""
        kept = tuple(event for event in self.history if event.at > cutoff)
        return self if len(kept) == len(self.history) else replace(self, history=kept)

    def as_dict(self) -> dict[str, Any]:
        """Return the record as JSON-ready data."""
        return {
            "kinds": sorted_kinds(self.kinds),
            "given_at": self.given_at.isoformat() if self.given_at else None,
            "withdrawn_at": self.withdrawn_at.isoformat() if self.withdrawn_at else None,
            "history": [event.as_dict() for event in self.history],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> ConsentRecord:
        """Read a record written by :meth:`as_dict`; ``None`` is no consent at all."""
        if not data:
            return cls()
        given_at = data.get("given_at")
        withdrawn_at = data.get("withdrawn_at")
        return cls(
            kinds=parse_kinds(data.get("kinds", ())),
            given_at=datetime.fromisoformat(given_at) if given_at else None,
            withdrawn_at=datetime.fromisoformat(withdrawn_at) if withdrawn_at else None,
            history=tuple(ConsentEvent.from_dict(item) for item in data.get("history", ())),
        )
