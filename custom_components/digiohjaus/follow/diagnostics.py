"""Diagnostics of a followed client: how it is followed, never who or what."""

from __future__ import annotations

from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.const import CONF_TOKEN, CONF_URL

from ..core.share import ShareSnapshot
from .coordinator import FollowCoordinator
from .link.coordinator import BrokerFollowCoordinator
from .runtime import FollowConfigEntry

_BROKER_SECRETS = ("host", "username", "password", "ca_certificate", "hub_key", "hub_link_id")


def _broker(coordinator: FollowCoordinator) -> dict[str, Any] | None:
    if not isinstance(coordinator, BrokerFollowCoordinator):
        return None
    return {"received": coordinator.received, "rejected": coordinator.rejected}


def follow_diagnostics(entry: FollowConfigEntry) -> dict[str, Any]:
    """Return how the follow works, without the hub's address, token or the client's data."""
    coordinator = entry.runtime_data.coordinator
    data = coordinator.data
    return {
        "entry": async_redact_data(
            {"title": entry.title, "data": dict(entry.data), "options": dict(entry.options)},
            {"title", CONF_URL, CONF_TOKEN, *_BROKER_SECRETS},
        ),
        "broker_link": _broker(coordinator),
        "last_update_success": coordinator.last_update_success,
        "update_interval_seconds": (
            coordinator.update_interval.total_seconds() if coordinator.update_interval else None
        ),
        "consent_withdrawn": not isinstance(data, ShareSnapshot),
        "shared_kinds": sorted(data.kinds) if isinstance(data, ShareSnapshot) else [],
    }
