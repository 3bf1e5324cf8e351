"""The sync status line and the conflict inbox."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from models.entities import Case, Dong, Member, Staff

from ..context import ServiceContext

# --- sync: status line and the conflict inbox -------------------------------------------------


@dataclass(frozen=True)
class SyncStatus:
    configured: bool
    address: str               # host:port/database, "" when not set
    pending: int               # local changes not yet sent
    last_sync: datetime | None
    open_conflicts: int


def sync_status(ctx: ServiceContext) -> SyncStatus:
    from app.sync import client, settings
    hub = settings.load(ctx)
    return SyncStatus(hub.configured, hub.address(), client.pending_changes(ctx), client.last_sync(ctx),
                      client.open_conflict_count(ctx))


ENTITY_LABELS = {
    "center": "기관", "region": "권역", "dong": "행정동", "dong_budget": "동 예산", "staff": "직원",
    "household": "가구", "member": "가구원", "case_file": "사례", "case_share": "사례 공유", "intake": "초기상담",
    "consent": "동의", "assessment": "욕구·위기도 조사", "assessment_domain": "조사 영역", "screening": "선별검사",
    "meeting": "사례회의", "meeting_attendee": "회의 참석자", "meeting_decision": "회의 결정",
    "service_plan": "서비스 계획", "plan_item": "계획 항목", "contact": "상담 기록", "referral": "의뢰",
    "resource": "자원", "expense": "사례사업비", "closure": "종결", "follow_up": "사후관리",
}

FIELD_LABELS = {
    "address": "주소", "phone": "전화번호", "income_status": "소득 구분", "household_types": "가구 유형",
    "problem_types": "문제 유형", "dong_id": "행정동", "name": "이름", "birth_date": "생년월일", "sex": "성별",
    "relation": "관계", "is_head": "가구주", "lives_together": "동거 여부", "flags": "특성", "rrn_sealed": "주민등록번호",
    "stage": "단계", "case_type": "사례유형", "lead_agency": "주사례관리기관", "manager_id": "담당자", "team": "팀",
    "opened_on": "개시일", "closed_on": "종결일", "note": "상담 내용", "occurred_at": "일시", "kind": "종류",
    "companions": "동행", "is_monitoring": "점검 여부", "held_on": "실시일", "referral_source": "의뢰 경로",
    "referrer_detail": "의뢰인", "presenting_problems": "주호소 문제", "decision": "결정", "agreed": "동의 여부",
    "recipients": "제공받는 기관", "recorded_on": "동의일", "withdrawn_on": "철회일", "crisis_level": "위기도",
    "summary": "종합 의견", "client_words": "대상자 욕구", "worker_view": "사례관리자 의견", "strengths": "강점·자원",
    "urgency": "긴급도", "score": "점수", "held_at": "일시", "place": "장소", "chair": "사회자",
    "minutes": "회의록", "outcome": "결정", "direction": "진행 방향", "role_split": "역할분담",
    "goals": "목표", "agreed_on": "동의일", "service": "서비스", "provider": "제공기관", "frequency": "횟수",
    "starts_on": "시작일", "ends_on": "종료일", "cost": "비용", "goal": "목표", "attainment": "달성도",
    "program": "의뢰 사업", "status": "상태", "sent_on": "의뢰일", "replied_on": "회신일", "reply": "회신 내용",
    "spent_on": "지출일", "category": "항목", "amount": "금액", "reason": "종결 사유", "reason_detail": "사유 상세",
    "evaluation": "평가", "follow_up_plan": "사후관리 계획", "in_writing": "서면", "due_on": "예정일",
    "done_on": "완료일", "display_name": "이름", "role": "역할", "active": "사용", "agency": "소속",
}

CONFLICT_KIND_LABELS = {
    "field": "같은 항목을 양쪽에서 고침",
    "delete": "한쪽은 삭제, 다른 쪽은 수정",
    "edit_deleted": "삭제된 기록을 수정함",
    "denied": "권한이 없어 반영되지 않음",
    "missing": "서버에 없는 기록을 수정함",
    "exists": "이미 있는 기록을 다시 만듦",
    "duplicate": "같은 기록이 이미 있어 반영되지 않음 (하나만 둘 수 있는 기록)",
    "invalid": "필요한 정보나 연결된 기록이 없어 반영되지 않음",
}


@dataclass(frozen=True)
class ConflictView:
    """One open conflict as the 충돌 확인 screen shows it; values already made readable."""
    conflict_id: str
    entity: str
    entity_label: str
    kind: str
    kind_label: str
    field_label: str           # "" for whole-record conflicts
    case_id: str | None
    case_no: str
    person: str                # the case's primary person, to recognise it
    created_at: datetime | None
    base: str                  # the value both sides started from
    hub: str                   # the office's (hub's) value
    device: str                # the value of the device whose change conflicted
    by_staff: str              # who made that change
    from_this_device: bool     # that device is this one


def conflict_rows(ctx: ServiceContext) -> list[ConflictView]:
    """Open conflicts with their case, Korean labels and readable values, oldest first."""
    from models.sync_models import SyncConflict
    from app.sync import local
    from app.sync.client import may_read_conflict
    with ctx.session() as s:
        # A shared office PC holds other people's conflicts: list only those of readable cases.
        items = [c for c in s.scalars(select(SyncConflict).where(SyncConflict.status == "open")
                                      .order_by(SyncConflict.created_at))
                 if may_read_conflict(ctx, s, c)]
        staff = dict(s.execute(select(Staff.id, Staff.display_name)).all())
        dong_names = dict(s.execute(select(Dong.id, Dong.name)).all())
        names = {"staff": staff, "dong": dong_names}
        cases: dict[str, tuple[str, str, str] | None] = {}
        out = []
        for c in items:
            if c.scope not in cases:
                cases[c.scope] = _case_of_scope(s, c.scope)
            case = cases[c.scope]
            table = local.TABLES.get(c.entity)
            show = lambda v, field=c.field: _conflict_value(table, field, v, names)  # noqa: E731
            out.append(ConflictView(
                c.id, c.entity, ENTITY_LABELS.get(c.entity, c.entity), c.kind, CONFLICT_KIND_LABELS.get(c.kind, c.kind),
                FIELD_LABELS.get(c.field, c.field) if c.field else "", case[0] if case else None,
                case[1] if case else "", case[2] if case else "", c.created_at,
                show(c.base_value), show(c.hub_value), show(c.device_value), staff.get(c.staff_id, ""),
                bool(ctx.device_id) and c.device_id == ctx.device_id))
        return out


def _case_of_scope(s, scope: str) -> tuple[str, str, str] | None:
    """(case id, case number, primary person) for a conflict's scope: a case, or a household's newest case."""
    if not scope or scope == "org" or scope.startswith("staff:"):
        return None
    q = select(Case.id, Case.case_no, Member.name).join(Member, Member.id == Case.primary_member_id, isouter=True)
    if scope.startswith("hh:"):
        q = q.where(Case.household_id == scope[3:]).order_by(Case.opened_on.desc())
    else:
        q = q.where(Case.id == scope)
    row = s.execute(q.limit(1)).first()
    return (row[0], row[1], row[2] or "") if row else None


def _conflict_value(table, field: str | None, value, names: dict) -> str:
    """A wire value as a person reads it: labels for codes, names for staff and 동, "(없음)" for nothing."""
    if isinstance(value, dict) and field is None:  # a whole record: one line per field
        return "\n".join(f"{FIELD_LABELS.get(k, k)}: {_conflict_value(table, k, v, names)}"
                          for k, v in value.items() if k not in ("id", "version", "created_at", "updated_at"))
    if value is None or value == "" or value == []:
        return "(없음)"
    if field == "rrn_sealed" or isinstance(value, dict) and "b64" in value:
        return "(암호화된 값)"
    if field and field.endswith("_id"):
        target = "dong" if field == "dong_id" else "staff"
        if value in names.get(target, {}):
            return names[target][value]
    if table is not None and field in table.c:
        from app.sync import local
        try:
            value = local.from_wire(table.c[field], value)
        except (ValueError, TypeError):
            pass
    if isinstance(value, bool):
        return "예" if value else "아니오"
    if hasattr(value, "label"):
        return value.label
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "(없음)"
    if isinstance(value, int) and field in ("cost", "amount"):
        return f"{value:,}원"
    return str(value)
