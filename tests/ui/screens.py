"""Screenshots of the main screens with real windows, for a person to look at.

    xvfb-run -s "-screen 0 1400x950x24" .venv/bin/python -m tests.ui.screens /tmp/ui_png
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = os.environ.get("SCREENS_QPA", "xcb")  # real windows, not offscreen

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


def pump(ms: int = 150) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_idle(runner, limit_ms: int = 10000) -> None:
    waited = 0
    while runner.pending and waited < limit_ms:
        pump(30)
        waited += 30
    pump(200)


def shoot(widget, out: Path, name: str) -> None:
    widget.raise_()
    widget.activateWindow()
    pump(250)
    widget.grab().save(str(out / f"{name}.png"))
    print("saved", out / f"{name}.png")


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    from tests.ui import demo_data
    from ui import main as ui_main
    from ui.mainwindow import MainWindow
    from ui.session import UiSession
    from ui.signin import SetupDialog, SignInWindow
    from ui.tasks import TaskRunner

    app = QApplication.instance() or QApplication(sys.argv[:1])
    ui_main.load_font(app)
    ui_main.install_translator(app)
    tmp = Path(tempfile.mkdtemp())
    admin, ctx = demo_data.build(tmp / "demo.db")
    runner = TaskRunner(app)

    setup = SetupDialog(runner, tmp / "new.db")
    setup.show()
    shoot(setup, out, "01_setup")
    setup.close()

    signin = SignInWindow(runner, tmp / "demo.db")
    signin.show()
    signin.username.setText("kim")
    signin.password.setText("wrong-password-1")
    signin.sign_in()
    wait_idle(runner)
    shoot(signin, out, "02_signin_wrong_password")
    signin.close()

    win = MainWindow(UiSession(ctx, runner))
    win.show()
    wait_idle(runner)
    shoot(win, out, "03_home")

    win.show_search()
    win.search.box.setText("ㄱㅁㅅ")
    pump(300)
    wait_idle(runner)
    shoot(win, out, "04_search_initials")
    win.search.box.setText("연희")
    pump(300)
    wait_idle(runner)
    shoot(win, out, "05_search_address")

    in_service = next(r for r in win.home.data.my_cases if r.name == "정다은")
    view = win.open_case(in_service.case_id)
    wait_idle(runner)
    view.tabs.setCurrentWidget(view.contacts)
    shoot(win, out, "06_case_contacts")
    view.tabs.setCurrentWidget(view.overview)
    shoot(win, out, "07_case_overview")

    for name, opener in [("08_assessment", view.open_assessment), ("09_meeting", view.open_meeting),
                         ("10_plan", view.open_plan), ("11_contact", view.open_contact),
                         ("12_referral", view.open_referral), ("13_expense", view.open_expense),
                         ("14_closure", view.open_closure), ("15_consent", view.open_consent)]:
        dialog = opener()
        wait_idle(runner)
        shoot(dialog, out, name)
        dialog._dirty = False
        dialog.reject()
        wait_idle(runner)

    hh = win.new_household()
    hh.member.rrn.setText("900101-1234560")
    wait_idle(runner)
    shoot(hh, out, "16_household_rrn_warning")
    hh._dirty = False
    hh.reject()
    win._leaving = True
    win.close()
    runner.wait_idle()
    admin.store.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/ui_png"))
