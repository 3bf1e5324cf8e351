"""종결 보고서: case summary, services given, goal attainment, closure decision, follow-up."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether

from . import layout as L
from .data import ClosureReportData
from .privacy import mask_rrn

FORM_TITLE = "종결 보고서"


def _household(data: ClosureReportData) -> str:
    size = f"({data.household_size}인)" if data.household_size else ""
    return f"{data.household_type}{size}"


def _closure_meeting(data: ClosureReportData) -> str:
    if data.closure_meeting_in_writing:
        when = f" ({L.date_text(data.closure_meeting_date)})" if data.closure_meeting_date else ""
        return f"서면{when}"
    return L.date_text(data.closure_meeting_date)


def render_closure_report(data: ClosureReportData) -> bytes:
    """The closure report (종결 보고서) as PDF bytes."""
    services = [
        [s.need, s.service, s.provider, L.period_text(s.start, s.end), s.times, L.won(s.cost)]
        for s in data.services
    ]
    total_cost = sum(s.cost or 0 for s in data.services)
    if services:
        services.append([L.para("계", "header"), "", "", "", "", L.won(total_cost)])
    else:
        services.append(["제공 서비스 없음", "", "", "", "", ""])
    goals = [[g.goal, g.attainment, g.comment] for g in data.goals] or [["(목표 없음)", "", ""]]

    story: list[Flowable] = [
        *L.title(FORM_TITLE),
        *L.heading("사례 개요"),
        L.field_table([
            [("사례번호", data.case_no), ("사례 유형", data.case_type)],
            [("대상자", data.client.name), ("주민등록번호", mask_rrn(data.client.rrn))],
            [("가구 유형", _household(data)), ("담당자", data.case_manager)],
            [("개입 기간", L.period_text(data.opened_on, data.closed_on))],
            [("사례 개요", data.summary)],
        ]),
        *L.heading("제공 서비스"),
        L.grid_table(
            [["욕구 영역", "서비스 내용", "제공기관", "제공 기간", "횟수", "비용"]],
            services,
            [1.4, 2.6, 2, 2.3, 1, 1.3],
            align=["cell_center", "cell", "cell", "cell_center", "cell_center", "cell_right"],
            extra=L.total_row_style(4) if data.services else [("SPAN", (0, -1), (-1, -1))],
        ),
        *L.heading("목표 달성 평가"),
        L.grid_table(
            [["목표", "달성 정도", "평가 내용"]],
            goals,
            [3.5, 1.2, 5.3],
            align=["cell", "cell_center", "cell"],
        ),
        *L.heading("종결"),
        L.field_table([
            [("종결 사유", data.closure_reason)],
            [("사유 상세", data.closure_reason_detail)],
            [("종결회의", _closure_meeting(data))],
            [("종결 안내", data.closure_notice or "안내 전")],
            [("종합 평가", data.overall_evaluation)],
        ]),
        *L.heading("사후관리 계획"),
        L.field_table([[("사후관리 계획", data.follow_up_plan)]]),
        KeepTogether([
            L.spacer(6),
            L.para(L.date_text(data.report_date), "center"),
            L.signature_lines([("담당자", data.case_manager), ("팀장", data.team_leader)], "(서명)"),
        ]),
    ]
    return L.build_pdf(story, FORM_TITLE, footer=data.center_name)
