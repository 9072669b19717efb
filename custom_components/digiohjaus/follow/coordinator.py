"""Poll one followed hub's share endpoint and keep its latest answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
import logging
from typing import TYPE_CHECKING, Final

from homeassistant.const import CONF_TOKEN, CONF_URL
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryAuthFailed
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed
from homeassistant.util import dt as dt_util

from ..const import CONF_SCAN_MINUTES, DEFAULT_SCAN_MINUTES, DOMAIN
from ..core.share import ShareSnapshot
from .client import (
    ShareAuthError,
    ShareClient,
    ShareConnectionError,
    ShareConsentWithdrawnError,
    ShareInvalidResponseError,
    ShareRateLimitedError,
    ShareUnavailableError,
)

if TYPE_CHECKING:
    from .runtime import FollowConfigEntry

_LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ConsentWithdrawn:
    """The hub answered ``403 consent_withdrawn``: nothing of the client is kept."""

    noticed_at: datetime = field(compare=False)


type FollowState = ShareSnapshot | ConsentWithdrawn

WITHDRAWN_INTERVAL: Final = timedelta(hours=1)
"""After ``403 consent_withdrawn``, the hub is asked at most this often until a read succeeds."""


def consent_issue_id(entry_id: str) -> str:
    """Return the repair issue's id for one followed hub."""
    return f"consent_withdrawn_{entry_id}"


class FollowCoordinator(DataUpdateCoordinator[FollowState]):
    """Fetch the share payload every few minutes; log once down and once back.

    After the client withdraws consent the hub is asked once an hour (not every few
    minutes) until a read succeeds again; nothing else shortens that wait. The
    coordinator's name (used in its log lines) is the entry id: log lines at INFO
    and above never name the client.
    """

    config_entry: FollowConfigEntry

    def __init__(self, hass: HomeAssistant, entry: FollowConfigEntry) -> None:
        """Poll the entry's hub at the interval chosen in its options."""
        minutes = int(entry.options.get(CONF_SCAN_MINUTES, DEFAULT_SCAN_MINUTES))
        self._interval = timedelta(minutes=minutes)
        super().__init__(
            hass,
            _LOGGER,
            config_entry=entry,
            name=f"followed hub {entry.entry_id}",
            update_interval=self._interval,
            # Entities are written only when the answer changed (or the hub came or went).
            always_update=False,
        )
        self.client = ShareClient(
            async_get_clientsession(hass), entry.data[CONF_URL], entry.data[CONF_TOKEN]
        )

    async def _async_update_data(self) -> FollowState:
        """Return the hub's answer, or say why there is none."""
        try:
            snapshot = await self.client.async_fetch()
        except ShareAuthError as err:
            raise ConfigEntryAuthFailed(
                translation_domain=DOMAIN, translation_key="share_token_rejected"
            ) from err
        except ShareConsentWithdrawnError:
            self._async_consent_issue(withdrawn=True)
            self.update_interval = max(self._interval, WITHDRAWN_INTERVAL)
            return ConsentWithdrawn(noticed_at=dt_util.utcnow())
        except ShareRateLimitedError as err:
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="share_rate_limited",
                retry_after=self._wait(err.retry_after),
            ) from err
        except ShareUnavailableError as err:
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="share_hub_unavailable",
                retry_after=self._wait(err.retry_after),
            ) from err
        except ShareConnectionError as err:
            raise UpdateFailed(
                translation_domain=DOMAIN, translation_key="share_unreachable"
            ) from err
        except ShareInvalidResponseError as err:
            _LOGGER.debug("Unusable answer from %s: %s", self.name, err)
            raise UpdateFailed(
                translation_domain=DOMAIN, translation_key="share_invalid_response"
            ) from err
        self._async_consent_issue(withdrawn=False)
        self.update_interval = self._interval
        return snapshot

    def _wait(self, retry_after: float | None) -> float | None:
        """The wait the hub asked for, never shorter than the current interval's backoff."""
        if self.update_interval is None or self.update_interval <= self._interval:
            return retry_after
        return max(retry_after or 0.0, self.update_interval.total_seconds())

    def _async_consent_issue(self, *, withdrawn: bool) -> None:
        """Tell the worker (a repair issue) that the client has withdrawn consent."""
        issue_id = consent_issue_id(self.config_entry.entry_id)
        if not withdrawn:
            ir.async_delete_issue(self.hass, DOMAIN, issue_id)
            return
        ir.async_create_issue(
            self.hass,
            DOMAIN,
            issue_id,
            is_fixable=False,
            is_persistent=False,
            severity=ir.IssueSeverity.WARNING,
            translation_key="follow_consent_withdrawn",
            translation_placeholders={"client": self.config_entry.title},
        )
