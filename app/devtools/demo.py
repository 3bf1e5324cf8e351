"""Demo data: a realistic 서대문구-like district with households in every stage of the workflow.

Everything goes through the same services a case manager uses, so the demo database obeys every
workflow rule (consents before registration, meeting decisions before selection …). Situations are
taken from the seeds: 독거노인 with alcohol problems, 부자가정 after a job loss, 조손가정, 한부모
월세 체납, 수급 탈락, abuse and untreated mental illness. Deterministic for a given seed.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import select

from models.entities import Dong, DongBudget, Resource, Staff
from models.keyslots import KdfParams
from models.types import (ClosureReason, ConsentKind, ContactKind, ExpenseCategory, IntakeDecision,
                          MeetingKind, Role, SelectionOutcome)

from app.services import accounts, cases, expenses, households, meetings, referrals
from app.services.cases import Companion, DomainInput, PlanItemInput, ScreeningInput
from app.services.context import ServiceContext, actor_for
from app.services.errors import ServiceError
from app.services.households import MemberInput
from app.services.meetings import AttendeeInput, DecisionInput

DONGS = ("천연동", "북아현동", "충현동", "신촌동", "연희동", "홍제1동", "홍제2동", "홍제3동", "홍은1동",
         "홍은2동", "남가좌1동", "남가좌2동", "북가좌1동", "북가좌2동")
SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍전고문양손배백허남심노하곽성차주우구민진나지엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용"
GIVEN = "민서지현수영준호은경미정희성진혜연숙자철동재상혁우석훈태윤하나라소유주선아옥순남길광명"
STREETS = ("연희로", "통일로", "신촌로", "명지대길", "가좌로", "홍제천로", "세검정로", "독립문로", "북아현로",
           "충정로", "연세로", "모래내로", "증가로", "수색로")
# Marked as a demo everywhere the center name shows (title bar, every printed form), so that nobody
# mistakes the demo database for a real one and enters real people into it.
CENTER = "서대문구 희망복지지원단(데모)"
DEMO_CONSENT_PURPOSES = {ConsentKind.COLLECTION_USE: "사례관리 서비스 제공",
                         ConsentKind.THIRD_PARTY: "서비스 연계를 위한 관계기관 정보 제공",
                         ConsentKind.MENTAL_HEALTH: "정신건강서비스 이용 연계"}
DEMO_PASSWORD = "demo-password-1"


@dataclass(frozen=True)
class Situation:
    summary: str
    types: tuple[str, ...]
    problems: tuple[str, ...]
    income: str
    urgency: dict
    head_age: tuple[int, int]
    members: tuple[tuple[str, tuple[int, int]], ...]  # extra members: relation, age range
    flags: tuple[str, ...] = ()
    screening: tuple[str, int] | None = None
    problem_text: str = ""


SITUATIONS = (
    Situation("독거노인(1인)", ("독거",), ("알코올 및 정신질환",), "수급",
              {"health": 2, "safety": 2, "social": 2, "daily_living": 1}, (66, 84), (),
              ("알코올문제", "안전위험"), ("AUDIT-K", 21),
              "매일 음주, 낙상 반복. 이웃이 며칠째 인기척이 없다고 신고."),
    Situation("부자가정(2인)", ("부자", "한부모"), ("경제적 어려움",), "차상위",
              {"economy": 3, "employment": 2, "education": 1, "family": 1}, (38, 52), (("자녀", (8, 12)),),
              (), None, "실직 후 월세 4개월 체납, 자녀 돌봄 공백."),
    Situation("조손가정(3인)", ("조손",), ("경제적 어려움", "장애 및 질병"), "수급",
              {"health": 2, "education": 2, "economy": 2, "daily_living": 1}, (68, 79),
              (("손자녀", (6, 11)), ("손자녀", (9, 12))), ("의료급여",), None,
              "조모 당뇨 합병증, 손자녀 학습 지원 필요."),
    Situation("모자가정(3인)", ("모자", "한부모"), ("경제적 어려움",), "차상위",
              {"economy": 2, "environment": 2, "employment": 1}, (31, 44), (("자녀", (3, 7)), ("자녀", (0, 2))),
              ("자활참여희망",), None, "월세 체납, 곰팡이 핀 반지하. 일자리 희망."),
    Situation("정신질환 의심 1인가구", ("일반",), ("알코올 및 정신질환",), "수급탈락",
              {"health": 3, "social": 2, "safety": 2, "economy": 2}, (40, 60), (),
              ("정신질환미치료", "자살위험"), ("PHQ-9", 19), "수급 탈락 후 외출 거부, 자해 언급."),
    Situation("아동학대 의심 가구(4인)", ("일반",), ("아동학대 및 가정폭력",), "일반",
              {"safety": 3, "family": 3, "education": 1}, (35, 45),
              (("배우자", (33, 45)), ("자녀", (5, 10)), ("자녀", (1, 4))), (), None,
              "학교에서 아동 멍 자국 신고(129 연계)."),
    Situation("노인부부(2인)", ("노인부부",), ("장애 및 질병",), "수급",
              {"health": 2, "daily_living": 2}, (76, 88), (("배우자", (74, 86)),), ("의료급여", "의료과다이용"),
              None, "중복처방, 잦은 입원. 보행 곤란."),
    Situation("장애인 가구(2인)", ("장애",), ("장애 및 질병",), "수급",
              {"health": 2, "daily_living": 2, "economy": 1}, (45, 63), (("자녀", (20, 30)),), ("장애", "조건부수급"),
              None, "지체장애, 자녀 조건부 수급자로 자활 참여 필요."),
)


def _rrn(rng: random.Random, born: date, male: bool) -> str:
    s = (1 if male else 2) if born.year < 2000 else (3 if male else 4)
    body = f"{born:%y%m%d}{s}" + "".join(str(rng.randint(0, 9)) for _ in range(5))
    weights = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
    check = (11 - sum(int(d) * w for d, w in zip(body, weights)) % 11) % 10
    return f"{body[:6]}-{body[6:]}{check}"


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)


def _born(rng: random.Random, today: date, ages: tuple[int, int]) -> date:
    return today - timedelta(days=rng.randint(ages[0] * 365 + 10, ages[1] * 365 + 300))


def _phone(rng: random.Random) -> str:
    return f"010-{rng.randint(2000, 9999)}-{rng.randint(1000, 9999)}"


# Final stage of each generated case and its weight: every stage of the workflow is present.
STAGE_MIX = (("intake", 7), ("intake_ended", 5), ("registered", 7), ("assessed", 8), ("not_selected", 4),
             ("linked", 4), ("referred_out", 3), ("selected", 6), ("in_service", 34), ("closed", 8),
             ("follow_up", 8), ("ended", 6))


class DemoBuilder:
    def __init__(self, admin: ServiceContext, seed: int, today: date):
        self.admin = admin
        self.rng = random.Random(seed)
        self.today = today
        self.withdrawal_shown = False
        with admin.session() as s:
            self.dongs = {d.name: d.id for d in s.scalars(select(Dong))}
            self.managers = [actor_for(st) for st in s.scalars(select(Staff).where(Staff.role == Role.CASE_MANAGER))]

    def at(self, ctx: ServiceContext, day: date) -> ServiceContext:
        moment = datetime.combine(min(day, self.today), time(10))
        return replace(ctx, clock=lambda: moment)

    def step_day(self, day: date, lo=2, hi=20) -> date:
        return min(day + timedelta(days=self.rng.randint(lo, hi)), self.today)

    def intake_record(self, sit: Situation) -> cases.IntakeRecord:
        """The 초기상담 기록지's situation, in line with the household's 소득 구분 and problems."""
        rng = self.rng
        poor = sit.income in ("수급", "차상위", "수급탈락")
        housing = rng.choice(("월세", "보증부 월세", "영구·국민임대") if poor else ("전세", "자가", "보증부 월세"))
        return cases.IntakeRecord(
            consult_method=rng.choice(cases.CONSULT_METHODS), urgent_support=sit.urgency.get("economy", 0) >= 3
            or sit.urgency.get("safety", 0) >= 3,
            monthly_income=rng.randrange(0, 900_000, 10_000) if poor else rng.randrange(1_500_000, 3_000_000, 10_000),
            assets=rng.randrange(0, 5_000_000, 100_000), debts=rng.randrange(0, 20_000_000, 100_000),
            housing_type=housing, housing_cost=rng.randrange(150_000, 450_000, 10_000) if "월세" in housing else 0,
            health_disability="장애 및 질병" in sit.problems and "만성질환, 정기 통원" or "",
            worker_opinion="긴급지원 검토 후 사례관리 필요성 판단" if poor else "자원 연계 중심으로 지원")

    def refer_where_called_for(self, ctx: ServiceContext, case_id: str, sit: Situation, ids: list[str],
                               day: date) -> None:
        """타 사업 의뢰 where the situation calls for one (no random draw: the rest stays as it was):
        self-harm talk → 정신건강 as an 집중사례; the child of a 부자가정 → 드림스타트, with the
        father's consent as legal representative (the older children then show the age-out alert)."""
        if "자살위험" in sit.flags:
            referrals.refer(ctx, case_id, ids[0], "mental_health", day, tier="intensive")
        elif sit.summary.startswith("부자가정"):
            cases.record_consent(ctx, case_id, member_id=ids[1], kind=ConsentKind.THIRD_PARTY, agreed=True,
                                 recorded_on=day, recipients=["서대문구 드림스타트"], legal_representative="부")
            referrals.refer(ctx, case_id, ids[1], "dream_start", day)

    def household(self, ctx: ServiceContext, sit: Situation, dong: str) -> tuple[str, list[str]]:
        rng = self.rng
        day = ctx.today()  # ages as of the first contact
        hh = households.create_household(
            ctx, dong_id=self.dongs[dong], address=f"서울 서대문구 {rng.choice(STREETS)} {rng.randint(1, 300)}"
            f"{'' if rng.random() < .5 else f', {rng.randint(1, 5)}0{rng.randint(1, 9)}호'}",
            phone="" if rng.random() < .6 else f"02-{rng.randint(300, 399)}-{rng.randint(1000, 9999)}",
            income_status=sit.income, household_types=sit.types, problem_types=sit.problems)
        male = rng.random() < (1 if sit.summary.startswith("부자") else 0 if sit.summary.startswith("모자") else .5)
        head = MemberInput(name=_name(rng), rrn=_rrn(rng, _born(rng, day, sit.head_age), male),
                           relation="본인", phone=_phone(rng), is_head=True, flags=list(sit.flags))
        ids = [households.add_member(ctx, hh, head)[0]]
        for relation, ages in sit.members:
            member = MemberInput(name=_name(rng), rrn=_rrn(rng, _born(rng, day, ages), rng.random() < .5),
                                 relation=relation, phone="" if ages[1] < 14 else _phone(rng),
                                 flags=["학대피해"] if "아동학대" in sit.summary and relation == "자녀" else [])
            ids.append(households.add_member(ctx, hh, member)[0])
        return hh, ids

    def case(self, target: str) -> None:
        rng = self.rng
        sit = rng.choice(SITUATIONS)
        actor = rng.choice(self.managers)
        base = replace(self.admin, actor=actor)
        # Long-open cases (장기 미종결) exist, as in seed 000: some opened years ago.
        back = rng.randint(800, 1900) if target == "in_service" and rng.random() < .15 else rng.randint(20, 700)
        day = self.today - timedelta(days=back)
        ctx = self.at(base, day)
        hh, ids = self.household(ctx, sit, rng.choice(DONGS))
        case_id = cases.open_intake(ctx, household_id=hh, primary_member_id=ids[0], held_on=day,
                                    referral_source=rng.choice(cases.REFERRAL_SOURCES[:9]),
                                    presenting_problems=sit.problem_text, record=self.intake_record(sit))
        if target == "intake":
            return
        if target == "intake_ended":
            cases.decide_intake(ctx, case_id, rng.choice([IntakeDecision.SERVICE_LINK, IntakeDecision.INFORMATION,
                                                          IntakeDecision.REFER_OTHER]))
            return
        consent_ids = {}
        for kind in (ConsentKind.COLLECTION_USE, ConsentKind.THIRD_PARTY) + \
                ((ConsentKind.MENTAL_HEALTH,) if "자살위험" in sit.flags or "알코올문제" in sit.flags else ()):
            # 수집·이용 and 제3자 제공 run to 종결 후 5년 as the form says; 정신건강서비스 for three
            # years, so long-open cases show it on the home screen's 동의 갱신 예정.
            consent_ids[kind] = cases.record_consent(
                ctx, case_id, member_id=ids[0], kind=kind, agreed=True, recorded_on=day,
                recipients=["서대문구 보건소"] if kind == ConsentKind.THIRD_PARTY else [],
                purposes=[DEMO_CONSENT_PURPOSES[kind]], items=["성명", "연락처", "가구 상황", "건강 상태"],
                valid_until=day + timedelta(days=3 * 365) if kind == ConsentKind.MENTAL_HEALTH else None)
        cases.decide_intake(ctx, case_id, IntakeDecision.CASE_MANAGEMENT)
        if target == "registered":
            return
        day = self.step_day(day)
        ctx = self.at(base, day)
        screenings = [ScreeningInput(*sit.screening)] if sit.screening else []
        result = cases.save_assessment(
            ctx, case_id, held_on=day, screenings=screenings, summary=sit.problem_text,
            domains={k: DomainInput(client_words="도움이 필요합니다.", worker_view=f"{sit.summary}: 긴급도 {v}",
                                    urgency=v, strengths="이웃과의 관계가 좋음" if k == "social" else "")
                     for k, v in sit.urgency.items()})
        if target == "assessed":
            return
        day = self.step_day(day)
        ctx = self.at(base, day)
        outcome = {"not_selected": SelectionOutcome.NOT_SELECTED, "linked": SelectionOutcome.SERVICE_LINK,
                   "referred_out": SelectionOutcome.REFER_PROGRAM}.get(target, SelectionOutcome.SELECTED)
        attendees = [AttendeeInput("오세영", CENTER, "hope_cm"), AttendeeInput(actor.display_name, CENTER, "dong_cm")]
        topics = []
        if "health" in sit.urgency and sit.urgency["health"] >= 3:
            attendees.append(AttendeeInput("정보건", "서대문구 정신건강복지센터", "mental_center"))
            topics.append("mental_health_main")
        if "아동학대" in sit.summary:   # seed 000: 아동보호전문기관 and the 교육청 sit in on such cases
            attendees += [AttendeeInput("한보호", "서울시서부아동보호전문기관", "child_protection"),
                          AttendeeInput("정상담", "서울서부교육지원청", "education_office"),
                          AttendeeInput("최교수", "○○대학교 사회복지학과", "expert", field="아동")]
        held = datetime.combine(day, time(14))
        # Half the minutes set the next meeting two weeks on (차기 회의 일정); by the day, so the
        # random draws (and the rest of the demo) stay as they were.
        next_at = held + timedelta(days=14) if day.toordinal() % 2 else None
        meetings.record_meeting(
            ctx, kind=MeetingKind.INTEGRATED, held_at=held, place="구청 회의실", next_meeting_at=next_at,
            chair="박팀장", attendees=attendees, minutes=f"{sit.summary} 사례 논의",
            decisions=[DecisionInput(case_id, outcome, household_summary=sit.summary, issues=sit.problem_text,
                                     case_type=result.suggested_case_type if outcome == SelectionOutcome.SELECTED
                                     else None, lead_agency=CENTER, topics=topics,
                                     role_split="동: 모니터링, 희망복지지원단: 자원연계")])
        if target in ("not_selected", "linked", "referred_out", "selected"):
            if target == "not_selected" and not self.withdrawal_shown:
                # One client withdraws the third-party consent by phone after not being selected
                # (the case file shows 철회; what was recorded before stays).
                cases.withdraw_consent(ctx, consent_ids[ConsentKind.THIRD_PARTY], day, "전화")
                self.withdrawal_shown = True
            return
        day = self.step_day(day)
        ctx = self.at(base, day)
        items = [PlanItemInput(domain, service, need=f"{service} 필요", goal="6개월 내 안정",
                               long_goal="위기 해소 후 스스로 생활 유지", provider=provider,
                               frequency="월 1회", starts_on=day, ends_on=day + timedelta(days=180),
                               cost=rng.choice([0, 0, 100000, 200000]))
                 for domain, service, provider in rng.sample(PLAN_SERVICES, 2)]
        plan = cases.save_service_plan(ctx, case_id, made_on=day, goals="생활 안정과 위기 해소", items=items)
        cases.agree_plan(ctx, plan, day)
        self.refer_where_called_for(ctx, case_id, sit, ids, day)
        try:
            expenses.add_expense(ctx, case_id, category=rng.choice(list(ExpenseCategory)),
                                 amount=rng.choice([100000, 150000, 300000]), spent_on=day, note="긴급 지원")
        except ServiceError:
            pass  # the 동 budget ran out: realistic, and the cap is the point
        for _ in range(rng.randint(1, 6)):
            day = self.step_day(day, 5, 35)
            ctx = self.at(base, day)
            visit = rng.random() < .5
            companions = [Companion("이복지", "assistant")] if visit and "알코올문제" in sit.flags else []
            cases.record_contact(ctx, case_id, occurred_at=datetime.combine(day, time(rng.randint(9, 17))),
                                 kind=ContactKind.VISIT if visit else ContactKind.PHONE, companions=companions,
                                 note=rng.choice(NOTES))
        if target == "in_service":
            return
        day = self.step_day(day)
        ctx = self.at(base, day)
        meetings.record_meeting(ctx, kind=MeetingKind.CLOSURE, held_at=datetime.combine(day, time(10)),
                                in_writing=rng.random() < .4, attendees=attendees,
                                decisions=[DecisionInput(case_id, SelectionOutcome.CLOSE, household_summary=sit.summary)])
        cases.close_case(ctx, case_id, reason=rng.choice([ClosureReason.GOAL_ACHIEVED] * 3 + [ClosureReason.MOVED,
                                                                                             ClosureReason.REFUSED]),
                         evaluation="계획한 목표를 대부분 달성함. 위기 상황 해소.", closed_on=day,
                         follow_up_plan="3개월 후 방문건강관리 연계 확인",
                         # 종결 안내 at the closing visit, on most cases (by the day: no extra random draw)
                         informed_on=day if day.toordinal() % 3 else None,
                         informed_how="방문" if day.toordinal() % 3 else None)
        if target == "closed":
            return
        follow_day = day + timedelta(days=rng.randint(30, 90))
        [fu] = cases.start_follow_up(ctx, case_id, [(follow_day, rng.choice(["노인돌봄", "방문건강"]))])
        if target == "follow_up" or follow_day > self.today:
            return
        ctx = self.at(base, follow_day)
        cases.complete_follow_up(ctx, fu, follow_day, "안정적으로 생활 중임을 확인")
        cases.end_follow_up(ctx, case_id)


PLAN_SERVICES = (("economy", "긴급 생계지원", "서대문구청"), ("health", "방문건강관리", "서대문구 보건소"),
                 ("daily_living", "밑반찬 지원", "연희종합사회복지관"), ("education", "학습 멘토링", "지역아동센터"),
                 ("employment", "자활근로 연계", "서대문지역자활센터"), ("environment", "주거환경 개선", "주거복지센터"),
                 ("social", "말벗 서비스", "노인종합복지관"), ("legal", "법률 상담", "대한법률구조공단"))
NOTES = ("안부 확인, 건강 상태 양호. 복약 확인함.", "월세 지원 후 생활 안정. 자녀 등교 잘 함.",
         "음주 여부 확인, 절주 의지 보임. 다음 주 재방문 약속.", "병원 동행, 진료 결과 설명.",
         "밑반찬 전달, 말벗 서비스 만족.", "전화 상담: 일자리 면접 일정 안내.")


def build_demo(path: Path, *, households_count: int = 300, seed: int = 2016,
               kdf: KdfParams | None = None, today: date | None = None) -> ServiceContext:
    """Create a new encrypted demo database. Sign in as admin / staff01…staff08 with DEMO_PASSWORD."""
    today = today or date.today()
    admin = accounts.create_database(path, accounts.NewCenter(name=CENTER, district="서대문구", dongs=DONGS),
                                     admin_username="admin", admin_name="관리자", admin_password=DEMO_PASSWORD,
                                     kdf=kdf)
    admin.clock = lambda: datetime.combine(today, time(9))
    teams = ("1팀", "2팀")
    for i in range(1, 9):
        accounts.add_staff(admin, username=f"staff{i:02d}", display_name=_name(random.Random(i)) ,
                           role=Role.CASE_MANAGER, team=teams[i % 2], password=DEMO_PASSWORD, kdf=kdf)
    for i, team in enumerate(teams, 1):
        accounts.add_staff(admin, username=f"lead{i}", display_name=f"{'박최'[i - 1]}팀장", role=Role.SUPERVISOR,
                           team=team, password=DEMO_PASSWORD, kdf=kdf)
    with admin.session() as s:
        for dong_id in s.scalars(select(Dong.id)):
            for year in (today.year - 1, today.year):
                s.add(DongBudget(dong_id=dong_id, year=year, line="운영비", amount=2_000_000))
                s.add(DongBudget(dong_id=dong_id, year=year, line="사업비", amount=4_000_000))
        for domain, service, provider in PLAN_SERVICES:
            s.add(Resource(center_id=admin.actor.center_id, provider=provider, service=service, domain=domain))
    builder = DemoBuilder(admin, seed, today)
    weights = [w for _, w in STAGE_MIX]
    for target in builder.rng.choices([t for t, _ in STAGE_MIX], weights, k=households_count):
        builder.case(target)
    return admin
