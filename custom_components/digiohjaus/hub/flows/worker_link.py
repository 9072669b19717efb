"""The ``worker_link`` subentry flow: pair a worker's Home Assistant through the broker.

- **Add**: with the client present, choose a worker contact; the hub shows a one-time
  pairing code (valid 15 minutes, single use). The code works from Submit on; the
  worker types it into their own Home Assistant (Follow a client → through the
  organisation's broker), which sends its public key; the hub binds it to the contact.
- **Delete** (revoke): the hub clears what it left on the broker for that worker and tells
  the worker's Home Assistant the pairing has ended.

What flows is decided by the client's consent for that contact, never here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from homeassistant.config_entries import ConfigSubentryFlow, SubentryFlowResult
from homeassistant.util import dt as dt_util
import probatio as vol

from ...core.contact import ContactRole
from ...core.link.pairing import PAIRING_VALID, PairCode, new_pair_code
from ..link.pairings import CONF_CONTACT_ID, CONF_EXPIRES_AT, CONF_SECRET, contacts_with_pairing
from .choose_worker import chosen_worker, worker_choice_schema

type FormInput = dict[str, Any]


class WorkerLinkSubentryFlow(ConfigSubentryFlow):
    """Show a one-time pairing code for a worker contact."""

    def __init__(self) -> None:
        """Start with no contact and no code."""
        self._contact_id = ""
        self._name = ""
        self._code: tuple[PairCode, datetime] | None = None

    def _workers_without_pairing(self) -> dict[str, str]:
        entry = self._get_entry()
        taken = contacts_with_pairing(entry)
        return {
            worker.contact_id: worker.name
            for worker in entry.runtime_data.contacts.contacts(ContactRole.WORKER)
            if worker.contact_id not in taken
        }

    async def async_step_user(self, user_input: FormInput | None = None) -> SubentryFlowResult:
        """Choose the worker whose Home Assistant will follow the client."""
        entry = self._get_entry()
        if getattr(entry, "runtime_data", None) is None or entry.runtime_data.link is None:
            return self.async_abort(reason="broker_not_set")
        choices = self._workers_without_pairing()
        if not choices:
            return self.async_abort(reason="no_worker_without_pairing")
        if (contact_id := chosen_worker(user_input, choices)) is not None:
            self._contact_id = contact_id
            self._name = choices[contact_id]
            return await self.async_step_code()
        return self.async_show_form(step_id="user", data_schema=worker_choice_schema(choices))

    async def async_step_code(self, user_input: FormInput | None = None) -> SubentryFlowResult:
        """Show the code; it starts working when the worker presses Submit."""
        link = self._get_entry().runtime_data.link
        if self._code is None:
            identity = link.identity
            code = new_pair_code(identity.link_id, identity.keys.public)
            self._code = (code, dt_util.utcnow() + PAIRING_VALID)
        code, expires_at = self._code
        if user_input is not None:
            data = {
                CONF_CONTACT_ID: self._contact_id,
                CONF_SECRET: code.secret,
                CONF_EXPIRES_AT: expires_at.isoformat(),
            }
            # A share token for the same contact has the contact id as its unique id already.
            unique_id = f"worker_link_{self._contact_id}"
            return self.async_create_entry(title=self._name, data=data, unique_id=unique_id)
        return self.async_show_form(
            step_id="code",
            data_schema=vol.Schema({}),
            description_placeholders={
                "name": self._name,
                "code": str(code),
                "until": dt_util.as_local(expires_at).strftime("%H:%M"),
            },
        )
