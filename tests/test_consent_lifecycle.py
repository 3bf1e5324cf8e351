"""Consent lifecycle (issue 14): a consent's period and scope, its withdrawal (철회), what a
withdrawn or expired consent refuses (naming the consent), the under-14 rule and renewal reminders.
The clock is the conftest's: 2026-11-23."""
from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import func, inspect, select

from app.services import cases, meetings, referrals
from app.services.case_facts import consent_ends_on, has_consent, years_after
from app.services.errors import ValidationError, WorkflowError
from app.services.views import case_file, home
from app.services.views.case_overview import consent_line
from models.entities import AuditLog, Consent, Referral
from models.types import ConsentKind, IntakeDecision, MeetingKind, SelectionOutcome

from .workflow_helpers import ATTENDEES, consent, intake_case, registered_case

OUTSIDE = ATTENDEES + [meetings.AttendeeInput("정간호", "서대문구 보건소", "health_center")]
SELF_SUPPORT = dict(flags={"김민수": ["조건부수급"]})   # eligible for 자활 once third-party consent holds


def third_party(ctx, case_id):
    with ctx.session() as s:
        return s.scalars(select(Consent).where(Consent.case_id == case_id,
                                               Consent.kind == ConsentKind.THIRD_PARTY)).one()


def snapshot(ctx, case_id) -> list[tuple]:
    """Everything a withdrawal must leave as it was: the consents' own answers and the referrals."""
    with ctx.session() as s:
        c = [(x.id, x.kind, x.agreed, x.recorded_on, tuple(x.recipients), x.valid_until, x.legal_representative)
             for x in s.scalars(select(Consent).where(Consent.case_id == case_id).order_by(Consent.id))]
        r = [(x.id, x.program, x.sent_on, x.status) for x in s.scalars(select(Referral).where(Referral.case_id == case_id))]
    return c + r


def test_withdrawal_blocks_referrals_and_outside_meetings_and_keeps_what_was_recorded(ctx):
    case_id, member = registered_case(ctx, **SELF_SUPPORT)
    earlier = referrals.refer(ctx, case_id, member, "self_support", date(2026, 11, 10))
    before = snapshot(ctx, case_id)
    tp = third_party(ctx, case_id)

    cases.withdraw_consent(ctx, tp.id, date(2026, 11, 20), "전화")

    assert snapshot(ctx, case_id) == before   # nothing recorded under it is deleted or changed
    with ctx.session() as s:
        row = s.get(Consent, tp.id)
        assert (row.withdrawn_on, row.withdrawn_how, row.agreed) == (date(2026, 11, 20), "전화", True)
        assert s.get(Referral, earlier) is not None
        assert not has_consent(s, case_id, member, ConsentKind.THIRD_PARTY, date(2026, 11, 23))
        assert s.scalar(select(func.count()).select_from(AuditLog)
                        .where(AuditLog.purpose == "동의 철회")) == 1
    check = referrals.check_referral(ctx, case_id, member, "self_support")
    assert not check.eligible and "개인정보 제3자 제공 동의(2026-11-20 철회)가 유효하지 않아" in check.consent_note
    with pytest.raises(WorkflowError, match=r"개인정보 제3자 제공 동의\(2026-11-20 철회\)가 유효하지 않아 다른 기관에 의뢰할 수"):
        referrals.refer(ctx, case_id, member, "self_support", date(2026, 11, 23))

    cases.save_assessment(ctx, case_id, held_on=date(2026, 11, 21), domains={"economy": cases.DomainInput(urgency=2)})
    with pytest.raises(WorkflowError, match=r"사례 .+: 개인정보 제3자 제공 동의\(2026-11-20 철회\)가 유효하지 않아 "
                                            "외부 기관이 참석하는 회의에서 다룰 수 없습니다"):
        meetings.record_meeting(ctx, kind=MeetingKind.INTEGRATED, held_at=datetime(2026, 11, 22, 9), attendees=OUTSIDE,
                                decisions=[meetings.DecisionInput(case_id, SelectionOutcome.SELECTED, case_type="단순")])
    # A meeting of the center's own staff needs no third-party consent.
    meetings.record_meeting(ctx, kind=MeetingKind.INTERNAL, held_at=datetime(2026, 11, 22, 9), attendees=ATTENDEES,
                            decisions=[meetings.DecisionInput(case_id, SelectionOutcome.SELECTED, case_type="단순")])

    detail = case_file.case_detail(ctx, case_id)
    row = next(c for c in detail.consents if c.consent_id == tp.id)
    assert (row.state, row.withdrawn_how) == ("2026-11-20 철회", "전화")
    assert ConsentKind.THIRD_PARTY not in detail.valid_consents
    assert "개인정보 제3자 제공: 철회(2026-11-20, 전화)" in consent_line(detail)

    # A new agreement (재동의) is a new record; the withdrawn one stays in the list.
    consent(ctx, case_id, member, ConsentKind.THIRD_PARTY, recorded_on=date(2026, 11, 23))
    assert referrals.check_referral(ctx, case_id, member, "self_support").eligible
    assert len([c for c in case_file.case_detail(ctx, case_id).consents if c.kind == ConsentKind.THIRD_PARTY]) == 2


@pytest.mark.parametrize("on,how,message,error", [
    (date(2026, 11, 24), "전화", "철회일이 오늘 이후입니다", ValidationError),
    (date(2026, 11, 2), "전화", "철회일이 동의일보다 앞섭니다", ValidationError),
    (date(2026, 11, 20), "문자", "철회 방법을 목록에서", ValidationError),
])
def test_a_withdrawal_that_cannot_be_is_refused_and_changes_nothing(ctx, on, how, message, error):
    case_id, _ = registered_case(ctx)
    tp = third_party(ctx, case_id)
    before = snapshot(ctx, case_id)
    with pytest.raises(error, match=message):
        cases.withdraw_consent(ctx, tp.id, on, how)
    assert snapshot(ctx, case_id) == before
    with ctx.session() as s:
        assert s.get(Consent, tp.id).withdrawn_on is None


def test_twice_or_a_refusal_cannot_be_withdrawn(ctx):
    case_id, member = registered_case(ctx)
    tp = third_party(ctx, case_id)
    cases.withdraw_consent(ctx, tp.id, date(2026, 11, 20), "서면")
    with pytest.raises(WorkflowError, match="이미 2026-11-20에 철회"):
        cases.withdraw_consent(ctx, tp.id, date(2026, 11, 21), "전화")
    with ctx.session() as s:
        assert (s.get(Consent, tp.id).withdrawn_on, s.get(Consent, tp.id).withdrawn_how) == (date(2026, 11, 20), "서면")
    refused = consent(ctx, case_id, member, ConsentKind.MENTAL_HEALTH, agreed=False)
    with pytest.raises(WorkflowError, match="동의하지 않은 기록"):
        cases.withdraw_consent(ctx, refused, date(2026, 11, 20), "전화")


def test_an_expired_consent_covers_nothing_and_a_renewal_restores_it(ctx):
    case_id, member = intake_case(ctx, **SELF_SUPPORT)
    consent(ctx, case_id, member)
    cases.decide_intake(ctx, case_id, IntakeDecision.CASE_MANAGEMENT)
    consent(ctx, case_id, member, ConsentKind.THIRD_PARTY, valid_until=date(2026, 11, 22))
    with pytest.raises(WorkflowError, match=r"개인정보 제3자 제공 동의\(2026-11-22 만료\)가 유효하지 않아"):
        referrals.refer(ctx, case_id, member, "self_support", date(2026, 11, 23))
    detail = case_file.case_detail(ctx, case_id)
    assert ConsentKind.THIRD_PARTY not in detail.valid_consents
    assert "개인정보 제3자 제공: 만료(2026-11-22)" in consent_line(detail)
    # Valid through its last day: a consent until today still covers today.
    consent(ctx, case_id, member, ConsentKind.THIRD_PARTY, recorded_on=date(2026, 11, 23), valid_until=date(2026, 11, 23))
    referrals.refer(ctx, case_id, member, "self_support", date(2026, 11, 23))


def test_no_consent_at_all_is_named_too(ctx):
    case_id, member = intake_case(ctx)
    with pytest.raises(WorkflowError, match="개인정보 수집·이용 동의가 없어 사례관리로 접수할 수 없습니다"):
        cases.decide_intake(ctx, case_id, IntakeDecision.CASE_MANAGEMENT)
    consent(ctx, case_id, member, agreed=False)
    with pytest.raises(WorkflowError, match=r"개인정보 수집·이용 동의\(2026-11-03 동의하지 않음\)가"):
        cases.decide_intake(ctx, case_id, IntakeDecision.CASE_MANAGEMENT)


def test_period_and_scope_are_kept_and_checked(ctx):
    case_id, member = intake_case(ctx)
    cid = consent(ctx, case_id, member, valid_until=date(2027, 11, 2), purposes=["사례관리 서비스 제공"],
                  items=["성명", "연락처", "건강 상태"])
    row = case_file.case_detail(ctx, case_id).consents[0]
    assert (row.consent_id, row.valid_until, row.ends_on, row.purposes, row.items, row.state, row.period) == (
        cid, date(2027, 11, 2), date(2027, 11, 2), ("사례관리 서비스 제공",), ("성명", "연락처", "건강 상태"), None,
        "2027-11-02")
    open_ended = consent(ctx, case_id, member, ConsentKind.THIRD_PARTY)
    row = next(c for c in case_file.case_detail(ctx, case_id).consents if c.consent_id == open_ended)
    assert (row.valid_until, row.ends_on, row.purposes, row.period) == (None, None, (), "종결 후 5년")
    before = snapshot(ctx, case_id)
    with pytest.raises(ValidationError, match="동의 기간의 끝이 동의일보다 앞섭니다"):
        consent(ctx, case_id, member, valid_until=date(2026, 11, 2))
    with pytest.raises(ValidationError, match="동의 목적은 30개까지"):
        consent(ctx, case_id, member, purposes=[f"목적 {i}" for i in range(31)])
    with pytest.raises(ValidationError, match="동의 항목"):
        consent(ctx, case_id, member, items=["x" * 101])
    assert snapshot(ctx, case_id) == before


def test_five_years_after_closure():
    c = Consent(valid_until=None)
    assert consent_ends_on(c, None) is None   # open while the case is
    assert consent_ends_on(c, date(2026, 3, 2)) == date(2031, 3, 2)
    assert consent_ends_on(c, date(2028, 2, 29)) == date(2033, 2, 28)
    assert consent_ends_on(Consent(valid_until=date(2027, 1, 1)), date(2026, 3, 2)) == date(2027, 1, 1)
    assert years_after(date(2024, 2, 29), -5) == date(2019, 2, 28)


CHILD_HOUSEHOLD = dict(members=(("한엄마", "880808-2000008", "본인"), ("한아이", "180101-4000001", "자녀"),
                                ("한누나", "121123-4000007", "자녀")), types=("모자",), income="차상위")


def member_named(ctx, case_id, name):
    return next(m.member_id for m in case_file.case_detail(ctx, case_id).household.members if m.name == name)


def test_a_child_under_14_needs_the_legal_representative(ctx):
    case_id, _ = registered_case(ctx, **CHILD_HOUSEHOLD)
    child, older = member_named(ctx, case_id, "한아이"), member_named(ctx, case_id, "한누나")
    before = snapshot(ctx, case_id)
    with pytest.raises(ValidationError, match="한아이님은 동의일에 만 14세 미만이라 법정대리인의 동의가 필요합니다"):
        consent(ctx, case_id, child, ConsentKind.THIRD_PARTY)
    with pytest.raises(ValidationError, match="만 14세 미만"):   # blank after cleaning is no representative
        consent(ctx, case_id, child, ConsentKind.THIRD_PARTY, representative=" \u200b ")
    assert snapshot(ctx, case_id) == before
    cid = consent(ctx, case_id, child, ConsentKind.THIRD_PARTY, representative="한엄마")
    with ctx.session() as s:
        assert s.get(Consent, cid).legal_representative == "한엄마"
    # Born 2012-11-23: 13 the day before the 14th birthday, 14 on it.
    with pytest.raises(ValidationError, match="한누나님은"):
        consent(ctx, case_id, older, ConsentKind.THIRD_PARTY, recorded_on=date(2026, 11, 22))
    consent(ctx, case_id, older, ConsentKind.THIRD_PARTY, recorded_on=date(2026, 11, 23))
    assert not cases.needs_legal_representative(None, date(2026, 11, 23))   # no birth date: not judged


def renewal_keys(ctx):
    return [(r.name, r.kind, r.ends_on, r.days_left) for r in home.consent_renewal_rows(ctx)]


def test_renewals_on_the_home_screen(ctx):
    case_id, member = registered_case(ctx)   # both consents open-ended while the case is open: nothing due
    assert renewal_keys(ctx) == []
    soon = consent(ctx, case_id, member, ConsentKind.MENTAL_HEALTH, valid_until=date(2026, 12, 23))
    assert renewal_keys(ctx) == [("김민수", ConsentKind.MENTAL_HEALTH, date(2026, 12, 23), 30)]
    consent(ctx, case_id, member, ConsentKind.THIRD_PARTY, recorded_on=date(2026, 11, 4), valid_until=date(2026, 11, 20))
    rows = home.consent_renewal_rows(ctx)
    assert [(r.kind, r.days_left, r.expired) for r in rows] == [(ConsentKind.THIRD_PARTY, -3, True),
                                                                 (ConsentKind.MENTAL_HEALTH, 30, False)]
    # Renewed: the old answer drops off; withdrawn: nothing to renew; beyond 30 days: not yet.
    consent(ctx, case_id, member, ConsentKind.THIRD_PARTY, recorded_on=date(2026, 11, 23), valid_until=date(2027, 11, 23))
    cases.withdraw_consent(ctx, soon, date(2026, 11, 23), "내방")
    assert renewal_keys(ctx) == []


def test_renewals_include_five_years_after_closure_but_not_a_long_closed_case(ctx):
    from models.entities import Case
    from models.types import Stage
    case_id, member = registered_case(ctx)
    with ctx.session() as s:   # a case closed almost five years ago (as sync would bring it)
        case = s.get(Case, case_id)
        case.stage, case.closed_on = Stage.CLOSED, date(2021, 12, 10)
    assert [r.ends_on for r in home.consent_renewal_rows(ctx)] == [date(2026, 12, 10)] * 2
    with ctx.session() as s:
        s.get(Case, case_id).closed_on = date(2021, 11, 1)   # ended in the past, case closed: retention's business
    assert home.consent_renewal_rows(ctx) == []


def test_another_team_gets_no_renewal_rows(ctx, admin_ctx, staff_ids):
    from .conftest import as_staff
    case_id, member = registered_case(ctx)
    consent(ctx, case_id, member, ConsentKind.MENTAL_HEALTH, valid_until=date(2026, 12, 1))
    assert len(home.consent_renewal_rows(ctx)) == 1
    assert home.consent_renewal_rows(as_staff(admin_ctx, staff_ids["lee"])) == []


def test_a_store_from_before_0012_is_upgraded_and_its_consents_read_as_the_form_says(ctx, db_path):
    """Revision 0012 adds nullable columns: an older store's consents come through with none (종결 후
    5년, no scope, no way of withdrawal) and keep their answers."""
    from alembic import command
    from models.migrations import alembic_config, current_revision
    from models.store import EncryptedStore
    case_id, member = registered_case(ctx)
    with ctx.store.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0011")
        assert current_revision(conn) == "0011"
        assert "valid_until" not in {c["name"] for c in inspect(conn).get_columns("consent")}
    key = ctx.store._data_key
    ctx.store.close()
    store = EncryptedStore.open_with_key(db_path, key)
    try:
        with store.session() as s:
            rows = s.scalars(select(Consent).where(Consent.case_id == case_id)).all()
            assert sorted(r.kind.value for r in rows) == ["collection_use", "third_party"]
            assert all((r.agreed, r.valid_until, r.purposes, r.items, r.withdrawn_how) == (True, None, None, None, None)
                       for r in rows)
            assert has_consent(s, case_id, member, ConsentKind.THIRD_PARTY, date(2026, 11, 23))
    finally:
        store.close()


def test_a_withdrawn_third_party_consent_stops_the_named_pack_of_an_outside_meeting(ctx):
    """사례회의 자료: the named minutes of a meeting with outside partners go to them, so they need each
    case's third-party consent valid today; the de-identified minutes still print."""
    from datetime import datetime

    import pytest

    from app.services import meetings, printing
    from app.services.errors import WorkflowError
    from app.services.meetings import AttendeeInput, DecisionInput
    from models.entities import Consent
    from models.types import ConsentKind, MeetingKind, SelectionOutcome

    from .workflow_helpers import ATTENDEES, selected_case
    case_id, member = selected_case(ctx)
    result = meetings.record_meeting(
        ctx, kind=MeetingKind.EXTENDED, held_at=datetime(2026, 11, 20, 14),
        attendees=ATTENDEES + [AttendeeInput("정보건", "서대문구 정신건강복지센터", "mental_center")],
        decisions=[DecisionInput(case_id, SelectionOutcome.CONTINUE)])
    assert printing.meeting_minutes(ctx, result.meeting_id, purpose="사례회의 자료", deidentified=False)
    with ctx.session() as s:
        third = s.query(Consent).filter_by(case_id=case_id, kind=ConsentKind.THIRD_PARTY).one()
    cases.withdraw_consent(ctx, third.id, date(2026, 11, 22), "전화")
    with pytest.raises(WorkflowError, match=r"개인정보 제3자 제공 동의\(2026-11-22 철회\)가 유효하지 않아"):
        printing.meeting_minutes(ctx, result.meeting_id, purpose="사례회의 자료", deidentified=False)
    assert printing.meeting_minutes(ctx, result.meeting_id, purpose="사례회의 자료", deidentified=True)
