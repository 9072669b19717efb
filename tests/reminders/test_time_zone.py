"""A time-zone change re-arms the reminders at the same wall-clock times in the new zone."""

from __future__ import annotations

from datetime import UTC, datetime

from homeassistant.core import Event, HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from .conftest import AddReminder, MoveTo, statuses

TAKEN = "button.burana_taken"


def utc(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2027, 1, day, hour, minute, tzinfo=UTC)


async def test_helsinki_to_london_keeps_the_wall_clock_times(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    add_reminder: AddReminder,
    move_to: MoveTo,
    events: list[Event],
) -> None:
    await add_reminder()  # 08:00 and 20:00, at 07:00 Helsinki (05:00 UTC)
    await hass.config.async_update(time_zone="Europe/London")
    await hass.async_block_till_done()

    # 08:00 in Helsinki would be 06:00 UTC: nothing fires then …
    await move_to(utc(15, 6, 30))
    assert statuses(events) == []
    # … the dose is due at 08:00 London time, once.
    await move_to(utc(15, 8, 5))
    assert statuses(events) == [("due", "08:00")]
    await hass.services.async_call("button", "press", {"entity_id": TAKEN}, blocking=True)
    await move_to(utc(15, 20, 5))
    assert statuses(events) == [("due", "08:00"), ("done", "08:00"), ("due", "20:00")]
    state = hass.states.get("sensor.burana_status")
    assert state is not None
    assert state.attributes["next_due"] == "2027-01-15T20:00:00+00:00"  # 20:00 in London


async def test_london_to_helsinki_after_a_dose_does_not_repeat_it(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    add_reminder: AddReminder,
    move_to: MoveTo,
    events: list[Event],
) -> None:
    await add_reminder()
    await move_to(utc(15, 6, 5))  # 08:05 in Helsinki
    await hass.services.async_call("button", "press", {"entity_id": TAKEN}, blocking=True)
    # Moving west: 08:00 comes again on the wall clock, but that dose was taken.
    await hass.config.async_update(time_zone="Europe/London")
    await hass.async_block_till_done()
    await move_to(utc(15, 12, 0))
    assert statuses(events) == [("due", "08:00"), ("done", "08:00")]
    await move_to(utc(15, 20, 5))
    assert statuses(events)[-1] == ("due", "20:00")
