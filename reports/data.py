"""Plain data objects the printed forms are made from.

These are frozen dataclasses with no ORM or Qt in sight: the application layer maps database
rows to them, and ``reports`` turns them into PDF or Excel bytes. Each field's comment gives the
Korean term as it appears on the form. Text is printed as given (NFC), except where a form
masks it (주민등록번호) or de-identifies it (사례회의록 for sharing).

Dates are ``datetime.date``; ``None`` means "not recorded" and prints as an empty fill-in line.
Amounts are whole won (원).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


# ---------------------------------------------------------------- people


@dataclass(frozen=True)
class Person:
    """인적사항: the 대상자 (client) or another identifiable person."""

    name: str  # 성명
    rrn: str = ""  # 주민등록번호 (full number as stored; forms print it masked)
    phone: str = ""  # 연락처
    address: str = ""  # 주소


@dataclass(frozen=True)
class HouseholdMember:
    """가족구성원 (household member other than the 대상자)."""

    name: str  # 성명
    relation: str = ""  # 관계 (대상자 기준: 배우자, 자녀, 모 …)
    age: int | None = None  # 연령 (만 나이)
    lives_together: bool | None = None  # 동거여부 (None: 미확인)
    phone: str = ""  # 연락처
    rrn: str = ""  # 주민등록번호 (only used to scrub it from de-identified output)


@dataclass(frozen=True)
class LegalRepresentative:
    """법정대리인 (for a minor or a person under guardianship)."""

    name: str  # 성명
    relation: str = ""  # 대상자와의 관계
    phone: str = ""  # 연락처


# ---------------------------------------------------------------- 동의서


@dataclass(frozen=True)
class ConsentFormData:
    """개인정보 수집·이용 및 제3자 제공 동의서 (seed 003, III.9).

    ``client=None`` (or ``render_consent(..., blank=True)``) prints every fill-in line empty for
    handwriting. ``collection_agreed`` / ``third_party_agreed`` tick 동의함 or 동의하지 않음 when
    the answer has been recorded; ``None`` leaves both boxes empty.
    """

    center_name: str  # 기관명 (동 주민센터, 복지관 …), printed at the foot of the form
    client: Person | None = None  # 대상자
    members: tuple[HouseholdMember, ...] = ()  # 가족구성원
    service_providers: tuple[str, ...] = ()  # 서비스 제공기관(기관명 : …)
    case_manager: str = ""  # 담당자 성명
    legal_representative: LegalRepresentative | None = None  # 법정대리인 (있는 경우)
    consent_date: date | None = None  # 동의일자
    collection_agreed: bool | None = None  # 개인정보 수집·이용 동의 여부
    third_party_agreed: bool | None = None  # 개인정보 제3자 제공 동의 여부
    show_full_rrn: bool = False  # 주민등록번호 전체 표기 (only when the form's purpose needs it)
    case_no: str = ""  # 사례번호


# ---------------------------------------------------------------- 서비스 제공계획서


@dataclass(frozen=True)
class PlanGoal:
    """목표 of a service plan."""

    text: str  # 목표
    term: str = ""  # 구분 (장기 / 단기)
    need_domain: str = ""  # 욕구 영역 (안전, 건강, 경제 …)


@dataclass(frozen=True)
class ServicePlanItem:
    """서비스 제공계획 한 줄: one service for one need."""

    need: str  # 욕구 (욕구 영역 및 내용)
    service: str  # 서비스 내용
    provider: str  # 제공기관 (자원)
    frequency: str = ""  # 제공 주기·횟수 (주 1회, 월 2회 …)
    start: date | None = None  # 제공 기간 시작
    end: date | None = None  # 제공 기간 끝
    cost: int | None = None  # 비용 (원); None: 무료/미정
    funding: str = ""  # 재원 (사례관리비, 후원, 공공급여 …)


@dataclass(frozen=True)
class ServicePlanData:
    """서비스 제공계획서 with the client's agreement line."""

    center_name: str  # 기관명
    client: Person  # 대상자
    case_manager: str  # 사례관리자 (담당자)
    goals: tuple[PlanGoal, ...] = ()  # 목표
    items: tuple[ServicePlanItem, ...] = ()  # 서비스 제공계획
    case_no: str = ""  # 사례번호
    case_type: str = ""  # 사례 유형 (일반 / 고난도, 단순 / 집중 / 위기 …)
    plan_date: date | None = None  # 계획 수립일
    period_start: date | None = None  # 계획 기간 시작
    period_end: date | None = None  # 계획 기간 끝
    agreement_date: date | None = None  # 동의일자 (None: blank date line)
    legal_representative: LegalRepresentative | None = None  # 법정대리인
    show_full_rrn: bool = False  # 주민등록번호 전체 표기


# ---------------------------------------------------------------- 종결 보고서


@dataclass(frozen=True)
class ServiceRecord:
    """제공 서비스: a service actually delivered during the intervention."""

    need: str  # 욕구 영역
    service: str  # 서비스 내용
    provider: str  # 제공기관
    start: date | None = None  # 제공 기간 시작
    end: date | None = None  # 제공 기간 끝
    times: str = ""  # 제공 횟수·주기 (예: "12회", "주 1회")
    cost: int | None = None  # 비용 (원)


@dataclass(frozen=True)
class GoalEvaluation:
    """목표 달성 평가 for one goal of the service plan."""

    goal: str  # 목표
    attainment: str  # 달성 정도 (달성 / 부분달성 / 미달성)
    comment: str = ""  # 평가 내용 (근거, 변화)


@dataclass(frozen=True)
class ClosureReportData:
    """종결 보고서 (종결 평가)."""

    center_name: str  # 기관명
    client: Person  # 대상자
    case_manager: str  # 담당자
    closure_reason: str  # 종결 사유 (목표달성, 거부·포기, 전출, 사망, 타기관 이관, 연락두절 …)
    opened_on: date | None = None  # 개입 기간 시작 (사례 개시일)
    closed_on: date | None = None  # 개입 기간 끝 (종결일)
    case_no: str = ""  # 사례번호
    case_type: str = ""  # 사례 유형
    household_type: str = ""  # 가구 유형 (부자가정, 독거 …)
    household_size: int | None = None  # 가구원 수
    summary: str = ""  # 사례 개요 (주요 문제, 개입 경과)
    services: tuple[ServiceRecord, ...] = ()  # 제공 서비스
    goals: tuple[GoalEvaluation, ...] = ()  # 목표별 달성 평가
    closure_reason_detail: str = ""  # 종결 사유 상세
    overall_evaluation: str = ""  # 종합 평가
    closure_meeting_date: date | None = None  # 종결회의 일자
    closure_meeting_in_writing: bool = False  # 종결회의를 서면으로 대체
    follow_up_plan: str = ""  # 사후관리 계획
    team_leader: str = ""  # 팀장
    report_date: date | None = None  # 작성일
    closure_notice: str = ""  # 종결 안내 (안내일과 방법; "": not yet given)


# ---------------------------------------------------------------- 사례회의록


@dataclass(frozen=True)
class Attendee:
    """참석자 of a case meeting."""

    name: str  # 성명
    agency: str = ""  # 소속 기관
    role: str = ""  # 역할·직위 (희망복지지원단 사례관리담당자, 슈퍼바이저 …)


@dataclass(frozen=True)
class RoleAssignment:
    """역할분담: what one agency takes on for the case."""

    agency: str  # 기관
    task: str  # 역할


@dataclass(frozen=True)
class CaseDiscussion:
    """One case discussed at a meeting (사례별 논의 및 결정)."""

    client: Person  # 대상자
    household_type: str = ""  # 가구 유형 (부자가정, 모자가정, 조손가정, 독거 …)
    household_size: int | None = None  # 가구원 수 (대상자 포함)
    members: tuple[HouseholdMember, ...] = ()  # 가족구성원 (names are scrubbed when de-identified)
    issues: tuple[str, ...] = ()  # 주요 문제 (내용)
    decisions: str = ""  # 결정 사항 (선정 여부, 사례 유형 …)
    direction: str = ""  # 진행 방향
    lead_agency: str = ""  # 주사례기관
    roles: tuple[RoleAssignment, ...] = ()  # 역할분담

    @property
    def household_summary(self) -> str:
        """가구개요 as in seed 000: ``부자가정(2인)``."""
        size = f"({self.household_size}인)" if self.household_size else ""
        return f"{self.household_type}{size}"


@dataclass(frozen=True)
class MeetingMinutesData:
    """사례회의록.

    ``required_roles`` lists the attendance the rules require for this meeting (seed 003, III.8:
    e.g. "희망복지지원단 사례관리담당자", "읍·면·동 사례관리 담당자", "의료급여관리사"); a role is
    present when some attendee's ``role`` or ``agency`` equals it. Missing ones are printed as
    warnings, together with ``warnings`` the caller computed itself.
    """

    center_name: str  # 기관명
    meeting_type: str  # 회의 유형 (내부사례회의, 통합사례회의, 종결회의, 확대사례회의 …)
    held_on: date  # 일시 (날짜)
    place: str = ""  # 장소
    time_text: str = ""  # 시간 (예: "14:00~16:00")
    chair: str = ""  # 회의 주재 (사회자, 보통 팀장)
    attendees: tuple[Attendee, ...] = ()  # 참석자
    cases: tuple[CaseDiscussion, ...] = ()  # 사례별 논의
    supervisor_advice: str = ""  # 슈퍼바이저 자문 의견
    in_writing: bool = False  # 서면 회의
    recorder: str = ""  # 작성자
    required_roles: tuple[str, ...] = ()  # 필수 참석 역할
    warnings: tuple[str, ...] = ()  # 추가 경고 (호출 측에서 판단)
    next_meeting: str = ""  # 차기 회의 일정 ("": none set)

    def missing_required_roles(self) -> tuple[str, ...]:
        present = {a.role for a in self.attendees} | {a.agency for a in self.attendees}
        return tuple(role for role in self.required_roles if role not in present)


# ---------------------------------------------------------------- 통계


@dataclass(frozen=True)
class CaseCounts:
    """사례관리대상자 선정 및 진행 현황, one row (a year or a period).

    In seed 000, 의뢰 = 선정 + 미선정 + 서비스연계; ``referred`` is kept separately because
    referrals still being assessed belong to none of the three.
    """

    label: str  # 구분 (년도 또는 기간, 예: "2015")
    referred: int  # 의뢰
    selected_open: int  # 선정 - 진행
    selected_closed: int  # 선정 - 종결
    not_selected: int  # 미선정
    service_link: int  # 서비스연계

    @property
    def selected(self) -> int:  # 선정 소계
        return self.selected_open + self.selected_closed


@dataclass(frozen=True)
class HouseholdTypeCount:
    """사례관리대상자 유형 구분: households of one type."""

    group: str  # 구분 (문제 유형 / 가구 형태)
    household_type: str  # 가구유형 (알콜 및 정신질환, 부자가정 …)
    count: int  # 가구 수


@dataclass(frozen=True)
class DongCounts:
    """동단위 사례관리 추진 현황, one 동."""

    dong: str  # 동 명
    selected: int  # 선정
    selected_open: int  # 선정 중 미종결
    service_link: int  # 서비스연계
    not_selected: int  # 미선정

    @property
    def total(self) -> int:  # 소계
        return self.selected + self.service_link + self.not_selected


@dataclass(frozen=True)
class LongOpenCount:
    """장기 미종결 사례: cases still open, by the year they were opened."""

    opened_year: int  # 년도 (개시 연도)
    count: int  # 미종결 건수


@dataclass(frozen=True)
class StatisticsData:
    """통합사례관리 통계 for a period and (optionally) one 동."""

    center_name: str  # 기관명
    period_start: date  # 기간 시작
    period_end: date  # 기간 끝
    dong: str = ""  # 대상 동 ("" = 전체)
    case_counts: tuple[CaseCounts, ...] = ()  # 선정 및 진행 현황
    household_types: tuple[HouseholdTypeCount, ...] = ()  # 유형 구분
    per_dong: tuple[DongCounts, ...] = ()  # 동별 현황
    long_open: tuple[LongOpenCount, ...] = ()  # 장기 미종결
    prepared_on: date | None = None  # 작성일
    notes: tuple[str, ...] = field(default=())  # 비고


# ---------------------------------------------------------------- 초기상담 기록지, 욕구 및 위기도 조사표


@dataclass(frozen=True)
class IntakeRecordData:
    """초기상담 기록지."""

    center_name: str  # 기관명
    client: Person  # 대상자
    case_manager: str  # 상담자
    held_on: date | None = None  # 상담일
    case_no: str = ""  # 사례번호
    referral_source: str = ""  # 의뢰 경로 (본인, 이웃, 통반장, 129 …)
    referrer_detail: str = ""  # 의뢰자·기관 상세
    presenting_problems: str = ""  # 주요 문제 (주호소)
    decision: str = ""  # 초기상담 결과 (사례관리 접수 / 서비스연계 / 타기관 의뢰 / 정보제공 / 미해당)
    household_type: str = ""  # 가구 유형
    members: tuple[HouseholdMember, ...] = ()  # 가족구성원
    show_full_rrn: bool = False


@dataclass(frozen=True)
class AssessmentDomainRow:
    """욕구 및 위기도 조사, one 영역."""

    domain: str  # 영역 (안전, 건강 …)
    client_words: str = ""  # 대상자 욕구 (본인의 말)
    worker_view: str = ""  # 사례관리자 의견
    urgency: str = ""  # 긴급도 (없음 / 낮음 / 보통 / 높음)
    strengths: str = ""  # 강점·자원


@dataclass(frozen=True)
class AssessmentFormData:
    """욕구 및 위기도 조사표."""

    center_name: str  # 기관명
    client: Person  # 대상자 (조사 대상 가구원)
    case_manager: str  # 조사자
    held_on: date | None = None  # 조사일
    case_no: str = ""  # 사례번호
    is_reassessment: bool = False  # 재사정
    domains: tuple[AssessmentDomainRow, ...] = ()  # 영역별 욕구
    screenings: tuple[tuple[str, int, str], ...] = ()  # 선별검사: (도구, 점수, 결과)
    crisis_level: str = ""  # 위기도 (없음 / 낮음 / 보통 / 위기)
    suggested_case_type: str = ""  # 제안 사례 유형
    summary: str = ""  # 종합 의견
