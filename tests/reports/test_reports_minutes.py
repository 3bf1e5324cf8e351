"""사례회의록: full and de-identified variants, required-attendee warnings."""

from __future__ import annotations

import re

from report_samples import CLIENT, SON, squash

from reports import render_meeting_minutes


def test_full_minutes(minutes_data, poppler) -> None:
    text = squash(poppler.text(render_meeting_minutes(minutes_data, deidentified=False)))
    for expected in (
        "사례회의록", "통합사례회의", "2024년3월12일14:00~16:00", "서대문구청3층회의실",
        "오제성", "박지현", "최율미", "홍은종합사회복지관", "희망복지지원단사례관리담당자",
        "부자가정(2인)", "부의알콜문제", "김철수님을집중사례로선정", "주사례기관서대문구청",
        "홍은종합사회복지관:자녀학습지원", "정신건강복지센터와협의할것",
    ):
        assert expected in text, expected
    assert "필수참석자누락:읍·면·동사례관리담당자" in text
    assert "필수참석자누락:희망복지지원단" not in text


def test_deidentified_minutes_contain_no_personal_data(minutes_data, poppler) -> None:
    pdf = render_meeting_minutes(minutes_data, deidentified=True)
    raw = poppler.text(pdf)
    text = squash(raw)
    people = [CLIENT.name, SON.name, "오제성", "박지현", "최율미"]
    for name in people:
        assert name not in text, name
        assert name[1:] not in text, name  # not even the given name ("민준이")
    digits = re.sub(r"\D", "", raw)
    for number in (CLIENT.rrn, SON.rrn, CLIENT.phone, SON.phone, "010-9999-8888"):
        assert re.sub(r"\D", "", number) not in digits, number
    for fragment in ("연희로", "101동", "202호"):
        assert fragment not in text, fragment
    # Names become "김 * *"; the rest of the minutes is still there.
    assert "김**" in text and "오**" in text and "최**" in text
    for expected in ("부자가정(2인)", "부의알콜문제", "주사례기관", "서대문구청", "필수참석자누락"):
        assert expected in text, expected


def test_metadata_carries_no_personal_data(minutes_data, poppler) -> None:
    info = poppler.info(render_meeting_minutes(minutes_data, deidentified=True))
    assert info["Title"] == "사례회의록"
    assert info.get("Author", "") == "" and info.get("Subject") in ("", "(unspecified)")
