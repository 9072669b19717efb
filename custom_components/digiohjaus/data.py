"""The typed config entries of digiohjaus: one integration, two roles.

``DigiohjausConfigEntry`` is what Home Assistant hands to the integration's entry points;
``is_follow_entry`` tells the roles apart (by ``entry.data["role"]``) and narrows the type,
so code after ``if is_follow_entry(entry): ...`` sees a ``HubConfigEntry``. Code that only
ever runs for one role (hub entities, the follower's coordinator) takes the narrow type.
"""

from __future__ import annotations

from typing import TypeIs

from homeassistant.config_entries import ConfigEntry

from .const import CONF_ROLE, ROLE_FOLLOW
from .follow.coordinator import FollowData
from .hub.runtime import HubData

type HubConfigEntry = ConfigEntry[HubData]
type FollowConfigEntry = ConfigEntry[FollowData]
type DigiohjausConfigEntry = HubConfigEntry | FollowConfigEntry


def is_follow_entry(entry: DigiohjausConfigEntry) -> TypeIs[FollowConfigEntry]:
    """Return whether the entry follows a client's hub (else it is the client's hub)."""
    return bool(entry.data.get(CONF_ROLE) == ROLE_FOLLOW)
