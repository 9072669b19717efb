"""Rent reminders ("Vuokra"): a due day of the month, days before and on the day, "Maksettu"."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Final

from homeassistant.helpers.selector import TextSelector
import probatio as vol

from ...const import CONF_NAME
from ...core.money import validate_day_of_month
from ...core.profile import parse_time_of_day
from ...core.reminder_spec import validate_text
from ...core.schedule import Monthly
from .flow import FormInput
from .money import (
    CONF_AMOUNT,
    CONF_TIME,
    PaymentSubentryFlow,
    amount_selector,
    clean_money,
    days_selector,
    money_defaults,
    money_fields,
    payment_kind,
)
from .texts import hub_text

SUBENTRY_RENT: Final = "rent"
CONF_DAY: Final = "day"
DEFAULT_DAY: Final = 1


def clean_rent(user_input: Mapping[str, Any]) -> tuple[str, FormInput]:
    """Check what the worker entered; return the title and the data to store."""
    name = validate_text(user_input.get(CONF_NAME, ""), "name")
    day = validate_day_of_month(user_input.get(CONF_DAY))
    return name, {CONF_NAME: name, CONF_DAY: day, **clean_money(user_input)}


def rent_schedule(data: Mapping[str, Any]) -> Monthly:
    """Every month on the due day (31 → the last day of a shorter month) at the set time."""
    return Monthly(day=int(data[CONF_DAY]), at=parse_time_of_day(str(data[CONF_TIME])))


class RentSubentryFlow(PaymentSubentryFlow):
    """Add the rent ("Lisää vuokra") or change it."""

    own_errors: ClassVar[Mapping[str, str]] = {
        "name_empty": CONF_NAME,
        "name_too_long": CONF_NAME,
        "invalid_day_of_month": CONF_DAY,
    }

    def form(self) -> vol.Schema:
        """Name, due day, amount, reminder time, days before and days of grace."""
        return vol.Schema(
            {
                vol.Required(CONF_NAME): TextSelector(),
                vol.Required(CONF_DAY): days_selector(),
                vol.Optional(CONF_AMOUNT): amount_selector(),
                **money_fields(),
            }
        )

    def defaults(self) -> FormInput:
        """The name "Vuokra" in the hub's language, due on the 1st, reminders 3 days before."""
        return {
            CONF_NAME: hub_text(self._get_entry(), "rent_default_name"),
            CONF_DAY: DEFAULT_DAY,
            **money_defaults(),
        }

    def clean(self, user_input: FormInput) -> tuple[str, FormInput]:
        """Validate with the rent rules."""
        return clean_rent(user_input)


KIND: Final = payment_kind(SUBENTRY_RENT, "🏠", RentSubentryFlow, rent_schedule)
