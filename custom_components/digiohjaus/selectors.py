"""Form pickers shared by the hub's flows."""

from __future__ import annotations

import math
from typing import Any, cast

from homeassistant.helpers.selector import (
    NumberSelector,
    TimeSelector,
    TimeSelectorConfig,
    make_selector_config_schema,
)
import probatio as vol


class ClockTimeSelector(TimeSelector):
    """A time of day in hours and minutes: the picker shows no seconds.

    Home Assistant's frontend hides the seconds when the time selector's config has
    ``no_second`` (as its own schedule and time-condition editors do); the backend's time
    selector does not list that key, so this one adds it to the config schema.
    """

    CONFIG_SCHEMA = make_selector_config_schema({vol.Optional("no_second"): bool})

    def __init__(self, config: Any = None) -> None:
        """A time picker without seconds."""
        super().__init__(cast("TimeSelectorConfig", {"no_second": True, **(config or {})}))


class NumberBoxSelector(NumberSelector):
    """A number box that lets through only finite numbers written with 0–9.

    Home Assistant's number selector turns "nan", "inf", "1e400" and "٣" into floats
    (``float()`` reads them all) and compares NaN with its range as "inside". This one
    refuses them, so the form shows the error at the field (fractions and the range are
    checked by each form, with its own words).
    """

    def __call__(self, data: Any) -> float:
        """Validate the typed number."""
        if isinstance(data, bool) or (isinstance(data, str) and not data.isascii()):
            raise vol.Invalid("not a number")
        value = super().__call__(data)
        if not math.isfinite(value):
            raise vol.Invalid("not a finite number")
        return value
