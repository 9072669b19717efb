"""The hub keeps a worker's repeated share reads as one entry a day, across restarts too."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigSubentryData
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.digiohjaus.const import DOMAIN
from custom_components.digiohjaus.core.audit import AuditOutcome
from custom_components.digiohjaus.core.consent import DataKind

from .contacts import contact_id, contact_subentry

START = "2026-11-28T00:00:00+02:00"
POLL = timedelta(minutes=5)
LIISA_KINDS = frozenset({DataKind.CHECK_IN, DataKind.MOOD})
SENSOR = "sensor.home_hub_maija_latest_data_shared"


@pytest.fixture(autouse=True)
def start_time(freezer: FrozenDateTimeFactory) -> None:
    """Liisa's Home Assistant starts following Maija at midnight on 28 November 2026."""
    freezer.move_to(START)


@pytest.fixture
def hub_options(hub_options: dict[str, Any]) -> dict[str, Any]:
    """Missed check-ins on the way only nudge the client: no messages to the contacts."""
    return {**hub_options, "escalation": {"steps": [{"delay_minutes": 0, "roles": ["client"]}]}}


@pytest.fixture
def hub_subentries(start_time: None) -> list[ConfigSubentryData]:
    """Liisa the worker reads check-ins and mood; Pekka, family, check-ins."""
    return [
        contact_subentry("Liisa", kinds=LIISA_KINDS),
        contact_subentry("Pekka", "family", kinds={DataKind.CHECK_IN}),
    ]


def _key(entry: MockConfigEntry) -> str:
    return f"{DOMAIN}.{entry.entry_id}.audit"


async def _polls(
    hass: HomeAssistant, entry: MockConfigEntry, freezer: FrozenDateTimeFactory, count: int
) -> None:
    """Liisa's Home Assistant reads ``count`` times, every 5 minutes (as the endpoint records)."""
    liisa = contact_id(entry, "Liisa")
    for i in range(count):
        if i:
            freezer.tick(POLL)
        kinds = entry.runtime_data.messenger.consented_kinds(liisa)
        outcome = AuditOutcome.SHARE_READ if kinds else AuditOutcome.SHARE_DENIED
        await entry.runtime_data.messenger.async_record(liisa, kinds, outcome, topic="share_read")


async def _log(hass: HomeAssistant, entry: MockConfigEntry) -> list[dict[str, Any]]:
    response = await hass.services.async_call(
        DOMAIN,
        "get_audit_log",
        {"config_entry_id": entry.entry_id, "limit": 100},
        blocking=True,
        return_response=True,
    )
    assert response is not None
    entries: list[dict[str, Any]] = response["entries"]  # type: ignore[assignment]
    return entries


def _rows(entries: list[dict[str, Any]]) -> list[tuple[str, str, int]]:
    return [(e["contact"], e["outcome"], e["count"]) for e in entries]


async def _restart(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    assert await hass.config_entries.async_unload(entry.entry_id)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()


async def test_a_day_of_polls_is_one_entry(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
) -> None:
    await _polls(hass, loaded_hub, freezer, 288)

    entries = await _log(hass, loaded_hub)
    assert _rows(entries) == [
        ("Liisa", "share_read", 288),
        ("Pekka", "consent_given", 1),
        ("Liisa", "consent_given", 1),
    ]
    series = entries[0]
    assert series["first_at"] == "2026-11-28T00:00:00+02:00"
    assert series["last_at"] == series["at"] == "2026-11-28T23:55:00+02:00"
    assert series["kinds"] == ["check_in", "mood"]
    assert entries[1]["first_at"] == entries[1]["last_at"] == entries[1]["at"]
    await loaded_hub.runtime_data.audit.async_compact()
    stored = hass_storage[_key(loaded_hub)]
    assert stored["minor_version"] == 2
    assert len(stored["data"]["entries"]) == 3

    # The sensor follows a series within a second (not on every read).
    freezer.tick(timedelta(seconds=1))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    state = hass.states.get(SENSOR)
    assert state is not None
    assert state.state == "2026-11-28T21:55:00+00:00"
    assert state.attributes["count"] == 288
    assert state.attributes["first_at"] == "2026-11-28T00:00:00+02:00"
    recent = state.attributes["recent"][0]
    assert (recent["first_at"], recent["last_at"], recent["count"]) == (
        "2026-11-28T00:00:00+02:00",
        "2026-11-28T23:55:00+02:00",
        288,
    )

    # Midnight: the next day's reads are a new entry.
    freezer.tick(POLL)
    await _polls(hass, loaded_hub, freezer, 1)
    assert _rows(await _log(hass, loaded_hub))[:2] == [
        ("Liisa", "share_read", 1),
        ("Liisa", "share_read", 288),
    ]


async def test_withdrawal_in_between_splits_the_reads(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    liisa = contact_id(loaded_hub, "Liisa")
    contacts = loaded_hub.runtime_data.contacts
    await _polls(hass, loaded_hub, freezer, 12)
    freezer.tick(POLL)
    await contacts.async_withdraw(liisa)
    await hass.async_block_till_done()
    await _polls(hass, loaded_hub, freezer, 2)  # refused: consent withdrawn
    freezer.tick(POLL)
    await contacts.async_restore(liisa)
    await hass.async_block_till_done()
    await _polls(hass, loaded_hub, freezer, 3)

    assert _rows(await _log(hass, loaded_hub))[:5] == [
        ("Liisa", "share_read", 3),
        ("Liisa", "consent_restored", 1),
        ("Liisa", "share_denied", 2),  # refused reads are a series too
        ("Liisa", "consent_withdrawn", 1),
        ("Liisa", "share_read", 12),
    ]


async def test_a_restart_keeps_the_series_going(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
) -> None:
    await _polls(hass, loaded_hub, freezer, 10)
    await _restart(hass, loaded_hub)
    freezer.tick(POLL)
    await _polls(hass, loaded_hub, freezer, 2)

    entries = await _log(hass, loaded_hub)
    assert _rows(entries)[0] == ("Liisa", "share_read", 12)
    assert entries[0]["first_at"] == "2026-11-28T00:00:00+02:00"
    assert entries[0]["last_at"] == "2026-11-28T00:55:00+02:00"
    await loaded_hub.runtime_data.audit.async_compact()
    assert len(hass_storage[_key(loaded_hub)]["data"]["entries"]) == 3


async def test_a_series_is_kept_until_its_last_read_is_two_years_old(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    freezer.move_to("2026-11-28T09:00:00+02:00")
    await _polls(hass, loaded_hub, freezer, 97)  # 09.00 – 17.00
    audit = loaded_hub.runtime_data.audit

    freezer.move_to("2028-11-28T12:00:00+02:00")
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    # Its first reads are over two years old, its last are not: the entry stays whole.
    assert [(str(e.outcome), e.count) for e in audit.page().entries] == [("share_read", 97)]

    freezer.move_to("2028-11-28T17:00:01+02:00")
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert len(audit) == 0


def _old_read(at: datetime, liisa: str) -> dict[str, Any]:
    """A share read as the hub stored it before series existed (format 1.1)."""
    return {
        "at": at.isoformat(),
        "contact_id": liisa,
        "contact": "Liisa",
        "role": "worker",
        "kinds": ["check_in", "mood"],
        "outcome": "share_read",
        "topic": "share_read",
        "reason": None,
        "ref": None,
    }


async def test_an_old_log_is_brought_to_series_once(
    hass: HomeAssistant,
    hub_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
) -> None:
    liisa = contact_id(hub_entry, "Liisa")
    now = dt_util.now()
    reads = [_old_read(now - timedelta(days=2) + i * POLL, liisa) for i in range(2 * 288)]
    message = {
        **_old_read(now - timedelta(hours=30), liisa),
        "outcome": "sent",
        "topic": "call_request",
        "kinds": ["calls"],
    }
    hass_storage[_key(hub_entry)] = {
        "version": 1,
        "minor_version": 1,
        "key": _key(hub_entry),
        "data": {"entries": [*reads, message], "contacts": {}},
    }
    assert await hass.config_entries.async_setup(hub_entry.entry_id)
    await hass.async_block_till_done()

    entries = await _log(hass, hub_entry)
    assert _rows(entries) == [
        ("Pekka", "consent_given", 1),
        ("Liisa", "consent_given", 1),
        ("Liisa", "share_read", 288),  # 27 Nov, the whole day
        ("Liisa", "share_read", 71),  # 26 Nov after the message
        ("Liisa", "sent", 1),  # an old entry reads as one event
        ("Liisa", "share_read", 217),  # 26 Nov until the message
    ]
    assert [(e["first_at"], e["last_at"]) for e in entries[3:6]] == [
        ("2026-11-26T18:05:00+02:00", "2026-11-26T23:55:00+02:00"),
        ("2026-11-26T18:00:00+02:00", "2026-11-26T18:00:00+02:00"),
        ("2026-11-26T00:00:00+02:00", "2026-11-26T18:00:00+02:00"),
    ]
    stored = hass_storage[_key(hub_entry)]
    assert stored["minor_version"] == 2
    # Written once in the new form at start; the consent entries recorded since are in
    # the journal.
    assert len(stored["data"]["entries"]) == 4
    journal = hass_storage[f"{_key(hub_entry)}_journal"]["data"]["records"]
    assert [r["entry"]["outcome"] for r in journal if "entry" in r] == ["consent_given"] * 2
    assert None not in stored["data"]["entries"][0].values()


async def test_a_log_from_a_newer_version_is_read_as_it_is(
    hass: HomeAssistant, hub_entry: MockConfigEntry, hass_storage: dict[str, Any]
) -> None:
    """After a downgrade the log of a later version is shown, not rewritten."""
    liisa = contact_id(hub_entry, "Liisa")
    now = dt_util.now()
    hass_storage[_key(hub_entry)] = {
        "version": 1,
        "minor_version": 3,
        "key": _key(hub_entry),
        "data": {"entries": [_old_read(now - POLL, liisa), _old_read(now, liisa)]},
    }
    assert await hass.config_entries.async_setup(hub_entry.entry_id)
    await hass.async_block_till_done()
    assert [row for row in _rows(await _log(hass, hub_entry)) if row[1] == "share_read"] == [
        ("Liisa", "share_read", 1),
        ("Liisa", "share_read", 1),
    ]
