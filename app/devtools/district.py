"""District-scale synthetic data (100,000 persons, 20,000 cases, 500,000 contact notes) for benchmarks.

Going through the services would take hours at this size (every call is its own transaction with
an audit row and an outbox row), so rows are written with SQLAlchemy Core bulk inserts
(executemany) inside a few large transactions. The rows have the shapes the services give them:
NFC text, `name_initials` from `hangul.initials`, `phone_digits`, `rrn_front`/`rrn_masked` and the
RRN sealed with the store's FieldCipher, and every case is consistent with the stage it is in
(an in-service case has its consents, intake decision, assessment, selection meeting decision,
agreed plan and contacts; a closed one also has its closure meeting and closure; and so on, as in
`app.devtools.demo`, whose name lists and situations are reused here).

What differs from data made through the services, on purpose:
- no outbox rows: the generated data stands for a store that is already in step with the hub
  (as after a first pull); only later edits produce outbox rows;
- no audit rows for the generated records (nobody looked at them);
- meetings are shared: one 통합사례회의 per 동 per week decides all of that week's cases, a
  종결회의 per 동 per week closes cases, and each team's monthly 내부사례회의 reviews long cases;
- only `admin`, `staff001` (a case manager) and `lead1` (a supervisor) get key slots; the other
  staff rows exist without one (an administrator can grant access later).

Deterministic for a given seed and size (ids, names, dates, texts); only the random nonces inside
the sealed RRN bytes differ from one build to the next.

Also here: `case_history`, opening a case with its full history (used by the benchmark), which is
`views.case_file.case_detail` (the UI's own query).
"""
from __future__ import annotations

import math
import random
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Callable

from sqlalchemy import insert, select, update

from models.entities import (Assessment, AssessmentDomain, Case, Closure, Consent, Contact, Dong,
                             DongBudget, Expense, FollowUp, Household, Intake, Meeting, MeetingAttendee,
                             MeetingDecision, Member, Meta, PlanItem, Referral, Region, Resource,
                             Screening, ServicePlan, Staff)
from models.keyslots import KdfParams
from models.types import (ClosureReason, ConsentKind, ContactKind, ExpenseCategory, IntakeDecision,
                          MeetingKind, ReferralStatus, Role, SelectionOutcome, Stage)

from app.services import accounts, rules
from app.services import rrn as rrn_mod
from app.services.cases import REFERRAL_SOURCES, device_code
from app.services.context import ServiceContext
from .demo import (CENTER, DEMO_PASSWORD, DONGS, GIVEN, NOTES, PLAN_SERVICES, SITUATIONS, STAGE_MIX, STREETS,
                   SURNAMES, Situation, _born, _phone, _rrn)
from app.services.hangul import initials, phone_digits
from app.services.rrn import age_on

PERSONS = 100_000
CASES_PER_PERSON = 0.2      # 20,000 cases for 100,000 persons
CONTACTS_PER_PERSON = 5     # 500,000 contact notes
CASES_PER_MANAGER = 350     # over all years and stages; about 120 open at a time
REGIONS = (("1권역", DONGS[0:4]), ("2권역", DONGS[4:8]), ("3권역", DONGS[8:11]), ("4권역", DONGS[11:14]))
BENCH_USERS = ("admin", "staff001", "lead1")
META_KEY = "district:spec"
CHUNK = 20_000

# Surnames by frequency (김, 이, 박 … are far commoner than 편 or 용): a Zipf-like weight over the
# demo's list, which is roughly in order of frequency.
_SURNAME_WEIGHTS = [1 / (rank ** 1.3) for rank in range(1, len(SURNAMES) + 1)]
_CONTACT_KINDS = (ContactKind.VISIT, ContactKind.PHONE, ContactKind.OFFICE, ContactKind.MESSAGE)
_CONTACT_WEIGHTS = (40, 45, 10, 5)
_EARLY_NOTES = ("초기상담 후 추가 서류 안내.", "동의서 작성 일정 확인 전화.", "욕구조사 방문 일정 조율.",
                "사례회의 결과 안내 예정임을 알림.")
_REVIEW_DIRECTIONS = ("현 계획 유지, 월 1회 모니터링.", "건강 악화로 방문 주기 단축.", "자원 연계 확대 검토.",
                      "목표 일부 달성, 종결 준비 논의.")


@dataclass
class DistrictSummary:
    path: Path
    persons: int
    households: int
    cases: int
    contacts: int
    meetings: int
    referrals: int
    consents: int
    seconds: float
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class _Person:
    id: str
    relation: str
    age: int
    flags: tuple[str, ...]
    lives_together: bool


@dataclass
class _Household:
    id: str
    dong: int
    sit: Situation
    members: list[_Person]


@dataclass
class _CasePlan:
    id: str
    hh: _Household
    target: str
    manager: int
    opened: date
    case_no: str = ""


def _name(rng: random.Random) -> str:
    return rng.choices(SURNAMES, _SURNAME_WEIGHTS)[0] + rng.choice(GIVEN) + rng.choice(GIVEN)


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour))


class _Writer:
    """Buffers rows per table and writes them with executemany in chunks, in FK order on flush."""

    def __init__(self, conn):
        self.conn = conn
        self.rows: dict[Any, list[dict]] = {}
        self.counts: dict[str, int] = {}

    def add(self, table, row: dict) -> None:
        buf = self.rows.setdefault(table, [])
        buf.append(row)
        if len(buf) >= CHUNK and table is Contact.__table__:
            self.write(table)

    def write(self, table) -> None:
        buf = self.rows.get(table)
        if buf:
            self.conn.execute(insert(table), buf)
            self.counts[table.name] = self.counts.get(table.name, 0) + len(buf)
            buf.clear()

    def flush(self, order) -> None:
        for entity in order:
            self.write(entity.__table__)


class DistrictBuilder:
    def __init__(self, ctx: ServiceContext, *, persons: int, seed: int, today: date):
        self.ctx = ctx
        self.store = ctx.store
        self.persons = persons
        self.rng = random.Random(seed)
        self.today = today
        self.case_target = max(1, round(persons * CASES_PER_PERSON))
        self.contact_target = persons * CONTACTS_PER_PERSON
        self.version = rules.load("assessment")["version"]
        self.ref_version = rules.load("referral_programs")["version"]
        self.case_types = [t["name"] for t in rules.case_type_set("district")]
        self.meetings: dict[tuple, dict] = {}

    # --- ids, rows --------------------------------------------------------------------------
    def uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def rec(self, day: date, **values) -> dict:
        stamp = _at(day, 9)
        return {"id": self.uid(), "version": 1, "created_at": stamp, "updated_at": stamp, **values}

    # --- organisation -----------------------------------------------------------------------
    def organisation(self, conn, w: _Writer) -> None:
        rng, ctx = self.rng, self.ctx
        start = self.today - timedelta(days=2000)
        self.center_id = ctx.actor.center_id
        self.dong_ids = dict(conn.execute(select(Dong.name, Dong.id)).all())
        self.dong_list = [self.dong_ids[d] for d in DONGS]
        self.teams = [f"{i}팀" for i in range(1, len(REGIONS) + 1)]
        dong_team = {}
        for i, (region, dongs) in enumerate(REGIONS):
            rid = self.uid()
            conn.execute(insert(Region.__table__), [self.rec(start, id=rid, center_id=self.center_id, name=region,
                                                             member_agencies=[CENTER, "서대문구 보건소",
                                                                              "연희종합사회복지관"])])
            for d in dongs:
                dong_team[DONGS.index(d)] = i
                conn.execute(update(Dong.__table__).where(Dong.id == self.dong_ids[d]).values(region_id=rid))
        managers = max(len(DONGS) if self.case_target >= 2000 else 2, round(self.case_target / CASES_PER_MANAGER))
        self.managers: list[dict] = []
        self.managers_by_dong: dict[int, list[int]] = {}
        for i in range(managers):
            dong = i % len(DONGS)
            team = self.teams[dong_team[dong]]
            row = self.rec(start, center_id=self.center_id, username=f"staff{i + 1:03d}",
                           display_name=_name(rng), role=Role.CASE_MANAGER, team=team,
                           agency=CENTER, dong_id=self.dong_list[dong], active=True)
            row["_device"] = device_code(self.uid())  # each manager's laptop numbers its own cases
            self.managers.append(row)
            self.managers_by_dong.setdefault(dong, []).append(i)
            w.add(Staff.__table__, {k: v for k, v in row.items() if not k.startswith("_")})
        self.leads = []
        for i, team in enumerate(self.teams, 1):
            row = self.rec(start, center_id=self.center_id, username=f"lead{i}",
                           display_name=rng.choice(SURNAMES[:10]) + "팀장", role=Role.SUPERVISOR, team=team,
                           agency=CENTER, dong_id=None, active=True)
            self.leads.append(row)
            w.add(Staff.__table__, row)
        self.hope_cm = [_name(rng) for _ in REGIONS]  # 희망복지지원단 통합사례관리사 per 권역
        for year in range(start.year, self.today.year + 1):
            for dong_id in self.dong_list:
                w.add(DongBudget.__table__, self.rec(start, dong_id=dong_id, year=year, line="운영비",
                                                     amount=2_000_000))
                w.add(DongBudget.__table__, self.rec(start, dong_id=dong_id, year=year, line="사업비",
                                                     amount=4_000_000))
        self.resources = {}
        for domain, service, provider in PLAN_SERVICES:
            row = self.rec(start, center_id=self.center_id, provider=provider, service=service, domain=domain,
                           formal=True, phone="")
            self.resources[service] = row["id"]
            w.add(Resource.__table__, row)
        self.dong_team = dong_team
        w.flush([Staff, DongBudget, Resource])

    # --- households and people ----------------------------------------------------------------
    def people(self, w: _Writer) -> list[_Household]:
        rng, cipher, today = self.rng, self.store.cipher, self.today
        households: list[_Household] = []
        made = 0
        registered = today - timedelta(days=2200)
        while made < self.persons:
            sit = rng.choice(SITUATIONS)
            dong = rng.randrange(len(DONGS))
            unit = "" if rng.random() < .5 else f", {rng.randint(1, 5)}0{rng.randint(1, 9)}호"
            hh_row = self.rec(registered + timedelta(days=rng.randint(0, 2000)), dong_id=self.dong_list[dong],
                              address=f"서울 서대문구 {rng.choice(STREETS)} {rng.randint(1, 300)}{unit}",
                              phone="" if rng.random() < .6 else f"02-{rng.randint(300, 399)}-{rng.randint(1000, 9999)}",
                              income_status=sit.income, household_types=list(sit.types),
                              problem_types=list(sit.problems))
            hh = _Household(hh_row["id"], dong, sit, [])
            male_head = rng.random() < (1 if sit.summary.startswith("부자") else
                                        0 if sit.summary.startswith("모자") else .5)
            specs = [("본인", sit.head_age, male_head, list(sit.flags), True)]
            for relation, ages in sit.members:
                flags = ["학대피해"] if "아동학대" in sit.summary and relation == "자녀" else []
                specs.append((relation, ages, rng.random() < .5, flags, False))
            for relation, ages, male, flags, head in specs[: self.persons - made]:
                born = _born(rng, today, ages)
                parsed = rrn_mod.parse(_rrn(rng, born, male))
                name = _name(rng)
                phone = "" if ages[1] < 14 else _phone(rng)
                together = head or rng.random() < .93
                row = self.rec(hh_row["created_at"].date(), household_id=hh.id, name=name,
                               name_initials=initials(name), birth_date=parsed.birth_date, gender=parsed.gender,
                               rrn_front=parsed.front, rrn_masked=parsed.masked,
                               rrn_sealed=cipher.seal(parsed.digits), relation=relation, is_head=head,
                               lives_together=together, phone=phone, phone_digits=phone_digits(phone),
                               flags=flags)
                w.add(Member.__table__, row)
                hh.members.append(_Person(row["id"], relation, age_on(parsed.birth_date, today), tuple(flags),
                                          together))
                made += 1
            w.add(Household.__table__, hh_row)
            households.append(hh)
            if len(w.rows.get(Member.__table__, ())) >= CHUNK:
                w.flush([Household, Member])
        w.flush([Household, Member])
        return households

    # --- cases ----------------------------------------------------------------------------------
    def plan_cases(self, households: list[_Household]) -> list[_CasePlan]:
        rng = self.rng
        targets = [t for t, _ in STAGE_MIX]
        weights = [wt for _, wt in STAGE_MIX]
        # About one case in twenty is a household's second case, after an earlier one ended.
        distinct = min(len(households), max(1, round(self.case_target * .95)))
        chosen = rng.sample(households, distinct)
        homes = chosen + [rng.choice(chosen) for _ in range(self.case_target - distinct)]
        plans = []
        for hh in homes:
            target = rng.choices(targets, weights)[0]
            staff = self.managers_by_dong.get(hh.dong) or list(range(len(self.managers)))
            plans.append(_CasePlan(self.uid(), hh, target, rng.choice(staff), self.today))
        return plans

    def step(self, day: date, lo: int = 2, hi: int = 20) -> date:
        return min(day + timedelta(days=self.rng.randint(lo, hi)), self.today)

    def meeting(self, kind: MeetingKind, key, day: date, *, in_writing: bool = False) -> dict:
        m = self.meetings.get((kind, key, day))
        if m is None:
            m = {"id": self.uid(), "kind": kind, "day": day, "key": key, "in_writing": in_writing,
                 "decisions": [], "attendees": {}, "topics": set()}
            self.meetings[(kind, key, day)] = m
        return m

    def selection_day(self, day: date) -> date:
        """The 동's weekly 통합사례회의 is on Wednesday: decisions wait for it (unless it is in the future)."""
        wednesday = day + timedelta(days=(2 - day.weekday()) % 7)
        return wednesday if wednesday <= self.today else day

    def write_cases(self, conn, w: _Writer, plans: list[_CasePlan]) -> None:
        rng, today = self.rng, self.today
        # Dates first: a case's whole history must fit before today.
        spans = {"intake": 0, "intake_ended": 0, "registered": 0, "assessed": 20, "not_selected": 46,
                 "linked": 46, "referred_out": 46, "selected": 46, "in_service": 66, "closed": 500,
                 "follow_up": 520, "ended": 620}
        for p in plans:
            if p.target == "in_service" and rng.random() < .15:
                back = rng.randint(800, 1900)  # 장기 미종결, as in seed 000
            else:
                back = spans[p.target] + rng.randint(20, 700)
            p.opened = today - timedelta(days=back)
        plans.sort(key=lambda p: (p.opened, p.id))
        per_device: dict[tuple[int, str], int] = {}
        for p in plans:  # 사례번호 as cases.next_case_no makes them: year, device, number ("2026-KTP-0007")
            key = (p.opened.year, self.managers[p.manager]["_device"])
            per_device[key] = per_device.get(key, 0) + 1
            p.case_no = f"{key[0]}-{key[1]}-{per_device[key]:04d}"
        # Contacts are shared out in proportion to how long each case has been in service.
        self.service_spans: dict[str, tuple[date, date]] = {}
        self.expense_room: dict[tuple[str, int], int] = {}
        self.hh_spent: dict[tuple[str, int], int] = {}
        self.contact_plans: list[tuple[_CasePlan, date, date, bool, dict]] = []
        for p in plans:
            self.one_case(w, p)
            if len(w.rows.get(Consent.__table__, ())) >= CHUNK:
                w.flush([Case, Intake, Consent])
        w.flush([Case, Intake, Consent, Assessment, AssessmentDomain, Screening])
        self.write_meetings(w)
        w.flush([Meeting, MeetingAttendee, MeetingDecision, ServicePlan, PlanItem, Expense, Referral, Closure,
                 FollowUp])

    def one_case(self, w: _Writer, p: _CasePlan) -> None:
        rng, today = self.rng, self.today
        sit, hh, target = p.hh.sit, p.hh, p.target
        head = hh.members[0]
        mgr = self.managers[p.manager]
        day = p.opened
        stage = Stage.INTAKE
        case = self.rec(day, id=p.id, case_no=p.case_no, household_id=hh.id, primary_member_id=head.id,
                        manager_id=mgr["id"], team=mgr["team"], stage=stage, case_type=None, lead_agency="",
                        opened_on=day, closed_on=None)
        intake = self.rec(day, case_id=p.id, staff_id=mgr["id"], held_on=day,
                          referral_source=rng.choice(REFERRAL_SOURCES[:9]), referrer_detail="",
                          presenting_problems=sit.problem_text, decision=None)
        w.add(Case.__table__, case)
        w.add(Intake.__table__, intake)
        if target == "intake":
            self.early_contacts(p, day, today)
            return
        if target == "intake_ended":
            intake["decision"] = rng.choice([IntakeDecision.SERVICE_LINK, IntakeDecision.INFORMATION,
                                             IntakeDecision.REFER_OTHER])
            case.update(stage=Stage.ENDED, closed_on=day)
            return
        consents = {ConsentKind.COLLECTION_USE.value, ConsentKind.THIRD_PARTY.value}
        kinds = [ConsentKind.COLLECTION_USE, ConsentKind.THIRD_PARTY]
        if "자살위험" in sit.flags or "알코올문제" in sit.flags:
            kinds.append(ConsentKind.MENTAL_HEALTH)
            consents.add(ConsentKind.MENTAL_HEALTH.value)
        for kind in kinds:
            w.add(Consent.__table__, self.rec(
                day, case_id=p.id, member_id=head.id, kind=kind, agreed=True, recorded_on=day,
                recipients=["서대문구 보건소"] if kind == ConsentKind.THIRD_PARTY else [], form_version="2019",
                legal_representative="", withdrawn_on=None, signed_scan=None))
        intake["decision"] = IntakeDecision.CASE_MANAGEMENT
        case["stage"] = Stage.REGISTERED
        if target == "registered":
            self.early_contacts(p, day, today)
            return
        # 욕구 및 위기도 조사
        day = self.step(day)
        urgency = dict(sit.urgency)
        screenings = []
        if sit.screening:
            instrument, score = sit.screening
            score = max(0, score + rng.randint(-4, 4))
            screenings.append((instrument, score, rules.screening_band(instrument, score)))
        level = rules.assessed_level(urgency, ((instrument, score) for instrument, score, _band in screenings))
        suggested = rules.suggest_case_type(level, "district")
        self.assessment(w, p, day, urgency, screenings, level, suggested, reassessment=False)
        case["stage"] = Stage.ASSESSED
        if target == "assessed":
            self.early_contacts(p, day, today)
            return
        # 사례회의: selection, in the 동's weekly meeting
        day = self.selection_day(self.step(day))
        outcome = {"not_selected": SelectionOutcome.NOT_SELECTED, "linked": SelectionOutcome.SERVICE_LINK,
                   "referred_out": SelectionOutcome.REFER_PROGRAM}.get(target, SelectionOutcome.SELECTED)
        topics = ["mental_health_main"] if urgency.get("health", 0) >= 3 else []
        m = self.meeting(MeetingKind.INTEGRATED, hh.dong, day)
        m["attendees"].setdefault(("hope_cm", self.hope_cm[self.dong_team[hh.dong]]), CENTER)
        m["attendees"].setdefault(("dong_cm", mgr["display_name"]), CENTER)
        if topics:
            m["attendees"].setdefault(("mental_center", "정보건"), "서대문구 정신건강복지센터")
        m["topics"].update(topics)
        selected = outcome == SelectionOutcome.SELECTED
        m["decisions"].append(dict(
            case_id=p.id, household_summary=sit.summary, issues=sit.problem_text, outcome=outcome,
            case_type=suggested if selected else None, direction="", lead_agency=CENTER,
            role_split="동: 모니터링, 희망복지지원단: 자원연계", topics=topics))
        subject = rules.Subject(age=head.age, flags=set(head.flags), household_income=sit.income,
                                lives_alone=len([x for x in hh.members if x.lives_together]) == 1 or
                                "독거" in sit.types,
                                household_types=set(sit.types), domain_urgency=urgency,
                                screenings={s[0] for s in screenings}, consents=consents, assessed=True,
                                household_problems=set(sit.problems),
                                screening_scores={s[0]: s[1] for s in screenings},
                                together=len([x for x in hh.members if x.lives_together]))
        if not selected:
            case.update(stage={SelectionOutcome.NOT_SELECTED: Stage.NOT_SELECTED,
                               SelectionOutcome.SERVICE_LINK: Stage.LINKED,
                               SelectionOutcome.REFER_PROGRAM: Stage.REFERRED_OUT}[outcome], closed_on=day)
            if outcome == SelectionOutcome.REFER_PROGRAM:
                self.referral(w, p, subject, day)
            return
        case.update(stage=Stage.SELECTED, case_type=suggested, lead_agency=CENTER)
        if target == "selected":
            self.early_contacts(p, day, today)
            return
        # 서비스 제공계획, agreed by the client
        day = self.step(day)
        plan_id = self.uid()
        w.add(ServicePlan.__table__, self.rec(day, id=plan_id, case_id=p.id, made_on=day, goals="생활 안정과 위기 해소",
                                              agreed_on=day))
        for pos, (domain, service, provider) in enumerate(rng.sample(PLAN_SERVICES, 2), 1):
            w.add(PlanItem.__table__, self.rec(
                day, plan_id=plan_id, position=pos, domain=domain, need=f"{service} 필요", goal="6개월 내 안정",
                service=service, resource_id=self.resources[service], provider=provider, frequency="월 1회",
                starts_on=day, ends_on=day + timedelta(days=180), cost=rng.choice([0, 0, 100000, 200000]),
                attainment=None))
        case["stage"] = Stage.IN_SERVICE
        self.expense(w, p, day)
        if rng.random() < .25:
            self.referral(w, p, subject, self.step(day, 1, 30))
        if target == "in_service":
            end = today
        else:
            end = min(day + timedelta(days=rng.randint(60, 400)), today - timedelta(days=1 if target == "closed" else 100))
            end = max(end, day)
        self.contact_plans.append((p, day, end, True, urgency))
        self.reviews(p, mgr, day, end, urgency, level, suggested)
        if target == "in_service":
            return
        # 종결회의 (in writing four times in ten) and 종결
        day = self.selection_day(end)
        m = self.meeting(MeetingKind.CLOSURE, hh.dong, day, in_writing=rng.random() < .4)
        m["attendees"].setdefault(("hope_cm", self.hope_cm[self.dong_team[hh.dong]]), CENTER)
        m["attendees"].setdefault(("dong_cm", mgr["display_name"]), CENTER)
        m["decisions"].append(dict(case_id=p.id, household_summary=sit.summary, issues="", outcome=SelectionOutcome.CLOSE,
                                   case_type=None, direction="", lead_agency="", role_split="", topics=[]))
        reason = rng.choice([ClosureReason.GOAL_ACHIEVED] * 3 + [ClosureReason.MOVED, ClosureReason.REFUSED])
        w.add(Closure.__table__, self.rec(
            day, case_id=p.id, reason=reason, reason_detail="", evaluation="계획한 목표를 대부분 달성함. 위기 상황 해소.",
            meeting_id=m["id"], in_writing=m["in_writing"], closed_on=day, follow_up_plan="3개월 후 방문건강관리 연계 확인"))
        case.update(stage=Stage.CLOSED, closed_on=day)
        if target == "closed":
            return
        follow_day = day + timedelta(days=rng.randint(30, 90))
        done = target == "ended" and follow_day <= today
        w.add(FollowUp.__table__, self.rec(day, case_id=p.id, due_on=follow_day, done_on=follow_day if done else None,
                                           service=rng.choice(["노인돌봄", "방문건강"]),
                                           note="안정적으로 생활 중임을 확인" if done else ""))
        case["stage"] = Stage.ENDED if done else Stage.FOLLOW_UP

    def assessment(self, w, p, day, urgency, screenings, level, suggested, *, reassessment: bool) -> None:
        sit = p.hh.sit
        aid = self.uid()
        w.add(Assessment.__table__, self.rec(
            day, id=aid, case_id=p.id, member_id=p.hh.members[0].id, staff_id=self.managers[p.manager]["id"],
            held_on=day, instrument_version=self.version, is_reassessment=reassessment, crisis_level=level,
            suggested_case_type=suggested, summary=sit.problem_text))
        for code, value in urgency.items():
            w.add(AssessmentDomain.__table__, self.rec(
                day, assessment_id=aid, domain=code, client_words="도움이 필요합니다.",
                worker_view=f"{sit.summary}: 긴급도 {value}", urgency=value,
                strengths="이웃과의 관계가 좋음" if code == "social" else ""))
        for instrument, score, band in screenings:
            w.add(Screening.__table__, self.rec(day, assessment_id=aid, member_id=p.hh.members[0].id,
                                                instrument=instrument, score=score, result=band))

    def reviews(self, p, mgr, start, end, urgency, level, case_type) -> None:
        """Monthly 내부사례회의 of the team: each case in service is reviewed about twice a year,
        and re-assessed once a year."""
        rng = self.rng
        day = start + timedelta(days=rng.randint(120, 200))
        while day < end:
            meet = date(day.year, day.month, 10)
            if start < meet <= end:
                m = self.meeting(MeetingKind.INTERNAL, mgr["team"], meet)
                lead = self.leads[self.teams.index(mgr["team"])]
                m["attendees"].setdefault(("supervisor", lead["display_name"]), CENTER)
                m["attendees"].setdefault(("dong_cm", mgr["display_name"]), CENTER)
                m["decisions"].append(dict(case_id=p.id, household_summary=p.hh.sit.summary, issues="",
                                           outcome=SelectionOutcome.CONTINUE, case_type=None,
                                           direction=rng.choice(_REVIEW_DIRECTIONS), lead_agency="", role_split="",
                                           topics=[]))
            day += timedelta(days=rng.randint(150, 210))
        if (end - start).days > 365:
            again = start + timedelta(days=rng.randint(330, 365))
            eased = {k: max(0, v - 1) for k, v in urgency.items()}
            if not any(eased.values()):
                eased = dict(urgency)
            lvl = rules.crisis_level(eased)
            self.pending_reassessments.append((p, again, eased, lvl, rules.suggest_case_type(lvl, "district")))

    def early_contacts(self, p: _CasePlan, start: date, end: date) -> None:
        if self.rng.random() < .6:
            self.contact_plans.append((p, start, end, False, {}))

    def expense(self, w, p: _CasePlan, day: date) -> None:
        rng = self.rng
        amount = rng.choice([100000, 150000, 300000])
        dong_key = (self.dong_list[p.hh.dong], day.year)
        hh_key = (p.hh.id, day.year)
        dong_left = self.expense_room.get(dong_key, 4_000_000)
        hh_left = 500_000 - self.hh_spent.get(hh_key, 0)
        if amount > dong_left or amount > hh_left:
            return  # the 동 budget ran out, as add_expense would refuse
        self.expense_room[dong_key] = dong_left - amount
        self.hh_spent[hh_key] = self.hh_spent.get(hh_key, 0) + amount
        w.add(Expense.__table__, self.rec(day, case_id=p.id, household_id=p.hh.id, dong_id=self.dong_list[p.hh.dong],
                                          category=rng.choice(list(ExpenseCategory)), amount=amount, spent_on=day,
                                          note="긴급 지원"))

    def referral(self, w, p: _CasePlan, subject: rules.Subject, day: date) -> None:
        eligible = [c for c in rules.eligible_programs(subject) if c != "integrated"]
        if not eligible:
            return
        rng = self.rng
        program = rng.choice(eligible)
        criteria = [r.as_dict() for r in rules.evaluate_program(program, subject)]
        waited = (self.today - day).days
        status, reply, replied = ReferralStatus.SENT, "", None
        if waited > 14 or rng.random() < .5:
            status = rng.choices([ReferralStatus.ACCEPTED, ReferralStatus.DECLINED, ReferralStatus.CLOSED_BY_RECEIVER,
                                  ReferralStatus.SENT], [70, 10, 8, 12])[0]
            if status != ReferralStatus.SENT:
                replied = min(day + timedelta(days=rng.randint(2, 14)), self.today)
                reply = {ReferralStatus.ACCEPTED: "접수하여 서비스 제공 예정", ReferralStatus.DECLINED: "대상 기준 미충족",
                         ReferralStatus.CLOSED_BY_RECEIVER: "서비스 종결을 알려드립니다."}[status]
        w.add(Referral.__table__, self.rec(day, case_id=p.id, member_id=p.hh.members[0].id, program=program,
                                           rules_version=self.ref_version, criteria=criteria, status=status,
                                           sent_on=day, reply=reply, replied_on=replied))

    def write_meetings(self, w: _Writer) -> None:
        for m in sorted(self.meetings.values(), key=lambda m: (m["day"], m["id"])):
            kind, day = m["kind"], m["day"]
            roles = {role for role, _ in m["attendees"]}
            warnings = rules.meeting_warnings(kind.value, roles, m["topics"])
            summary = f"{len(m['decisions'])}건 논의"
            place = "구청 회의실" if kind != MeetingKind.INTERNAL else "희망복지지원단 사무실"
            chair = self.leads[self.dong_team[m["key"]] if isinstance(m["key"], int)
                               else self.teams.index(m["key"])]["display_name"]
            w.add(Meeting.__table__, self.rec(
                day, id=m["id"], center_id=self.center_id, kind=kind, held_at=_at(day, 14), place=place,
                chair=chair, in_writing=m["in_writing"], minutes=summary, supervisor_advice="", warnings=warnings))
            for (role, name), agency in m["attendees"].items():
                w.add(MeetingAttendee.__table__, self.rec(day, meeting_id=m["id"], name=name, agency=agency, role=role,
                                                          staff_id=None))
            for d in m["decisions"]:
                w.add(MeetingDecision.__table__, self.rec(day, meeting_id=m["id"], **d))

    # --- contacts ---------------------------------------------------------------------------------
    def write_contacts(self, w: _Writer) -> None:
        rng = self.rng
        # Time in service counts in full; a case waiting at an early stage gets a call now and then.
        weights = [max(1, (end - start).days) if service else min(max(1, (end - start).days), 60) * .2
                   for _, start, end, service, _ in self.contact_plans]
        total = sum(weights) or 1
        budget = self.contact_target
        for (p, start, end, service, urgency), weight in zip(self.contact_plans, weights):
            n = max(1 if service else 0, math.floor(budget * weight / total + rng.random()))
            hh = p.hh
            flags = {f for m in hh.members for f in m.flags}
            problems = set(hh.sit.problems)
            staff_id = self.managers[p.manager]["id"]
            span = max(0, (end - start).days)
            needs_assistant = any(rules.concern_evidence(c, flags, problems, {}, urgency)
                                  for c in ("alcohol", "safety_risk"))   # as the visit rule reads them
            needs_protection = "아동학대 및 가정폭력" in problems or "학대피해" in flags
            needs_pair = urgency.get("safety", 0) >= 2
            for _ in range(n):
                day = start + timedelta(days=rng.randint(0, span))
                kind = rng.choices(_CONTACT_KINDS, _CONTACT_WEIGHTS)[0] if service else ContactKind.PHONE
                companions = []
                warnings: list[str] = []
                if kind == ContactKind.VISIT:
                    if needs_protection and rng.random() < .9:
                        companions.append({"name": "한보호", "role": "protection_agency"})
                    if needs_assistant and rng.random() < .9:
                        companions.append({"name": "이복지", "role": "assistant"})
                    if needs_pair and not companions and rng.random() < .9:
                        companions.append({"name": "김동료", "role": "colleague"})
                    warnings = rules.visit_warnings({c["role"] for c in companions}, problems, flags, urgency)
                note = rng.choice(NOTES) if service else rng.choice(_EARLY_NOTES)
                w.add(Contact.__table__, self.rec(
                    day, case_id=p.id, staff_id=staff_id,
                    occurred_at=datetime.combine(day, time(rng.randint(9, 17), rng.choice((0, 10, 20, 30, 40, 50)))),
                    kind=kind, companions=companions, note=note, is_monitoring=service, warnings=warnings))
        w.flush([Contact])

    # --- all of it ------------------------------------------------------------------------------
    def build(self, progress: Callable[[str], None]) -> dict[str, int]:
        engine = self.store.engine
        self.pending_reassessments: list = []
        with engine.begin() as conn:
            # A bigger page cache for the load only (this connection goes back to the pool afterwards).
            conn.exec_driver_sql("PRAGMA cache_size=-262144")
            w = _Writer(conn)
            self.organisation(conn, w)
            progress("staff")
            households = self.people(w)
            progress(f"{len(households)} households")
            plans = self.plan_cases(households)
            del households
        with engine.begin() as conn:
            w.conn = conn
            self.write_cases(conn, w, plans)
            for p, day, urgency, level, suggested in self.pending_reassessments:
                self.assessment(w, p, day, urgency, [], level, suggested, reassessment=True)
            w.flush([Assessment, AssessmentDomain])
            progress(f"{len(plans)} cases")
        with engine.begin() as conn:
            w.conn = conn
            self.write_contacts(w)
            conn.execute(insert(Meta.__table__), [{"key": META_KEY, "value":
                                                   f"persons={self.persons};cases={len(plans)};today={self.today}"}])
            conn.exec_driver_sql("PRAGMA cache_size=-8000")
            progress(f"{w.counts.get('contact', 0)} contacts")
        with engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE")
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        return dict(w.counts)


def build_district(path: Path, *, persons: int = PERSONS, seed: int = 2016, today: date | None = None,
                   kdf: KdfParams | None = None, password: str = DEMO_PASSWORD,
                   progress: Callable[[str], None] | None = None) -> DistrictSummary:
    """Create a new encrypted district-scale database at `path` (which must not exist).

    Sign in as admin, staff001 (case manager) or lead1 (supervisor) with `password`.
    """
    import time as _time
    started = _time.perf_counter()
    today = today or date.today()
    progress = progress or (lambda _msg: None)
    ctx = accounts.create_database(Path(path), accounts.NewCenter(name=CENTER, district="서대문구", dongs=DONGS),
                                   admin_username="admin", admin_name="관리자", admin_password=password, kdf=kdf)
    try:
        builder = DistrictBuilder(ctx, persons=persons, seed=seed, today=today)
        counts = builder.build(progress)
        for username in BENCH_USERS[1:]:
            ctx.store.grant_access(username, password, kdf)
    finally:
        ctx.store.close()
    return DistrictSummary(Path(path), persons, counts.get("household", 0), counts.get("case_file", 0),
                           counts.get("contact", 0), counts.get("meeting", 0), counts.get("referral", 0),
                           counts.get("consent", 0), _time.perf_counter() - started, counts)


def case_history(ctx: ServiceContext, case_id: str):
    """Open a case with its full history: case, household and members, intake, consents, assessments,
    meeting decisions, plans, contacts, referrals, expenses, follow-ups and closure (the UI's view)."""
    from app.services.views.case_file import case_detail
    return case_detail(ctx, case_id)
