"""The share endpoint's contract, written by the hub and read by the worker."""

from __future__ import annotations

from datetime import UTC, datetime
import json
from typing import Any

import pytest

from custom_components.digiohjaus.core.hub_url import HubUrlError, normalize_hub_url
from custom_components.digiohjaus.core.share import (
    ActivityShare,
    CallsShare,
    CheckInShare,
    MedicationShare,
    MedicineDetail,
    MoodShare,
    ShareFormatError,
    ShareSnapshot,
    parse_error,
    parse_snapshot,
    snapshot_to_json,
)

AT = datetime(2027, 3, 10, 8, 15, tzinfo=UTC)


def _full() -> ShareSnapshot:
    return ShareSnapshot(
        hub_id="hub-1",
        client="Maija",
        generated_at=AT,
        check_in=CheckInShare(last_at=AT, done_today=True, missed_days_7d=1),
        mood=MoodShare(score=3, note="Väsyttää", at=AT),
        medication=MedicationShare(done_today=2, missed_today=0, adherence_7d=92.9),
        medication_details=(MedicineDetail(name="Sertraliini", adherence_7d=100.0),),
        calls=CallsShare(status="acknowledged", requested_at=AT),
        reminders={"rent": {"due": 1}},
        activity=ActivityShare(last_interaction_at=AT),
    )


def test_round_trip_through_json() -> None:
    snapshot = _full()
    assert parse_snapshot(json.loads(json.dumps(snapshot_to_json(snapshot)))) == snapshot


def test_kinds_without_consent_are_absent_not_null() -> None:
    snapshot = ShareSnapshot(
        hub_id="hub-1", client="Maija", generated_at=AT, mood=MoodShare(5, None, AT)
    )
    payload = snapshot_to_json(snapshot)
    assert payload["kinds"] == ["mood"]
    assert set(payload) == {"version", "client", "generated_at", "kinds", "hub_id", "mood"}
    assert payload["mood"] == {"score": 5, "note": None, "at": AT.isoformat()}


def test_sections_not_declared_in_kinds_are_not_read() -> None:
    payload = snapshot_to_json(_full())
    payload["kinds"] = ["check_in"]
    snapshot = parse_snapshot(payload)
    assert snapshot.kinds == frozenset({"check_in"})
    assert snapshot.mood is None


def test_unknown_kinds_and_fields_are_ignored() -> None:
    payload = snapshot_to_json(_full())
    payload["kinds"].append("sleep")
    payload["sleep"] = {"hours": 7}
    payload["extra"] = True
    assert parse_snapshot(payload) == _full()


def _with(change: dict[str, Any], section: str | None = None) -> dict[str, Any]:
    payload = snapshot_to_json(_full())
    if section is None:
        payload.update(change)
    else:
        payload[section] = {**payload[section], **change}
    return payload


@pytest.mark.parametrize(
    "payload",
    [
        [],
        "text",
        _with({"version": 2}),
        _with({"kinds": "check_in"}),
        _with({"kinds": [1]}),
        _with({"generated_at": None}),
        _with({"generated_at": "2027-03-10T08:15:00"}),
        _with({"generated_at": "yesterday"}),
        _with({"generated_at": 1700000000}),
        _with({"hub_id": ""}),
        _with({"client": None}),
        _with({"mood": None}),
        _with({"score": 6}, "mood"),
        _with({"score": True}, "mood"),
        _with({"note": "x" * 501}, "mood"),
        _with({"done_today": "yes"}, "check_in"),
        _with({"missed_days_7d": 8}, "check_in"),
        _with({"adherence_7d": 100.5}, "medication"),
        _with({"adherence_7d": float("nan")}, "medication"),
        _with({"adherence_7d": "90"}, "medication"),
        _with({"done_today": -1}, "medication"),
        _with({"status": "ringing"}, "calls"),
        _with({"medicines": "all"}, "medication_details"),
        _with({"medicines": ["Sertraliini"]}, "medication_details"),
        _with({"rent": 3}, "reminders"),
        _with({"rent": {"due": -1}}, "reminders"),
    ],
)
def test_broken_payloads_are_refused(payload: object) -> None:
    with pytest.raises(ShareFormatError):
        parse_snapshot(payload)


def test_last_contact_is_the_latest_sign() -> None:
    later = datetime(2027, 3, 11, 7, 0, tzinfo=UTC)
    snapshot = ShareSnapshot(
        hub_id="h",
        client="Maija",
        generated_at=later,
        check_in=CheckInShare(last_at=AT, done_today=False, missed_days_7d=0),
        activity=ActivityShare(last_interaction_at=later),
    )
    assert snapshot.last_contact() == later
    assert ShareSnapshot(hub_id="h", client="M", generated_at=AT).last_contact() is None


def test_parse_error() -> None:
    assert parse_error({"error": "consent_withdrawn"}) == "consent_withdrawn"
    assert parse_error({"error": 3}) is None
    assert parse_error("consent_withdrawn") is None


@pytest.mark.parametrize(
    ("pasted", "url"),
    [
        ("https://maija-koti.example.fi", "https://maija-koti.example.fi"),
        ("  https://Maija-Koti.example.fi/ ", "https://maija-koti.example.fi"),
        ("https://x.example.fi:8443/api/digiohjaus/v1/share", "https://x.example.fi:8443"),
        ("https://x.example.fi/ha/", "https://x.example.fi/ha"),
        ("http://192.168.1.20:8123", "http://192.168.1.20:8123"),
        ("http://homeassistant.local:8123", "http://homeassistant.local:8123"),
        ("http://localhost:8123", "http://localhost:8123"),
        ("http://[fd00::5]:8123", "http://[fd00::5]:8123"),
        ("https://[2001:db8::1]", "https://[2001:db8::1]"),
    ],
)
def test_hub_url_is_normalized(pasted: str, url: str) -> None:
    assert normalize_hub_url(pasted) == url


@pytest.mark.parametrize(
    ("pasted", "key"),
    [
        ("", "invalid_url"),
        ("maija-koti.example.fi", "invalid_url"),
        ("ftp://maija-koti.example.fi", "invalid_url"),
        ("https://x.example.fi:99999", "invalid_url"),
        ("https://x.example.fi/?token=abc", "invalid_url"),
        ("https://user:pw@x.example.fi", "invalid_url"),
        ("http://maija-koti.example.fi", "https_required"),
        ("http://8.8.8.8:8123", "https_required"),
    ],
)
def test_bad_hub_urls(pasted: str, key: str) -> None:
    with pytest.raises(HubUrlError) as err:
        normalize_hub_url(pasted)
    assert err.value.key == key


def test_adherence_is_unknown_without_doses() -> None:
    snapshot = parse_snapshot(_with({"adherence_7d": None}, "medication"))
    assert snapshot.medication is not None
    assert snapshot.medication.adherence_7d is None
