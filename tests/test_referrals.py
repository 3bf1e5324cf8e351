"""Referral criteria of the eight programs, evaluated from the versioned rule data."""
from __future__ import annotations

from datetime import date

import pytest

from app.services import cases, referrals, rules
from app.services.errors import WorkflowError
from models.types import ConsentKind

from .workflow_helpers import consent, registered_case

TODAY = date(2026, 11, 23)


def refer_check(ctx, case_id, member, program):
    return referrals.check_referral(ctx, case_id, member, program)


def assess(ctx, case_id, urgency, screenings=()):
    return cases.save_assessment(ctx, case_id, held_on=date(2026, 11, 5),
                                 domains={k: cases.DomainInput(urgency=v) for k, v in urgency.items()},
                                 screenings=list(screenings))


def test_rule_file_is_versioned_and_has_all_eight_programs_and_the_two_further_targets():
    data = rules.load("referral_programs")
    assert data["version"] == "2019-3"
    assert {p["name"] for p in data["programs"]} == {
        "노인돌봄기본서비스", "드림스타트", "방문건강관리", "의료급여사례관리", "자활사례관리", "중독사례관리",
        "정신건강사례관리", "통합사례관리",
        "노인학대사례관리(노인보호전문기관)", "장애인 건강보건 사례관리(보건소 지역사회중심재활)"}


def test_elderly_care_needs_65_and_living_alone(ctx):
    old_alone, m = registered_case(ctx, members=(("박순자", "500505-2000009", "본인"),), types=("독거",))
    assess(ctx, old_alone, {"safety": 1})
    check = refer_check(ctx, old_alone, m, "elderly_care")
    assert check.eligible, [r for r in check.results if not r.passed]
    young, m2 = registered_case(ctx, members=(("이젊은", "900101-1234568", "본인"),), types=("일반",))
    assess(ctx, young, {"safety": 1})
    failed = [r.label for r in refer_check(ctx, young, m2, "elderly_care").results if not r.passed]
    assert "만 65세 이상" in failed
    couple, m3 = registered_case(ctx, members=(("최노인", "500505-1000003", "본인"), ("최부인", "520505-2000001", "배우자")),
                                 types=("노인부부",))
    assess(ctx, couple, {"safety": 1})
    failed = [r.label for r in refer_check(ctx, couple, m3, "elderly_care").results if not r.passed]
    assert failed == ["실제 혼자 살고 있음(독거)"]


def test_elderly_care_excludes_voucher_visit_service(ctx):
    case_id, m = registered_case(ctx, members=(("박순자", "500505-2000009", "본인"),),
                                 flags={"박순자": ["바우처방문서비스"]})
    assess(ctx, case_id, {"safety": 1})
    assert not refer_check(ctx, case_id, m, "elderly_care").eligible


def test_dream_start_age_and_only_once_per_person(ctx):
    case_id, _ = registered_case(ctx, members=(("한엄마", "880808-2000008", "본인"), ("한아이", "180101-4000001", "자녀")),
                                 types=("모자",), income="차상위")
    from app.services.households import members_of
    child = [m.id for m in members_of(ctx, _hh(ctx, case_id)) if m.name == "한아이"][0]
    mother = [m.id for m in members_of(ctx, _hh(ctx, case_id)) if m.name == "한엄마"][0]
    consent(ctx, case_id, child, ConsentKind.THIRD_PARTY, representative="한엄마")   # 만 14세 미만
    failed = [r.label for r in refer_check(ctx, case_id, child, "dream_start").results if not r.passed]
    assert len(failed) == 1 and "복합적인 문제" in failed[0]
    assess(ctx, case_id, {"education": 2, "family": 2})
    assert refer_check(ctx, case_id, child, "dream_start").eligible
    assert not refer_check(ctx, case_id, mother, "dream_start").eligible  # adult
    referrals.refer(ctx, case_id, child, "dream_start", TODAY)
    check = refer_check(ctx, case_id, child, "dream_start")
    assert [r.label for r in check.results if not r.passed] == ["드림스타트로 의뢰된 적 없음(1인 1회)"]
    with pytest.raises(WorkflowError, match="1인 1회"):
        referrals.refer(ctx, case_id, child, "dream_start", TODAY)


def test_dream_start_needs_a_vulnerable_household(ctx):
    case_id, _ = registered_case(ctx, members=(("부모", "880808-1000004", "본인"), ("아이", "180101-3000003", "자녀")),
                                 types=("일반",), income="일반")
    from app.services.households import members_of
    child = [m.id for m in members_of(ctx, _hh(ctx, case_id)) if m.name == "아이"][0]
    assert not refer_check(ctx, case_id, child, "dream_start").eligible


def _hh(ctx, case_id):
    from models.entities import Case
    with ctx.session() as s:
        return s.get(Case, case_id).household_id


def test_visiting_health(ctx):
    case_id, m = registered_case(ctx, members=(("이건강", "900101-1234568", "본인"),), types=("일반",))
    assess(ctx, case_id, {"economy": 2})
    assert not refer_check(ctx, case_id, m, "visiting_health").eligible
    assess(ctx, case_id, {"health": 2})  # reassessment: the latest counts
    assert refer_check(ctx, case_id, m, "visiting_health").eligible
    couple, m2 = registered_case(ctx, members=(("최노인", "450505-1000006", "본인"), ("최부인", "470505-2000004", "배우자")),
                                 types=("노인부부",))
    assess(ctx, couple, {"economy": 1})
    assert refer_check(ctx, couple, m2, "visiting_health").eligible  # 75+ elderly couple


def test_medical_aid_needs_recipient_and_excessive_use(ctx):
    case_id, m = registered_case(ctx, flags={"김민수": ["의료급여"]})
    assert [r.passed for r in refer_check(ctx, case_id, m, "medical_aid").results] == [True, False]
    case2, m2 = registered_case(ctx, flags={"김민수": ["의료급여", "의료과다이용"]})
    assert refer_check(ctx, case2, m2, "medical_aid").eligible


def test_self_support(ctx):
    case_id, m = registered_case(ctx, flags={"김민수": ["조건부수급"]})
    assert refer_check(ctx, case_id, m, "self_support").eligible
    case2, m2 = registered_case(ctx)
    assert not refer_check(ctx, case2, m2, "self_support").eligible


def test_addiction_needs_audit_k_and_mental_health_consent(ctx):
    case_id, m = registered_case(ctx, flags={"김민수": ["알코올문제"]})
    check = refer_check(ctx, case_id, m, "addiction")
    assert [r.passed for r in check.results] == [True, False, False]
    assert "112" in check.emergency
    assess(ctx, case_id, {"health": 2}, [cases.ScreeningInput("AUDIT-K", 22)])
    assert [r.passed for r in refer_check(ctx, case_id, m, "addiction").results] == [True, True, False]
    with pytest.raises(WorkflowError, match="정신건강서비스 이용 동의"):
        referrals.refer(ctx, case_id, m, "addiction", TODAY)
    consent(ctx, case_id, m, ConsentKind.MENTAL_HEALTH)
    ref = referrals.refer(ctx, case_id, m, "addiction", TODAY)
    from models.entities import Referral
    with ctx.session() as s:
        stored = s.get(Referral, ref)
        assert stored.rules_version == "2019-3" and all(c["passed"] for c in stored.criteria)


def test_mental_health_needs_risk_and_consent(ctx):
    case_id, m = registered_case(ctx, flags={"김민수": ["자살위험"]})
    assert [r.passed for r in refer_check(ctx, case_id, m, "mental_health").results] == [True, False]
    consent(ctx, case_id, m, ConsentKind.MENTAL_HEALTH)
    assert refer_check(ctx, case_id, m, "mental_health").eligible


def test_integrated_case_management(ctx):
    case_id, m = registered_case(ctx)
    assess(ctx, case_id, {"economy": 2, "health": 1})
    assert not refer_check(ctx, case_id, m, "integrated").eligible
    assess(ctx, case_id, {"economy": 2, "health": 2, "employment": 2})  # complex needs
    assert refer_check(ctx, case_id, m, "integrated").eligible
    case2, m2 = registered_case(ctx, income="수급탈락")
    assess(ctx, case2, {"safety": 2})
    assert refer_check(ctx, case2, m2, "integrated").eligible


def test_no_referral_without_third_party_consent(ctx):
    case_id, m = cases_without_third_party(ctx)
    with pytest.raises(WorkflowError, match="제3자 제공 동의"):
        referrals.refer(ctx, case_id, m, "self_support", TODAY)
    consent(ctx, case_id, m, ConsentKind.THIRD_PARTY, agreed=False)
    with pytest.raises(WorkflowError, match="제3자 제공 동의"):
        referrals.refer(ctx, case_id, m, "self_support", TODAY)


def cases_without_third_party(ctx):
    from models.types import IntakeDecision
    from .workflow_helpers import intake_case
    case_id, m = intake_case(ctx, flags={"김민수": ["조건부수급"]})
    consent(ctx, case_id, m)
    cases.decide_intake(ctx, case_id, IntakeDecision.CASE_MANAGEMENT)
    return case_id, m


def test_withdrawn_consent_stops_referrals(ctx):
    case_id, m = cases_without_third_party(ctx)
    cid = consent(ctx, case_id, m, ConsentKind.THIRD_PARTY)
    cases.withdraw_consent(ctx, cid, TODAY)
    with pytest.raises(WorkflowError, match="제3자"):
        referrals.refer(ctx, case_id, m, "self_support", TODAY)


def test_reply_is_recorded(ctx):
    from models.types import ReferralStatus
    from app.services import queries
    case_id, m = registered_case(ctx, flags={"김민수": ["조건부수급"]})
    ref = referrals.refer(ctx, case_id, m, "self_support", date(2026, 11, 10))
    assert [r.id for r, _ in queries.referrals_awaiting_reply(ctx)] == [ref]
    referrals.record_reply(ctx, ref, ReferralStatus.ACCEPTED, "자활센터 접수 완료", date(2026, 11, 12))
    assert queries.referrals_awaiting_reply(ctx) == []


def test_dream_start_includes_children_of_12_and_over_still_in_elementary_school(ctx):
    case_id, _ = registered_case(ctx, members=(("한엄마", "880808-2000008", "본인"), ("한형", "130101-3000009", "자녀")),
                                 types=("모자",), income="수급")
    from app.services.households import members_of
    older = [m for m in members_of(ctx, _hh(ctx, case_id)) if m.name == "한형"][0]
    assess(ctx, case_id, {"education": 2, "health": 2})
    age_row = lambda: refer_check(ctx, case_id, older.id, "dream_start").results[0]  # noqa: E731
    assert not age_row().passed
    from app.services import households
    households.update_member(ctx, older.id, households.MemberInput(name="한형", relation="자녀", flags=["초등학생"]))
    assert age_row().passed


def test_only_the_persons_own_screening_counts(ctx):
    case_id, _ = registered_case(ctx, members=(("김아빠", "700101-1000007", "본인"), ("김아들", "000101-3000003", "자녀")),
                                 flags={"김아들": ["알코올문제"]})
    from app.services.households import members_of
    father, son = sorted(members_of(ctx, _hh(ctx, case_id)), key=lambda m: m.name != "김아빠")
    cases.save_assessment(ctx, case_id, held_on=date(2026, 11, 5), domains={"health": cases.DomainInput(urgency=2)},
                          screenings=[cases.ScreeningInput("AUDIT-K", 20, member_id=father.id)])
    assert [r.passed for r in refer_check(ctx, case_id, son.id, "addiction").results][:2] == [True, False]
