"""Small helpers for the follower tests."""

from __future__ import annotations

from datetime import timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import async_fire_time_changed

PREFIX = "client_maija"
MOOD = f"sensor.{PREFIX}_wellbeing"
LAST_CHECK_IN = f"sensor.{PREFIX}_last_check_in"
MISSED_CHECK_INS = f"sensor.{PREFIX}_missed_check_ins_7_days"
CALL = f"sensor.{PREFIX}_call_request"
ADHERENCE = f"sensor.{PREFIX}_medication_taken_7_days"
TAKEN_TODAY = f"sensor.{PREFIX}_doses_taken_today"
MISSED_TODAY = f"sensor.{PREFIX}_doses_missed_today"
REMINDERS_DUE = f"sensor.{PREFIX}_reminders_due"
REMINDERS_MISSED = f"sensor.{PREFIX}_missed_reminders"
LAST_INTERACTION = f"sensor.{PREFIX}_last_used_the_hub"
CHECKED_IN_TODAY = f"binary_sensor.{PREFIX}_checked_in_today"
NO_CONTACT = f"binary_sensor.{PREFIX}_no_contact_for_3_days"

DATA_ENTITIES = (
    MOOD,
    LAST_CHECK_IN,
    MISSED_CHECK_INS,
    CALL,
    ADHERENCE,
    TAKEN_TODAY,
    MISSED_TODAY,
    REMINDERS_DUE,
    REMINDERS_MISSED,
    LAST_INTERACTION,
    CHECKED_IN_TODAY,
    NO_CONTACT,
)


async def poll(hass: HomeAssistant, freezer: FrozenDateTimeFactory, minutes: float = 5) -> None:
    """Let the poll interval pass and wait for the follower's request to finish."""
    freezer.tick(timedelta(minutes=minutes))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)


def state(hass: HomeAssistant, entity_id: str) -> str:
    """Return an entity's state, failing the test if it does not exist."""
    current = hass.states.get(entity_id)
    assert current is not None, entity_id
    return current.state
