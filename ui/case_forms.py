"""The forms a case file opens, registered once each.

A registration says what the case screen needs to offer a form: its label, where it sits (the
toolbar, or a button on one of the case's tabs), the stages it belongs to and any further rule
for when it is enabled, the dialog it opens (imported when first opened, so start-up stays
light) and the tab whose list shows what it saves. The case screen (ui/case_view.py) builds its
buttons from this list; after a save it refreshes itself from the store's change notice
(ui/changes.py) and brings that tab forward.

Adding a form is three places: its dialog (ui/dialogs/…, a FormDialog), the service function the
dialog calls (app/services/…, which checks the same stage order and says why otherwise), and one
CaseForm below.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any, Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP

from models.types import ReferralStatus, Role, Stage

# Labels translate in the case screen's context, where resources/translations keeps them.
CONTEXT = "CaseView"

OPEN = (Stage.INTAKE, Stage.REGISTERED, Stage.ASSESSED, Stage.SELECTED, Stage.IN_SERVICE)
ACTIVE = OPEN + (Stage.CLOSED, Stage.FOLLOW_UP)
SERVING = (Stage.SELECTED, Stage.IN_SERVICE)

TOOLBAR = "toolbar"   # the workflow's steps, before the print menu
CASE = "case"         # about the case itself (sharing, reassignment), after the print menu


@dataclass(frozen=True)
class Opening:
    """What a form is opened with."""
    runner: Any
    ctx: Any
    detail: Any       # app.services.views.case_file.CaseDetail
    reference: Any    # ui.session.Reference
    row: Any = None   # the row chosen on the form's tab, for a form about one row
    parent: Any = None


@dataclass(frozen=True)
class CaseForm:
    key: str
    label: str
    place: str                            # TOOLBAR, CASE, or the tab whose panel carries its button
    stages: tuple[Stage, ...] | None      # None: at every stage
    dialog: str = ""                      # "module:Class", made as Class(runner, ctx, *args(o), **kwargs(o), parent=…)
    args: Callable[[Opening], tuple] = lambda o: (o.detail,)
    kwargs: Callable[[Opening], dict] = lambda o: {}
    when: Callable[[Any], bool] = lambda detail: True   # beyond the stage
    roles: tuple[Role, ...] = ()          # only these roles (besides never read-only staff)
    tab: str = ""                         # the tab whose list shows what it saves
    row_check: Callable[[Any], bool] | None = None   # a form about the chosen row of `place`'s list
    pick: tuple[str, str] = ("", "")      # title and text when no fitting row is chosen
    service: str = ""                     # instead of a dialog: "module:function"(ctx, case_id) …
    confirm: str = ""                     # … after this question

    def enabled(self, detail, role: Role) -> bool:
        """Read-only staff never write; then the stage, the role and the form's own rule."""
        return (role != Role.READ_ONLY and (self.stages is None or detail.stage in self.stages)
                and (not self.roles or role in self.roles) and self.when(detail))

    def make(self, opening: Opening):
        return _named(self.dialog)(opening.runner, opening.ctx, *self.args(opening), **self.kwargs(opening),
                                   parent=opening.parent)

    def service_function(self) -> Callable:
        return _named(self.service)


def _named(path: str) -> Any:
    """`package.module:name`, imported now."""
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


def _t(text: str) -> str:
    return QT_TRANSLATE_NOOP(CONTEXT, text)


def _meeting_kwargs(o: Opening) -> dict:
    return {"center": o.reference.center, "case_types": o.reference.case_types, "detail": o.detail}


def _household_of(o: Opening) -> tuple:
    return (o.detail.household.household_id,)


FORMS: list[CaseForm] = [
    CaseForm("consent", _t("동의 기록"), TOOLBAR, ACTIVE, "ui.dialogs.intake:ConsentDialog", tab="consents"),
    CaseForm("intake_decision", _t("초기상담 결정"), TOOLBAR, (Stage.INTAKE,),
             "ui.dialogs.intake:IntakeDecisionDialog", tab="overview"),
    CaseForm("assessment", _t("욕구·위기도 조사"), TOOLBAR,
             (Stage.REGISTERED, Stage.ASSESSED, Stage.SELECTED, Stage.IN_SERVICE),
             "ui.dialogs.assessment:AssessmentDialog", tab="assessments"),
    CaseForm("meeting", _t("사례회의"), TOOLBAR, (Stage.ASSESSED, Stage.SELECTED, Stage.IN_SERVICE),
             "ui.dialogs.meeting:MeetingDialog", args=lambda o: (), kwargs=_meeting_kwargs, tab="decisions"),
    CaseForm("plan", _t("서비스 계획"), TOOLBAR, SERVING, "ui.dialogs.plan:PlanDialog",
             args=lambda o: (o.detail, o.reference.resources), tab="plan_items"),
    CaseForm("agree_plan", _t("계획 동의"), TOOLBAR, SERVING, "ui.dialogs.plan:PlanAgreementDialog",
             args=lambda o: (o.detail.current_plan,),
             when=lambda d: d.current_plan is not None and d.current_plan.agreed_on is None, tab="plan_items"),
    CaseForm("contact", _t("상담 기록"), TOOLBAR, ACTIVE, "ui.dialogs.contact:ContactDialog", tab="contacts"),
    CaseForm("referral", _t("타 사업 의뢰"), TOOLBAR, OPEN, "ui.dialogs.referral:ReferralDialog", tab="referrals"),
    CaseForm("expense", _t("사례사업비"), TOOLBAR, SERVING, "ui.dialogs.expense:ExpenseDialog", tab="expenses"),
    CaseForm("closure", _t("종결"), TOOLBAR, (Stage.IN_SERVICE,), "ui.dialogs.closure:ClosureDialog",
             tab="overview"),
    CaseForm("closure_notice", _t("종결 안내 기록"), TOOLBAR, (Stage.CLOSED, Stage.FOLLOW_UP, Stage.ENDED),
             "ui.dialogs.closure:ClosureNoticeDialog",
             when=lambda d: d.closure is not None and d.closure.informed_on is None, tab="overview"),
    CaseForm("follow_up", _t("사후관리 계획"), TOOLBAR, (Stage.CLOSED, Stage.FOLLOW_UP),
             "ui.dialogs.closure:FollowUpDialog", tab="follow_ups"),
    CaseForm("follow_up_done", _t("사후관리 결과"), TOOLBAR, (Stage.FOLLOW_UP,),
             "ui.dialogs.closure:FollowUpDoneDialog", when=lambda d: any(f.done_on is None for f in d.follow_ups),
             tab="follow_ups"),
    CaseForm("end_follow_up", _t("사후관리 종료"), TOOLBAR, (Stage.FOLLOW_UP,), service="app.services.cases:end_follow_up",
             confirm=_t("이 사례의 사후관리를 끝내고 사례를 완료할까요?"), tab="overview"),

    CaseForm("share", _t("공유…"), CASE, None, "ui.dialogs.sharing:ShareDialog",
             args=lambda o: (o.detail, o.reference.staff)),
    CaseForm("reassign", _t("담당자 변경…"), CASE, None, "ui.dialogs.sharing:ReassignDialog",
             args=lambda o: (o.detail, o.reference.staff), roles=(Role.SUPERVISOR, Role.ADMIN)),

    CaseForm("add_member", _t("가구원 추가"), "members", ACTIVE, "ui.dialogs.household:MemberDialog",
             args=_household_of, tab="members"),
    CaseForm("edit_member", _t("선택한 가구원 수정"), "members", ACTIVE, "ui.dialogs.household:MemberDialog",
             args=lambda o: (o.detail.household.household_id, o.row), tab="members",
             row_check=lambda member: True, pick=(_t("가구원 수정"), _t("수정할 가구원을 목록에서 고르세요."))),
    CaseForm("edit_household", _t("가구 정보 수정"), "members", ACTIVE, "ui.dialogs.household:HouseholdEditDialog",
             args=lambda o: (o.detail.household, o.reference.dongs), tab="members"),

    CaseForm("reply", _t("선택한 의뢰의 회신 기록"), "referrals", None, "ui.dialogs.referral:ReplyDialog",
             args=lambda o: (o.row,), tab="referrals",
             row_check=lambda referral: referral.status == ReferralStatus.SENT,
             pick=(_t("의뢰 회신"), _t("회신을 기다리는 의뢰를 목록에서 고르세요."))),
    CaseForm("withdraw_consent", _t("선택한 동의의 철회 기록"), "consents", None,
             "ui.dialogs.intake:ConsentWithdrawDialog", args=lambda o: (o.row,), tab="consents",
             row_check=lambda consent: consent.agreed and consent.withdrawn_on is None,
             pick=(_t("동의 철회"), _t("철회할 동의(동의함, 철회 전)를 목록에서 고르세요."))),
]



def forms_at(place: str) -> list[CaseForm]:
    return [f for f in FORMS if f.place == place]


def form(key: str) -> CaseForm:
    return next(f for f in FORMS if f.key == key)

