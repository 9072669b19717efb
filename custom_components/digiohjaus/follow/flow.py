"""Config and options flow steps for following a client from the worker's Home Assistant.

``FollowConfigFlow`` is mixed into the integration's config flow: the menu's "follow"
option, reauthentication when the hub rejects the token, and reconfiguration of the
hub's address. Every step makes a real request to the hub before anything is saved.
"""

from __future__ import annotations

import re
from typing import Any, Final

from homeassistant.config_entries import (
    ConfigEntry,
    ConfigFlow,
    ConfigFlowResult,
    OptionsFlowWithReload,
)
from homeassistant.const import CONF_TOKEN, CONF_URL
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.selector import (
    NumberSelectorConfig,
    NumberSelectorMode,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)
import probatio as vol

from ..const import (
    CONF_NO_CONTACT_DAYS,
    CONF_ROLE,
    CONF_SCAN_MINUTES,
    DEFAULT_NO_CONTACT_DAYS,
    DEFAULT_SCAN_MINUTES,
    MAX_NO_CONTACT_DAYS,
    MAX_SCAN_MINUTES,
    MIN_NO_CONTACT_DAYS,
    MIN_SCAN_MINUTES,
    ROLE_FOLLOW,
)
from ..core.hub_url import HubUrlError, normalize_hub_url
from ..core.share import ShareSnapshot
from ..selectors import NumberBoxSelector
from .client import (
    ShareAuthError,
    ShareClient,
    ShareConnectionError,
    ShareConsentWithdrawnError,
    ShareInvalidResponseError,
    ShareRateLimitedError,
)

type FormInput = dict[str, Any]

# What the hub hands out (secrets.token_urlsafe) and nothing that could break a header.
_TOKEN_PATTERN: Final = re.compile(r"[A-Za-z0-9_\-]{16,200}")

_URL = TextSelector(TextSelectorConfig(type=TextSelectorType.URL))
_TOKEN = TextSelector(TextSelectorConfig(type=TextSelectorType.PASSWORD))


class FollowFlowError(Exception):
    """A follow step cannot go on; ``field`` and ``key`` say where and why."""

    def __init__(self, field: str, key: str) -> None:
        """Remember the form field and the translated error."""
        super().__init__(key)
        self.errors = {field: key}


_FETCH_ERRORS: Final[dict[type[Exception], str]] = {
    ShareConnectionError: "cannot_connect",
    ShareAuthError: "invalid_auth",
    ShareConsentWithdrawnError: "consent_withdrawn",
    ShareRateLimitedError: "rate_limited",
    ShareInvalidResponseError: "not_a_hub",
}


def clean_token(value: str) -> str:
    """Return the pasted token without surrounding space, or raise ``FollowFlowError``."""
    token = value.strip()
    if not _TOKEN_PATTERN.fullmatch(token):
        raise FollowFlowError("base", "invalid_auth")
    return token


class FollowConfigFlow(ConfigFlow):
    """The "Follow a client" steps of the integration's config flow."""

    async def _async_read_hub(self, url_text: str, token_text: str) -> tuple[str, ShareSnapshot]:
        """Return the hub's base URL and its current answer, or raise ``FollowFlowError``."""
        try:
            url = normalize_hub_url(url_text)
        except HubUrlError as err:
            raise FollowFlowError(CONF_URL, err.key) from err
        client = ShareClient(async_get_clientsession(self.hass), url, clean_token(token_text))
        try:
            snapshot = await client.async_fetch()
        except tuple(_FETCH_ERRORS) as err:
            raise FollowFlowError("base", _FETCH_ERRORS[type(err)]) from err
        return url, snapshot

    async def _async_update_same_hub(
        self, entry: ConfigEntry[Any], url_text: str, token_text: str, *, new_url: bool
    ) -> ConfigFlowResult:
        """Save the token (and the address if ``new_url``) when the hub is the entry's own.

        Reads the hub first (``FollowFlowError`` when it cannot); another hub aborts.
        """
        url, snapshot = await self._async_read_hub(url_text, token_text)
        await self.async_set_unique_id(snapshot.hub_id, raise_on_progress=False)
        self._abort_if_unique_id_mismatch(reason="wrong_hub")
        updates = {CONF_TOKEN: clean_token(token_text)}
        if new_url:
            updates[CONF_URL] = url
        return self.async_update_reload_and_abort(entry, data_updates=updates)

    async def async_step_follow(self, user_input: FormInput | None = None) -> ConfigFlowResult:
        """Follow a client: the hub's URL and the share token the hub showed."""
        errors: dict[str, str] = {}
        if user_input is not None:
            try:
                url, snapshot = await self._async_read_hub(
                    user_input[CONF_URL], user_input[CONF_TOKEN]
                )
            except FollowFlowError as err:
                errors = err.errors
            else:
                token = clean_token(user_input[CONF_TOKEN])
                await self.async_set_unique_id(snapshot.hub_id, raise_on_progress=False)
                self._abort_if_unique_id_configured(
                    updates={CONF_URL: url, CONF_TOKEN: token}, error="already_following"
                )
                return self.async_create_entry(
                    title=snapshot.client,
                    data={CONF_ROLE: ROLE_FOLLOW, CONF_URL: url, CONF_TOKEN: token},
                    options={
                        CONF_SCAN_MINUTES: DEFAULT_SCAN_MINUTES,
                        CONF_NO_CONTACT_DAYS: DEFAULT_NO_CONTACT_DAYS,
                    },
                )
        schema = vol.Schema(
            {
                vol.Required(CONF_URL, default=(user_input or {}).get(CONF_URL, "")): _URL,
                vol.Required(CONF_TOKEN): _TOKEN,
            }
        )
        return self.async_show_form(step_id="follow", data_schema=schema, errors=errors)

    async def async_step_reauth(self, entry_data: FormInput) -> ConfigFlowResult:
        """The hub no longer accepts the token: it was rotated or revoked."""
        return await self.async_step_reauth_confirm()

    async def async_step_reauth_confirm(
        self, user_input: FormInput | None = None
    ) -> ConfigFlowResult:
        """Ask for the new token from the client's hub."""
        entry = self._get_reauth_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            try:
                return await self._async_update_same_hub(
                    entry, entry.data[CONF_URL], user_input[CONF_TOKEN], new_url=False
                )
            except FollowFlowError as err:
                errors = err.errors
        return self.async_show_form(
            step_id="reauth_confirm",
            data_schema=vol.Schema({vol.Required(CONF_TOKEN): _TOKEN}),
            errors=errors,
            description_placeholders={"client": entry.title},
        )

    async def async_step_reconfigure_follow(
        self, user_input: FormInput | None = None
    ) -> ConfigFlowResult:
        """The hub moved to a new address; the token stays unless a new one is given."""
        entry = self._get_reconfigure_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            token = user_input.get(CONF_TOKEN) or entry.data[CONF_TOKEN]
            try:
                return await self._async_update_same_hub(
                    entry, user_input[CONF_URL], token, new_url=True
                )
            except FollowFlowError as err:
                errors = err.errors
        url_default = (user_input or entry.data).get(CONF_URL, "")
        schema = vol.Schema(
            {
                vol.Required(CONF_URL, default=url_default): _URL,
                vol.Optional(CONF_TOKEN): _TOKEN,
            }
        )
        return self.async_show_form(step_id="reconfigure_follow", data_schema=schema, errors=errors)


def _number(low: int, high: int) -> NumberBoxSelector:
    """A whole-number box; its label names the unit ("Lue hubi joka (minuuttia)")."""
    return NumberBoxSelector(
        NumberSelectorConfig(min=low, max=high, step=1, mode=NumberSelectorMode.BOX)
    )


class FollowOptionsFlow(OptionsFlowWithReload):
    """How often to read the hub, and after how many silent days to raise a problem."""

    async def async_step_init(self, user_input: FormInput | None = None) -> ConfigFlowResult:
        """Go straight to the follower's settings."""
        return await self.async_step_follow_options(user_input)

    async def async_step_follow_options(
        self, user_input: FormInput | None = None
    ) -> ConfigFlowResult:
        """Edit the poll interval (1–60 min) and the no-contact threshold (1–30 days).

        A client followed through the broker is pushed, not polled: only the threshold.
        """
        ranges = _option_ranges(self.config_entry)
        errors: dict[str, str] = {}
        if user_input is not None:
            values = {key: float(user_input[key]) for key in ranges}
            errors = {
                key: f"{key}_invalid"
                for key, (low, high) in ranges.items()
                if not (values[key].is_integer() and low <= values[key] <= high)
            }
            if not errors:
                return self.async_create_entry(
                    data={**self.config_entry.options, **{k: int(v) for k, v in values.items()}}
                )
        current = {**_option_defaults(self.config_entry), **(user_input or {})}
        schema = vol.Schema(
            {
                vol.Required(key, default=current[key]): _number(low, high)
                for key, (low, high) in ranges.items()
            }
        )
        return self.async_show_form(step_id="follow_options", data_schema=schema, errors=errors)


def _option_ranges(entry: ConfigEntry[Any]) -> dict[str, tuple[int, int]]:
    if entry.data.get("transport") == "broker":
        return {CONF_NO_CONTACT_DAYS: _OPTION_RANGES[CONF_NO_CONTACT_DAYS]}
    return dict(_OPTION_RANGES)


_OPTION_RANGES: Final = {
    CONF_SCAN_MINUTES: (MIN_SCAN_MINUTES, MAX_SCAN_MINUTES),
    CONF_NO_CONTACT_DAYS: (MIN_NO_CONTACT_DAYS, MAX_NO_CONTACT_DAYS),
}


def _option_defaults(entry: ConfigEntry[Any]) -> FormInput:
    return {
        CONF_SCAN_MINUTES: entry.options.get(CONF_SCAN_MINUTES, DEFAULT_SCAN_MINUTES),
        CONF_NO_CONTACT_DAYS: entry.options.get(CONF_NO_CONTACT_DAYS, DEFAULT_NO_CONTACT_DAYS),
    }
