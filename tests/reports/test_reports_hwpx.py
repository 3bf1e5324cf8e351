"""The HWPX (한글) forms: valid for python-hwpx, read back by extract-hwp with the same wording and
values as the PDF tests, real tables (borders, merged header cells), A4 margins, 한글's standard
Korean font, no personal data outside the body and nothing written to a file."""

from __future__ import annotations

import builtins
import dataclasses
import io
import re
import tempfile
import zipfile
from datetime import date

import pytest
from report_samples import CLIENT, SON, squash
from test_reports_consent import COLLECTION_TOPICS, SEED_SENTENCES

from reports import (AssessmentDomainRow, AssessmentFormData, IntakeRecordData, LegalRepresentative,
                     render_assessment, render_assessment_hwpx, render_closure_report, render_closure_report_hwpx,
                     render_consent, render_consent_hwpx, render_intake_record, render_intake_record_hwpx,
                     render_meeting_minutes, render_meeting_minutes_hwpx, render_service_plan,
                     render_service_plan_hwpx, render_statistics_hwpx, render_statistics_pdf)
from reports.hwpx_layout import CONTENT_WIDTH_MM, FONT, hu, validate
from tests.hwpx_helpers import every_part, hwpx_text, scan_for


def text_of(data: bytes) -> str:
    assert validate(data) == [], "python-hwpx validation"
    return squash(hwpx_text(data))


def part(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(name).decode("utf-8")


def test_consent_hwpx_has_seed_wording_and_case_data(consent_data) -> None:
    text = text_of(render_consent_hwpx(consent_data))
    for sentence in SEED_SENTENCES + COLLECTION_TOPICS:
        assert squash(sentence) in text, sentence
    assert squash("서비스 제공기관(기관명 : 홍은종합사회복지관, 서대문구정신건강복지센터)") in text
    for value in ("김철수", "010-1234-5678", "서울특별시서대문구연희로123,101동202호", "김민준", "이영희"):
        assert squash(value) in text, value
    assert "900101-1******" in text and "1234567" not in text
    assert "☞위와같이개인정보를수집·이용하는데동의하십니까?■동의함□동의하지않음" in text
    assert "제공하는데동의하십니까?□동의함■동의하지않음" in text
    assert "2024년3월5일" in text
    assert "대상자성명:김철수(서명또는인)" in text
    assert "담당자:박지현(서명또는인)" in text
    assert "연희동주민센터귀하" in text
    assert "법정대리인" not in text


def test_consent_hwpx_variants(consent_data) -> None:
    full = text_of(render_consent_hwpx(dataclasses.replace(consent_data, show_full_rrn=True)))
    assert "900101-1234567" in full
    rep = dataclasses.replace(consent_data, legal_representative=LegalRepresentative("김영수", "부"))
    assert "법정대리인성명(관계:부):김영수(서명또는인)" in text_of(render_consent_hwpx(rep))
    for blank in (render_consent_hwpx(consent_data, blank=True),
                  render_consent_hwpx(dataclasses.replace(consent_data, client=None))):
        text = text_of(blank)
        for sentence in SEED_SENTENCES:
            assert squash(sentence) in text, sentence
        for value in ("김철수", "900101", "010-", "연희로", "김민준", "홍은종합사회복지관", "박지현", "2024"):
            assert value not in text, value
        assert "■" not in text and text.count("□동의함□동의하지않음") == 2
        assert "서비스제공기관(기관명:)" in text and "년월일" in text and "법정대리인성명(관계:)" in text
        assert scan_for(blank, ["김철수", "900101"]) == []


def test_consent_hwpx_for_signature(consent_data) -> None:
    """Pre-filled from the case before anything is recorded: the person's details, no ticks, the
    date left to write, "없음" where no family member is recorded — as the PDF prints it."""
    data = dataclasses.replace(consent_data, members=(), consent_date=None, collection_agreed=None,
                               third_party_agreed=None)
    text = text_of(render_consent_hwpx(data))
    assert "김철수" in text and "900101-1******" in text and "2024-0012" in text
    assert "■" not in text and text.count("□동의함□동의하지않음") == 2
    assert "년월일" in text and "연락처없음" in text  # the members table: header, then "없음"
    assert "서비스제공기관(기관명:홍은종합사회복지관,서대문구정신건강복지센터)" in text


def _lines(text: str) -> list[str]:
    """Squashed lines, without the page number lines ("- 1 -", or "- -" where 한글 fills the field)."""
    out = []
    for line in text.splitlines():
        flat = squash(line)
        if len(flat) >= 2 and not re.fullmatch(r"-\d*-.*", flat):
            out.append(flat)
    return out


def _pairs(consent_data, closure_data, minutes_data, plan_data, stats_data):
    yield "consent", render_consent(consent_data), render_consent_hwpx(consent_data)
    yield "blank consent", render_consent(consent_data, blank=True), render_consent_hwpx(consent_data, blank=True)
    yield "plan", render_service_plan(plan_data), render_service_plan_hwpx(plan_data)
    yield "closure", render_closure_report(closure_data), render_closure_report_hwpx(closure_data)
    for deidentified in (False, True):
        yield (f"minutes {deidentified}", render_meeting_minutes(minutes_data, deidentified=deidentified),
               render_meeting_minutes_hwpx(minutes_data, deidentified=deidentified))
    yield "statistics", render_statistics_pdf(stats_data), render_statistics_hwpx(stats_data)
    yield "intake", render_intake_record(_intake()), render_intake_record_hwpx(_intake())
    yield "assessment", render_assessment(_assessment()), render_assessment_hwpx(_assessment())


def test_hwpx_says_what_the_pdf_says(consent_data, closure_data, minutes_data, plan_data, stats_data,
                                     poppler) -> None:
    """Every line the independent reader finds in the HWPX is in the PDF's text, and every line of
    the PDF is in the HWPX: the same wording, values and masking, only the page description
    differs. Page number lines are left out: the PDF prints "- 1 -" with the footer text on one
    line, the HWPX keeps both in its page footer (checked on its own below)."""
    for name, pdf, hwpx in _pairs(consent_data, closure_data, minutes_data, plan_data, stats_data):
        pdf_text = poppler.text(pdf)
        hwpx_raw = hwpx_text(hwpx)
        pdf_flat, hwpx_flat = squash(pdf_text), squash(hwpx_raw)
        assert validate(hwpx) == [], name
        missing = [line for line in _lines(hwpx_raw) if line not in pdf_flat]
        assert missing == [], (name, missing)
        missing = [line for line in _lines(pdf_text) if line not in hwpx_flat]
        assert missing == [], (name, missing)
        assert len(_lines(hwpx_raw)) > 15 and len(_lines(pdf_text)) > 10, name  # not vacuous


def test_page_footer_holds_page_number_and_source(consent_data, plan_data) -> None:
    for data, footer in ((render_consent_hwpx(consent_data), "2019 공공부문 사례관리 연계·협력 업무 안내 서식"),
                         (render_service_plan_hwpx(plan_data), plan_data.center_name)):
        section = part(data, "Contents/section0.xml")
        story = re.search(r"<hp:ctrl><hp:footer .*?</hp:footer></hp:ctrl>", section).group(0)
        assert "<hp:autoNum " in story and 'numType="PAGE"' in story and f"<hp:t>{footer}</hp:t>" in story
        body = section.replace(story, "")
        assert f"<hp:t>{footer}</hp:t>" not in re.sub(r"<hp:secPr .*?</hp:secPr>", "", body)


def test_deidentified_minutes_hwpx_hold_nothing_personal_in_any_part(minutes_data) -> None:
    data = render_meeting_minutes_hwpx(minutes_data, deidentified=True)
    text = text_of(data)
    people = [CLIENT.name, SON.name, "오제성", "박지현", "최율미"]
    secrets = people + [n[1:] for n in people] + [CLIENT.rrn, SON.rrn, CLIENT.phone, SON.phone, "010-9999-8888",
                                                  re.sub(r"\D", "", CLIENT.rrn), "연희로", "101동", "202호"]
    assert scan_for(data, secrets) == []
    assert "김**" in text and "오**" in text and "최**" in text
    for expected in ("부자가정(2인)", "부의알콜문제", "주사례기관", "서대문구청", "필수참석자누락"):
        assert expected in text, expected
    # the scan is not blind: the named minutes do hold the names, in the body only
    named = render_meeting_minutes_hwpx(minutes_data, deidentified=False)
    assert {p for p, _ in scan_for(named, [CLIENT.name])} == {"Contents/section0.xml"}


def test_a_table_longer_than_a_page_flows_onto_the_next(minutes_data) -> None:
    many = tuple(dataclasses.replace(minutes_data.attendees[0], name=f"참석자{n:03d}") for n in range(150))
    data = render_meeting_minutes_hwpx(dataclasses.replace(minutes_data, attendees=many), deidentified=False)
    text = text_of(data)
    assert "참석자(150명)" in text and "참석자000" in text and "참석자149" in text
    section = part(data, "Contents/section0.xml")
    attendees = re.search(r'<hp:tbl [^>]*rowCnt="151"[^>]*>.*?<hp:pos [^>]*>', section).group(0)
    assert 'repeatHeader="1"' in attendees and 'treatAsChar="0"' in attendees


def test_package_properties_and_preview_hold_no_personal_data(consent_data) -> None:
    data = render_consent_hwpx(consent_data)
    parts = every_part(data)
    hpf = parts["Contents/content.hpf"]
    assert "<opf:title>개인정보 수집·이용 및 제3자 제공 동의서</opf:title>" in hpf
    assert "synthetic" not in hpf and "saryegwanri" in hpf
    assert parts["Preview/PrvText.txt"] == ""
    assert len(zipfile.ZipFile(io.BytesIO(data)).read("Preview/PrvImage.png")) < 200  # a blank 1×1 image
    assert {p for p, _ in scan_for(data, [CLIENT.name, CLIENT.phone])} == {"Contents/section0.xml"}


def test_statistics_hwpx_tables_have_borders_and_merged_headers(stats_data) -> None:
    data = render_statistics_hwpx(stats_data)
    text = text_of(data)
    for expected in ("통합사례관리추진현황", "사례관리대상자선정및진행현황", "서비스연계", "알콜및정신질환", "천연동"):
        assert expected in text, expected
    section = part(data, "Contents/section0.xml")
    assert section.count("<hp:tbl ") == 4
    spans = set(re.findall(r'<hp:cellSpan colSpan="(\d+)" rowSpan="(\d+)"/>', section))
    assert ("3", "1") in spans  # 선정 over 소계 / 진행 / 종결
    assert ("1", "2") in spans  # 구분, 의뢰, 미선정, 서비스연계 over both header rows
    # 한글 breaks the tables between rows and repeats the header rows on the next page.
    assert section.count('repeatHeader="1"') == 4
    assert re.findall(r'<hp:pos treatAsChar="(\d)"', section) == ["0"] * 4
    header = part(data, "Contents/header.xml")
    assert '<hh:leftBorder type="SOLID" width="0.12 mm" color="#000000"/>' in header
    assert 'faceColor="#E6E6E6"' in header  # the shaded header row


@pytest.mark.parametrize("name", ["consent", "plan", "closure", "minutes", "stats", "intake", "assessment"])
def test_every_form_is_a4_with_the_pdf_margins_and_a_standard_korean_font(
    name, consent_data, closure_data, minutes_data, plan_data, stats_data
) -> None:
    data = _all(consent_data, closure_data, minutes_data, plan_data, stats_data)[name]
    assert validate(data) == []
    section = part(data, "Contents/section0.xml")
    assert re.search(r'<hp:pagePr [^>]*width="59528" height="8418\d"', section)
    margin = re.search(r"<hp:margin [^>]*>", section).group(0)
    assert f'left="{hu(18)}"' in margin and f'right="{hu(18)}"' in margin and f'top="{hu(20)}"' in margin
    assert CONTENT_WIDTH_MM == 174
    header = part(data, "Contents/header.xml")
    faces = set(re.findall(r'<hh:font id="\d+" face="([^"]+)"', header))
    assert FONT in faces and faces <= {"함초롬돋움", "함초롬바탕"}
    assert 'isEmbedded="1"' not in header


def test_forms_carry_their_values(closure_data, plan_data) -> None:
    text = text_of(render_closure_report_hwpx(closure_data))
    for expected in ("종결보고서", "목표달성", CLIENT.name, "900101-1******"):
        assert expected in text, expected
    text = text_of(render_service_plan_hwpx(plan_data))
    assert "서비스제공계획서" in text and "위서비스제공계획에동의합니다." in text and "계" in text


def test_styles_are_made_once(consent_data, minutes_data, stats_data) -> None:
    """Every form uses the shapes of the one template (made once per process): no form adds to
    the header part, which keeps an HWPX within twice the time of its PDF."""
    headers = {part(data, "Contents/header.xml") for data in (
        render_consent_hwpx(consent_data), render_consent_hwpx(consent_data, blank=True),
        render_meeting_minutes_hwpx(minutes_data, deidentified=True), render_statistics_hwpx(stats_data))}
    assert len(headers) == 1


def test_rendering_writes_no_files(consent_data, closure_data, minutes_data, plan_data, stats_data,
                                   monkeypatch) -> None:
    real_open = builtins.open

    def read_only_open(file, mode="r", *args, **kwargs):
        assert not set(mode) & set("wax+"), f"report code opened {file!r} for writing"
        return real_open(file, mode, *args, **kwargs)

    def no_temp(*_a, **_k):
        raise AssertionError("a temporary file was made")

    monkeypatch.setattr(builtins, "open", read_only_open)
    for fn in ("NamedTemporaryFile", "TemporaryFile", "mkstemp", "mkdtemp", "SpooledTemporaryFile"):
        monkeypatch.setattr(tempfile, fn, no_temp)
    for data in _all(consent_data, closure_data, minutes_data, plan_data, stats_data).values():
        assert data[:2] == b"PK"


def _intake() -> IntakeRecordData:
    return IntakeRecordData("연희동 주민센터", CLIENT, "박지현", date(2024, 3, 1), "2024-0012", "통반장",
                            "3통장", "월세 체납", "사례관리 접수", "부자가정", (SON,))


def _assessment() -> AssessmentFormData:
    return AssessmentFormData("연희동 주민센터", CLIENT, "박지현", date(2024, 3, 4), "2024-0012",
                              domains=(AssessmentDomainRow("안전", "무서워요", "음주 후 폭언", "높음(긴급)", "이웃"),
                                       AssessmentDomainRow("법률 및 권익보장")),
                              screenings=(("AUDIT-K", 21, "알코올 사용장애 추정"),), crisis_level="위기",
                              suggested_case_type="고난도", summary="정신건강복지센터 연계")


def test_intake_and_assessment_forms() -> None:
    text = text_of(render_intake_record_hwpx(_intake()))
    for expected in ("초기상담기록지", "통반장", "3통장", "월세체납", "■사례관리접수", "□미해당", "김민준"):
        assert expected in text, expected
    text = text_of(render_assessment_hwpx(_assessment()))
    for expected in ("욕구및위기도조사표", "무서워요", "음주후폭언", "높음(긴급)", "AUDIT-K", "21", "고난도",
                     "법률및권익보장"):
        assert expected in text, expected


def _all(consent_data, closure_data, minutes_data, plan_data, stats_data) -> dict[str, bytes]:
    return {
        "consent": render_consent_hwpx(consent_data),
        "plan": render_service_plan_hwpx(plan_data),
        "closure": render_closure_report_hwpx(closure_data),
        "minutes": render_meeting_minutes_hwpx(minutes_data, deidentified=True),
        "stats": render_statistics_hwpx(stats_data),
        "intake": render_intake_record_hwpx(_intake()),
        "assessment": render_assessment_hwpx(_assessment()),
    }
