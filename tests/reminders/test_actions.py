"""The actions digiohjaus.mark_done and digiohjaus.snooze: targets, minutes, errors."""

from __future__ import annotations

from typing import Any

from homeassistant.core import Event, HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import device_registry as dr
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.digiohjaus.const import DOMAIN

from .conftest import AddReminder, MoveTo, helsinki, statuses


async def call(hass: HomeAssistant, action: str, data: dict[str, Any]) -> None:
    await hass.services.async_call(DOMAIN, action, data, blocking=True)


async def test_mark_done_by_entity(
    hass: HomeAssistant, add_reminder: AddReminder, move_to: MoveTo, events: list[Event]
) -> None:
    await add_reminder()
    await move_to(helsinki(2027, 1, 15, 8, 0))
    await call(hass, "mark_done", {"entity_id": "sensor.burana_status"})
    assert statuses(events) == [("due", "08:00"), ("done", "08:00")]


async def test_mark_done_by_device_covers_all_its_entities_once(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    add_reminder: AddReminder,
    move_to: MoveTo,
    events: list[Event],
) -> None:
    reminder_id = await add_reminder()
    await move_to(helsinki(2027, 1, 15, 8, 0))
    device = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, reminder_id), loaded_hub.entry_id
    )
    assert device is not None
    await call(hass, "mark_done", {"device_id": device.id})
    assert statuses(events) == [("due", "08:00"), ("done", "08:00")]


async def test_snooze_with_minutes(
    hass: HomeAssistant, add_reminder: AddReminder, move_to: MoveTo, events: list[Event]
) -> None:
    await add_reminder()
    await move_to(helsinki(2027, 1, 15, 8, 0))
    await call(hass, "snooze", {"entity_id": "button.burana_taken", "minutes": 30})
    await move_to(helsinki(2027, 1, 15, 8, 29))
    assert statuses(events) == [("due", "08:00"), ("snoozed", "08:00")]
    await move_to(helsinki(2027, 1, 15, 8, 30))
    assert statuses(events)[-1] == ("due", "08:00")


@pytest.mark.parametrize(
    ("action", "data", "key"),
    [
        (
            "snooze",
            {"entity_id": "sensor.burana_status", "minutes": 0},
            "snooze_minutes_out_of_range",
        ),
        (
            "snooze",
            {"entity_id": "sensor.burana_status", "minutes": 500},
            "snooze_minutes_out_of_range",
        ),
        ("snooze", {"entity_id": "sensor.nobody_status"}, "not_a_reminder"),
        ("mark_done", {"entity_id": "sensor.nobody_status"}, "not_a_reminder"),
        (
            "mark_done",
            {"entity_id": ["sensor.burana_status", "sensor.home_hub_maija_next_home_visit"]},
            "not_a_reminder",
        ),
        ("mark_done", {"entity_id": "calendar.home_hub_maija_reminders"}, "not_a_reminder"),
        ("mark_done", {"entity_id": []}, "no_target"),
    ],
)
async def test_bad_input_is_a_translated_error_and_changes_nothing(
    hass: HomeAssistant,
    add_reminder: AddReminder,
    move_to: MoveTo,
    events: list[Event],
    action: str,
    data: dict[str, Any],
    key: str,
) -> None:
    await add_reminder()
    await move_to(helsinki(2027, 1, 15, 8, 0))
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, action, data)
    assert err.value.translation_domain == DOMAIN
    assert err.value.translation_key == key
    assert statuses(events) == [("due", "08:00")]
    state = hass.states.get("sensor.burana_status")
    assert state is not None
    assert state.state == "due"


async def test_several_reminders_all_or_nothing(
    hass: HomeAssistant, add_reminder: AddReminder, move_to: MoveTo, events: list[Event]
) -> None:
    await add_reminder()
    await add_reminder(name="Melatoniini", times=["21:00"])
    await move_to(helsinki(2027, 1, 15, 8, 0))
    targets = {"entity_id": ["sensor.burana_status", "sensor.melatoniini_status"]}
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, "mark_done", targets)
    assert err.value.translation_key == "too_early"
    assert statuses(events) == [("due", "08:00")]  # Burana was not marked either
    await move_to(helsinki(2027, 1, 15, 19, 0))
    await call(hass, "mark_done", targets)
    assert [(e.data["name"], e.data["status"]) for e in events[-3:]] == [
        ("Burana", "missed"),
        ("Burana", "done"),
        ("Melatoniini", "done"),
    ]


async def test_unloaded_hub_has_no_reminders_to_act_on(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, add_reminder: AddReminder
) -> None:
    await add_reminder()
    assert await hass.config_entries.async_unload(loaded_hub.entry_id)
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, "mark_done", {"entity_id": "sensor.burana_status"})
    assert err.value.translation_key == "not_a_reminder"
