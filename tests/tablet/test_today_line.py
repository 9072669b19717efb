"""A reminder's line on the tablet through a day: only today's and overdue, times as said."""

from __future__ import annotations

from typing import Any

from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from ..reminders.conftest import AddReminder, MoveTo, helsinki
from ..reminders.helpers import entity_id, press


def line(hass: HomeAssistant, status: str) -> tuple[Any, Any, Any]:
    state = hass.states.get(status)
    assert state is not None
    attributes = state.attributes
    return attributes["today"], attributes["today_text"], attributes["marks_from_text"]


async def test_a_dose_day_from_morning_to_midnight(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, add_reminder: AddReminder, move_to: MoveTo
) -> None:
    rid = await add_reminder("medication", times=["08:00", "20:00"], early_minutes=60)
    status = entity_id(hass, "sensor", rid, "status")
    # 7.00: the 8.00 dose can be marked from 7.00 (an hour early counts).
    assert line(hass, status) == ("open", "Tulossa klo 8.00", None)
    await move_to(helsinki(2027, 1, 15, 8, 5))
    assert line(hass, status) == ("open", "Nyt on aika (klo 8.00)", None)
    await press(hass, entity_id(hass, "button", rid, "done"))
    # Taken: the evening dose shows when it can be marked instead of a live "Otettu".
    assert line(hass, status) == ("upcoming", "Tulossa klo 20.00", "klo 19.00 alkaen")
    await move_to(helsinki(2027, 1, 15, 19, 0))
    assert line(hass, status)[0] == "open"
    await move_to(helsinki(2027, 1, 15, 21, 30))
    assert line(hass, status) == ("missed", "Jäi väliin (klo 20.00)", None)
    # Midnight turns the page: tomorrow's morning dose is today's.
    await move_to(helsinki(2027, 1, 16, 0, 0))
    assert line(hass, status) == ("upcoming", "Tulossa klo 8.00", "klo 7.00 alkaen")


async def test_taken_shows_when_and_tomorrow_is_not_today(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, add_reminder: AddReminder, move_to: MoveTo
) -> None:
    rid = await add_reminder("medication", times=["08:00"])
    status = entity_id(hass, "sensor", rid, "status")
    await move_to(helsinki(2027, 1, 15, 8, 10))
    await press(hass, entity_id(hass, "button", rid, "done"))
    assert line(hass, status) == ("done", "Otettu klo 8.10", None)
    await move_to(helsinki(2027, 1, 15, 23, 59))
    assert line(hass, status)[0] == "done"


async def test_a_weekly_chore_on_another_day_is_not_on_the_tablet(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, add_reminder: AddReminder
) -> None:
    rid = await add_reminder("routine", weekdays=["tue"])  # 15.1.2027 is a Friday
    assert line(hass, entity_id(hass, "sensor", rid, "status")) == ("none", None, None)


async def test_unpaid_rent_is_overdue_with_its_date(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, add_reminder: AddReminder, move_to: MoveTo
) -> None:
    rid = await add_reminder("rent", day=15, lead_days=0)
    status = entity_id(hass, "sensor", rid, "status")
    assert line(hass, status) == ("open", "Tulossa tänään", None)
    await move_to(helsinki(2027, 1, 16, 10, 0))
    assert line(hass, status) == ("open", "Myöhässä: 15.1.", None)


async def test_swedish_and_english_times(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, add_reminder: AddReminder, move_to: MoveTo
) -> None:
    rid = await add_reminder("meal", times=["12:00"])
    status = entity_id(hass, "sensor", rid, "status")
    for language, expected in (
        ("sv", ("upcoming", "Kommer kl. 12.00", "från kl. 11.00")),
        ("en", ("upcoming", "Coming up at 12:00", "from 11:00")),
    ):
        hass.config_entries.async_update_entry(
            loaded_hub, data={**loaded_hub.data, "language": language}
        )
        await hass.config_entries.async_reload(loaded_hub.entry_id)
        await hass.async_block_till_done()
        assert line(hass, status) == expected


async def test_two_kinds_done_at_the_same_moment_each_say_their_own_word(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, add_reminder: AddReminder, move_to: MoveTo
) -> None:
    medicine = await add_reminder("medication", times=["08:00"])
    other_medicine = await add_reminder("medication", name="Toinen", times=["08:00"])
    meal = await add_reminder("meal", times=["08:00"])
    await move_to(helsinki(2027, 1, 15, 8, 10))
    for rid in (medicine, other_medicine, meal):
        await press(hass, entity_id(hass, "button", rid, "done"))
    assert line(hass, entity_id(hass, "sensor", medicine, "status"))[1] == "Otettu klo 8.10"
    assert line(hass, entity_id(hass, "sensor", other_medicine, "status"))[1] == "Otettu klo 8.10"
    assert line(hass, entity_id(hass, "sensor", meal, "status"))[1] == "Syöty klo 8.10"
