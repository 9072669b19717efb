"""The subentry flow every reminder kind shares: add, edit, validate, re-show on error.

A kind's flow subclasses :class:`ReminderSubentryFlow` and gives its form
(:meth:`~ReminderSubentryFlow.form`) and how to clean what was entered
(:meth:`~ReminderSubentryFlow.clean`). Editing saves the subentry; the engine sees
the change and reloads the hub at once, so the new schedule has its timers and the
old ones are gone.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from homeassistant.config_entries import ConfigSubentryFlow, SubentryFlowResult
from homeassistant.helpers.selector import (
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
)
import probatio as vol

from ...const import CONF_GRACE_MINUTES, CONF_SNOOZE_MINUTES, CONF_TIMES, CONF_WEEKDAYS
from ...core.reminder_spec import ReminderInputError
from ...core.schedule import WEEKDAYS, ScheduleError
from ...selectors import NumberBoxSelector

type FormInput = dict[str, Any]

# Times offered in the time list; any other HH:MM can be typed in.
SUGGESTED_TIMES = tuple(f"{hour:02d}:00" for hour in range(6, 24))


def minutes_selector() -> NumberBoxSelector:
    """A box for whole minutes (the range is checked with a translated error)."""
    return NumberBoxSelector(NumberSelectorConfig(mode=NumberSelectorMode.BOX, step=1))


def times_selector() -> SelectSelector:
    """Several times of day: pick from the list or type e.g. ``7:30``."""
    return SelectSelector(
        SelectSelectorConfig(
            options=list(SUGGESTED_TIMES),
            multiple=True,
            custom_value=True,
            mode=SelectSelectorMode.DROPDOWN,
        )
    )


def weekdays_selector() -> SelectSelector:
    """Days of the week, Monday first."""
    return SelectSelector(
        SelectSelectorConfig(
            options=list(WEEKDAYS),
            multiple=True,
            translation_key="weekday",
            mode=SelectSelectorMode.LIST,
            sort=False,
        )
    )


# Which form field an error belongs to; anything else is shown for the whole form.
FIELD_OF_ERROR: dict[str, str] = {
    "no_times": CONF_TIMES,
    "invalid_time": CONF_TIMES,
    "duplicate_times": CONF_TIMES,
    "too_many_times": CONF_TIMES,
    "no_weekdays": CONF_WEEKDAYS,
    "invalid_weekday": CONF_WEEKDAYS,
    "grace_out_of_range": CONF_GRACE_MINUTES,
    "snooze_out_of_range": CONF_SNOOZE_MINUTES,
}


class ReminderSubentryFlow(ConfigSubentryFlow):
    """Add a reminder of one kind, or edit it later."""

    def form(self) -> vol.Schema:
        """The kind's form."""
        raise NotImplementedError

    def defaults(self) -> FormInput:
        """Values a new reminder starts with."""
        raise NotImplementedError

    def clean(self, user_input: FormInput) -> tuple[str, FormInput]:
        """Return the title and the data to store, or raise a translated input error."""
        raise NotImplementedError

    def field_of_error(self, key: str) -> str:
        """Which field shows the error ``key``."""
        return FIELD_OF_ERROR.get(key, "base")

    def form_values(self, data: Mapping[str, Any]) -> FormInput:
        """The form's values for a stored reminder (a kind may store fields differently)."""
        return dict(data)

    def _validate(self, user_input: FormInput) -> tuple[str, FormInput] | dict[str, str]:
        try:
            return self.clean(user_input)
        except (ReminderInputError, ScheduleError) as err:
            return {self.field_of_error(err.key): err.key}

    def _show(self, step_id: str, values: Mapping[str, Any], errors: dict[str, str]) -> Any:
        schema = self.add_suggested_values_to_schema(self.form(), values)
        return self.async_show_form(step_id=step_id, data_schema=schema, errors=errors)

    async def async_step_user(self, user_input: FormInput | None = None) -> SubentryFlowResult:
        """Add a new reminder."""
        errors: dict[str, str] = {}
        if user_input is not None:
            result = self._validate(user_input)
            if isinstance(result, tuple):
                title, data = result
                return self.async_create_entry(title=title, data=data)
            errors = result
        values: Mapping[str, Any] = user_input if user_input is not None else self.defaults()
        shown: SubentryFlowResult = self._show("user", values, errors)
        return shown

    async def async_step_reconfigure(
        self, user_input: FormInput | None = None
    ) -> SubentryFlowResult:
        """Edit the reminder; its schedule changes at once."""
        subentry = self._get_reconfigure_subentry()
        errors: dict[str, str] = {}
        if user_input is not None:
            result = self._validate(user_input)
            if isinstance(result, tuple):
                title, data = result
                return self.async_update_and_abort(
                    self._get_entry(), subentry, title=title, data=data
                )
            errors = result
        values = user_input if user_input is not None else self.form_values(subentry.data)
        shown: SubentryFlowResult = self._show("reconfigure", values, errors)
        return shown
