"""Reminders at times of day on chosen weekdays with only a name: meals and home routines.

A kind here is a name, 1–8 times, weekdays, grace and snooze minutes; what differs is
its defaults and how early confirming counts.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import Any, ClassVar

from homeassistant.helpers.selector import TextSelector
import probatio as vol

from ...const import (
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

GRACE_RANGE = (5, 1440)


def clean_weekly(user_input: Mapping[str, Any]) -> tuple[str, FormInput]:
    """Check a name, times, weekdays, grace and snooze; return the title and the data."""
    name = validate_text(user_input.get(CONF_NAME, ""), "name")
    times = parse_times(user_input.get(CONF_TIMES) or [])
    weekdays = parse_weekdays(user_input.get(CONF_WEEKDAYS) or [])
    grace = validate_minutes(user_input.get(CONF_GRACE_MINUTES), *GRACE_RANGE, "grace")
    snooze = validate_minutes(
        user_input.get(CONF_SNOOZE_MINUTES), MIN_SNOOZE_MINUTES, MAX_SNOOZE_MINUTES, "snooze"
    )
    return name, {
        CONF_NAME: name,
        CONF_TIMES: [at.strftime("%H:%M") for at in times],
        CONF_WEEKDAYS: [code for index, code in enumerate(WEEKDAYS) if index in weekdays],
        CONF_GRACE_MINUTES: grace,
        CONF_SNOOZE_MINUTES: snooze,
    }


def weekly_schedule(data: Mapping[str, Any]) -> Weekly:
    """The stored times and weekdays as a schedule."""
    return Weekly(times=parse_times(data[CONF_TIMES]), weekdays=parse_weekdays(data[CONF_WEEKDAYS]))


def weekly_timing(
    grace: int, snooze: int, early: timedelta
) -> Callable[[Mapping[str, Any]], Timing]:
    """Timing from the stored grace and snooze minutes, with a fixed early window."""

    def timing(data: Mapping[str, Any]) -> Timing:
        return Timing(
            grace=timedelta(minutes=data.get(CONF_GRACE_MINUTES, grace)),
            snooze=timedelta(minutes=data.get(CONF_SNOOZE_MINUTES, snooze)),
            early=early,
        )

    return timing


class WeeklySubentryFlow(ReminderSubentryFlow):
    """Add a named reminder at times on weekdays, or change it."""

    default_times: ClassVar[tuple[str, ...]] = ()
    default_weekdays: ClassVar[tuple[str, ...]] = WEEKDAYS
    default_grace: ClassVar[int] = 60
    default_snooze: ClassVar[int] = 15

    def form(self) -> vol.Schema:
        """Name, times, weekdays, grace and snooze."""
        return vol.Schema(
            {
                vol.Required(CONF_NAME): TextSelector(),
                vol.Required(CONF_TIMES): times_selector(),
                vol.Required(CONF_WEEKDAYS): weekdays_selector(),
                vol.Required(CONF_GRACE_MINUTES): minutes_selector(),
                vol.Required(CONF_SNOOZE_MINUTES): minutes_selector(),
            }
        )

    def defaults(self) -> FormInput:
        """The kind's usual times, weekdays, grace and snooze."""
        return {
            CONF_TIMES: list(self.default_times),
            CONF_WEEKDAYS: list(self.default_weekdays),
            CONF_GRACE_MINUTES: self.default_grace,
            CONF_SNOOZE_MINUTES: self.default_snooze,
        }

    def clean(self, user_input: FormInput) -> tuple[str, FormInput]:
        """Validate with the shared rules."""
        return clean_weekly(user_input)

    def field_of_error(self, key: str) -> str:
        """Name errors belong to the name; the rest as for every reminder."""
        if key in {"name_empty", "name_too_long"}:
            return CONF_NAME
        return FIELD_OF_ERROR.get(key, "base")
