"""One object for equal immutable values read from many reminders' settings.

Fifty medicines taken every day at 08, 12, 16 and 20 with the same grace and snooze have
equal weekday sets, lists of times and timings; reading each through a :class:`Shared`
keeps one of each instead of fifty. Only for immutable values (frozensets, tuples, frozen
dataclasses), which no one can change for the others. Nothing here knows about Home
Assistant.
"""

from __future__ import annotations

from collections.abc import Hashable


class Shared[T: Hashable]:
    """Hands out the first of equal values; forgets them all beyond ``limit`` kinds."""

    __slots__ = ("_kept", "_limit")

    def __init__(self, limit: int = 256) -> None:
        """Keep at most ``limit`` different values (a hub has a few dozen)."""
        self._kept: dict[T, T] = {}
        self._limit = limit

    def __call__(self, value: T) -> T:
        """The value equal to ``value`` handed out first (``value`` itself if new)."""
        kept = self._kept
        if value not in kept and len(kept) >= self._limit:
            kept.clear()  # edits add kinds; starting over only costs sharing
        return kept.setdefault(value, value)
