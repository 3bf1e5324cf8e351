"""종결 보고서 and 서비스 제공계획서 contents; fonts, page numbers and long tables for every PDF."""

from __future__ import annotations

import builtins
import dataclasses
import re
from datetime import date

import pytest
from report_samples import has_page_number, squash

from reports import (
    Attendee,
    ServicePlanItem,
    render_closure_report,
    render_consent,
    render_meeting_minutes,
    render_service_plan,
    render_statistics_pdf,
)


def test_closure_report(closure_data, poppler) -> None:
    text = squash(poppler.text(render_closure_report(closure_data)))
    for expected in (
        "종결보고서", "2023.04.01.~2024.02.29.", "부자가정(2인)", "900101-1******",
        "주거비지원(보증금)", "대한적십자사", "3,250,000원", "알콜상담",
        "안정된주거확보달성", "음주횟수줄이기부분달성", "주5회에서주2회로감소",
        "종결사유목표달성", "종결회의서면(2024년2월20일)", "방문건강관리월1회방문",
        "담당자:박지현(서명)", "팀장:오제성(서명)",
    ):
        assert expected in text, expected
    assert "1234567" not in text


def test_closure_meeting_date_when_held(closure_data, poppler) -> None:
    held = dataclasses.replace(closure_data, closure_meeting_in_writing=False)
    text = squash(poppler.text(render_closure_report(held)))
    assert "종결회의2024년2월20일" in text and "서면" not in text


def test_service_plan(plan_data, poppler) -> None:
    text = squash(poppler.text(render_service_plan(plan_data)))
    for expected in (
        "서비스제공계획서", "장기생활환경안정된주거를확보한다", "주2회이하로음주를줄인다",
        "주거비지원(보증금)", "대한적십자사", "서대문구정신건강복지센터", "주1회",
        "2024.04.01.~2024.09.30.", "3,250,000원", "위서비스제공계획에동의합니다.",
        "2024년3월20일", "대상자:김철수(서명또는인)", "사례관리자:최율미(서명또는인)",
    ):
        assert expected in text, expected


def _all_pdfs(consent_data, closure_data, minutes_data, plan_data, stats_data) -> dict[str, bytes]:
    return {
        "consent": render_consent(consent_data),
        "consent_blank": render_consent(consent_data, blank=True),
        "closure": render_closure_report(closure_data),
        "minutes": render_meeting_minutes(minutes_data, deidentified=False),
        "minutes_deidentified": render_meeting_minutes(minutes_data, deidentified=True),
        "plan": render_service_plan(plan_data),
        "statistics": render_statistics_pdf(stats_data),
    }


def test_every_font_is_embedded_truetype(
    consent_data, closure_data, minutes_data, plan_data, stats_data, poppler
) -> None:
    for name, pdf in _all_pdfs(consent_data, closure_data, minutes_data, plan_data, stats_data).items():
        fonts = poppler.fonts(pdf)
        assert fonts, name
        for font in fonts:
            assert font["emb"] == "yes", (name, font)
            assert "CID" not in font["type"], (name, font)
            assert "NanumGothic" in font["name"], (name, font)
        pages = poppler.pages(pdf)
        assert all(has_page_number(page, n) for n, page in enumerate(pages, start=1)), name


def test_rendering_writes_no_files(
    consent_data, closure_data, minutes_data, plan_data, stats_data, monkeypatch
) -> None:
    real_open = builtins.open

    def read_only_open(file, mode="r", *args, **kwargs):
        assert not set(mode) & set("wax+"), f"report code opened {file!r} for writing"
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", read_only_open)
    for pdf in _all_pdfs(consent_data, closure_data, minutes_data, plan_data, stats_data).values():
        assert pdf.startswith(b"%PDF-")


def _header_lines(page: str, *cells: str) -> list[str]:
    return [line for line in page.splitlines() if all(c in line for c in cells)]


def test_long_service_plan_repeats_its_header_row(plan_data, poppler) -> None:
    items = tuple(
        ServicePlanItem(f"욕구 {n}번 항목", f"서비스 {n}번 내용", f"제공기관{n}", "주 1회",
                        date(2024, 4, 1), date(2024, 9, 30), 10_000 * n)
        for n in range(1, 61)
    )
    pdf = render_service_plan(dataclasses.replace(plan_data, items=items))
    pages = poppler.pages(pdf)
    table_pages = [p for p in pages if "번 내용" in p]
    assert len(table_pages) >= 3
    for page in table_pages:
        assert _header_lines(page, "욕구", "서비스 내용", "제공기관", "주기", "제공 기간", "비용")
    assert has_page_number(pages[1], 2)
    text = squash(poppler.text(pdf))
    assert "서비스60번내용" in text and f"{sum(10_000 * n for n in range(1, 61)):,}원" in text


def test_long_attendee_list_repeats_its_header_row(minutes_data, poppler) -> None:
    attendees = tuple(Attendee(f"홍길{n:02d}", f"기관 {n}", "사회복지사") for n in range(1, 71))
    pdf = render_meeting_minutes(
        dataclasses.replace(minutes_data, attendees=attendees), deidentified=False
    )
    pages = poppler.pages(pdf)
    assert len(pages) >= 2
    assert _header_lines(pages[1], "번호", "성명", "소속 기관", "역할")
    assert re.search(r"홍길70", poppler.text(pdf))


def test_reports_layer_imports_no_qt_and_no_orm() -> None:
    import subprocess
    import sys

    code = (
        "import sys, reports; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'sqlalchemy', 'models', 'app', 'ui')]; "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
