"""타 사업 의뢰: each criterion of the program's versioned rules is shown as 충족/미충족 before the
referral can be sent (the service refuses it otherwise, with the same reasons). A program referred
by tier (정신건강: 응급·위기·집중사례) asks which, and says what that tier's procedure asks first."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QTableView, QWidget

from app.services import referrals, rules

from models.types import ReferralStatus

from ..forms import FormDialog, combo, date_edit, enum_combo, length_problem, py_date, stretch_table, text_area
from ..models import RowTableModel, criteria_columns
from .common import member_combo


# The case forms that enter what a criterion still needs (keys of ui/case_forms.py).
NEED_BUTTONS = {"assessment": "욕구·위기도 조사 입력…", "consent": "동의 기록…", "edit_member": "가구원 정보 수정…"}


class ReferralDialog(FormDialog):
    # Asks the case screen to open one of its forms (a key of ui/case_forms.py) for a member, to
    # enter what a criterion needs; the check runs again once that form is saved (recheck).
    open_form_requested = Signal(str, str, str)   # form key, member id, what it should start on

    def __init__(self, runner, ctx, detail, parent=None):
        super().__init__(runner, ctx, self.tr("타 사업 의뢰 — {0} {1}").format(detail.case_no, detail.primary_name),
                         parent)
        self.case_id = detail.case_id
        self.check = None
        self.member = self.add_row(self.tr("의뢰 대상"), "member",
                                   member_combo(detail.household.members, detail.primary_member_id))
        self.program = self.add_row(self.tr("의뢰할 사업"), "program",
                                    combo((p["name"], p["code"]) for p in rules.programs()))
        self.how = QLabel()  # one line: a wrapped label in a form row gets clipped
        self.form.addRow(self.tr("의뢰 방법"), self.how)
        self.criteria_model = RowTableModel(criteria_columns(), self)
        self.criteria = QTableView()
        self.criteria.setModel(self.criteria_model)
        stretch_table(self.criteria, stretch_column=0)
        self.criteria.setWordWrap(True)
        self.criteria.setMinimumHeight(170)
        self.form.addRow(self.tr("의뢰 기준"), self.criteria)
        # What to enter before a criterion can be judged, with the form that enters it.
        self.needs = QLabel()
        self.needs.setWordWrap(True)
        self.needs.setStyleSheet("color:#8a4b00;")
        self.need_buttons: dict[str, QPushButton] = {}
        bar = QWidget()
        row = QHBoxLayout(bar)
        row.setContentsMargins(0, 0, 0, 0)
        self._presets: dict[str, str] = {}
        for key, text in NEED_BUTTONS.items():
            button = QPushButton(self.tr(text))
            button.clicked.connect(lambda _checked=False, k=key: self.open_form_requested.emit(
                k, self.member.currentData(), self._presets.get(k, "")))
            button.setVisible(False)
            row.addWidget(button)
            self.need_buttons[key] = button
        row.addStretch(1)
        self.form.addRow(self.needs)
        self.form.addRow(bar)
        self.consent = QLabel()
        self.form.addRow(self.tr("제3자 제공 동의"), self.consent)
        # 사례 구분 (only for programs with tiers): filled from the check, each tier's procedure below it.
        self.tier_label = QLabel(self.tr("사례 구분"))
        self.tier = self.watch("tier", combo([]))
        self.tier.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)   # filled later
        self.form.addRow(self.tier_label, self.tier)
        self.tier_do = QLabel()
        self.tier_do.setWordWrap(True)
        self.form.addRow(self.tier_do)
        self.tier.currentIndexChanged.connect(self._show_tier)
        self.emergency = QLabel()
        self.emergency.setStyleSheet("color:#b3261e; font-weight:bold;")
        self.emergency.setWordWrap(True)
        self.form.addRow(self.emergency)
        self.crisis_line = QLabel()
        self.crisis_line.setStyleSheet("font-weight:bold;")
        self.form.addRow(self.crisis_line)
        self.sent_on = self.add_row(self.tr("의뢰일"), "sent_on", date_edit(ctx.today()))
        self.save_button.setText(self.tr("의뢰"))
        self.member.currentIndexChanged.connect(self._run_check)
        self.program.currentIndexChanged.connect(self._run_check)
        self._run_check()
        self.resize(900, 560)   # room for the 근거 column; fit_to_screen keeps it on a laptop

    def recheck(self) -> None:
        """After a form opened from here was saved: judge the criteria again on the new data."""
        self._run_check()

    def _run_check(self) -> None:
        self.check = None
        self.revalidate()
        self.runner.submit(referrals.check_referral, self.ctx, self.case_id, self.member.currentData(),
                           self.program.currentData(), on_done=self._show_check, on_error=self.show_error,
                           owner=self)

    def _show_check(self, check) -> None:
        if check.program != self.program.currentData():
            return  # an older check, for a program no longer chosen
        self.check = check
        self.how.setText(check.how)
        self.criteria_model.set_rows(check.results)
        needs = list(dict.fromkeys(n for r in check.results if not r.passed for n in r.needs))
        self.needs.setText(self.tr("먼저 입력할 내용: {0}").format(", ".join(n.what for n in needs)) if needs else "")
        self.needs.setVisible(bool(needs))
        wanted = {n.form for n in needs}
        self._presets = {n.form: n.preset for n in needs if n.preset}
        for key, button in self.need_buttons.items():
            button.setVisible(key in wanted)
        self.consent.setText(self.tr("있음") if check.third_party_consent else self.tr("없음 — 먼저 동의를 기록하세요"))
        self.emergency.setText(check.emergency)
        self.emergency.setVisible(bool(check.emergency))
        self.crisis_line.setText(check.crisis_line)
        self.crisis_line.setVisible(bool(check.crisis_line))
        chosen = self.tier.currentData()
        self.tier.blockSignals(True)
        self.tier.clear()
        if check.tiers:
            self.tier.addItem(self.tr("(고르세요)"), None)
            for t in check.tiers:
                self.tier.addItem(f"{t.label} — {t.when}", t.code)
            at = self.tier.findData(chosen)
            self.tier.setCurrentIndex(max(at, 0))
        self.tier.blockSignals(False)
        for w in (self.tier_label, self.tier):
            w.setVisible(bool(check.tiers))
        self._show_tier()
        self.revalidate()

    def _tier(self):
        code = self.tier.currentData()
        return next((t for t in self.check.tiers if t.code == code), None) if self.check else None

    def _show_tier(self) -> None:
        """The chosen tier's procedure; 응급사례 says to call 112/119 before anything else."""
        tier = self._tier()
        self.tier_do.setText(self.tr("절차: {0}").format(tier.do) if tier else "")
        self.tier_do.setStyleSheet("color:#b3261e; font-weight:bold;" if tier and tier.call_first else "")
        self.tier_do.setVisible(tier is not None)
        self.revalidate()

    def problems(self) -> list[str]:
        if self.check is None:
            return ["의뢰 기준을 확인하는 중입니다."]
        out = []
        if not self.check.third_party_consent:
            # The consent named as it stands (기록 없음, 철회, 만료), as the service will refuse it.
            out.append(self.check.consent_note or "다른 기관에 의뢰하려면 개인정보 제3자 제공 동의가 필요합니다.")
        failed = [r.label for r in self.check.results if not r.passed]
        if failed:
            out.append(f"{self.check.name} 의뢰 기준을 충족하지 않습니다: " + "; ".join(failed))
        problem = referrals.tier_problem(self.check.program, self.tier.currentData() if self.check.tiers else None)
        if problem:
            out.append(problem)
        return out

    def save_call(self):
        ctx, case_id = self.ctx, self.case_id
        member, program, sent_on = self.member.currentData(), self.program.currentData(), py_date(self.sent_on)
        tier = self.tier.currentData() if self.check and self.check.tiers else None
        return lambda: referrals.refer(ctx, case_id, member, program, sent_on, tier=tier)


class ReplyDialog(FormDialog):
    """회신: every referral is answered; the receiving program's answer is recorded here."""

    def __init__(self, runner, ctx, referral, parent=None):
        super().__init__(runner, ctx, self.tr("의뢰 회신 — {0}").format(referral.program), parent)
        self.referral = referral
        self.status = self.add_row(self.tr("회신 결과"), "status",
                                   enum_combo([s for s in ReferralStatus if s != ReferralStatus.SENT]))
        self.replied_on = self.add_row(self.tr("회신일"), "replied_on", date_edit(ctx.today()))
        self.reply = self.add_row(self.tr("회신 내용"), "reply", text_area(rows=4))

    def problems(self) -> list[str]:
        out = []
        if py_date(self.replied_on) < self.referral.sent_on:
            out.append("회신일이 의뢰일보다 앞섭니다.")
        p = length_problem(self.reply.toPlainText(), "회신 내용", 4000, required=True)
        return out + ([p] if p else [])

    def save_call(self):
        ctx, ref_id = self.ctx, self.referral.referral_id
        status, reply, on = self.status.currentData(), self.reply.toPlainText(), py_date(self.replied_on)
        return lambda: referrals.record_reply(ctx, ref_id, status, reply, on)
