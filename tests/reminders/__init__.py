"""Reminder engine tests (medication first; every kind reuses the fixtures)."""
