"""Fixtures for the kitchen tablet: a hub at a frozen time, reminders added through flows."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
import json
from typing import Any

from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from ..reminders.conftest import (  # noqa: F401 - fixtures shared with the reminder tests
    add_reminder,
    clock,
    events,
    move_to,
    start_time,
)

type Generate = Callable[..., Awaitable[dict[str, Any]]]


@pytest.fixture
def generate(hass: HomeAssistant, hass_ws_client: WebSocketGenerator) -> Generate:
    """What the strategy's ``generate()`` receives (as the owner, or ``access_token=``)."""

    async def _generate(**kwargs: Any) -> dict[str, Any]:
        client = await hass_ws_client(hass, **kwargs)
        await client.send_json_auto_id({"type": "digiohjaus/tablet", "url_path": "keittio"})
        message = await client.receive_json()
        assert message["success"], message
        config: dict[str, Any] = message["result"]
        return config

    return _generate


def view(config: dict[str, Any], path: str) -> dict[str, Any]:
    """One page of the dashboard."""
    (found,) = [v for v in config["views"] if v["path"] == path]
    return found


def cards(node: Any) -> list[dict[str, Any]]:
    """Every card below ``node`` (sections, grids and conditionals opened)."""
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        if ("type" in node and node.get("type") not in ("sections", "grid")) or "entity" in node:
            found.append(node)
        for key in ("views", "sections", "cards", "card"):
            if key in node:
                found += cards(node[key])
    elif isinstance(node, list):
        for item in node:
            found += cards(item)
    return found


def text(config: dict[str, Any]) -> str:
    """The whole configuration as text (to look for words and for "None")."""
    return json.dumps(config, ensure_ascii=False)
