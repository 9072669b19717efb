"""Set up and unload a followed client on the worker's Home Assistant."""

from __future__ import annotations

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.translation import async_get_translations

from ..const import DOMAIN
from ..devices import async_register_entry_device
from .coordinator import FollowCoordinator, consent_issue_id
from .link.coordinator import (
    CONF_TRANSPORT,
    TRANSPORT_BROKER,
    BrokerFollowCoordinator,
    revoked_issue_id,
)
from .runtime import FollowConfigEntry, FollowData

FOLLOW_PLATFORMS: list[Platform] = [Platform.BINARY_SENSOR, Platform.SENSOR]


async def async_setup_follow_entry(hass: HomeAssistant, entry: FollowConfigEntry) -> bool:
    """Read the hub once (reauth or retry if that fails), then add the client's device."""
    entry.async_on_unload(
        lambda: ir.async_delete_issue(hass, DOMAIN, consent_issue_id(entry.entry_id))
    )
    if entry.data.get(CONF_TRANSPORT) == TRANSPORT_BROKER:
        coordinator: FollowCoordinator = await _async_start_broker(hass, entry)
    else:
        coordinator = FollowCoordinator(hass, entry)
        await coordinator.async_config_entry_first_refresh()
    entry.runtime_data = FollowData(coordinator=coordinator)
    texts = await async_get_translations(hass, hass.config.language, "common", [DOMAIN])
    model = texts.get(f"component.{DOMAIN}.common.followed_client_model", "")
    async_register_entry_device(hass, entry, "followed_client", entry.title, model)
    await hass.config_entries.async_forward_entry_setups(entry, FOLLOW_PLATFORMS)
    return True


async def _async_start_broker(
    hass: HomeAssistant, entry: FollowConfigEntry
) -> BrokerFollowCoordinator:
    """Join the shared broker connection; the hub's retained snapshot arrives by itself."""
    coordinator = BrokerFollowCoordinator(hass, entry)
    await coordinator.async_start()
    entry.async_on_unload(coordinator.async_stop)
    entry.async_on_unload(
        lambda: ir.async_delete_issue(hass, DOMAIN, revoked_issue_id(entry.entry_id))
    )
    return coordinator


async def async_unload_follow_entry(hass: HomeAssistant, entry: FollowConfigEntry) -> bool:
    """Stop polling; the consent repair issue goes with the entry."""
    return await hass.config_entries.async_unload_platforms(entry, FOLLOW_PLATFORMS)
