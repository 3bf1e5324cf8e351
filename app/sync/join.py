"""A new laptop joins a center that already has a hub: an empty encrypted store, filled by a pull.

`join_center` is the core (a DSN in, a signed-in context out); `join_with_settings` is what the
first-run screen and `python -m app join` call: it checks the form's values first, and keeps the
hub settings (and, where a trusted keyring exists, the hub password) in the new store.
"""
from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass
from pathlib import Path

from app.device_vault import DeviceVault
from app.services.accounts import check_password, normalize_username
from app.services.context import ServiceContext, actor_for, audit
from app.services.errors import AccessDenied, ValidationError
from models.entities import Meta, Staff
from models.keyslots import KdfParams
from models.store import EncryptedStore, remove_store_files

from . import settings as hub_settings
from .engine import PROTOCOL, Progress, SyncEngine, SyncReport
from .errors import SyncCancelled
from .hub import HubConnection, HubTls, dsn_password


@dataclass(frozen=True)
class JoinResult:
    ctx: ServiceContext       # signed in as the joining staff member
    report: SyncReport        # the first pull
    password_saved: bool      # the hub password is in the OS keyring


def join_center(path: Path, *, username: str, password: str, dsn: str,
                kdf: KdfParams | None = None, tls: HubTls | None = None,
                progress: Progress | None = None, cancel: threading.Event | None = None) -> ServiceContext:
    """Create this device's store for `username` and pull what that person may see."""
    ctx, _ = _join(path, username=username, password=password, dsn=dsn, kdf=kdf, tls=tls,
                   progress=progress, cancel=cancel)
    return ctx


def _join(path: Path, *, username: str, password: str, dsn: str, kdf: KdfParams | None, tls: HubTls | None,
          progress: Progress | None, cancel: threading.Event | None) -> tuple[ServiceContext, SyncReport]:
    if Path(path).exists():
        raise ValidationError("이미 같은 이름의 데이터베이스 파일이 있습니다. 덮어쓰지 않습니다.")
    store = EncryptedStore.create(Path(path), username, password, kdf)
    try:
        device_id = str(uuid.uuid4())
        with store.session() as s:
            s.add(Meta(key="device_id", value=device_id))
        with HubConnection(dsn, tls=tls) as hub:
            staff_id = hub.hello(device_id, PROTOCOL, "")["staff_id"]
            report = SyncEngine(store.engine, device_id, staff_id, hub, progress=progress, cancel=cancel,
                                store=store, hub_password=dsn_password(dsn)).run()
            if cancel is not None and cancel.is_set():
                # Cancelled during the last (often the only) page: a half-made laptop is not kept.
                raise SyncCancelled()
        with store.session() as s:
            staff = s.get(Staff, staff_id)
            if staff is None or staff.username != username or not staff.active:
                raise AccessDenied("서버의 직원 정보와 아이디가 맞지 않습니다. 관리자에게 문의하세요.")
            ctx = ServiceContext(store, actor_for(staff), device_id=device_id)
            audit(s, ctx, "create", "device", None, purpose="기기 연결")
        return ctx, report
    except BaseException:
        store.close()
        remove_store_files(Path(path))
        raise


def join_with_settings(path: Path, *, username: str, password: str, settings: hub_settings.HubSettings,
                       hub_password: str, kdf: KdfParams | None = None, vault: DeviceVault | None = None,
                       tls: HubTls | None = None, progress: Progress | None = None,
                       cancel: threading.Event | None = None) -> JoinResult:
    """Join from the values of a form: checked first, nothing created unless they are usable."""
    username = normalize_username(username)
    settings = hub_settings.HubSettings(host=settings.host, port=settings.port, database=settings.database,
                                        username=settings.username or username, ca_file=settings.ca_file).cleaned()
    problems = settings.problems()
    if problems:
        raise ValidationError(problems[0])
    if not hub_password:
        raise ValidationError("서버 비밀번호를 입력하세요.", "서버 비밀번호")
    check_password(password)
    ctx, report = _join(path, username=username, password=password, dsn=settings.dsn(hub_password), kdf=kdf,
                        tls=tls, progress=progress, cancel=cancel)
    try:
        saved = hub_settings.save(ctx, settings, hub_password, vault)
    except BaseException:
        ctx.store.close()
        remove_store_files(Path(path))
        raise
    return JoinResult(ctx, report, saved.password_saved)
