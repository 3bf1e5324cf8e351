"""Where things live: bundled resources (also inside a PyInstaller build) and per-user data."""
from __future__ import annotations

import sys
from pathlib import Path

import platformdirs

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
