"""Repeated share reads are one entry: who, which kinds, from when to when, how many times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from custom_components.digiohjaus.core.audit import (
    SERIES_GAP,
    AuditEntry,
    AuditLog,
    AuditOutcome,
    coalesce_stored,
    merged_reads,
)
from custom_components.digiohjaus.core.consent import DataKind

HELSINKI = ZoneInfo("Europe/Helsinki")
MIDNIGHT = datetime(2026, 11, 28, 0, 0, tzinfo=HELSINKI)
POLL = timedelta(minutes=5)
LIISA_KINDS = frozenset({DataKind.CHECK_IN, DataKind.MOOD})


def read(
    at: datetime,
    contact_id: str = "liisa",
    kinds: frozenset[DataKind] = LIISA_KINDS,
    outcome: AuditOutcome = AuditOutcome.SHARE_READ,
) -> AuditEntry:
    return AuditEntry(
        at=at,
        contact_id=contact_id,
        contact_name={"liisa": "Liisa", "ville": "Ville"}.get(contact_id, "Pekka"),
        role="worker",
        kinds=kinds,
        outcome=outcome,
        topic="share_read" if outcome is AuditOutcome.SHARE_READ else None,
    )


def polls(log: AuditLog, start: datetime, count: int, contact_id: str = "liisa") -> datetime:
    """Let the worker's Home Assistant read ``count`` times, every 5 minutes from ``start``.

    Real minutes (a daylight saving night is an hour shorter or longer on the clock).
    """
    times = [(start.astimezone(UTC) + i * POLL).astimezone(HELSINKI) for i in range(count)]
    for at in times:
        log.append(read(at, contact_id))
    return times[-1]


def rows(log: AuditLog) -> list[tuple[str, str, datetime, datetime, int]]:
    """The log newest first: contact, outcome, first, last, count."""
    return [
        (e.contact_name, str(e.outcome), e.first_at, e.last_at, e.count)
        for e in log.page(limit=100).entries
    ]


def test_a_day_of_polls_is_one_entry() -> None:
    log = AuditLog()
    last = polls(log, MIDNIGHT, 288)
    assert last == MIDNIGHT.replace(hour=23, minute=55)
    assert len(log) == 1
    (entry,) = log.page().entries
    assert (entry.first_at, entry.last_at, entry.at, entry.count) == (MIDNIGHT, last, last, 288)
    assert entry.kinds == LIISA_KINDS
    assert entry.as_dict()["first_at"] == "2026-11-28T00:00:00+02:00"
    assert entry.as_dict()["last_at"] == "2026-11-28T23:55:00+02:00"
    latest = log.latest()
    assert latest is not None
    assert latest.count == 288


def test_midnight_starts_a_new_entry_in_local_time() -> None:
    log = AuditLog()
    polls(log, MIDNIGHT.replace(hour=23), 24)  # 23.00 – 00.55 next day
    assert [(first.hour, last.hour, count) for _, _, first, last, count in rows(log)] == [
        (0, 0, 12),
        (23, 23, 12),
    ]
    # Midnight in UTC (02.00 in Helsinki) does not split anything.
    other = AuditLog()
    polls(other, MIDNIGHT.replace(hour=1), 24)
    assert len(other) == 1


def test_a_daylight_saving_night_is_still_one_day() -> None:
    log = AuditLog()
    # 28 March 2027: clocks go from 03.00 to 04.00; 23 hours of polls that day.
    polls(log, datetime(2027, 3, 28, 0, 0, tzinfo=HELSINKI), 276)
    (entry,) = log.page().entries
    assert entry.count == 276
    assert entry.last_at == datetime(2027, 3, 28, 23, 55, tzinfo=HELSINKI)


def test_a_pause_longer_than_the_gap_starts_a_new_entry() -> None:
    log = AuditLog()
    log.append(read(MIDNIGHT.replace(hour=8)))
    log.append(read(MIDNIGHT.replace(hour=8) + SERIES_GAP))  # exactly the gap: same series
    assert len(log) == 1
    log.append(read(MIDNIGHT.replace(hour=8) + 2 * SERIES_GAP + timedelta(seconds=1)))
    assert [count for *_, count in rows(log)] == [1, 2]


def test_withdrawal_in_between_splits_the_series() -> None:
    log = AuditLog()
    last = polls(log, MIDNIGHT.replace(hour=9), 3)
    log.append(read(last + timedelta(minutes=1), outcome=AuditOutcome.CONSENT_WITHDRAWN))
    log.append(read(last + POLL, outcome=AuditOutcome.SHARE_DENIED))
    log.append(read(last + 2 * POLL, outcome=AuditOutcome.CONSENT_RESTORED))
    polls(log, last + 3 * POLL, 2)
    assert [(outcome, count) for _, outcome, _, _, count in rows(log)] == [
        ("share_read", 2),
        ("consent_restored", 1),
        ("share_denied", 1),
        ("consent_withdrawn", 1),
        ("share_read", 3),
    ]


def test_changed_kinds_split_the_series() -> None:
    log = AuditLog()
    start = MIDNIGHT.replace(hour=9)
    log.append(read(start))
    log.append(read(start + POLL, kinds=LIISA_KINDS - {DataKind.MOOD}))
    log.append(read(start + 2 * POLL, kinds=LIISA_KINDS - {DataKind.MOOD}))
    # Back to the first kinds: a third entry, the first series is not reopened.
    log.append(read(start + 3 * POLL))
    assert [(sorted(e.kinds), e.count) for e in log.page().entries] == [
        (["check_in", "mood"], 1),
        (["check_in"], 2),
        (["check_in", "mood"], 1),
    ]


def test_a_message_to_the_same_worker_splits_her_series_but_not_others() -> None:
    log = AuditLog()
    start = MIDNIGHT.replace(hour=9)
    for i in range(4):
        log.append(read(start + i * POLL, "liisa"))
        log.append(read(start + i * POLL, "ville"))
    log.append(read(start + 4 * POLL, "liisa", outcome=AuditOutcome.SENT))
    log.append(read(start + 5 * POLL, "liisa"))
    log.append(read(start + 5 * POLL, "ville"))
    assert [(name, outcome, count) for name, outcome, _, _, count in rows(log)] == [
        ("Ville", "share_read", 5),
        ("Liisa", "share_read", 1),
        ("Liisa", "sent", 1),
        ("Liisa", "share_read", 4),
    ]


def test_a_consent_change_recorded_late_closes_the_series() -> None:
    log = AuditLog()
    start = MIDNIGHT.replace(hour=9)
    polls(log, start, 4)
    # The change happened at 09.07 but reached the log after the 09.15 read.
    log.append(read(start + timedelta(minutes=7), outcome=AuditOutcome.CONSENT_CHANGED))
    log.append(read(start + 4 * POLL))
    assert [(outcome, count) for _, outcome, _, _, count in rows(log)] == [
        ("share_read", 1),
        ("share_read", 4),
        ("consent_changed", 1),
    ]


def test_a_read_from_before_the_series_end_is_its_own_entry() -> None:
    """The hub's clock was set back: reads never merge backwards in time."""
    log = AuditLog()
    polls(log, MIDNIGHT.replace(hour=9), 3)
    log.append(read(MIDNIGHT.replace(hour=9, minute=1)))
    assert [count for *_, count in rows(log)] == [3, 1]


def test_notifications_and_consent_events_are_never_merged() -> None:
    log = AuditLog()
    for outcome in (AuditOutcome.SENT, AuditOutcome.BLOCKED, AuditOutcome.FAILED):
        for i in range(3):
            log.append(read(MIDNIGHT.replace(hour=9) + i * POLL, outcome=outcome))
    assert len(log) == 9
    assert log.counts() == {"blocked": 3, "failed": 3, "sent": 3}


def test_pages_are_ordered_by_the_last_read() -> None:
    log = AuditLog()
    start = MIDNIGHT.replace(hour=9)
    log.append(read(start))
    log.append(read(start + timedelta(minutes=1), "pekka", outcome=AuditOutcome.SENT))
    log.append(read(start + POLL))
    # Liisa's series began before the message to Pekka but its last read is newer.
    assert [(name, outcome) for name, outcome, *_ in rows(log)] == [
        ("Liisa", "share_read"),
        ("Pekka", "sent"),
    ]
    assert log.page(contact_id="liisa").entries[0].count == 2


def test_pruning_uses_the_last_read() -> None:
    log = AuditLog()
    last = polls(log, MIDNIGHT, 288)
    two_years = MIDNIGHT.replace(year=2028)
    assert log.next_expiry() == last.replace(year=2028)
    # Its first read is two years old, its last is not: the whole entry stays.
    assert log.prune(two_years + timedelta(hours=12)) == 0
    assert log.page().entries[0].count == 288
    assert log.prune(last.replace(year=2028)) == 1
    assert len(log) == 0


def test_a_series_is_stored_compactly_and_read_back() -> None:
    log = AuditLog()
    polls(log, MIDNIGHT, 3)
    (item,) = log.as_list()
    assert item == {
        "at": "2026-11-28T00:10:00+02:00",
        "first_at": "2026-11-28T00:00:00+02:00",
        "count": 3,
        "contact_id": "liisa",
        "contact": "Liisa",
        "role": "worker",
        "kinds": ["check_in", "mood"],
        "outcome": "share_read",
        "topic": "share_read",
    }
    assert AuditEntry.from_dict(item).stored() == item
    again = AuditLog.from_stored(log.as_list())
    assert again.page() == log.page()
    # The series goes on after a restart.
    again.append(read(MIDNIGHT + 3 * POLL))
    assert again.page().entries[0].count == 4
    assert again.page().entries[0].first_at == MIDNIGHT


def _old(at: datetime, contact_id: str = "liisa", outcome: str = "share_read") -> dict[str, Any]:
    """An entry as stored before series existed (every field, empty ones as null)."""
    return {
        "at": at.isoformat(),
        "contact_id": contact_id,
        "contact": "Liisa" if contact_id == "liisa" else "Pekka",
        "role": "worker",
        "kinds": ["check_in", "mood"],
        "outcome": outcome,
        "topic": "share_read" if outcome == "share_read" else "call",
        "reason": None,
        "ref": None,
    }


def test_old_entries_read_as_single_events() -> None:
    log = AuditLog.from_stored([_old(MIDNIGHT), _old(MIDNIGHT + POLL)])
    assert [(e.count, e.first_at, e.last_at) for e in log.page().entries] == [
        (1, MIDNIGHT + POLL, MIDNIGHT + POLL),
        (1, MIDNIGHT, MIDNIGHT),
    ]
    # The next read extends the newest old one.
    log.append(read(MIDNIGHT + 2 * POLL))
    assert [e.count for e in log.page().entries] == [2, 1]


def test_an_old_log_is_replayed_into_series() -> None:
    old = [_old(MIDNIGHT + i * POLL) for i in range(288)]
    old.insert(100, _old(MIDNIGHT + 100 * POLL - timedelta(minutes=1), "pekka", "sent"))
    old.reverse()  # stored order does not matter
    items = coalesce_stored(old)
    # Oldest (last) first: the message to Pekka, then Liisa's day of reads.
    assert [(item["outcome"], item.get("count", 1)) for item in items] == [
        ("sent", 1),
        ("share_read", 288),
    ]
    assert "reason" not in items[0]
    assert items[1]["first_at"] == MIDNIGHT.isoformat()
    assert AuditLog.from_stored(items).page().entries[1].contact_name == "Pekka"


def test_refused_reads_are_a_series_of_their_own() -> None:
    """After a withdrawal the worker's Home Assistant keeps asking: one entry a day."""
    log = AuditLog()
    withdrawn = read(MIDNIGHT, kinds=frozenset(), outcome=AuditOutcome.CONSENT_WITHDRAWN)
    assert not log.append(withdrawn)
    denied = [
        read(MIDNIGHT + i * POLL, kinds=frozenset(), outcome=AuditOutcome.SHARE_DENIED)
        for i in range(1, 288)
    ]
    extended = [log.append(entry) for entry in denied]
    assert extended == [False] + [True] * 286  # only the first refusal is new
    assert [(outcome, count) for _, outcome, _, _, count in rows(log)] == [
        ("share_denied", 287),
        ("consent_withdrawn", 1),
    ]
    # A read after the refusals is a new entry, not part of them.
    assert not log.append(read(MIDNIGHT + 288 * POLL))


def test_consent_entries_replay_to_the_consent_in_force() -> None:
    log = AuditLog()
    given = read(MIDNIGHT, outcome=AuditOutcome.CONSENT_GIVEN)
    log.append(given)
    log.append(read(MIDNIGHT + POLL))
    log.append(read(MIDNIGHT + 2 * POLL, outcome=AuditOutcome.CONSENT_WITHDRAWN))
    log.append(read(MIDNIGHT + 3 * POLL, "ville", outcome=AuditOutcome.CONTACT_REMOVED))
    assert [(e.contact_id, str(e.outcome)) for e in log.consent_entries()] == [
        ("liisa", "consent_given"),
        ("liisa", "consent_withdrawn"),
        ("ville", "contact_removed"),
    ]
    assert log.consent_entries()[0] == given


def test_reads_of_one_series_fold_into_one_stored_record() -> None:
    first = read(MIDNIGHT).stored()
    second = read(MIDNIGHT + POLL).stored()
    merged = merged_reads(first, second)
    assert merged is not None
    assert (merged["first_at"], merged["at"], merged["count"]) == (
        MIDNIGHT.isoformat(),
        (MIDNIGHT + POLL).isoformat(),
        2,
    )
    third = merged_reads(merged, read(MIDNIGHT + 2 * POLL).stored())
    assert third is not None
    assert third["count"] == 3
    # Replayed, the folded record is the same series as the reads one by one.
    one_by_one = AuditLog()
    for i in range(3):
        one_by_one.append(read(MIDNIGHT + i * POLL))
    folded = AuditLog()
    folded.add_stored(third)
    assert rows(folded) == rows(one_by_one)
    # Not the same series: other kinds, another contact, another day, not a read.
    assert merged_reads(first, read(MIDNIGHT + POLL, kinds=frozenset()).stored()) is None
    assert merged_reads(first, read(MIDNIGHT + POLL, "ville").stored()) is None
    assert merged_reads(first, read(MIDNIGHT + timedelta(days=1)).stored()) is None
    assert merged_reads(first, read(MIDNIGHT, outcome=AuditOutcome.SENT).stored()) is None
