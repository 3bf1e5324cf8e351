"""A small demo center for screenshots and manual tries: cases at every stage of the workflow.

    python -m tests.ui.demo_data /tmp/demo.db     (admin / kim, password "correct-horse-42")
"""
from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path

from app.services import accounts, cases, expenses, referrals
from app.services.cases import Companion
from models.keyslots import KdfParams
from models.types import ConsentKind, ContactKind, ExpenseCategory, Role

from tests import workflow_helpers as wf
from tests.conftest import PASSWORD, as_staff

PEOPLE = [("김민수", "900101-1234568"), ("이영희", "450305-2345671"), ("박철수", "380712-1456782"),
          ("최지우", "150909-4567893"), ("정다은", "870220-2678904"), ("한상훈", "620115-1789015"),
          ("오미숙", "551030-2890126"), ("강도윤", "120401-3901237")]


def build(path: Path, kdf: KdfParams | None = None):
    kdf = kdf or KdfParams.fast_for_tests()
    admin = accounts.create_database(path, accounts.NewCenter(
        name="서대문구 희망복지지원단", district="서대문구", dongs=("천연동", "연희동", "북가좌1동", "홍은1동")),
        admin_username="admin", admin_name="관리자", admin_password=PASSWORD, kdf=kdf)
    kim = accounts.add_staff(admin, username="kim", display_name="김사례", role=Role.CASE_MANAGER, team="1팀",
                             password=PASSWORD, kdf=kdf)
    accounts.add_staff(admin, username="park", display_name="박팀장", role=Role.SUPERVISOR, team="1팀",
                       password=PASSWORD, kdf=kdf)
    ctx = as_staff(admin, kim)
    one = lambda i, **kw: dict(members=((PEOPLE[i][0], PEOPLE[i][1], "본인"),), **kw)  # noqa: E731

    wf.intake_case(ctx, **one(0))
    wf.registered_case(ctx, **one(1, types=("독거",), dong="연희동"))
    wf.assessed_case(ctx, **one(2, types=("노인부부",), dong="북가좌1동"))
    wf.selected_case(ctx, **one(3, types=("조손",), income="차상위"), representative="최순자(조모)")
    case_id, member, _plan = wf.in_service_case(ctx, **one(4, types=("모자",), problems=("아동학대 및 가정폭력",)))
    cases.record_contact(ctx, case_id, occurred_at=datetime(2026, 11, 14, 15), kind=ContactKind.VISIT,
                         note="가정방문. 아동 상태 확인, 모 상담. 주거 상태 양호.",
                         companions=[Companion("정상담", "protection_agency")])
    cases.record_contact(ctx, case_id, occurred_at=datetime(2026, 11, 13, 11), kind=ContactKind.PHONE,
                         note="긴급 생계지원 신청 안내")
    expenses.add_expense(ctx, case_id, category=ExpenseCategory.LIVING, amount=150000, spent_on=date(2026, 11, 15),
                         note="월세 일부 지원")
    cases.record_consent(ctx, case_id, member_id=member, kind=ConsentKind.MENTAL_HEALTH, agreed=True,
                         recorded_on=date(2026, 11, 14))
    old_id, old_member, _ = wf.in_service_case(ctx, **one(5, types=("독거",), flags={PEOPLE[5][0]: ["조건부수급"]}))
    referrals.refer(ctx, old_id, old_member, "self_support", date(2026, 11, 16))
    closed, _m, _p = wf.in_service_case(ctx, **one(6, dong="홍은1동"))
    wf.closure_meeting(ctx, closed)
    cases.close_case(ctx, closed, reason=cases.ClosureReason.GOAL_ACHIEVED, evaluation="주거 안정, 목표 달성",
                     closed_on=date(2026, 11, 21), follow_up_plan="3개월 후 방문건강 연계")
    return admin, ctx


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/demo.db")
    admin, _ = build(target)
    admin.store.close()
    print(f"demo database: {target} (admin / kim, password {PASSWORD})")
