"""Per-device secrets in the OS keyring (Windows Credential Manager, macOS Keychain, Secret Service).

Only known, real backends are trusted. Where none exists (a headless Linux box, CI), the vault says
so plainly and the app falls back to the password-derived key alone: nothing is written to a
plaintext file instead.
"""
from __future__ import annotations

import keyring
from keyring.errors import KeyringError

SERVICE = "saryegwanri"
_TRUSTED = ("WinVaultKeyring", "Keyring", "SecretService", "KWallet", "MemoryKeyring")
# "Keyring" is the macOS backend's class name; MemoryKeyring is our test double.

UNAVAILABLE_MESSAGE = ("이 컴퓨터에는 안전한 키 저장소(키링)가 없어 기기 보안 정보를 저장하지 않습니다. "
                       "데이터베이스는 비밀번호로만 보호됩니다.")


class DeviceVault:
    def __init__(self, backend=None):
        self._backend = backend or keyring.get_keyring()

    @property
    def available(self) -> bool:
        name = type(self._backend).__name__
        if name == "ChainerBackend":
            return any(type(b).__name__ in _TRUSTED for b in getattr(self._backend, "backends", []))
        return name in _TRUSTED

    def get(self, key: str) -> str | None:
        if not self.available:
            return None
        try:
            return self._backend.get_password(SERVICE, key)
        except KeyringError:
            return None

    def put(self, key: str, value: str) -> bool:
        """Returns False (and stores nothing) when no trusted keyring exists."""
        if not self.available:
            return False
        try:
            self._backend.set_password(SERVICE, key, value)
            return True
        except KeyringError:
            return False


class MemoryKeyring(keyring.backend.KeyringBackend):
    """In-memory backend for tests and for a session that must not touch the OS keyring."""
    priority = 0

    def __init__(self):
        super().__init__()
        self._items: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self._items.get((service, username))

    def set_password(self, service, username, password):
        self._items[(service, username)] = password

    def delete_password(self, service, username):
        self._items.pop((service, username), None)
