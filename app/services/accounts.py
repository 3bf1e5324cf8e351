"""Creating a database with its first administrator, signing in, and staff accounts."""
from __future__ import annotations

import unicodedata
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import select

from app import paths
from models.entities import Center, Dong, Meta, Staff
from models.errors import MissingStoreError, WrongPasswordError
from models.keyslots import KdfParams, KeySlots
from models.store import EncryptedStore
from models.types import Role

from . import access_log
from . import rules
from . import rollback
from .access_log import AuditAnchor
from .context import ServiceContext, actor_for, audit
from .errors import AccessDenied, ServiceError, ValidationError
from .rollback import GenerationCounter
from .hangul import clean_text

MIN_LONG = 10
MIN_MIXED = 8


def check_password(password: str) -> None:
    """10 characters or more, or 8 or more with at least two kinds (letters, digits, symbols)."""
    kinds = sum([any(c.isalpha() for c in password), any(c.isdigit() for c in password),
                 any(not c.isalnum() for c in password)])
    if len(password) >= MIN_LONG or (len(password) >= MIN_MIXED and kinds >= 2):
        return
    raise ValidationError("비밀번호는 10자 이상이거나, 8자 이상이면서 영문·숫자·특수문자 중 두 종류 이상을 "
                          "섞어야 합니다.", "비밀번호")


def normalize_username(username: str) -> str:
    """One spelling per account: "KIM" and "kim" are the same person (and the same key slot)."""
    return unicodedata.normalize("NFC", username or "").strip().casefold()


def _clean_username(username: str) -> str:
    name = normalize_username(clean_text(username, field="아이디", max_len=50, required=True))
    if not all(c.isalnum() or c in "._-" for c in name):
        raise ValidationError("아이디는 영문, 숫자, '.', '_', '-'만 쓸 수 있습니다.", "아이디")
    return name


@dataclass
class NewCenter:
    name: str
    district: str = ""
    dongs: tuple[str, ...] = ()
    case_type_set: str = "district"


def create_database(path: Path, center: NewCenter, *, admin_username: str, admin_name: str,
                    admin_password: str, kdf: KdfParams | None = None) -> ServiceContext:
    """First-run set-up: a new encrypted file, its center and the first administrator."""
    username = _clean_username(admin_username)
    display = clean_text(admin_name, field="이름", max_len=50, required=True)
    center_name = clean_text(center.name, field="기관명", max_len=100, required=True)
    check_password(admin_password)
    if center.case_type_set not in rules.load("case_types")["sets"]:
        raise ValidationError("사례 유형 체계를 목록에서 고르세요.", "사례 유형")
    store = EncryptedStore.create(Path(path), username, admin_password, kdf)
    store.ensure_center_key()   # a new center: its field key starts here (models.store.FieldCipher)
    with store.session() as s:
        c = Center(name=center_name, district=clean_text(center.district, field="시군구", max_len=50),
                   settings={"case_type_set": center.case_type_set})
        s.add(c)
        s.flush()
        for dong in center.dongs:
            s.add(Dong(center_id=c.id, name=clean_text(dong, field="행정동", max_len=50, required=True)))
        admin = Staff(center_id=c.id, username=username, display_name=display, role=Role.ADMIN, team="")
        s.add(admin)
        s.add(Meta(key="device_id", value=str(uuid.uuid4())))
        s.flush()
        ctx = ServiceContext(store, actor_for(admin), device_id=s.get(Meta, "device_id").value)
        audit(s, ctx, "create", "staff", admin.id, purpose="최초 관리자")
    return ctx


MAX_FAILURES = 5
LOCK_MINUTES = 10


class AccountLocked(ServiceError):
    def __init__(self, until: datetime):
        super().__init__(f"비밀번호를 {MAX_FAILURES}번 잘못 입력해 계정이 잠겼습니다. "
                         f"{until.astimezone():%H:%M} 이후에 다시 시도하세요.")


def sign_in(path: Path, username: str, password: str, *, counter: GenerationCounter | None = None,
            accept_older: bool = False, now: datetime | None = None) -> ServiceContext:
    """Unlock the store with this account's key slot; refuses locked accounts and rolled-back files."""
    path, username = Path(path), normalize_username(username)
    now = now or datetime.now(timezone.utc)
    if not path.is_file():
        raise MissingStoreError()
    if paths.unfinished_join(path):
        raise ValidationError("이 PC는 센터 서버에서 자료를 아직 다 받지 못했습니다. 처음 화면의 '기존 센터 서버에 "
                              "연결'에서 이어서 받은 뒤 로그인하세요.")
    slots = KeySlots.load(path)
    until = slots.locked_until(username, now)
    if until:
        raise AccountLocked(until)
    try:
        data_key, vault_key = slots.unlock(username, password)   # one Argon2 run for both
    except WrongPasswordError:
        locked = slots.record_failure(username, now, MAX_FAILURES, LOCK_MINUTES)
        slots.save()
        if locked:
            raise AccountLocked(slots.locked_until(username, now)) from None
        raise
    if slots.clear_failures(username):
        slots.save()
    store = EncryptedStore.open_with_key(path, data_key, vault_key)
    counter = counter or GenerationCounter()
    try:
        # A store from before the vault key: its clear center key moves under it now (models.store).
        store.upgrade_vault(username, password)
        with store.session() as s:
            staff = s.scalars(select(Staff).where(Staff.username == username)).first()
            if staff is None or not staff.active:
                raise AccessDenied("사용이 중지된 계정입니다. 관리자에게 문의하세요.")
            if accept_older and staff.role != Role.ADMIN:
                raise AccessDenied("오래된 사본 사용은 관리자만 승인할 수 있습니다.")
            device = s.get(Meta, "device_id")
            ctx = ServiceContext(store, actor_for(staff), device_id=device.value if device else "")
            ctx.generation_counter = counter
            prior = AuditAnchor(counter).current(s)   # read before the bump below
            bumped = rollback.advance(s, counter, accept_older=accept_older)
            audit(s, ctx, "login", "staff", staff.id, purpose="오래된 사본 사용 승인" if accept_older else "")
            write_anchor = access_log.anchor_after(s, counter, prior)
        rollback.publish(counter, bumped)
        write_anchor(bumped[1])
        return ctx
    except Exception:
        store.close()
        raise


def sign_out(ctx: ServiceContext) -> None:
    """Bump the generation once more (a copy taken during the session is then detectably old),
    log the sign-out and drop the key and engine."""
    counter = getattr(ctx, "generation_counter", None) or GenerationCounter()
    try:
        with ctx.session() as s:
            prior = AuditAnchor(counter).current(s)
            bumped = rollback.advance(s, counter)
            audit(s, ctx, "logout", "staff", ctx.actor.staff_id)
            write_anchor = access_log.anchor_after(s, counter, prior)
        rollback.publish(counter, bumped)
        write_anchor(bumped[1])   # the session's rows are covered from here on
    finally:
        ctx.store.close()


def add_staff(ctx: ServiceContext, *, username: str, display_name: str, role: Role, password: str,
              team: str = "", agency: str = "", dong_id: str | None = None,
              kdf: KdfParams | None = None) -> str:
    ctx.require_role(Role.ADMIN)
    username = _clean_username(username)
    display = clean_text(display_name, field="이름", max_len=50, required=True)
    check_password(password)
    with ctx.session() as s:
        if s.scalars(select(Staff.id).where(Staff.username == username)).first() \
                or KeySlots.load(ctx.store.path).has(username):
            raise ValidationError("이미 있는 아이디입니다.", "아이디")
        staff = Staff(center_id=ctx.actor.center_id, username=username, display_name=display, role=role,
                      team=clean_text(team, field="팀", max_len=50),
                      agency=clean_text(agency, field="소속", max_len=100), dong_id=dong_id)
        s.add(staff)
        s.flush()
        audit(s, ctx, "create", "staff", staff.id)
        # The key slot is written last: if it fails, the transaction above rolls back too.
        ctx.store.grant_access(username, password, kdf)
        return staff.id


def set_staff_active(ctx: ServiceContext, staff_id: str, active: bool) -> None:
    """Suspend or restore an account. Suspending also removes its key slot, so the password no
    longer opens the file; restoring needs a new password (grant_access) from the administrator."""
    ctx.require_role(Role.ADMIN)
    if staff_id == ctx.actor.staff_id:
        raise ValidationError("자기 계정은 중지할 수 없습니다.", "직원")
    with ctx.session() as s:
        staff = s.get(Staff, staff_id)
        if staff is None:
            raise ValidationError("직원을 찾을 수 없습니다.", "직원")
        staff.active = bool(active)
        audit(s, ctx, "update", "staff", staff.id, purpose="계정 사용" if active else "계정 중지")
        if not active:
            ctx.store.revoke_access(staff.username)


def restore_staff(ctx: ServiceContext, staff_id: str, new_password: str, kdf: KdfParams | None = None) -> None:
    check_password(new_password)
    set_staff_active(ctx, staff_id, True)
    with ctx.session() as s:
        ctx.store.grant_access(s.get(Staff, staff_id).username, new_password, kdf)


def unlock_account(ctx: ServiceContext, username: str) -> bool:
    """An administrator lifts a lockout early (after checking who is at the keyboard)."""
    ctx.require_role(Role.ADMIN)
    username = normalize_username(username)
    slots = KeySlots.load(ctx.store.path)
    cleared = slots.clear_failures(username)
    if cleared:
        slots.save()
        with ctx.session() as s:
            staff = s.scalars(select(Staff).where(Staff.username == username)).first()
            audit(s, ctx, "update", "staff", staff.id if staff else None, purpose="잠금 해제")
    return cleared


def change_password(path: Path, username: str, old_password: str, new_password: str,
                    kdf: KdfParams | None = None) -> None:
    """Re-wraps this account's copies of the data key and vault key; the database itself is not
    re-encrypted."""
    check_password(new_password)
    if new_password == old_password:
        raise ValidationError("새 비밀번호가 지금 비밀번호와 같습니다.", "비밀번호")
    slots = KeySlots.load(Path(path))
    slots.rewrap(normalize_username(username), old_password, new_password, kdf)
    slots.save()
