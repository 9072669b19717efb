"""The integration serves the strategy's module and asks every browser to load it."""

from __future__ import annotations

from homeassistant.components.frontend import DATA_EXTRA_MODULE_URL
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.digiohjaus.hub.tablet.websocket import STRATEGY_URL


async def test_module_is_served_and_registers_the_strategy(
    hass: HomeAssistant, hass_client: ClientSessionGenerator
) -> None:
    assert await async_setup_component(hass, "frontend", {})
    assert await async_setup_component(hass, "digiohjaus", {})
    urls = [url for url in hass.data[DATA_EXTRA_MODULE_URL].urls if url.startswith(STRATEGY_URL)]
    assert len(urls) == 1
    client = await hass_client()
    response = await client.get(urls[0])
    assert response.status == 200
    body = await response.text()
    assert "customElements.define(TAG, DigiohjausKitchenTabletStrategy)" in body
    assert "ll-strategy-dashboard-${STRATEGY}" in body
    assert 'strategyType: "dashboard"' in body
    assert 'name: "Digiohjaus – keittiötabletti"' in body
    assert 'type: "digiohjaus/tablet"' in body
