"""같은 사람 찾기: the same RRN through its keyed hash (no sealed number opened to compare), the same
name or 초성 with the birth date, the same phone, the same address; another team's client shown
without anything to reach them by."""
from __future__ import annotations

from sqlalchemy import text

from app.services import duplicates, households
from app.services.households import MemberInput

from .conftest import as_staff
from .workflow_helpers import household, registered_case


def test_the_same_rrn_is_found_through_its_keyed_hash(ctx, monkeypatch):
    hh, [member] = household(ctx)
    opened = []
    real_open = type(ctx.store.cipher).open
    monkeypatch.setattr(type(ctx.store.cipher), "open", lambda self, sealed: opened.append(1) or real_open(self, sealed))
    [hit] = duplicates.find_duplicates(ctx, name="김민쑤", rrn="900101-1234568")
    assert (hit.member_id, hit.reasons) == (member, (duplicates.SAME_RRN,))
    assert len(opened) == 1                      # the one queued number, hashed once
    opened.clear()
    duplicates.find_duplicates(ctx, name="김민쑤", rrn="900101-1234568")
    assert opened == []                          # afterwards: the hash alone
    with ctx.session() as s:
        [(digest, kind)] = s.execute(text("SELECT digest, key_kind FROM member_rrn_index")).all()
    assert "9001011234568" not in digest and len(digest) == 64


def test_name_initials_phone_and_address(ctx):
    hh, [member] = household(ctx)
    found = {c.member_id: c.reasons for c in duplicates.find_duplicates(
        ctx, name="김민수", rrn="900101-1234568", phone="010-1234-5678", address="서울 서대문구 연희로 1")}
    assert found[member] == (duplicates.SAME_RRN, duplicates.SAME_NAME_BIRTH, duplicates.SAME_PHONE,
                             duplicates.SAME_ADDRESS)
    from datetime import date
    [typo] = duplicates.find_duplicates(ctx, name="김민서", birth_date=date(1990, 1, 1))
    assert typo.reasons == (duplicates.SAME_INITIALS_BIRTH,)
    assert duplicates.find_duplicates(ctx, name="김민수", birth_date=date(1990, 1, 2)) == []
    assert duplicates.find_duplicates(ctx, name="김민수", rrn="900101-1234568", exclude_household=hh) == []


def test_a_changed_rrn_is_hashed_again_and_a_deleted_person_leaves_the_index(ctx):
    hh, [member] = household(ctx)
    assert duplicates.find_duplicates(ctx, rrn="900101-1234568")
    households.update_member(ctx, member, MemberInput(name="김민수", rrn="450505-1000006", relation="본인", is_head=True))
    assert duplicates.find_duplicates(ctx, rrn="900101-1234568") == []
    assert [c.member_id for c in duplicates.find_duplicates(ctx, rrn="450505-1000006")] == [member]


def test_another_teams_client_is_shown_without_number_phone_or_address(ctx, staff_ids):
    registered_case(ctx)                         # kim's client
    other = as_staff(ctx, staff_ids["lee"])       # a case manager of the other team
    [hit] = duplicates.find_duplicates(other, name="김민수", rrn="900101-1234568")
    assert not hit.readable and hit.case_no and (hit.rrn_masked, hit.phone, hit.address) == ("", "", "")


def test_half_typed_input_narrows_the_check_and_never_fails(ctx):
    household(ctx)
    for rrn in ("9001", "가나다", "900101-12345689999"):
        assert all(duplicates.SAME_RRN not in c.reasons for c in duplicates.find_duplicates(ctx, rrn=rrn))
    assert duplicates.find_duplicates(ctx, phone="010") == []
