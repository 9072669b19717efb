"""A timer pass writes only what moved: another reminder's entities and the calendar stay put.

Home Assistant reports every write of an entity (``state_reported`` when nothing changed,
``state_changed`` otherwise), so a rewrite is visible to automations and the recorder;
these tests count both.
"""

from __future__ import annotations

from collections.abc import Callable

from homeassistant.const import EVENT_STATE_CHANGED, EVENT_STATE_REPORTED
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.digiohjaus.const import DOMAIN

from .conftest import AddReminder, MoveTo, helsinki
from .helpers import enable, next_wakeup, press, state_of

CALENDAR = "calendar.home_hub_maija_reminders"

type Writes = Callable[[], list[str]]


@pytest.fixture
def writes(hass: HomeAssistant) -> Writes:
    """The entity ids written since the last call, in order (changed or reported)."""
    seen: list[str] = []

    @callback
    def record(event: Event) -> None:
        seen.append(event.data["entity_id"])

    @callback
    def everything(_data: object) -> bool:
        return True

    hass.bus.async_listen(EVENT_STATE_CHANGED, record)
    hass.bus.async_listen(EVENT_STATE_REPORTED, record, event_filter=everything)

    def take() -> list[str]:
        taken = list(seen)
        seen.clear()
        return taken

    return take


def entities_of(hass: HomeAssistant, reminder_id: str) -> set[str]:
    """Every entity of one reminder's device."""
    registry = er.async_get(hass)
    return {
        entry.entity_id
        for entry in registry.entities.values()
        if entry.platform == DOMAIN and entry.config_subentry_id == reminder_id
    }


async def test_a_pass_writes_only_the_reminder_that_moved(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    add_reminder: AddReminder,
    move_to: MoveTo,
    writes: Writes,
) -> None:
    morning = await add_reminder(name="Burana", times=["08:00"], early_minutes=0)
    evening = await add_reminder(name="Sertralin", times=["20:00"], early_minutes=0)
    # Every entity of the moving reminder counts, the next due sensor (enabled on request) too.
    await enable(hass, move_to, "sensor.burana_next_due")
    writes()

    await move_to(helsinki(2027, 1, 15, 8, 0))
    assert state_of(hass, "sensor.burana_status") == "due"
    written = set(writes())
    assert written & entities_of(hass, evening) == set()
    # Of the moving reminder only what changed: the status, not next due, adherence or buttons.
    assert written & entities_of(hass, morning) == {"sensor.burana_status"}

    await move_to(helsinki(2027, 1, 15, 9, 0))  # missed: status and adherence change
    assert state_of(hass, "sensor.burana_status") == "missed"
    written = set(writes())
    assert written & entities_of(hass, evening) == set()
    assert written & entities_of(hass, morning) == {
        "sensor.burana_status",
        "sensor.burana_next_due",
        "sensor.burana_adherence_7_days",
    }
    assert state_of(hass, "sensor.burana_adherence_7_days") == "0.0"
    assert state_of(hass, "sensor.sertralin_status") == "scheduled"


async def test_pressing_one_reminders_button_leaves_the_others_alone(
    hass: HomeAssistant, add_reminder: AddReminder, move_to: MoveTo, writes: Writes
) -> None:
    await add_reminder(name="Burana", times=["08:00"])
    other = await add_reminder(name="Sertralin", times=["08:00"])
    await move_to(helsinki(2027, 1, 15, 8, 0))
    writes()

    await press(hass, "button.burana_taken")

    assert state_of(hass, "sensor.burana_status") == "done"
    assert state_of(hass, "sensor.sertralin_status") == "due"
    written = writes()
    assert set(written) & entities_of(hass, other) == set()
    assert "sensor.burana_status" in written


async def test_the_calendar_is_not_rewritten_when_only_a_status_changes(
    hass: HomeAssistant, add_reminder: AddReminder, move_to: MoveTo, writes: Writes
) -> None:
    await add_reminder(name="Burana", times=["08:00"])
    await move_to(helsinki(2027, 1, 15, 8, 30))  # the 15-minute event is over
    assert state_of(hass, CALENDAR) == "off"
    writes()

    await move_to(helsinki(2027, 1, 15, 9, 0))  # missed: a status, not the calendar

    assert state_of(hass, "sensor.burana_status") == "missed"
    assert CALENDAR not in writes()
    calendar = hass.states.get(CALENDAR)
    assert calendar is not None
    # The next event is the home visit or tomorrow's dose, whichever comes first.
    assert calendar.attributes["start_time"] == "2027-01-16 08:00:00"


async def test_the_calendar_follows_its_events_by_the_clock(
    hass: HomeAssistant, add_reminder: AddReminder, move_to: MoveTo
) -> None:
    await add_reminder(name="Burana", times=["08:00", "20:00"])
    assert state_of(hass, CALENDAR) == "off"

    await move_to(helsinki(2027, 1, 15, 8, 0))
    assert state_of(hass, CALENDAR) == "on"
    await move_to(helsinki(2027, 1, 15, 8, 15))
    assert state_of(hass, CALENDAR) == "off"
    calendar = hass.states.get(CALENDAR)
    assert calendar is not None
    assert calendar.attributes["start_time"] == "2027-01-15 20:00:00"


async def test_the_timer_waits_for_the_earliest_reminder_only(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, add_reminder: AddReminder, move_to: MoveTo
) -> None:
    await add_reminder(name="Burana", times=["08:00"], early_minutes=0)
    await add_reminder(name="Sertralin", times=["10:00"], early_minutes=0)
    assert next_wakeup(loaded_hub) == helsinki(2027, 1, 15, 8, 0)
    await move_to(helsinki(2027, 1, 15, 8, 0))
    assert next_wakeup(loaded_hub) == helsinki(2027, 1, 15, 9, 0)  # Burana's grace ends
    await move_to(helsinki(2027, 1, 15, 9, 0))
    assert next_wakeup(loaded_hub) == helsinki(2027, 1, 15, 10, 0)  # Sertralin is due
    await move_to(helsinki(2027, 1, 15, 10, 0))
    assert state_of(hass, "sensor.sertralin_status") == "due"
    assert state_of(hass, "sensor.burana_status") == "missed"


async def test_doses_falling_due_together_write_each_entity_once(
    hass: HomeAssistant, add_reminder: AddReminder, move_to: MoveTo, writes: Writes
) -> None:
    """Ten medicines at 08:00: one wake-up moves them all, and writes nothing twice."""
    ids = [await add_reminder(name=f"Lääke {i}", times=["08:00"]) for i in range(10)]
    statuses = {
        entity for rid in ids for entity in entities_of(hass, rid) if entity.endswith("_status")
    }
    writes()

    await move_to(helsinki(2027, 1, 15, 8, 0))
    written = writes()
    assert len(written) == len(set(written))
    assert statuses <= set(written)

    await move_to(helsinki(2027, 1, 15, 9, 0))  # all missed: status and adherence, once each
    written = writes()
    assert len(written) == len(set(written))
    assert {state_of(hass, entity) for entity in statuses} == {"missed"}
    assert statuses <= set(written)
