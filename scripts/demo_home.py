"""Prepare the demo client home of scripts/develop through Home Assistant's own HTTP APIs.

On the first start: finish onboarding (the onboarding API creates the demo user), log in
through the normal login flow, and create the client home hub and its demo subentries
through the config-flow API, exactly as a worker would in the UI. Later starts only check
that the demo user can log in. Standard library only.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
import json
import os
import sys
import time
from typing import Any
from urllib import error, parse, request
from zoneinfo import ZoneInfo

BASE = f"http://127.0.0.1:{os.environ.get('DIGIOHJAUS_PORT', '8123')}"
CLIENT_ID = f"{BASE}/"
USERNAME = "demo"
PASSWORD = "digiohjaus-demo"  # noqa: S105 - a published demo login for a local demo home

HUB = {
    "alias": "Maija",
    "language": "fi",
    "check_in_deadline": "12:00:00",
    "visit_interval_days": 180,
    "last_visit": "2026-10-15",
}


DATA_KINDS = (
    "check_in",
    "mood",
    "medication",
    "medication_details",
    "calls",
    "reminders",
    "activity",
)

EVERY_DAY = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def _today() -> date:
    """Today in the demo home (Helsinki)."""
    return datetime.now(ZoneInfo("Europe/Helsinki")).date()


def _next_day_of_month(day: int) -> str:
    """The next date on ``day`` of a month from today (a repeating bill's first due date)."""
    today = _today()
    year, month = (today.year, today.month) if today.day <= day else (today.year, today.month + 1)
    year, month = (year + 1, 1) if month == 13 else (year, month)  # noqa: PLR2004
    return date(year, month, day).isoformat()


def _consent(*kinds: str) -> dict[str, bool]:
    """The consent screen with exactly ``kinds`` ticked (nothing is ticked by default)."""
    return {kind: kind in kinds for kind in DATA_KINDS}


# What the worker sets up with the client on the first home visit: (subentry type, the data
# of each form step in order). Features add their demo things here.
DEMO_SUBENTRIES: list[tuple[str, list[dict[str, Any]]]] = [
    # Liisa, Maija's worker: follows check-ins, mood, medicines (no names), call requests,
    # other reminders and activity. Her "phone" is a notify group in configuration.yaml.
    (
        "contact",
        [
            {
                "name": "Liisa",
                "role": "worker",
                "notify_target": "notify.liisan_puhelin",
                "phone": "040 123 4567",
                "language": "fi",
            },
            _consent("check_in", "mood", "medication", "calls", "reminders", "activity"),
        ],
    ),
    # Pekka, Maija's brother: only whether she has checked in and taken her medicines, so he
    # can be asked to "check on Maija" without hearing how she feels or what she takes.
    (
        "contact",
        [
            {
                "name": "Pekka",
                "role": "family",
                "notify_target": "notify.pekan_puhelin",
                "phone": "050 765 4321",
                "language": "fi",
            },
            _consent("check_in", "medication"),
        ],
    ),
    # Maija's medicines: an antidepressant in the morning, vitamin D morning and evening.
    (
        "medication",
        [
            {
                "name": "Sertralin",
                "dose": "1 tabletti (50 mg)",
                "times": ["08:00"],
                "weekdays": EVERY_DAY,
                "grace_minutes": 60,
                "snooze_minutes": 10,
                "early_minutes": 120,
            }
        ],
    ),
    (
        "medication",
        [
            {
                "name": "D-vitamiini",
                "dose": "1 kapseli",
                "times": ["08:00", "20:00"],
                "weekdays": EVERY_DAY,
                "grace_minutes": 90,
                "snooze_minutes": 15,
                "early_minutes": 60,
            }
        ],
    ),
    # Money: the rent on the 1st (reminded three days before and on the day) and the
    # electricity bill every month on the 20th.
    (
        "rent",
        [
            {
                "name": "Vuokra",
                "day": 1,
                "amount": 612.4,
                "time": "09:00:00",
                "lead_days": 3,
                "grace_days": 5,
            }
        ],
    ),
    (
        "bill",
        [
            {
                "payee": "Helen sähkö",
                "amount": 38.9,
                "due_date": _next_day_of_month(20),
                "repeat": "monthly",
                "time": "09:00:00",
                "lead_days": 3,
                "grace_days": 3,
            }
        ],
    ),
    # Food: lunch every day at noon.
    (
        "meal",
        [
            {
                "name": "Lounas",
                "times": ["12:00"],
                "weekdays": EVERY_DAY,
                "grace_minutes": 90,
                "snooze_minutes": 15,
            }
        ],
    ),
    # Services: tomorrow's video meeting with Liisa (the reminder carries the checklist and
    # the link), reminded a day and half an hour before.
    (
        "appointment",
        [
            {
                "name": "Etätapaaminen Liisan kanssa",
                "date": (_today() + timedelta(days=1)).isoformat(),
                "time": "14:00",
                "link": "https://teams.microsoft.com/l/meetup-join/digiohjaus-demo",
                "leads": ["1440", "30"],
            }
        ],
    ),
    # Home care: vacuuming on Tuesdays at ten.
    (
        "routine",
        [
            {
                "name": "Imurointi",
                "times": ["10:00"],
                "weekdays": ["tue"],
                "grace_minutes": 480,
                "snooze_minutes": 30,
            }
        ],
    ),
]


# What the worker agrees with the client in the hub's options: (menu topic, form data).
DEMO_OPTIONS: list[tuple[str, dict[str, Any]]] = [
    # The ladder as agreed with Maija: a nudge on the tablet at once, Pekka after 15 minutes,
    # Liisa after an hour; quiet from 22 to 8 (call requests still go through); a call request
    # waits 15 minutes for "I'll call you" before the tablet puts the crisis path in front.
    (
        "escalation",
        {
            "step_1_delay": 0,
            "step_1_roles": ["client"],
            "step_2_delay": 15,
            "step_2_roles": ["family"],
            "step_3_delay": 60,
            "step_3_roles": ["worker"],
            "step_4_delay": 0,
            "step_4_roles": [],
            "quiet_start": "22:00:00",
            "quiet_end": "08:00:00",
            "answer_minutes": 15,
        },
    ),
    # Maija's safety plan, written with Liisa in Maija's own words.
    (
        "safety_plan",
        {
            "warning_signs": "En saa unta, jätän syömättä enkä halua vastata puhelimeen.",
            "coping": "Lämmin suihku, kävely rantaan, lempimusiikki kuulokkeilla.",
            "distractions": "Kirjasto, kahvila kulman takana, käynti Pekan luona.",
            "help_people": "Pekka (veli) 050 765 4321.",
            "professionals": (
                "Ohjaaja Liisa 040 123 4567 arkisin 8–16. Terveysasema. "
                "Kriisipuhelin 09 2525 0111 (24/7). Hätänumero 112."
            ),
            "safe_surroundings": "Lääkkeet viikkodosettiin; ylimääräiset vien apteekkiin.",
        },
    ),
]


def _call(
    method: str, path: str, body: Any = None, token: str | None = None, form: bool = False
) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    data = None
    if body is not None:
        if form:
            data = parse.urlencode(body).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        else:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
    req = request.Request(f"{BASE}{path}", data=data, headers=headers, method=method)
    with request.urlopen(req, timeout=30) as response:
        raw = response.read()
    return json.loads(raw) if raw else None


ONBOARDING_STEPS = ("user", "core_config", "analytics", "integration")
HTTP_NOT_FOUND = 404


def wait_for_home_assistant(timeout: float = 300) -> list[dict[str, Any]]:
    """Wait until Home Assistant answers; return the onboarding steps.

    Once onboarding is finished (every later start), Home Assistant no longer serves
    ``/api/onboarding`` and answers 404: every step is done.
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            return list(_call("GET", "/api/onboarding"))
        except error.HTTPError as err:
            if err.code == HTTP_NOT_FOUND:
                return [{"step": step, "done": True} for step in ONBOARDING_STEPS]
            if time.monotonic() > deadline:
                raise
        except error.URLError, ConnectionError, TimeoutError:
            if time.monotonic() > deadline:
                raise
        time.sleep(1)


def _token_from_code(code: str) -> str:
    tokens = _call(
        "POST",
        "/auth/token",
        {"grant_type": "authorization_code", "code": code, "client_id": CLIENT_ID},
        form=True,
    )
    return str(tokens["access_token"])


def log_in() -> str:
    """Log in as the demo user through Home Assistant's normal login flow."""
    flow = _call(
        "POST",
        "/auth/login_flow",
        {"client_id": CLIENT_ID, "handler": ["homeassistant", None], "redirect_uri": CLIENT_ID},
    )
    result = _call(
        "POST",
        f"/auth/login_flow/{flow['flow_id']}",
        {"username": USERNAME, "password": PASSWORD, "client_id": CLIENT_ID},
    )
    if result.get("type") != "create_entry":
        raise SystemExit(f"demo login failed: {result.get('errors')}")
    return _token_from_code(str(result["result"]))


def onboard(steps: list[dict[str, Any]]) -> str:
    """Finish whatever onboarding steps are open; return an access token."""
    done = {step["step"] for step in steps if step["done"]}
    if "user" not in done:
        created = _call(
            "POST",
            "/api/onboarding/users",
            {
                "client_id": CLIENT_ID,
                "name": "Demo",
                "username": USERNAME,
                "password": PASSWORD,
                "language": "fi",
            },
        )
        token = _token_from_code(str(created["auth_code"]))
    else:
        token = log_in()
    if "core_config" not in done:
        _call("POST", "/api/onboarding/core_config", {}, token)
    if "analytics" not in done:
        _call("POST", "/api/onboarding/analytics", {}, token)
    if "integration" not in done:
        _call(
            "POST",
            "/api/onboarding/integration",
            {"client_id": CLIENT_ID, "redirect_uri": CLIENT_ID},
            token,
        )
    return token


def _run_flow(token: str, base: str, handler: Any, steps: list[dict[str, Any]]) -> dict[str, Any]:
    result = _call("POST", base, {"handler": handler}, token)
    for data in steps:
        result = _call("POST", f"{base}/{result['flow_id']}", data, token)
        if result.get("errors"):
            raise SystemExit(f"demo setup: {handler} refused {data}: {result['errors']}")
    if result.get("type") != "create_entry":
        raise SystemExit(f"demo setup: {handler} did not finish: {result}")
    return dict(result)


def create_demo_home(token: str) -> bool:
    """Create the client home hub and its subentries unless the hub exists; True if created."""
    if _call("GET", "/api/config/config_entries/entry?domain=digiohjaus", token=token):
        return False
    hub = _run_flow(
        token, "/api/config/config_entries/flow", "digiohjaus", [{"next_step_id": "hub"}, HUB]
    )
    entry_id = hub["result"]["entry_id"]
    for subentry_type, steps in DEMO_SUBENTRIES:
        _run_flow(
            token, "/api/config/config_entries/subentries/flow", [entry_id, subentry_type], steps
        )
    share = create_demo_share_token(token, entry_id)
    print(
        "\n  Liisa's share token (shown once; paste it with the address into another\n"
        f"  Home Assistant: Digiohjaus → Follow a client):\n    {BASE}\n    {share}\n",
        flush=True,
    )
    for topic, data in DEMO_OPTIONS:
        _run_flow(
            token,
            "/api/config/config_entries/options/flow",
            entry_id,
            [{"next_step_id": topic}, data],
        )
    return True


def create_demo_share_token(token: str, entry_id: str) -> str:
    """Create Liisa's share token through the subentry flow, as on a home visit; return it."""
    base = "/api/config/config_entries/subentries/flow"
    result = _call("POST", base, {"handler": [entry_id, "share_token"]}, token)
    field = next(f for f in result["data_schema"] if f["name"] == "contact_id")
    liisa = next(
        o["value"] for o in field["selector"]["select"]["options"] if o["label"] == "Liisa"
    )
    shown = _call("POST", f"{base}/{result['flow_id']}", {"contact_id": liisa}, token)
    share = str(shown["description_placeholders"]["token"])
    done = _call("POST", f"{base}/{shown['flow_id']}", {}, token)
    if done.get("type") != "create_entry":
        raise SystemExit(f"demo setup: share token not created: {done}")
    return share


def ensure_shopping_list(token: str) -> None:
    """Add Home Assistant's own shopping list (the tablet's to-do list) unless it exists."""
    if not _call("GET", "/api/config/config_entries/entry?domain=shopping_list", token=token):
        _run_flow(token, "/api/config/config_entries/flow", "shopping_list", [{}])


def main() -> int:
    """Onboard, seed the demo home on first start, and print how to log in."""
    steps = wait_for_home_assistant()
    token = onboard(steps)
    # DIGIOHJAUS_DEMO=0: onboarding and the user only; the worker sets the hub up in the UI.
    created = os.environ.get("DIGIOHJAUS_DEMO", "1") != "0" and create_demo_home(token)
    ensure_shopping_list(token)
    log_in()  # the normal login flow works for the demo user
    print(
        "\n"
        f"  Digiohjaus demo home {'created' if created else 'is ready'}: {BASE}\n"
        f"  Log in as  {USERNAME} / {PASSWORD}\n",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
