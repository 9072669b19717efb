"""The crisis path and the safety plan as the tablet shows them, in the hub's language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from homeassistant.core import HomeAssistant
from homeassistant.helpers.translation import async_get_translations

from ..const import DOMAIN
from ..core.safety import (
    SAFETY_PLAN_SECTIONS,
    CrisisPath,
    SafetyPlan,
    crisis_path_from_mapping,
    tel_uri,
)

CONF_CRISIS_PATH: Final = "crisis_path"
CONF_SAFETY_PLAN: Final = "safety_plan"


@dataclass(frozen=True, slots=True)
class SafetyInfo:
    """What the tablet shows: whom to call in a crisis, and the client's own plan."""

    crisis: CrisisPath
    plan: SafetyPlan
    texts: dict[str, str]

    def crisis_attributes(self) -> dict[str, Any]:
        """The crisis path for the dashboard: numbers, ``tel:`` links and what to say."""
        return {
            "emergency_number": self.crisis.emergency,
            "emergency_tel": tel_uri(self.crisis.emergency),
            "emergency_label": self.texts["crisis_emergency_label"],
            "crisis_line_number": self.crisis.crisis_line,
            "crisis_line_tel": tel_uri(self.crisis.crisis_line),
            "crisis_line_label": self.texts["crisis_line_label"],
            "instructions": self.texts["crisis_instructions"].format(
                emergency=self.crisis.emergency, crisis_line=self.crisis.crisis_line
            ),
        }

    def plan_attributes(self) -> dict[str, Any]:
        """The safety plan for the dashboard: each section's heading and text, in order."""
        return {
            "sections": [
                {"key": key, "title": self.texts[f"safety_plan_{key}"], "text": text}
                for key, text in self.plan.sections
            ],
        }


async def async_safety_info(
    hass: HomeAssistant, language: str, options: dict[str, Any]
) -> SafetyInfo:
    """Build the crisis path and the plan from the hub options, with texts in ``language``."""
    keys = (
        "crisis_emergency_label",
        "crisis_line_label",
        "crisis_instructions",
        *(f"safety_plan_{key}" for key in SAFETY_PLAN_SECTIONS),
    )
    translations = await async_get_translations(hass, language, "common", [DOMAIN])
    english = await async_get_translations(hass, "en", "common", [DOMAIN])
    texts = {
        key: translations.get(f"component.{DOMAIN}.common.{key}")
        or english.get(f"component.{DOMAIN}.common.{key}", key)
        for key in keys
    }
    return SafetyInfo(
        crisis=crisis_path_from_mapping(options.get(CONF_CRISIS_PATH), language),
        plan=SafetyPlan.from_mapping(options.get(CONF_SAFETY_PLAN)),
        texts=texts,
    )
