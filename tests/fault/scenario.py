"""The household the fault harness tortures, its confirming actions, and what must survive.

Set up once through the HTTP APIs a worker's browser uses (config flow, subentry flows):
the hub, three contacts and the reminders the trials need. Each *round* then runs one
confirming action of every kind at the same time, waits until each has returned, and the
harness kills Home Assistant 100 ms after the last one returned. After the restart every
confirmation must still be there, and replaying the audit log's consent entries must give
the consent in force.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
import os
import time
from typing import Any
from zoneinfo import ZoneInfo

from .home import HomeAssistantProcess

HELSINKI = ZoneInfo("Europe/Helsinki")
ROUNDS = int(os.environ.get("DIGIOHJAUS_FAULT_ROUNDS", "20"))
KINDS = ("check_in", "mood", "medication", "medication_details", "calls", "reminders", "activity")
EVERY_DAY = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
ACTIONS = (
    "consent_off",
    "consent_on",
    "narrowed_consent",
    "dose_taken",
    "reminder_done",
    "snooze",
    "call_acknowledge",
)
CONSENT_ON = frozenset({"consent_given", "consent_changed", "consent_restored"})
SWITCHES = {
    "Aino": "switch.worker_aino_consent_to_share",
    "Eero": "switch.family_eero_consent_to_share",
    "Liisa": "switch.worker_liisa_consent_to_share",
}
CALL = "sensor.home_hub_maija_call_request"
FLOWS = "/api/config/config_entries/subentries/flow"


def _consent(kinds: frozenset[str]) -> dict[str, bool]:
    return {kind: kind in kinds for kind in KINDS}


def _hh_mm(at: datetime) -> str:
    return at.astimezone(HELSINKI).strftime("%H:%M")


@dataclass
class Outcome:
    """What one action confirmed, and when it returned (``time.monotonic``)."""

    action: str
    entity_id: str
    expected: Any
    returned_at: float = 0.0


@dataclass
class Household:
    """The hub in the harness's Home Assistant and what the client has been told."""

    home: HomeAssistantProcess
    entry_id: str = ""
    contact_ids: dict[str, str] = field(default_factory=dict)
    expected: dict[str, Any] = field(default_factory=dict)  # entity_id -> state (or kinds)
    lost: list[str] = field(default_factory=list)
    delays_ms: list[float] = field(default_factory=list)
    confirmed_by: dict[str, str] = field(default_factory=dict)  # entity_id -> action
    lost_by_action: dict[str, int] = field(default_factory=dict)
    _round: list[Outcome] = field(default_factory=list)
    _reported: set[tuple[str, str]] = field(default_factory=set)
    _open_flow: str = ""

    # --- set up once ---------------------------------------------------------------

    def create(self) -> None:
        """Hub, contacts and reminders through the config-flow APIs, as on a home visit."""
        hub = self.home.flow(
            "/api/config/config_entries/flow",
            "digiohjaus",
            [
                {"next_step_id": "hub"},
                {
                    "alias": "Maija",
                    "language": "fi",
                    "check_in_deadline": "23:59:00",
                    "visit_interval_days": 180,
                    "last_visit": "2026-10-15",
                },
            ],
        )
        self.entry_id = hub["result"]["entry_id"]
        everything = frozenset(KINDS)
        self._contact("Aino", "worker", everything)  # consent off in even rounds
        self._contact("Eero", "family", frozenset({"check_in", "medication"}))  # on in odd ones
        self._contact("Liisa", "worker", everything)  # narrowed every round
        for number in range(ROUNDS + 1):
            # Due within a minute of being added: the next minute on the clock.
            dose = datetime.now(HELSINKI) + timedelta(minutes=1)
            self._subentry(
                "medication",
                [
                    {
                        "name": f"Laake {number}",
                        "dose": "1 tabletti",
                        "times": [_hh_mm(dose)],
                        "weekdays": EVERY_DAY,
                        "grace_minutes": 720,
                        "snooze_minutes": 240,
                        "early_minutes": 0,
                    }
                ],
            )
            self._wait_for(f"sensor.laake_{number}_status")
        meal_time = datetime.now(HELSINKI) + timedelta(minutes=40)
        for number in range(ROUNDS):
            self._subentry(
                "meal",
                [
                    {
                        "name": f"Ateria {number}",
                        "times": [_hh_mm(meal_time)],
                        "weekdays": EVERY_DAY,
                        "grace_minutes": 90,
                        "snooze_minutes": 15,
                    }
                ],
            )
            self._wait_for(f"sensor.ateria_{number}_status")
        self.expected[SWITCHES["Aino"]] = ("on", sorted_kinds(everything))
        self.expected[SWITCHES["Eero"]] = ("on", ["check_in", "medication"])
        self.expected[SWITCHES["Liisa"]] = ("on", sorted_kinds(everything))
        self.find_contacts()
        self._wait_until_due()
        # Eero starts withdrawn, so that round 0 can restore him.
        self.home.service("switch", "turn_off", {"entity_id": SWITCHES["Eero"]})
        self.expected[SWITCHES["Eero"]] = ("off", ["check_in", "medication"])

    def _contact(self, name: str, role: str, kinds: frozenset[str]) -> None:
        result = self._subentry(
            "contact",
            [
                {
                    "name": name,
                    "role": role,
                    "notify_target": "notify.liisan_puhelin",
                    "phone": "040 123 4567",
                    "language": "fi",
                },
                _consent(kinds),
            ],
        )
        assert result["type"] == "create_entry", result
        self._wait_for(SWITCHES[name])

    def _subentry(self, kind: str, steps: list[dict[str, Any]], **init: Any) -> Any:
        return self.home.flow(
            "/api/config/config_entries/subentries/flow", [self.entry_id, kind], steps, **init
        )

    def _wait_for(self, entity_id: str) -> None:
        """Wait until the hub has reloaded with the new subentry's entity."""
        deadline = time.monotonic() + 60
        while True:
            try:
                if self.home.state(entity_id)["state"] not in ("unavailable", "unknown"):
                    return
            except OSError:  # 404 until the entity exists
                pass
            assert time.monotonic() < deadline, f"{entity_id} never appeared"
            time.sleep(0.05)

    def _wait_until_due(self) -> None:
        deadline = time.monotonic() + 90
        while self.home.state(f"sensor.laake_{ROUNDS}_status")["state"] != "due":
            assert time.monotonic() < deadline, "the harness's doses never fell due"
            time.sleep(1)

    def find_contacts(self) -> None:
        """The contacts' subentry ids, from the audit log's consent entries."""
        for entry in self._audit_entries():
            self.contact_ids.setdefault(entry["contact"], entry["contact_id"])

    # --- one round -------------------------------------------------------------------

    def prepare(self) -> None:
        """What each trial needs: Liisa back to every kind and her consent screen open
        (the trial is its last step), a call request waiting for an answer."""
        self._consent_screen("Liisa", frozenset(KINDS))
        self.expected[SWITCHES["Liisa"]] = ("on", sorted_kinds(frozenset(KINDS)))
        self._open_flow = self._open_consent_screen("Liisa")
        self.home.service("digiohjaus", "request_call", {"config_entry_id": self.entry_id})

    def actions(self, number: int) -> list[tuple[Outcome, Callable[[], object]]]:
        """One confirming action of each kind for round ``number``."""
        aino_off = number % 2 == 0
        narrowed = frozenset(KINDS) - {KINDS[number % len(KINDS)]}
        hub = {"config_entry_id": self.entry_id}
        return [
            (
                Outcome(
                    "consent_off" if aino_off else "consent_on",
                    SWITCHES["Aino"],
                    ("off" if aino_off else "on", sorted_kinds(frozenset(KINDS))),
                ),
                lambda: self.home.service(
                    "switch",
                    "turn_off" if aino_off else "turn_on",
                    {"entity_id": SWITCHES["Aino"]},
                ),
            ),
            (
                Outcome(
                    "consent_on" if aino_off else "consent_off",
                    SWITCHES["Eero"],
                    ("on" if aino_off else "off", ["check_in", "medication"]),
                ),
                lambda: self.home.service(
                    "switch",
                    "turn_on" if aino_off else "turn_off",
                    {"entity_id": SWITCHES["Eero"]},
                ),
            ),
            (
                Outcome("narrowed_consent", SWITCHES["Liisa"], ("on", sorted_kinds(narrowed))),
                lambda: self._choose(self._open_flow, narrowed),
            ),
            (
                Outcome("dose_taken", f"sensor.laake_{number}_status", "done"),
                lambda: self.home.service(
                    "button", "press", {"entity_id": f"button.laake_{number}_taken"}
                ),
            ),
            (
                Outcome("snooze", f"sensor.laake_{number + 1}_status", "snoozed"),
                lambda: self.home.service(
                    "digiohjaus", "snooze", {"entity_id": f"sensor.laake_{number + 1}_status"}
                ),
            ),
            (
                Outcome("reminder_done", f"sensor.ateria_{number}_status", "done"),
                lambda: self.home.service(
                    "digiohjaus", "mark_done", {"entity_id": f"sensor.ateria_{number}_status"}
                ),
            ),
            (
                Outcome("call_acknowledge", CALL, "acknowledged"),
                lambda: self.home.service("digiohjaus", "acknowledge_call", hub),
            ),
        ]

    def run_round(self, number: int) -> float:
        """Run the round's actions at once; return when the last one returned."""
        planned = self.actions(number)
        with ThreadPoolExecutor(len(planned)) as pool:
            futures = [(outcome, pool.submit(_timed, act)) for outcome, act in planned]
            for outcome, future in futures:
                outcome.returned_at = future.result()  # raises if the action failed
                self.expected[outcome.entity_id] = outcome.expected
                self.confirmed_by[outcome.entity_id] = f"{outcome.action}@{number}"
        self._round = [outcome for outcome, _ in futures]
        return max(outcome.returned_at for outcome in self._round)

    def note_kill(self, killed_at: float) -> None:
        """Record how long after each action's return the kill came."""
        for outcome in self._round:
            self.delays_ms.append((killed_at - outcome.returned_at) * 1000)

    def _consent_screen(self, name: str, kinds: frozenset[str]) -> None:
        self._choose(self._open_consent_screen(name), kinds)

    def _open_consent_screen(self, name: str) -> str:
        """Reconfigure the contact up to its consent screen; return the flow's id."""
        result = self.home.call(
            "POST",
            FLOWS,
            {"handler": [self.entry_id, "contact"], "subentry_id": self.contact_ids[name]},
        )
        details = {f["name"]: f.get("default") for f in result["data_schema"]}
        result = self.home.call("POST", f"{FLOWS}/{result['flow_id']}", details)
        assert result["step_id"] == "consent", result
        return str(result["flow_id"])

    def _choose(self, flow_id: str, kinds: frozenset[str]) -> None:
        """Tick exactly ``kinds`` on the open consent screen and submit."""
        result = self.home.call("POST", f"{FLOWS}/{flow_id}", _consent(kinds))
        assert result["type"] == "abort", result

    # --- after each restart ----------------------------------------------------------

    def verify(self, label: str) -> None:
        """Every confirmation still shows; the audit log's consent is the consent in force."""
        for entity_id, expected in self.expected.items():
            state = self.home.state(entity_id)
            found: Any = state["state"]
            if entity_id in SWITCHES.values():
                found = (state["state"], state["attributes"]["kinds"])
            trial = (entity_id, self.confirmed_by.get(entity_id, "setup"))
            if found != expected and trial not in self._reported:
                self._reported.add(trial)
                self.lost.append(f"{label}: {entity_id} is {found}, confirmed {expected}")
                action = trial[1].split("@")[0]
                self.lost_by_action[action] = self.lost_by_action.get(action, 0) + 1
        replayed = self.audit_consent()
        for name, switch in SWITCHES.items():
            state = self.home.state(switch)
            in_force = (state["state"] == "on", state["attributes"]["kinds"])
            if replayed.get(self.contact_ids[name]) != in_force:
                self.lost.append(
                    f"{label}: audit replays {replayed.get(self.contact_ids[name])} for "
                    f"{name}, in force {in_force}"
                )
                self.lost_by_action["audit"] = self.lost_by_action.get("audit", 0) + 1

    def audit_consent(self) -> dict[str, tuple[bool, list[str]]]:
        """Replay the audit log's consent entries, oldest first."""
        consent: dict[str, tuple[bool, list[str]]] = {}
        for entry in self._audit_entries():
            contact, outcome = entry["contact_id"], entry["outcome"]
            if outcome in CONSENT_ON:
                consent[contact] = (bool(entry["kinds"]), list(entry["kinds"]))
            elif outcome == "consent_withdrawn":
                consent[contact] = (False, consent.get(contact, (False, []))[1])
        return consent

    def _audit_entries(self) -> list[dict[str, Any]]:
        """The whole audit log through the public action, oldest first."""
        entries: list[dict[str, Any]] = []
        offset: int | None = 0
        while offset is not None:
            page = self.home.service(
                "digiohjaus",
                "get_audit_log",
                {"config_entry_id": self.entry_id, "offset": offset, "limit": 100},
            )["service_response"]
            entries.extend(page["entries"])
            offset = page["next_offset"]
        return list(reversed(entries))


def sorted_kinds(kinds: frozenset[str]) -> list[str]:
    """Kinds in the documented order (as the switch shows them)."""
    return [kind for kind in KINDS if kind in kinds]


def _timed(act: Callable[[], object]) -> float:
    act()
    return time.monotonic()
