"""Forms of the hub options for the ladder, the crisis path and the safety plan.

Each topic is one step of the options flow: a schema with the current values as defaults,
and a validator that returns the options to store or raises an error keyed to a field.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import time
from typing import Any, Final

from homeassistant.helpers.selector import (
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)
import probatio as vol

from ..core.escalation import (
    MAX_ANSWER_MINUTES,
    MAX_DELAY_MINUTES,
    MAX_STEPS,
    MIN_ANSWER_MINUTES,
    ROLES,
    EscalationError,
    Ladder,
    QuietHours,
    ladder_from_mapping,
    ladder_to_mapping,
    validate_answer_minutes,
    validate_steps,
)
from ..core.profile import ProfileError, parse_time_of_day
from ..core.safety import (
    SAFETY_PLAN_SECTIONS,
    SafetyError,
    SafetyPlan,
    crisis_path_from_mapping,
    validate_phone,
    validate_section,
)
from ..selectors import ClockTimeSelector, NumberBoxSelector
from .care import CONF_ESCALATION
from .safety import CONF_CRISIS_PATH, CONF_SAFETY_PLAN

type FormInput = Mapping[str, Any]

QUIET_START: Final = "quiet_start"
QUIET_END: Final = "quiet_end"
ANSWER_MINUTES: Final = "answer_minutes"
EMERGENCY: Final = "emergency"
CRISIS_LINE: Final = "crisis_line"


class FieldError(ValueError):
    """A form value is not acceptable: ``field`` shows ``key`` (``base`` for the form)."""

    def __init__(self, field: str, key: str) -> None:
        """Remember where to show which translated error."""
        super().__init__(key)
        self.errors = {field: key}


def _delay(n: int) -> str:
    return f"step_{n}_delay"


def _roles(n: int) -> str:
    return f"step_{n}_roles"


# The ladder ---------------------------------------------------------------------------------


def _ladder_defaults(options: Mapping[str, Any]) -> dict[str, Any]:
    ladder = ladder_from_mapping(options.get(CONF_ESCALATION))
    stored = ladder_to_mapping(ladder)
    defaults: dict[str, Any] = {
        QUIET_START: stored[QUIET_START],
        QUIET_END: stored[QUIET_END],
        ANSWER_MINUTES: ladder.answer_minutes,
    }
    for n in range(1, MAX_STEPS + 1):
        step = ladder.steps[n - 1] if n <= len(ladder.steps) else None
        defaults[_delay(n)] = step.delay_minutes if step else 0
        defaults[_roles(n)] = sorted(step.roles) if step else []
    return defaults


def ladder_schema(options: Mapping[str, Any], user_input: FormInput | None) -> vol.Schema:
    """Up to four steps (delay and roles), quiet hours, and the minutes a call may wait."""
    values = {**_ladder_defaults(options), **(user_input or {})}
    fields: dict[Any, Any] = {}
    for n in range(1, MAX_STEPS + 1):
        fields[vol.Required(_delay(n), default=values[_delay(n)])] = NumberBoxSelector(
            NumberSelectorConfig(
                min=0,
                max=MAX_DELAY_MINUTES,
                step=1,
                mode=NumberSelectorMode.BOX,
            )
        )
        fields[vol.Optional(_roles(n), default=values[_roles(n)])] = SelectSelector(
            SelectSelectorConfig(
                options=list(ROLES),
                multiple=True,
                translation_key="ladder_role",
                mode=SelectSelectorMode.LIST,
            )
        )
    fields[vol.Required(QUIET_START, default=values[QUIET_START])] = ClockTimeSelector()
    fields[vol.Required(QUIET_END, default=values[QUIET_END])] = ClockTimeSelector()
    fields[vol.Required(ANSWER_MINUTES, default=values[ANSWER_MINUTES])] = NumberBoxSelector(
        NumberSelectorConfig(
            min=MIN_ANSWER_MINUTES,
            max=MAX_ANSWER_MINUTES,
            step=1,
            mode=NumberSelectorMode.BOX,
        )
    )
    return vol.Schema(fields)


def validate_ladder(user_input: FormInput) -> dict[str, Any]:
    """Return the ladder options; steps without roles are left out."""
    raw = [
        (user_input.get(_delay(n)), user_input.get(_roles(n)) or [])
        for n in range(1, MAX_STEPS + 1)
    ]
    try:
        steps = validate_steps([(delay, roles) for delay, roles in raw if roles])
    except EscalationError as err:
        raise FieldError("base", err.key) from err
    try:
        answer = validate_answer_minutes(user_input.get(ANSWER_MINUTES))
    except EscalationError as err:
        raise FieldError(ANSWER_MINUTES, err.key) from err
    try:
        quiet = QuietHours(
            _time(user_input[QUIET_START]),
            _time(user_input[QUIET_END]),
        )
    except ProfileError as err:
        raise FieldError(QUIET_START, err.key) from err
    return {CONF_ESCALATION: ladder_to_mapping(Ladder(steps, quiet, answer))}


def _time(value: Any) -> time:
    return parse_time_of_day(str(value))


# The crisis path ----------------------------------------------------------------------------


def crisis_schema(
    options: Mapping[str, Any], language: str, user_input: FormInput | None
) -> vol.Schema:
    """The emergency number and the crisis line, as the tablet shows them."""
    crisis = crisis_path_from_mapping(options.get(CONF_CRISIS_PATH), language)
    values = {EMERGENCY: crisis.emergency, CRISIS_LINE: crisis.crisis_line, **(user_input or {})}
    tel = TextSelector(TextSelectorConfig(type=TextSelectorType.TEL))
    return vol.Schema(
        {
            vol.Required(EMERGENCY, default=values[EMERGENCY]): tel,
            vol.Required(CRISIS_LINE, default=values[CRISIS_LINE]): tel,
        }
    )


def validate_crisis(user_input: FormInput) -> dict[str, Any]:
    """Return the crisis-path options."""
    numbers: dict[str, str] = {}
    for field in (EMERGENCY, CRISIS_LINE):
        try:
            numbers[field] = validate_phone(str(user_input[field]))
        except SafetyError as err:
            raise FieldError(field, err.key) from err
    return {CONF_CRISIS_PATH: numbers}


# The safety plan ----------------------------------------------------------------------------


def plan_schema(options: Mapping[str, Any], user_input: FormInput | None) -> vol.Schema:
    """The six sections of the safety plan, each a few lines in the client's own words."""
    values = {**SafetyPlan.from_mapping(options.get(CONF_SAFETY_PLAN)).as_dict()}
    values.update(user_input or {})
    text = TextSelector(TextSelectorConfig(multiline=True))
    return vol.Schema(
        {
            vol.Optional(key, description={"suggested_value": values.get(key, "")}): text
            for key in SAFETY_PLAN_SECTIONS
        }
    )


def validate_plan(user_input: FormInput) -> dict[str, Any]:
    """Return the safety-plan options."""
    plan: dict[str, str] = {}
    for key in SAFETY_PLAN_SECTIONS:
        try:
            plan[key] = validate_section(user_input.get(key))
        except SafetyError as err:
            raise FieldError(key, err.key) from err
    return {CONF_SAFETY_PLAN: plan}
