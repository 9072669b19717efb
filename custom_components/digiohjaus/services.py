"""Actions of digiohjaus, registered once in ``async_setup`` (design §7).

Every action names the client home hub by ``config_entry_id``; bad input raises a translated
``ServiceValidationError`` and changes nothing.
"""

from __future__ import annotations

from typing import Final

from homeassistant.const import ATTR_CONFIG_ENTRY_ID
from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import config_validation as cv, service
import probatio as vol

from .const import CONF_ROLE, DOMAIN, ROLE_HUB
from .core.audit import MAX_PAGE_SIZE
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

SERVICE_GET_AUDIT_LOG: Final = "get_audit_log"
ATTR_OFFSET: Final = "offset"
ATTR_LIMIT: Final = "limit"
ATTR_CONTACT_ID: Final = "contact_id"
DEFAULT_PAGE_SIZE: Final = 20

GET_AUDIT_LOG_SCHEMA: Final = vol.Schema(
    {
        vol.Required(ATTR_CONFIG_ENTRY_ID): cv.string,
        vol.Optional(ATTR_OFFSET, default=0): vol.All(vol.Coerce(int), vol.Range(min=0)),
        vol.Optional(ATTR_LIMIT, default=DEFAULT_PAGE_SIZE): vol.All(
            vol.Coerce(int), vol.Range(min=1, max=MAX_PAGE_SIZE)
        ),
        vol.Optional(ATTR_CONTACT_ID): cv.string,
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


async def _async_get_audit_log(call: ServiceCall) -> ServiceResponse:
    """Return a page of the audit log, newest first (never message content)."""
    entry = hub_entry(call.hass, call)
    page = entry.runtime_data.audit.page(
        call.data[ATTR_OFFSET], call.data[ATTR_LIMIT], call.data.get(ATTR_CONTACT_ID)
    )
    return page.as_dict()


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    """Register the actions of digiohjaus."""
    hass.services.async_register(DOMAIN, SERVICE_CHECK_IN, _async_check_in, schema=CHECK_IN_SCHEMA)
    hass.services.async_register(
        DOMAIN,
        SERVICE_GET_AUDIT_LOG,
        _async_get_audit_log,
        schema=GET_AUDIT_LOG_SCHEMA,
        supports_response=SupportsResponse.ONLY,
    )
