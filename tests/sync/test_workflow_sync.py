"""A real case walked through the workflow on one laptop reaches another laptop whole: every row,
with its parent ids, and both keep syncing afterwards."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from app.services import cases
from app.services.cases import DomainInput, ScreeningInput
from app.sync.client import conflicts, pending_changes
from app.sync.local import TABLES
from models.entities import (Assessment, AssessmentDomain, Case, Consent, Contact, Household, Intake, Meeting,
                             MeetingAttendee, MeetingDecision, Member, PlanItem, Screening, ServicePlan)

from ..workflow_helpers import in_service_case
from .conftest import join
from .helpers import contact, edit, get, hub_view, local_view

CASE_ENTITIES = (Household, Member, Case, Intake, Consent, Assessment, AssessmentDomain, Screening, Meeting,
                 MeetingAttendee, MeetingDecision, ServicePlan, PlanItem, Contact)


def rows_of(ctx) -> dict[str, dict[str, dict]]:
    """Every row of the case entities on a device: entity -> id -> column values."""
    out = {}
    with ctx.store.engine.connect() as conn:
        for cls in CASE_ENTITIES:
            table = TABLES[cls.__tablename__]
            out[cls.__tablename__] = {r["id"]: dict(r) for r in conn.execute(select(table)).mappings()}
    return out


def walk_case(ctx) -> dict[str, str]:
    """in_service_case (intake, consents, assessment with domains, meeting with attendees and a
    decision, plan with an item), then a reassessment with a screening and contacts."""
    case_id, member, plan = in_service_case(ctx)
    reassessment = cases.save_assessment(
        ctx, case_id, held_on=date(2026, 11, 15),
        domains={"economy": DomainInput(client_words="월세가 밀렸어요", urgency=3),
                 "health": DomainInput(worker_view="병원 동행 필요", urgency=2)},
        screenings=[ScreeningInput("PHQ-9", 12)])
    contact(ctx, case_id, "첫 상담")
    contact(ctx, case_id, "두 번째 방문")
    with ctx.session() as s:
        meeting = s.scalars(select(MeetingDecision.meeting_id).where(MeetingDecision.case_id == case_id)).one()
        assessments = set(s.scalars(select(Assessment.id).where(Assessment.case_id == case_id)))
    assert reassessment.assessment_id in assessments and len(assessments) == 2
    return {"case": case_id, "member": member, "assessments": assessments, "plan": plan, "meeting": meeting}


def test_a_case_walked_through_the_workflow_reaches_a_second_laptop_whole(hub, center, tmp_path):
    kim = join(hub, tmp_path, "kim")
    ids = walk_case(kim.ctx)
    report = kim.sync()
    assert report.conflicts == 0 and pending_changes(kim.ctx) == 0
    [(refused,)] = hub.query("SELECT count(*) FROM hub.applied_op WHERE status <> 'applied'")
    assert refused == 0

    park = join(hub, tmp_path, "park")   # 1팀 supervisor: sees 김's case
    mine, theirs = rows_of(kim.ctx), rows_of(park.ctx)
    for entity, rows in mine.items():
        assert rows, entity
        assert theirs[entity] == rows, entity
    # Parent ids, spelled out.
    assert {r["assessment_id"] for r in theirs["assessment_domain"].values()} == ids["assessments"]
    assert len(theirs["assessment_domain"]) == 3 + 2
    assert {r["assessment_id"] for r in theirs["screening"].values()} <= ids["assessments"]
    assert len(theirs["screening"]) == 1
    assert {r["plan_id"] for r in theirs["plan_item"].values()} == {ids["plan"]} and len(theirs["plan_item"]) == 1
    assert {r["meeting_id"] for r in theirs["meeting_attendee"].values()} == {ids["meeting"]}
    assert len(theirs["meeting_attendee"]) == 2
    [decision] = theirs["meeting_decision"].values()
    assert (decision["meeting_id"], decision["case_id"]) == (ids["meeting"], ids["case"])
    assert set(theirs["meeting"]) == {ids["meeting"]}
    assert {r["case_id"] for r in theirs["contact"].values()} == {ids["case"]}

    # Both keep working and syncing on the same case.
    [item] = theirs["plan_item"]
    [domain] = [i for i, r in mine["assessment_domain"].items() if r["domain"] == "health" and r["worker_view"]]
    edit(park.ctx, PlanItem, item, cost=50000)
    contact(park.ctx, ids["case"], "팀장 확인 전화")
    edit(kim.ctx, AssessmentDomain, domain, worker_view="긴급지원 신청함")
    contact(kim.ctx, ids["case"], "세 번째 방문")
    for d in (kim, park, kim, park):
        d.sync()
    for d in (kim, park):
        assert conflicts(d.ctx) == [] and pending_changes(d.ctx) == 0
        assert local_view(d.ctx) == hub_view(hub, d.ctx.actor.staff_id)
        assert get(d.ctx, PlanItem, item).cost == 50000
        assert get(d.ctx, AssessmentDomain, domain).worker_view == "긴급지원 신청함"
        with d.ctx.session() as s:
            assert len(s.scalars(select(Contact.id).where(Contact.case_id == ids["case"])).all()) == 4
    assert rows_of(kim.ctx) == rows_of(park.ctx)
