"""주민등록번호: normalise, validate, mask.

A failed check digit is only a warning: since 2020-10-05 the digits after the gender digit are
random for newborns and for people whose number was changed (often victims of violence).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from .errors import ValidationError

_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
_CENTURY = {"9": 1800, "0": 1800, "1": 1900, "2": 1900, "3": 2000, "4": 2000,
            "5": 1900, "6": 1900, "7": 2000, "8": 2000}
# Dashes, minus signs and the like people paste from word processors and web pages.
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―−－﹘﹣_.·]")


@dataclass(frozen=True)
class Rrn:
    digits: str  # 13 digits, no dash
    birth_date: date
    gender: str  # "M" | "F"
    foreigner: bool
    warnings: tuple[str, ...] = field(default=())

    @property
    def formatted(self) -> str:
        return f"{self.digits[:6]}-{self.digits[6:]}"

    @property
    def masked(self) -> str:
        return mask(self.digits)

    @property
    def front(self) -> str:
        return self.digits[:6]


def normalize(text: str) -> str:
    """Full-width digits to ASCII (NFKC), separators and spaces removed."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", text or ""))


def check_digit_ok(digits: str) -> bool:
    total = sum(int(d) * w for d, w in zip(digits[:12], _WEIGHTS))
    return (11 - total % 11) % 10 == int(digits[12])


def parse(text: str) -> Rrn:
    digits = normalize(text)
    if not digits:
        raise ValidationError("주민등록번호를 입력하세요.", "rrn")
    if not digits.isdigit() or not digits.isascii():
        raise ValidationError("주민등록번호에는 숫자와 '-'만 쓸 수 있습니다.", "rrn")
    if len(digits) != 13:
        raise ValidationError(f"주민등록번호는 13자리입니다(입력: {len(digits)}자리).", "rrn")
    s = digits[6]
    century = _CENTURY.get(s)
    if century is None:
        raise ValidationError("주민등록번호 뒷자리 첫 숫자(성별)가 올바르지 않습니다.", "rrn")
    try:
        born = date(century + int(digits[:2]), int(digits[2:4]), int(digits[4:6]))
    except ValueError:
        raise ValidationError("주민등록번호 앞자리의 생년월일이 올바른 날짜가 아닙니다.", "rrn") from None
    if born > date.today():
        raise ValidationError("주민등록번호의 생년월일이 오늘 이후입니다.", "rrn")
    warnings = []
    if not check_digit_ok(digits):
        warnings.append("검증번호가 맞지 않습니다. 2020년 10월 이후 발급·변경된 번호는 정상일 수 있으니 "
                        "신분증으로 한 번 더 확인하세요.")
    return Rrn(digits, born, "M" if s in "13579" else "F", s in "5678", tuple(warnings))


def mask(rrn_digits_or_formatted: str) -> str:
    d = normalize(rrn_digits_or_formatted)
    if len(d) < 7:
        return "******-*******"
    return f"{d[:6]}-{d[6]}******"


def years_after(day: date, years: int) -> date:
    """The same day `years` later (earlier when negative); 29 February falls on the 28th."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:   # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def age_on(born: date, today: date) -> int:
    """만 나이."""
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
