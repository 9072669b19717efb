"""Messages to contacts: consent checked at the moment of sending, audited either way."""

from __future__ import annotations

import asyncio

from homeassistant.config_entries import ConfigSubentryData
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import issue_registry as ir
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_mock_service

from custom_components.digiohjaus.const import DOMAIN
from custom_components.digiohjaus.core.audit import AuditOutcome
from custom_components.digiohjaus.core.consent import DataKind
from custom_components.digiohjaus.core.contact import ContactRole
from custom_components.digiohjaus.hub.delivery import NotificationAction
from custom_components.digiohjaus.hub.messaging import (
    Messenger,
    OutgoingMessage,
    SendReason,
    SendStatus,
    async_text,
)

from .contacts import contact_id, contact_subentry, signed

CALLS = frozenset({DataKind.CALLS})


@pytest.fixture
def kind() -> DataKind:
    """The kind Liisa has consent for."""
    return DataKind.CALLS


@pytest.fixture
def withdrawn() -> bool:
    """Whether Liisa's consent is withdrawn."""
    return False


@pytest.fixture
def hub_subentries(kind: DataKind, withdrawn: bool) -> list[ConfigSubentryData]:
    """Liisa the worker (Companion app) and Pekka, family (a notify entity)."""
    return [
        contact_subentry("Liisa", "worker", kinds={kind}, withdrawn=withdrawn, language="sv"),
        contact_subentry(
            "Pekka", "family", kinds={DataKind.CHECK_IN, DataKind.MOOD}, target="notify.pekka"
        ),
    ]


@pytest.fixture
def liisa_phone(hass: HomeAssistant) -> list[ServiceCall]:
    """Liisa's Companion app, a legacy notify service with buttons."""
    return async_mock_service(hass, "notify", "mobile_app_liisa")


@pytest.fixture
def pekka_entity(hass: HomeAssistant) -> list[ServiceCall]:
    """Pekka's notify entity."""
    hass.states.async_set("notify.pekka", "unknown")
    return async_mock_service(hass, "notify", "send_message")


def messenger_of(entry: MockConfigEntry) -> Messenger:
    return entry.runtime_data.messenger  # type: ignore[no-any-return]


def compose(language: str) -> OutgoingMessage:
    return OutgoingMessage(
        title=f"title-{language}",
        message="Maija pyytää soittoa",
        actions=[NotificationAction("DIGIOHJAUS_ack|e|r", "Soitan")],
        data={"tag": "call"},
    )


def outcomes(entry: MockConfigEntry) -> list[tuple[str, str, list[str]]]:
    """The audit log's sends, oldest first: (contact, outcome, kinds)."""
    page = entry.runtime_data.audit.page(limit=100)
    return [
        (e.contact_name, str(e.outcome), sorted(str(k) for k in e.kinds))
        for e in reversed(page.entries)
        if e.outcome in {AuditOutcome.SENT, AuditOutcome.BLOCKED, AuditOutcome.FAILED}
    ]


@pytest.mark.parametrize("withdrawn", [False, True])
@pytest.mark.parametrize("kind", list(DataKind))
async def test_consent_matrix(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    liisa_phone: list[ServiceCall],
    kind: DataKind,
    withdrawn: bool,
) -> None:
    messenger = messenger_of(loaded_hub)
    liisa = contact_id(loaded_hub, "Liisa")
    other = next(k for k in DataKind if k != kind)

    first = await messenger.async_send(liisa, frozenset({kind}), compose, topic="test")
    second = await messenger.async_send(liisa, frozenset({kind, other}), compose)

    expected = SendStatus.BLOCKED if withdrawn else SendStatus.SENT
    assert first.status is expected
    assert second.status is SendStatus.BLOCKED
    assert second.reason is SendReason.NO_CONSENT
    assert len(liisa_phone) == (0 if withdrawn else 1)
    assert outcomes(loaded_hub) == [
        ("Liisa", str(expected), [str(kind)]),
        ("Liisa", "blocked", sorted([str(kind), str(other)])),
    ]


async def test_message_reaches_the_companion_app_with_buttons(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, liisa_phone: list[ServiceCall]
) -> None:
    outcome = await messenger_of(loaded_hub).async_send(
        contact_id(loaded_hub, "Liisa"), CALLS, compose, topic="call_request"
    )
    assert outcome.sent
    assert liisa_phone[0].data == {
        "title": "title-sv",
        "message": signed("Maija pyytää soittoa", "sv"),
        "data": {"tag": "call", "actions": [{"action": "DIGIOHJAUS_ack|e|r", "title": "Soitan"}]},
    }
    latest = loaded_hub.runtime_data.audit.latest_disclosure()
    assert (latest.topic, latest.contact_name, latest.role) == ("call_request", "Liisa", "worker")
    assert "Maija pyytää soittoa" not in str(loaded_hub.runtime_data.audit.page().as_dict())


async def test_withdrawal_takes_effect_for_the_very_next_send_and_restore_brings_back_the_same(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, liisa_phone: list[ServiceCall]
) -> None:
    messenger = messenger_of(loaded_hub)
    contacts = loaded_hub.runtime_data.contacts
    liisa = contact_id(loaded_hub, "Liisa")

    await contacts.async_withdraw(liisa)
    assert (await messenger.async_send(liisa, CALLS, compose)).status is SendStatus.BLOCKED
    assert messenger.consented_kinds(liisa) == frozenset()

    await contacts.async_restore(liisa)
    assert messenger.consented_kinds(liisa) == CALLS
    assert (await messenger.async_send(liisa, CALLS, compose)).sent
    mood = frozenset({DataKind.MOOD})
    assert (await messenger.async_send(liisa, mood, compose)).status is SendStatus.BLOCKED
    assert len(liisa_phone) == 1
    log = [str(e.outcome) for e in reversed(loaded_hub.runtime_data.audit.page().entries)]
    assert log == [
        "consent_given",
        "consent_given",
        "consent_withdrawn",
        "blocked",
        "consent_restored",
        "sent",
        "blocked",
    ]


async def test_a_message_queued_before_a_withdrawal_is_not_sent_after_it(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, liisa_phone: list[ServiceCall]
) -> None:
    messenger = messenger_of(loaded_hub)
    liisa = contact_id(loaded_hub, "Liisa")
    composing = asyncio.Event()
    release = asyncio.Event()

    async def slow_compose(language: str) -> OutgoingMessage:
        composing.set()
        await release.wait()
        return compose(language)

    sending = hass.async_create_task(messenger.async_send(liisa, CALLS, slow_compose))
    await composing.wait()
    await loaded_hub.runtime_data.contacts.async_withdraw(liisa)
    release.set()
    outcome = await sending

    assert outcome.status is SendStatus.BLOCKED
    assert liisa_phone == []
    assert outcomes(loaded_hub) == [("Liisa", "blocked", ["calls"])]


async def test_missing_target_is_a_repair_issue_and_a_failed_entry(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, issue_registry: ir.IssueRegistry
) -> None:
    messenger = messenger_of(loaded_hub)
    liisa = contact_id(loaded_hub, "Liisa")

    outcome = await messenger.async_send(liisa, CALLS, compose)

    assert (outcome.status, outcome.reason) == (SendStatus.FAILED, SendReason.TARGET_MISSING)
    issue = issue_registry.async_get_issue(DOMAIN, f"contact_unreachable_{liisa}")
    assert issue is not None
    assert issue.translation_key == "contact_target_missing"
    assert issue.translation_placeholders == {
        "contact": "Liisa",
        "target": "notify.mobile_app_liisa",
    }
    assert outcomes(loaded_hub) == [("Liisa", "failed", ["calls"])]

    calls = async_mock_service(hass, "notify", "mobile_app_liisa")
    assert (await messenger.async_send(liisa, CALLS, compose)).sent
    assert len(calls) == 1
    assert issue_registry.async_get_issue(DOMAIN, f"contact_unreachable_{liisa}") is None


@pytest.mark.parametrize("error", [HomeAssistantError("down"), RuntimeError("boom")])
async def test_failing_target_never_raises_in_the_caller(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    issue_registry: ir.IssueRegistry,
    error: Exception,
) -> None:
    def fail(call: ServiceCall) -> None:
        raise error

    hass.services.async_register("notify", "mobile_app_liisa", fail)
    liisa = contact_id(loaded_hub, "Liisa")

    outcome = await messenger_of(loaded_hub).async_send(liisa, CALLS, compose)

    assert (outcome.status, outcome.reason) == (SendStatus.FAILED, SendReason.DELIVERY_FAILED)
    issue = issue_registry.async_get_issue(DOMAIN, f"contact_unreachable_{liisa}")
    assert issue is not None
    assert issue.translation_key == "contact_delivery_failed"
    assert outcomes(loaded_hub) == [("Liisa", "failed", ["calls"])]


async def test_send_to_role_and_to_a_notify_entity(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, pekka_entity: list[ServiceCall]
) -> None:
    messenger = messenger_of(loaded_hub)
    check_in = frozenset({DataKind.CHECK_IN})

    family = await messenger.async_send_to_role(ContactRole.FAMILY, check_in, compose)
    workers = await messenger.async_send_to_role(ContactRole.WORKER, check_in, compose)

    assert [o.status for o in family] == [SendStatus.SENT]
    assert pekka_entity[0].data == {
        "entity_id": "notify.pekka",
        "title": "title-fi",
        "message": signed("Maija pyytää soittoa"),
    }
    assert [o.status for o in workers] == [SendStatus.BLOCKED]
    assert outcomes(loaded_hub) == [
        ("Pekka", "sent", ["check_in"]),
        ("Liisa", "blocked", ["check_in"]),
    ]


async def test_queries(hass: HomeAssistant, loaded_hub: MockConfigEntry) -> None:
    messenger = messenger_of(loaded_hub)
    liisa = contact_id(loaded_hub, "Liisa")
    assert [c.name for c in messenger.contacts(ContactRole.WORKER)] == ["Liisa"]
    assert [c.name for c in messenger.contacts(covering=frozenset({DataKind.MOOD}))] == ["Pekka"]
    assert messenger.covers(liisa, CALLS)
    assert not messenger.covers("nobody", CALLS)
    assert messenger.consented_kinds("nobody") == frozenset()
    contact = messenger.contact(liisa)
    assert contact is not None
    assert contact.tel_uri == "tel:0401234567"


async def test_unknown_contact_is_blocked_without_an_entry(
    hass: HomeAssistant, loaded_hub: MockConfigEntry
) -> None:
    messenger = messenger_of(loaded_hub)
    before = len(loaded_hub.runtime_data.audit)
    outcome = await messenger.async_send("nobody", CALLS, compose)
    assert (outcome.status, outcome.reason) == (SendStatus.BLOCKED, SendReason.UNKNOWN_CONTACT)
    await messenger.async_record("nobody", CALLS, AuditOutcome.SHARE_READ)
    assert len(loaded_hub.runtime_data.audit) == before


async def test_share_reads_are_recorded(hass: HomeAssistant, loaded_hub: MockConfigEntry) -> None:
    liisa = contact_id(loaded_hub, "Liisa")
    await messenger_of(loaded_hub).async_record(
        liisa, CALLS, AuditOutcome.SHARE_READ, topic="share"
    )
    latest = loaded_hub.runtime_data.audit.latest_disclosure()
    assert (latest.outcome, latest.kinds, latest.topic) == (AuditOutcome.SHARE_READ, CALLS, "share")


async def test_common_texts_in_the_contacts_language(hass: HomeAssistant) -> None:
    assert await async_text(hass, "fi", "no_such_key") == "no_such_key"
