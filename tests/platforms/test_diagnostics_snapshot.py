"""The hub's diagnostics as a snapshot: what a developer gets, and nothing personal."""

from __future__ import annotations

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
from syrupy.assertion import SnapshotAssertion

from .conftest import setup_with


async def test_hub_diagnostics(
    hass: HomeAssistant,
    hub_entry: MockConfigEntry,  # before hass_client: its token is issued at the frozen time
    hass_client: ClientSessionGenerator,
    snapshot: SnapshotAssertion,
) -> None:
    await setup_with(hass, hub_entry, [Platform.SENSOR])
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, hub_entry)
    assert diagnostics == snapshot
    text = repr(diagnostics)
    for personal in ("Maija", "Liisa", "Pekka", "Burana", "040 123 4567", "mobile_app_liisa"):
        assert personal not in text
