"""THE way every feature reaches a contact: consent-checked, audited, never raising.

Use ``entry.runtime_data.messenger`` (a :class:`Messenger`)::

    from .hub.messaging import OutgoingMessage, async_text
    from .core.consent import DataKind
    from .core.contact import ContactRole

    async def compose(language: str) -> OutgoingMessage:
        return OutgoingMessage(
            title=await async_text(hass, language, "call_request_title"),
            message=await async_text(hass, language, "call_request_message", {"alias": alias}),
            actions=[NotificationAction(action_id(entry_id, "ack_call"), "…")],
        )

    outcomes = await messenger.async_send_to_role(
        ContactRole.WORKER, frozenset({DataKind.CALLS}), compose, topic="call_request"
    )
    if not any(outcome.sent for outcome in outcomes): ...

Rules it keeps for you:
- ``kinds`` names every data kind the message reveals (``core/consent.py``). The message is
  sent only when the contact's *current* consent covers all of them. Consent is read again
  right before delivery, after ``compose`` has run: a send that was scheduled or queued
  before a withdrawal is not delivered after it.
- ``compose(language)`` builds the message in the contact's language (``fi``/``sv``/``en``);
  it may be a plain function or a coroutine function. It is not called for a contact
  whose consent does not cover ``kinds``.
- Every attempt writes one audit entry (time, contact, kinds, ``topic``, outcome
  ``sent``/``blocked``/``failed``), never the message text, on disk before the send
  returns. Messages of one moment (a ladder step for many contacts, fifty ladders
  stepping together) go through :meth:`Messenger.async_send_all` with a list of
  :class:`Send`: delivered side by side, their entries written with one durable save.
- Delivery goes through ``hub/delivery.async_deliver`` (notify entities; legacy notify
  services incl. Companion-app actionable buttons). A missing or failing target becomes
  a translated repair issue and a ``failed`` outcome; the caller never gets an exception.
- ``topic`` is a short key saying what the message is about (``call_request``,
  ``escalation``, ``reminder`` …); it is shown in the client's audit log.

Queries: :meth:`Messenger.contacts` (optionally by role, or only those whose consent
covers some kinds, to avoid ``blocked`` entries), :meth:`Messenger.contact`,
:meth:`Messenger.covers`, :meth:`Messenger.consented_kinds`. The share endpoint records
each read with :meth:`Messenger.async_record` (``AuditOutcome.SHARE_READ`` /
``SHARE_DENIED``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
import inspect
import logging
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.translation import async_get_translations
from homeassistant.util import dt as dt_util

from ..const import DOMAIN
from ..core.audit import SERIES_OUTCOMES, AuditEntry, AuditOutcome
from ..core.audit_entry import stored_fields
from ..core.consent import DataKind
from ..core.contact import Contact, ContactRole
from .audit import AuditTrail
from .contacts import ContactBook, delivery_issue_id
from .delivery import NotificationAction, async_deliver, target_kind

_LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class OutgoingMessage:
    """What ``compose`` returns: the message in one contact's language."""

    title: str
    message: str
    actions: Sequence[NotificationAction] = ()
    data: Mapping[str, Any] | None = None


type Compose = Callable[[str], OutgoingMessage | Awaitable[OutgoingMessage]]


@dataclass(frozen=True, slots=True)
class Send:
    """One message for :meth:`Messenger.async_send_all`: to whom, revealing what, about what."""

    contact_id: str
    kinds: frozenset[DataKind]
    compose: Compose
    topic: str | None = None


class SendStatus(StrEnum):
    """What happened to one message."""

    SENT = "sent"
    BLOCKED = "blocked"
    FAILED = "failed"


class SendReason(StrEnum):
    """Why a message was not sent."""

    NO_CONSENT = "no_consent"
    UNKNOWN_CONTACT = "unknown_contact"
    TARGET_MISSING = "target_missing"
    DELIVERY_FAILED = "delivery_failed"


@dataclass(frozen=True, slots=True)
class SendOutcome:
    """The result of sending one message to one contact."""

    contact_id: str
    status: SendStatus
    reason: SendReason | None = None

    @property
    def sent(self) -> bool:
        """Whether the message was delivered."""
        return self.status is SendStatus.SENT


async def async_text(
    hass: HomeAssistant,
    language: str,
    key: str,
    placeholders: Mapping[str, str] | None = None,
) -> str:
    """Return ``common.<key>`` of the translations in ``language``, placeholders filled in."""
    translations = await async_get_translations(hass, language, "common", [DOMAIN])
    template = translations.get(f"component.{DOMAIN}.common.{key}")
    if template is None:
        english = await async_get_translations(hass, "en", "common", [DOMAIN])
        template = english.get(f"component.{DOMAIN}.common.{key}", key)
    return template.format_map(dict(placeholders or {}))


class Messenger:
    """Sends messages to the hub's contacts within the client's consent."""

    def __init__(self, hass: HomeAssistant, contacts: ContactBook, audit: AuditTrail) -> None:
        """Send through ``contacts`` (consent) and record into ``audit``."""
        self._hass = hass
        self._contacts = contacts
        self._audit = audit

    def contacts(
        self, role: ContactRole | None = None, covering: frozenset[DataKind] | None = None
    ) -> list[Contact]:
        """Return contacts, optionally of ``role`` and/or whose consent covers ``covering``."""
        return self._contacts.contacts(role, covering)

    def contact(self, contact_id: str) -> Contact | None:
        """Return one contact as it is now, or ``None``."""
        return self._contacts.get(contact_id)

    def covers(self, contact_id: str, kinds: frozenset[DataKind]) -> bool:
        """Whether a message revealing ``kinds`` may be sent to the contact now."""
        return self._contacts.covers(contact_id, kinds)

    def consented_kinds(self, contact_id: str) -> frozenset[DataKind]:
        """Return the kinds the contact may receive now (empty when withdrawn or unknown)."""
        return self._contacts.consented_kinds(contact_id)

    async def async_send_to_role(
        self,
        role: ContactRole,
        kinds: frozenset[DataKind],
        compose: Compose,
        *,
        topic: str | None = None,
    ) -> list[SendOutcome]:
        """Send to every contact of ``role``; those without consent are blocked and audited."""
        return await self.async_send_all(
            [
                Send(contact.contact_id, kinds, compose, topic)
                for contact in self._contacts.contacts(role)
            ]
        )

    async def async_send(
        self,
        contact_id: str,
        kinds: frozenset[DataKind],
        compose: Compose,
        *,
        topic: str | None = None,
    ) -> SendOutcome:
        """Send one message to one contact if consent covers ``kinds``; audit it either way."""
        (outcome,) = await self.async_send_all([Send(contact_id, kinds, compose, topic)])
        return outcome

    async def async_send_all(self, sends: Sequence[Send]) -> list[SendOutcome]:
        """Send every message of one moment (each as :meth:`async_send`), audited together.

        The messages go out side by side; their audit entries are written with one save,
        on disk before this returns: fifty ladders stepping at once cost one durable write,
        not one a message.
        """
        attempts = await asyncio.gather(*(self._async_attempt(send) for send in sends))
        entries = [entry for _, entry in attempts if entry is not None]
        if entries:
            await self._audit.async_append(*entries)
        return [outcome for outcome, _ in attempts]

    async def _async_attempt(self, send: Send) -> tuple[SendOutcome, AuditEntry | None]:
        """Send one message if consent covers it; its outcome and audit entry (not yet saved)."""
        contact_id, kinds = send.contact_id, send.kinds
        contact = self._contacts.get(contact_id)
        if contact is None:
            _LOGGER.debug("Not sending to unknown contact %s", contact_id)
            return SendOutcome(contact_id, SendStatus.BLOCKED, SendReason.UNKNOWN_CONTACT), None
        if contact.covers(kinds):
            message = send.compose(contact.language)
            if inspect.isawaitable(message):
                message = await message
            message = await self._async_signed(message, contact.language)
            # Consent is checked again at the moment of sending.
            current = self._contacts.get(contact_id)
            if current is not None and current.covers(kinds):
                return await self._async_deliver(current, kinds, message, send.topic)
            contact = current or contact
        entry = _entry(contact, kinds, AuditOutcome.BLOCKED, send.topic, SendReason.NO_CONSENT)
        return SendOutcome(contact_id, SendStatus.BLOCKED, SendReason.NO_CONSENT), entry

    async def _async_signed(self, message: OutgoingMessage, language: str) -> OutgoingMessage:
        """Say whose hub the message comes from, and what to do if the client is not reached.

        The 112 sentence is part of the translation itself, never filled in from options.
        """
        footer = await async_text(
            self._hass, language, "contact_footer", {"alias": self._contacts.client_alias}
        )
        return replace(message, message=f"{message.message}\n\n{footer}")

    async def async_record(
        self,
        contact_id: str,
        kinds: frozenset[DataKind],
        outcome: AuditOutcome,
        *,
        topic: str | None = None,
        reason: str | None = None,
        contact: Contact | None = None,
    ) -> None:
        """Write one audit entry for a disclosure that did not go through :meth:`async_send`.

        The share endpoint records every read here (``SHARE_READ`` with the kinds it
        returned, ``SHARE_DENIED`` when consent is withdrawn), handing over the contact it
        has just read (``contact``) so it is not looked up again.
        """
        if contact is None or contact.contact_id != contact_id:
            contact = self._contacts.get(contact_id)
        if contact is None:
            _LOGGER.debug("Not auditing unknown contact %s", contact_id)
            return
        if reason is None and outcome in SERIES_OUTCOMES:
            # A worker reading again only counts one more read in their series.
            item = stored_fields(
                contact.contact_id, contact.name, str(contact.role), kinds, outcome, topic=topic
            )
            if self._audit.extend_series(item, dt_util.now()):
                return
        await self._async_audit(contact, kinds, outcome, topic, reason)

    async def _async_deliver(
        self,
        contact: Contact,
        kinds: frozenset[DataKind],
        message: OutgoingMessage,
        topic: str | None,
    ) -> tuple[SendOutcome, AuditEntry]:
        reason = await self._async_try_deliver(contact, message)
        if reason is None:
            ir.async_delete_issue(self._hass, DOMAIN, delivery_issue_id(contact.contact_id))
            entry = _entry(contact, kinds, AuditOutcome.SENT, topic, None)
            return SendOutcome(contact.contact_id, SendStatus.SENT), entry
        ir.async_create_issue(
            self._hass,
            DOMAIN,
            delivery_issue_id(contact.contact_id),
            is_fixable=False,
            severity=ir.IssueSeverity.ERROR,
            translation_key=f"contact_{reason}",
            translation_placeholders={"contact": contact.name, "target": contact.notify_target},
        )
        entry = _entry(contact, kinds, AuditOutcome.FAILED, topic, reason)
        return SendOutcome(contact.contact_id, SendStatus.FAILED, reason), entry

    async def _async_try_deliver(
        self, contact: Contact, message: OutgoingMessage
    ) -> SendReason | None:
        """Deliver; return ``None`` on success or why it failed (never raise)."""
        if target_kind(self._hass, contact.notify_target) is None:
            _LOGGER.warning("Notify target of contact %s is missing", contact.contact_id)
            return SendReason.TARGET_MISSING
        try:
            await async_deliver(
                self._hass,
                contact.notify_target,
                title=message.title,
                message=message.message,
                actions=message.actions,
                data=dict(message.data) if message.data else None,
            )
        except Exception as err:  # a notify platform may raise anything
            # The error text may name the recipient: only its type goes to the log.
            _LOGGER.warning(
                "Delivery to contact %s failed (%s)", contact.contact_id, type(err).__name__
            )
            _LOGGER.debug("Delivery failure", exc_info=True)
            return SendReason.DELIVERY_FAILED
        return None

    async def _async_audit(
        self,
        contact: Contact,
        kinds: frozenset[DataKind],
        outcome: AuditOutcome,
        topic: str | None,
        reason: str | None,
    ) -> None:
        await self._audit.async_append(_entry(contact, kinds, outcome, topic, reason))


def _entry(
    contact: Contact,
    kinds: frozenset[DataKind],
    outcome: AuditOutcome,
    topic: str | None,
    reason: str | None,
) -> AuditEntry:
    """The audit entry of one attempt, at this moment."""
    return AuditEntry(
        at=dt_util.now(),
        contact_id=contact.contact_id,
        contact_name=contact.name,
        role=str(contact.role),
        kinds=kinds,
        outcome=outcome,
        topic=topic,
        reason=reason,
    )
