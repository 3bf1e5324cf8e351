"""Start the desktop client: `ui.main.run(db_path)` (called by `python -m app gui --db PATH`).

Start-up imports only Qt; the database layers load on the worker thread while the sign-in window
is already on screen. With SARYE_SMOKE_TEST=1 the first window is shown, "SMOKE OK <title>" is
printed and the program ends (used by scripts/build_app.sh on the frozen build).
"""
from __future__ import annotations

import logging
import logging.handlers
import os
import sys
import threading
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QWidget

log = logging.getLogger("ui")
APP_NAME = "통합사례관리"
GENERIC_CRASH = ("예기치 않은 오류가 발생했습니다. 작업 중이던 내용을 확인하고, 계속되면 관리자에게 문의하세요. "
                 "(자세한 기록은 로그 파일에 남겼습니다)")


def resources_dir() -> Path:
    from app.paths import resources_dir as where
    return where()


# --- start-up pieces ---------------------------------------------------------------------------


def setup_logging() -> None:
    """A rotating log file in the user's log folder. Records carry type names, never personal data."""
    try:
        from app.paths import log_dir
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        if logging.getLogger().handlers:  # the command line (app.__main__) already set up a log file
            return
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            folder / "client.log", maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def install_excepthook() -> None:
    """No traceback ever reaches the user: log where it happened, show one plain sentence."""
    from .tasks import log_exception

    def hook(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        log_exception(exc if exc is not None else exc_type())
        if QApplication.instance() is not None:
            from . import messages
            messages.error(QApplication.activeWindow(), QCoreApplication.translate("Main", GENERIC_CRASH))

    sys.excepthook = hook
    threading.excepthook = lambda args: log_exception(args.exc_value or args.exc_type())


def load_font(app: QApplication) -> str | None:
    """The bundled NanumGothic, so Korean renders the same on every PC; the system font otherwise."""
    path = resources_dir() / "fonts" / "NanumGothic.ttf"
    if not path.is_file():
        return None
    font_id = QFontDatabase.addApplicationFont(str(path))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        return None
    bold = path.with_name("NanumGothicBold.ttf")
    if bold.is_file():
        QFontDatabase.addApplicationFont(str(bold))
    app.setFont(QFont(families[0], 10))
    return families[0]


def install_translator(app: QApplication, locale: QLocale | None = None) -> QTranslator | None:
    """Korean is the source language; other locales load resources/translations/sarye_<lang>.qm."""
    wanted = os.environ.get("SARYE_LANG")
    locale = QLocale(wanted) if wanted else (locale or QLocale.system())
    if locale.language() == QLocale.Language.Korean:
        return None
    translator = QTranslator(app)
    if translator.load(locale, "sarye", "_", str(resources_dir() / "translations")):
        app.installTranslator(translator)
        return translator
    return None


def make_app() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("saryegwanri")
    load_font(app)
    install_translator(app)
    return app


# --- the window flow ---------------------------------------------------------------------------


class Controller:
    """Set-up → sign-in → main window → (sign out) → sign-in again."""

    def __init__(self, app: QApplication, db_path: Path):
        from .tasks import TaskRunner
        self.app, self.db_path = app, Path(db_path)
        self.runner = TaskRunner(app)
        self.signin = None
        self.main = None
        self.first_window: QWidget | None = None
        self.on_main = None  # called with each new main window (smoke test)

    def start(self) -> QWidget:
        from app import paths
        unfinished = paths.unfinished_join(self.db_path)
        if not self.db_path.exists() or unfinished:
            from .signin import SetupDialog
            dialog = SetupDialog(self.runner, self.db_path)
            dialog.saved.connect(self.open_main)
            dialog.rejected.connect(self.app.quit)
            dialog.show()
            if unfinished:   # a first join cut off last time: straight to 이어서 받기
                dialog.open_join()
            self.first_window = dialog
        else:
            self.first_window = self.show_sign_in()
        return self.first_window

    def show_sign_in(self) -> QWidget:
        from .signin import SignInWindow
        self.signin = SignInWindow(self.runner, self.db_path)
        self.signin.signed_in.connect(self.open_main)
        self.signin.show()
        return self.signin

    def open_main(self, ctx) -> None:
        from .mainwindow import MainWindow
        from .session import UiSession
        self.main = MainWindow(UiSession(ctx, self.runner))
        self.main.signed_out.connect(self.sign_out)
        if self.on_main is not None:
            self.on_main(self.main)
        self.main.show()
        if self.signin is not None:
            self.signin.close()
            self.signin = None

    def sign_out(self) -> None:
        main, self.main = self.main, None
        if main is not None:
            main.end_session()  # logged, generation bumped, key dropped (unless a lock already did)
            main.deleteLater()
        self.show_sign_in()


def smoke_test(app: QApplication, controller: Controller, window: QWidget) -> None:
    """Hidden check for builds: report the first window; with SARYE_SMOKE_USER/SARYE_SMOKE_PASSWORD
    also sign in (store, migrations and services inside the bundle) and report the main window."""
    print(f"SMOKE OK {window.windowTitle()}", flush=True)
    user = os.environ.get("SARYE_SMOKE_USER")
    if not user or controller.signin is None:
        app.quit()
        return

    def main_ready():
        print(f"SMOKE SIGNED IN {controller.main.windowTitle()}", flush=True)
        app.quit()

    def failed(message: str):
        print(f"SMOKE FAILED {message}", flush=True)
        app.exit(1)
    def click():
        print("SMOKE CLICK", flush=True)
        controller.signin.sign_in()
    controller.on_main = lambda main: main.home.loaded.connect(main_ready)
    controller.signin.failed.connect(failed)
    controller.signin.username.setText(user)
    controller.signin.password.setText(os.environ.get("SARYE_SMOKE_PASSWORD", ""))
    # SARYE_SMOKE_TYPING_MS: how long a person takes to type before pressing 로그인 (benchmarks);
    # the database code warms up in the background meanwhile, as it does for a real user.
    QTimer.singleShot(int(os.environ.get("SARYE_SMOKE_TYPING_MS", "0")), click)


def run(db_path: Path) -> int:
    setup_logging()
    install_excepthook()
    app = make_app()
    app.setQuitOnLastWindowClosed(True)
    controller = Controller(app, Path(db_path))
    window = controller.start()
    if os.environ.get("SARYE_SMOKE_TEST") == "1":
        QTimer.singleShot(0, lambda: smoke_test(app, controller, window))  # once the window is shown
    code = app.exec()
    controller.runner.wait_idle(10000)
    if controller.main is not None:
        controller.main.end_session()
    return code
