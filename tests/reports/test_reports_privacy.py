"""mask_rrn, deidentify_name and the Redactor used by de-identified minutes."""

from __future__ import annotations

import pytest

from reports import Redactor, deidentify_name, format_rrn, mask_rrn


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("900101-1234567", "900101-1******"),
        ("9001011234567", "900101-1******"),
        ("９００１０１－１２３４５６７", "900101-1******"),  # full-width digits and dash
        (" 900101 – 1234567 ", "900101-1******"),
        ("900101-1", "900101-1******"),
        ("9001", "****"),  # not a number we understand: hide all of it
        ("", ""),
    ],
)
def test_mask_rrn(raw: str, masked: str) -> None:
    assert mask_rrn(raw) == masked


def test_format_rrn_normalises_the_full_number() -> None:
    assert format_rrn("９００１０１ １２３４５６７") == "900101-1234567"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("김철수", "김 * *"),
        (" 이영 ", "이 * *"),
        ("남궁민수", "남궁 * *"),
        ("황보", "황 * *"),  # two syllables: surname 황, given name 보
        ("John Smith", "J * *"),
        ("", ""),
    ],
)
def test_deidentify_name(name: str, expected: str) -> None:
    assert deidentify_name(name) == expected


def test_redactor_removes_known_and_number_shaped_data() -> None:
    clean = Redactor(
        names=["김철수", "김민준"],
        rrns=["900101-1234567"],
        phones=["010-1234-5678"],
        addresses=["서울특별시 서대문구 연희로 123, 101동 202호"],
    )
    text = clean(
        "김철수 님(010 1234 5678, 9001011234567)은 연희로 123의 101동 202호에 삶. "
        "민준이는 학교에 다님. 담임 010-9999-8888, 사무실 02-333-4444."
    )
    for leaked in ("김철수", "민준", "1234", "5678", "연희로", "202호", "9999", "4444"):
        assert leaked not in text
    assert "김 * * 님" in text
    assert "서울특별시" not in clean("서울특별시 서대문구 연희로 123, 101동 202호")
