"""The one font every generated PDF uses.

reportlab can only embed fonts with TrueType outlines; the system CJK fonts on
most machines are OpenType/CFF and would fail or fall back to tofu. WenQuanYi
Micro Hei ships with the application (``resources/fonts``), has TrueType
outlines, and covers Chinese, Latin and digits, so sheets and demo dossiers
look the same on every machine and stay readable when printed years later.
"""

from __future__ import annotations

import threading
from pathlib import Path


#: The bundled font collection; face 0 is the proportional "WenQuanYi Micro Hei".
FONT_FILE: Path = Path(__file__).resolve().parent / "resources" / "fonts" / "wqy-microhei.ttc"

#: Name under which the regular face is registered with reportlab.
FONT_NAME = "WQYMicroHei"
#: Name of the "bold" member of the family. The font has no bold face; the name
#: maps to the same outlines so that ``<b>`` in a Paragraph renders instead of
#: raising "Can't map determine family/bold/italic".
FONT_NAME_BOLD = "WQYMicroHei-Bold"

_lock = threading.Lock()


def register_reportlab_font() -> str:
    """Register the bundled font with reportlab (once) and return its name.

    Safe to call from every PDF writer and from several threads: registration
    happens at most once per process. The family mapping makes bold, italic
    and bold-italic resolve to real registered names.

    Returns:
        The font name to pass to ``setFont`` or ``ParagraphStyle(fontName=...)``.
    """
    # Imported here: the GUI registers FONT_FILE with Qt at start-up and needs no reportlab.
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if _registered():
        return FONT_NAME  # the common case: every table of every sheet asks
    with _lock:
        registered = set(pdfmetrics.getRegisteredFontNames())
        if FONT_NAME not in registered:
            pdfmetrics.registerFont(TTFont(FONT_NAME, str(FONT_FILE), subfontIndex=0))
        if FONT_NAME_BOLD not in registered:
            pdfmetrics.registerFont(TTFont(FONT_NAME_BOLD, str(FONT_FILE), subfontIndex=0))
        if FONT_NAME not in registered or FONT_NAME_BOLD not in registered:
            pdfmetrics.registerFontFamily(
                FONT_NAME,
                normal=FONT_NAME,
                bold=FONT_NAME_BOLD,
                italic=FONT_NAME,
                boldItalic=FONT_NAME_BOLD,
            )
    return FONT_NAME


def _registered() -> bool:
    from reportlab.pdfbase import pdfmetrics

    try:
        pdfmetrics.getFont(FONT_NAME)
        pdfmetrics.getFont(FONT_NAME_BOLD)
    except (KeyError, ValueError):
        return False
    return True
