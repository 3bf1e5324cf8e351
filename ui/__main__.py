"""`python -m ui [gui] [--db PATH]`: the desktop client on its own (also the frozen build's entry
when app/__main__.py is not there)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="saryegwanri")
    parser.add_argument("command", nargs="?", default="gui", choices=["gui"])
    parser.add_argument("--db", type=Path, default=None, help="데이터베이스 파일")
    args = parser.parse_args(argv)
    if args.db is None:
        from app.paths import default_database
        args.db = default_database()
    from ui.main import run
    return run(args.db)


if __name__ == "__main__":
    sys.exit(main())
