"""What the broker link costs: 1,000 hubs through one Mosquitto, one worker following 60.

Run: .venv/bin/python benchmarks/broker_link.py [--hubs 1000] [--followed 60] [--calls 300]

Starts a real Mosquitto (Debian's package) on a free loopback port with TLS, passwords and
ACLs (the test suite's set-up), then ``--hubs`` simulated client hubs in a *separate
process*: each its own TLS connection with its last will, its public key and status
retained, and a sealed retained snapshot for one worker, as the real hub publishes them.
The worker is a real Home Assistant (the test harness's) with the integration following
``--followed`` of those hubs through one shared broker connection. It measures:

- call request → ``digiohjaus_call`` on the worker's Home Assistant: the simulated hubs
  publish ``--calls`` sealed call requests (spread over the followed hubs, at about 10 a
  second) stamped with the moment of publishing; the worker's event listener takes the
  difference (one machine, one clock). p50, p99 and the worst;
- the worker's CPU: its whole process while the followed hubs push snapshot changes at an
  accelerated rate, per message, and scaled to an hour at a realistic rate (each hub: its
  hourly heartbeat and 20 changes a day) and at the accelerated rate;
- the broker's memory (resident set of the mosquitto process) with all hubs connected and
  their retained messages in.

No assertion: numbers to compare.
"""

from __future__ import annotations

import argparse
import asyncio
from datetime import UTC, datetime
import hashlib
from pathlib import Path
import random
import ssl
import subprocess
import sys
import tempfile
import time
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import aiomqtt
from homeassistant import loader
from homeassistant.core import Event
from homeassistant.setup import async_setup_component
from nacl.public import PrivateKey
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_test_home_assistant,
)

from custom_components.digiohjaus.const import (
    CONF_NO_CONTACT_DAYS,
    CONF_ROLE,
    DOMAIN,
    EVENT_CALL,
    ROLE_FOLLOW,
)
from custom_components.digiohjaus.core.link import topics
from custom_components.digiohjaus.core.link.envelope import KeyPair, LinkMessage, MessageType, b64
from custom_components.digiohjaus.core.share import (
    CallsShare,
    CheckInShare,
    ShareSnapshot,
    snapshot_to_json,
)
from custom_components.digiohjaus.follow.link.keys import DATA_WORKER_KEYS
from tests.link.mosquitto import PASSWORDS, Mosquitto

PREFIX = "digiohjaus"
REALISTIC_PER_HUB_HOUR = 1 + 20 / 24  # heartbeat + 20 changes a day


def hub_keys(i: int) -> KeyPair:
    """The i-th simulated hub's key pair (both processes derive the same one)."""
    return KeyPair(PrivateKey(hashlib.sha256(f"bench-hub-{i}".encode()).digest()))


def hub_id(i: int) -> str:
    """The i-th simulated hub's id in topics."""
    return f"{i:016x}"


WORKER = KeyPair(PrivateKey(hashlib.sha256(b"bench-worker").digest()))
OTHER_WORKER = KeyPair(PrivateKey(hashlib.sha256(b"bench-other-worker").digest()))


# --- the simulated hubs (separate process) ----------------------------------------------


class SimulatedHub:
    """One hub's connection and sequence numbers."""

    def __init__(self, i: int, followed: bool) -> None:
        self.i, self.keys, self.seq = i, hub_keys(i), 0
        self.worker = WORKER if followed else OTHER_WORKER
        self.client: aiomqtt.Client | None = None

    def topic(self, leaf: str) -> str:
        return topics.worker_topic(PREFIX, hub_id(self.i), self.worker.key_id, leaf)

    def sealed(self, kind: MessageType, body: dict[str, Any]) -> bytes:
        self.seq += 1
        message = LinkMessage(seq=self.seq, at=datetime.now(UTC), type=kind, body=body)
        return self.keys.seal(self.worker.public, message)

    def snapshot(self, n: int) -> bytes:
        snapshot = ShareSnapshot(
            hub_id=f"hub-{self.i}",
            client=f"Asiakas {self.i}",
            generated_at=datetime.now(UTC),
            check_in=CheckInShare(last_at=datetime.now(UTC), done_today=True, missed_days_7d=n % 7),
            calls=CallsShare(status="idle", requested_at=None),
        )
        return self.sealed(MessageType.SNAPSHOT, snapshot_to_json(snapshot))

    async def connect(self, port: int, context: ssl.SSLContext) -> None:
        status = topics.hub_topic(PREFIX, hub_id(self.i), topics.STATUS)
        self.client = aiomqtt.Client(
            "127.0.0.1",
            port,
            username="hub",
            password=PASSWORDS["hub"],
            identifier=f"bench-hub-{self.i}",
            tls_context=context,
            keepalive=30,
            will=aiomqtt.Will(status, topics.STATUS_OFFLINE, qos=1, retain=True),
        )
        await self.client.__aenter__()
        key = topics.hub_topic(PREFIX, hub_id(self.i), topics.KEY)
        await self.client.publish(key, self.keys.public, qos=1, retain=True)
        await self.client.publish(status, topics.STATUS_ONLINE, qos=1, retain=True)
        await self.client.publish(self.topic(topics.SNAPSHOT), self.snapshot(0), qos=1, retain=True)

    async def call(self) -> None:
        assert self.client is not None
        body = {
            "kind": "call",
            "status": "requested",
            "requested_at": datetime.now(UTC).isoformat(),
        }
        await self.client.publish(
            self.topic(topics.EVENTS), self.sealed(MessageType.EVENT, body), qos=1
        )

    async def change(self, n: int) -> None:
        assert self.client is not None
        await self.client.publish(self.topic(topics.SNAPSHOT), self.snapshot(n), qos=1, retain=True)


async def serve(hubs: int, followed: int, port: int, ca_path: str) -> None:
    """Connect the hubs, then obey the parent's commands on stdin."""
    context = ssl.create_default_context(cafile=ca_path)
    fleet = [SimulatedHub(i, i < followed) for i in range(hubs)]
    for batch in range(0, hubs, 50):
        await asyncio.gather(*(hub.connect(port, context) for hub in fleet[batch : batch + 50]))
    print("ready", flush=True)
    loop = asyncio.get_running_loop()
    while line := (await loop.run_in_executor(None, sys.stdin.readline)).split():
        if line[0] == "calls":
            count, rate = int(line[1]), float(line[2])
            for n in range(count):
                await fleet[n % followed].call()
                await asyncio.sleep(random.uniform(0.5, 1.5) / rate)
        elif line[0] == "changes":
            count, rate = int(line[1]), float(line[2])
            for n in range(count):
                await fleet[n % followed].change(n + 1)
                await asyncio.sleep(1 / rate)
        print("done", flush=True)
    for hub in fleet:
        assert hub.client is not None
        await hub.client.__aexit__(None, None, None)


# --- the worker's Home Assistant --------------------------------------------------------


def follow_entry(i: int, port: int, ca_pem: str) -> MockConfigEntry:
    return MockConfigEntry(
        domain=DOMAIN,
        title=f"Asiakas {i}",
        data={
            CONF_ROLE: ROLE_FOLLOW,
            "transport": "broker",
            "hub_link_id": hub_id(i),
            "hub_key": b64(hub_keys(i).public),
            "paired_seq": 0,
            "host": "127.0.0.1",
            "port": port,
            "tls": True,
            "ca_certificate": ca_pem,
            "username": "worker",
            "password": PASSWORDS["worker"],
            "topic_prefix": PREFIX,
        },
        options={CONF_NO_CONTACT_DAYS: 3},
        unique_id=f"hub-{i}",
    )


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


async def command(process: subprocess.Popen[str], line: str) -> None:
    """Tell the simulated hubs what to do; return when they are done."""
    assert process.stdin is not None
    assert process.stdout is not None
    process.stdin.write(line + "\n")
    process.stdin.flush()
    answer = await asyncio.get_running_loop().run_in_executor(None, process.stdout.readline)
    assert answer.strip() == "done", answer


async def until(condition: Any) -> None:
    """Let the worker's loop run until ``condition()`` holds."""
    while not condition():  # noqa: ASYNC110 - polling a counter, nothing to signal
        await asyncio.sleep(0.02)


def start(args: argparse.Namespace) -> tuple[Mosquitto, subprocess.Popen[str], dict[str, float]]:
    """Start the broker and the simulated hubs; return them and what was measured."""
    directory = Path(tempfile.mkdtemp(prefix="broker-bench-"))
    broker = Mosquitto(directory)
    broker.configure()
    broker.start()
    assert broker.process is not None
    found = {"idle_rss": rss_kib(broker.process.pid)}
    started = time.perf_counter()
    command_line = [sys.executable, __file__, "--serve", str(args.hubs), str(args.followed)]
    hubs = subprocess.Popen(  # noqa: S603 - this very script
        [*command_line, str(broker.port), str(directory / "ca.pem")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert hubs.stdout is not None
    assert hubs.stdout.readline().strip() == "ready"
    found["connect_s"] = time.perf_counter() - started
    found["broker_rss"] = rss_kib(broker.process.pid)
    return broker, hubs, found


async def measure(
    args: argparse.Namespace,
    broker: Mosquitto,
    hubs: subprocess.Popen[str],
    found: dict[str, float],
) -> None:
    """Follow the hubs from a real Home Assistant and take the measurements."""
    async with async_test_home_assistant() as hass:
        hass.data.pop(loader.DATA_CUSTOM_COMPONENTS)
        hass.data[DATA_WORKER_KEYS] = WORKER
        entries = [follow_entry(i, broker.port, broker.ca_pem) for i in range(args.followed)]
        for entry in entries:
            entry.add_to_hass(hass)
        setup = time.perf_counter()
        assert await async_setup_component(hass, DOMAIN, {})
        await hass.async_block_till_done()
        await until(lambda: all(e.runtime_data.coordinator.data is not None for e in entries))
        found["setup_s"] = time.perf_counter() - setup
        latencies: list[float] = []

        def on_call(event: Event) -> None:
            sent = datetime.fromisoformat(event.data["requested_at"])
            latencies.append((datetime.now(UTC) - sent).total_seconds())

        hass.bus.async_listen(EVENT_CALL, on_call)
        await command(hubs, f"calls {args.calls} 10")
        await until(lambda: len(latencies) >= args.calls)

        def received() -> int:
            return sum(e.runtime_data.coordinator.received for e in entries)

        before = received()
        cpu, wall = time.process_time(), time.perf_counter()
        await command(hubs, f"changes {args.changes} {args.rate}")
        await until(lambda: received() >= before + args.changes)
        await hass.async_block_till_done()
        found["cpu_s"], found["wall_s"] = time.process_time() - cpu, time.perf_counter() - wall
        assert broker.process is not None
        found["broker_rss_end"] = rss_kib(broker.process.pid)
        report(args, found, latencies)
        for entry in entries:
            await hass.config_entries.async_unload(entry.entry_id)


def report(args: argparse.Namespace, found: dict[str, float], latencies: list[float]) -> None:
    """Print the measurements."""
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] * 1000

    per_message_ms = found["cpu_s"] / args.changes * 1000
    realistic = args.followed * REALISTIC_PER_HUB_HOUR
    mib = 1024
    print(f"{args.hubs} hubs connected (TLS, last will, retained key, status, snapshot)")
    print(f"  in {found['connect_s']:.1f} s from a separate process")
    print(f"worker: {args.followed} followed hubs set up, snapshots in: {found['setup_s']:.2f} s")
    print(f"call request -> digiohjaus_call on the worker ({len(latencies)} calls):")
    print(f"  p50 {pct(50):.1f} ms, p99 {pct(99):.1f} ms, worst {ordered[-1] * 1000:.1f} ms")
    print(f"worker CPU: {args.changes} snapshot changes at {args.rate:.0f}/s:")
    print(f"  {found['cpu_s']:.2f} s CPU in {found['wall_s']:.1f} s, {per_message_ms:.2f} ms each")
    print(f"worker CPU per hour at a realistic rate ({realistic:.0f} messages/h):")
    print(f"  {realistic * per_message_ms / 1000:.2f} s")
    print(f"broker memory (RSS): {found['idle_rss'] / mib:.1f} MiB idle,")
    print(f"  {found['broker_rss'] / mib:.1f} MiB with {args.hubs} hubs connected,")
    print(f"  {found['broker_rss_end'] / mib:.1f} MiB after the run")
    per_hub = (found["broker_rss"] - found["idle_rss"]) / args.hubs
    print(f"  ({per_hub:.1f} KiB per connected hub)")


def main() -> None:
    """Run the benchmark (or, with --serve, be the simulated hubs)."""
    if len(sys.argv) > 1 and sys.argv[1] == "--serve":
        hubs, followed, port, ca_path = sys.argv[2:6]
        asyncio.run(serve(int(hubs), int(followed), int(port), ca_path))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hubs", type=int, default=1000)
    parser.add_argument("--followed", type=int, default=60)
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--changes", type=int, default=1200)
    parser.add_argument("--rate", type=float, default=40.0)
    args = parser.parse_args()
    broker, hubs, found = start(args)
    try:
        asyncio.run(measure(args, broker, hubs, found))
    finally:
        if hubs.stdin is not None:
            hubs.stdin.close()
        hubs.wait(timeout=120)
        broker.stop()


if __name__ == "__main__":
    main()
