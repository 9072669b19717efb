"""Actions of digiohjaus, registered once in ``async_setup`` (design §7).

Every action names the client home hub by ``config_entry_id``; bad input raises a translated
``ServiceValidationError`` and changes nothing.
"""

from __future__ import annotations

from typing import Final

from homeassistant.const import ATTR_CONFIG_ENTRY_ID
from homeassistant.core import HomeAssistant, ServiceCall, callback
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import config_validation as cv, service
import probatio as vol

from .const import CONF_ROLE, DOMAIN, ROLE_HUB
from .core.checkin import CheckInError
from .data import DigiohjausConfigEntry

SERVICE_CHECK_IN: Final = "check_in"
ATTR_MOOD: Final = "mood"
ATTR_NOTE: Final = "note"

CHECK_IN_SCHEMA: Final = vol.Schema(
    {
        vol.Required(ATTR_CONFIG_ENTRY_ID): cv.string,
        # The range is checked by the check-in core, which names the error in the hub's words.
        vol.Required(ATTR_MOOD): vol.Any(int, float, str),
        vol.Optional(ATTR_NOTE): vol.Any(None, cv.string),
    }
)


def hub_entry(hass: HomeAssistant, call: ServiceCall) -> DigiohjausConfigEntry:
    """The loaded client home hub the action names, or a translated error."""
    entry: DigiohjausConfigEntry = service.async_get_config_entry(
        hass, DOMAIN, call.data[ATTR_CONFIG_ENTRY_ID]
    )
    if entry.data.get(CONF_ROLE) != ROLE_HUB:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="not_a_hub",
            translation_placeholders={"entry_title": entry.title},
        )
    return entry


async def _async_check_in(call: ServiceCall) -> None:
    """Record the client's check-in (mood 1–5, optional note)."""
    entry = hub_entry(call.hass, call)
    try:
        await entry.runtime_data.checkin.async_check_in(
            call.data[ATTR_MOOD], call.data.get(ATTR_NOTE)
        )
    except CheckInError as err:
        raise ServiceValidationError(translation_domain=DOMAIN, translation_key=err.key) from err


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    """Register the actions of digiohjaus."""
    hass.services.async_register(DOMAIN, SERVICE_CHECK_IN, _async_check_in, schema=CHECK_IN_SCHEMA)
