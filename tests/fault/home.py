"""A minimal real Home Assistant in its own process, with a hub made through the config flow.

Only what the hub needs is loaded (no frontend, recorder or default_config), so a start
takes a couple of seconds; ``kill`` sends SIGKILL, as a power cut or an OOM kill would.
Standard library HTTP only: the harness must not share an event loop with the process.
"""

from __future__ import annotations

from collections.abc import Callable
import json
import os
from pathlib import Path
import signal
import socket
import subprocess
import sys
import time
from typing import Any
from urllib import error, parse, request

REPO = Path(__file__).resolve().parents[2]
CLIENT_ID_PATH = "/"
USERNAME = "harness"
PASSWORD = "harness-password"  # noqa: S105 - a throwaway user in a temporary config
START_TIMEOUT = 120.0
HTTP_NOT_FOUND = 404

CONFIGURATION = """\
homeassistant:
  name: Koti
  language: en
  country: FI
  time_zone: Europe/Helsinki
  currency: EUR
  unit_system: metric
  latitude: 60.17
  longitude: 24.94
  elevation: 15
api:
config:
onboarding:
notify:
  - platform: group
    name: liisan_puhelin
    services:
      - action: persistent_notification
logger:
  default: warning
  logs:
    homeassistant.loader: error
    haffmpeg: critical
    homeassistant.components.camera.img_util: critical
"""


class HomeAssistantProcess:
    """One configuration folder; started, killed and started again."""

    def __init__(self, config_dir: Path) -> None:
        """Prepare ``config_dir`` (configuration, HTTP settings, the integration)."""
        self.config_dir = config_dir
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = int(sock.getsockname()[1])
        self.base = f"http://127.0.0.1:{self.port}"
        self.token = ""
        self._refresh = ""
        self.log = config_dir / "harness.log"
        self._process: subprocess.Popen[bytes] | None = None
        storage = config_dir / ".storage"
        storage.mkdir(parents=True, exist_ok=True)
        (config_dir / "configuration.yaml").write_text(CONFIGURATION)
        (config_dir / "custom_components").mkdir(exist_ok=True)
        link = config_dir / "custom_components" / "digiohjaus"
        if not link.exists():
            link.symlink_to(REPO / "custom_components" / "digiohjaus")
        _write_json(
            storage / "onboarding",
            {
                "version": 4,
                "minor_version": 1,
                "key": "onboarding",
                "data": {"done": ["core_config"]},
            },
        )
        _write_json(
            storage / "http",
            {
                "version": 2,
                "minor_version": 2,
                "key": "http",
                "data": {
                    "stable": {
                        "server_host": ["127.0.0.1"],
                        "server_port": self.port,
                        "cors_allowed_origins": [],
                        "login_attempts_threshold": -1,
                        "ip_ban_enabled": False,
                        "ssl_profile": "modern",
                        "use_x_frame_options": True,
                        "created_at": "2026-01-01T00:00:00+00:00",
                        "error": None,
                        "error_message": None,
                    },
                    "pending": None,
                    "yaml_migration_done": True,
                },
            },
        )

    # --- the process -------------------------------------------------------------------

    def start(self) -> float:
        """Start Home Assistant and wait until the hub is loaded; return the seconds taken."""
        began = time.monotonic()
        with self.log.open("a") as out:
            self._process = subprocess.Popen(  # noqa: S603 - the project's own venv
                [
                    sys.executable,
                    "-m",
                    "homeassistant",
                    "--config",
                    str(self.config_dir),
                    "--skip-pip",
                ],
                cwd=REPO,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.token = ""
        self._wait(self._answers)
        self.token = self._refreshed() if self._refresh else self._onboard()
        self._wait(self._hub_loaded_or_absent)
        return time.monotonic() - began

    def kill(self) -> None:
        """SIGKILL: nothing more reaches the disk."""
        if self._process is not None:
            os.killpg(self._process.pid, signal.SIGKILL)
            self._process.wait()
            self._process = None

    def stop(self) -> None:
        """Stop Home Assistant the normal way (end of the harness)."""
        if self._process is not None:
            os.killpg(self._process.pid, signal.SIGTERM)
            try:
                self._process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.kill()
            self._process = None

    def _wait(self, ready: Callable[[], bool]) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if self._process is not None and self._process.poll() is not None:
                raise RuntimeError(f"Home Assistant exited:\n{self.tail()}")
            try:
                if ready():
                    return
            except error.URLError, ConnectionError, TimeoutError, OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"Home Assistant did not get ready:\n{self.tail()}")
            time.sleep(0.05)

    def _answers(self) -> bool:
        try:
            self.call("GET", "/api/onboarding")
        except error.HTTPError as err:
            return err.code == HTTP_NOT_FOUND  # onboarded: the view is gone
        return True

    def _hub_loaded_or_absent(self) -> bool:
        entries = self.call("GET", "/api/config/config_entries/entry?domain=digiohjaus")
        return all(entry["state"] == "loaded" for entry in entries) and (
            not entries or self._has_entities()
        )

    def _has_entities(self) -> bool:
        states = self.call("GET", "/api/states")
        return any(state["entity_id"].startswith("switch.") for state in states)

    def tail(self, lines: int = 40) -> str:
        """The end of Home Assistant's output."""
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    # --- HTTP --------------------------------------------------------------------------

    def call(self, method: str, path: str, body: Any = None, form: bool = False) -> Any:
        """Call Home Assistant's HTTP API (as the harness user once onboarded)."""
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        data = None
        if body is not None:
            if form:
                data = parse.urlencode(body).encode()
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            else:
                data = json.dumps(body).encode()
                headers["Content-Type"] = "application/json"
        req = request.Request(  # noqa: S310 - http://127.0.0.1 only
            f"{self.base}{path}", data=data, headers=headers, method=method
        )
        try:
            with request.urlopen(req, timeout=30) as response:  # noqa: S310 - loopback
                raw = response.read()
        except error.HTTPError as err:
            err.msg = f"{err.msg}: {err.read().decode(errors='replace')[:500]}"
            raise
        return json.loads(raw) if raw else None

    def _onboard(self) -> str:
        client_id = f"{self.base}/"
        created = self.call(
            "POST",
            "/api/onboarding/users",
            {
                "client_id": client_id,
                "name": "Harness",
                "username": USERNAME,
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
        self._refresh = str(tokens["refresh_token"])
        return str(tokens["access_token"])

    def _refreshed(self) -> str:
        """A fresh access token from the refresh token (it was saved by a clean stop)."""
        tokens = self.call(
            "POST",
            "/auth/token",
            {
                "grant_type": "refresh_token",
                "refresh_token": self._refresh,
                "client_id": f"{self.base}/",
            },
            form=True,
        )
        return str(tokens["access_token"])

    def flow(self, base: str, handler: Any, steps: list[dict[str, Any]], **init: Any) -> Any:
        """Run a (sub)entry flow through the HTTP API, as the UI does."""
        result = self.call("POST", base, {"handler": handler, **init})
        for data in steps:
            result = self.call("POST", f"{base}/{result['flow_id']}", data)
            if result.get("errors"):
                raise RuntimeError(f"{handler} refused {data}: {result['errors']}")
        return result

    def service(self, domain: str, service: str, data: dict[str, Any]) -> Any:
        """Call an action; returns its response when it has one."""
        path = f"/api/services/{domain}/{service}"
        if domain == "digiohjaus" and service == "get_audit_log":
            path += "?return_response"
        return self.call("POST", path, data)

    def state(self, entity_id: str) -> dict[str, Any]:
        """The state object of one entity."""
        return dict(self.call("GET", f"/api/states/{entity_id}"))


def _write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data))
