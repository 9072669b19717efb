"""Many ladders stepping in one moment: every message audited, with one durable save."""

from __future__ import annotations

from typing import Any
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigSubentryData
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.storage import Store
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_mock_service

from custom_components.digiohjaus.const import DOMAIN, EVENT_REMINDER
from custom_components.digiohjaus.hub.audit_store import journal_store_key
from custom_components.digiohjaus.hub.contacts import delivery_issue_id

from .care import maijas_contacts, received, tick
from .contacts import contact_id

MEDICINES = 50


@pytest.fixture(autouse=True)
def morning(freezer: FrozenDateTimeFactory) -> None:
    freezer.move_to("2027-01-10T09:00:00+02:00")


@pytest.fixture
def hub_subentries() -> list[ConfigSubentryData]:
    return maijas_contacts()


def _fifty_missed(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """As one pass of the reminder engine announces fifty doses missed at 08:00."""
    for i in range(MEDICINES):
        hass.bus.async_fire(
            EVENT_REMINDER,
            {
                "config_entry_id": entry.entry_id,
                "reminder_id": f"med{i}",
                "kind": "medication",
                "name": f"Lääke {i}",
                "status": "missed",
                "due_at": "2027-01-10T08:00:00+02:00",
            },
        )


def _escalations_on_disk(hass_storage: dict[str, Any], entry: MockConfigEntry) -> list[str]:
    """The contacts of the escalation messages in the audit journal as stored."""
    records = hass_storage[journal_store_key(entry.entry_id)]["data"]["records"]
    return [
        record["entry"]["contact_id"]
        for record in records
        if "entry" in record and record["entry"].get("topic") == "escalation"
    ]


async def test_fifty_ladders_stepping_together_write_the_audit_once(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    phones: dict[str, list[ServiceCall]],
    hass_storage: dict[str, Any],
    freezer: FrozenDateTimeFactory,
) -> None:
    """At 09:15 Anna and Ville hear of each of the fifty doses: 100 messages, one audit save."""
    _fifty_missed(hass, loaded_hub)
    await hass.async_block_till_done()
    key = journal_store_key(loaded_hub.entry_id)
    original = Store._async_write_data
    on_disk: list[int] = []  # escalation entries in the journal at each of its writes

    async def write(store: Store[Any], data: dict[str, Any]) -> None:
        await original(store, data)
        if store.key == key:
            on_disk.append(len(_escalations_on_disk(hass_storage, loaded_hub)))

    with patch.object(Store, "_async_write_data", write):
        await tick(hass, freezer, "2027-01-10T09:15:00+02:00")

    assert received(phones) == {"anna": MEDICINES, "ville": MEDICINES}
    assert on_disk == [2 * MEDICINES]  # one durable write, holding every message
    told = _escalations_on_disk(hass_storage, loaded_hub)
    assert sorted(set(told)) == sorted(
        {contact_id(loaded_hub, "Anna"), contact_id(loaded_hub, "Ville")}
    )
    assert told.count(contact_id(loaded_hub, "Anna")) == MEDICINES


async def test_a_message_not_delivered_is_audited_in_the_same_save(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    hass_storage: dict[str, Any],
    freezer: FrozenDateTimeFactory,
) -> None:
    """Ville's phone is gone: his fifty failures are in the log beside Anna's fifty."""
    async_mock_service(hass, "notify", "mobile_app_anna")
    _fifty_missed(hass, loaded_hub)
    await hass.async_block_till_done()
    await tick(hass, freezer, "2027-01-10T09:15:00+02:00")
    entries = [
        record["entry"]
        for record in hass_storage[journal_store_key(loaded_hub.entry_id)]["data"]["records"]
        if "entry" in record and record["entry"].get("topic") == "escalation"
    ]
    outcomes = {(e["contact_id"], e["outcome"]) for e in entries}
    assert outcomes == {
        (contact_id(loaded_hub, "Anna"), "sent"),
        (contact_id(loaded_hub, "Ville"), "failed"),
    }
    assert len(entries) == 2 * MEDICINES
    # The worker is told once that Ville cannot be reached.
    issue_id = delivery_issue_id(contact_id(loaded_hub, "Ville"))
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is not None


@pytest.mark.parametrize(
    "hub_options",
    [{"check_in_deadline": "12:00:00", "client_notify": ["notify.mobile_app_maija"]}],
)
async def test_fifty_doses_missed_at_once_nudge_the_client_once(
    hass: HomeAssistant, loaded_hub: MockConfigEntry
) -> None:
    """The same gentle words fifty times would only frighten: one nudge for the moment."""
    maija = async_mock_service(hass, "notify", "mobile_app_maija")
    _fifty_missed(hass, loaded_hub)
    await hass.async_block_till_done()
    assert [call.data["title"] for call in maija] == ["💊 Pieni muistutus"]
