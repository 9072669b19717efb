"""The follower's options refuse nonsense numbers like every hub form (tests/test_hostile_input)."""

from __future__ import annotations

from typing import Any

from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.digiohjaus.const import CONF_NO_CONTACT_DAYS, CONF_SCAN_MINUTES

from ..test_hostile_input import feed_hostile


async def test_follow_options_refuse_nonsense(
    hass: HomeAssistant, loaded_follow: MockConfigEntry
) -> None:
    before = dict(loaded_follow.options)
    options = hass.config_entries.options

    async def open_options() -> Any:
        return await options.async_init(loaded_follow.entry_id)

    problems = await feed_hostile(
        "options.follow_options",
        open_options,
        options.async_configure,
        {CONF_SCAN_MINUTES: 5, CONF_NO_CONTACT_DAYS: 3},
    )
    assert not problems, "\n".join(problems)
    assert dict(loaded_follow.options) == before
