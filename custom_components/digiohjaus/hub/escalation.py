"""The escalation ladder on the hub: from a missed dose, check-in or call to the right people.

Causes come from the bus (``digiohjaus_reminder`` with kind ``medication``,
``digiohjaus_check_in``) and from the call desk (an unanswered call request). Each ladder
step fires a ``digiohjaus_escalation`` event and sends, through the messenger, to the
contacts of the step's roles whose consent covers what the message reveals. Runs live in a
``Store``; one one-shot timer waits for the next due step.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from datetime import datetime
import logging
from typing import Final

from homeassistant.core import CALLBACK_TYPE, Event, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.util import dt as dt_util

from ..const import DOMAIN, EVENT_CHECK_IN, EVENT_ESCALATION, EVENT_REMINDER
from ..core.consent import DataKind
from ..core.contact import Contact, ContactRole
from ..core.escalation import (
    ROLE_CLIENT,
    DueStep,
    EscalationBook,
    Ladder,
    Reason,
    Run,
    disclosure_for,
)
from ..core.safety import CrisisPath
from .delivery import NotificationAction, action_id, async_deliver
from .keeper import Keeper
from .messaging import Messenger, OutgoingMessage, Send, async_text
from .storage import ConfirmedStore

_LOGGER = logging.getLogger(__name__)

STORAGE_VERSION: Final = 1
ACK_CALL_VERB: Final = "ack_call"
REMINDER_KIND_MEDICATION: Final = "medication"
# What each message variant says, as keys of the "common" translations.
_TITLES: Final = {
    "missed_dose": "escalation_missed_dose_title",
    "missed_dose_details": "escalation_missed_dose_title",
    "missed_check_in": "escalation_missed_check_in_title",
    "unanswered_call": "escalation_unanswered_call_title",
}


def escalation_store_key(entry_id: str) -> str:
    """Return the storage key of the hub's escalation runs."""
    return f"{DOMAIN}.{entry_id}.escalation"


class Escalator(Keeper):
    """Walks the ladder for every open cause of one hub."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry_id: str,
        *,
        alias: str,
        language: str,
        ladder: Ladder,
        messenger: Messenger,
        client_targets: Sequence[str] = (),
        crisis: CrisisPath,
    ) -> None:
        """Prepare the ladder of hub ``entry_id``; call :meth:`async_start` before use.

        ``client_targets`` are the client's own devices (the hub options' ``client_notify``):
        a step for the client sends them a gentle nudge in the hub's ``language``.
        """
        super().__init__(hass)
        self._entry_id = entry_id
        self._alias = alias
        self._language = language
        self.ladder = ladder
        self._messenger = messenger
        self._client_targets = list(client_targets)
        self._crisis = crisis
        self._store = ConfirmedStore(
            hass, STORAGE_VERSION, escalation_store_key(entry_id), "escalation", skip_unchanged=True
        )
        self.book = EscalationBook()
        self._unsubs: list[CALLBACK_TYPE] = []
        self._saving: asyncio.Task[None] | None = None
        self._started: datetime | None = None  # the latest cause started in this round

    # Lifecycle -----------------------------------------------------------------------------

    async def async_start(self) -> None:
        """Load open runs, listen for causes, take steps that fell due while the hub was off."""
        if (stored := await self._store.async_load_checked()) is not None:
            self.book = EscalationBook.from_dict(stored)
        self._unsubs = [
            self._hass.bus.async_listen(EVENT_REMINDER, self._on_reminder),
            self._hass.bus.async_listen(EVENT_CHECK_IN, self._async_on_check_in),
        ]
        await self._async_take_due(dt_util.utcnow())

    @callback
    def async_stop(self) -> None:
        """Stop listening and cancel the timer; open runs stay stored."""
        for unsub in self._unsubs:
            unsub()
        self._unsubs = []
        self.async_stop_timer()

    @property
    def open_reason(self) -> Reason | None:
        """The cause the tablet shows: the latest that still walks the ladder."""
        runs = sorted(self.book.runs.values(), key=lambda run: run.started_at)
        return runs[-1].reason if runs else None

    # Causes and resolutions ----------------------------------------------------------------

    async def async_begin(
        self, reason: Reason, ref: str, context: Mapping[str, str] | None = None
    ) -> None:
        """Start the ladder for a cause (nothing happens if it already runs).

        Returns once the steps due at once are taken (saved, sent and audited).
        """
        if (taking := self._start(reason, ref, context)) is not None:
            await asyncio.shield(taking)

    async def async_resolve(self, reason: Reason, ref: str | None = None) -> None:
        """The cause was resolved: the remaining steps are not taken."""
        if not self.book.resolve(reason, ref):
            return
        _LOGGER.debug("Escalation resolved: %s", reason)
        await self._async_save_and_schedule()

    @callback
    def _on_reminder(self, event: Event) -> None:
        """A missed dose starts its ladder, a dose taken late ends it; other news costs nothing.

        A callback, not a task per event: a pass of the reminder engine announces every
        dose that fell due, and the fifty doses missed in one pass start their ladders
        in one round (:meth:`_start`).
        """
        data = event.data
        if (
            data.get("config_entry_id") != self._entry_id
            or data.get("kind") != REMINDER_KIND_MEDICATION
            or not data.get("reminder_id")
        ):
            return
        ref = str(data["reminder_id"])
        if data.get("status") == "missed":
            self._start(Reason.MISSED_DOSE, ref, {"name": str(data.get("name") or "")})
        elif data.get("status") == "done":
            self._hass.async_create_task(
                self.async_resolve(Reason.MISSED_DOSE, ref), "digiohjaus escalation resolve"
            )

    async def _async_on_check_in(self, event: Event) -> None:
        if event.data.get("config_entry_id") != self._entry_id:
            return
        if event.data.get("status") == "missed":
            day = event.data.get("day") or dt_util.now().date().isoformat()
            await self.async_begin(Reason.MISSED_CHECK_IN, str(day))
        elif event.data.get("status") == "done":
            await self.async_resolve(Reason.MISSED_CHECK_IN)

    # Taking steps --------------------------------------------------------------------------

    async def _async_take_due(self, now: datetime) -> None:
        """Take every step due by ``now``: in the store first (taken once), then together."""
        steps = self.book.due(now, self.ladder, dt_util.get_default_time_zone())
        await self._async_save_and_schedule()
        await self._async_take(steps)

    async def _async_take(self, steps: Sequence[DueStep]) -> None:
        """Carry out the steps of one moment: an event each, then every message at once.

        The client's devices get one nudge a cause (the same words and tag for every
        dose); the contacts' messages go out together, audited with one durable save.
        """
        sends: list[Send] = []
        nudged: set[Reason] = set()
        for due in steps:
            run = due.run
            _LOGGER.debug("Escalation %s: step %d", run.reason, due.number)
            self._hass.bus.async_fire(
                EVENT_ESCALATION,
                {"config_entry_id": self._entry_id, "reason": run.reason.value, "step": due.number},
            )
            if ROLE_CLIENT in due.step.roles and run.reason not in nudged:
                nudged.add(run.reason)
                await self._async_nudge_client(run)
            sends.extend(self._messages(due))
        if sends:
            await self._messenger.async_send_all(sends)

    async def _async_nudge_client(self, run: Run) -> None:
        """A gentle word on the client's own devices; the tablet shows the open cause anyway."""
        if not self._client_targets:
            return
        placeholders = {
            "emergency": self._crisis.emergency,
            "crisis_line": self._crisis.crisis_line,
        }
        key = f"client_nudge_{run.reason.value}"
        title = await async_text(self._hass, self._language, f"{key}_title", placeholders)
        message = await async_text(self._hass, self._language, f"{key}_message", placeholders)
        for target in self._client_targets:
            try:
                await async_deliver(
                    self._hass,
                    target,
                    title=title,
                    message=message,
                    data={"tag": f"{DOMAIN}-{run.reason.value}"},
                )
            except HomeAssistantError as err:
                # No target names in the log: they can carry the client's name.
                _LOGGER.warning(
                    "A nudge could not be delivered (%s)",
                    err.translation_key or type(err).__name__,
                )

    def _messages(self, due: DueStep) -> list[Send]:
        """The messages of one step: to each contact of its roles, as consent allows."""
        return [
            send
            for role in sorted(due.step.roles - {ROLE_CLIENT})
            for contact in self._messenger.contacts(ContactRole(role))
            if (send := self._message(contact, due.run)) is not None
        ]

    def _message(self, contact: Contact, run: Run) -> Send | None:
        """The most detailed message the contact's consent covers, or ``None``."""
        found = disclosure_for(run.reason, self._messenger.consented_kinds(contact.contact_id))
        if found is None:
            return None
        variant, kinds = found

        async def compose(language: str) -> OutgoingMessage:
            placeholders = {"alias": self._alias, "medicine": run.context.get("name", "")}
            actions: list[NotificationAction] = []
            if run.reason is Reason.UNANSWERED_CALL:
                title = await async_text(self._hass, language, "call_ack_action")
                actions.append(
                    NotificationAction(action_id(self._entry_id, ACK_CALL_VERB, run.ref), title)
                )
            return OutgoingMessage(
                title=await async_text(self._hass, language, _TITLES[variant], placeholders),
                message=await async_text(
                    self._hass, language, f"escalation_{variant}_message", placeholders
                ),
                actions=actions,
            )

        return Send(
            contact.contact_id, frozenset(DataKind(k) for k in kinds), compose, "escalation"
        )

    # Persistence and the timer -------------------------------------------------------------

    def _start(
        self, reason: Reason, ref: str, context: Mapping[str, str] | None
    ) -> asyncio.Task[None] | None:
        """Start the ladder for a cause; return the round taking its first steps.

        ``None`` if the cause already runs. Fifty doses missed in one pass of the reminder
        engine start fifty ladders in the same moment: one round saves them all, written
        once they are all in the book (one write instead of fifty, each larger than the
        last), and then takes their first steps together (one audit save for all their
        messages).
        """
        now = dt_util.utcnow()
        tz = dt_util.get_default_time_zone()
        if self.book.start(reason, ref, now, self.ladder, tz, context=context) is None:
            return None
        _LOGGER.debug("Escalation started: %s", reason)
        self._started = now if self._started is None else max(self._started, now)
        if self._saving is None:
            self._saving = self._hass.async_create_task(
                self._async_take_started(), "digiohjaus escalation save", eager_start=False
            )
        return self._saving

    async def _async_take_started(self) -> None:
        # A cause started from here on waits for the next round.
        now, self._saving, self._started = self._started or dt_util.utcnow(), None, None
        await self._async_take_due(now)

    async def _async_save_and_schedule(self) -> None:
        await self._store.async_save_checked(self.book.as_dict())
        self._arm(self.book.next_wakeup(), self._async_take_due)
        self._notify_listeners()
