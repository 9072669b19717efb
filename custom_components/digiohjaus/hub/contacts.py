"""The client's contacts (``contact`` subentries) and their consent (the hub's own store).

A contact's details live in its subentry. Its consent record (``core/consent.py``) lives in
the hub's consent store, which is the source of truth: withdrawing, restoring and the
consent screen save it *before* they return (Home Assistant writes config entries about a
second later, so a crash could otherwise undo a confirmed withdrawal). The subentry keeps a
copy; a copy newer than the store (a contact just added, or a consent screen finished while
the hub was not running) is taken into the store. Then
:meth:`ContactBook.async_reconcile` writes the matching audit entries exactly once (each
consent event has an id) and records contacts that were removed. The store is always
written first, so after any crash the audit log can only lag behind the consent, and the
next start (or change) fills the gap: replaying the log gives the consent in force.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
import logging
from typing import Any, Final

from homeassistant.config_entries import ConfigEntry, ConfigSubentry
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import device_registry as dr, issue_registry as ir
from homeassistant.util import dt as dt_util

from ..const import CONF_ALIAS, DOMAIN, SUBENTRY_CONTACT
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
from .storage import ConfirmedStore

_LOGGER = logging.getLogger(__name__)

CONSENT_STORAGE_VERSION: Final = 1


def consent_store_key(entry_id: str) -> str:
    """Return the storage key of the hub's consent records."""
    return f"{DOMAIN}.{entry_id}.consent"


def unreadable_issue_id(contact_id: str) -> str:
    """Return the id of the repair raised for a contact whose stored record is unreadable."""
    return f"contact_unreadable_{contact_id}"


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
        self._store = ConfirmedStore(
            hass, CONSENT_STORAGE_VERSION, consent_store_key(entry.entry_id), "consent"
        )
        self._records: dict[str, ConsentRecord] = {}
        # Stored consent that cannot be read: kept as it is, and the contact is left out
        # (never re-read from an older copy) until the consent screen records it anew.
        self._damaged: dict[str, Any] = {}
        # Contacts as last read, with the subentry data and consent record they came from:
        # reused only while both are the very same objects (both are replaced, never
        # changed, when the contact or its consent changes), so every read sees the consent
        # in force without parsing the subentry again.
        self._parsed: dict[str, tuple[object, ConsentRecord | None, Contact]] = {}

    @property
    def client_alias(self) -> str:
        """The name the client chose for the hub (messages say whose hub they come from)."""
        return str(self._entry.data.get(CONF_ALIAS) or self._entry.title)

    async def async_load(self) -> None:
        """Read the consent store; take in newer consent copies from the subentries."""
        stored = await self._store.async_load_checked() or {}
        for contact_id, raw in stored.get("contacts", {}).items():
            try:
                self._records[contact_id] = ConsentRecord.from_dict(raw)
            except KeyError, TypeError, ValueError:
                _LOGGER.warning("Skipping a contact whose stored consent is unreadable")
                self._damaged[contact_id] = raw
        try:
            await self._async_adopt_copies()
        except HomeAssistantError:
            _LOGGER.warning("The consent store could not be written at start")

    async def async_remove(self) -> None:
        """Delete the consent records (the whole hub is being removed)."""
        await self._store.async_remove()

    def contacts(
        self, role: ContactRole | None = None, covering: frozenset[DataKind] | None = None
    ) -> list[Contact]:
        """Return contacts (optionally of one role, or whose consent covers ``covering``)."""
        found = [
            contact
            for sub in self._entry.subentries.values()
            if sub.subentry_type == SUBENTRY_CONTACT
            and (contact := self._read(sub.subentry_id, sub)) is not None
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
        return None if subentry is None else self._read(contact_id, subentry)

    def _read(self, contact_id: str, subentry: ConfigSubentry) -> Contact | None:
        """The contact with its consent from the store; ``None`` if its record is unreadable."""
        if contact_id in self._damaged:
            return None
        record = self._records.get(contact_id)
        parsed = self._parsed.get(contact_id)
        if parsed is not None and parsed[0] is subentry.data and parsed[1] is record:
            return parsed[2]
        try:
            contact = Contact.from_data(contact_id, subentry.data)
        except KeyError, TypeError, ValueError:
            return None
        if record is not None:
            contact = replace(contact, consent=record)
        self._parsed[contact_id] = (subentry.data, record, contact)
        return contact

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
            await self._async_adopt_copies()
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

    async def async_set_consent(self, contact_id: str, record: ConsentRecord) -> None:
        """Save the consent chosen on the consent screen now, then audit it."""
        await self._async_write(contact_id, record)

    async def _async_adopt_copies(self) -> None:
        """Take subentry consent copies newer than the store; forget removed contacts."""
        records = dict(self._records)
        present: set[str] = set()
        for sub in self._entry.subentries.values():
            if sub.subentry_type != SUBENTRY_CONTACT:
                continue
            present.add(sub.subentry_id)
            if sub.subentry_id in self._damaged:
                self._raise_unreadable(sub.subentry_id, sub.title)
                continue
            try:
                copy = ConsentRecord.from_dict(sub.data.get(CONF_CONSENT))
                Contact.from_data(sub.subentry_id, sub.data)
            except KeyError, TypeError, ValueError:
                self._raise_unreadable(sub.subentry_id, sub.title)
                continue
            ir.async_delete_issue(self._hass, DOMAIN, unreadable_issue_id(sub.subentry_id))
            stored = records.get(sub.subentry_id)
            if stored is None or copy.newer_than(stored):
                records[sub.subentry_id] = copy
        records = {cid: record for cid, record in records.items() if cid in present}
        self._damaged = {cid: raw for cid, raw in self._damaged.items() if cid in present}
        if records != self._records:
            await self._async_save(records)

    async def _async_save(self, records: dict[str, ConsentRecord]) -> None:
        """Make ``records`` the consent in force, on disk first; unchanged if that fails."""
        damaged = {cid: raw for cid, raw in self._damaged.items() if cid not in records}
        data: dict[str, Any] = {
            "contacts": damaged | {cid: record.as_dict() for cid, record in records.items()}
        }
        await self._store.async_save_confirmed(data)
        self._records = records
        self._damaged = damaged
        for contact_id in set(records) - set(damaged):
            ir.async_delete_issue(self._hass, DOMAIN, unreadable_issue_id(contact_id))

    def _raise_unreadable(self, contact_id: str, name: str | None = None) -> None:
        subentry = self._entry.subentries.get(contact_id)
        ir.async_create_issue(
            self._hass,
            DOMAIN,
            unreadable_issue_id(contact_id),
            is_fixable=False,
            severity=ir.IssueSeverity.ERROR,
            translation_key="contact_unreadable",
            translation_placeholders={
                "contact": name or (subentry.title if subentry else contact_id)
            },
        )

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
        """Save the record (raises, changing nothing, if it cannot be saved), then audit."""
        subentry = self._entry.subentries[contact_id]
        pruned = record.pruned(retention_cutoff(dt_util.now()))
        try:
            await self._async_save({**self._records, contact_id: pruned})
        except HomeAssistantError:
            self._notify()  # the switch falls back to what is really in force
            raise
        # The subentry's copy follows (Home Assistant writes it a little later).
        self._hass.config_entries.async_update_subentry(
            self._entry, subentry, data={**subentry.data, CONF_CONSENT: pruned.as_dict()}
        )
        await self.async_reconcile()
