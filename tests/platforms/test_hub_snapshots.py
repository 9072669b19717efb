"""Every entity of the client home hub, platform by platform: registry entry and state.

A change of any entity's name, unique id, device class, category, state or attributes shows
up as a change of ``snapshots/test_hub_snapshots.ambr`` (``--snapshot-update`` to accept it).
"""

from __future__ import annotations

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, snapshot_platform
from syrupy.assertion import SnapshotAssertion

from .conftest import setup_with


@pytest.mark.usefixtures("entities_enabled")
@pytest.mark.parametrize(
    "platform",
    [Platform.BINARY_SENSOR, Platform.BUTTON, Platform.CALENDAR, Platform.SENSOR, Platform.SWITCH],
)
async def test_hub_platform(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    hub_entry: MockConfigEntry,
    platform: Platform,
) -> None:
    await setup_with(hass, hub_entry, [platform])
    await snapshot_platform(hass, entity_registry, snapshot, hub_entry.entry_id)
