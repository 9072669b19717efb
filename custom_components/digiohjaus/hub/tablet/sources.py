"""What the tablet is built from: the hub's entry, subentries and its own entity registry.

Entities are found by their unique ids (``<entry or subentry id>_<key>``), never by entity
ids or names, so the tablet fits whatever the hub and its reminders are called. An entity
that is gone or disabled is simply not in :attr:`TabletSources.entities`: its card is left
out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er

from ..reminders.registry import KINDS
from ..runtime import HubData


@dataclass(frozen=True, slots=True)
class ReminderSource:
    """One reminder on the tablet: its kind, name and the entities of its line."""

    kind: str
    name: str
    all_day: bool
    status: str | None  # the status sensor (carries the ``today`` attributes)
    done: str | None  # the "done" button (Otettu, Maksettu …)
    video: bool = False  # an appointment with a video link


@dataclass(frozen=True, slots=True)
class ContactSource:
    """A contact whose consent the client can withdraw or restore on the tablet."""

    name: str
    role: str
    consent: str | None  # the consent switch


@dataclass(frozen=True, slots=True)
class TabletSources:
    """Everything the builder needs; plain data, so the builder is tested without a hub."""

    alias: str
    language: str
    emergency: str
    crisis_line: str
    hub: dict[str, str]  # entity key of the hub (``call_worker`` …) → entity id
    reminders: tuple[ReminderSource, ...]
    contacts: tuple[ContactSource, ...]
    shopping_list: str | None
    url_path: str


def _entity_ids(hass: HomeAssistant, entry_id: str) -> dict[str, str]:
    """Unique id → entity id of the hub's enabled entities."""
    registry = er.async_get(hass)
    return {
        item.unique_id: item.entity_id
        for item in er.async_entries_for_config_entry(registry, entry_id)
        if item.disabled_by is None
    }


def _shopping_list(hass: HomeAssistant) -> str | None:
    """Home Assistant's own shopping list, when that integration is set up."""
    registry = er.async_get(hass)
    found = sorted(
        item.entity_id
        for item in registry.entities.values()
        if item.platform == "shopping_list" and item.domain == "todo" and item.disabled_by is None
    )
    return found[0] if found else None


def _kind_order(kind: str) -> int:
    return list(KINDS).index(kind) if kind in KINDS else len(KINDS)


def tablet_sources(hass: HomeAssistant, entry: ConfigEntry[Any], url_path: str) -> TabletSources:
    """Read the hub's sources for the tablet (``entry`` is a loaded hub)."""
    data: HubData = entry.runtime_data
    ids = _entity_ids(hass, entry.entry_id)
    prefix = f"{entry.entry_id}_"
    hub = {uid.removeprefix(prefix): eid for uid, eid in ids.items() if uid.startswith(prefix)}
    reminders = sorted(
        (
            ReminderSource(
                kind=reminder.spec.kind,
                name=reminder.spec.name,
                all_day=reminder.kind.all_day,
                status=ids.get(f"{rid}_status"),
                done=ids.get(f"{rid}_done"),
                video=bool(reminder.data.get("link")),
            )
            for rid, reminder in data.reminders.subentry_reminders.items()
        ),
        key=lambda source: (_kind_order(source.kind), source.name.casefold()),
    )
    contacts = tuple(
        ContactSource(
            name=contact.name,
            role=str(contact.role),
            consent=ids.get(f"{contact.contact_id}_consent"),
        )
        for contact in sorted(data.contacts.contacts(), key=lambda c: (c.role != "worker", c.name))
    )
    return TabletSources(
        alias=data.profile.alias,
        language=data.profile.language,
        emergency=data.safety.crisis.emergency,
        crisis_line=data.safety.crisis.crisis_line,
        hub=hub,
        reminders=tuple(reminders),
        contacts=contacts,
        shopping_list=_shopping_list(hass),
        url_path=url_path,
    )
