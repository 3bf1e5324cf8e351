"""서비스 제공계획 (goals and items per need) and the client's agreement to it."""
from __future__ import annotations

from datetime import date
from typing import Sequence

from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout

from app.services import cases, rules
from app.services.cases import PlanItemInput
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
                         parent, draft_key=f"plan:{detail.case_id}")
        self.case_id = detail.case_id
        self.made_on = self.add_row(self.tr("수립일"), "made_on", date_edit(ctx.today()))
        self.goals = self.add_row(self.tr("목표"), "goals", text_area(self.tr("사례 전체의 목표"), rows=3))
        domains = [(label, code) for code, label in rules.domain_labels().items()]
        res = [(self.tr("(직접 입력)"), None)] + [(f"{r.provider} — {r.service}", r.resource_id) for r in resources]
        self.items = RowsEditor([(self.tr("욕구 영역"), domains), (self.tr("서비스"), None), (self.tr("자원목록"), res),
                                 (self.tr("제공기관"), None), (self.tr("횟수"), None),
                                 (self.tr("시작일"), None), (self.tr("종료일"), None), (self.tr("비용(원)"), None)],
                                self.tr("항목 추가"))
        # Urgent domains of the latest assessment become the first rows: the plan answers them.
        latest = detail.assessments[0] if detail.assessments else None
        for d in (latest.domains if latest else ()):
            if d.urgency >= 2:
                self.items.add_row([d.code, "", None, "", "", "", "", "0"])
        if self.items.table.rowCount() == 0:
            self.items.add_row()
        box = QGroupBox(self.tr("서비스 항목"))
        lay = QVBoxLayout(box)
        lay.addWidget(self.watch("items", self.items))
        lay.addWidget(QLabel(self.tr("날짜는 2026-11-23 형식, 비용은 숫자만 입력합니다.")))
        self.body_layout.addWidget(box)
        self.resize(1000, 560)

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

    def problems(self) -> list[str]:
        out = [p for p in (length_problem(self.goals.toPlainText(), "목표", 4000, required=True),) if p]
        try:
            if not self._item_inputs():
                out.append("서비스 항목을 하나 이상 입력하세요.")
        except ValueError as exc:
            out.append(str(exc))
        return out

    def save_call(self):
        ctx, case_id = self.ctx, self.case_id
        args = dict(made_on=py_date(self.made_on), goals=self.goals.toPlainText(), items=self._item_inputs())
        return lambda: cases.save_service_plan(ctx, case_id, **args)


class PlanAgreementDialog(FormDialog):
    """The client agrees to the plan: service delivery and monitoring start."""

    def __init__(self, runner, ctx, plan, parent=None):
        super().__init__(runner, ctx, self.tr("계획 동의"), parent)
        self.plan_id = plan.plan_id
        text = QLabel(self.tr("{0} 수립 계획: {1}").format(plan.made_on.isoformat(), plan.goals))
        text.setWordWrap(True)
        self.form.addRow(text)
        self.agreed_on = self.add_row(self.tr("대상자 동의일"), "agreed_on", date_edit(ctx.today()))
        self.save_button.setText(self.tr("동의 기록"))

    def problems(self) -> list[str]:
        return ["동의일이 오늘 이후입니다."] if py_date(self.agreed_on) > self.ctx.today() else []

    def save_call(self):
        ctx, plan_id, on = self.ctx, self.plan_id, py_date(self.agreed_on)
        return lambda: cases.agree_plan(ctx, plan_id, on)
