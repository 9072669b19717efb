"""The worker's side of the broker link: one key pair, one connection, pushed updates."""
