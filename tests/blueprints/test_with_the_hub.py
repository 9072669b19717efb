"""Blueprints against the running hub: its real events, actions, entities and calendar."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import SOURCE_USER, ConfigSubentryData
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.data_entry_flow import FlowResultType
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
    async_fire_time_changed,
    async_mock_service,
)

from custom_components.digiohjaus.const import EVENT_CALL

from ..care import maijas_contacts
from ..reminders.conftest import INPUTS, helsinki
from .conftest import PhoneNotifications, settle, use_blueprint

START = helsinki(2027, 1, 15, 7, 0)  # a Friday morning


@pytest.fixture(autouse=True)
def morning(freezer: FrozenDateTimeFactory) -> None:
    """The hub starts at seven in the morning."""
    freezer.move_to(START)


@pytest.fixture
def hub_subentries() -> list[ConfigSubentryData]:
    """Maija's contacts: Liisa, her worker, may get call requests."""
    return maijas_contacts()


async def _add(hass: HomeAssistant, hub: MockConfigEntry, kind: str, **changes: Any) -> str:
    """Add a reminder through its real subentry flow, as the worker does; return its id."""
    before = set(hub.subentries)
    result = await hass.config_entries.subentries.async_init(
        (hub.entry_id, kind), context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], INPUTS[kind](**changes)
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY, result.get("errors")
    await hass.async_block_till_done()
    (reminder_id,) = set(hub.subentries) - before
    return reminder_id


def _entity(hass: HomeAssistant, domain: str, reminder_id: str | None = None) -> str:
    """The hub's only entity of `domain`, or the status sensor of `reminder_id`."""
    found = [
        state.entity_id
        for state in hass.states.async_all(domain)
        if reminder_id is None or state.attributes.get("reminder_id") == reminder_id
    ]
    assert len(found) == 1, found
    return found[0]


async def _walk_to(hass: HomeAssistant, freezer: FrozenDateTimeFactory, when: datetime) -> None:
    """Let the clock run to `when` in five-minute steps (the calendar trigger looks ahead)."""
    now = datetime.now(START.tzinfo)
    while now < when:
        now = min(now + timedelta(minutes=5), when)
        freezer.move_to(now)
        async_fire_time_changed(hass, now)
        await settle(hass)


async def test_rent_is_marked_paid_from_the_phone(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    loaded_hub: MockConfigEntry,
    phone: str,
    phone_notifications: PhoneNotifications,
) -> None:
    rent = await _add(hass, loaded_hub, "rent", day=15, lead_days=1, grace_days=3)
    status = _entity(hass, "sensor", rent)
    await use_blueprint(hass, "rent_bill_reminder_phone.yaml", {"phone": phone})

    await _walk_to(hass, freezer, helsinki(2027, 1, 15, 9, 0))
    assert hass.states.get(status).state == "due"
    [sent] = phone_notifications.sent
    assert sent["message"] == "Muista maksaa: Vuokra. Kun olet maksanut, napauta Maksettu."

    hass.bus.async_fire(
        "mobile_app_notification_action", {"action": sent["data"]["actions"][0]["action"]}
    )
    await settle(hass)
    await hass.async_block_till_done()
    assert hass.states.get(status).state == "done"


async def test_medicine_is_spoken_until_taken_on_the_tablet(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, loaded_hub: MockConfigEntry
) -> None:
    spoken = async_mock_service(hass, "tts", "speak")
    medicine = await _add(hass, loaded_hub, "medication", name="Sertralin", times=["08:00"])
    status = _entity(hass, "sensor", medicine)
    inputs = {"reminder": status, "tts_service": "tts.puhe", "media_player": "media_player.t"}
    await use_blueprint(hass, "medication_reminder_tablet.yaml", inputs)

    await _walk_to(hass, freezer, helsinki(2027, 1, 15, 8, 0))
    assert [call.data["message"] for call in spoken] == [
        "Lääkkeen aika: Sertralin. Kun olet ottanut lääkkeen, napauta tabletilta Otettu."
    ]
    await _walk_to(hass, freezer, helsinki(2027, 1, 15, 8, 10))
    assert len(spoken) == 2

    # The client taps "Otettu" on the tablet: the reminder stops.
    await hass.services.async_call("digiohjaus", "mark_done", {"entity_id": status}, blocking=True)
    await _walk_to(hass, freezer, helsinki(2027, 1, 15, 9, 0))
    assert hass.states.get(status).state == "done"
    assert len(spoken) == 2


async def test_checklist_comes_before_a_meeting_from_the_calendar(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    loaded_hub: MockConfigEntry,
    phone: str,
    phone_notifications: PhoneNotifications,
) -> None:
    shown = async_mock_service(hass, "persistent_notification", "create")
    await _add(hass, loaded_hub, "medication", name="Sertralin", times=["12:00"])
    await _add(
        hass,
        loaded_hub,
        "appointment",
        name="Etätapaaminen Liisan kanssa",
        when="2027-01-15 14:00:00",
        place=None,
        link="https://meet.example/liisa",
        leads=["30"],
    )
    await use_blueprint(
        hass,
        "video_meeting_checklist.yaml",
        {"phone": phone, "calendar": _entity(hass, "calendar"), "before": "-00:30:00"},
    )

    # Half an hour before the noon medicine: not a meeting, no checklist.
    await _walk_to(hass, freezer, helsinki(2027, 1, 15, 11, 35))
    assert phone_notifications.sent == []

    await _walk_to(hass, freezer, helsinki(2027, 1, 15, 13, 35))
    [sent] = phone_notifications.sent
    assert sent["title"] == "📱 Pian etätapaaminen: Etätapaaminen Liisan kanssa"
    assert "🔋 Onko puhelin tai tabletti ladattu?" in sent["message"]
    assert [call.data["title"] for call in shown] == [sent["title"]]


async def test_button_press_reaches_the_worker(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    phones: dict[str, list[ServiceCall]],
) -> None:
    calls = async_capture_events(hass, EVENT_CALL)
    await use_blueprint(
        hass,
        "button_request_call.yaml",
        {
            "button_pressed": [{"trigger": "event", "event_type": "zigbee_button_pressed"}],
            "hub": loaded_hub.entry_id,
        },
    )

    hass.bus.async_fire("zigbee_button_pressed")
    await settle(hass)
    await hass.async_block_till_done()

    assert [event.data["status"] for event in calls] == ["requested"]
    assert len(phones["liisa"]) == 1


async def test_checklist_only_for_meetings_with_the_chosen_word(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    loaded_hub: MockConfigEntry,
    phone: str,
    phone_notifications: PhoneNotifications,
) -> None:
    shown = async_mock_service(hass, "persistent_notification", "create")
    for name, when in (("Hammaslääkäri", "10:00"), ("Etätapaaminen", "13:00")):
        await _add(hass, loaded_hub, "appointment", name=name, when=f"2027-01-15 {when}:00")
    await use_blueprint(
        hass,
        "video_meeting_checklist.yaml",
        {
            "phone": phone,
            "calendar": _entity(hass, "calendar"),
            "before": "-01:00:00",
            "name_contains": "etätapaaminen",
            "on_tablet": False,
        },
    )

    await _walk_to(hass, freezer, helsinki(2027, 1, 15, 13, 0))

    assert [sent["title"] for sent in phone_notifications.sent] == [
        "📱 Pian etätapaaminen: Etätapaaminen"
    ]
    assert shown == []
