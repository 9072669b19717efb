"""Home visits: the face-to-face visit due every so many days, on the reminder engine.

The seed: the worker meets the client at home at least every six months (cleanliness,
hygiene, food, electricity). The next visit is due on the last visit's date plus the
agreed interval. It is the hub's own reminder (kind ``home_visit``, not a subentry):

- it falls due at the start of that day (a ``digiohjaus_reminder`` event, ``due``) and
  is overdue from the start of the next (``missed``; the problem sensor turns on);
- the worker presses "Kotikäynti tehty" on a visit: the visit is recorded as the last
  one (kept in the hub's options, so it survives restarts), the current occurrence is
  ``done`` and the next visit is counted from today.

The client gets no message about it: arranging the visit is the worker's matter, and the
events are there for the worker's automations.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from homeassistant.exceptions import ServiceValidationError
from homeassistant.util import dt as dt_util

from ..const import CONF_LAST_VISIT, DOMAIN
from ..core.profile import HubProfile
from ..core.reminder_spec import ReminderSpec
from .reminders.engine import Reminder
from .reminders.home_visit import CONF_DUE, HOME_VISIT, KIND
from .reminders.texts import hub_text

if TYPE_CHECKING:
    from .runtime import HubData


def home_visit_reminder(profile: HubProfile, name: str) -> Reminder:
    """The hub's home-visit reminder for what the profile says."""
    data = {CONF_DUE: profile.next_visit_due.isoformat()}
    spec = ReminderSpec(
        reminder_id=HOME_VISIT,
        kind=HOME_VISIT,
        name=name,
        schedule=KIND.schedule(data),
        timing=KIND.timing(data),
    )
    return Reminder(spec=spec, kind=KIND, data=data)


def async_start_home_visits(data: HubData) -> None:
    """Give the hub's engine the home-visit reminder (after the engine has started)."""
    engine = data.reminders
    name = hub_text(engine.entry, "home_visit_name") or HOME_VISIT
    since = dt_util.as_utc(dt_util.start_of_local_day(data.profile.last_visit))
    engine.async_add_hub_reminder(home_visit_reminder(data.profile, name), since)


async def async_home_visit_done(data: HubData) -> None:
    """The worker made a home visit today: record it and count the next one from today."""
    engine = data.reminders
    today = dt_util.now().date()
    if data.profile.last_visit >= today:
        raise ServiceValidationError(
            translation_domain=DOMAIN, translation_key="home_visit_already_marked"
        )
    entry = engine.entry
    data.profile = replace(data.profile, last_visit=today)
    engine.hass.config_entries.async_update_entry(
        entry, options={**entry.options, CONF_LAST_VISIT: today.isoformat()}
    )
    current = engine.reminders[HOME_VISIT]
    await engine.async_reschedule(home_visit_reminder(data.profile, current.spec.name))


def visit_overdue(data: HubData) -> bool:
    """Whether the next home visit is late today."""
    return data.profile.visit_overdue(dt_util.now().date())
