"""The forms and statistics as HWPX (한글) documents, with the same content as the PDFs.

Every function takes the same data object as its PDF twin and reuses that module's wording,
rows and rules (masking, de-identification), so the two files never say different things; only
the page description differs (``reports.hwpx_layout`` instead of reportlab).
"""

from __future__ import annotations

from collections.abc import Callable

from . import closure as _closure
from . import consent as _consent
from . import intake_assessment as _ia
from . import layout as L
from . import minutes as _minutes
from . import service_plan as _plan
from . import statistics as _stats
from .data import (AssessmentFormData, ClosureReportData, ConsentFormData, IntakeRecordData, MeetingMinutesData,
                   ServicePlanData, StatisticsData)
from .hwpx_layout import HwpxForm
from .privacy import format_rrn, mask_rrn


# --- 동의서 ------------------------------------------------------------------------------------


def render_consent_hwpx(data: ConsentFormData, *, blank: bool = False) -> bytes:
    """The consent form (seed 003 III.9) as HWPX bytes; blank, pre-filled or as recorded."""
    filled = not blank and data.client is not None
    client = data.client if filled else None
    center = data.center_name
    f = HwpxForm(_consent.FORM_TITLE, footer=_consent.FORM_VERSION)
    f.title(_consent.FORM_TITLE)
    f.para(_consent.intro(center))
    f.heading("대상자")
    f.field_table(_consent.client_rows(client, data.case_no if filled else "", filled and data.show_full_rrn))
    f.heading("가족구성원")
    rows = _consent.member_rows(data.members if filled else (), blank=not filled)
    f.grid_table([["성명", "관계", "연령", "동거여부", "연락처"]], rows, [3, 2, 1.3, 1.7, 3],
                 align=["cell_center"] * 5, min_row_height_mm=7 if not filled else 0)
    f.heading("1. 개인정보 수집·이용 동의", mark="")
    f.field_table([[(label, text)] for label, text in _consent._collection_terms(center)], 0.24)
    f.para(_consent.COLLECTION_REFUSAL, "note")
    f.para(_consent.COLLECTION_QUESTION, "emphasis")
    f.para(L.agree_boxes(data.collection_agreed if filled else None), "center")
    f.heading("2. 개인정보 제3자 제공 동의", mark="")
    f.heading("개인정보 제3자 제공 내역")
    f.grid_table([["제공받는 기관", "제공목적", "제공하는 항목", "보유기간"]],
                 [[_consent._recipients(data.service_providers if filled else ()), _consent.PURPOSE,
                   L.lines(_consent.ITEMS), _consent.RETENTION]],
                 [4.2, 1.6, 2.6, 1.6], align=["cell", "cell_center", "cell", "cell_center"])
    f.para(_consent.RRN_FOOTNOTE, "note")
    f.para(_consent.THIRD_PARTY_REFUSAL, "note")
    f.para(_consent.THIRD_PARTY_QUESTION, "emphasis")
    f.para(L.agree_boxes(data.third_party_agreed if filled else None), "center")

    signers = _consent.signer_lines(data, client, filled)
    f.spacer()
    f.para(L.date_text(data.consent_date if filled else None), "center")
    f.signature_lines(signers)
    f.spacer()
    f.para(f"{center} 귀하", "center_bold")
    return f.build()


# --- 서비스 제공계획서 ----------------------------------------------------------------------------


def render_service_plan_hwpx(data: ServicePlanData) -> bytes:
    client = data.client
    rrn = format_rrn(client.rrn) if data.show_full_rrn else mask_rrn(client.rrn)
    f = HwpxForm(_plan.FORM_TITLE, footer=data.center_name)
    f.title(_plan.FORM_TITLE)
    f.heading("대상자")
    f.field_table([
        [("성명", client.name), ("주민등록번호", rrn)],
        [("사례번호", data.case_no), ("사례 유형", data.case_type)],
        [("계획 기간", L.period_text(data.period_start, data.period_end)),
         ("수립일", L.date_text(data.plan_date) if data.plan_date else "")],
    ])
    f.heading("목표")
    goals = [[g.term, g.need_domain, g.text] for g in data.goals] or [["", "", ""]]
    f.grid_table([["구분", "욕구 영역", "목표"]], goals, [1, 1.6, 7.4], align=["cell_center", "cell_center", "cell"])
    f.heading("서비스 제공계획")
    items = [[i.need, i.service, i.provider, i.frequency, L.period_text(i.start, i.end), L.won(i.cost), i.funding]
             for i in data.items]
    items.append(["계", "", "", "", "", L.won(sum(i.cost or 0 for i in data.items)), ""])
    f.grid_table([["욕구", "서비스 내용", "제공기관", "주기", "제공 기간", "비용", "재원"]], items,
                 [1.8, 2.2, 1.8, 1.0, 2.2, 1.7, 1.0],
                 align=["cell", "cell", "cell", "cell_center", "cell_center", "cell_right", "cell_center"],
                 total_span=4)
    signers = [("대상자", client.name)]
    if data.legal_representative is not None:
        rep = data.legal_representative
        signers.append((f"법정대리인(관계 : {rep.relation})", rep.name))
    signers.append(("사례관리자", data.case_manager))
    f.spacer()
    f.para(_plan.AGREEMENT, "emphasis")
    f.para(L.date_text(data.agreement_date), "center")
    f.signature_lines(signers)
    return f.build()


# --- 종결 보고서 ------------------------------------------------------------------------------


def render_closure_report_hwpx(data: ClosureReportData) -> bytes:
    f = HwpxForm(_closure.FORM_TITLE, footer=data.center_name)
    f.title(_closure.FORM_TITLE)
    f.heading("사례 개요")
    f.field_table([
        [("사례번호", data.case_no), ("사례 유형", data.case_type)],
        [("대상자", data.client.name), ("주민등록번호", mask_rrn(data.client.rrn))],
        [("가구 유형", _closure._household(data)), ("담당자", data.case_manager)],
        [("개입 기간", L.period_text(data.opened_on, data.closed_on))],
        [("사례 개요", data.summary)],
    ])
    f.heading("제공 서비스")
    header = [["욕구 영역", "서비스 내용", "제공기관", "제공 기간", "횟수", "비용"]]
    widths = [1.4, 2.6, 2, 2.3, 1, 1.3]
    align = ["cell_center", "cell", "cell", "cell_center", "cell_center", "cell_right"]
    if data.services:
        services = [[s.need, s.service, s.provider, L.period_text(s.start, s.end), s.times, L.won(s.cost)]
                    for s in data.services]
        services.append(["계", "", "", "", "", L.won(sum(s.cost or 0 for s in data.services))])
        f.grid_table(header, services, widths, align=align, total_span=4)
    else:
        f.grid_table(header, [["제공 서비스 없음", "", "", "", "", ""]], widths, align=align, full_span_last=True)
    f.heading("목표 달성 평가")
    goals = [[g.goal, g.attainment, g.comment] for g in data.goals] or [["(목표 없음)", "", ""]]
    f.grid_table([["목표", "달성 정도", "평가 내용"]], goals, [3.5, 1.2, 5.3], align=["cell", "cell_center", "cell"])
    f.heading("종결")
    f.field_table([
        [("종결 사유", data.closure_reason)],
        [("사유 상세", data.closure_reason_detail)],
        [("종결회의", _closure._closure_meeting(data))],
        [("종결 안내", data.closure_notice or "안내 전")],
        [("종합 평가", data.overall_evaluation)],
    ])
    f.heading("사후관리 계획")
    f.field_table([[("사후관리 계획", data.follow_up_plan)]])
    f.spacer()
    f.para(L.date_text(data.report_date), "center")
    f.signature_lines([("담당자", data.case_manager), ("팀장", data.team_leader)], "(서명)")
    return f.build()


# --- 사례회의록 -------------------------------------------------------------------------------


def render_meeting_minutes_hwpx(data: MeetingMinutesData, *, deidentified: bool) -> bytes:
    """The minutes as HWPX; ``deidentified=True`` scrubs names, numbers and addresses exactly as
    the PDF does (the same ``Redactor``), in every part of the package."""
    clean: Callable[[str], str] = _minutes.redactor_for(data) if deidentified else str
    when = L.date_text(data.held_on) + (f" {data.time_text}" if data.time_text else "")
    place = "서면 회의" if data.in_writing else data.place
    f = HwpxForm(_minutes.FORM_TITLE, footer=data.center_name)
    f.title(_minutes.FORM_TITLE, data.meeting_type)
    if deidentified:
        f.para(_minutes.DEIDENTIFIED_NOTE, "note")
    f.heading("회의 개요")
    f.field_table([
        [("회의 유형", data.meeting_type), ("일시", when)],
        [("장소", clean(place)), ("회의 주재", clean(data.chair))],
        [("기관", data.center_name), ("작성자", clean(data.recorder))],
    ])
    warnings = [f"필수 참석자 누락: {role}" for role in data.missing_required_roles()]
    warnings += list(data.warnings)
    for w in warnings:
        f.para(f"※ {w}", "warning")
    header, rows, widths, align = _minutes.attendee_table(data, clean, deidentified)
    f.heading(f"참석자 ({len(data.attendees)}명)")
    f.grid_table(header, rows, widths, align=align)
    f.heading("사례별 논의 및 결정")
    for number, case in enumerate(data.cases, start=1):
        f.heading(f"사례 {number}", mark="○")
        f.field_table(_minutes.case_rows(case, clean))
    if not data.cases:
        f.para("논의한 사례 없음")
    f.heading("슈퍼바이저 자문 의견")
    f.field_table([[("자문 의견", clean(data.supervisor_advice))]])
    f.heading("차기 회의")
    f.field_table([[("차기 회의 일정", data.next_meeting or "정하지 않음")]])
    f.spacer()
    f.signature_lines([("작성자", clean(data.recorder)), ("회의 주재", clean(data.chair))], "(서명)")
    return f.build()


# --- 통계 ------------------------------------------------------------------------------------


def render_statistics_hwpx(data: StatisticsData) -> bytes:
    """The statistics tables of seed 000 (the same rows as the PDF and the workbook)."""
    period = L.period_text(data.period_start, data.period_end)
    f = HwpxForm(_stats.FORM_TITLE, footer=data.center_name)
    f.title(_stats.FORM_TITLE, f"{data.center_name} · 대상 동: {_stats._scope(data)} · 기간: {period}")
    for table in _stats._tables(data):
        f.heading(table.heading, mark="■")
        if not table.rows:
            f.para("해당 자료 없음")
            continue
        rows = [[_stats._cell_text(v) for v in row] for row in table.rows]
        f.grid_table(table.header, rows, table.widths, align=table.align or ["cell_center"] * len(table.widths),
                     header_merges=table.merges, body_spans=table.body_spans,
                     total_span=table.total_span if table.has_total else None, width=table.width)
    for note in data.notes:
        f.para(f"※ {note}", "note")
    if data.prepared_on:
        f.para(f"작성일: {L.date_text(data.prepared_on)}", "right")
    return f.build()


# --- 초기상담 기록지, 욕구 및 위기도 조사표 ----------------------------------------------------------


def render_intake_record_hwpx(data: IntakeRecordData) -> bytes:
    s = _ia.intake_sections(data)
    f = HwpxForm(_ia.INTAKE_TITLE, footer=data.center_name)
    f.title(_ia.INTAKE_TITLE)
    f.heading("인적사항")
    f.field_table(s["person"])
    f.heading("가족구성원")
    f.grid_table([["성명", "관계", "연령", "동거여부"]], s["members"], [3, 2, 1.3, 1.7], align=["cell_center"] * 4)
    f.heading("초기상담 내용")
    f.field_table(s["intake"])
    f.heading("초기상담 결과")
    f.para(s["decision"])
    f.spacer()
    f.signature_lines([("상담자", data.case_manager)], "(서명)")
    return f.build()


def render_assessment_hwpx(data: AssessmentFormData) -> bytes:
    s = _ia.assessment_sections(data)
    f = HwpxForm(_ia.ASSESSMENT_TITLE, footer=data.center_name)
    f.title(_ia.ASSESSMENT_TITLE)
    f.heading("대상자")
    f.field_table(s["person"])
    f.heading("영역별 욕구 및 긴급도")
    f.grid_table([["영역", "대상자 욕구(본인의 말)", "사례관리자 의견", "긴급도", "강점·자원"]], s["domains"],
                 [1.3, 2.7, 2.7, 1.2, 2.1], align=["cell_center", "cell", "cell", "cell_center", "cell"])
    if s["screenings"]:
        f.heading("선별검사")
        f.grid_table([["도구", "점수", "결과"]], s["screenings"], [2, 1, 3],
                     align=["cell_center", "cell_center", "cell"], width=0.6)
    f.heading("위기도 및 종합 의견")
    f.field_table(s["result"])
    f.spacer()
    f.signature_lines([("조사자", data.case_manager)], "(서명)")
    return f.build()
