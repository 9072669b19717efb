"""Config flow of digiohjaus: a menu of roles, then the client home hub's profile."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from homeassistant.config_entries import (
    ConfigEntry,
    ConfigFlowResult,
    ConfigSubentryFlow,
    OptionsFlow,
    OptionsFlowWithReload,
)
from homeassistant.core import callback
from homeassistant.helpers.selector import (
    BooleanSelector,
    DateSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
)
from homeassistant.util import dt as dt_util
import probatio as vol

from .const import (
    CONF_ALIAS,
    CONF_BROKER,
    CONF_CHECK_IN_DEADLINE,
    CONF_CLIENT_NOTIFY,
    CONF_LANGUAGE,
    CONF_LAST_VISIT,
    CONF_ROLE,
    CONF_VISIT_INTERVAL_DAYS,
    CONF_VOICE_COMMANDS,
    DEFAULT_CHECK_IN_DEADLINE,
    DEFAULT_LANGUAGE,
    DEFAULT_VISIT_INTERVAL_DAYS,
    DOMAIN,
    HUB_UNIQUE_ID,
    ROLE_FOLLOW,
    ROLE_HUB,
    SUBENTRY_CONTACT,
    SUBENTRY_SHARE_TOKEN,
    SUBENTRY_WORKER_LINK,
)
from .core.link.settings import BrokerSettingsError
from .core.profile import (
    LANGUAGES,
    ProfileError,
    parse_time_of_day,
    validate_alias,
    validate_language,
    validate_last_visit,
    validate_visit_interval,
)
from .data import is_follow_entry
from .follow.flow import FollowConfigFlow, FollowOptionsFlow
from .follow.link.flow import BrokerFollowFlow
from .follow.link.form import async_validate_broker, broker_schema
from .hub.care_options import (
    FieldError,
    crisis_schema,
    ladder_schema,
    plan_schema,
    validate_crisis,
    validate_ladder,
    validate_plan,
)
from .hub.delivery import target_kind
from .hub.flows.contact import ContactSubentryFlow
from .hub.flows.share_token import ShareTokenSubentryFlow
from .hub.flows.targets import notify_target_options
from .hub.flows.worker_link import WorkerLinkSubentryFlow
from .hub.reminders.registry import subentry_flows as reminder_subentry_flows
from .selectors import ClockTimeSelector, NumberBoxSelector

type FormInput = dict[str, Any]


def _identity_schema(defaults: FormInput) -> vol.Schema:
    """Who the hub is for: the client's alias and the hub's language."""
    return vol.Schema(
        {
            vol.Required(CONF_ALIAS, default=defaults.get(CONF_ALIAS, "")): TextSelector(),
            vol.Required(
                CONF_LANGUAGE, default=defaults.get(CONF_LANGUAGE, DEFAULT_LANGUAGE)
            ): SelectSelector(
                SelectSelectorConfig(
                    options=list(LANGUAGES),
                    translation_key="language",
                    mode=SelectSelectorMode.LIST,
                )
            ),
        }
    )


def _settings_schema(defaults: FormInput) -> vol.Schema:
    """What was agreed with the client: check-in deadline and home visits."""
    return vol.Schema(
        {
            vol.Required(
                CONF_CHECK_IN_DEADLINE,
                default=defaults.get(CONF_CHECK_IN_DEADLINE, DEFAULT_CHECK_IN_DEADLINE),
            ): ClockTimeSelector(),
            vol.Required(
                CONF_VISIT_INTERVAL_DAYS,
                default=defaults.get(CONF_VISIT_INTERVAL_DAYS, DEFAULT_VISIT_INTERVAL_DAYS),
            ): NumberBoxSelector(NumberSelectorConfig(mode=NumberSelectorMode.BOX, step=1)),
            vol.Required(
                CONF_LAST_VISIT,
                default=defaults.get(CONF_LAST_VISIT, dt_util.now().date().isoformat()),
            ): DateSelector(),
        }
    )


def _validate_identity(user_input: FormInput) -> FormInput:
    """Return cleaned identity fields or raise ``ProfileError``."""
    return {
        CONF_ALIAS: validate_alias(user_input[CONF_ALIAS]),
        CONF_LANGUAGE: validate_language(user_input[CONF_LANGUAGE]),
    }


def _validate_settings(user_input: FormInput) -> FormInput:
    """Return cleaned settings or raise ``ProfileError`` naming the field's error."""
    deadline = parse_time_of_day(str(user_input[CONF_CHECK_IN_DEADLINE]))
    interval = validate_visit_interval(user_input.get(CONF_VISIT_INTERVAL_DAYS))
    # The time and date selectors have already rejected what is not a time or a date.
    last_visit = date.fromisoformat(str(user_input[CONF_LAST_VISIT]))
    validate_last_visit(last_visit, dt_util.now().date())
    return {
        CONF_CHECK_IN_DEADLINE: deadline.isoformat(),
        CONF_VISIT_INTERVAL_DAYS: interval,
        CONF_LAST_VISIT: last_visit.isoformat(),
    }


_FIELD_OF_ERROR = {
    "alias_empty": CONF_ALIAS,
    "alias_too_long": CONF_ALIAS,
    "interval_out_of_range": CONF_VISIT_INTERVAL_DAYS,
    "last_visit_in_future": CONF_LAST_VISIT,
}


def _errors_for(err: ProfileError) -> dict[str, str]:
    """Map a profile error onto the form field it belongs to."""
    return {_FIELD_OF_ERROR.get(err.key, "base"): err.key}


class DigiohjausConfigFlow(FollowConfigFlow, BrokerFollowFlow, domain=DOMAIN):
    """Set up a client home hub, or follow a client (those steps are in follow/flow.py)."""

    VERSION = 1
    MINOR_VERSION = 1

    @staticmethod
    @callback
    def async_get_options_flow(config_entry: ConfigEntry) -> OptionsFlow:
        """Return the hub's options flow, or the follower's."""
        if is_follow_entry(config_entry):
            return FollowOptionsFlow()
        return DigiohjausOptionsFlow()

    @classmethod
    @callback
    def async_get_supported_subentry_types(
        cls, config_entry: ConfigEntry
    ) -> dict[str, type[ConfigSubentryFlow]]:
        """Return what a worker can add to a client home hub (each one a device)."""
        if config_entry.data.get(CONF_ROLE) != ROLE_HUB:
            return {}
        return {
            SUBENTRY_CONTACT: ContactSubentryFlow,
            SUBENTRY_SHARE_TOKEN: ShareTokenSubentryFlow,
            **reminder_subentry_flows(),
            # Pairing a worker through the broker is offered once the hub has a broker.
            **(
                {SUBENTRY_WORKER_LINK: WorkerLinkSubentryFlow}
                if config_entry.options.get(CONF_BROKER)
                else {}
            ),
        }

    async def async_step_user(self, user_input: FormInput | None = None) -> ConfigFlowResult:
        """Start with a menu of what this Home Assistant is for.

        Where the hub already runs, only following is left to add (one home, one hub).
        """
        follow = [ROLE_FOLLOW, "follow_broker"]
        options = follow if self._hub_exists() else [ROLE_HUB, *follow]
        return self.async_show_menu(step_id="user", menu_options=options)

    def _hub_exists(self) -> bool:
        return any(entry.unique_id == HUB_UNIQUE_ID for entry in self._async_current_entries())

    async def async_step_hub(self, user_input: FormInput | None = None) -> ConfigFlowResult:
        """Set up the client home hub on the first home visit.

        The hub's unique id is claimed only when the hub is created: a setup left open
        (a closed browser mid-form) never blocks the next one.
        """
        if self._hub_exists():
            return self.async_abort(reason="already_configured")
        errors: dict[str, str] = {}
        if user_input is not None:
            try:
                identity = _validate_identity(user_input)
                settings = _validate_settings(user_input)
            except ProfileError as err:
                errors = _errors_for(err)
            else:
                await self.async_set_unique_id(HUB_UNIQUE_ID, raise_on_progress=False)
                self._abort_if_unique_id_configured()
                return self.async_create_entry(
                    title=identity[CONF_ALIAS],
                    data={CONF_ROLE: ROLE_HUB, **identity},
                    options=settings,
                )
        schema = _identity_schema(user_input or {}).extend(
            _settings_schema(user_input or {}).schema
        )
        return self.async_show_form(step_id="hub", data_schema=schema, errors=errors)

    async def async_step_reconfigure(self, user_input: FormInput | None = None) -> ConfigFlowResult:
        """Correct the client's alias or the hub's language (a follower: the hub's address)."""
        entry = self._get_reconfigure_entry()
        if is_follow_entry(entry):
            return await self.async_step_reconfigure_follow()
        errors: dict[str, str] = {}
        if user_input is not None:
            try:
                identity = _validate_identity(user_input)
            except ProfileError as err:
                errors = _errors_for(err)
            else:
                return self.async_update_reload_and_abort(
                    entry, title=identity[CONF_ALIAS], data_updates=identity
                )
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=_identity_schema(user_input or dict(entry.data)),
            errors=errors,
        )


class DigiohjausOptionsFlow(OptionsFlowWithReload):
    """Change what was agreed with the client; the hub reloads with the new settings.

    The first step is a menu; each topic (settings, and those later features add) is a step.
    """

    MENU: tuple[str, ...] = (
        "settings",
        "client_notify",
        "voice",
        "escalation",
        "crisis_path",
        "safety_plan",
        "broker",
    )

    async def async_step_init(self, user_input: FormInput | None = None) -> ConfigFlowResult:
        """Show the topics that can be changed."""
        return self.async_show_menu(step_id="init", menu_options=list(self.MENU))

    async def async_step_settings(self, user_input: FormInput | None = None) -> ConfigFlowResult:
        """Edit the check-in deadline and the home-visit rhythm."""
        errors: dict[str, str] = {}
        if user_input is not None:
            try:
                settings = _validate_settings(user_input)
            except ProfileError as err:
                errors = _errors_for(err)
            else:
                return self.async_create_entry(data={**self.config_entry.options, **settings})
        return self.async_show_form(
            step_id="settings",
            data_schema=_settings_schema(user_input or dict(self.config_entry.options)),
            errors=errors,
        )

    async def async_step_client_notify(
        self, user_input: FormInput | None = None
    ) -> ConfigFlowResult:
        """Choose the client's own tablet and phone that get the reminders."""
        errors: dict[str, str] = {}
        if user_input is not None:
            targets = list(dict.fromkeys(user_input.get(CONF_CLIENT_NOTIFY, [])))
            if any(target_kind(self.hass, target) is None for target in targets):
                errors[CONF_CLIENT_NOTIFY] = "notify_target_unknown"
            else:
                return self.async_create_entry(
                    data={**self.config_entry.options, CONF_CLIENT_NOTIFY: targets}
                )
        current = (user_input or self.config_entry.options).get(CONF_CLIENT_NOTIFY, [])
        schema = vol.Schema(
            {
                vol.Optional(CONF_CLIENT_NOTIFY, default=list(current)): SelectSelector(
                    SelectSelectorConfig(
                        options=notify_target_options(self.hass, current),
                        multiple=True,
                        custom_value=True,
                        mode=SelectSelectorMode.DROPDOWN,
                    )
                )
            }
        )
        return self.async_show_form(step_id="client_notify", data_schema=schema, errors=errors)

    async def async_step_escalation(self, user_input: FormInput | None = None) -> ConfigFlowResult:
        """Edit the escalation ladder and quiet hours with the client."""
        return self._care_step("escalation", user_input, validate_ladder, ladder_schema)

    async def async_step_crisis_path(self, user_input: FormInput | None = None) -> ConfigFlowResult:
        """Edit the numbers the tablet shows on the crisis path."""
        language = self.config_entry.data.get(CONF_LANGUAGE, DEFAULT_LANGUAGE)
        return self._care_step(
            "crisis_path",
            user_input,
            validate_crisis,
            lambda options, values: crisis_schema(options, language, values),
        )

    async def async_step_safety_plan(self, user_input: FormInput | None = None) -> ConfigFlowResult:
        """Write the client's safety plan together with the client."""
        return self._care_step("safety_plan", user_input, validate_plan, plan_schema)

    async def async_step_voice(self, user_input: FormInput | None = None) -> ConfigFlowResult:
        """Turn the client's voice commands (Assist) on or off, as agreed with the client."""
        if user_input is not None:
            enabled = bool(user_input.get(CONF_VOICE_COMMANDS, False))
            return self.async_create_entry(
                data={**self.config_entry.options, CONF_VOICE_COMMANDS: enabled}
            )
        current = bool(self.config_entry.options.get(CONF_VOICE_COMMANDS, False))
        schema = vol.Schema({vol.Required(CONF_VOICE_COMMANDS, default=current): BooleanSelector()})
        return self.async_show_form(step_id="voice", data_schema=schema)

    async def async_step_broker(self, user_input: FormInput | None = None) -> ConfigFlowResult:
        """Connect the hub to the organisation's broker (checked before it is saved)."""
        current = self.config_entry.options.get(CONF_BROKER) or {}
        errors: dict[str, str] = {}
        if user_input is not None:
            try:
                broker = await async_validate_broker(
                    self.hass, user_input, current, f"digiohjaus-check-{self.config_entry.entry_id}"
                )
            except BrokerSettingsError as err:
                errors = {err.field: err.key}
            else:
                return self.async_create_entry(
                    data={**self.config_entry.options, CONF_BROKER: broker}
                )
        return self.async_show_form(
            step_id="broker", data_schema=broker_schema(user_input or current), errors=errors
        )

    def _care_step(
        self,
        step_id: str,
        user_input: FormInput | None,
        validate: Callable[[FormInput], FormInput],
        schema: Callable[[Mapping[str, Any], FormInput | None], vol.Schema],
    ) -> ConfigFlowResult:
        """Show a care form, or store its validated values in the options."""
        errors: dict[str, str] = {}
        if user_input is not None:
            try:
                values = validate(user_input)
            except FieldError as err:
                errors = err.errors
            else:
                return self.async_create_entry(data={**self.config_entry.options, **values})
        return self.async_show_form(
            step_id=step_id,
            data_schema=schema(self.config_entry.options, user_input),
            errors=errors,
        )
