"""Reminders to the client's own phone and tablet, and answers from the phone's buttons."""

from __future__ import annotations

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import Event, HomeAssistant, ServiceCall
from homeassistant.data_entry_flow import FlowResultType
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_mock_service

from custom_components.digiohjaus.hub.delivery import MOBILE_APP_ACTION_EVENT

from .conftest import AddReminder, MoveTo, helsinki, statuses

PHONE = "notify.mobile_app_maijan_puhelin"
TABLET = "notify.keittion_tabletti"


async def choose_targets(hass: HomeAssistant, entry: MockConfigEntry, targets: list[str]) -> None:
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert result["type"] is FlowResultType.MENU
    assert "client_notify" in result["menu_options"]
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "client_notify"}
    )
    assert result["type"] is FlowResultType.FORM
    options = result["data_schema"].schema["client_notify"].config["options"]
    assert {"value": PHONE, "label": "Maijan puhelin"} in options
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"client_notify": targets}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()


@pytest.fixture
def phone(hass: HomeAssistant) -> list[ServiceCall]:
    return async_mock_service(hass, "notify", "mobile_app_maijan_puhelin")


@pytest.fixture
def tablet(hass: HomeAssistant) -> list[ServiceCall]:
    hass.states.async_set(TABLET, "unknown")
    return async_mock_service(hass, "notify", "send_message")


async def test_due_reminder_goes_to_phone_and_tablet_in_finnish(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    add_reminder: AddReminder,
    move_to: MoveTo,
    phone: list[ServiceCall],
    tablet: list[ServiceCall],
) -> None:
    await choose_targets(hass, loaded_hub, [PHONE, TABLET])
    assert loaded_hub.state is ConfigEntryState.LOADED
    assert loaded_hub.options["client_notify"] == [PHONE, TABLET]
    reminder_id = await add_reminder()
    await move_to(helsinki(2027, 1, 15, 8, 0))
    assert len(phone) == 1
    data = phone[0].data
    assert data["title"] == "💊 Lääkkeen aika"
    assert data["message"] == "Nyt on lääkkeen aika: Burana, 1 tabletti."
    assert [a["title"] for a in data["data"]["actions"]] == ["Otettu ✅", "Muistuta myöhemmin"]
    assert data["data"]["tag"] == f"digiohjaus-{reminder_id}"
    assert tablet[0].data == {
        "entity_id": TABLET,
        "title": "💊 Lääkkeen aika",
        "message": "Nyt on lääkkeen aika: Burana, 1 tabletti.",
    }


async def test_answers_from_the_phone_work_like_the_buttons(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    add_reminder: AddReminder,
    move_to: MoveTo,
    phone: list[ServiceCall],
    events: list[Event],
) -> None:
    await choose_targets(hass, loaded_hub, [PHONE])
    await add_reminder()
    await move_to(helsinki(2027, 1, 15, 8, 0))
    done_action, snooze_action = (a["action"] for a in phone[0].data["data"]["actions"])
    hass.bus.async_fire(MOBILE_APP_ACTION_EVENT, {"action": snooze_action})
    await hass.async_block_till_done()
    assert statuses(events)[-1] == ("snoozed", "08:00")
    await move_to(helsinki(2027, 1, 15, 8, 10))
    assert len(phone) == 2
    assert phone[1].data["message"] == "Muistutus: Burana, 1 tabletti, on vielä ottamatta."
    hass.bus.async_fire(MOBILE_APP_ACTION_EVENT, {"action": done_action})
    await hass.async_block_till_done()
    assert statuses(events)[-1] == ("done", "08:00")
    # Pressing again (or an old notification) changes nothing and raises nothing.
    hass.bus.async_fire(MOBILE_APP_ACTION_EVENT, {"action": done_action})
    await hass.async_block_till_done()
    assert statuses(events) == [
        ("due", "08:00"),
        ("snoozed", "08:00"),
        ("due", "08:00"),
        ("done", "08:00"),
    ]


async def test_answer_to_a_removed_reminder_is_ignored(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    add_reminder: AddReminder,
    move_to: MoveTo,
    phone: list[ServiceCall],
    events: list[Event],
) -> None:
    await choose_targets(hass, loaded_hub, [PHONE])
    reminder_id = await add_reminder()
    await move_to(helsinki(2027, 1, 15, 8, 0))
    done_action = phone[0].data["data"]["actions"][0]["action"]
    hass.config_entries.async_remove_subentry(loaded_hub, reminder_id)
    await hass.async_block_till_done()
    hass.bus.async_fire(MOBILE_APP_ACTION_EVENT, {"action": done_action})
    await hass.async_block_till_done()
    assert statuses(events) == [("due", "08:00")]


async def test_unknown_target_is_refused(hass: HomeAssistant, loaded_hub: MockConfigEntry) -> None:
    result = await hass.config_entries.options.async_init(loaded_hub.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "client_notify"}
    )
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"client_notify": ["notify.nobody"]}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"client_notify": "notify_target_unknown"}
    assert "client_notify" not in loaded_hub.options


async def test_a_failing_target_does_not_stop_the_others(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    add_reminder: AddReminder,
    move_to: MoveTo,
    phone: list[ServiceCall],
    tablet: list[ServiceCall],
    events: list[Event],
    caplog: pytest.LogCaptureFixture,
) -> None:
    await choose_targets(hass, loaded_hub, [TABLET, PHONE])
    await add_reminder()
    hass.states.async_remove(TABLET)  # the tablet's notify entity went away
    await move_to(helsinki(2027, 1, 15, 8, 0))
    assert statuses(events) == [("due", "08:00")]
    assert len(phone) == 1
    assert "could not be delivered" in caplog.text
    assert "keittion" not in caplog.text
    assert "Burana" not in caplog.text
