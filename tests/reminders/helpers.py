"""Helpers for the tests of every reminder kind: the client's phone, entities, the clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from homeassistant.config_entries import RELOAD_AFTER_UPDATE_DELAY
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.digiohjaus.const import CONF_CLIENT_NOTIFY, DOMAIN

from .conftest import MoveTo

PHONE = "notify.mobile_app_maijan_puhelin"


@dataclass(frozen=True)
class Sent:
    """One notification on the client's phone, and when it came (local time)."""

    at: datetime
    title: str
    message: str
    actions: list[dict[str, str]]

    @property
    def day(self) -> str:
        """The local date it came on, e.g. ``2027-02-25``."""
        return self.at.date().isoformat()


async def use_phone(hass: HomeAssistant, entry: MockConfigEntry) -> list[Sent]:
    """Make the client's phone get the reminders; return what it receives, in order.

    The escalation ladder here tells only family, so the phone gets reminders alone (the
    ladder's own nudges to the client are tested in tests/test_escalation.py).
    """
    sent: list[Sent] = []

    async def receive(call: ServiceCall) -> None:
        data: dict[str, Any] = dict(call.data.get("data") or {})
        sent.append(
            Sent(dt_util.now(), call.data["title"], call.data["message"], data.get("actions", []))
        )

    hass.services.async_register("notify", PHONE.partition(".")[2], receive)
    family_only = {"steps": [{"delay_minutes": 15, "roles": ["family"]}]}
    hass.config_entries.async_update_entry(
        entry, options={**entry.options, CONF_CLIENT_NOTIFY: [PHONE], "escalation": family_only}
    )
    await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    return sent


def entity_id(hass: HomeAssistant, domain: str, reminder_id: str, key: str) -> str:
    """The entity id of one of a reminder's entities (e.g. its status sensor)."""
    found = er.async_get(hass).async_get_entity_id(domain, DOMAIN, f"{reminder_id}_{key}")
    assert found is not None
    return found


def state_of(hass: HomeAssistant, entity: str) -> str:
    """The state of an entity that must exist."""
    state = hass.states.get(entity)
    assert state is not None
    return state.state


async def press(hass: HomeAssistant, button: str) -> None:
    """Press a button as the client does on the tablet."""
    await hass.services.async_call("button", "press", {"entity_id": button}, blocking=True)


async def enable(hass: HomeAssistant, move_to: MoveTo, *entity_ids: str) -> None:
    """Enable entities disabled by default as a worker does; Home Assistant reloads the hub."""
    registry = er.async_get(hass)
    for entity in entity_ids:
        registry.async_update_entity(entity, disabled_by=None)
    await move_to(dt_util.utcnow() + timedelta(seconds=RELOAD_AFTER_UPDATE_DELAY + 1))
    for entity in entity_ids:
        assert hass.states.get(entity) is not None, entity


async def run_until(entry: MockConfigEntry, move_to: MoveTo, end: datetime) -> None:
    """Let the clock run to ``end``, stopping at every instant the engine's timer is set for."""
    while (at := next_wakeup(entry)) is not None and at <= end:
        await move_to(at)
    await move_to(end)


def next_wakeup(entry: MockConfigEntry) -> datetime | None:
    """When the engine's one timer is set for."""
    at = entry.runtime_data.reminders.diagnostics()["next_wakeup"]
    return datetime.fromisoformat(at) if at else None
