"""Fire the hub's events on the worker's own Home Assistant (``digiohjaus_call`` …).

The worker's automations then reach the worker's own phone. ``config_entry_id`` is the
follow entry's id, so one automation can tell clients apart. Each body is checked as
strictly as a snapshot: anything unexpected fires nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
import re
from typing import Any, Final

from homeassistant.core import HomeAssistant

from ...const import EVENT_CALL, EVENT_CHECK_IN, EVENT_ESCALATION
from ...core.escalation import MAX_STEPS, Reason
from ...core.share import CALL_STATUSES

_DAY: Final = re.compile(r"\d{4}-\d{2}-\d{2}")
_MOMENT: Final = re.compile(r"[0-9T:+\-.Z ]{10,40}")

type EventData = tuple[str, dict[str, Any]]


def _call(body: Mapping[str, Any]) -> EventData | None:
    requested_at = body.get("requested_at")
    if body.get("status") not in CALL_STATUSES:
        return None
    if requested_at is not None and not (
        isinstance(requested_at, str) and _MOMENT.fullmatch(requested_at)
    ):
        return None
    return EVENT_CALL, {"status": body["status"], "requested_at": requested_at}


def _escalation(body: Mapping[str, Any]) -> EventData | None:
    step = body.get("step")
    if body.get("reason") not in {reason.value for reason in Reason}:
        return None
    if isinstance(step, bool) or not isinstance(step, int) or not 1 <= step <= MAX_STEPS:
        return None
    return EVENT_ESCALATION, {"reason": body["reason"], "step": step}


def _check_in_missed(body: Mapping[str, Any]) -> EventData | None:
    day = body.get("day")
    if not isinstance(day, str) or not _DAY.fullmatch(day):
        return None
    return EVENT_CHECK_IN, {"status": "missed", "mood": None, "day": day}


_READERS: Final[dict[str, Callable[[Mapping[str, Any]], EventData | None]]] = {
    "call": _call,
    "escalation": _escalation,
    "check_in_missed": _check_in_missed,
}


def fire_link_event(hass: HomeAssistant, entry_id: str, body: Mapping[str, Any]) -> bool:
    """Fire the event a hub's sealed event stands for; ``False`` if it is not one we know."""
    reader = _READERS.get(str(body.get("kind")))
    found = reader(body) if reader is not None else None
    if found is None:
        return False
    event_type, data = found
    hass.bus.async_fire(event_type, {"config_entry_id": entry_id, **data})
    return True
