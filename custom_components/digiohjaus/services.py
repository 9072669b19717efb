"""Actions of digiohjaus, registered once in ``async_setup`` (design §7).

Hub actions name the client home hub by ``config_entry_id``; ``mark_done`` and ``snooze``
target a reminder's entities (or its device) and do what the reminder's buttons do. Bad
input raises a translated ``ServiceValidationError`` and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import ATTR_CONFIG_ENTRY_ID
from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import config_validation as cv, entity_registry as er, service
from homeassistant.helpers.service import async_extract_entity_ids
import probatio as vol

from .const import (
    ATTR_MINUTES,
    CONF_ROLE,
    DOMAIN,
    MAX_SNOOZE_MINUTES,
    MIN_SNOOZE_MINUTES,
    ROLE_HUB,
    SERVICE_MARK_DONE,
    SERVICE_SNOOZE,
)
from .core.audit import MAX_PAGE_SIZE
from .core.checkin import CheckInError, validate_mood
from .core.numbers import whole_in_range
from .hub.reminders.engine import ReminderEngine
from .hub.runtime import HubConfigEntry

SERVICE_CHECK_IN: Final = "check_in"
SERVICE_REQUEST_CALL: Final = "request_call"
SERVICE_ACKNOWLEDGE_CALL: Final = "acknowledge_call"
ATTR_MOOD: Final = "mood"
ATTR_NOTE: Final = "note"


def _translated(key: str, **placeholders: str) -> ServiceValidationError:
    return ServiceValidationError(
        translation_domain=DOMAIN, translation_key=key, translation_placeholders=placeholders
    )


def _mood(value: object) -> int:
    """The mood, a whole number 1–5 ("nan", "inf", "1e400", "٣" are refused, translated)."""
    try:
        return validate_mood(value)
    except CheckInError as err:
        raise _translated(err.key) from err


def _whole(key: str, low: int, high: int) -> Callable[[object], int]:
    """A schema check for a whole number in ``[low, high]``; else the translated ``key``."""

    def check(value: object) -> int:
        number = whole_in_range(value, low, high)
        if number is None:
            raise _translated(key, min=str(low), max=str(high))
        return number

    return check


CHECK_IN_SCHEMA: Final = vol.Schema(
    {
        vol.Required(ATTR_CONFIG_ENTRY_ID): cv.string,
        # Checked by the schema, with the error in the hub's words.
        vol.Required(ATTR_MOOD): _mood,
        vol.Optional(ATTR_NOTE): vol.Any(None, cv.string),
    }
)

SERVICE_GET_AUDIT_LOG: Final = "get_audit_log"
ATTR_OFFSET: Final = "offset"
ATTR_LIMIT: Final = "limit"
ATTR_CONTACT_ID: Final = "contact_id"
DEFAULT_PAGE_SIZE: Final = 20
MAX_OFFSET: Final = 1_000_000

GET_AUDIT_LOG_SCHEMA: Final = vol.Schema(
    {
        vol.Required(ATTR_CONFIG_ENTRY_ID): cv.string,
        vol.Optional(ATTR_OFFSET, default=0): _whole("page_out_of_range", 0, MAX_OFFSET),
        vol.Optional(ATTR_LIMIT, default=DEFAULT_PAGE_SIZE): _whole(
            "page_out_of_range", 1, MAX_PAGE_SIZE
        ),
        vol.Optional(ATTR_CONTACT_ID): cv.string,
    }
)


HUB_SCHEMA: Final = vol.Schema({vol.Required(ATTR_CONFIG_ENTRY_ID): cv.string})


def hub_entry(hass: HomeAssistant, call: ServiceCall) -> HubConfigEntry:
    """The loaded client home hub the action names, or a translated error."""
    entry: HubConfigEntry = service.async_get_config_entry(
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


MARK_DONE_SCHEMA = cv.make_entity_service_schema({})
SNOOZE_SCHEMA = cv.make_entity_service_schema(
    {
        vol.Optional(ATTR_MINUTES): _whole(
            "snooze_minutes_out_of_range", MIN_SNOOZE_MINUTES, MAX_SNOOZE_MINUTES
        )
    }
)


async def _async_targets(call: ServiceCall) -> tuple[ReminderEngine, list[str]]:
    """The engine and the reminders the call's target names; every one must be a reminder."""
    hass = call.hass
    entity_ids = sorted(await async_extract_entity_ids(call))
    if not entity_ids:
        raise ServiceValidationError(translation_domain=DOMAIN, translation_key="no_target")
    registry = er.async_get(hass)
    engine: ReminderEngine | None = None
    reminder_ids: list[str] = []
    for entity_id in entity_ids:
        entity = registry.async_get(entity_id)
        hub = (
            hass.config_entries.async_get_entry(entity.config_entry_id)
            if entity is not None and entity.platform == DOMAIN and entity.config_entry_id
            else None
        )
        reminder_id = entity.config_subentry_id if entity is not None else None
        if (
            hub is None
            or reminder_id is None
            or hub.state is not ConfigEntryState.LOADED
            or reminder_id not in hub.runtime_data.reminders.reminders
        ):
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="not_a_reminder",
                translation_placeholders={"entity_id": entity_id},
            )
        engine = hub.runtime_data.reminders
        reminder_ids.append(reminder_id)
    assert engine is not None  # noqa: S101  (entity_ids is not empty)
    return engine, reminder_ids


async def _async_mark_done(call: ServiceCall) -> None:
    engine, reminder_ids = await _async_targets(call)
    await engine.async_mark_done(reminder_ids)


async def _async_snooze(call: ServiceCall) -> None:
    minutes: int | None = call.data.get(ATTR_MINUTES)  # 1–240, checked by the schema
    engine, reminder_ids = await _async_targets(call)
    await engine.async_snooze(reminder_ids, minutes)


async def _async_request_call(call: ServiceCall) -> None:
    """Ask the worker to call, as the tablet's button does (a repeat within 5 min is ignored)."""
    await hub_entry(call.hass, call).runtime_data.calls.async_request()


async def _async_acknowledge_call(call: ServiceCall) -> None:
    """Answer the client's call request with "I'll call you"."""
    entry = hub_entry(call.hass, call)
    if not await entry.runtime_data.calls.async_acknowledge():
        raise ServiceValidationError(translation_domain=DOMAIN, translation_key="no_call_request")


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
    hass.services.async_register(DOMAIN, SERVICE_MARK_DONE, _async_mark_done, MARK_DONE_SCHEMA)
    hass.services.async_register(DOMAIN, SERVICE_SNOOZE, _async_snooze, SNOOZE_SCHEMA)

    hass.services.async_register(
        DOMAIN, SERVICE_REQUEST_CALL, _async_request_call, schema=HUB_SCHEMA
    )
    hass.services.async_register(
        DOMAIN, SERVICE_ACKNOWLEDGE_CALL, _async_acknowledge_call, schema=HUB_SCHEMA
    )
