"""The hub's side of the broker link: its keys, its connection, pairing and publishing."""
