"""The ``contact`` subentry flow: who the contact is, then the client's consent screen.

Adding a contact asks for the details (display name, role, notify target, phone number,
language) and then shows the consent screen: every data kind with its purpose in plain
language, nothing ticked. Reconfiguring goes through both steps again; it is the only
way to change which kinds are shared (the contact's switch only withdraws and restores).
The consent record keeps when consent was given and which kinds
(``core/consent.ConsentRecord``). A changed consent of a running hub is saved in the hub's
consent store and audited before the screen closes (``hub/contacts.py``); a new contact's
consent is taken in (and audited) as soon as the hub sees the new subentry.
"""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import (
    SOURCE_RECONFIGURE,
    ConfigEntryState,
    ConfigSubentryFlow,
    SubentryFlowResult,
)
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.selector import (
    BooleanSelector,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)
from homeassistant.util import dt as dt_util
import probatio as vol

from ...const import CONF_LANGUAGE, DEFAULT_LANGUAGE
from ...core.consent import DATA_KINDS, ConsentRecord, DataKind
from ...core.contact import (
    CONF_CONSENT,
    CONF_CONTACT_LANGUAGE,
    CONF_CONTACT_ROLE,
    CONF_NAME,
    CONF_NOTIFY_TARGET,
    CONF_PHONE,
    ContactError,
    ContactRole,
    validate_name,
    validate_phone,
)
from ...core.profile import LANGUAGES
from ..delivery import target_kind
from .targets import notify_target_options

type FormInput = dict[str, Any]

_FIELD_OF_ERROR = {
    "name_empty": CONF_NAME,
    "name_too_long": CONF_NAME,
    "phone_invalid": CONF_PHONE,
    "notify_target_unknown": CONF_NOTIFY_TARGET,
}


def details_schema(hass: HomeAssistant, defaults: FormInput) -> vol.Schema:
    """The contact's details form, filled with ``defaults``."""
    current = defaults.get(CONF_NOTIFY_TARGET)
    return vol.Schema(
        {
            vol.Required(CONF_NAME, default=defaults.get(CONF_NAME, "")): TextSelector(),
            vol.Required(
                CONF_CONTACT_ROLE, default=defaults.get(CONF_CONTACT_ROLE, ContactRole.WORKER)
            ): SelectSelector(
                SelectSelectorConfig(
                    options=[str(role) for role in ContactRole],
                    translation_key="contact_role",
                    mode=SelectSelectorMode.LIST,
                )
            ),
            vol.Required(
                CONF_NOTIFY_TARGET, default=defaults.get(CONF_NOTIFY_TARGET, "")
            ): SelectSelector(
                SelectSelectorConfig(
                    options=notify_target_options(hass, [current] if current else []),
                    custom_value=True,
                    mode=SelectSelectorMode.DROPDOWN,
                )
            ),
            vol.Optional(CONF_PHONE, default=defaults.get(CONF_PHONE) or ""): TextSelector(
                TextSelectorConfig(type=TextSelectorType.TEL)
            ),
            vol.Required(
                CONF_CONTACT_LANGUAGE,
                default=defaults.get(CONF_CONTACT_LANGUAGE, DEFAULT_LANGUAGE),
            ): SelectSelector(
                SelectSelectorConfig(
                    options=list(LANGUAGES),
                    translation_key="language",
                    mode=SelectSelectorMode.LIST,
                )
            ),
        }
    )


def consent_schema(ticked: frozenset[DataKind]) -> vol.Schema:
    """The consent screen: one box per data kind, ticked only if already agreed."""
    return vol.Schema(
        {vol.Required(str(kind), default=kind in ticked): BooleanSelector() for kind in DATA_KINDS}
    )


def validate_details(hass: HomeAssistant, user_input: FormInput) -> FormInput:
    """Return the cleaned details, or raise ``ContactError`` naming the field's error."""
    name = validate_name(str(user_input.get(CONF_NAME, "")))
    target = str(user_input.get(CONF_NOTIFY_TARGET, "")).strip()
    if target_kind(hass, target) is None:
        raise ContactError("notify_target_unknown")
    language = user_input.get(CONF_CONTACT_LANGUAGE)
    return {
        CONF_NAME: name,
        CONF_CONTACT_ROLE: str(ContactRole(user_input[CONF_CONTACT_ROLE])),
        CONF_NOTIFY_TARGET: target,
        CONF_PHONE: validate_phone(str(user_input.get(CONF_PHONE) or "")),
        CONF_CONTACT_LANGUAGE: language if language in LANGUAGES else DEFAULT_LANGUAGE,
    }


class ContactSubentryFlow(ConfigSubentryFlow):
    """Add or change a contact of the client home hub, with the consent screen."""

    def __init__(self) -> None:
        """Start with no details and no consent."""
        self._details: FormInput = {}
        self._consent = ConsentRecord()
        self._left_out = False

    async def async_step_user(self, user_input: FormInput | None = None) -> SubentryFlowResult:
        """Ask who the contact is."""
        defaults = {CONF_CONTACT_LANGUAGE: self._get_entry().data.get(CONF_LANGUAGE)}
        return await self._async_details("user", user_input, defaults)

    async def async_step_reconfigure(
        self, user_input: FormInput | None = None
    ) -> SubentryFlowResult:
        """Change the contact's details, then go through the consent screen again."""
        subentry = self._get_reconfigure_subentry()
        self._consent = ConsentRecord.from_dict(subentry.data.get(CONF_CONSENT))
        entry = self._get_entry()
        if entry.state is ConfigEntryState.LOADED:
            contact = entry.runtime_data.contacts.get(subentry.subentry_id)
            if contact is not None:
                self._consent = contact.consent  # the record in force (the hub's store)
            self._left_out = contact is None  # unreadable: this screen records it anew
        return await self._async_details("reconfigure", user_input, dict(subentry.data))

    async def async_step_consent(self, user_input: FormInput | None = None) -> SubentryFlowResult:
        """Show each data kind with its purpose; record what the client agrees to."""
        if user_input is None:
            return self.async_show_form(
                step_id="consent",
                data_schema=consent_schema(self._consent.active_kinds),
                description_placeholders={
                    "name": self._details[CONF_NAME],
                    "alias": str(self._get_entry().title),
                },
            )
        chosen = frozenset(kind for kind in DATA_KINDS if user_input.get(str(kind)))
        record = self._consent.with_kinds(chosen, dt_util.now())
        data = {**self._details, CONF_CONSENT: record.as_dict()}
        if self.source == SOURCE_RECONFIGURE:
            entry = self._get_entry()
            subentry_id = self._get_reconfigure_subentry().subentry_id
            if entry.state is ConfigEntryState.LOADED and (
                record != self._consent or self._left_out
            ):
                try:
                    await entry.runtime_data.contacts.async_set_consent(subentry_id, record)
                except HomeAssistantError:
                    return self.async_show_form(
                        step_id="consent",
                        data_schema=consent_schema(chosen),
                        errors={"base": "save_failed"},
                        description_placeholders={
                            "name": self._details[CONF_NAME],
                            "alias": str(entry.title),
                        },
                    )
            return self.async_update_and_abort(
                self._get_entry(),
                self._get_reconfigure_subentry(),
                title=self._details[CONF_NAME],
                data=data,
            )
        return self.async_create_entry(title=self._details[CONF_NAME], data=data)

    async def _async_details(
        self, step_id: str, user_input: FormInput | None, defaults: FormInput
    ) -> SubentryFlowResult:
        errors: dict[str, str] = {}
        if user_input is not None:
            try:
                self._details = validate_details(self.hass, user_input)
            except ContactError as err:
                errors = {_FIELD_OF_ERROR.get(err.key, "base"): err.key}
            else:
                return await self.async_step_consent()
        return self.async_show_form(
            step_id=step_id,
            data_schema=details_schema(self.hass, user_input or defaults),
            errors=errors,
        )
