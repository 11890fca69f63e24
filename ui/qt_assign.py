"""Step 4: who reviews what — automatic assignment and the dossiers × experts matrix.

"Assign automatically" gives every dossier K experts with loads as even as the
conflicts allow (``assign.assign``, reproducible by its seed). The matrix shows
every pair: a tick for an assignment, red with a no-entry sign for a confirmed or
declared conflict (not checkable), amber for a suspicion still to decide. Each
expert's load is in the column header, each dossier's count in the row header.
Ticking or clearing a cell goes through ``assign.set_assignment``; a refusal
(e.g. the expert has already reviewed the dossier) is explained, and the matrix
shows the state as it really is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QIcon, QKeyEvent, QMouseEvent, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionButton,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from db.models import Assignment, Review
from reviewer import assign, roster
from reviewer.assign import AssignReport
from reviewer.rounds import get_round
from ui import messages
from ui.qt_desk import AppContext, Topic
from ui.qt_import import (
    STATE_BACKGROUNDS,
    STATE_COLOURS,
    SecretaryPanel,
    coloured_html,
    format_names,
    state_icon,
    swatch,
)
from ui.qt_worker import IsCancelled, Operation, Progress

Pair = tuple[int, int]  # (dossier id, expert id)
AnyIndex = QModelIndex | QPersistentModelIndex

#: The cell's state for the delegate: "blocked", "suspected", "assigned", "free".
STATE_ROLE = Qt.ItemDataRole.UserRole + 10
#: Background of an assigned cell (a light green: the tick is the information, the colour helps scanning).
ASSIGNED_BACKGROUND = "#dcedc8"


@dataclass(frozen=True)
class MatrixDossier:
    id: int
    number: str
    title: str
    applicant: str


@dataclass(frozen=True)
class MatrixExpert:
    id: int
    name: str
    organisation: str


@dataclass(frozen=True)
class Matrix:
    """Everything the matrix shows, as plain values (read once per reload)."""

    dossiers: tuple[MatrixDossier, ...] = ()
    experts: tuple[MatrixExpert, ...] = ()
    assigned: frozenset[Pair] = frozenset()
    manual: frozenset[Pair] = frozenset()
    #: Confirmed or declared conflicts: pair → reason.
    blocked: dict[Pair, str] = field(default_factory=dict)
    #: Suspicions not decided yet: pair → reason.
    suspected: dict[Pair, str] = field(default_factory=dict)
    #: Pairs with a review (of any status): they cannot be unassigned.
    reviewed: frozenset[Pair] = frozenset()
    per_dossier: int = 3

    def load(self, expert_id: int) -> int:
        return sum(1 for _d, e in self.assigned if e == expert_id)

    def count(self, dossier_id: int) -> int:
        return sum(1 for d, _e in self.assigned if d == dossier_id)


def read_matrix(ctx: AppContext, round_id: int) -> Matrix:
    """The round's dossiers, experts, assignments and conflicts (one short session)."""
    with ctx.session() as s:
        rnd = get_round(s, round_id)
        dossier_rows = tuple(MatrixDossier(d.id, d.number, d.title, d.applicant)
                             for d in sorted(rnd.dossiers, key=lambda d: d.number))
        expert_rows = tuple(MatrixExpert(e.id, e.name, e.organisation)
                            for e in sorted(rnd.experts, key=lambda e: e.name))
        assignments = s.execute(select(Assignment.dossier_id, Assignment.expert_id, Assignment.source)
                                .where(Assignment.round_id == rnd.id)).all()
        reviewed = frozenset((d, e) for d, e in s.execute(
            select(Review.dossier_id, Review.expert_id).where(Review.round_id == rnd.id)).all())
        blocked: dict[Pair, str] = {}
        suspected: dict[Pair, str] = {}
        for c in roster.list_conflicts(s, rnd.id):
            pair = (c.dossier_id, c.expert_id)
            if c.status in ("declared", "confirmed"):
                blocked[pair] = c.reason or c.kind
            elif c.status == "suspected":
                suspected[pair] = c.reason
        return Matrix(
            dossiers=dossier_rows, experts=expert_rows,
            assigned=frozenset((d, e) for d, e, _src in assignments),
            manual=frozenset((d, e) for d, e, src in assignments if src == "manual"),
            blocked=blocked, suspected={p: r for p, r in suspected.items() if p not in blocked},
            reviewed=reviewed, per_dossier=rnd.per_dossier,
        )


class MatrixModel(QAbstractTableModel):
    """Dossiers (rows) × experts (columns); a thin adapter over a :class:`Matrix`.

    The model never writes: ticking a cell emits :attr:`toggle_requested`, the panel
    asks the core, and the new state arrives with :meth:`set_matrix`.

    Signals:
        toggle_requested(int, int, bool): dossier id, expert id, whether to assign.
    """

    toggle_requested = Signal(int, int, bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._m = Matrix()

    @property
    def matrix(self) -> Matrix:
        return self._m

    def set_matrix(self, matrix: Matrix) -> None:
        """Show ``matrix``; same rows and columns update in place (the view keeps its scroll and focus)."""
        same_shape = matrix.dossiers == self._m.dossiers and matrix.experts == self._m.experts
        if not same_shape:
            self.beginResetModel()
            self._m = matrix
            self.endResetModel()
            return
        self._m = matrix
        if self._m.dossiers and self._m.experts:
            last_row, last_col = len(self._m.dossiers) - 1, len(self._m.experts) - 1
            self.dataChanged.emit(self.index(0, 0), self.index(last_row, last_col))
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, last_col)
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, last_row)

    def pair(self, index: AnyIndex) -> Pair | None:
        if not index.isValid() or not (0 <= index.row() < len(self._m.dossiers)
                                       and 0 <= index.column() < len(self._m.experts)):
            return None
        return self._m.dossiers[index.row()].id, self._m.experts[index.column()].id

    def index_of(self, dossier_number: str, expert_name: str) -> QModelIndex:
        rows = [i for i, d in enumerate(self._m.dossiers) if d.number == dossier_number]
        cols = [i for i, e in enumerate(self._m.experts) if e.name == expert_name]
        return self.index(rows[0], cols[0]) if rows and cols else QModelIndex()

    def state(self, pair: Pair) -> str:
        if pair in self._m.blocked:
            return "blocked"
        if pair in self._m.suspected:
            return "suspected"
        return "assigned" if pair in self._m.assigned else "free"

    # --- QAbstractTableModel -----------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._m.dossiers)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._m.experts)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        pair = self.pair(index)
        if pair is None:
            return None
        state = self.state(pair)
        assigned = pair in self._m.assigned
        if role == Qt.ItemDataRole.CheckStateRole:
            if state == "blocked":
                return None
            return Qt.CheckState.Checked if assigned else Qt.CheckState.Unchecked
        if role == STATE_ROLE:
            return state
        if role == Qt.ItemDataRole.DecorationRole:
            if state == "blocked":
                return state_icon("block")
            if state == "suspected":
                return state_icon("warn")
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            if state == "blocked":
                return QColor(STATE_BACKGROUNDS["block"])
            if state == "suspected":
                return QColor(STATE_BACKGROUNDS["warn"])
            return QColor(ASSIGNED_BACKGROUND) if assigned else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(index, pair, state)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._tooltip(index, pair, state)
        return None

    def _tooltip(self, index: AnyIndex, pair: Pair, state: str) -> str:
        d = self._m.dossiers[index.row()]
        e = self._m.experts[index.column()]
        head = f"{e.name} · {d.number} {d.title}"
        if state == "blocked":
            refusal = self.tr("Conflict of interest — cannot be assigned: {reason}")
            return head + "\n" + refusal.format(reason=self._m.blocked[pair])
        lines = [head]
        if pair in self._m.assigned:
            lines.append(self.tr("Assigned by hand") if pair in self._m.manual else
                         self.tr("Assigned automatically"))
            if pair in self._m.reviewed:
                lines.append(self.tr("Already reviewed: cannot be withdrawn"))
        else:
            lines.append(self.tr("Not assigned"))
        if state == "suspected":
            lines.append(self.tr("Likely conflict still to decide: {reason}").format(
                reason=self._m.suspected[pair]))
        return "\n".join(lines)

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        pair = self.pair(index)
        if pair is None or role != Qt.ItemDataRole.CheckStateRole or self.state(pair) == "blocked":
            return False
        checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2, True)
        if checked == (pair in self._m.assigned):
            return False
        self.toggle_requested.emit(pair[0], pair[1], checked)
        return False  # the new state arrives with set_matrix once the core agreed

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        pair = self.pair(index)
        if pair is None:
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        if self.state(pair) == "blocked":
            return base
        return base | Qt.ItemFlag.ItemIsUserCheckable

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._m.experts):
            e = self._m.experts[section]
            load = self._m.load(e.id)
            if role == Qt.ItemDataRole.DisplayRole:
                load_text = self.tr("load {n}").format(n=load)
                return f"{e.name}\n{load_text}"
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{e.name}\n{e.organisation}\n" + self.tr("{n} dossiers assigned").format(n=load)
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignCenter.value)
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._m.dossiers):
            d = self._m.dossiers[section]
            count = self._m.count(d.id)
            short = count < self._m.per_dossier
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{d.number}   {count}/{self._m.per_dossier}"
            if role == Qt.ItemDataRole.ToolTipRole:
                text = f"{d.number} {d.title}\n{d.applicant}\n"
                assigned = self.tr("{count} of {k} experts assigned")
                return text + assigned.format(count=count, k=self._m.per_dossier)
            if role == Qt.ItemDataRole.ForegroundRole and short:
                return QColor(STATE_COLOURS["warn"])
            if role == Qt.ItemDataRole.DecorationRole:
                return state_icon("warn") if short else state_icon("ok")
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int((Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter).value)
        return None


class MatrixDelegate(QStyledItemDelegate):
    """A centred tick box per cell (click anywhere in the cell, or Space); a no-entry sign for conflicts."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        # The panel (background, selection, focus) without the item's own check box and icon.
        check = index.data(Qt.ItemDataRole.CheckStateRole)
        icon = QIcon(opt.icon)  # a copy: the option's field is a reference
        opt.features &= ~QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
        opt.features &= ~QStyleOptionViewItem.ViewItemFeature.HasDecoration
        opt.icon = QIcon()
        opt.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect = option.rect
        state = index.data(STATE_ROLE)
        if check is not None:
            box = QStyleOptionButton()
            size = style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, widget)
            box.rect = QRect(rect.center().x() - size // 2, rect.center().y() - size // 2, size, size)
            box.state = QStyle.StateFlag.State_Enabled | (
                QStyle.StateFlag.State_On if Qt.CheckState(check) == Qt.CheckState.Checked else
                QStyle.StateFlag.State_Off)
            style.drawPrimitive(QStyle.PrimitiveElement.PE_IndicatorCheckBox, box, painter, widget)
        if not icon.isNull():
            side = 14 if state == "suspected" else 18
            if state == "suspected":  # beside the box, in the corner
                target = QRect(rect.right() - side - 2, rect.top() + 2, side, side)
            else:
                target = QRect(rect.center().x() - side // 2, rect.center().y() - side // 2, side, side)
            icon.paint(painter, target)

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        return QSize(56, 28)

    def editorEvent(self, event: QEvent, model: QAbstractItemModel, option: QStyleOptionViewItem,
                    index: AnyIndex) -> bool:
        if not (model.flags(index) & Qt.ItemFlag.ItemIsUserCheckable):
            return False
        if event.type() == QEvent.Type.MouseButtonRelease:
            assert isinstance(event, QMouseEvent)
            if event.button() != Qt.MouseButton.LeftButton or not option.rect.contains(event.position().toPoint()):
                return False
        elif event.type() == QEvent.Type.MouseButtonDblClick:
            return True  # a double click is two clicks already: do not toggle a third time
        elif event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() not in (Qt.Key.Key_Space, Qt.Key.Key_Select):
                return False
        else:
            return False
        current = index.data(Qt.ItemDataRole.CheckStateRole)
        new = Qt.CheckState.Unchecked if current is not None and Qt.CheckState(current) == Qt.CheckState.Checked \
            else Qt.CheckState.Checked
        return model.setData(index, new, Qt.ItemDataRole.CheckStateRole)


@dataclass(frozen=True)
class Toggle:
    dossier: str
    expert: str
    assigned: bool


class AssignPanel(SecretaryPanel):
    """Step 4: automatic assignment (K, seed) and the matrix for adjustments by hand."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.assign_op: Operation[AssignReport] | None = None
        self.toggle_op: Operation[Toggle] | None = None
        self._report: AssignReport | None = None

        self.k_label = QLabel()
        self.k_spin = QSpinBox()
        self.k_spin.setObjectName("perDossier")
        self.k_spin.setRange(1, 50)
        self.seed_label = QLabel()
        self.seed_spin = QSpinBox()
        self.seed_spin.setObjectName("seed")
        self.seed_spin.setRange(0, 999_999)
        self.replace_check = QCheckBox()
        self.replace_check.setObjectName("replan")
        self.assign_button = QPushButton()
        self.assign_button.setObjectName("assignAuto")
        self.assign_button.clicked.connect(self.assign)
        controls = QHBoxLayout()
        controls.addWidget(self.k_label)
        controls.addWidget(self.k_spin)
        controls.addSpacing(12)
        controls.addWidget(self.seed_label)
        controls.addWidget(self.seed_spin)
        controls.addStretch(1)
        replan = QHBoxLayout()
        replan.addWidget(self.replace_check)
        replan.addStretch(1)
        replan.addWidget(self.assign_button)

        self.report_label = QLabel()
        self.report_label.setObjectName("assignReport")
        self.report_label.setTextFormat(Qt.TextFormat.RichText)
        self.report_label.setWordWrap(True)
        self.report_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.legend_hint = QLabel()
        self.legend_hint.setEnabled(False)
        self.legend_hint.setWordWrap(True)
        self.legend_hint.setMinimumWidth(120)
        self.legend_labels: list[QLabel] = []
        legend = QHBoxLayout()
        for pixmap in (swatch(ASSIGNED_BACKGROUND, tick=True), swatch(STATE_BACKGROUNDS["block"], state_icon("block")),
                       swatch(STATE_BACKGROUNDS["warn"], state_icon("warn"))):
            icon_label = QLabel()
            icon_label.setPixmap(pixmap)
            text_label = QLabel()
            self.legend_labels.append(text_label)
            legend.addWidget(icon_label)
            legend.addWidget(text_label)
            legend.addSpacing(12)
        legend.addStretch(1)

        self.model = MatrixModel(self)
        self.model.toggle_requested.connect(self.toggle)
        self.view = QTableView()
        self.view.setObjectName("assignMatrix")
        self.view.setModel(self.model)
        self.view.setItemDelegate(MatrixDelegate(self.view))
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setShowGrid(True)
        self.view.setMouseTracking(True)
        horizontal = self.view.horizontalHeader()
        horizontal.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        horizontal.setMinimumSectionSize(64)
        horizontal.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        horizontal.setHighlightSections(True)
        vertical = self.view.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(30)
        vertical.setHighlightSections(True)
        self.placeholder = QLabel()
        self.placeholder.setWordWrap(True)
        self.placeholder.setEnabled(False)

        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addLayout(replan)
        layout.addWidget(self.report_label)
        layout.addLayout(legend)
        layout.addWidget(self.legend_hint)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.view, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.k_label.setText(self.tr("Experts per dossier:"))
        self.seed_label.setText(self.tr("Seed:"))
        self.seed_spin.setToolTip(self.tr("The same seed on the same data gives the same assignment, so it can be "
                                          "reproduced and explained"))
        self.replace_check.setText(self.tr("Re-plan automatic assignments not yet sent"))
        self.replace_check.setToolTip(self.tr("Assignments made by hand, already reviewed or already in a sent "
                                              "bundle always stay"))
        self.assign_button.setText(self.tr("Assign automatically"))
        self.assign_button.setIcon(state_icon("next"))
        for label, text in zip(self.legend_labels, (self.tr("assigned"), self.tr("conflict: cannot be assigned"),
                                                    self.tr("likely conflict still to decide")), strict=True):
            label.setText(text)
        self.legend_hint.setText(self.tr("Click a cell to assign or withdraw; the header shows each expert's load."))
        self.placeholder.setText(self.tr("Import dossiers and the expert roster first; then assign here."))
        self._show_report()
        m = self.model.matrix
        if m.dossiers and m.experts:
            self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(m.experts) - 1)

    def reload(self) -> None:
        matrix = Matrix()
        if self.has_round():
            try:
                matrix = read_matrix(self.ctx, self.round_id)
            except Exception as exc:  # the boundary: keep the desk usable
                messages.show_status_error(exc, context="assignment matrix")
        first = not self.model.matrix.dossiers
        self.model.set_matrix(matrix)
        if first or self.k_spin.value() < 1:
            self.k_spin.setValue(matrix.per_dossier)
        ready = bool(matrix.dossiers and matrix.experts)
        self.view.setVisible(ready)
        self.placeholder.setVisible(not ready)
        self.assign_button.setEnabled(ready)
        self._show_report()

    def _show_report(self) -> None:
        r = self._report
        if r is None:
            m = self.model.matrix
            short = [d.number for d in m.dossiers if m.count(d.id) < m.per_dossier]
            if m.dossiers and m.experts and short:
                self.report_label.setText(coloured_html("warn", self.tr(
                    "{n} dossiers have fewer than {k} experts: {numbers}").format(
                    n=len(short), k=m.per_dossier, numbers=format_names(short))))
            elif m.dossiers and m.experts:
                self.report_label.setText(coloured_html("ok", self.tr("Every dossier has its experts.")))
            else:
                self.report_label.clear()
            return
        parts = [self.tr("Added {added}, removed {removed}, kept {kept} (K = {k}, seed {seed}).").format(
            added=len(r.added), removed=len(r.removed), kept=r.kept, k=r.per_dossier, seed=r.seed)]
        text = coloured_html("ok" if r.ok else "warn", " ".join(parts))
        for s in r.shortfalls:
            text += "<br>" + coloured_html("warn", self.tr("{number}: only {eligible} eligible experts, "
                                                           "{assigned} of {needed} assigned").format(
                number=s.number, eligible=s.eligible, assigned=s.assigned, needed=s.needed))
        if r.suspected:
            pairs = [f"{d}–{e}" for d, e in r.suspected]
            text += "<br>" + coloured_html("warn", self.tr(
                "Assigned although a likely conflict is still undecided: {pairs}").format(pairs=format_names(pairs)))
        self.report_label.setText(text)

    # --- work ---------------------------------------------------------------------------------

    def assign(self) -> Operation[AssignReport] | None:
        if not self.has_round():
            return None
        ws = self.ctx.require_workspace()
        round_id = self.round_id
        k, seed, replace = self.k_spin.value(), self.seed_spin.value(), self.replace_check.isChecked()
        actor = self.operator.actor()
        ctx = self.ctx

        def work(progress: Progress, cancelled: IsCancelled) -> AssignReport:
            with ws.session() as s:
                return assign.assign(s, round_id, k, seed, replace=replace, actor=actor)

        def done(report: AssignReport) -> None:
            self._report = report
            ctx.notify(Topic.ASSIGNMENTS)
            messages.status(self.tr("Assignment: {added} added, {removed} removed.").format(
                added=len(report.added), removed=len(report.removed)))

        self.assign_op = self.run(work, self.tr("Assigning dossiers to experts…"), success=done, cancellable=False)
        return self.assign_op

    def toggle(self, dossier_id: int, expert_id: int, assigned: bool) -> Operation[Toggle] | None:
        """Assign or withdraw one pair by hand (a refusal is shown with its reason)."""
        if not self.has_round():
            return None
        ws = self.ctx.require_workspace()
        round_id = self.round_id
        actor = self.operator.actor()
        ctx = self.ctx
        numbers = {d.id: d.number for d in self.model.matrix.dossiers}
        names = {e.id: e.name for e in self.model.matrix.experts}

        def work(progress: Progress, cancelled: IsCancelled) -> Toggle:
            with ws.session() as s:
                assign.set_assignment(s, round_id, dossier_id, expert_id, assigned, actor)
            return Toggle(numbers.get(dossier_id, ""), names.get(expert_id, ""), assigned)

        def done(t: Toggle) -> None:
            self._report = None
            ctx.notify(Topic.ASSIGNMENTS)
            text = (self.tr("{expert} now reviews {dossier}.") if t.assigned else
                    self.tr("{expert} no longer reviews {dossier}."))
            messages.status(text.format(expert=t.expert, dossier=t.dossier))

        def refused(exc: BaseException) -> None:
            messages.show_error(self, exc, title=self.tr("The assignment was not changed"), context="set assignment")
            self.reload()

        op: Operation[Toggle] = Operation(work, parent=self).success(done).failure(refused)
        self.toggle_op = op
        return op.run_in_background()

