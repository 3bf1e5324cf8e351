"""Warn when the database sits in a folder a cloud client copies off the PC."""
from __future__ import annotations

import os
from pathlib import Path

_CLOUD_FOLDERS = ("onedrive", "dropbox", "google drive", "googledrive", "내 드라이브", "my drive",
                  "icloud drive", "iclouddrive", "mobile documents", "mybox", "네이버 mybox", "box sync", "box",
                  "pcloud", "mega", "nextcloud", "owncloud", "synologydrive")


def cloud_sync_warning(db_path: Path) -> str | None:
    """A Korean warning when `db_path` is inside a known cloud-synced folder, else None."""
    resolved = Path(db_path).expanduser().resolve()
    parts = [p.casefold() for p in resolved.parts]
    roots = [os.environ.get(v) for v in ("OneDrive", "OneDriveCommercial", "OneDriveConsumer")]
    inside_root = any(r and str(resolved).casefold().startswith(r.casefold()) for r in roots)
    if inside_root or any(p in _CLOUD_FOLDERS or p.startswith("onedrive") for p in parts):
        return ("데이터베이스가 클라우드 동기화 폴더 안에 있습니다. 암호화되어 있더라도 사본이 외부 서버에 남고, "
                "동기화가 파일을 덮어써 기록이 사라질 수 있습니다. 로컬 폴더로 옮기세요.")
    return None
