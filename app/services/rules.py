"""Versioned rule data from resources/rules: referral criteria, meeting attendance, visits,
assessment domains and case types. Rules change every year, so they are data, not code."""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from functools import lru_cache
from typing import Any, Iterable

from app.paths import rules_dir

from .particles import particle


@lru_cache(maxsize=None)
def load(name: str) -> dict[str, Any]:
    return json.loads((rules_dir() / f"{name}.json").read_text("utf-8"))


def domain_labels() -> dict[str, str]:
    return {d["code"]: d["label"] for d in load("assessment")["domains"]}


def case_type_set(set_name: str) -> list[dict[str, Any]]:
    return load("case_types")["sets"][set_name]["types"]


# --- facts and concerns -----------------------------------------------------------------------
# A concern (알코올 문제, 학대 …) is recorded in several places; resources/rules/facts.json says
# which. Every rule asks for the concern, so it holds whichever place the worker used.


@dataclass(frozen=True)
class Need:
    """Data a criterion needs that has not been entered yet, and the case form that enters it."""
    what: str
    form: str        # a key of ui/case_forms.py: "assessment", "consent", "edit_member"
    preset: str = ""  # what that form should start on (the consent kind)


def canonical_problem(problem: str) -> str:
    """A household 문제 유형 in today's spelling (older records say "알콜 및 정신질환")."""
    return load("facts")["problem_type_aliases"].get(problem, problem)


def concern_label(code: str) -> str:
    return load("facts")["concerns"][code]["label"]


def concern_evidence(code: str, member_flags: set[str], household_problems: set[str],
                     screening_scores: dict[str, int], domain_urgency: dict[str, int]) -> list[str]:
    """The recorded facts that show this concern, each as the screen names it (empty: none)."""
    spec = load("facts")["concerns"][code]
    problems = {canonical_problem(p) for p in household_problems}
    found = [f"가구원 특성 '{f}'" for f in spec.get("member_flags", ()) if f in member_flags]
    found += [f"가구 문제 유형 '{p}'" for p in spec.get("household_problems", ()) if p in problems]
    for instrument, least in spec.get("screenings", {}).items():
        score = screening_scores.get(instrument)
        if score is not None and score >= least:
            found.append(f"{instrument} {score}점({screening_band(instrument, score)})")
    labels = domain_labels()
    found += [f"'{labels.get(d, d)}' 영역 긴급도 {urgency_label(domain_urgency[d])}"
              for d, least in spec.get("domains", {}).items() if domain_urgency.get(d, 0) >= least]
    return found


def urgency_label(level: int) -> str:
    labels = load("assessment")["urgency_labels"]
    return labels[max(0, min(level, len(labels) - 1))]


# --- referral criteria ------------------------------------------------------------------------


@dataclass
class Subject:
    """What the referral rules may look at about one person (built by app.services.case_facts)."""
    age: int | None
    flags: set[str] = field(default_factory=set)
    lives_alone: bool = False
    household_income: str = ""
    household_types: set[str] = field(default_factory=set)
    domain_urgency: dict[str, int] = field(default_factory=dict)
    screenings: set[str] = field(default_factory=set)          # instruments this person was screened with
    consents: set[str] = field(default_factory=set)
    referred_programs: set[str] = field(default_factory=set)
    program: str = ""
    household_problems: set[str] = field(default_factory=set)
    screening_scores: dict[str, int] = field(default_factory=dict)   # this person's latest score by instrument
    assessed: bool = False        # the case has an assessment (욕구·위기도 조사)
    together: int = 0             # household members living together


@dataclass(frozen=True)
class CriterionResult:
    label: str
    passed: bool
    because: tuple[str, ...] = ()   # the facts the answer rests on, as the screen names them
    needs: tuple[Need, ...] = ()    # what to enter before the criterion can be judged

    def as_dict(self) -> dict[str, Any]:
        return {"label": self.label, "passed": self.passed, "because": list(self.because)}


@dataclass(frozen=True)
class _Verdict:
    passed: bool
    because: tuple[str, ...] = ()
    needs: tuple[Need, ...] = ()


_CONSENT_LABELS = {"collection_use": "개인정보 수집·이용 동의", "third_party": "개인정보 제3자 제공 동의",
                   "mental_health": "정신건강서비스 이용 동의"}
_NEEDS_ASSESSMENT = Need("욕구·위기도 조사", "assessment")


def _judge(check: dict[str, Any], s: Subject) -> _Verdict:
    """Whether `s` meets one check, on which facts, and what is missing to judge it."""
    (kind, arg), = check.items()
    if kind == "age":
        if s.age is None:
            return _Verdict(False, needs=(Need("가구원의 생년월일(주민등록번호 앞자리)", "edit_member"),))
        return _Verdict(arg.get("min", 0) <= s.age <= arg.get("max", 200), (f"만 {s.age}세",))
    if kind == "flag":
        held = arg in s.flags
        return _Verdict(held, (f"가구원 특성 '{arg}'" + ("" if held else " 없음"),))
    if kind == "lives_alone":
        fact = "가구 유형 '독거'" if "독거" in s.household_types else f"함께 사는 가구원 {s.together}명"
        return _Verdict(s.lives_alone is arg, (fact,))
    if kind == "household_income_in":
        return _Verdict(s.household_income in arg, (f"소득 구분 '{s.household_income}'",))
    if kind == "household_type_in":
        matched = sorted(s.household_types & set(arg))
        return _Verdict(bool(matched), tuple(f"가구 유형 '{t}'" for t in matched)
                        or (f"가구 유형 '{'·'.join(sorted(s.household_types)) or '없음'}'",))
    if kind in ("domain_urgency", "domains_at_least"):
        if not s.assessed:
            return _Verdict(False, needs=(_NEEDS_ASSESSMENT,))
        labels = domain_labels()
        if kind == "domain_urgency":
            hits = [d for d in arg["domains"] if s.domain_urgency.get(d, 0) >= arg["min"]]
            seen = hits or [d for d in arg["domains"] if d in s.domain_urgency]
            return _Verdict(bool(hits), tuple(f"'{labels.get(d, d)}' 영역 긴급도 {urgency_label(s.domain_urgency.get(d, 0))}"
                                              for d in seen) or ("해당 영역의 욕구 없음",))
        hits = [d for d in labels if s.domain_urgency.get(d, 0) >= arg["min"]]   # in the form's domain order
        names = "·".join(labels.get(d, d) for d in hits)
        return _Verdict(len(hits) >= arg["count"],
                        (f"긴급도 {urgency_label(arg['min'])} 이상 {len(hits)}개 영역" + (f"({names})" if names else ""),))
    if kind == "screening":
        score = s.screening_scores.get(arg)
        if arg not in s.screenings:
            return _Verdict(False, needs=(Need(f"이 가구원의 {arg} 선별검사 점수", "assessment"),))
        return _Verdict(True, (f"{arg} {score}점({screening_band(arg, score)})" if score is not None
                               else f"{arg} 실시",))
    if kind == "consent":
        label = _CONSENT_LABELS.get(arg, arg)
        if arg in s.consents:
            return _Verdict(True, (label,))
        return _Verdict(False, needs=(Need(label, "consent", arg),))
    if kind == "concern":
        found = concern_evidence(arg, s.flags, s.household_problems, s.screening_scores, s.domain_urgency)
        if found:
            return _Verdict(True, tuple(found))
        spec = load("facts")["concerns"][arg]
        missing = [i for i in spec.get("screenings", {}) if i not in s.screenings]
        # One line for all the screens the concern reads ("PHQ-9·C-SSRS 선별검사 점수").
        unscreened = (Need(f"{particle(concern_label(arg), '이/가')} 의심되면 이 가구원의 {'·'.join(missing)} 선별검사 점수",
                           "assessment"),) if missing else ()
        return _Verdict(False, (f"기록된 {concern_label(arg)} 없음",), unscreened)
    if kind == "first_referral":
        first = s.program not in s.referred_programs
        return _Verdict(first, ("의뢰 기록 없음" if first else "이미 의뢰함",))
    if kind in ("any", "all"):
        parts = [_judge(c, s) for c in arg]
        passed = any(p.passed for p in parts) if kind == "any" else all(p.passed for p in parts)
        # The parts the answer rests on: those that passed an "any" (or all of a passed "all"), the
        # failed ones of a failed "all", every part of a failed "any".
        if kind == "any":
            shown = [p for p in parts if p.passed] if passed else parts
        else:
            shown = parts if passed else [p for p in parts if not p.passed]
        return _Verdict(passed, tuple(dict.fromkeys(f for p in shown for f in p.because)),
                        () if passed else tuple(dict.fromkeys(n for p in shown for n in p.needs)))
    if kind == "not":
        inner = _judge(arg, s)
        return _Verdict(not inner.passed and not inner.needs, inner.because, inner.needs)
    raise ValueError(f"unknown rule check {kind!r}")  # a broken rule file is a programming error


def _check(check: dict[str, Any], s: Subject) -> bool:
    return _judge(check, s).passed


def programs() -> list[dict[str, Any]]:
    return load("referral_programs")["programs"]


def program(code: str) -> dict[str, Any]:
    for p in programs():
        if p["code"] == code:
            return p
    raise KeyError(code)


def evaluate_program(code: str, subject: Subject) -> list[CriterionResult]:
    subject.program = code
    results = []
    for c in program(code)["criteria"]:
        verdict = _judge(c["check"], subject)
        results.append(CriterionResult(c["label"], verdict.passed, verdict.because, verdict.needs))
    return results


def eligible_programs(subject: Subject) -> list[str]:
    return [p["code"] for p in programs() if all(r.passed for r in evaluate_program(p["code"], subject))]


# --- crisis level and case type ---------------------------------------------------------------


def screening_positive(instrument: str, score: int) -> bool:
    """From the instrument's second band on (AUDIT-K 위험음주, PHQ-9 가벼운 우울, C-SSRS 낮은 위험 …)."""
    spec = load("assessment")["instruments"].get(instrument)
    return spec is not None and len(spec["bands"]) > 1 and score >= spec["bands"][1][0]


def screening_is_crisis(instrument: str, score: int) -> bool:
    """A score that makes the household 위기 on its own (C-SSRS 높은 위험: intent, a plan or an attempt)."""
    spec = load("assessment")["instruments"].get(instrument)
    return spec is not None and "crisis_from" in spec and score >= spec["crisis_from"]


def crisis_level(urgency: dict[str, int], positive_screenings: int = 0, crisis_screenings: int = 0) -> int:
    rule = load("assessment")["crisis_levels"]
    if any(u >= rule["level3_any_domain_urgency"] for u in urgency.values()) \
            or urgency.get("safety", 0) >= rule["level3_safety_min"] or crisis_screenings:
        return 3
    if any(urgency.get(d, 0) >= rule["level2_min"] for d in rule["level2_domains"]) \
            or sum(1 for u in urgency.values() if u >= rule["level2_min"]) >= rule["level2_count_domains"] \
            or positive_screenings:
        return 2
    return 1 if any(urgency.values()) else 0


def assessed_level(urgency: dict[str, int], screenings: Iterable[tuple[str, int]]) -> int:
    """The crisis level of an assessment: its domain urgencies and its screening results
    ((instrument, score) pairs), as the assessment form, the service and the district data judge it."""
    scored = list(screenings)
    return crisis_level(urgency, sum(1 for i, s in scored if screening_positive(i, s)),
                        sum(1 for i, s in scored if screening_is_crisis(i, s)))


def suggest_case_type(level: int, set_name: str) -> str:
    chosen = case_type_set(set_name)[0]["name"]
    for t in case_type_set(set_name):
        if level >= t["min_crisis_level"]:
            chosen = t["name"]
    return chosen


def screening_band(instrument: str, score: int) -> str:
    spec = load("assessment")["instruments"].get(instrument)
    if spec is None:
        return ""
    band = spec["bands"][0][1]
    for threshold, label in spec["bands"]:
        if score >= threshold:
            band = label
    return band


# --- meeting attendance and visit companions --------------------------------------------------


def meeting_warnings(kind: str, attendee_roles: set[str], topics: set[str]) -> list[str]:
    warnings = []
    for rule in load("meetings")["rules"]:
        applies = kind in rule.get("kinds", []) or rule.get("topic") in topics
        if not applies:
            continue
        if "require_all" in rule and not set(rule["require_all"]) <= attendee_roles:
            warnings.append(rule["warning"])
        elif "require_any" in rule and not set(rule["require_any"]) & attendee_roles:
            warnings.append(rule["warning"])
    return warnings


def visit_warnings(companion_roles: set[str], household_problems: set[str], member_flags: set[str],
                   domain_urgency: dict[str, int], screening_scores: dict[str, int] | None = None) -> list[str]:
    """Warnings for a home visit whose companions the household's facts call for, each naming the
    fact that called for it. `member_flags` and `screening_scores` are the whole household's."""
    scores = screening_scores or {}
    problems = {canonical_problem(p) for p in household_problems}
    warnings = []
    for rule in load("visits")["rules"]:
        if "when_household_problem" in rule:
            found = [f"가구 문제 유형 '{rule['when_household_problem']}'"] \
                if canonical_problem(rule["when_household_problem"]) in problems else []
        elif "when_member_flag_any" in rule:
            found = [f"가구원 특성 '{f}'" for f in rule["when_member_flag_any"] if f in member_flags]
        elif "when_concern_any" in rule:
            found = [fact for code in rule["when_concern_any"]
                     for fact in concern_evidence(code, member_flags, problems, scores, domain_urgency)]
        else:
            cond = rule["when_domain_urgency"]
            level = domain_urgency.get(cond["domain"], 0)
            found = [f"'{domain_labels().get(cond['domain'], cond['domain'])}' 영역 긴급도 {urgency_label(level)}"] \
                if level >= cond["min"] else []
        if found and not set(rule["require_any"]) & companion_roles:
            warnings.append(f"{rule['warning']} (근거: {', '.join(dict.fromkeys(found))})")
    return warnings
