"""A reminder's line on the tablet, as attributes of its status sensor.

``today`` (``none``/``upcoming``/``open``/``done``/``missed``) lets the dashboard show only
today's reminders and anything overdue, and a live "done" button only when marking counts;
``today_text`` and ``marks_from_text`` say the times as people say them ("klo 8.00").
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from functools import lru_cache
from typing import Any, Final
import unicodedata
from zoneinfo import ZoneInfo

from ...const import DOMAIN
from ...core.spoken import spoken_day, spoken_time
from ...core.today import Today, TodayLine
from ..reminders.kind import ReminderKind


def _common(texts: dict[str, str], key: str) -> str:
    return texts.get(f"component.{DOMAIN}.common.{key}", key)


@lru_cache(maxsize=64)
def _words(text: str) -> str:
    """The words of a notification's button ("Otettu ✅" → "Otettu"): no emoji on the tablet."""
    return "".join(ch for ch in text if unicodedata.category(ch)[0] != "S").strip()


def _when(
    line: TodayLine, at: datetime, kind: ReminderKind, texts: dict[str, str], language: str
) -> str:
    """Say when: "klo 8.00"; a rent or bill "tänään"; with the date when overdue."""
    day = spoken_day(at.date(), language)
    if kind.all_day and line.today is not Today.DONE:
        return day if line.overdue else _common(texts, "tablet_today_all_day")
    clock = spoken_time(at.time(), language)
    return f"{day} {clock}" if line.overdue else clock


def _text_key(line: TodayLine, at: datetime, now: datetime) -> str:
    if line.today is Today.OPEN and line.overdue:
        return "tablet_today_overdue"
    if line.today is Today.OPEN and at > now:
        return "tablet_today_upcoming"  # early window: can be marked, not due yet
    return f"tablet_today_{line.today}"


# Lines already said, with the texts they were said in: fifty medicines at 08:00 show the
# same line, said once. Read-only: a caller copies what it keeps.
_SAID: Final[dict[tuple[object, ...], Mapping[str, Any]]] = {}
_SAID_IN: Final[list[dict[str, str]]] = []
_SAID_AT_MOST: Final = 256


def line_attributes(
    line: TodayLine,
    *,
    kind: ReminderKind,
    texts: dict[str, str],
    language: str,
    zone: ZoneInfo,
    now: datetime,
) -> Mapping[str, Any]:
    """The tablet's attributes of one reminder's status sensor (read-only)."""
    if line.at is None:
        return {"today": str(line.today), "today_text": None, "marks_from_text": None}
    key = (line, kind.kind, kind.all_day, language, zone, _text_key(line, line.at, now))
    if not _SAID_IN or _SAID_IN[0] is not texts or len(_SAID) >= _SAID_AT_MOST:
        _SAID.clear()
        _SAID_IN[:] = [texts]
    if (said := _SAID.get(key)) is None:
        said = _SAID[key] = _said(line, kind, texts, language, zone, text_key=key[-1])
    return said


def _said(
    line: TodayLine,
    kind: ReminderKind,
    texts: dict[str, str],
    language: str,
    zone: ZoneInfo,
    *,
    text_key: str,
) -> dict[str, Any]:
    assert line.at is not None  # noqa: S101
    at = line.at.astimezone(zone)
    when = _when(line, at, kind, texts, language)
    done = _words(_common(texts, f"{kind.kind}_done_button"))
    text = _common(texts, text_key).format(time=when, done=done)
    marks_from = None
    if line.marks_from is not None:
        clock = spoken_time(line.marks_from.astimezone(zone).time(), language)
        marks_from = _common(texts, "tablet_marks_from").format(time=clock)
    return {"today": str(line.today), "today_text": text, "marks_from_text": marks_from}
