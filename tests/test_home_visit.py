"""Home visits: "Kotikäynti tehty", the next visit's date, overdue, and the due event."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import Event, HomeAssistant
from homeassistant.exceptions import ServiceValidationError
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
    async_fire_time_changed,
)

from custom_components.digiohjaus.const import EVENT_REMINDER

HELSINKI = ZoneInfo("Europe/Helsinki")
NEXT_VISIT = "sensor.home_hub_maija_next_home_visit"
OVERDUE = "binary_sensor.home_hub_maija_home_visit_overdue"
VISIT_DONE = "button.home_hub_maija_home_visit_done"


def helsinki(*args: int) -> datetime:
    return datetime(*args, tzinfo=HELSINKI)  # type: ignore[misc]


@pytest.fixture
def start_time() -> datetime:
    """The last visit was 1.11.2026; with 180 days the next is due on 30.4.2027."""
    return helsinki(2027, 4, 29, 12, 0)


@pytest.fixture(autouse=True)
def clock(freezer: FrozenDateTimeFactory, start_time: datetime) -> FrozenDateTimeFactory:
    freezer.move_to(start_time)
    return freezer


@pytest.fixture
def events(hass: HomeAssistant) -> list[Event]:
    return async_capture_events(hass, EVENT_REMINDER)


async def move_to(hass: HomeAssistant, freezer: FrozenDateTimeFactory, when: datetime) -> None:
    freezer.move_to(when)
    async_fire_time_changed(hass, when)
    await hass.async_block_till_done()


def state(hass: HomeAssistant, entity_id: str) -> str:
    found = hass.states.get(entity_id)
    assert found is not None
    return found.state


async def press_visit_done(hass: HomeAssistant) -> None:
    await hass.services.async_call("button", "press", {"entity_id": VISIT_DONE}, blocking=True)


def visits(events: list[Event]) -> list[tuple[str, str]]:
    return [(e.data["status"], e.data["due_at"]) for e in events]


async def test_falls_due_then_overdue_then_done(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    events: list[Event],
) -> None:
    assert state(hass, NEXT_VISIT) == "2027-04-30"
    assert state(hass, OVERDUE) == "off"
    await move_to(hass, freezer, helsinki(2027, 4, 29, 23, 59, 59))
    assert events == []
    await move_to(hass, freezer, helsinki(2027, 4, 30, 0, 0))
    assert visits(events) == [("due", "2027-04-30T00:00:00+03:00")]
    assert events[0].data["kind"] == "home_visit"
    assert events[0].data["reminder_id"] == "home_visit"
    assert events[0].data["name"] == "Kotikäynti"
    assert events[0].data["config_entry_id"] == loaded_hub.entry_id
    assert state(hass, OVERDUE) == "off"  # due today is not late yet
    await move_to(hass, freezer, helsinki(2027, 5, 1, 0, 0))
    assert visits(events)[-1] == ("missed", "2027-04-30T00:00:00+03:00")
    assert state(hass, OVERDUE) == "on"

    await move_to(hass, freezer, helsinki(2027, 5, 3, 10, 0))
    await press_visit_done(hass)
    assert loaded_hub.options["last_visit"] == "2027-05-03"
    assert state(hass, NEXT_VISIT) == "2027-10-30"
    assert state(hass, OVERDUE) == "off"
    assert len(events) == 2  # a late visit has nothing left to confirm
    with pytest.raises(ServiceValidationError) as err:
        await press_visit_done(hass)
    assert err.value.translation_key == "home_visit_already_marked"


async def test_a_visit_ahead_of_time_counts_and_moves_the_next(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    events: list[Event],
) -> None:
    await move_to(hass, freezer, helsinki(2027, 4, 20, 9, 0))
    await press_visit_done(hass)
    assert visits(events) == [("done", "2027-04-30T00:00:00+03:00")]
    assert state(hass, NEXT_VISIT) == "2027-10-17"
    # Nothing happens on the old date; the new one falls due on its day.
    await move_to(hass, freezer, helsinki(2027, 5, 2, 0, 0))
    assert len(events) == 1
    wakeup = loaded_hub.runtime_data.reminders.diagnostics()["next_wakeup"]
    assert wakeup is not None
    assert wakeup[:10] <= "2027-10-17"
    await move_to(hass, freezer, helsinki(2027, 10, 17, 0, 0))
    assert visits(events)[-1] == ("due", "2027-10-17T00:00:00+03:00")


async def test_the_visit_survives_a_restart(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    events: list[Event],
) -> None:
    await press_visit_done(hass)  # 29.4.
    assert await hass.config_entries.async_unload(loaded_hub.entry_id)
    await move_to(hass, freezer, helsinki(2027, 5, 5, 12, 0))
    assert await hass.config_entries.async_setup(loaded_hub.entry_id)
    await hass.async_block_till_done()
    assert state(hass, NEXT_VISIT) == "2027-10-26"
    assert state(hass, OVERDUE) == "off"
    assert visits(events) == [("done", "2027-04-30T00:00:00+03:00")]


OVERDUE_SINCE_MARCH = {
    "check_in_deadline": "12:00:00",
    "visit_interval_days": 180,
    "last_visit": "2026-10-01",
}


@pytest.mark.parametrize("hub_options", [OVERDUE_SINCE_MARCH])
async def test_a_visit_already_overdue_when_the_hub_starts_is_announced_once(
    hass: HomeAssistant,
    hub_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    events: list[Event],
) -> None:
    assert await hass.config_entries.async_setup(hub_entry.entry_id)
    await hass.async_block_till_done()
    assert state(hass, NEXT_VISIT) == "2027-03-30"
    assert state(hass, OVERDUE) == "on"
    assert visits(events) == [("missed", "2027-03-30T00:00:00+03:00")]
    await hass.config_entries.async_reload(hub_entry.entry_id)
    await hass.async_block_till_done()
    assert len(events) == 1
