"""Digiohjaus: remote and digital social guidance on a Home Assistant home hub."""

from __future__ import annotations

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import config_validation as cv, device_registry as dr
from homeassistant.helpers.typing import ConfigType

from .const import DOMAIN
from .data import DigiohjausConfigEntry, is_follow_entry
from .devices import async_register_entry_device, is_stale
from .follow.lifecycle import async_setup_follow_entry, async_unload_follow_entry
from .hub.audit import AuditTrail
from .hub.care import async_remove_care, async_start_care
from .hub.contacts import ContactBook
from .hub.delivery import ActionRouter
from .hub.link.start import async_remove_link, async_start_link
from .hub.messaging import Messenger
from .hub.reminders.engine import ReminderEngine
from .hub.reminders.notify import ClientNotifier
from .hub.runtime import HubData, profile_from_entry
from .hub.share.view import async_register_share_view
from .hub.tablet.websocket import async_serve_tablet
from .hub.visits import async_start_home_visits
from .hub.voice import async_start_voice
from .hub.watch import async_watch_subentries, subentry_fingerprint
from .services import async_setup_services

PLATFORMS: list[Platform] = [
    Platform.BINARY_SENSOR,
    Platform.BUTTON,
    Platform.CALENDAR,
    Platform.SENSOR,
    Platform.SWITCH,
]

CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register the actions and the share endpoint once, whatever entries exist.

    The endpoint answers ``503`` until (and whenever) no hub is loaded.
    """
    async_setup_services(hass)
    async_register_share_view(hass)
    await async_serve_tablet(hass)
    return True


async def async_setup_entry(hass: HomeAssistant, entry: DigiohjausConfigEntry) -> bool:
    """Set up a client home hub (or a followed client, see follow/) from its config entry."""
    if is_follow_entry(entry):
        return await async_setup_follow_entry(hass, entry)
    built_from = subentry_fingerprint(entry)  # before anything reads the subentries
    profile = profile_from_entry(entry)
    actions = ActionRouter(hass, entry.entry_id)
    audit = AuditTrail(hass, entry)
    await audit.async_load()
    entry.async_on_unload(audit.async_stop)
    contacts = ContactBook(hass, entry, audit)
    await contacts.async_load()
    messenger = Messenger(hass, contacts, audit)
    care = await async_start_care(hass, entry, profile, actions, messenger)
    reminders = ReminderEngine(hass, entry)
    entry.runtime_data = HubData(
        profile=profile,
        actions=actions,
        audit=audit,
        contacts=contacts,
        messenger=messenger,
        checkin=care.checkin,
        escalator=care.escalator,
        calls=care.calls,
        safety=care.safety,
        reminders=reminders,
    )
    await reminders.async_load_texts(profile.language)
    async_register_entry_device(hass, entry, "hub", profile.alias, reminders.text("hub_model"))
    contacts.async_register_devices()
    await contacts.async_reconcile()
    ClientNotifier(hass, reminders).async_setup(actions)
    await reminders.async_start(profile.language)
    async_start_home_visits(entry.runtime_data)
    async_start_voice(hass, entry)
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    entry.async_on_unload(actions.async_start())
    entry.async_on_unload(
        async_watch_subentries(
            hass,
            entry,
            lambda: entry.async_create_task(hass, contacts.async_reconcile(), "consent audit"),
            built_from,
        )
    )
    await reminders.async_catch_up()
    await async_start_link(hass, entry)
    return True


async def async_unload_entry(hass: HomeAssistant, entry: DigiohjausConfigEntry) -> bool:
    """Unload a client home hub; every timer and listener goes with it."""
    if is_follow_entry(entry):
        return await async_unload_follow_entry(hass, entry)
    if not await hass.config_entries.async_unload_platforms(entry, PLATFORMS):
        return False
    await entry.runtime_data.audit.async_flush()
    return True


async def async_remove_entry(hass: HomeAssistant, entry: DigiohjausConfigEntry) -> None:
    """Delete what the hub stored about the client when the hub itself is removed."""
    if is_follow_entry(entry):
        return  # A follower stores nothing of the client.
    audit = AuditTrail(hass, entry)
    await audit.async_remove()
    await ContactBook(hass, entry, audit).async_remove()
    await ReminderEngine(hass, entry).async_remove_history()
    await async_remove_care(hass, entry.entry_id)
    await async_remove_link(hass, entry.entry_id)


async def async_remove_config_entry_device(
    hass: HomeAssistant, entry: DigiohjausConfigEntry, device: dr.DeviceEntry
) -> bool:
    """Let the user delete a stale device: one that neither the entry nor a subentry backs."""
    return is_stale(entry, device)
