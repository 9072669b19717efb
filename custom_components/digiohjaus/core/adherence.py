"""Adherence: how many of the resolved occurrences were confirmed, over the last 7 and 30 days.

One walk back from now through a reminder's occurrences answers every window, and says when
the answer next changes by the clock alone (the oldest outcome in a window leaves it). An
occurrence due exactly a window ago has left that window.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from .occurrence import FINAL, Occurrence, Status

ADHERENCE_WINDOWS: Final = (timedelta(days=7), timedelta(days=30))
"""The windows the adherence sensors show, the shortest first."""


@dataclass(frozen=True, slots=True)
class Windows:
    """Adherence in each window, and when it next changes by the clock alone."""

    adherence: tuple[float | None, ...]  # percent confirmed, one per window; None: no outcome
    changes_at: datetime | None  # when the oldest outcome of a window leaves it


def outcome_windows(
    newest_first: Iterable[Occurrence],
    now: datetime,
    spans: tuple[timedelta, ...] = ADHERENCE_WINDOWS,
) -> Windows:
    """Read ``newest_first`` once, as far back as the longest span reaches.

    ``spans`` go from the shortest to the longest: an outcome in a shorter window is in
    every longer one, so the counts carry on from one window to the next.
    """
    limits = [now - span for span in spans]
    found: list[tuple[int, int, Occurrence | None]] = []  # (confirmed, resolved, oldest)
    confirmed = resolved = 0
    oldest: Occurrence | None = None
    for occ in newest_first:
        if occ.due_at <= limits[len(found)]:  # out of the window: it closes, so may the next
            while len(found) < len(limits) and occ.due_at <= limits[len(found)]:
                found.append((confirmed, resolved, oldest))
            if len(found) == len(limits):
                break
        if occ.status in FINAL:
            resolved += 1
            confirmed += occ.status is Status.DONE
            oldest = occ
    found.extend([(confirmed, resolved, oldest)] * (len(limits) - len(found)))
    changes = [o.due_at + span for (_, _, o), span in zip(found, spans, strict=True) if o]
    return Windows(
        adherence=tuple(round(100 * c / r, 1) if r else None for c, r, _ in found),
        changes_at=min(changes, default=None),
    )
