"""A store that is not JSON any more: Home Assistant keeps a copy, the hub says what was lost."""

from __future__ import annotations

from pathlib import Path
from unittest.mock import patch

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import DOMAIN as HOMEASSISTANT_DOMAIN, HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.storage import Store
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.digiohjaus.const import DOMAIN
from custom_components.digiohjaus.hub.storage import ConfirmedStore, set_aside_copy


async def _read_from_disk(store: Store[object]) -> object:
    return await store._async_load_data()  # the real file, not the test's dict


@pytest.mark.parametrize(
    ("store", "issue"),
    [
        ("checkin", "store_corrupt_check_in"),
        ("reminders_journal", "store_corrupt_reminders_journal"),
    ],
)
async def test_a_corrupt_store_gets_a_repair_naming_the_lost_history_and_the_copy(
    hass: HomeAssistant, hub_entry: MockConfigEntry, tmp_path: Path, store: str, issue: str
) -> None:
    hass.config.config_dir = str(tmp_path)
    path = tmp_path / ".storage" / f"{DOMAIN}.{hub_entry.entry_id}.{store}"
    path.parent.mkdir()
    path.write_text('{"version": 1, "key": "half a file')

    with patch.object(Store, "_async_load", new=_read_from_disk):
        assert await hass.config_entries.async_setup(hub_entry.entry_id)
        await hass.async_block_till_done()

    assert hub_entry.state is ConfigEntryState.LOADED
    (copy,) = path.parent.glob(f"{path.name}.corrupt.*")
    assert copy.read_text() == '{"version": 1, "key": "half a file'
    found = ir.async_get(hass).async_get_issue(DOMAIN, issue)
    assert found is not None
    assert found.translation_placeholders == {"path": str(path), "copy": str(copy)}
    assert hass.states.get("button.home_hub_maija_good") is not None


async def test_an_earlier_corruption_notice_is_not_this_loads(hass: HomeAssistant) -> None:
    """A store loaded again (a reload) with no file names no copy from an earlier load."""
    key = f"{DOMAIN}.hub.checkin"
    earlier = f"storage_corruption_{key}_2020-01-01T00:00:00+00:00"
    ir.async_create_issue(
        hass,
        HOMEASSISTANT_DOMAIN,
        earlier,
        is_fixable=False,
        severity=ir.IssueSeverity.CRITICAL,
        translation_key="storage_corruption",
        translation_placeholders={"corrupt_path": "/config/.storage/old.corrupt"},
    )
    store = ConfirmedStore(hass, 1, key, "check_in")

    assert await store.async_load_checked() is None
    assert ir.async_get(hass).async_get_issue(DOMAIN, "store_corrupt_check_in") is None
    assert set_aside_copy(hass, key, "2020-01-01T00:00:00+00:00") == "/config/.storage/old.corrupt"
