"""Base entity of a followed client: one device per followed hub, entities per shared kind."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity import Entity, EntityDescription
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from ..const import DOMAIN
from ..core.share import ShareSnapshot
from .coordinator import FollowCoordinator
from .runtime import FollowConfigEntry


@dataclass(frozen=True, kw_only=True)
class FollowDescription(EntityDescription):
    """What every follower entity declares: the consent kinds it is shown for (any of)."""

    kinds: tuple[str, ...]


class FollowEntity(CoordinatorEntity[FollowCoordinator]):
    """An entity showing one part of what a client shares with the worker.

    Available only while the hub answers and the client shares one of its kinds: a kind
    the client stops sharing makes the entity unavailable on the next poll, and after
    ``consent_withdrawn`` nothing of the client is kept.
    """

    _attr_has_entity_name = True
    entity_description: FollowDescription

    def __init__(self, coordinator: FollowCoordinator, description: FollowDescription) -> None:
        """Attach to the followed client's device."""
        super().__init__(coordinator)
        self.entity_description = description
        entry_id = coordinator.config_entry.entry_id
        self._attr_unique_id = follow_unique_id(entry_id, description.key)
        self._attr_device_info = DeviceInfo(identifiers={(DOMAIN, entry_id)})

    @property
    def snapshot(self) -> ShareSnapshot | None:
        """Return the hub's latest answer, or ``None`` when consent was withdrawn."""
        data = self.coordinator.data
        return data if isinstance(data, ShareSnapshot) else None

    @property
    def shared(self) -> bool:
        """Return whether the client currently shares one of this entity's kinds."""
        snapshot = self.snapshot
        return snapshot is not None and not snapshot.kinds.isdisjoint(self.entity_description.kinds)

    @property
    def available(self) -> bool:
        """Return whether the hub answered and shares this entity's kind."""
        return super().available and self.shared


def follow_unique_id(entry_id: str, key: str) -> str:
    """Return a follower entity's unique id."""
    return f"{entry_id}_{key}"


def async_add_follow_entities[DescriptionT: FollowDescription](
    hass: HomeAssistant,
    entry: FollowConfigEntry,
    descriptions: Sequence[DescriptionT],
    factory: Callable[[FollowCoordinator, DescriptionT], Entity],
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add entities for the kinds the client shares, and for new kinds as they appear.

    Entities registered before (a kind shared earlier) are added too, so that after a
    restart they show as unavailable rather than as orphans.
    """
    coordinator = entry.runtime_data.coordinator
    registered = {
        reg.unique_id
        for reg in er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id)
    }
    added: set[str] = set()

    def _wanted(kinds: Iterable[str]) -> list[DescriptionT]:
        shared = set(kinds)
        return [
            description
            for description in descriptions
            if description.key not in added
            and (
                not shared.isdisjoint(description.kinds)
                or follow_unique_id(entry.entry_id, description.key) in registered
            )
        ]

    @callback
    def _add_new() -> None:
        data = coordinator.data
        new = _wanted(data.kinds if isinstance(data, ShareSnapshot) else ())
        if new:
            added.update(description.key for description in new)
            async_add_entities(factory(coordinator, description) for description in new)

    _add_new()
    entry.async_on_unload(coordinator.async_add_listener(_add_new))
