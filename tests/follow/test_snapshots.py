"""Every entity of a followed client, platform by platform, and the follower's diagnostics.

The followed hub answers with the full test snapshot at a frozen time, and the entry's id is
fixed, so ``snapshots/test_snapshots.ambr`` changes only when an entity or the diagnostics do.
"""

from __future__ import annotations

from datetime import datetime
from unittest.mock import patch

from homeassistant.const import CONF_TOKEN, CONF_URL, Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, snapshot_platform
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
from syrupy.assertion import SnapshotAssertion

from custom_components.digiohjaus.const import (
    CONF_NO_CONTACT_DAYS,
    CONF_ROLE,
    CONF_SCAN_MINUTES,
    DOMAIN,
    ROLE_FOLLOW,
)

from .conftest import HUB_ID, TOKEN, FakeHub

FOLLOW_ENTRY_ID = "01KFOLLOWMAIJA00000000000"


@pytest.fixture
def follow_entry(hass: HomeAssistant, fake_hub: FakeHub) -> MockConfigEntry:
    """The follower entry with a fixed id (its entities' unique ids carry it)."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        entry_id=FOLLOW_ENTRY_ID,
        title="Maija",
        data={CONF_ROLE: ROLE_FOLLOW, CONF_URL: fake_hub.url, CONF_TOKEN: TOKEN},
        options={CONF_SCAN_MINUTES: 5, CONF_NO_CONTACT_DAYS: 3},
        unique_id=HUB_ID,
        version=1,
        minor_version=1,
    )
    entry.add_to_hass(hass)
    return entry


async def _set_up(hass: HomeAssistant, entry: MockConfigEntry, platforms: list[Platform]) -> None:
    with patch("custom_components.digiohjaus.follow.lifecycle.FOLLOW_PLATFORMS", platforms):
        assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()


@pytest.mark.parametrize("platform", [Platform.BINARY_SENSOR, Platform.SENSOR])
async def test_follow_platform(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    now: datetime,
    follow_entry: MockConfigEntry,
    platform: Platform,
) -> None:
    await _set_up(hass, follow_entry, [platform])
    await snapshot_platform(hass, entity_registry, snapshot, follow_entry.entry_id)


async def test_follow_diagnostics(
    hass: HomeAssistant,
    now: datetime,
    follow_entry: MockConfigEntry,
    hass_client: ClientSessionGenerator,
    snapshot: SnapshotAssertion,
) -> None:
    await _set_up(hass, follow_entry, [Platform.SENSOR])
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, follow_entry)
    assert diagnostics == snapshot
    for secret in (TOKEN, "127.0.0.1", "Maija"):
        assert secret not in repr(diagnostics)
