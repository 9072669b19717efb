"""Appointment reminders ("Tapaaminen"): when, where or the video link, reminders before.

A video meeting's reminders carry the seed's client tips (a charged device, no apps in
the background, a spot without backlight, alone or not, a phone call if the video fails)
and the join link as a button that opens it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any, Final

from homeassistant.helpers.selector import (
    DateSelector,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)
from homeassistant.util import dt as dt_util
import probatio as vol

from ...const import CONF_NAME
from ...core.appointment import (
    DEFAULT_LEADS,
    LEAD_CHOICES,
    lead_times,
    parse_leads,
    parse_when,
    validate_link,
    validate_place,
)
from ...core.occurrence import Notice, Timing
from ...core.reminder_spec import validate_text
from ...core.schedule import Once
from ...selectors import ClockTimeSelector
from ..delivery import NotificationAction
from .flow import FormInput, ReminderSubentryFlow
from .kind import Composed, ReminderKind, TextLookup

SUBENTRY_APPOINTMENT: Final = "appointment"
CONF_WHEN: Final = "when"  # stored: local "YYYY-MM-DD HH:MM:SS"
CONF_DATE: Final = "date"  # the form: a date picker and a time picker without seconds
CONF_TIME: Final = "time"
CONF_PLACE: Final = "place"
CONF_LINK: Final = "link"
CONF_LEADS: Final = "leads"

# "Osallistuin" counts from an hour before; not confirmed two hours after the start: missed.
EARLY: Final = timedelta(hours=1)
GRACE: Final = timedelta(hours=2)

FIELDS: Final = {
    "name_empty": CONF_NAME,
    "name_too_long": CONF_NAME,
    "when_invalid": CONF_DATE,
    "when_in_past": CONF_DATE,
    "place_too_long": CONF_PLACE,
    "link_invalid": CONF_LINK,
    "lead_invalid": CONF_LEADS,
}


def clean_appointment(user_input: Mapping[str, Any], now: datetime) -> tuple[str, FormInput]:
    """Check what the worker entered (``now`` is local and naive); return title and data."""
    name = validate_text(user_input.get(CONF_NAME, ""), "name")
    when = parse_when(f"{user_input.get(CONF_DATE, '')} {user_input.get(CONF_TIME, '')}", now)
    place = validate_place(user_input.get(CONF_PLACE))
    link = validate_link(user_input.get(CONF_LINK))
    leads = parse_leads(user_input.get(CONF_LEADS) or [])
    data: FormInput = {
        CONF_NAME: name,
        CONF_WHEN: when.isoformat(sep=" "),  # the date-time selector's own format
        CONF_LEADS: [str(minutes) for minutes in leads],
    }
    if place:
        data[CONF_PLACE] = place
    if link:
        data[CONF_LINK] = link
    return name, data


def appointment_schedule(data: Mapping[str, Any]) -> Once:
    """Once, at the appointment's local time."""
    return Once(datetime.fromisoformat(data[CONF_WHEN]))


def appointment_timing(data: Mapping[str, Any]) -> Timing:
    """The chosen reminders before; no "remind me later" at the start."""
    return Timing(
        grace=GRACE,
        snooze=timedelta(0),
        early=EARLY,
        leads=lead_times(int(minutes) for minutes in data.get(CONF_LEADS, DEFAULT_LEADS)),
    )


def appointment_placeholders(data: Mapping[str, Any], language: str) -> dict[str, str]:
    """Where the appointment is, and its link."""
    return {"place": str(data.get(CONF_PLACE, "")), "link": str(data.get(CONF_LINK, ""))}


def appointment_variant(data: Mapping[str, Any]) -> str:
    """A video meeting, a place, or neither (e.g. a phone call)."""
    if data.get(CONF_LINK):
        return "_video"
    return "_place" if data.get(CONF_PLACE) else ""


def compose_video_meeting(
    composed: Composed, data: Mapping[str, Any], notice: Notice, text: TextLookup
) -> Composed:
    """A video meeting: the checklist before it, and its link to tap (and to read).

    The link is also written into the message for devices that show no buttons (the
    kitchen tablet's notify entity).
    """
    link = data.get(CONF_LINK)
    if not link:
        return composed
    lines = [composed.message]
    if notice is Notice.LEAD:
        lines.append(text("appointment_video_checklist"))
    lines.append(str(link))
    join = NotificationAction("open_link", text("appointment_open_link"), uri=str(link))
    return replace(composed, message="\n".join(lines), actions=(*composed.actions, join))


def leads_selector() -> SelectSelector:
    """The reminders before, from a week to 15 minutes."""
    return SelectSelector(
        SelectSelectorConfig(
            options=[str(minutes) for minutes in LEAD_CHOICES],
            multiple=True,
            translation_key="appointment_lead",
            mode=SelectSelectorMode.LIST,
            sort=False,
        )
    )


class AppointmentSubentryFlow(ReminderSubentryFlow):
    """Add an appointment ("Lisää tapaaminen") or change it."""

    def form(self) -> vol.Schema:
        """Title, date and time, place, video link and reminders before."""
        return vol.Schema(
            {
                vol.Required(CONF_NAME): TextSelector(),
                vol.Required(CONF_DATE): DateSelector(),
                vol.Required(CONF_TIME): ClockTimeSelector(),
                vol.Optional(CONF_PLACE): TextSelector(),
                vol.Optional(CONF_LINK): TextSelector(
                    TextSelectorConfig(type=TextSelectorType.URL)
                ),
                vol.Optional(CONF_LEADS): leads_selector(),
            }
        )

    def defaults(self) -> FormInput:
        """Tomorrow at the next full hour; reminders a day and half an hour before."""
        start = (dt_util.now() + timedelta(days=1, hours=1)).replace(
            minute=0, second=0, microsecond=0
        )
        return {
            CONF_DATE: start.date().isoformat(),
            CONF_TIME: start.strftime("%H:%M"),
            CONF_LEADS: [str(minutes) for minutes in DEFAULT_LEADS],
        }

    def form_values(self, data: Mapping[str, Any]) -> FormInput:
        """The stored date and time, each in its own picker."""
        when = datetime.fromisoformat(data[CONF_WHEN])
        values = {key: value for key, value in data.items() if key != CONF_WHEN}
        return {**values, CONF_DATE: when.date().isoformat(), CONF_TIME: when.strftime("%H:%M")}

    def clean(self, user_input: FormInput) -> tuple[str, FormInput]:
        """Validate with the appointment rules; it must be ahead of now."""
        return clean_appointment(user_input, dt_util.now().replace(tzinfo=None))

    def field_of_error(self, key: str) -> str:
        """Each error belongs to its field."""
        return FIELDS.get(key, "base")


KIND: Final = ReminderKind(
    kind=SUBENTRY_APPOINTMENT,
    emoji="📅",
    flow=AppointmentSubentryFlow,
    schedule=appointment_schedule,
    timing=appointment_timing,
    placeholders=appointment_placeholders,
    variant=appointment_variant,
    compose=compose_video_meeting,
    snooze=False,
    calendar_duration=timedelta(hours=1),
)
