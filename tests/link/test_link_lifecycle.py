"""Consent, revocation, replays, outages and what the broker's operator can see."""

from __future__ import annotations

import asyncio
import socket

from homeassistant.config_entries import SOURCE_USER
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_capture_events

from custom_components.digiohjaus.const import (
    DOMAIN,
    EVENT_CALL,
    EVENT_CHECK_IN,
    EVENT_ESCALATION,
    SUBENTRY_WORKER_LINK,
)
from custom_components.digiohjaus.core.consent import ConsentRecord, DataKind
from custom_components.digiohjaus.core.link.envelope import (
    KeyPair,
    LinkMessage,
    LinkMessageError,
    MessageType,
)
from custom_components.digiohjaus.follow.coordinator import ConsentWithdrawn
from custom_components.digiohjaus.follow.link.coordinator import BrokerFollowCoordinator
from custom_components.digiohjaus.follow.link.keys import async_worker_keys

from ..contacts import contact_id
from ..reminders.conftest import medication_input
from .conftest import LIISA_KINDS, wait_until
from .mosquitto import Mosquitto
from .operator import broker_user, read_for

MOOD = "sensor.client_maija_wellbeing"
CALL = "sensor.client_maija_call_request"


async def _set_consent(hass: HomeAssistant, hub: MockConfigEntry, record: ConsentRecord) -> None:
    """The consent screen saves Liisa's new consent."""
    await hub.runtime_data.contacts.async_set_consent(contact_id(hub, "Liisa"), record)
    await hass.async_block_till_done()


def _consent(hub: MockConfigEntry) -> ConsentRecord:
    liisa = hub.runtime_data.contacts.get(contact_id(hub, "Liisa"))
    assert liisa is not None
    return liisa.consent


def _worker_calls(events: list, follower: MockConfigEntry) -> list[str]:
    return [e.data["status"] for e in events if e.data["config_entry_id"] == follower.entry_id]


async def test_call_request_arrives_as_digiohjaus_call_on_the_worker(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, follower: MockConfigEntry
) -> None:
    events = async_capture_events(hass, EVENT_CALL)
    started = asyncio.get_running_loop().time()
    # The client taps "Call my worker" on the kitchen tablet.
    await hass.services.async_call(
        "button", "press", {"entity_id": "button.home_hub_maija_call_my_worker"}, blocking=True
    )
    await wait_until(hass, lambda: _worker_calls(events, follower))
    assert asyncio.get_running_loop().time() - started < 5
    assert _worker_calls(events, follower) == ["requested"]
    await wait_until(hass, lambda: hass.states.get(CALL).state == "requested")
    # Every publish is in the client's log as a disclosure to Liisa.
    entries = loaded_hub.runtime_data.audit.page(limit=50).entries
    assert any(e.topic == "broker" and e.contact_name == "Liisa" for e in entries)


async def test_consent_withdrawn_clears_the_worker_and_restored_brings_it_back(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    follower: MockConfigEntry,
    mosquitto: Mosquitto,
) -> None:
    coordinator = follower.runtime_data.coordinator
    issue_id = f"consent_withdrawn_{follower.entry_id}"
    # The client taps Liisa's consent switch off.
    await loaded_hub.runtime_data.contacts.async_withdraw(contact_id(loaded_hub, "Liisa"))
    await wait_until(hass, lambda: isinstance(coordinator.data, ConsentWithdrawn))
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is not None
    assert hass.states.get(MOOD).state == STATE_UNAVAILABLE
    # What stays retained for Liisa is only the sealed notice that replaced the snapshot.
    assert await _retained_for_the_worker(hass, mosquitto, coordinator) == [MessageType.WITHDRAWN]

    await loaded_hub.runtime_data.contacts.async_restore(contact_id(loaded_hub, "Liisa"))
    await wait_until(hass, lambda: hass.states.get(MOOD).state != STATE_UNAVAILABLE)
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None
    assert coordinator.data.kinds == frozenset(str(kind) for kind in LIISA_KINDS)


async def test_revoking_the_pairing_ends_it(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, follower: MockConfigEntry
) -> None:
    pairing = next(
        sub for sub in loaded_hub.subentries.values() if sub.subentry_type == SUBENTRY_WORKER_LINK
    )
    assert hass.config_entries.async_remove_subentry(loaded_hub, pairing.subentry_id)
    issue_id = f"pairing_revoked_{follower.entry_id}"
    await wait_until(hass, lambda: ir.async_get(hass).async_get_issue(DOMAIN, issue_id))
    assert follower.runtime_data.coordinator.data is None
    assert hass.states.get(MOOD).state == STATE_UNAVAILABLE
    # The hub no longer sends Liisa anything, whatever happens.
    events = async_capture_events(hass, EVENT_CALL)
    await hass.services.async_call(
        DOMAIN, "request_call", {"config_entry_id": loaded_hub.entry_id}, blocking=True
    )
    await asyncio.sleep(0.5)
    await hass.async_block_till_done()
    assert _worker_calls(events, follower) == []


async def test_a_replayed_message_is_rejected(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    follower: MockConfigEntry,
    mosquitto: Mosquitto,
) -> None:
    events = async_capture_events(hass, EVENT_CALL)
    async with broker_user(mosquitto, "operator") as operator:
        await operator.subscribe("digiohjaus/hub/+/to/+/events")
        await hass.services.async_call(
            DOMAIN, "request_call", {"config_entry_id": loaded_hub.entry_id}, blocking=True
        )
        captured = await read_for(operator, 1.0)
    await wait_until(hass, lambda: _worker_calls(events, follower))
    coordinator = follower.runtime_data.coordinator
    rejected = coordinator.rejected
    # Someone with write access sends the very same sealed call request again.
    async with broker_user(mosquitto, "hub") as intruder:
        for topic, payload, _ in captured:
            await intruder.publish(topic, payload, qos=1)
    await wait_until(hass, lambda: coordinator.rejected > rejected)
    assert _worker_calls(events, follower) == ["requested"]


async def test_a_snapshot_is_unreadable_for_anyone_but_its_worker(
    hass: HomeAssistant, follower: MockConfigEntry, mosquitto: Mosquitto
) -> None:
    coordinator = follower.runtime_data.coordinator
    async with broker_user(mosquitto, "stranger") as stranger:
        await stranger.subscribe("digiohjaus/hub/+/to/+/snapshot")
        (topic, sealed, retained), *_ = await read_for(stranger, 0.5)
    assert retained
    assert (await async_worker_keys(hass)).open(coordinator.hub_key, sealed).seq >= 1
    with pytest.raises(LinkMessageError):
        KeyPair.generate().open(coordinator.hub_key, sealed)
    # Pushed at the worker under another worker's key id, it does not open either.
    other = KeyPair.generate()
    forged = other.seal((await async_worker_keys(hass)).public, _any_message(coordinator))
    rejected = coordinator.rejected
    async with broker_user(mosquitto, "hub") as intruder:
        await intruder.publish(topic.replace("/snapshot", "/events"), forged, qos=1)
    await wait_until(hass, lambda: coordinator.rejected > rejected)


def _any_message(coordinator: BrokerFollowCoordinator) -> LinkMessage:
    return LinkMessage(
        seq=coordinator.guard.last + 100,
        at=dt_util.utcnow(),
        type=MessageType.EVENT,
        body={"kind": "call", "status": "requested", "requested_at": None},
    )


async def test_the_operator_sees_no_name_note_medicine_or_phone(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    mosquitto: Mosquitto,
    follower: MockConfigEntry,
) -> None:
    async with broker_user(mosquitto, "operator") as operator:
        await operator.subscribe("#")
        kinds = LIISA_KINDS | {DataKind.MEDICATION_DETAILS, DataKind.REMINDERS}
        await _set_consent(
            hass, loaded_hub, _consent(loaded_hub).with_kinds(kinds, dt_util.utcnow())
        )
        result = await hass.config_entries.subentries.async_init(
            (loaded_hub.entry_id, "medication"), context={"source": SOURCE_USER}
        )
        await hass.config_entries.subentries.async_configure(
            result["flow_id"], medication_input(name="Sertraliini")
        )
        await hass.async_block_till_done()
        await wait_until(hass, lambda: loaded_hub.runtime_data.link.session.connected)
        await hass.services.async_call(
            DOMAIN,
            "check_in",
            {"config_entry_id": loaded_hub.entry_id, "mood": 2, "note": "Huono yö"},
            blocking=True,
        )
        await hass.services.async_call(
            DOMAIN, "request_call", {"config_entry_id": loaded_hub.entry_id}, blocking=True
        )
        seen = await read_for(operator, 3.0)
    # The worker did get it all, medicine name included.
    coordinator = follower.runtime_data.coordinator
    await wait_until(hass, lambda: coordinator.data.medication_details)
    assert coordinator.data.medication_details[0].name == "Sertraliini"
    assert coordinator.data.mood.note == "Huono yö"
    assert len(seen) > 5
    # The phone number in the forms it could be written in; not its short pieces, which a
    # random hex topic id contains by chance (e.g. ".../3b5036a04023b55d...").
    phone = ("040 123 4567", "0401234567", "+358401234567", "123 4567")
    secrets_ = ("Maija", "Liisa", "Pekka", "Huono", "Sertraliini", *phone)
    for topic, payload, _ in seen:
        for secret in secrets_:
            assert secret not in topic
            assert secret.encode() not in payload
            assert secret.lower().encode() not in payload.lower()


async def test_hub_offline_by_last_will_and_back(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, follower: MockConfigEntry
) -> None:
    session = loaded_hub.runtime_data.link.session
    connects = session.connects
    # The hub's network drops without a goodbye: the broker publishes its last will.
    session._client._client.socket().shutdown(socket.SHUT_RDWR)
    await wait_until(hass, lambda: hass.states.get(MOOD).state == STATE_UNAVAILABLE)
    # It comes back by itself, announces itself and republishes.
    await wait_until(hass, lambda: session.connects > connects)
    await wait_until(hass, lambda: hass.states.get(MOOD).state != STATE_UNAVAILABLE)


async def test_broker_restart_mid_stream(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    follower: MockConfigEntry,
    mosquitto: Mosquitto,
) -> None:
    events = async_capture_events(hass, EVENT_CALL)
    mosquitto.kill()
    await wait_until(hass, lambda: not loaded_hub.runtime_data.link.session.connected)
    await hass.services.async_call(
        DOMAIN,
        "check_in",
        {"config_entry_id": loaded_hub.entry_id, "mood": 5},
        blocking=True,
    )
    mosquitto.start()
    await wait_until(hass, lambda: hass.states.get(MOOD).state == "5", seconds=30)
    await hass.services.async_call(
        DOMAIN, "request_call", {"config_entry_id": loaded_hub.entry_id}, blocking=True
    )
    await wait_until(hass, lambda: _worker_calls(events, follower) == ["requested"], seconds=30)


async def test_escalation_for_workers_and_missed_check_in_reach_the_worker(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, follower: MockConfigEntry
) -> None:
    escalations = async_capture_events(hass, EVENT_ESCALATION)
    check_ins = async_capture_events(hass, EVENT_CHECK_IN)
    steps = loaded_hub.runtime_data.escalator.ladder.steps
    for_worker = next(n for n, step in enumerate(steps, 1) if "worker" in step.roles)
    not_for_worker = [n for n, step in enumerate(steps, 1) if "worker" not in step.roles]
    hub = {"config_entry_id": loaded_hub.entry_id}
    # What the hub's own check-in keeper and escalation ladder announce:
    for step in (*not_for_worker, for_worker):
        hass.bus.async_fire(EVENT_ESCALATION, {**hub, "reason": "missed_check_in", "step": step})
    hass.bus.async_fire(
        EVENT_CHECK_IN, {**hub, "status": "missed", "mood": None, "day": "2026-12-01"}
    )

    def _on_worker(events: list) -> list[dict]:
        return [dict(e.data) for e in events if e.data["config_entry_id"] == follower.entry_id]

    await wait_until(hass, lambda: _on_worker(escalations) and _on_worker(check_ins))
    await asyncio.sleep(0.3)
    await hass.async_block_till_done()
    worker = {"config_entry_id": follower.entry_id}
    assert _on_worker(escalations) == [{**worker, "reason": "missed_check_in", "step": for_worker}]
    assert _on_worker(check_ins) == [
        {**worker, "status": "missed", "mood": None, "day": "2026-12-01"}
    ]


async def test_a_hub_that_stops_says_offline_and_comes_back(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, follower: MockConfigEntry
) -> None:
    # A clean goodbye makes the broker drop the last will: the hub says offline itself.
    assert await hass.config_entries.async_unload(loaded_hub.entry_id)
    await wait_until(hass, lambda: hass.states.get(MOOD).state == STATE_UNAVAILABLE)
    assert hass.states.get("binary_sensor.client_maija_no_contact_for_3_days").state != (
        STATE_UNAVAILABLE
    )
    assert await hass.config_entries.async_setup(loaded_hub.entry_id)
    await wait_until(hass, lambda: hass.states.get(MOOD).state != STATE_UNAVAILABLE)


async def test_a_revocation_made_offline_is_carried_out_after_a_restart(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    follower: MockConfigEntry,
    mosquitto: Mosquitto,
) -> None:
    mosquitto.kill()
    await wait_until(hass, lambda: not loaded_hub.runtime_data.link.session.connected)
    pairing = next(
        sub for sub in loaded_hub.subentries.values() if sub.subentry_type == SUBENTRY_WORKER_LINK
    )
    assert hass.config_entries.async_remove_subentry(loaded_hub, pairing.subentry_id)
    await hass.async_block_till_done()
    # The hub restarts before the broker is back: the revocation is not forgotten.
    assert await hass.config_entries.async_unload(loaded_hub.entry_id)
    mosquitto.start()
    assert await hass.config_entries.async_setup(loaded_hub.entry_id)
    issue_id = f"pairing_revoked_{follower.entry_id}"
    await wait_until(hass, lambda: ir.async_get(hass).async_get_issue(DOMAIN, issue_id), seconds=30)
    coordinator = follower.runtime_data.coordinator
    assert await _retained_for_the_worker(hass, mosquitto, coordinator) == [MessageType.REVOKED]
    assert loaded_hub.runtime_data.link.identity.revoked == {}


async def _retained_for_the_worker(
    hass: HomeAssistant, broker: Mosquitto, coordinator: BrokerFollowCoordinator
) -> list[MessageType]:
    """What a worker's Home Assistant coming back would find retained for it, opened."""
    keys = await async_worker_keys(hass)
    async with broker_user(broker, "operator") as operator:
        await operator.subscribe("digiohjaus/hub/+/to/#")
        retained = [item for item in await read_for(operator, 0.5) if item[2]]
    return [keys.open(coordinator.hub_key, payload).type for _, payload, _ in retained]
