"""One tap withdraws or restores consent; removing a contact removes its consent, not its past."""

from __future__ import annotations

from homeassistant.config_entries import ConfigSubentryData
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import device_registry as dr, entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_mock_service

from custom_components.digiohjaus.const import DOMAIN
from custom_components.digiohjaus.core.consent import DataKind
from custom_components.digiohjaus.hub.messaging import OutgoingMessage, SendStatus

from .contacts import contact_id, contact_subentry

LIISA_SWITCH = "switch.worker_liisa_consent_to_share"
PEKKA_SWITCH = "switch.family_pekka_consent_to_share"
CALLS = frozenset({DataKind.CALLS})


@pytest.fixture
def hub_subentries() -> list[ConfigSubentryData]:
    """Liisa (calls, check-in) and Pekka, who was added without any consent."""
    return [
        contact_subentry("Liisa", kinds={DataKind.CALLS, DataKind.CHECK_IN}),
        contact_subentry("Pekka", "family", phone=None),
    ]


def compose(language: str) -> OutgoingMessage:
    return OutgoingMessage(title="Maija", message="Soittopyyntö")


async def _switch(hass: HomeAssistant, service: str, entity_id: str) -> None:
    await hass.services.async_call("switch", service, {"entity_id": entity_id}, blocking=True)


async def test_each_contact_is_a_device_with_a_consent_switch(
    hass: HomeAssistant, loaded_hub: MockConfigEntry
) -> None:
    state = hass.states.get(LIISA_SWITCH)
    assert state is not None
    assert state.state == "on"
    assert state.attributes["kinds"] == ["check_in", "calls"]
    assert state.attributes["phone"] == "040 123 4567"
    assert state.attributes["tel_uri"] == "tel:0401234567"
    assert state.attributes["role"] == "worker"
    assert state.attributes["withdrawn_at"] is None
    pekka = hass.states.get(PEKKA_SWITCH)
    assert pekka is not None
    assert pekka.state == "off"
    assert pekka.attributes["phone"] is None
    device = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, contact_id(loaded_hub, "Pekka")), loaded_hub.entry_id
    )
    assert device is not None
    assert device.name == "Family – Pekka"


async def test_one_tap_withdraws_and_one_tap_restores_the_same_kinds(
    hass: HomeAssistant, loaded_hub: MockConfigEntry
) -> None:
    calls = async_mock_service(hass, "notify", "mobile_app_liisa")
    runtime = loaded_hub.runtime_data
    liisa = contact_id(loaded_hub, "Liisa")

    await _switch(hass, "turn_off", LIISA_SWITCH)
    state = hass.states.get(LIISA_SWITCH)
    assert state is not None
    assert state.state == "off"
    assert state.attributes["withdrawn_at"] is not None
    assert state.attributes["kinds"] == ["check_in", "calls"]
    outcome = await runtime.messenger.async_send(liisa, CALLS, compose)
    assert outcome.status is SendStatus.BLOCKED
    assert calls == []

    await _switch(hass, "turn_on", LIISA_SWITCH)
    state = hass.states.get(LIISA_SWITCH)
    assert state is not None
    assert state.state == "on"
    assert runtime.messenger.consented_kinds(liisa) == {DataKind.CALLS, DataKind.CHECK_IN}
    assert (await runtime.messenger.async_send(liisa, CALLS, compose)).sent
    assert len(calls) == 1
    # Toggling consent does not reload the hub (timers and entities keep running).
    assert loaded_hub.runtime_data is runtime
    assert [str(e.outcome) for e in runtime.audit.page(contact_id=liisa).entries] == [
        "sent",
        "consent_restored",
        "blocked",
        "consent_withdrawn",
        "consent_given",
    ]


async def test_a_contact_without_consent_cannot_be_switched_on(
    hass: HomeAssistant, loaded_hub: MockConfigEntry
) -> None:
    with pytest.raises(ServiceValidationError) as err:
        await _switch(hass, "turn_on", PEKKA_SWITCH)
    assert err.value.translation_key == "nothing_to_restore"
    assert err.value.translation_placeholders == {"contact": "Pekka"}
    # Turning off what is already off changes nothing and audits nothing.
    before = len(loaded_hub.runtime_data.audit)
    await _switch(hass, "turn_off", PEKKA_SWITCH)
    assert len(loaded_hub.runtime_data.audit) == before


async def test_unknown_contact_is_a_translated_error(
    hass: HomeAssistant, loaded_hub: MockConfigEntry
) -> None:
    with pytest.raises(ServiceValidationError) as err:
        await loaded_hub.runtime_data.contacts.async_withdraw("nobody")
    assert err.value.translation_key == "contact_not_found"


async def test_removing_a_contact_removes_its_consent_and_entities_but_keeps_its_past(
    hass: HomeAssistant, loaded_hub: MockConfigEntry
) -> None:
    async_mock_service(hass, "notify", "mobile_app_liisa")
    liisa = contact_id(loaded_hub, "Liisa")
    assert (await loaded_hub.runtime_data.messenger.async_send(liisa, CALLS, compose)).sent

    assert hass.config_entries.async_remove_subentry(loaded_hub, liisa)
    await hass.async_block_till_done()

    runtime = loaded_hub.runtime_data
    assert runtime.messenger.contact(liisa) is None
    assert runtime.messenger.consented_kinds(liisa) == frozenset()
    assert hass.states.get(LIISA_SWITCH) is None
    assert er.async_get(hass).async_get(LIISA_SWITCH) is None
    registry = dr.async_get(hass)
    assert registry.async_get_device_by_identifier((DOMAIN, liisa), loaded_hub.entry_id) is None
    assert hass.states.get(PEKKA_SWITCH) is not None
    entries = runtime.audit.page(contact_id=liisa).entries
    assert [(str(e.outcome), e.contact_name) for e in entries] == [
        ("contact_removed", "Liisa"),
        ("sent", "Liisa"),
        ("consent_given", "Liisa"),
    ]
    assert sorted(entries[0].kinds) == ["calls", "check_in"]
    # A later send to the removed contact is not delivered.
    outcome = await runtime.messenger.async_send(liisa, CALLS, compose)
    assert outcome.status is SendStatus.BLOCKED


async def test_a_contact_removed_while_the_hub_was_stopped_is_recorded_at_start(
    hass: HomeAssistant, loaded_hub: MockConfigEntry
) -> None:
    liisa = contact_id(loaded_hub, "Liisa")
    assert await hass.config_entries.async_unload(loaded_hub.entry_id)
    hass.config_entries.async_remove_subentry(loaded_hub, liisa)
    assert await hass.config_entries.async_setup(loaded_hub.entry_id)
    await hass.async_block_till_done()
    latest = loaded_hub.runtime_data.audit.page(limit=1).entries[0]
    assert (str(latest.outcome), latest.contact_id) == ("contact_removed", liisa)
