"""Diagnostics of a followed client: how it is followed, never who or what."""

from __future__ import annotations

from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.const import CONF_TOKEN, CONF_URL

from ..core.share import ShareSnapshot
from .runtime import FollowConfigEntry


def follow_diagnostics(entry: FollowConfigEntry) -> dict[str, Any]:
    """Return how the follow works, without the hub's address, token or the client's data."""
    coordinator = entry.runtime_data.coordinator
    data = coordinator.data
    return {
        "entry": async_redact_data(
            {"title": entry.title, "data": dict(entry.data), "options": dict(entry.options)},
            {"title", CONF_URL, CONF_TOKEN},
        ),
        "last_update_success": coordinator.last_update_success,
        "update_interval_seconds": (
            coordinator.update_interval.total_seconds() if coordinator.update_interval else None
        ),
        "consent_withdrawn": not isinstance(data, ShareSnapshot),
        "shared_kinds": sorted(data.kinds) if isinstance(data, ShareSnapshot) else [],
    }
