"""Application layer: entry point, settings, paths and the services (use cases). No Qt in app/services."""
