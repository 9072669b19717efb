"""Damaged or too new stores: the hub says what is wrong, keeps the rest running, loses nothing."""

from __future__ import annotations

import copy
from typing import Any

from homeassistant.config_entries import ConfigEntryState, ConfigSubentryData
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_mock_service

from custom_components.digiohjaus.const import DOMAIN
from custom_components.digiohjaus.core.consent import DataKind

from .contacts import contact_subentry


def medication(name: str) -> ConfigSubentryData:
    """A medicine as the medication flow stores it."""
    return ConfigSubentryData(
        data={
            "name": name,
            "dose": "1 tabletti",
            "times": ["08:00"],
            "weekdays": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
            "grace_minutes": 60,
            "snooze_minutes": 10,
            "early_minutes": 120,
        },
        subentry_type="medication",
        title=name,
        unique_id=None,
    )


@pytest.fixture
def hub_subentries() -> list[ConfigSubentryData]:
    """Liisa, Burana and Panadol."""
    return [
        contact_subentry("Liisa", kinds={DataKind.CALLS, DataKind.CHECK_IN}),
        medication("Burana"),
        medication("Panadol"),
    ]


def _reminder_id(entry: MockConfigEntry, title: str) -> str:
    return next(sub.subentry_id for sub in entry.subentries.values() if sub.title == title)


async def test_an_unreadable_reminder_record_leaves_out_that_reminder_only(
    hass: HomeAssistant, hub_entry: MockConfigEntry, hass_storage: dict[str, Any]
) -> None:
    burana = _reminder_id(hub_entry, "Burana")
    damaged = {"horizon": "2027-01-15T06:00:00+00:00", "occurrences": [{"n": "eilen", "s": "?"}]}
    hass_storage[f"{DOMAIN}.{hub_entry.entry_id}.reminders"] = {
        "version": 1,
        "data": {"reminders": {burana: damaged}},
    }

    assert await hass.config_entries.async_setup(hub_entry.entry_id)
    await hass.async_block_till_done()

    assert hub_entry.state is ConfigEntryState.LOADED
    assert hass.states.get("sensor.burana_status") is None
    assert hass.states.get("sensor.panadol_status") is not None
    assert hass.states.get("button.home_hub_maija_call_my_worker") is not None
    assert hass.states.get("button.home_hub_maija_good") is not None
    issue = ir.async_get(hass).async_get_issue(DOMAIN, f"reminder_unreadable_{burana}")
    assert issue is not None
    assert issue.translation_placeholders == {"name": "Burana"}

    # The damaged record is kept as it was, for a fix or a backup.
    assert await hass.config_entries.async_unload(hub_entry.entry_id)
    stored = hass_storage[f"{DOMAIN}.{hub_entry.entry_id}.reminders"]["data"]["reminders"]
    assert stored[burana] == damaged
    assert _reminder_id(hub_entry, "Panadol") in stored


async def test_an_unreadable_contact_is_left_out_and_named(
    hass: HomeAssistant, hub_entry: MockConfigEntry
) -> None:
    liisa = _reminder_id(hub_entry, "Liisa")
    subentry = hub_entry.subentries[liisa]
    hass.config_entries.async_update_subentry(
        hub_entry, subentry, data={**subentry.data, "role": "boss"}
    )

    assert await hass.config_entries.async_setup(hub_entry.entry_id)
    await hass.async_block_till_done()

    assert hub_entry.state is ConfigEntryState.LOADED
    assert hass.states.get("switch.worker_liisa_consent_to_share") is None
    assert hass.states.get("sensor.burana_status") is not None
    issue = ir.async_get(hass).async_get_issue(DOMAIN, f"contact_unreadable_{liisa}")
    assert issue is not None
    assert issue.translation_placeholders == {"contact": "Liisa"}


@pytest.mark.parametrize(
    "store", ["reminders", "reminders_journal", "consent", "checkin", "call", "escalation"]
)
async def test_a_store_from_a_newer_digiohjaus_stops_with_update_advice(
    hass: HomeAssistant, hub_entry: MockConfigEntry, hass_storage: dict[str, Any], store: str
) -> None:
    key = f"{DOMAIN}.{hub_entry.entry_id}.{store}"
    hass_storage[key] = {"version": 2, "minor_version": 1, "key": key, "data": {"future": True}}
    before = copy.deepcopy(hass_storage[key])

    assert not await hass.config_entries.async_setup(hub_entry.entry_id)
    await hass.async_block_till_done()

    assert hub_entry.state is ConfigEntryState.SETUP_ERROR
    assert hub_entry.reason is not None
    assert "Update digiohjaus" in hub_entry.reason
    assert key.split(".", 1)[1] in hub_entry.reason
    assert hass_storage[key] == before


async def test_unreadable_stored_consent_leaves_the_contact_out_until_the_consent_screen(
    hass: HomeAssistant, hub_entry: MockConfigEntry, hass_storage: dict[str, Any]
) -> None:
    liisa = _reminder_id(hub_entry, "Liisa")
    key = f"{DOMAIN}.{hub_entry.entry_id}.consent"
    damaged = {"kinds": ["calls", "telepathy"], "history": []}
    hass_storage[key] = {"version": 1, "data": {"contacts": {liisa: damaged}}}

    assert await hass.config_entries.async_setup(hub_entry.entry_id)
    await hass.async_block_till_done()

    # Never re-read from the config entry's older copy: nothing reaches Liisa.
    assert hass.states.get("switch.worker_liisa_consent_to_share") is None
    assert not hub_entry.runtime_data.contacts.covers(liisa, frozenset({DataKind.CALLS}))
    issue_id = f"contact_unreadable_{liisa}"
    issue = ir.async_get(hass).async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.translation_placeholders == {"contact": "Liisa"}
    assert hass_storage[key]["data"]["contacts"][liisa] == damaged

    # The consent screen with the client records the consent anew.
    async_mock_service(hass, "notify", "mobile_app_liisa")
    result = await hass.config_entries.subentries.async_init(
        (hub_entry.entry_id, "contact"), context={"source": "reconfigure", "subentry_id": liisa}
    )
    details = {str(key): key.default() for key in result["data_schema"].schema}
    result = await hass.config_entries.subentries.async_configure(result["flow_id"], details)
    kinds = {str(key): key.default() for key in result["data_schema"].schema}
    result = await hass.config_entries.subentries.async_configure(result["flow_id"], kinds)
    assert result["type"] == "abort"
    await hass.async_block_till_done()
    assert hub_entry.runtime_data.contacts.covers(liisa, frozenset({DataKind.CALLS}))
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None
