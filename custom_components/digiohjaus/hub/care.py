"""Start the hub's care features together, in the order their events need.

The ladder listens before anything can announce a missed check-in, and the call desk can
hand an unanswered request to the ladder; :func:`async_start_care` wires them and registers
their stop functions on the entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers.storage import Store

from ..const import CONF_CLIENT_NOTIFY
from ..core.escalation import ladder_from_mapping
from ..core.profile import HubProfile
from .call import CallDesk, call_store_key
from .checkin import STORAGE_VERSION, CheckInKeeper, checkin_store_key
from .delivery import ActionRouter
from .escalation import Escalator, escalation_store_key
from .messaging import Messenger
from .safety import SafetyInfo, async_safety_info

CONF_ESCALATION = "escalation"


@dataclass(frozen=True, slots=True)
class Care:
    """The check-in, the ladder, the call desk and the crisis path of one hub."""

    checkin: CheckInKeeper
    escalator: Escalator
    calls: CallDesk
    safety: SafetyInfo


async def async_start_care(
    hass: HomeAssistant,
    entry: ConfigEntry,
    profile: HubProfile,
    actions: ActionRouter,
    messenger: Messenger,
) -> Care:
    """Load and start the care features of the hub ``entry``."""
    safety = await async_safety_info(hass, profile.language, dict(entry.options))
    escalator = Escalator(
        hass,
        entry.entry_id,
        alias=profile.alias,
        language=profile.language,
        ladder=ladder_from_mapping(entry.options.get(CONF_ESCALATION)),
        messenger=messenger,
        client_targets=entry.options.get(CONF_CLIENT_NOTIFY, []),
        crisis=safety.crisis,
    )
    await escalator.async_start()
    entry.async_on_unload(escalator.async_stop)
    calls = CallDesk(
        hass, entry.entry_id, alias=profile.alias, messenger=messenger, escalator=escalator
    )
    await calls.async_start(actions)
    entry.async_on_unload(calls.async_stop)
    checkin = CheckInKeeper(hass, entry.entry_id, profile.check_in_deadline)
    await checkin.async_start()
    entry.async_on_unload(checkin.async_stop)
    return Care(checkin=checkin, escalator=escalator, calls=calls, safety=safety)


async def async_remove_care(hass: HomeAssistant, entry_id: str) -> None:
    """Delete the stored check-ins, escalation runs and call request of a removed hub."""
    for key in (
        checkin_store_key(entry_id),
        escalation_store_key(entry_id),
        call_store_key(entry_id),
    ):
        await Store[dict[str, object]](hass, STORAGE_VERSION, key).async_remove()


def care_diagnostics(entry: ConfigEntry) -> dict[str, object]:
    """Counts and states of check-ins, the ladder and the call request: never notes or names."""
    data = entry.runtime_data
    state = data.checkin.state
    today = data.checkin.today
    return {
        "check_in_days_recorded": len(state.days),
        "checked_in_today": data.checkin.today_check_in is not None,
        "missed_days_last_7": state.missed_days(today - timedelta(days=6), today),
        "open_escalations": sorted(run.reason.value for run in data.escalator.book.runs.values()),
        "ladder_steps": [step.as_dict() for step in data.escalator.ladder.steps],
        "call_status": data.calls.status.value,
        "safety_plan_sections_filled": data.safety.plan.filled,
    }
