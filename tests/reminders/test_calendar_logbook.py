"""The hub's calendar of occurrences, and logbook lines in the hub's language."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from homeassistant.core import Event, HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.digiohjaus.logbook import async_describe_events

from .conftest import AddReminder, MoveTo, helsinki

CALENDAR = "calendar.home_hub_maija_reminders"


async def test_calendar_shows_the_week_of_every_reminder(
    hass: HomeAssistant,
    add_reminder: AddReminder,
    move_to: MoveTo,
) -> None:
    await add_reminder()  # 08:00 and 20:00
    await add_reminder(name="Melatoniini", dose="3 mg", times=["21:30"], weekdays=["fri", "sat"])
    state = hass.states.get(CALENDAR)
    assert state is not None
    assert state.state == "off"
    assert state.attributes["message"] == "💊 Burana"
    assert state.attributes["start_time"] == "2027-01-15 08:00:00"
    assert state.attributes["description"] == "1 tabletti"
    await move_to(helsinki(2027, 1, 15, 8, 0))
    state = hass.states.get(CALENDAR)
    assert state is not None
    assert state.state == "on"

    response = await hass.services.async_call(
        "calendar",
        "get_events",
        {
            "entity_id": CALENDAR,
            "start_date_time": "2027-01-15T00:00:00+02:00",
            "end_date_time": "2027-01-18T00:00:00+02:00",
        },
        blocking=True,
        return_response=True,
    )
    assert response is not None
    events: list[dict[str, Any]] = response[CALENDAR]["events"]  # type: ignore[assignment,index]
    summaries = [(str(e["start"])[:16], e["summary"]) for e in events]
    assert summaries == [
        ("2027-01-15T08:00", "💊 Burana"),
        ("2027-01-15T20:00", "💊 Burana"),
        ("2027-01-15T21:30", "💊 Melatoniini"),
        ("2027-01-16T08:00", "💊 Burana"),
        ("2027-01-16T20:00", "💊 Burana"),
        ("2027-01-16T21:30", "💊 Melatoniini"),
        ("2027-01-17T08:00", "💊 Burana"),
        ("2027-01-17T20:00", "💊 Burana"),
    ]


async def test_calendar_keeps_what_happened_and_skips_what_never_existed(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    add_reminder: AddReminder,
    move_to: MoveTo,
) -> None:
    await add_reminder()
    await move_to(helsinki(2027, 1, 16, 9, 30))
    engine = loaded_hub.runtime_data.reminders
    items = engine.upcoming(helsinki(2027, 1, 14, 0, 0), helsinki(2027, 1, 17, 0, 0))
    # Nothing before the medication was added (07:00 on the 15th); everything after.
    assert [
        (
            i.occurrence.due_at.astimezone(helsinki(2027, 1, 1).tzinfo).strftime("%d %H"),
            i.occurrence.status.value,
        )
        for i in items
    ] == [
        ("15 08", "missed"),
        ("15 20", "missed"),
        ("16 08", "missed"),
        ("16 20", "scheduled"),
    ]


async def test_calendar_without_reminders_shows_only_the_home_visit(
    hass: HomeAssistant, loaded_hub: MockConfigEntry
) -> None:
    state = hass.states.get(CALENDAR)
    assert state is not None
    assert state.state == "off"
    assert state.attributes["message"] == "🤝 Kotikäynti"  # due 30.4.2027, a whole day
    engine = loaded_hub.runtime_data.reminders
    now = helsinki(2027, 1, 15, 7, 0)
    upcoming = engine.upcoming(now, now + timedelta(days=365))
    assert [item.reminder.spec.kind for item in upcoming] == ["home_visit"]


def describer(hass: HomeAssistant) -> Callable[[Event], dict[str, str]]:
    found: dict[tuple[str, str], Callable[[Event], dict[str, str]]] = {}
    async_describe_events(hass, lambda domain, event, fn: found.__setitem__((domain, event), fn))
    return found[("digiohjaus", "digiohjaus_reminder")]


async def test_logbook_in_the_hubs_language(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    add_reminder: AddReminder,
    move_to: MoveTo,
    events: list[Event],
) -> None:
    await add_reminder()
    await move_to(helsinki(2027, 1, 15, 8, 0))
    await move_to(helsinki(2027, 1, 15, 9, 0))
    describe = describer(hass)
    assert [describe(e) for e in events] == [
        {"name": "💊 Burana", "message": "lääkkeen aika", "entity_id": "sensor.burana_status"},
        {"name": "💊 Burana", "message": "jäi ottamatta", "entity_id": "sensor.burana_status"},
    ]


async def test_logbook_after_the_reminder_is_gone(hass: HomeAssistant) -> None:
    data: dict[str, Any] = {
        "config_entry_id": "gone",
        "reminder_id": "gone",
        "kind": "medication",
        "name": "Burana",
        "status": "done",
        "due_at": "2027-01-15T08:00:00+02:00",
    }
    assert describer(hass)(Event("digiohjaus_reminder", data)) == {
        "name": "💊 Burana",
        "message": "done",
    }
