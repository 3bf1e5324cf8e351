"""Referral rules of 2019-3 (seed 003): 정신건강사례관리 by tier (응급·위기·집중사례, 112/119 and
☎1577-0199), the targets 노인보호전문기관 and 보건소 지역사회중심재활, and the age-out alert of a
드림스타트 child before 만 13세."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.services import cases, referrals, rules
from app.services.errors import ValidationError
from app.services.views import case_file, case_overview
from models.entities import AuditLog, Referral
from models.types import ConsentKind, ReferralStatus

from .workflow_helpers import consent, registered_case


def _mental_health_case(ctx):
    case_id, member = registered_case(ctx, problems=("알코올 및 정신질환",))
    consent(ctx, case_id, member, ConsentKind.MENTAL_HEALTH)
    return case_id, member


def test_mental_health_is_referred_by_tier_with_the_crisis_line(ctx):
    case_id, member = _mental_health_case(ctx)
    check = referrals.check_referral(ctx, case_id, member, "mental_health")
    assert check.eligible
    assert [t.label for t in check.tiers] == ["응급사례", "위기사례", "집중사례"]
    assert check.tiers[0].call_first and "112" in check.tiers[0].do and "119" in check.tiers[0].do
    assert "1577-0199" in check.crisis_line
    for missing in (None, "urgent"):
        with pytest.raises(ValidationError, match="응급사례 · 위기사례 · 집중사례 중"):
            referrals.refer(ctx, case_id, member, "mental_health", date(2026, 11, 20), tier=missing)
    with ctx.session() as s:
        assert s.scalars(select(Referral)).all() == []
    ref_id = referrals.refer(ctx, case_id, member, "mental_health", date(2026, 11, 20), tier="crisis")
    with ctx.session() as s:
        assert s.get(Referral, ref_id).tier == "crisis"
        assert s.scalars(select(AuditLog.purpose).where(AuditLog.action == "share")).all()[-1] \
            == "정신건강사례관리 의뢰(위기사례)"
    [row] = case_file.case_detail(ctx, case_id).referrals
    assert row.tier == "위기사례"


def test_a_program_without_tiers_takes_none():
    assert referrals.tier_problem("elderly_care", None) is None
    assert "구분 없이" in referrals.tier_problem("elderly_care", "crisis")


def test_elder_abuse_goes_to_the_elder_protection_agency(ctx):
    case_id, member = registered_case(ctx, members=(("최노인", "450505-1000006", "본인"),),
                                      flags={"최노인": ["학대피해"]})
    check = referrals.check_referral(ctx, case_id, member, "elder_protection")
    assert [r.passed for r in check.results] == [True, True] and check.eligible
    young, kid = registered_case(ctx, problems=("경제적 어려움",))
    assert not referrals.check_referral(ctx, young, kid, "elder_protection").eligible


def test_a_disabled_member_with_health_needs_goes_to_community_rehabilitation(ctx):
    case_id, member = registered_case(ctx, flags={"김민수": ["장애"]})
    before = referrals.check_referral(ctx, case_id, member, "community_rehab")
    assert [r.passed for r in before.results] == [True, False]
    cases.save_assessment(ctx, case_id, held_on=date(2026, 11, 5), domains={"health": cases.DomainInput(urgency=2)})
    assert referrals.check_referral(ctx, case_id, member, "community_rehab").eligible


@pytest.mark.parametrize("born, alert", [
    (date(2014, 3, 1), "2027-03-01에 만 13세가 됩니다"),      # 98 days from 2026-11-23
    (date(2013, 10, 1), "2026-10-01에 만 13세가 되었습니다"),  # already past: still open
    (date(2016, 3, 1), None),                               # more than 180 days off
])
def test_a_dream_start_child_near_13_is_flagged_for_a_plan(ctx, born, alert):
    child_rrn = f"{born:%y%m%d}-3" + "000000"
    case_id, member = registered_case(ctx, members=(("박부", "800101-1000000", "본인"), ("박아동", child_rrn, "자녀")),
                                      types=("부자", "한부모"))
    detail = case_file.case_detail(ctx, case_id)
    child = next(m for m in detail.household.members if m.name == "박아동")
    with ctx.session() as s:   # as sent before: the rule under test is the alert, not the referral
        s.add(Referral(case_id=case_id, member_id=child.member_id, program="dream_start", rules_version="2019-3",
                       criteria=[], status=ReferralStatus.ACCEPTED, sent_on=date(2026, 1, 5)))
    lines = case_overview.age_out_alerts(case_file.case_detail(ctx, case_id), ctx.today())
    if alert is None:
        assert lines == []
    else:
        assert lines == [f"드림스타트 박아동이 {alert}. {rules.program('dream_start')['age_out']['plan']}"]
