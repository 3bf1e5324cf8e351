"""사례회의록: kind, attendees (name, agency, role), and the decision on the case it was opened from
(선정·유형·주사례기관·역할분담 …). Missing required attendees come back as warnings on the minutes."""
from __future__ import annotations

from typing import Sequence

from PySide6.QtWidgets import QCheckBox, QFormLayout, QGroupBox, QLineEdit, QVBoxLayout

from app.services import meetings, rules
from app.services.meetings import AttendeeInput, DecisionInput
from models.types import MeetingKind, SelectionOutcome, Stage

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


class MeetingDialog(FormDialog):
    def __init__(self, runner, ctx, *, center: str, case_types: Sequence[str], detail=None,
                 kind: MeetingKind | None = None, parent=None):
        title = self.tr("사례회의록")
        if detail is not None:
            title += f" — {detail.case_no} {detail.primary_name}"
        key = f"meeting:{detail.case_id}" if detail else "meeting:general"
        super().__init__(runner, ctx, title, parent, draft_key=key, scroll=True)
        self.detail = detail
        self.case_types = list(case_types)
        if kind is None and detail is not None:
            kind = MeetingKind.CLOSURE if detail.stage == Stage.IN_SERVICE else MeetingKind.INTEGRATED
        self.kind = self.add_row(self.tr("회의 종류"), "kind", enum_combo(MeetingKind, kind))
        self.held_at = self.add_row(self.tr("일시"), "held_at", datetime_edit(ctx.clock().replace(second=0, microsecond=0)))
        self.place = self.add_row(self.tr("장소"), "place", QLineEdit())
        self.chair = self.add_row(self.tr("사회자"), "chair", QLineEdit())
        self.in_writing = self.add_row("", "in_writing", QCheckBox(self.tr("서면 회의")))

        roles = rules.load("meetings")["roles"]
        self.attendees = RowsEditor([(self.tr("이름"), None), (self.tr("소속 기관"), None),
                                     (self.tr("역할"), [(label, code) for code, label in roles.items()])],
                                    self.tr("참석자 추가"))
        self.attendees.add_row([ctx.actor.display_name, center, "dong_cm"])
        box = QGroupBox(self.tr("참석자"))
        QVBoxLayout(box).addWidget(self.watch("attendees", self.attendees))
        self.body_layout.addWidget(box)

        self.decision_box = None
        if detail is not None:
            self._build_decision(detail)
        minutes_box = QGroupBox(self.tr("회의 내용"))
        mform = QFormLayout(minutes_box)
        self.minutes = self.watch("minutes", text_area(rows=5))
        self.advice = self.watch("advice", text_area(rows=3))
        mform.addRow(self.tr("회의 내용"), self.minutes)
        mform.addRow(self.tr("슈퍼바이저 조언"), self.advice)
        self.body_layout.addWidget(minutes_box)
        self.kind.currentIndexChanged.connect(self._fit_outcomes)
        self._fit_outcomes()
        self.resize(900, 780)

    def _build_decision(self, detail) -> None:
        box = QGroupBox(self.tr("사례 결정 — {0} {1}").format(detail.case_no, detail.primary_name))
        f = QFormLayout(box)
        self.outcome = self.watch("outcome", enum_combo(OUTCOMES_BY_STAGE.get(detail.stage, ())))
        self.case_type = self.watch("case_type", combo([(self.tr("(변경 없음)"), None)]
                                                       + [(t, t) for t in self.case_types], detail.case_type))
        size = len(detail.household.members)
        types = "·".join(detail.household.household_types) or self.tr("일반")
        self.summary = self.watch("hh_summary", QLineEdit(f"{types}가구({size}인)"))
        self.issues = self.watch("issues", text_area(rows=3))
        self.direction = self.watch("direction", text_area(rows=3))
        self.lead = self.watch("lead", QLineEdit(detail.lead_agency))
        self.role_split = self.watch("role_split", text_area(self.tr("예: 주민센터—생계지원 신청, 복지관—정서지원"), rows=3))
        self.topics = self.watch("topics", CheckList(list(meetings.TOPICS.values()), columns=2))
        f.addRow(self.tr("결정"), self.outcome)
        f.addRow(self.tr("사례유형"), self.case_type)
        f.addRow(self.tr("가구 요약"), self.summary)
        f.addRow(self.tr("주요 문제"), self.issues)
        f.addRow(self.tr("진행 방향"), self.direction)
        f.addRow(self.tr("주사례관리기관"), self.lead)
        f.addRow(self.tr("역할분담"), self.role_split)
        f.addRow(self.tr("논의 주제"), self.topics)
        self.body_layout.addWidget(box)
        self.decision_box = box

    def _fit_outcomes(self) -> None:
        """A 종결회의 decides closure only; other meetings never decide closure."""
        if self.decision_box is None:
            return
        closure = self.kind.currentData() == MeetingKind.CLOSURE
        model = self.outcome.model()
        for i in range(self.outcome.count()):
            is_close = self.outcome.itemData(i) == SelectionOutcome.CLOSE
            model.item(i).setEnabled(is_close == closure or (not closure and not is_close))
        if closure and self.outcome.findData(SelectionOutcome.CLOSE) >= 0:
            self.outcome.setCurrentIndex(self.outcome.findData(SelectionOutcome.CLOSE))
        elif not closure and self.outcome.currentData() == SelectionOutcome.CLOSE:
            self.outcome.setCurrentIndex(0)

    # --- reading the form ---
    def _attendee_inputs(self) -> list[AttendeeInput]:
        return [AttendeeInput(name, agency, role) for name, agency, role in self.attendees.rows() if name]

    def problems(self) -> list[str]:
        out = []
        if py_datetime(self.held_at).date() > self.ctx.today():
            out.append("회의 일시가 오늘 이후입니다. 회의를 마친 뒤 기록하세요.")
        if not self._attendee_inputs():
            out.append("참석자를 한 명 이상 입력하세요.")
        if any(agency and not name for name, agency, _role in self.attendees.rows()):
            out.append("참석자 이름을 입력하세요.")
        for text, label, n in ((self.place.text(), "장소", 100), (self.chair.text(), "사회자", 50),
                               (self.minutes.toPlainText(), "회의 내용", 20000)):
            p = length_problem(text, label, n)
            if p:
                out.append(p)
        if self.decision_box is not None:
            outcome = self.outcome.currentData()
            if outcome is None:
                out.append("이 단계의 사례는 회의에서 결정할 내용이 없습니다.")
            elif outcome == SelectionOutcome.SELECTED and self.case_type.currentData() is None:
                out.append(f"선정 시 사례 유형({', '.join(self.case_types)})을 정하세요.")
            elif (outcome == SelectionOutcome.CLOSE) != (self.kind.currentData() == MeetingKind.CLOSURE):
                out.append("종결 결정은 종결회의에서만 할 수 있습니다.")
        return out

    def save_call(self):
        ctx = self.ctx
        decisions = []
        if self.decision_box is not None:
            topic_codes = {label: code for code, label in meetings.TOPICS.items()}
            decisions.append(DecisionInput(
                self.detail.case_id, self.outcome.currentData(), household_summary=self.summary.text(),
                issues=self.issues.toPlainText(), case_type=self.case_type.currentData(),
                direction=self.direction.toPlainText(), lead_agency=self.lead.text(),
                role_split=self.role_split.toPlainText(),
                topics=[topic_codes[t] for t in self.topics.value()]))
        args = dict(kind=self.kind.currentData(), held_at=py_datetime(self.held_at), place=self.place.text(),
                    chair=self.chair.text(), attendees=self._attendee_inputs(), decisions=decisions,
                    minutes=self.minutes.toPlainText(), supervisor_advice=self.advice.toPlainText(),
                    in_writing=self.in_writing.isChecked())
        return lambda: meetings.record_meeting(ctx, **args)

    def after_save(self, result) -> None:
        messages.warnings(self.parentWidget(), self.tr("참석 기준 확인"), result.warnings,
                          self.tr("회의록은 저장했습니다. 다만 참석 기준에 맞지 않는 점이 있습니다:"))
