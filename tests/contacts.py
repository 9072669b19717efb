"""Helpers for tests that need contacts on the hub (any feature that messages someone).

Example (in a test module)::

    @pytest.fixture
    def hub_subentries() -> list[ConfigSubentryData]:
        return [contact_subentry("Liisa", "worker", kinds={DataKind.CALLS})]

then ``loaded_hub`` has the contact; find it with :func:`contact_id`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from homeassistant.config_entries import ConfigEntry, ConfigSubentryData
from homeassistant.util import dt as dt_util

from custom_components.digiohjaus.const import SUBENTRY_CONTACT
from custom_components.digiohjaus.core.consent import ConsentRecord, DataKind


def contact_subentry(
    name: str = "Liisa",
    role: str = "worker",
    *,
    kinds: Iterable[DataKind] = (),
    target: str | None = None,
    phone: str | None = "040 123 4567",
    language: str = "fi",
    withdrawn: bool = False,
    given_at: datetime | None = None,
) -> ConfigSubentryData:
    """Return a contact subentry as the contact flow stores it."""
    at = given_at or dt_util.now()
    record = ConsentRecord().with_kinds(kinds, at)
    if withdrawn:
        record = record.withdraw(at)
    return ConfigSubentryData(
        data={
            "name": name,
            "role": role,
            "notify_target": target or f"notify.mobile_app_{name.lower()}",
            "phone": phone,
            "language": language,
            "consent": record.as_dict(),
        },
        subentry_type=SUBENTRY_CONTACT,
        title=name,
        unique_id=None,
    )


def contact_id(entry: ConfigEntry, name: str) -> str:
    """Return the subentry id of the contact called ``name``."""
    return next(
        sub.subentry_id
        for sub in entry.subentries.values()
        if sub.subentry_type == SUBENTRY_CONTACT and sub.data["name"] == name
    )


FOOTERS = {
    "fi": "Lähettäjä: kotihubi – {alias} (Digiohjaus). Jos et tavoita häntä ja epäilet, että hän "
    "on vaarassa, soita 112.",
    "sv": "Avsändare: hemhubb – {alias} (Digiohjaus). Om du inte når hen och tror att hen är i "
    "fara, ring 112.",
}


def signed(message: str, language: str = "fi", alias: str = "Maija") -> str:
    """A message to a contact as sent: whose hub it comes from, and 112 if she is not reached."""
    return f"{message}\n\n{FOOTERS[language].format(alias=alias)}"
