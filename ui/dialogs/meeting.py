"""사례회의록: kind, attendees (name, agency, role, an outside expert's field) and one decision per
case discussed (선정·유형·주사례기관·역할분담 …), and the 차기 회의 일정. Missing required attendees
come back as warnings on the minutes.

Opened from a case, the meeting starts with that case; opened from the menu, cases are added from
the worker's open caseload (a weekly 동 meeting decides several at once).
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Sequence

from PySide6.QtWidgets import (QCheckBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QVBoxLayout, QWidget)

from app.services import meetings, rules
from app.services.meetings import AttendeeInput, DecisionInput
from models.types import ConsentKind, MeetingKind, SelectionOutcome, Stage

from .. import messages
from ..forms import (CheckList, FormDialog, RowsEditor, combo, datetime_edit, enum_combo, length_problem,
                     py_datetime, text_area)

# Which decisions make sense at which stage (the service enforces the same order).
OUTCOMES_BY_STAGE = {
    Stage.ASSESSED: (SelectionOutcome.SELECTED, SelectionOutcome.NOT_SELECTED, SelectionOutcome.SERVICE_LINK,
                     SelectionOutcome.REFER_PROGRAM),
    Stage.SELECTED: (SelectionOutcome.CONTINUE,),
    Stage.IN_SERVICE: (SelectionOutcome.CONTINUE, SelectionOutcome.CLOSE),
}
DECIDABLE = tuple(OUTCOMES_BY_STAGE)


class DecisionFields(QGroupBox):
    """The decision on one case: outcome, type, 주사례관리기관, 역할분담, topics for attendance rules."""

    def __init__(self, dialog: "MeetingDialog", detail, case_types: Sequence[str]):
        super().__init__(self.tr("사례 결정 — {0} {1}").format(detail.case_no, detail.primary_name))
        self.detail, self.case_types = detail, list(case_types)
        p = f"{detail.case_id}."  # draft field names stay apart per case
        self.outcome = dialog.watch(p + "outcome", enum_combo(OUTCOMES_BY_STAGE.get(detail.stage, ())))
        self.case_type = dialog.watch(p + "case_type", combo([(self.tr("(변경 없음)"), None)]
                                                             + [(t, t) for t in self.case_types], detail.case_type))
        size = len(detail.household.members)
        types = "·".join(detail.household.household_types) or self.tr("일반")
        self.summary = dialog.watch(p + "summary", QLineEdit(f"{types}가구({size}인)"))
        self.issues = dialog.watch(p + "issues", text_area(rows=3))
        self.direction = dialog.watch(p + "direction", text_area(rows=3))
        self.lead = dialog.watch(p + "lead", QLineEdit(detail.lead_agency))
        self.role_split = dialog.watch(p + "role_split",
                                       text_area(self.tr("예: 주민센터—생계지원 신청, 복지관—정서지원"), rows=3))
        self.topics = dialog.watch(p + "topics", CheckList(list(meetings.TOPICS.values()), columns=2))
        remove = QPushButton(self.tr("이 사례 빼기"))
        remove.clicked.connect(lambda: dialog.remove_decision(self))
        f = QFormLayout(self)
        f.addRow(self.tr("결정"), self.outcome)
        f.addRow(self.tr("사례유형"), self.case_type)
        f.addRow(self.tr("가구 요약"), self.summary)
        f.addRow(self.tr("주요 문제"), self.issues)
        f.addRow(self.tr("진행 방향"), self.direction)
        f.addRow(self.tr("주사례관리기관"), self.lead)
        f.addRow(self.tr("역할분담"), self.role_split)
        f.addRow(self.tr("논의 주제"), self.topics)
        f.addRow("", remove)

    def fit_to_kind(self, closure: bool) -> None:
        """A 종결회의 decides closure only; other meetings never decide closure."""
        model = self.outcome.model()
        for i in range(self.outcome.count()):
            is_close = self.outcome.itemData(i) == SelectionOutcome.CLOSE
            model.item(i).setEnabled(is_close == closure or (not closure and not is_close))
        close_at = self.outcome.findData(SelectionOutcome.CLOSE)
        if closure and close_at >= 0:
            self.outcome.setCurrentIndex(close_at)
        elif not closure and self.outcome.currentData() == SelectionOutcome.CLOSE:
            self.outcome.setCurrentIndex(0)

    def problems(self, kind: MeetingKind) -> list[str]:
        name = f"{self.detail.case_no}: "
        outcome = self.outcome.currentData()
        if outcome is None:
            return [name + "이 단계의 사례는 회의에서 결정할 내용이 없습니다."]
        if outcome == SelectionOutcome.SELECTED and self.case_type.currentData() is None:
            return [name + f"선정 시 사례 유형({', '.join(self.case_types)})을 정하세요."]
        if (outcome == SelectionOutcome.CLOSE) != (kind == MeetingKind.CLOSURE):
            return [name + "종결 결정은 종결회의에서만 할 수 있습니다."]
        return []

    def value(self) -> DecisionInput:
        codes = {label: code for code, label in meetings.TOPICS.items()}
        return DecisionInput(self.detail.case_id, self.outcome.currentData(), household_summary=self.summary.text(),
                             issues=self.issues.toPlainText(), case_type=self.case_type.currentData(),
                             direction=self.direction.toPlainText(), lead_agency=self.lead.text(),
                             role_split=self.role_split.toPlainText(),
                             topics=[codes[t] for t in self.topics.value()])


class MeetingDialog(FormDialog):
    def __init__(self, runner, ctx, *, center: str, case_types: Sequence[str], detail=None,
                 kind: MeetingKind | None = None, candidates: Sequence = (), parent=None):
        title = self.tr("사례회의록")
        if detail is not None:
            title += f" — {detail.case_no} {detail.primary_name}"
        key = f"meeting:{detail.case_id}" if detail else "meeting:general"
        super().__init__(runner, ctx, title, parent, draft_key=key, scroll=True)
        self.center = center
        self.case_types = list(case_types)
        self.decisions: list[DecisionFields] = []
        if kind is None and detail is not None:
            kind = MeetingKind.CLOSURE if detail.stage == Stage.IN_SERVICE else MeetingKind.INTEGRATED
        self.kind = self.add_row(self.tr("회의 종류"), "kind", enum_combo(MeetingKind, kind))
        self.held_at = self.add_row(self.tr("일시"), "held_at",
                                    datetime_edit(ctx.clock().replace(second=0, microsecond=0)))
        self.place = self.add_row(self.tr("장소"), "place", QLineEdit())
        self.chair = self.add_row(self.tr("사회자"), "chair", QLineEdit())
        self.in_writing = self.add_row("", "in_writing", QCheckBox(self.tr("서면 회의")))

        roles = rules.load("meetings")["roles"]
        self.attendees = RowsEditor([(self.tr("이름"), None), (self.tr("소속 기관"), None),
                                     (self.tr("역할"), [(label, code) for code, label in roles.items()]),
                                     (self.tr("전문 분야"), [(self.tr("(해당 없음)"), "")]
                                      + [(f, f) for f in meetings.EXPERT_FIELDS])],
                                    self.tr("참석자 추가"))
        self.attendees.add_row([ctx.actor.display_name, center, "dong_cm"])
        box = QGroupBox(self.tr("참석자"))
        QVBoxLayout(box).addWidget(self.watch("attendees", self.attendees))
        self.body_layout.addWidget(box)

        # Cases discussed: one decision box each, then a picker to add more.
        self.decision_area = QVBoxLayout()
        self.body_layout.addLayout(self.decision_area)
        self.candidates = [c for c in candidates if c.stage in DECIDABLE]
        picker = QWidget()
        row = QHBoxLayout(picker)
        row.setContentsMargins(0, 0, 0, 0)
        self.case_picker = combo((f"{c.case_no} {c.name} ({c.stage.label})", c.case_id) for c in self.candidates)
        self.add_case_button = QPushButton(self.tr("사례 추가"))
        self.add_case_button.clicked.connect(lambda: self.add_case(self.case_picker.currentData()))
        row.addWidget(QLabel(self.tr("논의할 사례")))
        row.addWidget(self.case_picker, 1)
        row.addWidget(self.add_case_button)
        picker.setVisible(bool(self.candidates))
        self.body_layout.addWidget(picker)
        if detail is not None:
            self.add_decision(detail)

        minutes_box = QGroupBox(self.tr("회의 내용"))
        mform = QFormLayout(minutes_box)
        self.minutes = self.watch("minutes", text_area(rows=5))
        self.advice = self.watch("advice", text_area(rows=3))
        mform.addRow(self.tr("회의 내용"), self.minutes)
        mform.addRow(self.tr("슈퍼바이저 조언"), self.advice)
        # 차기 회의 일정: off unless ticked; the date is checked as it is typed (next_meeting_problem).
        self.has_next = self.watch("has_next", QCheckBox(self.tr("정함")))
        self.next_at = self.watch("next_at", datetime_edit(ctx.clock().replace(second=0, microsecond=0)
                                                           + timedelta(days=14)))
        self.next_at.setEnabled(False)
        self.has_next.toggled.connect(self.next_at.setEnabled)
        next_row = QHBoxLayout()
        next_row.addWidget(self.has_next)
        next_row.addWidget(self.next_at, 1)
        mform.addRow(self.tr("차기 회의 일정"), next_row)
        self.body_layout.addWidget(minutes_box)
        self.kind.currentIndexChanged.connect(self._fit_outcomes)
        self.resize(900, 780)

    # --- cases discussed ---
    def add_case(self, case_id: str | None) -> None:
        if not case_id or any(d.detail.case_id == case_id for d in self.decisions):
            return
        from app.services.views import case_file
        self.add_case_button.setEnabled(False)
        self.runner.submit(case_file.case_detail, self.ctx, case_id, on_done=self._case_loaded,
                           on_error=self.show_error, owner=self)

    def _case_loaded(self, detail) -> None:
        self.add_case_button.setEnabled(True)
        self.add_decision(detail)
        self._changed()

    def add_decision(self, detail) -> DecisionFields:
        fields = DecisionFields(self, detail, self.case_types)
        fields.fit_to_kind(self.kind.currentData() == MeetingKind.CLOSURE)
        self.decisions.append(fields)
        self.decision_area.addWidget(fields)
        return fields

    def remove_decision(self, fields: DecisionFields) -> None:
        self.decisions.remove(fields)
        self.unwatch(f"{fields.detail.case_id}.")
        fields.deleteLater()
        self._changed()

    def _fit_outcomes(self) -> None:
        for d in self.decisions:
            d.fit_to_kind(self.kind.currentData() == MeetingKind.CLOSURE)

    # --- reading the form ---
    def _attendee_inputs(self) -> list[AttendeeInput]:
        return [AttendeeInput(name, agency, role, field=field or "")
                for name, agency, role, field in self.attendees.rows() if name]

    def _next_meeting(self) -> datetime | None:
        return py_datetime(self.next_at) if self.has_next.isChecked() else None

    def problems(self) -> list[str]:
        out = []
        if py_datetime(self.held_at).date() > self.ctx.today():
            out.append("회의 일시가 오늘 이후입니다. 회의를 마친 뒤 기록하세요.")
        if not self._attendee_inputs():
            out.append("참석자를 한 명 이상 입력하세요.")
        if any(agency and not name for name, agency, _role, _field in self.attendees.rows()):
            out.append("참석자 이름을 입력하세요.")
        problem = meetings.next_meeting_problem(py_datetime(self.held_at), self._next_meeting())
        if problem:
            out.append(problem)
        for text, label, n in ((self.place.text(), "장소", 100), (self.chair.text(), "사회자", 50),
                               (self.minutes.toPlainText(), "회의 내용", 20000)):
            p = length_problem(text, label, n)
            if p:
                out.append(p)
        for d in self.decisions:
            out += d.problems(self.kind.currentData())
        # Known before anything is typed: the service would refuse the same (meetings.record_meeting).
        if meetings.brings_outsiders(self.kind.currentData(), self._attendee_inputs(), self.center):
            out += [meetings.consent_problem(d.detail.case_no) + " 동의를 먼저 기록하세요(작성 중인 내용은 임시 저장됩니다)."
                    for d in self.decisions if ConsentKind.THIRD_PARTY not in d.detail.valid_consents]
        return out

    def save_call(self):
        ctx = self.ctx
        args = dict(kind=self.kind.currentData(), held_at=py_datetime(self.held_at), place=self.place.text(),
                    chair=self.chair.text(), attendees=self._attendee_inputs(),
                    decisions=[d.value() for d in self.decisions], minutes=self.minutes.toPlainText(),
                    supervisor_advice=self.advice.toPlainText(), in_writing=self.in_writing.isChecked(),
                    next_meeting_at=self._next_meeting())
        return lambda: meetings.record_meeting(ctx, **args)

    def after_save(self, result) -> None:
        messages.warnings(self.parentWidget(), self.tr("참석 기준 확인"), result.warnings,
                          self.tr("회의록은 저장했습니다. 다만 참석 기준에 맞지 않는 점이 있습니다:"))
