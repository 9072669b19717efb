"""What the reminder engine costs at 1, 10 and 50 medicines: per timer wake-up and at setup.

Run: .venv/bin/python benchmarks/reminder_engine.py [--days 2] [--medicines 1 10 50]

For each size it creates a client home hub the way a worker does (the config flow, then one
"Lisää lääke" subentry flow per medicine, four doses a day: 08, 12, 16 and 20), on a real
Home Assistant of the test harness with its Store in a temporary directory (real files).
The clock is moved from one wake-up of the engine's one-shot timer to the next for
``--days`` days (nobody presses anything: doses go due and then missed). What fell due in
between (a step of the escalation ladder) runs first and is not counted. Two clocks:

- **real**: what a running home pays. Only what the engine and Home Assistant read for "now"
  is set (``dt_util.utcnow``/``now``, ``time.time``, the event helper's clock): they return
  plain ``datetime`` objects and floats, so each date sum or time-zone change costs what it
  costs in a running Home Assistant;
- **frozen**: freezegun, the way Home Assistant's test harness freezes time. Every
  ``datetime`` is then freezegun's ``FakeDatetime``, whose sums and time-zone changes are
  about ten times dearer (3.4 µs against 0.3 µs): it inflates the integration's share.

Both follow the same wake-ups; the benchmark checks that each pass made the same state
changes and events under both clocks. It prints:

- per wake-up: CPU time of the whole process (median and worst) for the pass itself, the
  state changes it caused, and the CPU of its journal save: an engine that writes what a
  pass changed before announcing it counts the save in the pass and shows it apart too (CPU
  around the journal writes made during the pass); an older engine that saves a moment
  later (``TIMER_SAVE_DELAY``) has the save measured after the pass, apart; by what the
  pass did (doses due, doses missed, an early window opened);
- the same with every medicine at its own minutes (08:00, 08:01 …), so that each wake-up
  moves one medicine: what a pass costs when one reminder moves among many;
- at the largest size: setting the hub up again (unload, then setup as after a restart):
  wall and CPU time (median of runs without tracing) and the memory the running hub keeps
  (tracemalloc, retained after setup) and its peak, and who allocated what is kept: the
  integration's own code, Home Assistant or Python called from it (an entity's object, state,
  registry entry and listeners; JSON text), or neither; then the same once every medicine
  has ``--history`` days of stored doses (400: what a hub keeps).

No assertion: numbers to compare.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Callable, Iterator
import contextlib
from datetime import UTC, datetime, timedelta
import gc
from pathlib import Path
import statistics
import sys
import tempfile
import time
import tracemalloc
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import bench_clock
from homeassistant import config_entries, loader
from homeassistant.const import EVENT_STATE_CHANGED
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import (
    async_fire_time_changed,
    async_test_home_assistant,
)
import reminder_report
from reminder_report import SETUP_RUNS, TIMER_SAVE_DELAY

from custom_components.digiohjaus.const import DOMAIN, EVENT_REMINDER
from custom_components.digiohjaus.core.occurrence import OccurrenceError
from custom_components.digiohjaus.core.reminder import ReminderBook
from custom_components.digiohjaus.core.reminder_spec import ReminderSpec
from custom_components.digiohjaus.hub.reminders.engine import reminders_from_entry
from custom_components.digiohjaus.hub.reminders.storage import ReminderStorage
from custom_components.digiohjaus.hub.storage import ConfirmedStore

START = datetime(2027, 1, 15, 5, 0, tzinfo=UTC)  # 07:00 in Helsinki
OURS = str(Path(__file__).resolve().parents[1] / "custom_components" / DOMAIN)
TRACE_FRAMES = 30  # deep enough to see the integration's frame under Home Assistant's


def _doses(medicine: int, stagger: bool) -> list[str]:
    """08, 12, 16 and 20 o'clock; staggered, medicine ``i`` takes them ``i`` minutes later."""
    minute = medicine if stagger else 0
    return [f"{hour:02d}:{minute:02d}" for hour in (8, 12, 16, 20)]


async def _create_hub(
    hass: HomeAssistant, medicines: int, *, stagger: bool = False
) -> config_entries.ConfigEntry[Any]:
    """Walk through the config flow and one medication subentry flow per medicine."""
    result: Any = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": config_entries.SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "hub"}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            "alias": "Asiakas",
            "language": "fi",
            "check_in_deadline": "12:00:00",
            "visit_interval_days": 180,
            "last_visit": "2027-01-01",
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY, result
    await hass.async_block_till_done()
    (entry,) = hass.config_entries.async_entries(DOMAIN)
    for i in range(medicines):
        result = await hass.config_entries.subentries.async_init(
            (entry.entry_id, "medication"), context={"source": config_entries.SOURCE_USER}
        )
        result = await hass.config_entries.subentries.async_configure(
            result["flow_id"],
            {
                "name": f"Lääke {i + 1}",
                "dose": "1 tabletti",
                "times": _doses(i, stagger),
                "weekdays": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
                "grace_minutes": 60,
                "snooze_minutes": 10,
                "early_minutes": 120,
            },
        )
        assert result["type"] is FlowResultType.CREATE_ENTRY, result
        await hass.async_block_till_done()
    return entry


def _next_wakeup(entry: config_entries.ConfigEntry[Any]) -> datetime | None:
    at = entry.runtime_data.reminders.diagnostics()["next_wakeup"]
    return datetime.fromisoformat(at) if at else None


async def _fire(
    hass: HomeAssistant, freezer: bench_clock.Clock, at: datetime, *, settle: bool = True
) -> float:
    """Move the clock to ``at``, run what falls due; return the process CPU it took (ms).

    What fell due before (a step of the escalation ladder, the calendar's own alarms)
    runs first, unmeasured: only what runs at ``at`` itself is counted.
    """
    if settle:
        before = at - timedelta(milliseconds=1)
        freezer.move_to(before)
        async_fire_time_changed(hass, before)
        await hass.async_block_till_done()
    freezer.move_to(at)
    began = time.process_time()
    async_fire_time_changed(hass, at)
    await hass.async_block_till_done()
    return (time.process_time() - began) * 1000


@contextlib.contextmanager
def _journal_writes(spent: list[float]) -> Iterator[None]:
    """Add the process CPU of every reminder journal write to ``spent`` (ms)."""
    original = ConfirmedStore._async_write_data  # noqa: SLF001

    async def write(store: ConfirmedStore, data: dict[str, Any]) -> None:
        if not store.key.endswith(".reminders_journal"):
            await original(store, data)
            return
        began = time.process_time()
        try:
            await original(store, data)
        finally:
            spent.append((time.process_time() - began) * 1000)

    ConfirmedStore._async_write_data = write  # type: ignore[method-assign]  # noqa: SLF001
    try:
        yield
    finally:
        ConfirmedStore._async_write_data = original  # type: ignore[method-assign]  # noqa: SLF001


def _recorder(into: list[Event]) -> Callable[[Event], None]:
    @callback
    def record(event: Event) -> None:
        into.append(event)

    return record


async def _wakeups(
    hass: HomeAssistant,
    freezer: bench_clock.Clock,
    entry: config_entries.ConfigEntry[Any],
    days: int,
) -> dict[str, list[float]]:
    """Follow the engine's timer for ``days`` days; the cost of every pass and save."""
    writes: list[Event] = []
    moves: list[Event] = []
    unsubs = [  # callbacks: a plain list.append would run in the executor
        hass.bus.async_listen(EVENT_STATE_CHANGED, _recorder(writes)),
        hass.bus.async_listen(EVENT_REMINDER, _recorder(moves)),
    ]
    end = START + timedelta(days=days)
    found: dict[str, list[Any]] = {
        "pass": [],
        "save": [],
        "writes": [],
        "kind": [],
        "events": [],
        "at": [],
    }
    while (at := _next_wakeup(entry)) is not None and at <= end:
        writes.clear()
        moves.clear()
        journal: list[float] = []
        with _journal_writes(journal):
            found["pass"].append(await _fire(hass, freezer, at))
        found["writes"].append(len(writes))
        found["at"].append(at)
        found["events"].append(
            (
                sorted(e.data["entity_id"] for e in writes),
                sorted((e.data["name"], e.data["status"], e.data["due_at"]) for e in moves),
            )
        )
        found["kind"].append("/".join(sorted({e.data["status"] for e in moves})) or "quiet")
        if TIMER_SAVE_DELAY is None:  # written within the pass, before it announced
            found["save"].append(sum(journal))
            continue
        saved = at + timedelta(seconds=TIMER_SAVE_DELAY + 0.6)
        found["save"].append(await _fire(hass, freezer, saved, settle=False))
    for unsub in unsubs:
        unsub()
    return found


async def _setup_again(
    hass: HomeAssistant, entry: config_entries.ConfigEntry[Any]
) -> tuple[float, float]:
    """Unload, then set up again: the wall and process CPU time of the setup alone (ms)."""
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    gc.collect()
    began, cpu = time.clock_gettime(time.CLOCK_MONOTONIC), time.process_time()
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    wall = (time.clock_gettime(time.CLOCK_MONOTONIC) - began) * 1000
    return wall, (time.process_time() - cpu) * 1000


async def _setup_cost(
    hass: HomeAssistant, entry: config_entries.ConfigEntry[Any]
) -> dict[str, float]:
    wall, cpu_samples = zip(
        *[await _setup_again(hass, entry) for _ in range(SETUP_RUNS)], strict=True
    )
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    gc.collect()
    tracemalloc.start(TRACE_FRAMES)
    first = tracemalloc.take_snapshot()
    before = tracemalloc.get_traced_memory()[0]
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    gc.collect()
    retained, peak = tracemalloc.get_traced_memory()
    kept = _kept_by(first, tracemalloc.take_snapshot())
    tracemalloc.stop()
    return {
        "wall_ms": statistics.median(wall),
        "cpu_ms": statistics.median(cpu_samples),
        "retained_kib": (retained - before) / 1024,
        "peak_kib": (peak - before) / 1024,
        **kept,
    }


def _kept_by(first: tracemalloc.Snapshot, then: tracemalloc.Snapshot) -> dict[str, float]:
    """KiB kept since ``first``, by who allocated it (the innermost frame first)."""
    kept = {"ours_kib": 0.0, "for_ours_kib": 0.0, "other_kib": 0.0}
    mine = tracemalloc.Filter(inclusive=False, filename_pattern=tracemalloc.__file__)
    for stat in then.filter_traces([mine]).compare_to(first.filter_traces([mine]), "traceback"):
        files = [frame.filename for frame in stat.traceback]  # the oldest frame first
        if files[-1].startswith(OURS):
            kept["ours_kib"] += stat.size_diff / 1024
        elif any(name.startswith(OURS) for name in files):
            kept["for_ours_kib"] += stat.size_diff / 1024
        else:
            kept["other_kib"] += stat.size_diff / 1024
    return kept


def _history(spec: ReminderSpec, days: int) -> dict[str, Any]:
    """``days`` of one medicine's doses as stored, about half of them taken."""
    book = ReminderBook()
    zone = ZoneInfo("Europe/Helsinki")
    end = dt_util.utcnow()
    now = end - timedelta(days=days)
    book.sync(spec, zone, now)
    take = False
    while now < end:
        now += timedelta(minutes=30)
        book.sync(spec, zone, now)
        if now.minute == 30 and (take := not take):
            with contextlib.suppress(OccurrenceError):
                book.mark_done(spec, zone, now)
    return book.to_dict()


async def _seed_history(
    hass: HomeAssistant, entry: config_entries.ConfigEntry[Any], days: int
) -> None:
    """Stop the hub and store ``days`` of history for every medicine, as a year-old hub has."""
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    reminders = reminders_from_entry(entry)
    stored = _history(next(iter(reminders.values())).spec, days)  # the same doses for each
    storage = ReminderStorage(hass, entry.entry_id)
    await storage.async_load()
    await storage.async_compact(dict.fromkeys(reminders, stored))
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()


async def _measure(
    medicines: int,
    days: int,
    *,
    clock: str = "real",
    setup: bool = False,
    stagger: bool = False,
    history: int = 0,
) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as config_dir, bench_clock.clock(clock, START) as freezer:
        async with async_test_home_assistant(config_dir=config_dir) as hass:
            hass.data.pop(loader.DATA_CUSTOM_COMPONENTS)
            await hass.config.async_set_time_zone("Europe/Helsinki")
            entry = await _create_hub(hass, medicines, stagger=stagger)
            result: dict[str, Any] = {"entities": len(hass.states.async_entity_ids(DOMAIN))}
            result["entities"] = len(hass.states.async_entity_ids())
            result.update(await _wakeups(hass, freezer, entry, days))
            if setup:
                result["setup"] = await _setup_cost(hass, entry)
                if history:
                    await _seed_history(hass, entry, history)
                    result["setup_history"] = await _setup_cost(hass, entry)
            await hass.config_entries.async_unload(entry.entry_id)
            await hass.async_block_till_done()
    return result


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Keep the harness's own logging out of the printed table."""
    import logging  # noqa: PLC0415

    logging.disable(logging.WARNING)
    try:
        yield
    finally:
        logging.disable(logging.NOTSET)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=2)
    parser.add_argument("--medicines", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument(
        "--history", type=int, default=400, help="days of stored history for the second setup"
    )
    parser.add_argument("--clock", choices=["both", "real", "frozen"], default="both")
    parser.add_argument("--no-setup", action="store_true", help="wake-ups only")
    args = parser.parse_args()
    sizes = sorted(args.medicines)
    clocks = ["real", "frozen"] if args.clock == "both" else [args.clock]
    bench_clock.ha_freezegun()
    together: dict[str, dict[int, dict[str, Any]]] = {clock: {} for clock in clocks}
    apart: dict[str, dict[int, dict[str, Any]]] = {clock: {} for clock in clocks}
    setup: dict[str, Any] = {}
    with _quiet():
        for size in sizes:
            for clock in clocks:  # back to back, size by size
                together[clock][size] = asyncio.run(_measure(size, args.days, clock=clock))
                apart[clock][size] = asyncio.run(
                    _measure(size, args.days, clock=clock, stagger=True)
                )
        if not args.no_setup:
            setup = asyncio.run(
                _measure(sizes[-1], args.days, clock="frozen", setup=True, history=args.history)
            )
    titles = {"real": "REAL CLOCK (what a running home pays)", "frozen": "FROZEN CLOCK (freezegun)"}
    for clock in clocks:
        reminder_report.report(titles[clock], sizes, together[clock], args.days)
        reminder_report.report_staggered(titles[clock], sizes, apart[clock])
        print()
    print("Both clocks, all at once:", reminder_report.same_passes(together))
    print("Both clocks, one at a time:", reminder_report.same_passes(apart))
    if setup:
        reminder_report.report_setup(
            f"Setting up the hub with {sizes[-1]} medicines again", setup["setup"]
        )
        if history := setup.get("setup_history"):
            reminder_report.report_setup(f"The same with {args.history} days of history", history)


if __name__ == "__main__":
    main()
