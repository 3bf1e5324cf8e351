"""인쇄 / 내보내기 as HWPX from the client: the format chosen in the print dialog, the file made on
the worker with progress, the save folder remembered, the export logged; the intake and
assessment forms in the case screen's menu; statistics as HWPX."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from sqlalchemy import select

from models.entities import AuditLog
from ui import messages
from ui.printing import HWPX, PDF, PrintDialog
from ui.preview import PdfPreview

from ..conftest import as_staff
from ..hwpx_helpers import checked_text
from ..workflow_helpers import assessed_case, in_service_case
from .conftest import settle
from .test_workflow_ui import type_into


@pytest.fixture(autouse=True)
def private_settings(tmp_path):
    """QSettings in a folder of this test, not the user's real settings file."""
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    QSettings("saryegwanri", "saryegwanri").clear()
    yield


def audit_purposes(ctx, entity: str) -> list[str]:
    with ctx.session() as s:
        return [r.purpose for r in s.scalars(select(AuditLog).where(AuditLog.entity == entity)
                                             .order_by(AuditLog.seq))]


def open_case(qtbot, window, case_id):
    view = window.open_case(case_id)
    settle(qtbot, window.session.runner)
    return view


class SaveDialog:
    """Stands in for QFileDialog: records what it was offered, answers with a file in `folder`."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.offered: list[tuple[str, str]] = []

    def __call__(self, parent, title, suggested, file_filter):
        self.offered.append((suggested, file_filter))
        return str(self.folder / Path(suggested).name)


def test_consent_exported_as_hwpx_through_the_dialog(qtbot, window, ctx, shown, monkeypatch, tmp_path):
    case_id, _member, _plan = in_service_case(ctx)
    view = open_case(qtbot, window, case_id)
    assert view.print_button.text() == "인쇄 / 내보내기"
    folder = tmp_path / "내보내기"
    folder.mkdir()
    chooser = SaveDialog(folder)
    monkeypatch.setattr(messages, "save_file_path", chooser)

    dialog = view.print_consent()
    type_into(qtbot, dialog.purpose, "결재 문서 작성")
    assert dialog.save_button.text() == "미리 보기"
    dialog.format.setCurrentIndex(dialog.format.findData(HWPX))
    assert dialog.save_button.text() == "HWPX로 저장…"
    seen_progress = []
    dialog.progress.valueChanged.connect(seen_progress.append)
    dialog.progress.show()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.progress.isVisible() or dialog.exported_path  # busy while the worker runs
    settle(qtbot, window.session.runner)

    [(suggested, file_filter)] = chooser.offered
    assert suggested.endswith(".hwpx") and "*.hwpx" in file_filter and "김민수" not in suggested
    written = folder / Path(suggested).name
    assert dialog.exported_path == str(written)
    text = checked_text(written.read_bytes())
    assert "김민수" in text and "900101-1******" in text and "통합사례관리서비스종결후5년" in text
    assert 2 in seen_progress  # the worker reported its steps
    assert ("info", "한글 문서로 저장", f"저장했습니다: {written.name}") in shown.items
    assert audit_purposes(ctx, "consent_form") == ["결재 문서 작성 [HWPX]"]
    assert not [p for p in window.findChildren(PdfPreview) if p.isVisible()]  # no preview for HWPX

    # The next export starts in the folder the user chose.
    dialog = view.print_consent()
    type_into(qtbot, dialog.purpose, "사본")
    dialog.format.setCurrentIndex(dialog.format.findData(HWPX))
    dialog.save()
    settle(qtbot, window.session.runner)
    assert Path(chooser.offered[-1][0]).parent == folder


def test_cancelled_save_makes_and_logs_nothing(qtbot, window, ctx, monkeypatch):
    case_id, _member, _plan = in_service_case(ctx)
    view = open_case(qtbot, window, case_id)
    monkeypatch.setattr(messages, "save_file_path", lambda *a: None)
    dialog = view.print_consent()
    type_into(qtbot, dialog.purpose, "결재")
    dialog.format.setCurrentIndex(dialog.format.findData(HWPX))
    dialog.save()
    settle(qtbot, window.session.runner)
    assert audit_purposes(ctx, "consent_form") == [] and dialog.isVisible()


def test_unwritable_folder_is_a_korean_message(qtbot, window, ctx, monkeypatch, tmp_path):
    case_id, _member, _plan = in_service_case(ctx)
    view = open_case(qtbot, window, case_id)
    monkeypatch.setattr(messages, "save_file_path", lambda *a: str(tmp_path / "없는 폴더" / "동의서.hwpx"))
    dialog = view.print_consent()
    type_into(qtbot, dialog.purpose, "결재")
    dialog.format.setCurrentIndex(dialog.format.findData(HWPX))
    dialog.save()
    settle(qtbot, window.session.runner)
    assert "파일을 저장하지 못했습니다" in dialog.problem_label.text()
    assert dialog.save_button.text() == "HWPX로 저장…"


def test_intake_and_assessment_forms_from_the_case_menu(qtbot, window, ctx, monkeypatch, tmp_path):
    case_id, _member, _ = assessed_case(ctx)
    view = open_case(qtbot, window, case_id)
    assert view.print_actions["intake"].isEnabled() and view.print_actions["assessment"].isEnabled()
    for opener, entity, title in ((view.print_intake, "intake_record", "초기상담기록지"),
                                  (view.print_assessment, "assessment_form", "욕구및위기도조사표")):
        dialog = opener()
        assert isinstance(dialog, PrintDialog) and dialog.fmt() == PDF
        type_into(qtbot, dialog.purpose, "사례회의 자료")
        dialog.save()
        settle(qtbot, window.session.runner)
        monkeypatch.setattr(messages, "save_file_path", SaveDialog(tmp_path))
        dialog = opener()
        type_into(qtbot, dialog.purpose, "결재")
        dialog.format.setCurrentIndex(dialog.format.findData(HWPX))
        dialog.save()
        settle(qtbot, window.session.runner)
        assert title in checked_text(Path(dialog.exported_path).read_bytes())
        assert audit_purposes(ctx, entity) == ["사례회의 자료", "결재 [HWPX]"]
    previews = [p for p in window.findChildren(PdfPreview) if p.isVisible()]
    assert len(previews) == 2
    for p in previews:
        p.close()


def test_statistics_exported_as_hwpx(qtbot, window, ctx, admin_ctx, staff_ids, monkeypatch, tmp_path):
    in_service_case(ctx)
    window.session.ctx = as_staff(admin_ctx, staff_ids["park"])
    page = window.show_statistics()
    page.start.setDate(date(2026, 1, 1))
    qtbot.mouseClick(page.show_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window.session.runner)
    assert page.hwpx_button.isEnabled()
    chooser = SaveDialog(tmp_path)
    monkeypatch.setattr(messages, "save_file_path", chooser)
    qtbot.mouseClick(page.hwpx_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window.session.runner)
    [(suggested, _)] = chooser.offered
    text = checked_text((tmp_path / Path(suggested).name).read_bytes())
    assert "사례관리대상자선정및진행현황" in text and "천연동" in text
    assert "저장했습니다" in page.status.text() and not page.progress.isVisible()
