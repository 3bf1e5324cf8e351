"""One case file: header, the actions its stage allows, and its whole history by tab."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QComboBox, QFrame, QLabel, QMenu, QScrollArea, QTabWidget, QToolBar, QToolButton,
                               QVBoxLayout, QWidget)

from app.services.views import case_overview
from app.services.views.case_overview import TIMELINE_KINDS
from models.types import Role

from . import messages
from .case_forms import CASE, CONTEXT, TOOLBAR, CaseForm, Opening, form, forms_at
from .changes import follow
from .forms import FormDialog
from .models import (assessment_columns, consent_columns, contact_columns, decision_columns,
                     expense_columns, follow_up_columns, member_columns, plan_item_columns,
                     referral_columns, timeline_columns)
from .session import UiSession
from .widgets import ListPanel

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
    """Its buttons come from the form registry (ui/case_forms.py); it reloads itself when a change
    notice names its case, its household or a meeting that decided it (ui/changes.py)."""
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
        self.form_controls: dict[str, QAction | object] = {}   # registry key → its action or button
        for registered in forms_at(TOOLBAR):
            self._add_form_control(registered)
        # The workflow's steps, which the stage enables (share and reassign are about the case itself).
        self.actions_by_key = {f.key: self.form_controls[f.key] for f in forms_at(TOOLBAR)}
        self.toolbar.addSeparator()
        self._build_print_menu()
        for registered in forms_at(CASE):
            self._add_form_control(registered)
        self.share_action, self.reassign_action = self.form_controls["share"], self.form_controls["reassign"]

        self.tabs = QTabWidget()
        # 개요: where the family stands (summary), then every event of the case, newest first.
        self.overview = QWidget()
        self.summary = QLabel()
        self.summary.setObjectName("caseSummary")
        self.summary.setWordWrap(True)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setMargin(8)
        self.timeline = ListPanel(self.tr("사례 경과"), timeline_columns(), stretch_column=2,
                                  empty=self.tr("기록된 경과가 없습니다."))
        self.timeline_filter = QComboBox()
        self.timeline_filter.addItem(self.tr("전체"), None)
        for kind, label in TIMELINE_KINDS.items():
            self.timeline_filter.addItem(self.tr(label), kind)
        self.timeline_filter.currentIndexChanged.connect(self._filter_timeline)
        self.timeline.add_widget(self.timeline_filter)
        self._events: list = []
        # The summary scrolls on its own when it is longer than the room (a laptop at 125%): the
        # case screen then fits the window however much the family's file says.
        summary_scroll = QScrollArea()
        summary_scroll.setWidgetResizable(True)
        summary_scroll.setFrameShape(QFrame.Shape.NoFrame)
        summary_scroll.setWidget(self.summary)
        summary_scroll.setMinimumHeight(90)
        page = QVBoxLayout(self.overview)
        page.setContentsMargins(0, 0, 0, 0)
        page.addWidget(summary_scroll, 1)
        page.addWidget(self.timeline, 1)
        self.members = ListPanel(self.tr("가구원"), member_columns())
        self._add_tab_forms("members")
        self.members.table.activated_row.connect(lambda _row: self.open_form("edit_member"))
        self.copy_phone_button = self.members.add_button(self.tr("전화번호 복사"), self.copy_selected_phone)
        table = self.members.table
        table.add_row_action(self.tr("전화번호 복사"), lambda m: self.copy_text(m.phone), lambda m: bool(m.phone))
        table.add_row_action(self.tr("주민등록번호 복사 (뒷자리 가림)"), lambda m: self.copy_text(m.rrn_masked),
                             lambda m: bool(m.rrn_masked))
        table.add_row_action(self.tr("주민등록번호 전체 복사…"), self.open_reveal_rrn,
                             lambda m: bool(m.rrn_masked) and self.session.ctx.actor.role != Role.READ_ONLY)
        self.consents = ListPanel(self.tr("동의"), consent_columns(), empty=self.tr("기록된 동의가 없습니다."))
        self._add_tab_forms("consents")
        self.assessments = ListPanel(self.tr("욕구·위기도 조사"), assessment_columns(), detail=_assessment_text,
                                     empty=self.tr("아직 조사하지 않았습니다."))
        self.decisions = ListPanel(self.tr("사례회의 결정"), decision_columns(), detail=_decision_text)
        self.print_minutes_button = self.decisions.add_button(self.tr("선택한 회의의 회의록 인쇄…"),
                                                              self.print_minutes)
        self.plan_items = ListPanel(self.tr("서비스 계획 항목"), plan_item_columns(), stretch_column=1)
        self.contacts = ListPanel(self.tr("상담·점검 기록"), contact_columns(), detail=_contact_text,
                                  stretch_column=4)
        self.referrals = ListPanel(self.tr("의뢰"), referral_columns())
        self._add_tab_forms("referrals")
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
        follow(self, session.notices, self._concerned, self.refresh)
        self.refresh()

    def _add_form_control(self, registered: CaseForm) -> None:
        key, label = registered.key, QCoreApplication.translate(CONTEXT, registered.label)
        if registered.place in (TOOLBAR, CASE):
            control = self.toolbar.addAction(label)
            control.triggered.connect(lambda _checked=False: self.open_form(key))
        else:
            control = getattr(self, registered.place).add_button(label, lambda: self.open_form(key))
        control.setEnabled(False)
        self.form_controls[key] = control

    def _add_tab_forms(self, tab: str) -> None:
        for registered in forms_at(tab):
            self._add_form_control(registered)   # a button on the tab's list

    def _concerned(self, changes) -> bool:
        d = self.detail
        return changes.touches(case_id=self.case_id, household_id=d.household.household_id if d else None,
                               meeting_ids={x.meeting_id for x in d.decisions} if d else ())

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
        self.summary.setText(self._overview_text(d))
        self._events = case_overview.timeline(d)
        self._filter_timeline()
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
        role = self.session.ctx.actor.role
        writer = role != Role.READ_ONLY
        for key, control in self.form_controls.items():
            control.setEnabled(form(key).enabled(d, role))
        self.print_actions["intake"].setEnabled(d.intake is not None)
        self.print_actions["assessment"].setEnabled(bool(d.assessments))
        self.print_actions["plan"].setEnabled(d.current_plan is not None)
        self.print_actions["closure"].setEnabled(d.closure is not None)
        self.print_actions["minutes"].setEnabled(bool(d.decisions))
        self.print_button.setEnabled(True)
        self.print_minutes_button.setEnabled(bool(d.decisions))
        if not writer:
            self.subheader.setText(self.subheader.text() + self.tr(" · 열람 전용 계정: 기록할 수 없습니다"))
        self.loaded.emit(d)

    def _filter_timeline(self) -> None:
        kind = self.timeline_filter.currentData()
        self.timeline.set_rows([e for e in self._events if kind is None or e.kind == kind])

    def _overview_text(self, d) -> str:
        hh = d.household
        today = self.session.ctx.today()
        parts = [self.tr("가구: {0} · {1} · {2}").format(hh.income_status, "·".join(hh.household_types) or "-",
                                                       "·".join(hh.problem_types) or "-"),
                 self.tr("가구원: {0}").format(case_overview.member_line(d, today)),
                 self.tr("동의: {0}").format(case_overview.consent_line(d))]
        if d.current_plan:
            parts.append(self.tr("서비스 계획: {0}").format(case_overview.plan_line(d)))
        if d.monitoring_due:
            late = (today - d.monitoring_due).days
            parts.append(self.tr("다음 점검: {0}").format(d.monitoring_due)
                         + (self.tr(" (⚠ {0}일 지남)").format(late) if late > 0 else ""))
        waiting = case_overview.waiting_referrals(d, today)
        if waiting:
            parts.append(self.tr("회신 대기: {0}").format(" · ".join(waiting)))
        for alert in case_overview.age_out_alerts(d, today):
            parts.append(self.tr("⚠ 연령 도달: {0}").format(alert))
        room = d.expense_room
        if room is not None and (room.household_spent or d.expenses):
            parts.append(self.tr("사례사업비(올해): 가구 사용 {0:,}원 · 남은 한도 {1:,}원").format(
                room.household_spent, max(room.household_remaining, 0)))
        if d.intake:
            parts.append(self.tr("초기상담 {0}{4} · 의뢰 경로 {1}{2} · 결정 {3}").format(
                d.intake.held_on, d.intake.referral_source,
                f" ({d.intake.referrer_detail})" if d.intake.referrer_detail else "",
                d.intake.decision.label if d.intake.decision else self.tr("미정"),
                f" ({d.intake.consult_method})" if d.intake.consult_method else ""))
            parts.append(self.tr("주호소 문제: {0}").format(d.intake.presenting_problems))
            economy = case_overview.economy_line(d.intake)
            if economy:
                parts.append(self.tr("가구 경제 상황(초기상담): {0}").format(economy))
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
                                ("intake", self.tr("초기상담 기록지…"), self.print_intake),
                                ("assessment", self.tr("욕구 및 위기도 조사표 (최근 조사)…"), self.print_assessment),
                                ("plan", self.tr("서비스 제공계획서…"), self.print_plan),
                                ("closure", self.tr("종결 보고서…"), self.print_closure),
                                ("minutes", self.tr("사례회의록 (선택한 회의)…"), self.print_minutes)]:
            action = menu.addAction(text)
            action.triggered.connect(slot)
            self.print_actions[key] = action
        self.print_button = QToolButton()
        self.print_button.setText(self.tr("인쇄 / 내보내기"))
        self.print_button.setMenu(menu)
        self.print_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.print_button.setToolTip(self.tr("인쇄, PDF·HWPX(한글)로 내보내기 (Ctrl+P)"))
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

    def print_intake(self):
        from .printing import intake_job
        if self.detail is None or self.detail.intake is None:
            return None
        return self._print(intake_job(self.detail))

    def print_assessment(self):
        from .printing import assessment_job
        if self.detail is None or not self.detail.assessments:
            return None
        return self._print(assessment_job(self.detail))

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
        return self._open(lambda: RevealRrnDialog(*self._ref(), member, parent=self))

    # --- actions ---
    def _open(self, make: Callable[[], FormDialog]) -> FormDialog | None:
        if self.detail is None:
            return None
        dialog = make()
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.last_dialog = dialog
        dialog.open()
        return dialog

    def _ref(self):
        return self.session.runner, self.session.ctx

    def open_form(self, key: str, parent=None) -> FormDialog | None:
        """Open a registered form (ui/case_forms.py) for this case, or run its confirmed action."""
        registered = form(key)
        if self.detail is None or not self.form_controls[key].isEnabled():
            return None
        row = None
        if registered.row_check is not None:
            row = getattr(self, registered.place).table.current_row()
            if row is None or not registered.row_check(row):
                title, text = registered.pick
                messages.info(self, QCoreApplication.translate(CONTEXT, title),
                              QCoreApplication.translate(CONTEXT, text))
                return None
        if registered.service:
            if messages.ask(self, QCoreApplication.translate(CONTEXT, registered.label),
                            QCoreApplication.translate(CONTEXT, registered.confirm)):
                self.session.runner.submit(registered.service_function(), self.session.ctx, self.case_id,
                                           on_done=lambda _r: self._saved(registered), owner=self,
                                           on_error=lambda m: messages.error(self, m))
            return None
        opening = Opening(*self._ref(), self.detail, self.session.reference, row=row, parent=parent or self)
        dialog = self._open(lambda: registered.make(opening))
        if dialog is not None:
            dialog.saved.connect(lambda _result: self._saved(registered))
            if hasattr(dialog, "open_form_requested"):   # a form that sends the worker to another (의뢰 → 조사)
                dialog.open_form_requested.connect(lambda key, member_id, preset, asking=dialog:
                                                   self._open_for(asking, key, member_id, preset))
        return dialog

    def _open_for(self, asking, key: str, member_id: str = "", preset: str = "") -> None:
        """Open form `key` on top of the form asking for it, which checks again once it is saved;
        a form about one member opens for the member the asking form is about."""
        if not self.form_controls[key].isEnabled():
            label = QCoreApplication.translate(CONTEXT, form(key).label)
            messages.info(asking, label, self.tr("이 사례의 지금 단계에서는 '{0}' 양식을 열 수 없습니다.").format(label))
            return
        if member_id and form(key).place == "members":
            self.members.table.select_where(lambda m: m.member_id == member_id)
        dialog = self.open_form(key, parent=asking)
        if dialog is not None:
            if hasattr(dialog, "preset"):
                dialog.preset(member_id, preset)
            dialog.saved.connect(lambda _result: asking.recheck())

    def _saved(self, registered: CaseForm) -> None:
        # The change notice reloads this screen (and every other one showing the case); show where it went.
        if registered.tab:
            self.tabs.setCurrentWidget(getattr(self, registered.tab))
