"""The ruled tables of the official sheets, laid out and drawn straight onto the canvas.

reportlab's platypus ``Table`` took most of the time a provincial round's sheets took
(some 130 cells on a dossier summary's first page): a ``CellStyle`` object per cell, a
pass over the cells for every style command, all row heights computed again on every
``wrap`` and ``split``, and a text object, colour and font call per cell when drawing.
:class:`Grid` does the part of ``Table`` the sheets use, with the work done once:

* fixed column widths; a row is as tall as its tallest cell plus the row's top and bottom
  padding, or has a fixed height;
* cells: :class:`Text` (one line in a paragraph style, which fits), any flowable
  (paragraphs, images; drawn left-aligned, as ``Table`` draws them), or ``None``;
* horizontal spans within a row; backgrounds, rules (``BOX``, ``GRID``, ``INNERGRID``,
  ``LINEABOVE``/``BELOW``/``BEFORE``/``AFTER``) and ``NOSPLIT`` as ``Table``'s style
  commands, as ``(op, first column, first row, last column, last row, *arguments)``;
* page breaks between rows, the header rows repeated, no break inside a ``NOSPLIT`` range.

Every position is computed with the same arithmetic as ``Table``'s (reportlab 4.x
``platypus/tables.py``: ``_calc_height``, ``_drawBkgrnd``, ``_drawCell``, ``_drawLines``)
and a split hands each part the commands ``Table._splitRows`` would (a box broken in
two, the rule at the break drawn on both pages, and so on), so the pages look the same
as they did with ``Table``, pixel for pixel: every rule is still its own stroke (where
strokes cross they are painted twice, as before). What is cheaper: a row is measured once,
however often its table is wrapped and split; consecutive plain-text cells share one text
object; and each distinct string is encoded in the font once per document.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple
from weakref import WeakKeyDictionary

from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

#: The height of an empty cell's one empty line: reportlab's default cell leading, which
#: the tables had before (it makes a filler row as tall as it was).
EMPTY_LEADING = 12.0
#: reportlab's layout tolerance (``rl_config._FUZZ``), used where ``Table`` uses it.
_FUZZ = 1e-6
#: The height a flowable cell may take when it is measured (``Table`` offers 72000 points).
_MEASURE_HEIGHT = 72000.0

#: A style command: (op, first column, first row, last column, last row, *arguments).
Command = tuple[Any, ...]
_RULES = ("BOX", "GRID", "INNERGRID", "LINEABOVE", "LINEBELOW", "LINEBEFORE", "LINEAFTER")


class Text(NamedTuple):
    """One line of text in a paragraph style that fits its cell, drawn as a plain string
    where a one-line paragraph would put it: ``fontSize`` below the top of a ``leading``-high
    line, aligned as the style says (left, centre or right). ``width`` is its measured width."""

    text: str
    width: float
    style: ParagraphStyle


class Row:
    """One row of a :class:`Grid`: its cells, top and bottom padding, vertical alignment
    (``MIDDLE``, ``TOP`` or ``BOTTOM``), horizontal spans ``(first column, last column)`` and,
    if given, a fixed height. The measured height is kept: a row is measured once, however
    often its table is wrapped and split."""

    __slots__ = ("cells", "top", "bottom", "valign", "spans", "_height", "_sizes")

    def __init__(self, cells: Sequence[Text | Flowable | None], *, top: float, bottom: float,
                 valign: str = "MIDDLE", height: float | None = None,
                 spans: Sequence[tuple[int, int]] = ()) -> None:
        self.cells = list(cells)
        self.top = top
        self.bottom = bottom
        self.valign = valign
        self.spans = {c0: c1 for c0, c1 in spans if c1 > c0}
        self._height: float | None = height
        self._sizes: dict[int, tuple[float, float]] = {}


def _normalised(commands: Sequence[Command], ncols: int, nrows: int) -> list[Command]:
    """Negative indices counted from the end, once, as ``Table`` counts them."""
    out = []
    for op, sc, sr, ec, er, *args in commands:
        out.append((op, sc + ncols if sc < 0 else sc, sr + nrows if sr < 0 else sr,
                    ec + ncols if ec < 0 else ec, er + nrows if er < 0 else er, *args))
    return out


def _rules_at_break(rules: Sequence[Command], n: int) -> list[Command]:
    """The rules of a table broken before row ``n``, as ``Table._splitLineCmds`` makes them: a
    box or grid across the break becomes its four sides (and a grid its inner lines and the
    rules either side of the break), and the rule under row ``n - 1`` is also drawn above row
    ``n``, where the next part starts."""
    out: list[Command] = []
    for rule in rules:
        op, sc, sr, ec, er, *args = rule
        if op in ("BOX", "GRID") and sr < n <= er:
            out += [("LINEABOVE", sc, sr, ec, sr, *args), ("LINEBEFORE", sc, sr, sc, er, *args),
                    ("LINEAFTER", ec, sr, ec, er, *args), ("LINEBELOW", sc, er, ec, er, *args)]
            if op == "GRID":
                out += [("LINEBELOW", sc, n - 1, ec, n - 1, *args), ("LINEABOVE", sc, n, ec, n, *args),
                        ("INNERGRID", sc, sr, ec, er, *args)]
        elif op == "INNERGRID" and sr < n <= er:
            out += [("LINEBELOW", sc, n - 1, ec, n - 1, *args), ("LINEABOVE", sc, n, ec, n, *args), rule]
        elif op == "LINEBELOW" and sr < n and er >= n - 1:
            out += [("LINEABOVE", sc, n, ec, n, *args), rule]
        elif op == "LINEABOVE" and sr <= n <= er:
            out += [("LINEBELOW", sc, n - 1, ec, n - 1, *args), rule]
        else:
            out.append(rule)
    return out


def _before_break(commands: Sequence[Command], n: int) -> list[Command]:
    """The commands of the rows above a break before row ``n`` (``Table._cr_0``)."""
    return [(op, sc, sr, ec, min(er, n - 1), *args) for op, sc, sr, ec, er, *args in commands if sr < n]


def _after_break(commands: Sequence[Command], n: int, header_rows: int) -> list[Command]:
    """The commands of the part after a break before row ``n``, the header rows repeated on
    top of it (``Table._cr_1_1``, and ``_cr_1_0`` without header rows): a command over header
    rows applies to their copies, one over rows from ``n`` on moves up with them."""
    out: list[Command] = []
    for op, sc, sr, ec, er, *args in commands:
        if sr < header_rows and er >= sr:
            out.append((op, sc, sr, ec, min(er, header_rows - 1), *args))
        if er >= n:
            out.append((op, sc, max(sr - n, 0) + header_rows, ec, er - n + header_rows, *args))
    return out


def _row_positions(heights: Sequence[float]) -> list[float]:
    """The y of each row's top and of the table's bottom, summed from the bottom with ``Table``'s
    compensated addition (so that the numbers written are the same)."""
    positions = []
    height = c = 0.0
    for h in reversed(heights):
        positions.append(height)
        y = h - c
        t = height + y
        c = (t - height) - y
        height = t
    positions.append(height)
    positions.reverse()
    return positions


#: Per PDF document (reportlab assigns a font's subsets per document): how each string is
#: shown in the font's subsets, and the font operator of each subset at a size.
_SHOWN: WeakKeyDictionary[Any, tuple[dict[tuple[str, str], list[tuple[int, str]]], dict[tuple[Any, ...], str]]] \
    = WeakKeyDictionary()


def draw_strings(canv: Canvas, colour: Color, strings: Sequence[tuple[float, float, Text]]) -> None:
    """Draw each (x, y, text) in ``colour`` as one PDF text object: the glyphs ``canvas.drawString``
    would draw, without a text object, font and colour call around every string. A table's
    strings repeat (scores, names, 有效), so each is encoded in the font's subsets once per
    document."""
    doc = canv._doc
    cache = _SHOWN.get(doc)
    if cache is None:
        cache = _SHOWN[doc] = ({}, {})
    shown, fonts = cache
    ops = ["BT"]
    style = subset = None  # the font operator in force: the style's font and size, in this subset
    for x, y, cell in strings:
        ops.append(f"1 0 0 1 {fp_str(x, y)} Tm")
        pieces = shown.get((cell.style.fontName, cell.text))
        if pieces is None:
            pieces = shown[cell.style.fontName, cell.text] = _encoded(canv, cell)
        for piece_subset, op in pieces:
            if cell.style is not style or piece_subset != subset:
                style, subset = cell.style, piece_subset
                key = (style.fontName, subset, style.fontSize, style.leading)
                font_op = fonts.get(key)
                if font_op is None:
                    name = getFont(style.fontName).getSubsetInternalName(subset, doc)
                    font_op = fonts[key] = f"{name} {fp_str(style.fontSize)} Tf {fp_str(style.leading)} TL"
                ops.append(font_op)
            ops.append(op)
    ops.append("ET")
    canv.setFillColor(colour)
    canv.addLiteral(" ".join(ops))


def _encoded(canv: Canvas, cell: Text) -> list[tuple[int, str]]:
    """The text as shown in its font's subsets: (subset, show operator) pieces."""
    font = getFont(cell.style.fontName)
    if not getattr(font, "_dynamicFont", False):
        raise ValueError(f"grid text needs a TrueType font, not {cell.style.fontName}")
    return [(subset, f"({canv._escape(chunk)}) Tj") for subset, chunk in font.splitString(cell.text, canv._doc)]


def _runs(start: float, end: float, blocks: Sequence[tuple[float, float]] | None) -> list[tuple[float, float]]:
    """The pieces of a rule from ``start`` to ``end`` that do not cross ``blocks`` (the spans a
    vertical rule stops at), as ``tables._hLine`` cuts them."""
    if not blocks or start >= blocks[-1][1] - _FUZZ or end <= blocks[0][0] + _FUZZ:
        return [(start, end)]
    out = []
    i = 0
    while start < end - _FUZZ and i < len(blocks):
        b0, b1 = blocks[i]
        if b1 <= start + _FUZZ or b0 >= end - _FUZZ:
            i += 1
            continue
        low = max(start, b0)
        if low > start:
            out.append((start, low))
        start = min(end, b1)
    if start < end - _FUZZ:
        out.append((start, end))
    return out


class Grid(Flowable):
    """A ruled table of :class:`Row` s with fixed column ``widths`` (see the module docstring).

    ``header_rows`` repeat at the top of every part after a page break. ``backgrounds`` are
    ``("BACKGROUND", c0, r0, c1, r1, colour)``, ``rules`` ``(op, c0, r0, c1, r1, width, colour)``,
    ``keep`` ``("NOSPLIT", c0, r0, c1, r1)``: no page break between rows ``r0`` and ``r1``.
    ``padding`` is the left and right padding of every cell.
    """

    def __init__(self, rows: Sequence[Row], widths: Sequence[float], *, header_rows: int = 0,
                 padding: tuple[float, float] = (6.0, 6.0), backgrounds: Sequence[Command] = (),
                 rules: Sequence[Command] = (), keep: Sequence[Command] = ()) -> None:
        super().__init__()
        self.rows = list(rows)
        self.widths = list(widths)
        self.header_rows = header_rows
        self.padding = padding
        ncols, nrows = len(self.widths), len(self.rows)
        unknown = {cmd[0] for cmd in rules} - set(_RULES)
        if unknown:
            raise ValueError(f"Grid: unsupported rules {sorted(unknown)}")
        self.backgrounds = _normalised(backgrounds, ncols, nrows)
        self.rules = _normalised(rules, ncols, nrows)
        self.keep = _normalised(keep, ncols, nrows)
        self._cols = [0.0]
        for w in self.widths:
            self._cols.append(self._cols[-1] + w)
        self._heights: list[float] = []
        self._tops: list[float] = []

    def _part(self, rows: list[Row], backgrounds: list[Command], rules: list[Command],
              keep: list[Command]) -> Grid:
        """A part after a page break; its commands are counted already (not normalised again)."""
        part = Grid(rows, self.widths, header_rows=self.header_rows, padding=self.padding)
        part.backgrounds, part.rules, part.keep = backgrounds, rules, keep
        return part

    # ------------------------------------------------------------------ layout

    def _cell_width(self, row: Row, c: int) -> float:
        c1 = row.spans.get(c)
        return self.widths[c] if c1 is None else self._cols[c1 + 1] - self._cols[c]

    def _height_of(self, row: Row) -> float:
        """The row's height (``Table._calc_height``): its tallest cell, paddings included. Cells
        under a span count as one empty line, as the empty strings they were did."""
        if row._height is not None:
            return row._height
        left, right = self.padding
        covered = {c for c0, c1 in row.spans.items() for c in range(c0 + 1, c1 + 1)}
        canv = getattr(self, "canv", None)
        tallest = 0.0
        for c, cell in enumerate(row.cells):
            if cell is None:
                content = EMPTY_LEADING
            elif isinstance(cell, Text):
                content = cell.style.leading
            elif c in covered:
                continue
            else:
                row._sizes[c] = cell.wrapOn(canv, self._cell_width(row, c) - left - right,
                                            _MEASURE_HEIGHT - row.top - row.bottom)
                content = row._sizes[c][1]
            tallest = max(tallest, content + row.bottom + row.top)
        row._height = tallest
        return tallest

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        """The whole table's size. (``Table`` stops measuring after the first row that does not
        fit, and returns that much: a frame only asks whether it fits, and the answer is the same.)"""
        self._heights = [self._height_of(row) for row in self.rows]
        self._tops = _row_positions(self._heights)
        self.width, self.height = self._cols[-1], self._tops[0]
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        """The rows that fit and the rest under the repeated header rows (``Table._splitRows``
        with ``splitByRow``): nothing when not even the first row after the header fits."""
        self.wrap(available_width, available_height)
        impossible: set[int] = set()
        for _op, _sc, sr, _ec, er, *_ in self.keep:
            impossible.update(range(min(sr, er) + 1, max(sr, er) + 1))
        used = 0.0
        n = split_at = 0
        for h in self._heights:
            if used + h > available_height:
                break
            n += 1
            if n not in impossible:
                split_at = n
            used += h
        n = split_at
        if n <= self.header_rows:
            return []
        if n == len(self.rows):
            return [self]
        rules = _rules_at_break(self.rules, n)
        h = self.header_rows
        return [
            self._part(self.rows[:n], _before_break(self.backgrounds, n), _before_break(rules, n),
                       _before_break(self.keep, n)),
            self._part(self.rows[:h] + self.rows[n:], _after_break(self.backgrounds, n, h),
                       _after_break(rules, n, h), _after_break(self.keep, n, h)),
        ]

    # ------------------------------------------------------------------ drawing

    def _cell_box(self, r: int, c: int) -> tuple[float, float, float, float]:
        """x, y (bottom), width and height of a cell in a table with spans: from the column and row
        positions, as ``Table`` takes them then (without spans it takes the widths and heights)."""
        x, y = self._cols[c], self._tops[r + 1]
        c1 = self.rows[r].spans.get(c, c)
        return x, y, self._cols[c1 + 1] - x, self._tops[r] - y

    def draw(self) -> None:
        """Backgrounds, then the cells row by row (so that text is extracted in reading order,
        as before), then the rules. Consecutive plain-text cells of one colour share a text
        object."""
        canv = self.canv
        spanned = any(row.spans for row in self.rows)
        self._draw_backgrounds(spanned)
        left, right = self.padding
        strings: list[tuple[float, float, Text]] = []
        colour = None
        cols, widths, heights, tops = self._cols, self.widths, self._heights, self._tops
        for r, row in enumerate(self.rows):
            covered = {c for c0, c1 in row.spans.items() for c in range(c0 + 1, c1 + 1)} if row.spans else ()
            for c, cell in enumerate(row.cells):
                if cell is None or c in covered:
                    continue
                if spanned:
                    x, y, width, height = self._cell_box(r, c)
                else:  # inline: the cell loop is the hot one
                    x, y, width, height = cols[c], tops[r + 1], widths[c], heights[r]
                if not isinstance(cell, Text):
                    if strings:
                        draw_strings(canv, colour, strings)
                        strings = []
                    self._draw_flowable(cell, row, c, x + left, y, height)
                    continue
                if not cell.text:
                    continue
                st = cell.style
                if st.alignment == TA_CENTER:
                    x = x + (width + left - right) * 0.5 - 0.5 * cell.width
                elif st.alignment == TA_RIGHT:
                    x = x + width - right - cell.width
                else:
                    x = x + left
                if row.valign == "TOP":
                    y = y + height - row.top - st.fontSize
                elif row.valign == "BOTTOM":
                    y = y + row.bottom + st.leading - st.fontSize
                else:
                    y = y + (row.bottom + height - row.top + st.leading) / 2.0 - st.fontSize
                if st.textColor is not colour:
                    if strings:
                        draw_strings(canv, colour, strings)
                        strings = []
                    colour = st.textColor
                strings.append((x, y, cell))
        if strings:
            draw_strings(canv, colour, strings)
        self._draw_rules(spanned)

    def _draw_flowable(self, cell: Flowable, row: Row, c: int, x: float, y: float, height: float) -> None:
        """A flowable at the left of its cell (``x``: after the padding), placed vertically as
        ``Table._drawCell`` places it."""
        size = row._sizes.get(c)
        if size is None:  # a row of fixed height: measured when drawn
            left, right = self.padding
            size = row._sizes[c] = cell.wrapOn(self.canv, self._cell_width(row, c) - left - right,
                                               height - row.top - row.bottom)
        h = size[1]
        if row.valign == "TOP":
            top = y + height - row.top
        elif row.valign == "BOTTOM":
            top = y + row.bottom + h
        else:
            top = y + (height + row.bottom - row.top + h) / 2.0
        cell.drawOn(self.canv, x, top - h)

    def _draw_backgrounds(self, spanned: bool) -> None:
        """Filled rectangles, one per command, in order (``Table._drawBkgrnd``)."""
        canv = self.canv
        ncols, nrows = len(self.widths), len(self.rows)
        for _op, sc, sr, ec, er, colour in self.backgrounds:
            x0, y0 = self._cols[sc], self._tops[sr]
            w, h = self._cols[min(ec + 1, ncols)] - x0, self._tops[min(er + 1, nrows)] - y0
            if ec == sc and er == sr and spanned:
                covered = any(c0 < sc <= c1 for c0, c1 in self.rows[sr].spans.items())
                if not covered:
                    x0, y0, w, h = self._cell_box(sr, sc)
            canv.setFillColor(colour)
            canv.rect(x0, y0, w, h, stroke=0, fill=1)

    def _draw_rules(self, spanned: bool) -> None:
        """Every rule as its own stroke, round caps and joins (``Table._drawLines``); a vertical
        rule stops at the cells that span across it."""
        if not self.rules:
            return
        canv = self.canv
        ncols, nrows = len(self.widths), len(self.rows)
        cols, tops = self._cols, self._tops
        blocks: dict[float, list[tuple[float, float]]] = {}
        if spanned:
            for r, row in enumerate(self.rows):
                for c0, c1 in row.spans.items():
                    for c in range(c0 + 1, c1 + 1):
                        blocks.setdefault(cols[c], []).append((tops[r + 1], tops[r]))
            for value in blocks.values():
                value.sort()
        canv.saveState()
        canv.setLineCap(1)
        canv.setLineJoin(1)
        weight = colour = None

        def across(sc: int, sr: int, ec: int, er: int) -> None:
            xs = cols[sc:ec + 2]
            ys = tops[sr:er + 1]
            if len(xs) > 1:
                for y in ys:
                    canv.line(xs[0], y, xs[-1], y)

        def down(sc: int, sr: int, ec: int, er: int) -> None:
            ys = tops[sr:er + 2]
            if len(ys) > 1:
                for x in cols[sc:ec + 1]:
                    for y0, y1 in _runs(ys[-1], ys[0], blocks.get(x)):
                        canv.line(x, y0, x, y1)

        for op, sc, sr, ec, er, w, c in self.rules:
            sc, ec, sr, er = max(0, sc), min(ncols - 1, ec), max(0, sr), min(nrows - 1, er)
            if c != colour:
                colour = c
                canv.setStrokeColor(c)
            if w != weight:
                weight = w
                canv.setLineWidth(w)
            if op in ("BOX", "GRID"):
                across(sc, sr, ec, sr)
                across(sc, er + 1, ec, er + 1)
                down(sc, sr, sc, er)
                down(ec + 1, sr, ec + 1, er)
            if op in ("INNERGRID", "GRID"):
                across(sc, sr + 1, ec, er)
                down(sc + 1, sr, ec, er)
            elif op == "LINEABOVE":
                across(sc, sr, ec, er)
            elif op == "LINEBELOW":
                across(sc, sr + 1, ec, er + 1)
            elif op == "LINEBEFORE":
                down(sc, sr, ec, er)
            elif op == "LINEAFTER":
                down(sc + 1, sr, ec + 1, er)
        canv.restoreState()


__all__ = ["EMPTY_LEADING", "Command", "Grid", "Row", "Text", "draw_strings"]
