"""The sheets desk: print, preview, save and export the round's official sheets.

On the left, every sheet the round's records make now (:func:`reviewer.sheets.list_sheets`),
grouped by kind — 评审结果汇总表, 评审意见汇总表, 专家评分表, 回避声明 — each with a
check box; a kind's box ticks or clears the whole kind, so any subset can be
printed. On the right, the ticked sheets exactly as they will print: the PDF the
core renders (:func:`reviewer.sheets.render_pdf`) shown page by page
(:class:`ui.qt_pdf_pageview.PdfPageView`). Above both, whether the sheets are a
draft: until the round is finalised every page carries "草稿 DRAFT", and the banner
says so in amber; a finalised round's sheets are the official ones (green), and
can still be marked as a draft on request.

Printing goes through the system's print dialog (:class:`QPrintDialog`) or the
print preview (:class:`QPrintPreviewDialog`). Each PDF page is rasterised with
QtPdf at the printer's resolution (capped at :data:`MAX_PRINT_DPI`), in strips so
that a page at 600 dpi never needs more than :data:`STRIP_PIXELS` pixels at once,
and drawn onto the paper keeping its aspect ratio (a landscape page on portrait
paper is turned). The printer's page range and page order are respected. Real
printing runs off the GUI thread with progress and Cancel (painting on a
``QPrinter`` from another thread is supported by Qt); the preview dialog paints
synchronously at :data:`PREVIEW_DPI`, and when the user prints from it, the job runs
the same way after the dialog closes. Whatever went to a printer is recorded in
the audit log with its verification codes (:func:`reviewer.sheets.record_issue`).

"Save as PDF…" writes every sheet of the round into a folder
(:func:`reviewer.sheets.write_sheets`: one file per kind plus one per dossier and
per expert, each written atomically); "Export Excel…" writes the round's workbook
(:func:`reviewer.xlsx_export.write_xlsx`); "Verify…" opens
:class:`ui.qt_verify.VerifyDialog`.

Dialogs that block go through :class:`PrintDialogs` and :class:`ui.qt_import.FileDialogs`,
whose classmethods tests replace.
"""

from __future__ import annotations

import html
import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QRectF,
    QSettings,
    QSize,
    QSizeF,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QFont, QImage, QKeySequence, QPageLayout, QPageSize, QPainter, QPaintEngine, \
    QShowEvent
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from reviewer.errors import ReviewerError
from reviewer.rounds import dossier_rows, get_round
# reviewer.sheets (reportlab, QR codes) is imported where a sheet is made, not at start-up.
from reviewer.sheets_data import KINDS as SHEET_KINDS
from reviewer.sheets_data import RenderedPdf, SheetEntry, WrittenFile, fmt_time, sheets_of_kind
from reviewer.verification import find_manifest
from reviewer.workspace import Workspace
from ui import messages
from ui.i18n import pick
from ui.qt_desk import NO_ROUND, ROLE_SECRETARY, Desk, Topic
from ui.qt_import import FileDialogs, Operator
from ui.qt_models import GroupTreeModel
from ui.qt_pdf_pageview import PdfPageView
from ui.qt_verify import KEY_LAST_FOLDER, Verdict, VerifyDialog, install_window_action, verdict_icon
from ui.qt_worker import Cancelled, IsCancelled, Operation, Progress

if TYPE_CHECKING:
    from ui.qt_mainwindow import MainWindow

#: The kinds in filing order (the order of the tree and of the printed pages).
KIND_ORDER: tuple[str, ...] = tuple(kind for kind, _, _ in SHEET_KINDS)
#: Printing renders pages at the printer's resolution up to this many dots per inch: the native
#: resolution of most office laser printers. Measured on this machine printing to a PDF file: about
#: 0.6 s and 3 MB per A4 page at 600 dpi, 2.3 s and 6.4 MB at 1200 dpi (a PDF printer's default).
MAX_PRINT_DPI = 600
#: The print preview dialog keeps every page as a picture: rendered at screen-like resolution.
PREVIEW_DPI = 150
#: The largest image rendered at once (a page is rendered in horizontal strips of this size).
STRIP_PIXELS = 16_000_000
#: Ticking boxes quickly renders the preview once, this long after the last change.
PREVIEW_DELAY_MS = 350
#: The sheet ticked when a round is first shown: the one a committee meeting prints first.
DEFAULT_PICKS: frozenset[tuple[str, str]] = frozenset({("result", "")})
#: A4 in points, for pages whose size PDFium cannot tell.
_A4 = QSizeF(595.276, 841.89)

#: The item's :class:`reviewer.sheets.SheetEntry` (None for a kind's row).
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1
#: The kind (``result``, ``dossier``, ``review``, ``declaration``) of a row.
KIND_ROLE = Qt.ItemDataRole.UserRole + 2

Pick = tuple[str, str]


class PrintFailed(ReviewerError):
    """The printer could not be opened or stopped in the middle (the job is not recorded)."""


# --- rendering the ticked sheets (no Qt: runs on a worker thread) ---------------------------------------


@dataclass(frozen=True)
class PrintJob:
    """The ticked sheets rendered: what the preview shows and the printer prints.

    Attributes:
        picks: the (kind, key) pairs asked for, in filing order.
        force_draft: whether the draft mark was asked for (a round not finalised has it anyway).
        parts: the core's rendered files (the landscape result sheet cannot share a file
            with portrait sheets), each with the sheets and codes it holds.
        data: the parts as one PDF (pages in order).
        pages: pages in ``data``.
        draft: whether the pages carry "草稿 DRAFT".
        first_pages: 0-based page in ``data`` where each pick begins.
        spans: for each part, each of its sheets' (first page, page count) in ``data``.
    """

    picks: tuple[Pick, ...]
    force_draft: bool
    parts: tuple[RenderedPdf, ...]
    data: bytes
    pages: int
    draft: bool
    first_pages: Mapping[Pick, int] = field(default_factory=dict)
    spans: tuple[tuple[tuple[int, int], ...], ...] = ()

    def sheet_count(self) -> int:
        return sum(len(p.sheets) for p in self.parts)

    def printed_parts(self, pages: Iterable[int]) -> list[RenderedPdf]:
        """The parts narrowed to the sheets of which at least one page was printed (for the audit log)."""
        done = set(pages)
        out: list[RenderedPdf] = []
        for part, spans in zip(self.parts, self.spans):
            kept = tuple(sheet for sheet, (first, count) in zip(part.sheets, spans)
                         if any(p in done for p in range(first, first + count)))
            if kept:
                out.append(replace(part, sheets=kept))
        return out


def pick_of(kind: str, ident: Mapping[str, Any]) -> Pick:
    """The (kind, key) of a sheet from its identity, as :func:`reviewer.sheets.list_sheets` keys it."""
    if kind == "review":
        return kind, f"{ident.get('dossier')}|{ident.get('expert')}"
    return kind, str(ident.get("dossier") or ident.get("expert") or "")


def merge_pdfs(parts: Sequence[bytes]) -> bytes:
    """Several PDFs as one (a single part is returned as is, embedded data and all)."""
    if len(parts) == 1:
        return parts[0]
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for data in parts:
        writer.append(PdfReader(io.BytesIO(data)))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def render_job(ws: Workspace, round_id: int, picks: Iterable[Pick], *, force_draft: bool = False,
               cancelled: IsCancelled = lambda: False) -> PrintJob:
    """Render the picked sheets of a round: the result sheet on its own (landscape), the rest together.

    Raises:
        Cancelled: ``cancelled()`` became true between two files.
    """
    picks = tuple(picks)
    wanted: dict[str, list[str]] = {}
    for kind, key in picks:
        wanted.setdefault(kind, []).append(key)
    with ws.session() as s:
        chosen = {kind: sheets_of_kind(s, round_id, kind, None if kind == "result" else wanted[kind])
                  for kind in KIND_ORDER if kind in wanted}
    batches = [chosen.get("result", []), [x for kind in KIND_ORDER if kind != "result" for x in chosen.get(kind, [])]]
    parts: list[RenderedPdf] = []
    for batch in batches:
        if cancelled():
            raise Cancelled
        if batch:
            from reviewer import sheets
            parts.append(sheets.render_pdf(batch, draft=force_draft))
    if cancelled():
        raise Cancelled
    first_pages: dict[Pick, int] = {}
    spans: list[tuple[tuple[int, int], ...]] = []
    offset = 0
    for part in parts:
        manifest = find_manifest(part.data) or {"sheets": []}
        part_spans = []
        for entry in manifest["sheets"]:
            first = offset + int(entry["first_page"]) - 1
            first_pages[pick_of(entry["kind"], entry["ident"])] = first
            part_spans.append((first, int(entry["pages"])))
        spans.append(tuple(part_spans))
        offset += part.pages
    return PrintJob(picks=tuple(picks), force_draft=force_draft, parts=tuple(parts),
                    data=merge_pdfs([p.data for p in parts]) if parts else b"", pages=offset,
                    draft=any(p.draft for p in parts), first_pages=first_pages, spans=tuple(spans))


# --- painting PDF pages onto a printer ---------------------------------------------------------------------


def load_document(data: bytes, parent: QObject | None = None) -> tuple[QPdfDocument, QBuffer]:
    """A QPdfDocument over PDF bytes in memory; keep the buffer as long as the document."""
    buffer = QBuffer(parent)
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument(parent)
    document.load(buffer)
    return document, buffer


def is_preview(printer: QPrinter) -> bool:
    """Whether ``printer`` is drawing a print preview (Qt records the pages as pictures then)."""
    engine = printer.paintEngine()
    return engine is not None and engine.type() == QPaintEngine.Type.Picture


def pages_to_print(printer: QPrinter, count: int) -> list[int]:
    """The 0-based pages to print of ``count``: the printer's page range (if one was chosen) and order."""
    pages = list(range(count))
    if printer.printRange() == QPrinter.PrintRange.PageRange:
        ranges = printer.pageRanges()
        if not ranges.isEmpty():
            pages = [p for p in pages if ranges.contains(p + 1)]
        elif printer.fromPage() > 0:
            pages = [p for p in pages if printer.fromPage() <= p + 1 <= (printer.toPage() or count)]
    if printer.pageOrder() == QPrinter.PageOrder.LastPageFirst:
        pages.reverse()
    return pages


def _on_white(image: QImage, grey: bool) -> QImage:
    """PDFium leaves the paper transparent; printers and PDF files want it white and opaque."""
    out = QImage(image.size(), QImage.Format.Format_RGB32)
    out.fill(QColor("white"))
    painter = QPainter(out)
    painter.drawImage(QPoint(0, 0), image)
    painter.end()
    return out.convertToFormat(QImage.Format.Format_Grayscale8) if grey else out


def paint_page(painter: QPainter, target: QRectF, document: QPdfDocument, page: int, *, device_dpi: float,
               max_dpi: float, grey: bool = False) -> None:
    """Draw one PDF page into ``target`` (device pixels), as large as fits, aspect kept, centred.

    A page whose orientation differs from the target's is turned a quarter to the
    left. The page is rasterised at ``min(device_dpi, max_dpi)`` (relative to its size
    on paper) in strips, each drawn 1:1 when the printer's resolution is used.
    """
    size = document.pagePointSize(page)
    if not size.isValid() or size.width() <= 0 or size.height() <= 0:
        size = _A4
    turn = (size.width() > size.height()) != (target.width() > target.height())
    on_paper = size.transposed() if turn else size
    scale = min(target.width() / on_paper.width(), target.height() / on_paper.height())  # device px per point
    width, height = size.width() * scale, size.height() * scale
    ratio = min(1.0, max_dpi / device_dpi) if device_dpi > 0 else 1.0
    image_w, image_h = max(1, round(width * ratio)), max(1, round(height * ratio))
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, ratio < 1.0)
    painter.translate(target.left() + (target.width() - on_paper.width() * scale) / 2,
                      target.top() + (target.height() - on_paper.height() * scale) / 2)
    if turn:
        painter.translate(0, on_paper.height() * scale)
        painter.rotate(-90)
    rows = max(1, STRIP_PIXELS // image_w)
    y = 0
    while y < image_h:
        h = min(rows, image_h - y)
        options = QPdfDocumentRenderOptions()
        options.setScaledSize(QSize(image_w, image_h))
        options.setScaledClipRect(QRect(0, y, image_w, h))
        strip = _on_white(document.render(page, QSize(image_w, h), options), grey)
        top, bottom = y * height / image_h, (y + h) * height / image_h
        painter.drawImage(QRectF(0, top, width, bottom - top), strip)
        y += h
    painter.restore()


def paint_pages(printer: QPrinter, document: QPdfDocument, pages: Sequence[int], *, max_dpi: float,
                progress: Progress | None = None, cancelled: IsCancelled | None = None) -> list[int]:
    """Paint ``pages`` of ``document`` onto ``printer``, one sheet of paper each; the pages painted.

    Raises:
        PrintFailed: the printer could not be opened.
        Cancelled: ``cancelled()`` became true (the job is aborted).
    """
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintFailed(QCoreApplication.translate(
            "SheetsDesk", "The printer could not be opened. Check that it is connected and try again."))
    done: list[int] = []
    try:
        rect = printer.pageRect(QPrinter.Unit.DevicePixel)
        target = QRectF(0, 0, rect.width(), rect.height())
        grey = printer.colorMode() == QPrinter.ColorMode.GrayScale
        for n, page in enumerate(pages):
            if cancelled is not None and cancelled():
                printer.abort()
                raise Cancelled
            if progress is not None:
                text = QCoreApplication.translate("SheetsDesk", "Page {page} of {count}").format(
                    page=n + 1, count=len(pages))
                progress(n, len(pages), text)
            if n:
                printer.newPage()
            paint_page(painter, target, document, page, device_dpi=printer.resolution(), max_dpi=max_dpi, grey=grey)
            done.append(page)
    finally:
        painter.end()
    return done


class PrintDialogs:
    """The print dialogs. Tests replace :meth:`run` (the one call that blocks)."""

    @classmethod
    def print_dialog(cls, printer: QPrinter, parent: QWidget | None, pages: int) -> QPrintDialog:
        dialog = QPrintDialog(printer, parent)
        option = QAbstractPrintDialog.PrintDialogOption
        dialog.setOptions(option.PrintPageRange | option.PrintToFile | option.PrintCollateCopies
                          | option.PrintShowPageSize)
        dialog.setMinMax(1, max(1, pages))
        return dialog

    @classmethod
    def preview_dialog(cls, printer: QPrinter, parent: QWidget | None) -> QPrintPreviewDialog:
        dialog = QPrintPreviewDialog(printer, parent)
        dialog.resize(1000, 800)
        return dialog

    @classmethod
    def run(cls, dialog: QDialog) -> bool:
        """Show ``dialog`` modally; whether the user accepted (printed)."""
        return dialog.exec() == QDialog.DialogCode.Accepted


class _PreviewPainter(QObject):
    """Answers a preview dialog's ``paintRequested``: pictures for the preview, and a note of
    the printer when the user prints from it (that job then runs in the background)."""

    def __init__(self, job: PrintJob, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document, self._buffer = load_document(job.data, self)
        self.print_requested: QPrinter | None = None

    def paint(self, printer: QPrinter) -> None:
        if not is_preview(printer):
            self.print_requested = printer
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            paint_pages(printer, self.document, range(self.document.pageCount()), max_dpi=PREVIEW_DPI)
        except Exception as exc:  # the boundary: Qt calls this; a failure must not escape into C++
            messages.show_status_error(exc, context="print preview")
        finally:
            QApplication.restoreOverrideCursor()

    def close(self) -> None:
        self.document.close()
        self._buffer.close()


# --- the sheets as a checkable tree ----------------------------------------------------------------------


@dataclass
class _Group:
    kind: str
    zh: str
    en: str
    entries: list[SheetEntry]
    details: list[str]


class SheetTreeModel(GroupTreeModel):
    """Kinds of sheet with their sheets below, each with a check box: a thin adapter over
    :class:`reviewer.sheets.SheetEntry` rows. A kind's box shows whether all, some or none
    of its sheets are ticked, and ticks or clears them all.

    Signals:
        checkedChanged(): the set of ticked sheets changed.
    """

    checkedChanged = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._groups = [_Group(kind, zh, en, [], []) for kind, zh, en in SHEET_KINDS]
        self._checked: set[Pick] = set()

    # --- the adapter's API -------------------------------------------------------------------------

    def set_entries(self, entries: Sequence[SheetEntry], details: Mapping[Pick, str] | None = None) -> None:
        """Show ``entries``; ticks on sheets still listed are kept."""
        details = details or {}
        self.beginResetModel()
        for group in self._groups:
            group.entries = [e for e in entries if e.kind == group.kind]
            group.details = [details.get((e.kind, e.key), "") for e in group.entries]
        present = {(e.kind, e.key) for e in entries}
        self._checked &= present
        self.endResetModel()
        self.checkedChanged.emit()

    def entries(self) -> list[SheetEntry]:
        return [e for g in self._groups for e in g.entries]

    def checked(self) -> list[Pick]:
        """The ticked sheets, in filing order."""
        return [(e.kind, e.key) for g in self._groups for e in g.entries if (e.kind, e.key) in self._checked]

    def is_checked(self, pick: Pick) -> bool:
        return pick in self._checked

    def set_checked(self, picks: Iterable[Pick], checked: bool = True) -> None:
        picks = set(picks) & {(e.kind, e.key) for e in self.entries()}
        before = set(self._checked)
        if checked:
            self._checked |= picks
        else:
            self._checked -= picks
        if self._checked != before:
            self._changed_all()

    def check_only(self, picks: Iterable[Pick]) -> None:
        """Tick exactly ``picks`` (those listed)."""
        wanted = set(picks) & {(e.kind, e.key) for e in self.entries()}
        if wanted != self._checked:
            self._checked = wanted
            self._changed_all()

    def set_kind_checked(self, kind: str, checked: bool) -> None:
        self.set_checked(((e.kind, e.key) for e in self._group(kind).entries), checked)

    def set_all_checked(self, checked: bool) -> None:
        self.set_checked(((e.kind, e.key) for e in self.entries()), checked)

    def kind_counts(self, kind: str) -> tuple[int, int]:
        """(ticked, listed) sheets of a kind."""
        group = self._group(kind)
        return sum(1 for e in group.entries if (e.kind, e.key) in self._checked), len(group.entries)

    def kind_row(self, kind: str) -> int:
        return next(i for i, g in enumerate(self._groups) if g.kind == kind)

    def index_of(self, pick: Pick) -> QModelIndex:
        row = self.kind_row(pick[0])
        for i, entry in enumerate(self._groups[row].entries):
            if (entry.kind, entry.key) == pick:
                return self.index(i, 0, self.index(row, 0))
        return QModelIndex()

    def retranslate(self) -> None:
        if self._groups:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._groups) - 1, 0))

    def _group(self, kind: str) -> _Group:
        return self._groups[self.kind_row(kind)]

    def _changed_all(self) -> None:
        for row, group in enumerate(self._groups):
            parent = self.index(row, 0)
            self.dataChanged.emit(parent, parent, [Qt.ItemDataRole.CheckStateRole, Qt.ItemDataRole.DisplayRole])
            if group.entries:
                self.dataChanged.emit(self.index(0, 0, parent), self.index(len(group.entries) - 1, 0, parent),
                                      [Qt.ItemDataRole.CheckStateRole])
        self.checkedChanged.emit()

    # --- QAbstractItemModel ------------------------------------------------------------------------

    def group_count(self) -> int:
        return len(self._groups)

    def item_count(self, group: int) -> int:
        return len(self._groups[group].entries)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 1

    def _entry(self, index: QModelIndex | QPersistentModelIndex) -> tuple[_Group, int] | None:
        if not index.isValid() or index.internalId() == 0:
            return None
        group_row = int(index.internalId()) - 1
        if not 0 <= group_row < len(self._groups) or not 0 <= index.row() < len(self._groups[group_row].entries):
            return None
        return self._groups[group_row], index.row()

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable
        found = self._entry(index)
        if found is not None:
            return flags | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemNeverHasChildren
        if 0 <= index.row() < len(self._groups) and self._groups[index.row()].entries:
            flags |= Qt.ItemFlag.ItemIsEnabled
        return flags

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        found = self._entry(index)
        if found is not None:
            return self._entry_data(*found, role)
        if index.internalId() != 0 or not 0 <= index.row() < len(self._groups):
            return None
        group = self._groups[index.row()]
        ticked, total = self.kind_counts(group.kind)
        if role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("SheetTreeModel", "{kind}  ({ticked} of {total})").format(
                kind=pick(group.zh, group.en), ticked=ticked, total=total)
        if role == Qt.ItemDataRole.CheckStateRole:
            if ticked == 0:
                return Qt.CheckState.Unchecked
            return Qt.CheckState.Checked if ticked == total else Qt.CheckState.PartiallyChecked
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{group.zh} — {group.en}"
        if role == KIND_ROLE:
            return group.kind
        return None

    def _entry_data(self, group: _Group, row: int, role: int) -> Any:
        entry = group.entries[row]
        if role == Qt.ItemDataRole.DisplayRole:
            prefix = f"{group.zh} · "
            text = entry.label[len(prefix):] if entry.label.startswith(prefix) else entry.label
            detail = group.details[row]
            return f"{text}  {detail}" if detail else text
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if (entry.kind, entry.key) in self._checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            detail = group.details[row]
            return f"{entry.label}\n{detail}" if detail else entry.label
        if role == ENTRY_ROLE:
            return entry
        if role == KIND_ROLE:
            return entry.kind
        return None

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        checked = Qt.CheckState(value) == Qt.CheckState.Checked if isinstance(value, (int, Qt.CheckState)) else False
        found = self._entry(index)
        if found is not None:
            group, row = found
            self.set_checked([(group.kind, group.entries[row].key)], checked)
            return True
        if index.internalId() == 0 and 0 <= index.row() < len(self._groups):
            self.set_kind_checked(self._groups[index.row()].kind, checked)
            return True
        return False


# --- the desk -------------------------------------------------------------------------------------------------


def _banner_style(background: str, border: str, colour: str) -> str:
    return (f"QFrame#draftBanner {{ background: {background}; border: 1px solid {border}; border-radius: 4px; }}"
            f"QFrame#draftBanner QLabel {{ background: transparent; border: none; color: {colour}; }}")


def _bind(button: QPushButton, action: QAction) -> None:
    """A push button that shows and triggers ``action`` (text, tooltip, enabled state)."""
    def sync() -> None:
        button.setText(action.text())
        button.setToolTip(action.toolTip())
        button.setEnabled(action.isEnabled())

    action.changed.connect(sync)
    button.clicked.connect(action.trigger)
    sync()


@dataclass(frozen=True)
class RoundInfo:
    """What the desk shows about the selected round."""

    id: int
    name: str
    finalised: bool
    #: When the round was finalised, in the committee's clock (as the sheets print it).
    finalised_at: str


class SheetsDesk(Desk):
    """The secretary's desk for the official sheets (see the module docstring).

    Signals:
        previewReady(): the preview pane shows the ticked sheets (or that there are none).
    """

    desk_id = "sheets"
    lazy = True
    previewReady = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.round: RoundInfo | None = None
        self.job: PrintJob | None = None
        self.last_operation: Operation[Any] | None = None
        self.last_written: list[WrittenFile] = []
        self._preview_op: Operation[PrintJob] | None = None
        self._preview_dirty = True
        self._preview_doc: QPdfDocument | None = None
        self._preview_buffer: QBuffer | None = None
        self._first_round_shown: set[int] = set()
        self._closing = False
        self._printer: QPrinter | None = None
        self._print_op: Operation[int] | None = None
        #: The shown job no longer matches the records (they changed, or the draft box was toggled).
        self._job_stale = False
        #: What the last failed render was asked for (not retried until the ticks or records change).
        self._failed: tuple[tuple[Pick, ...], bool] | None = None
        self._error: str | None = None

        self.banner = QFrame()
        self.banner.setObjectName("draftBanner")
        self.banner_icon = QLabel()
        self.banner_text = QLabel()
        self.banner_text.setObjectName("draftText")
        self.banner_text.setWordWrap(True)
        self.force_draft = QCheckBox()
        self.force_draft.setObjectName("forceDraft")
        self.force_draft.toggled.connect(self._draft_toggled)
        banner_row = QHBoxLayout(self.banner)
        banner_row.setContentsMargins(10, 6, 10, 6)
        banner_row.addWidget(self.banner_icon)
        banner_row.addWidget(self.banner_text, 1)
        banner_row.addWidget(self.force_draft)

        self.model = SheetTreeModel(self)
        self.model.checkedChanged.connect(self._checks_changed)
        self.tree = QTreeView()
        self.tree.setObjectName("sheetTree")
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._tree_menu)
        self.tree.clicked.connect(self._tree_clicked)
        self.all_button = QPushButton()
        self.all_button.clicked.connect(lambda: self.model.set_all_checked(True))
        self.none_button = QPushButton()
        self.none_button.clicked.connect(lambda: self.model.set_all_checked(False))
        self.ticked_label = QLabel()
        self.ticked_label.setObjectName("tickedLabel")
        picks_row = QHBoxLayout()
        picks_row.addWidget(self.all_button)
        picks_row.addWidget(self.none_button)
        picks_row.addStretch(1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.list_title = QLabel()
        left_layout.addWidget(self.list_title)
        left_layout.addWidget(self.tree, 1)
        left_layout.addLayout(picks_row)
        left_layout.addWidget(self.ticked_label)

        self.preview_title = QLabel()
        self.preview_status = QLabel()
        self.preview_status.setObjectName("previewStatus")
        self.view = PdfPageView()
        self.view.setObjectName("sheetPreview")
        self.placeholder = QLabel()
        self.placeholder.setObjectName("previewPlaceholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setStyleSheet("color: #666666; font-size: 11pt;")
        self.preview_stack = QStackedWidget()
        self.preview_stack.addWidget(self.placeholder)
        self.preview_stack.addWidget(self.view)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        head.addWidget(self.preview_title)
        head.addStretch(1)
        head.addWidget(self.preview_status)
        right_layout.addLayout(head)
        right_layout.addWidget(self.preview_stack, 1)

        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([360, 900])

        self.print_action = self._action(self.print_sheets, QKeySequence.StandardKey.Print, "Ctrl+P")
        self.preview_action = self._action(self.print_preview)
        self.save_pdf_action = self._action(self.save_pdf)
        self.excel_action = self._action(self.export_excel)
        self.verify_action = self._action(self.open_verify)
        self.print_button = QPushButton()
        self.print_button.setObjectName("printButton")
        self.preview_button = QPushButton()
        self.save_pdf_button = QPushButton()
        self.excel_button = QPushButton()
        self.verify_button = QPushButton()
        for button, action in ((self.print_button, self.print_action), (self.preview_button, self.preview_action),
                               (self.save_pdf_button, self.save_pdf_action), (self.excel_button, self.excel_action),
                               (self.verify_button, self.verify_action)):
            _bind(button, action)
        self.print_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.preview_button)
        buttons.addSpacing(16)
        buttons.addWidget(self.save_pdf_button)
        buttons.addWidget(self.excel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.verify_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(buttons)

        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self._render_preview)
        self.retranslate()

    def _action(self, slot: Callable[[], object], standard: QKeySequence.StandardKey | None = None,
                fallback: str = "") -> QAction:
        action = QAction(self)
        if standard is not None:
            action.setShortcuts(QKeySequence.keyBindings(standard) or [QKeySequence(fallback)])
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    # --- Desk ------------------------------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("Sheets")

    def retranslate(self) -> None:
        shortcut = self.print_action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        self.print_action.setText(self.tr("Print…"))
        self.print_action.setToolTip(self.tr("Print the ticked sheets ({shortcut})").format(shortcut=shortcut))
        self.preview_action.setText(self.tr("Print preview…"))
        self.preview_action.setToolTip(self.tr("See the ticked sheets page by page as they will print"))
        self.save_pdf_action.setText(self.tr("Save as PDF…"))
        self.save_pdf_action.setToolTip(self.tr(
            "Write every sheet of the round into a folder: one file per kind, per dossier and per expert"))
        self.excel_action.setText(self.tr("Export Excel…"))
        self.excel_action.setToolTip(self.tr("Save the round's ranking, scores, flags and agreement as a workbook"))
        self.verify_action.setText(self.tr("Verify…"))
        self.verify_action.setToolTip(self.tr("Check a sheet, its code or a return file against the signed records"))
        self.all_button.setText(self.tr("Tick all"))
        self.none_button.setText(self.tr("Tick none"))
        self.list_title.setText(self.tr("Sheets of the round (tick those to print):"))
        self.preview_title.setText(self.tr("Preview"))
        self.force_draft.setText(self.tr("Mark as draft anyway"))
        self.force_draft.setToolTip(self.tr("Print “草稿 DRAFT” on every page although the round is finalised"))
        self.model.retranslate()
        self._show_round()
        self._show_ticked()
        self._show_preview_state()

    def on_data_changed(self, topic: str) -> None:
        if topic in (Topic.ROUNDS, Topic.DOSSIERS, Topic.EXPERTS, Topic.ASSIGNMENTS, Topic.CONFLICTS,
                     Topic.REVIEWS, Topic.DECISIONS, Topic.ALL):
            self.reload()

    def reload(self) -> None:
        """Read the selected round's sheets again; the preview follows (when the desk is shown)."""
        info: RoundInfo | None = None
        entries: list[SheetEntry] = []
        details: dict[Pick, str] = {}
        rid = self.ctx.round_id
        if rid != NO_ROUND and self.ctx.workspace is not None:
            try:
                with self.ctx.session() as s:
                    rnd = get_round(s, rid)
                    info = RoundInfo(rnd.id, rnd.name, rnd.status == "finalised", fmt_time(rnd.finalised_at) or "")
                    from reviewer import sheets
                    entries = sheets.list_sheets(s, rid)
                    details = {("dossier", d.number): d.title for d in dossier_rows(s, rid)}
            except Exception as exc:  # the boundary: show it, keep the desk usable
                messages.show_status_error(exc, context="sheets")
                info, entries = None, []
        first_time = info is not None and info.id not in self._first_round_shown
        expanded = {kind for kind in KIND_ORDER if self.tree.isExpanded(self.model.index(self.model.kind_row(kind), 0))}
        self.round = info
        self.model.set_entries(entries, details)  # a reset: the view forgets what was expanded
        if first_time:
            assert info is not None
            self._first_round_shown.add(info.id)
            self.model.check_only(DEFAULT_PICKS)
            self.tree.expandAll()
        else:
            for kind in expanded:
                self.tree.expand(self.model.index(self.model.kind_row(kind), 0))
        self._job_stale = True
        self._failed = None
        self._show_round()
        self._update_actions()
        self._schedule_preview(now=True)

    def about_to_close(self) -> None:
        self._closing = True
        self._preview_timer.stop()
        if self._preview_op is not None:
            self._preview_op.cancel()
        self.view.shutdown()
        self.view.set_document(None)
        self._drop_preview_document()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._preview_dirty:
            self._schedule_preview(now=True)

    # --- the round and the ticks -----------------------------------------------------------------------

    def _draft(self) -> bool:
        """Whether the sheets print as a draft now."""
        return self.round is not None and (not self.round.finalised or self.force_draft.isChecked())

    def _show_round(self) -> None:
        info = self.round
        self.banner.setVisible(info is not None)
        if info is None:
            return
        self.force_draft.setVisible(info.finalised)
        if self._draft():
            self.banner.setStyleSheet(_banner_style("#fff3e0", "#ffb74d", "#8a4b00"))
            self.banner_icon.setPixmap(verdict_icon(Verdict.WARNING, 20).pixmap(20, 20))
            if info.finalised:
                text = self.tr("<b>草稿 DRAFT</b> — marked as a draft on request: every page printed or saved "
                               "carries “草稿 DRAFT”.")
            else:
                text = self.tr("<b>草稿 DRAFT</b> — the round “{name}” is not finalised: every page printed or "
                               "saved carries “草稿 DRAFT”. The official sheets can be printed once the committee "
                               "has finalised the round.").format(name=html.escape(info.name))
        else:
            self.banner.setStyleSheet(_banner_style("#e8f5e9", "#81c784", "#1b5e20"))
            self.banner_icon.setPixmap(verdict_icon(Verdict.MATCH, 20).pixmap(20, 20))
            text = self.tr("<b>Official sheets</b> — the round “{name}” was finalised on {when}: the sheets "
                           "print without the draft mark.").format(name=html.escape(info.name),
                                                                   when=info.finalised_at)
        self.banner_text.setText(text)

    def _draft_toggled(self, _checked: bool) -> None:
        self._show_round()
        self._schedule_preview()

    def _checks_changed(self) -> None:
        self._show_ticked()
        self._update_actions()
        self._schedule_preview()

    def _show_ticked(self) -> None:
        count = len(self.model.checked())
        total = len(self.model.entries())
        self.ticked_label.setText(self.tr("{ticked} of {total} sheets ticked").format(ticked=count, total=total))

    def _update_actions(self) -> None:
        has_round = self.round is not None
        ticked = bool(self.model.checked())
        self.print_action.setEnabled(has_round and ticked)
        self.preview_action.setEnabled(has_round and ticked)
        self.save_pdf_action.setEnabled(has_round and bool(self.model.entries()))
        self.excel_action.setEnabled(has_round)
        self.all_button.setEnabled(has_round)
        self.none_button.setEnabled(has_round)

    def _tree_menu(self, pos: QPoint) -> None:
        index = self.tree.indexAt(pos)
        menu = QMenu(self)
        kind = index.data(KIND_ROLE) if index.isValid() else None
        if isinstance(kind, str):
            title = next(pick(zh, en) for k, zh, en in SHEET_KINDS if k == kind)
            menu.addAction(self.tr("Tick every {kind}").format(kind=title),
                           lambda: self.model.set_kind_checked(kind, True))
            menu.addAction(self.tr("Tick no {kind}").format(kind=title),
                           lambda: self.model.set_kind_checked(kind, False))
            menu.addSeparator()
        menu.addAction(self.tr("Tick all"), lambda: self.model.set_all_checked(True))
        menu.addAction(self.tr("Tick none"), lambda: self.model.set_all_checked(False))
        menu.exec(self.tree.viewport().mapToGlobal(pos))

    def _tree_clicked(self, index: QModelIndex) -> None:
        """Show the clicked sheet's first page in the preview (if it is ticked and rendered)."""
        entry = index.data(ENTRY_ROLE)
        if isinstance(entry, SheetEntry) and self.job is not None:
            page = self.job.first_pages.get((entry.kind, entry.key))
            if page is not None and self.view.document() is not None:
                self.view.go_to(page)

    # --- the preview pane -------------------------------------------------------------------------------

    def _wanted(self) -> tuple[tuple[Pick, ...], bool]:
        """What the preview and the printer should show now: the ticked sheets, and the forced draft mark."""
        return tuple(self.model.checked()), self.force_draft.isChecked() and bool(self.round and self.round.finalised)

    def _job_matches(self, job: PrintJob | None, wanted: tuple[tuple[Pick, ...], bool]) -> bool:
        return (job is not None and not self._job_stale
                and (job.picks, job.force_draft) == wanted)

    def _schedule_preview(self, now: bool = False) -> None:
        self._preview_dirty = True
        self._show_preview_state()
        if self._closing or not self.isVisible():
            return
        self._preview_timer.start(0 if now else PREVIEW_DELAY_MS)

    def _settled(self) -> None:
        self._preview_dirty = False
        self._show_preview_state()
        self.previewReady.emit()

    def _render_preview(self) -> None:
        """Bring the preview up to date with the ticks: at once, or by rendering in the background."""
        if self._closing or not self.isVisible():
            return
        wanted = self._wanted()
        if self.round is None or not wanted[0]:
            self._set_preview(None)
            self._settled()
            return
        if self._job_matches(self.job, wanted):
            self._settled()
            return
        if self._failed == wanted:  # the error stays shown until the ticks or the records change
            self._settled()
            return
        if self._preview_op is not None:
            self._preview_op.cancel()  # when it has stopped, _preview_finished looks again
            return
        ws, rid = self.ctx.require_workspace(), self.round.id

        def work(_progress: Progress, cancelled: IsCancelled) -> PrintJob:
            return render_job(ws, rid, wanted[0], force_draft=wanted[1], cancelled=cancelled)

        op: Operation[PrintJob] = Operation(work, exclusive=False, parent=self)
        op.success(lambda job: self._preview_rendered(job, wanted))
        op.failure(lambda exc: self._preview_failed(exc, wanted))
        op.finished.connect(self._preview_finished)
        self._preview_op = op
        self._show_preview_state()
        op.run_in_background()

    def _preview_rendered(self, job: PrintJob, wanted: tuple[tuple[Pick, ...], bool]) -> None:
        if self._closing or not shiboken6.isValid(self):
            return
        if wanted == self._wanted():
            self._set_preview(job)

    def _preview_failed(self, exc: BaseException, wanted: tuple[tuple[Pick, ...], bool]) -> None:
        if self._closing or not shiboken6.isValid(self):
            messages.log_exception(exc, "sheets preview")
            return
        messages.show_status_error(exc, context="sheets preview")
        self._failed = wanted
        self._set_preview(None, error=messages.describe(exc))

    def _preview_finished(self) -> None:
        if self._closing or not shiboken6.isValid(self):
            return
        self._preview_op = None
        self._render_preview()

    def _drop_preview_document(self) -> None:
        if self._preview_doc is not None:
            self._preview_doc.close()
            self._preview_doc.deleteLater()
        if self._preview_buffer is not None:
            self._preview_buffer.close()
            self._preview_buffer.deleteLater()
        self._preview_doc = None
        self._preview_buffer = None

    def _set_preview(self, job: PrintJob | None, error: str | None = None) -> None:
        """Show ``job``'s pages (None: no pages; ``error`` says why)."""
        self._error = error
        if job is None:
            self.view.set_document(None)
            self._drop_preview_document()
            self.job = None
        else:
            document, buffer = load_document(job.data, self)
            self.view.set_document(document)  # detaches the old document's renderer first
            self._drop_preview_document()
            self._preview_doc, self._preview_buffer = document, buffer
            self.job = job
            self._job_stale = False
            self._failed = None
        self._show_preview_state()

    def _show_preview_state(self) -> None:
        busy = self._preview_op is not None
        ticked = bool(self.model.checked())
        showing = self.round is not None and ticked and self.view.document() is not None
        if self.round is None:
            self.placeholder.setText(self.tr("Select a round in the Rounds pane to print its sheets."))
        elif not ticked:
            self.placeholder.setText(self.tr("Tick the sheets to print on the left; they appear here as they "
                                             "will print."))
        elif self._error:
            self.placeholder.setText(self._error)
        else:
            self.placeholder.setText(self.tr("Rendering the preview…"))
        self.preview_stack.setCurrentIndex(1 if showing else 0)
        if self.round is None or not ticked:
            status = ""
        elif busy or (self._preview_dirty and not self._error):
            status = self.tr("Rendering…")
        elif showing and self.job is not None:
            status = self.tr("{sheets} sheets, {pages} pages").format(sheets=self.job.sheet_count(),
                                                                      pages=self.job.pages)
            if self.job.draft:
                status += " · 草稿 DRAFT"
        else:
            status = ""
        self.preview_status.setText(status)

    # --- printing ----------------------------------------------------------------------------------------

    def printer(self) -> QPrinter:
        """The desk's printer: the user's choices (printer, copies, duplex) last while the desk does."""
        if self._printer is None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
            printer.setFullPage(True)  # the sheets carry their own margins
            self._printer = printer
        return self._printer

    def _prepare_printer(self, job: PrintJob) -> QPrinter:
        printer = self.printer()
        landscape = all(p.sheets[0][0].kind == "result" for p in job.parts)
        printer.setPageOrientation(QPageLayout.Orientation.Landscape if landscape
                                   else QPageLayout.Orientation.Portrait)
        printer.setDocName(self.tr("Sheets of {round}").format(round=self.round.name if self.round else ""))
        printer.setPrintRange(QPrinter.PrintRange.AllPages)
        printer.setFromTo(0, 0)
        return printer

    def printing(self) -> bool:
        """Whether a print job is still running (the printer is busy with it until it ends)."""
        return self._print_op is not None and self._print_op.is_running

    def _with_job(self, then: Callable[[PrintJob], object]) -> Operation[PrintJob] | None:
        """Run ``then`` with the ticked sheets rendered (at once if the preview already has them)."""
        if self.round is None or not self.model.checked():
            return None
        if self.printing():
            messages.status(self.tr("Please wait until the sheets have been printed."))
            return None
        wanted = self._wanted()
        if self._job_matches(self.job, wanted) and self.job is not None:
            then(self.job)
            return None
        ws, rid = self.ctx.require_workspace(), self.round.id

        def work(_progress: Progress, cancelled: IsCancelled) -> PrintJob:
            return render_job(ws, rid, wanted[0], force_draft=wanted[1], cancelled=cancelled)

        op: Operation[PrintJob] = (Operation(work, exclusive=False, parent=self)
                                   .with_progress(self, self.tr("Preparing the sheets…"))
                                   .success(then))
        self.last_operation = op
        return op.run_in_background()

    def print_sheets(self) -> Operation[Any] | None:
        """Print… : the system's print dialog, then the job in the background."""
        def ask(job: PrintJob) -> None:
            printer = self._prepare_printer(job)
            dialog = PrintDialogs.print_dialog(printer, self, job.pages)
            try:
                accepted = PrintDialogs.run(dialog)
            finally:
                dialog.deleteLater()
            if accepted:
                self.print_job(job, printer)

        return self._with_job(ask)

    def print_preview(self) -> Operation[Any] | None:
        """Print preview… : the system's preview dialog; printing from it runs the job after it closes."""
        def show(job: PrintJob) -> None:
            printer = self._prepare_printer(job)
            painter = _PreviewPainter(job, self)
            dialog = PrintDialogs.preview_dialog(printer, self)
            dialog.paintRequested.connect(painter.paint)
            try:
                accepted = PrintDialogs.run(dialog)
            finally:
                dialog.paintRequested.disconnect(painter.paint)
                dialog.deleteLater()
                painter.close()
                painter.deleteLater()
            if accepted and painter.print_requested is not None:
                self.print_job(job, painter.print_requested)

        return self._with_job(show)

    def print_job(self, job: PrintJob, printer: QPrinter) -> Operation[int]:
        """Print ``job`` on ``printer`` off the GUI thread, then record the sheets issued."""
        ws = self.ctx.require_workspace()
        actor = Operator().actor()
        data = job.data

        def work(progress: Progress, cancelled: IsCancelled) -> int:
            document, buffer = load_document(data)
            try:
                if document.status() != QPdfDocument.Status.Ready:
                    raise PrintFailed(QCoreApplication.translate("SheetsDesk", "The sheets could not be read for "
                                                                               "printing."))
                pages = pages_to_print(printer, document.pageCount())
                printed = paint_pages(printer, document, pages, max_dpi=MAX_PRINT_DPI, progress=progress,
                                      cancelled=cancelled)
            finally:
                document.close()
                buffer.close()
            with ws.session() as s:
                for part in job.printed_parts(printed):
                    from reviewer import sheets
                    sheets.record_issue(s, part, destination="printer", actor=actor)
            return len(printed)

        def done(count: int) -> None:
            messages.status(self.tr("{pages} pages sent to the printer.").format(pages=count))

        op: Operation[int] = (Operation(work, parent=self)
                              .with_progress(self, self.tr("Printing…"))
                              .success(done)
                              .on_cancel(lambda: messages.status(self.tr("Printing was cancelled."))))
        self.last_operation = self._print_op = op
        return op.run_in_background()

    # --- saving -------------------------------------------------------------------------------------------

    def _last_folder(self) -> Path | None:
        value = QSettings().value(KEY_LAST_FOLDER)
        if isinstance(value, str) and value and Path(value).is_dir():
            return Path(value)
        return None

    def save_pdf(self) -> Operation[list[WrittenFile]] | None:
        """Save as PDF… : every sheet of the round into a chosen folder, in the background."""
        if self.round is None:
            return None
        folder = FileDialogs.folder(self, self.tr("Save the sheets as PDF into a folder"), self._last_folder())
        if folder is None:
            return None
        QSettings().setValue(KEY_LAST_FOLDER, str(folder))
        ws, rid, draft, actor = self.ctx.require_workspace(), self.round.id, self.force_draft.isChecked(), \
            Operator().actor()
        counts = {kind: self.model.kind_counts(kind)[1] for kind in KIND_ORDER}
        total = sum(1 for n in counts.values() if n) + counts["dossier"] + counts["declaration"]
        written: list[str] = []

        def work(progress: Progress, cancelled: IsCancelled) -> list[WrittenFile]:
            def step(path: str) -> None:
                if cancelled():
                    raise Cancelled
                progress(len(written), max(total, len(written) + 1), Path(path).name)
                written.append(path)

            from reviewer import sheets
            return sheets.write_sheets(ws, rid, folder, draft=draft, split=True, actor=actor, progress=step)

        def done(files: list[WrittenFile]) -> None:
            self.last_written = files
            pages = sum(f.pages for f in files)
            messages.status(self.tr("{files} PDF files ({pages} pages) saved in {folder}.").format(
                files=len(files), pages=pages, folder=folder), 15000)

        def cancelled_() -> None:
            messages.status(self.tr("Saving was cancelled; the files already written stay in {folder}.").format(
                folder=folder), 15000)

        op: Operation[list[WrittenFile]] = (Operation(work, parent=self)
                                            .with_progress(self, self.tr("Saving the sheets as PDF…"))
                                            .success(done).on_cancel(cancelled_))
        self.last_operation = op
        return op.run_in_background()

    def export_excel(self) -> Operation[dict[str, Any]] | None:
        """Export Excel… : the round's workbook, saved where the user says."""
        if self.round is None:
            return None
        from reviewer import sheets
        start = (self._last_folder() or Path.home()) / f"{sheets.safe_name(self.round.name)}-评审结果.xlsx"
        path = FileDialogs.save_file(self, self.tr("Export the round to Excel"),
                                     self.tr("Excel workbooks (*.xlsx)"), start)
        if path is None:
            return None
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        QSettings().setValue(KEY_LAST_FOLDER, str(path.parent))
        ws, rid = self.ctx.require_workspace(), self.round.id

        def work(_progress: Progress, _cancelled: IsCancelled) -> dict[str, Any]:
            from reviewer.xlsx_export import write_xlsx  # openpyxl only when a workbook is made

            return write_xlsx(ws, rid, path)

        def done(summary: dict[str, Any]) -> None:
            messages.status(self.tr("The workbook was saved as {file}.").format(file=summary["file"]), 15000)

        op: Operation[dict[str, Any]] = (Operation(work, parent=self)
                                         .with_progress(self, self.tr("Exporting to Excel…"), cancellable=False)
                                         .success(done))
        self.last_operation = op
        return op.run_in_background()

    def open_verify(self) -> VerifyDialog:
        """Verify… : the verify dialog over this workspace."""
        return VerifyDialog.open_for(self, self.ctx.workspace)


def register(window: MainWindow) -> None:
    """Plug the sheets desk into the window (secretary), and File ▸ Verify… for every role."""
    window.register_desk(SheetsDesk, roles=(ROLE_SECRETARY,))
    install_window_action(window)
