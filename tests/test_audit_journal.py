"""The audit log on disk: new entries before the data leaves, count bumps within a minute.

A *crash* here keeps only what was on disk at that moment (a copy of ``hass_storage``); the
hub is then started again from that copy.
"""

from __future__ import annotations

import copy
from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigSubentryData
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.digiohjaus.const import DOMAIN
from custom_components.digiohjaus.core.audit import AuditOutcome
from custom_components.digiohjaus.core.consent import DataKind
from custom_components.digiohjaus.hub import audit_store

from .contacts import contact_id, contact_subentry

START = "2026-11-28T08:00:00+02:00"
POLL = timedelta(minutes=5)
KINDS = frozenset({DataKind.CHECK_IN, DataKind.MOOD})


@pytest.fixture(autouse=True)
def start_time(freezer: FrozenDateTimeFactory) -> None:
    """A Saturday morning."""
    freezer.move_to(START)


@pytest.fixture
def hub_options(hub_options: dict[str, Any]) -> dict[str, Any]:
    """Missed check-ins on the way only nudge the client: no messages to the contacts."""
    return {**hub_options, "escalation": {"steps": [{"delay_minutes": 0, "roles": ["client"]}]}}


@pytest.fixture
def hub_subentries(start_time: None) -> list[ConfigSubentryData]:
    """Liisa the worker reads check-ins and mood."""
    return [contact_subentry("Liisa", kinds=KINDS)]


async def _read(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """One read by Liisa, recorded as the share endpoint records it."""
    liisa = contact_id(entry, "Liisa")
    kinds = entry.runtime_data.messenger.consented_kinds(liisa)
    outcome = AuditOutcome.SHARE_READ if kinds else AuditOutcome.SHARE_DENIED
    await entry.runtime_data.messenger.async_record(liisa, kinds, outcome, topic="share_read")


def _reads(entry: MockConfigEntry) -> list[tuple[str, int]]:
    page = entry.runtime_data.audit.page(limit=100).entries
    return [(str(e.outcome), e.count) for e in page if e.outcome.startswith("share")]


async def _crash_and_start(
    hass: HomeAssistant, entry: MockConfigEntry, storage: dict[str, Any], disk: dict[str, Any]
) -> None:
    """Stop the hub, keep only ``disk`` (what had been written), start it again."""
    assert await hass.config_entries.async_unload(entry.entry_id)
    storage.clear()
    storage.update(copy.deepcopy(disk))
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()


async def test_a_first_read_is_on_disk_before_it_returns_a_count_bump_within_a_minute(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
) -> None:
    await _read(hass, loaded_hub)
    after_first = copy.deepcopy(hass_storage)
    freezer.tick(POLL)
    await _read(hass, loaded_hub)
    after_second = copy.deepcopy(hass_storage)
    freezer.tick(timedelta(seconds=61))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    after_a_minute = copy.deepcopy(hass_storage)

    # Killed right after the second read: only its count bump is lost.
    await _crash_and_start(hass, loaded_hub, hass_storage, after_second)
    assert _reads(loaded_hub) == [("share_read", 1)]
    # Killed right after the first: the read is there.
    await _crash_and_start(hass, loaded_hub, hass_storage, after_first)
    assert _reads(loaded_hub) == [("share_read", 1)]
    # A minute later both are on disk.
    await _crash_and_start(hass, loaded_hub, hass_storage, after_a_minute)
    assert _reads(loaded_hub) == [("share_read", 2)]


async def test_count_bumps_are_written_when_the_hub_unloads(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
) -> None:
    for _ in range(3):
        await _read(hass, loaded_hub)
        freezer.tick(POLL)
    assert await hass.config_entries.async_unload(loaded_hub.entry_id)
    # The series is one record in the journal, not one per read.
    journal = hass_storage[f"{DOMAIN}.{loaded_hub.entry_id}.audit_journal"]["data"]["records"]
    reads = [r["entry"] for r in journal if r.get("entry", {}).get("outcome") == "share_read"]
    assert [(read["count"], read["first_at"]) for read in reads] == [
        (3, "2026-11-28T08:00:00+02:00")
    ]
    await _crash_and_start(hass, loaded_hub, hass_storage, copy.deepcopy(hass_storage))
    assert _reads(loaded_hub) == [("share_read", 3)]


async def test_a_withdrawal_and_the_first_refusal_are_on_disk_at_once(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
) -> None:
    await _read(hass, loaded_hub)
    await loaded_hub.runtime_data.contacts.async_withdraw(contact_id(loaded_hub, "Liisa"))
    freezer.tick(POLL)
    await _read(hass, loaded_hub)
    disk = copy.deepcopy(hass_storage)
    await _crash_and_start(hass, loaded_hub, hass_storage, disk)
    assert _reads(loaded_hub) == [("share_denied", 1), ("share_read", 1)]
    outcomes = [str(e.outcome) for e in loaded_hub.runtime_data.audit.consent_entries()]
    assert outcomes == ["consent_given", "consent_withdrawn"]


async def test_the_journal_is_compacted_into_the_base_file(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(audit_store, "COMPACT_AT", 5)
    liisa = contact_id(loaded_hub, "Liisa")
    contacts = loaded_hub.runtime_data.contacts
    for _ in range(3):  # each withdrawal, restore and refusal is a new entry
        await contacts.async_withdraw(liisa)
        await _read(hass, loaded_hub)
        await contacts.async_restore(liisa)
        await _read(hass, loaded_hub)
        freezer.tick(POLL)
    await hass.async_block_till_done()
    base = hass_storage[f"{DOMAIN}.{loaded_hub.entry_id}.audit"]["data"]
    journal = hass_storage[f"{DOMAIN}.{loaded_hub.entry_id}.audit_journal"]["data"]
    assert len(journal["records"]) < 5
    assert all(record["seq"] > base["seq"] for record in journal["records"])
    before = loaded_hub.runtime_data.audit.page(limit=100).as_dict()
    assert before["total"] == 13

    await _crash_and_start(hass, loaded_hub, hass_storage, copy.deepcopy(hass_storage))
    assert loaded_hub.runtime_data.audit.page(limit=100).as_dict() == before


async def test_a_crash_between_compaction_and_trimming_duplicates_nothing(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
) -> None:
    """The base was rewritten but the journal still holds the records it includes."""
    liisa = contact_id(loaded_hub, "Liisa")
    await loaded_hub.runtime_data.contacts.async_withdraw(liisa)
    await _read(hass, loaded_hub)
    journal = copy.deepcopy(hass_storage[f"{DOMAIN}.{loaded_hub.entry_id}.audit_journal"])
    before = loaded_hub.runtime_data.audit.page(limit=100).as_dict()
    await loaded_hub.runtime_data.audit.async_compact()
    hass_storage[f"{DOMAIN}.{loaded_hub.entry_id}.audit_journal"] = journal

    await _crash_and_start(hass, loaded_hub, hass_storage, copy.deepcopy(hass_storage))
    assert loaded_hub.runtime_data.audit.page(limit=100).as_dict() == before


async def test_refused_polls_are_one_entry_a_day(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """A worker's Home Assistant left asking every 5 minutes: one entry a day, not 288."""
    await loaded_hub.runtime_data.contacts.async_withdraw(contact_id(loaded_hub, "Liisa"))
    for _ in range(3 * 288):
        freezer.tick(POLL)
        await _read(hass, loaded_hub)
    # Newest first: Tuesday until 08:00, Monday and Sunday whole, Saturday from 08:05.
    assert _reads(loaded_hub) == [
        ("share_denied", 97),
        ("share_denied", 288),
        ("share_denied", 288),
        ("share_denied", 191),
    ]


async def test_reads_counted_around_compactions_come_back_the_same(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
) -> None:
    """Reads go on while the log is written in full (and one while it is being written)."""
    audit = loaded_hub.runtime_data.audit
    for i in range(8):
        if i == 5:
            compacting = hass.async_create_task(audit.async_compact())
            await _read(hass, loaded_hub)  # counted while the base is being written
            await compacting
        else:
            await _read(hass, loaded_hub)
        if i in (1, 3):
            await audit.async_compact()
        freezer.tick(POLL)
    assert _reads(loaded_hub) == [("share_read", 8)]
    assert await hass.config_entries.async_unload(loaded_hub.entry_id)
    await _crash_and_start(hass, loaded_hub, hass_storage, copy.deepcopy(hass_storage))
    assert _reads(loaded_hub) == [("share_read", 8)]
