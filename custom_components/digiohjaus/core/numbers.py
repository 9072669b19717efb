"""Whole numbers a person typed: only finite, whole, ASCII-written numbers in a range pass.

A number box hands over a float; an action hands over whatever the caller sent. "nan",
"inf", "1e400" (infinity), "2.5", "٣" (an Arabic-Indic three), "0²" or a thousand digits
are not a count of minutes or days: they are refused with the field's own error, never
with a ``ValueError`` or ``OverflowError`` from ``int()``.
"""

from __future__ import annotations

import math
from typing import Final

MAX_DIGITS: Final = 12  # more than any count here; keeps int() far from its digit limit


def whole_number(value: object) -> int | None:
    """Return ``value`` as an int if it is a finite whole number, else ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if math.isfinite(value) and value.is_integer() else None
    if isinstance(value, str):
        return _whole_number_text(value.strip())
    return None


def _whole_number_text(text: str) -> int | None:
    if not text.isascii() or len(text) > MAX_DIGITS + 4:
        return None
    digits = text.removeprefix("-").removeprefix("+")
    if digits.isdigit():
        return int(text)
    try:
        number = float(text)
    except ValueError:
        return None
    return whole_number(number)


def whole_in_range(value: object, low: int, high: int) -> int | None:
    """Return ``value`` as an int if it is a whole number within ``[low, high]``."""
    number = whole_number(value)
    return number if number is not None and low <= number <= high else None
