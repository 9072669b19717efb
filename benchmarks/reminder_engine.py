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

import freezegun
from freezegun.api import FrozenDateTimeFactory
from homeassistant import config_entries, loader
from homeassistant.const import EVENT_STATE_CHANGED
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import event as event_helper
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component import patch_time
from pytest_homeassistant_custom_component.common import (
    async_fire_time_changed,
    async_test_home_assistant,
)

from custom_components.digiohjaus.const import DOMAIN, EVENT_REMINDER
from custom_components.digiohjaus.core.occurrence import OccurrenceError
from custom_components.digiohjaus.core.reminder import ReminderBook
from custom_components.digiohjaus.core.reminder_spec import ReminderSpec
from custom_components.digiohjaus.hub.reminders import storage as reminder_storage
from custom_components.digiohjaus.hub.reminders.engine import reminders_from_entry
from custom_components.digiohjaus.hub.reminders.storage import ReminderStorage
from custom_components.digiohjaus.hub.storage import ConfirmedStore

# Engines before the journal was written within the pass saved this long after it.
TIMER_SAVE_DELAY: float | None = getattr(reminder_storage, "TIMER_SAVE_DELAY", None)
START = datetime(2027, 1, 15, 5, 0, tzinfo=UTC)  # 07:00 in Helsinki
SETUP_RUNS = 7
OURS = str(Path(__file__).resolve().parents[1] / "custom_components" / DOMAIN)
TRACE_FRAMES = 30  # deep enough to see the integration's frame under Home Assistant's


def _ha_freezegun() -> None:
    """Freeze time the way Home Assistant's test harness does (the event loop keeps running)."""
    api: Any = freezegun.api
    api.FakeDate = patch_time.HAFakeDate
    api.datetime_to_fakedatetime = patch_time.ha_datetime_to_fakedatetime
    api.FakeDatetime = patch_time.HAFakeDatetime
    api._get_module_attributes = patch_time.ha_get_module_attributes  # noqa: SLF001
    api._get_module_attributes_hash = patch_time.ha_get_module_attributes_hash  # noqa: SLF001
    api._should_use_real_time = patch_time.ha_should_use_real_time  # noqa: SLF001
    api.get_current_time = patch_time.ha_get_current_time
    # No call-stack inspection on every clock read: it would cost more than the engine.
    freezegun.configure(default_ignore_list=[])  # type: ignore[no-untyped-call]


class RealClock:
    """A clock that stands where it is moved, read as Home Assistant reads it, no FakeDatetime.

    Sets only what the engine and Home Assistant read for "now": ``dt_util.utcnow`` and
    ``now``, ``time.time`` (state and event timestamps, when a one-shot timer is due), the
    event helper's clock and ``time.monotonic`` (the event loop's time: it moves with the
    clock, so a one-shot timer falls due when the clock reaches it, as with freezegun). What
    they return are plain ``datetime`` objects and floats.
    """

    def __init__(self, at: datetime) -> None:
        self._start, self._start_monotonic = at, time.monotonic()
        self.move_to(at)

    def move_to(self, at: datetime) -> None:
        self._now = at
        self._timestamp = at.timestamp()
        self._monotonic = self._start_monotonic + (at - self._start).total_seconds()

    def monotonic(self) -> float:
        return self._monotonic

    def utcnow(self) -> datetime:
        return self._now

    def now(self, time_zone: Any = None) -> datetime:
        return self._now.astimezone(time_zone or dt_util.get_default_time_zone())

    def time(self) -> float:
        return self._timestamp

    @contextlib.contextmanager
    def running(self) -> Iterator[RealClock]:
        saved = (dt_util.utcnow, dt_util.now, event_helper.time_tracker_utcnow)
        real = (time.time, time.monotonic)
        dt_util.utcnow = self.utcnow
        dt_util.now = self.now
        event_helper.time_tracker_utcnow = self.utcnow
        time.time, time.monotonic = self.time, self.monotonic
        try:
            yield self
        finally:
            dt_util.utcnow, dt_util.now, event_helper.time_tracker_utcnow = saved
            time.time, time.monotonic = real


type Clock = FrozenDateTimeFactory | RealClock


@contextlib.contextmanager
def _clock(kind: str) -> Iterator[Clock]:
    if kind == "real":
        with RealClock(START).running() as clock:
            yield clock
    else:
        with freezegun.freeze_time(START) as freezer:
            yield freezer


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


async def _fire(hass: HomeAssistant, freezer: Clock, at: datetime, *, settle: bool = True) -> float:
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
    freezer: Clock,
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
    with tempfile.TemporaryDirectory() as config_dir, _clock(clock) as freezer:
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


def _report(title: str, sizes: list[int], results: dict[int, dict[str, Any]], days: int) -> None:
    first = statistics.median(results[sizes[0]]["pass"])
    print(
        f"{title}: timer wake-ups over {days} days, four doses a day per medicine, none confirmed"
    )
    if TIMER_SAVE_DELAY is None:
        print("(the journal is written within the pass: CPU/pass includes CPU/save)")
    else:
        print(f"(the journal is written {TIMER_SAVE_DELAY} s after the pass: CPU/save apart)")
    print(
        f"{'medicines':>9} {'entities':>8} {'wake-ups':>8} {'CPU/pass':>12} {'worst':>9}"
        f" {'× at 1':>7} {'writes/pass':>11} {'CPU/save':>10}"
    )
    for size in sizes:
        r = results[size]
        median = statistics.median(r["pass"])
        print(
            f"{size:>9} {r['entities']:>8} {len(r['pass']):>8} {median:>9.2f} ms"
            f" {max(r['pass']):>6.1f} ms {median / first:>6.1f}×"
            f" {statistics.median(r['writes']):>11.0f} {statistics.median(r['save']):>7.2f} ms"
        )
    kinds = sorted(set(results[sizes[0]]["kind"]))
    print("CPU per pass by what it did (quiet: an early window opened, no event)")
    print(f"{'medicines':>9} " + " ".join(f"{kind:>16}" for kind in kinds))
    for size in sizes:
        r = results[size]
        cells = []
        for kind in kinds:
            samples = [cpu for cpu, k in zip(r["pass"], r["kind"], strict=True) if k == kind]
            writes = [w for w, k in zip(r["writes"], r["kind"], strict=True) if k == kind]
            cells.append(
                f"{statistics.median(samples):6.2f} ms {statistics.median(writes):3.0f} w"
                if samples
                else "-"
            )
        print(f"{size:>9} " + " ".join(f"{cell:>16}" for cell in cells))


def _report_setup(title: str, setup: dict[str, float]) -> None:
    print(f"{title} (as after a restart; frozen clock)")
    print(f"  wall time  {setup['wall_ms']:7.1f} ms (median of {SETUP_RUNS})")
    print(f"  CPU time   {setup['cpu_ms']:7.1f} ms")
    print(f"  memory     {setup['retained_kib'] / 1024:7.2f} MiB kept by the running hub")
    print(f"             {setup['peak_kib'] / 1024:7.2f} MiB at the peak of setup")
    print("  kept, by who allocated it:")
    for key, who in (
        ("for_ours_kib", "Home Assistant or Python called by digiohjaus (entities, states, JSON)"),
        ("ours_kib", "digiohjaus's own code"),
        ("other_kib", "neither"),
    ):
        print(f"             {setup[key] / 1024:7.2f} MiB {who}")


def _report_staggered(title: str, sizes: list[int], results: dict[int, dict[str, Any]]) -> None:
    first = statistics.median(results[sizes[0]]["pass"])
    print(f"{title}: the same, each medicine i minutes after the first (08:0i, 12:0i …)")
    print(f"{'medicines':>9} {'wake-ups':>8} {'CPU/pass':>12} {'× at 1':>7} {'writes/pass':>11}")
    for size in sizes:
        r = results[size]
        median = statistics.median(r["pass"])
        print(
            f"{size:>9} {len(r['pass']):>8} {median:>9.2f} ms {median / first:>6.1f}×"
            f" {statistics.median(r['writes']):>11.0f}"
        )


def _same_passes(results: dict[str, dict[int, dict[str, Any]]]) -> str:
    """Whether both clocks saw the same wake-ups, reminder events and state changes."""
    if len(results) < 2:
        return "one clock only"
    one, other = results.values()
    passes = moved = written = 0
    for size in one:
        if one[size]["at"] != other[size]["at"]:
            return f"NO: the wake-ups differ at {size} medicines"
        for (writes, events), (writes_too, events_too) in zip(
            one[size]["events"], other[size]["events"], strict=True
        ):
            passes += 1
            moved += events == events_too
            written += writes == writes_too
    return (
        f"{passes} wake-ups at the same instants; the same reminder events in {moved},"
        f" the same state changes in {written}"
    )


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
    _ha_freezegun()
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
        _report(titles[clock], sizes, together[clock], args.days)
        _report_staggered(titles[clock], sizes, apart[clock])
        print()
    print("Both clocks, all at once:", _same_passes(together))
    print("Both clocks, one at a time:", _same_passes(apart))
    if setup:
        _report_setup(f"Setting up the hub with {sizes[-1]} medicines again", setup["setup"])
        if history := setup.get("setup_history"):
            _report_setup(f"The same with {args.history} days of history", history)


if __name__ == "__main__":
    main()
