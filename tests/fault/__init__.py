"""Fault harness: a real Home Assistant process killed right after confirming actions."""
