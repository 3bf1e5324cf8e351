"""Reading HWPX files back in tests: the library's validation, an independent text extractor
(``extract-hwp``, not python-hwpx) and a scan over every part of the zip."""
from __future__ import annotations

import io
import re
import unicodedata
import zipfile

from reports.hwpx_layout import validate


def hwpx_text(data: bytes) -> str:
    """The text as the independent reader sees it (from memory, no file)."""
    from extract_hwp import extract_text_from_hwpx
    text = extract_text_from_hwpx(io.BytesIO(data))
    assert text, "extract-hwp read no text"
    return text


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def checked_text(data: bytes) -> str:
    """Validate with python-hwpx, then read back with extract-hwp; squashed text."""
    assert data[:2] == b"PK"
    assert validate(data) == []
    return squash(hwpx_text(data))


def every_part(data: bytes) -> dict[str, str]:
    """Every member of the package decoded as text (binary parts as latin-1, so byte patterns of
    UTF-8 text still match), NFC, for a scan that misses no part: properties, preview, settings."""
    out = {}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            raw = z.read(name)
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                text = raw.decode("latin-1")
            out[name] = unicodedata.normalize("NFC", text)
    return out


def scan_for(data: bytes, secrets) -> list[tuple[str, str]]:
    """(part, secret) for every secret found anywhere in the package, with or without spaces/dashes."""
    found = []
    for name, text in every_part(data).items():
        flat = re.sub(r"[\s\-]", "", text)
        for secret in secrets:
            s = re.sub(r"[\s\-]", "", secret)
            if secret in text or s in flat:
                found.append((name, secret))
    return found
