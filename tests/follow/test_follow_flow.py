"""The worker adds, re-authenticates, moves and tunes a followed client."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant import config_entries
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import CONF_TOKEN, CONF_URL, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType, InvalidData
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.digiohjaus.const import (
    CONF_NO_CONTACT_DAYS,
    CONF_ROLE,
    CONF_SCAN_MINUTES,
    DOMAIN,
    ROLE_FOLLOW,
)
from custom_components.digiohjaus.core.share import ShareSnapshot

from .conftest import HUB_ID, TOKEN, FakeHub, full_snapshot
from .helpers import MOOD, poll, state

NEW_TOKEN = "bmV3LXRva2VuLWFmdGVyLXJvdGF0aW9uLTk4NzY"  # noqa: S105 - a test token


async def _follow_form(hass: HomeAssistant) -> str:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": config_entries.SOURCE_USER}
    )
    assert result["type"] is FlowResultType.MENU
    assert result["menu_options"] == ["hub", "follow", "follow_broker"]
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "follow"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "follow"
    return str(result["flow_id"])


async def test_follow_a_client(hass: HomeAssistant, fake_hub: FakeHub, now: datetime) -> None:
    flow_id = await _follow_form(hass)
    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_URL: f" {fake_hub.url}/api/digiohjaus/v1/share ", CONF_TOKEN: f" {TOKEN}\n"}
    )
    await hass.async_block_till_done()

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Maija"
    assert result["data"] == {CONF_ROLE: ROLE_FOLLOW, CONF_URL: fake_hub.url, CONF_TOKEN: TOKEN}
    assert result["options"] == {CONF_SCAN_MINUTES: 5, CONF_NO_CONTACT_DAYS: 3}
    entry = result["result"]
    assert entry.unique_id == HUB_ID
    assert entry.state is ConfigEntryState.LOADED
    assert state(hass, MOOD) == "4"
    # One request to check the token, one for the first poll.
    assert fake_hub.requests == [f"Bearer {TOKEN}"] * 2


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        ((401, "invalid_token"), "invalid_auth"),
        ((403, "consent_withdrawn"), "consent_withdrawn"),
        ((429, "rate_limited"), "rate_limited"),
        ((404, "not_found"), "not_a_hub"),
    ],
)
async def test_hub_refuses(
    hass: HomeAssistant,
    fake_hub: FakeHub,
    now: datetime,
    answer: tuple[int, str],
    error: str,
) -> None:
    fake_hub.error(*answer)
    flow_id = await _follow_form(hass)
    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_URL: fake_hub.url, CONF_TOKEN: TOKEN}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": error}
    assert hass.config_entries.async_entries(DOMAIN) == []

    # The hub is fixed (consent given, lock-out over): the same form now works.
    fake_hub.share(full_snapshot())
    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_URL: fake_hub.url, CONF_TOKEN: TOKEN}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_wrong_token_is_refused(
    hass: HomeAssistant, fake_hub: FakeHub, now: datetime
) -> None:
    flow_id = await _follow_form(hass)
    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_URL: fake_hub.url, CONF_TOKEN: NEW_TOKEN}
    )
    assert result["errors"] == {"base": "invalid_auth"}


async def test_hub_down(hass: HomeAssistant, fake_hub: FakeHub, now: datetime) -> None:
    await fake_hub.stop()
    flow_id = await _follow_form(hass)
    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_URL: fake_hub.url, CONF_TOKEN: TOKEN}
    )
    assert result["errors"] == {"base": "cannot_connect"}


@pytest.mark.parametrize(
    ("url", "token", "errors"),
    [
        ("maija-koti.example.fi", TOKEN, {CONF_URL: "invalid_url"}),
        ("ftp://maija-koti.example.fi", TOKEN, {CONF_URL: "invalid_url"}),
        ("http://maija-koti.example.fi", TOKEN, {CONF_URL: "https_required"}),
        ("http://1.2.3.4:8123", TOKEN, {CONF_URL: "https_required"}),
        ("https://maija-koti.example.fi", "short", {"base": "invalid_auth"}),
        ("https://maija-koti.example.fi", f"{TOKEN}\r\nX-Evil: 1", {"base": "invalid_auth"}),
    ],
)
async def test_bad_input_reshows_form(
    hass: HomeAssistant, fake_hub: FakeHub, url: str, token: str, errors: dict[str, str]
) -> None:
    """Nothing leaves the worker's Home Assistant for an address or token that cannot be right."""
    flow_id = await _follow_form(hass)
    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_URL: url, CONF_TOKEN: token}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == errors
    assert fake_hub.requests == []


async def test_following_again_updates_the_token(
    hass: HomeAssistant, loaded_follow: MockConfigEntry, fake_hub: FakeHub
) -> None:
    fake_hub.token = NEW_TOKEN
    flow_id = await _follow_form(hass)
    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_URL: fake_hub.url, CONF_TOKEN: NEW_TOKEN}
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_following"
    assert loaded_follow.data[CONF_TOKEN] == NEW_TOKEN
    assert len(hass.config_entries.async_entries(DOMAIN)) == 1


async def test_token_rotated_starts_reauth(
    hass: HomeAssistant,
    loaded_follow: MockConfigEntry,
    fake_hub: FakeHub,
    freezer: FrozenDateTimeFactory,
) -> None:
    fake_hub.token = NEW_TOKEN  # rotated on the hub
    await poll(hass, freezer)
    assert state(hass, MOOD) == STATE_UNAVAILABLE
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert len(flows) == 1
    assert flows[0]["context"]["source"] == config_entries.SOURCE_REAUTH

    # Polling stops until the worker pastes the new token.
    await poll(hass, freezer)
    assert len(fake_hub.requests) == 2

    assert flows[0]["step_id"] == "reauth_confirm"
    result = await hass.config_entries.flow.async_configure(
        flows[0]["flow_id"], {CONF_TOKEN: TOKEN}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "invalid_auth"}

    result = await hass.config_entries.flow.async_configure(
        flows[0]["flow_id"], {CONF_TOKEN: NEW_TOKEN}
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert loaded_follow.data[CONF_TOKEN] == NEW_TOKEN
    assert state(hass, MOOD) == "4"


async def test_reauth_with_another_clients_token(
    hass: HomeAssistant,
    loaded_follow: MockConfigEntry,
    fake_hub: FakeHub,
) -> None:
    result = await loaded_follow.start_reauth_flow(hass)
    assert result["step_id"] == "reauth_confirm"
    assert result["description_placeholders"]["client"] == "Maija"
    fake_hub.share(
        ShareSnapshot(
            hub_id="01JOTHERHUB", client="Pekka", generated_at=full_snapshot().generated_at
        )
    )
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {CONF_TOKEN: TOKEN})
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "wrong_hub"
    assert loaded_follow.data[CONF_TOKEN] == TOKEN


async def test_setup_with_revoked_token_starts_reauth(
    hass: HomeAssistant, fake_hub: FakeHub, follow_entry: MockConfigEntry, now: datetime
) -> None:
    fake_hub.token = NEW_TOKEN
    await hass.config_entries.async_setup(follow_entry.entry_id)
    await hass.async_block_till_done()
    assert follow_entry.state is ConfigEntryState.SETUP_ERROR
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == [config_entries.SOURCE_REAUTH]


async def test_setup_retries_while_hub_is_down(
    hass: HomeAssistant, fake_hub: FakeHub, follow_entry: MockConfigEntry, now: datetime
) -> None:
    await fake_hub.stop()
    await hass.config_entries.async_setup(follow_entry.entry_id)
    await hass.async_block_till_done()
    assert follow_entry.state is ConfigEntryState.SETUP_RETRY


async def test_reconfigure_new_address(
    hass: HomeAssistant, loaded_follow: MockConfigEntry, fake_hub: FakeHub
) -> None:
    old_url = fake_hub.url
    await fake_hub.stop()
    fake_hub.port = 0
    await fake_hub.start()
    assert fake_hub.url != old_url

    result = await loaded_follow.start_reconfigure_flow(hass)
    assert result["step_id"] == "reconfigure_follow"
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {CONF_URL: old_url})
    assert result["errors"] == {"base": "cannot_connect"}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_URL: fake_hub.url}
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert loaded_follow.data[CONF_URL] == fake_hub.url
    assert loaded_follow.data[CONF_TOKEN] == TOKEN
    assert state(hass, MOOD) == "4"


async def test_reconfigure_with_new_token(
    hass: HomeAssistant, loaded_follow: MockConfigEntry, fake_hub: FakeHub
) -> None:
    fake_hub.token = NEW_TOKEN
    result = await loaded_follow.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_URL: fake_hub.url, CONF_TOKEN: NEW_TOKEN}
    )
    await hass.async_block_till_done()
    assert result["reason"] == "reconfigure_successful"
    assert loaded_follow.data[CONF_TOKEN] == NEW_TOKEN


async def _options_form(hass: HomeAssistant, entry: MockConfigEntry) -> dict[str, Any]:
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "follow_options"
    return dict(result)


async def test_options_poll_interval(
    hass: HomeAssistant,
    loaded_follow: MockConfigEntry,
    fake_hub: FakeHub,
    freezer: FrozenDateTimeFactory,
) -> None:
    form = await _options_form(hass, loaded_follow)
    defaults = {str(k): k.default() for k in form["data_schema"].schema}
    assert defaults == {CONF_SCAN_MINUTES: 5, CONF_NO_CONTACT_DAYS: 3}

    result = await hass.config_entries.options.async_configure(
        form["flow_id"], {CONF_SCAN_MINUTES: 2.5, CONF_NO_CONTACT_DAYS: 7}
    )
    assert result["errors"] == {CONF_SCAN_MINUTES: "scan_minutes_invalid"}

    result = await hass.config_entries.options.async_configure(
        form["flow_id"], {CONF_SCAN_MINUTES: 30, CONF_NO_CONTACT_DAYS: 7}
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert loaded_follow.options == {CONF_SCAN_MINUTES: 30, CONF_NO_CONTACT_DAYS: 7}
    # Reloaded: a new sensor name, and the hub is read every 30 minutes.
    assert state(hass, "binary_sensor.client_maija_no_contact_for_3_days") == "off"
    no_contact = hass.states.get("binary_sensor.client_maija_no_contact_for_3_days")
    assert no_contact is not None
    assert no_contact.attributes["friendly_name"] == "Client – Maija No contact for 7 days"
    requests = len(fake_hub.requests)
    await poll(hass, freezer, minutes=29)
    assert len(fake_hub.requests) == requests
    await poll(hass, freezer, minutes=1)
    assert len(fake_hub.requests) == requests + 1


@pytest.mark.parametrize(
    "values",
    [
        {CONF_SCAN_MINUTES: 0, CONF_NO_CONTACT_DAYS: 3},
        {CONF_SCAN_MINUTES: 5, CONF_NO_CONTACT_DAYS: 31},
    ],
)
async def test_options_out_of_range_are_refused(
    hass: HomeAssistant, loaded_follow: MockConfigEntry, values: dict[str, int]
) -> None:
    form = await _options_form(hass, loaded_follow)
    with pytest.raises(InvalidData):
        await hass.config_entries.options.async_configure(form["flow_id"], values)
    assert loaded_follow.options == {CONF_SCAN_MINUTES: 5, CONF_NO_CONTACT_DAYS: 3}
