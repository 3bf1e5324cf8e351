"""Command line for the sync hub: `python -m app hub ...` (the center's administrator) and
`python -m app join` (a new laptop joins the center).

  python -m app hub setup --dsn DSN            create or upgrade the hub schema on a PostgreSQL server
  python -m app hub add-staff --dsn DSN --user kim [--hub-admin]
                                               a hub login for a staff member of this database, with
                                               their sealed copy of the center's field key
  python -m app hub disable-staff --dsn DSN --user kim
  python -m app hub devices --dsn DSN          registered devices, to find a lost laptop
  python -m app hub revoke-device --dsn DSN --device ID
  python -m app hub backup --dsn DSN --out FILE   pg_dump of the hub database (custom format)
  python -m app hub restore --dsn DSN --from FILE the hub replaced by a backup; devices then send
                                               again what it lacks (app/sync/hub_backup.py)
  python -m app join --host H --database D --user kim [--ca-file ca.crt]
                                               cut off half-way? the same command continues it

DSN is the administrator's libpq connection string (e.g. "host=hub.center.local dbname=sarye_hub
user=postgres"); its password comes from PGPASSWORD or ~/.pgpass, never from the command line.
Every connection uses TLS (app.sync.hub.with_tls); --ca-file makes it verify the server.
"""
from __future__ import annotations

import argparse
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from app.prompts import secret as _secret
from app.services.errors import AccessDenied, NotFound, ValidationError


def _tls(args):
    from app.sync.hub import HubTls
    return HubTls(sslrootcert=str(args.ca_file)) if args.ca_file else None


@contextmanager
def _admin_errors() -> Iterator[None]:
    """Server errors in words an administrator can act on; no server text is shown."""
    import psycopg

    from app.sync import hub as hubmod
    try:
        yield
    except psycopg.errors.InsufficientPrivilege:
        raise ValidationError("이 관리자 계정에는 역할(ROLE)과 스키마를 만들 권한이 없습니다. "
                              "CREATEROLE 권한이 있는 계정(예: postgres)으로 실행하세요.") from None
    except psycopg.errors.UndefinedTable:
        raise ValidationError("서버에 동기화 스키마가 없습니다. 먼저 'python -m app hub setup'을 실행하세요.") from None
    except psycopg.Error as e:
        raise hubmod.translate(e) from None


def cmd_setup(args) -> int:
    from app.sync import hub as hubmod
    with _admin_errors():
        version = hubmod.setup_hub(args.dsn, tls=_tls(args))
    print(f"동기화 서버 스키마 버전 {version} (이 프로그램의 최신 버전: {hubmod.hub_schema_version()})")
    return 0


def _signed_in_admin(args):
    from app.services import accounts
    from models.types import Role
    ctx = accounts.sign_in(args.db, args.admin, _secret(args.password_env, "관리자 비밀번호(이 컴퓨터): ",
                                                        confirm=False))
    if ctx.actor.role != Role.ADMIN:
        accounts.sign_out(ctx)
        raise AccessDenied("서버 계정은 관리자만 만들 수 있습니다.")
    return ctx


def cmd_add_staff(args) -> int:
    from sqlalchemy import select

    from app.services import accounts
    from app.services.context import audit
    from app.sync import hub as hubmod
    from models.entities import Staff
    from models.store import key_id
    ctx = _signed_in_admin(args)
    try:
        username = accounts.normalize_username(args.user)
        with ctx.session() as s:
            staff = s.scalars(select(Staff).where(Staff.username == username)).first()
            if staff is None:
                raise NotFound("직원")
            if not staff.active:
                raise ValidationError("사용 중지된 직원에게는 서버 계정을 만들 수 없습니다.")
            staff_id = staff.id
        password = _secret(args.hub_password_env, f"{username}의 서버 비밀번호: ", confirm=True)
        accounts.check_password(password)
        with _admin_errors():
            handed_out = hubmod.center_key_ids(args.dsn, tls=_tls(args))
        own = ctx.store.center_key()
        if handed_out and (own is None or handed_out != {key_id(own)}):
            # Never a second center key: numbers sealed under one would not open under the other.
            raise ValidationError("이 컴퓨터의 기관 암호화 키가 서버에서 이미 나누어 준 키와 다릅니다. 먼저 이 컴퓨터를 "
                                  "동기화해 서버의 키를 받은 뒤, 또는 그 키를 가진 관리자 컴퓨터에서 실행하세요.")
        key = ctx.store.ensure_center_key()
        with _admin_errors():
            role = hubmod.create_staff_login(args.dsn, staff_id=staff_id, username=username, password=password,
                                             hub_admin=args.hub_admin, tls=_tls(args), center_key=key)
        with ctx.session() as s:
            audit(s, ctx, "update", "staff", staff_id, purpose="동기화 서버 계정 발급")
    finally:
        accounts.sign_out(ctx)
    print(f"서버 계정을 만들었습니다: {role} (기관 암호화 키 포함). 이 비밀번호를 본인에게 안전하게 전달하세요.")
    return 0


def cmd_disable_staff(args) -> int:
    from app.sync import hub as hubmod
    with _admin_errors():
        hubmod.disable_staff_login(args.dsn, args.user, tls=_tls(args))
    print(f"서버 계정을 사용 중지했습니다: {hubmod.login_role_name(args.user)}")
    return 0


def cmd_devices(args) -> int:
    from app.sync import hub as hubmod
    with _admin_errors():
        rows = hubmod.list_devices(args.dsn, tls=_tls(args))
    if not rows:
        print("등록된 기기가 없습니다.")
    for row in rows:
        state = "중지됨" if row.revoked_at else "사용 중"
        seen = row.last_seen.strftime("%Y-%m-%d %H:%M") if row.last_seen else "-"
        print(f"{row.device_id}  {row.login or '-':<20} {row.name:<20} 마지막 동기화 {seen}  {state}")
    return 0


def cmd_revoke_device(args) -> int:
    from app.sync import hub as hubmod
    with _admin_errors():
        found = hubmod.revoke_device(args.dsn, args.device, tls=_tls(args))
    if not found:
        raise NotFound("기기")
    print(f"이 기기의 동기화를 중지했습니다: {args.device}")
    return 0


def cmd_backup(args) -> int:
    from app.sync.hub_backup import backup_hub
    with _admin_errors():
        made = backup_hub(args.dsn, args.out, tls=_tls(args))
    generation = f", 세대 {made.generation}" if made.generation is not None else ""
    print(f"서버 백업을 만들었습니다: {made.path} ({made.size:,}바이트, 스키마 버전 {made.schema}{generation}). "
          "이 파일에는 센터의 기록이 들어 있으니 안전한 곳에 보관하세요.")
    print("직원의 서버 로그인(역할과 비밀번호)은 백업에 들어 있지 않습니다. 새 서버에 복원하면 "
          "'hub add-staff'로 다시 발급하세요.")
    return 0


def cmd_restore(args) -> int:
    from app.services.particles import particle
    from app.sync.hub_backup import restore_hub
    with _admin_errors():
        done = restore_hub(args.dsn, getattr(args, "from"), tls=_tls(args))
    since = done.restored_from.astimezone().strftime("%Y-%m-%d %H:%M") if done.restored_from else "-"
    print(f"서버를 백업으로 되돌렸습니다: {done.database} (백업의 마지막 변경 {since}, 세대 {done.generation}, "
          f"스키마 버전 {done.schema}).")
    if done.kept_as:
        print(f"복원 전 서버는 {particle(done.kept_as, '으로/로')} 이름을 바꿔 보관했습니다(접속 불가로 설정됨).")
    print("각 기기가 다음에 동기화하면 백업 이후에 보냈던 변경을 다시 보내고 서버의 내용을 처음부터 다시 받습니다. "
          "파기한 사례가 다시 퍼지지 않도록 관리자 PC를 먼저 동기화하세요.")
    if done.missing_logins:
        print("서버 로그인이 없는 직원 계정: " + ", ".join(done.missing_logins)
              + ". 'python -m app hub add-staff'로 다시 발급하세요.")
    return 0


def cmd_join(args) -> int:
    from app.sync.errors import SyncError
    from app.sync.join import (JoinInterrupted, TimeLeft, discard_partial_join, join_with_settings, partial_join,
                                progress_line)
    from app.sync.settings import HubSettings
    # An unfinished join at --db is continued (이어서 받기), or with --start-over removed first;
    # any other existing file is left alone.
    if args.start_over:
        discard_partial_join(args.db)   # refuses (Korean) when there is no unfinished join there
        print(f"받다 만 자료를 지우고 처음부터 받습니다: {args.db}")
    resuming = partial_join(args.db) is not None
    if args.db.exists() and not resuming:
        raise ValidationError(f"이미 데이터베이스가 있습니다: {args.db}")
    if resuming:
        print(f"끊긴 연결을 이어서 받습니다: {args.db}")
    settings = HubSettings(host=args.host, port=args.port, database=args.database, username=args.user,
                           ca_file=str(args.ca_file or ""))
    hub_password = _secret(args.hub_password_env, "서버 비밀번호: ", confirm=False)
    password = _secret(args.password_env, "처음 연결할 때 정한 이 컴퓨터의 비밀번호: " if resuming
                       else "이 컴퓨터에서 쓸 새 비밀번호: ", confirm=not resuming)
    clock = TimeLeft()

    def progress(stage: str, done: int, total: int | None) -> None:
        if stage == "pull":
            print(f"\r받는 중… {progress_line(done, total, clock.update(done, total))}   ", end="", flush=True)

    try:
        result = join_with_settings(args.db, username=args.user, password=password, settings=settings,
                                    hub_password=hub_password, progress=progress)
    except JoinInterrupted as exc:
        print()
        print(f"{exc} 같은 명령을 다시 실행하면 이어서 받습니다.", file=sys.stderr)
        return 1
    except SyncError:
        print()
        raise
    print()
    result.ctx.store.close()
    saved = "서버 비밀번호를 OS 키체인에 저장했습니다." if result.password_saved else \
        "서버 비밀번호는 저장하지 않았습니다(동기화할 때 묻습니다)."
    print(f"센터에 연결했습니다: {args.db} ({result.report.pulled:,}건을 받았습니다). {saved}")
    return 0


def add_parsers(sub, common: argparse.ArgumentParser) -> None:
    hub = sub.add_parser("hub", help="동기화 서버 관리(설치·업그레이드, 직원 계정, 기기)")
    hub_sub = hub.add_subparsers(title="서버 명령", required=True)
    server = argparse.ArgumentParser(add_help=False)
    server.add_argument("--dsn", required=True,
                        help='관리자 접속 문자열(예: "host=hub.center.local dbname=sarye_hub user=postgres"); '
                             "비밀번호는 PGPASSWORD 또는 ~/.pgpass")
    server.add_argument("--ca-file", type=Path, help="센터 인증기관(CA) 인증서: 서버 인증서를 검증합니다")

    p = hub_sub.add_parser("setup", parents=[server], help="서버 스키마 설치 또는 업그레이드(여러 번 실행해도 안전)")
    p.set_defaults(func=cmd_setup)
    p = hub_sub.add_parser("add-staff", parents=[server, common],
                           help="이 데이터베이스의 직원에게 서버 계정 발급(비밀번호 재설정도 같은 명령)")
    p.add_argument("--user", required=True, help="직원 아이디")
    p.add_argument("--admin", default="admin", help="이 컴퓨터의 관리자 아이디")
    p.add_argument("--hub-admin", action="store_true", help="서버 관리자 계정(기관 기본정보를 보낼 수 있음)")
    p.add_argument("--password-env", help="관리자 비밀번호를 읽을 환경변수 이름")
    p.add_argument("--hub-password-env", help="직원의 서버 비밀번호를 읽을 환경변수 이름")
    p.set_defaults(func=cmd_add_staff)
    p = hub_sub.add_parser("disable-staff", parents=[server], help="직원의 서버 계정 사용 중지")
    p.add_argument("--user", required=True)
    p.set_defaults(func=cmd_disable_staff)
    p = hub_sub.add_parser("devices", parents=[server], help="등록된 기기 목록")
    p.set_defaults(func=cmd_devices)
    p = hub_sub.add_parser("revoke-device", parents=[server], help="분실·반납한 기기의 동기화 중지")
    p.add_argument("--device", required=True, help="기기 식별자(hub devices 목록의 첫 열)")
    p.set_defaults(func=cmd_revoke_device)
    p = hub_sub.add_parser("backup", parents=[server],
                           help="서버 데이터베이스 백업(pg_dump). 직원 로그인(역할·비밀번호)은 서버 전체에 속해 "
                                "백업에 들어 있지 않습니다: 새 서버에서는 hub add-staff로 다시 발급")
    p.add_argument("--out", type=Path, required=True, help="백업 파일(새 파일)")
    p.set_defaults(func=cmd_backup)
    p = hub_sub.add_parser("restore", parents=[server],
                           help="백업으로 서버를 되돌리기(새 데이터베이스에 복원한 뒤 바꿔 넣고, 이전 것은 이름을 "
                                "바꿔 보관). 기기는 다음 동기화 때 서버에 없는 변경을 다시 보냅니다")
    p.add_argument("--from", type=Path, required=True, metavar="FILE", help="hub backup으로 만든 백업 파일")
    p.set_defaults(func=cmd_restore)

    join = sub.add_parser("join", parents=[common], help="이 컴퓨터를 기존 센터의 동기화 서버에 연결")
    join.add_argument("--host", required=True, help="서버 주소")
    join.add_argument("--port", type=int, default=5432)
    join.add_argument("--database", required=True, help="서버 데이터베이스 이름")
    join.add_argument("--user", required=True, help="직원 아이디")
    join.add_argument("--ca-file", type=Path, help="센터 인증기관(CA) 인증서")
    join.add_argument("--hub-password-env", help="서버 비밀번호를 읽을 환경변수 이름")
    join.add_argument("--password-env", help="이 컴퓨터의 새 비밀번호를 읽을 환경변수 이름")
    join.add_argument("--start-over", action="store_true",
                      help="끊긴 연결에서 받다 만 자료를 지우고 처음부터 받기 (보통은 같은 명령으로 이어서 받음)")
    join.set_defaults(func=cmd_join)
