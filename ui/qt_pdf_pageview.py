"""A continuous-scrolling page view over a :class:`QPdfDocument`.

Why not ``QPdfView``: measured on this machine with a 1,000-page dossier, a bare
``QPdfDocument.load`` plus a render of page 1 takes 14 ms, while
``QPdfView.setDocument`` in multi-page mode alone takes 75–100 ms, because it asks
PDFium for the size of every page before it paints anything (70 ms for 1,000
pages). It also scrolls to another page when the window is resized or the zoom
changes, ignores the location of a search hit (the hit can stay below the fold),
and cannot draw the expert's note markers. This view:

* lays pages out with the size of page 1 for every page not measured yet, measures
  the visible ones at once and the rest in idle slices of a few milliseconds, and
  re-lays out (keeping the reading position) only when a size differs;
* renders the page at the reading position synchronously on the first paint of a
  document (the user waits exactly as long as a bare render would take), everything
  else on a :class:`QPdfPageRenderer` thread, at most :data:`MAX_IN_FLIGHT` requests
  at a time so that a fling through 1,000 pages does not queue 1,000 renders;
* keeps the page under the top of the window in place across resizes and zooms;
* draws search hits (rectangles in page points, supplied by the caller), the current
  hit, and a marker on pages that carry private notes.

Pages are 0-based. "Zoom 1.0" means actual size (1 pt = 1/72 inch on screen).
"""

from __future__ import annotations

import bisect
import enum
import itertools
import math
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, QSize, QSizeF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QHelpEvent,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions, QPdfPageRenderer
from PySide6.QtWidgets import QAbstractScrollArea, QToolTip, QWidget


class ZoomMode(enum.Enum):
    """How the page scale is chosen."""

    FIT_WIDTH = "fit-width"
    FIT_PAGE = "fit-page"
    CUSTOM = "custom"


#: Steps of zoom in / zoom out (factors of actual size).
ZOOM_STEPS: tuple[float, ...] = (0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0)
MIN_ZOOM = ZOOM_STEPS[0]
MAX_ZOOM = ZOOM_STEPS[-1]
#: Space around the document and between pages, in pixels.
MARGIN = 12
SPACING = 12
#: Renders requested from the background thread and not yet delivered.
MAX_IN_FLIGHT = 3
#: Rendered page images kept, in bytes (a fit-width A4 page at 1,000 px is 5.6 MB): about
#: a dozen pages, enough to scroll back and forth without re-rendering, and it keeps the
#: app under 400 MB with a provincial round open (at 192 MB the peak was 427 MB).
CACHE_BYTES = 64 * 1024 * 1024
#: Larger page images are rendered at this many pixels and scaled up (memory guard at 400 %).
MAX_IMAGE_PIXELS = 24_000_000
#: Pages whose size PDFium reports as degenerate are shown as A4.
FALLBACK_PAGE = QSizeF(595.0, 842.0)
#: Idle time spent measuring page sizes per event-loop turn, in seconds.
SIZE_SLICE_S = 0.004

BACKGROUND = QColor("#d5d8dc")
PAGE_BORDER = QColor("#a9aeb5")
HIT_FILL = QColor(255, 214, 0, 90)
CURRENT_HIT_FILL = QColor(255, 140, 0, 110)
CURRENT_HIT_PEN = QColor("#e65100")
NOTE_FILL = QColor("#ffd54f")
NOTE_EDGE = QColor("#c79a00")
NOTE_SIZE = 18


class PdfPageView(QAbstractScrollArea):
    """Shows every page of one document in a vertical strip.

    Signals:
        currentPageChanged(int): the page the reader is on changed (scrolling or
            :meth:`go_to`).
        zoomChanged(): the zoom mode or the effective zoom factor changed.
        pageRendered(int): a page image arrived from the render thread.
        firstPagePainted(): the first paint of the current document that showed a
            page has finished (once per :meth:`set_document`).
        noteMarkerClicked(int): the note marker of a page was clicked.
    """

    currentPageChanged = Signal(int)
    zoomChanged = Signal()
    pageRendered = Signal(int)
    firstPagePainted = Signal()
    noteMarkerClicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFrameShape(QAbstractScrollArea.Shape.NoFrame)
        self.verticalScrollBar().setSingleStep(48)
        self.horizontalScrollBar().setSingleStep(48)
        self.viewport().setMouseTracking(True)

        self._doc: QPdfDocument | None = None
        self._renderer: QPdfPageRenderer | None = None
        self._sizes: list[QSizeF] = []
        self._measured = bytearray()
        self._next_to_measure = 0
        self._tops: list[int] = []
        self._bottoms: list[int] = []
        self._widths: list[int] = []
        self._heights: list[int] = []
        self._content_width = 0
        self._content_height = 0
        self._mode = ZoomMode.FIT_WIDTH
        self._factor = 1.0
        self._last_effective = 0.0
        self._page = 0
        self._programmatic = 0
        self._first_paint_pending = False
        self._relayout_pending = False
        #: page -> (requested device size, image); an image that is null marks a failed render.
        self._cache: OrderedDict[int, tuple[QSize, QImage]] = OrderedDict()
        self._cache_bytes = 0
        self._in_flight: dict[int, QSize] = {}
        self._hits: Callable[[int], Sequence[QRectF]] | None = None
        self._current_hit: tuple[int, list[QRectF]] | None = None
        self._notes: dict[int, int] = {}
        self._note_tooltip: Callable[[int, int], str] = lambda page, count: ""

        self._measure_timer = QTimer(self)
        self._measure_timer.setInterval(0)
        self._measure_timer.timeout.connect(self._measure_some)

    # --- document ----------------------------------------------------------------------------

    def set_document(self, document: QPdfDocument | None, page: int = 0, zoom: str = ZoomMode.FIT_WIDTH.value) -> None:
        """Show ``document`` (which must be loaded: status Ready) at ``page`` and ``zoom``.

        ``zoom`` is a stored zoom string (see :meth:`zoom_spec`). Passing None clears
        the view. The previous document's render thread is detached before this
        returns, so the caller may delete the previous document afterwards.
        """
        self._detach_renderer()
        self._measure_timer.stop()
        self._cache.clear()
        self._cache_bytes = 0
        self._in_flight.clear()
        self._current_hit = None
        self._hits = None
        self._notes = {}
        self._doc = None
        self._sizes = []
        self._measured = bytearray()
        self._next_to_measure = 0
        usable = (document is not None and document.status() == QPdfDocument.Status.Ready
                  and document.pageCount() > 0)
        if usable:
            assert document is not None
            self._doc = document
            count = document.pageCount()
            first = self._page_size(0)
            self._sizes = [first] * count
            self._measured = bytearray(count)
            self._measured[0] = 1
            self._next_to_measure = 1
            self._page = min(max(0, page), count - 1)
            self._measure(self._page)
            self._apply_zoom_spec(zoom)
            self._renderer = QPdfPageRenderer(self)
            self._renderer.setRenderMode(QPdfPageRenderer.RenderMode.MultiThreaded)
            self._renderer.setDocument(document)
            self._renderer.pageRendered.connect(self._on_page_rendered)
            self._first_paint_pending = True
        else:
            self._page = 0
            self._first_paint_pending = False
        self._relayout(keep_anchor=False)
        if self._doc is not None:
            self._scroll_to(self._page, None)
        self.viewport().update()
        self.currentPageChanged.emit(self._page)
        self.zoomChanged.emit()

    def document(self) -> QPdfDocument | None:
        return self._doc

    def page_count(self) -> int:
        return len(self._sizes)

    def _detach_renderer(self) -> None:
        renderer, self._renderer = self._renderer, None
        if renderer is None:
            return
        renderer.pageRendered.disconnect(self._on_page_rendered)
        # Waits for a render in progress (the worker holds its mutex while rendering),
        # after which the worker can no longer touch the old document.
        renderer.setDocument(None)
        renderer.deleteLater()

    def _page_size(self, page: int) -> QSizeF:
        assert self._doc is not None
        size = self._doc.pagePointSize(page)
        if not (size.width() >= 1 and size.height() >= 1 and math.isfinite(size.width() + size.height())):
            return QSizeF(FALLBACK_PAGE)
        return size

    def _measure(self, page: int) -> bool:
        """Measure ``page`` if not done yet; True if its size differs from the guess."""
        if self._doc is None or self._measured[page]:
            return False
        self._measured[page] = 1
        size = self._page_size(page)
        if size != self._sizes[page]:
            self._sizes[page] = size
            return True
        return False

    def _measure_some(self) -> None:
        """Measure page sizes in the background, a few milliseconds per event-loop turn."""
        if self._doc is None:
            self._measure_timer.stop()
            return
        deadline = time.perf_counter() + SIZE_SLICE_S
        changed = False
        count = len(self._sizes)
        while self._next_to_measure < count and time.perf_counter() < deadline:
            changed |= self._measure(self._next_to_measure)
            self._next_to_measure += 1
        if self._next_to_measure >= count:
            self._measure_timer.stop()
        if changed:
            self._relayout(keep_anchor=True)

    # --- zoom --------------------------------------------------------------------------------

    def zoom_mode(self) -> ZoomMode:
        return self._mode

    def _dpi_scale(self) -> float:
        return max(self.logicalDpiX(), 1) / 72.0

    def _scale(self, page: int) -> float:
        """Pixels per point for ``page`` in the current mode and window size."""
        size = self._sizes[page]
        width = max(60, self.viewport().width() - 2 * MARGIN)
        if self._mode is ZoomMode.FIT_WIDTH:
            return width / size.width()
        if self._mode is ZoomMode.FIT_PAGE:
            height = max(60, self.viewport().height() - 2 * MARGIN)
            return min(width / size.width(), height / size.height())
        return self._factor * self._dpi_scale()

    def zoom_factor(self) -> float:
        """The effective zoom of the current page (1.0 = actual size), whatever the mode."""
        if not self._sizes:
            return self._factor
        return self._scale(self._page) / self._dpi_scale()

    def zoom_spec(self) -> str:
        """The zoom as stored by :mod:`reviewer.reading`: ``fit-width``, ``fit-page`` or ``1.25``."""
        if self._mode is ZoomMode.CUSTOM:
            return f"{self._factor:.2f}".rstrip("0").rstrip(".")
        return self._mode.value

    def _apply_zoom_spec(self, spec: str) -> None:
        if spec == ZoomMode.FIT_PAGE.value:
            self._mode = ZoomMode.FIT_PAGE
        elif spec == ZoomMode.FIT_WIDTH.value:
            self._mode = ZoomMode.FIT_WIDTH
        else:
            try:
                factor = float(spec)
            except ValueError:
                self._mode = ZoomMode.FIT_WIDTH
                return
            if not math.isfinite(factor):
                self._mode = ZoomMode.FIT_WIDTH
                return
            self._mode = ZoomMode.CUSTOM
            self._factor = min(MAX_ZOOM, max(MIN_ZOOM, factor))

    def set_zoom_spec(self, spec: str) -> None:
        self._apply_zoom_spec(spec)
        self._relayout(keep_anchor=True)
        self.zoomChanged.emit()

    def set_zoom_mode(self, mode: ZoomMode) -> None:
        if mode is ZoomMode.CUSTOM:
            self.set_zoom_factor(self.zoom_factor())
            return
        self._mode = mode
        self._relayout(keep_anchor=True)
        self.zoomChanged.emit()

    def set_zoom_factor(self, factor: float) -> None:
        """Zoom to ``factor`` of actual size (clamped to 25 %–400 %)."""
        self._mode = ZoomMode.CUSTOM
        self._factor = min(MAX_ZOOM, max(MIN_ZOOM, factor))
        self._relayout(keep_anchor=True)
        self.zoomChanged.emit()

    def zoom_in(self) -> None:
        current = self.zoom_factor()
        self.set_zoom_factor(next((s for s in ZOOM_STEPS if s > current * 1.01), MAX_ZOOM))

    def zoom_out(self) -> None:
        current = self.zoom_factor()
        self.set_zoom_factor(next((s for s in reversed(ZOOM_STEPS) if s < current / 1.01), MIN_ZOOM))

    # --- layout ------------------------------------------------------------------------------

    def _anchor(self) -> tuple[int, float, float] | None:
        """The page at the top of the window, how far into it, and the horizontal centre."""
        if not self._tops:
            return None
        y = self.verticalScrollBar().value()
        page = min(bisect.bisect_right(self._bottoms, y), len(self._tops) - 1)
        fraction = (y - self._tops[page]) / max(1, self._heights[page])
        width = max(1, max(self._content_width, self.viewport().width()))
        centre = (self.horizontalScrollBar().value() + self.viewport().width() / 2) / width
        return page, fraction, centre

    def _relayout(self, keep_anchor: bool) -> None:
        anchor = self._anchor() if keep_anchor else None
        count = len(self._sizes)
        widths: list[int] = []
        heights: list[int] = []
        # Dossiers have one or two page sizes: compute each once (1,000 pages lay out in < 1 ms).
        dims: dict[tuple[float, float], tuple[int, int]] = {}
        for page in range(count):
            size = self._sizes[page]
            key = (size.width(), size.height())
            dim = dims.get(key)
            if dim is None:
                scale = self._scale(page)
                dim = dims[key] = (max(1, round(key[0] * scale)), max(1, round(key[1] * scale)))
            widths.append(dim[0])
            heights.append(dim[1])
        self._widths = widths
        self._heights = heights
        tops = list(itertools.accumulate((h + SPACING for h in heights[:-1]), initial=MARGIN)) if count else []
        self._tops = tops
        self._bottoms = [top + h for top, h in zip(tops, heights)]
        self._content_height = (self._bottoms[-1] + MARGIN) if count else 0
        self._content_width = (max(widths) + 2 * MARGIN) if count else 0
        self._programmatic += 1
        try:
            vbar, hbar = self.verticalScrollBar(), self.horizontalScrollBar()
            viewport = self.viewport().size()
            vbar.setRange(0, max(0, self._content_height - viewport.height()))
            vbar.setPageStep(max(1, viewport.height() - 48))
            hbar.setRange(0, max(0, self._content_width - viewport.width()))
            hbar.setPageStep(max(1, viewport.width()))
            if anchor is not None and count:
                page, fraction, centre = anchor
                page = min(page, count - 1)
                vbar.setValue(round(self._tops[page] + fraction * self._heights[page]))
                width = max(self._content_width, viewport.width())
                hbar.setValue(round(centre * width - viewport.width() / 2))
        finally:
            self._programmatic -= 1
        effective = round(self.zoom_factor(), 4)
        if effective != self._last_effective:
            self._last_effective = effective
            self.zoomChanged.emit()
        self.viewport().update()

    def page_rect(self, page: int) -> QRect:
        """Where ``page`` is drawn, in viewport coordinates."""
        x = (max(self._content_width, self.viewport().width()) - self._widths[page]) // 2
        return QRect(x - self.horizontalScrollBar().value(), self._tops[page] - self.verticalScrollBar().value(),
                     self._widths[page], self._heights[page])

    def visible_pages(self) -> range:
        if not self._tops:
            return range(0)
        y = self.verticalScrollBar().value()
        first = min(bisect.bisect_right(self._bottoms, y), len(self._tops) - 1)
        last = max(first, bisect.bisect_left(self._tops, y + self.viewport().height()) - 1)
        return range(first, min(last, len(self._tops) - 1) + 1)

    # --- navigation --------------------------------------------------------------------------

    def current_page(self) -> int:
        return self._page

    def _set_page(self, page: int) -> None:
        if page != self._page:
            self._page = page
            self.currentPageChanged.emit(page)

    def go_to(self, page: int, y: float | None = None) -> None:
        """Show ``page`` (clamped) at the top of the window, or with point ``y`` of it in view."""
        if not self._sizes:
            return
        page = min(max(0, page), len(self._sizes) - 1)
        if self._measure(page):
            self._relayout(keep_anchor=True)
        self._set_page(page)
        self._scroll_to(page, y)

    def _scroll_to(self, page: int, y: float | None) -> None:
        if y is None or not math.isfinite(y):
            target = 0 if page == 0 else self._tops[page] - SPACING // 2
        else:
            offset = min(max(0.0, y), self._sizes[page].height()) * self._scale(page)
            if offset < self.viewport().height() * 0.6:
                target = 0 if page == 0 else self._tops[page] - SPACING // 2
            else:
                target = round(self._tops[page] + offset - self.viewport().height() * 0.3)
        self._programmatic += 1
        try:
            self.verticalScrollBar().setValue(target)
        finally:
            self._programmatic -= 1
        self.viewport().update()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        self.viewport().update()
        if not self._programmatic:
            self._follow_scroll()

    def _follow_scroll(self) -> None:
        """After the reader scrolled: the current page is the one filling most of the window."""
        best, best_area = self._page, -1
        window = self.viewport().rect()
        for page in self.visible_pages():
            visible = self.page_rect(page).intersected(window)
            area = visible.width() * visible.height() if not visible.isEmpty() else 0
            if area > best_area:
                best, best_area = page, area
        self._set_page(best)

    # --- search hits and notes ------------------------------------------------------------------

    def set_search_hits(self, hits: Callable[[int], Sequence[QRectF]] | None) -> None:
        """``hits(page)`` gives the rectangles (in page points) to highlight; None clears them.

        The function is called while painting, so it must only look up results that are
        already known (never search).
        """
        self._hits = hits
        if hits is None:
            self._current_hit = None
        self.viewport().update()

    def set_current_hit(self, page: int | None, rects: Sequence[QRectF] = ()) -> None:
        self._current_hit = None if page is None else (page, list(rects))
        self.viewport().update()

    def set_note_pages(self, counts: dict[int, int], tooltip: Callable[[int, int], str] | None = None) -> None:
        """Pages carrying private notes (page -> number of notes) get a marker."""
        self._notes = dict(counts)
        if tooltip is not None:
            self._note_tooltip = tooltip
        self.viewport().update()

    def _note_rect(self, page: int) -> QRect:
        rect = self.page_rect(page)
        return QRect(rect.right() - NOTE_SIZE - 8, rect.top() + 8, NOTE_SIZE, NOTE_SIZE)

    def _note_at(self, pos: QPoint) -> int | None:
        for page in self.visible_pages():
            if page in self._notes and self._note_rect(page).contains(pos):
                return page
        return None

    # --- rendering ---------------------------------------------------------------------------

    def _wanted_size(self, page: int) -> QSize:
        ratio = self.devicePixelRatioF()
        width, height = self._widths[page] * ratio, self._heights[page] * ratio
        if width * height > MAX_IMAGE_PIXELS:
            shrink = math.sqrt(MAX_IMAGE_PIXELS / (width * height))
            width, height = width * shrink, height * shrink
        return QSize(max(1, round(width)), max(1, round(height)))

    def _store(self, page: int, size: QSize, image: QImage) -> None:
        old = self._cache.pop(page, None)
        if old is not None:
            self._cache_bytes -= old[1].sizeInBytes()
        self._cache[page] = (size, image)
        self._cache_bytes += image.sizeInBytes()
        visible = set(self.visible_pages())
        for victim in list(self._cache):
            if self._cache_bytes <= CACHE_BYTES:
                break
            if victim not in visible:
                self._cache_bytes -= self._cache.pop(victim)[1].sizeInBytes()

    def _request(self, page: int, size: QSize) -> None:
        if self._renderer is None or self._in_flight.get(page) == size:
            return
        if len(self._in_flight) >= MAX_IN_FLIGHT:
            return
        self._in_flight[page] = size
        self._renderer.requestPage(page, size, QPdfDocumentRenderOptions())

    def _on_page_rendered(self, page: int, size: QSize, image: QImage,
                          options: QPdfDocumentRenderOptions, request_id: int) -> None:
        if self._in_flight.get(page) == size:
            del self._in_flight[page]
        if 0 <= page < len(self._sizes):
            self._store(page, size, image)
            self.viewport().update()
            self.pageRendered.emit(page)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        painter.fillRect(event.rect(), BACKGROUND)
        if self._doc is None or not self._tops:
            return
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painted_page = False
        resized = False
        pages = self.visible_pages()
        for page in pages:
            resized |= self._measure(page)
        if resized:
            # Real sizes differ from the guess: lay out again and paint the corrected layout.
            self._relayout(keep_anchor=True)
            pages = self.visible_pages()
        for page in pages:
            rect = self.page_rect(page)
            if not rect.intersects(event.rect()):
                continue
            painter.fillRect(rect.adjusted(1, 1, 2, 2), QColor(0, 0, 0, 40))
            painter.fillRect(rect, Qt.GlobalColor.white)
            wanted = self._wanted_size(page)
            cached = self._cache.get(page)
            if cached is not None:
                self._cache.move_to_end(page)
            if (cached is None or cached[0] != wanted) and self._first_paint_pending and page == self._page:
                # The page the reader opens at is rendered here, at once: the first
                # paint costs what a bare render costs and never shows a blank page.
                assert self._doc is not None
                self._store(page, wanted, self._doc.render(page, wanted, QPdfDocumentRenderOptions()))
                cached = self._cache[page]
            elif cached is None or cached[0] != wanted:
                self._request(page, wanted)
            if cached is not None and not cached[1].isNull():
                image = cached[1]
                if image.size() == rect.size() and image.devicePixelRatio() == 1.0:
                    painter.drawImage(rect.topLeft(), image)
                else:
                    painter.drawImage(QRectF(rect), image)
            elif cached is not None:
                painter.setPen(QColor("#9e9e9e"))
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, "⚠")
            painter.setPen(PAGE_BORDER)
            painter.drawRect(rect.adjusted(0, 0, -1, -1))
            self._paint_hits(painter, page, rect)
            if page in self._notes:
                self._paint_note_marker(painter, self._note_rect(page))
            painted_page = True
        if not self._first_paint_pending:
            self._prefetch(pages)
        painter.end()
        if painted_page and self._first_paint_pending:
            self._first_paint_pending = False
            if self._next_to_measure < len(self._sizes):
                self._measure_timer.start()
            self.firstPagePainted.emit()

    def _prefetch(self, pages: range) -> None:
        """Ask for the page after the window once the visible ones are under way."""
        if not pages or self._in_flight:
            return
        nxt = pages.stop
        if nxt < len(self._sizes):
            wanted = self._wanted_size(nxt)
            cached = self._cache.get(nxt)
            if cached is None or cached[0] != wanted:
                self._request(nxt, wanted)

    def _paint_hits(self, painter: QPainter, page: int, rect: QRect) -> None:
        if self._hits is None:
            return
        scale = rect.width() / self._sizes[page].width()
        origin = QPointF(rect.topLeft())

        def to_view(r: QRectF) -> QRectF:
            return QRectF(origin.x() + r.x() * scale, origin.y() + r.y() * scale, r.width() * scale, r.height() * scale)

        for hit in self._hits(page):
            painter.fillRect(to_view(hit), HIT_FILL)
        if self._current_hit is not None and self._current_hit[0] == page:
            painter.setPen(QPen(CURRENT_HIT_PEN, 2))
            for hit in self._current_hit[1]:
                area = to_view(hit).adjusted(-2, -2, 2, 2)
                painter.fillRect(area, CURRENT_HIT_FILL)
                painter.drawRect(area)

    @staticmethod
    def _paint_note_marker(painter: QPainter, rect: QRect) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(NOTE_EDGE, 1))
        painter.setBrush(NOTE_FILL)
        painter.drawRoundedRect(QRectF(rect), 3, 3)
        painter.setPen(QPen(NOTE_EDGE, 1.5))
        for i in range(3):
            y = rect.top() + 5 + i * 4
            painter.drawLine(rect.left() + 4, y, rect.right() - 4 - (4 if i == 2 else 0), y)
        painter.restore()

    # --- events ------------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._relayout(keep_anchor=True)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y()
            if steps > 0:
                self.zoom_in()
            elif steps < 0:
                self.zoom_out()
            event.accept()
            return
        super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space:
            bar = self.verticalScrollBar()
            step = -bar.pageStep() if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else bar.pageStep()
            bar.setValue(bar.value() + step)
            event.accept()
            return
        super().keyPressEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            page = self._note_at(event.pos())
            if page is not None:
                QToolTip.showText(event.globalPos(), self._note_tooltip(page, self._notes[page]), self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            page = self._note_at(event.position().toPoint())
            if page is not None:
                self.noteMarkerClicked.emit(page)
                event.accept()
                return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        over = self._note_at(event.position().toPoint()) is not None
        self.viewport().setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor)
        super().mouseMoveEvent(event)

    def shutdown(self) -> None:
        """Stop the render thread before the documents go away (the owner calls this)."""
        self._measure_timer.stop()
        self._detach_renderer()
