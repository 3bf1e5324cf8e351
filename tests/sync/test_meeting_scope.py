"""Meeting minutes reach only the devices of staff who may see a case decided in the meeting;
the organisation scope takes only the listed entities."""
from __future__ import annotations

from app.sync.client import conflicts
from models.entities import Case, CaseShare, Meeting, MeetingAttendee, MeetingDecision, Staff

from ..workflow_helpers import ATTENDEES, selected_case
from .conftest import join
from .helpers import edit, local_ids
from .test_refusals import op, push


def test_minutes_go_only_where_a_decided_case_is_seen(hub, center, tmp_path, staff_ids):
    kim = join(hub, tmp_path, "kim")
    case_id, _ = selected_case(kim.ctx)
    with kim.ctx.session() as s:
        s.get(Meeting, next(iter(local_ids(kim.ctx, Meeting)))).supervisor_advice = "가족 갈등 주의"
    kim.sync()
    [meeting] = local_ids(kim.ctx, Meeting)
    lee = join(hub, tmp_path, "lee")     # 2팀, no case of 1팀
    park = join(hub, tmp_path, "park")   # 1팀 supervisor
    for cls in (Meeting, MeetingAttendee, MeetingDecision, Case):
        assert local_ids(lee.ctx, cls) == set(), cls
    assert local_ids(park.ctx, Meeting) == {meeting} and len(local_ids(park.ctx, MeetingAttendee)) == len(ATTENDEES)
    [(scope,)] = hub.query("SELECT DISTINCT scope FROM hub.record WHERE entity IN ('meeting', 'meeting_attendee')")
    assert scope == "mtg:" + meeting

    # Shared with 이사례: the meeting comes with the case; unshared, it goes again.
    admin = center["admin"]
    admin.sync()
    with admin.ctx.session() as s:
        s.add(CaseShare(case_id=case_id, staff_id=staff_ids["lee"]))
    admin.sync()
    lee.sync()
    assert local_ids(lee.ctx, Meeting) == {meeting} and len(local_ids(lee.ctx, MeetingAttendee)) == len(ATTENDEES)
    with admin.ctx.session() as s:
        from sqlalchemy import select
        s.delete(s.scalars(select(CaseShare).where(CaseShare.case_id == case_id)).one())
    admin.sync()
    report = lee.sync()
    assert "mtg:" + meeting in report.removed
    assert local_ids(lee.ctx, Meeting) == set() and local_ids(lee.ctx, MeetingAttendee) == set()

    # The case moves to 이사례: so do its minutes.
    edit(admin.ctx, Case, case_id, manager_id=staff_ids["lee"], team="2팀")
    admin.sync()
    assert "mtg:" + meeting in kim.sync().removed and local_ids(kim.ctx, Meeting) == set()
    lee.sync()
    assert local_ids(lee.ctx, Meeting) == {meeting}


def test_a_meeting_with_no_case_decided_yet_stays_with_whoever_recorded_it(hub, center, tmp_path):
    kim = join(hub, tmp_path, "kim")
    lee = join(hub, tmp_path, "lee")
    with kim.ctx.session() as s:
        from datetime import datetime
        from models.types import MeetingKind
        s.add(Meeting(center_id=kim.ctx.actor.center_id, kind=MeetingKind.INTEGRATED,
                      held_at=datetime(2026, 11, 10, 14), minutes="사례 없는 회의",
                      attendees=[MeetingAttendee(name="김사례", role="dong_cm")]))
    kim.sync()
    lee.sync()
    park = join(hub, tmp_path, "park")
    assert len(local_ids(kim.ctx, Meeting)) == 1 and len(local_ids(kim.ctx, MeetingAttendee)) == 1
    assert conflicts(kim.ctx) == []
    assert local_ids(lee.ctx, Meeting) == set() and local_ids(park.ctx, Meeting) == set()
    center["admin"].sync()
    assert local_ids(center["admin"].ctx, Meeting) == local_ids(kim.ctx, Meeting)


def test_only_listed_entities_may_be_written_in_the_organisation_scope(hub, center, tmp_path, staff_ids):
    kim = join(hub, tmp_path, "kim")
    center_id = kim.ctx.actor.center_id
    reply = push(kim, [
        op("staff", staff_ids["kim"], "update", role="admin"),                          # admin only
        op("center", name="가짜 센터", district="서대문구"),                              # admin only
        op("resource", center_id=center_id, provider="연희동 주민센터", service="도시락", domain="economy"),
        op("unknown_thing", center_id=center_id)])
    assert [r["status"] for r in reply["results"]] == ["denied", "denied", "applied", "invalid"]
    kim.sync()
    with kim.ctx.session() as s:
        assert s.get(Staff, staff_ids["kim"]).role.value == "case_manager"
    [(n,)] = hub.query("SELECT count(*) FROM hub.record WHERE entity IN ('center', 'unknown_thing') "
                       "AND fields->>'name' IS DISTINCT FROM %s", "서대문구 희망복지지원단")
    assert n == 0
