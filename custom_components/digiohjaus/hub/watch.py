"""Follow changes to the hub's config subentries while the hub runs.

Home Assistant adds, changes and removes subentries without reloading the entry, and the
hub's ``OptionsFlowWithReload`` forbids entry update listeners. This module listens to
the config-entry change signal instead:
- every change of the entry calls ``on_change`` (e.g. to audit consent changes);
- when a subentry is added or removed, or its title or configuration changes, the hub is
  reloaded so its devices, entities and timers follow. Keys listed in ``RUNTIME_KEYS``
  (state that entities follow live, such as a contact's consent) do not cause a reload.

Subentry flows should therefore finish with ``async_create_entry`` or
``async_update_and_abort`` (not ``async_update_reload_and_abort``): the reload follows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
import hashlib
from typing import Any, Final

from homeassistant.config_entries import (
    SIGNAL_CONFIG_ENTRY_CHANGED,
    ConfigEntry,
    ConfigEntryChange,
    ConfigEntryState,
)
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.dispatcher import async_dispatcher_connect

RUNTIME_KEYS: Final = frozenset({"consent"})
"""Subentry data keys that change while the hub runs and never need a reload."""

LIVE_TYPES: Final = frozenset({"share_token", "worker_link"})
"""Subentry types read live when used (share tokens, broker pairings): adding, rotating
or revoking one never needs a reload."""


_RUNNING: Final = frozenset({ConfigEntryState.SETUP_IN_PROGRESS, ConfigEntryState.LOADED})
"""The hub is being set up or runs: a change of its subentries must reach it."""


def subentry_fingerprint(entry: ConfigEntry) -> bytes:
    """Return a digest of what of the subentries, when changed, needs a reload of the hub.

    A digest, not the configuration itself: the running hub keeps 16 bytes, not a copy of
    every medicine's settings.
    """
    found = sorted(
        (sub.subentry_id, sub.subentry_type, sub.title, _configuration(sub.data))
        for sub in entry.subentries.values()
        if sub.subentry_type not in LIVE_TYPES
    )
    return hashlib.blake2b(repr(found).encode(), digest_size=16).digest()


def _configuration(data: Mapping[str, Any]) -> str:
    return repr(
        sorted((key, repr(value)) for key, value in data.items() if key not in RUNTIME_KEYS)
    )


@callback
def async_watch_subentries(
    hass: HomeAssistant,
    entry: ConfigEntry,
    on_change: Callable[[], object],
    built_from: bytes,
) -> CALLBACK_TYPE:
    """Call ``on_change`` on every change of ``entry``; reload it when its subentries change.

    ``built_from`` is :func:`subentry_fingerprint` taken when the hub's setup began, before
    it read its subentries. A subentry added or changed while the hub is being set up (a
    worker adding medicines one after another while the previous one's reload runs) is
    compared with it, here or when the change comes, and reloads the hub once more (the
    reload waits for the setup to end) instead of being missed until some later change.

    Returns the function that stops watching (pass it to ``entry.async_on_unload``).
    """
    fingerprint = built_from
    reloading = subentry_fingerprint(entry) != fingerprint
    if reloading:
        hass.config_entries.async_schedule_reload(entry.entry_id)

    @callback
    def _changed(change: ConfigEntryChange, changed: ConfigEntry) -> None:
        nonlocal reloading
        if (
            change is not ConfigEntryChange.UPDATED
            or changed.entry_id != entry.entry_id
            or entry.state not in _RUNNING
        ):
            return
        on_change()
        if not reloading and subentry_fingerprint(entry) != fingerprint:
            reloading = True
            hass.config_entries.async_schedule_reload(entry.entry_id)

    return async_dispatcher_connect(hass, SIGNAL_CONFIG_ENTRY_CHANGED, _changed)
