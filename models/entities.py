"""The case management data model (DOMAIN.md): organisation, households, the case and its stages.

Relationships are declared lazy="raise" where loading them by accident would be an N+1 trap in a
list; services load what they need explicitly with selectinload.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, LargeBinary,
                        String, Text, UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, Record, utcnow
from .types import (ClosureReason, ConsentKind, ContactKind, ExpenseCategory, IntakeDecision,
                    MeetingKind, ReferralStatus, Role, SelectionOutcome, Stage, enum_column)

# --- organisation -----------------------------------------------------------------------------


class Center(Record, Base):
    __tablename__ = "center"
    name: Mapped[str] = mapped_column(String(100))
    district: Mapped[str] = mapped_column(String(50), default="")  # 시·군·구
    # Center policy: case type set, monitoring intervals, retention, expense caps (see app.services.settings).
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Region(Record, Base):
    """권역: a group of 동 with member agencies meeting monthly."""
    __tablename__ = "region"
    center_id: Mapped[str] = mapped_column(ForeignKey("center.id"))
    name: Mapped[str] = mapped_column(String(50))
    member_agencies: Mapped[list[str]] = mapped_column(JSON, default=list)


class Dong(Record, Base):
    __tablename__ = "dong"
    center_id: Mapped[str] = mapped_column(ForeignKey("center.id"))
    region_id: Mapped[str | None] = mapped_column(ForeignKey("region.id"))
    name: Mapped[str] = mapped_column(String(50), unique=True)


class DongBudget(Record, Base):
    """Per-동 yearly case expense budget by budget line (운영비, 사업비)."""
    __tablename__ = "dong_budget"
    __table_args__ = (UniqueConstraint("dong_id", "year", "line"),)
    dong_id: Mapped[str] = mapped_column(ForeignKey("dong.id"))
    year: Mapped[int] = mapped_column(Integer)
    line: Mapped[str] = mapped_column(String(20))  # "운영비" | "사업비"
    amount: Mapped[int] = mapped_column(Integer)


class Staff(Record, Base):
    __tablename__ = "staff"
    center_id: Mapped[str] = mapped_column(ForeignKey("center.id"))
    username: Mapped[str] = mapped_column(String(50), unique=True)
    display_name: Mapped[str] = mapped_column(String(50))
    role: Mapped[Role] = mapped_column(enum_column(Role))
    team: Mapped[str] = mapped_column(String(50), default="")
    agency: Mapped[str] = mapped_column(String(100), default="")
    dong_id: Mapped[str | None] = mapped_column(ForeignKey("dong.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


# --- households and people --------------------------------------------------------------------


class Household(Record, Base):
    __tablename__ = "household"
    # Search (app.services.queries.search_people): part of an address, and a 동's households by address.
    __table_args__ = (Index("ix_household_address", "address"),
                      Index("ix_household_dong_address", "dong_id", "address"))
    dong_id: Mapped[str] = mapped_column(ForeignKey("dong.id"), index=True)
    address: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    # 수급, 차상위, 일반 …
    income_status: Mapped[str] = mapped_column(String(20), default="일반")
    # 부자, 모자, 조손, 독거, 노인부부, 장애, 다문화 …
    household_types: Mapped[list[str]] = mapped_column(JSON, default=list)
    # 알콜 및 정신질환, 장애 및 질병, 아동학대 및 가정폭력, 경제적 어려움 …
    problem_types: Mapped[list[str]] = mapped_column(JSON, default=list)
    members: Mapped[list[Member]] = relationship(back_populates="household", lazy="raise",
                                                 order_by="Member.is_head.desc()")
    dong: Mapped[Dong] = relationship(lazy="raise")


class Member(Record, Base):
    __tablename__ = "member"
    # Search: small covering indexes read in the order results are shown (by name).
    __table_args__ = (Index("ix_member_initials_name", "name_initials", "name"),
                      Index("ix_member_phone_digits_name", "phone_digits", "name"),
                      Index("ix_member_rrn_front_name", "rrn_front", "name"))
    household_id: Mapped[str] = mapped_column(ForeignKey("household.id"), index=True)
    name: Mapped[str] = mapped_column(String(50), index=True)
    # 초성 of the name ("ㄱㅁㅅ" for 김민수), kept in step by the service that saves a member.
    name_initials: Mapped[str] = mapped_column(String(50), default="", index=True)
    birth_date: Mapped[date | None] = mapped_column(Date)
    gender: Mapped[str] = mapped_column(String(1), default="")  # "M" | "F" | ""
    # The RRN is encrypted again inside the encrypted file (field key), so that it stays hidden
    # in sync payloads and exports; only the front part is kept in clear for search.
    rrn_front: Mapped[str] = mapped_column(String(6), default="", index=True)
    rrn_masked: Mapped[str] = mapped_column(String(14), default="")
    rrn_sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    relation: Mapped[str] = mapped_column(String(20), default="본인")
    is_head: Mapped[bool] = mapped_column(Boolean, default=False)
    lives_together: Mapped[bool] = mapped_column(Boolean, default=True)
    phone: Mapped[str] = mapped_column(String(20), default="")
    phone_digits: Mapped[str] = mapped_column(String(20), default="", index=True)
    # Facts referral rules look at: 의료급여, 조건부수급, 바우처 방문서비스, 임신, 장애 …
    flags: Mapped[list[str]] = mapped_column(JSON, default=list)
    household: Mapped[Household] = relationship(back_populates="members", lazy="raise")


# --- the case ---------------------------------------------------------------------------------


class Case(Record, Base):
    __tablename__ = "case_file"
    __table_args__ = (Index("ix_case_manager_stage", "manager_id", "stage"),
                      Index("ix_case_household_opened", "household_id", "opened_on"))
    case_no: Mapped[str] = mapped_column(String(20), unique=True)
    household_id: Mapped[str] = mapped_column(ForeignKey("household.id"), index=True)
    primary_member_id: Mapped[str] = mapped_column(ForeignKey("member.id"))
    manager_id: Mapped[str] = mapped_column(ForeignKey("staff.id"))
    team: Mapped[str] = mapped_column(String(50), default="")
    stage: Mapped[Stage] = mapped_column(enum_column(Stage), default=Stage.INTAKE, index=True)
    case_type: Mapped[str | None] = mapped_column(String(20))
    lead_agency: Mapped[str] = mapped_column(String(100), default="")
    opened_on: Mapped[date] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    household: Mapped[Household] = relationship(lazy="raise")
    primary_member: Mapped[Member] = relationship(lazy="raise")
    manager: Mapped[Staff] = relationship(lazy="raise")


class CaseShare(Record, Base):
    """A case shared with another staff member (beyond its manager and the team's supervisors)."""
    __tablename__ = "case_share"
    __table_args__ = (UniqueConstraint("case_id", "staff_id"),)
    case_id: Mapped[str] = mapped_column(ForeignKey("case_file.id"), index=True)
    staff_id: Mapped[str] = mapped_column(ForeignKey("staff.id"))


class Intake(Record, Base):
    __tablename__ = "intake"
    case_id: Mapped[str] = mapped_column(ForeignKey("case_file.id"), index=True)
    staff_id: Mapped[str] = mapped_column(ForeignKey("staff.id"))
    held_on: Mapped[date] = mapped_column(Date)
    referral_source: Mapped[str] = mapped_column(String(50))  # 본인, 이웃, 통반장, 129 …
    referrer_detail: Mapped[str] = mapped_column(String(200), default="")
    presenting_problems: Mapped[str] = mapped_column(Text, default="")
    decision: Mapped[IntakeDecision | None] = mapped_column(enum_column(IntakeDecision))
    # 초기상담 기록지: how the consultation came about and the household's situation as told then.
    # Nullable: an intake from an older device, or from before these fields, simply has none.
    consult_method: Mapped[str | None] = mapped_column(String(20), default="")  # 내방, 전화, 방문, 기관 의뢰
    urgent_support: Mapped[bool | None] = mapped_column(Boolean, default=False)  # 긴급지원 필요
    monthly_income: Mapped[int | None] = mapped_column(Integer)             # 월 소득 (원)
    assets: Mapped[int | None] = mapped_column(Integer)                     # 재산
    debts: Mapped[int | None] = mapped_column(Integer)                      # 부채
    housing_type: Mapped[str | None] = mapped_column(String(20), default="")  # 자가, 전세, 월세 …
    housing_cost: Mapped[int | None] = mapped_column(Integer)               # 월 주거비
    health_disability: Mapped[str | None] = mapped_column(Text, default="")   # 건강·장애
    worker_opinion: Mapped[str | None] = mapped_column(Text, default="")      # 상담자 의견


class Assessment(Record, Base):
    """욕구 및 위기도 조사 over the ten domains, with screening results and the crisis level."""
    __tablename__ = "assessment"
    case_id: Mapped[str] = mapped_column(ForeignKey("case_file.id"), index=True)
    member_id: Mapped[str | None] = mapped_column(ForeignKey("member.id"))
    staff_id: Mapped[str] = mapped_column(ForeignKey("staff.id"))
    held_on: Mapped[date] = mapped_column(Date)
    instrument_version: Mapped[str] = mapped_column(String(20))
    is_reassessment: Mapped[bool] = mapped_column(Boolean, default=False)
    crisis_level: Mapped[int] = mapped_column(Integer, default=0)  # 0 없음 … 3 위기
    suggested_case_type: Mapped[str] = mapped_column(String(20), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    domains: Mapped[list[AssessmentDomain]] = relationship(lazy="raise", cascade="all, delete-orphan")
    screenings: Mapped[list[Screening]] = relationship(lazy="raise", cascade="all, delete-orphan")


class AssessmentDomain(Record, Base):
    __tablename__ = "assessment_domain"
    __table_args__ = (UniqueConstraint("assessment_id", "domain"),)
    assessment_id: Mapped[str] = mapped_column(ForeignKey("assessment.id"), index=True)
    domain: Mapped[str] = mapped_column(String(20))  # code from resources/rules/assessment.json
    client_words: Mapped[str] = mapped_column(Text, default="")
    worker_view: Mapped[str] = mapped_column(Text, default="")
    urgency: Mapped[int] = mapped_column(Integer, default=0)  # 0 없음, 1 낮음, 2 보통, 3 높음(긴급)
    strengths: Mapped[str] = mapped_column(Text, default="")


class Screening(Record, Base):
    __tablename__ = "screening"
    assessment_id: Mapped[str] = mapped_column(ForeignKey("assessment.id"), index=True)
    member_id: Mapped[str | None] = mapped_column(ForeignKey("member.id"))
    instrument: Mapped[str] = mapped_column(String(20))  # AUDIT-K, PHQ-9 …
    score: Mapped[int] = mapped_column(Integer)
    result: Mapped[str] = mapped_column(String(50), default="")


# --- meetings ---------------------------------------------------------------------------------


class Meeting(Record, Base):
    __tablename__ = "meeting"
    center_id: Mapped[str] = mapped_column(ForeignKey("center.id"))
    kind: Mapped[MeetingKind] = mapped_column(enum_column(MeetingKind))
    held_at: Mapped[datetime] = mapped_column(DateTime(timezone=False), index=True)
    place: Mapped[str] = mapped_column(String(100), default="")
    chair: Mapped[str] = mapped_column(String(50), default="")
    in_writing: Mapped[bool] = mapped_column(Boolean, default=False)  # 서면 회의
    minutes: Mapped[str] = mapped_column(Text, default="")
    supervisor_advice: Mapped[str] = mapped_column(Text, default="")
    # 차기 회의 일정: decided at this meeting; shown with the meetings to come (nullable: minutes
    # from before revision 0007, or from an older device, have none).
    next_meeting_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=False))
    # Attendance rule warnings, written on the minutes when the meeting is recorded.
    warnings: Mapped[list[str]] = mapped_column(JSON, default=list)
    attendees: Mapped[list[MeetingAttendee]] = relationship(lazy="raise", cascade="all, delete-orphan")
    decisions: Mapped[list[MeetingDecision]] = relationship(lazy="raise", cascade="all, delete-orphan")


class MeetingAttendee(Record, Base):
    __tablename__ = "meeting_attendee"
    meeting_id: Mapped[str] = mapped_column(ForeignKey("meeting.id"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    agency: Mapped[str] = mapped_column(String(100), default="")
    role: Mapped[str] = mapped_column(String(40), default="")  # code from resources/rules/meetings.json
    field: Mapped[str | None] = mapped_column(String(40))   # an outside expert's field: 아동, 법률, 정신건강 …
    staff_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"))


class MeetingDecision(Record, Base):
    __tablename__ = "meeting_decision"
    meeting_id: Mapped[str] = mapped_column(ForeignKey("meeting.id"), index=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("case_file.id"), index=True)
    household_summary: Mapped[str] = mapped_column(String(100), default="")  # "부자가정(2인)"
    issues: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[SelectionOutcome] = mapped_column(enum_column(SelectionOutcome))
    case_type: Mapped[str | None] = mapped_column(String(20))
    direction: Mapped[str] = mapped_column(Text, default="")  # 진행 방향
    lead_agency: Mapped[str] = mapped_column(String(100), default="")  # 주사례관리기관
    role_split: Mapped[str] = mapped_column(Text, default="")  # 역할분담
    # Topics the attendance rules look at: "health_main", "mental_health_main", "medical_aid_admission".
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)


# --- plan, delivery, referrals ----------------------------------------------------------------


class Resource(Record, Base):
    """자원목록: formal and informal resources by need."""
    __tablename__ = "resource"
    center_id: Mapped[str] = mapped_column(ForeignKey("center.id"))
    provider: Mapped[str] = mapped_column(String(100))
    service: Mapped[str] = mapped_column(String(100))
    domain: Mapped[str] = mapped_column(String(20), default="")
    formal: Mapped[bool] = mapped_column(Boolean, default=True)
    phone: Mapped[str] = mapped_column(String(20), default="")


class ServicePlan(Record, Base):
    __tablename__ = "service_plan"
    case_id: Mapped[str] = mapped_column(ForeignKey("case_file.id"), index=True)
    made_on: Mapped[date] = mapped_column(Date)
    goals: Mapped[str] = mapped_column(Text, default="")
    agreed_on: Mapped[date | None] = mapped_column(Date)  # the client's agreement
    items: Mapped[list[PlanItem]] = relationship(lazy="raise", cascade="all, delete-orphan",
                                                 order_by="PlanItem.position")


class PlanItem(Record, Base):
    __tablename__ = "plan_item"
    plan_id: Mapped[str] = mapped_column(ForeignKey("service_plan.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    domain: Mapped[str] = mapped_column(String(20))
    need: Mapped[str] = mapped_column(Text, default="")
    goal: Mapped[str] = mapped_column(Text, default="")        # 단기목표 of the item's need
    # 장기목표 of the item's need (the 서식 has 장기·단기 목표 per 욕구; the items of one need share both).
    # Nullable: items from before revision 0010, or from an older device, have none.
    long_goal: Mapped[str | None] = mapped_column(Text)
    service: Mapped[str] = mapped_column(String(100))
    resource_id: Mapped[str | None] = mapped_column(ForeignKey("resource.id"))
    provider: Mapped[str] = mapped_column(String(100), default="")
    frequency: Mapped[str] = mapped_column(String(50), default="")
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    cost: Mapped[int] = mapped_column(Integer, default=0)
    attainment: Mapped[int | None] = mapped_column(Integer)  # % judged at closure


class Contact(Record, Base):
    """Contact and monitoring log: visits, calls, office visits."""
    __tablename__ = "contact"
    __table_args__ = (Index("ix_contact_case_time", "case_id", "occurred_at"),
                      # Last monitoring contact per case (home screen) without reading the notes.
                      Index("ix_contact_case_monitoring", "case_id", "is_monitoring", "occurred_at"))
    case_id: Mapped[str] = mapped_column(ForeignKey("case_file.id"))
    staff_id: Mapped[str] = mapped_column(ForeignKey("staff.id"))
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=False))
    kind: Mapped[ContactKind] = mapped_column(enum_column(ContactKind))
    companions: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)  # [{name, role}]
    note: Mapped[str] = mapped_column(Text, default="")
    is_monitoring: Mapped[bool] = mapped_column(Boolean, default=True)
    warnings: Mapped[list[str]] = mapped_column(JSON, default=list)


class Referral(Record, Base):
    __tablename__ = "referral"
    case_id: Mapped[str] = mapped_column(ForeignKey("case_file.id"), index=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("member.id"), index=True)
    program: Mapped[str] = mapped_column(String(40))
    rules_version: Mapped[str] = mapped_column(String(20))
    criteria: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)  # evaluated checks
    status: Mapped[ReferralStatus] = mapped_column(enum_column(ReferralStatus), default=ReferralStatus.SENT)
    sent_on: Mapped[date] = mapped_column(Date)
    reply: Mapped[str] = mapped_column(Text, default="")
    replied_on: Mapped[date | None] = mapped_column(Date)
    # The program's tier the referral was sent under (정신건강: emergency / crisis / intensive);
    # None for programs without tiers and for referrals from before revision 0009.
    tier: Mapped[str | None] = mapped_column(String(20))


class Consent(Record, Base):
    __tablename__ = "consent"
    case_id: Mapped[str] = mapped_column(ForeignKey("case_file.id"), index=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("member.id"))
    kind: Mapped[ConsentKind] = mapped_column(enum_column(ConsentKind))
    agreed: Mapped[bool] = mapped_column(Boolean)
    recorded_on: Mapped[date] = mapped_column(Date)
    recipients: Mapped[list[str]] = mapped_column(JSON, default=list)  # named service providers
    form_version: Mapped[str] = mapped_column(String(20), default="2019")
    legal_representative: Mapped[str] = mapped_column(String(50), default="")
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    signed_scan: Mapped[bytes | None] = mapped_column(LargeBinary)
    # Period, scope and how a withdrawal was given (revision 0012). Nullable: consents from before,
    # or pushed by an older device, have none. No valid_until means 종결 후 5년 (open while the case is).
    valid_until: Mapped[date | None] = mapped_column(Date)
    purposes: Mapped[list[str] | None] = mapped_column(JSON)   # 수집·이용 목적
    items: Mapped[list[str] | None] = mapped_column(JSON)      # 항목: 성명, 연락처, 건강 …
    withdrawn_how: Mapped[str | None] = mapped_column(String(20))   # CONSENT_WITHDRAWAL_METHODS


class Closure(Record, Base):
    __tablename__ = "closure"
    case_id: Mapped[str] = mapped_column(ForeignKey("case_file.id"), unique=True)
    reason: Mapped[ClosureReason] = mapped_column(enum_column(ClosureReason))
    reason_detail: Mapped[str] = mapped_column(Text, default="")
    evaluation: Mapped[str] = mapped_column(Text)  # goal attainment over the whole intervention
    meeting_id: Mapped[str | None] = mapped_column(ForeignKey("meeting.id"))
    in_writing: Mapped[bool] = mapped_column(Boolean, default=False)
    closed_on: Mapped[date] = mapped_column(Date)
    follow_up_plan: Mapped[str] = mapped_column(Text, default="")
    # 종결 안내: when and how the client was told the case closes (nullable: closures from before
    # revision 0008, or from an older device, have none).
    informed_on: Mapped[date | None] = mapped_column(Date)
    informed_how: Mapped[str | None] = mapped_column(String(20))   # CLOSURE_NOTICE_METHODS


class FollowUp(Record, Base):
    __tablename__ = "follow_up"
    case_id: Mapped[str] = mapped_column(ForeignKey("case_file.id"), index=True)
    due_on: Mapped[date] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date)
    service: Mapped[str] = mapped_column(String(50), default="")  # 노인돌봄, 방문건강 …
    note: Mapped[str] = mapped_column(Text, default="")


class Expense(Record, Base):
    """사례사업비 spent on a household."""
    __tablename__ = "expense"
    case_id: Mapped[str] = mapped_column(ForeignKey("case_file.id"), index=True)
    household_id: Mapped[str] = mapped_column(ForeignKey("household.id"), index=True)
    dong_id: Mapped[str] = mapped_column(ForeignKey("dong.id"))
    category: Mapped[ExpenseCategory] = mapped_column(enum_column(ExpenseCategory))
    amount: Mapped[int] = mapped_column(Integer)
    spent_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")


# --- local bookkeeping (not synced as records) ------------------------------------------------


class AuditLog(Base):
    """접속기록: who did what to whose data. A hash chain makes edits and deletions evident."""
    __tablename__ = "audit_log"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    staff_id: Mapped[str | None] = mapped_column(String(36))
    device_id: Mapped[str] = mapped_column(String(36), default="")
    action: Mapped[str] = mapped_column(String(20))  # view, create, update, delete, print, export …
    entity: Mapped[str] = mapped_column(String(40), default="")
    subject_id: Mapped[str | None] = mapped_column(String(36))  # whose data (member/household/case id)
    purpose: Mapped[str] = mapped_column(String(200), default="")
    outcome: Mapped[str] = mapped_column(String(20), default="ok")  # ok | refused
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class Outbox(Base):
    """One row per local change, written in the same transaction as the change (for sync)."""
    __tablename__ = "outbox"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    op_id: Mapped[str] = mapped_column(String(36), unique=True)
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(36), index=True)
    op: Mapped[str] = mapped_column(String(10))  # insert | update | delete
    base_version: Mapped[int] = mapped_column(Integer)
    changes: Mapped[dict[str, Any]] = mapped_column(JSON)  # field -> [old, new]
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    pushed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The signed-in staff member who made it: pushed under their own hub login (a shared office PC).
    author_id: Mapped[str | None] = mapped_column(String(36))


class Meta(Base):
    """Small key/value facts about this store (device id, change counter, sync cursor)."""
    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


SYNCED_ENTITIES: tuple[type[Record], ...] = (
    Center, Region, Dong, DongBudget, Staff, Household, Member, Case, CaseShare, Intake, Assessment,
    AssessmentDomain, Screening, Meeting, MeetingAttendee, MeetingDecision, Resource, ServicePlan,
    PlanItem, Contact, Referral, Consent, Closure, FollowUp, Expense,
)
