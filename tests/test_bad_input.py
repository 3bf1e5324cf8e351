"""Bad input gets a clear Korean error and changes nothing; text is stored NFC and clean."""
from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import func, select

from app.services import cases, households
from app.services.errors import ServiceError, ValidationError
from app.services.households import MemberInput
from models.entities import AuditLog, Household, Intake, Member, Outbox

from .conftest import dong_id
from .workflow_helpers import household, intake_case


def counts(ctx) -> tuple[int, ...]:
    with ctx.session() as s:
        return tuple(s.scalar(select(func.count()).select_from(t)) for t in (Household, Member, Outbox, AuditLog))


def test_nfd_names_are_stored_nfc_and_found(ctx):
    nfd = unicodedata.normalize("NFD", "김민수")
    assert nfd != "김민수"
    hh, [member] = household(ctx, members=((nfd, "900101-1234568", "본인"),))
    with ctx.session() as s:
        m = s.get(Member, member)
        assert m.name == "김민수" and m.name_initials == "ㄱㅁㅅ"
    from app.services.queries import search_people
    assert [h.name for h in search_people(ctx, unicodedata.normalize("NFD", "민수"))] == ["김민수"]


def test_control_and_zero_width_characters_are_removed(ctx):
    hh, [member] = household(ctx, members=(("김\u200b민\u0000수\u202e", "", "본인"),))
    with ctx.session() as s:
        assert s.get(Member, member).name == "김민수"


@pytest.mark.parametrize("bad", [
    dict(name=""), dict(name="   \u200b "), dict(name="가" * 51), dict(rrn="900101-12345"),
    dict(rrn="991399-1234567"), dict(phone="12"), dict(phone="전화없음입니다만"), dict(flags=["없는특성"]),
])
def test_bad_member_input_changes_nothing(ctx, bad):
    hh = households.create_household(ctx, dong_id=dong_id(ctx), address="서울 서대문구 연희로 1")
    before = counts(ctx)
    data = MemberInput(name="김민수")
    for k, v in bad.items():
        setattr(data, k, v)
    with pytest.raises(ValidationError) as info:
        households.add_member(ctx, hh, data)
    assert any("\uac00" <= ch <= "\ud7a3" for ch in str(info.value))
    assert counts(ctx) == before


def test_sql_and_path_fragments_are_stored_as_text(ctx):
    text = "'; DROP TABLE member; -- ../../etc/passwd C:\\Windows\\system32 %s {0}"
    case_id, _ = intake_case(ctx)
    hh = households.create_household(ctx, dong_id=dong_id(ctx), address=text)
    with ctx.session() as s:
        assert s.get(Household, hh).address == text
        assert s.scalar(select(func.count()).select_from(Member)) == 1


def test_too_long_text_is_refused_whole(ctx):
    hh, [member] = household(ctx)
    before = counts(ctx)
    with pytest.raises(ValidationError, match="4000자 이내"):
        cases.open_intake(ctx, household_id=hh, primary_member_id=member, held_on=date(2026, 11, 1),
                          referral_source="본인", presenting_problems="가" * 4001)
    assert counts(ctx) == before
    with ctx.session() as s:
        assert s.scalars(select(Intake)).all() == []


def test_dates_in_the_future_are_refused(ctx):
    hh, [member] = household(ctx)
    with pytest.raises(ValidationError, match="오늘 이후"):
        cases.open_intake(ctx, household_id=hh, primary_member_id=member, held_on=date(2027, 1, 1),
                          referral_source="본인", presenting_problems="문제")


def test_member_of_another_household_cannot_be_primary(ctx):
    hh1, [m1] = household(ctx)
    hh2, [m2] = household(ctx)
    with pytest.raises(ValidationError, match="이 가구의 구성원"):
        cases.open_intake(ctx, household_id=hh1, primary_member_id=m2, held_on=date(2026, 11, 1),
                          referral_source="본인", presenting_problems="문제")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.text(max_size=80), rrn=st.text(max_size=20), phone=st.text(max_size=25))
def test_arbitrary_member_input_is_saved_clean_or_refused_whole(ctx, name, rrn, phone):
    hh = households.create_household(ctx, dong_id=dong_id(ctx), address="서울 서대문구 연희로 1")
    before = counts(ctx)
    try:
        member, _ = households.add_member(ctx, hh, MemberInput(name=name, rrn=rrn, phone=phone))
    except ServiceError:
        assert counts(ctx) == before
        return
    with ctx.session() as s:
        m = s.get(Member, member)
        assert m.name and unicodedata.is_normalized("NFC", m.name)
        assert not any(unicodedata.category(c) in ("Cc", "Cf") for c in m.name)
        assert m.rrn_sealed is None or len(m.rrn_masked) == 14


def test_outbox_row_commits_with_its_change_or_not_at_all(ctx):
    hh, [member] = household(ctx)
    with ctx.session() as s:
        before = s.scalar(select(func.count()).select_from(Outbox))
    with pytest.raises(RuntimeError):
        with ctx.store.session() as s:
            s.get(Member, member).phone = "010-9999-9999"
            s.flush()
            assert s.scalar(select(func.count()).select_from(Outbox)) == before + 1
            raise RuntimeError("crash between the write and the commit")
    with ctx.session() as s:
        assert s.scalar(select(func.count()).select_from(Outbox)) == before
        assert s.get(Member, member).phone == "010-1234-5678"
    with ctx.session() as s:
        s.get(Member, member).phone = "010-9999-9999"
    with ctx.session() as s:
        last = s.scalars(select(Outbox).order_by(Outbox.seq.desc())).first()
        assert last.op == "update" and last.changes == {"phone": ["010-1234-5678", "010-9999-9999"]}
        assert last.base_version == 1 and s.get(Member, member).version == 2


def test_meeting_decision_text_is_cleaned_before_it_reaches_the_case(ctx):
    """Found by the hostile-input suite: the lead agency went onto the case uncleaned."""
    from datetime import datetime
    from app.services import meetings
    from models.entities import Case
    from models.types import MeetingKind, SelectionOutcome
    from .workflow_helpers import ATTENDEES, in_service_case
    case_id, _, _ = in_service_case(ctx)
    meetings.record_meeting(ctx, kind=MeetingKind.INTERNAL, held_at=datetime(2026, 11, 20, 9), attendees=ATTENDEES,
                            decisions=[meetings.DecisionInput(case_id, SelectionOutcome.CONTINUE,
                                                              lead_agency="연희\x04종합\u200b사회복지관 ")])
    with ctx.session() as s:
        assert s.get(Case, case_id).lead_agency == "연희종합사회복지관"


def test_children_added_through_a_relationship_travel_with_their_parent_id(ctx):
    """Found in review: domains, screenings, plan items and meeting rows reached the outbox with a
    null parent id, so no other device could place them."""
    from .workflow_helpers import in_service_case
    in_service_case(ctx)
    with ctx.session() as s:
        for entity, fk in (("assessment_domain", "assessment_id"), ("plan_item", "plan_id"),
                           ("meeting_attendee", "meeting_id"), ("meeting_decision", "meeting_id")):
            rows = s.scalars(select(Outbox).where(Outbox.entity == entity, Outbox.op == "insert")).all()
            assert rows, entity
            assert all(r.changes[fk][1] for r in rows), entity
