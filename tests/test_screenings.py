"""Screening instruments are versioned data (resources/rules/assessment.json): AUDIT-K, PHQ-9 and the
한국판 C-SSRS 선별형 suicide-risk screen; a positive result feeds the rules, a high suicide risk
makes the household 위기 whatever the domains say."""
from __future__ import annotations

from datetime import date

import pytest

from app.services import cases, referrals, rules
from app.services.errors import ValidationError
from models.types import ConsentKind

from .workflow_helpers import consent, registered_case


@pytest.mark.parametrize("score, band, positive, crisis", [
    (0, "자살위험 없음", False, False), (2, "낮은 위험", True, False), (3, "중간 위험", True, False),
    (4, "높은 위험", True, True), (6, "높은 위험", True, True)])
def test_the_suicide_risk_screen_bands(score, band, positive, crisis):
    assert rules.screening_band("C-SSRS", score) == band
    assert rules.screening_positive("C-SSRS", score) is positive
    assert rules.screening_is_crisis("C-SSRS", score) is crisis


def test_the_positive_band_is_read_from_the_data_for_every_instrument():
    assert [rules.screening_positive("AUDIT-K", s) for s in (7, 8)] == [False, True]
    assert [rules.screening_positive("PHQ-9", s) for s in (4, 5)] == [False, True]
    assert not rules.screening_positive("없는 도구", 99)


def test_a_high_suicide_risk_makes_the_household_a_crisis_and_a_mental_health_concern(ctx):
    case_id, member = registered_case(ctx)       # no flag, no problem type: only the screen says it
    low = cases.save_assessment(ctx, case_id, held_on=date(2026, 11, 5),
                                domains={"social": cases.DomainInput(urgency=1)},
                                screenings=[cases.ScreeningInput("C-SSRS", 0)])
    assert low.crisis_level == 1
    high = cases.save_assessment(ctx, case_id, held_on=date(2026, 11, 6),
                                 domains={"social": cases.DomainInput(urgency=1)},
                                 screenings=[cases.ScreeningInput("C-SSRS", 5)])
    assert high.crisis_level == 3
    consent(ctx, case_id, member, ConsentKind.MENTAL_HEALTH)
    check = referrals.check_referral(ctx, case_id, member, "mental_health")
    assert check.results[0].passed and "C-SSRS 5점(높은 위험)" in " ".join(check.results[0].because)


def test_an_out_of_range_score_is_refused(ctx):
    case_id, _ = registered_case(ctx)
    with pytest.raises(ValidationError, match="C-SSRS 점수는 0~6"):
        cases.save_assessment(ctx, case_id, held_on=date(2026, 11, 5), domains={"social": cases.DomainInput(urgency=1)},
                              screenings=[cases.ScreeningInput("C-SSRS", 7)])
