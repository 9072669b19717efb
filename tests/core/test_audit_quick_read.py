"""A worker reading again is counted by a quick path: it must keep exactly the same log."""

from __future__ import annotations

from datetime import datetime, timedelta
import random
from zoneinfo import ZoneInfo

import pytest

from custom_components.digiohjaus.core.audit import AuditEntry, AuditLog, AuditOutcome
from custom_components.digiohjaus.core.audit_entry import stored_fields
from custom_components.digiohjaus.core.consent import DataKind

HELSINKI = ZoneInfo("Europe/Helsinki")
START = datetime(2027, 3, 27, 20, 0, tzinfo=HELSINKI)  # the night the clocks go forward
KINDS = (
    frozenset({DataKind.CHECK_IN, DataKind.MOOD}),
    frozenset({DataKind.CHECK_IN}),
)
OUTCOMES = (
    AuditOutcome.SHARE_READ,
    AuditOutcome.SHARE_READ,
    AuditOutcome.SHARE_READ,
    AuditOutcome.SHARE_DENIED,
    AuditOutcome.SENT,
    AuditOutcome.CONSENT_CHANGED,
)
STEPS = (
    timedelta(seconds=0),
    timedelta(seconds=1),
    timedelta(minutes=5),
    timedelta(minutes=59),
    timedelta(hours=3),
    timedelta(hours=3, seconds=1),
    timedelta(hours=5),
)


def _entry(
    at: datetime, contact_id: str, kinds: frozenset[DataKind], outcome: AuditOutcome
) -> AuditEntry:
    series = outcome in {AuditOutcome.SHARE_READ, AuditOutcome.SHARE_DENIED}
    return AuditEntry(
        at=at,
        contact_id=contact_id,
        contact_name=contact_id.title(),
        role="worker",
        kinds=kinds if outcome is not AuditOutcome.SHARE_DENIED else frozenset(),
        outcome=outcome,
        topic="share_read" if series else "escalation",
    )


def _quick(log: AuditLog, entry: AuditEntry) -> bool:
    """Add ``entry`` the way the hub does: the quick path first, then the usual one."""
    fields = stored_fields(
        entry.contact_id,
        entry.contact_name,
        entry.role,
        entry.kinds,
        entry.outcome,
        topic=entry.topic,
    )
    if log.extend_newest(fields, entry.at) is not None:
        return True
    log.add_stored(entry.stored())
    return False


@pytest.mark.parametrize("seed", range(40))
def test_the_quick_path_keeps_the_same_log_as_adding_entries(seed: int) -> None:
    """Reads, refusals, messages and consent changes of two workers, some recorded late."""
    rng = random.Random(seed)  # noqa: S311 - a repeatable mix of events, not a secret
    usual, quick = AuditLog(), AuditLog()
    at = START
    quick_reads = 0
    for _ in range(300):
        at = (at.astimezone(HELSINKI) + rng.choice(STEPS)).astimezone(HELSINKI)
        late = rng.random() < 0.05  # e.g. a consent change written a moment late
        when = at - timedelta(minutes=rng.randint(1, 30)) if late else at
        entry = _entry(
            when, rng.choice(("liisa", "ville")), rng.choice(KINDS), rng.choice(OUTCOMES)
        )
        usual.add_stored(entry.stored())
        quick_reads += _quick(quick, entry)
    assert quick.as_list() == usual.as_list()
    assert quick_reads >= 5  # the quick path was really taken


def test_a_day_of_polling_is_counted_without_new_entries() -> None:
    log = AuditLog()
    kinds = KINDS[0]
    taken = [
        _quick(
            log, _entry(START + i * timedelta(minutes=5), "liisa", kinds, AuditOutcome.SHARE_READ)
        )
        for i in range(20)
    ]
    assert taken == [False] + [True] * 19
    (entry,) = log.page().entries
    assert (entry.count, entry.first_at, entry.last_at) == (
        20,
        START,
        START + timedelta(minutes=95),
    )


def test_anything_else_about_the_worker_is_not_a_quick_read() -> None:
    """A message to her, or a consent change recorded late, starts a new entry."""
    log = AuditLog()
    kinds = KINDS[0]
    _quick(log, _entry(START, "liisa", kinds, AuditOutcome.SHARE_READ))
    log.add_stored(_entry(START + timedelta(minutes=1), "liisa", kinds, AuditOutcome.SENT).stored())
    assert not _quick(
        log, _entry(START + timedelta(minutes=2), "liisa", kinds, AuditOutcome.SHARE_READ)
    )
    # Her consent changed at 20:04, recorded only after the read at 20:05.
    _quick(log, _entry(START + timedelta(minutes=5), "liisa", kinds, AuditOutcome.SHARE_READ))
    log.add_stored(
        _entry(START + timedelta(minutes=4), "liisa", kinds, AuditOutcome.CONSENT_CHANGED).stored()
    )
    assert not _quick(
        log, _entry(START + timedelta(minutes=6), "liisa", kinds, AuditOutcome.SHARE_READ)
    )
    assert [e.count for e in log.page().entries] == [1, 2, 1, 1, 1]
