"""Offline work and sync (DESIGN.md, "Offline work and sync").

Layers, top down:
  client.SyncClient   the service the UI calls: sync with progress and cancel, pending changes,
                      conflicts and their resolution. No Qt here.
  engine              one sync round: push the outbox in batches, pull pages by cursor, apply.
  local               the local side: outbox reading, applying hub records, removals, cursor.
  hub                 the PostgreSQL hub: schema set-up (resources/hub/*.sql), logins, the calls.
  syncfile            the encrypted, authenticated sync file for centers without a server.
"""
from .errors import (ClockSkewError, DeviceRevokedError, HubTooOldError, NoNetworkError, SyncCancelled,
                     SyncError, SyncFileError, UpdateRequiredError, WrongCredentialsError)

__all__ = ["SyncError", "NoNetworkError", "WrongCredentialsError", "ClockSkewError", "UpdateRequiredError",
           "HubTooOldError", "DeviceRevokedError", "SyncCancelled", "SyncFileError"]
