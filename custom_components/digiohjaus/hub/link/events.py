"""Which of the hub's own events go to paired workers, and what they reveal.

Each event names the data kind a worker's consent must cover for it to be sent:
- ``digiohjaus_call`` → ``call`` {status, requested_at}, kind ``calls``;
- ``digiohjaus_escalation`` for a step the ladder sends to workers → ``escalation``
  {reason, step}, the kind of its cause (a missed dose: ``medication``, a missed check-in:
  ``check_in``, an unanswered call: ``calls``);
- ``digiohjaus_check_in`` with status ``missed`` → ``check_in_missed`` {day}, ``check_in``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from homeassistant.core import Event
from homeassistant.util import dt as dt_util

from ...const import EVENT_CALL, EVENT_CHECK_IN, EVENT_ESCALATION
from ...core.consent import DataKind
from ...core.contact import ContactRole
from ...core.escalation import Reason
from ..runtime import HubData

LINK_EVENTS: Final = (EVENT_CALL, EVENT_ESCALATION, EVENT_CHECK_IN)
REASON_KINDS: Final[Mapping[str, DataKind]] = {
    Reason.MISSED_DOSE: DataKind.MEDICATION,
    Reason.MISSED_CHECK_IN: DataKind.CHECK_IN,
    Reason.UNANSWERED_CALL: DataKind.CALLS,
}


@dataclass(frozen=True, slots=True)
class LinkEvent:
    """An event body for workers, and the kind it reveals."""

    kind: str
    body: Mapping[str, Any]
    reveals: DataKind


def link_event(event: Event, data: HubData) -> LinkEvent | None:
    """Return what a hub event tells workers, or ``None`` if it is not for them."""
    if event.event_type == EVENT_CALL:
        state = data.calls.state
        at = state.requested_at
        return LinkEvent(
            "call",
            {
                "status": str(event.data.get("status")),
                "requested_at": at.isoformat() if at else None,
            },
            DataKind.CALLS,
        )
    if event.event_type == EVENT_ESCALATION:
        return _escalation(event.data, data)
    if event.data.get("status") == "missed":
        day = event.data.get("day")
        if not isinstance(day, str):
            day = dt_util.now().date().isoformat()
        return LinkEvent("check_in_missed", {"day": day}, DataKind.CHECK_IN)
    return None


def _escalation(values: Mapping[str, Any], data: HubData) -> LinkEvent | None:
    reason, step = values.get("reason"), values.get("step")
    steps = data.escalator.ladder.steps
    if reason not in REASON_KINDS or not isinstance(step, int) or not 1 <= step <= len(steps):
        return None
    if ContactRole.WORKER.value not in steps[step - 1].roles:
        return None
    return LinkEvent("escalation", {"reason": reason, "step": step}, REASON_KINDS[str(reason)])
