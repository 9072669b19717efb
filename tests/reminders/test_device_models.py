"""Device pages speak the hub's language: the hub's and every reminder's model."""

from __future__ import annotations

from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.digiohjaus.const import CONF_LANGUAGE

from .conftest import INPUTS, AddReminder

MODELS = {
    "fi": {
        "Asiakkaan kotihubi",
        "Lääkemuistutus",
        "Vuokramuistutus",
        "Laskumuistutus",
        "Ruokailumuistutus",
        "Tapaamismuistutus",
        "Kotiaskareen muistutus",
    },
    "sv": {
        "Klientens hemhubb",
        "Läkemedelspåminnelse",
        "Hyrespåminnelse",
        "Räkningspåminnelse",
        "Måltidspåminnelse",
        "Påminnelse om möte",
        "Påminnelse om hemsyssla",
    },
}


@pytest.fixture(params=["fi", "sv"])
def hub_data(request: pytest.FixtureRequest, hub_data: dict[str, Any]) -> dict[str, Any]:
    """A Finnish hub and a Swedish one."""
    return {**hub_data, CONF_LANGUAGE: request.param}


async def test_models_in_the_hubs_language(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, add_reminder: AddReminder
) -> None:
    for kind in INPUTS:
        await add_reminder(kind)
    devices = dr.async_entries_for_config_entry(dr.async_get(hass), loaded_hub.entry_id)
    models = {device.model for device in devices if device.model}
    assert models == MODELS[loaded_hub.data[CONF_LANGUAGE]]
