"""How long the hub takes to understand a spoken sentence.

Run: .venv/bin/python benchmarks/voice_matching.py

Home Assistant's default agent matches every sentence trigger (hassil) before its own intents,
so the hub's sentences are matched on every Assist request, the hub's or not. Prints the number
of sentences the hub registers, the time to build hassil's trigger intents from them (once per
change), the time hassil takes to match a sentence of the hub, a crisis sentence (wildcards)
and a sentence that is not the hub's, and the time of the hub's own classification.
No assertion: numbers to compare.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
import statistics
import sys
import time as clock

from hassil import Intents
from hassil.intents import WildcardSlotList
from hassil.recognize import recognize_all

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from custom_components.digiohjaus.core.voice import (
    WILDCARD_AFTER,
    WILDCARD_BEFORE,
    classify,
    trigger_sentences,
)


def timed(label: str, runs: int, fn: Callable[[], object]) -> None:
    """Print the median and the worst of ``runs`` calls."""
    samples = []
    for _ in range(runs):
        start = clock.perf_counter()
        fn()
        samples.append(clock.perf_counter() - start)
    median, worst = statistics.median(samples) * 1000, max(samples) * 1000
    print(f"{label:<52} median {median:8.3f} ms   max {worst:8.3f} ms   ({runs} runs)")


def build(*, commands: bool) -> Intents:
    """The trigger intents as the default agent builds them from the hub's sentences."""
    sentences = trigger_sentences(commands=commands)
    intents = Intents.from_dict(
        {
            "language": "fi",
            "intents": {"HassSentenceTrigger0": {"data": [{"sentences": sentences}]}},
        }
    )
    for name in (WILDCARD_BEFORE, WILDCARD_AFTER):
        intents.slot_lists[name] = WildcardSlotList(name)
    return intents


def main() -> None:
    """Print the measurements."""
    print(
        f"sentences registered: {len(trigger_sentences(commands=True))} with commands on, "
        f"{len(trigger_sentences(commands=False))} (crisis words) with them off"
    )
    timed("build trigger intents (commands on)", 20, lambda: build(commands=True))
    intents = build(commands=True)
    for label, text in (
        ("match 'otin aamulääkkeen'", "otin aamulääkkeen"),
        ("match 'mitä minun pitää tänään muistaa'", "mitä minun pitää tänään muistaa"),
        ("match crisis 'voin huonosti, en jaksa enää'", "voin huonosti, en jaksa enää"),
        ("no match 'sytytä olohuoneen valot'", "sytytä olohuoneen valot"),
    ):
        timed(label, 50, lambda text=text: list(recognize_all(text, intents)))
    timed("classify (the hub's own lookup)", 1000, lambda: classify("jag har tagit medicinen"))


if __name__ == "__main__":
    main()
