"""The share endpoint against Home Assistant's own state API, on one real Home Assistant.

Run: .venv/bin/python benchmarks/share_endpoint.py [--runs 3] [--seconds 5]

Starts ONE Home Assistant process (a throwaway configuration folder, loopback only, the
HTTP server trusting 127.0.0.1 as a proxy so ``X-Forwarded-For`` can stand for many
addresses), onboards it and creates a client home hub through the config-flow API as a
worker would (a worker contact with consent, two medicines, the worker's share token).
Then, from SEPARATE load processes (Python aiohttp, keep-alive):

1. ``GET /api/digiohjaus/v1/share`` and ``GET /api/states/<one hub entity>`` side by side
   at 1 and 50 concurrent clients: requests/s, p50, p99 (median of ``--runs`` runs);
2. a probe reading ``GET /api/`` every 20 ms: its p99 while idle, while 50 clients read
   the share endpoint and, to compare, while 50 clients read the state API;
3. a flood of 400 bad tokens a second from 1,000 addresses: Home Assistant's CPU (from
   /proc) minus its idle CPU, as a share of one core, and how the flood was answered;
   then the same flood at Home Assistant's own ``GET /api/`` to compare;
4. a worker's valid token served from an address locked out after bad tokens.

No assertions: numbers to compare. The load processes share the machine with Home
Assistant (2 cores here), so absolute figures are lower than on a real hub; both endpoints
are measured the same way.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
from pathlib import Path
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any
from urllib import error, request

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent))
from share_home import SHARE_PATH, Hub

# --- The load processes ------------------------------------------------------------------


async def _load(url: str, headers: dict[str, str], clients: int, seconds: float) -> dict[str, Any]:
    """``clients`` keep-alive clients reading ``url`` back to back for ``seconds``."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    connector = aiohttp.TCPConnector(limit=clients)
    async with aiohttp.ClientSession(connector=connector) as session:
        warm_until = time.perf_counter() + 1.0
        end = warm_until + seconds

        async def client() -> None:
            while (now := time.perf_counter()) < end:
                async with session.get(url, headers=headers) as resp:
                    await resp.read()
                    done = time.perf_counter()
                if now >= warm_until:
                    latencies.append(done - now)
                    statuses[resp.status] = statuses.get(resp.status, 0) + 1

        await asyncio.gather(*(client() for _ in range(clients)))
    return _summary(latencies, seconds, statuses)


async def _probe(url: str, headers: dict[str, str], seconds: float) -> dict[str, Any]:
    """Read ``url`` every 20 ms for ``seconds`` (a user's browser beside the load)."""
    latencies: list[float] = []
    async with aiohttp.ClientSession() as session:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            began = time.perf_counter()
            async with session.get(url, headers=headers) as resp:
                await resp.read()
            latencies.append(time.perf_counter() - began)
            await asyncio.sleep(0.02)
    return _summary(latencies, seconds, {})


async def _flood(url: str, rate: float, addresses: int, seconds: float) -> dict[str, Any]:
    """``rate`` bad tokens a second, each from one of ``addresses`` forwarded addresses."""
    statuses: dict[int, int] = {}
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=200)) as session:

        async def one(i: int) -> None:
            headers = {
                "Authorization": f"Bearer {secrets.token_hex(6)}{secrets.token_urlsafe(32)}",
                "X-Forwarded-For": f"10.{i % addresses // 250}.{i % 250}.{i % addresses % 7 + 1}",
            }
            async with session.get(url, headers=headers) as resp:
                await resp.read()
                statuses[resp.status] = statuses.get(resp.status, 0) + 1

        tasks = []
        began = time.perf_counter()
        for i in range(int(rate * seconds)):
            delay = began + i / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one(i)))
        await asyncio.gather(*tasks)
    return {"statuses": statuses, "sent": int(rate * seconds)}


def _summary(latencies: list[float], seconds: float, statuses: dict[int, int]) -> dict[str, Any]:
    ordered = sorted(latencies) or [0.0]
    return {
        "rps": len(latencies) / seconds,
        "p50": ordered[len(ordered) // 2] * 1000,
        "p99": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000,
        "statuses": statuses,
    }


def _spawn(*args: str) -> subprocess.Popen[str]:
    """Start a load process (this file with ``--worker``)."""
    return subprocess.Popen(  # noqa: S603 - this very script
        [sys.executable, __file__, "--worker", *args], stdout=subprocess.PIPE, text=True
    )


def _result(process: subprocess.Popen[str]) -> dict[str, Any]:
    out, _ = process.communicate(timeout=600)
    return dict(json.loads(out))


def worker_main(argv: list[str]) -> None:
    """Run one load process and print its result as JSON."""
    kind, url, *rest = argv
    if kind == "load":
        token, clients, seconds = rest
        headers = {"Authorization": f"Bearer {token}"}
        result = asyncio.run(_load(url, headers, int(clients), float(seconds)))
    elif kind == "probe":
        token, seconds = rest
        result = asyncio.run(_probe(url, {"Authorization": f"Bearer {token}"}, float(seconds)))
    else:
        rate, addresses, seconds = rest
        result = asyncio.run(_flood(url, float(rate), int(addresses), float(seconds)))
    print(json.dumps(result))


# --- The measurements -------------------------------------------------------------------


def side_by_side(hub: Hub, share: str, entity: str, runs: int, seconds: float) -> None:
    """Share endpoint and state API at 1 and 50 clients, medians of ``runs``."""
    print("\n1. Requests/s and latency, separate load process, keep-alive, medians of runs")
    print(f"   {'endpoint':<34} {'clients':>7} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}")
    targets = (
        ("GET /api/digiohjaus/v1/share", f"{hub.base}{SHARE_PATH}", share),
        (f"GET /api/states/{entity}"[:34], f"{hub.base}/api/states/{entity}", hub.token),
    )
    rates: dict[tuple[str, int], float] = {}
    for clients in (1, 50):
        for name, url, token in targets:
            results = [
                _result(_spawn("load", url, token, str(clients), str(seconds))) for _ in range(runs)
            ]
            rps = statistics.median(r["rps"] for r in results)
            p50 = statistics.median(r["p50"] for r in results)
            p99 = statistics.median(r["p99"] for r in results)
            rates[name[:10], clients] = rps
            codes = sorted({code for r in results for code in r["statuses"]})
            print(f"   {name:<34} {clients:>7} {rps:>8.0f} {p50:>8.1f} {p99:>8.1f}  HTTP {codes}")
    for clients in (1, 50):
        ratio = rates["GET /api/d", clients] / rates["GET /api/s", clients]
        print(f"   share / states at {clients:>2} clients: {ratio:.2f}×")


def api_beside_load(hub: Hub, share: str, entity: str, seconds: float) -> None:
    """``GET /api/`` p99 idle, while 50 clients read the share endpoint, and (to compare)
    while 50 clients read Home Assistant's own state API."""
    api = f"{hub.base}/api/"
    idle = _result(_spawn("probe", api, hub.token, str(seconds)))
    print("\n2. GET /api/ read every 20 ms by another process")
    print(f"   idle:                        p50 {idle['p50']:.1f} ms, p99 {idle['p99']:.1f} ms")
    for name, url, token in (
        ("the share", f"{hub.base}{SHARE_PATH}", share),
        ("/api/states", f"{hub.base}/api/states/{entity}", hub.token),
    ):
        load = _spawn("load", url, token, "50", str(seconds + 1))
        time.sleep(1.5)
        busy = _result(_spawn("probe", api, hub.token, str(max(1.0, seconds - 1))))
        _result(load)
        print(
            f"   50 clients on {name + ':':<14} p50 {busy['p50']:.1f} ms, p99 {busy['p99']:.1f} ms"
            f"  ({busy['p99'] / max(idle['p99'], 0.001):.2f}× idle p99)"
        )


def flood_cost(hub: Hub, seconds: float) -> None:
    """Home Assistant's CPU under 400 bad tokens/s from 1,000 addresses, minus idle.

    For comparison, the same flood at Home Assistant's own ``GET /api/`` (its cheapest
    endpoint behind a login, which refuses a bad token with ``401``).
    """
    before = hub.cpu_seconds()
    time.sleep(seconds)
    idle = (hub.cpu_seconds() - before) / seconds
    print("\n3. Flood: 400 bad tokens/s from 1,000 addresses (X-Forwarded-For, trusted proxy)")
    print(f"   Home Assistant idle:   {100 * idle:.1f} % of one core")
    for name, path in (("the share endpoint", SHARE_PATH), ("GET /api/ (HA's own)", "/api/")):
        time.sleep(6)  # the share endpoint's total limit refills in between
        before = hub.cpu_seconds()
        began = time.perf_counter()
        flood = _result(_spawn("flood", f"{hub.base}{path}", "400", "1000", str(seconds)))
        spent = hub.cpu_seconds() - before
        elapsed = time.perf_counter() - began
        print(
            f"   {name:<22} {100 * spent / elapsed:.1f} % of one core "
            f"({100 * (spent / elapsed - idle):.1f} % above idle); "
            f"{flood['sent']} sent, HTTP {dict(sorted(flood['statuses'].items()))}"
        )


def valid_token_while_locked_out(hub: Hub, share: str) -> None:
    """Five bad tokens lock an address out; the worker's token from it is still served."""
    time.sleep(6)  # the flood's total limit has refilled: this shows one address alone
    address = {"X-Forwarded-For": "198.51.100.7"}
    statuses = [
        _status(hub, f"{secrets.token_hex(6)}{secrets.token_urlsafe(32)}", address)
        for _ in range(6)
    ]
    valid = _status(hub, share, address)
    print("\n4. One address (a shared office network) after bad tokens")
    print(f"   six bad tokens: HTTP {statuses}; the worker's valid token: HTTP {valid}")


def _status(hub: Hub, token: str, headers: dict[str, str]) -> int:
    req = request.Request(  # noqa: S310 - http to loopback
        f"{hub.base}{SHARE_PATH}", headers={"Authorization": f"Bearer {token}", **headers}
    )
    try:
        with request.urlopen(req, timeout=30) as response:  # noqa: S310 - loopback
            return int(response.status)
    except error.HTTPError as err:
        return int(err.code)


def main() -> None:
    """Start Home Assistant, set up the hub, measure, stop."""
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        worker_main(sys.argv[2:])
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="digiohjaus-bench-"))
    hub = Hub(folder)
    try:
        hub.write_config()
        began = time.perf_counter()
        hub.start()
        hub.onboard()
        share, entity = hub.create_hub()
        print(f"Home Assistant up and hub created in {time.perf_counter() - began:.0f} s")
        print(f"({os.cpu_count()} CPUs; load from separate Python aiohttp processes)")
        side_by_side(hub, share, entity, args.runs, args.seconds)
        api_beside_load(hub, share, entity, args.seconds)
        flood_cost(hub, 10.0)
        valid_token_while_locked_out(hub, share)
    finally:
        hub.stop()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
