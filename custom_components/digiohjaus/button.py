"""Buttons of the client home hub: the daily check-in scale."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from homeassistant.components.button import ButtonEntity, ButtonEntityDescription
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .core.checkin import MOOD_KEYS
from .data import DigiohjausConfigEntry
from .entity import DigiohjausEntity
from .hub.runtime import HubData

PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class HubButtonEntityDescription(ButtonEntityDescription):
    """A hub button and what pressing it does."""

    press_fn: Callable[[HubData], Awaitable[object]]


def _check_in_with(mood: int) -> Callable[[HubData], Awaitable[object]]:
    return lambda data: data.checkin.async_check_in(mood)


# One button per step of the wellbeing scale, from "Tosi huono" (1) to "Tosi hyvä" (5).
CHECK_IN_BUTTONS: tuple[HubButtonEntityDescription, ...] = tuple(
    HubButtonEntityDescription(
        key=f"check_in_{mood}",
        translation_key=f"check_in_{key}",
        press_fn=_check_in_with(mood),
    )
    for mood, key in enumerate(MOOD_KEYS, start=1)
)

HUB_BUTTONS: tuple[HubButtonEntityDescription, ...] = CHECK_IN_BUTTONS


async def async_setup_entry(
    hass: HomeAssistant,
    entry: DigiohjausConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the hub's buttons."""
    async_add_entities(HubButton(entry, description) for description in HUB_BUTTONS)


class HubButton(DigiohjausEntity, ButtonEntity):
    """A big button on the kitchen tablet."""

    entity_description: HubButtonEntityDescription

    async def async_press(self) -> None:
        """Do what the button is for."""
        await self.entity_description.press_fn(self._entry.runtime_data)
