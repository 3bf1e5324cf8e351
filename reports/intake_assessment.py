"""초기상담 기록지 and 욕구 및 위기도 조사표, laid out like the seeds' 서식: a 인적사항 box, then
the intake's source, problems and first decision, or the ten domains with the client's words,
the worker's view, urgency and strengths, the screening results and the crisis level."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether

from . import layout as L
from .data import AssessmentFormData, IntakeRecordData
from .privacy import format_rrn, mask_rrn

INTAKE_TITLE = "초기상담 기록지"
ASSESSMENT_TITLE = "욕구 및 위기도 조사표"
INTAKE_DECISIONS = ("사례관리 접수", "서비스연계", "타기관 의뢰", "정보제공", "미해당")


def _together(value: bool | None) -> str:
    return {True: "동거", False: "비동거", None: ""}[value]


def intake_sections(data: IntakeRecordData) -> dict[str, object]:
    """The rows both the PDF and the HWPX print (one place for the content)."""
    c = data.client
    rrn = format_rrn(c.rrn) if data.show_full_rrn else mask_rrn(c.rrn)
    return {
        "person": [
            [("성명", c.name), ("주민등록번호", rrn)],
            [("연락처", c.phone), ("사례번호", data.case_no)],
            [("주소", c.address)],
            [("가구 유형", data.household_type)],
        ],
        "members": [[m.name, m.relation, "" if m.age is None else str(m.age), _together(m.lives_together)]
                    for m in data.members] or [["", "", "", ""]],
        "intake": [
            [("상담일", L.date_text(data.held_on) if data.held_on else ""), ("상담자", data.case_manager)],
            [("의뢰 경로", data.referral_source), ("의뢰자·기관", data.referrer_detail)],
            [("주요 문제", data.presenting_problems)],
        ],
        "decision": L.gap(2).join(L.checkbox(d == data.decision, d) for d in INTAKE_DECISIONS),
    }


def assessment_sections(data: AssessmentFormData) -> dict[str, object]:
    c = data.client
    kind = "재사정" if data.is_reassessment else "초기 사정"
    return {
        "person": [
            [("대상자", c.name), ("주민등록번호", mask_rrn(c.rrn))],
            [("사례번호", data.case_no), ("구분", kind)],
            [("조사일", L.date_text(data.held_on) if data.held_on else ""), ("조사자", data.case_manager)],
        ],
        "domains": [[d.domain, d.client_words, d.worker_view, d.urgency, d.strengths] for d in data.domains]
        or [["", "", "", "", ""]],
        "screenings": [[name, str(score), result] for name, score, result in data.screenings],
        "result": [
            [("위기도", data.crisis_level), ("제안 사례 유형", data.suggested_case_type)],
            [("종합 의견", data.summary)],
        ],
    }


def render_intake_record(data: IntakeRecordData) -> bytes:
    s = intake_sections(data)
    story: list[Flowable] = [
        *L.title(INTAKE_TITLE),
        *L.heading("인적사항"),
        L.field_table(s["person"]),
        *L.heading("가족구성원"),
        L.grid_table([["성명", "관계", "연령", "동거여부"]], s["members"], [3, 2, 1.3, 1.7],
                     align=["cell_center"] * 4),
        *L.heading("초기상담 내용"),
        L.field_table(s["intake"]),
        *L.heading("초기상담 결과"),
        L.para(s["decision"]),
        KeepTogether([L.spacer(6), L.signature_lines([("상담자", data.case_manager)], "(서명)")]),
    ]
    return L.build_pdf(story, INTAKE_TITLE, footer=data.center_name)


def render_assessment(data: AssessmentFormData) -> bytes:
    s = assessment_sections(data)
    story: list[Flowable] = [
        *L.title(ASSESSMENT_TITLE),
        *L.heading("대상자"),
        L.field_table(s["person"]),
        *L.heading("영역별 욕구 및 긴급도"),
        L.grid_table([["영역", "대상자 욕구(본인의 말)", "사례관리자 의견", "긴급도", "강점·자원"]], s["domains"],
                     [1.3, 2.7, 2.7, 1.2, 2.1], align=["cell_center", "cell", "cell", "cell_center", "cell"]),
    ]
    if s["screenings"]:
        story += [*L.heading("선별검사"),
                  L.grid_table([["도구", "점수", "결과"]], s["screenings"], [2, 1, 3],
                               align=["cell_center", "cell_center", "cell"], width=0.6)]
    story += [
        *L.heading("위기도 및 종합 의견"),
        L.field_table(s["result"]),
        KeepTogether([L.spacer(6), L.signature_lines([("조사자", data.case_manager)], "(서명)")]),
    ]
    return L.build_pdf(story, ASSESSMENT_TITLE, footer=data.center_name)
