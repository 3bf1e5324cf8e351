"""Enumerations shared by the models and the services.

Values are stable codes stored in the database; `label` gives the Korean text shown to people.
"""
from __future__ import annotations

from enum import StrEnum

from sqlalchemy import Enum as SAEnum


class Labeled(StrEnum):
    @property
    def label(self) -> str:
        return _LABELS.get(self, self.value)


class Role(Labeled):
    CASE_MANAGER = "case_manager"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"
    READ_ONLY = "read_only"


class Stage(Labeled):
    INTAKE = "intake"              # 1. 초기상담
    REGISTERED = "registered"      # 2. 접수
    ASSESSED = "assessed"          # 3. 욕구 및 위기도 조사 완료
    SELECTED = "selected"          # 5. 선정 (계획 수립 전)
    NOT_SELECTED = "not_selected"  # 5. 미선정 (끝)
    LINKED = "linked"              # 5. 서비스연계만 (끝)
    REFERRED_OUT = "referred_out"  # 5. 타 사례관리 사업으로 의뢰 (끝)
    IN_SERVICE = "in_service"      # 6–7. 계획 동의 후 서비스 제공 및 점검
    CLOSED = "closed"              # 8. 종결
    FOLLOW_UP = "follow_up"        # 9. 사후관리
    ENDED = "ended"                # 사후관리 종료 또는 초기상담에서 끝난 건


class IntakeDecision(Labeled):
    CASE_MANAGEMENT = "case_management"  # 사례관리 접수
    SERVICE_LINK = "service_link"        # 서비스연계
    REFER_OTHER = "refer_other"          # 타기관 의뢰
    INFORMATION = "information"          # 정보제공
    NOT_APPLICABLE = "not_applicable"    # 미해당


class SelectionOutcome(Labeled):
    SELECTED = "selected"
    NOT_SELECTED = "not_selected"
    SERVICE_LINK = "service_link"
    REFER_PROGRAM = "refer_program"
    CLOSE = "close"          # 종결회의의 종결 결정
    CONTINUE = "continue"    # 진행 점검: 유지


class MeetingKind(Labeled):
    INTERNAL = "internal"              # 내부사례회의
    DONG_SHARING = "dong_sharing"      # 동 사례공유/내부판정회의
    INTEGRATED = "integrated"          # 통합사례회의(솔루션회의)
    EXTENDED = "extended"              # 확대사례회의
    CLOSURE = "closure"                # 종결회의
    SUPERVISION = "supervision"        # 슈퍼비전
    REGIONAL = "regional"              # 권역별 민관협업 사례회의


class ContactKind(Labeled):
    VISIT = "visit"
    PHONE = "phone"
    OFFICE = "office"
    MESSAGE = "message"


class ConsentKind(Labeled):
    COLLECTION_USE = "collection_use"    # 개인정보 수집·이용
    THIRD_PARTY = "third_party"          # 제3자 제공
    MENTAL_HEALTH = "mental_health"      # 정신건강서비스 이용


class ReferralStatus(Labeled):
    SENT = "sent"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    CLOSED_BY_RECEIVER = "closed_by_receiver"


class ClosureReason(Labeled):
    GOAL_ACHIEVED = "goal_achieved"
    REFUSED = "refused"
    MOVED = "moved"
    DECEASED = "deceased"
    TRANSFERRED = "transferred"
    LOST_CONTACT = "lost_contact"
    OTHER = "other"


class ExpenseCategory(Labeled):
    MEDICAL = "medical"
    LIVING = "living"
    EDUCATION = "education"


_LABELS: dict[StrEnum, str] = {
    Role.CASE_MANAGER: "사례관리자", Role.SUPERVISOR: "팀장(슈퍼바이저)", Role.ADMIN: "관리자",
    Role.READ_ONLY: "열람전용",
    Stage.INTAKE: "초기상담", Stage.REGISTERED: "접수", Stage.ASSESSED: "욕구·위기도 조사",
    Stage.SELECTED: "선정", Stage.NOT_SELECTED: "미선정", Stage.LINKED: "서비스연계",
    Stage.REFERRED_OUT: "타 사업 의뢰", Stage.IN_SERVICE: "서비스 제공·점검", Stage.CLOSED: "종결",
    Stage.FOLLOW_UP: "사후관리", Stage.ENDED: "완료",
    IntakeDecision.CASE_MANAGEMENT: "사례관리 접수", IntakeDecision.SERVICE_LINK: "서비스연계",
    IntakeDecision.REFER_OTHER: "타기관 의뢰", IntakeDecision.INFORMATION: "정보제공",
    IntakeDecision.NOT_APPLICABLE: "미해당",
    SelectionOutcome.SELECTED: "선정", SelectionOutcome.NOT_SELECTED: "미선정",
    SelectionOutcome.SERVICE_LINK: "서비스연계", SelectionOutcome.REFER_PROGRAM: "타 사례관리 사업으로 의뢰",
    SelectionOutcome.CLOSE: "종결", SelectionOutcome.CONTINUE: "유지",
    MeetingKind.INTERNAL: "내부사례회의", MeetingKind.DONG_SHARING: "동 사례공유·내부판정회의",
    MeetingKind.INTEGRATED: "통합사례회의", MeetingKind.EXTENDED: "확대사례회의",
    MeetingKind.CLOSURE: "종결회의", MeetingKind.SUPERVISION: "슈퍼비전",
    MeetingKind.REGIONAL: "권역별 민관협업 사례회의",
    ContactKind.VISIT: "가정방문", ContactKind.PHONE: "전화", ContactKind.OFFICE: "내방",
    ContactKind.MESSAGE: "문자",
    ConsentKind.COLLECTION_USE: "개인정보 수집·이용", ConsentKind.THIRD_PARTY: "개인정보 제3자 제공",
    ConsentKind.MENTAL_HEALTH: "정신건강서비스 이용",
    ReferralStatus.SENT: "의뢰(회신 대기)", ReferralStatus.ACCEPTED: "수용", ReferralStatus.DECLINED: "반려",
    ReferralStatus.CLOSED_BY_RECEIVER: "수행기관 종결 통보",
    ClosureReason.GOAL_ACHIEVED: "목표달성", ClosureReason.REFUSED: "거부·포기", ClosureReason.MOVED: "전출",
    ClosureReason.DECEASED: "사망", ClosureReason.TRANSFERRED: "타기관 이관",
    ClosureReason.LOST_CONTACT: "연락두절", ClosureReason.OTHER: "기타",
    ExpenseCategory.MEDICAL: "의료비", ExpenseCategory.LIVING: "생활지원비",
    ExpenseCategory.EDUCATION: "교육훈련비",
}


def enum_column(enum_cls: type[StrEnum]) -> SAEnum:
    """Store the enum's value (not its name) as plain text: readable, and migration-friendly."""
    return SAEnum(enum_cls, native_enum=False, create_constraint=False, length=32,
                  values_callable=lambda e: [m.value for m in e])
