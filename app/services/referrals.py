"""Referral between the eight public case management programs, checked against versioned rules."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from models.entities import Referral
from models.types import ConsentKind, ReferralStatus

from . import rules
from .case_facts import OPEN_STAGES, consent_problem, member_of_case, require_stage, subject_for
from .context import ServiceContext, audit
from .errors import ValidationError, WorkflowError
from .hangul import clean_text


@dataclass(frozen=True)
class Tier:
    """One of a program's referral tiers (정신건강: 응급·위기·집중사례) and what it asks to do."""
    code: str
    label: str
    when: str
    do: str
    call_first: bool = False   # 112/119 before anything else


@dataclass
class ReferralCheck:
    program: str
    name: str
    how: str
    emergency: str
    results: list[rules.CriterionResult]
    third_party_consent: bool
    tiers: tuple[Tier, ...] = ()
    crisis_line: str = ""
    consent_note: str = ""   # the third-party consent named as it stands, when it does not cover this

    @property
    def eligible(self) -> bool:
        return self.third_party_consent and all(r.passed for r in self.results)


def check_referral(ctx: ServiceContext, case_id: str, member_id: str, program: str) -> ReferralCheck:
    try:
        spec = rules.program(program)
    except KeyError:
        raise ValidationError("의뢰할 사업을 목록에서 고르세요.", "사업") from None
    with ctx.session() as s:
        case = ctx.load_case(s, case_id, write=False)
        member = member_of_case(s, case, member_id)
        results = rules.evaluate_program(program, subject_for(s, case, member, ctx.today()))
        problem = consent_problem(s, case.id, member.id, ConsentKind.THIRD_PARTY, ctx.today(),
                                  "다른 기관에 의뢰할")
        return ReferralCheck(program, spec["name"], spec["how"], spec.get("emergency", ""), results,
                             problem is None, program_tiers(program), spec.get("crisis_line", ""), problem or "")


def program_tiers(program: str) -> tuple[Tier, ...]:
    return tuple(Tier(t["code"], t["label"], t["when"], t["do"], bool(t.get("call_first")))
                 for t in rules.program(program).get("tiers", ()))


def tier_problem(program: str, tier: str | None) -> str | None:
    """Why the tier cannot be sent with this program's referral (None: it can)."""
    tiers = program_tiers(program)
    if not tiers:
        return None if tier is None else "이 사업은 사례 구분 없이 의뢰합니다."
    if tier not in {t.code for t in tiers}:
        return f"{' · '.join(t.label for t in tiers)} 중 어떤 사례인지 고르세요."
    return None


def refer(ctx: ServiceContext, case_id: str, member_id: str, program: str, sent_on: date,
          tier: str | None = None) -> str:
    """Refer a person to another program. Refused unless every criterion and third-party consent hold
    and, for a program with tiers (정신건강), the tier is chosen."""
    check = check_referral(ctx, case_id, member_id, program)
    problem = tier_problem(program, tier)
    if problem:
        raise ValidationError(problem, "사례 구분")
    if not check.third_party_consent:
        raise WorkflowError(check.consent_note)
    failed = [r.label for r in check.results if not r.passed]
    if failed:
        raise WorkflowError(f"{check.name} 의뢰 기준을 충족하지 않습니다: " + "; ".join(failed))
    with ctx.session() as s:
        case = ctx.load_case(s, case_id)
        require_stage(case, OPEN_STAGES, "타 사업 의뢰")
        ref = Referral(case_id=case.id, member_id=member_id, program=program,
                       rules_version=rules.load("referral_programs")["version"],
                       criteria=[r.as_dict() for r in check.results], sent_on=sent_on, tier=tier)
        s.add(ref)
        s.flush()
        label = next((t.label for t in check.tiers if t.code == tier), "")
        audit(s, ctx, "share", "referral", member_id, purpose=f"{check.name} 의뢰" + (f"({label})" if label else ""))
        return ref.id


def record_reply(ctx: ServiceContext, referral_id: str, status: ReferralStatus, reply: str,
                 replied_on: date) -> None:
    """회신: every referral is answered; a program closing a referred case tells the referrer."""
    if status == ReferralStatus.SENT:
        raise ValidationError("회신 결과(수용, 반려, 종결 통보)를 고르세요.", "회신")
    reply = clean_text(reply, field="회신 내용", max_len=4000, required=True, multiline=True)
    with ctx.session() as s:
        ref, _ = ctx.load_case_record(s, Referral, referral_id, "의뢰")
        if replied_on < ref.sent_on:
            raise ValidationError("회신일이 의뢰일보다 앞섭니다.", "회신일")
        ref.status, ref.reply, ref.replied_on = status, reply, replied_on
        audit(s, ctx, "update", "referral", ref.member_id)
