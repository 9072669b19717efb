"""What a kind of reminder is, so the engine stays the same for every kind.

A :class:`ReminderKind` tells the engine how to read a subentry of its type and how
to talk about it; everything else (timers, storage, events, entities, actions,
notifications, calendar, logbook) is generic. To add a kind (rent, bill, meal …):

1. write ``hub/reminders/<kind>.py`` with a ``KIND = ReminderKind(...)`` and its
   subentry flow (subclass :class:`~.flow.ReminderSubentryFlow`);
2. add ``KIND`` to the table in ``hub/reminders/registry.py``;
3. add the texts below to ``translations/{en,fi,sv}.json`` and an icon for its
   "done" button in ``icons.json``.

Texts a kind needs (``<kind>`` is its subentry type):

- ``config_subentries.<kind>`` — the subentry flow (``initiate_flow.user`` is the
  "Lisää …" button);
- ``entity.button.<kind>_done.name`` — the confirm button ("Otettu", "Maksettu");
- ``common.<kind>_title`` / ``_due`` / ``_again`` / ``_lead`` / ``_done_button`` — the
  notification to the client; placeholders ``{name}``, ``{time}`` (local ``HH:MM``),
  ``{date}`` and whatever :attr:`ReminderKind.placeholders` returns (formatted for
  the hub's language, e.g. an amount in euros). A kind whose sentences depend on what
  was entered (an amount or not, a place or a video link) returns a
  :attr:`ReminderKind.variant` such as ``"_amount"``: the texts are then
  ``<kind>_due_amount`` and so on (also for the calendar);
- ``common.<kind>_model`` — the device's model on its device page ("Lääkemuistutus");
- ``common.<kind>_calendar`` — the calendar event's description (same placeholders);
- ``common.<kind>_logbook_<status>`` for ``due``, ``snoozed``, ``done``, ``missed``.

A kind whose notification needs more than its texts (an appointment's pre-meeting
checklist, a join link as a button) gives :attr:`ReminderKind.compose`: it receives the
standard notification, the subentry's data, the notice and a lookup of ``common`` texts
in the hub's language, and returns the notification to send.

A kind without a subentry flow (``flow=None``) belongs to the hub itself (the home
visit): the hub adds it with :meth:`~.engine.ReminderEngine.async_add_hub_reminder`
and gives it its own entities; the engine only times it, stores it and fires its events.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from homeassistant.config_entries import ConfigSubentryFlow

from ...core.occurrence import Notice, Timing
from ...core.schedule import Schedule
from ..delivery import NotificationAction

type TextLookup = Callable[[str], str]
"""A ``common`` text by key, in the hub's language, with the reminder's placeholders."""


@dataclass(frozen=True, slots=True)
class Composed:
    """A reminder notification ready to send; a kind may adjust it before it goes."""

    title: str
    message: str
    actions: tuple[NotificationAction, ...] = ()


def as_is(
    composed: Composed, data: Mapping[str, Any], notice: Notice, text: TextLookup
) -> Composed:
    """Send the standard notification unchanged."""
    return composed


def no_placeholders(data: Mapping[str, Any], language: str) -> dict[str, str]:
    """A kind whose texts need only the reminder's name and time."""
    return {}


def no_variant(data: Mapping[str, Any]) -> str:
    """A kind whose sentences are the same whatever was entered."""
    return ""


@dataclass(frozen=True, kw_only=True)
class ReminderKind:
    """One kind of reminder: how to read its subentry and how to talk about it."""

    kind: str  # the subentry type, and the ``kind`` of its events
    emoji: str
    flow: type[ConfigSubentryFlow] | None  # None: the hub's own reminder, not a subentry
    schedule: Callable[[Mapping[str, Any]], Schedule]
    timing: Callable[[Mapping[str, Any]], Timing]
    # Values for the texts, given the subentry's data and the hub's language.
    placeholders: Callable[[Mapping[str, Any], str], dict[str, str]] = no_placeholders
    variant: Callable[[Mapping[str, Any]], str] = no_variant
    adherence: bool = False  # adds 7 and 30 day adherence sensors
    snooze: bool = True  # adds the "remind me later" button and notification action
    done_on_lead: bool = False  # the lead reminder has the "done" button too (pay early)
    notify_client: bool = True  # False: only events (the home visit is the worker's matter)
    all_day: bool = False  # shown in the calendar as a whole day (rent and bills)
    calendar_duration: timedelta = timedelta(minutes=15)
    compose: Callable[[Composed, Mapping[str, Any], Notice, TextLookup], Composed] = as_is

    @property
    def is_subentry(self) -> bool:
        """Whether reminders of this kind are subentries with their own device."""
        return self.flow is not None
