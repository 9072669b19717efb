"""Logbook entries for reminder events, in the hub's language ("💊 Burana: otettu")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from homeassistant.components.logbook.const import (
    LOGBOOK_ENTRY_ENTITY_ID,
    LOGBOOK_ENTRY_MESSAGE,
    LOGBOOK_ENTRY_NAME,
)
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.helpers import entity_registry as er

from .const import DOMAIN, EVENT_REMINDER
from .hub.reminders.notify import common_text
from .hub.reminders.registry import KINDS


@callback
def async_describe_events(
    hass: HomeAssistant,
    async_describe_event: Callable[[str, str, Callable[[Event], dict[str, str]]], None],
) -> None:
    """Describe ``digiohjaus_reminder`` events."""

    @callback
    def describe_reminder(event: Event) -> dict[str, str]:
        data: dict[str, Any] = dict(event.data)
        kind = KINDS.get(str(data.get("kind")))
        emoji = f"{kind.emoji} " if kind else ""
        status = str(data.get("status"))
        entry = hass.config_entries.async_get_entry(str(data.get("config_entry_id")))
        texts = (
            entry.runtime_data.reminders.texts
            if entry is not None and entry.state is ConfigEntryState.LOADED
            else {}
        )
        key = f"{data.get('kind')}_logbook_{status}"
        message = common_text(texts, key)
        described = {
            LOGBOOK_ENTRY_NAME: f"{emoji}{data.get('name', '')}",
            LOGBOOK_ENTRY_MESSAGE: status if message == key else message,
        }
        entity_id = er.async_get(hass).async_get_entity_id(
            "sensor", DOMAIN, f"{data.get('reminder_id')}_status"
        )
        if entity_id is not None:
            described[LOGBOOK_ENTRY_ENTITY_ID] = entity_id
        return described

    async_describe_event(DOMAIN, EVENT_REMINDER, describe_reminder)
