"""Pure helpers for masking and de-identifying personal data on printed forms."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# Two-syllable surnames; a 3+ syllable name starting with one keeps both syllables.
_COMPOUND_SURNAMES = frozenset(
    "남궁 황보 제갈 선우 독고 사공 서문 동방 어금 망절 장곡 소봉 황목 강전".split()
)
_DASHES = "-‐‑‒–—―−－"
REDACTED = "(비공개)"


def _digits(text: str) -> str:
    # NFKC turns full-width digits (０-９) into ASCII ones.
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if ch.isdigit())


def format_rrn(rrn: str) -> str:
    """Normalise an RRN to ``YYMMDD-SNNNNNN`` (full number); other input is returned stripped."""
    d = _digits(rrn)
    return f"{d[:6]}-{d[6:]}" if len(d) == 13 else rrn.strip()


def mask_rrn(rrn: str) -> str:
    """``900101-1234567`` → ``900101-1******``: birth date and sex digit stay, the rest is hidden.

    Input may use full-width digits, odd dashes or spaces. Anything that is not a plausible
    number is masked completely rather than printed.
    """
    d = _digits(rrn)
    if not d:
        return ""
    if len(d) >= 7:
        return f"{d[:6]}-{d[6]}******"
    return "*" * len(d)


def split_name(name: str) -> tuple[str, str]:
    """(surname, given name) of a Korean name; foreign names split at the first space."""
    name = unicodedata.normalize("NFC", name).strip()
    if not name:
        return "", ""
    if " " in name:
        first, _, rest = name.partition(" ")
        return first, rest.strip()
    if len(name) >= 3 and name[:2] in _COMPOUND_SURNAMES:
        return name[:2], name[2:]
    return name[:1], name[1:]


def deidentify_name(name: str) -> str:
    """``김철수`` → ``김 * *`` (the form seed 000 uses in shared meeting material)."""
    surname, _ = split_name(name)
    if not surname:
        return ""
    if not ("가" <= surname[0] <= "힣"):
        surname = surname[0].upper()  # foreign names: initial only
    return f"{surname} * *"


def _flexible_digits(digits: str) -> str:
    # Match the digits whatever separators were typed between them.
    return r"[\s\-.()" + _DASHES + r"]*".join(re.escape(ch) for ch in digits)


# Shapes that are personal whoever they belong to: RRN/foreigner numbers and phone numbers.
_GENERIC_PATTERNS = (
    re.compile(r"(?<!\d)\d{6}\s*[" + _DASHES + r"]?\s*[1-8]\d{6}(?!\d)"),
    re.compile(r"(?<!\d)01[016789][\s\-.]?\d{3,4}[\s\-.]?\d{4}(?!\d)"),
    re.compile(r"(?<!\d)0\d{1,2}[\s\-.)]\s?\d{3,4}[\s\-.]\d{4}(?!\d)"),
)


class Redactor:
    """Removes known personal data from free text for de-identified printouts.

    Built from the names, RRNs, phone numbers and addresses that the data object knows about.
    Full names become ``김 * *``, given names alone ``○○`` (people are often called by their
    given name in notes), numbers and addresses ``(비공개)``. Any RRN- or phone-shaped number is
    removed as well, known or not. Over-redaction (a given name inside an ordinary word) is
    accepted: leaking is worse.
    """

    def __init__(
        self,
        names: Iterable[str] = (),
        rrns: Iterable[str] = (),
        phones: Iterable[str] = (),
        addresses: Iterable[str] = (),
    ) -> None:
        rules: list[tuple[re.Pattern[str], str]] = []
        names = sorted({_nfc(n) for n in names if n and n.strip()}, key=len, reverse=True)
        for name in names:
            rules.append((_spaced(name), deidentify_name(name)))
        for number in [*rrns, *phones]:
            digits = _digits(number)
            if len(digits) >= 7:
                rules.append((re.compile(_flexible_digits(digits)), REDACTED))
        for fragment in _address_fragments(addresses):
            rules.append((_spaced(fragment), REDACTED))
        given = {split_name(n)[1] for n in names}
        for part in sorted((g for g in given if len(g) >= 2), key=len, reverse=True):
            rules.append((re.compile(re.escape(part)), "○○"))
        rules.extend((pattern, REDACTED) for pattern in _GENERIC_PATTERNS)
        self._rules = rules

    def __call__(self, text: str) -> str:
        text = _nfc(text)
        for pattern, replacement in self._rules:
            text = pattern.sub(replacement, text)
        return text


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _spaced(text: str) -> re.Pattern[str]:
    # "서울 연희로 1" also matches "서울  연희로1" and text broken over lines.
    tokens = [re.escape(t) for t in text.split()]
    return re.compile(r"[\s,]*".join(tokens))


def _address_fragments(addresses: Iterable[str]) -> list[str]:
    """The whole address and every run of 2+ words from it that contains a number.

    "서울특별시 서대문구 연희로 123, 101동 202호" yields e.g. "연희로 123" and "101동 202호",
    which notes tend to quote, but not "서울특별시 서대문구", which identifies nobody.
    """
    fragments: set[str] = set()
    for address in addresses:
        tokens = _nfc(address).replace(",", " ").split()
        if not tokens:
            continue
        fragments.add(" ".join(tokens))
        for i in range(len(tokens)):
            for j in range(i + 2, len(tokens) + 1):
                window = tokens[i:j]
                if any(any(ch.isdigit() for ch in t) for t in window):
                    fragments.add(" ".join(window))
    return sorted(fragments, key=len, reverse=True)
