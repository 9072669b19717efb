"""What a loaded client home hub keeps in ``entry.runtime_data``, and its typed entry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.util import dt as dt_util

from ..const import (
    CONF_ALIAS,
    CONF_CHECK_IN_DEADLINE,
    CONF_LANGUAGE,
    CONF_LAST_VISIT,
    CONF_VISIT_INTERVAL_DAYS,
    DEFAULT_CHECK_IN_DEADLINE,
    DEFAULT_LANGUAGE,
    DEFAULT_VISIT_INTERVAL_DAYS,
)
from ..core.profile import HubProfile, parse_time_of_day
from .audit import AuditTrail
from .call import CallDesk
from .checkin import CheckInKeeper
from .contacts import ContactBook
from .delivery import ActionRouter
from .escalation import Escalator
from .messaging import Messenger
from .reminders.engine import ReminderEngine
from .safety import SafetyInfo

if TYPE_CHECKING:
    from collections.abc import Mapping

    from .link.hub_link import HubLink


@dataclass(slots=True)
class HubData:
    """Runtime state of one client home hub."""

    profile: HubProfile
    actions: ActionRouter
    audit: AuditTrail
    contacts: ContactBook
    messenger: Messenger
    checkin: CheckInKeeper
    reminders: ReminderEngine
    escalator: Escalator
    calls: CallDesk
    safety: SafetyInfo
    link: HubLink | None = None
    """The broker link (hub/link/), when the hub's options name a broker."""


type HubConfigEntry = ConfigEntry[HubData]
"""A client home hub's config entry, with its runtime data typed."""


def profile_from_entry(entry: ConfigEntry[Any]) -> HubProfile:
    """Build the client's profile from the entry's data (identity) and options (settings)."""
    return profile_from_mappings(entry.data, entry.options)


def profile_from_mappings(data: Mapping[str, Any], options: Mapping[str, Any]) -> HubProfile:
    """Build a profile from stored mappings, falling back to the documented defaults."""
    last_visit = options.get(CONF_LAST_VISIT)
    return HubProfile(
        alias=data[CONF_ALIAS],
        language=data.get(CONF_LANGUAGE, DEFAULT_LANGUAGE),
        check_in_deadline=parse_time_of_day(
            options.get(CONF_CHECK_IN_DEADLINE, DEFAULT_CHECK_IN_DEADLINE)
        ),
        visit_interval_days=int(options.get(CONF_VISIT_INTERVAL_DAYS, DEFAULT_VISIT_INTERVAL_DAYS)),
        last_visit=date.fromisoformat(last_visit) if last_visit else dt_util.now().date(),
    )
