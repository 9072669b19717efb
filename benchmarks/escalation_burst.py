"""What fifty escalation ladders stepping in one moment cost: audit writes, CPU and wall time.

Run: .venv/bin/python benchmarks/escalation_burst.py [--medicines 50] [--runs 3]

A client home hub made the way a worker makes it (the config flow, one "Lisää lääke" per
medicine, all at 08:00, and three contacts through the contact flow: Anna and Ville of the
family, Liisa the worker, each consenting to medication) on a real Home Assistant of the
test harness, its Store in a temporary directory (real files, fsync'd). Nobody takes the
doses: at 09:00 every dose is missed and every ladder starts; at 09:15 the family step
tells Anna and Ville of each dose, at 10:00 the worker step tells Liisa. For each of the
three wake-ups it prints the process CPU and wall time, the messages delivered, and how
many times the audit journal was written (each write is durable: the file is fsync'd).

No assertion: numbers to compare.
"""

from __future__ import annotations

import argparse
import asyncio
from datetime import UTC, datetime
import os
from pathlib import Path
import statistics
import sys
import tempfile
import time
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import atomicwrites
from bench_clock import ha_freezegun
import freezegun
from homeassistant import config_entries, loader
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.helpers.storage import Store
from pytest_homeassistant_custom_component.common import async_test_home_assistant
from reminder_engine import _create_hub, _fire, _quiet

WAKEUPS = (
    ("09:00 ladders start", datetime(2027, 1, 15, 7, 0, tzinfo=UTC)),
    ("09:15 family step", datetime(2027, 1, 15, 7, 15, tzinfo=UTC)),
    ("10:00 worker step", datetime(2027, 1, 15, 8, 0, tzinfo=UTC)),
)
CONTACTS = (("Anna", "family"), ("Ville", "family"), ("Liisa", "worker"))


async def _add_contact(
    hass: HomeAssistant, entry: config_entries.ConfigEntry[Any], name: str, role: str
) -> None:
    result: Any = await hass.config_entries.subentries.async_init(
        (entry.entry_id, "contact"), context={"source": config_entries.SOURCE_USER}
    )
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"],
        {
            "name": name,
            "role": role,
            "notify_target": f"notify.mobile_app_{name.lower()}",
            "phone": "",
            "language": "fi",
        },
    )
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"medication": True}
    )
    assert result["type"] == "create_entry", result
    await hass.async_block_till_done()


async def _measure(medicines: int) -> list[dict[str, float]]:
    delivered: list[ServiceCall] = []

    async def phone(call: ServiceCall) -> None:
        delivered.append(call)

    journal_writes = 0
    fsyncs = 0
    original_write = Store._async_write_data  # noqa: SLF001
    original_fsync = os.fsync

    async def write(store: Store[Any], data: dict[str, Any]) -> None:
        nonlocal journal_writes
        journal_writes += store.key.endswith(".audit_journal")
        await original_write(store, data)

    def fsync(fd: int) -> None:
        nonlocal fsyncs
        fsyncs += 1
        original_fsync(fd)

    found: list[dict[str, float]] = []
    with (
        tempfile.TemporaryDirectory() as config_dir,
        freezegun.freeze_time(datetime(2027, 1, 15, 5, 0, tzinfo=UTC)) as freezer,
    ):
        async with async_test_home_assistant(config_dir=config_dir) as hass:
            hass.data.pop(loader.DATA_CUSTOM_COMPONENTS)
            await hass.config.async_set_time_zone("Europe/Helsinki")
            for name, _ in CONTACTS:
                hass.services.async_register("notify", f"mobile_app_{name.lower()}", phone)
            entry = await _create_hub(hass, medicines)
            for name, role in CONTACTS:
                await _add_contact(hass, entry, name, role)
            Store._async_write_data = write  # type: ignore[method-assign]  # noqa: SLF001
            os.fsync = atomicwrites._proper_fsync = fsync  # noqa: SLF001
            try:
                for _, at in WAKEUPS:
                    delivered.clear()
                    journal_writes = fsyncs = 0
                    wall = time.clock_gettime(time.CLOCK_MONOTONIC)
                    cpu = await _fire(hass, freezer, at, settle=False)
                    found.append(
                        {
                            "cpu_ms": cpu,
                            "wall_ms": (time.clock_gettime(time.CLOCK_MONOTONIC) - wall) * 1000,
                            "messages": len(delivered),
                            "journal_writes": journal_writes,
                            "fsyncs": fsyncs,
                        }
                    )
            finally:
                Store._async_write_data = original_write  # type: ignore[method-assign]  # noqa: SLF001
                os.fsync = atomicwrites._proper_fsync = original_fsync  # noqa: SLF001
            await hass.config_entries.async_unload(entry.entry_id)
            await hass.async_block_till_done()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--medicines", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    ha_freezegun()
    with _quiet():
        runs = [asyncio.run(_measure(args.medicines)) for _ in range(args.runs)]
    print(f"{args.medicines} doses missed at 08:00, three contacts (median of {args.runs} runs)")
    print(
        f"{'wake-up':<22} {'messages':>8} {'audit writes':>12} {'fsyncs':>6}"
        f" {'CPU':>10} {'wall':>10}"
    )
    for index, (title, _) in enumerate(WAKEUPS):
        rows = [run[index] for run in runs]

        def median(key: str, rows: list[dict[str, float]] = rows) -> float:
            return statistics.median(row[key] for row in rows)

        print(
            f"{title:<22} {median('messages'):>8.0f} {median('journal_writes'):>12.0f}"
            f" {median('fsyncs'):>6.0f} {median('cpu_ms'):>7.1f} ms {median('wall_ms'):>7.1f} ms"
        )


if __name__ == "__main__":
    main()
