"""Medication reminders ("Lisää lääke"): a name, a dose, 1–8 times a day on chosen weekdays.

The dose is a text field of the kind ("1 tabletti"), shown in the notification and the
calendar as ``{dose}``; how early taking counts is agreed per medicine.
"""

from __future__ import annotations

from typing import Final

from .weekly import WeeklySpec, WeeklySubentryFlow

SUBENTRY_MEDICATION: Final = "medication"
CONF_DOSE: Final = "dose"

MEDICATION: Final = WeeklySpec(
    kind=SUBENTRY_MEDICATION,
    emoji="💊",
    details=(CONF_DOSE,),
    grace_minutes=60,
    grace_range=(5, 720),
    snooze_minutes=10,
    early_minutes=120,  # early=None: the worker sets the window with the client
    adherence=True,
)


class MedicationSubentryFlow(WeeklySubentryFlow):
    """Add a medication ("Lisää lääke") or change it."""

    spec = MEDICATION


KIND: Final = MEDICATION.reminder_kind(MedicationSubentryFlow)
