"""Retention and destruction (개인정보 파기).

Personal data is kept until N years after closure (the consent form says 5; the period is a center
setting, per record type). Cases past it are listed; a supervisor or administrator approves; the
case, its household and every record about them are deleted with secure_delete on, the outbox rows
that carried their values are purged, and the file is VACUUMed and the WAL truncated so no old page
keeps the data. The destruction is logged by case id and count only, never by what was destroyed.

Destruction reaches the hub and every other device: `destroy` also records one outbox operation
'destroy' per case and then per household (ids only). The hub deletes them and every device that
holds them removes them at its next pull (app.sync.local.remove_scope, with the same purge); a sync
file carries the operation to devices of a center without a server (app.sync.syncfile).
"""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Iterable

from sqlalchemy import delete, func, not_, or_, select, text
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from models.entities import (Assessment, AssessmentDomain, AuditLog, Case, CaseShare, Center, Closure, Consent,
                             Contact, Expense, FollowUp, Household, Intake, MeetingDecision, Member, Meta, Outbox,
                             PlanItem, Referral, Screening, ServicePlan)
from models.sync_models import NoteVersion, SyncConflict, SyncFileOp, SyncRow
from models.types import Role, Stage

from .context import ServiceContext, audit
from .errors import ValidationError
from .hangul import clean_text
from .queries import visible_cases
from .rrn import years_after
from .settings import effective_settings

FINISHED_STAGES = (Stage.CLOSED, Stage.FOLLOW_UP, Stage.ENDED, Stage.NOT_SELECTED, Stage.LINKED,
                   Stage.REFERRED_OUT)
DESTROY_OP = "destroy"                       # the outbox operation that carries a destruction
DESTROYED_KEY = "retention.destroyed_ids"    # meta: ids destroyed here (a sync file must not bring them back)
_CHUNK = 500


def _years(settings: dict, record_type: str) -> int:
    value = settings["retention_years"]
    return value.get(record_type, value.get("case", 5)) if isinstance(value, dict) else int(value)


def _chunks(ids: Iterable[str]) -> Iterable[list[str]]:
    ids = list(ids)
    for start in range(0, len(ids), _CHUNK):
        yield ids[start:start + _CHUNK]


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
        cutoff = years_after(ctx.today(), -_years(ctx.center_settings(s), "case"))
        recent = select(Case.household_id).where(or_(Case.closed_on.is_(None), Case.closed_on > cutoff))
        query = (select(Case.id, Case.case_no, Case.closed_on, Case.stage)
                 .where(Case.stage.in_(FINISHED_STAGES), Case.closed_on <= cutoff, Case.household_id.not_in(recent))
                 .order_by(Case.closed_on))
        if ctx.actor.role != Role.ADMIN:
            # A supervisor decides for the cases they may see, whole households only (a shared or
            # office PC holds other teams' cases too).
            unseen = select(Case.household_id).where(not_(visible_cases(ctx)))
            query = query.where(visible_cases(ctx), Case.household_id.not_in(unseen))
        return [DestructionCandidate(*r) for r in s.execute(query).all()]


def past_retention(db, ctx: ServiceContext, case_ids: Iterable[str]) -> set[str]:
    """Those of these cases that are finished and past the retention period here (`db`: a session
    or a connection). A destruction that arrives from elsewhere is applied only to those."""
    raw = db.execute(select(Center.settings).where(Center.id == ctx.actor.center_id)).scalar()
    settings = effective_settings(None)
    settings.update(raw or {})
    cutoff = years_after(ctx.today(), -_years(settings, "case"))
    return set(db.scalars(select(Case.id).where(Case.id.in_(list(case_ids)), Case.stage.in_(FINISHED_STAGES),
                                                Case.closed_on <= cutoff)))


def _household_siblings(s, case_ids: list[str]) -> list[str]:
    """Case numbers of other cases on the same households that are not being destroyed."""
    households = select(Case.household_id).where(Case.id.in_(case_ids))
    return list(s.scalars(select(Case.case_no).where(Case.household_id.in_(households), Case.id.not_in(case_ids))))


def destroyed_ids(db) -> set[str]:
    raw = db.execute(select(Meta.value).where(Meta.key == DESTROYED_KEY)).scalar()
    return set(json.loads(raw)) if raw else set()


def remember_destroyed(db, ids: Iterable[str]) -> None:
    known = destroyed_ids(db)
    ids = set(ids)
    if ids <= known:
        return
    value = json.dumps(sorted(known | ids))
    stmt = sqlite_insert(Meta.__table__).values(key=DESTROYED_KEY, value=value)
    db.execute(stmt.on_conflict_do_update(index_elements=["key"], set_={"value": value}))


def _names_any(values, ids: set[str]) -> bool:
    """Whether a kept value (a field's value, or a record's values) is or holds one of these ids."""
    if isinstance(values, dict):
        return any(isinstance(v, str) and v in ids for v in values.values())
    return isinstance(values, str) and values in ids


def purge(db, case_ids: Iterable[str], household_ids: Iterable[str]) -> tuple[int, set[str]]:
    """Delete these cases with every record about them, these households with their members, and
    every local copy of their values kept for sync. `db` is a session or a connection; no access
    check here (the callers decide). Returns (rows deleted, ids destroyed)."""
    case_ids, household_ids = list(case_ids), list(household_ids)
    assessment_ids = set(db.scalars(select(Assessment.id).where(Assessment.case_id.in_(case_ids))))
    plan_ids = set(db.scalars(select(ServicePlan.id).where(ServicePlan.case_id.in_(case_ids))))
    contact_ids = set(db.scalars(select(Contact.id).where(Contact.case_id.in_(case_ids))))
    # Children first (foreign keys are enforced in a session); every deleted id is remembered so
    # that the copies of its values kept for sync can be purged too.
    targets = [
        (AssessmentDomain, AssessmentDomain.assessment_id.in_(assessment_ids)),
        (Screening, Screening.assessment_id.in_(assessment_ids)),
        (Assessment, Assessment.id.in_(assessment_ids)),
        (PlanItem, PlanItem.plan_id.in_(plan_ids)),
        (ServicePlan, ServicePlan.id.in_(plan_ids)),
        *((t, t.case_id.in_(case_ids)) for t in (Intake, Contact, Referral, Consent, Closure, FollowUp, Expense,
                                                   CaseShare, MeetingDecision)),
        (Case, Case.id.in_(case_ids)),
        (Member, Member.household_id.in_(household_ids)),
        (Household, Household.id.in_(household_ids)),
    ]
    destroyed: set[str] = set(case_ids) | set(household_ids)
    deleted = 0
    for table, condition in targets:
        destroyed |= set(db.scalars(select(table.id).where(condition)))
        deleted += db.execute(delete(table).where(condition)).rowcount
    # The outbox, sync conflicts, note versions and relayed sync-file operations hold copies of the
    # destroyed values: they go too. 'destroy' operations hold ids only and are kept to be passed on.
    scopes = case_ids + ["hh:" + h for h in household_ids]
    for chunk in _chunks(destroyed):
        db.execute(delete(Outbox).where(Outbox.entity_id.in_(chunk), Outbox.op != DESTROY_OP))
        db.execute(delete(SyncConflict).where(SyncConflict.record_id.in_(chunk)))
        db.execute(delete(SyncRow).where(SyncRow.record_id.in_(chunk)))
        db.execute(delete(SyncFileOp).where(func.json_extract(SyncFileOp.payload, "$.entity_id").in_(chunk),
                                            func.json_extract(SyncFileOp.payload, "$.op") != DESTROY_OP))
    db.execute(delete(SyncConflict).where(SyncConflict.scope.in_(scopes)))
    # A refused change kept in its author's own scope may carry a destroyed case or household id.
    stale = [cid for cid, *values in db.execute(select(SyncConflict.id, SyncConflict.base_value,
                                                       SyncConflict.hub_value, SyncConflict.device_value))
             if any(_names_any(v, destroyed) for v in values)]
    for chunk in _chunks(stale):
        db.execute(delete(SyncConflict).where(SyncConflict.id.in_(chunk)))
    for chunk in _chunks(contact_ids):
        db.execute(delete(NoteVersion).where(NoteVersion.contact_id.in_(chunk)))
    db.execute(delete(NoteVersion).where(NoteVersion.case_id.in_(case_ids)))
    remember_destroyed(db, destroyed)
    return deleted, destroyed


def secure_purge(conn) -> None:
    """Rewrite the file so no freed page holds deleted data, then empty the WAL (outside any
    transaction). secure_delete already zeroes deleted cells; VACUUM also leaves no free page."""
    conn.execute(text("VACUUM"))
    conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))


def destroy(ctx: ServiceContext, case_ids: list[str], *, approval_note: str) -> int:
    """Destroy the listed cases with their households (each must still be a candidate, and every
    case of a household goes together). Returns the number of records deleted."""
    ctx.require_role(Role.ADMIN, Role.SUPERVISOR)
    note = clean_text(approval_note, field="승인 사유", max_len=200, required=True)
    allowed = {c.case_id for c in destruction_candidates(ctx)}
    if not case_ids or not set(case_ids) <= allowed:
        raise ValidationError("보존기간이 지나지 않았거나 목록에 없는 사례는 파기할 수 없습니다.", "사례")
    case_ids = list(dict.fromkeys(case_ids))
    with ctx.session() as s:
        siblings = _household_siblings(s, case_ids)
        if siblings:
            raise ValidationError("같은 가구의 다른 사례도 함께 파기해야 합니다: " + ", ".join(siblings), "사례")
        household_ids = sorted(set(s.scalars(select(Case.household_id).where(Case.id.in_(case_ids)))))
        deleted, _ = purge(s, case_ids, household_ids)
        # The hub and every other device destroy them too: cases first (the hub keeps a household
        # while a case of it is left). Ids and the approver only: the approval note may name
        # someone, so it stays in this device's access log.
        for entity, ids in (("case_file", case_ids), ("household", household_ids)):
            for record_id in ids:
                s.add(Outbox(op_id=str(uuid.uuid4()), entity=entity, entity_id=record_id, op=DESTROY_OP,
                             base_version=0, changes={"approved_by": [None, ctx.actor.staff_id]}))
        for case_id in case_ids:
            audit(s, ctx, "destroy", "case_file", case_id, purpose=f"보존기간 경과 파기 승인: {note[:100]}")
    with ctx.store.engine.connect() as conn:
        secure_purge(conn)
    return deleted


def expired_audit_rows(ctx: ServiceContext) -> int:
    """Access-log rows older than the log's retention (at least two years): reported, never
    silently deleted (removing them would break the hash chain)."""
    with ctx.session() as s:
        years = max(2, _years(ctx.center_settings(s), "audit_log"))
        cutoff = years_after(ctx.today(), -years)
        return s.scalar(select(func.count()).select_from(AuditLog).where(func.date(AuditLog.at) < cutoff.isoformat()))
