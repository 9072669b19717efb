"""What a timer wake-up costs on a hub in use: every medicine with weeks of doses on record.

Run: .venv/bin/python benchmarks/reminder_history_wakeups.py [--history 60] [--medicines 1 50]

``benchmarks/reminder_engine.py`` measures a hub two days old. A hub in use has a month of
doses in the adherence windows of every medicine, and a wake-up reads them for each medicine
it moves. Here each hub is made the same way (the config flow, one "Lisää lääke" per medicine,
four doses a day at 08, 12, 16 and 20, all at the same times), then stopped; ``--history``
days of doses (about half taken) are stored for every medicine and the hub started again, as
after a restart. Then the engine's timer is followed for ``--days`` days as in
``reminder_engine.py``, and the CPU of each wake-up (the process, journal save included) is
printed: median, worst, and against one medicine.

No assertion: numbers to compare.
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path
import statistics
import sys
import tempfile
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_clock import ha_freezegun
import freezegun
from homeassistant import loader
from pytest_homeassistant_custom_component.common import async_test_home_assistant
from reminder_engine import START, _create_hub, _quiet, _seed_history, _wakeups


async def _measure(medicines: int, history: int, days: int) -> dict[str, Any]:
    with (
        tempfile.TemporaryDirectory() as config_dir,
        freezegun.freeze_time(START) as freezer,
    ):
        async with async_test_home_assistant(config_dir=config_dir) as hass:
            hass.data.pop(loader.DATA_CUSTOM_COMPONENTS)
            await hass.config.async_set_time_zone("Europe/Helsinki")
            entry = await _create_hub(hass, medicines)
            await _seed_history(hass, entry, history)
            found = await _wakeups(hass, freezer, entry, days)
            await hass.config_entries.async_unload(entry.entry_id)
            await hass.async_block_till_done()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--history", type=int, default=60, help="days of doses on record")
    parser.add_argument("--days", type=int, default=2)
    parser.add_argument("--medicines", type=int, nargs="+", default=[1, 10, 50])
    args = parser.parse_args()
    sizes = sorted(args.medicines)
    ha_freezegun()
    with _quiet():
        results = {size: asyncio.run(_measure(size, args.history, args.days)) for size in sizes}
    first = statistics.median(results[sizes[0]]["pass"])
    print(
        f"Timer wake-ups over {args.days} days with {args.history} days of doses on record,"
        " all medicines at the same times (CPU/pass includes the journal save)"
    )
    print(f"{'medicines':>9} {'wake-ups':>8} {'CPU/pass':>12} {'worst':>9} {'× at 1':>7}")
    for size in sizes:
        passes = results[size]["pass"]
        median = statistics.median(passes)
        print(
            f"{size:>9} {len(passes):>8} {median:>9.2f} ms {max(passes):>6.1f} ms"
            f" {median / first:>6.1f}×"
        )


if __name__ == "__main__":
    main()
