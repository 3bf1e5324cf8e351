"""A new laptop joins a center that already has a hub: an empty encrypted store, filled by a pull.

`join_center` is the core (a DSN in, a signed-in context out); `join_with_settings` is what the
first-run screen and `python -m app join` call: it checks the form's values first, and keeps the
hub settings (and, where a trusted keyring exists, the hub password) in the new store.
"""
from __future__ import annotations

import json
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import psycopg

from app import paths
from app.device_vault import DeviceVault
from app.services.accounts import check_password, normalize_username
from app.services.context import ServiceContext, actor_for, audit
from app.services.errors import AccessDenied, ValidationError
from models.entities import Meta, Staff
from models.errors import WrongPasswordError
from models.keyslots import KdfParams
from models.store import EncryptedStore, remove_store_files

from . import local
from . import settings as hub_settings
from .engine import PROTOCOL, PULLED_KEY, Progress, SyncEngine, SyncReport
from .errors import NoNetworkError, SyncCancelled
from .hub import HubConnection, HubTls, dsn_password


PENDING_KEY = "join.pending"   # in the store: the hub and person of a first join not finished yet (JSON)
MARKER_SUFFIX = paths.JOIN_MARKER_SUFFIX   # beside the store, readable before sign-in (no data)


class JoinInterrupted(NoNetworkError):
    """The network went half-way through a first join: what came is kept, encrypted, to continue."""

    def __init__(self, pulled: int):
        super().__init__(f"네트워크 연결이 끊겼습니다. 지금까지 받은 {pulled:,}건은 이 컴퓨터에 암호화되어 "
                         "남아 있습니다. 연결되면 '이어서 받기'로 끊긴 곳부터 받으세요.")
        self.pulled = pulled


@dataclass(frozen=True)
class JoinResult:
    ctx: ServiceContext       # signed in as the joining staff member
    report: SyncReport        # the first pull (on a resume: the part received this time)
    password_saved: bool      # the hub password is in the OS keyring


@dataclass(frozen=True)
class PartialJoin:
    """What the marker beside an unfinished store says (for the form; the store itself decides)."""
    host: str
    port: str
    database: str
    username: str


def marker_path(path: Path) -> Path:
    return Path(str(path) + MARKER_SUFFIX)


def partial_join(path: Path) -> PartialJoin | None:
    """The unfinished first join at `path`, or None (no file, or a finished store)."""
    path, marker = Path(path), marker_path(path)
    if not (path.is_file() and marker.is_file()):
        return None
    try:
        data = json.loads(marker.read_text(encoding="utf-8"))
        return PartialJoin(str(data["host"]), str(data["port"]), str(data["database"]), str(data["username"]))
    except (OSError, ValueError, KeyError, TypeError):
        return PartialJoin("", "", "", "")   # still unfinished: the store's own record is checked on resume


def discard_partial_join(path: Path) -> None:
    """처음부터 다시 받기: removes an unfinished join's files, only when asked for by the person."""
    if partial_join(path) is None:
        raise ValidationError("이어서 받을 자료가 없습니다.")
    remove_store_files(Path(path))
    marker_path(path).unlink(missing_ok=True)


def _hub_identity(dsn: str, username: str) -> dict[str, str]:
    """Which hub and login a join is with (never the password): a resume must be with the same."""
    params = psycopg.conninfo.conninfo_to_dict(dsn)
    return {"host": str(params.get("host") or ""), "port": str(params.get("port") or "5432"),
            "database": str(params.get("dbname") or ""), "username": username}


class _Count:
    """Adds the rows a resumed join had before to the engine's count of this round."""

    def __init__(self, progress: Progress | None, before: int):
        self.progress, self.before = progress, before

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        if self.progress is None:
            return
        if stage == "pull":
            self.progress(stage, self.before + done, None if total is None else self.before + total)
        else:
            self.progress(stage, done, total)


class TimeLeft:
    """Seconds left of a pull, from the pace since its first page (the first one also waited for
    the connection, so it is not part of the pace). None until there is a pace and a total."""

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self.clock = clock
        self.first: tuple[float, int] | None = None

    def update(self, done: int, total: int | None) -> float | None:
        now = self.clock()
        if self.first is None:
            self.first = (now, done)
            return None
        since, base = self.first
        if total is None or now <= since or done <= base:
            return None
        return max(0.0, (total - done) * (now - since) / (done - base))


def progress_line(done: int, total: int | None, seconds_left: float | None) -> str:
    """"12,000 / 100,000건 · 약 1분 남음" (the total estimated: see SyncEngine.estimate_total)."""
    text = f"{done:,}건" if total is None else f"{done:,} / {max(total, done):,}건"
    if seconds_left is None:
        return text
    minutes = max(1, round(seconds_left / 60))
    if seconds_left < 60:
        left = "1분 이내 남음"
    elif minutes < 60:
        left = f"약 {minutes}분 남음"
    else:
        left = f"약 {minutes // 60}시간" + (f" {minutes % 60}분" if minutes % 60 else "") + " 남음"
    return f"{text} · {left}"


def join_center(path: Path, *, username: str, password: str, dsn: str,
                kdf: KdfParams | None = None, tls: HubTls | None = None,
                progress: Progress | None = None, cancel: threading.Event | None = None,
                hook: Callable[[str], None] | None = None, page_size: int = 5000) -> ServiceContext:
    """Create this device's store for `username` and pull what that person may see; where a first
    join was cut off at `path`, continue it instead. `hook` and `page_size`: the tests'."""
    ctx, _ = _join(path, username=username, password=password, dsn=dsn, kdf=kdf, tls=tls,
                   progress=progress, cancel=cancel, hook=hook, page_size=page_size)
    return ctx


def _open_partial(path: Path, username: str, password: str, identity: dict[str, str]) -> tuple[EncryptedStore, dict]:
    """The unfinished store, if this person's password opens it and it was started with this hub."""
    try:
        store = EncryptedStore.open(path, username, password)
    except WrongPasswordError:
        raise ValidationError("이 컴퓨터의 비밀번호가 맞지 않습니다. 처음 연결할 때 정한 새 비밀번호와 같은 "
                              "아이디로 다시 시도하세요. 받아 둔 자료는 그대로 두었습니다.", "password") from None
    with store.session() as s:
        row = s.get(Meta, PENDING_KEY)
        pending = json.loads(row.value) if row is not None else None
    hub_fields = ("host", "port", "database", "username")
    if pending is None:   # finished after all (only its marker was left): never joined over
        store.close()
        raise ValidationError("이미 연결을 마친 데이터베이스 파일이 있습니다. 덮어쓰지 않습니다.")
    if any(pending.get(k) != identity[k] for k in hub_fields):
        store.close()
        where = f"{pending.get('host')}:{pending.get('port')}/{pending.get('database')}"
        raise ValidationError(f"받아 둔 자료는 다른 센터 서버({where}) 또는 다른 계정에서 받은 것이라 이어서 받을 수 "
                              "없습니다. 같은 서버와 아이디로 연결하세요. 받아 둔 자료는 그대로 두었습니다.", "host")
    return store, pending


def _join(path: Path, *, username: str, password: str, dsn: str, kdf: KdfParams | None, tls: HubTls | None,
          progress: Progress | None, cancel: threading.Event | None,
          hook: Callable[[str], None] | None = None, page_size: int = 5000) -> tuple[ServiceContext, SyncReport]:
    path = Path(path)
    identity = _hub_identity(dsn, username)
    resuming = path.exists()
    if resuming:
        if partial_join(path) is None:
            raise ValidationError("이미 같은 이름의 데이터베이스 파일이 있습니다. 덮어쓰지 않습니다.")
        store, pending = _open_partial(path, username, password, identity)
        with store.session() as s:
            device_id = s.get(Meta, "device_id").value
    else:
        store = EncryptedStore.create(path, username, password, kdf)
        device_id, pending = str(uuid.uuid4()), dict(identity)
        with store.session() as s:
            s.add(Meta(key="device_id", value=device_id))
            s.add(Meta(key=PENDING_KEY, value=json.dumps(pending)))
        marker_path(path).write_text(json.dumps(identity), encoding="utf-8")
    staff_id = pending.get("staff_id")
    try:
        with HubConnection(dsn, tls=tls, hook=hook) as hub:
            hello_staff = hub.hello(device_id, PROTOCOL, "")["staff_id"]
            if staff_id is not None and hello_staff != staff_id:   # same address, another center's hub
                raise ValidationError("받아 둔 자료는 다른 센터 서버에서 받은 것이라 이어서 받을 수 없습니다. "
                                      "받아 둔 자료는 그대로 두었습니다.", "host")
            if staff_id is None:
                staff_id = hello_staff
                with store.session() as s:
                    s.get(Meta, PENDING_KEY).value = json.dumps({**pending, "staff_id": staff_id})
            engine = SyncEngine(store.engine, device_id, staff_id, hub, cancel=cancel, store=store,
                                hub_password=dsn_password(dsn), hook=hook, page_size=page_size)
            with store.engine.connect() as conn:
                engine.progress = _Count(progress, int(local.get_meta(conn, engine.pulled_key, "0")))
            report = engine.run()
            if cancel is not None and cancel.is_set() and not resuming:
                # Cancelled during the last (often the only) page: a half-made laptop is not kept.
                raise SyncCancelled()
        with store.session() as s:
            staff = s.get(Staff, staff_id)
            if staff is None or staff.username != username or not staff.active:
                raise AccessDenied("서버의 직원 정보와 아이디가 맞지 않습니다. 관리자에게 문의하세요.")
            ctx = ServiceContext(store, actor_for(staff), device_id=device_id)
            s.delete(s.get(Meta, PENDING_KEY))
            audit(s, ctx, "create", "device", None, purpose="기기 연결")
        marker_path(path).unlink(missing_ok=True)
        return ctx, report
    except BaseException as exc:
        pulled = _pulled(store, staff_id)
        store.close()
        if isinstance(exc, NoNetworkError) and pulled:
            raise JoinInterrupted(pulled) from None   # kept, with its cursor, to continue
        if resuming:
            raise   # what was received before stays; only 처음부터 다시 받기 removes it
        remove_store_files(path)
        marker_path(path).unlink(missing_ok=True)
        raise


def _pulled(store: EncryptedStore, staff_id: str | None) -> int:
    """Records this join has committed locally (0 when none, or the store cannot say)."""
    if staff_id is None:
        return 0
    try:
        with store.engine.connect() as conn:
            return int(local.get_meta(conn, f"{PULLED_KEY}:{staff_id}", "0"))
    except Exception:   # a store in trouble is not kept for a resume
        return 0


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
