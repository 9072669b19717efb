"""Switches of the client home hub: one per contact, withdrawing or restoring consent."""

from __future__ import annotations

from typing import Any

from homeassistant.components.switch import SwitchEntity, SwitchEntityDescription
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from ..core.consent import sorted_kinds
from ..core.contact import Contact
from .entity import DigiohjausEntity
from .runtime import HubConfigEntry

CONTACT_SWITCHES: tuple[SwitchEntityDescription, ...] = (
    SwitchEntityDescription(key="consent", translation_key="consent"),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: HubConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add each contact's consent switch to the contact's device."""
    for contact in entry.runtime_data.contacts.contacts():
        async_add_entities(
            (
                ConsentSwitch(entry, description, contact.contact_id)
                for description in CONTACT_SWITCHES
            ),
            config_subentry_id=contact.contact_id,
        )


class ConsentSwitch(DigiohjausEntity, SwitchEntity):
    """On while the contact may receive what the client agreed; one tap withdraws.

    Turning it on again restores exactly the kinds agreed before. Which kinds are agreed
    is changed only on the contact's consent screen (reconfigure).
    """

    # Phone numbers and consent details are shown live but not kept in history.
    _unrecorded_attributes = frozenset(
        {"role", "kinds", "given_at", "withdrawn_at", "phone", "tel_uri"}
    )

    def __init__(
        self,
        entry: HubConfigEntry,
        description: SwitchEntityDescription,
        contact_id: str,
    ) -> None:
        """Attach to the contact's device."""
        super().__init__(entry, description, device_id=contact_id)
        self._contact_id = contact_id

    async def async_added_to_hass(self) -> None:
        """Follow consent changes, whatever made them."""
        self.async_on_remove(
            self._entry.runtime_data.contacts.async_add_listener(self.async_write_ha_state)
        )

    @property
    def _contact(self) -> Contact | None:
        return self._entry.runtime_data.contacts.get(self._contact_id)

    @property
    def available(self) -> bool:
        """Unavailable once the contact is gone."""
        return self._contact is not None

    @property
    def is_on(self) -> bool | None:
        """Whether the contact may currently receive anything."""
        contact = self._contact
        return None if contact is None else contact.consent.active

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """Who the contact is, how to call them, and what they may know."""
        contact = self._contact
        if contact is None:
            return None
        consent = contact.consent
        return {
            "role": str(contact.role),
            "kinds": sorted_kinds(consent.kinds),
            "given_at": consent.given_at.isoformat() if consent.given_at else None,
            "withdrawn_at": consent.withdrawn_at.isoformat() if consent.withdrawn_at else None,
            "phone": contact.phone,
            "tel_uri": contact.tel_uri,
        }

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Restore the consent with exactly the kinds it had."""
        await self._entry.runtime_data.contacts.async_restore(self._contact_id)

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Withdraw the consent; nothing more is sent or shared from now on."""
        await self._entry.runtime_data.contacts.async_withdraw(self._contact_id)
