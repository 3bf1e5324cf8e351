"""The district-scale generator at a tiny scale (500 persons): shapes, stage consistency, determinism,
and person search checked against a brute-force scan of the same rows."""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.services import accounts, queries

from app.services.views import home
from app.devtools.district import build_district, case_history
from app.services.hangul import initials
from models.entities import (Assessment, Case, Closure, Consent, Contact, Intake, Meeting, MeetingDecision, Member,
                             Outbox, ServicePlan)
from models.types import ConsentKind, IntakeDecision, MeetingKind, SelectionOutcome, Stage

from .conftest import FAST_KDF

TODAY = date(2026, 11, 23)
PASSWORD = "district-password-1"


def _build(path: Path, seed: int = 11):
    return build_district(path, persons=500, seed=seed, today=TODAY, kdf=FAST_KDF, password=PASSWORD)


@pytest.fixture(scope="module")
def district(tmp_path_factory):
    path = tmp_path_factory.mktemp("district") / "district.db"
    summary = _build(path)
    ctx = accounts.sign_in(path, "admin", PASSWORD, counter=_counter(path.parent))
    yield summary, ctx
    ctx.store.close()


def _counter(where: Path):
    from app.devtools.bench import _counter
    return _counter(where)


def test_sizes(district):
    summary, ctx = district
    assert summary.persons == 500 and summary.cases == 100
    assert 2000 <= summary.contacts <= 3000  # five notes per person, shared among the cases
    with ctx.session() as s:
        assert s.scalar(select(func.count()).select_from(Member)) == 500
        # Bulk rows stand for data already in step with the hub: no outbox rows (set-up rows have theirs).
        assert s.scalar(select(func.count()).select_from(Outbox)
                        .where(Outbox.entity.in_(("member", "household", "case_file", "contact")))) == 0
        stages = set(s.scalars(select(Case.stage)))
        numbers = list(s.scalars(select(Case.case_no)))
    assert len(set(numbers)) == len(numbers)
    assert all(re.fullmatch(r"\d{4}-[A-HJ-NP-Z]{3}-\d{4}", n) for n in numbers)  # as cases.next_case_no
    assert {Stage.INTAKE, Stage.REGISTERED, Stage.ASSESSED, Stage.IN_SERVICE, Stage.CLOSED} <= stages


def test_people_have_the_shapes_the_services_give(district):
    _summary, ctx = district
    with ctx.session() as s:
        members = s.scalars(select(Member)).all()
    for m in members:
        assert unicodedata.is_normalized("NFC", m.name)
        assert m.name_initials == initials(m.name)
        assert m.phone_digits == "".join(ch for ch in m.phone if ch.isdigit())
        digits = ctx.store.cipher.open(m.rrn_sealed)
        assert digits[:6] == m.rrn_front and m.rrn_masked == f"{digits[:6]}-{digits[6]}******"
        assert m.birth_date.strftime("%y%m%d") == m.rrn_front


def test_every_case_is_consistent_with_its_stage(district):
    _summary, ctx = district
    with ctx.session() as s:
        cases = s.scalars(select(Case)).all()
        intakes = {i.case_id: i for i in s.scalars(select(Intake))}
        consents = {c.case_id for c in s.scalars(select(Consent).where(Consent.kind == ConsentKind.COLLECTION_USE,
                                                                         Consent.agreed.is_(True)))}
        assessed = {a.case_id for a in s.scalars(select(Assessment))}
        decisions = Counter((d.case_id, d.outcome, k) for d, k in s.execute(
            select(MeetingDecision, Meeting.kind).join(Meeting, Meeting.id == MeetingDecision.meeting_id)))
        agreed = {p.case_id for p in s.scalars(select(ServicePlan).where(ServicePlan.agreed_on.is_not(None)))}
        closures = {c.case_id: c for c in s.scalars(select(Closure))}
        contacts = s.execute(select(Contact.case_id, func.min(Contact.occurred_at), func.max(Contact.occurred_at),
                                    func.count()).group_by(Contact.case_id)).all()
    by_id = {c.id: c for c in cases}
    registered = {Stage.REGISTERED, Stage.ASSESSED, Stage.SELECTED, Stage.NOT_SELECTED, Stage.LINKED,
                  Stage.REFERRED_OUT, Stage.IN_SERVICE, Stage.CLOSED, Stage.FOLLOW_UP}
    served = {Stage.IN_SERVICE, Stage.CLOSED, Stage.FOLLOW_UP}
    for c in cases:
        ended_at_intake = c.stage == Stage.ENDED and intakes[c.id].decision != IntakeDecision.CASE_MANAGEMENT
        if c.stage in registered or (c.stage == Stage.ENDED and not ended_at_intake):
            assert c.id in consents and intakes[c.id].decision == IntakeDecision.CASE_MANAGEMENT
            if c.stage != Stage.REGISTERED:
                assert c.id in assessed
        if c.stage in served or (c.stage == Stage.ENDED and not ended_at_intake):
            assert decisions[(c.id, SelectionOutcome.SELECTED, MeetingKind.INTEGRATED)] == 1
            assert c.case_type and c.id in agreed
        if c.stage in (Stage.CLOSED, Stage.FOLLOW_UP) or (c.stage == Stage.ENDED and not ended_at_intake):
            assert c.id in closures and closures[c.id].closed_on == c.closed_on
            assert decisions[(c.id, SelectionOutcome.CLOSE, MeetingKind.CLOSURE)] == 1
        if c.stage == Stage.INTAKE:
            assert intakes[c.id].decision is None and c.closed_on is None
        assert c.opened_on <= TODAY and (c.closed_on is None or c.opened_on <= c.closed_on <= TODAY)
    for case_id, first, last, _n in contacts:
        case = by_id[case_id]
        assert case.opened_on <= first.date() and last.date() <= (case.closed_on or TODAY)
    assert all(by_id[cid].stage in served | {Stage.ENDED} for cid, *_ in contacts
               if by_id[cid].stage not in (Stage.INTAKE, Stage.REGISTERED, Stage.ASSESSED, Stage.SELECTED))
    in_service = [c.id for c in cases if c.stage == Stage.IN_SERVICE]
    assert in_service and all(any(cid == c for cid, *_ in contacts) for c in in_service)


def test_deterministic_by_seed(district, tmp_path):
    _summary, ctx = district
    again = tmp_path / "again.db"
    _build(again)
    other = accounts.sign_in(again, "admin", PASSWORD, counter=_counter(tmp_path))
    try:
        def fingerprint(c):
            with c.session() as s:
                return (s.execute(select(Case.id, Case.case_no, Case.stage, Case.opened_on).order_by(Case.case_no)).all(),
                        s.execute(select(Member.id, Member.name, Member.rrn_front).order_by(Member.id)).all())
        assert fingerprint(ctx) == fingerprint(other)
    finally:
        other.store.close()


def test_services_work_on_the_generated_data(district):
    _summary, ctx = district
    with ctx.session() as s:
        case_id = s.scalars(select(Case.id).where(Case.stage == Stage.IN_SERVICE).order_by(Case.case_no)).first()
    detail = case_history(ctx, case_id)
    assert detail.contacts and detail.plans and detail.assessments and detail.decisions and detail.consents
    assert detail.household.members and detail.intake is not None
    assert home.awaiting_reply_rows(ctx) is not None and queries.monitoring_due(ctx) is not None
    staff = accounts.sign_in(ctx.store.path, "staff001", PASSWORD, counter=_counter(ctx.store.path.parent))
    try:
        assert queries.my_cases(staff)
    finally:
        staff.store.close()


def test_search_matches_a_brute_force_scan(district):
    _summary, ctx = district
    with ctx.session() as s:
        rows = s.execute(select(Member.id, Member.name, Member.name_initials, Member.phone_digits,
                                Member.rrn_front)).all()
    names = sorted({r.name for r in rows})
    phones = [r.phone_digits for r in rows if r.phone_digits]
    checks = [names[0], names[len(names) // 2][1:], names[-1][:1], initials(names[3]), initials(names[7])[:2],
              phones[5][-4:], phones[9][3:7], rows[9].rrn_front, rows[9].rrn_front[:4]]
    for q in checks:
        if "\u3131" <= q[0] <= "\u314e":
            want = {r.id for r in rows if r.name_initials.startswith(q)}
        elif q.isdigit():
            want = {r.id for r in rows if (len(q) >= 3 and q in r.phone_digits) or r.rrn_front.startswith(q)}
        else:
            want = {r.id for r in rows if q in r.name}
        hits = queries.search_people(ctx, q, limit=1000)
        by_name = {h.member_id for h in hits if q in h.name} if not q.isdigit() and q[0] >= "가" else None
        if by_name is not None:
            assert by_name == want, q  # name hits (address and 동 hits come on top)
        else:
            assert {h.member_id for h in hits} == want, q
        assert len(queries.search_people(ctx, q, limit=3)) == min(3, len(hits))
