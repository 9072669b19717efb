"""The "call my worker" request, the worker's "I'll call you", and what if no one answers.

A tap sends a call request to the worker contacts whose consent covers ``calls``, with an
"I'll call you" button. The answer (that button in the Companion app, or the
``acknowledge_call`` action) shows on the tablet at once. If no one answers in the agreed
minutes, or no worker could be reached at all, the request escalates: the tablet puts the
crisis path in front and the ladder tells the next contacts who consented to ``calls``.
"""

from __future__ import annotations

from datetime import datetime
import logging
from typing import Any, Final

from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.util import dt as dt_util

from ..const import DOMAIN, EVENT_CALL
from ..core.call import CallOutcome, CallState, CallStatus
from ..core.consent import DataKind
from ..core.contact import ContactRole
from ..core.escalation import Reason
from .delivery import ActionRouter, NotificationAction, ParsedAction, action_id
from .escalation import ACK_CALL_VERB, Escalator
from .keeper import Keeper
from .messaging import Messenger, OutgoingMessage, Send, async_text
from .storage import ConfirmedStore

_LOGGER = logging.getLogger(__name__)

STORAGE_VERSION: Final = 1
CALLS: Final = frozenset({DataKind.CALLS})


def call_store_key(entry_id: str) -> str:
    """Return the storage key of the hub's call request."""
    return f"{DOMAIN}.{entry_id}.call"


class CallDesk(Keeper):
    """The client's call request on one hub."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry_id: str,
        *,
        alias: str,
        messenger: Messenger,
        escalator: Escalator,
    ) -> None:
        """Prepare the call desk of hub ``entry_id``; call :meth:`async_start` before use."""
        super().__init__(hass)
        self._entry_id = entry_id
        self._alias = alias
        self._messenger = messenger
        self._escalator = escalator
        self._store = ConfirmedStore(hass, STORAGE_VERSION, call_store_key(entry_id), "call")
        self.state = CallState()

    # Lifecycle -----------------------------------------------------------------------------

    async def async_start(self, actions: ActionRouter) -> None:
        """Load the request, catch up on what fell due while the hub was off, set the timer."""
        if (stored := await self._store.async_load_checked()) is not None:
            self.state = CallState.from_dict(stored)
        actions.register(ACK_CALL_VERB, self._async_on_phone_answer)
        await self._async_on_timer(dt_util.utcnow())

    @callback
    def async_stop(self) -> None:
        """Cancel the timer; the request stays stored."""
        self.async_stop_timer()

    @property
    def status(self) -> CallStatus:
        """Where the request stands."""
        return self.state.status

    # What the client and the worker do -----------------------------------------------------

    async def async_request(self) -> CallOutcome:
        """The client taps "call my worker"; a second tap within 5 minutes sends nothing."""
        now = dt_util.utcnow()
        before = self.state.as_dict()
        outcome = self.state.request(now, self._escalator.ladder.answer_minutes)
        if outcome is CallOutcome.NOTHING:
            return outcome
        await self._async_save_confirmed(before)
        again = outcome is CallOutcome.REMIND
        _LOGGER.debug("Call request %s", "repeated" if again else "sent")
        if not again:
            self._fire()
        reached = await self._async_send_to_workers(again=again)
        if not reached and self.state.status is CallStatus.REQUESTED:
            # No worker could be told: do not make the client wait for an answer.
            await self._async_escalate(now)
        self._schedule()
        return outcome

    async def async_acknowledge(self, request_id: str | None = None) -> bool:
        """Someone will call: the tablet shows it at once; the ladder stops."""
        before = self.state.as_dict()
        if not self.state.acknowledge(dt_util.utcnow(), request_id):
            return False
        _LOGGER.debug("Call request acknowledged")
        await self._async_save_confirmed(before)
        self._fire()
        await self._escalator.async_resolve(Reason.UNANSWERED_CALL)
        self._schedule()
        return True

    async def _async_on_phone_answer(self, parsed: ParsedAction, event: Event) -> None:
        await self.async_acknowledge(parsed.ref or None)

    # Internals -----------------------------------------------------------------------------

    async def _async_send_to_workers(self, *, again: bool) -> bool:
        request_id = self.state.request_id or ""
        key = "call_request_again_message" if again else "call_request_message"

        async def compose(language: str) -> OutgoingMessage:
            placeholders = {"alias": self._alias}
            button = await async_text(self._hass, language, "call_ack_action")
            return OutgoingMessage(
                title=await async_text(self._hass, language, "call_request_title", placeholders),
                message=await async_text(self._hass, language, key, placeholders),
                actions=[
                    NotificationAction(action_id(self._entry_id, ACK_CALL_VERB, request_id), button)
                ],
            )

        workers = self._messenger.contacts(ContactRole.WORKER, CALLS)
        outcomes = await self._messenger.async_send_all(
            [Send(worker.contact_id, CALLS, compose, "call_request") for worker in workers]
        )
        return any(outcome.sent for outcome in outcomes)

    async def _async_escalate(self, now: datetime) -> None:
        self.state.escalate(now)
        await self._async_save()
        self._fire()
        await self._escalator.async_begin(Reason.UNANSWERED_CALL, self.state.request_id or "")

    async def _async_on_timer(self, now: datetime) -> None:
        before = self.state.status
        changed = self.state.on_timer(now)
        if changed is not None:
            await self._async_save()
            self._fire()
            if changed is CallStatus.ESCALATED:
                await self._escalator.async_begin(
                    Reason.UNANSWERED_CALL, self.state.request_id or ""
                )
            elif before is CallStatus.ESCALATED:
                await self._escalator.async_resolve(Reason.UNANSWERED_CALL)
        self._schedule()

    def _schedule(self) -> None:
        self._arm(self.state.next_timer(), self._async_on_timer)
        self._notify_listeners()

    def _fire(self) -> None:
        self._hass.bus.async_fire(
            EVENT_CALL, {"config_entry_id": self._entry_id, "status": self.state.status.value}
        )

    async def _async_save(self) -> None:
        await self._store.async_save_checked(self.state.as_dict())

    async def _async_save_confirmed(self, before: dict[str, Any]) -> None:
        """Save what the client or worker did before telling anyone; undo it if that fails."""
        try:
            await self._store.async_save_confirmed(self.state.as_dict())
        except HomeAssistantError:
            self.state = CallState.from_dict(before)
            raise
