"""The platform modules hand each entry to its role: the hub's or the follower's entities."""

from __future__ import annotations

from unittest.mock import MagicMock

from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.digiohjaus import button, calendar, switch
from custom_components.digiohjaus.const import CONF_ROLE, DOMAIN, ROLE_FOLLOW


@pytest.mark.parametrize("platform", [button, calendar, switch])
async def test_a_follower_has_no_hub_only_entities(hass: HomeAssistant, platform: object) -> None:
    entry = MockConfigEntry(domain=DOMAIN, data={CONF_ROLE: ROLE_FOLLOW}, title="Maija")
    add = MagicMock()
    await platform.async_setup_entry(hass, entry, add)  # type: ignore[attr-defined]
    add.assert_not_called()
