"""Constants shared by the digiohjaus integration."""

from __future__ import annotations

from typing import Final

DOMAIN: Final = "digiohjaus"

# Config entry roles (the first step of the config flow is a menu of these).
CONF_ROLE: Final = "role"
ROLE_HUB: Final = "hub"
ROLE_FOLLOW: Final = "follow"

# Client home hub: identity (entry.data) ...
CONF_ALIAS: Final = "alias"
CONF_LANGUAGE: Final = "language"
# ... and settings that change with the client's situation (entry.options).
CONF_CHECK_IN_DEADLINE: Final = "check_in_deadline"
CONF_VISIT_INTERVAL_DAYS: Final = "visit_interval_days"
CONF_LAST_VISIT: Final = "last_visit"
# Spoken commands through Assist (hub/voice/): off until the worker turns them on with the client.
CONF_VOICE_COMMANDS: Final = "voice_commands"

DEFAULT_LANGUAGE: Final = "fi"
DEFAULT_CHECK_IN_DEADLINE: Final = "12:00:00"
DEFAULT_VISIT_INTERVAL_DAYS: Final = 180

# Only one client home hub per Home Assistant.
HUB_UNIQUE_ID: Final = "client_home_hub"

# Config subentry types of the client home hub.
SUBENTRY_CONTACT: Final = "contact"
# A worker contact's share token for "Follow a client" (hub/share/): add = create,
# reconfigure = rotate, delete = revoke. Holds only a keyed hash of the token.
SUBENTRY_SHARE_TOKEN: Final = "share_token"  # noqa: S105 - a subentry type
# A worker's pairing for the broker link (hub/link/): add = show a one-time code,
# the worker's key is bound when it arrives; delete = revoke.
SUBENTRY_WORKER_LINK: Final = "worker_link"
# The hub's broker settings (options; empty = no broker link).
CONF_BROKER: Final = "broker"

# Events of the public contract (design §7).
EVENT_CHECK_IN: Final = "digiohjaus_check_in"
EVENT_CALL: Final = "digiohjaus_call"
EVENT_ESCALATION: Final = "digiohjaus_escalation"
EVENT_REMINDER: Final = "digiohjaus_reminder"

# Reminders (config subentries of the hub; one device each; events EVENT_REMINDER).
CONF_NAME: Final = "name"
CONF_TIMES: Final = "times"
CONF_WEEKDAYS: Final = "weekdays"
CONF_GRACE_MINUTES: Final = "grace_minutes"
CONF_SNOOZE_MINUTES: Final = "snooze_minutes"
CONF_EARLY_MINUTES: Final = "early_minutes"
# The client's own devices (tablet, phone) that get reminders: notify entities/services.
CONF_CLIENT_NOTIFY: Final = "client_notify"

# Reminder actions
SERVICE_MARK_DONE: Final = "mark_done"
SERVICE_SNOOZE: Final = "snooze"
ATTR_MINUTES: Final = "minutes"
MIN_SNOOZE_MINUTES: Final = 1
MAX_SNOOZE_MINUTES: Final = 240

# Follow a client (the worker's Home Assistant): the hub's base URL and the share token
# (entry.data, as homeassistant.const CONF_URL / CONF_TOKEN) ...
# ... and how it is followed (entry.options).
CONF_SCAN_MINUTES: Final = "scan_minutes"
CONF_NO_CONTACT_DAYS: Final = "no_contact_days"
DEFAULT_SCAN_MINUTES: Final = 5
MIN_SCAN_MINUTES: Final = 1
MAX_SCAN_MINUTES: Final = 60
DEFAULT_NO_CONTACT_DAYS: Final = 3
MIN_NO_CONTACT_DAYS: Final = 1
MAX_NO_CONTACT_DAYS: Final = 30
