"""Screenshots of the main screens with real windows, for a person to look at.

    xvfb-run -s "-screen 0 1400x950x24" .venv/bin/python -m tests.ui.screens /tmp/ui_png
    xvfb-run -s "-screen 0 1400x950x24" .venv/bin/python -m tests.ui.screens /tmp/ui_png join   (first-run join only)
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

    for name, key in [("08_assessment", "assessment"), ("09_meeting", "meeting"), ("10_plan", "plan"),
                      ("11_contact", "contact"), ("12_referral", "referral"), ("13_expense", "expense"),
                      ("14_closure", "closure"), ("15_consent", "consent")]:
        dialog = view.open_form(key)
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
    shoot_sync(tmp, runner, out)


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


def wait_sync(win, runner) -> None:
    wait_idle(runner)  # settings and password first
    wait_idle(win.sync.runner, 30000)
    wait_idle(runner)


def demo_hub(tmp: Path, cluster):
    """The demo center on the office PC, synced to a new hub database on `cluster`: a hub login
    for every staff member, each of whom sends the cases they entered on that PC (as themselves).
    Returns (the admin's context, the hub database, dsn(username))."""
    from app.sync import hub as hubmod
    from app.sync.client import SyncClient
    from models.entities import Staff
    from sqlalchemy import select
    from tests.conftest import PASSWORD, as_staff
    from tests.sync.conftest import new_hub_db
    from tests.ui import demo_data
    admin, _kim_office = demo_data.build(tmp / "office.db")
    dbname = new_hub_db(cluster)
    hubmod.setup_hub(cluster.dsn(dbname))
    with admin.session() as s:
        ids = dict(s.execute(select(Staff.username, Staff.id)).all())
    key = admin.store.ensure_center_key()
    for username, staff_id in ids.items():
        hubmod.create_staff_login(cluster.dsn(dbname), staff_id=staff_id, username=username, password=PASSWORD,
                                  hub_admin=username == "admin", center_key=key)

    def dsn(user: str) -> str:
        return cluster.dsn(dbname, user=hubmod.login_role_name(user), password=PASSWORD)
    SyncClient(admin, dsn("admin")).sync()
    for username, staff_id in ids.items():
        if username != "admin":
            SyncClient(as_staff(admin, staff_id), dsn(username)).sync()
    return admin, dbname, dsn


def shoot_sync(tmp: Path, runner, out: Path) -> None:
    """Sync screens on two laptops joined to a throwaway PostgreSQL hub (tests/sync/pg.py): settings,
    progress held in the push stage, an error, the conflict inbox, note versions, sync files."""
    from tests.ui.hold import HoldAt
    from app.device_vault import DeviceVault, MemoryKeyring
    from app.sync import errors, settings as hubsettings
    from app.sync.client import SyncClient
    from app.sync.join import join_center
    from app.sync.syncfile import ScryptParams
    from keyring.backends.fail import Keyring as NoKeyring
    from models.entities import Contact, Household
    from sqlalchemy import select
    from tests.conftest import FAST_KDF, PASSWORD
    from tests.sync import pg
    from ui import sync as ui_sync
    from ui.mainwindow import MainWindow
    from ui.session import UiSession
    if pg.find_pg_bin() is None:
        print("skipped sync screens: PostgreSQL server binaries not found")
        return
    cluster = pg.start_cluster()
    windows = []
    try:
        admin, dbname, dsn = demo_hub(tmp, cluster)
        kim = join_center(tmp / "kim-laptop.db", username="kim", password=PASSWORD, dsn=dsn("kim"), kdf=FAST_KDF)
        park = join_center(tmp / "park-laptop.db", username="park", password=PASSWORD, dsn=dsn("park"), kdf=FAST_KDF)
        # Both change the same household and the same visit note while apart.
        with kim.session() as s:
            contact = s.scalars(select(Contact).where(Contact.note.like("가정방문%"))).first()
            from models.entities import Case
            case = s.get(Case, contact.case_id)
            household_id, case_id, contact_id = case.household_id, case.id, contact.id
        for ctx, address, phone, note in [
                (kim, "서울 서대문구 연희로 12, 2층", "02-330-1111", "가정방문. 아동 상태 확인, 모 상담. 주거 상태 양호. "
                 "(김사례 추가) 겨울철 난방비 지원 필요."),
                (park, "서울 서대문구 연희로 12-1", "02-330-2222", "가정방문. 아동 상태 확인, 모 상담. 주거 상태 양호. "
                 "(박팀장 추가) 다음 주 통합사례회의 안건으로 올림.")]:
            with ctx.session() as s:
                hh = s.get(Household, household_id)
                hh.address, hh.phone = address, phone
                s.get(Contact, contact_id).note = note
        SyncClient(kim, dsn("kim")).sync()
        SyncClient(park, dsn("park")).sync()
        SyncClient(kim, dsn("kim")).sync()
        backend = MemoryKeyring()
        hub = hubsettings.HubSettings("127.0.0.1", cluster.port, dbname, "park")
        hubsettings.save(park, hub, PASSWORD, DeviceVault(backend))

        win = MainWindow(UiSession(park, runner))
        windows.append(win)
        win.sync.vault_factory = lambda: DeviceVault(backend)
        win.show()
        wait_idle(runner)
        shoot(win, out, "30_home_sync_status")

        win.open_sync_settings()
        wait_idle(runner)
        dialog = win.last_dialog
        dialog.check_connection()
        wait_idle(win.sync.runner)
        wait_idle(runner)
        shoot(dialog, out, "31_sync_settings_checked")
        dialog.reject()
        win.sync.vault_factory = lambda: DeviceVault(NoKeyring())
        win.open_sync_settings()
        wait_idle(runner)
        shoot(win.last_dialog, out, "32_sync_settings_no_keyring")
        win.last_dialog.reject()
        win.sync.vault_factory = lambda: DeviceVault(NoKeyring())
        win.sync_now()
        wait_idle(runner)
        shoot(win.sync.last_dialog, out, "33_sync_password_asked")
        win.sync.last_dialog.reject()
        win.sync.vault_factory = lambda: DeviceVault(backend)

        # Progress, held in the push stage until shot.
        with park.session() as s:
            s.get(Household, household_id).income_status = "차상위"
        hold, real = HoldAt("push", 20), ui_sync.run_sync
        ui_sync.run_sync = lambda c, d, cancel, control: real(c, d, cancel, hold.wrap(control))
        win.sync_now()
        waited = 0
        while win.sync.dialog is None or win.sync.dialog.stage_marks["push"].text() != "▶":
            pump(50)
            waited += 50
            if waited > 10000:
                break
        shoot(win.sync.dialog, out, "34_sync_progress_push")
        hold.release()
        wait_sync(win, runner)
        ui_sync.run_sync = real
        shoot(win.sync.dialog, out, "35_sync_done")
        ui_sync.run_sync = lambda *a, **k: ui_sync.Outcome(None, errors.NoNetworkError())
        win.sync_now()
        wait_sync(win, runner)
        shoot(win.sync.dialog, out, "36_sync_error_no_network")
        ui_sync.run_sync = lambda *a, **k: ui_sync.Outcome(None, errors.ClockSkewError(17))
        win.sync_now()
        wait_sync(win, runner)
        shoot(win.sync.dialog, out, "36b_sync_error_clock")
        ui_sync.run_sync = real
        win.sync.dialog.hide()

        page = win.show_conflicts()
        wait_idle(runner)
        shoot(win, out, "37_conflict_inbox")
        view = win.open_case(case_id)
        wait_idle(runner)
        view.tabs.setCurrentWidget(view.contacts)
        rows = view.detail.contacts
        view.contacts.table.selectRow(next(i for i, r in enumerate(rows) if r.contact_id == contact_id))
        shoot(win, out, "38_case_note_versions")

        # Sync files: 김사례's laptop exports, 박팀장's imports.
        from ui.dialogs.sync import ExportSyncFileDialog, ImportSyncFileDialog
        export = ExportSyncFileDialog(runner, kim, kdf=ScryptParams(n=2 ** 10))
        export.path.setText(str(tmp / "동기화_20261123.sync"))
        export.passphrase.setText("우리 복지관 동기화 암호")
        export.again.setText("우리 복지관 동기화 암호?")
        export.show()
        pump(100)
        shoot(export, out, "39_export_sync_file")
        export.again.setText("우리 복지관 동기화 암호")
        export.save()
        wait_idle(runner)
        imp = ImportSyncFileDialog(runner, park, parent=win)
        imp.path.setText(str(tmp / "동기화_20261123.sync"))
        imp.passphrase.setText("틀린 암호 입니다 1234")
        imp.show()
        imp.save()
        wait_idle(runner)
        shoot(imp, out, "40_import_sync_file_refused")
        imp._dirty = False
        imp.reject()
        page.refresh()
        wait_idle(runner)
        for w in windows:
            w._leaving = True
            w.idle.stop()
            w.close()
        runner.wait_idle()
        for ctx in (admin, kim, park):
            ctx.store.close()
    finally:
        cluster.stop()


def shoot_join(out: Path) -> None:
    """기존 센터 서버에 연결 on the first-run screen, against a throwaway hub holding the demo center:
    the choice on the set-up dialog, the form refusing a wrong hub password, the pull in progress
    (held until shot), and the main window it lands in."""
    from tests.ui.hold import HoldAt
    from app.device_vault import DeviceVault, MemoryKeyring
    from tests.conftest import FAST_KDF, PASSWORD
    from tests.sync import pg
    from ui import join as ui_join
    from ui import main as ui_main
    from ui.mainwindow import MainWindow
    from ui.session import UiSession
    from ui.signin import SetupDialog
    from ui.tasks import TaskRunner
    if pg.find_pg_bin() is None:
        print("skipped join screens: PostgreSQL server binaries not found")
        return
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    ui_main.load_font(app)
    ui_main.install_translator(app)
    runner = TaskRunner(app)
    tmp = Path(tempfile.mkdtemp())
    cluster = pg.start_cluster()
    try:
        admin, dbname, _dsn = demo_hub(tmp, cluster)

        setup = SetupDialog(runner, tmp / "kim-new-laptop.db", kdf=FAST_KDF)
        setup.show()
        shoot(setup, out, "41_first_run_choice")
        dialog = setup.open_join(vault_factory=lambda: DeviceVault(MemoryKeyring()))
        pump(100)
        shoot(dialog, out, "42_join_form_empty")
        dialog.host.setText("127.0.0.1")
        dialog.port.setValue(cluster.port)
        dialog.database.setText(dbname)
        dialog.ca_file.setText(str(cluster.ca_file))
        dialog.username.setText("kim")
        dialog.hub_password.setText("wrong-hub-password")
        dialog.password.setText("새 노트북 비밀번호 7")
        dialog.password2.setText("새 노트북 비밀번호 7")
        dialog.save()
        while dialog.running:
            pump(50)
        wait_idle(dialog.join_runner)
        shoot(dialog, out, "43_join_wrong_hub_password")

        hold, real = HoldAt("pull", 20), ui_join.run_join
        ui_join.run_join = lambda *a, control: real(*a, control=hold.wrap(control))
        dialog.hub_password.setText(PASSWORD)
        joined = []
        setup.saved.connect(joined.append)
        dialog.save()
        waited = 0
        while dialog.progress.current != "pull" and waited < 20000:
            pump(50)
            waited += 50
        shoot(dialog, out, "44_join_progress_pull")
        hold.release()
        ui_join.run_join = real
        waited = 0
        while not joined and waited < 30000:
            pump(50)
            waited += 50
        wait_idle(dialog.join_runner)
        if joined:
            win = MainWindow(UiSession(joined[0], runner))
            win.show()
            wait_idle(runner)
            shoot(win, out, "45_joined_main_window")
            win._leaving = True
            win.idle.stop()
            win.close()
            runner.wait_idle()
            joined[0].store.close()
        admin.store.close()
    finally:
        cluster.stop()


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/ui_png")
    if sys.argv[2:] == ["join"]:
        shoot_join(target)
    else:
        main(target)
        shoot_join(target)
