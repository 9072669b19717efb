"""Choosing a worker contact in a subentry flow: the list shown and the choice read back.

The share token and the worker link flows both start by choosing one worker contact who
has none yet; the step is the same form, so it is written once here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from homeassistant.helpers.selector import (
    SelectOptionDict,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
)
import probatio as vol

CONF_CONTACT_ID: Final = "contact_id"


def chosen_worker(user_input: Mapping[str, Any] | None, choices: Mapping[str, str]) -> str | None:
    """The contact id picked from ``choices``; None when the form was not sent or is stale."""
    if user_input is None or user_input.get(CONF_CONTACT_ID) not in choices:
        return None
    return str(user_input[CONF_CONTACT_ID])


def worker_choice_schema(choices: Mapping[str, str]) -> vol.Schema:
    """One list of the workers (contact id → name), sorted by name."""
    options = [
        SelectOptionDict(value=contact_id, label=name)
        for contact_id, name in sorted(choices.items(), key=lambda item: item[1])
    ]
    return vol.Schema(
        {
            vol.Required(CONF_CONTACT_ID): SelectSelector(
                SelectSelectorConfig(options=options, mode=SelectSelectorMode.LIST)
            )
        }
    )
