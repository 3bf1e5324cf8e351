"""Referral between the eight public case management programs, checked against versioned rules."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from models.entities import Referral
from models.types import ConsentKind, ReferralStatus

from . import rules
from .case_facts import OPEN_STAGES, has_consent, member_of_case, require_stage, subject_for
from .context import ServiceContext, audit
from .errors import ValidationError, WorkflowError
from .hangul import clean_text


@dataclass
class ReferralCheck:
    program: str
    name: str
    how: str
    emergency: str
    results: list[rules.CriterionResult]
    third_party_consent: bool

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
        consent = has_consent(s, case.id, member.id, ConsentKind.THIRD_PARTY)
        return ReferralCheck(program, spec["name"], spec["how"], spec.get("emergency", ""), results, consent)


def refer(ctx: ServiceContext, case_id: str, member_id: str, program: str, sent_on: date) -> str:
    """Refer a person to another program. Refused unless every criterion and third-party consent hold."""
    check = check_referral(ctx, case_id, member_id, program)
    if not check.third_party_consent:
        raise WorkflowError("다른 기관에 의뢰하려면 개인정보 제3자 제공 동의가 필요합니다.")
    failed = [r.label for r in check.results if not r.passed]
    if failed:
        raise WorkflowError(f"{check.name} 의뢰 기준을 충족하지 않습니다: " + "; ".join(failed))
    with ctx.session() as s:
        case = ctx.load_case(s, case_id)
        require_stage(case, OPEN_STAGES, "타 사업 의뢰")
        ref = Referral(case_id=case.id, member_id=member_id, program=program,
                       rules_version=rules.load("referral_programs")["version"],
                       criteria=[r.as_dict() for r in check.results], sent_on=sent_on)
        s.add(ref)
        s.flush()
        audit(s, ctx, "share", "referral", member_id, purpose=f"{check.name} 의뢰")
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
