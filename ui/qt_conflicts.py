"""Conflicts of interest before assigning, and full-text search over a round's dossiers.

Detection (``roster.detect_conflicts``) only *suspects*: an expert's organisation
matching the applicant, or the expert's name or organisation in the dossier's
text. The secretary sees each suspicion with its evidence — file, page and the
line with the hit highlighted — and confirms it (the pair is then blocked and an
assignment without a review is withdrawn) or dismisses it.

The search box finds pages containing every word typed, across all dossiers of
the round; it runs off the GUI thread and never blocks typing.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from reviewer import dossiers, roster
from reviewer.dossiers import Hit
from reviewer.payloads import CONFLICT_KINDS
from reviewer.rounds import get_round
from reviewer.workspace import Workspace, get_setting, set_setting
from ui import messages
from ui.i18n import pick
from ui.qt_desk import AppContext, Topic
from ui.qt_import import (
    STATE_COLOURS,
    ResultView,
    SecretaryPanel,
    SortProxy,
    make_view,
    state_colour,
    state_icon,
)
from ui.qt_models import ROW_ROLE, Column, RowTableModel
from ui.qt_worker import IsCancelled, Operation, Progress

#: Background of a highlighted hit (amber, readable under black text).
HIT_BACKGROUND = "#ffd54f"
#: Settings key (per round uid) remembering the state the last detection saw: dossiers:experts:indexed files.
CHECKED_KEY = "secretary.conflicts_checked.{uid}"

AnyIndex = QModelIndex | QPersistentModelIndex


# --- highlighting ---------------------------------------------------------------------------------


def highlight_html(text: str, terms: Sequence[str]) -> str:
    """``text`` as HTML with every occurrence of any term marked (case-insensitive, longest first)."""
    wanted = sorted({t for t in terms if t and t.strip()}, key=len, reverse=True)
    if not wanted:
        return html.escape(text)
    pattern = re.compile("|".join(re.escape(t) for t in wanted), re.IGNORECASE)
    out: list[str] = []
    last = 0
    for m in pattern.finditer(text):
        out.append(html.escape(text[last:m.start()]))
        out.append(f'<span style="background-color:{HIT_BACKGROUND}; color:#000000; font-weight:600">'
                   f"{html.escape(m.group(0))}</span>")
        last = m.end()
    out.append(html.escape(text[last:]))
    return "".join(out)


class HighlightDelegate(QStyledItemDelegate):
    """Paints a cell's text with the hits of ``terms(index)`` highlighted (one line, clipped).

    Painting uses only the model's display text: no database access here.
    """

    def __init__(self, terms: Callable[[AnyIndex], Sequence[str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._terms = terms

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)
        doc = QTextDocument()
        doc.setDocumentMargin(0)
        doc.setDefaultFont(opt.font)
        doc.setHtml(highlight_html(" ".join(text.split()), self._terms(index)))
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        context = QAbstractTextDocumentLayout.PaintContext()
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(role))
        painter.save()
        painter.setClipRect(rect)
        top = rect.top() + max(0.0, (rect.height() - doc.size().height()) / 2)
        painter.translate(rect.left() + 3, top)
        context.clip = QRectF(0, 0, rect.width() - 3, rect.height())
        doc.documentLayout().draw(painter, context)
        painter.restore()


# --- conflict rows --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    """One line of a dossier that supports a suspicion."""

    file: str
    page: int
    line: str


@dataclass(frozen=True)
class ConflictRow:
    """A conflict between an expert and a dossier, as plain values."""

    id: int
    dossier: str
    title: str
    applicant: str
    expert: str
    organisation: str
    kind: str
    origin: str
    status: str
    reason: str
    evidence: tuple[Evidence, ...]
    #: What the evidence lines are highlighted for: the expert's name and organisation.
    terms: tuple[str, ...]

    @property
    def decidable(self) -> bool:
        """The secretary may confirm or dismiss it (an expert's own declaration stands)."""
        return self.origin != "expert"


def expert_terms(name: str, organisation: str) -> tuple[str, ...]:
    """The words detection looks for, to highlight them (name, organisation, its core without suffixes)."""
    terms = [name.strip(), organisation.strip()]
    core = roster.normalise_org(organisation)
    if len(core) >= 4:
        terms.append(core)
    return tuple(t for t in terms if len(t) >= 2)


def conflict_rows(ctx: AppContext, round_id: int) -> list[ConflictRow]:
    rows: list[ConflictRow] = []
    with ctx.session() as s:
        for c in roster.list_conflicts(s, round_id):
            evidence = tuple(Evidence(str(e.get("file", "")), int(e.get("page", 0) or 0), str(e.get("line", "")))
                             for e in (c.evidence or []) if isinstance(e, dict))
            rows.append(ConflictRow(
                id=c.id, dossier=c.dossier.number, title=c.dossier.title, applicant=c.dossier.applicant,
                expert=c.expert.name, organisation=c.expert.organisation, kind=c.kind, origin=c.origin,
                status=c.status, reason=c.reason, evidence=evidence,
                terms=expert_terms(c.expert.name, c.expert.organisation),
            ))
    return rows


#: Conflict status → state kind.
CONFLICT_STATE = {"suspected": "warn", "confirmed": "block", "declared": "block", "dismissed": "same"}


def conflict_status_name(status: str) -> str:
    names = {
        "suspected": QCoreApplication.translate("ConflictsPanel", "To decide"),
        "confirmed": QCoreApplication.translate("ConflictsPanel", "Confirmed"),
        "declared": QCoreApplication.translate("ConflictsPanel", "Declared by the expert"),
        "dismissed": QCoreApplication.translate("ConflictsPanel", "Dismissed"),
    }
    return names.get(status, status)


def conflict_origin_name(origin: str) -> str:
    names = {
        "detected": QCoreApplication.translate("ConflictsPanel", "Found in the dossier"),
        "expert": QCoreApplication.translate("ConflictsPanel", "The expert"),
        "secretary": QCoreApplication.translate("ConflictsPanel", "The secretary"),
    }
    return names.get(origin, origin)


def conflict_kind_name(kind: str) -> str:
    zh, en = CONFLICT_KINDS.get(kind, (kind, kind))
    return pick(zh, en)


def _first_evidence(row: ConflictRow) -> str:
    if not row.evidence:
        return ""
    e = row.evidence[0]
    text = QCoreApplication.translate("ConflictsPanel", "{file} p.{page}: {line}").format(
        file=e.file, page=e.page, line=e.line)
    if len(row.evidence) > 1:
        text += " " + QCoreApplication.translate("ConflictsPanel", "(+{n} more)").format(n=len(row.evidence) - 1)
    return text


def make_conflict_model(parent: QWidget | None = None) -> RowTableModel[ConflictRow]:
    columns: list[Column[ConflictRow]] = [
        Column("status", lambda: QCoreApplication.translate("ConflictsPanel", "Status"),
               lambda r: conflict_status_name(r.status),
               decoration=lambda r: state_icon(CONFLICT_STATE.get(r.status, "todo")),
               foreground=lambda r: state_colour(CONFLICT_STATE.get(r.status, "todo"))),
        Column("expert", lambda: QCoreApplication.translate("ConflictsPanel", "Expert"), lambda r: r.expert,
               tooltip=lambda r: r.organisation),
        Column("dossier", lambda: QCoreApplication.translate("ConflictsPanel", "Dossier"), lambda r: r.dossier,
               tooltip=lambda r: f"{r.title}\n{r.applicant}"),
        Column("applicant", lambda: QCoreApplication.translate("ConflictsPanel", "Applicant"), lambda r: r.applicant),
        Column("kind", lambda: QCoreApplication.translate("ConflictsPanel", "Kind"),
               lambda r: conflict_kind_name(r.kind),
               tooltip=lambda r: r.reason),
        Column("evidence", lambda: QCoreApplication.translate("ConflictsPanel", "Evidence"), _first_evidence,
               tooltip=lambda r: r.reason),
    ]
    return RowTableModel(columns, parent=parent)


def make_evidence_model(parent: QWidget | None = None) -> RowTableModel[Evidence]:
    columns: list[Column[Evidence]] = [
        Column("file", lambda: QCoreApplication.translate("ConflictsPanel", "File"), lambda e: e.file),
        Column("page", lambda: QCoreApplication.translate("ConflictsPanel", "Page"), lambda e: e.page),
        Column("line", lambda: QCoreApplication.translate("ConflictsPanel", "Line"), lambda e: e.line,
               tooltip=lambda e: e.line),
    ]
    return RowTableModel(columns, parent=parent)


class ConflictFilter(SortProxy):
    """Shows the suspicions still to decide, or every conflict of the round."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.show_all = False

    def set_show_all(self, show_all: bool) -> None:
        self.beginFilterChange()
        self.show_all = show_all
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        if self.show_all or model is None:
            return True
        row = model.index(source_row, 0, source_parent).data(ROW_ROLE)
        return isinstance(row, ConflictRow) and row.status == "suspected"


def detection_state(ws: Workspace, round_id: int) -> str:
    """What detection depends on: the counts of dossiers, experts and indexed files."""
    with ws.session() as s:
        rnd = get_round(s, round_id)
        experts = len(rnd.experts)
        dossier_count = len(rnd.dossiers)
        indexed = sum(1 for _n, f in dossiers.iter_round_files(s, round_id) if f.indexed)
    return f"{dossier_count}:{experts}:{indexed}"


def detection_is_current(ctx: AppContext, round_id: int) -> bool:
    """Whether conflicts were looked for since the dossiers, the roster or the text index last changed."""
    ws = ctx.require_workspace()
    with ws.session() as s:
        stored = get_setting(s, CHECKED_KEY.format(uid=get_round(s, round_id).uid))
    return stored is not None and stored == detection_state(ws, round_id)


@dataclass(frozen=True)
class Decision:
    conflict_id: int
    status: str


class ConflictsPanel(SecretaryPanel):
    """Step 3, second tab: likely conflicts with their evidence; confirm or dismiss each."""

    #: A detection or decision changed the conflicts (the desk refreshes the workflow).
    changed = Signal()
    #: A detection finished with this many suspicions still to decide.
    detected = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detect_op: Operation[int] | None = None
        self.decide_op: Operation[Decision] | None = None

        self.detect_button = QPushButton()
        self.detect_button.setObjectName("detectConflicts")
        self.detect_button.clicked.connect(self.detect)
        self.filter_combo = QComboBox()
        self.filter_combo.setObjectName("conflictFilter")
        self.filter_combo.addItems(["", ""])
        self.filter_combo.currentIndexChanged.connect(self._filter_changed)
        self.summary = QLabel()
        self.summary.setObjectName("conflictSummary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        top = QHBoxLayout()
        top.addWidget(self.detect_button)
        top.addWidget(self.filter_combo)
        top.addWidget(self.summary, 1)

        self.model = make_conflict_model(self)
        self.proxy = ConflictFilter(self)
        self.proxy.setSourceModel(self.model)
        self.view = ResultView(self)
        self.view.setObjectName("conflictTable")
        self.view.setModel(self.proxy)
        self.view.setSelectionMode(ResultView.SelectionMode.SingleSelection)
        self.view.sortByColumn(2, Qt.SortOrder.AscendingOrder)
        evidence_column = self.model.column_index("evidence")
        self.view.setItemDelegateForColumn(evidence_column, HighlightDelegate(self._row_terms, self.view))
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._show_current())

        self.heading = QLabel()
        self.heading.setObjectName("conflictHeading")
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.evidence_model = make_evidence_model(self)
        self.evidence_view, _proxy = make_view(self.evidence_model, self)
        self.evidence_view.setObjectName("evidenceTable")
        line_column = self.evidence_model.column_index("line")
        self.evidence_view.setItemDelegateForColumn(line_column, HighlightDelegate(self._current_terms,
                                                                                   self.evidence_view))
        self.confirm_button = QPushButton()
        self.confirm_button.setObjectName("confirmConflict")
        self.confirm_button.setIcon(state_icon("block"))
        self.confirm_button.clicked.connect(lambda: self.decide(True))
        self.dismiss_button = QPushButton()
        self.dismiss_button.setObjectName("dismissConflict")
        self.dismiss_button.setIcon(state_icon("same"))
        self.dismiss_button.clicked.connect(lambda: self.decide(False))
        decide_row = QHBoxLayout()
        decide_row.addWidget(self.heading, 1)
        decide_row.addWidget(self.confirm_button, 0, Qt.AlignmentFlag.AlignTop)
        decide_row.addWidget(self.dismiss_button, 0, Qt.AlignmentFlag.AlignTop)
        self.evidence_box = QGroupBox()
        box_layout = QVBoxLayout(self.evidence_box)
        box_layout.addLayout(decide_row)
        box_layout.addWidget(self.evidence_view, 1)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.view)
        splitter.addWidget(self.evidence_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        self.retranslate()
        self._show_current()

    def retranslate(self) -> None:
        self.detect_button.setText(self.tr("Find conflicts"))
        self.detect_button.setToolTip(self.tr(
            "Compare every expert with every dossier: same organisation as the applicant, or the expert's name "
            "or organisation in the dossier's text"))
        self.filter_combo.setItemText(0, self.tr("To decide"))
        self.filter_combo.setItemText(1, self.tr("All conflicts"))
        self.evidence_box.setTitle(self.tr("Evidence"))
        self.confirm_button.setText(self.tr("Confirm conflict"))
        self.confirm_button.setToolTip(self.tr("The expert must not review this dossier; an assignment without a "
                                               "review is withdrawn"))
        self.dismiss_button.setText(self.tr("Dismiss"))
        self.dismiss_button.setToolTip(self.tr("No conflict: the pair may be assigned"))
        self.model.retranslate()
        self.evidence_model.retranslate()
        self._show_summary()
        self._show_current()

    # --- reading ------------------------------------------------------------------------------

    def reload(self) -> None:
        keep = self.current_row()
        rows: list[ConflictRow] = []
        if self.has_round():
            try:
                rows = conflict_rows(self.ctx, self.round_id)
            except Exception as exc:  # the boundary: keep the desk usable
                messages.show_status_error(exc, context="conflicts")
        self.model.set_rows(rows)
        self._fit()
        self.detect_button.setEnabled(self.has_round())
        self._select(keep.id if keep is not None else None)
        self._show_summary()
        self._show_current()

    def _filter_changed(self, index: int) -> None:
        keep = self.current_row()
        self.proxy.set_show_all(index == 1)
        self._fit()
        self._select(keep.id if keep is not None else None)
        self._show_current()

    def _fit(self) -> None:
        self.view.fit_columns(stretch="evidence", caps={"applicant": 240, "expert": 160, "status": 200})

    def _show_summary(self) -> None:
        rows = self.model.rows()
        counts = {k: sum(1 for r in rows if r.status == k) for k in CONFLICT_STATE}
        if not rows:
            self.summary.setText(self.tr("No likely conflicts found so far."))
            return
        parts = []
        for status in ("suspected", "confirmed", "declared", "dismissed"):
            if counts[status]:
                colour = STATE_COLOURS[CONFLICT_STATE[status]]
                parts.append(f'<span style="color:{colour}">●</span> '
                             f"{html.escape(conflict_status_name(status))} {counts[status]}")
        self.summary.setText(" &nbsp; ".join(parts))

    def current_row(self) -> ConflictRow | None:
        index = self.view.currentIndex()
        row = index.data(ROW_ROLE) if index.isValid() else None
        return row if isinstance(row, ConflictRow) else None

    def _select(self, conflict_id: int | None, fallback_row: int = 0) -> None:
        target = None
        for r in range(self.proxy.rowCount()):
            row = self.proxy.index(r, 0).data(ROW_ROLE)
            if isinstance(row, ConflictRow) and row.id == conflict_id:
                target = r
                break
        if target is None and self.proxy.rowCount():
            target = min(fallback_row, self.proxy.rowCount() - 1)
        if target is not None:
            self.view.setCurrentIndex(self.proxy.index(target, 0))

    def select_conflict(self, dossier: str, expert: str) -> bool:
        """Make the conflict of this pair current (showing every conflict if needed)."""
        for show_all in (False, True):
            if show_all:
                self.filter_combo.setCurrentIndex(1)
            for r in range(self.proxy.rowCount()):
                row = self.proxy.index(r, 0).data(ROW_ROLE)
                if isinstance(row, ConflictRow) and (row.dossier, row.expert) == (dossier, expert):
                    self.view.setCurrentIndex(self.proxy.index(r, 0))
                    return True
        return False

    def _row_terms(self, index: AnyIndex) -> Sequence[str]:
        row = index.data(ROW_ROLE)
        return row.terms if isinstance(row, ConflictRow) else ()

    def _current_terms(self, _index: AnyIndex) -> Sequence[str]:
        row = self.current_row()
        return row.terms if row is not None else ()

    def _show_current(self) -> None:
        row = self.current_row()
        self.evidence_model.set_rows(row.evidence if row is not None else ())
        self.evidence_view.fit_columns(stretch="line", caps={"file": 260})
        decidable = row is not None and row.decidable and self.has_round()
        self.confirm_button.setEnabled(decidable and row is not None and row.status != "confirmed")
        self.dismiss_button.setEnabled(decidable and row is not None and row.status != "dismissed")
        if row is None:
            self.heading.setText(self.tr("Select a conflict to see why it was suspected."))
            return
        pair = self.tr("<b>{expert}</b> ({organisation}) and <b>{dossier}</b> {title} ({applicant})").format(
            expert=html.escape(row.expert), organisation=html.escape(row.organisation or "—"),
            dossier=html.escape(row.dossier), title=html.escape(row.title), applicant=html.escape(row.applicant or "—"))
        state = CONFLICT_STATE.get(row.status, "todo")
        status = (f'<span style="color:{STATE_COLOURS[state]}">●</span> '
                  f"{html.escape(conflict_status_name(row.status))} · {html.escape(conflict_origin_name(row.origin))}")
        reason = "<br>".join(html.escape(part) for part in row.reason.split("；") if part)
        self.heading.setText(f"{pair}<br>{status}<br><span style='color:#555'>{reason}</span>")

    # --- work ---------------------------------------------------------------------------------

    def detect(self) -> Operation[int] | None:
        """Look for likely conflicts (runs in the worker; suspicions already decided keep their decision)."""
        if not self.has_round():
            return None
        ws = self.ctx.require_workspace()
        round_id = self.round_id
        actor = self.operator.actor()
        ctx = self.ctx

        def work(progress: Progress, cancelled: IsCancelled) -> int:
            with ws.session() as s:
                found = roster.detect_conflicts(s, round_id, actor=actor)
                uid = get_round(s, round_id).uid
                suspected = sum(1 for c in found if c.status == "suspected")
            state = detection_state(ws, round_id)
            with ws.session() as s:
                set_setting(s, CHECKED_KEY.format(uid=uid), state)
            return suspected

        def done(suspected: int) -> None:
            ctx.notify(Topic.CONFLICTS)
            self.changed.emit()
            self.detected.emit(suspected)
            messages.status(self.tr("Conflict check done: {n} likely conflicts to decide.").format(n=suspected))

        self.detect_op = self.run(work, self.tr("Looking for conflicts of interest…"), success=done,
                                  cancellable=False)
        return self.detect_op

    def decide(self, confirm: bool) -> Operation[Decision] | None:
        row = self.current_row()
        if row is None or not row.decidable:
            return None
        ws = self.ctx.require_workspace()
        actor = self.operator.actor()
        ctx = self.ctx
        fallback = self.view.currentIndex().row()

        def work(progress: Progress, cancelled: IsCancelled) -> Decision:
            with ws.session() as s:
                conflict = roster.decide_conflict(s, row.id, confirm, actor)
                return Decision(conflict.id, conflict.status)

        def done(decision: Decision) -> None:
            ctx.notify(Topic.CONFLICTS)
            ctx.notify(Topic.ASSIGNMENTS)
            self.changed.emit()
            self._select(decision.conflict_id if self.proxy.show_all else None, fallback)
            text = (self.tr("Conflict confirmed: {expert} will not review {dossier}.") if confirm else
                    self.tr("Dismissed: {expert} may review {dossier}."))
            messages.status(text.format(expert=row.expert, dossier=row.dossier))

        label = self.tr("Recording the decision…")
        self.decide_op = self.run(work, label, success=done, cancellable=False)
        return self.decide_op


# --- full-text search -------------------------------------------------------------------------------


def make_hit_model(parent: QWidget | None = None) -> RowTableModel[Hit]:
    columns: list[Column[Hit]] = [
        Column("dossier", lambda: QCoreApplication.translate("SearchPanel", "Dossier"), lambda h: h.dossier),
        Column("file", lambda: QCoreApplication.translate("SearchPanel", "File"), lambda h: h.file),
        Column("page", lambda: QCoreApplication.translate("SearchPanel", "Page"), lambda h: h.page),
        Column("snippet", lambda: QCoreApplication.translate("SearchPanel", "Text"), lambda h: h.snippet,
               tooltip=lambda h: h.snippet),
    ]
    return RowTableModel(columns, parent=parent)


#: Most hits shown; a search this broad needs more words anyway.
SEARCH_LIMIT = 500
#: Typing pauses this long before a search starts.
SEARCH_DELAY_MS = 300


class SearchPanel(SecretaryPanel):
    """Step 3, third tab: find words in every dossier of the round (dossier, file, page, text).

    Signals:
        searched(int): a search finished with this many hits (tests wait on it).
    """

    searched = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._generation = 0
        self.search_op: Operation[list[Hit]] | None = None
        self.query_edit = QLineEdit()
        self.query_edit.setObjectName("searchQuery")
        self.query_edit.setClearButtonEnabled(True)
        self.query_edit.textChanged.connect(self._schedule)
        self.query_edit.returnPressed.connect(self.search_now)
        self.count_label = QLabel()
        self.count_label.setObjectName("searchCount")
        top = QHBoxLayout()
        top.addWidget(self.query_edit, 1)
        top.addWidget(self.count_label)
        self.model = make_hit_model(self)
        self.view, self.proxy = make_view(self.model, self)
        self.view.setObjectName("searchResults")
        self.view.setItemDelegateForColumn(self.model.column_index("snippet"),
                                           HighlightDelegate(lambda _i: self._terms, self.view))
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setEnabled(False)
        self._terms: tuple[str, ...] = ()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_DELAY_MS)
        self.timer.timeout.connect(self.search_now)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.hint)
        layout.addWidget(self.view, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.query_edit.setPlaceholderText(self.tr("Search all dossiers of the round (names, organisations, "
                                                   "any words)…"))
        self.hint.setText(self.tr("Pages containing every word typed are listed; words are separated by spaces. "
                                  "Only indexed text can be found."))
        self.model.retranslate()
        self._show_count()

    def reload(self) -> None:
        self.query_edit.setEnabled(self.has_round())
        if self.query_edit.text().strip():
            self.search_now()

    def _schedule(self, _text: str) -> None:
        self.timer.start()

    def search_now(self) -> Operation[list[Hit]] | None:
        """Search for the box's text off the GUI thread; older searches still running are ignored."""
        self.timer.stop()
        query = self.query_edit.text().strip()
        self._generation += 1
        generation = self._generation
        if not query or not self.has_round():
            self._terms = ()
            self.model.set_rows([])
            self._show_count()
            self.searched.emit(0)
            return None
        ws = self.ctx.require_workspace()
        round_id = self.round_id

        def work(progress: Progress, cancelled: IsCancelled) -> list[Hit]:
            with ws.session() as s:
                return dossiers.search(s, round_id, query, limit=SEARCH_LIMIT)

        def done(hits: list[Hit]) -> None:
            if generation != self._generation:
                return
            self._terms = tuple(dossiers.normalise_text(t) for t in query.split())
            self.model.set_rows(hits)
            self.view.fit_columns(stretch="snippet", caps={"file": 260})
            self._show_count()
            self.searched.emit(len(hits))

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                messages.show_status_error(exc, context="search")
                self.searched.emit(0)

        op: Operation[list[Hit]] = Operation(work, exclusive=False, parent=self).success(done).failure(failed)
        self.search_op = op
        return op.run_in_background()

    def _show_count(self) -> None:
        n = self.model.rowCount()
        if not self.query_edit.text().strip():
            self.count_label.clear()
        elif n >= SEARCH_LIMIT:
            self.count_label.setText(self.tr("first {n} pages").format(n=n))
        else:
            self.count_label.setText(self.tr("{n} pages").format(n=n))
