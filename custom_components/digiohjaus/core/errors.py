"""The one shape of an error the core raises: ``key`` names the translated message.

The adapters turn ``key`` into a form error or a translated Home Assistant error; the
core never holds the words themselves.
"""

from __future__ import annotations


class KeyedError(Exception):
    """Something cannot be used or done; ``key`` names the translated error."""

    def __init__(self, key: str) -> None:
        """Remember which translated error describes the problem."""
        super().__init__(key)
        self.key = key
