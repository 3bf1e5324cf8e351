"""Households and their members, with the RRN sealed and masked."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from cryptography.exceptions import InvalidTag
from sqlalchemy import select

from models.entities import Dong, Household, Member
from models.types import Role

from . import rules
from . import rrn as rrn_mod
from .context import ServiceContext, audit
from .errors import AccessDenied, NotFound, ServiceError, ValidationError
from .hangul import clean_text, initials, phone_digits

INCOME_STATUSES = ("수급", "차상위", "일반", "수급탈락")
HOUSEHOLD_TYPES = ("독거", "노인부부", "부자", "모자", "한부모", "조손", "장애", "다문화", "일반")
PROBLEM_TYPES = ("알코올 및 정신질환", "장애 및 질병", "아동학대 및 가정폭력", "경제적 어려움", "주거", "기타")
MEMBER_FLAGS = ("의료급여", "의료과다이용", "조건부수급", "자활참여희망", "바우처방문서비스", "임신",
                "학대피해", "알코올문제", "중독문제", "자살위험", "정신질환미치료", "정신질환재발",
                "정신과퇴원", "장애", "안전위험", "초등학생")


@dataclass
class MemberInput:
    name: str
    rrn: str = ""
    relation: str = "본인"
    phone: str = ""
    lives_together: bool = True
    is_head: bool = False
    birth_date: date | None = None
    flags: list[str] = field(default_factory=list)


def _check_choices(values, allowed, label: str) -> list[str]:
    values = list(values or [])
    bad = [v for v in values if v not in allowed]
    if bad:
        raise ValidationError(f"{label}에 알 수 없는 값이 있습니다: {', '.join(map(str, bad))}", label)
    return values


def _clean_phone(text: str) -> str:
    phone = clean_text(text, field="전화번호", max_len=20)
    digits = phone_digits(phone)
    if phone and not 8 <= len(digits) <= 12:
        raise ValidationError("전화번호는 숫자 8~12자리로 입력하세요(예: 010-1234-5678).", "전화번호")
    return phone


def _household_fields(address: str, phone: str, income_status: str, household_types, problem_types) -> dict:
    """Validated household fields (the same checks for a new household and an edit)."""
    if income_status not in INCOME_STATUSES:
        raise ValidationError("소득 구분을 목록에서 고르세요.", "소득 구분")
    return dict(address=clean_text(address, field="주소", max_len=200, required=True), phone=_clean_phone(phone),
                income_status=income_status,
                household_types=_check_choices(household_types, HOUSEHOLD_TYPES, "가구 유형"),
                problem_types=_check_choices([rules.canonical_problem(p) for p in problem_types or ()],
                                             PROBLEM_TYPES, "문제 유형"))


def _writable(ctx: ServiceContext) -> None:
    if ctx.actor.role == Role.READ_ONLY:
        raise AccessDenied("열람 전용 계정은 가구 정보를 바꿀 수 없습니다.")


def _new_household(ctx: ServiceContext, s, dong_id: str, fields: dict) -> Household:
    if s.get(Dong, dong_id) is None:
        raise ValidationError("행정동을 고르세요.", "행정동")
    hh = Household(dong_id=dong_id, **fields)
    s.add(hh)
    s.flush()
    audit(s, ctx, "create", "household", hh.id)
    return hh


def create_household(ctx: ServiceContext, *, dong_id: str, address: str, phone: str = "",
                     income_status: str = "일반", household_types=(), problem_types=()) -> str:
    _writable(ctx)
    fields = _household_fields(address, phone, income_status, household_types, problem_types)
    with ctx.session() as s:
        return _new_household(ctx, s, dong_id, fields).id


def register_household(ctx: ServiceContext, *, dong_id: str, address: str, head: MemberInput, phone: str = "",
                       income_status: str = "일반", household_types=(), problem_types=()
                       ) -> tuple[str, str, list[str]]:
    """A new household with its first member, all or nothing. Returns (household, member, warnings)."""
    _writable(ctx)
    fields = _household_fields(address, phone, income_status, household_types, problem_types)
    with ctx.session() as s:
        hh = _new_household(ctx, s, dong_id, fields)
        member = Member(household_id=hh.id)
        warnings = _apply_member(ctx, member, head)
        s.add(member)
        s.flush()
        audit(s, ctx, "create", "member", member.id)
        return hh.id, member.id, warnings


def update_household(ctx: ServiceContext, household_id: str, *, dong_id: str, address: str, phone: str = "",
                     income_status: str = "일반", household_types=(), problem_types=()) -> None:
    _writable(ctx)
    fields = _household_fields(address, phone, income_status, household_types, problem_types)
    with ctx.session() as s:
        hh = ctx.load_household(s, household_id)
        if s.get(Dong, dong_id) is None:
            raise ValidationError("행정동을 고르세요.", "행정동")
        hh.dong_id = dong_id
        for key, value in fields.items():
            setattr(hh, key, value)
        audit(s, ctx, "update", "household", hh.id)


def _apply_member(ctx: ServiceContext, m: Member, data: MemberInput) -> list[str]:
    warnings: list[str] = []
    m.name = clean_text(data.name, field="이름", max_len=50, required=True)
    m.name_initials = initials(m.name)
    m.relation = clean_text(data.relation, field="관계", max_len=20) or "본인"
    m.phone = _clean_phone(data.phone)
    m.phone_digits = phone_digits(m.phone)
    m.lives_together = bool(data.lives_together)
    m.is_head = bool(data.is_head)
    m.flags = _check_choices(data.flags, MEMBER_FLAGS, "특성")
    if data.rrn.strip():
        parsed = rrn_mod.parse(data.rrn)
        warnings.extend(parsed.warnings)
        m.rrn_front = parsed.front
        m.rrn_masked = parsed.masked
        if not ctx.store.cipher.can_seal:
            raise ServiceError(NO_VAULT_KEY)
        m.rrn_sealed = ctx.store.cipher.seal(parsed.digits)
        m.birth_date = parsed.birth_date
        m.gender = parsed.gender
    elif not m.rrn_sealed:
        m.birth_date = data.birth_date
    if m.birth_date and m.birth_date > ctx.today():
        raise ValidationError("생년월일이 오늘 이후입니다.", "생년월일")
    return warnings


def add_member(ctx: ServiceContext, household_id: str, data: MemberInput) -> tuple[str, list[str]]:
    """Returns the new member's id and any warnings (e.g. an RRN check digit that does not match)."""
    _writable(ctx)
    with ctx.session() as s:
        ctx.load_household(s, household_id)
        m = Member(household_id=household_id)
        warnings = _apply_member(ctx, m, data)
        s.add(m)
        s.flush()
        audit(s, ctx, "create", "member", m.id)
        return m.id, warnings


def update_member(ctx: ServiceContext, member_id: str, data: MemberInput) -> list[str]:
    _writable(ctx)
    with ctx.session() as s:
        m = s.get(Member, member_id)
        if m is None:
            raise NotFound("가구원")
        ctx.load_household(s, m.household_id)
        warnings = _apply_member(ctx, m, data)  # an empty RRN field keeps the sealed number as it is
        audit(s, ctx, "update", "member", m.id)
        return warnings


# Whose work needs the full number (benefit applications, consent forms, referrals): not the
# read-only accounts, which review and monitor and see the masked number only.
RRN_REVEAL_ROLES = (Role.ADMIN, Role.SUPERVISOR, Role.CASE_MANAGER)


def reveal_rrn(ctx: ServiceContext, member_id: str, purpose: str) -> str:
    """The full number, for a form whose purpose needs it. Always logged with its purpose; a
    refusal too."""
    purpose = clean_text(purpose, field="열람 목적", max_len=200, required=True)
    with ctx.session() as s:
        m = s.get(Member, member_id)
        if m is None or not m.rrn_sealed:
            raise NotFound("주민등록번호")
        if ctx.actor.role not in RRN_REVEAL_ROLES:
            raise AccessDenied("열람 전용 계정은 주민등록번호 전체를 볼 수 없습니다. 가려진 번호만 표시됩니다.",
                               subject=m.id, entity="member", action="view_rrn")
        ctx.load_household(s, m.household_id, write=False)
        audit(s, ctx, "view_rrn", "member", m.id, purpose=purpose)
        return rrn_mod.parse(open_sealed_rrn(ctx, m.rrn_sealed)).formatted


# The account's key slot holds no vault key (models.keyslots): made without it and never upgraded.
NO_VAULT_KEY = ("이 계정의 키 정보에는 주민등록번호 암호화 키가 없습니다. 관리자에게 이 계정의 비밀번호를 "
                "다시 발급받은 뒤(계정 복원) 로그인하세요.")


def open_sealed_rrn(ctx: ServiceContext, sealed: bytes) -> str:
    """The full number, or a clear error where this device cannot open it (sealed elsewhere, or
    this account's key slot without the vault key)."""
    try:
        return ctx.store.cipher.open(sealed)
    except InvalidTag:
        if not ctx.store.has_vault_key:
            raise ServiceError(NO_VAULT_KEY) from None
        raise ServiceError("이 주민등록번호는 다른 기기에서 암호화되어 이 기기에서는 열 수 없습니다. "
                           "관리자에게 이 계정의 기관 암호화 키 발급(동기화 서버)을 요청하거나, "
                           "번호를 등록한 기기에서 출력하세요.") from None


def members_of(ctx: ServiceContext, household_id: str) -> list[Member]:
    with ctx.session() as s:
        ctx.load_household(s, household_id, write=False)
        return list(s.scalars(select(Member).where(Member.household_id == household_id)
                              .order_by(Member.is_head.desc(), Member.created_at)))
