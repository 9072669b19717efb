"""Config subentry flows of the client home hub, one module per subentry type."""
