"""Helpers for durability tests: replay the audit log's consent entries, and crash the hub.

A *crash* here keeps only what had reached the disk: the test's ``hass_storage`` as it was
right after the action returned, and the config entries as Home Assistant last saved them
(a config entry is written about a second after a change, so a crash within that second
loses it; the tests put back the subentry data from before the action).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
import copy
from typing import Any

from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

CONSENT_ON = frozenset({"consent_given", "consent_changed", "consent_restored"})


def consent_from_audit(entries: Iterable[Mapping[str, Any]]) -> dict[str, tuple[bool, list[str]]]:
    """Replay consent entries (oldest first): contact id → (active, kinds agreed)."""
    consent: dict[str, tuple[bool, list[str]]] = {}
    for entry in entries:
        outcome, contact = entry["outcome"], entry["contact_id"]
        if outcome in CONSENT_ON:
            consent[contact] = (bool(entry["kinds"]), list(entry["kinds"]))
        elif outcome == "consent_withdrawn":
            consent[contact] = (False, consent.get(contact, (False, []))[1])
        elif outcome == "contact_removed":
            consent.pop(contact, None)
    return consent


async def audit_entries(hass: HomeAssistant, entry: MockConfigEntry) -> list[dict[str, Any]]:
    """The whole audit log through the public action, oldest first."""
    entries: list[dict[str, Any]] = []
    offset: int | None = 0
    while offset is not None:
        page = await hass.services.async_call(
            "digiohjaus",
            "get_audit_log",
            {"config_entry_id": entry.entry_id, "offset": offset, "limit": 100},
            blocking=True,
            return_response=True,
        )
        assert isinstance(page, dict)
        entries.extend(page["entries"])
        offset = page["next_offset"]
    return list(reversed(entries))


def on_disk(hass_storage: dict[str, Any]) -> dict[str, Any]:
    """What the stores hold on disk right now."""
    return copy.deepcopy(hass_storage)


async def crash_and_start(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    hass_storage: dict[str, Any],
    disk: dict[str, Any],
    subentry_data: Mapping[str, Mapping[str, Any]] | None = None,
) -> None:
    """Stop the hub, put back ``disk`` (and the last saved subentry data), start again."""
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    hass_storage.clear()
    hass_storage.update(copy.deepcopy(disk))
    for subentry_id, data in (subentry_data or {}).items():
        hass.config_entries.async_update_subentry(
            entry, entry.subentries[subentry_id], data=dict(data)
        )
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
