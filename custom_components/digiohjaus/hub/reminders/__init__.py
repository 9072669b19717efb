"""Reminders on the client home hub: one engine, many kinds.

- ``kind.py``: what a kind of reminder is (:class:`ReminderKind`) — its schedule from
  the subentry's data, emoji, message texts, buttons and defaults;
- ``registry.py``: the table of kinds the hub knows (add a kind there);
- ``medication.py`` (and later ``rent.py``, ``meal.py`` …): one module per kind with
  its subentry flow;
- ``engine.py``: timers, storage and events, generic over the kind;
- ``notify.py``: reminders to the client's own devices and their answers.
"""
