"""Versioned rule data from resources/rules: referral criteria, meeting attendance, visits,
assessment domains and case types. Rules change every year, so they are data, not code."""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from functools import lru_cache
from typing import Any

from app.paths import rules_dir


@lru_cache(maxsize=None)
def load(name: str) -> dict[str, Any]:
    return json.loads((rules_dir() / f"{name}.json").read_text("utf-8"))


def domain_labels() -> dict[str, str]:
    return {d["code"]: d["label"] for d in load("assessment")["domains"]}


def case_type_set(set_name: str) -> list[dict[str, Any]]:
    return load("case_types")["sets"][set_name]["types"]


# --- referral criteria ------------------------------------------------------------------------


@dataclass
class Subject:
    """What the referral rules may look at about one person (built by app.services.referrals)."""
    age: int | None
    flags: set[str] = field(default_factory=set)
    lives_alone: bool = False
    household_income: str = ""
    household_types: set[str] = field(default_factory=set)
    domain_urgency: dict[str, int] = field(default_factory=dict)
    screenings: set[str] = field(default_factory=set)
    consents: set[str] = field(default_factory=set)
    referred_programs: set[str] = field(default_factory=set)
    program: str = ""


@dataclass(frozen=True)
class CriterionResult:
    label: str
    passed: bool

    def as_dict(self) -> dict[str, Any]:
        return {"label": self.label, "passed": self.passed}


def _check(check: dict[str, Any], s: Subject) -> bool:
    (kind, arg), = check.items()
    if kind == "age":
        return s.age is not None and arg.get("min", 0) <= s.age <= arg.get("max", 200)
    if kind == "flag":
        return arg in s.flags
    if kind == "lives_alone":
        return s.lives_alone is arg
    if kind == "household_income_in":
        return s.household_income in arg
    if kind == "household_type_in":
        return bool(s.household_types & set(arg))
    if kind == "domain_urgency":
        return any(s.domain_urgency.get(d, 0) >= arg["min"] for d in arg["domains"])
    if kind == "domains_at_least":
        return sum(1 for u in s.domain_urgency.values() if u >= arg["min"]) >= arg["count"]
    if kind == "screening":
        return arg in s.screenings
    if kind == "consent":
        return arg in s.consents
    if kind == "first_referral":
        return s.program not in s.referred_programs
    if kind == "any":
        return any(_check(c, s) for c in arg)
    if kind == "all":
        return all(_check(c, s) for c in arg)
    if kind == "not":
        return not _check(arg, s)
    raise ValueError(f"unknown rule check {kind!r}")  # a broken rule file is a programming error


def programs() -> list[dict[str, Any]]:
    return load("referral_programs")["programs"]


def program(code: str) -> dict[str, Any]:
    for p in programs():
        if p["code"] == code:
            return p
    raise KeyError(code)


def evaluate_program(code: str, subject: Subject) -> list[CriterionResult]:
    subject.program = code
    return [CriterionResult(c["label"], _check(c["check"], subject)) for c in program(code)["criteria"]]


def eligible_programs(subject: Subject) -> list[str]:
    return [p["code"] for p in programs() if all(r.passed for r in evaluate_program(p["code"], subject))]


# --- crisis level and case type ---------------------------------------------------------------


def crisis_level(urgency: dict[str, int], positive_screenings: int = 0) -> int:
    rule = load("assessment")["crisis_levels"]
    if any(u >= rule["level3_any_domain_urgency"] for u in urgency.values()) \
            or urgency.get("safety", 0) >= rule["level3_safety_min"]:
        return 3
    if any(urgency.get(d, 0) >= rule["level2_min"] for d in rule["level2_domains"]) \
            or sum(1 for u in urgency.values() if u >= rule["level2_min"]) >= rule["level2_count_domains"] \
            or positive_screenings:
        return 2
    return 1 if any(urgency.values()) else 0


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
                   domain_urgency: dict[str, int]) -> list[str]:
    warnings = []
    for rule in load("visits")["rules"]:
        if "when_household_problem" in rule:
            applies = rule["when_household_problem"] in household_problems
        elif "when_member_flag_any" in rule:
            applies = bool(set(rule["when_member_flag_any"]) & member_flags)
        else:
            cond = rule["when_domain_urgency"]
            applies = domain_urgency.get(cond["domain"], 0) >= cond["min"]
        if applies and not set(rule["require_any"]) & companion_roles:
            warnings.append(rule["warning"])
    return warnings


