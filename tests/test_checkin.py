"""The daily check-in on the hub: buttons, the action, sensors and missed days."""

from __future__ import annotations

import asyncio
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import Event, HomeAssistant
from homeassistant.exceptions import ServiceValidationError
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
    async_fire_time_changed,
)

from custom_components.digiohjaus.const import DOMAIN, EVENT_CHECK_IN

MOOD = "sensor.home_hub_maija_mood_today"
LAST = "sensor.home_hub_maija_last_check_in"
STREAK = "sensor.home_hub_maija_check_ins_in_a_row"
TODAY = "binary_sensor.home_hub_maija_checked_in_today"


@pytest.fixture(autouse=True)
def morning(freezer: FrozenDateTimeFactory) -> None:
    """The tests start on a winter morning in Helsinki, before the 12:00 deadline."""
    freezer.move_to("2027-01-10T09:00:00+02:00")


@pytest.fixture
def events(hass: HomeAssistant) -> list[Event]:
    return async_capture_events(hass, EVENT_CHECK_IN)


def _state(hass: HomeAssistant, entity_id: str) -> str:
    state = hass.states.get(entity_id)
    assert state is not None, entity_id
    return state.state


async def _tick(hass: HomeAssistant, freezer: FrozenDateTimeFactory, to: str) -> None:
    freezer.move_to(to)
    async_fire_time_changed(hass)
    await hass.async_block_till_done()


async def _press(hass: HomeAssistant, entity_id: str) -> None:
    await hass.services.async_call("button", "press", {"entity_id": entity_id}, blocking=True)


async def test_tapping_a_mood_button_checks_in(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, events: list[Event]
) -> None:
    assert _state(hass, TODAY) == "off"
    assert _state(hass, MOOD) == "unknown"
    assert _state(hass, STREAK) == "0"

    await _press(hass, "button.home_hub_maija_good")

    assert _state(hass, TODAY) == "on"
    assert _state(hass, MOOD) == "good"
    assert _state(hass, LAST) == "2027-01-10T07:00:00+00:00"
    assert _state(hass, STREAK) == "1"
    assert [e.data for e in events] == [
        {"config_entry_id": loaded_hub.entry_id, "status": "done", "mood": 4, "day": "2027-01-10"}
    ]


@pytest.mark.parametrize(
    ("entity", "mood", "state"),
    [
        ("very_bad", 1, "very_bad"),
        ("bad", 2, "bad"),
        ("ok", 3, "ok"),
        ("very_good", 5, "very_good"),
    ],
)
async def test_each_button_is_one_step_of_the_scale(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    *,
    events: list[Event],
    entity: str,
    mood: int,
    state: str,
) -> None:
    await _press(hass, f"button.home_hub_maija_{entity}")
    assert events[0].data["mood"] == mood
    assert _state(hass, MOOD) == state


async def test_check_in_action_with_a_note(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, events: list[Event]
) -> None:
    await hass.services.async_call(
        DOMAIN,
        "check_in",
        {"config_entry_id": loaded_hub.entry_id, "mood": 2, "note": "  Huonosti nukuttu yö. "},
        blocking=True,
    )
    assert _state(hass, MOOD) == "bad"
    check_in = loaded_hub.runtime_data.checkin.today_check_in
    assert check_in is not None
    assert check_in.note == "Huonosti nukuttu yö."
    # The note never travels in the event.
    assert events[0].data == {
        "config_entry_id": loaded_hub.entry_id,
        "status": "done",
        "mood": 2,
        "day": "2027-01-10",
    }


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({"mood": 0}, "mood_out_of_range"),
        ({"mood": 6}, "mood_out_of_range"),
        ({"mood": 3.5}, "mood_out_of_range"),
        ({"mood": "hyvä"}, "mood_out_of_range"),
        ({"mood": 3, "note": "x" * 501}, "note_too_long"),
    ],
)
async def test_bad_input_is_refused_with_a_translated_error(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    events: list[Event],
    data: dict[str, Any],
    key: str,
) -> None:
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            DOMAIN, "check_in", {"config_entry_id": loaded_hub.entry_id, **data}, blocking=True
        )
    assert err.value.translation_domain == DOMAIN
    assert err.value.translation_key == key
    assert events == []
    assert _state(hass, TODAY) == "off"


async def test_unknown_or_unloaded_hub_is_refused(
    hass: HomeAssistant, loaded_hub: MockConfigEntry
) -> None:
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            DOMAIN, "check_in", {"config_entry_id": "no_such_entry", "mood": 3}, blocking=True
        )
    assert err.value.translation_key == "service_config_entry_not_found"
    await hass.config_entries.async_unload(loaded_hub.entry_id)
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            DOMAIN, "check_in", {"config_entry_id": loaded_hub.entry_id, "mood": 3}, blocking=True
        )
    assert err.value.translation_key == "service_config_entry_not_loaded"


async def test_an_entry_that_is_not_a_hub_is_refused(
    hass: HomeAssistant, loaded_hub: MockConfigEntry
) -> None:
    other = MockConfigEntry(domain=DOMAIN, title="Seurattava", data={"role": "follow"})
    other.add_to_hass(hass)
    other.mock_state(hass, loaded_hub.state)
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            DOMAIN, "check_in", {"config_entry_id": other.entry_id, "mood": 3}, blocking=True
        )
    assert err.value.translation_key == "not_a_hub"


async def test_no_check_in_by_the_deadline_is_missed_once(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    events: list[Event],
    freezer: FrozenDateTimeFactory,
) -> None:
    await _tick(hass, freezer, "2027-01-10T11:59:59+02:00")
    assert events == []
    await _tick(hass, freezer, "2027-01-10T12:00:00+02:00")
    assert [e.data for e in events] == [
        {
            "config_entry_id": loaded_hub.entry_id,
            "status": "missed",
            "mood": None,
            "day": "2027-01-10",
        }
    ]
    await _tick(hass, freezer, "2027-01-10T18:00:00+02:00")
    assert len(events) == 1
    # A late check-in still counts for the day.
    await _press(hass, "button.home_hub_maija_ok")
    assert _state(hass, TODAY) == "on"
    assert [e.data["status"] for e in events] == ["missed", "done"]
    # The next day the client checks in on time: nothing is missed.
    await _tick(hass, freezer, "2027-01-11T09:30:00+02:00")
    assert _state(hass, TODAY) == "off"
    await _press(hass, "button.home_hub_maija_good")
    await _tick(hass, freezer, "2027-01-11T12:00:01+02:00")
    assert [e.data["status"] for e in events] == ["missed", "done", "done"]
    assert _state(hass, STREAK) == "2"


@pytest.mark.parametrize(
    ("down", "up"),
    [
        ("2027-01-10T11:59:00+02:00", "2027-01-10T12:30:00+02:00"),
        ("2027-01-10T11:59:59+02:00", "2027-01-10T12:00:00+02:00"),
    ],
)
async def test_missed_exactly_once_over_a_restart_at_the_deadline(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    *,
    events: list[Event],
    freezer: FrozenDateTimeFactory,
    down: str,
    up: str,
) -> None:
    await _tick(hass, freezer, down)
    assert await hass.config_entries.async_unload(loaded_hub.entry_id)
    await _tick(hass, freezer, up)
    assert events == []  # the hub was off at the deadline

    assert await hass.config_entries.async_setup(loaded_hub.entry_id)
    await hass.async_block_till_done()
    assert [e.data["status"] for e in events] == ["missed"]

    # Restarting again, and the timer firing late, do not repeat it.
    await hass.config_entries.async_reload(loaded_hub.entry_id)
    await hass.async_block_till_done()
    await _tick(hass, freezer, "2027-01-10T20:00:00+02:00")
    assert [e.data["status"] for e in events] == ["missed"]
    # The next day's deadline is judged on its own.
    await _tick(hass, freezer, "2027-01-11T12:00:00+02:00")
    assert [e.data["status"] for e in events] == ["missed", "missed"]


async def test_a_hub_set_up_after_the_deadline_does_not_miss_today(
    hass: HomeAssistant,
    hub_entry: MockConfigEntry,
    events: list[Event],
    freezer: FrozenDateTimeFactory,
) -> None:
    freezer.move_to("2027-01-10T15:00:00+02:00")
    assert await hass.config_entries.async_setup(hub_entry.entry_id)
    await hass.async_block_till_done()
    assert events == []


async def test_check_ins_survive_a_restart(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    await _press(hass, "button.home_hub_maija_very_good")
    await hass.config_entries.async_reload(loaded_hub.entry_id)
    await hass.async_block_till_done()
    assert _state(hass, MOOD) == "very_good"
    assert _state(hass, TODAY) == "on"


async def test_a_new_day_starts_at_midnight(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    await _press(hass, "button.home_hub_maija_good")
    await _tick(hass, freezer, "2027-01-10T23:59:59+02:00")
    assert _state(hass, TODAY) == "on"
    await _tick(hass, freezer, "2027-01-11T00:00:00+02:00")
    assert _state(hass, TODAY) == "off"
    assert _state(hass, MOOD) == "unknown"
    assert _state(hass, STREAK) == "1"  # yesterday's streak stands until today is over
    assert _state(hass, LAST) == "2027-01-10T07:00:00+00:00"
    await _tick(hass, freezer, "2027-01-12T00:00:00+02:00")
    assert _state(hass, STREAK) == "0"


async def test_unloading_stops_the_deadline_timer(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    events: list[Event],
    freezer: FrozenDateTimeFactory,
) -> None:
    assert await hass.config_entries.async_unload(loaded_hub.entry_id)
    await _tick(hass, freezer, "2027-01-10T12:00:00+02:00")
    await _tick(hass, freezer, "2027-01-11T12:00:00+02:00")
    assert events == []


async def test_deadline_on_the_spring_forward_day(
    hass: HomeAssistant,
    hub_entry: MockConfigEntry,
    events: list[Event],
    freezer: FrozenDateTimeFactory,
) -> None:
    freezer.move_to("2027-03-27T20:00:00+02:00")
    assert await hass.config_entries.async_setup(hub_entry.entry_id)
    await hass.async_block_till_done()
    await _tick(hass, freezer, "2027-03-28T11:59:00+03:00")
    assert events == []
    await _tick(hass, freezer, "2027-03-28T12:00:00+03:00")
    assert [e.data["status"] for e in events] == ["missed"]


async def test_unloading_while_a_deadline_is_saved_leaves_no_timer_behind(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    events: list[Event],
    freezer: FrozenDateTimeFactory,
) -> None:
    """A reload that lands during the deadline's save must not leave the old keeper running.

    Otherwise the stale keeper would judge the next day too and announce a false miss.
    """
    keeper = loaded_hub.runtime_data.checkin
    release = asyncio.Event()
    save = keeper._store.async_save

    async def slow_save(data: dict[str, Any]) -> None:
        await release.wait()
        await save(data)

    keeper._store.async_save = slow_save  # type: ignore[method-assign]
    freezer.move_to("2027-01-10T12:00:00+02:00")
    async_fire_time_changed(hass)
    for _ in range(5):
        await asyncio.sleep(0)
    assert await hass.config_entries.async_unload(loaded_hub.entry_id)
    release.set()
    await hass.async_block_till_done()
    events.clear()

    await _tick(hass, freezer, "2027-01-11T12:00:01+02:00")
    assert events == []
