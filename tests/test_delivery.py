"""Delivering to notify entities and services, and routing Companion-app answers."""

from __future__ import annotations

from unittest.mock import AsyncMock

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_mock_service

from custom_components.digiohjaus.hub.delivery import (
    MOBILE_APP_ACTION_EVENT,
    NotificationAction,
    action_id,
    async_deliver,
    parse_action,
    target_kind,
)


def test_action_ids_round_trip() -> None:
    built = action_id("entry1", "done", "med1")
    parsed = parse_action(built)
    assert parsed is not None
    assert (parsed.entry_id, parsed.verb, parsed.ref) == ("entry1", "done", "med1")


@pytest.mark.parametrize(
    "value", [None, 42, "OTHER_APP_done|e|r", "DIGIOHJAUS_done|e", "DIGIOHJAUS_|e|r"]
)
def test_foreign_actions_are_ignored(value: object) -> None:
    assert parse_action(value) is None


async def test_legacy_service_gets_buttons(hass: HomeAssistant) -> None:
    calls = async_mock_service(hass, "notify", "mobile_app_phone")
    assert target_kind(hass, "notify.mobile_app_phone") == "service"
    await async_deliver(
        hass,
        "notify.mobile_app_phone",
        title="💊 Lääke",
        message="Aika ottaa lääke",
        actions=[NotificationAction("A", "Otettu ✅")],
        data={"tag": "t1"},
    )
    assert len(calls) == 1
    assert calls[0].data == {
        "title": "💊 Lääke",
        "message": "Aika ottaa lääke",
        "data": {"tag": "t1", "actions": [{"action": "A", "title": "Otettu ✅"}]},
    }


async def test_notify_entity_gets_title_and_message(hass: HomeAssistant) -> None:
    calls = async_mock_service(hass, "notify", "send_message")
    hass.states.async_set("notify.keittion_tabletti", "unknown")
    assert target_kind(hass, "notify.keittion_tabletti") == "entity"
    await async_deliver(
        hass,
        "notify.keittion_tabletti",
        title="Hei",
        message="Muistutus",
        actions=[NotificationAction("A", "Otettu")],
    )
    assert calls[0].data == {
        "entity_id": "notify.keittion_tabletti",
        "title": "Hei",
        "message": "Muistutus",
    }


@pytest.mark.parametrize("target", ["notify.nobody", "light.kitchen", "notify."])
async def test_unknown_target_raises_translated_error(hass: HomeAssistant, target: str) -> None:
    assert target_kind(hass, target) is None
    with pytest.raises(HomeAssistantError) as err:
        await async_deliver(hass, target, title="t", message="m")
    assert err.value.translation_key == "notify_target_missing"


async def test_router_dispatches_only_this_hubs_actions(
    hass: HomeAssistant, loaded_hub: MockConfigEntry
) -> None:
    router = loaded_hub.runtime_data.actions
    done_refs: list[str] = []
    async_handler = AsyncMock()
    router.register("done", lambda parsed, _event: done_refs.append(parsed.ref))
    router.register("ack", async_handler)

    for action in (
        action_id(loaded_hub.entry_id, "done", "med1"),
        action_id(loaded_hub.entry_id, "ack"),
        action_id("another_hub", "done", "med1"),
        action_id(loaded_hub.entry_id, "unknown"),
        "SOMETHING_ELSE",
    ):
        hass.bus.async_fire(MOBILE_APP_ACTION_EVENT, {"action": action})
    await hass.async_block_till_done()

    assert done_refs == ["med1"]
    assert async_handler.await_count == 1

    # After unload the hub no longer listens.
    await hass.config_entries.async_unload(loaded_hub.entry_id)
    hass.bus.async_fire(MOBILE_APP_ACTION_EVENT, {"action": action_id(loaded_hub.entry_id, "ack")})
    await hass.async_block_till_done()
    assert async_handler.await_count == 1


async def test_link_button_opens_the_link(hass: HomeAssistant) -> None:
    calls = async_mock_service(hass, "notify", "mobile_app_phone")
    await async_deliver(
        hass,
        "notify.mobile_app_phone",
        title="📅 Tapaaminen",
        message="Etätapaaminen klo 10",
        actions=[NotificationAction("join", "Liity", uri="https://meet.example/abc")],
    )
    assert calls[0].data["data"]["actions"] == [
        {"action": "URI", "title": "Liity", "uri": "https://meet.example/abc"}
    ]
