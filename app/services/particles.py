"""The particle that fits a Korean word: 사례를, 주소를, 상담 내용을, 위기도가, 2번은, 서울로 (never
"을(를)"). Chosen by the word's last sound: a syllable's final consonant, a digit as read aloud."""
from __future__ import annotations

import re

_FIRST, _LAST = 0xAC00, 0xD7A3   # 가 … 힣
_ASIDE = re.compile(r"\s*\([^()]*\)\s*$")   # "출력 목적(필수)" is read, and takes its particle, as "출력 목적"

# Digits as read aloud: 영 일 이 삼 사 오 육 칠 팔 구 (those ending in a consonant take 을/이/은/과).
_DIGIT_HAS_FINAL = {"0": True, "1": True, "2": False, "3": True, "4": False, "5": False, "6": True,
                    "7": True, "8": True, "9": False}
_DIGIT_FINAL_RIEUL = {"1", "7", "8"}   # 일 칠 팔: 로, not 으로
_LATIN_HAS_FINAL = set("lmnLMN")          # el, em, en: the letters read with a final consonant


def _final(word: str) -> tuple[bool, bool]:
    """(has a final consonant, that consonant is ㄹ) for the last sound of `word`."""
    last = _ASIDE.sub("", word).rstrip(" ]'\"")[-1:] or "가"
    if _FIRST <= ord(last) <= _LAST:
        jong = (ord(last) - _FIRST) % 28
        return jong != 0, jong == 8
    if last in _DIGIT_HAS_FINAL:
        return _DIGIT_HAS_FINAL[last], last in _DIGIT_FINAL_RIEUL
    return last in _LATIN_HAS_FINAL, last in "lL"


def particle(word: str, pair: str) -> str:
    """`word` with the particle of `pair` that fits its last sound: "을/를", "이/가", "은/는", "과/와",
    "으로/로" (사례를, 주소를, 상담 내용을, 위기도가, 2번은, 서울로)."""
    with_final, without_final = pair.split("/")
    has_final, rieul = _final(word)
    if with_final == "으로":
        return word + ("으로" if has_final and not rieul else "로")
    return word + (with_final if has_final else without_final)
