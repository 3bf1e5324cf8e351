"""사례 공유 and 담당자 변경. Sharing lets a colleague see and record on a case (a co-worker on
visits, a stand-in during leave); reassignment, for team leads, hands the case over."""
from __future__ import annotations

from typing import Sequence

from PySide6.QtWidgets import QLabel

from models.types import Role

from .. import messages
from ..forms import FormDialog, combo
from ..models import share_columns
from ..widgets import ListPanel


class ShareDialog(FormDialog):
    """Colleagues the case is shared with (remove one with 공유 해제) and one to add."""

    def __init__(self, runner, ctx, detail, staff: Sequence, parent=None):
        super().__init__(runner, ctx, self.tr("사례 공유 — {0}").format(detail.case_no), parent)
        self.detail = detail
        self.shared = ListPanel(self.tr("공유 중인 직원"), share_columns(), empty=self.tr("공유한 직원이 없습니다."))
        self.unshare_button = self.shared.add_button(self.tr("선택한 직원 공유 해제"), self.unshare_selected)
        self.shared.setMinimumHeight(160)
        self.body_layout.insertWidget(0, self.shared)
        choices = [s for s in staff if s.staff_id != ctx.actor.staff_id and s.role != Role.READ_ONLY]
        self.staff = self.add_row(self.tr("공유할 직원"), "staff", combo(
            (f"{s.display_name} ({s.role.label}{', ' + s.team if s.team else ''})", s.staff_id) for s in choices))
        note = QLabel(self.tr("공유받은 직원은 이 사례를 열람하고 기록할 수 있습니다. 공유와 해제는 접속기록에 남습니다."))
        note.setWordWrap(True)
        note.setStyleSheet("color:#555;")
        self.form.addRow(note)
        self.set_save_label(self.tr("공유"))
        self.resize(560, 420)
        self.reload()

    def reload(self) -> None:
        from app.services.views import case_file
        self.runner.submit(case_file.case_shares, self.ctx, self.detail.case_id, on_done=self.shared.set_rows,
                           on_error=self.show_error, owner=self)

    def unshare_selected(self) -> None:
        from app.services import sharing
        row = self.shared.table.current_row()
        if row is None:
            messages.info(self, self.tr("공유 해제"), self.tr("공유를 해제할 직원을 목록에서 고르세요."))
            return
        self.runner.submit(sharing.unshare_case, self.ctx, self.detail.case_id, row.staff_id,
                           on_done=lambda _r: self.reload(), on_error=self.show_error, owner=self)

    def draft_fields(self):
        return {}

    def problems(self) -> list[str]:
        return [] if self.staff.currentData() else ["공유할 직원을 고르세요."]

    def save_call(self):
        from app.services import sharing
        ctx, case_id, staff_id = self.ctx, self.detail.case_id, self.staff.currentData()
        return lambda: sharing.share_case(ctx, case_id, staff_id)


class ReassignDialog(FormDialog):
    """담당자 변경 (team leads and administrators): only case managers can take a case."""

    def __init__(self, runner, ctx, detail, staff: Sequence, parent=None):
        super().__init__(runner, ctx, self.tr("담당자 변경 — {0}").format(detail.case_no), parent)
        self.detail = detail
        self.form.addRow(QLabel(self.tr("지금 담당: {0}").format(detail.manager)))
        choices = [s for s in staff if s.role == Role.CASE_MANAGER and s.display_name != detail.manager]
        self.staff = self.add_row(self.tr("새 담당자"), "staff", combo(
            (f"{s.display_name}{' (' + s.team + ')' if s.team else ''}", s.staff_id) for s in choices))
        note = QLabel(self.tr("사례는 새 담당자의 팀으로 옮겨집니다. 변경은 접속기록에 남습니다."))
        note.setWordWrap(True)
        note.setStyleSheet("color:#555;")
        self.form.addRow(note)
        self.set_save_label(self.tr("변경"))
        self.resize(480, 220)

    def draft_fields(self):
        return {}

    def problems(self) -> list[str]:
        return [] if self.staff.currentData() else ["새 담당자를 고르세요."]

    def save_call(self):
        from app.services import sharing
        ctx, case_id, staff_id = self.ctx, self.detail.case_id, self.staff.currentData()
        return lambda: sharing.reassign_case(ctx, case_id, staff_id)
