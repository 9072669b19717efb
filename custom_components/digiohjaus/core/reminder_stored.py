"""A reminder's occurrences in their stored form (compact: a year of history stays small).

Keys: ``n`` nominal time (also the occurrence's key), ``d`` due, ``s`` status, ``z`` snoozed
until, ``r`` resolved at, ``l`` lead reminders sent; empty ones are left out.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from .occurrence import Occurrence, Status

type Instants = dict[str, datetime]
"""Stored text → the time read from it, shared by the books read together.

Fifty medicines taken at 08:00 have the same nominal and due times every day, and the doses
missed in one pass the same resolved time: read through one table they are one object
each (times never change in place), not one per occurrence.
"""


def occurrence_to_dict(occ: Occurrence) -> dict[str, Any]:
    """Return the stored form of ``occ``."""
    raw: dict[str, Any] = {"n": occ.key, "d": occ.due_at.isoformat(), "s": occ.status.value}
    if occ.snoozed_until is not None:
        raw["z"] = occ.snoozed_until.isoformat()
    if occ.resolved_at is not None:
        raw["r"] = occ.resolved_at.isoformat()
    if occ.leads_sent:
        raw["l"] = occ.leads_sent
    return raw


def read_instant(text: str, instants: Instants) -> datetime:
    """Return the time ``text`` says, one object for the same text (through ``instants``)."""
    if (found := instants.get(text)) is None:
        found = instants[text] = datetime.fromisoformat(text)
    return found


def occurrence_from_dict(raw: dict[str, Any], instants: Instants) -> Occurrence:
    """Read what :func:`occurrence_to_dict` wrote (times shared through ``instants``)."""
    snoozed, resolved = raw.get("z"), raw.get("r")
    return Occurrence(
        nominal=read_instant(raw["n"], instants),
        due_at=read_instant(raw["d"], instants),
        status=Status(raw["s"]),
        snoozed_until=read_instant(snoozed, instants) if snoozed else None,
        resolved_at=read_instant(resolved, instants) if resolved else None,
        leads_sent=int(raw.get("l", 0)),
    )
