"""The rules read every place a fact is recorded (household problem types, member flags, screening
scores, assessment domains), say which fact carried or failed each criterion, and what is still to
be entered before a criterion can be judged."""
from __future__ import annotations

from datetime import date, datetime

from app.services import cases, households, referrals, rules
from app.services.views import case_file
from models.types import ConsentKind, ContactKind

from .conftest import dong_id
from .workflow_helpers import consent, in_service_case, registered_case


def assess(ctx, case_id, urgency, screenings=()):
    return cases.save_assessment(ctx, case_id, held_on=date(2026, 11, 5),
                                 domains={k: cases.DomainInput(urgency=v) for k, v in urgency.items()},
                                 screenings=list(screenings))


def by_label(check):
    return {r.label: r for r in check.results}


def test_an_alcohol_household_without_the_member_flag_is_referred_to_addiction_case_management(ctx):
    # 문제 유형 in the older spelling, an AUDIT-K score in the harmful range, no 특성 on the person.
    case_id, m = registered_case(ctx, problems=("알콜 및 정신질환",))
    assert case_file.case_detail(ctx, case_id).household.problem_types == ("알코올 및 정신질환",)
    assess(ctx, case_id, {"health": 2}, [cases.ScreeningInput("AUDIT-K", 12)])
    check = referrals.check_referral(ctx, case_id, m, "addiction")
    concern = by_label(check)["알코올 또는 기타 중독 문제"]
    assert concern.passed and concern.because == ("가구 문제 유형 '알코올 및 정신질환'", "AUDIT-K 12점(위험음주)")
    assert by_label(check)["AUDIT-K 선별검사 실시"].because == ("AUDIT-K 12점(위험음주)",)
    agreed = by_label(check)["정신건강서비스 이용 동의"]
    assert not agreed.passed and agreed.needs == (rules.Need("정신건강서비스 이용 동의", "consent", "mental_health"),)
    consent(ctx, case_id, m, ConsentKind.MENTAL_HEALTH)
    assert referrals.check_referral(ctx, case_id, m, "addiction").eligible
    assert referrals.refer(ctx, case_id, m, "addiction", date(2026, 11, 23))


def test_a_visit_to_that_household_without_a_companion_is_warned_with_its_reason(ctx):
    case_id, m, _ = in_service_case(ctx, problems=("경제적 어려움",))
    visit = dict(occurred_at=datetime(2026, 11, 20, 15), kind=ContactKind.VISIT, note="가정방문")
    assert cases.record_contact(ctx, case_id, **visit)[1] == []
    assess(ctx, case_id, {"health": 2}, [cases.ScreeningInput("AUDIT-K", 21)])   # the score alone calls for it
    _, warnings = cases.record_contact(ctx, case_id, **visit)
    assert warnings == ["알코올 문제나 안전 우려가 있는 가구는 사회복무요원·복지도우미 또는 정신건강 전문요원과 함께 "
                        "방문해야 합니다. (근거: AUDIT-K 21점(알코올 의존 의심))"]
    assert cases.record_contact(ctx, case_id, companions=[cases.Companion("이복지", "assistant")], **visit)[1] == []


def test_an_eleven_year_old_in_a_single_father_household_is_referred_to_dream_start_after_the_assessment(ctx):
    case_id, _ = registered_case(ctx, members=(("박아빠", "800303-1000001", "본인"),
                                               ("박아들", "150707-3000005", "자녀")),
                                 types=("부자",), income="일반", problems=("경제적 어려움",))
    child = next(m for m in case_file.case_detail(ctx, case_id).household.members if m.name == "박아들")
    before = by_label(referrals.check_referral(ctx, case_id, child.member_id, "dream_start"))
    needs = before["건강·언어·기초학습·심리정서 등 복합적인 문제와 욕구로 지속적인 사례관리가 필요함(두 영역 이상 긴급도 보통 이상)"]
    assert not needs.passed and needs.needs == (rules.Need("욕구·위기도 조사", "assessment"),)
    assert before["0세(임산부)~만 12세 아동(만 12세 이상 초등학교 재학 아동 포함)"].because == ("만 11세",)
    assert before["수급·차상위·보호대상 한부모(조손 포함) 가정 또는 학대·성폭력 피해아동"].because == ("가구 유형 '부자'",)
    assess(ctx, case_id, {"education": 2, "health": 2})
    after = referrals.check_referral(ctx, case_id, child.member_id, "dream_start")
    assert all(r.passed for r in after.results), [(r.label, r.because) for r in after.results if not r.passed]
    assert by_label(after)[needs.label].because == ("긴급도 보통 이상 2개 영역(건강·교육)",)
    consent(ctx, case_id, child.member_id, ConsentKind.THIRD_PARTY, representative="박아빠")   # 법정대리인 signs
    assert referrals.refer(ctx, case_id, child.member_id, "dream_start", date(2026, 11, 23))


def test_an_unknown_age_asks_for_the_birth_date(ctx):
    case_id, m = registered_case(ctx, members=(("이름만", "", "본인"),))
    age = referrals.check_referral(ctx, case_id, m, "elderly_care").results[0]
    assert not age.passed and age.needs[0].form == "edit_member"


def test_the_old_spelling_is_one_problem_type_everywhere(ctx):
    hh = households.create_household(ctx, dong_id=dong_id(ctx), address="연희로 2",
                                     problem_types=["알콜 및 정신질환"])
    from models.entities import Household
    with ctx.session() as s:
        assert s.get(Household, hh).problem_types == ["알코올 및 정신질환"]
    assert "알콜 및 정신질환" not in households.PROBLEM_TYPES
