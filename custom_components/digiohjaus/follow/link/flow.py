"""The "Follow a client → through the organisation's broker" steps of the config flow.

First the broker (skipped when this Home Assistant already follows a client through one:
the same connection is used), then the pairing code the client's hub shows. Pairing
happens live: the entry is created only after the hub has answered.
"""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigFlow, ConfigFlowResult
from homeassistant.helpers.selector import TextSelector
import probatio as vol

from ...const import (
    CONF_NO_CONTACT_DAYS,
    CONF_ROLE,
    DEFAULT_NO_CONTACT_DAYS,
    DOMAIN,
    ROLE_FOLLOW,
)
from ...core.link.pairing import PairingError, parse_pair_code
from ...core.link.settings import BrokerSettingsError, build_tls_context, settings_from_input
from .coordinator import (
    CONF_HUB_KEY,
    CONF_HUB_LINK_ID,
    CONF_PAIRED_SEQ,
    CONF_TRANSPORT,
    TRANSPORT_BROKER,
)
from .form import async_validate_broker, broker_schema
from .keys import async_worker_keys
from .pair import PairingFailedError, async_pair

CONF_CODE = "pairing_code"
_BROKER_KEYS = ("host", "port", "tls", "ca_certificate", "username", "password", "topic_prefix")

type FormInput = dict[str, Any]


class BrokerFollowFlow(ConfigFlow):
    """Pair with a client's hub through the organisation's broker."""

    _broker: dict[str, Any] | None = None

    def _known_broker(self) -> dict[str, Any] | None:
        for entry in self.hass.config_entries.async_entries(DOMAIN):
            if entry.data.get(CONF_TRANSPORT) == TRANSPORT_BROKER:
                return {key: entry.data[key] for key in _BROKER_KEYS if key in entry.data}
        return None

    async def async_step_follow_broker(
        self, user_input: FormInput | None = None
    ) -> ConfigFlowResult:
        """The organisation's broker (asked once; later clients use the same connection)."""
        if user_input is None and (known := self._known_broker()) is not None:
            self._broker = known
            return await self.async_step_follow_broker_code()
        errors: dict[str, str] = {}
        if user_input is not None:
            try:
                broker = await async_validate_broker(
                    self.hass, user_input, {}, f"digiohjaus-check-{self.flow_id}"
                )
            except BrokerSettingsError as err:
                errors = {err.field: err.key}
            else:
                if broker:
                    self._broker = broker
                    return await self.async_step_follow_broker_code()
                errors = {"host": "invalid_host"}
        return self.async_show_form(
            step_id="follow_broker", data_schema=broker_schema(user_input or {}), errors=errors
        )

    async def async_step_follow_broker_code(
        self, user_input: FormInput | None = None
    ) -> ConfigFlowResult:
        """The one-time code from the client's hub; pairing happens when it is sent."""
        if self._broker is None:
            return await self.async_step_follow_broker()
        keys = await async_worker_keys(self.hass)
        errors: dict[str, str] = {}
        if user_input is not None:
            try:
                code = parse_pair_code(str(user_input.get(CONF_CODE, "")))
                settings = settings_from_input(self._broker)
                tls = await self.hass.async_add_executor_job(build_tls_context, settings)
                result = await async_pair(settings, tls, keys, code)
            except PairingError as err:
                errors = {CONF_CODE: err.key}
            except (PairingFailedError, BrokerSettingsError) as err:
                errors = {"base": err.key}
            else:
                await self.async_set_unique_id(result.hub_id, raise_on_progress=False)
                self._abort_if_unique_id_configured(error="already_following")
                return self.async_create_entry(
                    title=result.client,
                    data={
                        CONF_ROLE: ROLE_FOLLOW,
                        CONF_TRANSPORT: TRANSPORT_BROKER,
                        CONF_HUB_LINK_ID: code.hub_id,
                        CONF_HUB_KEY: result.hub_key,
                        CONF_PAIRED_SEQ: result.seq,
                        **self._broker,
                    },
                    options={CONF_NO_CONTACT_DAYS: DEFAULT_NO_CONTACT_DAYS},
                )
        return self.async_show_form(
            step_id="follow_broker_code",
            data_schema=vol.Schema({vol.Required(CONF_CODE): TextSelector()}),
            errors=errors,
            description_placeholders={"key_id": keys.key_id},
        )
