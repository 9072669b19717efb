"""Contacts: validation of what the worker types, and consent events into audit entries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from custom_components.digiohjaus.core.audit import AuditOutcome
from custom_components.digiohjaus.core.consent import ConsentRecord, DataKind
from custom_components.digiohjaus.core.contact import (
    Contact,
    ContactError,
    ContactRole,
    consent_audit_entries,
    removal_audit_entry,
    validate_name,
    validate_phone,
)

T0 = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)


def test_names_are_trimmed() -> None:
    assert validate_name("  Liisa   Ohjaaja ") == "Liisa Ohjaaja"


@pytest.mark.parametrize(
    ("value", "key"), [("", "name_empty"), ("   ", "name_empty"), ("x" * 61, "name_too_long")]
)
def test_bad_names(value: str, key: str) -> None:
    with pytest.raises(ContactError) as err:
        validate_name(value)
    assert err.value.key == key


@pytest.mark.parametrize(
    "value", ["040 123 4567", "+358 40 123 4567", "09 2525 0111", "(09) 2525-0111", "112 00"]
)
def test_phone_numbers(value: str) -> None:
    assert validate_phone(f" {value} ") == value


@pytest.mark.parametrize(
    "value", ["soita", "040-KALLE", "12", "+358 40 123 4567 8901 2", "++358401"]
)
def test_not_phone_numbers(value: str) -> None:
    with pytest.raises(ContactError) as err:
        validate_phone(value)
    assert err.value.key == "phone_invalid"


def test_phone_can_be_left_out() -> None:
    assert validate_phone("  ") is None


def _contact(record: ConsentRecord, phone: str | None = "+358 40 123 4567") -> Contact:
    return Contact.from_data(
        "c1",
        {
            "name": "Liisa",
            "role": "worker",
            "notify_target": "notify.liisa",
            "phone": phone,
            "language": "sv",
            "consent": record.as_dict(),
        },
    )


def test_contact_from_subentry_data() -> None:
    contact = _contact(ConsentRecord().with_kinds({DataKind.CALLS}, T0))
    assert contact.role is ContactRole.WORKER
    assert contact.language == "sv"
    assert contact.tel_uri == "tel:+358401234567"
    assert contact.covers(frozenset({DataKind.CALLS}))
    assert not contact.covers(frozenset({DataKind.MOOD}))
    assert _contact(ConsentRecord(), phone=None).tel_uri is None
    odd = Contact.from_data("c2", {"name": "X", "notify_target": "notify.x", "language": "de"})
    assert (odd.role, odd.language, odd.consent) == (ContactRole.OTHER, "fi", ConsentRecord())


def test_consent_events_become_audit_entries_once() -> None:
    record = ConsentRecord().with_kinds({DataKind.CALLS}, T0, event_id="a")
    record = record.withdraw(T0 + timedelta(days=1), event_id="b")
    contact = _contact(record)
    entries = consent_audit_entries(contact, set(), T0 - timedelta(days=1))
    assert [(e.outcome, e.ref, e.contact_name) for e in entries] == [
        (AuditOutcome.CONSENT_GIVEN, "a", "Liisa"),
        (AuditOutcome.CONSENT_WITHDRAWN, "b", "Liisa"),
    ]
    assert consent_audit_entries(contact, {"a", "b"}, T0 - timedelta(days=1)) == []
    # Events pruned from the log after two years are not written again.
    assert [e.ref for e in consent_audit_entries(contact, set(), T0)] == ["b"]


def test_removal_entry() -> None:
    removed = removal_audit_entry("c1", "Liisa", "worker", frozenset({DataKind.CALLS}), T0)
    assert removed.outcome is AuditOutcome.CONTACT_REMOVED
    assert removed.kinds == {DataKind.CALLS}
