"""The client's contacts and their consent, read live from the hub's ``contact`` subentries.

The subentry is the single source of truth: its data holds the contact's details and the
consent record (``core/consent.py``). Withdrawing and restoring rewrite the record in the
subentry; the consent screen (``hub/flows/contact.py``) does the same. Whatever changed
it, :meth:`ContactBook.async_reconcile` writes the matching audit entries exactly once
(each consent event has an id) and records contacts that were removed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from homeassistant.config_entries import ConfigEntry, ConfigSubentry
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import device_registry as dr, issue_registry as ir
from homeassistant.util import dt as dt_util

from ..const import DOMAIN, SUBENTRY_CONTACT
from ..core.audit import retention_cutoff
from ..core.consent import ConsentError, ConsentRecord, DataKind, parse_kinds, sorted_kinds
from ..core.contact import (
    CONF_CONSENT,
    Contact,
    ContactRole,
    consent_audit_entries,
    removal_audit_entry,
)
from .audit import AuditTrail, KnownContact


def delivery_issue_id(contact_id: str) -> str:
    """Return the id of the repair issue raised when a contact cannot be reached."""
    return f"contact_unreachable_{contact_id}"


class ContactBook:
    """Contacts of one hub: queries, withdraw/restore, and audit of consent changes."""

    def __init__(self, hass: HomeAssistant, entry: ConfigEntry, audit: AuditTrail) -> None:
        """Read contacts from ``entry``'s subentries; audit changes into ``audit``."""
        self._hass = hass
        self._entry = entry
        self._audit = audit
        self._lock = asyncio.Lock()
        self._listeners: list[Callable[[], None]] = []

    def contacts(
        self, role: ContactRole | None = None, covering: frozenset[DataKind] | None = None
    ) -> list[Contact]:
        """Return contacts (optionally of one role, or whose consent covers ``covering``)."""
        found = [
            Contact.from_data(sub.subentry_id, sub.data)
            for sub in self._entry.subentries.values()
            if sub.subentry_type == SUBENTRY_CONTACT
        ]
        return [
            contact
            for contact in found
            if (role is None or contact.role == role)
            and (covering is None or contact.covers(covering))
        ]

    def get(self, contact_id: str) -> Contact | None:
        """Return the contact as it is right now, or ``None`` if there is no such contact."""
        subentry = self._subentry(contact_id)
        return None if subentry is None else Contact.from_data(contact_id, subentry.data)

    def consented_kinds(self, contact_id: str) -> frozenset[DataKind]:
        """Return the kinds the contact may receive now (empty if withdrawn or unknown)."""
        contact = self.get(contact_id)
        return frozenset() if contact is None else contact.consent.active_kinds

    def covers(self, contact_id: str, kinds: frozenset[DataKind]) -> bool:
        """Whether a message revealing ``kinds`` may be sent to the contact now."""
        contact = self.get(contact_id)
        return contact is not None and contact.covers(kinds)

    async def async_withdraw(self, contact_id: str) -> None:
        """Withdraw the contact's consent now; effective for the very next send."""
        contact = self._require(contact_id)
        await self._async_write(contact_id, contact.consent.withdraw(dt_util.now()))

    async def async_restore(self, contact_id: str) -> None:
        """Restore exactly the kinds the contact had before the withdrawal."""
        contact = self._require(contact_id)
        try:
            record = contact.consent.restore(dt_util.now())
        except ConsentError as err:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key=err.key,
                translation_placeholders={"contact": contact.name},
            ) from err
        await self._async_write(contact_id, record)

    async def async_reconcile(self) -> None:
        """Audit consent events not yet in the log, and contacts that were removed."""
        async with self._lock:
            now = dt_util.now()
            cutoff = retention_cutoff(now)
            recorded = self._audit.recorded_refs()
            current = self.contacts()
            entries = [
                entry
                for contact in current
                for entry in consent_audit_entries(contact, recorded, cutoff)
            ]
            known: dict[str, KnownContact] = {
                contact.contact_id: {
                    "name": contact.name,
                    "role": str(contact.role),
                    "kinds": sorted_kinds(contact.consent.active_kinds),
                }
                for contact in current
            }
            for contact_id, seen in self._audit.known_contacts.items():
                if contact_id not in known:
                    entries.append(
                        removal_audit_entry(
                            contact_id, seen["name"], seen["role"], parse_kinds(seen["kinds"]), now
                        )
                    )
                    ir.async_delete_issue(self._hass, DOMAIN, delivery_issue_id(contact_id))
            if entries or known != self._audit.known_contacts:
                await self._audit.async_append(*entries, known_contacts=known)
        self._notify()

    @callback
    def async_add_listener(self, listener: Callable[[], None]) -> CALLBACK_TYPE:
        """Call ``listener`` whenever a contact's consent may have changed."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    @callback
    def async_register_devices(self) -> None:
        """Make each contact a device of the hub, named by role and display name."""
        registry = dr.async_get(self._hass)
        for contact in self.contacts():
            registry.async_get_or_create(
                config_entry_id=self._entry.entry_id,
                config_subentry_id=contact.contact_id,
                identifiers={(DOMAIN, contact.contact_id)},
                translation_key=f"contact_{contact.role}",
                translation_placeholders={"name": contact.name},
                manufacturer="Digiohjaus",
                entry_type=dr.DeviceEntryType.SERVICE,
            )

    def _notify(self) -> None:
        for listener in list(self._listeners):
            listener()

    def _subentry(self, contact_id: str) -> ConfigSubentry | None:
        subentry = self._entry.subentries.get(contact_id)
        if subentry is None or subentry.subentry_type != SUBENTRY_CONTACT:
            return None
        return subentry

    def _require(self, contact_id: str) -> Contact:
        contact = self.get(contact_id)
        if contact is None:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="contact_not_found",
                translation_placeholders={"contact_id": contact_id},
            )
        return contact

    async def _async_write(self, contact_id: str, record: ConsentRecord) -> None:
        subentry = self._entry.subentries[contact_id]
        pruned = record.pruned(retention_cutoff(dt_util.now()))
        self._hass.config_entries.async_update_subentry(
            self._entry, subentry, data={**subentry.data, CONF_CONSENT: pruned.as_dict()}
        )
        await self.async_reconcile()
