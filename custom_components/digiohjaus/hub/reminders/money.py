"""What rent and bill reminders share: amount, reminder time, days before and after, texts.

A payment kind is its schedule and its flow (the form, its defaults and its own fields'
errors); :func:`payment_kind` gives it everything else: timing in days, the amount in the
texts, "Maksettu" already on the reminder days before, a whole day in the calendar.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import Any, ClassVar, Final

from homeassistant.helpers.selector import (
    NumberSelectorConfig,
    NumberSelectorMode,
)
import probatio as vol

from ...core.money import (
    GRACE_DAYS_RANGE,
    LEAD_DAYS_RANGE,
    early_window,
    format_amount,
    validate_amount,
    validate_days,
)
from ...core.occurrence import Timing
from ...core.profile import ProfileError, parse_time_of_day
from ...core.reminder_spec import ReminderInputError
from ...core.schedule import Schedule
from ...selectors import ClockTimeSelector, NumberBoxSelector
from .flow import FIELD_OF_ERROR, FormInput, ReminderSubentryFlow
from .kind import ReminderKind

CONF_AMOUNT: Final = "amount"
CONF_TIME: Final = "time"
CONF_LEAD_DAYS: Final = "lead_days"
CONF_GRACE_DAYS: Final = "grace_days"

DEFAULT_TIME: Final = "09:00:00"
DEFAULT_LEAD_DAYS: Final = 3
DEFAULT_GRACE_DAYS: Final = 3
# "Remind me later" on a payment comes back in four hours, the same day.
SNOOZE: Final = timedelta(hours=4)

# Which form field an error belongs to.
MONEY_FIELDS: Final = {
    "amount_out_of_range": CONF_AMOUNT,
    "invalid_time": CONF_TIME,
    "lead_days_out_of_range": CONF_LEAD_DAYS,
    "grace_days_out_of_range": CONF_GRACE_DAYS,
}


def days_selector() -> NumberBoxSelector:
    """A box for whole days (the range is checked with a translated error)."""
    return NumberBoxSelector(NumberSelectorConfig(mode=NumberSelectorMode.BOX, step=1))


def amount_selector() -> NumberBoxSelector:
    """A box for euros and cents."""
    return NumberBoxSelector(NumberSelectorConfig(mode=NumberSelectorMode.BOX, step=0.01))


def money_fields() -> dict[vol.Marker, Any]:
    """The form's last fields, the same for every payment: time, days before, days of grace."""
    return {
        vol.Required(CONF_TIME): ClockTimeSelector(),
        vol.Required(CONF_LEAD_DAYS): days_selector(),
        vol.Required(CONF_GRACE_DAYS): days_selector(),
    }


def clean_money(user_input: Mapping[str, Any]) -> FormInput:
    """Check the amount, the reminder time and the days; return what to store."""
    try:
        at = parse_time_of_day(str(user_input.get(CONF_TIME) or DEFAULT_TIME))
    except ProfileError as err:
        raise ReminderInputError("invalid_time") from err
    data: FormInput = {
        CONF_TIME: at.isoformat(),
        CONF_LEAD_DAYS: validate_days(user_input.get(CONF_LEAD_DAYS), LEAD_DAYS_RANGE, "lead_days"),
        CONF_GRACE_DAYS: validate_days(
            user_input.get(CONF_GRACE_DAYS), GRACE_DAYS_RANGE, "grace_days"
        ),
    }
    if (amount := validate_amount(user_input.get(CONF_AMOUNT))) is not None:
        data[CONF_AMOUNT] = amount
    return data


def money_defaults() -> FormInput:
    """Reminder at nine, three days before, missed three days after."""
    return {
        CONF_TIME: DEFAULT_TIME,
        CONF_LEAD_DAYS: DEFAULT_LEAD_DAYS,
        CONF_GRACE_DAYS: DEFAULT_GRACE_DAYS,
    }


def money_timing(data: Mapping[str, Any]) -> Timing:
    """Days before (lead), days after (grace), and paying early counts."""
    lead_days = int(data.get(CONF_LEAD_DAYS, DEFAULT_LEAD_DAYS))
    return Timing(
        grace=timedelta(days=int(data.get(CONF_GRACE_DAYS, DEFAULT_GRACE_DAYS))),
        snooze=SNOOZE,
        early=early_window(lead_days),
        leads=(timedelta(days=lead_days),) if lead_days else (),
    )


def money_placeholders(data: Mapping[str, Any], language: str) -> dict[str, str]:
    """The amount, written in the hub's language."""
    amount = data.get(CONF_AMOUNT)
    return {"amount": format_amount(float(amount), language) if amount else ""}


def money_variant(data: Mapping[str, Any]) -> str:
    """Sentences that mention the amount when there is one."""
    return "_amount" if data.get(CONF_AMOUNT) else ""


class PaymentSubentryFlow(ReminderSubentryFlow):
    """A payment's flow: each error belongs to its field (``own_errors`` for the kind's own)."""

    own_errors: ClassVar[Mapping[str, str]] = {}

    def field_of_error(self, key: str) -> str:
        """The kind's own fields, then the money fields, then the shared ones."""
        return self.own_errors.get(key) or MONEY_FIELDS.get(key) or FIELD_OF_ERROR.get(key, "base")


def payment_kind(
    kind: str,
    emoji: str,
    flow: type[PaymentSubentryFlow],
    schedule: Callable[[Mapping[str, Any]], Schedule],
) -> ReminderKind:
    """A payment reminder kind (rent, a bill): what differs is its schedule and its form."""
    return ReminderKind(
        kind=kind,
        emoji=emoji,
        flow=flow,
        schedule=schedule,
        timing=money_timing,
        placeholders=money_placeholders,
        variant=money_variant,
        done_on_lead=True,
        all_day=True,
    )
