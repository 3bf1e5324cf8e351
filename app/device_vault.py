"""Per-device secrets in the OS keyring (Windows Credential Manager, macOS Keychain, Secret Service).

Only known, real backends are trusted. Where none exists (a headless Linux box, CI), the vault says
so plainly and the app falls back to the password-derived key alone: nothing is written to a
plaintext file instead.
"""
from __future__ import annotations

import keyring
from keyring.errors import KeyringError

SERVICE = "saryegwanri"
# Backends named by module and class: several unrelated backends (the "fail" one among them) are
# all called "Keyring". MemoryKeyring is our own in-memory backend for tests.
_TRUSTED = ("keyring.backends.Windows.WinVaultKeyring", "keyring.backends.macOS.Keyring",
            "keyring.backends.SecretService.Keyring", "keyring.backends.kwallet.DBusKeyring",
            "app.device_vault.MemoryKeyring")


def _backend_name(backend) -> str:
    return f"{type(backend).__module__}.{type(backend).__qualname__}"

UNAVAILABLE_MESSAGE = ("이 컴퓨터에는 안전한 키 저장소(키링)가 없어 기기 보안 정보를 저장하지 않습니다. "
                       "데이터베이스는 비밀번호로만 보호됩니다.")


class DeviceVault:
    def __init__(self, backend=None):
        self._backend = backend or keyring.get_keyring()

    @property
    def available(self) -> bool:
        name = _backend_name(self._backend)
        if name.endswith("ChainerBackend"):
            return any(_backend_name(b) in _TRUSTED for b in getattr(self._backend, "backends", []))
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


    def delete(self, key: str) -> None:
        """Forget a secret (nothing to do where no trusted keyring exists: nothing was stored)."""
        if not self.available:
            return
        try:
            self._backend.delete_password(SERVICE, key)
        except KeyringError:
            pass  # already absent


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
        if (service, username) not in self._items:
            raise keyring.errors.PasswordDeleteError(username)
        del self._items[(service, username)]
