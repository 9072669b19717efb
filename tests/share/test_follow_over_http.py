"""The worker's Home Assistant follows the client's hub over real HTTP: consent decides all."""

from __future__ import annotations

from datetime import timedelta
import logging

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import SOURCE_REAUTH
from homeassistant.const import CONF_TOKEN, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.digiohjaus.const import DOMAIN
from custom_components.digiohjaus.core.consent import ConsentRecord, DataKind

from ..contacts import contact_id
from .conftest import LIISA_KINDS, NOW, RotateToken, token_subentry_id

MOOD = "sensor.client_maija_wellbeing"
CHECKED_IN = "binary_sensor.client_maija_checked_in_today"
LAST_CHECK_IN = "sensor.client_maija_last_check_in"
CALL = "sensor.client_maija_call_request"
ADHERENCE = "sensor.client_maija_medication_taken_7_days"
LAST_USED = "sensor.client_maija_last_used_the_hub"
NO_CONTACT = "binary_sensor.client_maija_no_contact_for_3_days"


async def _poll(hass: HomeAssistant, freezer: FrozenDateTimeFactory, minutes: float = 5) -> None:
    freezer.tick(timedelta(minutes=minutes))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)


def _state(hass: HomeAssistant, entity_id: str) -> str:
    state = hass.states.get(entity_id)
    assert state is not None, entity_id
    return state.state


def _share_reads(hub: MockConfigEntry) -> list[tuple[str, list[str], int]]:
    """The share reads in the hub's log, newest first: who, which kinds, how many reads."""
    page = hub.runtime_data.audit.page(limit=100)
    return [
        (entry.contact_name, sorted(entry.kinds), entry.count)
        for entry in page.entries
        if entry.outcome == "share_read"
    ]


async def _set_kinds(hass: HomeAssistant, hub: MockConfigEntry, kinds: frozenset[DataKind]) -> None:
    """The client changes Liisa's kinds on the consent screen."""
    liisa = hub.subentries[contact_id(hub, "Liisa")]
    record = ConsentRecord.from_dict(liisa.data["consent"]).with_kinds(kinds, dt_util.now())
    hass.config_entries.async_update_subentry(
        hub, liisa, data={**liisa.data, "consent": record.as_dict()}
    )
    await hass.async_block_till_done()


async def test_consent_granted_values_arrive(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    follower: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    assert _state(hass, CHECKED_IN) == "off"
    assert _state(hass, MOOD) == "unknown"
    assert _state(hass, CALL) == "idle"

    await hass.services.async_call(
        DOMAIN,
        "check_in",
        {"config_entry_id": loaded_hub.entry_id, "mood": 4, "note": "Nukuin hyvin"},
        blocking=True,
    )
    await _poll(hass, freezer)

    assert _state(hass, CHECKED_IN) == "on"
    assert _state(hass, MOOD) == "4"
    mood = hass.states.get(MOOD)
    assert mood is not None
    assert mood.attributes["note"] == "Nukuin hyvin"
    assert _state(hass, LAST_CHECK_IN) == "2027-03-10T07:00:00+00:00"
    assert _state(hass, LAST_USED) == "2027-03-10T07:00:00+00:00"
    assert _state(hass, NO_CONTACT) == "off"
    # Medication is consented but there are no medicines: adherence is unknown.
    assert _state(hass, ADHERENCE) == "unknown"
    # Reminders and medicine names are not consented: no entity for them at all.
    assert hass.states.get("sensor.client_maija_missed_reminders") is None
    assert follower.runtime_data.coordinator.data.medication_details is None


async def test_every_read_is_audited_with_the_kinds_revealed(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    follower: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    await _poll(hass, freezer)
    await _poll(hass, freezer)
    # The first read at setup, then two polls: one entry for the three reads.
    reads = _share_reads(loaded_hub)
    assert reads == [("Liisa", sorted(str(kind) for kind in LIISA_KINDS), 3)]
    latest = loaded_hub.runtime_data.audit.latest_disclosure()
    assert latest is not None
    assert latest.outcome == "share_read"
    assert latest.topic == "share_read"
    assert latest.first_at == NOW
    assert latest.last_at == dt_util.now()
    assert latest.last_at > NOW


async def test_withdrawn_kind_is_gone_next_poll(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    follower: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    assert _state(hass, MOOD) == "unknown"
    await _set_kinds(hass, loaded_hub, LIISA_KINDS - {DataKind.MOOD})
    await _poll(hass, freezer)

    assert _state(hass, MOOD) == STATE_UNAVAILABLE
    assert _state(hass, CHECKED_IN) == "off"
    assert "mood" not in follower.runtime_data.coordinator.data.kinds
    # Fewer kinds read from now on: a new entry beside the reads before the change.
    assert _share_reads(loaded_hub) == [
        ("Liisa", sorted(str(k) for k in LIISA_KINDS - {DataKind.MOOD}), 1),
        ("Liisa", sorted(str(k) for k in LIISA_KINDS), 1),
    ]


async def test_all_consent_withdrawn(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    follower: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    liisa = contact_id(loaded_hub, "Liisa")
    await loaded_hub.runtime_data.contacts.async_withdraw(liisa)
    await _poll(hass, freezer)

    for entity_id in (MOOD, CHECKED_IN, LAST_CHECK_IN, CALL, ADHERENCE, LAST_USED, NO_CONTACT):
        assert _state(hass, entity_id) == STATE_UNAVAILABLE, entity_id
    issue_id = f"consent_withdrawn_{follower.entry_id}"
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is not None
    denied = loaded_hub.runtime_data.audit.page(limit=1).entries[0]
    assert (denied.outcome, denied.contact_name, denied.kinds) == (
        "share_denied",
        "Liisa",
        frozenset(),
    )

    # One tap restores the same kinds: the worker sees the client again at the next
    # hourly ask (the follower does not poll a withdrawn hub every five minutes).
    await loaded_hub.runtime_data.contacts.async_restore(liisa)
    await _poll(hass, freezer)
    assert _state(hass, CALL) == STATE_UNAVAILABLE
    await _poll(hass, freezer, minutes=55)
    assert _state(hass, CALL) == "idle"
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None


async def test_token_rotated_starts_reauth(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    follower: MockConfigEntry,
    rotate_token: RotateToken,
    freezer: FrozenDateTimeFactory,
) -> None:
    old = follower.data[CONF_TOKEN]
    new = await rotate_token("Liisa")
    assert new != old
    await _poll(hass, freezer)

    assert _state(hass, CALL) == STATE_UNAVAILABLE
    (flow,) = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert flow["context"]["source"] == SOURCE_REAUTH
    result = await hass.config_entries.flow.async_configure(flow["flow_id"], {CONF_TOKEN: new})
    await hass.async_block_till_done()
    assert result["reason"] == "reauth_successful"
    assert _state(hass, CALL) == "idle"


async def test_token_revoked(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    follower: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    hass.config_entries.async_remove_subentry(loaded_hub, token_subentry_id(loaded_hub, "Liisa"))
    await hass.async_block_till_done()
    await _poll(hass, freezer)
    assert _state(hass, CALL) == STATE_UNAVAILABLE
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]


async def test_hub_down_and_back(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    follower: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="custom_components.digiohjaus")
    assert await hass.config_entries.async_unload(loaded_hub.entry_id)
    await hass.async_block_till_done()
    for _ in range(3):
        await _poll(hass, freezer)
        assert _state(hass, CALL) == STATE_UNAVAILABLE
    assert _state(hass, NO_CONTACT) == "unknown"  # keeps counting; nothing heard yet

    assert await hass.config_entries.async_setup(loaded_hub.entry_id)
    await hass.async_block_till_done()
    await _poll(hass, freezer)
    assert _state(hass, CALL) == "idle"

    ours = [r for r in caplog.records if r.name.startswith("custom_components.digiohjaus.follow")]
    assert [r.levelno for r in ours if r.levelno >= logging.INFO] == [logging.ERROR, logging.INFO]
    assert "Maija" not in caplog.text
    assert follower.data[CONF_TOKEN] not in caplog.text
