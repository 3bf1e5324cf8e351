"""Locate and register the embedded Korean fonts (NanumGothic, SIL OFL 1.1).

We register the TrueType files with reportlab's ``TTFont`` so every PDF embeds a subset of
the glyphs it uses. The CID fonts (``UnicodeCIDFont('HYGothic-Medium')``) are deliberately not
used: they are not embedded and render as boxes or substitutes on PCs without Korean Acrobat
font packs.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_REGULAR = "NanumGothic"
FONT_BOLD = "NanumGothic-Bold"

_FILES = {FONT_REGULAR: "NanumGothic.ttf", FONT_BOLD: "NanumGothicBold.ttf"}
_lock = threading.Lock()
_registered = False


def resources_dir() -> Path:
    """The project's ``resources/`` folder, also inside a PyInstaller bundle.

    A frozen app unpacks its data under ``sys._MEIPASS``; the spec file must add
    ``resources/fonts`` there as ``resources/fonts``.
    """
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        candidate = Path(frozen_root) / "resources"
        if candidate.is_dir():
            return candidate
    return Path(__file__).resolve().parent.parent / "resources"


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def register_fonts() -> tuple[str, str]:
    """Register the fonts once per process (thread-safe); return (regular, bold) names.

    Parsing the two 4.6 MB TTF files costs ~0.2 s, so it happens only on the first call.
    """
    global _registered
    if _registered:
        return FONT_REGULAR, FONT_BOLD
    with _lock:
        if not _registered:
            folder = fonts_dir()
            for name, filename in _FILES.items():
                path = folder / filename
                if not path.is_file():
                    raise FileNotFoundError(f"Korean font missing: {path}")
                pdfmetrics.registerFont(TTFont(name, str(path)))
            # Let <b> inside Paragraph markup switch to the bold face.
            for bold, italic, face in (
                (0, 0, FONT_REGULAR),
                (1, 0, FONT_BOLD),
                (0, 1, FONT_REGULAR),
                (1, 1, FONT_BOLD),
            ):
                addMapping(FONT_REGULAR, bold, italic, face)
            _registered = True
    return FONT_REGULAR, FONT_BOLD
