"""Korean particles chosen by the word's last sound (never "을(를)")."""
from __future__ import annotations

import pytest

from app.services.errors import NotFound
from app.services.hangul import clean_text
from app.services.errors import ValidationError
from app.services.particles import particle


@pytest.mark.parametrize("word, pair, expected", [
    ("사례", "을/를", "사례를"), ("주소", "을/를", "주소를"), ("상담 내용", "을/를", "상담 내용을"),
    ("가구원", "을/를", "가구원을"), ("위기도", "이/가", "위기도가"), ("연희동", "이/가", "연희동이"),
    ("회의록", "은/는", "회의록은"), ("주민등록번호", "은/는", "주민등록번호는"), ("계획", "과/와", "계획과"),
    ("서울", "으로/로", "서울로"), ("주민센터", "으로/로", "주민센터로"), ("복지관", "으로/로", "복지관으로"),
    ("2번", "은/는", "2번은"), ("항목 2", "은/는", "항목 2는"), ("항목 3", "이/가", "항목 3이"),
    ("7", "으로/로", "7로"), ("6", "으로/로", "6으로"), ("출력 목적(필수)", "을/를", "출력 목적(필수)을"),
    ("CA", "을/를", "CA를"), ("URL", "을/를", "URL을"), ("", "을/를", "를"),
])
def test_the_particle_fits_the_last_sound(word, pair, expected):
    assert particle(word, pair) == expected


def test_service_messages_read_naturally():
    assert str(NotFound("사례")) == "사례를 찾을 수 없습니다."
    assert str(NotFound("가구원")) == "가구원을 찾을 수 없습니다."
    with pytest.raises(ValidationError, match="^주소를 입력하세요.$"):
        clean_text("  ", field="주소", max_len=10, required=True)
    with pytest.raises(ValidationError, match="^상담 내용은 3자 이내로"):
        clean_text("너무 긴 내용", field="상담 내용", max_len=3)


FALLBACKS = ("을(를)", "를(을)", "이(가)", "가(이)", "은(는)", "는(은)", "과(와)", "와(과)", "(으)로", "으로(로)")


def test_no_message_template_falls_back_to_both_particles():
    """Every message template of the services, the screens, the rule data and the translations:
    none writes both particles where the word's own one belongs."""
    from pathlib import Path
    root = Path(__file__).resolve().parent.parent
    sources = [p for folder in ("app", "ui") for p in (root / folder).rglob("*.py")]
    sources += list((root / "resources" / "rules").glob("*.json"))
    sources += list((root / "resources" / "translations").glob("*.ts"))
    sources = [p for p in sources if p.name != "particles.py"]   # its docstring names the fallback
    found = [(str(p.relative_to(root)), n) for p in sources
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
             if any(f in line for f in FALLBACKS)]
    assert found == []
