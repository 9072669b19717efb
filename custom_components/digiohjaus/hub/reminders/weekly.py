"""Reminders at times of day on chosen weekdays: medicines, meals and home routines.

Such a kind is declared, not programmed: a :class:`WeeklySpec` says what the worker fills
in (a name, any further text such as a medicine's dose, 1–8 times, weekdays, grace and
snooze minutes, and, where the worker agrees it with the client, how early confirming
counts), its defaults and ranges, and how the reminder shows. Its flow is a
:class:`WeeklySubentryFlow` naming the spec, and :meth:`WeeklySpec.reminder_kind` makes the
:class:`~.kind.ReminderKind`. A new kind of this shape is one small file (see ``meal.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, ClassVar, Final

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
from ...core.reminder_spec import validate_minutes, validate_text
from ...core.schedule import WEEKDAYS, Weekly, parse_times, parse_weekdays
from ...core.shared import Shared
from .flow import (
    FIELD_OF_ERROR,
    FormInput,
    ReminderSubentryFlow,
    minutes_selector,
    times_selector,
    weekdays_selector,
)
from .kind import ReminderKind

_TIMINGS: Final[Shared[Timing]] = Shared()  # fifty medicines with the same minutes share one


@dataclass(frozen=True, kw_only=True)
class WeeklySpec:
    """One kind of reminder at times on weekdays: its fields, defaults and how it shows."""

    kind: str  # the subentry type
    emoji: str
    grace_minutes: int  # default of the grace field
    snooze_minutes: int  # default of the snooze field
    times: tuple[str, ...] = ()  # the form's suggested times (none: the worker picks)
    weekdays: tuple[str, ...] = WEEKDAYS
    grace_range: tuple[int, int] = (5, 1440)
    details: tuple[str, ...] = ()
    """Further required text fields after the name (a medicine's ``dose``); each is a
    placeholder of the kind's texts, and its errors are ``<field>_empty`` / ``_too_long``."""
    early: timedelta | None = None
    """How early confirming counts, the same for every reminder of the kind; ``None``: the
    worker sets it per reminder (``early_minutes``, default and range below)."""
    early_minutes: int = 0
    early_range: tuple[int, int] = (0, 720)
    adherence: bool = False
    calendar_duration: timedelta = timedelta(minutes=15)

    def clean(self, user_input: Mapping[str, Any]) -> tuple[str, FormInput]:
        """Check what the worker entered; return the title and the data to store."""
        name = validate_text(user_input.get(CONF_NAME, ""), "name")
        details = {field: validate_text(user_input.get(field, ""), field) for field in self.details}
        times = parse_times(user_input.get(CONF_TIMES) or [])
        weekdays = parse_weekdays(user_input.get(CONF_WEEKDAYS) or [])
        grace = validate_minutes(user_input.get(CONF_GRACE_MINUTES), *self.grace_range, "grace")
        snooze = validate_minutes(
            user_input.get(CONF_SNOOZE_MINUTES), MIN_SNOOZE_MINUTES, MAX_SNOOZE_MINUTES, "snooze"
        )
        data: FormInput = {
            CONF_NAME: name,
            **details,
            CONF_TIMES: [at.strftime("%H:%M") for at in times],
            CONF_WEEKDAYS: [code for index, code in enumerate(WEEKDAYS) if index in weekdays],
            CONF_GRACE_MINUTES: grace,
            CONF_SNOOZE_MINUTES: snooze,
        }
        if self.early is None:
            early = user_input.get(CONF_EARLY_MINUTES)
            data[CONF_EARLY_MINUTES] = validate_minutes(early, *self.early_range, "early")
        return name, data

    def schedule(self, data: Mapping[str, Any]) -> Weekly:
        """The stored times and weekdays as a schedule."""
        return Weekly(
            times=parse_times(data[CONF_TIMES]), weekdays=parse_weekdays(data[CONF_WEEKDAYS])
        )

    def timing(self, data: Mapping[str, Any]) -> Timing:
        """Grace and snooze as stored, and how early confirming counts."""
        early = self.early
        if early is None:
            early = timedelta(minutes=data.get(CONF_EARLY_MINUTES, self.early_minutes))
        return _TIMINGS(
            Timing(
                grace=timedelta(minutes=data.get(CONF_GRACE_MINUTES, self.grace_minutes)),
                snooze=timedelta(minutes=data.get(CONF_SNOOZE_MINUTES, self.snooze_minutes)),
                early=early,
            )
        )

    def placeholders(self, data: Mapping[str, Any], language: str) -> dict[str, str]:
        """The detail fields for the kind's texts ("{dose}")."""
        return {field: str(data.get(field, "")) for field in self.details}

    def reminder_kind(self, flow: type[WeeklySubentryFlow]) -> ReminderKind:
        """The reminder kind this spec declares, with its flow (whose ``spec`` is this)."""
        return ReminderKind(
            kind=self.kind,
            emoji=self.emoji,
            flow=flow,
            schedule=self.schedule,
            timing=self.timing,
            placeholders=self.placeholders,
            adherence=self.adherence,
            calendar_duration=self.calendar_duration,
        )


class WeeklySubentryFlow(ReminderSubentryFlow):
    """Add a reminder at times on weekdays, or change it; the form follows the spec."""

    spec: ClassVar[WeeklySpec]

    def form(self) -> vol.Schema:
        """Name, the details, times, weekdays, grace, snooze (and the early window)."""
        fields: dict[Any, Any] = {vol.Required(CONF_NAME): TextSelector()}
        fields |= {vol.Required(field): TextSelector() for field in self.spec.details}
        fields |= {
            vol.Required(CONF_TIMES): times_selector(),
            vol.Required(CONF_WEEKDAYS): weekdays_selector(),
            vol.Required(CONF_GRACE_MINUTES): minutes_selector(),
            vol.Required(CONF_SNOOZE_MINUTES): minutes_selector(),
        }
        if self.spec.early is None:
            fields[vol.Required(CONF_EARLY_MINUTES)] = minutes_selector()
        return vol.Schema(fields)

    def defaults(self) -> FormInput:
        """The kind's usual times, weekdays, grace and snooze (and early window)."""
        defaults: FormInput = {
            CONF_TIMES: list(self.spec.times),
            CONF_WEEKDAYS: list(self.spec.weekdays),
            CONF_GRACE_MINUTES: self.spec.grace_minutes,
            CONF_SNOOZE_MINUTES: self.spec.snooze_minutes,
        }
        if self.spec.early is None:
            defaults[CONF_EARLY_MINUTES] = self.spec.early_minutes
        return defaults

    def clean(self, user_input: FormInput) -> tuple[str, FormInput]:
        """Validate as the spec says."""
        return self.spec.clean(user_input)

    def field_of_error(self, key: str) -> str:
        """Name, detail and early-window errors belong to their fields; the rest as usual."""
        own = {CONF_NAME, *self.spec.details}
        for suffix in ("_empty", "_too_long"):
            if key.endswith(suffix) and (field := key.removesuffix(suffix)) in own:
                return field
        if key == "early_out_of_range" and self.spec.early is None:
            return CONF_EARLY_MINUTES
        return FIELD_OF_ERROR.get(key, "base")
