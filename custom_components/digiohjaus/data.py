"""The typed config entries of digiohjaus: one integration, two roles.

Each role keeps its own runtime data and typed entry in its own package:
``hub/runtime.py`` (``HubConfigEntry``, the client's home hub) and ``follow/runtime.py``
(``FollowConfigEntry``, a worker following a client). Only the integration's entry points
and platforms, which serve both roles, use ``DigiohjausConfigEntry`` and dispatch with
``is_follow_entry``: after ``if is_follow_entry(entry): ...`` the type is narrowed, so the
code that follows sees a ``HubConfigEntry``. Nothing under ``hub/`` or ``follow/`` imports
this module.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeIs

from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .const import CONF_ROLE, ROLE_FOLLOW
from .follow.runtime import FollowConfigEntry
from .hub.runtime import HubConfigEntry

type DigiohjausConfigEntry = HubConfigEntry | FollowConfigEntry
type PlatformSetup[E] = Callable[
    [HomeAssistant, E, AddConfigEntryEntitiesCallback], Awaitable[None]
]


def is_follow_entry(entry: DigiohjausConfigEntry) -> TypeIs[FollowConfigEntry]:
    """Return whether the entry follows a client's hub (else it is the client's hub)."""
    return bool(entry.data.get(CONF_ROLE) == ROLE_FOLLOW)


async def _none(
    hass: HomeAssistant,
    entry: FollowConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """A platform the follower does not have: it adds nothing."""


def role_platform(
    hub: PlatformSetup[HubConfigEntry], follow: PlatformSetup[FollowConfigEntry] = _none
) -> PlatformSetup[DigiohjausConfigEntry]:
    """Return a platform's ``async_setup_entry`` that hands the entry to its role's own."""

    async def async_setup_entry(
        hass: HomeAssistant,
        entry: DigiohjausConfigEntry,
        async_add_entities: AddConfigEntryEntitiesCallback,
    ) -> None:
        if is_follow_entry(entry):
            await follow(hass, entry, async_add_entities)
        else:
            await hub(hass, entry, async_add_entities)

    return async_setup_entry
