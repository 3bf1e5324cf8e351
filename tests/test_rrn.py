"""주민등록번호 normalisation and validation; a failed check digit is a warning, never a rejection."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, strategies as st

from app.services import rrn
from app.services.errors import ValidationError


@pytest.mark.parametrize("typed", ["900101-1234568", "9001011234568", " 900101 - 1234568 ", "９００１０１－１２３４５６８",
                                   "900101–1234568", "900101—1234568", "900101−1234568", "900101‐1234568",
                                   "900101.1234568", "900101\u30001234568"])
def test_normalises_what_people_type(typed):
    parsed = rrn.parse(typed)
    assert parsed.digits == "9001011234568"
    assert parsed.birth_date == date(1990, 1, 1) and parsed.gender == "M"
    assert parsed.masked == "900101-1******" and parsed.formatted == "900101-1234568"
    assert parsed.warnings == ()


@pytest.mark.parametrize("typed,born,gender,foreigner", [
    ("850315-2000001", date(1985, 3, 15), "F", False),
    ("010704-3000001", date(2001, 7, 4), "M", False),
    ("150229-4000001", None, None, None),       # 2015 is not a leap year
    ("990101-5000001", date(1999, 1, 1), "M", True),
    ("991231-0000001", date(1899, 12, 31), "F", False),
])
def test_dates_and_gender_digits(typed, born, gender, foreigner):
    if born is None:
        with pytest.raises(ValidationError, match="날짜"):
            rrn.parse(typed)
        return
    parsed = rrn.parse(typed)
    assert (parsed.birth_date, parsed.gender, parsed.foreigner) == (born, gender, foreigner)


def test_failed_check_digit_is_only_a_warning():
    # Numbers issued or changed since 2020-10-05 have random digits after the gender digit.
    parsed = rrn.parse("210315-3847261")
    assert parsed.birth_date == date(2021, 3, 15)
    assert not rrn.check_digit_ok(parsed.digits)
    assert len(parsed.warnings) == 1 and "2020년 10월" in parsed.warnings[0]
    old = rrn.parse("900101-1234567")  # old number, wrong check digit: still a warning only
    assert old.warnings


@pytest.mark.parametrize("typed,message", [
    ("", "입력하세요"), ("900101-123456", "13자리"), ("900101-12345678", "13자리"), ("9001a1-1234568", "숫자"),
    ("901301-1234568", "날짜"), ("900132-1234568", "날짜"), ("900101-A234568", "숫자"),
    ("991231-9999999", None), ("300101-4000000", "오늘 이후"),
])
def test_invalid_numbers_have_korean_messages(typed, message):
    if message is None:
        assert rrn.parse(typed).birth_date == date(1899, 12, 31)
        return
    with pytest.raises(ValidationError, match=message):
        rrn.parse(typed)


@given(born=st.dates(min_value=date(1900, 1, 1), max_value=date(2019, 12, 31)), male=st.booleans(),
       serial=st.integers(0, 99999))
def test_any_generated_valid_number_round_trips(born, male, serial):
    s = (1 if male else 2) if born.year < 2000 else (3 if male else 4)
    body = f"{born:%y%m%d}{s}{serial:05d}"
    check = (11 - sum(int(d) * w for d, w in zip(body, (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5))) % 11) % 10
    parsed = rrn.parse(f"{body[:6]}-{body[6:]}{check}")
    assert parsed.birth_date == born and parsed.warnings == ()
    assert parsed.masked == f"{body[:6]}-{s}******"


@given(st.text(max_size=40))
def test_arbitrary_input_is_parsed_or_rejected_in_korean(text):
    try:
        parsed = rrn.parse(text)
    except ValidationError as e:
        assert any("\uac00" <= ch <= "\ud7a3" for ch in str(e))
    else:
        assert len(parsed.digits) == 13 and parsed.digits.isascii()


def test_mask_never_shows_back_digits():
    assert rrn.mask("900101-1234568") == "900101-1******"
    assert rrn.mask("12") == "******-*******"
