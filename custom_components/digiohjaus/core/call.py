"""The "call my worker" request: idle → requested → acknowledged | escalated → idle.

Pure Python; the hub adapter (``hub/call.py``) persists :class:`CallState`, sends the
messages and sets one one-shot timer at :meth:`CallState.next_timer`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any, Final

# A second tap within this time sends nothing new.
REPEAT_GUARD: Final = timedelta(minutes=5)
# An acknowledged request shows on the tablet this long, then the button is idle again.
ACKNOWLEDGED_SHOWN: Final = timedelta(minutes=60)
# An unanswered (escalated) request keeps the crisis path in front this long.
ESCALATED_SHOWN: Final = timedelta(hours=12)


class CallStatus(StrEnum):
    """The call request's status sensor (``translation_key: call_status``)."""

    IDLE = "idle"
    REQUESTED = "requested"
    ACKNOWLEDGED = "acknowledged"
    ESCALATED = "escalated"


class CallOutcome(StrEnum):
    """What a tap on the call button should do."""

    SEND = "send"  # a new request: send to the worker(s)
    REMIND = "remind"  # still waiting, the last message was over 5 minutes ago: send again
    NOTHING = "nothing"  # tapped again within 5 minutes


@dataclass(slots=True)
class CallState:
    """Where the client's call request stands."""

    status: CallStatus = CallStatus.IDLE
    request_id: str | None = None
    requested_at: datetime | None = None
    last_sent_at: datetime | None = None
    answer_due: datetime | None = None
    changed_at: datetime | None = None

    def request(self, now: datetime, answer_minutes: int) -> CallOutcome:
        """The client taps "call my worker"."""
        now = now.astimezone(UTC)
        waiting = self.status in (CallStatus.REQUESTED, CallStatus.ESCALATED)
        if waiting and self.last_sent_at is not None:
            if now - self.last_sent_at < REPEAT_GUARD:
                return CallOutcome.NOTHING
            self.last_sent_at = now
            return CallOutcome.REMIND
        self.status = CallStatus.REQUESTED
        self.request_id = str(int(now.timestamp()))
        self.requested_at = self.last_sent_at = self.changed_at = now
        self.answer_due = now + timedelta(minutes=answer_minutes)
        return CallOutcome.SEND

    def acknowledge(self, now: datetime, request_id: str | None = None) -> bool:
        """Someone answered "I'll call you"; ``False`` if nothing (or another request) waits."""
        now = now.astimezone(UTC)
        if self.status not in (CallStatus.REQUESTED, CallStatus.ESCALATED):
            return False
        if request_id is not None and request_id != self.request_id:
            return False
        self.status = CallStatus.ACKNOWLEDGED
        self.answer_due = None
        self.changed_at = now
        return True

    def escalate(self, now: datetime) -> bool:
        """No answer (or no one to ask): put the crisis path in front; ``False`` if not waiting."""
        if self.status is not CallStatus.REQUESTED:
            return False
        self.status = CallStatus.ESCALATED
        self.answer_due = None
        self.changed_at = now.astimezone(UTC)
        return True

    def next_timer(self) -> datetime | None:
        """The instant something changes by itself, for the one-shot timer."""
        if self.status is CallStatus.REQUESTED:
            return self.answer_due
        if self.changed_at is None:
            return None
        if self.status is CallStatus.ACKNOWLEDGED:
            return self.changed_at + ACKNOWLEDGED_SHOWN
        if self.status is CallStatus.ESCALATED:
            return self.changed_at + ESCALATED_SHOWN
        return None

    def on_timer(self, now: datetime) -> CallStatus | None:
        """Move on when the timer is due; return the new status, or ``None`` if nothing changed."""
        now = now.astimezone(UTC)
        due = self.next_timer()
        if due is None or due > now:
            return None
        if self.escalate(now):
            return self.status
        self.status = CallStatus.IDLE
        self.request_id = self.requested_at = self.last_sent_at = None
        self.changed_at = now
        return self.status

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping for the store."""
        return {
            "status": self.status.value,
            "request_id": self.request_id,
            **{
                name: value.isoformat() if value else None
                for name, value in (
                    ("requested_at", self.requested_at),
                    ("last_sent_at", self.last_sent_at),
                    ("answer_due", self.answer_due),
                    ("changed_at", self.changed_at),
                )
            },
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CallState:
        """Rebuild the state from the store."""

        def instant(name: str) -> datetime | None:
            value = data.get(name)
            return datetime.fromisoformat(value).astimezone(UTC) if value else None

        return cls(
            status=CallStatus(data.get("status", CallStatus.IDLE)),
            request_id=data.get("request_id"),
            requested_at=instant("requested_at"),
            last_sent_at=instant("last_sent_at"),
            answer_due=instant("answer_due"),
            changed_at=instant("changed_at"),
        )
