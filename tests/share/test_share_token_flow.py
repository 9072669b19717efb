"""Creating, replacing and revoking a worker's share token on the hub."""

from __future__ import annotations

from homeassistant.config_entries import SOURCE_RECONFIGURE, SOURCE_USER, ConfigSubentryData
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.digiohjaus.const import SUBENTRY_SHARE_TOKEN
from custom_components.digiohjaus.core.consent import DataKind
from custom_components.digiohjaus.core.share_token import TokenRecord, verify

from ..contacts import contact_id, contact_subentry
from .conftest import LIISA_KINDS, NOW, IssueToken, token_subentry_id


@pytest.fixture
def hub_subentries() -> list[ConfigSubentryData]:
    """Two workers and a family member."""
    return [
        contact_subentry("Liisa", "worker", kinds=LIISA_KINDS, given_at=NOW),
        contact_subentry("Ville", "worker", kinds={DataKind.CALLS}, given_at=NOW),
        contact_subentry("Pekka", "family", kinds={DataKind.MOOD}, given_at=NOW),
    ]


async def _start(hass: HomeAssistant, hub: MockConfigEntry) -> dict:
    return dict(
        await hass.config_entries.subentries.async_init(
            (hub.entry_id, SUBENTRY_SHARE_TOKEN), context={"source": SOURCE_USER}
        )
    )


def _choices(result: dict) -> list[tuple[str, str]]:
    selector = result["data_schema"].schema["contact_id"]
    return [(o["label"], o["value"]) for o in selector.config["options"]]


async def test_only_workers_without_a_token_are_offered(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, issue_token: IssueToken
) -> None:
    result = await _start(hass, loaded_hub)
    assert [label for label, _ in _choices(result)] == ["Liisa", "Ville"]

    await issue_token("Liisa")
    result = await _start(hass, loaded_hub)
    assert [label for label, _ in _choices(result)] == ["Ville"]

    await issue_token("Ville")
    result = await _start(hass, loaded_hub)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "no_worker_without_token"


async def test_the_token_is_shown_once_and_stored_as_a_hash(
    hass: HomeAssistant, loaded_hub: MockConfigEntry
) -> None:
    await hass.config.async_update(external_url="https://maija.example.fi")
    result = await _start(hass, loaded_hub)
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"contact_id": contact_id(loaded_hub, "Liisa")}
    )
    assert result["step_id"] == "show"
    placeholders = result["description_placeholders"]
    token = placeholders["token"]
    assert placeholders["name"] == "Liisa"
    assert placeholders["url"] == "https://maija.example.fi"
    assert len(token) == 55

    # Nothing is saved until the worker confirms having copied the token.
    assert [
        s for s in loaded_hub.subentries.values() if s.subentry_type == SUBENTRY_SHARE_TOKEN
    ] == []
    result = await hass.config_entries.subentries.async_configure(result["flow_id"], {})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    subentry = loaded_hub.subentries[token_subentry_id(loaded_hub, "Liisa")]
    assert subentry.title == "Liisa"
    assert token not in str(subentry.data)
    assert set(subentry.data) == {
        "contact_id",
        "key_id",
        "salt",
        "token_hash",
        "created_at",
    }
    secret = loaded_hub.data["share_secret"]
    assert verify(token, TokenRecord.from_dict(dict(subentry.data)), secret)


async def test_a_changed_mind_saves_nothing(
    hass: HomeAssistant, loaded_hub: MockConfigEntry
) -> None:
    result = await _start(hass, loaded_hub)
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"contact_id": contact_id(loaded_hub, "Liisa")}
    )
    hass.config_entries.subentries.async_abort(result["flow_id"])
    assert [
        s for s in loaded_hub.subentries.values() if s.subentry_type == SUBENTRY_SHARE_TOKEN
    ] == []


async def test_replacing_keeps_the_old_token_until_confirmed(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, liisa_token: str
) -> None:
    sub_id = token_subentry_id(loaded_hub, "Liisa")
    result = await hass.config_entries.subentries.async_init(
        (loaded_hub.entry_id, SUBENTRY_SHARE_TOKEN),
        context={"source": SOURCE_RECONFIGURE, "subentry_id": sub_id},
    )
    new_token = result["description_placeholders"]["token"]
    assert new_token != liisa_token
    record = TokenRecord.from_dict(dict(loaded_hub.subentries[sub_id].data))
    secret = loaded_hub.data["share_secret"]
    assert verify(liisa_token, record, secret)

    result = await hass.config_entries.subentries.async_configure(result["flow_id"], {})
    assert result["reason"] == "reconfigure_successful"
    record = TokenRecord.from_dict(dict(loaded_hub.subentries[sub_id].data))
    assert verify(new_token, record, secret)
    assert not verify(liisa_token, record, secret)


async def test_tokens_do_not_reload_the_hub(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, issue_token: IssueToken
) -> None:
    """Adding or revoking a token touches nothing the tablet shows."""
    runtime = loaded_hub.runtime_data
    await issue_token("Liisa")
    hass.config_entries.async_remove_subentry(loaded_hub, token_subentry_id(loaded_hub, "Liisa"))
    await hass.async_block_till_done()
    assert loaded_hub.runtime_data is runtime


async def test_without_an_external_address_the_worker_is_told_where_to_set_it(
    hass: HomeAssistant, loaded_hub: MockConfigEntry
) -> None:
    """Only a local address (the demo's http://127.0.0.1:8123): it is never shown."""
    await hass.config.async_update(internal_url="http://127.0.0.1:8123")
    result = await _start(hass, loaded_hub)
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"contact_id": contact_id(loaded_hub, "Liisa")}
    )
    assert result["step_id"] == "show_no_url"
    assert result["description_placeholders"]["url"] == ""
    assert "127.0.0.1" not in str(result["description_placeholders"])
    # The token still works once confirmed; the worker adds the address when it exists.
    result = await hass.config_entries.subentries.async_configure(result["flow_id"], {})
    assert result["type"] is FlowResultType.CREATE_ENTRY
