"""사례회의록, in full or de-identified for sharing outside the case team.

The de-identified variant (seed 003 III.9: "개인식별이 가능한 정보를 반드시 삭제") writes every
person's name as ``김 * *`` and removes every RRN, phone number and address the data object
knows about, in the free-text fields too. Phone numbers, addresses and RRNs are never printed on
minutes in either variant: the meeting does not need them.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.platypus import Flowable, KeepTogether

from . import layout as L
from .data import CaseDiscussion, MeetingMinutesData
from .privacy import Redactor

FORM_TITLE = "사례회의록"
DEIDENTIFIED_NOTE = "※ 개인식별정보 삭제본: 성명은 성만 표기하고 주민등록번호·연락처·주소는 삭제함"


def redactor_for(data: MeetingMinutesData) -> Redactor:
    """A redactor knowing every person, number and address mentioned in ``data``."""
    names = [data.chair, data.recorder, *(a.name for a in data.attendees)]
    rrns: list[str] = []
    phones: list[str] = []
    addresses: list[str] = []
    for case in data.cases:
        people = [case.client, *case.members]
        names += [p.name for p in people]
        rrns += [p.rrn for p in people]
        phones += [p.phone for p in people]
        addresses.append(case.client.address)
    return Redactor(names=names, rrns=rrns, phones=phones, addresses=addresses)


def case_rows(case: CaseDiscussion, clean: Callable[[str], str]) -> list:
    """One case's 논의 및 결정 as field-table rows, the same in the PDF and the HWPX."""
    roles = L.lines(f"{clean(r.agency)} : {clean(r.task)}" for r in case.roles)
    return [
        [("대상자", clean(case.client.name)), ("가구개요", clean(case.household_summary))],
        [("주요 문제", L.lines((clean(i) for i in case.issues), "°"))],
        [("결정 사항", clean(case.decisions))],
        [("진행 방향", clean(case.direction))],
        [("주사례기관", clean(case.lead_agency))],
        [("역할분담", roles)],
    ]


def _case_block(number: int, case: CaseDiscussion, clean: Callable[[str], str]) -> Flowable:
    return KeepTogether([*L.heading(f"사례 {number}", mark="○"), L.field_table(case_rows(case, clean))])


def attendee_table(data: MeetingMinutesData, clean: Callable[[str], str], deidentified: bool):
    """참석자 as a table (header, rows, widths, align), the same in the PDF and the HWPX. The role is
    a label from the fixed list: scrubbing a given name out of it would turn a "사례관리사" into
    "○○관리사" when someone is named 김사례. The named minutes have a 서명 column each attendee
    signs; the de-identified ones, passed on outside, keep their four columns."""
    rows = [[str(n), clean(a.name), clean(a.agency), a.role] + ([] if deidentified else [""])
            for n, a in enumerate(data.attendees, start=1)]
    if deidentified:
        return ([["번호", "성명", "소속 기관", "역할"]], rows or [["", "참석자 없음", "", ""]], [0.8, 2, 3.6, 3.6],
                ["cell_center", "cell_center", "cell", "cell"])
    return ([["번호", "성명", "소속 기관", "역할", "서명"]], rows or [["", "참석자 없음", "", "", ""]],
            [0.8, 1.8, 3.0, 3.0, 1.4], ["cell_center", "cell_center", "cell", "cell", "cell_center"])

def render_meeting_minutes(data: MeetingMinutesData, *, deidentified: bool) -> bytes:
    """The minutes as PDF bytes; ``deidentified=True`` for material shared outside the team."""
    clean: Callable[[str], str] = redactor_for(data) if deidentified else str
    when = L.date_text(data.held_on) + (f" {data.time_text}" if data.time_text else "")
    place = "서면 회의" if data.in_writing else data.place

    story: list[Flowable] = [*L.title(FORM_TITLE, data.meeting_type)]
    if deidentified:
        story.append(L.para(DEIDENTIFIED_NOTE, "note"))
    story += [
        *L.heading("회의 개요"),
        L.field_table([
            [("회의 유형", data.meeting_type), ("일시", when)],
            [("장소", clean(place)), ("회의 주재", clean(data.chair))],
            [("기관", data.center_name), ("작성자", clean(data.recorder))],
        ]),
    ]

    warnings = [f"필수 참석자 누락: {role}" for role in data.missing_required_roles()]
    warnings += list(data.warnings)  # rule sentences (resources/rules), never personal data
    if warnings:
        story.append(L.spacer(2))
        story += [L.para(f"※ {w}", "warning") for w in warnings]

    header, rows, widths, align = attendee_table(data, clean, deidentified)
    story += [
        *L.heading(f"참석자 ({len(data.attendees)}명)"),
        L.grid_table(header, rows, widths, align=align),
        *L.heading("사례별 논의 및 결정"),
    ]
    story += [_case_block(n, c, clean) for n, c in enumerate(data.cases, start=1)]
    if not data.cases:
        story.append(L.para("논의한 사례 없음"))
    story += [
        *L.heading("슈퍼바이저 자문 의견"),
        L.field_table([[("자문 의견", clean(data.supervisor_advice))]]),
        *L.heading("차기 회의"),
        L.field_table([[("차기 회의 일정", data.next_meeting or "정하지 않음")]]),
        KeepTogether([
            L.spacer(6),
            L.signature_lines(
                [("작성자", clean(data.recorder)), ("회의 주재", clean(data.chair))], "(서명)"
            ),
        ]),
    ]
    return L.build_pdf(story, FORM_TITLE, footer=data.center_name)
