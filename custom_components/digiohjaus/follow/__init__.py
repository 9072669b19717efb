"""The worker's side: follow a client's home hub through its share endpoint."""
