"""Serve the tablet: the strategy's ES module, and the websocket command that builds it.

``digiohjaus/tablet`` is open to every logged-in user (the tablet's own user is not an
administrator); it answers with the dashboard configuration of the hub on this Home
Assistant, or with a page that tells the worker to add the hub first.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Final

from homeassistant.components import frontend, websocket_api
from homeassistant.components.http.server import StaticPathConfig
from homeassistant.components.websocket_api.connection import ActiveConnection
from homeassistant.components.websocket_api.decorators import async_response, websocket_command
from homeassistant.core import HomeAssistant
import probatio as vol

from ...const import CONF_ROLE, DOMAIN, ROLE_HUB
from .dashboard import build_dashboard, no_hub_dashboard
from .sources import tablet_sources
from .texts import async_tablet_texts

WS_TABLET: Final = f"{DOMAIN}/tablet"
STRATEGY_URL: Final = f"/{DOMAIN}_static/kitchen-tablet.js"
STRATEGY_FILE: Final = Path(__file__).resolve().parents[2] / "frontend" / "kitchen-tablet.js"
DEFAULT_URL_PATH: Final = "keittio-tabletti"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


async def async_serve_tablet(hass: HomeAssistant) -> None:
    """Register the websocket command, serve the module and load it in every browser."""
    websocket_api.async_register_command(hass, ws_tablet)
    await hass.http.async_register_static_paths(
        [StaticPathConfig(STRATEGY_URL, str(STRATEGY_FILE), cache_headers=False)]
    )
    if "frontend" in hass.config.components:
        version = await hass.async_add_executor_job(_digest, STRATEGY_FILE)
        frontend.add_extra_js_url(hass, f"{STRATEGY_URL}?v={version}")


async def async_tablet_config(hass: HomeAssistant, url_path: str) -> dict[str, Any]:
    """The dashboard of the hub on this Home Assistant, in the hub's language."""
    for entry in hass.config_entries.async_loaded_entries(DOMAIN):
        if entry.data.get(CONF_ROLE) == ROLE_HUB:
            sources = tablet_sources(hass, entry, url_path)
            return build_dashboard(sources, await async_tablet_texts(hass, sources.language))
    return no_hub_dashboard(await async_tablet_texts(hass, hass.config.language))


@websocket_command(
    {
        vol.Required("type"): WS_TABLET,
        vol.Optional("url_path", default=DEFAULT_URL_PATH): str,
    }
)
@async_response
async def ws_tablet(hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]) -> None:
    """Answer the strategy's ``generate()`` with the dashboard."""
    config = await async_tablet_config(hass, msg["url_path"])
    connection.send_result(msg["id"], config)
