"""Diagnostics of digiohjaus: settings and counts only, never names, notes or numbers."""

from __future__ import annotations

from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.core import HomeAssistant

from .const import CONF_ALIAS, CONF_CLIENT_NOTIFY
from .data import DigiohjausConfigEntry, is_follow_entry
from .follow.diagnostics import follow_diagnostics
from .hub.care import care_diagnostics

TO_REDACT = {
    CONF_ALIAS,
    "title",
    "name",
    "note",
    "phone",
    "token",
    "token_hash",
    "share_secret",
    "notify_target",
    CONF_CLIENT_NOTIFY,
    "safety_plan",
    # The broker link (options["broker"]): where and as whom the hub connects.
    "host",
    "username",
    "password",
    "ca_certificate",
}


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: DigiohjausConfigEntry
) -> dict[str, Any]:
    """Return what helps a developer without revealing who the client is."""
    if is_follow_entry(entry):
        return follow_diagnostics(entry)
    profile = entry.runtime_data.profile
    contacts = entry.runtime_data.contacts.contacts()
    return {
        "entry": async_redact_data(
            {"title": entry.title, "data": dict(entry.data), "options": dict(entry.options)},
            TO_REDACT,
        ),
        "profile": {
            "language": profile.language,
            "check_in_deadline": profile.check_in_deadline.isoformat(),
            "visit_interval_days": profile.visit_interval_days,
            "next_visit_due": profile.next_visit_due.isoformat(),
        },
        "subentries": {
            kind: sum(1 for sub in entry.subentries.values() if sub.subentry_type == kind)
            for kind in sorted({sub.subentry_type for sub in entry.subentries.values()})
        },
        "contacts": {
            "by_role": {
                role: sum(1 for contact in contacts if contact.role == role)
                for role in sorted({str(contact.role) for contact in contacts})
            },
            "consent_active": sum(1 for contact in contacts if contact.consent.active),
            "consent_withdrawn": sum(1 for contact in contacts if contact.consent.withdrawn),
        },
        "care": care_diagnostics(entry),
        "reminders": entry.runtime_data.reminders.diagnostics(),
        "broker_link": link.diagnostics() if (link := entry.runtime_data.link) else None,
        "audit_log": {
            "entries": len(entry.runtime_data.audit),
            "by_outcome": entry.runtime_data.audit.counts(),
        },
    }
