"""kill -9 right after confirming actions: nothing the client was told is lost.

Twenty rounds; in each, one action of every kind (consent off, consent on, narrowed consent,
dose taken, reminder done, snooze, call acknowledged) runs at once against a real Home
Assistant process, which is killed with SIGKILL 100 ms after the last of them returned
(Home Assistant writes its own config entries about a second after a change, so this is
well inside the window where a delayed save would be lost). After every restart each
confirmation must still show and the audit log's consent entries must replay to the
consent in force. Run alone with ``-m fault -s`` to see the figures.
"""

from __future__ import annotations

from pathlib import Path
import statistics
import time

import pytest

from .home import HomeAssistantProcess
from .scenario import ACTIONS, ROUNDS, Household

pytestmark = [pytest.mark.e2e, pytest.mark.fault]

KILL_AFTER = 0.1


def test_nothing_confirmed_is_lost_when_killed_100_ms_after(tmp_path: Path) -> None:
    home = HomeAssistantProcess(tmp_path / "config")
    household = Household(home)
    began = time.monotonic()
    starts: list[float] = []
    try:
        home.start()
        household.create()
        home.stop()  # a clean stop: the user, the hub and its reminders are on disk
        starts.append(home.start())
        household.verify("after setting up")
        for number in range(ROUNDS):
            household.prepare()
            last = household.run_round(number)
            time.sleep(max(0.0, last + KILL_AFTER - time.monotonic()))
            killed_at = time.monotonic()
            home.kill()
            household.note_kill(killed_at)
            starts.append(home.start())
            household.verify(f"round {number}")
    except Exception:
        print(home.tail(60))  # noqa: T201 - why Home Assistant did not come up
        raise
    finally:
        home.stop()

    delays = sorted(household.delays_ms)
    print(  # noqa: T201 - the figures (run with -s)
        f"\nfault harness: {ROUNDS} rounds x {len(ACTIONS)} actions "
        f"({', '.join(ACTIONS)}), {ROUNDS} trials each\n"
        f"  kill -9 after each action returned: min {delays[0]:.0f} ms, "
        f"median {statistics.median(delays):.0f} ms, max {delays[-1]:.0f} ms\n"
        f"  restarts: {len(starts)}, start to hub loaded median "
        f"{statistics.median(starts):.1f} s, max {max(starts):.1f} s\n"
        f"  lost confirmations or audit disagreements: {len(household.lost)} "
        f"{household.lost_by_action}\n"
        f"  wall time {time.monotonic() - began:.0f} s"
    )
    print("\n".join(household.lost))  # noqa: T201 - what was lost, if anything
    assert household.lost == []
