"""서비스 제공계획서: goals, services per need, and the client's agreement."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether

from . import layout as L
from .data import ServicePlanData
from .privacy import format_rrn, mask_rrn

FORM_TITLE = "서비스 제공계획서"
AGREEMENT = "위 서비스 제공계획에 동의합니다."


def render_service_plan(data: ServicePlanData) -> bytes:
    """The service plan with its agreement line as PDF bytes."""
    client = data.client
    rrn = format_rrn(client.rrn) if data.show_full_rrn else mask_rrn(client.rrn)
    goals = [[g.term, g.need_domain, g.text] for g in data.goals] or [["", "", ""]]
    items = [
        [i.need, i.service, i.provider, i.frequency, L.period_text(i.start, i.end),
         L.won(i.cost), i.funding]
        for i in data.items
    ]
    total = sum(i.cost or 0 for i in data.items)
    items.append([L.para("계", "header"), "", "", "", "", L.won(total), ""])

    signers = [("대상자", client.name)]
    if data.legal_representative is not None:
        rep = data.legal_representative
        signers.append((f"법정대리인(관계 : {rep.relation})", rep.name))
    signers.append(("사례관리자", data.case_manager))

    story: list[Flowable] = [
        *L.title(FORM_TITLE),
        *L.heading("대상자"),
        L.field_table([
            [("성명", client.name), ("주민등록번호", rrn)],
            [("사례번호", data.case_no), ("사례 유형", data.case_type)],
            [("계획 기간", L.period_text(data.period_start, data.period_end)),
             ("수립일", L.date_text(data.plan_date) if data.plan_date else "")],
        ]),
        *L.heading("목표"),
        L.grid_table(
            [["구분", "욕구 영역", "목표"]], goals, [1, 1.6, 7.4],
            align=["cell_center", "cell_center", "cell"],
        ),
        *L.heading("서비스 제공계획"),
        L.grid_table(
            [["욕구", "서비스 내용", "제공기관", "주기", "제공 기간", "비용", "재원"]],
            items,
            [1.8, 2.2, 1.8, 1.0, 2.2, 1.7, 1.0],
            align=["cell", "cell", "cell", "cell_center", "cell_center", "cell_right", "cell_center"],
            extra=L.total_row_style(4),
        ),
        KeepTogether([
            L.spacer(8),
            L.para(f"<b>{AGREEMENT}</b>", "center", raw=True),
            L.spacer(2),
            L.para(L.date_text(data.agreement_date), "center"),
            L.signature_lines(signers),
        ]),
    ]
    return L.build_pdf(story, FORM_TITLE, footer=data.center_name)
