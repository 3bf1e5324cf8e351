"""Where things live: bundled resources (also inside a PyInstaller build) and per-user data."""
from __future__ import annotations

import sys
from pathlib import Path

import platformdirs

# Beside a store whose first join (app/sync/join.py) has not finished: it cannot be signed in to yet,
# and the first-run screen offers to go on receiving (이어서 받기).
JOIN_MARKER_SUFFIX = ".join"


def unfinished_join(db_path: Path) -> bool:
    return Path(str(db_path) + JOIN_MARKER_SUFFIX).is_file()

APP_NAME = "saryegwanri"


def resources_dir() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)  # set by a PyInstaller one-folder build
    base = Path(bundle) if bundle else Path(__file__).resolve().parent.parent
    return base / "resources"


def rules_dir() -> Path:
    return resources_dir() / "rules"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_database() -> Path:
    return data_dir() / "cases.db"


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))
