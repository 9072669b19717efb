"""A missed check-in is about its own day: a night offline never merges two days."""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigSubentryData
from homeassistant.core import Event, HomeAssistant, ServiceCall
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
    async_fire_time_changed,
)

from custom_components.digiohjaus.const import EVENT_CHECK_IN, EVENT_ESCALATION

from .care import maijas_contacts, mock_phones, tick


@pytest.fixture(autouse=True)
def morning(freezer: FrozenDateTimeFactory) -> None:
    freezer.move_to("2027-01-10T09:00:00+02:00")


@pytest.fixture
def hub_subentries() -> list[ConfigSubentryData]:
    return maijas_contacts()


async def test_a_night_offline_then_a_second_missed_day_starts_two_ladders(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    phones: dict[str, list[ServiceCall]] = mock_phones(hass)
    check_ins: list[Event] = async_capture_events(hass, EVENT_CHECK_IN)
    ladder: list[Event] = async_capture_events(hass, EVENT_ESCALATION)

    # Home Assistant is off from 10:00 until 09:00 the next morning (deadline 12:00).
    await tick(hass, freezer, "2027-01-10T10:00:00+02:00")
    assert await hass.config_entries.async_unload(loaded_hub.entry_id)
    freezer.move_to("2027-01-11T09:00:00+02:00")
    async_fire_time_changed(hass)
    assert await hass.config_entries.async_setup(loaded_hub.entry_id)
    await hass.async_block_till_done()
    assert [(e.data["status"], e.data["day"]) for e in check_ins] == [("missed", "2027-01-10")]
    await tick(hass, freezer, "2027-01-11T09:15:00+02:00")
    assert len(phones["anna"]) == 1  # family hears about yesterday

    # Today's deadline passes too: its own cause, its own ladder, family hears again.
    await tick(hass, freezer, "2027-01-11T12:00:00+02:00")
    assert [(e.data["status"], e.data["day"]) for e in check_ins] == [
        ("missed", "2027-01-10"),
        ("missed", "2027-01-11"),
    ]
    await tick(hass, freezer, "2027-01-11T12:15:00+02:00")
    assert len(phones["anna"]) == 2
    assert [(e.data["reason"], e.data["step"]) for e in ladder].count(("missed_check_in", 2)) == 2


async def test_a_check_in_names_its_day(hass: HomeAssistant, loaded_hub: MockConfigEntry) -> None:
    check_ins: list[Event] = async_capture_events(hass, EVENT_CHECK_IN)
    await hass.services.async_call(
        "button", "press", {"entity_id": "button.home_hub_maija_good"}, blocking=True
    )
    assert [(e.data["status"], e.data["day"]) for e in check_ins] == [("done", "2027-01-10")]
