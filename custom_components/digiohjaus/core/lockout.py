"""The lock-out after bad share tokens: per address, and in total.

Only *bad* tokens are throttled; a valid token is always served (checking one costs
microseconds), so nobody behind the same address as an attacker (a shared office NAT) is
locked out of their own reads.

- **Per address**: ``max_failures`` bad tokens within ``window`` refuse the address for
  ``lock``. The refusal that starts a lock-out is marked ``started`` so the hub logs it
  once.
- **In total**: bad tokens from all addresses together draw from one bucket that holds
  ``total_burst`` and refills at ``total_rate`` a second. While it is empty, every address
  is refused, so a flood spread over thousands of addresses costs bounded work.

An attempt must be counted (:meth:`LockOut.fail`) *before* the hub awaits anything for
it, so parallel requests cannot all slip past the check. Time is passed in by the caller.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Final

MAX_TRACKED_ADDRESSES: Final = 10_000
EVERYONE: Final = "*"
"""The address a refusal of all addresses (the total limit) is reported for."""


@dataclass(frozen=True, slots=True)
class Refusal:
    """Bad tokens from ``address`` are refused until ``until``."""

    address: str
    until: datetime
    started: bool = False
    """Whether this attempt started the refusal (log it once)."""


@dataclass(slots=True)
class LockOut:
    """Count bad tokens per address and in total; say who is refused until when."""

    max_failures: int = 5
    window: timedelta = timedelta(minutes=15)
    lock: timedelta = timedelta(minutes=15)
    total_rate: float = 10.0
    """Bad tokens a second, from all addresses together, in the long run."""
    total_burst: float = 50.0
    _failures: dict[str, list[datetime]] = field(default_factory=dict)
    _locked_until: dict[str, datetime] = field(default_factory=dict)
    _bucket: float | None = None
    _bucket_at: datetime | None = None
    _flood_until: datetime | None = None

    def refused(self, address: str, now: datetime) -> Refusal | None:
        """Return the refusal in force for bad tokens from ``address``, if any."""
        until = self._locked_until.get(address)
        if until is not None:
            if now < until:
                return Refusal(address, until)
            del self._locked_until[address]
        tokens = self._refill(now)
        if tokens < 1:
            wait = timedelta(seconds=(1 - tokens) / self.total_rate)
            return Refusal(EVERYONE, now + wait)
        return None

    def fail(self, address: str, now: datetime) -> Refusal | None:
        """Count a bad token from ``address`` now; return a refusal it started, if any."""
        self._bucket = self._refill(now) - 1
        if self._bucket < 1 and (self._flood_until is None or now >= self._flood_until):
            self._flood_until = now + self.lock
            wait = timedelta(seconds=(1 - self._bucket) / self.total_rate)
            return Refusal(EVERYONE, now + wait, started=True)
        self._forget_old(now)
        recent = [at for at in self._failures.get(address, ()) if now - at < self.window]
        recent.append(now)
        if len(recent) >= self.max_failures:
            self._failures.pop(address, None)
            self._locked_until[address] = now + self.lock
            return Refusal(address, now + self.lock, started=True)
        if len(self._failures) < MAX_TRACKED_ADDRESSES or address in self._failures:
            self._failures[address] = recent
        return None

    def succeed(self, address: str) -> None:
        """A good token from ``address``: its count of bad ones starts over."""
        self._failures.pop(address, None)

    def _refill(self, now: datetime) -> float:
        if self._bucket is None or self._bucket_at is None:
            tokens = self.total_burst
        else:
            elapsed = max(0.0, (now - self._bucket_at).total_seconds())
            tokens = min(self.total_burst, self._bucket + elapsed * self.total_rate)
        self._bucket, self._bucket_at = tokens, now
        return tokens

    def _forget_old(self, now: datetime) -> None:
        """Keep memory bounded: drop addresses whose failures or lock-out are over."""
        if len(self._failures) + len(self._locked_until) < MAX_TRACKED_ADDRESSES:
            return
        self._failures = {
            address: times
            for address, times in self._failures.items()
            if now - times[-1] < self.window
        }
        self._locked_until = {
            address: until for address, until in self._locked_until.items() if until > now
        }
