"""초기상담, its decision, and consent records (수집·이용, 제3자 제공, 정신건강서비스)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QRadioButton, QWidget)

from app.services import cases
from app.services.case_facts import years_after
from app.services.particles import particle
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
        # As the service judges it: the newest answer, not withdrawn, refused or past its period.
        self.has_consent = ConsentKind.COLLECTION_USE in detail.valid_consents

    def problems(self) -> list[str]:
        if self.decision.currentData() == IntakeDecision.CASE_MANAGEMENT and not self.has_consent:
            return ["사례관리로 접수하려면 먼저 개인정보 수집·이용 동의를 받아 기록하세요."]
        return []

    def save_call(self):
        ctx, case_id, decision = self.ctx, self.case_id, self.decision.currentData()
        return lambda: cases.decide_intake(ctx, case_id, decision)


class ConsentDialog(FormDialog):
    """동의 기록: what the client answered on the printed form, and when; for how long (종결 후 5년 or a
    date) and for what (목적, 항목, 제공받는 기관). A child under 14 is consented for by the legal
    representative: the form says so as soon as the child is chosen."""

    def __init__(self, runner, ctx, detail, kind: ConsentKind = ConsentKind.COLLECTION_USE, parent=None):
        super().__init__(runner, ctx, self.tr("동의 기록 — {0}").format(detail.case_no), parent)
        self.case_id = detail.case_id
        self.birth_dates = {m.member_id: m.birth_date for m in detail.household.members}
        self.names = {m.member_id: m.name for m in detail.household.members}
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
        period = QWidget()
        prow = QHBoxLayout(period)
        prow.setContentsMargins(0, 0, 0, 0)
        self.own_period = self.watch("own_period", QCheckBox(self.tr("기간을 날짜로 정함 (아니면 종결 후 5년)")))
        self.valid_until = self.watch("valid_until", date_edit(years_after(ctx.today(), 1)))
        self.valid_until.setEnabled(False)
        self.own_period.toggled.connect(self.valid_until.setEnabled)
        prow.addWidget(self.own_period)
        prow.addWidget(self.valid_until)
        prow.addStretch(1)
        self.form.addRow(self.tr("보유·이용 기간"), period)
        self.purposes = self.add_row(self.tr("목적\n(한 줄에 하나)"), "purposes",
                                     text_area(self.tr("예: 사례관리 서비스 제공"), rows=2))
        self.items = self.add_row(self.tr("항목\n(한 줄에 하나)"), "items",
                                  text_area(self.tr("예: 성명, 연락처, 건강 상태"), rows=2))
        self.recipients = self.add_row(self.tr("제공받는 기관\n(한 줄에 하나)"), "recipients",
                                       text_area(self.tr("예: 서대문구 보건소"), rows=3))
        self.representative = self.add_row(self.tr("법정대리인"), "representative", QLineEdit())
        self.resize(580, 560)

    def preset(self, member_id: str, what: str) -> None:
        """Start on this member and consent kind (opened from a referral that needs that consent)."""
        set_combo(self.member, member_id)
        if what in {k.value for k in ConsentKind}:
            set_combo(self.kind, ConsentKind(what))
        self.agreed.setChecked(True)

    def problems(self) -> list[str]:
        out = []
        recorded_on = py_date(self.recorded_on)
        if recorded_on > self.ctx.today():
            out.append("동의일이 오늘 이후입니다.")
        if self.own_period.isChecked() and py_date(self.valid_until) < recorded_on:
            out.append("동의 기간의 끝이 동의일보다 앞섭니다.")
        member = self.member.currentData()
        if (not self.representative.text().strip()
                and cases.needs_legal_representative(self.birth_dates.get(member), recorded_on)):
            name = self.names.get(member, "")
            out.append(f"{name}님은 동의일에 만 {cases.LEGAL_AGE}세 미만이라 법정대리인의 동의가 필요합니다. "
                       "법정대리인 이름을 적으세요.")
        for field, box in (("목적", self.purposes), ("항목", self.items), ("제공받는 기관", self.recipients)):
            entries = lines(box.toPlainText())
            if any(len(r) > 100 for r in entries):
                out.append(f"{particle(field, '은/는')} 한 줄에 100자 이내로 입력하세요.")
            if field != "제공받는 기관" and len(entries) > cases.MAX_SCOPE_ENTRIES:
                out.append(f"{particle(field, '은/는')} {cases.MAX_SCOPE_ENTRIES}줄까지 적을 수 있습니다.")
        p = length_problem(self.representative.text(), "법정대리인", 50)
        return out + ([p] if p else [])

    def save_call(self):
        ctx, case_id = self.ctx, self.case_id
        args = dict(member_id=self.member.currentData(), kind=self.kind.currentData(),
                    agreed=self.agreed.isChecked(), recorded_on=py_date(self.recorded_on),
                    recipients=lines(self.recipients.toPlainText()),
                    legal_representative=self.representative.text(),
                    valid_until=py_date(self.valid_until) if self.own_period.isChecked() else None,
                    purposes=lines(self.purposes.toPlainText()), items=lines(self.items.toPlainText()))
        return lambda: cases.record_consent(ctx, case_id, **args)


class ConsentWithdrawDialog(FormDialog):
    """동의 철회: the day and the way the client withdrew. The consent stays in the list with its
    철회일; what was recorded under it is kept as it was."""

    def __init__(self, runner, ctx, consent, parent=None):
        super().__init__(runner, ctx, self.tr("동의 철회 — {0} {1}").format(consent.member_name, consent.kind.label),
                         parent)
        self.consent = consent
        self.form.addRow(self.tr("동의일"), QLabel(str(consent.recorded_on)))
        self.withdrawn_on = self.add_row(self.tr("철회일"), "withdrawn_on", date_edit(ctx.today()))
        self.how = self.add_row(self.tr("철회 방법"), "how",
                                combo([(self.tr("(선택)"), "")] + [(m, m) for m in cases.CONSENT_WITHDRAWAL_METHODS]))
        note = QLabel(self.tr("철회일부터 이 동의가 필요한 일(제3자 제공, 의뢰, 외부 기관 회의)은 할 수 없습니다. "
                              "이미 기록된 내용은 지워지지 않습니다."))
        note.setWordWrap(True)
        self.form.addRow("", note)

    def problems(self) -> list[str]:
        how = self.how.currentData()
        if not how:
            return ["철회 방법을 고르세요."]
        c = self.consent
        problem = cases.withdrawal_problem(c.agreed, c.recorded_on, c.withdrawn_on, py_date(self.withdrawn_on),
                                           how, self.ctx.today())
        return [problem[0]] if problem else []

    def save_call(self):
        ctx, consent_id = self.ctx, self.consent.consent_id
        on, how = py_date(self.withdrawn_on), self.how.currentData()
        return lambda: cases.withdraw_consent(ctx, consent_id, on, how)
