"""The pure domain core of digiohjaus.

Nothing in this package imports Home Assistant: schedules, occurrences, the client's
profile, consent and escalation rules live here and are unit-tested directly. The
Home Assistant adapters in ``hub/`` and ``follow/`` are thin layers around it.
"""
