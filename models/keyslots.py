"""Key slots: the database's random data key, wrapped once per staff account.

The sidecar file `<db>.keys` holds, per account, an Argon2id salt and parameters and the data
key sealed with AES-256-GCM under the password-derived key. Several staff can share one office PC,
and a password change re-wraps one slot without re-encrypting the database. A wrong password fails
the GCM tag check, so it is told apart from a damaged database file.
Account names are stored only as salted hashes: the sidecar reveals who has an account to nobody.

Each slot also wraps, under the same password-derived key, the store's vault key: the key that
seals the center's RRN field key and keys the access log's chain (models.store). It is never in the
database, so the data key alone opens neither the full RRNs nor a way to re-sign the access log.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from .errors import StoreError, WrongPasswordError

FORMAT = 1
DATA_KEY_BYTES = 32
MAX_KDF_MEMORY_KIB = 512 * 1024


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost. The default takes a few hundred ms on an office PC (RFC 9106, second choice)."""
    time_cost: int = 3
    memory_kib: int = 64 * 1024
    parallelism: int = 2

    @classmethod
    def fast_for_tests(cls) -> "KdfParams":
        return cls(time_cost=1, memory_kib=8 * 1024, parallelism=1)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"))


def derive(password: str, salt: bytes, params: KdfParams) -> bytes:
    return hash_secret_raw(password.encode("utf-8"), salt, time_cost=params.time_cost,
                           memory_cost=params.memory_kib, parallelism=params.parallelism,
                           hash_len=32, type=Type.ID)


def _seal_vault(kek: bytes, vault_key: bytes) -> dict:
    nonce = secrets.token_bytes(12)
    return {"nonce": _b64(nonce), "wrapped": _b64(AESGCM(kek).encrypt(nonce, vault_key, b"vault-key"))}


def _slot_params(slot: dict) -> KdfParams:
    params = KdfParams(int(slot["t"]), int(slot["m"]), int(slot["p"]))
    if not (1 <= params.time_cost <= 10 and 8 <= params.memory_kib <= MAX_KDF_MEMORY_KIB
            and 1 <= params.parallelism <= 8):
        # A slot can come from the hub: costs outside these bounds are damage, or an attempt
        # to make this laptop allocate gigabytes.
        raise ValueError
    return params


def _open_slot(slot: dict, password: str, purpose: bytes) -> tuple[bytes, bytes]:
    """(password-derived key, secret) of a slot; WrongPasswordError when it does not open."""
    try:
        kek = derive(password, _unb64(slot["salt"]), _slot_params(slot))
        return kek, AESGCM(kek).decrypt(_unb64(slot["nonce"]), _unb64(slot["wrapped"]), purpose)
    except InvalidTag:
        raise WrongPasswordError() from None
    except (KeyError, TypeError, ValueError):
        raise StoreError("키 정보가 손상되었습니다.") from None


def seal_with_password(secret: bytes, password: str, purpose: bytes, params: KdfParams | None = None) -> dict:
    """`secret` sealed with AES-256-GCM under an Argon2id key from `password`: a JSON-ready slot.
    `purpose` is bound in as associated data, so a slot made for one use opens for no other."""
    params = params or KdfParams()
    salt = secrets.token_bytes(16)
    nonce = secrets.token_bytes(12)
    wrapped = AESGCM(derive(password, salt, params)).encrypt(nonce, secret, purpose)
    return {"salt": _b64(salt), "nonce": _b64(nonce), "wrapped": _b64(wrapped),
            "t": params.time_cost, "m": params.memory_kib, "p": params.parallelism}


def open_with_password(slot: dict, password: str, purpose: bytes) -> bytes:
    """The secret of a slot made by seal_with_password; WrongPasswordError when it does not open."""
    return _open_slot(slot, password, purpose)[1]


class KeySlots:
    def __init__(self, path: Path, data: dict):
        self.path = path
        self._data = data

    # --- file handling ---
    @staticmethod
    def path_for(db_path: Path) -> Path:
        return db_path.with_name(db_path.name + ".keys")

    @classmethod
    def create(cls, db_path: Path) -> "KeySlots":
        path = cls.path_for(db_path)
        if path.exists():
            raise StoreError("키 파일이 이미 있습니다. 기존 데이터베이스를 덮어쓰지 않습니다.")
        return cls(path, {"format": FORMAT, "pepper": _b64(secrets.token_bytes(16)), "slots": {}})

    @classmethod
    def load(cls, db_path: Path) -> "KeySlots":
        path = cls.path_for(db_path)
        try:
            data = json.loads(path.read_text("utf-8"))
            if data.get("format") != FORMAT or not isinstance(data.get("slots"), dict):
                raise ValueError
        except FileNotFoundError:
            raise StoreError("키 파일(.keys)이 없습니다. 데이터베이스를 열 수 없습니다.") from None
        except (ValueError, UnicodeDecodeError):
            raise StoreError("키 파일(.keys)이 손상되었습니다. 백업에서 복원하세요.") from None
        return cls(path, data)

    def save(self) -> None:
        # Write-then-rename so that a crash never leaves a half-written key file.
        tmp = self.path.with_name(self.path.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(json.dumps(self._data, indent=1))
        os.replace(tmp, self.path)

    # --- slots ---
    def _slot_id(self, username: str) -> str:
        pepper = _unb64(self._data["pepper"])
        return hashlib.blake2b(username.strip().casefold().encode("utf-8"), key=pepper,
                               digest_size=16).hexdigest()

    def has(self, username: str) -> bool:
        return self._slot_id(username) in self._data["slots"]

    def add(self, username: str, password: str, data_key: bytes, params: KdfParams | None = None,
            vault_key: bytes | None = None) -> None:
        params = params or KdfParams()
        salt = secrets.token_bytes(16)
        kek = derive(password, salt, params)   # one Argon2 run for both wrapped keys
        nonce = secrets.token_bytes(12)
        slot = {"salt": _b64(salt), "nonce": _b64(nonce),
                "wrapped": _b64(AESGCM(kek).encrypt(nonce, data_key, b"data-key")),
                "t": params.time_cost, "m": params.memory_kib, "p": params.parallelism}
        if vault_key is not None:
            slot["vault"] = _seal_vault(kek, vault_key)
        self._data["slots"][self._slot_id(username)] = slot

    def remove(self, username: str) -> None:
        self._data["slots"].pop(self._slot_id(username), None)

    def _slot(self, username: str) -> dict:
        slot = self._data["slots"].get(self._slot_id(username))
        if slot is None:
            # Same message as a wrong password: do not reveal which accounts exist.
            raise WrongPasswordError()
        return slot

    def unwrap(self, username: str, password: str) -> bytes:
        return self.unlock(username, password)[0]

    def unlock(self, username: str, password: str) -> tuple[bytes, bytes | None]:
        """(data key, vault key) of this account; the vault key is None in a slot from before it
        existed (see `attach_vault`)."""
        slot = self._slot(username)
        kek, key = _open_slot(slot, password, b"data-key")
        if len(key) != DATA_KEY_BYTES:
            raise StoreError("키 파일이 손상되었습니다.")
        vault = None
        if "vault" in slot:
            try:
                vault = AESGCM(kek).decrypt(_unb64(slot["vault"]["nonce"]), _unb64(slot["vault"]["wrapped"]),
                                            b"vault-key")
            except (InvalidTag, KeyError, TypeError, ValueError):
                raise StoreError("키 파일이 손상되었습니다.") from None
        return key, vault

    def attach_vault(self, username: str, password: str, vault_key: bytes) -> None:
        """Wrap the vault key into this account's slot (upgrading a slot made before it existed)."""
        slot = self._slot(username)
        kek, _ = _open_slot(slot, password, b"data-key")
        slot["vault"] = _seal_vault(kek, vault_key)

    def slots_without_vault(self) -> int:
        return sum("vault" not in slot for slot in self._data["slots"].values())

    # --- lockout after repeated failures (kept here: it must work before the database is open) ---
    def locked_until(self, username: str, now: datetime) -> datetime | None:
        entry = self._data.get("failures", {}).get(self._slot_id(username))
        if entry and entry.get("until"):
            until = datetime.fromisoformat(entry["until"])
            if until > now:
                return until
        return None

    def record_failure(self, username: str, now: datetime, limit: int, lock_minutes: int) -> bool:
        """Count a failed sign-in; returns True when this failure locked the account."""
        failures = self._data.setdefault("failures", {})
        entry = failures.setdefault(self._slot_id(username), {"count": 0, "until": None})
        entry["count"] += 1
        if entry["count"] >= limit:
            entry["count"] = 0
            entry["until"] = (now + timedelta(minutes=lock_minutes)).isoformat()
            return True
        return False

    def clear_failures(self, username: str) -> bool:
        return self._data.get("failures", {}).pop(self._slot_id(username), None) is not None

    def rewrap(self, username: str, old_password: str, new_password: str,
               params: KdfParams | None = None) -> None:
        key, vault = self.unlock(username, old_password)
        self.add(username, new_password, key, params, vault_key=vault)
