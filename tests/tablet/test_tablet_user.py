"""A non-admin tablet user can do everything the generated tablet offers, over the websocket.

The actions are taken from the generated dashboard itself (what a tap sends), as the
tablet's own user in Home Assistant's "Users" group.
"""

from __future__ import annotations

from typing import Any

from homeassistant.auth.const import GROUP_ID_USER
from homeassistant.config_entries import ConfigSubentryData
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.digiohjaus.core.consent import DataKind

from ..contacts import contact_subentry
from ..reminders.conftest import AddReminder, MoveTo, helsinki
from .conftest import cards, view


@pytest.fixture
def hub_subentries() -> list[ConfigSubentryData]:
    """Liisa the worker may know about check-ins and calls."""
    return [contact_subentry("Liisa", "worker", kinds={DataKind.CHECK_IN, DataKind.CALLS})]


async def _tablet_token(hass: HomeAssistant) -> str:
    user = await hass.auth.async_create_user("Keittiön tabletti", group_ids=[GROUP_ID_USER])
    assert not user.is_admin
    refresh = await hass.auth.async_create_refresh_token(user, "https://tablet.local/")
    return hass.auth.async_create_access_token(refresh)


def _tap(page: dict[str, Any], name: str) -> dict[str, Any]:
    found = [
        c["tap_action"]
        for c in cards(page)
        if c.get("name") == name and c["tap_action"]["action"] != "none"
    ]
    assert found, name
    assert all(action == found[0] for action in found)  # the same on every screen size
    action: dict[str, Any] = found[0]
    return action


async def test_tablet_user_checks_in_takes_a_dose_calls_and_withdraws_consent(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    add_reminder: AddReminder,
    move_to: MoveTo,
    hass_ws_client: WebSocketGenerator,
) -> None:
    await add_reminder("medication", times=["08:00"])
    await move_to(helsinki(2027, 1, 15, 8, 5))
    client = await hass_ws_client(hass, access_token=await _tablet_token(hass))

    async def send(message: dict[str, Any]) -> Any:
        await client.send_json_auto_id(message)
        answer = await client.receive_json()
        assert answer["success"], answer
        return answer["result"]

    config = await send({"type": "digiohjaus/tablet", "url_path": "keittio"})
    today, data = view(config, "tanaan"), view(config, "tietoni")

    async def perform(action: dict[str, Any]) -> None:
        domain, service = action["perform_action"].split(".")
        await send(
            {
                "type": "call_service",
                "domain": domain,
                "service": service,
                "target": action["target"],
            }
        )
        await hass.async_block_till_done()

    await perform(_tap(today, "Hyvä"))
    assert hass.states.get("sensor.home_hub_maija_mood_today").state == "good"
    await perform(_tap(today, "Otettu"))
    assert hass.states.get("sensor.burana_status").state == "done"
    await perform(_tap(today, "Soita ohjaajalle"))
    # (Liisa's phone is not set up here, so the request goes straight on to the crisis path.)
    assert hass.states.get("sensor.home_hub_maija_call_request").state in ("requested", "escalated")
    consent = next(c for c in cards(data) if c.get("name") == "Liisa (ohjaaja)")
    assert consent["tap_action"] == {"action": "toggle"}
    await send(
        {
            "type": "call_service",
            "domain": "switch",
            "service": "turn_off",
            "target": {"entity_id": consent["entity"]},
        }
    )
    await hass.async_block_till_done()
    assert hass.states.get(consent["entity"]).state == "off"
