"""What the share endpoint reveals: one section per consented kind, built by a provider.

Each data kind has a *provider*: a function ``(HubData, now) -> section`` returning the
kind's §6 object (``core/share.py``). The endpoint calls only the providers of the kinds
the contact's consent covers, so a kind without consent is never even computed. To share
a new kind, write its provider here and add it to :data:`PROVIDERS`.

The sections come from the subsystems that own the data: the check-in keeper (check-in,
mood), the call desk (calls) and the reminder engine (medication, medication details,
other reminders). "Activity" has no subsystem of its own; it is the client's latest
action the hub knows of: a check-in, a call request or one of their reminders confirmed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any, Final

from homeassistant.util import dt as dt_util

from ...core.consent import DataKind
from ...core.occurrence import FINAL, Status
from ...core.share import (
    ActivityShare,
    CallsShare,
    CheckInShare,
    MedicationShare,
    MedicineDetail,
    MoodShare,
    ShareSnapshot,
)
from ..reminders.engine import Upcoming
from ..runtime import HubData

MEDICATION_KIND: Final = "medication"
OTHER_REMINDER_KINDS: Final = frozenset({"rent", "bill", "meal", "appointment", "routine"})
"""The reminders the ``reminders`` kind covers, as the consent screen names them. The hub's
own home-visit reminder is the worker's business, not the client's data to share."""
CLIENT_KINDS: Final = OTHER_REMINDER_KINDS | {MEDICATION_KIND}
WEEK: Final = timedelta(days=7)
ACTIVITY_LOOKBACK: Final = timedelta(days=30)

type Provider = Callable[[HubData, datetime], Any]


def check_in_section(data: HubData, now: datetime) -> CheckInShare:
    """Whether and when the client checked in; days missed in the last seven."""
    last = data.checkin.last_check_in
    today = now.astimezone(dt_util.get_default_time_zone()).date()
    return CheckInShare(
        last_at=last.at if last else None,
        done_today=data.checkin.state.checked_in_on(today),
        missed_days_7d=data.checkin.state.missed_days(today - timedelta(days=6), today),
    )


def mood_section(data: HubData, now: datetime) -> MoodShare:
    """The latest wellbeing answer and its note."""
    last = data.checkin.last_check_in
    if last is None:
        return MoodShare(score=None, note=None, at=None)
    return MoodShare(score=last.mood, note=last.note, at=last.at)


def _medication(data: HubData, start: datetime, end: datetime) -> list[Upcoming]:
    return [
        item
        for item in data.reminders.upcoming(start, end)
        if item.reminder.kind.kind == MEDICATION_KIND
    ]


def medication_section(data: HubData, now: datetime) -> MedicationShare:
    """Doses taken and missed today, and the share taken over seven days (no names)."""
    local = now.astimezone(dt_util.get_default_time_zone())
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    today = Counter(
        item.occurrence.status
        for item in _medication(data, midnight, midnight + timedelta(days=1, hours=1))
        if item.occurrence.nominal.date() == local.date()
    )
    week = Counter(
        item.occurrence.status
        for item in _medication(data, now - WEEK, now)
        if item.occurrence.status in FINAL
    )
    resolved = week[Status.DONE] + week[Status.MISSED]
    return MedicationShare(
        done_today=today[Status.DONE],
        missed_today=today[Status.MISSED],
        adherence_7d=round(100 * week[Status.DONE] / resolved, 1) if resolved else None,
    )


def medication_details_section(data: HubData, now: datetime) -> tuple[MedicineDetail, ...]:
    """Each medicine by name, with its current dose and 7-day adherence."""
    details = []
    for reminder_id, reminder in data.reminders.reminders.items():
        if reminder.kind.kind != MEDICATION_KIND:
            continue
        view = data.reminders.view(reminder_id)
        details.append(
            MedicineDetail(
                name=reminder.spec.name,
                adherence_7d=view.adherence[0],
                status=str(view.status) if view.status else None,
            )
        )
    return tuple(sorted(details, key=lambda detail: detail.name))


def calls_section(data: HubData, now: datetime) -> CallsShare:
    """The call request's status and when it was made."""
    state = data.calls.state
    return CallsShare(status=str(state.status), requested_at=state.requested_at)


def reminders_section(data: HubData, now: datetime) -> dict[str, dict[str, int]]:
    """Per kind of the client's other reminders: how many stand at each status."""
    counts: dict[str, Counter[str]] = {}
    for reminder_id, reminder in data.reminders.reminders.items():
        if reminder.kind.kind not in OTHER_REMINDER_KINDS:
            continue
        status = data.reminders.view(reminder_id).status
        per_kind = counts.setdefault(reminder.kind.kind, Counter())
        if status is not None:
            per_kind[str(status)] += 1
    return {kind: dict(sorted(per_status.items())) for kind, per_status in sorted(counts.items())}


def activity_section(data: HubData, now: datetime) -> ActivityShare:
    """The client's latest action the hub knows of."""
    last_check_in = data.checkin.last_check_in
    confirmed = (
        item.occurrence.resolved_at
        for item in data.reminders.upcoming(now - ACTIVITY_LOOKBACK, now)
        if item.occurrence.status is Status.DONE and item.reminder.kind.kind in CLIENT_KINDS
    )
    times = [
        last_check_in.at if last_check_in else None,
        data.calls.state.requested_at,
        *confirmed,
    ]
    known = [moment for moment in times if moment is not None]
    return ActivityShare(last_interaction_at=max(known, default=None))


PROVIDERS: Final[Mapping[DataKind, Provider]] = {
    DataKind.CHECK_IN: check_in_section,
    DataKind.MOOD: mood_section,
    DataKind.MEDICATION: medication_section,
    DataKind.MEDICATION_DETAILS: medication_details_section,
    DataKind.CALLS: calls_section,
    DataKind.REMINDERS: reminders_section,
    DataKind.ACTIVITY: activity_section,
}


def build_snapshot(
    hub_id: str, data: HubData, kinds: frozenset[DataKind], now: datetime
) -> ShareSnapshot:
    """Return the §6 answer revealing exactly ``kinds``."""
    sections = {str(kind): PROVIDERS[kind](data, now) for kind in kinds if kind in PROVIDERS}
    return ShareSnapshot(
        hub_id=hub_id,
        client=data.profile.alias,
        generated_at=dt_util.as_local(now),
        **sections,
    )
