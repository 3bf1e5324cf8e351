"""ui.main.run: the first window (set-up or sign-in), font, and no traceback for the user."""
from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QApplication

from ui import main as ui_main

ROOT = Path(__file__).resolve().parents[2]


def start(db: Path) -> tuple[str, float]:
    env = dict(os.environ, SARYE_SMOKE_TEST="1", QT_QPA_PLATFORM="offscreen", SARYE_LANG="ko")
    began = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", f"import sys; from ui.main import run; sys.exit(run({str(db)!r}))"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    elapsed = time.perf_counter() - began
    assert out.returncode == 0, out.stderr[-2000:]
    assert "Traceback" not in out.stderr
    return out.stdout.strip(), elapsed


def test_first_run_shows_the_set_up_dialog(tmp_path):
    stdout, _ = start(tmp_path / "none.db")
    assert stdout == "SMOKE OK 새 데이터베이스 만들기"
    assert not (tmp_path / "none.db").exists()


def test_existing_database_shows_the_sign_in_window(admin_ctx, db_path):
    stdout, elapsed = start(db_path)
    assert stdout == "SMOKE OK 통합사례관리 — 로그인"
    assert elapsed < 10  # a whole Python process; the in-app figure is in the report


def test_bundled_korean_font_becomes_the_app_font(qapp):
    family = ui_main.load_font(qapp)
    assert family is not None and "Nanum" in family
    assert "Nanum" in QFontInfo(QApplication.font()).family()


def test_unexpected_error_shows_a_plain_message_and_logs_no_values(qapp, shown, caplog, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # both restored after the test
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    ui_main.install_excepthook()
    try:
        raise ValueError("김민수 010-1234-5678")
    except ValueError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    [(kind, _title, text)] = shown.items
    assert kind == "error" and "예기치 않은 오류" in text and "김민수" not in text
    assert "ValueError" in caplog.text and "김민수" not in caplog.text and "010" not in caplog.text


def test_a_first_join_cut_off_last_time_opens_to_resume_and_cannot_be_signed_in_to(qapp, admin_ctx, db_path):
    """A store whose first join did not finish (its `.join` marker beside it): the first window is
    the join form, ready to go on receiving, and signing in to the half-filled file is refused."""
    import pytest

    from app.services import accounts
    from app.services.errors import ValidationError

    from ..conftest import PASSWORD
    admin_ctx.store.close()
    Path(str(db_path) + ".join").write_text("{}", encoding="utf-8")
    with pytest.raises(ValidationError, match="이어서 받은 뒤 로그인"):
        accounts.sign_in(db_path, "admin", PASSWORD)
    controller = ui_main.Controller(qapp, db_path)
    window = controller.start()
    try:
        assert window.windowTitle() == "새 데이터베이스 만들기" and window.join_dialog is not None
    finally:
        window.join_dialog.close()
        window.close()
        controller.runner.wait_idle(5000)
