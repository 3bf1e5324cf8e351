"""종결 (reason, evaluation over the whole intervention, attainment per plan item on the 서식's
five-step scale, the 종결 안내 given to the client) and 사후관리."""
from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLineEdit

from app.services import cases
from models.types import ClosureReason

from ..forms import (FormDialog, RowsEditor, combo, date_edit, enum_combo, length_problem, py_date,
                     text_area)

FOLLOW_UP_SERVICES = ("노인돌봄", "방문건강", "전화 확인", "가정방문", "기타")


class ClosureDialog(FormDialog):
    def __init__(self, runner, ctx, detail, parent=None):
        super().__init__(runner, ctx, self.tr("종결 — {0} {1}").format(detail.case_no, detail.primary_name),
                         parent, draft_key=f"closure:{detail.case_id}", scroll=True)
        self.case_id = detail.case_id
        self.reason = self.add_row(self.tr("종결 사유"), "reason", enum_combo(ClosureReason))
        self.reason_detail = self.add_row(self.tr("사유 상세"), "reason_detail", QLineEdit())
        self.closed_on = self.add_row(self.tr("종결일"), "closed_on", date_edit(ctx.today()))
        self.evaluation = self.add_row(self.tr("종결 평가"), "evaluation",
                                       text_area(self.tr("개입 전 과정에 걸친 목표 달성 평가"), rows=6, grow=True))
        self.follow_up_plan = self.add_row(self.tr("사후관리 계획"), "follow_up_plan", text_area(rows=3))
        # 종결 안내: given at the closure visit or call, or recorded later (a letter sent).
        self.informed = self.watch("informed", QCheckBox(self.tr("안내함")))
        self.informed_on = self.watch("informed_on", date_edit(ctx.today()))
        self.informed_how = self.watch("informed_how", combo((m, m) for m in cases.CLOSURE_NOTICE_METHODS))
        self.informed.toggled.connect(self._fit_notice)
        notice = QHBoxLayout()
        notice.addWidget(self.informed)
        notice.addWidget(self.informed_on)
        notice.addWidget(self.informed_how, 1)
        self.form.addRow(self.tr("종결 안내"), notice)
        self._fit_notice()
        self.attainment: dict[str, QComboBox] = {}
        plan = detail.current_plan
        if plan and plan.items:
            box = QGroupBox(self.tr("항목별 목표 달성도"))
            f = QFormLayout(box)
            for item in plan.items:
                scale = combo(((f"{label} ({pct}%)", pct) for pct, label in cases.ATTAINMENT_SCALE),
                              cases.attainment_step(item.attainment))
                self.watch(f"attain.{item.item_id}", scale)
                goal = f" · {item.goal}" if item.goal else ""
                f.addRow(f"{item.domain_label} — {item.service}{goal}", scale)
                self.attainment[item.item_id] = scale
            self.body_layout.addWidget(box)
        self.has_closure_decision = any(d.outcome.value == "close" for d in detail.decisions)
        self.resize(720, 640)

    def _fit_notice(self) -> None:
        for w in (self.informed_on, self.informed_how):
            w.setEnabled(self.informed.isChecked())

    def _notice(self) -> tuple[date | None, str | None]:
        if not self.informed.isChecked():
            return None, None
        return py_date(self.informed_on), self.informed_how.currentData()

    def problems(self) -> list[str]:
        out = []
        problem = cases.closure_notice_problem(py_date(self.closed_on), *self._notice(), self.ctx.today())
        if problem:
            out.append(problem)
        if not self.has_closure_decision:
            out.append("종결하려면 먼저 종결회의(서면 가능)에서 종결을 결정하세요.")
        for p in (length_problem(self.evaluation.toPlainText(), "종결 평가", 8000, required=True),
                  length_problem(self.follow_up_plan.toPlainText(), "사후관리 계획", 4000),
                  length_problem(self.reason_detail.text(), "종결 사유 상세", 2000)):
            if p:
                out.append(p)
        return out

    def save_call(self):
        ctx, case_id = self.ctx, self.case_id
        args = dict(reason=self.reason.currentData(), evaluation=self.evaluation.toPlainText(),
                    closed_on=py_date(self.closed_on), follow_up_plan=self.follow_up_plan.toPlainText(),
                    reason_detail=self.reason_detail.text(),
                    attainment={k: s.currentData() for k, s in self.attainment.items()})
        args["informed_on"], args["informed_how"] = self._notice()
        return lambda: cases.close_case(ctx, case_id, **args)


class ClosureNoticeDialog(FormDialog):
    """종결 안내 given after the closure was recorded (a letter sent, a call made later)."""

    def __init__(self, runner, ctx, detail, parent=None):
        super().__init__(runner, ctx, self.tr("종결 안내 기록 — {0} {1}").format(detail.case_no, detail.primary_name),
                         parent)
        self.case_id, self.closed_on = detail.case_id, detail.closed_on or ctx.today()
        self.informed_on = self.add_row(self.tr("안내일"), "informed_on", date_edit(ctx.today()))
        self.how = self.add_row(self.tr("안내 방법"), "how", combo((m, m) for m in cases.CLOSURE_NOTICE_METHODS))

    def problems(self) -> list[str]:
        problem = cases.closure_notice_problem(self.closed_on, py_date(self.informed_on), self.how.currentData(),
                                               self.ctx.today())
        return [problem] if problem else []

    def save_call(self):
        ctx, case_id, day, how = self.ctx, self.case_id, py_date(self.informed_on), self.how.currentData()
        return lambda: cases.record_closure_notice(ctx, case_id, day, how)


class FollowUpDialog(FormDialog):
    """사후관리 일정: visits after closure, with the visiting service that will do them."""

    def __init__(self, runner, ctx, detail, parent=None):
        super().__init__(runner, ctx, self.tr("사후관리 계획 — {0} {1}").format(detail.case_no, detail.primary_name),
                         parent)
        self.case_id = detail.case_id
        self.closed_on = detail.closed_on
        self.visits = RowsEditor([(self.tr("예정일"), None),
                                  (self.tr("연계 서비스"), [(s, s) for s in FOLLOW_UP_SERVICES])],
                                 self.tr("일정 추가"))
        first = (detail.closed_on or ctx.today()) + timedelta(days=90)
        self.visits.add_row([first.isoformat(), FOLLOW_UP_SERVICES[0]])
        self.form.addRow(self.watch("visits", self.visits))
        self.resize(560, 360)

    def _visits(self):
        out = []
        for i, (due, service) in enumerate(self.visits.rows(), 1):
            try:
                day = date.fromisoformat(due)
            except ValueError:
                raise ValueError(f"{i}번째 일정의 예정일을 2027-02-21처럼 입력하세요.") from None
            if self.closed_on and day < self.closed_on:
                raise ValueError("사후관리 예정일은 종결일 이후여야 합니다.")
            out.append((day, service))
        return out

    def problems(self) -> list[str]:
        try:
            return [] if self._visits() else ["사후관리 일정을 하나 이상 입력하세요."]
        except ValueError as exc:
            return [str(exc)]

    def save_call(self):
        ctx, case_id, visits = self.ctx, self.case_id, self._visits()
        return lambda: cases.start_follow_up(ctx, case_id, visits)


class FollowUpDoneDialog(FormDialog):
    """사후관리 완료: what was found on the follow-up visit."""

    def __init__(self, runner, ctx, detail, parent=None):
        super().__init__(runner, ctx, self.tr("사후관리 결과 — {0}").format(detail.case_no), parent)
        pending = [f for f in detail.follow_ups if f.done_on is None]
        self.item = self.add_row(self.tr("일정"), "item",
                                 combo((f"{f.due_on.isoformat()} {f.service}", f.follow_up_id) for f in pending))
        self.done_on = self.add_row(self.tr("완료일"), "done_on", date_edit(ctx.today()))
        self.note = self.add_row(self.tr("내용"), "note", text_area(rows=4))

    def problems(self) -> list[str]:
        out = [] if self.item.currentData() else ["완료할 사후관리 일정이 없습니다."]
        p = length_problem(self.note.toPlainText(), "사후관리 내용", 4000, required=True)
        return out + ([p] if p else [])

    def save_call(self):
        ctx, item, done, note = self.ctx, self.item.currentData(), py_date(self.done_on), self.note.toPlainText()
        return lambda: cases.complete_follow_up(ctx, item, done, note)
