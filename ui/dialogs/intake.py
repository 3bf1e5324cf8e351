"""초기상담, its decision, and consent records (수집·이용, 제3자 제공, 정신건강서비스)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QRadioButton, QWidget)

from app.services import cases
from models.types import ConsentKind, IntakeDecision

from ..forms import (FormDialog, combo, date_edit, enum_combo, length_problem, money_box, py_date, set_combo,
                     text_area)
from .common import lines, member_combo


class IntakeDialog(FormDialog):
    """초기상담 기록지 for a registered household: who asked, through whom and how, the problem as told,
    the household's economic situation, health, and the worker's opinion. Members can be added here."""

    def __init__(self, runner, ctx, household, parent=None):
        super().__init__(runner, ctx, self.tr("초기상담 — {0}").format(household.address), parent,
                         draft_key=f"intake:{household.household_id}", scroll=True)
        self.household = household
        self.primary = self.add_row(self.tr("주 대상자"), "primary", member_combo(household.members))
        self.members_label = QLabel()
        self.members_label.setWordWrap(True)
        self.add_member_button = QPushButton(self.tr("가구원 추가…"))
        self.add_member_button.clicked.connect(self.open_add_member)
        members = QWidget()
        row = QHBoxLayout(members)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.members_label, 1)
        row.addWidget(self.add_member_button)
        self.form.addRow(self.tr("가구원"), members)
        self._show_members(household)
        self.held_on = self.add_row(self.tr("상담일"), "held_on", date_edit(ctx.today()))
        self.method = self.add_row(self.tr("상담 방법"), "method", combo((m, m) for m in cases.CONSULT_METHODS))
        self.source = self.add_row(self.tr("의뢰 경로"), "source", combo((s, s) for s in cases.REFERRAL_SOURCES))
        self.referrer = self.add_row(self.tr("의뢰자"), "referrer", QLineEdit())
        self.referrer.setPlaceholderText(self.tr("예: 통장 홍길동, 010-…"))
        self.problem_text = self.add_row(self.tr("주호소 문제"), "problems",
                                         text_area(self.tr("대상자가 말한 어려움과 상담 내용을 적으세요."), rows=6))
        self.urgent = self.add_row("", "urgent", QCheckBox(self.tr("긴급지원이 필요함")))

        economy = QGroupBox(self.tr("가구 경제 상황"))
        grid = QFormLayout(economy)
        self.income = self.watch("income", money_box(cases.MAX_AMOUNT))
        self.assets = self.watch("assets", money_box(cases.MAX_AMOUNT))
        self.debts = self.watch("debts", money_box(cases.MAX_AMOUNT))
        self.housing = self.watch("housing", combo([(self.tr("(선택)"), "")] + [(h, h) for h in cases.HOUSING_TYPES]))
        self.housing_cost = self.watch("housing_cost", money_box(cases.MAX_AMOUNT))
        for label, widget in ((self.tr("월 소득"), self.income), (self.tr("재산"), self.assets),
                              (self.tr("부채"), self.debts), (self.tr("주거 형태"), self.housing),
                              (self.tr("월 주거비"), self.housing_cost)):
            grid.addRow(label, widget)
        self.body_layout.addWidget(economy)
        rest = QFormLayout()
        self.health = self.watch("health", text_area(self.tr("질병, 장애, 복용 약, 병원 이용"), rows=3))
        self.opinion = self.watch("opinion", text_area(self.tr("사례관리 필요성과 먼저 할 일"), rows=3))
        rest.addRow(self.tr("건강·장애"), self.health)
        rest.addRow(self.tr("상담자 의견"), self.opinion)
        self.body_layout.addLayout(rest)
        self.resize(720, 760)

    # --- household members, added while the intake is open ---
    def _show_members(self, household) -> None:
        self.members_label.setText(" · ".join(f"{m.name}({m.relation})" for m in household.members)
                                   or self.tr("등록된 가구원이 없습니다."))

    def open_add_member(self):
        from .household import MemberDialog
        dialog = MemberDialog(self.runner, self.ctx, self.household.household_id, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda _result: self._reload_household())
        self.member_dialog = dialog
        dialog.open()
        return dialog

    def _reload_household(self) -> None:
        from app.services.views import case_file
        self.runner.submit(case_file.household_detail, self.ctx, self.household.household_id,
                           on_done=self._household_loaded, on_error=self.show_error, owner=self)

    def _household_loaded(self, household) -> None:
        self.household = household
        chosen = self.primary.currentData()
        with self.loading():
            self.primary.clear()
            for m in household.members:
                self.primary.addItem(f"{m.name} ({m.relation})", m.member_id)
            set_combo(self.primary, chosen)
        self._show_members(household)

    def problems(self) -> list[str]:
        out = [p for p in (length_problem(self.problem_text.toPlainText(), "주호소 문제", 4000, required=True),
                           length_problem(self.referrer.text(), "의뢰자", 200),
                           length_problem(self.health.toPlainText(), "건강·장애", 4000),
                           length_problem(self.opinion.toPlainText(), "상담자 의견", 4000)) if p]
        if py_date(self.held_on) > self.ctx.today():
            out.append("상담일이 오늘 이후입니다.")
        if self.primary.currentData() is None:
            out.append("주 대상자를 고르세요(가구원을 먼저 등록하세요).")
        return out

    def save_call(self):
        ctx = self.ctx
        amount = lambda w: w.value() or None   # noqa: E731 — an empty box is "not asked", not 0원
        record = cases.IntakeRecord(
            consult_method=self.method.currentData(), urgent_support=self.urgent.isChecked(),
            monthly_income=amount(self.income), assets=amount(self.assets), debts=amount(self.debts),
            housing_type=self.housing.currentData(), housing_cost=amount(self.housing_cost),
            health_disability=self.health.toPlainText(), worker_opinion=self.opinion.toPlainText())
        args = dict(household_id=self.household.household_id, primary_member_id=self.primary.currentData(),
                    held_on=py_date(self.held_on), referral_source=self.source.currentData(),
                    presenting_problems=self.problem_text.toPlainText(), referrer_detail=self.referrer.text(),
                    record=record)
        return lambda: cases.open_intake(ctx, **args)


class IntakeDecisionDialog(FormDialog):
    """초기상담 결정. 사례관리 접수 needs collection consent (the service checks it)."""

    def __init__(self, runner, ctx, detail, parent=None):
        super().__init__(runner, ctx, self.tr("초기상담 결정 — {0}").format(detail.case_no), parent)
        self.case_id = detail.case_id
        self.decision = self.add_row(self.tr("결정"), "decision", enum_combo(IntakeDecision))
        hint = QLabel(self.tr("사례관리 접수 외의 결정은 이 초기상담을 끝냅니다."))
        hint.setWordWrap(True)
        self.form.addRow("", hint)
        self.has_consent = any(c.kind == ConsentKind.COLLECTION_USE and c.agreed and not c.withdrawn_on
                               for c in detail.consents)

    def problems(self) -> list[str]:
        if self.decision.currentData() == IntakeDecision.CASE_MANAGEMENT and not self.has_consent:
            return ["사례관리로 접수하려면 먼저 개인정보 수집·이용 동의를 받아 기록하세요."]
        return []

    def save_call(self):
        ctx, case_id, decision = self.ctx, self.case_id, self.decision.currentData()
        return lambda: cases.decide_intake(ctx, case_id, decision)


class ConsentDialog(FormDialog):
    """동의 기록: what the client answered on the printed form, and when."""

    def __init__(self, runner, ctx, detail, kind: ConsentKind = ConsentKind.COLLECTION_USE, parent=None):
        super().__init__(runner, ctx, self.tr("동의 기록 — {0}").format(detail.case_no), parent)
        self.case_id = detail.case_id
        self.member = self.add_row(self.tr("동의한 사람"), "member",
                                   member_combo(detail.household.members, detail.primary_member_id))
        self.kind = self.add_row(self.tr("동의 종류"), "kind", enum_combo(ConsentKind, kind))
        answer = QWidget()
        row = QHBoxLayout(answer)
        row.setContentsMargins(0, 0, 0, 0)
        self.agreed = QRadioButton(self.tr("동의함"))
        self.refused = QRadioButton(self.tr("동의하지 않음"))
        self.agreed.setChecked(True)
        group = QButtonGroup(answer)
        group.addButton(self.agreed)
        group.addButton(self.refused)
        row.addWidget(self.agreed)
        row.addWidget(self.refused)
        row.addStretch(1)
        self.watch("agreed", self.agreed)
        self.form.addRow(self.tr("답변"), answer)
        self.recorded_on = self.add_row(self.tr("동의일"), "recorded_on", date_edit(ctx.today()))
        self.recipients = self.add_row(self.tr("제공받는 기관\n(한 줄에 하나)"), "recipients",
                                       text_area(self.tr("예: 서대문구 보건소"), rows=3))
        self.representative = self.add_row(self.tr("법정대리인"), "representative", QLineEdit())
        self.resize(560, 420)

    def preset(self, member_id: str, what: str) -> None:
        """Start on this member and consent kind (opened from a referral that needs that consent)."""
        set_combo(self.member, member_id)
        if what in {k.value for k in ConsentKind}:
            set_combo(self.kind, ConsentKind(what))
        self.agreed.setChecked(True)

    def problems(self) -> list[str]:
        out = []
        if py_date(self.recorded_on) > self.ctx.today():
            out.append("동의일이 오늘 이후입니다.")
        for r in lines(self.recipients.toPlainText()):
            if len(r) > 100:
                out.append("제공받는 기관은 한 줄에 100자 이내로 입력하세요.")
        p = length_problem(self.representative.text(), "법정대리인", 50)
        return out + ([p] if p else [])

    def save_call(self):
        ctx, case_id = self.ctx, self.case_id
        args = dict(member_id=self.member.currentData(), kind=self.kind.currentData(),
                    agreed=self.agreed.isChecked(), recorded_on=py_date(self.recorded_on),
                    recipients=lines(self.recipients.toPlainText()),
                    legal_representative=self.representative.text())
        return lambda: cases.record_consent(ctx, case_id, **args)
