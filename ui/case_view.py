"""One case file: header, the actions its stage allows, and its whole history by tab."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMenu, QTabWidget, QToolBar, QToolButton, QVBoxLayout, QWidget

from models.types import Role, Stage

from . import messages
from .forms import FormDialog
from .models import (assessment_columns, consent_columns, contact_columns, decision_columns,
                     expense_columns, follow_up_columns, member_columns, plan_item_columns,
                     referral_columns)
from .session import UiSession
from .widgets import ListPanel

OPEN = (Stage.INTAKE, Stage.REGISTERED, Stage.ASSESSED, Stage.SELECTED, Stage.IN_SERVICE)
ACTIVE = OPEN + (Stage.CLOSED, Stage.FOLLOW_UP)

# Which actions each stage allows (the services check the same order and say why otherwise).
ACTION_STAGES: dict[str, tuple[Stage, ...]] = {
    "consent": ACTIVE,
    "intake_decision": (Stage.INTAKE,),
    "assessment": (Stage.REGISTERED, Stage.ASSESSED, Stage.SELECTED, Stage.IN_SERVICE),
    "meeting": (Stage.ASSESSED, Stage.SELECTED, Stage.IN_SERVICE),
    "plan": (Stage.SELECTED, Stage.IN_SERVICE),
    "agree_plan": (Stage.SELECTED, Stage.IN_SERVICE),
    "contact": ACTIVE,
    "referral": OPEN,
    "expense": (Stage.SELECTED, Stage.IN_SERVICE),
    "closure": (Stage.IN_SERVICE,),
    "follow_up": (Stage.CLOSED, Stage.FOLLOW_UP),
    "follow_up_done": (Stage.FOLLOW_UP,),
    "end_follow_up": (Stage.FOLLOW_UP,),
    "member": ACTIVE,
}


def _assessment_text(a) -> str:
    lines = [f"조사일 {a.held_on} · 위기도 {a.crisis_level} · 제안 유형 {a.suggested_case_type}"]
    for d in a.domains:
        lines.append(f"\n[{d.label}] 긴급도 {d.urgency}")
        for label, text in (("대상자 욕구", d.client_words), ("사례관리자 의견", d.worker_view),
                            ("강점·자원", d.strengths)):
            if text:
                lines.append(f"  {label}: {text}")
    for instrument, score, band in a.screenings:
        lines.append(f"\n선별도구 {instrument}: {score}점 ({band})")
    if a.summary:
        lines.append(f"\n종합 의견: {a.summary}")
    return "\n".join(lines)


def _decision_text(d) -> str:
    parts = [f"{d.kind.label} {d.held_at:%Y-%m-%d %H:%M}{' (서면)' if d.in_writing else ''} — {d.outcome.label}"]
    for label, text in (("사례유형", d.case_type), ("주사례관리기관", d.lead_agency), ("진행 방향", d.direction),
                        ("역할분담", d.role_split)):
        if text:
            parts.append(f"{label}: {text}")
    parts += [f"⚠ {w}" for w in d.warnings]
    return "\n".join(parts)


def _contact_text(c) -> str:
    head = f"{c.occurred_at:%Y-%m-%d %H:%M} {c.kind.label} · {c.staff}"
    if c.companions:
        head += f" · 동행: {c.companions}"
    lines = [head, "", c.note] + [f"⚠ {w}" for w in c.warnings]
    versions = getattr(c, "versions", ())
    if versions:
        # Sync keeps every version of a note (never a silent overwrite): show them all, oldest first.
        lines += ["", f"─── 이 기록의 내용은 {len(versions)}개 버전이 있습니다 (오래된 것부터) ───"]
        for n, v in enumerate(versions, 1):
            when = v.created_at.astimezone().strftime("%Y-%m-%d %H:%M") if v.created_at else ""
            where = "이 기기" if v.written_here else "다른 기기"
            flag = " · 앞 버전을 보지 못하고 동시에 작성됨" if v.concurrent else ""
            lines += ["", f"[버전 {n}] {v.staff or '직원'} · {where} · {when}{flag}", v.text]
    return "\n".join(lines)


class CaseView(QWidget):
    changed = Signal()      # something was saved: lists elsewhere may be stale
    loaded = Signal(object)  # the CaseDetail, each time it is (re)loaded

    def __init__(self, session: UiSession, case_id: str, parent=None):
        super().__init__(parent)
        self.session, self.case_id = session, case_id
        self.detail = None
        self.last_dialog: FormDialog | None = None

        self.header = QLabel(self.tr("불러오는 중…"))
        self.header.setObjectName("caseHeader")
        self.header.setStyleSheet("font-size:15pt; font-weight:bold;")
        self.subheader = QLabel()
        self.subheader.setWordWrap(True)
        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.actions_by_key: dict[str, QAction] = {}
        for key, text, slot in [
            ("consent", self.tr("동의 기록"), self.open_consent),
            ("intake_decision", self.tr("초기상담 결정"), self.open_intake_decision),
            ("assessment", self.tr("욕구·위기도 조사"), self.open_assessment),
            ("meeting", self.tr("사례회의"), self.open_meeting),
            ("plan", self.tr("서비스 계획"), self.open_plan),
            ("agree_plan", self.tr("계획 동의"), self.open_plan_agreement),
            ("contact", self.tr("상담 기록"), self.open_contact),
            ("referral", self.tr("타 사업 의뢰"), self.open_referral),
            ("expense", self.tr("사례사업비"), self.open_expense),
            ("closure", self.tr("종결"), self.open_closure),
            ("follow_up", self.tr("사후관리 계획"), self.open_follow_up),
            ("follow_up_done", self.tr("사후관리 결과"), self.open_follow_up_done),
            ("end_follow_up", self.tr("사후관리 종료"), self.end_follow_up),
        ]:
            action = self.toolbar.addAction(text)
            action.triggered.connect(slot)
            action.setEnabled(False)
            self.actions_by_key[key] = action
        self.toolbar.addSeparator()
        self._build_print_menu()
        self.share_action = self.toolbar.addAction(self.tr("공유…"))
        self.share_action.triggered.connect(self.open_share)
        self.reassign_action = self.toolbar.addAction(self.tr("담당자 변경…"))
        self.reassign_action.triggered.connect(self.open_reassign)
        for a in (self.share_action, self.reassign_action):
            a.setEnabled(False)

        self.tabs = QTabWidget()
        self.overview = QLabel()
        self.overview.setWordWrap(True)
        self.overview.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.overview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.overview.setMargin(8)
        self.members = ListPanel(self.tr("가구원"), member_columns())
        self.add_member_button = self.members.add_button(self.tr("가구원 추가"), self.open_add_member)
        self.edit_member_button = self.members.add_button(self.tr("선택한 가구원 수정"), self.open_edit_member)
        self.members.table.activated_row.connect(lambda _row: self.open_edit_member())
        self.edit_household_button = self.members.add_button(self.tr("가구 정보 수정"), self.open_edit_household)
        self.copy_phone_button = self.members.add_button(self.tr("전화번호 복사"), self.copy_selected_phone)
        table = self.members.table
        table.add_row_action(self.tr("전화번호 복사"), lambda m: self.copy_text(m.phone), lambda m: bool(m.phone))
        table.add_row_action(self.tr("주민등록번호 복사 (뒷자리 가림)"), lambda m: self.copy_text(m.rrn_masked),
                             lambda m: bool(m.rrn_masked))
        table.add_row_action(self.tr("주민등록번호 전체 복사…"), self.open_reveal_rrn, lambda m: bool(m.rrn_masked))
        self.consents = ListPanel(self.tr("동의"), consent_columns(), empty=self.tr("기록된 동의가 없습니다."))
        self.assessments = ListPanel(self.tr("욕구·위기도 조사"), assessment_columns(), detail=_assessment_text,
                                     empty=self.tr("아직 조사하지 않았습니다."))
        self.decisions = ListPanel(self.tr("사례회의 결정"), decision_columns(), detail=_decision_text)
        self.print_minutes_button = self.decisions.add_button(self.tr("선택한 회의의 회의록 인쇄…"),
                                                              self.print_minutes)
        self.plan_items = ListPanel(self.tr("서비스 계획 항목"), plan_item_columns(), stretch_column=1)
        self.contacts = ListPanel(self.tr("상담·점검 기록"), contact_columns(), detail=_contact_text,
                                  stretch_column=4)
        self.referrals = ListPanel(self.tr("의뢰"), referral_columns())
        self.reply_button = self.referrals.add_button(self.tr("선택한 의뢰의 회신 기록"), self.open_reply)
        self.expenses = ListPanel(self.tr("사례사업비"), expense_columns(), stretch_column=3)
        self.follow_ups = ListPanel(self.tr("사후관리"), follow_up_columns(), stretch_column=3)
        for widget, label in [(self.overview, self.tr("개요")), (self.members, self.tr("가구원")),
                              (self.consents, self.tr("동의")), (self.assessments, self.tr("조사")),
                              (self.decisions, self.tr("회의")), (self.plan_items, self.tr("계획")),
                              (self.contacts, self.tr("상담")), (self.referrals, self.tr("의뢰")),
                              (self.expenses, self.tr("사업비")), (self.follow_ups, self.tr("사후관리"))]:
            self.tabs.addTab(widget, label)

        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.subheader)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.tabs, 1)
        self.refresh()

    # --- loading ---
    def refresh(self) -> None:
        from app.services.views import case_file
        self.session.runner.submit(case_file.case_detail, self.session.ctx, self.case_id, on_done=self._show,
                                   on_error=self._load_failed, owner=self)

    def _load_failed(self, message: str) -> None:
        self.header.setText(self.tr("사례를 열 수 없습니다"))
        self.subheader.setText(message)

    def _show(self, d) -> None:
        self.detail = d
        hh = d.household
        self.header.setText(f"{d.case_no}  {d.primary_name}  ·  {d.stage.label}"
                            + (f"  ·  {d.case_type}" if d.case_type else ""))
        self.subheader.setText(self.tr("담당 {0} · {1} {2} · 개시 {3}{4}").format(
            d.manager, hh.dong, hh.address, d.opened_on.isoformat(),
            self.tr(" · 주사례기관 {0}").format(d.lead_agency) if d.lead_agency else ""))
        self.overview.setText(self._overview_text(d))
        self.members.set_rows(hh.members)
        self.consents.set_rows(d.consents)
        self.assessments.set_rows(d.assessments)
        self.decisions.set_rows(d.decisions)
        plan = d.current_plan
        self.plan_items.set_rows(plan.items if plan else ())
        if plan:
            agreed = self.tr("대상자 동의 {0}").format(plan.agreed_on) if plan.agreed_on else self.tr("대상자 동의 전")
            self.plan_items.box.setTitle(self.tr("서비스 계획 {0} · 목표: {1} · {2}").format(
                plan.made_on, plan.goals, agreed))
        self.contacts.set_rows(d.contacts)
        self.referrals.set_rows(d.referrals)
        self.expenses.set_rows(d.expenses)
        self.follow_ups.set_rows(d.follow_ups)
        writer = self.session.ctx.actor.role != Role.READ_ONLY
        for key, action in self.actions_by_key.items():
            action.setEnabled(writer and self._allowed(key, d))
        for button in (self.add_member_button, self.edit_member_button, self.edit_household_button):
            button.setEnabled(writer and self._allowed("member", d))
        role = self.session.ctx.actor.role
        self.share_action.setEnabled(writer)
        self.reassign_action.setEnabled(role in (Role.SUPERVISOR, Role.ADMIN))
        self.print_actions["plan"].setEnabled(d.current_plan is not None)
        self.print_actions["closure"].setEnabled(d.closure is not None)
        self.print_actions["minutes"].setEnabled(bool(d.decisions))
        self.print_button.setEnabled(True)
        self.print_minutes_button.setEnabled(bool(d.decisions))
        self.reply_button.setEnabled(writer)
        if not writer:
            self.subheader.setText(self.subheader.text() + self.tr(" · 열람 전용 계정: 기록할 수 없습니다"))
        self.loaded.emit(d)

    @staticmethod
    def _allowed(key: str, d) -> bool:
        if d.stage not in ACTION_STAGES[key]:
            return False
        if key == "agree_plan":
            return d.current_plan is not None and d.current_plan.agreed_on is None
        if key == "follow_up_done":
            return any(f.done_on is None for f in d.follow_ups)
        return True

    def _overview_text(self, d) -> str:
        hh = d.household
        parts = [self.tr("가구: {0} · {1} · {2}").format(hh.income_status, "·".join(hh.household_types) or "-",
                                                       "·".join(hh.problem_types) or "-")]
        if d.intake:
            parts.append(self.tr("초기상담 {0} · 의뢰 경로 {1}{2} · 결정 {3}").format(
                d.intake.held_on, d.intake.referral_source,
                f" ({d.intake.referrer_detail})" if d.intake.referrer_detail else "",
                d.intake.decision.label if d.intake.decision else self.tr("미정")))
            parts.append(self.tr("주호소 문제: {0}").format(d.intake.presenting_problems))
        if d.assessments:
            a = d.assessments[0]
            parts.append(self.tr("최근 조사 {0}: 위기도 {1}, 제안 유형 {2}").format(a.held_on, a.crisis_level,
                                                                       a.suggested_case_type))
        if d.closure:
            c = d.closure
            parts.append(self.tr("종결 {0} ({1}{2}) — 평가: {3}").format(
                c.closed_on, c.reason.label, ", 서면 종결회의" if c.in_writing else "", c.evaluation))
            if c.follow_up_plan:
                parts.append(self.tr("사후관리 계획: {0}").format(c.follow_up_plan))
        return "\n\n".join(parts)

    # --- printing ---
    def _build_print_menu(self) -> None:
        menu = QMenu(self)
        self.print_actions: dict[str, QAction] = {}
        for key, text, slot in [("consent", self.tr("동의서 (기록 내용으로 / 빈 양식)…"), self.print_consent),
                                ("plan", self.tr("서비스 제공계획서…"), self.print_plan),
                                ("closure", self.tr("종결 보고서…"), self.print_closure),
                                ("minutes", self.tr("사례회의록 (선택한 회의)…"), self.print_minutes)]:
            action = menu.addAction(text)
            action.triggered.connect(slot)
            self.print_actions[key] = action
        self.print_button = QToolButton()
        self.print_button.setText(self.tr("인쇄"))
        self.print_button.setMenu(menu)
        self.print_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.print_button.setToolTip(self.tr("인쇄 (Ctrl+P)"))
        self.print_button.setEnabled(False)
        self.toolbar.addWidget(self.print_button)
        shortcut = QAction(self)
        shortcut.setShortcut(QKeySequence("Ctrl+P"))
        shortcut.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.triggered.connect(lambda: self.print_button.showMenu() if self.print_button.isEnabled() else None)
        self.addAction(shortcut)

    def _print(self, job):
        from .printing import PrintDialog
        if self.detail is None:
            return None
        dialog = PrintDialog(self.session.runner, self.session.ctx, job, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.last_dialog = dialog
        dialog.open()
        return dialog

    def print_consent(self):
        from .printing import consent_job
        return self._print(consent_job(self.detail)) if self.detail else None

    def print_plan(self):
        from .printing import plan_job
        if self.detail is None or self.detail.current_plan is None:
            return None
        return self._print(plan_job(self.detail))

    def print_closure(self):
        from .printing import closure_job
        if self.detail is None or self.detail.closure is None:
            messages.info(self, self.tr("종결 보고서"), self.tr("종결된 사례만 종결 보고서를 출력할 수 있습니다."))
            return None
        return self._print(closure_job(self.detail))

    def print_minutes(self):
        from .printing import minutes_job
        if self.detail is None or not self.detail.decisions:
            return None
        decision = self.decisions.table.current_row() or self.detail.decisions[0]
        return self._print(minutes_job(decision.meeting_id, decision.held_at))

    # --- copying (the clipboard forgets after 30 s) ---
    def copy_text(self, text: str) -> None:
        from .security import clipboard_guard
        if text:
            clipboard_guard().copy(text)

    def copy_selected_phone(self) -> None:
        member = self.members.table.current_row()
        if member is None or not member.phone:
            messages.info(self, self.tr("전화번호 복사"), self.tr("전화번호가 있는 가구원을 목록에서 고르세요."))
            return
        self.copy_text(member.phone)

    def open_reveal_rrn(self, member):
        from .dialogs.household import RevealRrnDialog
        return self._open(lambda: RevealRrnDialog(*self._ref(), member, parent=self), refresh=False)

    # --- sharing and the household ---
    def open_share(self):
        from .dialogs.sharing import ShareDialog
        return self._open(lambda: ShareDialog(*self._ref(), self.detail, self.session.reference.staff, parent=self))

    def open_reassign(self):
        from .dialogs.sharing import ReassignDialog
        return self._open(lambda: ReassignDialog(*self._ref(), self.detail, self.session.reference.staff,
                                                 parent=self))

    def open_edit_household(self):
        from .dialogs.household import HouseholdEditDialog
        return self._open(lambda: HouseholdEditDialog(*self._ref(), self.detail.household,
                                                      self.session.reference.dongs, parent=self))

    # --- actions ---
    def _open(self, make: Callable[[], FormDialog], refresh: bool = True) -> FormDialog | None:
        if self.detail is None:
            return None
        dialog = make()
        if refresh:
            dialog.saved.connect(self._saved)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.last_dialog = dialog
        dialog.open()
        return dialog

    def _saved(self, _result) -> None:
        self.refresh()
        self.changed.emit()

    def _ref(self):
        return self.session.runner, self.session.ctx

    def open_consent(self):
        from .dialogs.intake import ConsentDialog
        return self._open(lambda: ConsentDialog(*self._ref(), self.detail, parent=self))

    def open_intake_decision(self):
        from .dialogs.intake import IntakeDecisionDialog
        return self._open(lambda: IntakeDecisionDialog(*self._ref(), self.detail, parent=self))

    def open_assessment(self):
        from .dialogs.assessment import AssessmentDialog
        return self._open(lambda: AssessmentDialog(*self._ref(), self.detail, parent=self))

    def open_meeting(self):
        from .dialogs.meeting import MeetingDialog
        ref = self.session.reference
        return self._open(lambda: MeetingDialog(*self._ref(), center=ref.center, case_types=ref.case_types,
                                                detail=self.detail, parent=self))

    def open_plan(self):
        from .dialogs.plan import PlanDialog
        return self._open(lambda: PlanDialog(*self._ref(), self.detail, self.session.reference.resources,
                                             parent=self))

    def open_plan_agreement(self):
        from .dialogs.plan import PlanAgreementDialog
        return self._open(lambda: PlanAgreementDialog(*self._ref(), self.detail.current_plan, parent=self))

    def open_contact(self):
        from .dialogs.contact import ContactDialog
        return self._open(lambda: ContactDialog(*self._ref(), self.detail, parent=self))

    def open_referral(self):
        from .dialogs.referral import ReferralDialog
        return self._open(lambda: ReferralDialog(*self._ref(), self.detail, parent=self))

    def open_reply(self):
        from models.types import ReferralStatus
        from .dialogs.referral import ReplyDialog
        referral = self.referrals.table.current_row()
        if referral is None or referral.status != ReferralStatus.SENT:
            messages.info(self, self.tr("의뢰 회신"), self.tr("회신을 기다리는 의뢰를 목록에서 고르세요."))
            return None
        return self._open(lambda: ReplyDialog(*self._ref(), referral, parent=self))

    def open_expense(self):
        from .dialogs.expense import ExpenseDialog
        return self._open(lambda: ExpenseDialog(*self._ref(), self.detail, parent=self))

    def open_closure(self):
        from .dialogs.closure import ClosureDialog
        return self._open(lambda: ClosureDialog(*self._ref(), self.detail, parent=self))

    def open_follow_up(self):
        from .dialogs.closure import FollowUpDialog
        return self._open(lambda: FollowUpDialog(*self._ref(), self.detail, parent=self))

    def open_follow_up_done(self):
        from .dialogs.closure import FollowUpDoneDialog
        return self._open(lambda: FollowUpDoneDialog(*self._ref(), self.detail, parent=self))

    def open_add_member(self):
        from .dialogs.household import MemberDialog
        return self._open(lambda: MemberDialog(*self._ref(), self.detail.household.household_id, parent=self))

    def open_edit_member(self):
        from .dialogs.household import MemberDialog
        member = self.members.table.current_row()
        if member is None:
            messages.info(self, self.tr("가구원 수정"), self.tr("수정할 가구원을 목록에서 고르세요."))
            return None
        return self._open(lambda: MemberDialog(*self._ref(), self.detail.household.household_id, member,
                                               parent=self))

    def end_follow_up(self):
        from app.services import cases
        if not messages.ask(self, self.tr("사후관리 종료"),
                            self.tr("이 사례의 사후관리를 끝내고 사례를 완료할까요?")):
            return
        self.session.runner.submit(cases.end_follow_up, self.session.ctx, self.case_id,
                                   on_done=self._saved, on_error=lambda m: messages.error(self, m), owner=self)
