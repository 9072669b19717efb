"""Snapshot tests of every platform of the client home hub, and of its diagnostics."""
