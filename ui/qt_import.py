"""Bringing material into a round: dossiers (folder or manifest) and the expert roster.

Also home of what every panel of the secretary's desk shares (:class:`SecretaryPanel`,
:class:`Operator`, :class:`FileDialogs`, :class:`ResultView`, the state icons), so
that the panels of :mod:`ui.qt_conflicts`, :mod:`ui.qt_assign` and :mod:`ui.qt_returns`
look and behave alike.

Imports run in a worker with a progress dialog and Cancel; their result is a
per-file table (imported / already there / rejected with the reason) that can be
sorted and copied. Text indexing follows in the background with its own inline
progress bar, so the secretary can go on working while PDFs are read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QEvent, QPointF, QRectF, QSettings, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QAction, QColor, QFont, QGuiApplication, QIcon, QKeySequence, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from db.models import Expert
from reviewer import dossiers, rounds
from reviewer.dossiers import FileResult, IndexReport
from reviewer.roster import RosterRow, import_experts
from reviewer.rounds import DossierRow
from ui import messages
from ui.qt_desk import NO_ROUND, AppContext, Topic
from ui.qt_models import SORT_ROLE, Column, RowTableModel
from ui.qt_rounds import DossierFilter, make_dossier_model
from ui.qt_worker import IsCancelled, Operation, Progress

T = TypeVar("T")

# --- state colours and icons (shared by the secretary's panels) -----------------------------------

#: Kind of state → colour. Colour never stands alone: every use has an icon and a word too.
STATE_COLOURS: dict[str, str] = {
    "ok": "#2e7d32",      # done, accepted, imported
    "same": "#607d8b",    # unchanged, already there
    "bad": "#c62828",     # rejected, refused
    "warn": "#e65100",    # needs attention, suspected
    "block": "#c62828",   # a conflict that blocks the pair
    "todo": "#9e9e9e",    # not yet
    "next": "#1565c0",    # the next thing to do
    "info": "#1565c0",
}
#: Light backgrounds for cells in the same states (text stays readable on them).
STATE_BACKGROUNDS: dict[str, str] = {
    "ok": "#e8f5e9", "same": "#eceff1", "bad": "#ffebee", "warn": "#fff3e0", "block": "#ffcdd2",
    "todo": "#f5f5f5", "next": "#e3f2fd", "info": "#e3f2fd",
}


def state_colour(kind: str) -> QColor:
    return QColor(STATE_COLOURS.get(kind, STATE_COLOURS["todo"]))


@cache
def state_icon(kind: str) -> QIcon:
    """A round badge in the state's colour with a white sign (✓, =, ×, !, →, —)."""
    size = 32
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(state_colour(kind))
    painter.drawEllipse(QRectF(2, 2, 28, 28))
    pen = QPen(QColor("white"), 3.4, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    if kind == "ok":
        painter.drawPolyline([QPointF(9, 16.5), QPointF(14, 21.5), QPointF(23, 11)])
    elif kind == "bad":
        painter.drawLine(QPointF(11, 11), QPointF(21, 21))
        painter.drawLine(QPointF(21, 11), QPointF(11, 21))
    elif kind == "same":
        painter.drawLine(QPointF(10, 13), QPointF(22, 13))
        painter.drawLine(QPointF(10, 19), QPointF(22, 19))
    elif kind in ("warn", "info"):
        if kind == "warn":
            painter.drawLine(QPointF(16, 8.5), QPointF(16, 18))
            painter.drawPoint(QPointF(16, 23.5))
        else:
            painter.drawPoint(QPointF(16, 9))
            painter.drawLine(QPointF(16, 14), QPointF(16, 23))
    elif kind == "block":
        painter.drawLine(QPointF(9, 16), QPointF(23, 16))
    elif kind == "next":
        painter.drawLine(QPointF(9, 16), QPointF(22, 16))
        painter.drawPolyline([QPointF(17, 10.5), QPointF(22.5, 16), QPointF(17, 21.5)])
    else:  # "todo": a hollow dot
        painter.setBrush(QColor("white"))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawEllipse(QRectF(11, 11, 10, 10))
    painter.end()
    pixmap.setDevicePixelRatio(2)
    return QIcon(pixmap)


@cache
def number_icon(number: int, kind: str) -> QIcon:
    """A round badge with a step number, in the state's colour."""
    size = 40
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(state_colour(kind))
    painter.drawEllipse(QRectF(2, 2, 36, 36))
    font = QFont()
    font.setPixelSize(22)
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(QRectF(0, 0, size, size), int(Qt.AlignmentFlag.AlignCenter), str(number))
    painter.end()
    pixmap.setDevicePixelRatio(2)
    return QIcon(pixmap)


def swatch(background: str, icon: QIcon | None = None, tick: bool = False) -> QPixmap:
    """A small square in a cell colour, with an icon or a tick: a legend entry for a table's colours."""
    size = 36
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor("#9e9e9e"), 2))
    painter.setBrush(QColor(background))
    painter.drawRect(QRectF(1, 1, size - 2, size - 2))
    if icon is not None:
        icon.paint(painter, 7, 7, 22, 22)
    if tick:
        painter.setPen(QPen(QColor("#212121"), 3.4, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                            Qt.PenJoinStyle.RoundJoin))
        painter.drawPolyline([QPointF(9, 18.5), QPointF(15, 24.5), QPointF(27, 11)])
    painter.end()
    pixmap.setDevicePixelRatio(2)
    return pixmap


def coloured_html(kind: str, text: str) -> str:
    """``text`` after a coloured dot, for labels (rich text)."""
    return f'<span style="color:{STATE_COLOURS.get(kind, STATE_COLOURS["todo"])}">●</span> {text}'


def short_time(iso: str | None) -> str:
    """An ISO timestamp (UTC) as local "YYYY-MM-DD HH:MM", or "" for none."""
    if not iso:
        return ""
    try:
        value = dt.datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if value.tzinfo is not None:
        value = value.astimezone()
    return value.strftime("%Y-%m-%d %H:%M")


# --- who is at the desk --------------------------------------------------------------------------


class Operator:
    """The person at the desk: named in the audit log and on paper entries; remembered per user.

    Kept in the user's ``QSettings`` (it is the person, not the workspace's data).
    """

    KEY = "secretary/operator"
    KEY_SECOND = "secretary/second-operator"
    #: The actor recorded when nobody has given a name yet (what the exchange code uses too).
    DEFAULT_ACTOR = "secretary"

    def __init__(self, settings: QSettings | None = None) -> None:
        self.settings = settings if settings is not None else QSettings()

    def _get(self, key: str) -> str:
        value = self.settings.value(key, "")
        return value.strip() if isinstance(value, str) else ""

    def name(self) -> str:
        return self._get(self.KEY)

    def set_name(self, name: str) -> None:
        self.settings.setValue(self.KEY, name.strip())

    def second_name(self) -> str:
        return self._get(self.KEY_SECOND)

    def set_second_name(self, name: str) -> None:
        self.settings.setValue(self.KEY_SECOND, name.strip())

    def actor(self) -> str:
        return self.name() or self.DEFAULT_ACTOR


class OperatorDialog:
    """Asks for a person's name. Tests monkeypatch :meth:`ask`."""

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, label: str, default: str = "") -> str | None:
        """The name typed (stripped, non-empty), or None if the user cancelled."""
        text, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, default)
        text = text.strip()
        return text if ok and text else None


# --- file dialogs ----------------------------------------------------------------------------------


class FileDialogs:
    """Every file dialog of the secretary's desk. Tests monkeypatch these classmethods."""

    @classmethod
    def folder(cls, parent: QWidget | None, title: str, start: Path | None = None) -> Path | None:
        path = QFileDialog.getExistingDirectory(parent, title, str(start or Path.home()))
        return Path(path) if path else None

    @classmethod
    def open_file(cls, parent: QWidget | None, title: str, filters: str, start: Path | None = None) -> Path | None:
        path, _ = QFileDialog.getOpenFileName(parent, title, str(start or Path.home()), filters)
        return Path(path) if path else None

    @classmethod
    def open_files(cls, parent: QWidget | None, title: str, filters: str, start: Path | None = None) -> list[Path]:
        paths, _ = QFileDialog.getOpenFileNames(parent, title, str(start or Path.home()), filters)
        return [Path(p) for p in paths]

    @classmethod
    def save_file(cls, parent: QWidget | None, title: str, filters: str, start: Path | None = None) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(parent, title, str(start or Path.home()), filters)
        return Path(path) if path else None


# --- tables ----------------------------------------------------------------------------------------


class SortProxy(QSortFilterProxyModel):
    """Sorts on the raw values (numbers as numbers); filters on any column's text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)


class ResultView(QTableView):
    """A read-only, sortable table whose rows can be copied (Ctrl+C, or the context menu).

    Copying gives tab-separated text with a header line: it pastes into a
    spreadsheet or an e-mail as a table. Without a selection, every row is copied.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSortingEnabled(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.copy_action = QAction(self)
        self.copy_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Copy))
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.copy_action.triggered.connect(self.copy)
        self.addAction(self.copy_action)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._context_menu)
        self.retranslate()

    def retranslate(self) -> None:
        self.copy_action.setText(self.tr("Copy rows"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def copy_text(self) -> str:
        """The selected rows (all rows if none is selected) as tab-separated text, header first."""
        model = self.model()
        if model is None:
            return ""
        selected = sorted({i.row() for i in self.selectionModel().selectedIndexes()}) if self.selectionModel() else []
        rows = selected or list(range(model.rowCount()))
        columns = [c for c in range(model.columnCount()) if not self.isColumnHidden(c)]

        def cell(value: Any) -> str:
            return " ".join(str(value if value is not None else "").split())

        lines = ["\t".join(cell(model.headerData(c, Qt.Orientation.Horizontal)) for c in columns)]
        for r in rows:
            lines.append("\t".join(cell(model.index(r, c).data()) for c in columns))
        return "\n".join(lines)

    def copy(self) -> None:
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.setText(self.copy_text())

    def _context_menu(self, pos: Any) -> None:
        menu = QMenu(self)
        menu.addAction(self.copy_action)
        menu.exec(self.viewport().mapToGlobal(pos))

    def unsorted(self) -> None:
        """Show the rows in the order given (no sort indicator) until the user clicks a header."""
        model = self.model()
        if isinstance(model, QSortFilterProxyModel):
            model.sort(-1)
        self.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)

    def fit_columns(self, stretch: str | None = None, caps: dict[str, int] | None = None) -> None:
        """Size columns to their contents (capped), letting ``stretch`` take what is left."""
        source = self.model()
        while isinstance(source, QSortFilterProxyModel):
            source = source.sourceModel()
        if not isinstance(source, RowTableModel):
            return
        header = self.horizontalHeader()
        caps = caps or {}
        for i, column in enumerate(source.columns):
            if column.key == stretch:
                header.setSectionResizeMode(i, QHeaderView.ResizeMode.Stretch)
                continue
            header.setSectionResizeMode(i, QHeaderView.ResizeMode.Interactive)
            self.resizeColumnToContents(i)
            cap = caps.get(column.key, 360)
            if header.sectionSize(i) > cap:
                header.resizeSection(i, cap)
        header.setStretchLastSection(stretch is None)


def make_view(model: RowTableModel[Any], parent: QWidget | None = None) -> tuple[ResultView, SortProxy]:
    proxy = SortProxy(parent)
    proxy.setSourceModel(model)
    view = ResultView(parent)
    view.setModel(proxy)
    return view, proxy


# --- the panel base ---------------------------------------------------------------------------------


class SecretaryPanel(QWidget):
    """A part of the secretary's desk (a step page or one of its tabs) for the selected round.

    The desk binds it once (:meth:`bind`) and calls :meth:`reload` when the panel is
    shown and its data may have changed. Panels read plain rows through core
    functions, write through :class:`ui.qt_worker.Operation`, and announce changes
    with ``ctx.notify``; the desk then reloads whoever needs it.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx: AppContext | None = None
        self.operator = Operator()

    def bind(self, ctx: AppContext, operator: Operator) -> None:
        self._ctx = ctx
        self.operator = operator

    @property
    def ctx(self) -> AppContext:
        if self._ctx is None:
            raise RuntimeError(f"{type(self).__name__} used before bind()")
        return self._ctx

    @property
    def round_id(self) -> int:
        return self._ctx.round_id if self._ctx is not None else NO_ROUND

    def has_round(self) -> bool:
        return self._ctx is not None and self._ctx.workspace is not None and self._ctx.round_id != NO_ROUND

    def reload(self) -> None:
        """Read what the panel shows for the selected round."""

    def retranslate(self) -> None:
        """Set every visible string again."""

    def about_to_close(self) -> None:
        """The desk is going away: stop background work the panel owns."""

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def run(self, work: Callable[[Progress, IsCancelled], T], label: str, *,
            success: Callable[[T], None] | None = None, cancellable: bool = True) -> Operation[T]:
        """Run ``work`` on the serial worker with a progress dialog over this panel."""
        op: Operation[T] = Operation(work, parent=self).with_progress(self, label, cancellable)
        if success is not None:
            op.success(success)
        return op.run_in_background()


# --- dossier import ------------------------------------------------------------------------------

MANIFEST_FILTERS = "CSV / Excel (*.csv *.xlsx *.xlsm);;CSV (*.csv);;Excel (*.xlsx *.xlsm)"

#: FileResult.status → state kind.
IMPORT_KINDS = {"imported": "ok", "unchanged": "same", "rejected": "bad"}


def import_status_name(status: str) -> str:
    names = {
        "imported": QCoreApplication.translate("DossierImport", "Imported"),
        "unchanged": QCoreApplication.translate("DossierImport", "Already there"),
        "rejected": QCoreApplication.translate("DossierImport", "Rejected"),
    }
    return names.get(status, status)


def make_import_model(parent: QWidget | None = None) -> RowTableModel[FileResult]:
    """Per-file outcome of a dossier import: state by icon, colour and word."""
    columns: list[Column[FileResult]] = [
        Column("status", lambda: QCoreApplication.translate("DossierImport", "Result"),
               lambda r: import_status_name(r.status),
               decoration=lambda r: state_icon(IMPORT_KINDS.get(r.status, "todo")),
               foreground=lambda r: state_colour(IMPORT_KINDS.get(r.status, "todo"))),
        Column("file", lambda: QCoreApplication.translate("DossierImport", "File"), lambda r: Path(r.file).name,
               tooltip=lambda r: r.file),
        Column("dossier", lambda: QCoreApplication.translate("DossierImport", "Dossier"), lambda r: r.dossier or ""),
        Column("pages", lambda: QCoreApplication.translate("DossierImport", "Pages"), lambda r: r.pages),
        Column("reason", lambda: QCoreApplication.translate("DossierImport", "Reason"), lambda r: r.reason or "",
               tooltip=lambda r: r.reason),
    ]
    return RowTableModel(columns, parent=parent)


@dataclass(frozen=True)
class ImportOutcome:
    """What a dossier import returned, and whether the user stopped it before the end."""

    results: tuple[FileResult, ...]
    cancelled: bool

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)


@dataclass(frozen=True)
class DossierFacts:
    """Counts the dossier page shows (read on the GUI thread, in one short session)."""

    dossiers: int
    files: int
    pages: int
    unindexed: int


def read_dossier_facts(ctx: AppContext, round_id: int) -> tuple[list[DossierRow], DossierFacts]:
    with ctx.session() as s:
        rows = rounds.dossier_rows(s, round_id)
        unindexed = sum(1 for _n, f in dossiers.iter_round_files(s, round_id) if not f.indexed)
    facts = DossierFacts(len(rows), sum(r.files for r in rows), sum(r.pages for r in rows), unindexed)
    return rows, facts


class DossierImportPanel(SecretaryPanel):
    """Step 2: import dossiers from a folder or a manifest; the per-file result; text indexing.

    Signals:
        imported: an import finished (the desk may update the workflow).
        indexed: text indexing ran to the end (conflict detection can use the text now).
    """

    imported = Signal()
    indexed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.import_op: Operation[ImportOutcome] | None = None
        self.index_op: Operation[IndexReport] | None = None
        self.facts = DossierFacts(0, 0, 0, 0)
        self._outcome: ImportOutcome | None = None

        self.folder_button = QPushButton()
        self.folder_button.setObjectName("importFolder")
        self.folder_button.clicked.connect(self.import_folder)
        self.manifest_button = QPushButton()
        self.manifest_button.setObjectName("importManifest")
        self.manifest_button.clicked.connect(self.import_manifest)
        self.help_label = QLabel()
        self.help_label.setWordWrap(True)
        self.help_label.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.folder_button)
        buttons.addWidget(self.manifest_button)
        buttons.addStretch(1)

        self.facts_label = QLabel()
        self.facts_label.setObjectName("dossierFacts")
        self.index_button = QPushButton()
        self.index_button.setObjectName("indexNow")
        self.index_button.clicked.connect(self.start_indexing)
        self.index_bar = QProgressBar()
        self.index_bar.setObjectName("indexProgress")
        self.index_bar.setMaximumWidth(260)
        self.index_bar.setTextVisible(True)
        self.index_label = QLabel()
        self.index_label.setObjectName("indexLabel")
        self.index_cancel = QPushButton()
        self.index_cancel.setObjectName("indexCancel")
        self.index_cancel.clicked.connect(self.cancel_indexing)
        index_row = QHBoxLayout()
        index_row.addWidget(self.facts_label)
        index_row.addSpacing(12)
        index_row.addWidget(self.index_button)
        index_row.addWidget(self.index_bar)
        index_row.addWidget(self.index_label, 1)
        index_row.addWidget(self.index_cancel)
        self._show_indexing(False)

        self.result_model = make_import_model(self)
        self.result_view, self.result_proxy = make_view(self.result_model, self)
        self.result_view.setObjectName("importResults")
        self.result_summary = QLabel()
        self.result_summary.setObjectName("importSummary")
        self.result_summary.setTextFormat(Qt.TextFormat.RichText)
        self.result_box = QGroupBox()
        box_layout = QVBoxLayout(self.result_box)
        box_layout.addWidget(self.result_summary)
        box_layout.addWidget(self.result_view)
        self.result_box.setVisible(False)

        self.dossier_model = make_dossier_model(self)
        self.dossier_proxy = DossierFilter(self)
        self.dossier_proxy.setSourceModel(self.dossier_model)
        self.dossier_view = ResultView(self)
        self.dossier_view.setObjectName("roundDossiers")
        self.dossier_view.setModel(self.dossier_proxy)
        self.dossier_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.dossier_filter = QLineEdit()
        self.dossier_filter.setClearButtonEnabled(True)
        self.dossier_filter.textChanged.connect(self.dossier_proxy.set_text)
        self.dossier_box = QGroupBox()
        dossier_layout = QVBoxLayout(self.dossier_box)
        dossier_layout.addWidget(self.dossier_filter)
        dossier_layout.addWidget(self.dossier_view)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.result_box)
        self.splitter.addWidget(self.dossier_box)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.help_label)
        layout.addLayout(index_row)
        layout.addWidget(self.splitter, 1)
        self.retranslate()

    # --- texts ---------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.folder_button.setText(self.tr("Import folder…"))
        self.folder_button.setToolTip(self.tr("One sub-folder (or file-name prefix before “_”) per application"))
        self.manifest_button.setText(self.tr("Import manifest…"))
        self.manifest_button.setToolTip(self.tr("A CSV or Excel list: number, title, applicant, category, files"))
        self.help_label.setText(self.tr(
            "Files already imported are recognised and not copied again; a damaged or encrypted PDF is "
            "rejected with the reason and never stops the others."))
        self.index_button.setText(self.tr("Index text now"))
        self.index_button.setToolTip(self.tr("Read the text of the PDFs for full-text search and conflict detection"))
        self.index_cancel.setText(self.tr("Stop indexing"))
        self.result_box.setTitle(self.tr("Last import"))
        self.dossier_box.setTitle(self.tr("Dossiers of the round"))
        self.dossier_filter.setPlaceholderText(self.tr("Filter by number, title, applicant, category…"))
        self.result_model.retranslate()
        self.dossier_model.retranslate()
        self._show_facts()
        self._show_summary()

    # --- reading ------------------------------------------------------------------------------

    def reload(self) -> None:
        rows: list[DossierRow] = []
        facts = DossierFacts(0, 0, 0, 0)
        if self.has_round():
            try:
                rows, facts = read_dossier_facts(self.ctx, self.round_id)
            except Exception as exc:  # the boundary: keep the desk usable
                messages.show_status_error(exc, context="dossier page")
        self.facts = facts
        self.dossier_model.set_rows(rows)
        self.dossier_view.fit_columns(stretch="title", caps={"applicant": 260, "category": 140})
        enabled = self.has_round()
        self.folder_button.setEnabled(enabled)
        self.manifest_button.setEnabled(enabled)
        self._show_facts()

    def _show_facts(self) -> None:
        f = self.facts
        text = self.tr("{dossiers} dossiers · {files} files · {pages} pages").format(
            dossiers=f.dossiers, files=f.files, pages=f.pages)
        indexing = self.indexing()
        if f.unindexed and not indexing:
            text += " · " + coloured_html("warn", self.tr("{n} files not yet indexed for search").format(n=f.unindexed))
        elif f.files and not indexing:
            text += " · " + coloured_html("ok", self.tr("text indexed"))
        self.facts_label.setText(text)
        self.index_button.setVisible(bool(f.unindexed) and not indexing)

    # --- importing ----------------------------------------------------------------------------

    def import_folder(self) -> Operation[ImportOutcome] | None:
        folder = FileDialogs.folder(self, self.tr("Import dossiers from a folder"))
        return self.start_import(folder, manifest=False) if folder is not None else None

    def import_manifest(self) -> Operation[ImportOutcome] | None:
        path = FileDialogs.open_file(self, self.tr("Import dossiers from a manifest"), MANIFEST_FILTERS)
        return self.start_import(path, manifest=True) if path is not None else None

    def start_import(self, source: Path, *, manifest: bool) -> Operation[ImportOutcome]:
        ws = self.ctx.require_workspace()
        round_id = self.round_id
        actor = self.operator.actor()

        def work(progress: Progress, cancelled: IsCancelled) -> ImportOutcome:
            results = dossiers.import_dossiers(ws, round_id, source, manifest=manifest, progress=progress,
                                               cancel=cancelled, actor=actor)
            return ImportOutcome(tuple(results), cancelled())

        label = self.tr("Importing dossiers from {source}…").format(source=source.name or str(source))
        self.import_op = self.run(work, label, success=self._imported)
        return self.import_op

    def _imported(self, outcome: ImportOutcome) -> None:
        self._outcome = outcome
        order = {"rejected": 0, "imported": 1, "unchanged": 2}
        self.result_model.set_rows(sorted(outcome.results, key=lambda r: order.get(r.status, 3)))
        self.result_view.unsorted()
        self.result_view.fit_columns(stretch="reason", caps={"file": 320, "dossier": 160})
        self.result_box.setVisible(True)
        self._show_summary()
        self.ctx.notify(Topic.DOSSIERS)
        self.imported.emit()
        messages.status(self.tr("Dossier import: {imported} imported, {unchanged} already there, "
                                "{rejected} rejected.").format(imported=outcome.count("imported"),
                                                               unchanged=outcome.count("unchanged"),
                                                               rejected=outcome.count("rejected")))
        self.reload()
        if self.facts.unindexed:
            self.start_indexing()

    def _show_summary(self) -> None:
        outcome = self._outcome
        if outcome is None:
            self.result_summary.clear()
            return
        parts = [
            coloured_html("ok", self.tr("{n} imported").format(n=outcome.count("imported"))),
            coloured_html("same", self.tr("{n} already there").format(n=outcome.count("unchanged"))),
            coloured_html("bad", self.tr("{n} rejected").format(n=outcome.count("rejected"))),
        ]
        text = " &nbsp; ".join(parts)
        if outcome.cancelled:
            text += " &nbsp; " + coloured_html("warn", self.tr("Stopped: files after the last one shown were "
                                                               "not imported."))
        self.result_summary.setText(text)

    # --- indexing -----------------------------------------------------------------------------

    def indexing(self) -> bool:
        """Whether text indexing started here has not finished yet."""
        return self.index_op is not None and self.index_op.outcome is None

    def start_indexing(self) -> Operation[IndexReport] | None:
        """Index the round's unindexed files in the background (inline progress, cancellable)."""
        if not self.has_round() or self.indexing():
            return None
        ws = self.ctx.require_workspace()
        round_id = self.round_id
        actor = self.operator.actor()

        def work(progress: Progress, cancelled: IsCancelled) -> IndexReport:
            return dossiers.index_pending(ws, round_id, progress, cancelled, actor=actor)

        op: Operation[IndexReport] = Operation(work, parent=self)
        op.progressed.connect(self._index_progress)
        op.success(self._index_done).failure(self._index_failed)
        self.index_op = op
        self.index_bar.setRange(0, 0)
        self.index_label.setText(self.tr("Indexing text…"))
        self._show_indexing(True)
        self._show_facts()
        return op.run_in_background()

    def cancel_indexing(self) -> None:
        if self.index_op is not None and self.indexing():
            self.index_op.cancel()
            self.index_cancel.setEnabled(False)
            self.index_label.setText(self.tr("Stopping…"))

    def _show_indexing(self, running: bool) -> None:
        self.index_bar.setVisible(running)
        self.index_cancel.setVisible(running)
        self.index_cancel.setEnabled(running)
        self.index_label.setVisible(running)

    def _index_progress(self, done: int, total: int, text: str) -> None:
        if total > 0:
            self.index_bar.setRange(0, total)
            self.index_bar.setValue(done)
        label = self.tr("Indexing text: {done} of {total} files").format(done=done, total=max(total, 0))
        if text:
            label += f" · {text}"
        self.index_label.setText(label)

    def _index_done(self, report: IndexReport) -> None:
        self._show_indexing(False)
        self.ctx.notify(Topic.DOSSIERS)
        if report.cancelled:
            messages.status(self.tr("Indexing stopped after {n} files; start it again at any time.").format(
                n=report.indexed))
        else:
            text = self.tr("Text indexed: {files} files, {pages} pages.").format(files=report.indexed,
                                                                                 pages=report.pages)
            if report.problems:
                text += " " + self.tr("{n} files could be read only in part.").format(n=len(report.problems))
            messages.status(text)
            self.indexed.emit()

    def _index_failed(self, exc: BaseException) -> None:
        self._show_indexing(False)
        self._show_facts()
        messages.show_status_error(exc, context="indexing")

    def about_to_close(self) -> None:
        if self.index_op is not None and self.index_op.is_running:
            self.index_op.cancel()


# --- the expert roster -----------------------------------------------------------------------------

ROSTER_FILTERS = "CSV / Excel (*.csv *.xlsx *.xlsm);;CSV (*.csv);;Excel (*.xlsx *.xlsm)"
ROSTER_KINDS = {"added": "ok", "updated": "info", "unchanged": "same"}


@dataclass(frozen=True)
class ExpertRow:
    """One expert of the round as the roster table shows it."""

    id: int
    name: str
    organisation: str
    field: str
    email: str
    #: What the last roster import in this session did with the expert ("" if not in it).
    last_import: str = ""


def expert_rows(ctx: AppContext, round_id: int) -> list[ExpertRow]:
    """The round's experts as plain rows (no ORM object leaves the session)."""
    with ctx.session() as s:
        rnd = rounds.get_round(s, round_id)
        experts: list[Expert] = sorted(rnd.experts, key=lambda e: e.name)
        return [ExpertRow(e.id, e.name, e.organisation, e.field, e.email) for e in experts]


def roster_status_name(status: str) -> str:
    names = {
        "added": QCoreApplication.translate("RosterPanel", "Added"),
        "updated": QCoreApplication.translate("RosterPanel", "Updated"),
        "unchanged": QCoreApplication.translate("RosterPanel", "Unchanged"),
    }
    return names.get(status, status)


def make_expert_model(parent: QWidget | None = None) -> RowTableModel[ExpertRow]:
    columns: list[Column[ExpertRow]] = [
        Column("name", lambda: QCoreApplication.translate("RosterPanel", "Name"), lambda r: r.name),
        Column("organisation", lambda: QCoreApplication.translate("RosterPanel", "Organisation"),
               lambda r: r.organisation, tooltip=lambda r: r.organisation),
        Column("field", lambda: QCoreApplication.translate("RosterPanel", "Field"), lambda r: r.field),
        Column("email", lambda: QCoreApplication.translate("RosterPanel", "E-mail"), lambda r: r.email),
        Column("import", lambda: QCoreApplication.translate("RosterPanel", "Last import"),
               lambda r: roster_status_name(r.last_import) if r.last_import else "",
               decoration=lambda r: state_icon(ROSTER_KINDS[r.last_import]) if r.last_import else None),
    ]
    return RowTableModel(columns, parent=parent)


class RosterPanel(SecretaryPanel):
    """Step 3, first tab: the expert roster (import a CSV/XLSX; re-importing is harmless).

    Signals:
        imported: the roster changed (the desk then looks for conflicts again).
    """

    imported = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.import_op: Operation[list[RosterRow]] | None = None
        self._last: dict[str, str] = {}
        self.import_button = QPushButton()
        self.import_button.setObjectName("importRoster")
        self.import_button.clicked.connect(self.import_roster)
        self.summary = QLabel()
        self.summary.setObjectName("rosterSummary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.import_button)
        top.addWidget(self.summary, 1)
        self.model = make_expert_model(self)
        self.view, self.proxy = make_view(self.model, self)
        self.view.setObjectName("rosterTable")
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.import_button.setText(self.tr("Import roster…"))
        self.import_button.setToolTip(self.tr("CSV or Excel with the columns name, organisation, field, e-mail "
                                              "(or 姓名, 单位, 领域, 邮箱)"))
        self.model.retranslate()
        self._show_summary()

    def reload(self) -> None:
        rows: list[ExpertRow] = []
        if self.has_round():
            try:
                rows = [ExpertRow(r.id, r.name, r.organisation, r.field, r.email, self._last.get(r.name, ""))
                        for r in expert_rows(self.ctx, self.round_id)]
            except Exception as exc:  # the boundary: keep the desk usable
                messages.show_status_error(exc, context="roster")
        self.model.set_rows(rows)
        self.view.fit_columns(stretch="organisation", caps={"email": 240, "field": 200})
        self.import_button.setEnabled(self.has_round())
        self._show_summary()

    def _show_summary(self) -> None:
        n = self.model.rowCount()
        if not self._last:
            self.summary.setText(self.tr("{n} experts in the round.").format(n=n) if n else
                                 self.tr("No experts yet: import the roster the secretariat keeps."))
            return
        counts = {k: sum(1 for v in self._last.values() if v == k) for k in ROSTER_KINDS}
        self.summary.setText(" &nbsp; ".join([
            coloured_html("ok", self.tr("{n} added").format(n=counts["added"])),
            coloured_html("info", self.tr("{n} updated").format(n=counts["updated"])),
            coloured_html("same", self.tr("{n} unchanged").format(n=counts["unchanged"])),
            self.tr("{n} experts in the round.").format(n=n),
        ]))

    def import_roster(self) -> Operation[list[RosterRow]] | None:
        path = FileDialogs.open_file(self, self.tr("Import the expert roster"), ROSTER_FILTERS)
        return self.start_import(path) if path is not None else None

    def start_import(self, path: Path) -> Operation[list[RosterRow]]:
        ws = self.ctx.require_workspace()
        round_id = self.round_id
        actor = self.operator.actor()

        def work(progress: Progress, cancelled: IsCancelled) -> list[RosterRow]:
            with ws.session() as s:
                return import_experts(s, round_id, path, actor=actor)

        self.import_op = self.run(work, self.tr("Importing the roster {file}…").format(file=path.name),
                                  success=self._imported, cancellable=False)
        return self.import_op

    def _imported(self, rows: list[RosterRow]) -> None:
        self._last = {r.name: r.status for r in rows}
        self.ctx.notify(Topic.EXPERTS)
        self.imported.emit()


def format_names(names: Sequence[str], limit: int = 8) -> str:
    """"A、B、C … (+5)": a readable list that stays short."""
    shown = "、".join(names[:limit])
    return shown + (f" … (+{len(names) - limit})" if len(names) > limit else "")
