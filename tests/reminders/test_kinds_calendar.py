"""The hub's calendar shows every kind: the client's week (and month) at a glance."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from homeassistant.core import Event, HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_capture_events

from custom_components.digiohjaus.logbook import async_describe_events

from .conftest import AddReminder, MoveTo, helsinki
from .helpers import press

CALENDAR = "calendar.home_hub_maija_reminders"


async def events_between(hass: HomeAssistant, start: str, end: str) -> list[dict[str, Any]]:
    response = await hass.services.async_call(
        "calendar",
        "get_events",
        {"entity_id": CALENDAR, "start_date_time": start, "end_date_time": end},
        blocking=True,
        return_response=True,
    )
    assert response is not None
    found = response[CALENDAR]
    assert isinstance(found, dict)
    events: list[dict[str, Any]] = found["events"]
    return events


async def test_every_kind_is_in_the_calendar(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, add_reminder: AddReminder
) -> None:
    await add_reminder("medication", times=["08:00"])
    await add_reminder("rent", day=19)
    await add_reminder("bill", due_date="2027-01-20", repeat="once")
    await add_reminder("meal")
    await add_reminder("appointment", link="https://meet.example.fi/abc", place=None)
    await add_reminder("routine")
    found = await events_between(hass, "2027-01-16T00:00:00+02:00", "2027-01-21T00:00:00+02:00")
    summaries = {(e["summary"], e["start"]) for e in found}
    assert ("🏠 Vuokra", "2027-01-19") in summaries  # a whole day: the due day
    assert ("💶 Helen", "2027-01-20") in summaries
    assert ("🧹 Imurointi", "2027-01-19T10:00:00+02:00") in summaries
    assert ("📅 Lääkäri", "2027-01-16T14:00:00+02:00") in summaries
    assert ("🍽️ Lounas", "2027-01-16T12:00:00+02:00") in summaries
    assert ("💊 Burana", "2027-01-16T08:00:00+02:00") in summaries
    by_summary = {e["summary"]: e for e in found}
    assert by_summary["🏠 Vuokra"]["end"] == "2027-01-20"
    assert by_summary["🏠 Vuokra"]["description"] == "Eräpäivä, 650,50 €"
    assert by_summary["📅 Lääkäri"]["end"] == "2027-01-16T15:00:00+02:00"
    assert by_summary["📅 Lääkäri"]["description"] == "Etätapaaminen: https://meet.example.fi/abc"
    assert by_summary["💶 Helen"]["description"] == "Laskun eräpäivä, 45,90 €"


async def test_the_home_visit_is_in_the_calendar(
    hass: HomeAssistant, loaded_hub: MockConfigEntry
) -> None:
    found = await events_between(hass, "2027-04-01T00:00:00+03:00", "2027-05-31T00:00:00+03:00")
    assert [(e["summary"], e["start"], e["end"]) for e in found] == [
        ("🤝 Kotikäynti", "2027-04-30", "2027-05-01")
    ]


async def test_the_calendar_state_shows_a_whole_day_going_on(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, add_reminder: AddReminder, move_to: MoveTo
) -> None:
    await add_reminder("rent", day=16, lead_days=0)
    await move_to(helsinki(2027, 1, 16, 20, 0))  # due at 09:00; the day is still on
    state = hass.states.get(CALENDAR)
    assert state is not None
    assert state.state == "on"
    assert state.attributes["message"] == "🏠 Vuokra"
    assert state.attributes["all_day"] is True


def describer(hass: HomeAssistant) -> Callable[[Event], dict[str, str]]:
    found: dict[tuple[str, str], Callable[[Event], dict[str, str]]] = {}
    async_describe_events(hass, lambda domain, event, fn: found.__setitem__((domain, event), fn))
    return found[("digiohjaus", "digiohjaus_reminder")]


async def test_logbook_of_every_kind_in_the_hubs_language(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    add_reminder: AddReminder,
    move_to: MoveTo,
) -> None:
    events = async_capture_events(hass, "digiohjaus_reminder")
    await add_reminder("rent", day=15, lead_days=0)
    await add_reminder("meal")
    await add_reminder("routine", weekdays=["fri"])
    await add_reminder("appointment", when="2027-01-15 14:00:00")
    await move_to(helsinki(2027, 1, 15, 9, 0))
    await press(hass, "button.vuokra_paid")
    for hour in (10, 12, 14):
        await move_to(helsinki(2027, 1, 15, hour, 0))
    describe = describer(hass)
    assert [(d["name"], d["message"]) for d in map(describe, events)] == [
        ("🏠 Vuokra", "eräpäivä"),
        ("🏠 Vuokra", "maksettu"),
        ("🧹 Imurointi", "kotityön aika"),
        ("🍽️ Lounas", "ruoka-aika"),
        ("🍽️ Lounas", "jäi syömättä"),
        ("📅 Lääkäri", "tapaaminen alkaa"),
    ]
    home_visit = Event(
        "digiohjaus_reminder",
        {
            "config_entry_id": loaded_hub.entry_id,
            "reminder_id": "home_visit",
            "kind": "home_visit",
            "name": "Kotikäynti",
            "status": "missed",
            "due_at": "2027-04-30T00:00:00+03:00",
        },
    )
    assert describe(home_visit) == {"name": "🤝 Kotikäynti", "message": "kotikäynti on myöhässä"}
