"""The hub's share endpoint (design §6): tokens, the HTTP view and what it reveals."""
