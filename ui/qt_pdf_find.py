"""Find-in-text over a whole document, without freezing the window.

:class:`QPdfSearchModel` finds text with PDFium (Chinese included), but left to
itself it searches one page per 100 ms timer tick: 100 s for a 1,000-page
dossier. It also searches synchronously whenever a result is looked up by
index. So the model is used only as the search engine: this class drives it
page by page (``updatePage``) in slices of a few milliseconds per event-loop
turn, starting at the page being read and wrapping around, and keeps the hits
of every searched page itself, so that painting and hit navigation never search.

A new model is made for every search string; the old one is deleted (its
internal timer dies with it).
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QRectF, QTimer, Signal
from PySide6.QtPdf import QPdfDocument, QPdfLink, QPdfSearchModel

#: Time spent searching per event-loop turn, in seconds (about 10 pages of text).
SLICE_S = 0.02


class DocumentSearch(QObject):
    """The hits of one search string in one document.

    Signals:
        progressed(): more pages were searched (hits may have been added).
        finished(int): every page was searched; the total number of hits.
    """

    progressed = Signal()
    finished = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._model: QPdfSearchModel | None = None
        self._doc: QPdfDocument | None = None
        self._text = ""
        self._hits: list[list[QPdfLink] | None] = []
        self._order: list[int] = []
        self._position = 0
        self._total = 0
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._step)

    def text(self) -> str:
        return self._text

    def document(self) -> QPdfDocument | None:
        return self._doc

    def start(self, document: QPdfDocument | None, text: str, from_page: int = 0) -> None:
        """Search ``document`` for ``text``, from ``from_page`` to the end, then from the start."""
        self.clear()
        if document is None or not text or document.pageCount() <= 0:
            return
        self._doc = document
        self._text = text
        count = document.pageCount()
        from_page = min(max(0, from_page), count - 1)
        self._model = QPdfSearchModel(self)
        self._model.setDocument(document)
        self._model.setSearchString(text)
        self._hits = [None] * count
        self._order = list(range(from_page, count)) + list(range(from_page))
        self._timer.start()

    def clear(self) -> None:
        """Forget the search (and stop it). Call before the document is deleted."""
        self._timer.stop()
        if self._model is not None:
            # Deleted before any document the caller deletes after this call (deferred
            # deletions run in order), which also kills the model's own search timer.
            self._model.deleteLater()
            self._model = None
        self._doc = None
        self._text = ""
        self._hits = []
        self._order = []
        self._position = 0
        self._total = 0

    def _step(self) -> None:
        if self._model is None:
            self._timer.stop()
            return
        deadline = time.perf_counter() + SLICE_S
        while self._position < len(self._order) and time.perf_counter() < deadline:
            page = self._order[self._position]
            self._model.updatePage(page)
            links = [link for link in self._model.resultsOnPage(page) if link.rectangles()]
            self._hits[page] = links
            self._total += len(links)
            self._position += 1
        self.progressed.emit()
        if self._position >= len(self._order):
            self._timer.stop()
            self.finished.emit(self._total)

    # --- results -----------------------------------------------------------------------------

    def is_active(self) -> bool:
        return self._model is not None

    def is_done(self) -> bool:
        return self._model is not None and self._position >= len(self._order)

    def total(self) -> int:
        """Hits found so far (all of them once :meth:`is_done`)."""
        return self._total

    def hits_on(self, page: int) -> list[QPdfLink]:
        """The hits on ``page`` if it has been searched, else none (never searches)."""
        if 0 <= page < len(self._hits):
            return self._hits[page] or []
        return []

    def rects_on(self, page: int) -> list[QRectF]:
        return [rect for link in self.hits_on(page) for rect in link.rectangles()]

    def link(self, page: int, index: int) -> QPdfLink | None:
        hits = self.hits_on(page)
        return hits[index] if 0 <= index < len(hits) else None

    def next_hit(self, page: int, index: int, backward: bool = False) -> tuple[int, int] | None:
        """The hit after (or before) hit ``index`` of ``page`` among searched pages, wrapping.

        ``index`` -1 means "from the top of ``page``" going forward, and
        ``len(hits)`` "from its bottom" going backward.
        """
        count = len(self._hits)
        if not count or self._total == 0:
            return None
        here = self.hits_on(page)
        if not backward and index + 1 < len(here):
            return page, index + 1
        if backward and 0 < index <= len(here):
            return page, index - 1
        step = -1 if backward else 1
        for offset in range(1, count + 1):
            other = (page + step * offset) % count
            hits = self.hits_on(other)
            if hits:
                return (other, len(hits) - 1) if backward else (other, 0)
        return None

    def ordinal(self, page: int, index: int) -> int | None:
        """1-based number of a hit among all hits; None until the pages before it are searched."""
        if not 0 <= page < len(self._hits) or any(h is None for h in self._hits[:page]):
            return None
        return sum(len(h or []) for h in self._hits[:page]) + index + 1
