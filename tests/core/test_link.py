"""The broker link's protocol: topics, settings, sealed messages, sequence numbers, pairing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
import json

import pytest

from custom_components.digiohjaus.core.link import topics
from custom_components.digiohjaus.core.link.envelope import (
    KeyPair,
    LinkMessage,
    LinkMessageError,
    MessageType,
    SequenceCounter,
    SequenceGuard,
    Verdict,
    fingerprint_of,
    from_b64,
    seal_anonymous,
)
from custom_components.digiohjaus.core.link.pairing import (
    PairingError,
    new_pair_code,
    pair_request,
    pairing_open,
    parse_pair_code,
    read_pair_request,
)
from custom_components.digiohjaus.core.link.session import BrokerConnectError, connect_error_key
from custom_components.digiohjaus.core.link.settings import (
    BrokerSettingsError,
    build_tls_context,
    settings_from_input,
)

AT = datetime(2027, 3, 10, 7, 0, tzinfo=UTC)


def _message(seq: int, kind: MessageType = MessageType.SNAPSHOT) -> LinkMessage:
    return LinkMessage(seq=seq, at=AT, type=kind, body={"x": 1})


def test_only_the_worker_opens_what_the_hub_sealed_for_it() -> None:
    hub, worker, stranger = KeyPair.generate(), KeyPair.generate(), KeyPair.generate()
    sealed = hub.seal(worker.public, _message(7))
    assert worker.open(hub.public, sealed) == _message(7)
    with pytest.raises(LinkMessageError):
        stranger.open(hub.public, sealed)
    # A message made by someone else with the worker's key does not pass as the hub's.
    forged = stranger.seal(worker.public, _message(8))
    with pytest.raises(LinkMessageError):
        worker.open(hub.public, forged)
    with pytest.raises(LinkMessageError):
        worker.open(hub.public, b"")


def test_a_key_pair_survives_its_store() -> None:
    keys = KeyPair.generate()
    again = KeyPair.from_b64(keys.private_b64)
    assert again.public == keys.public
    assert again.key_id == keys.key_id
    assert len(keys.key_id) == 32
    with pytest.raises(LinkMessageError):
        from_b64("not base64!", 32)


@pytest.mark.parametrize(
    "raw",
    [
        b"not json",
        b"[]",
        json.dumps({"v": 2, "seq": 1, "at": AT.isoformat(), "type": "event", "body": {}}).encode(),
        json.dumps({"v": 1, "seq": 0, "at": AT.isoformat(), "type": "event", "body": {}}).encode(),
        json.dumps({"v": 1, "seq": 1, "at": AT.isoformat(), "type": "event", "body": []}).encode(),
        json.dumps({"v": 1, "seq": 1, "at": AT.isoformat(), "type": "boom", "body": {}}).encode(),
        json.dumps(
            {"v": 1, "seq": 1, "at": "2027-03-10T07:00", "type": "event", "body": {}}
        ).encode(),
    ],
)
def test_malformed_messages_are_refused(raw: bytes) -> None:
    with pytest.raises(LinkMessageError):
        LinkMessage.from_bytes(raw)


def test_replays_are_rejected_and_the_retained_snapshot_is_not_one() -> None:
    guard = SequenceGuard()
    assert guard.check(_message(5)) is Verdict.NEW
    assert guard.check(_message(5)) is Verdict.SAME  # the retained snapshot again
    assert guard.check(_message(5, MessageType.EVENT)) is Verdict.REPLAY
    assert guard.check(_message(4)) is Verdict.REPLAY
    assert guard.check(_message(6, MessageType.EVENT)) is Verdict.NEW
    # A retained notice that replaced the snapshot comes again after a restart too.
    assert guard.check(_message(7, MessageType.WITHDRAWN)) is Verdict.NEW
    assert guard.check(_message(7, MessageType.WITHDRAWN)) is Verdict.SAME


def test_sequence_numbers_never_repeat_after_a_restart() -> None:
    counter = SequenceCounter()
    first, store = counter.next()
    assert (first, store) == (1, True)
    used = [counter.next()[0] for _ in range(1500)]
    stored = counter.ceiling  # what the last save wrote
    resumed = SequenceCounter(stored)
    assert resumed.next()[0] > max(used)


def test_pairing_code_round_trip_and_fingerprint() -> None:
    hub = KeyPair.generate()
    code = new_pair_code("0123456789abcdef", hub.public)
    typed = f"  {str(code).lower()} "
    parsed = parse_pair_code(typed)
    assert parsed == code
    assert parsed.matches(hub.public)
    assert not parsed.matches(KeyPair.generate().public)
    assert code.fingerprint == fingerprint_of(hub.public)
    for bad in (
        "",
        "abc",
        "0123456789abcdef-SHORT-ABCDEFGH",
        "zz23456789abcdef-ABCDEFGHJK-ABCDEFGH",
    ):
        with pytest.raises(PairingError):
            parse_pair_code(bad)


def test_a_pairing_request_is_signed_by_the_code_and_sealed_to_the_hub() -> None:
    hub, worker = KeyPair.generate(), KeyPair.generate()
    code = new_pair_code("0123456789abcdef", hub.public)
    sealed = seal_anonymous(hub.public, pair_request(code, worker.public, AT))
    request = read_pair_request(hub.open_anonymous(sealed))
    assert request.key == worker.public
    assert request.signed_with(code.secret, code.hub_id)
    assert not request.signed_with("WRONGSECRT", code.hub_id)
    assert not request.signed_with(code.secret, "fedcba9876543210")
    with pytest.raises(LinkMessageError):
        worker.open_anonymous(sealed)
    with pytest.raises(PairingError):
        read_pair_request(b'{"v": 1, "key": "short", "at": "x", "mac": "y"}')
    with pytest.raises(PairingError):
        read_pair_request(b"x" * 2000)
    assert pairing_open(AT + timedelta(minutes=15), AT)
    assert not pairing_open(AT, AT)


def test_topics_carry_ids_only() -> None:
    assert topics.validate_prefix(" /org/digiohjaus/ ") == "org/digiohjaus"
    for bad in ("", "a/+/b", "a/#", "a//b", "x" * 101, "ä"):
        with pytest.raises(topics.TopicError):
            topics.validate_prefix(bad)
    hub_id = topics.new_link_id()
    assert topics.validate_id(hub_id) == hub_id
    with pytest.raises(topics.TopicError):
        topics.validate_id("Maija")
    assert topics.worker_filter("p", hub_id, "k" * 32).endswith("/to/" + "k" * 32 + "/+")


def _settings(**changes: object) -> dict[str, object]:
    return {
        "host": "mqtt.example.fi",
        "port": 8883,
        "tls": True,
        "username": "hub-1",
        "password": "pw",
        "topic_prefix": "digiohjaus",
        **changes,
    }


def test_plain_tcp_only_inside_a_home_or_office_network() -> None:
    with pytest.raises(BrokerSettingsError) as err:
        settings_from_input(_settings(tls=False))
    assert (err.value.field, err.value.key) == ("tls", "tls_required")
    local = settings_from_input(_settings(host="192.168.1.20", tls=False, port="1883"))
    assert (local.port, local.tls, build_tls_context(local)) == (1883, False, None)


@pytest.mark.parametrize(
    ("changes", "field", "key"),
    [
        ({"host": ""}, "host", "invalid_host"),
        ({"host": "mqtt example"}, "host", "invalid_host"),
        ({"port": 0}, "port", "invalid_port"),
        ({"port": "x"}, "port", "invalid_port"),
        ({"port": 1.5}, "port", "invalid_port"),
        ({"port": "٣"}, "port", "invalid_port"),
        ({"ca_certificate": "hello"}, "ca_certificate", "invalid_ca"),
        ({"username": "a\nb"}, "username", "invalid_credential"),
        ({"topic_prefix": "a/#"}, "topic_prefix", "invalid_prefix"),
    ],
)
def test_bad_settings_name_their_field(changes: dict[str, object], field: str, key: str) -> None:
    with pytest.raises(BrokerSettingsError) as err:
        settings_from_input(_settings(**changes))
    assert (err.value.field, err.value.key) == (field, key)


def test_a_ca_that_is_not_a_certificate_is_refused() -> None:
    bogus = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----"
    settings = settings_from_input(_settings(ca_certificate=bogus))
    with pytest.raises(BrokerSettingsError) as err:
        build_tls_context(settings)
    assert err.value.key == "invalid_ca"
    assert settings_from_input(_settings()).as_dict()["ca_certificate"] == ""


def test_connection_errors_are_named() -> None:
    class RefusedError(Exception):
        rc = 5

    assert connect_error_key(RefusedError()) == "invalid_auth"
    assert connect_error_key(OSError("[SSL: CERTIFICATE_VERIFY_FAILED]")) == "tls_failed"
    assert connect_error_key(OSError("Connection refused")) == "cannot_connect"
    assert BrokerConnectError("cannot_connect").key == "cannot_connect"
