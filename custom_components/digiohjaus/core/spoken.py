"""Times and dates as people say them on the tablet, in the hub's language.

"klo 8.00" in Finnish, "kl. 8.00" in Swedish, "8:00" in English: no seconds, no
leading zero on the hour, no year for this week.
"""

from __future__ import annotations

from datetime import date, time
from typing import Final

_CLOCK: Final = {"fi": "klo {h}.{m:02d}", "sv": "kl. {h}.{m:02d}", "en": "{h}:{m:02d}"}
_BARE_CLOCK: Final = {"fi": "{h}.{m:02d}", "sv": "{h}.{m:02d}", "en": "{h}:{m:02d}"}
_DAY: Final = {"fi": "{d}.{mo}.", "sv": "{d}.{mo}.", "en": "{d}/{mo}"}


def spoken_time(at: time, language: str) -> str:
    """``time(8, 0)`` → "klo 8.00" (fi), "kl. 8.00" (sv), "8:00" (en)."""
    return _CLOCK.get(language, _CLOCK["en"]).format(h=at.hour, m=at.minute)


def bare_time(at: time, language: str) -> str:
    """``time(8, 0)`` → "8.00" (fi, sv), "8:00" (en): for texts that say "klo" themselves."""
    return _BARE_CLOCK.get(language, _BARE_CLOCK["en"]).format(h=at.hour, m=at.minute)


def spoken_day(day: date, language: str) -> str:
    """``date(2026, 12, 3)`` → "3.12." (fi, sv), "3/12" (en)."""
    return _DAY.get(language, _DAY["en"]).format(d=day.day, mo=day.month)


def jinja_bare_clock(variable: str, language: str) -> str:
    """A Jinja expression for the local datetime ``variable``'s time without "klo": "8.05"."""
    separator = ":" if language not in ("fi", "sv") else "."
    return f"{variable}.hour ~ '{separator}' ~ {variable}.strftime('%M')"


def jinja_clock(variable: str, language: str) -> str:
    """A Jinja expression that says ``variable``'s time like :func:`spoken_time`."""
    prefix = {"fi": "klo ", "sv": "kl. "}.get(language, "")
    bare = jinja_bare_clock(variable, language)
    return f"'{prefix}' ~ {bare}" if prefix else bare


def jinja_day(variable: str, language: str) -> str:
    """A Jinja expression that says the local date of ``variable`` like :func:`spoken_day`."""
    if language in ("fi", "sv"):
        return f"{variable}.day ~ '.' ~ {variable}.month ~ '.'"
    return f"{variable}.day ~ '/' ~ {variable}.month"
