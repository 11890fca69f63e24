"""Page thumbnails rendered lazily: only the ones in view, never all pages up front.

A 1,000-page dossier has 1,000 rows, but the model only hands out a shared
placeholder until a page has been rendered. The view works out which rows are
on screen after every scroll or resize (coalesced by a short timer) and asks its
own :class:`QPdfPageRenderer` thread for those, a few at a time. Rendered images
are kept for :data:`CACHE_PAGES` pages; the farthest from the view are dropped.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPixmap, QResizeEvent, QShowEvent
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions, QPdfPageRenderer
from PySide6.QtWidgets import QAbstractItemView, QListView, QStyledItemDelegate, QStyleOptionViewItem, QWidget

#: Size of the page picture of a thumbnail (A4 proportions), in logical pixels.
THUMB_SIZE = QSize(104, 147)
#: Rows rendered beyond the visible ones, above and below, so short scrolls find them ready.
MARGIN_ROWS = 2
#: Thumbnails requested from the render thread and not yet delivered.
MAX_IN_FLIGHT = 4
#: Rendered thumbnails kept in memory (about 60 kB each).
CACHE_PAGES = 300

_AnyIndex = QModelIndex | QPersistentModelIndex


class ThumbnailModel(QAbstractListModel):
    """One row per page: the page number, and its picture once rendered."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._count = 0
        self._icons: dict[int, QIcon] = {}
        self._placeholder = self._icon(None)

    def rowCount(self, parent: _AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._count

    def data(self, index: _AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < self._count:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return str(index.row() + 1)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icons.get(index.row(), self._placeholder)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("Page {page}").format(page=index.row() + 1)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        return None

    def reset(self, count: int) -> None:
        self.beginResetModel()
        self._count = count
        self._icons.clear()
        self.endResetModel()

    def has_picture(self, page: int) -> bool:
        return page in self._icons

    def pictures(self) -> list[int]:
        return list(self._icons)

    def set_picture(self, page: int, image: QImage | None) -> None:
        if not 0 <= page < self._count:
            return
        self._icons[page] = self._icon(image)
        index = self.index(page, 0)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

    def drop_picture(self, page: int) -> None:
        if self._icons.pop(page, None) is not None:
            index = self.index(page, 0)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

    @classmethod
    def _icon(cls, image: QImage | None) -> QIcon:
        """The same picture in every mode: a selected page is framed by the view, not tinted."""
        pixmap = cls._frame(image)
        result = QIcon()
        for mode in (QIcon.Mode.Normal, QIcon.Mode.Selected, QIcon.Mode.Active):
            result.addPixmap(pixmap, mode)
        return result

    @staticmethod
    def _frame(image: QImage | None) -> QPixmap:
        """The page picture centred on a uniform canvas, so every row has the same size."""
        canvas = QPixmap(THUMB_SIZE)
        canvas.fill(Qt.GlobalColor.transparent)
        painter = QPainter(canvas)
        if image is None or image.isNull():
            size = QSize(THUMB_SIZE.width() - 2, THUMB_SIZE.height() - 2)
            target = (QPoint(1, 1), size)
            painter.fillRect(1, 1, size.width(), size.height(), QColor("#f4f5f6"))
        else:
            size = image.size().scaled(THUMB_SIZE - QSize(2, 2), Qt.AspectRatioMode.KeepAspectRatio)
            origin = QPoint((THUMB_SIZE.width() - size.width()) // 2, (THUMB_SIZE.height() - size.height()) // 2)
            target = (origin, size)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.fillRect(origin.x(), origin.y(), size.width(), size.height(), Qt.GlobalColor.white)
            painter.drawImage(origin.x(), origin.y(), image.scaled(size, Qt.AspectRatioMode.IgnoreAspectRatio,
                                                                     Qt.TransformationMode.SmoothTransformation))
        painter.setPen(QColor("#a9aeb5"))
        painter.drawRect(target[0].x() - 1, target[0].y() - 1, target[1].width() + 1, target[1].height() + 1)
        painter.end()
        return canvas


class _CentredDelegate(QStyledItemDelegate):
    """Items as wide as the view, so the picture is centred (IconMode left-aligns narrow items)."""

    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self._view = view

    def sizeHint(self, option: QStyleOptionViewItem, index: _AnyIndex) -> QSize:
        return QSize(max(THUMB_SIZE.width() + 8, self._view.gridSize().width() - 6), THUMB_SIZE.height() + 26)


class ThumbnailView(QListView):
    """The thumbnail strip. Renders only what is on screen, after :meth:`start`.

    Signals:
        pageActivated(int): the reader clicked a thumbnail.
    """

    pageActivated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.TopToBottom)
        self.setWrapping(False)
        self.setMovement(QListView.Movement.Static)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setUniformItemSizes(True)
        self.setIconSize(THUMB_SIZE)
        self.setGridSize(QSize(THUMB_SIZE.width() + 28, THUMB_SIZE.height() + 30))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.verticalScrollBar().setSingleStep(40)
        self.setItemDelegate(_CentredDelegate(self))
        self._model = ThumbnailModel(self)
        self.setModel(self._model)
        self._doc: QPdfDocument | None = None
        self._renderer: QPdfPageRenderer | None = None
        self._in_flight: set[int] = set()
        self._started = False
        #: Every page a picture was requested for since the last :meth:`set_document` (tests read it).
        self.requested: set[int] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(30)
        self._timer.timeout.connect(self._render_visible)
        self.verticalScrollBar().valueChanged.connect(self._schedule)
        self.clicked.connect(lambda index: self.pageActivated.emit(index.row()))
        self.activated.connect(lambda index: self.pageActivated.emit(index.row()))

    def thumbnail_model(self) -> ThumbnailModel:
        return self._model

    def set_document(self, document: QPdfDocument | None) -> None:
        """Show the pages of ``document`` (loaded, or None). Renders nothing until :meth:`start`."""
        self._detach_renderer()
        self._in_flight.clear()
        self.requested = set()
        self._started = False
        ready = document is not None and document.status() == QPdfDocument.Status.Ready
        self._doc = document if ready else None
        self._model.reset(document.pageCount() if ready and document is not None else 0)
        if self._doc is not None:
            self._renderer = QPdfPageRenderer(self)
            self._renderer.setRenderMode(QPdfPageRenderer.RenderMode.MultiThreaded)
            self._renderer.setDocument(self._doc)
            self._renderer.pageRendered.connect(self._on_rendered)

    def start(self) -> None:
        """Begin rendering (the viewer calls this once the main page is on screen)."""
        self._started = True
        self._schedule()

    def shutdown(self) -> None:
        self._timer.stop()
        self._detach_renderer()

    def _detach_renderer(self) -> None:
        renderer, self._renderer = self._renderer, None
        if renderer is None:
            return
        renderer.pageRendered.disconnect(self._on_rendered)
        renderer.setDocument(None)
        renderer.deleteLater()

    def set_current_page(self, page: int) -> None:
        """Select ``page`` and scroll it into view, without emitting :attr:`pageActivated`."""
        if not 0 <= page < self._model.rowCount():
            return
        index = self._model.index(page, 0)
        blocked = self.blockSignals(True)
        try:
            self.setCurrentIndex(index)
        finally:
            self.blockSignals(blocked)
        if self.isVisible():
            self.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)

    def visible_rows(self) -> range:
        """Rows on screen now (empty if the view is hidden or has no pages)."""
        count = self._model.rowCount()
        if count == 0 or not self.isVisible():
            return range(0)
        grid = self.gridSize().height()
        height = self.viewport().height()
        x = self.viewport().width() // 2
        first = last = None
        for y in range(0, min(grid, height), 4):
            index = self.indexAt(QPoint(x, y))
            if index.isValid():
                first = index.row()
                break
        for y in range(height - 1, max(-1, height - 1 - grid), -4):
            index = self.indexAt(QPoint(x, y))
            if index.isValid():
                last = index.row()
                break
        if first is None and last is None:
            return range(0)
        first = first if first is not None else last
        last = last if last is not None else first
        assert first is not None and last is not None
        return range(first, last + 1)

    def _schedule(self) -> None:
        if self._started and not self._timer.isActive():
            self._timer.start()

    def _render_visible(self) -> None:
        if not self._started or self._renderer is None or self._doc is None:
            return
        visible = self.visible_rows()
        if not visible:
            return
        count = self._model.rowCount()
        wanted = range(max(0, visible.start - MARGIN_ROWS), min(count, visible.stop + MARGIN_ROWS))
        ratio = self.devicePixelRatioF()
        for page in wanted:
            if len(self._in_flight) >= MAX_IN_FLIGHT:
                break
            if self._model.has_picture(page) or page in self._in_flight:
                continue
            points = self._doc.pagePointSize(page)
            if points.width() >= 1 and points.height() >= 1:
                size = points.toSize().scaled(THUMB_SIZE * ratio, Qt.AspectRatioMode.KeepAspectRatio)
            else:
                size = THUMB_SIZE * ratio
            self._in_flight.add(page)
            self.requested.add(page)
            self._renderer.requestPage(page, size, QPdfDocumentRenderOptions())
        self._evict(visible)

    def _evict(self, visible: range) -> None:
        pictures = self._model.pictures()
        if len(pictures) <= CACHE_PAGES:
            return
        centre = (visible.start + visible.stop) // 2
        pictures.sort(key=lambda page: abs(page - centre), reverse=True)
        for page in pictures[: len(pictures) - CACHE_PAGES]:
            self._model.drop_picture(page)

    def _on_rendered(self, page: int, size: QSize, image: QImage,
                     options: QPdfDocumentRenderOptions, request_id: int) -> None:
        self._in_flight.discard(page)
        self._model.set_picture(page, image)
        self._schedule()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._schedule()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # One column, centred: the grid cell spans the whole width.
        width = max(THUMB_SIZE.width() + 16, self.viewport().width())
        if self.gridSize().width() != width:
            self.setGridSize(QSize(width, self.gridSize().height()))
        self._schedule()
