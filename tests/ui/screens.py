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
    view.tabs.setCurrentWidget(view.members)
    shoot(win, out, "07b_case_members")
    view.tabs.setCurrentWidget(view.overview)

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
    wait_idle(runner)

    shoot_printing(win, view, runner, out)

    # Lock screen (Ctrl+L): the case behind it is hidden, the store closed.
    win.lock()
    wait_idle(runner)
    shoot(win, out, "24_lock_screen")
    win.lock_screen.password.setText("wrong-password-1")
    win.lock_screen._unlock()
    wait_idle(runner)
    shoot(win, out, "25_lock_wrong_password")
    win._leaving = True
    win.end_session()
    win.close()

    shoot_admin(admin, runner, out)
    runner.wait_idle()
    admin.store.close()


def shoot_printing(win, view, runner, out: Path) -> None:
    """Print dialog, in-memory preview, one page printed through the preview's printer path to a
    PDF file and rendered to PNG, and the statistics screen."""
    from PySide6.QtPrintSupport import QPrinter
    from ui import preview
    dialog = view.print_consent()
    dialog.purpose.setText("대상자 서명 받기")
    dialog.full_rrn.setChecked(True)
    pump(100)
    shoot(dialog, out, "17_print_dialog_full_rrn")
    dialog.full_rrn.setChecked(False)
    dialog.save()
    wait_idle(runner)
    pv = dialog.preview
    pv.resize(900, 1000)
    shoot(pv, out, "18_print_preview")
    printed = out / "19_printed_from_preview.pdf"

    def to_file(_parent):
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return printer
    preview.choose_printer = to_file
    pv.print_pages()
    preview.page_images(printed.read_bytes(), dpi=100)[0].save(str(out / "19_printed_from_preview_p1.png"))
    print("saved", out / "19_printed_from_preview_p1.png")
    pv.close()

    minutes = view.print_minutes()
    minutes.purpose.setText("권역 회의 자료")
    pump(100)
    shoot(minutes, out, "20_print_minutes_dialog")
    minutes.save()
    wait_idle(runner)
    minutes.preview.resize(900, 1000)
    shoot(minutes.preview, out, "21_minutes_preview_deidentified")
    minutes.preview.close()


def shoot_admin(admin_ctx, runner, out: Path) -> None:
    from datetime import date
    from ui.mainwindow import MainWindow
    from ui.session import UiSession
    win = MainWindow(UiSession(admin_ctx, runner))
    win.show()
    wait_idle(runner)
    stats = win.show_statistics()
    stats.start.setDate(date(2026, 1, 1))
    stats.refresh()
    wait_idle(runner)
    shoot(win, out, "22_statistics")
    review = win.show_access_review()
    review.refresh()
    wait_idle(runner)
    shoot(win, out, "23_access_log_review")
    # The demo's closed case, moved back past the five-year retention, becomes a candidate.
    from models.entities import Case
    from models.types import Stage
    with admin_ctx.session() as s:
        for case in s.query(Case).filter(Case.stage.in_((Stage.CLOSED, Stage.FOLLOW_UP))):
            case.closed_on = date(2019, 3, 31)
    page = win.show_destruction()
    wait_idle(runner)
    page.candidates.table.selectRow(0)
    shoot(win, out, "26_destruction")
    dialog = page.destroy_selected()
    shoot(dialog, out, "26b_destroy_dialog")
    dialog.reject()
    staff = win.show_staff()
    wait_idle(runner)
    shoot(win, out, "27_staff_management")
    add = staff.add_staff()
    add.password.setText("short")
    pump(100)
    shoot(add, out, "28_add_staff")
    add.reject()
    password = win.change_password()
    shoot(password, out, "29_change_password")
    password.reject()
    win._leaving = True
    win.idle.stop()
    win.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/ui_png"))
