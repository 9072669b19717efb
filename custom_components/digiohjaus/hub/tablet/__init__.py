"""The kitchen tablet that builds itself for the hub it runs on.

A dashboard strategy (``frontend/kitchen-tablet.js``, served by the integration) asks the
websocket command of :mod:`.websocket` for the dashboard; :mod:`.dashboard` builds it from
the hub's own entity registry, config entry and subentries, in the hub's language.
"""
