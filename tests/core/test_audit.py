"""The audit log: time order, paging newest first, two-year retention, counts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from custom_components.digiohjaus.core.audit import (
    AuditEntry,
    AuditLog,
    AuditOutcome,
    add_years,
    retention_cutoff,
)
from custom_components.digiohjaus.core.consent import DataKind

T0 = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)


def entry(
    at: datetime, outcome: AuditOutcome = AuditOutcome.SENT, contact_id: str = "c1"
) -> AuditEntry:
    return AuditEntry(
        at=at,
        contact_id=contact_id,
        contact_name="Liisa",
        role="worker",
        kinds=frozenset({DataKind.CALLS}),
        outcome=outcome,
        topic="call_request",
    )


def test_years_are_calendar_years() -> None:
    assert add_years(T0, 2) == T0.replace(year=2028)
    leap = datetime(2028, 2, 29, 12, tzinfo=UTC)
    assert add_years(leap, 2) == datetime(2030, 2, 28, 12, tzinfo=UTC)
    assert retention_cutoff(T0) == T0.replace(year=2024)


def test_entries_keep_time_order_whatever_the_arrival() -> None:
    log = AuditLog()
    log.append(entry(T0 + timedelta(minutes=2)))
    log.append(entry(T0))
    log.append(entry(T0 + timedelta(minutes=1)))
    assert [e.at for e in log.page().entries] == [
        T0 + timedelta(minutes=2),
        T0 + timedelta(minutes=1),
        T0,
    ]


def test_paging_newest_first() -> None:
    log = AuditLog.from_entries(entry(T0 + timedelta(minutes=i)) for i in range(25))
    first = log.page(limit=10)
    assert first.total == 25
    assert first.next_offset == 10
    assert first.entries[0].at == T0 + timedelta(minutes=24)
    last = log.page(offset=20, limit=10)
    assert len(last.entries) == 5
    assert last.next_offset is None
    assert last.entries[-1].at == T0
    assert log.page(offset=30).entries == ()


def test_paging_one_contact() -> None:
    log = AuditLog.from_entries(
        [entry(T0, contact_id="a"), entry(T0, contact_id="b"), entry(T0, contact_id="a")]
    )
    page = log.page(contact_id="a")
    assert page.total == 2
    assert {e.contact_id for e in page.entries} == {"a"}


@pytest.mark.parametrize(("offset", "limit"), [(-1, 10), (0, 0), (0, 101)])
def test_bad_page_requests(offset: int, limit: int) -> None:
    with pytest.raises(ValueError, match="limit"):
        AuditLog().page(offset, limit)


def test_entries_older_than_two_years_are_pruned() -> None:
    old = entry(T0)
    young = entry(T0 + timedelta(days=1))
    log = AuditLog.from_entries([young, old])
    assert log.next_expiry() == T0.replace(year=2028)
    assert log.prune(T0.replace(year=2028) - timedelta(seconds=1)) == 0
    assert log.prune(T0.replace(year=2028)) == 1
    assert len(log) == 1
    assert log.next_expiry() == young.expires_at
    assert AuditLog().next_expiry() is None


def test_latest_disclosure_skips_blocked_and_consent_entries() -> None:
    log = AuditLog.from_entries(
        [
            entry(T0, AuditOutcome.SENT),
            entry(T0 + timedelta(minutes=1), AuditOutcome.SHARE_READ),
            entry(T0 + timedelta(minutes=2), AuditOutcome.BLOCKED),
            entry(T0 + timedelta(minutes=3), AuditOutcome.CONSENT_WITHDRAWN),
        ]
    )
    latest = log.latest()
    assert latest is not None
    assert latest.outcome is AuditOutcome.SHARE_READ
    assert AuditLog().latest() is None
    assert log.counts() == {"blocked": 1, "consent_withdrawn": 1, "sent": 1, "share_read": 1}


def test_round_trip_without_message_text() -> None:
    original = AuditEntry(
        at=T0,
        contact_id="c1",
        contact_name="Liisa",
        role="worker",
        kinds=frozenset({DataKind.MOOD, DataKind.CHECK_IN}),
        outcome=AuditOutcome.FAILED,
        topic="escalation",
        reason="target_missing",
        ref=None,
    )
    shown = original.as_dict()
    assert set(shown) == {
        "at",
        "first_at",
        "last_at",
        "count",
        "contact_id",
        "contact",
        "role",
        "kinds",
        "outcome",
        "topic",
        "reason",
        "ref",
    }
    assert shown["kinds"] == ["check_in", "mood"]
    assert (shown["first_at"], shown["last_at"], shown["count"]) == (T0.isoformat(),) * 2 + (1,)
    assert AuditEntry.from_dict(shown) == original
    # Stored compactly: no empty fields, no series fields for a single event.
    stored = original.stored()
    assert set(stored) == {"at", "contact_id", "contact", "role", "kinds", "outcome"} | {
        "topic",
        "reason",
    }
    assert AuditEntry.from_dict(stored) == original
    log = AuditLog.from_entries([original])
    assert (
        AuditLog.from_entries(AuditEntry.from_dict(i) for i in log.as_list()).page() == log.page()
    )
    assert log.page().as_dict()["entries"] == [shown]
