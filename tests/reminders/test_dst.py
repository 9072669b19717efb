"""Daylight saving in Europe/Helsinki on the running hub: 2027-03-28 and 2027-10-31."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from homeassistant.core import Event, HomeAssistant
import pytest

from .conftest import AddReminder, MoveTo, helsinki


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


@pytest.mark.parametrize("start_time", [helsinki(2027, 3, 27, 22, 0)])
async def test_time_in_the_skipped_hour_fires_once_at_the_jump(
    hass: HomeAssistant, add_reminder: AddReminder, move_to: MoveTo, events: list[Event]
) -> None:
    # Clocks go 03:00 EET → 04:00 EEST at 01:00 UTC; 03:30 does not exist that night.
    await add_reminder(times=["03:30"])
    await move_to(utc(2027, 3, 28, 0, 59, 59))  # 02:59:59 local: before the nominal time
    assert events == []
    await move_to(utc(2027, 3, 28, 1, 0))  # 04:00 EEST, the first valid instant after 03:30
    assert [e.data["due_at"] for e in events] == ["2027-03-28T04:00:00+03:00"]
    await move_to(utc(2027, 3, 28, 1, 30))
    await move_to(utc(2027, 3, 28, 12, 0))
    assert [e.data["status"] for e in events] == ["due", "missed"]
    # The next night it is an ordinary 03:30 again.
    await move_to(utc(2027, 3, 29, 0, 30))
    assert events[-1].data["due_at"] == "2027-03-29T03:30:00+03:00"


@pytest.mark.parametrize("start_time", [helsinki(2027, 10, 30, 22, 0)])
async def test_time_in_the_repeated_hour_fires_once_at_the_first_pass(
    hass: HomeAssistant, add_reminder: AddReminder, move_to: MoveTo, events: list[Event]
) -> None:
    # Clocks go 04:00 EEST → 03:00 EET at 01:00 UTC; 03:30 happens twice that night.
    await add_reminder(times=["03:30"], grace_minutes=120)
    await move_to(utc(2027, 10, 31, 0, 29, 59))
    assert events == []
    await move_to(utc(2027, 10, 31, 0, 30))  # 03:30 EEST, the first pass
    assert [(e.data["status"], e.data["due_at"]) for e in events] == [
        ("due", "2027-10-31T03:30:00+03:00")
    ]
    await hass.services.async_call(
        "button", "press", {"entity_id": "button.burana_taken"}, blocking=True
    )
    for minutes in range(30, 240, 15):  # on through the second 03:30 (01:30 UTC) and later
        await move_to(utc(2027, 10, 31, 0, 0) + timedelta(minutes=minutes))
    assert [e.data["status"] for e in events] == ["due", "done"]


@pytest.mark.parametrize(
    "start_time", [helsinki(2027, 3, 26, 12, 0), helsinki(2027, 10, 29, 12, 0)]
)
async def test_eight_oclock_stays_eight_oclock(
    hass: HomeAssistant,
    add_reminder: AddReminder,
    move_to: MoveTo,
    events: list[Event],
    start_time: datetime,
) -> None:
    await add_reminder(times=["08:00"])
    for day in range(1, 5):
        date = (start_time + timedelta(days=day)).date()
        eight = helsinki(date.year, date.month, date.day, 8, 0)
        await move_to(eight - timedelta(seconds=1))
        assert all(e.data["due_at"] != eight.isoformat() for e in events)
        await move_to(eight)
        due = [e for e in events if e.data["status"] == "due"]
        assert due[-1].data["due_at"].startswith(f"{date.isoformat()}T08:00:00+0")
    assert len([e for e in events if e.data["status"] == "due"]) == 4
