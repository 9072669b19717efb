"""A damaged audit file on a real disk: Home Assistant keeps a copy, the hub says what is lost.

These tests use real files in a temporary configuration directory (no mocked storage), so
Home Assistant's own handling of an unreadable file (rename to ``.corrupt.<time>``) runs.
"""

from __future__ import annotations

from collections.abc import Generator
from datetime import timedelta
import json
from pathlib import Path
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigSubentryData
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.digiohjaus.const import DOMAIN
from custom_components.digiohjaus.core.audit import AuditOutcome
from custom_components.digiohjaus.core.consent import DataKind

from .contacts import contact_id, contact_subentry

START = "2026-11-28T08:00:00+02:00"
KINDS = frozenset({DataKind.CHECK_IN})


@pytest.fixture
def hass_config_dir(hass_tmp_config_dir: str) -> str:
    """A configuration directory of this test's own."""
    return hass_tmp_config_dir


@pytest.fixture
def hass_storage() -> Generator[dict[str, Any]]:
    """Real files: storage is not mocked here."""
    return {}


@pytest.fixture(autouse=True)
def start_time(freezer: FrozenDateTimeFactory) -> None:
    """A Saturday morning."""
    freezer.move_to(START)


@pytest.fixture
def hub_subentries(start_time: None) -> list[ConfigSubentryData]:
    """Liisa the worker reads check-ins."""
    return [contact_subentry("Liisa", kinds=KINDS)]


def _file(hass: HomeAssistant, entry: MockConfigEntry, suffix: str = "") -> Path:
    return Path(hass.config.path(".storage", f"{DOMAIN}.{entry.entry_id}.audit{suffix}"))


async def _read(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    liisa = contact_id(entry, "Liisa")
    kinds = entry.runtime_data.messenger.consented_kinds(liisa)
    await entry.runtime_data.messenger.async_record(
        liisa, kinds, AuditOutcome.SHARE_READ, topic="share_read"
    )


async def _restart(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()


def _our_issues(hass: HomeAssistant) -> list[ir.IssueEntry]:
    return [
        issue
        for (domain, issue_id), issue in ir.async_get(hass).issues.items()
        if domain == DOMAIN and issue_id.startswith("audit_damaged")
    ]


async def test_a_damaged_history_file_is_named_in_a_repair(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    await _read(hass, loaded_hub)
    await loaded_hub.runtime_data.audit.async_compact()  # the history is in the base file
    base = _file(hass, loaded_hub)
    assert json.loads(base.read_text())["data"]["entries"]
    freezer.tick(timedelta(hours=1))
    await _read(hass, loaded_hub)  # in the journal
    await hass.async_block_till_done()
    assert await hass.config_entries.async_unload(loaded_hub.entry_id)
    await hass.async_block_till_done()

    base.write_text('{"version": 1, "data": {"entries": [')  # cut off mid-write
    assert await hass.config_entries.async_setup(loaded_hub.entry_id)
    await hass.async_block_till_done()

    # Home Assistant kept the damaged file; the journal's newest entries survive, and the
    # consent in force is recorded again from the contact's own consent history.
    copies = list(base.parent.glob(f"{base.name}.corrupt.*"))
    assert len(copies) == 1
    assert copies[0].read_text() == '{"version": 1, "data": {"entries": ['
    page = loaded_hub.runtime_data.audit.page(limit=100).entries
    assert [(str(e.outcome), str(e.at)) for e in page] == [
        ("share_read", "2026-11-28 09:00:00+02:00"),
        ("consent_given", "2026-11-28 08:00:00+02:00"),
    ]
    (issue,) = _our_issues(hass)
    assert issue.translation_key == "audit_history_damaged"
    assert issue.severity is ir.IssueSeverity.ERROR
    assert issue.translation_placeholders == {
        "since": "2026-11-28 09:00",
        "copy": str(copies[0]),
    }
    # The log goes on; the repair is raised once, not at every start.
    await _restart(hass, loaded_hub)
    assert len(_our_issues(hass)) == 1


async def test_a_damaged_journal_loses_only_the_latest_entries(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    await _read(hass, loaded_hub)
    await loaded_hub.runtime_data.audit.async_compact()
    freezer.tick(timedelta(hours=4))
    await _read(hass, loaded_hub)
    assert await hass.config_entries.async_unload(loaded_hub.entry_id)
    await hass.async_block_till_done()
    journal = _file(hass, loaded_hub, "_journal")
    journal.write_bytes(b"\x00" * 64)

    assert await hass.config_entries.async_setup(loaded_hub.entry_id)
    await hass.async_block_till_done()
    page = loaded_hub.runtime_data.audit.page(limit=100).entries
    assert next((str(e.outcome), str(e.at)) for e in page) == (
        "share_read",
        "2026-11-28 08:00:00+02:00",
    )
    (issue,) = _our_issues(hass)
    assert issue.translation_key == "audit_latest_damaged"
    assert issue.translation_placeholders is not None
    assert issue.translation_placeholders["since"] == "2026-11-28 08:00"
    assert issue.translation_placeholders["copy"].startswith(f"{journal}.corrupt.")
