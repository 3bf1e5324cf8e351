"""서비스 제공계획 as the 서식 has it: the overall goal, 장기·단기목표 per need (욕구), the service
items of each need, and the client's agreement to it."""
from __future__ import annotations

from datetime import date
from typing import Sequence

from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout

from app.services import cases, rules
from app.services.cases import PlanGoal, PlanItemInput
from app.services.errors import ValidationError
from app.services.particles import particle

from ..forms import FormDialog, RowsEditor, date_edit, length_problem, py_date, text_area

COLUMNS = ("domain", "service", "resource", "provider", "frequency", "starts_on", "ends_on", "cost")


def _date_or_none(text: str, what: str, row: int) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{row}번째 항목의 {particle(what, '은/는')} 2026-11-23처럼 입력하세요.") from None


class PlanDialog(FormDialog):
    def __init__(self, runner, ctx, detail, resources: Sequence, parent=None):
        super().__init__(runner, ctx, self.tr("서비스 제공계획 — {0} {1}").format(detail.case_no, detail.primary_name),
                         parent, draft_key=f"plan:{detail.case_id}", scroll=True)
        self.case_id = detail.case_id
        self.made_on = self.add_row(self.tr("수립일"), "made_on", date_edit(ctx.today()))
        self.goals = self.add_row(self.tr("종합 목표"), "goals", text_area(self.tr("사례 전체의 목표"), rows=2))
        domains = [(label, code) for code, label in rules.domain_labels().items()]
        # 욕구별 목표: one row per need; the service items below are tied to their need's goals.
        self.need_goals = RowsEditor([(self.tr("욕구 영역"), domains), (self.tr("욕구"), None),
                                      (self.tr("장기목표"), None), (self.tr("단기목표"), None)], self.tr("욕구 추가"))
        res = [(self.tr("(직접 입력)"), None)] + [(f"{r.provider} — {r.service}", r.resource_id) for r in resources]
        self.items = RowsEditor([(self.tr("욕구 영역"), domains), (self.tr("서비스"), None), (self.tr("자원목록"), res),
                                 (self.tr("제공기관"), None), (self.tr("횟수"), None),
                                 (self.tr("시작일"), None), (self.tr("종료일"), None), (self.tr("비용(원)"), None)],
                                self.tr("항목 추가"))
        # Urgent domains of the latest assessment become the first rows: the plan answers them,
        # with what the client said of each as the need.
        latest = detail.assessments[0] if detail.assessments else None
        for d in (latest.domains if latest else ()):
            if d.urgency >= 2:
                self.need_goals.add_row([d.code, d.client_words, "", ""])
                self.items.add_row([d.code, "", None, "", "", "", "", "0"])
        if self.items.table.rowCount() == 0:
            self.need_goals.add_row()
            self.items.add_row()
        goals_box = QGroupBox(self.tr("욕구별 목표"))
        QVBoxLayout(goals_box).addWidget(self.watch("need_goals", self.need_goals))
        self.body_layout.addWidget(goals_box)
        box = QGroupBox(self.tr("서비스 항목 (욕구 영역별로 그 목표를 위한 서비스)"))
        lay = QVBoxLayout(box)
        lay.addWidget(self.watch("items", self.items))
        lay.addWidget(QLabel(self.tr("날짜는 2026-11-23 형식, 비용은 숫자만 입력합니다.")))
        self.body_layout.addWidget(box)
        self.resize(1000, 640)

    def _item_inputs(self) -> list[PlanItemInput]:
        """Raises ValueError with a Korean sentence for the first bad cell."""
        out = []
        for i, (domain, service, resource, provider, freq, start, end, cost) in enumerate(self.items.rows(), 1):
            if not (service or provider or freq or start or end or cost.strip("0")):
                continue  # an untouched row
            if not service:
                raise ValueError(f"{i}번째 항목의 서비스를 입력하세요.")
            digits = cost.replace(",", "").replace("원", "").strip() or "0"
            if not digits.isdigit():
                raise ValueError(f"{i}번째 항목의 비용은 0원 이상의 숫자로 입력하세요.")
            starts, ends = _date_or_none(start, "시작일", i), _date_or_none(end, "종료일", i)
            if starts and ends and ends < starts:
                raise ValueError(f"{i}번째 항목의 종료일이 시작일보다 앞섭니다.")
            out.append(PlanItemInput(domain=domain, service=service, resource_id=resource, provider=provider,
                                     frequency=freq, starts_on=starts, ends_on=ends, cost=int(digits)))
        return out

    def _goal_inputs(self) -> list[PlanGoal]:
        """Rows with anything typed; a row needs its 단기목표 (what the services aim at first)."""
        out = []
        labels = rules.domain_labels()
        for domain, need, long_goal, short_goal in self.need_goals.rows():
            if not (need or long_goal or short_goal):
                continue
            if not short_goal:
                raise ValueError(f"{labels.get(domain, domain)} 영역의 단기목표를 입력하세요.")
            out.append(PlanGoal(domain, need, long_goal, short_goal))
        return out

    def problems(self) -> list[str]:
        out = [p for p in (length_problem(self.goals.toPlainText(), "종합 목표", 4000, required=True),) if p]
        try:
            items = self._item_inputs()
            if not items:
                out.append("서비스 항목을 하나 이상 입력하세요.")
            goals = self._goal_inputs()
            if not goals:
                out.append("욕구별 목표를 하나 이상 입력하세요.")
            elif items:
                cases.plan_items_for_goals(goals, items)   # the service's own check, as it is typed
        except (ValueError, ValidationError) as exc:
            out.append(str(exc))
        return out

    def save_call(self):
        ctx, case_id = self.ctx, self.case_id
        args = dict(made_on=py_date(self.made_on), goals=self.goals.toPlainText(), items=self._item_inputs(),
                    need_goals=self._goal_inputs())
        return lambda: cases.save_service_plan(ctx, case_id, **args)


class PlanAgreementDialog(FormDialog):
    """The client agrees to the plan: service delivery and monitoring start."""

    def __init__(self, runner, ctx, plan, parent=None):
        super().__init__(runner, ctx, self.tr("계획 동의"), parent)
        self.plan_id = plan.plan_id
        text = QLabel(self.tr("{0} 수립 계획: {1}").format(plan.made_on.isoformat(), plan.goals))
        text.setWordWrap(True)
        self.form.addRow(text)
        # What the client agrees to: each need's goals and the services for them.
        lines = []
        for item in plan.items:
            goal = " / ".join(g for g in (item.long_goal and self.tr("장기: {0}").format(item.long_goal),
                                          item.goal and self.tr("단기: {0}").format(item.goal)) if g)
            lines.append(f"· {item.domain_label}: {item.service}" + (f" ({goal})" if goal else ""))
        if lines:
            items = QLabel("\n".join(lines))
            items.setWordWrap(True)
            self.form.addRow(items)
        self.agreed_on = self.add_row(self.tr("대상자 동의일"), "agreed_on", date_edit(ctx.today()))
        self.save_button.setText(self.tr("동의 기록"))

    def problems(self) -> list[str]:
        return ["동의일이 오늘 이후입니다."] if py_date(self.agreed_on) > self.ctx.today() else []

    def save_call(self):
        ctx, plan_id, on = self.ctx, self.plan_id, py_date(self.agreed_on)
        return lambda: cases.agree_plan(ctx, plan_id, on)
