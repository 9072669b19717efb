"""Medication reminder on the tablet: speak, wake the screen, repeat until taken (at most N)."""

from __future__ import annotations

from datetime import timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import (
    async_fire_time_changed,
    async_mock_service,
)

from .conftest import add_reminder_sensor, fire_reminder, settle, use_blueprint

BLUEPRINT = "medication_reminder_tablet.yaml"
INPUTS = {
    "reminder": "sensor.aamulaake_tila",
    "tts_service": "tts.puhe",
    "media_player": "media_player.keittion_tabletti",
    "screen": "switch.keittion_tabletti_naytto",
    "repeat_minutes": 10,
    "max_times": 3,
}


@pytest.fixture
async def spoken(hass: HomeAssistant) -> list:
    """What the tablet said (tts.speak calls)."""
    add_reminder_sensor(hass, "sensor.aamulaake_tila", "med-morning", "medication")
    return async_mock_service(hass, "tts", "speak")


@pytest.fixture
def woken(hass: HomeAssistant) -> list:
    """Screen wake-ups (homeassistant.turn_on calls)."""
    return async_mock_service(hass, "homeassistant", "turn_on")


async def _minutes_pass(hass: HomeAssistant, freezer: FrozenDateTimeFactory, minutes: int) -> None:
    freezer.tick(timedelta(minutes=minutes))
    async_fire_time_changed(hass)
    await settle(hass)


async def test_due_medicine_is_spoken_on_the_tablet_and_wakes_the_screen(
    hass: HomeAssistant, spoken: list, woken: list
) -> None:
    await use_blueprint(hass, BLUEPRINT, INPUTS)

    fire_reminder(hass, "med-morning", "medication", "Aamulääke", "due")
    await settle(hass)

    assert len(spoken) == 1
    assert spoken[0].data["entity_id"] == ["tts.puhe"]
    assert spoken[0].data["media_player_entity_id"] == "media_player.keittion_tabletti"
    assert spoken[0].data["message"] == (
        "Lääkkeen aika: Aamulääke. Kun olet ottanut lääkkeen, napauta tabletilta Otettu."
    )
    assert [call.data["entity_id"] for call in woken] == [["switch.keittion_tabletti_naytto"]]


async def test_reminder_repeats_until_the_dose_is_taken(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, spoken: list, woken: list
) -> None:
    await use_blueprint(hass, BLUEPRINT, INPUTS)
    fire_reminder(hass, "med-morning", "medication", "Aamulääke", "due")
    await settle(hass)

    await _minutes_pass(hass, freezer, 10)
    assert len(spoken) == 2

    fire_reminder(hass, "med-morning", "medication", "Aamulääke", "done")
    await settle(hass)
    await _minutes_pass(hass, freezer, 30)
    assert len(spoken) == 2
    assert len(woken) == 2


async def test_reminder_stops_after_the_chosen_number_of_times(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, spoken: list, woken: list
) -> None:
    await use_blueprint(hass, BLUEPRINT, INPUTS)
    fire_reminder(hass, "med-morning", "medication", "Aamulääke", "due")
    await settle(hass)

    for _ in range(5):
        await _minutes_pass(hass, freezer, 10)

    assert len(spoken) == 3


async def test_other_medicines_and_other_kinds_are_left_alone(
    hass: HomeAssistant, spoken: list, woken: list
) -> None:
    await use_blueprint(hass, BLUEPRINT, INPUTS)

    fire_reminder(hass, "med-evening", "medication", "Iltalääke", "due")
    fire_reminder(hass, "med-morning", "medication", "Aamulääke", "snoozed")
    fire_reminder(hass, "meal-lunch", "meal", "Lounas", "due")
    await settle(hass)

    assert spoken == []


async def test_every_medicine_without_a_chosen_one_and_no_screen(
    hass: HomeAssistant, spoken: list, woken: list
) -> None:
    inputs = {key: value for key, value in INPUTS.items() if key not in ("reminder", "screen")}
    await use_blueprint(hass, BLUEPRINT, inputs)

    fire_reminder(hass, "med-evening", "medication", "Iltalääke", "due")
    await settle(hass)

    assert [call.data["message"] for call in spoken] == [
        "Lääkkeen aika: Iltalääke. Kun olet ottanut lääkkeen, napauta tabletilta Otettu."
    ]
    assert woken == []
