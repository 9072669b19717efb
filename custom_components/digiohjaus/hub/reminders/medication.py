"""Medication reminders ("Lisää lääke"): a name, a dose, 1–8 times a day on chosen weekdays."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any, Final

from homeassistant.helpers.selector import TextSelector
import probatio as vol

from ...const import (
    CONF_EARLY_MINUTES,
    CONF_GRACE_MINUTES,
    CONF_NAME,
    CONF_SNOOZE_MINUTES,
    CONF_TIMES,
    CONF_WEEKDAYS,
    MAX_SNOOZE_MINUTES,
    MIN_SNOOZE_MINUTES,
)
from ...core.occurrence import Timing
from ...core.reminder import validate_minutes, validate_text
from ...core.schedule import WEEKDAYS, Weekly, parse_times, parse_weekdays
from .flow import (
    FIELD_OF_ERROR,
    FormInput,
    ReminderSubentryFlow,
    minutes_selector,
    times_selector,
    weekdays_selector,
)
from .kind import ReminderKind

SUBENTRY_MEDICATION: Final = "medication"
CONF_DOSE: Final = "dose"

DEFAULT_GRACE_MINUTES: Final = 60
DEFAULT_SNOOZE_MINUTES: Final = 10
DEFAULT_EARLY_MINUTES: Final = 120
GRACE_RANGE: Final = (5, 720)
EARLY_RANGE: Final = (0, 720)


def clean_medication(user_input: Mapping[str, Any]) -> tuple[str, FormInput]:
    """Check what the worker entered; return the title and the data to store."""
    name = validate_text(user_input.get(CONF_NAME, ""), "name")
    dose = validate_text(user_input.get(CONF_DOSE, ""), "dose")
    times = parse_times(user_input.get(CONF_TIMES) or [])
    weekdays = parse_weekdays(user_input.get(CONF_WEEKDAYS) or [])
    grace = validate_minutes(user_input.get(CONF_GRACE_MINUTES), *GRACE_RANGE, "grace")
    snooze = validate_minutes(
        user_input.get(CONF_SNOOZE_MINUTES), MIN_SNOOZE_MINUTES, MAX_SNOOZE_MINUTES, "snooze"
    )
    early = validate_minutes(user_input.get(CONF_EARLY_MINUTES), *EARLY_RANGE, "early")
    return name, {
        CONF_NAME: name,
        CONF_DOSE: dose,
        CONF_TIMES: [at.strftime("%H:%M") for at in times],
        CONF_WEEKDAYS: [code for index, code in enumerate(WEEKDAYS) if index in weekdays],
        CONF_GRACE_MINUTES: grace,
        CONF_SNOOZE_MINUTES: snooze,
        CONF_EARLY_MINUTES: early,
    }


def medication_schedule(data: Mapping[str, Any]) -> Weekly:
    """The stored times and weekdays as a schedule."""
    return Weekly(times=parse_times(data[CONF_TIMES]), weekdays=parse_weekdays(data[CONF_WEEKDAYS]))


def medication_timing(data: Mapping[str, Any]) -> Timing:
    """Grace, snooze and the "taking early counts" window."""
    return Timing(
        grace=timedelta(minutes=data.get(CONF_GRACE_MINUTES, DEFAULT_GRACE_MINUTES)),
        snooze=timedelta(minutes=data.get(CONF_SNOOZE_MINUTES, DEFAULT_SNOOZE_MINUTES)),
        early=timedelta(minutes=data.get(CONF_EARLY_MINUTES, DEFAULT_EARLY_MINUTES)),
    )


class MedicationSubentryFlow(ReminderSubentryFlow):
    """Add a medication ("Lisää lääke") or change it."""

    def form(self) -> vol.Schema:
        """Name, dose, times, weekdays, grace, snooze and early window."""
        return vol.Schema(
            {
                vol.Required(CONF_NAME): TextSelector(),
                vol.Required(CONF_DOSE): TextSelector(),
                vol.Required(CONF_TIMES): times_selector(),
                vol.Required(CONF_WEEKDAYS): weekdays_selector(),
                vol.Required(CONF_GRACE_MINUTES): minutes_selector(),
                vol.Required(CONF_SNOOZE_MINUTES): minutes_selector(),
                vol.Required(CONF_EARLY_MINUTES): minutes_selector(),
            }
        )

    def defaults(self) -> FormInput:
        """Every day, with the agreed defaults for grace, snooze and early taking."""
        return {
            CONF_TIMES: [],  # no time until one is agreed (else the picker shows its first)
            CONF_WEEKDAYS: list(WEEKDAYS),
            CONF_GRACE_MINUTES: DEFAULT_GRACE_MINUTES,
            CONF_SNOOZE_MINUTES: DEFAULT_SNOOZE_MINUTES,
            CONF_EARLY_MINUTES: DEFAULT_EARLY_MINUTES,
        }

    def clean(self, user_input: FormInput) -> tuple[str, FormInput]:
        """Validate with the medication rules."""
        return clean_medication(user_input)

    def field_of_error(self, key: str) -> str:
        """Name, dose and early-window errors belong to their fields."""
        own = {
            "name_empty": CONF_NAME,
            "name_too_long": CONF_NAME,
            "dose_empty": CONF_DOSE,
            "dose_too_long": CONF_DOSE,
            "early_out_of_range": CONF_EARLY_MINUTES,
        }
        return own.get(key) or FIELD_OF_ERROR.get(key, "base")


KIND: Final = ReminderKind(
    kind=SUBENTRY_MEDICATION,
    emoji="💊",
    flow=MedicationSubentryFlow,
    schedule=medication_schedule,
    timing=medication_timing,
    placeholders=lambda data, _language: {"dose": str(data.get(CONF_DOSE, ""))},
    adherence=True,
)
