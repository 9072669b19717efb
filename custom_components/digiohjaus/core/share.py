"""The share endpoint's JSON contract (design §6), read and written in one place.

The hub writes a :class:`ShareSnapshot` with :func:`snapshot_to_json`; the worker's Home
Assistant reads it back with :func:`parse_snapshot`. Only the kinds the client consented
to are in the payload: a kind without consent is absent, never ``null``. The reader is
strict about the kinds it knows (a wrong type means the whole answer is refused) and
ignores what it does not know, so hubs can extend the payload compatibly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
import math
from typing import Any, Final

SHARE_PATH: Final = "/api/digiohjaus/v1/share"
SHARE_VERSION: Final = 1

# Data kinds a client can consent to (design §5); the share payload's sections.
CHECK_IN: Final = "check_in"
MOOD: Final = "mood"
MEDICATION: Final = "medication"
MEDICATION_DETAILS: Final = "medication_details"
CALLS: Final = "calls"
REMINDERS: Final = "reminders"
ACTIVITY: Final = "activity"
SHARE_KINDS: Final = (CHECK_IN, MOOD, MEDICATION, MEDICATION_DETAILS, CALLS, REMINDERS, ACTIVITY)

CALL_STATUSES: Final = ("idle", "requested", "acknowledged", "escalated")
REMINDER_STATUSES: Final = ("scheduled", "due", "snoozed", "done", "missed")
MOOD_MIN: Final = 1
MOOD_MAX: Final = 5
MAX_TEXT: Final = 500
MIN_YEAR: Final = 1970
MAX_YEAR: Final = 9000
"""Moments outside these years (in UTC) are a broken answer, not a date a hub means."""
MAX_MEDICINES: Final = 50

# Error codes of the non-200 answers.
ERROR_INVALID_TOKEN: Final = "invalid_token"  # noqa: S105 - an error code, not a secret
ERROR_CONSENT_WITHDRAWN: Final = "consent_withdrawn"
ERROR_RATE_LIMITED: Final = "rate_limited"
ERROR_UNAVAILABLE: Final = "unavailable"


class ShareFormatError(ValueError):
    """The answer is not a share payload this version understands."""


@dataclass(frozen=True, slots=True)
class CheckInShare:
    """Whether and when the client checked in."""

    last_at: datetime | None
    done_today: bool
    missed_days_7d: int


@dataclass(frozen=True, slots=True)
class MoodShare:
    """The latest wellbeing score (1–5) and its optional note."""

    score: int | None
    note: str | None
    at: datetime | None


@dataclass(frozen=True, slots=True)
class MedicationShare:
    """Today's doses and the 7-day adherence in percent, without medicine names."""

    done_today: int
    missed_today: int
    adherence_7d: float | None


@dataclass(frozen=True, slots=True)
class MedicineDetail:
    """One medicine by name (only with the ``medication_details`` kind)."""

    name: str
    adherence_7d: float | None
    status: str | None = None  # the current dose: scheduled, due, snoozed, done or missed


@dataclass(frozen=True, slots=True)
class CallsShare:
    """The "call my worker" request's status."""

    status: str
    requested_at: datetime | None


@dataclass(frozen=True, slots=True)
class ActivityShare:
    """When the client last used the hub."""

    last_interaction_at: datetime | None


@dataclass(frozen=True, slots=True)
class ShareSnapshot:
    """One answer of the share endpoint; a section is ``None`` when its kind is not shared."""

    hub_id: str
    client: str
    # Not part of equality: an answer that says the same as the last one changes nothing.
    generated_at: datetime = field(compare=False)
    check_in: CheckInShare | None = None
    mood: MoodShare | None = None
    medication: MedicationShare | None = None
    medication_details: tuple[MedicineDetail, ...] | None = None
    calls: CallsShare | None = None
    reminders: Mapping[str, Mapping[str, int]] | None = None
    activity: ActivityShare | None = None
    kinds: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        """Derive the shared kinds from the sections present."""
        present = frozenset(kind for kind in SHARE_KINDS if getattr(self, kind) is not None)
        object.__setattr__(self, "kinds", present)

    def last_contact(self) -> datetime | None:
        """Return the latest sign of the client in the shared data, if any."""
        times = (
            self.check_in.last_at if self.check_in else None,
            self.mood.at if self.mood else None,
            self.calls.requested_at if self.calls else None,
            self.activity.last_interaction_at if self.activity else None,
        )
        return max((moment for moment in times if moment is not None), default=None)


# --- writing (the hub) -----------------------------------------------------------------


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def snapshot_to_json(snapshot: ShareSnapshot) -> dict[str, Any]:
    """Return the §6 payload: one object per shared kind, other kinds absent."""
    payload: dict[str, Any] = {
        "version": SHARE_VERSION,
        "client": snapshot.client,
        "generated_at": snapshot.generated_at.isoformat(),
        "kinds": [kind for kind in SHARE_KINDS if kind in snapshot.kinds],
        "hub_id": snapshot.hub_id,
    }
    if (check_in := snapshot.check_in) is not None:
        payload[CHECK_IN] = {
            "last_at": _iso(check_in.last_at),
            "done_today": check_in.done_today,
            "missed_days_7d": check_in.missed_days_7d,
        }
    if (mood := snapshot.mood) is not None:
        payload[MOOD] = {"score": mood.score, "note": mood.note, "at": _iso(mood.at)}
    if (medication := snapshot.medication) is not None:
        payload[MEDICATION] = {
            "done_today": medication.done_today,
            "missed_today": medication.missed_today,
            "adherence_7d": medication.adherence_7d,
        }
    if (details := snapshot.medication_details) is not None:
        payload[MEDICATION_DETAILS] = {
            "medicines": [
                {"name": m.name, "adherence_7d": m.adherence_7d, "status": m.status}
                for m in details
            ]
        }
    if (calls := snapshot.calls) is not None:
        payload[CALLS] = {"status": calls.status, "requested_at": _iso(calls.requested_at)}
    if (reminders := snapshot.reminders) is not None:
        payload[REMINDERS] = {kind: dict(counts) for kind, counts in reminders.items()}
    if (activity := snapshot.activity) is not None:
        payload[ACTIVITY] = {"last_interaction_at": _iso(activity.last_interaction_at)}
    return payload


# --- reading (the worker) --------------------------------------------------------------


def _object(value: object, where: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise ShareFormatError(f"{where} is not an object")
    return value


def _int(value: object, where: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ShareFormatError(f"{where} is not a whole number from {low} to {high}")
    return value


def _percent(value: object, where: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ShareFormatError(f"{where} is not a number")
    number = float(value)
    if not math.isfinite(number) or not 0 <= number <= 100:  # noqa: PLR2004
        raise ShareFormatError(f"{where} is not a percentage")
    return number


def _text(value: object, where: str, limit: int = MAX_TEXT) -> str:
    if not isinstance(value, str) or len(value) > limit:
        raise ShareFormatError(f"{where} is not a text of at most {limit} characters")
    return value


def _moment(value: object, where: str) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ShareFormatError(f"{where} is not a date and time")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as err:
        raise ShareFormatError(f"{where} is not a date and time") from err
    if moment.tzinfo is None:
        raise ShareFormatError(f"{where} has no time zone")
    try:
        year = moment.astimezone(UTC).year
    except OverflowError as err:
        raise ShareFormatError(f"{where} is out of range") from err
    if not MIN_YEAR <= year <= MAX_YEAR:
        # Near the calendar's ends, adding the no-contact days would overflow.
        raise ShareFormatError(f"{where} is out of range")
    return moment


def _bool(value: object, where: str) -> bool:
    if not isinstance(value, bool):
        raise ShareFormatError(f"{where} is not true or false")
    return value


_COUNT_MAX: Final = 10_000


def _check_in(raw: Mapping[str, Any]) -> CheckInShare:
    return CheckInShare(
        last_at=_moment(raw.get("last_at"), "check_in.last_at"),
        done_today=_bool(raw.get("done_today"), "check_in.done_today"),
        missed_days_7d=_int(raw.get("missed_days_7d"), "check_in.missed_days_7d", 0, 7),
    )


def _mood(raw: Mapping[str, Any]) -> MoodShare:
    score = raw.get("score")
    note = raw.get("note")
    return MoodShare(
        score=None if score is None else _int(score, "mood.score", MOOD_MIN, MOOD_MAX),
        note=None if note is None else _text(note, "mood.note"),
        at=_moment(raw.get("at"), "mood.at"),
    )


def _medication(raw: Mapping[str, Any]) -> MedicationShare:
    return MedicationShare(
        done_today=_int(raw.get("done_today"), "medication.done_today", 0, _COUNT_MAX),
        missed_today=_int(raw.get("missed_today"), "medication.missed_today", 0, _COUNT_MAX),
        adherence_7d=_percent(raw.get("adherence_7d"), "medication.adherence_7d"),
    )


def _medication_details(raw: Mapping[str, Any]) -> tuple[MedicineDetail, ...]:
    medicines = raw.get("medicines")
    if not isinstance(medicines, list) or len(medicines) > MAX_MEDICINES:
        raise ShareFormatError("medication_details.medicines is not a list")
    details = []
    for item in medicines:
        medicine = _object(item, "medication_details.medicines[]")
        status = medicine.get("status")
        if status is not None and status not in REMINDER_STATUSES:
            raise ShareFormatError("medicine.status is not a reminder status")
        details.append(
            MedicineDetail(
                name=_text(medicine.get("name"), "medicine.name", 100),
                adherence_7d=_percent(medicine.get("adherence_7d"), "medicine.adherence_7d"),
                status=status,
            )
        )
    return tuple(details)


def _calls(raw: Mapping[str, Any]) -> CallsShare:
    status = raw.get("status")
    if status not in CALL_STATUSES:
        raise ShareFormatError("calls.status is not a call status")
    return CallsShare(status=str(status), requested_at=_moment(raw.get("requested_at"), "calls"))


def _reminders(raw: Mapping[str, Any]) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    for kind, per_status in raw.items():
        statuses = _object(per_status, f"reminders.{kind}")
        counts[_text(kind, "reminders kind", 40)] = {
            _text(status, "reminders status", 40): _int(count, "reminders count", 0, _COUNT_MAX)
            for status, count in statuses.items()
        }
    return counts


def _activity(raw: Mapping[str, Any]) -> ActivityShare:
    return ActivityShare(_moment(raw.get("last_interaction_at"), "activity.last_interaction_at"))


_READERS: Final = {
    CHECK_IN: _check_in,
    MOOD: _mood,
    MEDICATION: _medication,
    MEDICATION_DETAILS: _medication_details,
    CALLS: _calls,
    REMINDERS: _reminders,
    ACTIVITY: _activity,
}


def parse_snapshot(payload: object) -> ShareSnapshot:
    """Read a 200 answer; raise ``ShareFormatError`` if it breaks the contract.

    Only sections whose kind is listed in ``kinds`` are read: data the hub does not
    declare as consented is never shown.
    """
    body = _object(payload, "the answer")
    if body.get("version") != SHARE_VERSION:
        raise ShareFormatError("unsupported version")
    kinds = body.get("kinds")
    if not isinstance(kinds, list) or not all(isinstance(kind, str) for kind in kinds):
        raise ShareFormatError("kinds is not a list of names")
    generated_at = _moment(body.get("generated_at"), "generated_at")
    if generated_at is None:
        raise ShareFormatError("generated_at is missing")
    sections: dict[str, Any] = {}
    for kind in SHARE_KINDS:
        if kind in kinds:
            sections[kind] = _READERS[kind](_object(body.get(kind), kind))
    hub_id = _text(body.get("hub_id"), "hub_id", 64)
    if not hub_id:
        raise ShareFormatError("hub_id is empty")
    return ShareSnapshot(
        hub_id=hub_id,
        client=_text(body.get("client"), "client", 100),
        generated_at=generated_at,
        **sections,
    )


def parse_error(payload: object) -> str | None:
    """Return the ``error`` code of a non-200 answer, if it has one."""
    if isinstance(payload, dict) and isinstance(code := payload.get("error"), str):
        return code
    return None
