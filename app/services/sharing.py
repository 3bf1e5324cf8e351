"""Sharing a case with a colleague, and moving it to another case manager."""
from __future__ import annotations

from sqlalchemy import select

from models.entities import CaseShare, Staff
from models.types import Role

from .context import ServiceContext, audit
from .errors import NotFound, ValidationError


def _active_staff(s, staff_id: str) -> Staff:
    staff = s.get(Staff, staff_id)
    if staff is None or not staff.active:
        raise NotFound("직원")
    return staff


def share_case(ctx: ServiceContext, case_id: str, staff_id: str) -> None:
    with ctx.session() as s:
        case = ctx.load_case(s, case_id)
        staff = _active_staff(s, staff_id)
        if staff.role == Role.READ_ONLY:
            raise ValidationError("열람 전용 계정과는 사례를 공유할 수 없습니다.", "직원")
        exists = s.scalars(select(CaseShare).where(CaseShare.case_id == case.id, CaseShare.staff_id == staff.id)).first()
        if exists is None:
            s.add(CaseShare(case_id=case.id, staff_id=staff.id))
            audit(s, ctx, "share", "case_file", case.id, purpose="사례 공유")


def unshare_case(ctx: ServiceContext, case_id: str, staff_id: str) -> None:
    with ctx.session() as s:
        case = ctx.load_case(s, case_id)
        for row in s.scalars(select(CaseShare).where(CaseShare.case_id == case.id, CaseShare.staff_id == staff_id)):
            s.delete(row)
        audit(s, ctx, "update", "case_file", case.id, purpose="사례 공유 해제")


def reassign_case(ctx: ServiceContext, case_id: str, staff_id: str) -> None:
    """A supervisor or administrator gives the case to another case manager (of any team)."""
    ctx.require_role(Role.SUPERVISOR, Role.ADMIN)
    with ctx.session() as s:
        case = ctx.load_case(s, case_id)
        staff = _active_staff(s, staff_id)
        if staff.role != Role.CASE_MANAGER:
            raise ValidationError("사례는 사례관리자에게만 배정할 수 있습니다.", "직원")
        case.manager_id, case.team = staff.id, staff.team
        audit(s, ctx, "update", "case_file", case.id, purpose="담당자 변경")
