"""Hub connection settings of this device, and the hub password (no Qt here).

- Where the hub is (host, port, database) belongs to the device: one value for everybody who signs
  in on it, kept in the encrypted store's `meta` table (never synced; no personal data).
- Which hub account to use belongs to each staff member (an office PC is shared, and the hub only
  lets each person sync as themselves), kept beside it under the staff member's id.
- The hub password goes to the OS keyring through DeviceVault, under "hub:<device id>:<username>",
  and only where a trusted keyring exists. Elsewhere it is not stored at all: the UI asks for it
  at each sync. It is never written into the store, a settings file or a log.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace

import psycopg

from app.device_vault import DeviceVault
from app.services.context import ServiceContext
from app.services.errors import ValidationError
from models.entities import Meta

from . import hub as hubmod

HUB_KEY = "sync.hub"
ACCOUNT_PREFIX = "sync.account:"   # + staff id (36): within meta.key's 50 characters
DEFAULT_PORT = 5432
_HOST = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9.\-]{0,250}[A-Za-z0-9])?$|^\[?[0-9A-Fa-f:]+\]?$")


@dataclass(frozen=True)
class HubSettings:
    host: str = ""
    port: int = DEFAULT_PORT
    database: str = ""
    username: str = ""   # the staff member's sign-in name; the hub role is hub.login_role_name(username)
    ca_file: str = ""    # the center's CA certificate: with it the hub's certificate is verified (verify-full)

    @property
    def configured(self) -> bool:
        return bool(self.host and self.database and self.username)

    def problems(self) -> list[str]:
        """What is wrong, as sentences for the settings form (checked again before saving)."""
        out = []
        if not self.host.strip():
            out.append("서버 주소를 입력하세요.")
        elif not _HOST.match(self.host.strip()):
            out.append("서버 주소는 컴퓨터 이름(예: hub.center.local) 또는 IP 주소(예: 192.168.0.10)로 입력하세요.")
        if not 1 <= int(self.port) <= 65535:
            out.append("포트는 1에서 65535 사이의 숫자여야 합니다.")
        if not self.database.strip():
            out.append("데이터베이스 이름을 입력하세요.")
        tls = hubmod.tls_problem(None, self.ca_file.strip() or None)
        if tls:
            out.append(tls)
        if not self.username.strip():
            out.append("서버 계정(아이디)을 입력하세요.")
        else:
            try:
                hubmod.login_role_name(self.username.strip())
            except ValueError:
                out.append("서버 계정은 영문, 숫자, '.', '_', '-'만 쓸 수 있습니다.")
        return out

    def cleaned(self) -> "HubSettings":
        return replace(self, host=self.host.strip(), database=self.database.strip(), username=self.username.strip(),
                       port=int(self.port), ca_file=self.ca_file.strip())

    def dsn(self, password: str) -> str:
        """Always TLS: verify-full against the center's CA when one is set, else require (hub.HubTls)."""
        tls = {"sslrootcert": self.ca_file, "sslmode": "verify-full"} if self.ca_file else {"sslmode": "require"}
        return psycopg.conninfo.make_conninfo(host=self.host, port=str(self.port), dbname=self.database,
                                              user=hubmod.login_role_name(self.username), password=password, **tls)

    def address(self) -> str:
        """For display: host:port/database (no account, no password)."""
        return f"{self.host}:{self.port}/{self.database}" if self.host else ""


# --- the store ----------------------------------------------------------------------------------


def _account_key(ctx: ServiceContext) -> str:
    return ACCOUNT_PREFIX + ctx.actor.staff_id


def load(ctx: ServiceContext) -> HubSettings:
    """This device's hub and the signed-in person's account (their sign-in name until they set one)."""
    with ctx.session() as s:
        hub_row, account_row = s.get(Meta, HUB_KEY), s.get(Meta, _account_key(ctx))
        where = json.loads(hub_row.value) if hub_row else {}
        account = json.loads(account_row.value) if account_row else {}
    return HubSettings(host=str(where.get("host", "")), port=int(where.get("port", DEFAULT_PORT)),
                       database=str(where.get("database", "")), ca_file=str(where.get("ca_file", "")),
                       username=str(account.get("username") or ctx.actor.username))


def _put(s, key: str, value: dict) -> None:
    text = json.dumps(value, ensure_ascii=False)
    row = s.get(Meta, key)
    if row is None:
        s.add(Meta(key=key, value=text))
    else:
        row.value = text


@dataclass(frozen=True)
class SaveResult:
    settings: HubSettings
    password_saved: bool      # True: in the OS keyring; False: nothing stored (no keyring or no password given)
    keyring_available: bool


def save(ctx: ServiceContext, settings: HubSettings, password: str | None = None,
         vault: DeviceVault | None = None) -> SaveResult:
    """Store the settings; with a password, keep it in the keyring where a trusted one exists."""
    settings = settings.cleaned()
    problems = settings.problems()
    if problems:
        raise ValidationError(problems[0])
    vault = vault or DeviceVault()
    with ctx.session() as s:
        _put(s, HUB_KEY, {"host": settings.host, "port": settings.port, "database": settings.database,
                          "ca_file": settings.ca_file})
        _put(s, _account_key(ctx), {"username": settings.username})
    saved = bool(password) and vault.put(password_key(ctx, settings.username), password)
    return SaveResult(settings, saved, vault.available)


# --- the password ---------------------------------------------------------------------------------


def password_key(ctx: ServiceContext, username: str) -> str:
    return f"hub:{ctx.device_id}:{username}"


def stored_password(ctx: ServiceContext, settings: HubSettings, vault: DeviceVault | None = None) -> str | None:
    """The saved hub password, or None: not saved yet, or no trusted keyring (then ask the person)."""
    return (vault or DeviceVault()).get(password_key(ctx, settings.username)) or None


def keyring_available(vault: DeviceVault | None = None) -> bool:
    return (vault or DeviceVault()).available


def forget_password(ctx: ServiceContext, settings: HubSettings, vault: DeviceVault | None = None) -> None:
    """Drop a saved password (e.g. the hub refused it)."""
    (vault or DeviceVault()).delete(password_key(ctx, settings.username))


# --- trying the connection ------------------------------------------------------------------------


@dataclass(frozen=True)
class ConnectionCheck:
    hub_schema: int
    device: str        # the hub's word for this device before the check: active | unregistered


def check_connection(ctx: ServiceContext, settings: HubSettings, password: str) -> ConnectionCheck:
    """Connect and run the same checks a sync starts with (account, versions, clock, this device).
    Raises the SyncError a sync would raise. The device is registered, as the first sync would."""
    from .engine import SyncEngine
    from .hub import HubConnection
    settings = settings.cleaned()
    problems = settings.problems()
    if problems:
        raise ValidationError(problems[0])
    if not ctx.device_id:
        raise ValidationError("이 기기의 식별자가 없습니다. 관리자에게 문의하세요.")
    with HubConnection(settings.dsn(password)) as hub:
        info = SyncEngine(ctx.store.engine, ctx.device_id, ctx.actor.staff_id, hub, store=ctx.store,
                          hub_password=password).handshake()
    return ConnectionCheck(int(info["schema"]), str(info["device"]))


__all__ = ["HubSettings", "SaveResult", "ConnectionCheck", "load", "save", "stored_password", "keyring_available",
           "forget_password", "password_key", "check_connection"]
