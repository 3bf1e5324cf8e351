"""Korean text helpers: 초성 (initial consonants) for search, and phone digits."""
from __future__ import annotations

import re
import unicodedata

from .particles import particle

_CHOSEONG = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_SYLLABLE_FIRST, _SYLLABLE_LAST = 0xAC00, 0xD7A3
_COMPAT_JAMO = re.compile(r"^[\u3131-\u314e]+$")


def initials(text: str) -> str:
    """초성 of each Hangul syllable ("김민수" → "ㄱㅁㅅ"); other characters are dropped."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        code = ord(ch)
        if _SYLLABLE_FIRST <= code <= _SYLLABLE_LAST:
            out.append(_CHOSEONG[(code - _SYLLABLE_FIRST) // 588])
    return "".join(out)


def is_initials_query(text: str) -> bool:
    """True for queries typed as bare consonants, like "ㄱㅁㅅ"."""
    return bool(_COMPAT_JAMO.match(text))


def phone_digits(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if ch.isdigit())


_SPACES = re.compile(r"\s+")


def clean_text(text: str | None, *, field: str, max_len: int, required: bool = False,
               multiline: bool = False) -> str:
    """NFC, trimmed, free of control and zero-width characters; raises on empty or too long.

    Single-line fields (names, addresses) get every run of whitespace folded to one space;
    multi-line notes keep their line breaks and tabs.
    """
    from .errors import ValidationError
    value = text or ""
    keep = "\n\t" if multiline else ""
    # Cc control, Cf format (zero-width, bidi overrides), Cs lone surrogates (unencodable), Co private use.
    value = "".join(ch if ch in keep or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp")
                    else (" " if ch.isspace() else "") for ch in value)
    if not multiline:
        value = _SPACES.sub(" ", value)
    # Normalise last: removing a control character can join combining marks into new sequences.
    value = unicodedata.normalize("NFC", value).strip()
    if required and not value:
        raise ValidationError(f"{particle(field, '을/를')} 입력하세요.", field)
    if len(value) > max_len:
        raise ValidationError(f"{particle(field, '은/는')} {max_len}자 이내로 입력하세요(현재 {len(value)}자).", field)
    return value
