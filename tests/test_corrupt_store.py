"""A store that is not JSON any more: Home Assistant keeps a copy, the hub says what was lost."""

from __future__ import annotations

from pathlib import Path
from unittest.mock import patch

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.storage import Store
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.digiohjaus.const import DOMAIN


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
