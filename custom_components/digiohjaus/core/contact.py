"""A contact of the client: a worker, a family member or someone else the client trusts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
import re
from typing import Any, Final

from .audit import CONSENT_OUTCOMES, AuditEntry, AuditOutcome
from .consent import ConsentRecord, DataKind
from .errors import KeyedError
from .profile import LANGUAGES

MAX_NAME_LENGTH: Final = 60
MIN_PHONE_DIGITS: Final = 5
MAX_PHONE_DIGITS: Final = 15  # E.164
_PHONE_CHARS: Final = re.compile(r"^\+?[0-9 ()\-]+$")

# Keys of a contact subentry's data.
CONF_NAME: Final = "name"
CONF_CONTACT_ROLE: Final = "role"
CONF_NOTIFY_TARGET: Final = "notify_target"
CONF_PHONE: Final = "phone"
CONF_CONTACT_LANGUAGE: Final = "language"
CONF_CONSENT: Final = "consent"


class ContactRole(StrEnum):
    """Who the contact is to the client."""

    WORKER = "worker"
    FAMILY = "family"
    OTHER = "other"


class ContactError(KeyedError, ValueError):
    """A contact field is not acceptable; ``key`` names the translated error."""


def validate_name(value: str) -> str:
    """Return the trimmed display name; never empty or very long."""
    name = " ".join(value.split())
    if not name:
        raise ContactError("name_empty")
    if len(name) > MAX_NAME_LENGTH:
        raise ContactError("name_too_long")
    return name


def validate_phone(value: str) -> str | None:
    """Return the phone number as written (trimmed), ``None`` when left empty.

    A phone number is digits with optional spaces, hyphens and brackets and an optional
    leading ``+``; it has 5–15 digits (``09 2525 0111``, ``+358 40 123 4567``).
    """
    phone = " ".join(value.split())
    if not phone:
        return None
    digits = sum(char.isdigit() for char in phone)
    if not _PHONE_CHARS.match(phone) or not MIN_PHONE_DIGITS <= digits <= MAX_PHONE_DIGITS:
        raise ContactError("phone_invalid")
    return phone


def dial_string(phone: str) -> str:
    """Return what a phone dials for ``phone``: digits with an optional leading ``+``."""
    return ("+" if phone.startswith("+") else "") + "".join(c for c in phone if c.isdigit())


@dataclass(frozen=True, slots=True)
class Contact:
    """A contact as the hub knows it, with the client's current consent."""

    contact_id: str
    name: str
    role: ContactRole
    notify_target: str
    phone: str | None
    language: str
    consent: ConsentRecord

    def covers(self, kinds: frozenset[DataKind]) -> bool:
        """Whether a message revealing ``kinds`` may be sent to this contact now."""
        return self.consent.covers(kinds)

    @property
    def tel_uri(self) -> str | None:
        """A ``tel:`` link for calling the contact from the tablet."""
        return f"tel:{dial_string(self.phone)}" if self.phone else None

    @classmethod
    def from_data(cls, contact_id: str, data: Mapping[str, Any]) -> Contact:
        """Read a contact from its subentry's data."""
        language = data.get(CONF_CONTACT_LANGUAGE)
        return cls(
            contact_id=contact_id,
            name=str(data[CONF_NAME]),
            role=ContactRole(data.get(CONF_CONTACT_ROLE, ContactRole.OTHER)),
            notify_target=str(data[CONF_NOTIFY_TARGET]),
            phone=data.get(CONF_PHONE) or None,
            language=language if language in LANGUAGES else LANGUAGES[0],
            consent=ConsentRecord.from_dict(data.get(CONF_CONSENT)),
        )


def consent_audit_entries(
    contact: Contact, recorded: set[str], cutoff: datetime
) -> list[AuditEntry]:
    """Return audit entries for the contact's consent events not yet in the log.

    ``recorded`` holds the event ids the log already has; events from ``cutoff`` or before
    (pruned from the log after two years) are not recorded again.
    """
    return [
        AuditEntry(
            at=event.at,
            contact_id=contact.contact_id,
            contact_name=contact.name,
            role=str(contact.role),
            kinds=event.kinds,
            outcome=CONSENT_OUTCOMES[event.action],
            ref=event.event_id,
        )
        for event in contact.consent.history
        if event.event_id not in recorded and event.at > cutoff
    ]


def removal_audit_entry(
    contact_id: str, name: str, role: str, kinds: frozenset[DataKind], at: datetime
) -> AuditEntry:
    """Return the entry recording that a contact, and its consent, were removed."""
    return AuditEntry(
        at=at,
        contact_id=contact_id,
        contact_name=name,
        role=role,
        kinds=kinds,
        outcome=AuditOutcome.CONTACT_REMOVED,
    )
