"""Persistence layer: typed SQLAlchemy models, the encrypted store and migrations. No Qt here."""
