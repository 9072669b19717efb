"""Consent per contact and data kind: give, change, withdraw, restore, and the policy."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from custom_components.digiohjaus.core.consent import (
    DATA_KINDS,
    ConsentAction,
    ConsentError,
    ConsentRecord,
    DataKind,
    parse_kinds,
    sorted_kinds,
)

T0 = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)
CHECK_IN_MOOD = frozenset({DataKind.CHECK_IN, DataKind.MOOD})


def test_the_seven_documented_kinds() -> None:
    assert [str(kind) for kind in DATA_KINDS] == [
        "check_in",
        "mood",
        "medication",
        "medication_details",
        "calls",
        "reminders",
        "activity",
    ]


def test_nothing_is_consented_by_default() -> None:
    record = ConsentRecord()
    assert not record.active
    assert record.active_kinds == frozenset()
    for kind in DataKind:
        assert not record.covers({kind})
    assert not record.covers(frozenset())


@pytest.mark.parametrize("kind", list(DataKind))
@pytest.mark.parametrize("withdrawn", [False, True])
def test_policy_matrix(kind: DataKind, withdrawn: bool) -> None:
    record = ConsentRecord().with_kinds({kind}, T0)
    if withdrawn:
        record = record.withdraw(T0 + timedelta(minutes=1))
    assert record.covers({kind}) is not withdrawn
    others = [other for other in DataKind if other != kind]
    assert not record.covers({kind, others[0]})
    assert not any(record.covers({other}) for other in others)


def test_giving_records_when_and_which_kinds() -> None:
    record = ConsentRecord().with_kinds(CHECK_IN_MOOD, T0, event_id="e1")
    assert record.kinds == CHECK_IN_MOOD
    assert record.given_at == T0
    assert [(e.event_id, e.action, e.kinds) for e in record.history] == [
        ("e1", ConsentAction.GIVEN, CHECK_IN_MOOD)
    ]
    assert record.covers({DataKind.MOOD})
    assert record.covers(frozenset())


def test_changing_kinds_and_choosing_the_same_again() -> None:
    given = ConsentRecord().with_kinds(CHECK_IN_MOOD, T0)
    assert given.with_kinds(CHECK_IN_MOOD, T0 + timedelta(days=1)) is given
    later = T0 + timedelta(days=2)
    changed = given.with_kinds({DataKind.CALLS}, later)
    assert changed.kinds == {DataKind.CALLS}
    assert changed.given_at == later
    assert changed.history[-1].action is ConsentAction.CHANGED
    emptied = changed.with_kinds(set(), later)
    assert not emptied.active
    assert emptied.given_at is None
    assert emptied.history[-1].action is ConsentAction.CHANGED
    assert emptied.history[-1].kinds == frozenset()


def test_withdraw_and_restore_exactly_the_previous_kinds() -> None:
    given = ConsentRecord().with_kinds(CHECK_IN_MOOD, T0)
    withdrawn = given.withdraw(T0 + timedelta(hours=1))
    assert withdrawn.withdrawn
    assert withdrawn.active_kinds == frozenset()
    assert not withdrawn.covers({DataKind.CHECK_IN})
    assert withdrawn.withdraw(T0 + timedelta(hours=2)) is withdrawn
    restored = withdrawn.restore(T0 + timedelta(hours=3))
    assert restored.active_kinds == CHECK_IN_MOOD
    assert restored.given_at == T0
    assert restored.restore(T0 + timedelta(hours=4)) is restored
    assert [e.action for e in restored.history] == [
        ConsentAction.GIVEN,
        ConsentAction.WITHDRAWN,
        ConsentAction.RESTORED,
    ]


def test_choosing_kinds_after_withdrawal_is_a_new_consent() -> None:
    withdrawn = ConsentRecord().with_kinds(CHECK_IN_MOOD, T0).withdraw(T0)
    later = T0 + timedelta(days=1)
    again = withdrawn.with_kinds(CHECK_IN_MOOD, later)
    assert again.active
    assert again.given_at == later
    assert again.history[-1].action is ConsentAction.GIVEN
    none = withdrawn.with_kinds(set(), later)
    assert not none.withdrawn
    assert none.history[-1].action is ConsentAction.CHANGED


def test_nothing_to_withdraw_or_restore_without_kinds() -> None:
    record = ConsentRecord()
    assert record.withdraw(T0) is record
    with pytest.raises(ConsentError) as err:
        record.restore(T0)
    assert err.value.key == "nothing_to_restore"


def test_round_trip_through_storage() -> None:
    record = ConsentRecord().with_kinds(CHECK_IN_MOOD, T0).withdraw(T0 + timedelta(hours=1))
    assert ConsentRecord.from_dict(record.as_dict()) == record
    assert record.as_dict()["kinds"] == ["check_in", "mood"]
    assert ConsentRecord.from_dict(None) == ConsentRecord()


def test_history_is_pruned_but_the_record_stays() -> None:
    record = ConsentRecord().with_kinds(CHECK_IN_MOOD, T0)
    record = record.withdraw(T0 + timedelta(days=10))
    pruned = record.pruned(T0 + timedelta(days=1))
    assert [e.action for e in pruned.history] == [ConsentAction.WITHDRAWN]
    assert pruned.given_at == T0
    assert pruned.pruned(T0) is pruned


def test_kind_names() -> None:
    assert parse_kinds(["mood", "calls"]) == {DataKind.MOOD, DataKind.CALLS}
    assert sorted_kinds({DataKind.ACTIVITY, DataKind.CHECK_IN}) == ["check_in", "activity"]
    with pytest.raises(ConsentError) as err:
        parse_kinds(["diagnosis"])
    assert err.value.key == "unknown_data_kind"
