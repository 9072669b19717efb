"""What a followed client's entry keeps in ``entry.runtime_data``, and its typed entry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from homeassistant.config_entries import ConfigEntry

if TYPE_CHECKING:
    from .coordinator import FollowCoordinator


@dataclass(slots=True)
class FollowData:
    """Runtime state of one followed hub."""

    coordinator: FollowCoordinator


type FollowConfigEntry = ConfigEntry[FollowData]
"""A followed client's config entry, with its runtime data typed."""
