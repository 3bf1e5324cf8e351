"""개인정보 수집·이용 및 제3자 제공 동의서.

The third-party section reproduces the form printed in seed 003 (2019 공공부문 사례관리
연계·협력 업무 안내, III.9) word for word; the collection section explains purpose, legal basis,
use, handling after the purpose is met and how to object, as the same section requires.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether

from . import layout as L
from .data import ConsentFormData, HouseholdMember, Person
from .privacy import format_rrn, mask_rrn

FORM_TITLE = "개인정보 수집·이용 및 제3자 제공 동의서"
FORM_VERSION = "2019 공공부문 사례관리 연계·협력 업무 안내 서식"
PURPOSE = "통합사례관리 서비스 제공"
RETENTION = "통합사례관리 서비스 종결 후 5년"
LAW = "『사회보장급여의 이용·제공 및 수급권자 발굴에 관한 법률』"

# "제5조 제항" is exactly what the seed prints (the paragraph number is missing there); it is
# kept verbatim until someone checks the printed guide.
RECIPIENTS_FIXED_HEAD = ("사례관리 담당자", "사례회의 참석자(기관)")
RECIPIENTS_FIXED_TAIL = (
    f"{LAW} 제2조에 따른 보장기관 및 제5조 제항에 따라 보장기관의 장으로부터 권한 또는 "
    "업무의 일부를 위임받은 공공기관",
    "동법 제16조제2항에 따른 관계 기관·법인·단체·시설",
    "7대 공공부문 사례관리 사업(통합사례관리, 노인돌봄기본서비스, 드림스타트, 방문건강관리, "
    "의료급여사례관리, 자활사례관리, 중독 및 정신건강사례관리) 수행 기관 및 시설",
)
ITEMS = (
    "대상자 정보 (성명, 주민등록번호*, 연락처, 주소)",
    "가족구성원 정보 (성명, 연령, 동거여부, 연락처)",
    "사례관리 정보 (가족력, 개인력, 서비스 제공이력 등)",
)
RRN_FOOTNOTE = f"* 주민등록번호는 {LAW} 시행령 제27조에 따라 수집·이용"
THIRD_PARTY_REFUSAL = (
    "※ 위의 개인정보를 제 3자에게 제공하는데 동의를 거부할 권리가 있습니다. "
    "그러나 동의를 거부할 경우 원활한 서비스 제공에 일부 제한을 받을 수 있습니다."
)
THIRD_PARTY_QUESTION = "☞ 위와 같이 개인정보를 제3자에게 제공하는데 동의하십니까?"
COLLECTION_REFUSAL = (
    "※ 위의 개인정보 수집·이용에 대한 동의를 거부할 권리가 있습니다. "
    "그러나 동의를 거부할 경우 원활한 서비스 제공에 일부 제한을 받을 수 있습니다."
)
COLLECTION_QUESTION = "☞ 위와 같이 개인정보를 수집·이용하는데 동의하십니까?"

BLANK_MEMBER_ROWS = 4


def _collection_terms(center: str) -> list[tuple[str, str]]:
    return [
        ("수집·이용 목적", f"{PURPOSE} (욕구 및 위기도 조사, 사례회의, 서비스 제공계획 수립, "
                       "서비스 제공 및 점검, 종결 및 사후관리)"),
        ("법적 근거", f"「개인정보 보호법」 제15조제1항제1호(정보주체의 동의), {LAW} 및 "
                  "같은 법 시행령 제27조(주민등록번호의 처리)"),
        ("수집 항목", L.lines(ITEMS)),
        ("정보의 활용", "사례관리 업무 수행에 필요한 최소한의 범위에서만 이용하며, 대상자의 정보는 "
                    "정보의 주체와 주사례관리자만 열람합니다. 사례회의 등에서 논의할 때에는 "
                    "개인을 식별할 수 있는 정보를 삭제합니다."),
        ("목적달성 후 처리방법", f"{RETENTION}간 보유하며, 보유기간이 지나면 "
                         "지체 없이 복구할 수 없는 방법으로 파기합니다."),
        ("이의제기 절차", f"개인정보의 열람·정정·삭제·처리정지를 요구하거나 이의를 제기하려면 "
                     f"{center} 담당자에게 말씀하시거나 서면으로 신청하실 수 있으며, "
                     "지체 없이 필요한 조치를 하고 그 결과를 알려드립니다."),
    ]


def intro(center: str) -> str:
    """The opening sentence (the PDF and the HWPX print the same words)."""
    return (f"{L.topic(center)} {PURPOSE}을 위하여 「개인정보 보호법」 제15조 및 제17조에 따라 아래와 "
            "같이 개인정보를 수집·이용하고 제3자에게 제공하고자 합니다. 내용을 읽으신 후 "
            "동의 여부를 표시하여 주십시오.")


def member_rows(members: tuple[HouseholdMember, ...], blank: bool) -> list[list[str]]:
    """가족구성원 rows: empty lines to write on for a blank form, "없음" when none is recorded."""
    if blank:
        return [[""] * 5 for _ in range(BLANK_MEMBER_ROWS)]
    return [[m.name, m.relation, "" if m.age is None else str(m.age), _together(m.lives_together), m.phone]
            for m in members] or [["없음", "", "", "", ""]]


def _together(value: bool | None) -> str:
    return {True: "동거", False: "비동거", None: ""}[value]


def client_rows(client: Person | None, case_no: str, show_full_rrn: bool) -> list[list[tuple[str, str]]]:
    """대상자 rows; the RRN's back digits only when ``show_full_rrn``."""
    client = client or Person(name="")
    rrn = format_rrn(client.rrn) if show_full_rrn else mask_rrn(client.rrn)
    return [
        [("성명", client.name), ("주민등록번호", rrn)],
        [("연락처", client.phone), ("사례번호", case_no)],
        [("주소", client.address)],
    ]


def _client_table(client: Person | None, case_no: str, show_full_rrn: bool) -> Flowable:
    return L.field_table(client_rows(client, case_no, show_full_rrn))


def _members_table(members: tuple[HouseholdMember, ...], blank: bool) -> Flowable:
    rows = member_rows(members, blank)
    return L.grid_table(
        [["성명", "관계", "연령", "동거여부", "연락처"]],
        rows,
        [3, 2, 1.3, 1.7, 3],
        align=["cell_center"] * 5,
        min_row_height_mm=7 if blank else 0,
    )


def _recipients(providers: tuple[str, ...]) -> str:
    # Blank forms leave room to write the provider names by hand.
    names = ", ".join(providers) if providers else L.gap(30)
    return L.lines((*RECIPIENTS_FIXED_HEAD, f"서비스 제공기관(기관명 : {names})", *RECIPIENTS_FIXED_TAIL))


def _third_party_table(providers: tuple[str, ...]) -> Flowable:
    return L.grid_table(
        [["제공받는 기관", "제공목적", "제공하는 항목", "보유기간"]],
        [[_recipients(providers), PURPOSE, L.lines(ITEMS), RETENTION]],
        [4.2, 1.6, 2.6, 1.6],
        align=["cell", "cell_center", "cell", "cell_center"],
    )


def _question(question: str, answer: bool | None) -> Flowable:
    return KeepTogether([
        L.para(f"<b>{L.markup(question)}</b>", "emphasis", raw=True),
        L.para(L.agree_boxes(answer), "center"),
    ])


def signer_lines(data: ConsentFormData, client: Person | None, filled: bool) -> list[tuple[str, str]]:
    """The signature lines, the same in the PDF and the HWPX: the client; the legal representative
    when there is one, or always on a blank form (a client under 14 signs through them); the worker."""
    rep = data.legal_representative if filled else None
    signers = [("대상자 성명", client.name if client else "")]
    if rep is not None or not filled:
        relation = rep.relation if rep else L.gap(8)
        signers.append((f"법정대리인 성명(관계 : {relation})", rep.name if rep else ""))
    signers.append(("담당자", data.case_manager if filled else ""))
    return signers


def render_consent(data: ConsentFormData, *, blank: bool = False) -> bytes:
    """The consent form as PDF bytes, pre-filled from ``data`` or (``blank=True``) empty.

    The RRN prints masked (``900101-1******``) unless ``data.show_full_rrn`` is set.
    """
    filled = not blank and data.client is not None
    client = data.client if filled else None
    center = data.center_name

    story: list[Flowable] = [
        *L.title(FORM_TITLE),
        L.para(intro(center)),
        *L.heading("대상자"),
        _client_table(client, data.case_no if filled else "", filled and data.show_full_rrn),
        *L.heading("가족구성원"),
        _members_table(data.members if filled else (), blank=not filled),
        *L.heading("1. 개인정보 수집·이용 동의", mark=""),
        L.field_table([[(label, text)] for label, text in _collection_terms(center)], 0.24),
        L.spacer(2),
        L.para(COLLECTION_REFUSAL, "note"),
        _question(COLLECTION_QUESTION, data.collection_agreed if filled else None),
        # The table is one unsplittable row: keep both headings with it.
        KeepTogether([
            *L.heading("2. 개인정보 제3자 제공 동의", mark=""),
            *L.heading("개인정보 제3자 제공 내역"),
            _third_party_table(data.service_providers if filled else ()),
        ]),
        L.spacer(2),
        L.para(RRN_FOOTNOTE, "note"),
        L.para(THIRD_PARTY_REFUSAL, "note"),
        _question(THIRD_PARTY_QUESTION, data.third_party_agreed if filled else None),
    ]

    signers = signer_lines(data, client, filled)
    story.append(KeepTogether([
        L.spacer(4),
        L.para(L.date_text(data.consent_date if filled else None), "center"),
        L.spacer(2),
        L.signature_lines(signers),
        L.spacer(6),
        L.para(f"<b>{L.markup(center)} 귀하</b>", "center", raw=True),
    ]))
    return L.build_pdf(story, FORM_TITLE, footer=FORM_VERSION)
