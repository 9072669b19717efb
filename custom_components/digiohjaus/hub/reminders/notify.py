"""Reminders to the client's own devices, and the answers that come back from them.

The client's tablet and phone are chosen in the hub's options (``client_notify``).
They are the client's own devices, not contacts, so no consent applies here (contacts
are reached only through ``hub/messaging.py``). Each due reminder carries the kind's
emoji and two buttons, "done" and "remind me later"; pressing one on the phone does
exactly what the tablet's buttons do.
"""

from __future__ import annotations

from collections.abc import Mapping
import logging
from typing import Any, Final

from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.util import dt as dt_util

from ...const import CONF_CLIENT_NOTIFY, DOMAIN
from ...core.occurrence import Notice, Occurrence, Step
from ...core.spoken import bare_time
from ..delivery import ActionRouter, NotificationAction, ParsedAction, action_id, async_deliver
from .engine import Reminder, ReminderEngine
from .kind import Composed

_LOGGER = logging.getLogger(__name__)

VERB_DONE: Final = "reminder_done"
VERB_SNOOZE: Final = "reminder_snooze"
_REF_SEPARATOR: Final = "@"


def common_text(texts: Mapping[str, str], key: str, **placeholders: str) -> str:
    """A text from the ``common`` section in the hub's language, filled in."""
    template = texts.get(f"component.{DOMAIN}.common.{key}")
    if template is None:
        return key
    try:
        return template.format(**placeholders)
    except KeyError, IndexError, ValueError:
        return template


def placeholders(reminder: Reminder, occurrence: Occurrence, language: str) -> dict[str, str]:
    """What the texts of a reminder may mention: name, time, date and the kind's own."""
    local = dt_util.as_local(occurrence.due_at)
    return {
        "name": reminder.spec.name,
        "time": bare_time(local.time(), language),
        "date": f"{local.day}.{local.month}.",
        **reminder.kind.placeholders(reminder.data, language),
    }


def kind_text(
    texts: Mapping[str, str], reminder: Reminder, what: str, values: Mapping[str, str]
) -> str:
    """The kind's sentence ``what`` (due, lead, calendar …) in the variant its data needs."""
    variant = reminder.kind.variant(reminder.data)
    return common_text(texts, f"{reminder.kind.kind}_{what}{variant}", **values)


def compose(
    texts: Mapping[str, str],
    entry_id: str,
    reminder: Reminder,
    step: Step,
    notice: Notice,
    *,
    language: str,
) -> Composed:
    """The title, message and buttons of one reminder notification.

    "Done" is not on a lead reminder unless the kind counts confirming early (rent);
    "remind me later" only when the occurrence is due and the kind can wait.
    """
    kind = reminder.kind.kind
    values = placeholders(reminder, step.occurrence, language)

    def text(key: str) -> str:
        return common_text(texts, key, **values)

    title = f"{reminder.kind.emoji} {text(f'{kind}_title')}"
    message = kind_text(texts, reminder, notice.value, values)
    actions: list[NotificationAction] = []
    ref = f"{reminder.spec.reminder_id}{_REF_SEPARATOR}{step.occurrence.key}"
    if notice is not Notice.LEAD or reminder.kind.done_on_lead:
        actions.append(
            NotificationAction(action_id(entry_id, VERB_DONE, ref), text(f"{kind}_done_button"))
        )
    if notice is not Notice.LEAD and reminder.kind.snooze:
        actions.append(
            NotificationAction(action_id(entry_id, VERB_SNOOZE, ref), text("snooze_button"))
        )
    standard = Composed(title=title, message=message, actions=tuple(actions))
    return reminder.kind.compose(standard, reminder.data, notice, text)


class ClientNotifier:
    """Send each reminder to the client's devices and route their answers to the engine."""

    def __init__(self, hass: HomeAssistant, engine: ReminderEngine) -> None:
        """Work for the hub whose engine this is."""
        self._hass = hass
        self._engine = engine

    @property
    def targets(self) -> list[str]:
        """The notify entities and services chosen for the client's own devices."""
        return list(self._engine.entry.options.get(CONF_CLIENT_NOTIFY, []))

    @callback
    def async_setup(self, router: ActionRouter) -> None:
        """Listen to the engine and to the buttons on the client's notifications."""
        self._engine.entry.async_on_unload(self._engine.async_add_publisher(self._on_step))
        router.register(VERB_DONE, self._on_answer)
        router.register(VERB_SNOOZE, self._on_answer)

    @callback
    def _on_step(self, reminder: Reminder, step: Step) -> None:
        if step.notice is None or not reminder.kind.notify_client or not self.targets:
            return
        self._engine.entry.async_create_task(
            self._hass, self._async_send(reminder, step, step.notice), "digiohjaus reminder"
        )

    async def _async_send(self, reminder: Reminder, step: Step, notice: Notice) -> None:
        engine = self._engine
        composed = compose(
            engine.texts, engine.entry.entry_id, reminder, step, notice, language=engine.language
        )
        data: dict[str, Any] = {"tag": f"{DOMAIN}-{reminder.spec.reminder_id}"}
        for target in self.targets:
            try:
                await async_deliver(
                    self._hass,
                    target,
                    title=composed.title,
                    message=composed.message,
                    actions=composed.actions,
                    data=data,
                )
            except HomeAssistantError as err:
                # No target names in the log: they can carry the client's name.
                _LOGGER.warning(
                    "A %s reminder could not be delivered (%s)",
                    reminder.kind.kind,
                    err.translation_key or type(err).__name__,
                )

    @callback
    def _on_answer(self, parsed: ParsedAction, event: Event) -> None:
        reminder_id, _, key = parsed.ref.partition(_REF_SEPARATOR)
        if reminder_id not in self._engine.reminders:
            _LOGGER.debug("Answer to a reminder that no longer exists")
            return
        self._engine.entry.async_create_task(
            self._hass,
            self._async_answer(reminder_id, key, snooze=parsed.verb == VERB_SNOOZE),
            "digiohjaus reminder answer",
        )

    async def _async_answer(self, reminder_id: str, key: str, snooze: bool) -> None:
        try:
            await self._engine.async_answer(reminder_id, key, snooze=snooze)
        except ServiceValidationError:
            # Answered late (already done or missed): nothing to change.
            _LOGGER.debug("Answer to a reminder that is no longer open")
        except HomeAssistantError:
            # Not saved: the repair says so, and the reminder stays open to answer again.
            _LOGGER.warning("An answer to a reminder could not be saved")
