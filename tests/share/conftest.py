"""A client home hub and a worker's follower in one Home Assistant, talking over real HTTP.

The hub's HTTP server runs on 127.0.0.1 (``hass_client_no_auth`` starts it); the follower
entry polls it through Home Assistant's shared aiohttp session like any far-away hub.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Generator
from datetime import datetime
import logging
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import SOURCE_RECONFIGURE, SOURCE_USER, ConfigSubentryData
from homeassistant.const import CONF_TOKEN, CONF_URL
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_mock_service
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.digiohjaus.const import (
    CONF_NO_CONTACT_DAYS,
    CONF_ROLE,
    CONF_SCAN_MINUTES,
    DOMAIN,
    ROLE_FOLLOW,
    SUBENTRY_SHARE_TOKEN,
)
from custom_components.digiohjaus.core.consent import DataKind

from ..contacts import contact_id, contact_subentry

NOW = datetime.fromisoformat("2027-03-10T09:00:00+02:00")
LIISA_KINDS = frozenset(
    {DataKind.CHECK_IN, DataKind.MOOD, DataKind.MEDICATION, DataKind.CALLS, DataKind.ACTIVITY}
)

type IssueToken = Callable[[str], Awaitable[str]]
type RotateToken = Callable[[str], Awaitable[str]]


@pytest.fixture(autouse=True)
def now(freezer: FrozenDateTimeFactory) -> datetime:
    """A Wednesday morning in Helsinki."""
    freezer.move_to(NOW)
    return NOW


@pytest.fixture(autouse=True)
def quiet_access_log() -> Generator[None]:
    """aiohttp's access log cannot read the local time under freezegun; the tests need none."""
    logger = logging.getLogger("aiohttp.access")
    level = logger.level
    logger.setLevel(logging.WARNING)
    yield
    logger.setLevel(level)


@pytest.fixture(autouse=True)
def notify_targets(hass: HomeAssistant) -> None:
    """Liisa's and Pekka's Companion apps exist."""
    async_mock_service(hass, "notify", "mobile_app_liisa")
    async_mock_service(hass, "notify", "mobile_app_pekka")


@pytest.fixture
def hub_subentries() -> list[ConfigSubentryData]:
    """Liisa (worker) may know check-ins, mood, medication, calls and activity; Pekka is family."""
    return [
        contact_subentry("Liisa", "worker", kinds=LIISA_KINDS, given_at=NOW),
        contact_subentry("Pekka", "family", kinds={DataKind.MOOD}, given_at=NOW),
    ]


@pytest.fixture
async def hub_url(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, hass_client_no_auth: ClientSessionGenerator
) -> str:
    """The hub's address on 127.0.0.1, as the worker pastes it."""
    client = await hass_client_no_auth()
    return str(client.make_url("")).rstrip("/")


async def _show_step_token(hass: HomeAssistant, result: Any) -> str:
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] in ("show", "show_no_url")
    token = str(result["description_placeholders"]["token"])
    done = await hass.config_entries.subentries.async_configure(result["flow_id"], {})
    assert done["type"] in (FlowResultType.CREATE_ENTRY, FlowResultType.ABORT)
    await hass.async_block_till_done()
    return token


@pytest.fixture
def issue_token(hass: HomeAssistant, loaded_hub: MockConfigEntry) -> IssueToken:
    """Create a contact's share token through the real subentry flow; return the token."""

    async def _issue(name: str) -> str:
        result = await hass.config_entries.subentries.async_init(
            (loaded_hub.entry_id, SUBENTRY_SHARE_TOKEN), context={"source": SOURCE_USER}
        )
        assert result["step_id"] == "user"
        result = await hass.config_entries.subentries.async_configure(
            result["flow_id"], {"contact_id": contact_id(loaded_hub, name)}
        )
        return await _show_step_token(hass, result)

    return _issue


def token_subentry_id(entry: MockConfigEntry, name: str) -> str:
    """Return the id of the share token subentry made for contact ``name``."""
    wanted = contact_id(entry, name)
    return next(
        sub.subentry_id
        for sub in entry.subentries.values()
        if sub.subentry_type == SUBENTRY_SHARE_TOKEN and sub.data["contact_id"] == wanted
    )


@pytest.fixture
def rotate_token(hass: HomeAssistant, loaded_hub: MockConfigEntry) -> RotateToken:
    """Replace a contact's token through the subentry's reconfigure flow."""

    async def _rotate(name: str) -> str:
        result = await hass.config_entries.subentries.async_init(
            (loaded_hub.entry_id, SUBENTRY_SHARE_TOKEN),
            context={
                "source": SOURCE_RECONFIGURE,
                "subentry_id": token_subentry_id(loaded_hub, name),
            },
        )
        return await _show_step_token(hass, result)

    return _rotate


@pytest.fixture
async def liisa_token(issue_token: IssueToken) -> str:
    """Liisa's share token, created on the hub."""
    return await issue_token("Liisa")


@pytest.fixture
async def follower(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, hub_url: str, liisa_token: str
) -> MockConfigEntry:
    """Liisa's Home Assistant following Maija (here: a second entry in the same instance)."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Maija",
        data={CONF_ROLE: ROLE_FOLLOW, CONF_URL: hub_url, CONF_TOKEN: liisa_token},
        options={CONF_SCAN_MINUTES: 5, CONF_NO_CONTACT_DAYS: 3},
        unique_id=loaded_hub.entry_id,
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry
