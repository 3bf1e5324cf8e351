"""Sample data objects and PDF inspection helpers (poppler-utils) for the reports tests.

A plain module (not conftest) so test files can import ``squash`` and the sample people.
"""

from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path


from reports.data import (
    Attendee,
    CaseCounts,
    CaseDiscussion,
    ClosureReportData,
    ConsentFormData,
    DongCounts,
    GoalEvaluation,
    HouseholdMember,
    HouseholdTypeCount,
    LongOpenCount,
    MeetingMinutesData,
    Person,
    PlanGoal,
    RoleAssignment,
    ServicePlanData,
    ServicePlanItem,
    ServiceRecord,
    StatisticsData,
)

CLIENT = Person(
    name="김철수",
    rrn="900101-1234567",
    phone="010-1234-5678",
    address="서울특별시 서대문구 연희로 123, 101동 202호",
)
SON = HouseholdMember("김민준", "자녀", 12, True, "010-2222-3333", "120315-3456789")
MOTHER = HouseholdMember("이영희", "모", 68, False, "02-333-4444")


def squash(text: str) -> str:
    """Drop all whitespace: table cells wrap Korean lines anywhere, so compare without it."""
    return re.sub(r"\s+", "", text)


def has_page_number(page: str, number: int) -> bool:
    """Whether a page shows "- n -" (-layout output may drop the narrow spaces)."""
    return re.search(rf"(?m)^\s*-\s?{number}\s?-(\s|$)", page) is not None


class Poppler:
    """pdftotext / pdffonts on PDF bytes (written to a per-test temporary directory)."""

    def __init__(self, tmp: Path) -> None:
        self._tmp = tmp
        self._n = 0

    def _file(self, pdf: bytes) -> Path:
        self._n += 1
        path = self._tmp / f"doc{self._n}.pdf"
        path.write_bytes(pdf)
        return path

    def _run(self, *args: str | Path) -> str:
        return subprocess.run(
            [str(a) for a in args], check=True, capture_output=True, text=True
        ).stdout

    def text(self, pdf: bytes, *, layout: bool = False) -> str:
        """Extracted text; ``layout=False`` gives drawing order (-raw), best for wrapped cells."""
        return self._run("pdftotext", "-layout" if layout else "-raw", self._file(pdf), "-")

    def pages(self, pdf: bytes) -> list[str]:
        """Text of each page (-layout), split at form feeds."""
        return [p for p in self.text(pdf, layout=True).split("\f") if p.strip()]

    def info(self, pdf: bytes) -> dict[str, str]:
        lines = self._run("pdfinfo", self._file(pdf)).splitlines()
        return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in lines)}

    def fonts(self, pdf: bytes) -> list[dict[str, str]]:
        out = self._run("pdffonts", self._file(pdf)).splitlines()
        rows = []
        for line in out[2:]:
            # name, type (may contain spaces), encoding, emb, sub, uni, object id, gen
            parts = line.split()
            rows.append({"name": parts[0], "type": " ".join(parts[1:-6]), "emb": parts[-5]})
        return rows


def consent_data() -> ConsentFormData:
    return ConsentFormData(
        center_name="연희동 주민센터",
        client=CLIENT,
        members=(SON, MOTHER),
        service_providers=("홍은종합사회복지관", "서대문구정신건강복지센터"),
        case_manager="박지현",
        legal_representative=None,
        consent_date=date(2024, 3, 5),
        collection_agreed=True,
        third_party_agreed=False,
        case_no="2024-0012",
    )


def closure_data() -> ClosureReportData:
    return ClosureReportData(
        center_name="서대문구 희망복지지원단",
        client=CLIENT,
        case_manager="박지현",
        team_leader="오제성",
        closure_reason="목표달성",
        closure_reason_detail="주거 이전과 자녀 돌봄 체계가 안정됨",
        opened_on=date(2023, 4, 1),
        closed_on=date(2024, 2, 29),
        case_no="2023-0101",
        case_type="집중",
        household_type="부자가정",
        household_size=2,
        summary="부의 알콜 문제와 자녀 양육의 어려움으로 동 주민센터에서 의뢰함.",
        services=(
            ServiceRecord("주거", "주거비 지원(보증금)", "대한적십자사", date(2023, 5, 1),
                          date(2023, 5, 31), "1회", 3_250_000),
            ServiceRecord("건강", "알콜 상담", "서대문구정신건강복지센터", date(2023, 5, 1),
                          date(2024, 1, 31), "주 1회", None),
        ),
        goals=(
            GoalEvaluation("안정된 주거 확보", "달성", "보증금 마련으로 이사 완료"),
            GoalEvaluation("음주 횟수 줄이기", "부분달성", "주 5회에서 주 2회로 감소"),
        ),
        overall_evaluation="주거와 양육 환경이 개선되어 종결함.",
        closure_meeting_date=date(2024, 2, 20),
        closure_meeting_in_writing=True,
        follow_up_plan="방문건강관리 월 1회 방문, 3개월 후 사후 점검 전화",
        report_date=date(2024, 2, 29),
    )


def minutes_data() -> MeetingMinutesData:
    return MeetingMinutesData(
        center_name="서대문구 희망복지지원단",
        meeting_type="통합사례회의",
        held_on=date(2024, 3, 12),
        time_text="14:00~16:00",
        place="서대문구청 3층 회의실",
        chair="오제성",
        recorder="박지현",
        attendees=(
            Attendee("오제성", "서대문구청", "희망복지지원단 팀장"),
            Attendee("박지현", "서대문구청", "희망복지지원단 사례관리담당자"),
            Attendee("최율미", "홍은종합사회복지관", "사회복지사"),
        ),
        required_roles=("희망복지지원단 사례관리담당자", "읍·면·동 사례관리 담당자"),
        cases=(
            CaseDiscussion(
                client=CLIENT,
                household_type="부자가정",
                household_size=2,
                members=(SON,),
                issues=("부의 알콜 문제", "김민준의 학교생활 어려움, 담임 연락처 010-9999-8888"),
                decisions="김철수 님을 집중 사례로 선정 (주민번호 900101-1234567 확인)",
                direction="연희로 123 자택으로 주 1회 방문, 민준이 심리치료 연계",
                lead_agency="서대문구청",
                roles=(
                    RoleAssignment("서대문구청", "김철수 님 주 1회 방문 (연락처 010-1234-5678)"),
                    RoleAssignment("홍은종합사회복지관", "자녀 학습지원"),
                ),
            ),
        ),
        supervisor_advice="김철수 님의 음주 상황을 보며 정신건강복지센터와 협의할 것.",
    )


def plan_data() -> ServicePlanData:
    return ServicePlanData(
        center_name="홍은종합사회복지관",
        client=CLIENT,
        case_manager="최율미",
        goals=(
            PlanGoal("안정된 주거를 확보한다", "장기", "생활환경"),
            PlanGoal("주 2회 이하로 음주를 줄인다", "단기", "건강"),
        ),
        items=(
            ServicePlanItem("생활환경: 주거 불안", "주거비 지원(보증금)", "대한적십자사", "1회",
                            date(2024, 4, 1), date(2024, 4, 30), 3_250_000, "후원"),
            ServicePlanItem("건강: 음주", "알콜 상담", "서대문구정신건강복지센터", "주 1회",
                            date(2024, 4, 1), date(2024, 9, 30), None, "공공"),
        ),
        case_no="2024-0012",
        case_type="집중",
        plan_date=date(2024, 3, 20),
        period_start=date(2024, 4, 1),
        period_end=date(2024, 9, 30),
        agreement_date=date(2024, 3, 20),
    )


def stats_data() -> StatisticsData:
    # The numbers of seed 000's 2015 tables.
    return StatisticsData(
        center_name="서대문구 복지정책과",
        period_start=date(2015, 1, 1),
        period_end=date(2015, 12, 31),
        case_counts=(
            CaseCounts("2015", 137, 43, 19, 6, 69),
            CaseCounts("2014", 81, 0, 43, 10, 28),
            CaseCounts("2013", 84, 0, 65, 8, 11),
        ),
        household_types=(
            HouseholdTypeCount("문제 유형", "알콜 및 정신질환", 7),
            HouseholdTypeCount("문제 유형", "장애 및 질병", 20),
            HouseholdTypeCount("문제 유형", "아동학대 및 가정폭력", 8),
            HouseholdTypeCount("문제 유형", "경제적 어려움", 27),
        ),
        per_dong=(
            DongCounts("천연동", 0, 0, 0, 4),
            DongCounts("연희동", 1, 0, 0, 5),
            DongCounts("북가좌1동", 3, 3, 0, 0),
        ),
        long_open=(
            LongOpenCount(2014, 22),
            LongOpenCount(2013, 14),
            LongOpenCount(2012, 23),
            LongOpenCount(2011, 39),
        ),
        prepared_on=date(2016, 2, 12),
    )


