"""A medication reminder through a day: entities, due, taken, snoozed, missed, adherence."""

from __future__ import annotations

from homeassistant.core import Event, HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import device_registry as dr, entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.digiohjaus.const import DOMAIN

from .conftest import AddReminder, MoveTo, helsinki, statuses
from .helpers import enable

STATUS = "sensor.burana_status"
NEXT_DUE = "sensor.burana_next_due"
TAKEN = "button.burana_taken"
SNOOZE = "button.burana_remind_me_later"
ADHERENCE_30 = "sensor.burana_adherence_30_days"


async def press(hass: HomeAssistant, button: str) -> None:
    await hass.services.async_call("button", "press", {"entity_id": button}, blocking=True)


async def test_a_medication_is_a_device_with_its_entities(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, add_reminder: AddReminder
) -> None:
    reminder_id = await add_reminder()
    device = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, reminder_id), loaded_hub.entry_id
    )
    assert device is not None
    assert device.name == "Burana"
    entities = er.async_entries_for_device(er.async_get(hass), device.id)
    # What the tablet shows (the status and Otettu) and the 7-day adherence.
    assert {e.entity_id for e in entities} == {STATUS, TAKEN, "sensor.burana_adherence_7_days"}
    assert all(e.config_subentry_id == reminder_id for e in entities)
    # The 30-day adherence, the next due time as a sensor of its own and the snooze button
    # are there for whoever wants them, disabled until enabled.
    for disabled in (ADHERENCE_30, NEXT_DUE, SNOOZE):
        entity = er.async_get(hass).async_get(disabled)
        assert entity is not None
        assert entity.device_id == device.id
        assert entity.disabled_by is er.RegistryEntryDisabler.INTEGRATION
        assert hass.states.get(disabled) is None
    state = hass.states.get(STATUS)
    assert state is not None
    assert state.state == "scheduled"  # 08:00 is within the early window at 07:00
    assert state.attributes["kind"] == "medication"
    assert state.attributes["reminder_id"] == reminder_id
    assert state.attributes["next_due"] == "2027-01-15T08:00:00+02:00"


async def test_due_then_taken(
    hass: HomeAssistant, add_reminder: AddReminder, move_to: MoveTo, events: list[Event]
) -> None:
    await add_reminder()
    await move_to(helsinki(2027, 1, 15, 7, 59, 59))
    assert events == []
    await move_to(helsinki(2027, 1, 15, 8, 0))
    assert statuses(events) == [("due", "08:00")]
    assert events[0].data["name"] == "Burana"
    assert events[0].data["kind"] == "medication"
    state = hass.states.get(STATUS)
    assert state is not None
    assert state.state == "due"
    await press(hass, TAKEN)
    assert statuses(events) == [("due", "08:00"), ("done", "08:00")]
    state = hass.states.get(STATUS)
    assert state is not None
    assert state.state == "done"
    # Nothing more happens for this dose: no "missed" at 09:00.
    await move_to(helsinki(2027, 1, 15, 9, 30))
    assert len(events) == 2
    adherence = hass.states.get("sensor.burana_adherence_7_days")
    assert adherence is not None
    assert adherence.state == "100.0"


async def test_snooze_comes_back_then_missed(
    hass: HomeAssistant, add_reminder: AddReminder, move_to: MoveTo, events: list[Event]
) -> None:
    await add_reminder()
    await enable(hass, move_to, SNOOZE)
    await move_to(helsinki(2027, 1, 15, 8, 0))
    await press(hass, SNOOZE)
    state = hass.states.get(STATUS)
    assert state is not None
    assert state.state == "snoozed"
    await move_to(helsinki(2027, 1, 15, 8, 9, 59))
    assert statuses(events) == [("due", "08:00"), ("snoozed", "08:00")]
    await move_to(helsinki(2027, 1, 15, 8, 10))
    assert statuses(events)[-1] == ("due", "08:00")
    await move_to(helsinki(2027, 1, 15, 9, 0))
    assert statuses(events) == [
        ("due", "08:00"),
        ("snoozed", "08:00"),
        ("due", "08:00"),
        ("missed", "08:00"),
    ]
    adherence = hass.states.get("sensor.burana_adherence_7_days")
    assert adherence is not None
    assert adherence.state == "0.0"


async def test_taking_early_means_no_reminder(
    hass: HomeAssistant, add_reminder: AddReminder, move_to: MoveTo, events: list[Event]
) -> None:
    await add_reminder(times=["10:00"])
    with pytest.raises(ServiceValidationError) as err:
        await press(hass, TAKEN)  # 07:00 is more than 120 min before 10:00
    assert err.value.translation_key == "too_early"
    assert events == []
    await move_to(helsinki(2027, 1, 15, 8, 0))
    await press(hass, TAKEN)
    assert statuses(events) == [("done", "10:00")]
    await move_to(helsinki(2027, 1, 15, 11, 30))
    assert statuses(events) == [("done", "10:00")]


async def test_nothing_to_snooze_is_a_translated_error(
    hass: HomeAssistant, add_reminder: AddReminder, move_to: MoveTo, events: list[Event]
) -> None:
    await add_reminder()
    await enable(hass, move_to, SNOOZE)
    with pytest.raises(ServiceValidationError) as err:
        await press(hass, SNOOZE)
    assert err.value.translation_key == "nothing_to_snooze"
    assert events == []


async def test_the_30_day_adherence_shows_once_enabled(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, add_reminder: AddReminder
) -> None:
    await add_reminder()
    er.async_get(hass).async_update_entity(ADHERENCE_30, disabled_by=None)
    assert await hass.config_entries.async_reload(loaded_hub.entry_id)
    await hass.async_block_till_done()
    state = hass.states.get(ADHERENCE_30)
    assert state is not None
    assert state.attributes["unit_of_measurement"] == "%"


async def test_the_next_due_sensor_shows_the_status_sensors_time_once_enabled(
    hass: HomeAssistant, add_reminder: AddReminder, move_to: MoveTo
) -> None:
    await add_reminder()
    await enable(hass, move_to, NEXT_DUE)
    next_due = hass.states.get(NEXT_DUE)
    assert next_due is not None
    assert next_due.state == "2027-01-15T06:00:00+00:00"
    await move_to(helsinki(2027, 1, 15, 8, 0))
    await press(hass, TAKEN)
    next_due = hass.states.get(NEXT_DUE)
    status = hass.states.get(STATUS)
    assert next_due is not None
    assert status is not None
    assert next_due.state == "2027-01-15T18:00:00+00:00"  # 20:00 in Helsinki
    assert status.attributes["next_due"] == "2027-01-15T20:00:00+02:00"
