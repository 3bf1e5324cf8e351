"""상담·점검 기록 with who came along; visit companion rules come back as warnings."""
from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QGroupBox, QVBoxLayout

from app.services import cases, rules
from app.services.cases import Companion
from models.types import ContactKind

from .. import messages
from ..forms import FormDialog, RowsEditor, datetime_edit, enum_combo, length_problem, py_datetime, text_area


class ContactDialog(FormDialog):
    def __init__(self, runner, ctx, detail, parent=None):
        super().__init__(runner, ctx, self.tr("상담 기록 — {0} {1}").format(detail.case_no, detail.primary_name),
                         parent, draft_key=f"contact:{detail.case_id}")
        self.case_id = detail.case_id
        self.occurred_at = self.add_row(self.tr("일시"), "occurred_at",
                                        datetime_edit(ctx.clock().replace(second=0, microsecond=0)))
        self.kind = self.add_row(self.tr("방법"), "kind", enum_combo(ContactKind))
        self.monitoring = self.add_row("", "monitoring", QCheckBox(self.tr("점검(모니터링) 기록")))
        self.monitoring.setChecked(True)
        self.note = self.add_row(self.tr("상담 내용"), "note", text_area(rows=8, grow=True))
        roles = rules.load("visits")["companion_roles"]
        self.companions = RowsEditor([(self.tr("이름"), None),
                                      (self.tr("역할"), [(label, code) for code, label in roles.items()])],
                                     self.tr("동행자 추가"))
        box = QGroupBox(self.tr("동행자"))
        QVBoxLayout(box).addWidget(self.watch("companions", self.companions))
        self.body_layout.addWidget(box)
        self.resize(700, 600)

    def problems(self) -> list[str]:
        out = [p for p in (length_problem(self.note.toPlainText(), "상담 내용", 20000, required=True),) if p]
        if py_datetime(self.occurred_at).date() > self.ctx.today():
            out.append("상담 일시가 오늘 이후입니다.")
        return out

    def save_call(self):
        ctx, case_id = self.ctx, self.case_id
        args = dict(occurred_at=py_datetime(self.occurred_at), kind=self.kind.currentData(),
                    note=self.note.toPlainText(), is_monitoring=self.monitoring.isChecked(),
                    companions=[Companion(name, role) for name, role in self.companions.rows() if name])
        return lambda: cases.record_contact(ctx, case_id, **args)

    def after_save(self, result) -> None:
        _contact_id, warnings = result
        messages.warnings(self.parentWidget(), self.tr("방문 동행 기준"), warnings,
                          self.tr("상담 기록은 저장했습니다. 다음 동행 기준을 확인하세요:"))
