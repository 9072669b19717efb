"""The live link between a hub and its workers through an organisation's MQTT broker.

Pure protocol, no Home Assistant: topic names (:mod:`topics`), broker settings and their
rules (:mod:`settings`), sealed messages with sequence numbers (:mod:`envelope`), the
one-time pairing code (:mod:`pairing`) and the reconnecting MQTT session (:mod:`session`).
The hub's side lives in ``hub/link/``, the worker's in ``follow/link/``.
"""
