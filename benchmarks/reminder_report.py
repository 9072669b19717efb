"""How ``benchmarks/reminder_engine.py`` prints what it measured (tables, no assertions)."""

from __future__ import annotations

import statistics
from typing import Any

from custom_components.digiohjaus.hub.reminders import storage as reminder_storage

# Engines before the journal was written within the pass saved this long after it.
TIMER_SAVE_DELAY: float | None = getattr(reminder_storage, "TIMER_SAVE_DELAY", None)
SETUP_RUNS = 7


def report(title: str, sizes: list[int], results: dict[int, dict[str, Any]], days: int) -> None:
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


def report_setup(title: str, setup: dict[str, float]) -> None:
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


def report_staggered(title: str, sizes: list[int], results: dict[int, dict[str, Any]]) -> None:
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


def same_passes(results: dict[str, dict[int, dict[str, Any]]]) -> str:
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
