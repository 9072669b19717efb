"""The crisis path (112 and the crisis line) and the client's safety plan.

The hub never presents itself as an emergency service: it shows whom to call.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
import re
from typing import Any, Final

from .errors import KeyedError

EMERGENCY_NUMBER: Final = "112"
CRISIS_LINE_FI: Final = "09 2525 0111"
CRISIS_LINE_SV: Final = "09 2525 0112"
MAX_SECTION_LENGTH: Final = 1000

# Stanley & Brown's six sections, in the order the plan is gone through.
SAFETY_PLAN_SECTIONS: Final = (
    "warning_signs",
    "coping",
    "distractions",
    "help_people",
    "professionals",
    "safe_surroundings",
)

_PHONE: Final = re.compile(r"^\+?[0-9][0-9 \-]{1,18}[0-9]$")


class SafetyError(KeyedError, ValueError):
    """A crisis-path or safety-plan value is not acceptable; ``key`` names the error."""


def validate_phone(value: str) -> str:
    """Return a phone number written with digits, spaces and dashes (optionally +)."""
    number = " ".join(value.split())
    if not _PHONE.match(number):
        raise SafetyError("invalid_phone")
    return number


def tel_uri(number: str) -> str:
    """A ``tel:`` link the tablet can open: ``09 2525 0111`` → ``tel:0925250111``."""
    return "tel:" + re.sub(r"[ \-]", "", number)


@dataclass(frozen=True, slots=True)
class CrisisPath:
    """Whom to call when it cannot wait: always 112, and the crisis line."""

    emergency: str = EMERGENCY_NUMBER
    crisis_line: str = CRISIS_LINE_FI

    def as_dict(self) -> dict[str, str]:
        """Return the numbers as hub options."""
        return {"emergency": self.emergency, "crisis_line": self.crisis_line}


def default_crisis_path(language: str) -> CrisisPath:
    """The crisis line that answers in the hub's language (Swedish has its own number)."""
    return CrisisPath(crisis_line=CRISIS_LINE_SV if language == "sv" else CRISIS_LINE_FI)


def crisis_path_from_mapping(data: Mapping[str, Any] | None, language: str) -> CrisisPath:
    """The hub's crisis path from its options, falling back to the defaults."""
    default = default_crisis_path(language)
    data = data or {}
    return CrisisPath(
        emergency=data.get("emergency") or default.emergency,
        crisis_line=data.get("crisis_line") or default.crisis_line,
    )


def validate_section(value: str | None) -> str:
    """Return a trimmed safety-plan section (may be empty), at most 1000 characters."""
    text = (value or "").strip()
    if len(text) > MAX_SECTION_LENGTH:
        raise SafetyError("section_too_long")
    return text


@dataclass(frozen=True, slots=True)
class SafetyPlan:
    """The client's own safety plan, written with the worker: one text per section."""

    sections: tuple[tuple[str, str], ...]

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any] | None) -> SafetyPlan:
        """Build the plan from hub options; missing sections are empty."""
        data = data or {}
        return cls(tuple((key, str(data.get(key) or "")) for key in SAFETY_PLAN_SECTIONS))

    def as_dict(self) -> dict[str, str]:
        """Return the sections in order."""
        return dict(self.sections)

    @property
    def filled(self) -> int:
        """How many sections have been written."""
        return sum(1 for _, text in self.sections if text)
