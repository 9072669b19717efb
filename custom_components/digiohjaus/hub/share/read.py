"""One worker's remote read, start to end, without HTTP: who asks, what they may see, audit.

The walk goes one way: the view (``view.py``) hands over the request's ``Authorization``
header and address; :func:`async_read` checks the token (``tokens.py``, which counts bad
tokens in the lock-out), finds the worker contact and the kinds the client's consent for
them covers, builds only those sections (``snapshot.py``, reused while nothing they show
has changed: ``cache.py``) and writes the read (or the
refusal) into the audit log before answering. The view turns the :class:`ShareRead` into
a response.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Final

from homeassistant.core import HomeAssistant

from ...core.audit import AuditOutcome
from ...core.consent import DataKind
from ...core.contact import ContactRole
from ...core.lockout import LockOut, Refusal
from ...core.share import ShareSnapshot
from ...core.share_token import bearer_token
from ..runtime import HubConfigEntry, HubData
from .cache import async_answer_cache
from .tokens import async_check_token

TOPIC_SHARE: Final = "share_read"


@dataclass(frozen=True, slots=True)
class ShareRead:
    """How a read ended: served, refused (lock-out), no valid token, or no consent."""

    snapshot: ShareSnapshot | None = None
    body: bytes = b""
    """The snapshot as the JSON answer (built once, reused while it stays true)."""
    refused: Refusal | None = None
    consent_withdrawn: bool = False


async def async_read(
    hass: HomeAssistant,
    entry: HubConfigEntry,
    hub: HubData,
    authorization: str | None,
    *,
    lockout: LockOut,
    address: str,
    now: datetime,
) -> ShareRead:
    """Answer one read of the loaded hub; every read by a worker is audited."""
    token = bearer_token(authorization)
    verdict = await async_check_token(hass, entry, token, lockout=lockout, address=address, now=now)
    contact = hub.contacts.get(verdict.contact_id) if verdict.contact_id else None
    if contact is None or contact.role is not ContactRole.WORKER:
        return ShareRead(refused=verdict.refused)
    kinds = contact.consent.active_kinds
    if not kinds:
        await hub.messenger.async_record(
            contact.contact_id,
            frozenset(),
            AuditOutcome.SHARE_DENIED,
            topic=TOPIC_SHARE,
            contact=contact,
        )
        return ShareRead(consent_withdrawn=True)
    snapshot, body = async_answer_cache(hass, entry, hub).answer(entry.entry_id, kinds, now)
    revealed = _revealed(snapshot.kinds)
    await hub.messenger.async_record(
        contact.contact_id, revealed, AuditOutcome.SHARE_READ, topic=TOPIC_SHARE, contact=contact
    )
    return ShareRead(snapshot=snapshot, body=body)


@lru_cache(maxsize=64)
def _revealed(kinds: frozenset[str]) -> frozenset[DataKind]:
    """The kinds an answer's sections reveal, as the audit records them (a handful of sets)."""
    return frozenset(DataKind(kind) for kind in kinds)
