"""What following many clients costs the worker's Home Assistant.

Run: .venv/bin/python benchmarks/follow_hubs.py [--hubs 50] [--cycles 20]

Starts ``--hubs`` fake client hubs (one HTTP port each, every one answering the §6
payload with all kinds shared) in a *separate process*, so their work is not counted;
then a real Home Assistant (the test harness's, with the real HTTP client session) with
one "Follow a client" entry per hub, 12 entities each. It measures:

- memory: what setting up the followed hubs allocates (tracemalloc), per followed hub;
- a poll cycle: every coordinator reads its hub once, all at the same moment (the worst
  case; in real life the 5-minute polls are spread out): CPU time of the whole process,
  CPU time of the event-loop thread, wall time, the longest stall of the event loop, and
  the state writes it caused;
- the same per day at the default 5-minute interval.

No assertion: numbers to compare.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Iterator
import contextlib
from datetime import UTC, datetime
from pathlib import Path
import statistics
import subprocess
import sys
import time
import tracemalloc
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aiohttp import web
from homeassistant import loader
from homeassistant.const import CONF_TOKEN, CONF_URL, EVENT_STATE_CHANGED
from homeassistant.core import Event, HomeAssistant
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_test_home_assistant,
)

from custom_components.digiohjaus.const import (
    CONF_NO_CONTACT_DAYS,
    CONF_ROLE,
    CONF_SCAN_MINUTES,
    DOMAIN,
    ROLE_FOLLOW,
)
from custom_components.digiohjaus.core.share import (
    SHARE_PATH,
    ActivityShare,
    CallsShare,
    CheckInShare,
    MedicationShare,
    MedicineDetail,
    MoodShare,
    ShareSnapshot,
    snapshot_to_json,
)

BASE_PORT = 18600
POLLS_PER_DAY = 24 * 60 // 5


def _token(i: int) -> str:
    return f"{i:012x}" + "s" * 43


def _payload(i: int, cycle: int) -> dict[str, Any]:
    at = datetime(2027, 3, 10, 6, cycle % 60, tzinfo=UTC)
    return snapshot_to_json(
        ShareSnapshot(
            hub_id=f"hub-{i:03d}",
            client=f"Asiakas {i}",
            generated_at=at,
            check_in=CheckInShare(last_at=at, done_today=True, missed_days_7d=cycle % 3),
            mood=MoodShare(score=1 + cycle % 5, note="Nukuin hyvin.", at=at),
            medication=MedicationShare(done_today=2, missed_today=0, adherence_7d=92.9),
            medication_details=(MedicineDetail("Sertraliini", 100.0, "done"),),
            calls=CallsShare(status="idle", requested_at=None),
            reminders={"rent": {"scheduled": 1}, "meal": {"done": 2, "due": 1}},
            activity=ActivityShare(last_interaction_at=at),
        )
    )


# --- the fake hubs (a separate process) ------------------------------------------------


async def _serve(hubs: int) -> None:
    counts = [0] * hubs
    changing = [True]

    def handler(i: int) -> Any:
        async def handle(request: web.Request) -> web.Response:
            if request.headers.get("Authorization") != f"Bearer {_token(i)}":
                return web.json_response({"error": "invalid_token"}, status=401)
            counts[i] += 1
            return web.json_response(_payload(i, counts[i] if changing[0] else 0))

        return handle

    async def mode(request: web.Request) -> web.Response:
        changing[0] = request.match_info["mode"] == "changing"
        return web.Response(text="ok")

    control = web.Application()
    control.router.add_get("/{mode}", mode)
    control_runner = web.AppRunner(control, access_log=None)
    await control_runner.setup()
    await web.TCPSite(control_runner, "127.0.0.1", BASE_PORT - 1).start()

    runners = []
    for i in range(hubs):
        app = web.Application()
        app.router.add_get(SHARE_PATH, handler(i))
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", BASE_PORT + i).start()
        runners.append(runner)
    print("ready", flush=True)
    await asyncio.Event().wait()


@contextlib.contextmanager
def fake_hubs(hubs: int) -> Iterator[None]:
    """Run the hubs in another process for the duration of the benchmark."""
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, __file__, "--serve", str(hubs)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "ready"
        yield
    finally:
        process.terminate()
        process.wait()


# --- the worker's Home Assistant --------------------------------------------------------


class LoopWatch:
    """Measure how late the event loop runs a 1 ms heartbeat: its longest stall."""

    def __init__(self) -> None:
        self.longest = 0.0
        self._task: asyncio.Task[None] | None = None

    async def _beat(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            expected = loop.time() + 0.001
            await asyncio.sleep(0.001)
            self.longest = max(self.longest, loop.time() - expected)

    def start(self) -> None:
        self.longest = 0.0
        self._task = asyncio.get_running_loop().create_task(self._beat())

    async def stop(self) -> float:
        assert self._task is not None
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        return self.longest


def _entry(i: int) -> MockConfigEntry:
    return MockConfigEntry(
        domain=DOMAIN,
        title=f"Asiakas {i}",
        data={
            CONF_ROLE: ROLE_FOLLOW,
            CONF_URL: f"http://127.0.0.1:{BASE_PORT + i}",
            CONF_TOKEN: _token(i),
        },
        options={CONF_SCAN_MINUTES: 5, CONF_NO_CONTACT_DAYS: 3},
        unique_id=f"hub-{i:03d}",
    )


async def _follow(hass: HomeAssistant, hubs: int) -> tuple[list[MockConfigEntry], int, int]:
    """Follow the hubs; return the entries and the memory the first and the others took."""
    tracemalloc.start()
    start = tracemalloc.get_traced_memory()[0]
    first = _entry(0)
    first.add_to_hass(hass)
    assert await async_setup_component(hass, DOMAIN, {})  # loads the integration too
    await hass.async_block_till_done()
    after_first = tracemalloc.get_traced_memory()[0]
    entries = [first]
    for i in range(1, hubs):
        entry = _entry(i)
        entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(entry.entry_id)
        entries.append(entry)
    await hass.async_block_till_done()
    after_all = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return entries, after_first - start, after_all - after_first


async def _set_mode(hass: HomeAssistant, mode: str) -> None:
    session = async_get_clientsession(hass)
    async with session.get(f"http://127.0.0.1:{BASE_PORT - 1}/{mode}") as resp:
        assert resp.status == 200


async def _cycle(
    hass: HomeAssistant, entries: list[MockConfigEntry], writes: list[Event]
) -> dict[str, float]:
    watch = LoopWatch()
    writes.clear()
    watch.start()
    cpu, loop_cpu, wall = time.process_time(), time.thread_time(), time.perf_counter()
    await asyncio.gather(*(e.runtime_data.coordinator.async_refresh() for e in entries))
    await hass.async_block_till_done()
    result = {
        "cpu_ms": (time.process_time() - cpu) * 1000,
        "loop_cpu_ms": (time.thread_time() - loop_cpu) * 1000,
        "wall_ms": (time.perf_counter() - wall) * 1000,
        "stall_ms": await watch.stop() * 1000,
        "writes": float(len(writes)),
    }
    assert all(e.runtime_data.coordinator.last_update_success for e in entries)
    return result


async def run(hubs: int, cycles: int) -> None:
    async with async_test_home_assistant() as hass:
        hass.data.pop(loader.DATA_CUSTOM_COMPONENTS)
        await hass.config.async_set_time_zone("Europe/Helsinki")
        entries, first, others = await _follow(hass, hubs)
        entities = len(hass.states.async_entity_ids())
        print(f"{hubs} followed hubs, {entities} entities")
        each = others / 1024 / (hubs - 1)
        print(f"  memory: loading the integration and the first hub  {first / 1024:8.0f} KiB")
        print(f"          each further followed hub                  {each:8.1f} KiB")

        writes: list[Event] = []
        hass.bus.async_listen(EVENT_STATE_CHANGED, writes.append)
        for mode, title in (
            ("changing", "every answer changed"),
            ("static", "nothing changed since the last poll (the usual case)"),
        ):
            await _set_mode(hass, mode)
            await _cycle(hass, entries, writes)  # warm up connections / settle the states
            samples = [await _cycle(hass, entries, writes) for _ in range(cycles)]
            _report(f"{cycles} poll cycles, all {hubs} hubs at once, {title}", samples, hubs)
        for entry in entries:
            await hass.config_entries.async_unload(entry.entry_id)
        await hass.async_block_till_done()


def _report(title: str, samples: list[dict[str, float]], hubs: int) -> None:
    def median(key: str) -> float:
        return statistics.median(sample[key] for sample in samples)

    def worst(key: str) -> float:
        return max(sample[key] for sample in samples)

    print(title)
    for key, label in (
        ("cpu_ms", "CPU time, whole process"),
        ("loop_cpu_ms", "CPU time, event-loop thread"),
        ("wall_ms", "wall time"),
        ("stall_ms", "longest event-loop stall"),
    ):
        print(
            f"  {label:29} {median(key):7.1f} ms median {worst(key):7.1f} ms worst"
            f"  ({median(key) / hubs:.2f} ms per hub)"
        )
    print(f"  state changes per cycle       {median('writes'):7.0f}")
    per_day = median("cpu_ms") * POLLS_PER_DAY / 1000
    print(f"  CPU per day at 5-min polls    {per_day:7.1f} s ({per_day / 864:.3f} % of one core)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hubs", type=int, default=50)
    parser.add_argument("--cycles", type=int, default=20)
    parser.add_argument("--serve", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        asyncio.run(_serve(args.serve))
        return
    with fake_hubs(args.hubs):
        asyncio.run(run(args.hubs, args.cycles))


if __name__ == "__main__":
    main()
