"""Buttons of the client home hub: the check-in scale, "call my worker", reminder buttons."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from functools import cache

from homeassistant.components.button import ButtonEntity, ButtonEntityDescription
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.util import dt as dt_util

from ..core.checkin import MOOD_KEYS
from .entity import DigiohjausEntity, ReminderEntity
from .reminders.engine import ReminderEngine
from .runtime import HubConfigEntry, HubData
from .visits import async_home_visit_done


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

CALL_BUTTON = HubButtonEntityDescription(
    key="call_worker",
    translation_key="call_worker",
    press_fn=lambda data: data.calls.async_request(),
)

HOME_VISIT_BUTTON = HubButtonEntityDescription(
    key="home_visit_done",
    translation_key="home_visit_done",
    press_fn=async_home_visit_done,
)

HUB_BUTTONS: tuple[HubButtonEntityDescription, ...] = (
    *CHECK_IN_BUTTONS,
    CALL_BUTTON,
    HOME_VISIT_BUTTON,
)


@dataclass(frozen=True, kw_only=True)
class ReminderButtonEntityDescription(ButtonEntityDescription):
    """A button that does one thing to a reminder's current occurrence."""

    press_fn: Callable[[ReminderEngine, str], Awaitable[None]]
    kind_named: bool = False  # named per kind: "<kind>_done" (Otettu, Maksettu, Syöty …)
    snooze: bool = False  # only for kinds that can be snoozed


REMINDER_BUTTONS: tuple[ReminderButtonEntityDescription, ...] = (
    ReminderButtonEntityDescription(
        key="done",
        press_fn=lambda engine, reminder_id: engine.async_press_done(reminder_id, dt_util.utcnow()),
        kind_named=True,
    ),
    # The client snoozes from the reminder on the phone ("Muistuta myöhemmin"); the tablet
    # shows no snooze button and automations use digiohjaus.snooze: enabled only on request.
    ReminderButtonEntityDescription(
        key="snooze",
        translation_key="reminder_snooze",
        press_fn=lambda engine, reminder_id: engine.async_snooze([reminder_id]),
        snooze=True,
        entity_registry_enabled_default=False,
    ),
)


@cache
def _named_for(
    description: ReminderButtonEntityDescription, kind: str
) -> ReminderButtonEntityDescription:
    """The description named per kind ("Otettu", "Maksettu" …), one shared by every reminder."""
    return replace(description, translation_key=f"{kind}_{description.key}")


async def async_setup_entry(
    hass: HomeAssistant,
    entry: HubConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the hub's buttons, and the buttons of every reminder to its device."""
    async_add_entities(HubButton(entry, description) for description in HUB_BUTTONS)
    for reminder_id, reminder in entry.runtime_data.reminders.subentry_reminders.items():
        kind = reminder.kind
        async_add_entities(
            (
                ReminderButton(
                    entry,
                    _named_for(description, kind.kind) if description.kind_named else description,
                    reminder_id,
                )
                for description in REMINDER_BUTTONS
                if kind.snooze or not description.snooze
            ),
            config_subentry_id=reminder_id,
        )


class HubButton(DigiohjausEntity, ButtonEntity):
    """A big button on the kitchen tablet."""

    entity_description: HubButtonEntityDescription

    async def async_press(self) -> None:
        """Do what the button is for."""
        await self.entity_description.press_fn(self._entry.runtime_data)


class ReminderButton(ReminderEntity, ButtonEntity):
    """Confirm or snooze what is due now; a translated error when nothing is.

    A second tap on "done" before the tablet hides it changes nothing (no error).
    """

    entity_description: ReminderButtonEntityDescription

    async def async_press(self) -> None:
        """Do it to the reminder's current occurrence."""
        await self.entity_description.press_fn(self.engine, self.reminder_id)
