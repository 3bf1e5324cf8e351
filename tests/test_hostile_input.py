"""Hostile input at every service entry point: malformed RRNs, NFD names, control, zero-width and
bidi characters, lone surrogates, very long text, SQL and path fragments. Each call either stores
clean text (NFC, no control characters) or raises a ServiceError with a Korean message and writes
nothing at all."""
from __future__ import annotations

import unicodedata
from datetime import date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import func, select

from app.services import (accounts, cases, expenses, households, meetings, printing, queries, referrals,
                          retention)
from app.services.errors import ServiceError
from models.base import Base
from models.entities import Outbox
from models.types import ClosureReason, ConsentKind, ContactKind, ExpenseCategory, MeetingKind, Role, SelectionOutcome

from .conftest import FAST_KDF, dong_id
from .workflow_helpers import household, in_service_case, registered_case

NASTY = [
    "", " ", "\u200b", "\u202e역방향", "\x00", "a\x00b", "\ud800", "김\udfff민수", "\ufeff김민수",
    unicodedata.normalize("NFD", "김민수"), "김", "'; DROP TABLE member; --", "\" OR 1=1 --", "../../etc/passwd",
    "C:\\Windows\\System32\\config", "%s%n{0}", "\r\n\r\n", "\t", "😀" * 10, "가" * 100_001, "x" * 5000,
    "900101-1234568", "９００１０１－１２３４５６８", "<script>alert(1)</script>", "\U000e0001", "\ue000",
]
hostile = st.one_of(st.sampled_from(NASTY), st.text(max_size=300),
                    st.text(alphabet=st.characters(categories=("Cc", "Cf", "Cs", "Co", "Zs", "Lo", "Mn")), max_size=60))

SETTINGS = settings(max_examples=20, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


_prepared: dict[tuple, object] = {}


def once(ctx, make):
    """Build a case once per test (not per example): hypothesis reuses the function's fixtures."""
    key = (id(ctx.store), make)
    if key not in _prepared:
        _prepared[key] = make(ctx)
    return _prepared[key]


def table_counts(ctx) -> dict[str, int]:
    with ctx.session() as s:
        return {t.name: s.scalar(select(func.count()).select_from(t)) for t in Base.metadata.sorted_tables}


def assert_clean_strings(value) -> None:
    if isinstance(value, str):
        assert unicodedata.is_normalized("NFC", value), repr(value[:40])
        bad = [c for c in value if unicodedata.category(c) in ("Cf", "Cs", "Co") or
               (unicodedata.category(c) == "Cc" and c not in "\n\t")]
        assert not bad, repr(bad[:5])
    elif isinstance(value, dict):
        for v in value.values():
            assert_clean_strings(v)
    elif isinstance(value, list):
        for v in value:
            assert_clean_strings(v)


def check(ctx, call) -> None:
    """Run one service call: either it stores clean values or it fails in Korean and writes nothing."""
    before = table_counts(ctx)
    with ctx.session() as s:
        last = s.scalar(select(func.max(Outbox.seq))) or 0
    try:
        call()
    except ServiceError as e:
        assert any("\uac00" <= ch <= "\ud7a3" for ch in str(e)), str(e)
        assert table_counts(ctx) == before
        return
    with ctx.session() as s:
        for row in s.scalars(select(Outbox).where(Outbox.seq > last)):
            assert_clean_strings([new for _, new in row.changes.values()])


@SETTINGS
@given(address=hostile, phone=hostile, name=hostile, rrn=hostile, relation=hostile)
def test_household_and_member(ctx, address, phone, name, rrn, relation):
    check(ctx, lambda: households.create_household(ctx, dong_id=dong_id(ctx), address=address, phone=phone))
    hh = once(ctx, lambda c: households.create_household(c, dong_id=dong_id(c), address="서울 서대문구 연희로 1"))
    check(ctx, lambda: households.add_member(ctx, hh, households.MemberInput(name=name, rrn=rrn, relation=relation,
                                                                             phone=phone)))


@SETTINGS
@given(problems=hostile, detail=hostile, source=st.one_of(hostile, st.sampled_from(cases.REFERRAL_SOURCES)),
       method=st.one_of(hostile, st.sampled_from(cases.CONSULT_METHODS)),
       housing=st.one_of(hostile, st.sampled_from(cases.HOUSING_TYPES)), health=hostile, opinion=hostile,
       amount=st.one_of(st.none(), st.integers(-10**12, 10**12), st.booleans()))
def test_intake(ctx, problems, detail, source, method, housing, health, opinion, amount):
    hh, [member] = once(ctx, household)
    record = cases.IntakeRecord(consult_method=method, housing_type=housing, health_disability=health,
                                worker_opinion=opinion, monthly_income=amount, debts=amount)
    check(ctx, lambda: cases.open_intake(ctx, household_id=hh, primary_member_id=member, held_on=date(2026, 11, 1),
                                         referral_source=source, presenting_problems=problems, referrer_detail=detail,
                                         record=record))


@SETTINGS
@given(words=hostile, view=hostile, strengths=hostile, summary=hostile, domain=st.one_of(hostile, st.just("economy")),
       urgency=st.integers(-3, 6), instrument=st.one_of(hostile, st.just("AUDIT-K")), score=st.integers(-5, 60))
def test_assessment(ctx, words, view, strengths, summary, domain, urgency, instrument, score):
    case_id, _ = once(ctx, registered_case)
    check(ctx, lambda: cases.save_assessment(
        ctx, case_id, held_on=date(2026, 11, 5), summary=summary,
        domains={domain: cases.DomainInput(words, view, urgency, strengths)},
        screenings=[cases.ScreeningInput(instrument, score)]))


@SETTINGS
@given(texts=st.lists(hostile, min_size=9, max_size=9), role=st.one_of(hostile, st.just("hope_cm")),
       case_type=st.one_of(hostile, st.just("집중")),
       next_in=st.one_of(st.none(), st.integers(-10**6, 10**6).map(lambda m: timedelta(minutes=m))))
def test_meeting(ctx, texts, role, case_type, next_in):
    # A progress check on an in-service case: every example can succeed (the stage does not move),
    # and it applies lead_agency and case_type to the case itself.
    case_id, _, _ = once(ctx, in_service_case)
    place, chair, minutes, advice, name, agency, issues, split, expert_field = texts
    held = datetime(2026, 11, 10, 9)
    check(ctx, lambda: meetings.record_meeting(
        ctx, kind=MeetingKind.INTERNAL, held_at=held, place=place, chair=chair,
        next_meeting_at=None if next_in is None else held + next_in,
        minutes=minutes, supervisor_advice=advice,
        attendees=[meetings.AttendeeInput(name, agency, role, field=expert_field)],
        decisions=[meetings.DecisionInput(case_id, SelectionOutcome.CONTINUE, household_summary=name, issues=issues,
                                          case_type=case_type, role_split=split, lead_agency=agency)]))


@SETTINGS
@given(texts=st.lists(hostile, min_size=6, max_size=6), cost=st.integers(-10, 10**7),
       domain=st.one_of(hostile, st.just("health")), how=st.one_of(hostile, st.just("전화")),
       informed=st.one_of(st.none(), st.dates(date(2026, 1, 1), date(2027, 12, 31))))
def test_plan_contact_closure(ctx, texts, cost, domain, how, informed):
    case_id, member, _ = once(ctx, in_service_case)
    goals, service, note, companion, evaluation, follow = texts
    check(ctx, lambda: cases.save_service_plan(ctx, case_id, made_on=date(2026, 11, 20), goals=goals,
                                               items=[cases.PlanItemInput(domain, service, cost=cost)]))
    check(ctx, lambda: cases.save_service_plan(ctx, case_id, made_on=date(2026, 11, 20), goals=goals,
                                               items=[cases.PlanItemInput(domain, service, cost=cost)],
                                               need_goals=[cases.PlanGoal(domain, note, follow, evaluation)]))
    check(ctx, lambda: cases.record_contact(ctx, case_id, occurred_at=datetime(2026, 11, 20, 10), kind=ContactKind.VISIT,
                                            note=note, companions=[cases.Companion(companion, "assistant")]))
    check(ctx, lambda: expenses.add_expense(ctx, case_id, category=ExpenseCategory.LIVING, amount=1000, spent_on=date(2026, 11, 20),
                                            note=note))
    check(ctx, lambda: cases.record_consent(ctx, case_id, member_id=member, kind=ConsentKind.THIRD_PARTY, agreed=True,
                                            recorded_on=date(2026, 11, 20), recipients=[companion],
                                            legal_representative=goals))
    check(ctx, lambda: cases.close_case(ctx, case_id, reason=ClosureReason.OTHER, evaluation=evaluation,
                                        closed_on=date(2026, 11, 21), follow_up_plan=follow,
                                        informed_on=informed, informed_how=how))


@SETTINGS
@given(purposes=st.lists(hostile, max_size=4), items=st.lists(hostile, max_size=4), rep=hostile,
       until=st.one_of(st.none(), st.dates(date(1900, 1, 1), date(2200, 12, 31))),
       how=st.one_of(st.none(), hostile, st.sampled_from(cases.CONSENT_WITHDRAWAL_METHODS)),
       withdrawn=st.dates(date(1900, 1, 1), date(2200, 12, 31)))
def test_consent_period_scope_and_withdrawal(ctx, purposes, items, rep, until, how, withdrawn):
    # A household with a child of 8: the legal representative's field is what decides, after cleaning.
    case_id, _ = once(ctx, lambda c: registered_case(c, members=(("한엄마", "880808-2000008", "본인"),
                                                                  ("한아이", "180101-4000001", "자녀"))))
    from app.services.views import case_file
    child = next(m.member_id for m in case_file.case_detail(ctx, case_id).household.members if m.name == "한아이")
    check(ctx, lambda: cases.record_consent(ctx, case_id, member_id=child, kind=ConsentKind.THIRD_PARTY, agreed=True,
                                            recorded_on=date(2026, 11, 20), legal_representative=rep,
                                            valid_until=until, purposes=purposes, items=items))
    with ctx.session() as s:
        from models.entities import Consent
        target = s.scalars(select(Consent.id).where(Consent.case_id == case_id, Consent.withdrawn_on.is_(None),
                                                    Consent.agreed.is_(True))).first()
    if target:
        check(ctx, lambda: cases.withdraw_consent(ctx, target, withdrawn, how))


def conditional_recipient_case(ctx):
    return registered_case(ctx, flags={"김민수": ["조건부수급"]})


@SETTINGS
@given(text=hostile, program=st.one_of(hostile, st.sampled_from(["self_support", "dream_start", "mental_health"])),
       tier=st.one_of(st.none(), hostile, st.sampled_from(["emergency", "crisis"])))
def test_search_referral_print_accounts(ctx, admin_ctx, text, program, tier):
    case_id, member = once(ctx, conditional_recipient_case)
    assert isinstance(queries.search_people(ctx, text[:100]), list)
    check(ctx, lambda: referrals.refer(ctx, case_id, member, program, date(2026, 11, 20), tier=tier))
    check(ctx, lambda: printing.consent_form(ctx, case_id, purpose=text))
    check(ctx, lambda: accounts.add_staff(admin_ctx, username=text, display_name=text, role=Role.CASE_MANAGER,
                                          password="long-enough-password", kdf=FAST_KDF))
    check(ctx, lambda: retention.destroy(admin_ctx, [case_id], approval_note=text))


def test_search_with_overlong_text_is_refused_cleanly(ctx):
    from app.services.errors import ValidationError
    with pytest.raises(ValidationError, match="100자"):
        queries.search_people(ctx, "가" * 101)


@SETTINGS
@given(text=hostile, password=hostile)
def test_backup_folder_setting_and_restore_path(admin_ctx, tmp_path, text, password):
    """The second backup folder (a setting) and a backup chosen for restore: a Korean refusal and
    nothing written, or a clean absolute folder that exists."""
    from app.services import backup
    check(admin_ctx, lambda: backup.set_second_folder(admin_ctx, text))
    chosen = backup.second_folder(admin_ctx)
    assert chosen is None or (chosen.is_absolute() and chosen.is_dir())
    before = table_counts(admin_ctx)
    for where in (text, str(tmp_path / "x")):
        try:
            backup.open_backup(where or ".", text or "admin", password, current=admin_ctx.store)
        except ServiceError as e:
            assert any("\uac00" <= ch <= "\ud7a3" for ch in str(e)), str(e)
    assert table_counts(admin_ctx) == before


@SETTINGS
@given(texts=st.lists(hostile, min_size=4, max_size=4))
def test_duplicate_check(ctx, texts):
    """Whatever is typed into a registration form, the duplicate check answers a list and writes
    nothing but its log row."""
    from app.services import duplicates
    once(ctx, registered_case)
    name, rrn, phone, address = texts
    before = table_counts(ctx)
    try:
        found = duplicates.find_duplicates(ctx, name=name, rrn=rrn, phone=phone, address=address)
        assert isinstance(found, list)
    except ServiceError as e:       # an overlong field: refused in Korean
        assert any("\uac00" <= ch <= "\ud7a3" for ch in str(e)), str(e)
    after = table_counts(ctx)
    assert {k: v for k, v in after.items() if k != "audit_log"} == {k: v for k, v in before.items() if k != "audit_log"}
