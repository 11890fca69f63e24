"""The outline (table of contents) of a PDF, read safely, as an item model.

Why not :class:`QPdfBookmarkModel`: in Qt 6.11 it walks the outline recursively
without remembering where it has been, so an outline whose entries point back at
an ancestor (``qpdf__outlines-with-loop.pdf`` in the test corpus) recurses until
the stack overflows and the whole application crashes; it also logs a warning
with uninitialised numbers for every entry whose destination is not /XYZ. Here
the outline is read with pypdfium2, which stops at a repeated entry, within
limits on depth and size, and held in a :class:`QStandardItemModel`.

pypdfium2 carries its own copy of PDFium, separate from the one inside QtPdf
(libQt6Pdf exports no PDFium symbol), and is only used here on the GUI thread.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QModelIndex, QObject, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel

log = logging.getLogger(__name__)

#: Deeper levels are not shown (a real table of contents has three or four).
MAX_DEPTH = 12
#: Entries beyond this are not shown (a hostile outline can be endless).
MAX_ENTRIES = 5_000
#: Item data roles of the model.
PAGE_ROLE = Qt.ItemDataRole.UserRole + 1
TOP_ROLE = Qt.ItemDataRole.UserRole + 2
#: PDFium's PDFDEST_VIEW_* modes whose first parameter is (or includes) the top of the view.
_XYZ, _FITH, _FITBH = 1, 2, 6


@dataclass(frozen=True)
class OutlineEntry:
    """One line of the outline. ``top`` is in points from the top of the page, if the file says."""

    level: int
    title: str
    page: int | None
    top: float | None


def read_outline(path: Path, password: str | None = None) -> list[OutlineEntry]:
    """The outline of ``path`` in document order; empty if it has none or it cannot be read."""
    import pypdfium2 as pdfium  # here, not at start-up (60 ms of it)

    entries: list[OutlineEntry] = []
    try:
        document = pdfium.PdfDocument(str(path), password=password)
    except (pdfium.PdfiumError, OSError) as exc:
        log.info("no outline for %s: %s", path, exc)
        return entries
    try:
        for bookmark in document.get_toc(max_depth=MAX_DEPTH):
            if len(entries) >= MAX_ENTRIES:
                break
            title = " ".join((bookmark.get_title() or "").split()) or "…"
            page: int | None = None
            top: float | None = None
            dest = bookmark.get_dest()
            if dest is not None:
                index = dest.get_index()
                page = index if isinstance(index, int) and 0 <= index < len(document) else None
                mode, position = dest.get_view()
                height = document.get_page_size(page)[1] if page is not None and position else None
                if height is not None and position:
                    y = position[1] if mode == _XYZ and len(position) >= 2 else (
                        position[0] if mode in (_FITH, _FITBH) else None)
                    if y is not None and math.isfinite(y) and 0 < y <= height + 1:
                        top = max(0.0, height - y)
            entries.append(OutlineEntry(bookmark.level, title, page, top))
    except pdfium.PdfiumError as exc:
        log.info("outline of %s cut short: %s", path, exc)
    finally:
        document.close()
    return entries


class OutlineModel(QStandardItemModel):
    """The outline as a tree; each item carries its page (:data:`PAGE_ROLE`) and top (:data:`TOP_ROLE`)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._by_page: list[tuple[int, QStandardItem]] = []

    def set_entries(self, entries: list[OutlineEntry]) -> None:
        self.clear()
        self._by_page = []
        parents: list[QStandardItem] = [self.invisibleRootItem()]
        for entry in entries:
            item = QStandardItem(entry.title)
            item.setEditable(False)
            item.setToolTip(entry.title)
            item.setData(entry.page, PAGE_ROLE)
            item.setData(entry.top, TOP_ROLE)
            level = min(entry.level, len(parents) - 1)
            del parents[level + 1:]
            parents[level].appendRow(item)
            parents.append(item)
            if entry.page is not None:
                self._by_page.append((entry.page, item))

    def section_of(self, page: int) -> QModelIndex:
        """The last entry, in document order, that starts on or before ``page`` (the section being read)."""
        found: QStandardItem | None = None
        for start, item in self._by_page:
            if start <= page and (found is None or start >= found.data(PAGE_ROLE)):
                found = item
        return found.index() if found is not None else QModelIndex()
