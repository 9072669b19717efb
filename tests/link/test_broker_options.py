"""The hub's broker settings: checked with a real connection; on error nothing is saved."""

from __future__ import annotations

from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.digiohjaus.const import CONF_BROKER

from .conftest import broker_input, wait_until
from .mosquitto import Mosquitto


@pytest.fixture
def hub_options(hub_options: dict[str, Any]) -> dict[str, Any]:
    """A hub without a broker yet (the worker sets it up on the visit)."""
    return {key: value for key, value in hub_options.items() if key != CONF_BROKER}


async def _submit(hass: HomeAssistant, hub: MockConfigEntry, values: dict[str, Any]) -> Any:
    result = await hass.config_entries.options.async_init(hub.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "broker"}
    )
    assert result["step_id"] == "broker"
    return await hass.config_entries.options.async_configure(result["flow_id"], values)


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"password": "wrong"}, {"base": "broker_invalid_auth"}),
        ({"ca_certificate": ""}, {"base": "broker_tls_failed"}),
        ({"port": 1}, {"base": "broker_cannot_connect"}),
        ({"host": "mqtt.example.fi", "tls": False}, {"tls": "tls_required"}),
        ({"topic_prefix": "digi/#"}, {"topic_prefix": "invalid_prefix"}),
    ],
)
async def test_bad_settings_are_refused_and_nothing_changes(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    mosquitto: Mosquitto,
    changes: dict[str, Any],
    error: dict[str, str],
) -> None:
    result = await _submit(hass, loaded_hub, {**broker_input(mosquitto, "hub"), **changes})
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == error
    assert CONF_BROKER not in loaded_hub.options


async def test_good_settings_connect_the_hub(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, mosquitto: Mosquitto
) -> None:
    result = await _submit(hass, loaded_hub, broker_input(mosquitto, "hub"))
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert loaded_hub.options[CONF_BROKER]["username"] == "hub"
    link = loaded_hub.runtime_data.link
    await wait_until(hass, lambda: link.session.connected)
    # An empty address turns the link off again.
    result = await _submit(hass, loaded_hub, {**broker_input(mosquitto, "hub"), "host": ""})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert loaded_hub.options[CONF_BROKER] == {}
    assert loaded_hub.runtime_data.link is None
