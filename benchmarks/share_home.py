"""One Home Assistant with a client home hub, set up the way a worker does, for benchmarks.

:class:`Hub` starts a real Home Assistant process on a free loopback port (a throwaway
configuration folder; the HTTP server trusts 127.0.0.1 as a proxy, so ``X-Forwarded-For`` can
stand for many addresses), onboards it and creates a hub through the config-flow API: a worker
contact with consent, two medicines and the worker's share token. Used by
``benchmarks/share_endpoint.py``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
import socket
import subprocess
import sys
import time
from typing import Any
from urllib import error, parse, request

REPO = Path(__file__).resolve().parents[1]
SHARE_PATH = "/api/digiohjaus/v1/share"
PASSWORD = "benchmark-only"  # noqa: S105 - a throwaway local instance
CONFIGURATION = """
homeassistant:
  name: Benchmark home
  language: fi
  country: FI
  time_zone: Europe/Helsinki
  currency: EUR
  unit_system: metric
  latitude: 60.17
  longitude: 24.94
  elevation: 15
  internal_url: {url}
frontend:
config:
notify:
  - platform: group
    name: tyontekijan_puhelin
    services:
      - action: persistent_notification
logger:
  default: warning
  logs:
    homeassistant.loader: error
    haffmpeg: critical
    homeassistant.components.camera.img_util: critical
"""
KINDS = ("check_in", "mood", "medication", "medication_details", "calls", "reminders", "activity")
EVERY_DAY = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


# --- Home Assistant, set up as a worker would -------------------------------------------


class Hub:
    """One Home Assistant process on a free loopback port."""

    def __init__(self, folder: Path) -> None:
        """Prepare the configuration folder."""
        self.folder = folder
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None
        self.token = ""

    def write_config(self) -> None:
        """Loopback HTTP trusting 127.0.0.1 as a proxy; onboarding's core step done."""
        (self.folder / "configuration.yaml").write_text(CONFIGURATION.format(url=self.base))
        components = self.folder / "custom_components"
        components.mkdir()
        (components / "digiohjaus").symlink_to(REPO / "custom_components" / "digiohjaus")
        storage = self.folder / ".storage"
        storage.mkdir()
        stable = {
            "server_host": ["127.0.0.1"],
            "server_port": self.port,
            "cors_allowed_origins": [],
            "use_x_frame_options": True,
            "use_x_forwarded_for": True,
            "trusted_proxies": ["127.0.0.1"],
            "login_attempts_threshold": -1,
            "ip_ban_enabled": False,
            "ssl_profile": "modern",
            "created_at": "2026-01-01T00:00:00+00:00",
            "error": None,
            "error_message": None,
        }
        http = {"stable": stable, "pending": None, "yaml_migration_done": True}
        (storage / "http").write_text(
            json.dumps({"version": 2, "minor_version": 2, "key": "http", "data": http})
        )
        onboarding = {"done": ["core_config"]}
        (storage / "onboarding").write_text(
            json.dumps({"version": 4, "minor_version": 1, "key": "onboarding", "data": onboarding})
        )

    def start(self) -> None:
        """Start Home Assistant and wait until it answers."""
        hass = Path(sys.executable).with_name("hass")
        self.process = subprocess.Popen(  # noqa: S603 - our own virtualenv's hass
            [str(hass), "--config", str(self.folder)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                self.call("GET", "/api/onboarding")
            except error.HTTPError:
                return
            except error.URLError, ConnectionError, TimeoutError:
                time.sleep(1)
                continue
            return
        log = self.folder / "home-assistant.log"
        text = log.read_text() if log.exists() else ""
        tail = "\n".join(line for line in text.splitlines() if "http" in line.lower())[:3000]
        raise SystemExit(f"Home Assistant did not start\n{tail}")

    def stop(self) -> None:
        """Stop Home Assistant with one SIGTERM."""
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=120)

    def cpu_seconds(self) -> float:
        """User + system CPU time of the Home Assistant process so far."""
        assert self.process is not None
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def call(self, method: str, path: str, body: Any = None, form: bool = False) -> Any:
        """One request to Home Assistant's API."""
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        data = None
        if body is not None:
            if form:
                data = parse.urlencode(body).encode()
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            else:
                data = json.dumps(body).encode()
                headers["Content-Type"] = "application/json"
        req = request.Request(  # noqa: S310 - http to loopback
            f"{self.base}{path}", data=data, headers=headers, method=method
        )
        with request.urlopen(req, timeout=60) as response:  # noqa: S310 - loopback
            raw = response.read()
        return json.loads(raw) if raw else None

    def onboard(self) -> None:
        """Create the owner through onboarding and keep an access token."""
        client_id = f"{self.base}/"
        created = self.call(
            "POST",
            "/api/onboarding/users",
            {
                "client_id": client_id,
                "name": "Ohjaaja",
                "username": "ohjaaja",
                "password": PASSWORD,
                "language": "fi",
            },
        )
        tokens = self.call(
            "POST",
            "/auth/token",
            {
                "grant_type": "authorization_code",
                "code": created["auth_code"],
                "client_id": client_id,
            },
            form=True,
        )
        self.token = str(tokens["access_token"])
        self.call("POST", "/api/onboarding/analytics", {})
        self.call(
            "POST",
            "/api/onboarding/integration",
            {"client_id": client_id, "redirect_uri": client_id},
        )

    def flow(self, base: str, handler: Any, steps: list[dict[str, Any]]) -> dict[str, Any]:
        """Run a config (sub)entry flow to its end."""
        result = self.call("POST", base, {"handler": handler})
        for data in steps:
            result = self.call("POST", f"{base}/{result['flow_id']}", data)
        if result.get("type") != "create_entry":
            raise SystemExit(f"{handler} did not finish: {result}")
        return dict(result)

    def create_hub(self) -> tuple[str, str]:
        """Hub, worker contact, two medicines, share token; return (token, entity id)."""
        hub = self.flow(
            "/api/config/config_entries/flow",
            "digiohjaus",
            [
                {"next_step_id": "hub"},
                {
                    "alias": "Asiakas",
                    "language": "fi",
                    "check_in_deadline": "12:00:00",
                    "visit_interval_days": 180,
                    "last_visit": "2026-11-01",
                },
            ],
        )
        entry_id = hub["result"]["entry_id"]
        subentries = "/api/config/config_entries/subentries/flow"
        contact = {
            "name": "Ohjaaja",
            "role": "worker",
            "notify_target": "notify.tyontekijan_puhelin",
            "phone": "040 000 0000",
            "language": "fi",
        }
        self.flow(subentries, [entry_id, "contact"], [contact, dict.fromkeys(KINDS, True)])
        for name, times in (("Lääke A", ["08:00", "20:00"]), ("Lääke B", ["08:00"])):
            medicine = {
                "name": name,
                "dose": "1 tabletti",
                "times": times,
                "weekdays": EVERY_DAY,
                "grace_minutes": 60,
                "snooze_minutes": 10,
                "early_minutes": 120,
            }
            self.flow(subentries, [entry_id, "medication"], [medicine])
        return self._share_token(entry_id), self._entity()

    def _share_token(self, entry_id: str) -> str:
        base = "/api/config/config_entries/subentries/flow"
        result = self.call("POST", base, {"handler": [entry_id, "share_token"]})
        field = next(f for f in result["data_schema"] if f["name"] == "contact_id")
        worker = field["selector"]["select"]["options"][0]["value"]
        shown = self.call("POST", f"{base}/{result['flow_id']}", {"contact_id": worker})
        token = str(shown["description_placeholders"]["token"])
        self.call("POST", f"{base}/{shown['flow_id']}", {})
        return token

    def _entity(self) -> str:
        states = self.call("GET", "/api/states")
        return next(s["entity_id"] for s in states if s["entity_id"].startswith("binary_sensor."))
