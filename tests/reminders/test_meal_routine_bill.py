"""Meals ("Syöty"), home routine tasks ("Tehty") and bills once or every 1, 3 or 12 months."""

from __future__ import annotations

from homeassistant.core import Event, HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.digiohjaus.hub.delivery import MOBILE_APP_ACTION_EVENT

from .conftest import AddReminder, MoveTo, helsinki
from .helpers import Sent, press, run_until, state_of, use_phone


@pytest.fixture
async def phone(hass: HomeAssistant, loaded_hub: MockConfigEntry) -> list[Sent]:
    return await use_phone(hass, loaded_hub)


def of_kind(events: list[Event], kind: str) -> list[tuple[str, str]]:
    return [(e.data["status"], e.data["due_at"][:16]) for e in events if e.data["kind"] == kind]


async def test_vacuuming_on_tuesdays_at_ten(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    phone: list[Sent],
    add_reminder: AddReminder,
    move_to: MoveTo,
    events: list[Event],
) -> None:
    await add_reminder("routine")
    await run_until(loaded_hub, move_to, helsinki(2027, 1, 19, 10, 0))
    (sent,) = phone
    assert sent.at == helsinki(2027, 1, 19, 10, 0)
    assert sent.title == "🧹 Kotityö"
    assert sent.message == "Nyt on kotityön aika: Imurointi."
    assert [a["title"] for a in sent.actions] == ["Tehty ✅", "Muistuta myöhemmin"]
    await press(hass, "button.imurointi_done")
    assert state_of(hass, "sensor.imurointi_status") == "done"
    # Next Tuesday nobody presses "Tehty": missed eight hours later.
    await run_until(loaded_hub, move_to, helsinki(2027, 1, 26, 18, 0))
    assert of_kind(events, "routine") == [
        ("due", "2027-01-19T10:00"),
        ("done", "2027-01-19T10:00"),
        ("due", "2027-01-26T10:00"),
        ("missed", "2027-01-26T10:00"),
    ]
    assert [s.day for s in phone] == ["2027-01-19", "2027-01-26"]


async def test_lunch_every_day_eaten_or_snoozed(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    phone: list[Sent],
    add_reminder: AddReminder,
    move_to: MoveTo,
    events: list[Event],
) -> None:
    await add_reminder("meal")
    await move_to(helsinki(2027, 1, 15, 11, 30))
    await press(hass, "button.lounas_eaten")  # eating a little early counts
    await run_until(loaded_hub, move_to, helsinki(2027, 1, 16, 12, 0))
    assert phone[0].at == helsinki(2027, 1, 16, 12, 0)  # none on the 15th
    assert phone[0].title == "🍽️ Ruoka-aika"
    assert phone[0].message == "Nyt on ruoka-aika: Lounas. Hyvää ruokahalua!"
    assert [a["title"] for a in phone[0].actions] == ["Syöty ✅", "Muistuta myöhemmin"]
    hass.bus.async_fire(MOBILE_APP_ACTION_EVENT, {"action": phone[0].actions[1]["action"]})
    await hass.async_block_till_done()
    await move_to(helsinki(2027, 1, 16, 12, 15))
    assert phone[-1].message == "Muistutus: Lounas. Muistathan syödä."
    await press(hass, "button.lounas_eaten")
    assert of_kind(events, "meal") == [
        ("done", "2027-01-15T12:00"),
        ("due", "2027-01-16T12:00"),
        ("snoozed", "2027-01-16T12:00"),
        ("due", "2027-01-16T12:00"),
        ("done", "2027-01-16T12:00"),
    ]


async def test_a_one_off_bill_is_reminded_once(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    phone: list[Sent],
    add_reminder: AddReminder,
    move_to: MoveTo,
    events: list[Event],
) -> None:
    await add_reminder("bill", repeat="once")
    await run_until(loaded_hub, move_to, helsinki(2027, 3, 1, 12, 0))
    assert [(s.day, s.message) for s in phone] == [
        ("2027-01-17", "Laskun eräpäivä on 20.1.: Helen, 45,90 €. Muista maksaa ajoissa."),
        (
            "2027-01-20",
            "Tänään on laskun eräpäivä: Helen, 45,90 €. Paina Maksettu, kun olet maksanut.",
        ),
    ]
    assert phone[0].title == "💶 Lasku"
    assert of_kind(events, "bill") == [("due", "2027-01-20T09:00"), ("missed", "2027-01-20T09:00")]


@pytest.mark.parametrize(
    ("repeat", "due_date", "dues"),
    [
        ("monthly", "2027-01-31", ["2027-01-31", "2027-02-28", "2027-03-31"]),
        ("quarterly", "2026-11-30", ["2027-02-28"]),
        ("yearly", "2026-03-29", ["2027-03-29"]),
    ],
)
async def test_repeating_bills_fall_due_on_their_months(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    phone: list[Sent],
    add_reminder: AddReminder,
    move_to: MoveTo,
    events: list[Event],
    repeat: str,
    due_date: str,
    dues: list[str],
) -> None:
    await add_reminder("bill", repeat=repeat, due_date=due_date, amount=None, lead_days=0)
    await run_until(loaded_hub, move_to, helsinki(2027, 4, 15, 12, 0))
    assert [s.day for s in phone] == dues
    assert phone[0].message == (
        "Tänään on laskun eräpäivä: Helen. Paina Maksettu, kun olet maksanut."
    )
    assert [due for status, due in of_kind(events, "bill") if status == "due"] == [
        f"{day}T09:00" for day in dues
    ]
