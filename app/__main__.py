"""Command line: `python -m app [command]`.

  python -m app                 open the app on the default database (a demo one is made on first run)
  python -m app init            create an empty database with its center and first administrator
  python -m app demo            create a demo database (서대문구-like district, every workflow stage)
  python -m app gui             open the app on a given database
  python -m app verify-audit    check the access log's keyed hash chain and its outside anchor
  python -m app bench           benchmarks on a district-scale data set, each beside its baseline
  python -m app hub …           the sync hub: set up or upgrade its schema, staff logins, devices
  python -m app join            this computer joins a center's sync hub (app/hub_cli.py)
"""
from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from app import paths

log = logging.getLogger("app")


def _setup_logging() -> None:
    # Log lines carry event names and exception types only: never names, RRNs or notes.
    try:
        paths.log_dir().mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.FileHandler(paths.log_dir() / "app.log", encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    logging.basicConfig(level=logging.INFO, handlers=[handler])


def cmd_init(args) -> int:
    from app.prompts import secret
    from app.services import accounts
    ctx = accounts.create_database(
        args.db, accounts.NewCenter(name=args.center, district=args.district, dongs=tuple(args.dong or ()),
                                    case_type_set=args.case_types),
        admin_username=args.admin, admin_name=args.admin_name, admin_password=secret(args.password_env, "관리자 비밀번호: ", confirm=True))
    ctx.store.close()
    print(f"새 데이터베이스를 만들었습니다: {args.db}")
    return 0


def cmd_demo(args) -> int:
    from app.devtools.demo import DEMO_PASSWORD, build_demo
    if args.db.exists():
        if not args.force:
            print(f"이미 데이터베이스가 있습니다: {args.db} (다시 만들려면 --force)", file=sys.stderr)
            return 2
        from models.store import remove_store_files
        remove_store_files(args.db)
    print(f"데모 데이터베이스를 만드는 중입니다({args.households}가구)…")
    ctx = build_demo(args.db, households_count=args.households, seed=args.seed)
    ctx.store.close()
    print(f"완료: {args.db}\n로그인: admin, staff01…staff08, lead1, lead2 / 비밀번호 {DEMO_PASSWORD}")
    return 0


def cmd_gui(args) -> int:
    from ui.main import run
    return run(args.db)


def cmd_default(args) -> int:
    if not args.db.exists():
        args.households, args.seed, args.force = 300, 2016, False
        cmd_demo(args)
    return cmd_gui(args)


def cmd_verify_audit(args) -> int:
    from app.prompts import secret
    from app.services import access_log, accounts
    ctx = accounts.sign_in(args.db, args.user, secret(args.password_env, "비밀번호: ", confirm=False))
    try:
        # The keyed chain (the key comes from this person's key slot), against the head kept in
        # the file and the one kept outside it (access_log.AuditAnchor).
        broken = access_log.verify_audit(ctx)
    finally:
        ctx.store.close()
    if broken:
        rows = [n for n in broken if n > 0]
        told = []
        if rows:
            told.append("어긋난 기록 번호: " + ", ".join(map(str, rows[:20])) + (f" 외 {len(rows) - 20}건" if len(rows) > 20 else ""))
        if -1 in broken:
            told.append("마지막 부분의 기록이 지워졌거나 바뀌었습니다(파일 밖에 보관한 마지막 기록과 다름)")
        print("접속기록이 변조되었습니다. " + "; ".join(told))
        return 1
    print("접속기록 해시 체인이 온전합니다.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    # --db is accepted before or after the command ("--db X gui" and "gui --db X").
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", type=Path, default=argparse.SUPPRESS, help="데이터베이스 파일")
    p = argparse.ArgumentParser(prog="python -m app", description="통합사례관리 데스크톱 클라이언트")
    p.add_argument("--db", type=Path, default=paths.default_database(), help="데이터베이스 파일")
    p.set_defaults(func=cmd_default)
    sub = p.add_subparsers(title="명령")

    init = sub.add_parser("init", parents=[common], help="새 데이터베이스와 첫 관리자 만들기")
    init.add_argument("--center", required=True, help="기관명")
    init.add_argument("--district", default="")
    init.add_argument("--dong", action="append", help="행정동(여러 번 지정)")
    init.add_argument("--case-types", default="district", choices=["district", "national"])
    init.add_argument("--admin", required=True, help="관리자 아이디")
    init.add_argument("--admin-name", default="관리자")
    init.add_argument("--password-env", help="비밀번호를 읽을 환경변수 이름")
    init.set_defaults(func=cmd_init)

    demo = sub.add_parser("demo", parents=[common], help="데모 데이터베이스 만들기")
    demo.add_argument("--households", type=int, default=300)
    demo.add_argument("--seed", type=int, default=2016)
    demo.add_argument("--force", action="store_true", help="있던 데모 파일을 지우고 다시 만들기")
    demo.set_defaults(func=cmd_demo)

    gui = sub.add_parser("gui", parents=[common], help="앱 열기")
    gui.set_defaults(func=cmd_gui)

    audit = sub.add_parser("verify-audit", parents=[common], help="접속기록 위·변조 검사")
    audit.add_argument("--user", required=True)
    audit.add_argument("--password-env")
    audit.set_defaults(func=cmd_verify_audit)
    from app.hub_cli import add_parsers as add_hub_parsers
    add_hub_parsers(sub, common)
    # "bench" has its own options (python -m app bench --help); main() hands them over untouched.
    sub.add_parser("bench", add_help=False, help="성능 측정, 각 수치를 같은 실행의 기준값과 함께 출력")
    return p


def main(argv: list[str] | None = None) -> int:
    _setup_logging()
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["bench"]:
        from app.devtools.bench import main as bench_main
        return bench_main(argv[1:])
    args = build_parser().parse_args(argv)
    if args.db is not None:
        args.db = args.db.expanduser()
    from app.services.errors import ServiceError
    from app.sync.errors import SyncError
    from models.errors import StoreError
    try:
        return args.func(args)
    except (ServiceError, StoreError, SyncError) as e:
        print(str(e), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as e:  # no traceback reaches a user; the type (never the values) is logged
        log.error("unexpected %s", type(e).__name__)
        print("예상하지 못한 오류가 발생했습니다. 관리자에게 문의하세요.", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
