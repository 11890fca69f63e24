"""The official sheets as PDF: what experts and the chair sign, and what goes into the file.

Four kinds (:data:`SHEET_KINDS`), each one sheet per subject:

* 评审结果汇总表 ``result`` — the round: ranking, score, tier, amount, totals per
  tier, signature lines for every committee member and the chair (A4 landscape);
* 评审意见汇总表 ``dossier`` — one per dossier: every expert's total and criterion
  scores, the aggregate under the round's rule (the other rules in small print),
  flags and how they were resolved, the committee's decision, signature lines;
* 专家评分表 ``review`` — one per submitted review: the signed scores, comments,
  veto answers, total, recommendation, the expert's handwritten signature image;
* 回避声明 ``declaration`` — one per expert: the conflicts declared, or "无".

Every page has a header (programme and round), the footer "第 x 页 共 y 页"
counted within its sheet, the sheet's verification code in text and as a QR
code (see :mod:`reviewer.verification`), and — until the round is finalised, or
whenever asked — "草稿 DRAFT" across the page. Tables break across pages with
their header row repeated; Chinese text wraps by character (``wordWrap='CJK'``);
the bundled TrueType font is embedded (subset).

``reviewer sheets --round R --out DIR`` writes (:func:`write_sheets`)::

    DIR/评审结果汇总表.pdf      the round, for the meeting
    DIR/评审意见汇总表.pdf      every dossier, in number order
    DIR/专家评分表.pdf          every current review, by dossier then expert
    DIR/回避声明.pdf            every expert
    DIR/按申报/<编号>.pdf       one dossier's 评审意见汇总表 and its 专家评分表 (for its file)
    DIR/按专家/<姓名>.pdf       one expert's 回避声明 and 专家评分表 (what that expert signs)

Draft files carry "（草稿）" in their names so they are never mistaken for the
final ones. Every file is written atomically, and the codes issued are recorded
in the audit log (``sheets.issue``) so that a typed code can be traced later.

No Qt here: the GUI prints by calling :func:`render_pdf` / ``generate_*`` and
rendering the returned bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import struct
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import zxingcpp
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    Image,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
)
from sqlalchemy.orm import Session

from reviewer import audit
from reviewer.errors import StateError
from reviewer.fileio import atomic_write_bytes
from reviewer.fonts import register_reportlab_font
from reviewer.gcpause import collector_paused
from reviewer.rounds import RULE_NAMES, get_round
from reviewer.sheet_grid import Grid, Row, Text, draw_strings
from reviewer.sheets_data import (
    FLAG_TITLES,
    KIND_TITLES,
    KINDS,
    ORIGIN_TITLES,
    REVIEW_ORIGIN_TITLES,
    SIGNATURE_STATUS_TITLES,
    DeclarationSheet,
    DossierSheet,
    RenderedPdf,
    ResultSheet,
    ReviewSheet,
    RoundHead,
    Sheet,
    SheetEntry,
    WrittenFile,
    fmt_date,
    fmt_time,
    sheets_of_kind,
)
from reviewer.verification import AUDIT_ACTION, MANIFEST_NAME, issue_record, manifest_bytes, manifest_entry, \
    qr_text, sheet_code
from reviewer.workspace import Workspace

#: The kinds of sheet, in filing order: (kind, 中文, English). The GUI offers these.
SHEET_KINDS: tuple[tuple[str, str, str], ...] = KINDS

DRAFT_MARK = "草稿 DRAFT"

_BLACK = colors.black
_GREY = colors.Color(0.35, 0.35, 0.35)
_RULE = colors.Color(0.55, 0.55, 0.55)
_HEAD_BG = colors.Color(0.90, 0.90, 0.90)
_LABEL_BG = colors.Color(0.95, 0.95, 0.95)
_WARN = colors.Color(0.65, 0.1, 0.1)

_MARGIN_X = 18 * mm
_MARGIN_X_WIDE = 15 * mm
_HEADER_TOP = 10 * mm
_FOOTER_RULE = 31 * mm
_QR_SIZE = 22 * mm
_MARGIN_BOTTOM = _FOOTER_RULE + 4 * mm


# --------------------------------------------------------------------------- text


def _esc(text: object) -> str:
    """Text for reportlab's paragraph mini-markup: escaped, line breaks kept."""
    raw = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return raw.replace("\r\n", "\n").replace("\n", "<br/>")


class _Styles:
    def __init__(self) -> None:
        font = register_reportlab_font()
        base = ParagraphStyle("base", fontName=font, fontSize=9.5, leading=13.5, wordWrap="CJK")
        self.body = base
        self.title = ParagraphStyle("title", parent=base, fontSize=16, leading=22, alignment=TA_CENTER,
                                    spaceAfter=1)
        self.subtitle = ParagraphStyle("subtitle", parent=base, fontSize=10.5, leading=14, alignment=TA_CENTER,
                                       textColor=_GREY, spaceAfter=6)
        self.section = ParagraphStyle("section", parent=base, fontSize=11, leading=15, spaceBefore=7,
                                      spaceAfter=3)
        self.cell = ParagraphStyle("cell", parent=base, fontSize=9, leading=12)
        self.cell_c = ParagraphStyle("cell_c", parent=self.cell, alignment=TA_CENTER)
        self.cell_r = ParagraphStyle("cell_r", parent=self.cell, alignment=TA_RIGHT)
        self.head = ParagraphStyle("head", parent=self.cell, alignment=TA_CENTER)
        self.label = ParagraphStyle("label", parent=self.cell, alignment=TA_CENTER)
        self.small = ParagraphStyle("small", parent=base, fontSize=7.5, leading=10.5, textColor=_GREY)
        self.small_cell = ParagraphStyle("small_cell", parent=self.small, fontSize=7.5, leading=10)
        self.big = ParagraphStyle("big", parent=base, fontSize=12, leading=18)
        self.big_c = ParagraphStyle("big_c", parent=self.big, alignment=TA_CENTER)
        self.warn = ParagraphStyle("warn", parent=base, textColor=_WARN)
        self.header = ParagraphStyle("header", parent=base, fontSize=8.5, leading=11.5, textColor=_GREY)
        self.header_r = ParagraphStyle("header_r", parent=self.header, alignment=TA_RIGHT)
        self.sign = ParagraphStyle("sign", parent=base, fontSize=10.5, leading=15, alignment=TA_LEFT)


#: Text a paragraph would lay out differently from one plain line: breaks, tabs, runs of spaces.
_NOT_ONE_LINE = re.compile(r"[\t\r\n\u3000]|  |^ | $")


class _Line(Flowable):
    """Text in a paragraph style, drawn as one plain line whenever it fits on one.

    A provincial round's sheets hold some 130 table cells a page; as full Paragraphs
    (markup parsing, CJK line breaking, per-fragment drawing) they took most of the
    time the sheets took. Text that fits the width on one line is drawn where the
    paragraph would have put it (baseline ``fontSize`` below the top of a ``leading``-high
    line, aligned as the style says); anything else becomes the Paragraph it stands
    for, so a page looks the same either way (checked page by page against the
    paragraphs when this was written).
    """

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        super().__init__()
        self.text = text
        self.style = style
        self._para: Paragraph | None = None
        self._drawn_as: Paragraph | None = None
        self._text_width: float | None = None
        if not _NOT_ONE_LINE.search(text):
            self._text_width = stringWidth(text, style.fontName, style.fontSize)

    def paragraph(self) -> Paragraph:
        if self._para is None:
            self._para = Paragraph(_esc(self.text), self.style)
        return self._para

    def fits(self, width: float) -> bool:
        """Whether the text is drawn as one plain line in ``width``."""
        return self._text_width is not None and self._text_width <= width - self.style.leftIndent \
            - self.style.rightIndent

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if self.fits(available_width):
            self._drawn_as = None
            self.width, self.height = available_width, self.style.leading
            return self.width, self.height
        self._drawn_as = self.paragraph()
        self.width, self.height = self._drawn_as.wrap(available_width, available_height)
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        if self.fits(available_width):
            return []
        return self.paragraph().split(available_width, available_height)

    def minWidth(self) -> float:  # noqa: N802 (reportlab's name)
        return self._text_width if self._text_width is not None else self.paragraph().minWidth()

    def getSpaceBefore(self) -> float:  # noqa: N802
        return float(self.style.spaceBefore)

    def getSpaceAfter(self) -> float:  # noqa: N802
        return float(self.style.spaceAfter)

    def draw(self) -> None:
        if self._drawn_as is not None:
            self._drawn_as.drawOn(self.canv, 0, 0)
            return
        if not self.text:
            return
        st = self.style
        y = self.height - st.fontSize
        assert self._text_width is not None
        if st.alignment == TA_CENTER:
            x = st.leftIndent + (self.width - st.leftIndent - st.rightIndent - self._text_width) / 2
        elif st.alignment == TA_RIGHT:
            x = self.width - st.rightIndent - self._text_width
        else:
            x = st.leftIndent
        draw_strings(self.canv, st.textColor, [(x, y, Text(self.text, self._text_width, st))])


def _p(text: object, style: ParagraphStyle) -> _Line:
    return _Line(str(text), style)


#: No table row is taller than this: a longer cell continues in the rows below it, so that a
#: row never outgrows a page (a grid breaks pages between rows only).
_MAX_ROW = 280.0
_PAD_X = 3.0
_RULE_W = 0.5


def _pieces(cell: Any, width: float) -> list[Any]:
    """A cell as one or more pieces, each at most ``_MAX_ROW`` tall once wrapped to ``width``."""
    if isinstance(cell, _Line):
        if cell.fits(width):
            return [cell]
        cell = cell.paragraph()
    if not isinstance(cell, Paragraph):
        return [cell]
    out: list[Any] = []
    rest: Paragraph = cell
    while True:
        _, height = rest.wrap(width, _MAX_ROW)
        if height <= _MAX_ROW:
            out.append(rest)
            return out
        parts = rest.split(width, _MAX_ROW)
        if len(parts) < 2:
            out.append(rest)
            return out
        out.append(parts[0])
        rest = parts[1]


def _cell(cell: Any, width: float) -> Text | Flowable | None:
    """What a grid draws for ``cell`` in a cell ``width`` wide (paddings included): a one-line
    text as a plain string (no flowable to wrap, position and draw: most of the time the sheets
    of a provincial round took), ``""`` as an empty cell, anything else as the flowable it is."""
    if isinstance(cell, str):
        if cell:
            raise ValueError("a grid cell is a flowable, or \"\" for an empty cell, not a string")
        return None
    if isinstance(cell, _Line):
        st = cell.style
        if cell.fits(width) and st.alignment in (TA_LEFT, TA_CENTER, TA_RIGHT) \
                and not st.leftIndent and not st.rightIndent:
            assert cell._text_width is not None
            return Text(cell.text, cell._text_width, st)
    assert isinstance(cell, Flowable)
    return cell


def _grid(rows: list[list[Any]], widths: Sequence[float], *, header_rows: int = 1,
          extra: Sequence[tuple[Any, ...]] = (), compact: bool = False, inner_lines: bool = True,
          padding_x: float = _PAD_X, row_padding: Mapping[int, tuple[float, float]] | None = None) -> Grid:
    """A ruled table whose header rows repeat on every page it spans.

    A row whose text is too tall for a page continues in extra rows (no rule between
    them), so the table can break between any two of them. ``extra`` holds SPAN (within
    a row), BACKGROUND and NOSPLIT style commands naming rows as given; they are moved
    to the rows a long row became. ``row_padding`` gives rows their own top and bottom
    padding.
    """
    n = len(widths)
    spans: dict[int, list[tuple[int, int]]] = {}
    for cmd in extra:
        if cmd[0] not in ("SPAN", "BACKGROUND", "NOSPLIT"):
            raise ValueError(f"_grid: unsupported style command {cmd[0]}")
        if cmd[0] == "SPAN":
            (c0, r0), (c1, _r1) = cmd[1], cmd[2]
            spans.setdefault(r0 % len(rows), []).append((c0 % n, c1 % n))
    out_rows: list[list[Any]] = []
    first: list[int] = []
    last: list[int] = []
    source: list[int] = []  # the row of ``rows`` each row of ``out_rows`` comes from
    for r, row in enumerate(rows):
        first.append(len(out_rows))
        if r < header_rows:
            out_rows.append(row)
        else:
            pieces = []
            covered = {c for c0, c1 in spans.get(r, []) for c in range(c0 + 1, c1 + 1)}
            for c, cell in enumerate(row):
                width = widths[c]
                for c0, c1 in spans.get(r, []):
                    if c == c0:
                        width = sum(widths[c0:c1 + 1])
                pieces.append([cell] if c in covered else _pieces(cell, width - 2 * padding_x))
            depth = max(len(p) for p in pieces)
            out_rows.extend([p[k] if k < len(p) else "" for p in pieces] for k in range(depth))
        source.extend([r] * (len(out_rows) - len(source)))
        last.append(len(out_rows) - 1)

    padding = (1.5, 2.0) if compact else (2.5, 3.0)
    grid_rows = []
    for k, row in enumerate(out_rows):
        r = source[k]
        spanned = {c0: sum(widths[c0:c1 + 1]) for c0, c1 in spans.get(r, [])}
        top, bottom = (row_padding or {}).get(r, padding)
        grid_rows.append(Row([_cell(cell, spanned.get(c, widths[c]) - 2 * padding_x) for c, cell in enumerate(row)],
                             top=top, bottom=bottom, valign="TOP" if last[r] > first[r] else "MIDDLE",
                             spans=spans.get(r, ())))

    def moved(cmd: tuple[Any, ...]) -> tuple[Any, ...]:
        (c0, r0), (c1, r1) = cmd[1], cmd[2]
        start = first[r0] if r0 >= 0 else r0
        end = last[r1] if r1 >= 0 else r1
        if cmd[0] == "NOSPLIT":  # keep row r0 with the start of row r1, however long r1 is
            end = first[r1] if r1 >= 0 else r1
        return (cmd[0], c0, start, c1, end, *cmd[3:])

    rules: list[tuple[Any, ...]] = [("BOX", 0, 0, -1, -1, _RULE_W, _BLACK)]
    if inner_lines:
        rules.append(("LINEAFTER", 0, 0, -2, -1, _RULE_W, _BLACK))
        if len(out_rows) == len(rows):  # no row continued: one command rules them all
            rules.append(("LINEBELOW", 0, 0, -1, -2, _RULE_W, _BLACK))
        else:
            rules += [("LINEBELOW", 0, last[r], -1, last[r], _RULE_W, _BLACK) for r in range(len(rows) - 1)]
    elif header_rows:
        rules.append(("LINEBELOW", 0, header_rows - 1, -1, header_rows - 1, _RULE_W, _BLACK))
    backgrounds = [("BACKGROUND", 0, 0, -1, header_rows - 1, _HEAD_BG)] if header_rows else []
    backgrounds += [moved(cmd) for cmd in extra if cmd[0] == "BACKGROUND"]
    keep = [moved(cmd) for cmd in extra if cmd[0] == "NOSPLIT"]
    return Grid(grid_rows, widths, header_rows=header_rows, padding=(padding_x, padding_x), backgrounds=backgrounds,
                rules=rules, keep=keep)


def _info(st: _Styles, rows: Sequence[Sequence[tuple[str, str]]], width: float, *, compact: bool = False) -> Grid:
    """A label/value block: each row holds one pair (spanning) or two pairs side by side."""
    label_w = 22 * mm
    value_w = (width - 2 * label_w) / 2
    data: list[list[Any]] = []
    spans: list[tuple[Any, ...]] = []
    for i, row in enumerate(rows):
        if len(row) == 1:
            (label, value), = row
            data.append([_p(label, st.label), _p(value, st.cell), "", ""])
            spans.append(("SPAN", (1, i), (3, i)))
        else:
            (l1, v1), (l2, v2) = row
            data.append([_p(l1, st.label), _p(v1, st.cell), _p(l2, st.label), _p(v2, st.cell)])
    extra = [("BACKGROUND", (0, 0), (0, -1), _LABEL_BG), ("BACKGROUND", (2, 0), (2, -1), _LABEL_BG), *spans]
    return _grid(data, [label_w, value_w, label_w, value_w], header_rows=0, extra=extra, compact=compact)


def _box(st: _Styles, label: str, text: str, width: float) -> Grid:
    """A labelled box for long free text; it breaks across pages between lines, label repeated."""
    body = text.strip() or "（无）"
    paragraphs = [_p(part, st.body) for part in body.split("\n") if part.strip()] or [_p("（无）", st.body)]
    rows: list[list[Any]] = [[_p(label, st.cell)]] + [[para] for para in paragraphs]
    # the label never stands alone at the foot of a page
    extra = [("BACKGROUND", (0, 0), (0, 0), _LABEL_BG), ("NOSPLIT", (0, 0), (0, 1))]
    return _grid(rows, [width], extra=extra, inner_lines=False, padding_x=5)


#: A gap that paragraphs keep (they collapse ordinary and ideographic spaces).
_GAP = "\u00a0" * 10
#: A date for the signer to write in by hand.
BLANK_DATE = f"{_GAP}年{_GAP}月{_GAP}日"


def _check(options: Sequence[tuple[str, str]], chosen: str | None) -> str:
    """Printed tick boxes: ■ the chosen option, □ the others."""
    return "\u00a0\u00a0\u00a0\u00a0".join(f"{'■' if key == chosen else '□'}\u00a0{title}" for key, title in options)


# --------------------------------------------------------------------------- signature images


def _png_size(png: bytes) -> tuple[int, int] | None:
    """Width and height from a PNG's header, without decoding it (None: not a PNG)."""
    if len(png) < 24 or not png.startswith(b"\x89PNG\r\n\x1a\n") or png[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", png[16:24])
    return width, height


#: A handwritten signature is a small picture; anything bigger is not printed (decoding bombs).
_MAX_SIGNATURE_PIXELS = 4_000_000


def _signature_image(png: bytes | None, max_w: float, max_h: float) -> Flowable | None:
    """The expert's handwritten signature scaled into the box, or None when there is none to show."""
    if not png:
        return None
    size = _png_size(png)
    if size is None or size[0] < 1 or size[1] < 1 or size[0] * size[1] > _MAX_SIGNATURE_PIXELS:
        return None
    try:
        ImageReader(io.BytesIO(png)).getSize()
    except (OSError, ValueError, SyntaxError):
        return None
    w, h = size
    scale = min(max_w / w, max_h / h)
    image = Image(io.BytesIO(png), width=w * scale, height=h * scale)
    image.hAlign = "LEFT"
    return image


# --------------------------------------------------------------------------- page furniture


class _SheetStart(Flowable):
    """Marks where a sheet begins, so the page furniture knows whose code to print."""

    def __init__(self, index: int) -> None:
        super().__init__()
        self.index = index

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        return None


@dataclass(frozen=True)
class _SheetMeta:
    code: str
    qr: str
    kind_title: str


def _qr_matrix(text: str) -> list[bytes]:
    """The QR code of ``text`` (error correction M, UTF-8 marked by an ECI), one row of
    modules a ``bytes``: 0 is dark, 255 light. zxing-cpp encodes in C++; pure-Python
    encoders took a tenth of the time the sheets of a provincial round took."""
    symbol = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    image = symbol.to_image(scale=1, add_quiet_zones=False)
    raw = bytes(memoryview(image))
    n = image.shape[1]
    return [raw[i:i + n] for i in range(0, len(raw), n)]


_DARK_RUN = re.compile(rb"\x00+")


def _draw_qr(canv: Canvas, matrix: list[bytes], x: float, y: float, size: float) -> None:
    """Dark modules as filled runs per row (vector: sharp at any printer resolution)."""
    n = len(matrix)
    cell = size / n
    # One filled path, a rectangle per run. A code has some 450 runs: their numbers are
    # formatted once per column, width and row, not four times per run.
    lefts = [fp_str(x + a * cell) for a in range(n)]
    widths = [fp_str(k * cell) for k in range(n + 1)]
    height = fp_str(cell)
    rects = []
    for row, modules in enumerate(matrix):
        top = f" {fp_str(y + size - (row + 1) * cell)} "
        rects += [f"{lefts[a]}{top}{widths[b - a]} {height} re"
                  for a, b in (run.span() for run in _DARK_RUN.finditer(modules))]
    canv.setFillColor(_BLACK)
    canv.addLiteral("n " + " ".join(rects) + " f")


class _EmbeddedStream(pdfdoc.PDFStream):
    """An embedded file stored uncompressed, so the verifier can find it without a PDF parser."""

    def format(self, document: Any) -> bytes:
        dictionary = pdfdoc.PDFDictionary(self.dictionary.dict.copy())
        content = document.encrypt.encode(self.content)
        dictionary["Length"] = len(content)
        return pdfdoc.format(dictionary, document) + b"\nstream\n" + content + b"\nendstream\n"


def _embed(canv: Canvas, name: str, data: bytes, description: str) -> None:
    doc = canv._doc
    stream = _EmbeddedStream(
        dictionary=pdfdoc.PDFDictionary({"Type": pdfdoc.PDFName("EmbeddedFile"),
                                         "Subtype": pdfdoc.PDFName("application#2Fjson"),
                                         "Params": pdfdoc.PDFDictionary({"Size": len(data)})}),
        content=data,
    )
    ref = doc.Reference(stream)
    spec = pdfdoc.PDFDictionary({
        "Type": pdfdoc.PDFName("Filespec"),
        "F": pdfdoc.PDFString(name),
        "UF": pdfdoc.PDFString(name),
        "Desc": pdfdoc.PDFString(description),
        "AFRelationship": pdfdoc.PDFName("Data"),
        "EF": pdfdoc.PDFDictionary({"F": ref, "UF": ref}),
    })
    spec_ref = doc.Reference(spec)
    names = pdfdoc.PDFDictionary({"Names": pdfdoc.PDFArray([pdfdoc.PDFString(name), spec_ref])})
    canv.setCatalogEntry("Names", pdfdoc.PDFDictionary({"EmbeddedFiles": names}))
    canv.setCatalogEntry("AF", pdfdoc.PDFArray([spec_ref]))


class _SheetCanvas(Canvas):
    """Defines, once the pages are known, each sheet's "共 y 页" and the embedded data."""

    def save(self) -> None:
        doc: _SheetDoc = self._rw_doc  # type: ignore[attr-defined]
        if self._code:
            self.showPage()
        font = register_reportlab_font()
        width, _ = doc.pagesize
        for index, count in enumerate(doc.sheet_pages):
            self.beginForm(f"rwTotal{index}")
            self.setFont(font, 9)
            self.setFillColor(_GREY)
            self.drawString(width / 2 + 2, 12 * mm, f"共 {count} 页")
            self.endForm()
        _embed(self, MANIFEST_NAME, doc.manifest(), "核验数据 / verification data (reviewer verify)")
        super().save()


class _SheetDoc(BaseDocTemplate):
    def __init__(self, buffer: io.BytesIO, *, pagesize: tuple[float, float], head: RoundHead,
                 metas: Sequence[_SheetMeta], draft: bool, generated_at: dt.datetime, title: str,
                 subject: str, keywords: str, manifest: Callable[[list[int], list[int]], bytes]) -> None:
        margin = _MARGIN_X_WIDE if pagesize[0] > pagesize[1] else _MARGIN_X
        self.st = _Styles()
        width = pagesize[0] - 2 * margin
        self._header_left = _p(f"{head.programme} · {head.name}", self.st.header)
        self._header_width = width - 42 * mm
        _, header_h = self._header_left.wrap(self._header_width, pagesize[1])
        self._header_h = header_h
        top_margin = _HEADER_TOP + header_h + 6 * mm
        super().__init__(
            buffer, pagesize=pagesize, leftMargin=margin, rightMargin=margin, topMargin=top_margin,
            bottomMargin=_MARGIN_BOTTOM, title=title, author="专家评审工作站 Reviewer Workstation",
            subject=subject, keywords=keywords, creator="专家评审工作站 Reviewer Workstation",
            producer="专家评审工作站 Reviewer Workstation", initialFontName=register_reportlab_font(),
        )
        self.head = head
        self.metas = list(metas)
        self.draft = draft
        self.generated_at = generated_at
        self._manifest = manifest
        self.sheet_index = -1
        self.sheet_pages: list[int] = [0] * len(self.metas)
        self.first_pages: list[int] = [0] * len(self.metas)
        self._qr_defined: set[int] = set()
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate(id="sheet", frames=[frame], onPage=self._page_begin,
                                            onPageEnd=self._page_end)])

    def manifest(self) -> bytes:
        return self._manifest(self.first_pages, self.sheet_pages)

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, _SheetStart):
            self.sheet_index = flowable.index
            self.first_pages[flowable.index] = self.canv.getPageNumber()

    def _page_begin(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        canv._rw_doc = self  # type: ignore[attr-defined]

    def _page_end(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        index = self.sheet_index
        if index < 0:
            return
        self.sheet_pages[index] += 1
        meta = self.metas[index]
        font = register_reportlab_font()
        width, height = self.pagesize
        left, right = self.leftMargin, width - self.rightMargin
        canv.saveState()
        # header: programme and round on the left, the kind of sheet on the right
        top = height - _HEADER_TOP
        self._header_left.drawOn(canv, left, top - self._header_h)
        canv.setFont(font, 8.5)
        canv.setFillColor(_GREY)
        canv.drawRightString(right, top - 9, meta.kind_title)
        rule_y = top - self._header_h - 2.5 * mm
        canv.setStrokeColor(_RULE)
        canv.setLineWidth(0.6)
        canv.line(left, rule_y, right, rule_y)
        # footer: code, page x of y (of this sheet), QR
        canv.line(left, _FOOTER_RULE, right, _FOOTER_RULE)
        canv.setFillColor(_BLACK)
        canv.setFont(font, 10)
        canv.drawString(left, 24 * mm, f"核验码 {meta.code}")
        canv.setFont(font, 7)
        canv.setFillColor(_GREY)
        canv.drawString(left, 19.5 * mm, "核验本表与签名记录是否一致：reviewer verify 本文件，或输入核验码")
        canv.drawString(left, 16 * mm, f"生成时间 {fmt_time(self.generated_at)}（北京时间）"
                        + ("　草稿，不作为正式结果" if self.draft else ""))
        canv.setFont(font, 9)
        canv.drawRightString(width / 2 - 2, 12 * mm, f"第 {self.sheet_pages[index]} 页")
        canv.doForm(f"rwTotal{index}")
        qr_name = f"rwQR{index}"
        if index not in self._qr_defined:
            canv.beginForm(qr_name)
            _draw_qr(canv, _qr_matrix(meta.qr), right - _QR_SIZE, _FOOTER_RULE - 2 * mm - _QR_SIZE, _QR_SIZE)
            canv.endForm()
            self._qr_defined.add(index)
        canv.doForm(qr_name)
        if self.draft:
            canv.setFillColor(colors.Color(0.6, 0.6, 0.6))
            canv.setFillAlpha(0.22)
            canv.setFont(font, 78 if width < height else 96)
            canv.translate(width / 2, height / 2)
            canv.rotate(35 if width < height else 25)
            canv.drawCentredString(0, -28, DRAFT_MARK)
        canv.restoreState()


# --------------------------------------------------------------------------- the four stories


def _heading(st: _Styles, title: str, subtitle: str) -> list[Flowable]:
    return [_p(title, st.title), _p(subtitle, st.subtitle)]


def _section(st: _Styles, text: str) -> Flowable:
    return _p(text, st.section)


def _review_story(st: _Styles, sheet: ReviewSheet, width: float) -> list[Flowable]:
    story = _heading(st, sheet.round.form_title, "专家评分表")
    story.append(_info(st, [
        [("评审项目", sheet.round.programme), ("评审轮次", sheet.round.name)],
        [("申报编号", sheet.number), ("申报类别", sheet.category or "—")],
        [("项目名称", sheet.title)],
        [("申报单位", sheet.applicant)],
        [("评审专家", sheet.expert), ("工作单位", sheet.organisation or "—")],
    ], width, compact=True))

    story.append(_section(st, "一、评分"))
    widths = [10 * mm, 52 * mm, 13 * mm, 13 * mm, 15 * mm, 16 * mm]
    widths.append(width - sum(widths))
    rows: list[list[Any]] = [[_p(h, st.head) for h in ("序号", "评分项", "满分", "权重", "得分", "折算分", "评语")]]
    extra: list[tuple[Any, ...]] = []
    section = None
    number = 0
    for c in sheet.criteria:
        if c.section and c.section != section:
            section = c.section
            rows.append([_p(c.section, st.small_cell), "", "", "", "", "", ""])
            extra += [("SPAN", (0, len(rows) - 1), (-1, len(rows) - 1)),
                      ("BACKGROUND", (0, len(rows) - 1), (-1, len(rows) - 1), _LABEL_BG)]
        number += 1
        rows.append([_p(number, st.cell_c), _p(c.title, st.cell), _p(c.max, st.cell_r), _p(c.weight, st.cell_r),
                     _p(c.value or "—", st.cell_r), _p(c.points or "—", st.cell_r), _p(c.comment, st.cell)])
    rows.append([_p(f"总分（满分 {sheet.scale}）", st.cell), "", "", "", "", _p(sheet.total or "—", st.cell_r), ""])
    extra.append(("SPAN", (0, len(rows) - 1), (4, len(rows) - 1)))
    tight = {r: (1.0, 1.5) for r in range(1, len(rows)) if rows[r][1] == ""}
    story.append(_grid(rows, widths, extra=extra, compact=True, row_padding=tight))

    if sheet.vetoes:
        story.append(_section(st, "二、否决项（任一项为“是”即不予推荐）"))
        vrows: list[list[Any]] = [[_p(h, st.head) for h in ("序号", "否决项", "判定")]]
        for i, v in enumerate(sheet.vetoes, start=1):
            answer = _check((("yes", "是"), ("no", "否")),
                            None if v.answer is None else ("yes" if v.answer else "no"))
            vrows.append([_p(i, st.cell_c), _p(v.question, st.cell), _p(answer, st.cell_c)])
        story.append(_grid(vrows, [10 * mm, width - 40 * mm, 30 * mm], compact=True))

    numerals = "一二三四五六"
    n = 3 if sheet.vetoes else 2
    choice = _check(sheet.choices, sheet.recommendation) if sheet.choices else (sheet.recommendation_title or "—")
    story.append(_p(f"{numerals[n - 1]}、推荐意见：　{choice}", st.section))
    story.append(Spacer(0, 1 * mm))
    story.append(_box(st, f"{numerals[n]}、专家综合意见", sheet.comment, width))
    story.append(Spacer(0, 3 * mm))
    story.append(KeepTogether(_signature_block(st, sheet, width)))
    return story


def _signature_block(st: _Styles, sheet: ReviewSheet, width: float) -> list[Flowable]:
    image = _signature_image(sheet.signature_png, 50 * mm, 16 * mm)
    signature: Any = image if image is not None else _p("", st.sign)
    if image is None and sheet.signature_png:
        signature = _p("（签名图片无法显示）", st.small)
    date = fmt_date(sheet.submitted_at) or BLANK_DATE
    block = _sign_here([_p("评审专家（签字）：", st.sign), signature, _p("日期：", st.sign), _p(date, st.sign)],
                       [40 * mm, 62 * mm, 14 * mm, width - 116 * mm])
    facts = [f"评审意见第 {sheet.version} 版",
             f"提交时间 {fmt_time(sheet.submitted_at) or '—'}",
             REVIEW_ORIGIN_TITLES.get(sheet.origin, sheet.origin)]
    if sheet.entered_by:
        facts.append(f"录入人 {sheet.entered_by}")
    status = SIGNATURE_STATUS_TITLES.get(sheet.signature_status, sheet.signature_status)
    if sheet.key_fingerprint and sheet.signature_status != "paper":
        status += f"（密钥指纹 {sheet.key_fingerprint}）"
    facts.append(status)
    facts.append(f"签名内容摘要 {sheet.payload_sha256[:16]}")
    if not sheet.current:
        facts.append("此版本已被新版本取代")
    out: list[Flowable] = [block, Spacer(0, 2 * mm), _p("　·　".join(facts), st.small)]
    if sheet.reopen_reason:
        out.append(_p(f"重新评审理由：{sheet.reopen_reason}", st.small))
    if sheet.signature_status in ("invalid", "foreign"):
        out.append(_p(f"注意：{status}，本表所列内容未经有效电子签名确认。", st.warn))
    return out


def _declaration_story(st: _Styles, sheet: DeclarationSheet, width: float) -> list[Flowable]:
    story = _heading(st, "评审专家回避声明", "回避声明")
    story.append(_info(st, [
        [("评审项目", sheet.round.programme), ("评审轮次", sheet.round.name)],
        [("评审专家", sheet.expert), ("工作单位", sheet.organisation or "—")],
        [("专业领域", sheet.field or "—"), ("分配申报", f"{len(sheet.assigned)} 份")],
    ], width))
    story.append(Spacer(0, 4 * mm))
    story.append(_p(f"本人已知悉评审回避的有关规定。对分配给本人评审的 {len(sheet.assigned)} 份申报材料，声明如下：",
                    st.body))
    story.append(_section(st, "一、需要回避的申报"))
    widths = [10 * mm, 26 * mm, 0.0, 34 * mm, 18 * mm, 0.0, 24 * mm]
    free = width - sum(widths)
    widths[2], widths[5] = free * 0.45, free * 0.55
    rows: list[list[Any]] = [[_p(h, st.head) for h in ("序号", "申报编号", "项目名称", "申报单位", "回避类型",
                                                       "理由", "声明时间")]]
    extra: list[tuple[Any, ...]] = []
    if sheet.conflicts:
        for i, c in enumerate(sheet.conflicts, start=1):
            when = fmt_time(c.declared_at) or "—"
            source = ORIGIN_TITLES.get(c.origin, c.origin)
            rows.append([_p(i, st.cell_c), _p(c.number, st.cell), _p(c.title, st.cell), _p(c.applicant, st.cell),
                         _p(c.kind_title, st.cell_c), _p(c.reason or "—", st.cell),
                         Paragraph(f"{_esc(when)}<br/>{_esc(source)}", st.small_cell)])
    else:
        rows.append([_p("无", st.cell_c), "", "", "", "", "", ""])
        extra.append(("SPAN", (0, 1), (-1, 1)))
    story.append(_grid(rows, widths, extra=extra))

    story.append(_section(st, "二、确认不存在利害关系的申报"))
    if sheet.clear:
        crow: list[list[Any]] = [[_p(h, st.head) for h in ("序号", "申报编号", "项目名称", "确认时间")]]
        titles = dict(sheet.assigned)
        for i, (number, at) in enumerate(sheet.clear, start=1):
            crow.append([_p(i, st.cell_c), _p(number, st.cell), _p(titles.get(number, ""), st.cell),
                         _p(fmt_time(at) or "—", st.cell_c)])
        story.append(_grid(crow, [10 * mm, 30 * mm, width - 76 * mm, 36 * mm]))
    else:
        story.append(_p("无", st.body))
    if sheet.pending:
        story.append(Spacer(0, 2 * mm))
        story.append(_p(f"尚未作出声明的申报：{'、'.join(sheet.pending)}", st.warn))
    story.append(Spacer(0, 4 * mm))
    story.append(_p("本人承诺：以上声明真实、完整；评审过程中如发现新的利害关系，将立即报告并主动回避；"
                    "不泄露评审信息，不接受申报单位的任何馈赠。", st.body))
    story.append(Spacer(0, 6 * mm))
    image = _signature_image(sheet.signature_png, 50 * mm, 16 * mm)
    signature: Any = image if image is not None else _p("", st.sign)
    date = fmt_date(sheet.declared_at) or BLANK_DATE
    block = _sign_here([_p("声明人（签字）：", st.sign), signature, _p("日期：", st.sign), _p(date, st.sign)],
                       [38 * mm, 62 * mm, 14 * mm, width - 114 * mm])
    facts = [f"声明 {len(sheet.conflicts)} 项回避，确认 {len(sheet.clear)} 项无利害关系"]
    if sheet.key_fingerprint:
        facts.append(f"专家签名密钥指纹 {sheet.key_fingerprint}")
    signed = sum(1 for c in sheet.conflicts if c.signed)
    if sheet.conflicts:
        facts.append(f"{signed} 项回避声明带电子签名")
    story.append(KeepTogether([block, Spacer(0, 2 * mm), _p("　·　".join(facts), st.small)]))
    return story


def _sign_here(cells: list[Any], widths: list[float]) -> Grid:
    """One row 18 mm high to sign in: label, the signature (image or line), label, date, at the
    bottom of the row, with a rule under the signature and under the date."""
    padding = (2.0, 6.0)
    row = Row([_cell(cell, w - sum(padding)) for cell, w in zip(cells, widths)], top=3, bottom=2, valign="BOTTOM",
              height=18 * mm)
    rules = [("LINEBELOW", c, 0, c, 0, 0.6, _BLACK) for c in (1, 3)]
    return Grid([row], widths, padding=padding, rules=rules)


def _signature_lines(st: _Styles, people: Sequence[tuple[str, str]], width: float, *, role: str,
                     chair: bool = True) -> Grid:
    """Rows to sign on: printed name, organisation, an empty box for the signature, the date."""
    rows: list[list[Any]] = [[_p(h, st.head) for h in ("", "姓名", "工作单位", "签字", "日期")]]
    for name, organisation in people:
        rows.append([_p(role, st.cell_c), _p(name, st.cell), _p(organisation or "", st.cell), "", ""])
    if chair:
        rows.append([_p("评审委员会主任", st.cell_c), "", "", "", ""])
    widths = [26 * mm, 26 * mm, 0.0, 42 * mm, 28 * mm]
    widths[2] = width - sum(widths)
    grid_rows = [Row([_cell(cell, w - 2 * _PAD_X) for cell, w in zip(row, widths)], top=3, bottom=3,
                     height=None if i == 0 else 11 * mm) for i, row in enumerate(rows)]
    return Grid(grid_rows, widths, header_rows=1, padding=(_PAD_X, _PAD_X),
                backgrounds=[("BACKGROUND", 0, 0, -1, 0, _HEAD_BG)], rules=[("GRID", 0, 0, -1, -1, _RULE_W, _BLACK)])


def _dossier_story(st: _Styles, sheet: DossierSheet, width: float) -> list[Flowable]:
    story = _heading(st, "评审意见汇总表", sheet.round.programme)
    story.append(_info(st, [
        [("评审项目", sheet.round.programme), ("评审轮次", sheet.round.name)],
        [("申报编号", sheet.number), ("申报类别", sheet.category or "—")],
        [("项目名称", sheet.title)],
        [("申报单位", sheet.applicant)],
    ], width, compact=True))

    story.append(_section(st, "一、各专家评分"))
    widths = [10 * mm, 22 * mm, 0.0, 18 * mm, 24 * mm, 24 * mm, 12 * mm, 22 * mm]
    widths[2] = width - sum(widths)
    rows: list[list[Any]] = [[_p(h, st.head) for h in ("序号", "评审专家", "工作单位", "总分", "推荐意见",
                                                       "否决项", "版本", "签名")]]
    for i, e in enumerate(sheet.experts, start=1):
        sig = {"valid": "有效", "paper": "纸质", "invalid": "无效", "foreign": "密钥不符", "missing": "无"}
        rows.append([_p(i, st.cell_c), _p(e.expert, st.cell), _p(e.organisation, st.cell),
                     _p(e.total or "—", st.cell_r), _p(e.recommendation or "—", st.cell_c),
                     _p("、".join(e.vetoes_yes) or "无", st.cell), _p(f"第 {e.version} 版", st.cell_c),
                     _p(sig.get(e.signature_status, e.signature_status), st.cell_c)])
    extra: list[tuple[Any, ...]] = []
    if not sheet.experts:
        rows.append([_p("尚无有效评审意见", st.cell_c), "", "", "", "", "", "", ""])
        extra.append(("SPAN", (0, 1), (-1, 1)))
    story.append(_grid(rows, widths, extra=extra, compact=True))

    if sheet.experts:
        story.append(_section(st, "二、分项评分"))
        names = [e.expert for e in sheet.experts]
        fixed = 42 * mm + 14 * mm
        col = min(24 * mm, (width - fixed - 30 * mm) / (len(names) + 2))
        first = width - col * (len(names) + 2) - 14 * mm
        mrows: list[list[Any]] = [[_p("评分项", st.head), _p("权重", st.head), *[_p(n, st.head) for n in names],
                                   _p("均值", st.head), _p("极差", st.head)]]
        for key, title, weight in sheet.criteria:
            mrows.append([_p(title, st.cell), _p(weight, st.cell_r),
                          *[_p(e.scores.get(key) or "—", st.cell_r) for e in sheet.experts],
                          _p(sheet.criterion_means.get(key, "—"), st.cell_r),
                          _p(sheet.criterion_spreads.get(key, "—"), st.cell_r)])
        story.append(_grid(mrows, [first, 14 * mm] + [col] * (len(names) + 2), compact=True))

    story.append(_section(st, "三、汇总结果"))
    rule_title = sheet.round.rule_title
    rank = f"第 {sheet.rank} 名" + ("（并列）" if sheet.tie else "") if sheet.rank is not None else "—"
    summary = [[Paragraph(f"汇总得分<br/>（{_esc(rule_title)}）", st.label), _p(sheet.aggregate or "—", st.big_c),
                _p("排名", st.label), _p(rank, st.big_c), _p("等级", st.label),
                _p(sheet.tier_title or "未获奖励", st.big_c)]]
    story.append(_grid(summary, [width * 0.2, width * 0.16, width * 0.12, width * 0.16, width * 0.12, width * 0.24],
                       header_rows=0, extra=[("BACKGROUND", (0, 0), (0, 0), _LABEL_BG),
                                             ("BACKGROUND", (2, 0), (2, 0), _LABEL_BG),
                                             ("BACKGROUND", (4, 0), (4, 0), _LABEL_BG)]))
    story.append(Spacer(0, 1.5 * mm))
    others = [f"{RULE_NAMES[r][0]} {sheet.aggregates.get(r) or '—'}" for r in RULE_NAMES if r != sheet.round.rule]
    story.append(_p("其他汇总规则（仅供参考）：" + "；".join(others), st.small))

    story.append(_section(st, "四、提示及处理情况"))
    if sheet.flags:
        frows: list[list[Any]] = [[_p(h, st.head) for h in ("序号", "提示", "说明")]]
        for i, (kind, reason) in enumerate(sheet.flags, start=1):
            frows.append([_p(i, st.cell_c), _p(FLAG_TITLES.get(kind, (kind,))[0], st.cell_c), _p(reason, st.cell)])
        story.append(_grid(frows, [10 * mm, 28 * mm, width - 38 * mm]))
        resolution = sheet.decision.flag_resolution if sheet.decision else ""
        story.append(Spacer(0, 2 * mm))
        story.append(_box(st, "处理情况", resolution or "（尚未记录）", width))
    else:
        story.append(_p("无提示。", st.body))

    # the decision and the signatures under it stay on one page
    decided: list[Flowable] = [_section(st, "五、评审委员会决定")]
    d = sheet.decision
    if d is None:
        decided.append(_p("评审委员会尚未就本项作出决定。", st.warn))
    else:
        drows = [[_p(h, st.head) for h in ("排名", "等级", "最终得分", "是否调整", "决定人", "决定时间")],
                 [_p(d.rank if d.rank is not None else "—", st.cell_c), _p(d.tier_title or "未获奖励", st.cell_c),
                  _p(d.final_score or "—", st.cell_c), _p("是" if d.overridden else "否", st.cell_c),
                  _p(d.decided_by or "—", st.cell_c), _p(fmt_time(d.decided_at) or "—", st.cell_c)]]
        drows.append([_p("决定理由", st.label), _p(d.reason or ("与评分结果一致" if not d.overridden else "—"),
                                               st.cell), "", "", "", ""])
        decided.append(_grid(drows, [width / 6] * 6, compact=True,
                             extra=[("SPAN", (1, 2), (-1, 2)), ("BACKGROUND", (0, 2), (0, 2), _LABEL_BG)]))
        if d.stale:
            decided.append(_p("注意：作出决定后评审意见或评分有变动，该决定需经评审委员会复核："
                              + "；".join(d.stale_reasons), st.warn))

    decided.append(_section(st, "六、签字"))
    if sheet.recused:
        decided.append(_p("回避专家（不参与本项评审）：" + "；".join(f"{n}（{k}）" for n, k in sheet.recused), st.body))
        decided.append(Spacer(0, 2 * mm))
    decided.append(_signature_lines(st, sheet.panel, width, role="评审专家"))
    story.append(KeepTogether(decided))
    return story


def _result_story(st: _Styles, sheet: ResultSheet, width: float) -> list[Flowable]:
    head = sheet.round
    story = _heading(st, "评审结果汇总表", f"{head.programme} · {head.name}")
    awarded = sum(t.count for t in sheet.tiers if t.key)
    spread = f"，分歧阈值 {head.spread_limit} 分" if head.spread_limit else ""
    story.append(_p(
        f"汇总规则：{head.rule_title}（{head.rule}）{spread}；评分表：{head.form_title}（{head.form_id} 第 "
        f"{head.form_version} 版，摘要 {head.form_hash[:12]}）；参评 {len(sheet.rows)} 项，获奖励 {awarded} 项。",
        st.body))
    if sheet.undecided or sheet.stale:
        parts = []
        if sheet.undecided:
            parts.append(f"{sheet.undecided} 项尚未经评审委员会决定（按计算结果列出）")
        if sheet.stale:
            parts.append(f"{sheet.stale} 项决定后评分有变动，待复核")
        story.append(_p("注意：" + "；".join(parts) + "。", st.warn))
    story.append(Spacer(0, 3 * mm))
    widths = [11 * mm, 25 * mm, 0.0, 44 * mm, 16 * mm, 19 * mm, 16 * mm, 30 * mm, 30 * mm]
    widths[2] = width - sum(widths)
    rows: list[list[Any]] = [[_p(h, st.head) for h in ("排名", "申报编号", "项目名称", "申报单位", "得分", "等级",
                                                       "奖励金额\n（万元）", "专家推荐", "备注")]]
    for r in sheet.rows:
        rows.append([_p(r.rank if r.rank is not None else "—", st.cell_c), _p(r.number, st.cell),
                     _p(r.title, st.cell), _p(r.applicant, st.cell), _p(r.score or "—", st.cell_r),
                     _p(r.tier_title or "—", st.cell_c), _p(r.amount or "—", st.cell_r),
                     _p(r.recommendations or "—", st.small_cell), _p(r.note, st.small_cell)])
    story.append(_grid(rows, widths, compact=True))

    tier_heading = _section(st, "按等级合计")
    trows: list[list[Any]] = [[_p(h, st.head) for h in ("等级", "项目数", "单项奖励（万元）", "金额合计（万元）")]]
    for t in sheet.tiers:
        trows.append([_p(t.title, st.cell), _p(t.count, st.cell_r), _p(t.amount or "—", st.cell_r),
                      _p(t.total or "—", st.cell_r)])
    trows.append([_p("合计", st.cell), _p(len(sheet.rows), st.cell_r), _p("", st.cell),
                  _p(sheet.grand_total or "—", st.cell_r)])
    # The heading travels with its table: never alone at the foot of a page.
    story.append(KeepTogether([tier_heading, _grid(trows, [60 * mm, 30 * mm, 40 * mm, 40 * mm])]))

    story.append(KeepTogether([
        _section(st, "评审委员会签字"),
        _signature_lines(st, sheet.committee, width, role="评审委员"),
        Spacer(0, 5 * mm),
        _p(f"日期：{BLANK_DATE}", st.sign),
        _p(f"本表依据评审轮次「{head.name}」的签名评审记录生成；汇总规则：{head.rule_title}。", st.small),
    ]))
    return story


_STORIES: dict[str, Callable[[_Styles, Any, float], list[Flowable]]] = {
    "review": _review_story,
    "declaration": _declaration_story,
    "dossier": _dossier_story,
    "result": _result_story,
}


# --------------------------------------------------------------------------- rendering


def render_pdf(sheets: Sequence[Sheet], *, draft: bool = False,
               generated_at: dt.datetime | None = None) -> RenderedPdf:
    """One PDF holding ``sheets`` (all of one round), each starting on a new page.

    ``draft`` forces the DRAFT mark; a round that is not finalised always gets it.
    Sheets of the ``result`` kind are laid out landscape, so they must not share a
    file with the portrait kinds.
    """
    if not sheets:
        raise StateError("没有可打印的评审表 (there is no sheet to print)")
    head = sheets[0].round
    if any(x.round.uid != head.uid for x in sheets):
        raise ValueError("render_pdf: sheets of several rounds in one file")
    kinds = {x.kind for x in sheets}
    if "result" in kinds and len(kinds) > 1:
        raise ValueError("render_pdf: the landscape result sheet cannot share a file with portrait sheets")
    draft = draft or not head.finalised
    generated_at = generated_at or dt.datetime.now(dt.timezone.utc)
    pagesize = landscape(A4) if kinds == {"result"} else A4
    codes = [sheet_code(x) for x in sheets]
    metas = [_SheetMeta(code, qr_text(x, code), KIND_TITLES[x.kind]) for x, code in zip(sheets, codes)]

    def manifest(first_pages: list[int], pages: list[int]) -> bytes:
        entries = [manifest_entry(x, code, first, count)
                   for x, code, first, count in zip(sheets, codes, first_pages, pages)]
        return manifest_bytes(round_uid=head.uid, round_name=head.name, generated_at=generated_at, draft=draft,
                              entries=entries)

    titles = sorted({KIND_TITLES[k] for k in kinds}, key=lambda t: [z for _, z, _ in KINDS].index(t))
    title = "、".join(titles) + f" · {head.name}" + ("（草稿）" if draft else "")
    subject = f"{head.programme} · {head.name}" + (f" · 核验码 {codes[0]}" if len(codes) == 1 else "")
    buffer = io.BytesIO()
    with collector_paused():  # the document holds every page until it is saved
        doc = _SheetDoc(buffer, pagesize=pagesize, head=head, metas=metas, draft=draft, generated_at=generated_at,
                        title=title, subject=subject, keywords=" ".join(codes), manifest=manifest)
        story: list[Flowable] = []
        for index, sheet in enumerate(sheets):
            if index:
                story.append(PageBreak())
            story.append(_SheetStart(index))
            story.extend(_STORIES[sheet.kind](doc.st, sheet, doc.width))
        doc.build(story, canvasmaker=_SheetCanvas)
    return RenderedPdf(buffer.getvalue(), tuple(zip(sheets, codes)), sum(doc.sheet_pages), draft)


def generate_sheets(s: Session, round_id: int | str, kind: str, keys: Iterable[str] | None = None, *,
                    draft: bool = False) -> bytes:
    """PDF bytes of the sheets of one kind (``keys``: dossier numbers or expert names; None: all)."""
    return render_pdf(sheets_of_kind(s, round_id, kind, keys), draft=draft).data


def generate_result_sheet(s: Session, round_id: int | str, *, draft: bool = False) -> bytes:
    return generate_sheets(s, round_id, "result", draft=draft)


def generate_dossier_summaries(s: Session, round_id: int | str, numbers: Iterable[str] | None = None, *,
                               draft: bool = False) -> bytes:
    return generate_sheets(s, round_id, "dossier", numbers, draft=draft)


def generate_review_sheets(s: Session, round_id: int | str, keys: Iterable[str] | None = None, *,
                           draft: bool = False) -> bytes:
    """专家评分表; ``keys`` are dossier numbers or "number|expert"."""
    return generate_sheets(s, round_id, "review", keys, draft=draft)


def generate_declarations(s: Session, round_id: int | str, experts: Iterable[str] | None = None, *,
                          draft: bool = False) -> bytes:
    return generate_sheets(s, round_id, "declaration", experts, draft=draft)


def list_sheets(s: Session, round_id: int | str) -> list[SheetEntry]:
    """Every sheet the round's records make now, for a print dialog's list."""
    out: list[SheetEntry] = []
    for kind, _, _ in SHEET_KINDS:
        for sheet in sheets_of_kind(s, round_id, kind):
            ident = sheet.ident()
            if kind == "review":
                key = f"{ident['dossier']}|{ident['expert']}"
            else:
                key = str(ident.get("dossier") or ident.get("expert") or "")
            out.append(SheetEntry(kind, key, f"{KIND_TITLES[kind]} · {sheet.label}"))
    return out


def record_issue(s: Session, rendered: RenderedPdf, *, destination: str, actor: str = "") -> None:
    """Record in the audit log that these sheets were printed or saved, with their codes."""
    if not rendered.sheets:
        return
    round_uid = rendered.sheets[0][0].round.uid
    audit.record(s, AUDIT_ACTION, actor=actor, round_uid=round_uid,
                 detail=issue_record(rendered.sheets, destination=destination, draft=rendered.draft))


# --------------------------------------------------------------------------- writing a folder


_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')


def safe_name(text: str, limit: int = 80) -> str:
    """A file name from user data: no separators or control characters, not hidden, not too long."""
    name = _UNSAFE.sub("_", text).strip().strip(".") or "_"
    return name[:limit]


def write_sheets(ws: Workspace, round_id: int | str, out_dir: Path | str, *, draft: bool = False,
                 split: bool = True, actor: str = "",
                 progress: Callable[[str], None] | None = None) -> list[WrittenFile]:
    """Write every kind of sheet of a round into ``out_dir`` (layout in the module docstring).

    Read in one session, rendered outside it, each file written atomically; the
    codes issued are recorded in the audit log. Kinds with nothing to show (no
    submitted review yet) are left out.
    """
    out_dir = Path(out_dir)
    with ws.session() as s:
        rnd = get_round(s, round_id)
        rid = rnd.id
        all_sheets = {kind: sheets_of_kind(s, rid, kind) for kind, _, _ in SHEET_KINDS}
    suffix = "（草稿）" if draft or not all_sheets["result"][0].round.finalised else ""
    plan: list[tuple[str, Path, list[Sheet]]] = []
    for kind, title, _ in SHEET_KINDS:
        if all_sheets[kind]:
            plan.append((kind, out_dir / f"{title}{suffix}.pdf", all_sheets[kind]))
    if split:
        reviews: list[ReviewSheet] = [x for x in all_sheets["review"] if isinstance(x, ReviewSheet)]
        for dossier in all_sheets["dossier"]:
            assert isinstance(dossier, DossierSheet)
            mine: list[Sheet] = [dossier, *[r for r in reviews if r.number == dossier.number]]
            plan.append(("dossier-file", out_dir / "按申报" / f"{safe_name(dossier.number)}{suffix}.pdf", mine))
        for declaration in all_sheets["declaration"]:
            assert isinstance(declaration, DeclarationSheet)
            signs: list[Sheet] = [declaration, *[r for r in reviews if r.expert == declaration.expert]]
            plan.append(("expert-file", out_dir / "按专家" / f"{safe_name(declaration.expert)}{suffix}.pdf", signs))
    written: list[WrittenFile] = []
    rendered_all: list[tuple[Path, RenderedPdf]] = []
    for kind, path, sheets in plan:
        if progress is not None:
            progress(str(path))
        rendered = render_pdf(sheets, draft=draft)
        atomic_write_bytes(path, rendered.data, mode=0o644)
        rendered_all.append((path, rendered))
        written.append(WrittenFile(kind, path, len(sheets), rendered.pages, tuple(c for _, c in rendered.sheets)))
    with ws.session() as s:
        for path, rendered in rendered_all:
            if path.parent == out_dir:  # the per-dossier and per-expert files repeat the same codes
                record_issue(s, rendered, destination=str(path), actor=actor)
    return written


__all__ = [
    "DRAFT_MARK",
    "SHEET_KINDS",
    "RenderedPdf",
    "SheetEntry",
    "WrittenFile",
    "generate_declarations",
    "generate_dossier_summaries",
    "generate_result_sheet",
    "generate_review_sheets",
    "generate_sheets",
    "list_sheets",
    "record_issue",
    "render_pdf",
    "safe_name",
    "write_sheets",
]
