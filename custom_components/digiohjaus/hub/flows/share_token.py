"""The ``share_token`` subentry flow: a worker contact's token for "Follow a client".

- **Add** (create): choose a worker contact who has no token yet; the token is shown once,
  with the hub's external address, ready to paste into the worker's own Home Assistant
  (without an external address the screen says how to set one; a local address such as
  ``http://127.0.0.1:8123`` is never shown, the worker's Home Assistant cannot reach it).
  It is saved (as a keyed hash only) when the worker confirms having copied it.
- **Reconfigure** (rotate): a new token is shown once; when confirmed it replaces the old
  one, which stops working at that moment. Closing the dialog changes nothing.
- **Delete** (revoke): the token stops working at once.

What the token reveals is decided by the client's consent for that contact, never here.
"""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import (
    SOURCE_RECONFIGURE,
    ConfigSubentryFlow,
    SubentryFlowResult,
)
from homeassistant.helpers.network import NoURLAvailableError, get_url
from homeassistant.util import dt as dt_util
import probatio as vol

from ...const import SUBENTRY_CONTACT
from ...core.contact import Contact, ContactRole
from ...core.share_token import TokenRecord, new_token
from ..share.tokens import (
    CONF_CONTACT_ID,
    CONF_CREATED_AT,
    async_hub_secret,
    contacts_with_token,
)
from .choose_worker import chosen_worker, worker_choice_schema

type FormInput = dict[str, Any]


class ShareTokenSubentryFlow(ConfigSubentryFlow):
    """Create or replace a worker contact's share token; show it once."""

    def __init__(self) -> None:
        """Start with no contact and no token."""
        self._contact_id = ""
        self._name = ""
        self._issued: tuple[str, TokenRecord] | None = None

    def _workers_without_token(self) -> dict[str, str]:
        entry = self._get_entry()
        taken = contacts_with_token(entry)
        workers = (
            Contact.from_data(sub.subentry_id, sub.data)
            for sub in entry.subentries.values()
            if sub.subentry_type == SUBENTRY_CONTACT
        )
        return {
            worker.contact_id: worker.name
            for worker in workers
            if worker.role is ContactRole.WORKER and worker.contact_id not in taken
        }

    async def async_step_user(self, user_input: FormInput | None = None) -> SubentryFlowResult:
        """Choose the worker who will follow the client."""
        choices = self._workers_without_token()
        if not choices:
            return self.async_abort(reason="no_worker_without_token")
        if (contact_id := chosen_worker(user_input, choices)) is not None:
            self._contact_id = contact_id
            self._name = choices[contact_id]
            return await self.async_step_show()
        return self.async_show_form(step_id="user", data_schema=worker_choice_schema(choices))

    async def async_step_reconfigure(
        self, user_input: FormInput | None = None
    ) -> SubentryFlowResult:
        """Replace the token: the old one works until the new one is confirmed."""
        subentry = self._get_reconfigure_subentry()
        self._contact_id = str(subentry.data[CONF_CONTACT_ID])
        self._name = subentry.title
        return await self.async_step_show()

    async def async_step_show(self, user_input: FormInput | None = None) -> SubentryFlowResult:
        """Show the token once; save only its hash when the worker has copied it."""
        if self._issued is None:
            self._issued = new_token(async_hub_secret(self.hass, self._get_entry()))
        token, record = self._issued
        if user_input is not None:
            data = {
                CONF_CONTACT_ID: self._contact_id,
                **record.as_dict(),
                CONF_CREATED_AT: dt_util.now().isoformat(),
            }
            if self.source == SOURCE_RECONFIGURE:
                return self.async_update_and_abort(
                    self._get_entry(), self._get_reconfigure_subentry(), data=data
                )
            return self.async_create_entry(title=self._name, data=data, unique_id=self._contact_id)
        url = self._hub_url()
        return self.async_show_form(
            step_id="show" if url else "show_no_url",
            data_schema=vol.Schema({}),
            description_placeholders={"name": self._name, "url": url or "", "token": token},
        )

    async def async_step_show_no_url(
        self, user_input: FormInput | None = None
    ) -> SubentryFlowResult:
        """The same, when the hub has no address the worker's Home Assistant can reach."""
        return await self.async_step_show(user_input)

    def _hub_url(self) -> str | None:
        """The hub's external address; never a local one the worker can never reach."""
        try:
            return get_url(self.hass, allow_internal=False, prefer_external=True)
        except NoURLAvailableError:
            return None
