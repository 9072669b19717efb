"""How the audit log behaves when full: two years of a busy hub.

Run: .venv/bin/python benchmarks/audit_log.py

Prints the time of the operations the hub performs on every message (append, then save the
whole log with Home Assistant's JSON encoder and an atomic file write), on every read of the
log (one page, newest first) and once when the oldest entry expires (prune), the size of the
stored file, and the time to read it back at start. No assertion: numbers to compare.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
import statistics
import sys
import tempfile
import time

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from homeassistant.helpers.json import json_bytes
from homeassistant.util.file import write_utf8_file_atomic

from custom_components.digiohjaus.core.audit import (
    AuditEntry,
    AuditLog,
    AuditOutcome,
)
from custom_components.digiohjaus.core.consent import DataKind

ENTRIES_PER_DAY = 20  # every reminder, check-in and call to three contacts, blocked ones too
DAYS = 730
START = datetime(2026, 11, 2, 7, 0, tzinfo=UTC)
OUTCOMES = (AuditOutcome.SENT, AuditOutcome.SENT, AuditOutcome.BLOCKED, AuditOutcome.SHARE_READ)


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


def _timed(action: object, repeat: int) -> float:
    """Median milliseconds of ``action()`` over ``repeat`` runs."""
    samples = []
    for _ in range(repeat):
        began = time.perf_counter()
        action()  # type: ignore[operator]
        samples.append((time.perf_counter() - began) * 1000)
    return statistics.median(samples)


def main() -> None:
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

        def save() -> None:
            data = json_bytes({"version": 1, "data": {"entries": log.as_list(), "contacts": {}}})
            write_utf8_file_atomic(str(path), data.decode(), private=True)

        save_ms = _timed(save, 10)
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


if __name__ == "__main__":
    main()
