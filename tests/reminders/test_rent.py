"""Rent: due on a day of the month (31 → the month's last day), days before and on the day."""

from __future__ import annotations

from calendar import monthrange
from datetime import date, timedelta

from homeassistant.core import Event, HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import device_registry as dr, entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.digiohjaus.const import DOMAIN
from custom_components.digiohjaus.hub.delivery import MOBILE_APP_ACTION_EVENT

from .conftest import AddReminder, MoveTo, helsinki
from .helpers import Sent, press, run_until, state_of, use_phone


@pytest.fixture
async def phone(hass: HomeAssistant, loaded_hub: MockConfigEntry) -> list[Sent]:
    return await use_phone(hass, loaded_hub)


def due_days(first: date, last: date, day: int) -> list[date]:
    """The rent's due dates from ``first`` to ``last``, ``day`` clamped to each month."""
    found: list[date] = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        due = date(year, month, min(day, monthrange(year, month)[1]))
        if first <= due <= last:
            found.append(due)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


async def test_rent_is_a_device_with_paid_button(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, add_reminder: AddReminder
) -> None:
    reminder_id = await add_reminder("rent")
    device = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, reminder_id), loaded_hub.entry_id
    )
    assert device is not None
    assert device.name == "Vuokra"
    assert device.model == "Vuokramuistutus"
    entities = er.async_entries_for_device(er.async_get(hass), device.id)
    assert {e.entity_id for e in entities} == {
        "sensor.vuokra_status",
        "button.vuokra_paid",
    }
    snooze = er.async_get(hass).async_get("button.vuokra_remind_me_later")
    assert snooze is not None  # there, enabled on request
    assert snooze.disabled_by is er.RegistryEntryDisabler.INTEGRATION
    state = hass.states.get("sensor.vuokra_status")
    assert state is not None
    assert state.attributes["kind"] == "rent"
    assert state.attributes["next_due"] == "2027-01-31T09:00:00+02:00"


async def test_the_31st_over_a_year_one_reminder_set_per_month_on_the_right_days(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    phone: list[Sent],
    add_reminder: AddReminder,
    move_to: MoveTo,
    events: list[Event],
) -> None:
    await add_reminder("rent")
    await run_until(loaded_hub, move_to, helsinki(2028, 5, 3, 10, 0))

    dues = due_days(date(2027, 1, 15), date(2028, 4, 30), 31)
    # February 2027 has 28 days, February 2028 29; April 30: the last day is the due day.
    assert date(2027, 2, 28) in dues
    assert date(2028, 2, 29) in dues
    assert date(2027, 4, 30) in dues
    expected = sorted(
        [(due - timedelta(days=3), "lead") for due in dues] + [(due, "due") for due in dues]
    )
    got = [(s.at.date(), "due" if "tänään" in s.message else "lead") for s in phone]
    assert got == expected
    assert all(s.at.hour == 9 and s.at.minute == 0 for s in phone)  # 09:00 also across DST
    assert phone[0].message == "Vuokra 650,50 € erääntyy 31.1. Muista maksaa ajoissa."
    assert phone[1].message == (
        "Vuokra 650,50 € erääntyy tänään. Paina Maksettu, kun olet maksanut."
    )
    assert phone[0].title == "🏠 Vuokra"
    # Nobody pressed "Maksettu": each month is due once and missed once, three days later.
    rent_events = [e for e in events if e.data["kind"] == "rent"]
    assert [(e.data["status"], e.data["due_at"][:10]) for e in rent_events] == [
        pair for due in dues for pair in (("due", due.isoformat()), ("missed", due.isoformat()))
    ]


async def test_paid_from_the_lead_reminder_means_no_reminder_on_the_day(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    phone: list[Sent],
    add_reminder: AddReminder,
    move_to: MoveTo,
    events: list[Event],
) -> None:
    await add_reminder("rent")
    await move_to(helsinki(2027, 1, 28, 9, 0))
    (lead,) = phone
    assert [a["title"] for a in lead.actions] == ["Maksettu ✅"]
    hass.bus.async_fire(MOBILE_APP_ACTION_EVENT, {"action": lead.actions[0]["action"]})
    await hass.async_block_till_done()
    assert [(e.data["status"], e.data["due_at"]) for e in events] == [
        ("done", "2027-01-31T09:00:00+02:00")
    ]
    assert state_of(hass, "sensor.vuokra_status") == "done"
    await move_to(helsinki(2027, 2, 5, 12, 0))
    assert len(phone) == 1
    assert len(events) == 1


async def test_paying_too_early_is_a_translated_error(
    hass: HomeAssistant, add_reminder: AddReminder, events: list[Event]
) -> None:
    await add_reminder("rent", day=31, lead_days=0)  # due 31.1.; today is 15.1.
    with pytest.raises(ServiceValidationError) as err:
        await press(hass, "button.vuokra_paid")  # more than two weeks away
    assert err.value.translation_key == "too_early"
    assert events == []


async def test_pressing_paid_again_changes_nothing(
    hass: HomeAssistant, add_reminder: AddReminder, events: list[Event]
) -> None:
    await add_reminder("rent", day=20, lead_days=0)  # due 20.1.; today is 15.1.
    await press(hass, "button.vuokra_paid")  # within the two weeks before: it counts
    await press(hass, "button.vuokra_paid")  # paid already (February's is weeks away)
    assert [e.data["status"] for e in events] == ["done"]
    state = hass.states.get("sensor.vuokra_status")
    assert state is not None
    assert state.state == "done"


async def test_rent_without_amount_and_remind_later(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    phone: list[Sent],
    add_reminder: AddReminder,
    move_to: MoveTo,
) -> None:
    await add_reminder("rent", day=1, amount=None, lead_days=0)
    await move_to(helsinki(2027, 2, 1, 9, 0))
    assert phone[-1].message == "Vuokra erääntyy tänään. Paina Maksettu, kun olet maksanut."
    assert [a["title"] for a in phone[-1].actions] == ["Maksettu ✅", "Muistuta myöhemmin"]
    hass.bus.async_fire(MOBILE_APP_ACTION_EVENT, {"action": phone[-1].actions[1]["action"]})
    await hass.async_block_till_done()
    await move_to(helsinki(2027, 2, 1, 13, 0))  # four hours later, the same day
    assert phone[-1].message == "Muistutus: Vuokra on vielä maksamatta."
    await press(hass, "button.vuokra_paid")
    assert state_of(hass, "sensor.vuokra_status") == "done"
