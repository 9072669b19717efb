"""Home Assistant adapters for the client home hub."""
