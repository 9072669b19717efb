"""How the audit log behaves when full: two years of a busy hub.

Run: .venv/bin/python benchmarks/audit_log.py

Two parts, no assertions (numbers to compare):

1. Messages only: two years of 20 entries a day. The time of what the hub does on every
   message (append, then save the whole log the way ``Store`` does: Home Assistant's JSON
   encoder, an atomic file write), on every read of the log (a page, newest first), once
   when the oldest entry expires (prune), the file size and the time to read it back.
2. Share reads: two workers whose Home Assistant reads every 5 minutes for two years, plus
   20 messages a day. *Before*: one entry per read (stored format 1.1); *after*: repeated
   reads as one entry (format 1.2, ``core/audit.py``), reached from the old log by the
   migration the hub runs once at start. Entries stored, file size, encode time, and what
   each read costs the hub (append, then save; the append itself is microseconds either
   way, the save of the whole log is the cost).
3. One append at a 10 KiB and at a 10 MiB log, side by side: *before*, the whole log saved
   atomically on every append; *now*, the short journal saved atomically (``hub/audit_store.py``;
   measured half full and full) plus the base file's compaction, which runs in the background
   once per ``COMPACT_AT`` records (shown per append).
4. A worker's Home Assistant left asking every 5 minutes for two years after the client
   withdrew consent: the log's size with one entry per refusal (before) and with refusals as
   series (now), and with the follower's hourly back-off.

Files are written as Home Assistant's ``Store`` writes them (its JSON encoder, an atomic
write with fsync) on this machine's disk.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
import statistics
import sys
import tempfile
import time
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from homeassistant.helpers.json import prepare_save_json
from homeassistant.util.file import write_utf8_file_atomic

from custom_components.digiohjaus.core.audit import (
    AuditEntry,
    AuditLog,
    AuditOutcome,
    coalesce_stored,
)
from custom_components.digiohjaus.core.consent import DataKind
from custom_components.digiohjaus.hub.audit_store import COMPACT_AT

ENTRIES_PER_DAY = 20  # every reminder, check-in and call to three contacts, blocked ones too
DAYS = 730
START = datetime(2026, 11, 2, 7, 0, tzinfo=UTC)
OUTCOMES = (AuditOutcome.SENT, AuditOutcome.SENT, AuditOutcome.BLOCKED, AuditOutcome.SHARE_READ)

HELSINKI = ZoneInfo("Europe/Helsinki")
POLL = timedelta(minutes=5)
WORKERS = (("01JWORKERLIISA00000000000", "Liisa"), ("01JWORKERVILLE00000000000", "Ville"))
FAMILY = ("01JFAMILYPEKKA00000000000", "Pekka")
READ_KINDS = frozenset({DataKind.CHECK_IN, DataKind.MOOD, DataKind.MEDICATION, DataKind.CALLS})


def _entry(i: int) -> AuditEntry:
    return AuditEntry(
        at=START + timedelta(minutes=i * 24 * 60 / ENTRIES_PER_DAY),
        contact_id=f"01JCONTACT{i % 3:016d}",
        contact_name=("Liisa", "Pekka", "Anna")[i % 3],
        role=("worker", "family", "other")[i % 3],
        kinds=frozenset({DataKind.CHECK_IN, DataKind.MEDICATION}),
        outcome=OUTCOMES[i % len(OUTCOMES)],
        topic="reminder",
    )


def _timed(action: Callable[[], object], repeat: int) -> float:
    """Median milliseconds of ``action()`` over ``repeat`` runs."""
    samples = []
    for _ in range(repeat):
        began = time.perf_counter()
        action()
        samples.append((time.perf_counter() - began) * 1000)
    return statistics.median(samples)


def _encode(log: AuditLog) -> tuple[str, str | bytes]:
    """Encode the log as ``Store`` does (indented JSON with Home Assistant's encoder)."""
    return prepare_save_json(
        {
            "version": 1,
            "minor_version": 2,
            "key": "digiohjaus.x.audit",
            "data": {
                "entries": log.as_list(),
                "contacts": {},
            },
        }
    )


def _save(log: AuditLog, path: Path) -> None:
    mode, data = _encode(log)
    write_utf8_file_atomic(str(path), data, private=True, mode=mode)


def messages_only() -> None:
    """Fill a log with two years of entries and time what the hub does with it."""
    total = ENTRIES_PER_DAY * DAYS
    entries = [_entry(i) for i in range(total)]
    log = AuditLog.from_entries(entries[:-100])
    rest = iter(entries[-100:])
    append_ms = _timed(lambda: log.append(next(rest)), 100)
    page_ms = _timed(lambda: log.page(0, 20), 50)
    page_deep_ms = _timed(lambda: log.page(total - 20, 20), 50)
    contact_ms = _timed(lambda: log.page(0, 20, "01JCONTACT0000000000000001"), 50)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "digiohjaus.audit"
        save_ms = _timed(lambda: _save(log, path), 10)
        size_kib = path.stat().st_size / 1024
    stored = log.as_list()
    load_ms = _timed(lambda: AuditLog.from_stored(stored), 5)
    expire_at = entries[0].expires_at + timedelta(days=1)
    prune_ms = _timed(lambda: log.prune(expire_at), 1)
    print(f"audit log with {total} entries ({ENTRIES_PER_DAY}/day for {DAYS} days)")
    print(f"  append one entry           {append_ms:8.3f} ms")
    print(f"  save whole log (atomic)    {save_ms:8.1f} ms   file {size_kib:,.0f} KiB")
    print(f"  page 20, newest            {page_ms:8.2f} ms")
    print(f"  page 20, oldest            {page_deep_ms:8.2f} ms")
    print(f"  page 20, one contact       {contact_ms:8.2f} ms")
    print(f"  load at start              {load_ms:8.1f} ms")
    print(f"  prune one day's entries    {prune_ms:8.3f} ms")


def _read(at: datetime, worker: tuple[str, str]) -> AuditEntry:
    return AuditEntry(
        at=at,
        contact_id=worker[0],
        contact_name=worker[1],
        role="worker",
        kinds=READ_KINDS,
        outcome=AuditOutcome.SHARE_READ,
        topic="share_read",
    )


def _message(at: datetime, i: int) -> AuditEntry:
    """Messages go round Liisa, Pekka and Ville (a message to a worker ends her series)."""
    contact_id, name = (WORKERS[0], FAMILY, WORKERS[1])[i % 3]
    return AuditEntry(
        at=at,
        contact_id=contact_id,
        contact_name=name,
        role="family" if name == "Pekka" else "worker",
        kinds=frozenset({DataKind.CHECK_IN}),
        outcome=(AuditOutcome.SENT, AuditOutcome.SENT, AuditOutcome.BLOCKED)[i % 3],
        topic="reminder",
    )


def _old_form(entry: AuditEntry) -> dict[str, Any]:
    """An entry as format 1.1 stored it: every field, one entry per read."""
    return {
        key: value
        for key, value in entry.as_dict().items()
        if key not in {"first_at", "last_at", "count"}
    }


def _two_years_of_reads() -> list[dict[str, Any]]:
    """Every read and message of two years, oldest first, in the 1.1 stored form."""
    start = datetime(2026, 11, 2, 0, 0, tzinfo=HELSINKI).astimezone(UTC)
    polls = DAYS * 24 * 12
    entries: list[AuditEntry] = []
    for i in range(polls):
        at = (start + i * POLL).astimezone(HELSINKI)
        entries.append(_read(at + timedelta(seconds=7), WORKERS[0]))
        entries.append(_read(at + timedelta(seconds=41), WORKERS[1]))
    every = timedelta(days=1) / ENTRIES_PER_DAY
    entries.extend(
        _message((start + i * every + timedelta(minutes=2)).astimezone(HELSINKI), i)
        for i in range(DAYS * ENTRIES_PER_DAY)
    )
    entries.sort(key=lambda entry: entry.at)
    return [_old_form(entry) for entry in entries]


def _read_cost(log: AuditLog, path: Path, next_read: Callable[[], AuditEntry]) -> float:
    def append_and_save() -> None:
        log.append(next_read())
        _save(log, path)

    return _timed(append_and_save, 5)


def share_reads() -> None:
    """Two workers polling every 5 minutes for two years, with and without series."""
    old = _two_years_of_reads()
    reads = sum(1 for item in old if item["outcome"] == "share_read")
    before = AuditLog.from_stored(old)
    began = time.perf_counter()
    items = coalesce_stored(old)
    migrate_s = time.perf_counter() - began
    after = AuditLog.from_stored(items)
    last = datetime.fromisoformat(old[-1]["at"])
    ticks = iter(range(1, 1000))
    with tempfile.TemporaryDirectory() as folder:
        rows = []
        for name, log in (("before (1 per read)", before), ("after (series)", after)):
            path = Path(folder) / f"{len(log)}.audit"
            count = len(log)
            encode_ms = _timed(lambda log=log: _encode(log), 3)
            _save(log, path)
            size_mib = path.stat().st_size / 1024 / 1024
            load_ms = _timed(lambda log=log: AuditLog.from_stored(log.as_list()), 1)
            cost_ms = _read_cost(log, path, lambda: _read(last + next(ticks) * POLL, WORKERS[0]))
            rows.append((name, count, size_mib, encode_ms, cost_ms, load_ms))
    print()
    print(
        f"share reads: {len(WORKERS)} workers every 5 min for {DAYS} days ({reads:,} reads)"
        f" + {ENTRIES_PER_DAY} messages/day"
    )
    print(
        f"  {'':21}{'entries':>9} {'file':>10} {'encode':>10} {'read: append+save':>18}"
        f" {'load at start':>14}"
    )
    for name, count, size_mib, encode_ms, cost_ms, load_ms in rows:
        print(
            f"  {name:21}{count:9,} {size_mib:7.1f} MiB {encode_ms:7.1f} ms {cost_ms:15.1f} ms"
            f" {load_ms:11.1f} ms"
        )
    print(f"  migration 1.1 -> 1.2 (once, in the executor): {migrate_s:.1f} s")


def _save_journal(records: list[dict[str, Any]], path: Path) -> None:
    mode, data = prepare_save_json(
        {"version": 1, "minor_version": 1, "key": "x.audit_journal", "data": {"records": records}}
    )
    write_utf8_file_atomic(str(path), data, private=True, mode=mode)


def append_cost() -> None:
    """One append at a 10 KiB and at a 10 MiB log: whole-file save vs journal."""
    print()
    print("one append (a new entry, on disk before it returns), median of 20")
    print(
        f"  {'log':>9} {'entries':>8} {'before: save all':>17} {'journal half full':>18}"
        f" {'journal full':>13} {'compaction/append':>18}"
    )
    with tempfile.TemporaryDirectory() as folder:
        for target in (10 * 1024, 10 * 1024 * 1024):
            count = max(1, target // 300)
            log = AuditLog.from_entries(_entry(i) for i in range(count))
            base = Path(folder) / "base"
            _save(log, base)
            while base.stat().st_size < target:  # top up to the size wanted
                log = AuditLog.from_entries(_entry(i) for i in range(int(count * 1.1)))
                count = len(log)
                _save(log, base)
            size = base.stat().st_size
            stored = [{"seq": i, "entry": _entry(count + i).stored()} for i in range(COMPACT_AT)]
            journal = Path(folder) / "journal"
            half, full = stored[: COMPACT_AT // 2], stored[: COMPACT_AT - 1]
            before_ms = _timed(lambda log=log, base=base: _save(log, base), 20)
            half_ms = _timed(lambda half=half, path=journal: _save_journal(half, path), 20)
            full_ms = _timed(lambda full=full, path=journal: _save_journal(full, path), 20)
            compact_ms = _timed(lambda log=log, base=base: _save(log, base), 5) / COMPACT_AT
            label = f"{size / 1024:,.0f} KiB" if size < 1024 * 1024 else f"{size / 2**20:.1f} MiB"
            print(
                f"  {label:>9} {count:8,} {before_ms:14.1f} ms {half_ms:15.1f} ms"
                f" {full_ms:10.1f} ms {compact_ms:15.2f} ms"
            )
    print(
        f"  (compaction: the whole base file once per {COMPACT_AT} journal records, in the"
        " background, divided by them)"
    )


def _refusal(at: datetime) -> AuditEntry:
    return AuditEntry(
        at=at,
        contact_id=WORKERS[0][0],
        contact_name=WORKERS[0][1],
        role="worker",
        kinds=frozenset(),
        outcome=AuditOutcome.SHARE_DENIED,
        topic="share_read",
    )


def refused_reads() -> None:
    """Two years of refused reads after a withdrawal: one entry each, or series."""
    start = datetime(2026, 11, 2, 0, 3, tzinfo=HELSINKI).astimezone(UTC)
    print()
    print(f"refused reads after a withdrawal, {DAYS} days")
    print(f"  {'':34}{'refusals':>9} {'entries':>8} {'file':>10}")
    for name, every, series in (
        ("before: every 5 min, 1 per refusal", POLL, False),
        ("now: every 5 min, series", POLL, True),
        ("now: follower backs off to 1/hour", timedelta(hours=1), True),
    ):
        count = int(timedelta(days=DAYS) / every)
        times = ((start + i * every).astimezone(HELSINKI) for i in range(count))
        if series:
            log = AuditLog()
            for at in times:
                log.append(_refusal(at))
        else:
            log = AuditLog.from_stored(_refusal(at).stored() for at in times)
        size = len(_encode(log)[1])
        print(f"  {name:34}{count:9,} {len(log):8,} {size / 2**20:7.2f} MiB")


if __name__ == "__main__":
    messages_only()
    share_reads()
    append_cost()
    refused_reads()
