"""Retention and destruction (개인정보 파기).

Personal data is kept until N years after closure (the consent form says 5; the period is a center
setting, per record type). Cases past it are listed; a supervisor or administrator approves; the
case, its household and every record about them are deleted with secure_delete on, the outbox rows
that carried their values are purged, and the file is VACUUMed and the WAL truncated so no old page
keeps the data. The destruction is logged by case id and count only, never by what was destroyed.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, func, or_, select, text

from models.entities import (Assessment, AssessmentDomain, AuditLog, Case, CaseShare, Closure, Consent, Contact,
                             Expense, FollowUp, Household, Intake, MeetingDecision, Member, Outbox, PlanItem,
                             Referral, Screening, ServicePlan)
from models.sync_models import NoteVersion, SyncConflict, SyncFileOp, SyncRow
from models.types import Role, Stage

from .context import ServiceContext, audit
from .errors import ValidationError
from .hangul import clean_text

FINISHED_STAGES = (Stage.CLOSED, Stage.FOLLOW_UP, Stage.ENDED, Stage.NOT_SELECTED, Stage.LINKED,
                   Stage.REFERRED_OUT)


def _years(settings: dict, record_type: str) -> int:
    value = settings["retention_years"]
    return value.get(record_type, value.get("case", 5)) if isinstance(value, dict) else int(value)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


@dataclass(frozen=True)
class DestructionCandidate:
    case_id: str
    case_no: str
    closed_on: date
    stage: Stage


def destruction_candidates(ctx: ServiceContext) -> list[DestructionCandidate]:
    """Cases whose household has no case newer than the retention period (a household with a
    later, still-kept case is kept whole)."""
    ctx.require_role(Role.ADMIN, Role.SUPERVISOR)
    with ctx.session() as s:
        cutoff = _years_before(ctx.today(), _years(ctx.center_settings(s), "case"))
        recent = select(Case.household_id).where(or_(Case.closed_on.is_(None), Case.closed_on > cutoff))
        rows = s.execute(select(Case.id, Case.case_no, Case.closed_on, Case.stage)
                         .where(Case.stage.in_(FINISHED_STAGES), Case.closed_on <= cutoff,
                                Case.household_id.not_in(recent))
                         .order_by(Case.closed_on)).all()
        return [DestructionCandidate(*r) for r in rows]


def _household_siblings(s, case_ids: list[str]) -> list[str]:
    """Case numbers of other cases on the same households that are not being destroyed."""
    households = select(Case.household_id).where(Case.id.in_(case_ids))
    return list(s.scalars(select(Case.case_no).where(Case.household_id.in_(households), Case.id.not_in(case_ids))))


def destroy(ctx: ServiceContext, case_ids: list[str], *, approval_note: str) -> int:
    """Destroy the listed cases with their households (each must still be a candidate, and every
    case of a household goes together). Returns the number of records deleted."""
    ctx.require_role(Role.ADMIN, Role.SUPERVISOR)
    note = clean_text(approval_note, field="승인 사유", max_len=200, required=True)
    allowed = {c.case_id for c in destruction_candidates(ctx)}
    if not case_ids or not set(case_ids) <= allowed:
        raise ValidationError("보존기간이 지나지 않았거나 목록에 없는 사례는 파기할 수 없습니다.", "사례")
    deleted = 0
    with ctx.session() as s:
        siblings = _household_siblings(s, case_ids)
        if siblings:
            raise ValidationError("같은 가구의 다른 사례도 함께 파기해야 합니다: " + ", ".join(siblings), "사례")
        household_ids = set(s.scalars(select(Case.household_id).where(Case.id.in_(case_ids))))
        member_ids = set(s.scalars(select(Member.id).where(Member.household_id.in_(household_ids))))
        assessment_ids = set(s.scalars(select(Assessment.id).where(Assessment.case_id.in_(case_ids))))
        plan_ids = set(s.scalars(select(ServicePlan.id).where(ServicePlan.case_id.in_(case_ids))))
        contact_ids = set(s.scalars(select(Contact.id).where(Contact.case_id.in_(case_ids))))
        # Children first (foreign keys are enforced); every deleted id is remembered so that the
        # copies of its values kept for sync can be purged too.
        targets = [
            (AssessmentDomain, AssessmentDomain.assessment_id.in_(assessment_ids)),
            (Screening, Screening.assessment_id.in_(assessment_ids)),
            (Assessment, Assessment.id.in_(assessment_ids)),
            (PlanItem, PlanItem.plan_id.in_(plan_ids)),
            (ServicePlan, ServicePlan.id.in_(plan_ids)),
            *((t, t.case_id.in_(case_ids)) for t in (Intake, Contact, Referral, Consent, Closure, FollowUp, Expense,
                                                       CaseShare, MeetingDecision)),
            (Case, Case.id.in_(case_ids)),
            (Member, Member.id.in_(member_ids)),
            (Household, Household.id.in_(household_ids)),
        ]
        destroyed_ids: set[str] = set()
        for table, condition in targets:
            destroyed_ids |= set(s.scalars(select(table.id).where(condition)))
            deleted += s.execute(delete(table).where(condition)).rowcount
        # The outbox, sync conflicts, note versions and relayed sync-file operations hold copies
        # of the destroyed values: they go too.
        s.execute(delete(Outbox).where(Outbox.entity_id.in_(destroyed_ids)))
        s.execute(delete(SyncConflict).where(SyncConflict.record_id.in_(destroyed_ids)))
        s.execute(delete(SyncRow).where(SyncRow.record_id.in_(destroyed_ids)))
        s.execute(delete(NoteVersion).where(NoteVersion.contact_id.in_(contact_ids) | NoteVersion.case_id.in_(case_ids)))
        s.execute(delete(SyncFileOp).where(func.json_extract(SyncFileOp.payload, "$.entity_id").in_(destroyed_ids)))
        for case_id in case_ids:
            audit(s, ctx, "destroy", "case_file", case_id, purpose=f"보존기간 경과 파기 승인: {note[:100]}")
    # Rewrite the file so no freed page holds the data, then empty the WAL.
    with ctx.store.engine.connect() as conn:
        conn.execute(text("VACUUM"))
        conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    return deleted


def expired_audit_rows(ctx: ServiceContext) -> int:
    """Access-log rows older than the log's retention (at least two years): reported, never
    silently deleted (removing them would break the hash chain)."""
    with ctx.session() as s:
        years = max(2, _years(ctx.center_settings(s), "audit_log"))
        cutoff = _years_before(ctx.today(), years)
        return s.scalar(select(func.count()).select_from(AuditLog).where(func.date(AuditLog.at) < cutoff.isoformat()))
