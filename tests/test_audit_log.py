"""The audit log: kept over restarts, pruned after two years, readable by the client."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigSubentryData
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
    async_mock_service,
)
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.digiohjaus.const import DOMAIN
from custom_components.digiohjaus.core.consent import DataKind
from custom_components.digiohjaus.hub.messaging import OutgoingMessage

from .contacts import contact_id, contact_subentry

START = "2026-11-02T09:00:00+02:00"
CALLS = frozenset({DataKind.CALLS})
SENSOR = "sensor.home_hub_maija_latest_data_shared"


@pytest.fixture(autouse=True)
def start_time(freezer: FrozenDateTimeFactory) -> None:
    """The contacts were added on a home visit on 2 November 2026."""
    freezer.move_to(START)


@pytest.fixture
def hub_options(hub_options: dict[str, Any]) -> dict[str, Any]:
    """The escalation ladder only nudges the client, so the long jumps of the clock here
    (missed check-ins on the way) send no messages of their own to Pekka."""
    return {**hub_options, "escalation": {"steps": [{"delay_minutes": 0, "roles": ["client"]}]}}


@pytest.fixture
def hub_subentries(start_time: None) -> list[ConfigSubentryData]:
    """Liisa the worker may get call requests; Pekka, family, check-ins."""
    return [
        contact_subentry("Liisa", kinds={DataKind.CALLS}),
        contact_subentry("Pekka", "family", kinds={DataKind.CHECK_IN}, phone="050 765 4321"),
    ]


def compose(language: str) -> OutgoingMessage:
    return OutgoingMessage(title="Maija", message="Maija pyytää soittoa")


async def _send_to_liisa(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    async_mock_service(hass, "notify", "mobile_app_liisa")
    liisa = contact_id(entry, "Liisa")
    assert (await entry.runtime_data.messenger.async_send(liisa, CALLS, compose, topic="call")).sent


async def _restart(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    assert await hass.config_entries.async_unload(entry.entry_id)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()


async def test_consent_and_audit_survive_a_restart(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, hass_storage: dict[str, Any]
) -> None:
    await _send_to_liisa(hass, loaded_hub)
    pekka = contact_id(loaded_hub, "Pekka")
    await loaded_hub.runtime_data.contacts.async_withdraw(pekka)
    before = loaded_hub.runtime_data.audit.page().as_dict()
    # Appends go to the short journal (the whole log is not rewritten for each).
    journal = hass_storage[f"{DOMAIN}.{loaded_hub.entry_id}.audit_journal"]["data"]
    outcomes = [record["entry"]["outcome"] for record in journal["records"] if "entry" in record]
    assert outcomes == ["consent_given", "consent_given", "sent", "consent_withdrawn"]
    assert "Maija pyytää soittoa" not in str(hass_storage)

    await _restart(hass, loaded_hub)

    runtime = loaded_hub.runtime_data
    assert runtime.audit.page().as_dict() == before
    assert runtime.messenger.consented_kinds(pekka) == frozenset()
    assert runtime.messenger.consented_kinds(contact_id(loaded_hub, "Liisa")) == CALLS
    state = hass.states.get("switch.family_pekka_consent_to_share")
    assert state is not None
    assert state.state == "off"
    # Nothing is audited twice after the restart.
    assert len(runtime.audit) == 4


async def test_entries_are_pruned_when_two_years_old(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
) -> None:
    freezer.tick(timedelta(days=30))
    await _send_to_liisa(hass, loaded_hub)
    audit = loaded_hub.runtime_data.audit
    assert len(audit) == 3

    freezer.move_to("2028-11-02T09:00:01+02:00")
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert [str(e.outcome) for e in audit.page().entries] == ["sent"]
    stored = hass_storage[f"{DOMAIN}.{loaded_hub.entry_id}.audit"]["data"]["entries"]
    assert [e["outcome"] for e in stored] == ["sent"]

    freezer.tick(timedelta(days=30))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert len(audit) == 0
    # The latest disclosure left the log with it.
    state = hass.states.get(SENSOR)
    assert state is not None
    assert state.state == "unknown"


async def test_entries_that_expired_while_stopped_are_pruned_at_start(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    await _send_to_liisa(hass, loaded_hub)
    assert await hass.config_entries.async_unload(loaded_hub.entry_id)
    freezer.move_to("2029-01-01T12:00:00+02:00")
    assert await hass.config_entries.async_setup(loaded_hub.entry_id)
    await hass.async_block_till_done()
    # Consent events older than two years are not audited again either.
    assert len(loaded_hub.runtime_data.audit) == 0


async def test_latest_disclosure_sensor(hass: HomeAssistant, loaded_hub: MockConfigEntry) -> None:
    state = hass.states.get(SENSOR)
    assert state is not None
    assert state.state == "unknown"
    assert [e["outcome"] for e in state.attributes["recent"]] == ["consent_given"] * 2
    await _send_to_liisa(hass, loaded_hub)
    state = hass.states.get(SENSOR)
    assert state is not None
    assert state.state == "2026-11-02T07:00:00+00:00"
    assert state.attributes["contact"] == "Liisa"
    assert state.attributes["kinds"] == ["calls"]
    assert state.attributes["outcome"] == "sent"
    assert state.attributes["topic"] == "call"
    assert [(e["contact"], e["outcome"]) for e in state.attributes["recent"]] == [
        ("Liisa", "sent"),
        ("Pekka", "consent_given"),
        ("Liisa", "consent_given"),
    ]


async def _get_log(hass: HomeAssistant, **data: Any) -> Any:
    return await hass.services.async_call(
        DOMAIN, "get_audit_log", data, blocking=True, return_response=True
    )


async def test_the_client_reads_the_log_newest_first_a_page_at_a_time(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    for _ in range(3):
        freezer.tick(timedelta(minutes=1))
        await _send_to_liisa(hass, loaded_hub)

    first = await _get_log(hass, config_entry_id=loaded_hub.entry_id, limit=2)
    assert first["total"] == 5
    assert first["next_offset"] == 2
    assert [e["outcome"] for e in first["entries"]] == ["sent", "sent"]
    assert first["entries"][0]["at"] == "2026-11-02T09:03:00+02:00"
    assert first["entries"][0]["contact"] == "Liisa"
    rest = await _get_log(hass, config_entry_id=loaded_hub.entry_id, offset=2)
    assert [e["outcome"] for e in rest["entries"]] == ["sent", "consent_given", "consent_given"]
    assert rest["next_offset"] is None
    pekka = contact_id(loaded_hub, "Pekka")
    only = await _get_log(hass, config_entry_id=loaded_hub.entry_id, contact_id=pekka)
    assert [e["contact"] for e in only["entries"]] == ["Pekka"]


async def test_reading_the_log_with_bad_input(
    hass: HomeAssistant, loaded_hub: MockConfigEntry
) -> None:
    with pytest.raises(ServiceValidationError) as err:
        await _get_log(hass, config_entry_id="nope")
    assert err.value.translation_key == "service_config_entry_not_found"
    with pytest.raises(ServiceValidationError) as err:
        await _get_log(hass, config_entry_id=loaded_hub.entry_id, limit=500)
    assert err.value.translation_key == "page_out_of_range"
    assert await hass.config_entries.async_unload(loaded_hub.entry_id)
    with pytest.raises(ServiceValidationError) as err:
        await _get_log(hass, config_entry_id=loaded_hub.entry_id)
    assert err.value.translation_key == "service_config_entry_not_loaded"


async def test_diagnostics_have_counts_only(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, hass_client: ClientSessionGenerator
) -> None:
    await _send_to_liisa(hass, loaded_hub)
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, loaded_hub)
    text = str(diagnostics)
    for secret in ("Liisa", "Pekka", "040 123 4567", "050 765 4321", "mobile_app_liisa"):
        assert secret not in text
    assert diagnostics["contacts"] == {
        "by_role": {"family": 1, "worker": 1},
        "consent_active": 2,
        "consent_withdrawn": 0,
    }
    assert diagnostics["audit_log"] == {
        "entries": 3,
        "by_outcome": {"consent_given": 2, "sent": 1},
    }


async def test_removing_the_hub_deletes_its_log(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, hass_storage: dict[str, Any]
) -> None:
    await _send_to_liisa(hass, loaded_hub)
    keys = {
        f"{DOMAIN}.{loaded_hub.entry_id}.audit",
        f"{DOMAIN}.{loaded_hub.entry_id}.audit_journal",
    }
    await loaded_hub.runtime_data.audit.async_compact()  # both files exist
    assert keys <= set(hass_storage)
    await hass.config_entries.async_remove(loaded_hub.entry_id)
    await hass.async_block_till_done()
    assert not keys & set(hass_storage)
