"""What the reminder engine works on: the reminders the worker set up, and what they show."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
import logging
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.util import dt as dt_util

from ...const import DOMAIN
from ...core.occurrence import Occurrence, Status, Step
from ...core.reminder_spec import ReminderSpec
from ...core.schedule import ScheduleError
from ...core.today import TodayLine
from .kind import ReminderKind
from .registry import KINDS

_LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Reminder:
    """A reminder the worker set up: its spec, kind and the subentry's data."""

    spec: ReminderSpec
    kind: ReminderKind
    data: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class ReminderView:
    """What the entities of one reminder show."""

    status: Status | None
    next_due: datetime | None
    adherence: tuple[float | None, ...]  # one per ``ADHERENCE_WINDOWS``
    today: TodayLine  # the kitchen tablet's line


@dataclass(frozen=True, slots=True)
class Upcoming:
    """One occurrence for the calendar, known or projected from the schedule."""

    reminder: Reminder
    occurrence: Occurrence


def reminders_from_entry(entry: ConfigEntry[Any]) -> dict[str, Reminder]:
    """Read every reminder subentry of a known kind; skip (and log) unreadable ones."""
    found: dict[str, Reminder] = {}
    for subentry in entry.subentries.values():
        kind = KINDS.get(subentry.subentry_type)
        if kind is None:
            continue
        try:
            spec = ReminderSpec(
                reminder_id=subentry.subentry_id,
                kind=kind.kind,
                name=subentry.title,
                schedule=kind.schedule(subentry.data),
                timing=kind.timing(subentry.data),
            )
        except ScheduleError, KeyError, ValueError:
            _LOGGER.warning("Skipping a %s reminder whose stored schedule is invalid", kind.kind)
            continue
        found[subentry.subentry_id] = Reminder(spec=spec, kind=kind, data=subentry.data)
    return found


def event_data(entry: ConfigEntry[Any], reminder: Reminder, step: Step) -> dict[str, Any]:
    """The data of the ``digiohjaus_reminder`` event of one step (it has a new status)."""
    assert step.status is not None  # noqa: S101
    return {
        "config_entry_id": entry.entry_id,
        "reminder_id": reminder.spec.reminder_id,
        "kind": reminder.spec.kind,
        "name": reminder.spec.name,
        "status": step.status.value,
        "due_at": dt_util.as_local(step.occurrence.due_at).isoformat(),
    }


def register_devices(
    hass: HomeAssistant,
    entry: ConfigEntry[Any],
    reminders: Mapping[str, Reminder],
    text: Callable[[str], str],
) -> dict[str, dr.DeviceEntry]:
    """Give every reminder subentry its device, under the hub's, its model in the hub's language.

    Return the devices by reminder: its entities attach to it without looking it up again.
    """
    registry = dr.async_get(hass)
    hub = registry.async_get_device_by_identifier((DOMAIN, entry.entry_id), entry.entry_id)
    return {
        rid: registry.async_get_or_create(
            config_entry_id=entry.entry_id,
            config_subentry_id=rid,
            identifiers={(DOMAIN, rid)},
            name=reminder.spec.name,
            manufacturer="Digiohjaus",
            model=text(f"{reminder.kind.kind}_model"),
            entry_type=dr.DeviceEntryType.SERVICE,
            via_device_id=hub.id if hub else None,
        )
        for rid, reminder in reminders.items()
    }
