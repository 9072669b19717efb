"""The broker settings form (the hub's options, and the worker's follow flow), checked live.

An empty address turns the link off. A password left empty keeps the one stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers.selector import (
    BooleanSelector,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)
import probatio as vol

from ...core.link.session import BrokerConnectError, async_check_connection
from ...core.link.settings import (
    CONF_CA,
    CONF_HOST,
    CONF_PASSWORD,
    CONF_PORT,
    CONF_PREFIX,
    CONF_TLS,
    CONF_USERNAME,
    DEFAULT_PORT,
    BrokerSettingsError,
    build_tls_context,
    settings_from_input,
)
from ...core.link.topics import DEFAULT_PREFIX


def broker_schema(current: Mapping[str, Any]) -> vol.Schema:
    """The broker form, filled with what is stored (never the password)."""
    return vol.Schema(
        {
            vol.Optional(CONF_HOST, default=current.get(CONF_HOST, "")): TextSelector(),
            vol.Required(CONF_PORT, default=current.get(CONF_PORT, DEFAULT_PORT)): NumberSelector(
                NumberSelectorConfig(min=1, max=65535, step=1, mode=NumberSelectorMode.BOX)
            ),
            vol.Required(CONF_TLS, default=current.get(CONF_TLS, True)): BooleanSelector(),
            vol.Optional(CONF_CA, default=current.get(CONF_CA, "")): TextSelector(
                TextSelectorConfig(multiline=True)
            ),
            vol.Optional(CONF_USERNAME, default=current.get(CONF_USERNAME, "")): TextSelector(),
            vol.Optional(CONF_PASSWORD): TextSelector(
                TextSelectorConfig(type=TextSelectorType.PASSWORD)
            ),
            vol.Required(
                CONF_PREFIX, default=current.get(CONF_PREFIX, DEFAULT_PREFIX)
            ): TextSelector(),
        }
    )


async def async_validate_broker(
    hass: HomeAssistant, user_input: Mapping[str, Any], current: Mapping[str, Any], client_id: str
) -> dict[str, Any]:
    """Return the settings to store (``{}`` = off), or raise ``BrokerSettingsError``.

    Nothing is stored unless the broker accepted a real connection with them.
    """
    if not str(user_input.get(CONF_HOST) or "").strip():
        return {}
    values = dict(user_input)
    if not values.get(CONF_PASSWORD):
        values[CONF_PASSWORD] = current.get(CONF_PASSWORD, "")
    settings = settings_from_input(values)
    tls = await hass.async_add_executor_job(build_tls_context, settings)
    try:
        await async_check_connection(settings, tls, client_id)
    except BrokerConnectError as err:
        raise BrokerSettingsError("base", f"broker_{err.key}") from err
    return settings.as_dict()
