"""Bill reminders ("Lasku"): a payee, a due date once or every 1, 3 or 12 months, "Maksettu"."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, ClassVar, Final

from homeassistant.helpers.selector import (
    DateSelector,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
)
from homeassistant.util import dt as dt_util
import probatio as vol

from ...core.money import Repeat, bill_schedule
from ...core.profile import parse_time_of_day
from ...core.reminder_spec import ReminderInputError, validate_text
from ...core.schedule import Schedule
from .flow import FormInput
from .money import (
    CONF_AMOUNT,
    CONF_TIME,
    PaymentSubentryFlow,
    amount_selector,
    clean_money,
    money_defaults,
    money_fields,
    payment_kind,
)

SUBENTRY_BILL: Final = "bill"
CONF_PAYEE: Final = "payee"
CONF_DUE_DATE: Final = "due_date"
CONF_REPEAT: Final = "repeat"


def clean_bill(user_input: Mapping[str, Any], today: datetime) -> tuple[str, FormInput]:
    """Check what the worker entered; return the title (the payee) and the data to store.

    ``today`` is the local wall-clock time now: a one-off bill must still be ahead.
    """
    payee = validate_text(user_input.get(CONF_PAYEE, ""), "payee")
    try:
        due = date.fromisoformat(str(user_input.get(CONF_DUE_DATE)))
        repeat = Repeat(str(user_input.get(CONF_REPEAT)))
    except ValueError as err:
        raise ReminderInputError("due_date_invalid") from err
    money = clean_money(user_input)
    at = parse_time_of_day(money[CONF_TIME])
    if repeat is Repeat.ONCE and datetime.combine(due, at) <= today:
        raise ReminderInputError("due_date_in_past")
    return payee, {
        CONF_PAYEE: payee,
        CONF_DUE_DATE: due.isoformat(),
        CONF_REPEAT: repeat.value,
        **money,
    }


def bill_schedule_of(data: Mapping[str, Any]) -> Schedule:
    """The stored due date and repeat as a schedule."""
    return bill_schedule(
        date.fromisoformat(data[CONF_DUE_DATE]),
        parse_time_of_day(str(data[CONF_TIME])),
        Repeat(data[CONF_REPEAT]),
    )


class BillSubentryFlow(PaymentSubentryFlow):
    """Add a bill ("Lisää lasku") or change it."""

    own_errors: ClassVar[Mapping[str, str]] = {
        "payee_empty": CONF_PAYEE,
        "payee_too_long": CONF_PAYEE,
        "due_date_invalid": CONF_DUE_DATE,
        "due_date_in_past": CONF_DUE_DATE,
    }

    def form(self) -> vol.Schema:
        """Payee, amount, due date, repeat, reminder time, days before and of grace."""
        return vol.Schema(
            {
                vol.Required(CONF_PAYEE): TextSelector(),
                vol.Optional(CONF_AMOUNT): amount_selector(),
                vol.Required(CONF_DUE_DATE): DateSelector(),
                vol.Required(CONF_REPEAT): SelectSelector(
                    SelectSelectorConfig(
                        options=[repeat.value for repeat in Repeat],
                        translation_key="bill_repeat",
                        mode=SelectSelectorMode.LIST,
                    )
                ),
                **money_fields(),
            }
        )

    def defaults(self) -> FormInput:
        """A monthly bill, reminders three days before."""
        return {CONF_REPEAT: Repeat.MONTHLY.value, **money_defaults()}

    def clean(self, user_input: FormInput) -> tuple[str, FormInput]:
        """Validate with the bill rules."""
        return clean_bill(user_input, dt_util.now().replace(tzinfo=None))


KIND: Final = payment_kind(SUBENTRY_BILL, "💶", BillSubentryFlow, bill_schedule_of)
