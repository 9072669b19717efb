"""Start the hub's care features together, in the order their events need.

The ladder listens before anything can announce a missed check-in, and the call desk can
hand an unanswered request to the ladder; :func:`async_start_care` wires them and registers
their stop functions on the entry.
"""

from __future__ import annotations

from dataclasses import dataclass

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers.storage import Store

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
    escalator = Escalator(
        hass,
        entry.entry_id,
        alias=profile.alias,
        ladder=ladder_from_mapping(entry.options.get(CONF_ESCALATION)),
        messenger=messenger,
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
    safety = await async_safety_info(hass, profile.language, dict(entry.options))
    return Care(checkin=checkin, escalator=escalator, calls=calls, safety=safety)


async def async_remove_care(hass: HomeAssistant, entry_id: str) -> None:
    """Delete the stored check-ins, escalation runs and call request of a removed hub."""
    for key in (
        checkin_store_key(entry_id),
        escalation_store_key(entry_id),
        call_store_key(entry_id),
    ):
        await Store[dict[str, object]](hass, STORAGE_VERSION, key).async_remove()
