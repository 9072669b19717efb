"""Appointments: reminders a day and 30 minutes before, a video meeting's checklist and link."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import SOURCE_RECONFIGURE, ConfigSubentryData
from homeassistant.core import Event, HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.digiohjaus.hub.delivery import MOBILE_APP_ACTION_EVENT

from .conftest import AddReminder, MoveTo, appointment_input, helsinki
from .helpers import Sent, run_until, state_of, use_phone

TEAMS = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0"


@pytest.fixture
async def phone(hass: HomeAssistant, loaded_hub: MockConfigEntry) -> list[Sent]:
    return await use_phone(hass, loaded_hub)


def appointment_events(events: list[Event]) -> list[tuple[str, str]]:
    return [(e.data["status"], e.data["due_at"]) for e in events if e.data["kind"] == "appointment"]


async def test_reminded_a_day_and_half_an_hour_before_and_at_the_start(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    phone: list[Sent],
    add_reminder: AddReminder,
    move_to: MoveTo,
    events: list[Event],
) -> None:
    await add_reminder("appointment")
    await run_until(loaded_hub, move_to, helsinki(2027, 1, 16, 14, 5))
    assert [(s.at.strftime("%d.%m. %H:%M"), s.message) for s in phone] == [
        ("15.01. 14:00", "16.1. klo 14.00: Lääkäri, Terveysasema, Kalliontie 5."),
        ("16.01. 13:30", "16.1. klo 14.00: Lääkäri, Terveysasema, Kalliontie 5."),
        ("16.01. 14:00", "Tapaaminen alkaa nyt: Lääkäri, Terveysasema, Kalliontie 5."),
    ]
    assert {s.title for s in phone} == {"📅 Tapaaminen"}
    assert [s.actions for s in phone[:2]] == [[], []]  # nothing to confirm a day ahead
    assert [a["title"] for a in phone[2].actions] == ["Osallistuin ✅"]  # no "remind me later"
    hass.bus.async_fire(MOBILE_APP_ACTION_EVENT, {"action": phone[2].actions[0]["action"]})
    await hass.async_block_till_done()
    assert appointment_events(events) == [
        ("due", "2027-01-16T14:00:00+02:00"),
        ("done", "2027-01-16T14:00:00+02:00"),
    ]
    assert state_of(hass, "sensor.laakari_status") == "done"
    assert er.async_get(hass).async_get("button.laakari_remind_me_later") is None


async def test_a_video_meeting_carries_the_checklist_and_the_link(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    phone: list[Sent],
    add_reminder: AddReminder,
    move_to: MoveTo,
) -> None:
    await add_reminder("appointment", name="Sosiaaliohjaus", place=None, link=TEAMS)
    await run_until(loaded_hub, move_to, helsinki(2027, 1, 16, 13, 30))
    day_before, half_hour = phone
    assert half_hour.message.splitlines() == [
        "16.1. klo 14.00: Sosiaaliohjaus, etätapaaminen.",
        "Ennen etätapaamista:",
        "• Lataa laite, jolla osallistut.",
        "• Jos osallistut puhelimella, sulje muut sovellukset, ettei puhelin kuumene liikaa.",
        "• Istu paikkaan, jossa ei ole vastavaloa: ikkuna tai lamppu ei ole takanasi.",
        "• Oletko yksin? Voiko joku muu kuulla keskustelun?",
        "• Jos video ei toimi, jatketaan puhelimessa.",
        TEAMS,
    ]
    assert day_before.message == half_hour.message
    assert half_hour.actions == [{"action": "URI", "title": "Avaa tapaaminen", "uri": TEAMS}]
    await move_to(helsinki(2027, 1, 16, 14, 0))
    at_start = phone[-1]
    assert at_start.message.splitlines() == [
        "Etätapaaminen alkaa nyt: Sosiaaliohjaus. Avaa tapaaminen linkistä.",
        TEAMS,
    ]
    assert [a["title"] for a in at_start.actions] == ["Osallistuin ✅", "Avaa tapaaminen"]
    assert at_start.actions[1]["uri"] == TEAMS


async def test_the_checklist_is_in_the_hubs_language(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, add_reminder: AddReminder, move_to: MoveTo
) -> None:
    hass.config_entries.async_update_entry(loaded_hub, data={**loaded_hub.data, "language": "sv"})
    phone = await use_phone(hass, loaded_hub)
    await add_reminder("appointment", place=None, link=TEAMS, leads=["30"])
    await move_to(helsinki(2027, 1, 16, 13, 30))
    (sent,) = phone
    assert sent.title == "📅 Möte"
    assert "• Om videon inte fungerar fortsätter vi per telefon." in sent.message
    assert sent.actions == [{"action": "URI", "title": "Öppna mötet", "uri": TEAMS}]


async def test_edited_to_an_earlier_time_reschedules_its_reminders(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    phone: list[Sent],
    add_reminder: AddReminder,
    move_to: MoveTo,
    events: list[Event],
) -> None:
    reminder_id = await add_reminder("appointment", when="2027-01-18 14:00:00")
    result = await hass.config_entries.subentries.async_init(
        (loaded_hub.entry_id, "appointment"),
        context={"source": SOURCE_RECONFIGURE, "subentry_id": reminder_id},
    )
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], appointment_input(when="2027-01-16 10:00:00")
    )
    assert result["type"] is FlowResultType.ABORT
    await hass.async_block_till_done()
    state = hass.states.get("sensor.laakari_status")
    assert state is not None
    assert state.attributes["next_due"] == "2027-01-16T10:00:00+02:00"
    await run_until(loaded_hub, move_to, helsinki(2027, 1, 19, 0, 0))
    assert [s.at.strftime("%d.%m. %H:%M") for s in phone] == [
        "15.01. 10:00",
        "16.01. 09:30",
        "16.01. 10:00",
    ]
    # Nothing of the old time: no reminder on the 17th or the 18th.
    assert appointment_events(events) == [
        ("due", "2027-01-16T10:00:00+02:00"),
        ("missed", "2027-01-16T10:00:00+02:00"),
    ]


async def test_edited_so_that_a_lead_has_passed_reminds_once_at_once(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    phone: list[Sent],
    add_reminder: AddReminder,
    move_to: MoveTo,
) -> None:
    reminder_id = await add_reminder("appointment", when="2027-01-18 14:00:00")
    result = await hass.config_entries.subentries.async_init(
        (loaded_hub.entry_id, "appointment"),
        context={"source": SOURCE_RECONFIGURE, "subentry_id": reminder_id},
    )
    await hass.config_entries.subentries.async_configure(
        result["flow_id"], appointment_input(when="2027-01-15 10:00:00")
    )
    await hass.async_block_till_done()
    # The day-before reminder's time has passed: it comes now, once, then 09:30 and 10:00.
    await run_until(loaded_hub, move_to, helsinki(2027, 1, 15, 10, 0))
    assert [s.at.strftime("%d.%m. %H:%M") for s in phone] == [
        "15.01. 07:00",
        "15.01. 09:30",
        "15.01. 10:00",
    ]


PAST = ConfigSubentryData(
    data={"name": "Hammaslääkäri", "when": "2027-01-14 09:00:00", "leads": ["1440", "30"]},
    subentry_type="appointment",
    title="Hammaslääkäri",
    unique_id=None,
)


@pytest.mark.parametrize("hub_subentries", [[PAST]])
async def test_a_past_appointment_is_not_reminded(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    move_to: MoveTo,
    events: list[Event],
) -> None:
    phone = await use_phone(hass, loaded_hub)
    await run_until(loaded_hub, move_to, helsinki(2027, 1, 20, 0, 0))
    assert phone == []
    assert appointment_events(events) == []
    state = hass.states.get("sensor.hammaslaakari_status")
    assert state is not None
    assert state.state == "unknown"
    assert state.attributes["next_due"] is None


async def test_without_reminders_before_only_the_start_is_reminded(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    phone: list[Sent],
    add_reminder: AddReminder,
    move_to: MoveTo,
) -> None:
    changes: dict[str, Any] = {"leads": []}
    await add_reminder("appointment", **changes)
    await run_until(loaded_hub, move_to, helsinki(2027, 1, 16, 14, 0))
    assert [s.at.strftime("%d.%m. %H:%M") for s in phone] == ["16.01. 14:00"]
