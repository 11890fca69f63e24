"""The rounds list (left pane of the main window) and the overview desk.

The overview desk shows the facts of the selected round and a filterable table of
its dossiers. Both models are :class:`ui.qt_models.RowTableModel` adapters over
rows from core functions (``overview.list_rounds``, ``overview.dossier_rows``),
read through :meth:`ui.qt_desk.AppContext.read`: so both can be shown while the
workspace is still being opened, before the database layer has loaded.
"""

from __future__ import annotations

import math
from functools import cache
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QEvent,
    QItemSelection,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QFont, QFontMetricsF, QIcon, QKeySequence, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QStackedWidget,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reviewer import overview
from reviewer.overview import DossierRow
from ui import messages
from ui.i18n import pick
from ui.qt_desk import ALL_ROLES, NO_ROUND, AppContext, Desk, Topic
from ui.qt_models import ROW_ROLE, SORT_ROLE, Column, RowTableModel, setup_row_table

if TYPE_CHECKING:
    from ui.qt_mainwindow import MainWindow

RoundRow = dict[str, Any]

#: Status → colour of its dot: grey while being set up, amber in review, green when final.
STATUS_COLOURS = {"setup": "#9e9e9e", "review": "#f59e0b", "finalised": "#43a047"}


def _t(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


@cache
def status_icon(status: str) -> QIcon:
    """A filled dot in the status colour (state shown by colour as well as by text)."""
    pixmap = QPixmap(14, 14)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    # A white ring keeps the dot visible on a selected (blue) row.
    painter.setPen(QPen(QColor("white"), 1.5))
    painter.setBrush(QColor(STATUS_COLOURS.get(status, "#9e9e9e")))
    painter.drawEllipse(QRectF(1, 1, 12, 12))
    painter.end()
    return QIcon(pixmap)


def status_name(status: str) -> str:
    zh, en = overview.STATUS_NAMES.get(status, (status, status))
    return pick(zh, en)


def rule_name(rule: str) -> str:
    zh, en = overview.RULE_NAMES.get(rule, (rule, rule))
    return pick(zh, en)


# --- rounds list -----------------------------------------------------------------------------------


def _round_text(r: RoundRow) -> str:
    summary = QCoreApplication.translate("RoundsPane", "{status} · {n} dossiers").format(
        status=status_name(str(r["status"])), n=r["dossiers"]
    )
    return f"{r['name']}\n{summary}"


def _round_tooltip(r: RoundRow) -> str:
    return QCoreApplication.translate(
        "RoundsPane", "{name}\nProgramme: {programme}\nForm: {form} v{version}\nRound id: {id}"
    ).format(name=r["name"], programme=r["programme"] or "-", form=r["form"], version=r["form_version"], id=r["id"])


def make_rounds_model(parent: QWidget | None = None) -> RowTableModel[RoundRow]:
    column: Column[RoundRow] = Column(
        key="round",
        title=lambda: QCoreApplication.translate("RoundsPane", "Rounds"),
        value=_round_text,
        tooltip=_round_tooltip,
        decoration=lambda r: status_icon(str(r["status"])),
    )
    return RowTableModel([column], parent=parent)


class RoundsPane(QWidget):
    """The list of the workspace's rounds; selecting one sets ``ctx.round_id``.

    Signals:
        activated(int): a round was double-clicked or Enter was pressed on it.
    """

    activated = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = make_rounds_model(self)
        self.view = QListView()
        self.view.setObjectName("roundsList")
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setUniformItemSizes(True)
        self.view.setSpacing(2)
        self.view.setWordWrap(True)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.empty.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.view)
        layout.addWidget(self.empty)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.view.activated.connect(lambda index: self._activated(index))
        ctx.workspaceChanged.connect(self.reload)
        ctx.dataChanged.connect(self._data_changed)
        ctx.roundChanged.connect(self.select_round)
        self.retranslate()
        self.reload()

    def retranslate(self) -> None:
        self.empty.setText(self.tr("No rounds yet."))
        self.model.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _data_changed(self, topic: str) -> None:
        if topic in (Topic.ROUNDS, Topic.DOSSIERS, Topic.EXPERTS, Topic.REVIEWS, Topic.ASSIGNMENTS, Topic.ALL):
            self.reload()

    def reload(self) -> None:
        """Re-read the rounds; keep the selection, or select the newest round."""
        rows: list[RoundRow] = []
        if self.ctx.root is not None:
            try:
                with self.ctx.read() as conn:
                    rows = overview.list_rounds(conn)
            except Exception as exc:  # the boundary: a damaged database must not kill the window
                messages.show_status_error(exc, context="rounds list")
        keep = self.ctx.round_id
        self.model.set_rows(rows)
        self.view.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        ids = [int(r["id"]) for r in rows]
        if keep in ids:
            self.select_round(keep)
        elif ids:
            self.select_round(ids[-1])
        else:
            self.ctx.set_round(NO_ROUND)

    def select_round(self, round_id: int) -> None:
        for row, r in enumerate(self.model.rows()):
            if int(r["id"]) == round_id:
                index = self.model.index(row, 0)
                if self.view.currentIndex() != index:
                    self.view.setCurrentIndex(index)
                self.ctx.set_round(round_id)
                return
        self.view.clearSelection()

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if indexes:
            row = self.model.row_at(indexes[0])
            if row is not None:
                self.ctx.set_round(int(row["id"]))

    def _activated(self, index: Any) -> None:
        row = self.model.row_at(index)
        if row is not None:
            self.activated.emit(int(row["id"]))


# --- dossier table --------------------------------------------------------------------------------


def _experts_tooltip(row: DossierRow) -> str | None:
    return "、".join(row.experts) if row.experts else None


def make_dossier_model(parent: QWidget | None = None) -> RowTableModel[DossierRow]:
    """The overview's dossier table: text left, counts right-aligned."""
    columns: list[Column[DossierRow]] = [
        Column("number", lambda: QCoreApplication.translate("DossierTable", "Number"), lambda r: r.number),
        Column("title", lambda: QCoreApplication.translate("DossierTable", "Title"), lambda r: r.title,
               tooltip=lambda r: r.title),
        Column("applicant", lambda: QCoreApplication.translate("DossierTable", "Applicant"), lambda r: r.applicant),
        Column("category", lambda: QCoreApplication.translate("DossierTable", "Category"), lambda r: r.category),
        Column("files", lambda: QCoreApplication.translate("DossierTable", "Files"), lambda r: r.files,
               description=lambda: QCoreApplication.translate("DossierTable", "PDF files in the dossier")),
        Column("pages", lambda: QCoreApplication.translate("DossierTable", "Pages"), lambda r: r.pages,
               description=lambda: QCoreApplication.translate("DossierTable", "Pages in all its files")),
        Column("experts", lambda: QCoreApplication.translate("DossierTable", "Experts"),
               lambda r: len(r.experts), tooltip=_experts_tooltip,
               description=lambda: QCoreApplication.translate("DossierTable", "Experts assigned to the dossier")),
        Column("submitted", lambda: QCoreApplication.translate("DossierTable", "Submitted"),
               lambda r: r.submitted_reviews,
               description=lambda: QCoreApplication.translate("DossierTable", "Reviews submitted (signed)")),
    ]
    return RowTableModel(columns, parent=parent)


class DossierFilter(QSortFilterProxyModel):
    """Case-insensitive filter on number, title, applicant, category and experts; sorts
    numbers as numbers.

    Each row's searchable text is built once per model reset: asking the model for
    every cell's display text on each keystroke took 100 ms over 2,000 dossiers.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._needle = ""
        self._haystacks: list[str] | None = None

    def setSourceModel(self, model: QAbstractItemModel) -> None:  # noqa: N802 (Qt's name)
        super().setSourceModel(model)
        self._haystacks = None
        for signal in (model.modelReset, model.layoutChanged, model.rowsInserted, model.rowsRemoved,
                       model.dataChanged):
            signal.connect(self._forget)

    def _forget(self, *_args: object) -> None:
        self._haystacks = None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting is the source model's (on precomputed keys); the proxy only filters, so a
        keystroke in the filter box never re-sorts."""
        model = self.sourceModel()
        if model is not None:
            model.sort(column, order)

    def set_text(self, text: str) -> None:
        needle = text.strip().casefold()
        if needle != self._needle:
            self.beginFilterChange()
            self._needle = needle
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        if not self._needle:
            return True
        if self._haystacks is None:
            model = self.sourceModel()
            rows: list[DossierRow] = model.rows() if isinstance(model, RowTableModel) else []
            self._haystacks = ["\n".join((r.number, r.title, r.applicant, r.category, *r.experts)).casefold()
                               for r in rows]
        return source_row < len(self._haystacks) and self._needle in self._haystacks[source_row]


# --- the overview desk ----------------------------------------------------------------------------


#: The overview sizes its columns from this many rows (a screenful and more): measuring all 2,000
#: rows of a provincial round took a second at every reload.
FIT_ROWS = 60
#: The columns sized to their contents, each with its widest (pixels); the title takes the rest.
FIT_COLUMNS = {"number": 10_000, "applicant": 280, "category": 160, "files": 10_000, "pages": 10_000,
               "experts": 10_000, "submitted": 10_000}


class OverviewDesk(Desk):
    """The selected round at a glance: its facts and its dossiers."""

    desk_id = "overview"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._round: RoundRow | None = None
        self.model = make_dossier_model(self)
        self.proxy = DossierFilter(self)
        self.proxy.setSourceModel(self.model)

        self.heading = QLabel()
        self.heading.setObjectName("roundHeading")
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.facts = QFormLayout()
        self.facts.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._fact_labels: dict[str, tuple[QLabel, QLabel]] = {}
        left, right = QFormLayout(), QFormLayout()
        for i, key in enumerate(("programme", "form", "rule", "per_dossier", "deadline",
                                 "status", "dossiers", "experts", "assignments", "submitted")):
            name, value = QLabel(), QLabel()
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self._fact_labels[key] = (name, value)
            (left if i < 5 else right).addRow(name, value)
        facts_row = QHBoxLayout()
        facts_row.addLayout(left, 3)
        facts_row.addSpacing(24)
        facts_row.addLayout(right, 2)

        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("dossierFilter")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._filter_changed)
        self.count_label = QLabel()
        self.count_label.setObjectName("dossierCount")
        filter_row = QHBoxLayout()
        filter_row.addWidget(self.filter_edit, 1)
        filter_row.addWidget(self.count_label)

        self.find_action = QAction(self)
        self.find_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Find))
        self.find_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.find_action.triggered.connect(self._focus_filter)
        self.addAction(self.find_action)

        self.table = QTableView()
        self.table.setObjectName("dossierTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        setup_row_table(self.table)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setHighlightSections(False)
        header.setSectionResizeMode(self.model.column_index("title"), QHeaderView.ResizeMode.Stretch)
        self.model.modelReset.connect(self._fit_columns)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)

        round_page = QWidget()
        page_layout = QVBoxLayout(round_page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.addWidget(self.heading)
        page_layout.addLayout(facts_row)
        page_layout.addSpacing(6)
        page_layout.addLayout(filter_row)
        page_layout.addWidget(self.table, 1)

        self.placeholder = QLabel()
        self.placeholder.setObjectName("overviewPlaceholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setTextFormat(Qt.TextFormat.RichText)
        self.placeholder.setMargin(40)

        self.stack = QStackedWidget()
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(round_page)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)
        self.retranslate()

    # --- Desk -------------------------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("Overview")

    def retranslate(self) -> None:
        names = {
            "programme": self.tr("Programme:"),
            "form": self.tr("Scoring form:"),
            "rule": self.tr("Aggregation rule:"),
            "per_dossier": self.tr("Experts per dossier:"),
            "deadline": self.tr("Deadline:"),
            "status": self.tr("Status:"),
            "dossiers": self.tr("Dossiers:"),
            "experts": self.tr("Experts:"),
            "assignments": self.tr("Assignments:"),
            "submitted": self.tr("Submitted reviews:"),
        }
        for key, (label, _value) in self._fact_labels.items():
            label.setText(names[key])
        self.filter_edit.setPlaceholderText(self.tr("Filter by number, title, applicant, category…"))
        self.find_action.setText(self.tr("Find dossier"))
        heading, _, hint = self.tr(
            "This workspace has no rounds yet.\n\n"
            "A secretary creates a round; an expert imports the bundle file received from the secretary."
        ).partition("\n\n")
        from html import escape  # here: one string at a language change, not a module at every start

        self.placeholder.setText(f"<h2>{escape(heading)}</h2><p>{escape(hint)}</p>")
        self.model.retranslate()
        self._fit_columns()
        self._show_facts()
        self._update_count()

    def on_data_changed(self, topic: str) -> None:
        if topic in (Topic.ROUNDS, Topic.DOSSIERS, Topic.ASSIGNMENTS, Topic.REVIEWS, Topic.EXPERTS, Topic.ALL):
            self.reload()

    def reload(self) -> None:
        """Read the selected round's facts and dossiers (two quick queries)."""
        round_id = self.ctx.round_id
        self._round = None
        rows: list[DossierRow] = []
        if round_id != NO_ROUND and self.ctx.root is not None:
            try:
                with self.ctx.read() as conn:
                    found = overview.list_rounds(conn, round_id)
                    if found:
                        self._round = found[0]
                        rows = overview.dossier_rows(conn, round_id)
            except Exception as exc:  # the boundary: show it, keep the window usable
                messages.show_status_error(exc, context="overview")
        self.model.set_rows(rows)
        self.stack.setCurrentIndex(1 if self._round is not None else 0)
        self._show_facts()
        self._update_count()

    # --- helpers ---------------------------------------------------------------------------------

    def selected_dossier(self) -> DossierRow | None:
        index = self.table.currentIndex()
        row = index.data(ROW_ROLE) if index.isValid() else None
        return row if isinstance(row, DossierRow) else None

    def _show_facts(self) -> None:
        r = self._round
        if r is None:
            self.heading.clear()
            for _label, value in self._fact_labels.values():
                value.clear()
            return
        self.heading.setText(str(r["name"]))
        values = {
            "programme": str(r["programme"] or "—"),
            "form": f"{r['form']}  v{r['form_version']}",
            "rule": rule_name(str(r["rule"])),
            "per_dossier": str(r["per_dossier"]),
            "deadline": str(r["deadline"] or "—"),
            "status": status_name(str(r["status"])),
            "dossiers": str(r["dossiers"]),
            "experts": str(r["experts"]),
            "assignments": str(r["assignments"]),
            "submitted": str(r["submitted_reviews"]),
        }
        for key, (_label, value) in self._fact_labels.items():
            value.setText(values[key])
        colour = STATUS_COLOURS.get(str(r["status"]), "#9e9e9e")
        self._fact_labels["status"][1].setText(f'<span style="color:{colour}">●</span> {values["status"]}')

    def _filter_changed(self, text: str) -> None:
        self.proxy.set_text(text)
        self._update_count()

    def _focus_filter(self) -> None:
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if shown != total:
            text = self.tr("{shown} of {total} dossiers").format(shown=shown, total=total)
        elif total == 1:
            text = self.tr("1 dossier")
        else:
            text = self.tr("{n} dossiers").format(n=total)
        self.count_label.setText(text)

    def _fit_columns(self) -> None:
        """Every column but the title fits its contents and its header (in either language),
        long applicants and categories up to a cap (elided beyond it); the title takes the rest.

        Measured on the first :data:`FIT_ROWS` rows, as the text the cells show plus the margins
        the style gives it: what ``QTableView.sizeHintForColumn`` finds (a test checks), without
        asking the model eight roles of every cell through the filter, and once
        per reset (auto-sized header sections measured every row again at each resize: a tenth
        of the time the window took to appear).
        """
        header = self.table.horizontalHeader()
        rows = self.model.rows()[:FIT_ROWS]
        metrics = QFontMetricsF(self.table.font())
        style = self.table.style()
        # the style's text margin on either side of the text, and the grid line
        margin = 2 * (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self.table) + 1)
        margin += 1 if self.table.showGrid() else 0
        columns = self.model.columns
        for key, cap in FIT_COLUMNS.items():
            number = self.model.column_index(key)
            column = columns[number]
            widest = max((metrics.horizontalAdvance(column.display(r)) for r in rows), default=0.0)
            wanted = max(math.ceil(widest) + margin if rows else 0, header.sectionSizeHint(number))
            header.resizeSection(number, min(wanted, cap))


def register(window: MainWindow) -> None:
    """Plug the overview into the main window, for every role (also a fresh workspace)."""
    window.register_desk(OverviewDesk, roles=ALL_ROLES)
