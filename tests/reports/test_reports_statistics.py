"""Statistics as PDF and .xlsx, with seed 000's 2015 numbers."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from openpyxl import load_workbook
from report_samples import squash

from reports import render_statistics_pdf, render_statistics_xlsx


def test_statistics_pdf(stats_data, poppler) -> None:
    text = squash(poppler.text(render_statistics_pdf(stats_data)))
    for expected in (
        "통합사례관리추진현황", "대상동:전체", "2015.01.01.~2015.12.31.",
        "사례관리대상자선정및진행현황", "구분의뢰선정미선정서비스연계소계진행종결",
        "2015137624319669", "2014814304310282013846506581",
        "알콜및정신질환7", "경제적어려움27", "계62",
        "천연동40004", "북가좌1동33300", "총계134309",
        "201422", "201139", "계98",
    ):
        assert expected in text, expected


def test_statistics_xlsx(stats_data) -> None:
    wb = load_workbook(BytesIO(render_statistics_xlsx(stats_data)))
    assert wb.sheetnames == ["개요", "선정 및 진행 현황", "가구유형", "동별 현황", "장기 미종결"]

    info = wb["개요"]
    assert info["A1"].value == "기관" and info["B1"].value == "서대문구 복지정책과"
    assert info["B3"].value.date() == date(2015, 1, 1)

    counts = wb["선정 및 진행 현황"]
    assert [c.value for c in counts[1]] == ["구분", "의뢰", "선정", None, None, "미선정", "서비스연계"]
    assert [c.value for c in counts[2]][2:5] == ["소계", "진행", "종결"]
    assert "C1:E1" in {str(r) for r in counts.merged_cells.ranges}
    assert [c.value for c in counts[3]] == ["2015", 137, 62, 43, 19, 6, 69]
    assert all(isinstance(c.value, int) for c in counts[3][1:])

    types = wb["가구유형"]
    assert [c.value for c in types[2]] == ["문제 유형", "알콜 및 정신질환", 7]
    assert [c.value for c in types[types.max_row]] == ["계", None, 62]

    dongs = wb["동별 현황"]
    assert [c.value for c in dongs[1]] == ["동 명", "소계", "선정", "선정 중 미종결", "서비스연계", "미선정"]
    assert [c.value for c in dongs[3]] == ["연희동", 6, 1, 0, 0, 5]
    assert [c.value for c in dongs[dongs.max_row]] == ["총계", 13, 4, 3, 0, 9]

    long_open = wb["장기 미종결"]
    assert [c.value for c in long_open[2]] == ["2014", 22]
    assert [c.value for c in long_open[long_open.max_row]] == ["계", 98]
