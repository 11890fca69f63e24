"""The expert's workstation: the work list, then the dossier on the left and the form on the right.

What an expert does here, in order: open the bundle from the secretary (File ▸ Open
bundle…, or drop it on the window); set up a profile once (organisation, key
passphrase, handwritten signature); for each assigned dossier declare a conflict
of interest or confirm there is none, read it, score it, sign and submit; hand back
one return file (File ▸ Export return…). Scores can also be typed offline into
the XLSX template and imported.

Nothing typed is ever lost: the scoring panel (:mod:`ui.qt_scoring`) commits each
field after a short pause and when it is left, and every commit becomes one
``scoring.update_review`` call on the serial worker, each in its own transaction,
so the database is at most about half a second behind the keyboard. The open
dossier is remembered in the workspace settings, so after a crash the desk opens
where the expert was.

Reads the desk shows are quick queries on the GUI thread (``scoring.expert_overview``);
every write (declarations, drafts, autosaves, submissions, imports, exports) runs
through :class:`ui.qt_worker.Operation`. Item models are adapters over the
overview rows; nothing queries the database while painting.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QSettings,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QFont, QIcon, QKeySequence, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from forms.model import Form
from reviewer import keys, reading, rounds, scoring
from reviewer.bundle import BundleSummary, import_bundle
from reviewer.crypto import fingerprint
from reviewer.errors import KeyProblem, NotFound
from reviewer.exchange import BUNDLE_SUFFIX, RETURN_SUFFIX
from reviewer.payloads import CONFLICT_KINDS
from reviewer.reading import ReadingStore
from reviewer.returns import export_return
from reviewer.scoring import OVERVIEW_STATUSES, OverviewRow
from reviewer.workspace import Workspace, set_setting
from ui import messages, qt_worker
from ui.i18n import pick
from ui.qt_desk import NO_ROUND, ROLE_EXPERT, Desk, Topic
from ui.qt_expert_dialogs import (
    ConflictDialog,
    DossierInfo,
    FileDialog,
    PassphraseDialog,
    ProblemListDialog,
    Profile,
    ReopenReviewDialog,
    SetupDialog,
    SetupResult,
    SubmitDialog,
    SubmitSummary,
)
from ui.qt_models import ROW_ROLE, SORT_ROLE, Column, RowTableModel, setup_row_table
from ui.qt_pdfviewer import DossierViewer, ViewerFile
from ui.qt_scoring import (
    Change,
    Problem,
    ReviewValues,
    ScoringPanel,
    fmt_total,
    pair_problems,
    problem_targets,
    values_from_review,
)
from ui.qt_worker import IsCancelled, Operation, Progress

if TYPE_CHECKING:
    from ui.qt_mainwindow import MainWindow

#: Workspace setting remembering the dossier open on the desk: {"round": uid, "number": number}.
OPEN_DOSSIER_SETTING = "expert.open_dossier"
#: QSettings key of the folder last used for the expert's files.
KEY_LAST_FOLDER = "expert/last_folder"
#: QSettings keys of the desk's layout: the viewer/form split and the viewer's sidebar.
KEY_SPLITTER = "expert/splitter"
KEY_SIDEBAR = "expert/viewer_sidebar"

#: Status → colour of its icon and text (colour never alone: icon and words too).
STATUS_COLOURS: dict[str, str] = {
    "not_started": "#78909c",
    "draft": "#ef8f00",
    "submitted": "#2e7d32",
    "conflict": "#8e24aa",
}
#: Order of the statuses in the filter and when sorting by status.
STATUS_ORDER = ("not_started", "draft", "submitted", "conflict")

_UNSAFE_FILENAME = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]+')


def status_name(status: str) -> str:
    zh, en = OVERVIEW_STATUSES.get(status, (status, status))
    return pick(zh, en[:1].upper() + en[1:])


def conflict_kind_name(kind: str) -> str:
    zh, en = CONFLICT_KINDS.get(kind, (kind, kind))
    return pick(zh, en)


@cache
def status_pixmap(status: str, size: int = 16) -> QPixmap:
    """A badge per status: hollow ring, half-filled dot, check mark, barred circle (drawn at any size)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(size / 16, size / 16)
    colour = QColor(STATUS_COLOURS.get(status, "#78909c"))
    if status == "not_started":
        painter.setPen(QPen(colour, 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(3, 3, 10, 10)
    elif status == "draft":
        painter.setPen(QPen(colour, 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(2, 2, 12, 12)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawPie(2, 2, 12, 12, 90 * 16, 180 * 16)
    elif status == "submitted":
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawEllipse(1, 1, 14, 14)
        pen = QPen(QColor("white"), 2.2)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.drawPolyline([QPointF(4.5, 8.3), QPointF(7, 10.8), QPointF(11.6, 5.4)])
    else:
        painter.setPen(QPen(colour, 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(2, 2, 12, 12)
        painter.drawLine(QPointF(4.2, 11.8), QPointF(11.8, 4.2))
    painter.end()
    return pixmap


@cache
def status_icon(status: str) -> QIcon:
    return QIcon(status_pixmap(status, 16))


def safe_filename(text: str) -> str:
    return _UNSAFE_FILENAME.sub("_", text).strip(" ._")[:80] or "reviewer"


def _local_time(value: dt.datetime | None = None) -> str:
    when = value.astimezone() if value is not None else dt.datetime.now()
    return when.strftime("%H:%M:%S")


# --- the work list ----------------------------------------------------------------------------------


def _progress_text(row: OverviewRow) -> str:
    if row.status == "conflict":
        return "—"
    return f"{row.scored}/{row.criteria}"


def make_worklist_model(parent: QObject | None = None) -> RowTableModel[OverviewRow]:
    """The expert's dossiers: status (icon, colour, words), what they are, how far, the total so far."""
    columns: list[Column[OverviewRow]] = [
        Column("status", lambda: QCoreApplication.translate("ExpertDesk", "Status"), lambda r: status_name(r.status),
               decoration=lambda r: status_icon(r.status),
               foreground=lambda r: QColor(STATUS_COLOURS.get(r.status, "#000000")),
               tooltip=lambda r: _status_tooltip(r)),
        Column("number", lambda: QCoreApplication.translate("ExpertDesk", "Number"), lambda r: r.number),
        Column("title", lambda: QCoreApplication.translate("ExpertDesk", "Title"), lambda r: r.title,
               tooltip=lambda r: f"{r.title}\n{r.applicant}"),
        Column("applicant", lambda: QCoreApplication.translate("ExpertDesk", "Applicant"), lambda r: r.applicant),
        Column("pages", lambda: QCoreApplication.translate("ExpertDesk", "Pages"), lambda r: r.pages),
        Column("scored", lambda: QCoreApplication.translate("ExpertDesk", "Scored"), _progress_text),
        Column("total", lambda: QCoreApplication.translate("ExpertDesk", "Total"), lambda r: r.total, decimals=2),
    ]
    return RowTableModel(columns, parent=parent)


def _status_tooltip(row: OverviewRow) -> str:
    text = status_name(row.status)
    if row.version and row.version > 1:
        text += " · " + QCoreApplication.translate("ExpertDesk", "version {n}").format(n=row.version)
    if row.status in ("draft", "not_started") and row.open_problems:
        missing = QCoreApplication.translate("ExpertDesk", "{n} point(s) missing before submission")
        text += "\n" + missing.format(n=row.open_problems)
    return text


class WorkFilter(QSortFilterProxyModel):
    """Filters the work list by status and by text (number, title, applicant); sorts numbers as numbers."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._status: str | None = None
        self._text = ""
        self.setSortRole(SORT_ROLE)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_status(self, status: str | None) -> None:
        self.beginFilterChange()
        self._status = status
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._text = text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        model = self.sourceModel()
        row = model.data(model.index(source_row, 0, source_parent), ROW_ROLE)
        if not isinstance(row, OverviewRow):
            return True
        if self._status is not None and row.status != self._status:
            return False
        if self._text:
            haystack = f"{row.number} {row.title} {row.applicant} {row.category}".casefold()
            return self._text in haystack
        return True

    def lessThan(self, left: QModelIndex | QPersistentModelIndex, right: QModelIndex | QPersistentModelIndex) -> bool:
        if left.column() == 0:
            a, b = left.data(ROW_ROLE), right.data(ROW_ROLE)
            if isinstance(a, OverviewRow) and isinstance(b, OverviewRow):
                return (STATUS_ORDER.index(a.status), a.number) < (STATUS_ORDER.index(b.status), b.number)
        a_value, b_value = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if a_value is None or b_value is None:
            return a_value is None and b_value is not None
        try:
            return bool(a_value < b_value)
        except TypeError:
            return str(a_value) < str(b_value)


def progress_summary(rows: Sequence[OverviewRow]) -> str:
    """已提交 12/20 · 草稿 3 · 回避 1 · 未开始 4"""
    counts = scoring.overview_counts(rows)
    submitted = QCoreApplication.translate("ExpertDesk", "Submitted {n}/{total}")
    parts = [submitted.format(n=counts["submitted"], total=counts["total"])]
    if counts["draft"]:
        parts.append(QCoreApplication.translate("ExpertDesk", "Drafts {n}").format(n=counts["draft"]))
    if counts["conflict"]:
        parts.append(QCoreApplication.translate("ExpertDesk", "Conflicts {n}").format(n=counts["conflict"]))
    if counts["not_started"]:
        parts.append(QCoreApplication.translate("ExpertDesk", "Not started {n}").format(n=counts["not_started"]))
    return " · ".join(parts)


# --- plain data the workers hand back ---------------------------------------------------------------


@dataclass(frozen=True)
class FileRef:
    """One PDF of the open dossier."""

    sha256: str
    name: str
    role: str
    pages: int
    path: Path


@dataclass(frozen=True)
class ReviewState:
    """The review on the desk, read in one session (plain values only)."""

    dossier_id: int
    number: str
    title: str
    applicant: str
    files: tuple[FileRef, ...]
    #: None when the dossier is locked by a conflict.
    review_id: int | None
    version: int
    status: str
    values: ReviewValues
    problems: tuple[Problem, ...]
    submitted_at: dt.datetime | None
    reopen_reason: str
    conflict_kind: str = ""
    conflict_reason: str = ""
    conflict_at: dt.datetime | None = None

    @property
    def info(self) -> DossierInfo:
        return DossierInfo(self.number, self.title, self.applicant)


@dataclass(frozen=True)
class SaveResult:
    review_id: int
    problems: tuple[Problem, ...]
    total: Decimal | None


def _problems(form: Form, review: Any) -> tuple[Problem, ...]:
    texts = scoring.problems(form, review)
    return tuple(pair_problems(texts, problem_targets(form, values_from_review(review))))


def read_state(s: Any, ws: Workspace, round_id: int, dossier_id: int) -> ReviewState:
    """The dossier, its files and the expert's current review, as plain data (no writes)."""
    rnd = rounds.get_round(s, round_id)
    me = scoring.me(s, rnd)
    dossier = next((d for d in rnd.dossiers if d.id == dossier_id), None)
    if dossier is None:
        raise NotFound(f"找不到申报材料 {dossier_id} (no such dossier)")
    files = tuple(FileRef(f.sha256, f.name, f.role, f.pages, ws.file_path(f.sha256)) for f in dossier.files)
    base = dict(dossier_id=dossier.id, number=dossier.number, title=dossier.title, applicant=dossier.applicant,
                files=files)
    conflict = scoring.blocking_conflict(s, dossier, me)
    if conflict is not None:
        return ReviewState(**base, review_id=None, version=0, status="conflict", values=ReviewValues(),
                           problems=(), submitted_at=None, reopen_reason="", conflict_kind=conflict.kind,
                           conflict_reason=conflict.reason, conflict_at=conflict.declared_at)
    review = scoring.current_review(s, dossier, me)
    if review is None:
        return ReviewState(**base, review_id=None, version=0, status="not_started", values=ReviewValues(),
                           problems=(), submitted_at=None, reopen_reason="")
    form = rounds.round_form(rnd)
    return ReviewState(
        **base, review_id=review.id, version=review.version, status=review.status,
        values=values_from_review(review),
        problems=_problems(form, review) if review.status == "draft" else (),
        submitted_at=review.submitted_at, reopen_reason=review.reopen_reason,
    )


def file_labels(files: Sequence[FileRef]) -> list[str]:
    """Tab labels: the file's role (申报书, 附件), numbered when a role repeats (附件1, 附件2)."""
    counts: dict[str, int] = {}
    for f in files:
        counts[f.role or f.name] = counts.get(f.role or f.name, 0) + 1
    seen: dict[str, int] = {}
    labels = []
    for f in files:
        role = f.role or f.name
        seen[role] = seen.get(role, 0) + 1
        labels.append(f"{role}{seen[role]}" if counts[role] > 1 else role)
    return labels


def _remember(s: Any, round_uid: str, number: str | None, file_sha: str = "") -> None:
    value = json.dumps({"round": round_uid, "number": number, "file": file_sha}) if number else ""
    set_setting(s, OPEN_DOSSIER_SETTING, value)


def _remembered(ws: Workspace) -> dict[str, str]:
    text = ws.get_setting(OPEN_DOSSIER_SETTING) or ""
    try:
        data = json.loads(text) if text else None
    except ValueError:
        return {}
    if isinstance(data, dict) and isinstance(data.get("round"), str) and isinstance(data.get("number"), str):
        return {k: v for k, v in data.items() if isinstance(v, str)}
    return {}


def remembered_dossier(ws: Workspace) -> tuple[str, str] | None:
    """(round uid, dossier number) open on the desk when the application last ran."""
    data = _remembered(ws)
    return (data["round"], data["number"]) if data else None


def remembered_file(ws: Workspace) -> str:
    """The sha256 of the file of that dossier being read ("" if unknown)."""
    return _remembered(ws).get("file", "")


# --- the desk ----------------------------------------------------------------------------------------


class ExpertDesk(Desk):
    """The expert's desk. See the module docstring.

    Signals:
        reviewShown(int): a dossier is on the desk (its id), its review loaded (or locked).
        saved(int): an autosave of the review with this id reached the database.
        listReloaded: the work list was read again.
    """

    desk_id = "expert"

    reviewShown = Signal(int)
    saved = Signal(int)
    listReloaded = Signal()

    PAGE_WELCOME, PAGE_LIST, PAGE_DESK = 0, 1, 2

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("expertDesk")
        self._rows: list[OverviewRow] = []
        self._round_uid = ""
        self._round_name = ""
        self._expert_name = ""
        self._organisation = ""
        self._form: Form | None = None
        self._state: ReviewState | None = None
        self._saves_started = 0
        self._saves_done = 0
        self._save_failed = False
        self._restored = False
        self._opening = False
        #: Dossier id → sha256 of the file last read in it.
        self._last_file: dict[int, str] = {}

        self._build_actions()
        self._build_welcome()
        self._build_list()
        self._build_desk()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.welcome_page)
        self.stack.addWidget(self.list_page)
        self.stack.addWidget(self.desk_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.retranslate()

    # --- building --------------------------------------------------------------------------------

    def _action(self, shortcuts: Sequence[str | QKeySequence.StandardKey] = (),
                slot: Callable[[], object] | None = None,
                context: Qt.ShortcutContext = Qt.ShortcutContext.WindowShortcut) -> QAction:
        action = QAction(self)
        keys_: list[QKeySequence] = []
        for s in shortcuts:
            if isinstance(s, QKeySequence.StandardKey):
                keys_ += QKeySequence.keyBindings(s)
            else:
                keys_.append(QKeySequence(s))
        if keys_:
            action.setShortcuts(keys_)
        action.setShortcutContext(context)
        if slot is not None:
            action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_actions(self) -> None:
        self.open_bundle_action = self._action(["Ctrl+Shift+O"], self.choose_bundle)
        self.open_bundle_action.setObjectName("openBundleAction")
        self.export_return_action = self._action(["Ctrl+E"], self.export_return)
        self.export_return_action.setObjectName("exportReturnAction")
        self.export_template_action = self._action((), self.export_template)
        self.export_template_action.setObjectName("exportTemplateAction")
        self.import_scores_action = self._action((), self.import_scores)
        self.import_scores_action.setObjectName("importScoresAction")
        self.profile_action = self._action((), self.edit_profile)
        self.profile_action.setObjectName("profileAction")
        self._file_separator = QAction(self)
        self._file_separator.setSeparator(True)

        within = Qt.ShortcutContext.WidgetWithChildrenShortcut
        self.next_page_action = self._action(["Ctrl+PgDown", "Alt+Right"], self._next_page, within)
        self.previous_page_action = self._action(["Ctrl+PgUp", "Alt+Left"], self._previous_page, within)
        self.next_dossier_action = self._action(["Ctrl+Shift+PgDown"], lambda: self._step_dossier(1), within)
        self.previous_dossier_action = self._action(["Ctrl+Shift+PgUp"], lambda: self._step_dossier(-1), within)
        self.back_action = self._action(["Alt+Home"], self.show_list, within)
        self.declare_action = self._action((), self.declare_conflict_now, within)
        self.find_action = self._action([QKeySequence.StandardKey.Find], self._focus_filter, within)

    def _build_welcome(self) -> None:
        self.welcome_page = QWidget()
        self.welcome_title = QLabel()
        self.welcome_title.setObjectName("welcomeTitle")
        font = QFont(self.welcome_title.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.welcome_title.setFont(font)
        self.welcome_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.welcome_text = QLabel()
        self.welcome_text.setWordWrap(True)
        self.welcome_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.welcome_text.setMaximumWidth(620)
        self.welcome_button = QPushButton()
        self.welcome_button.setObjectName("welcomeOpenBundle")
        self.welcome_button.clicked.connect(self.choose_bundle)
        box = QVBoxLayout(self.welcome_page)
        box.addStretch(2)
        box.addWidget(self.welcome_title)
        box.addSpacing(12)
        box.addWidget(self.welcome_text, 0, Qt.AlignmentFlag.AlignHCenter)
        box.addSpacing(18)
        box.addWidget(self.welcome_button, 0, Qt.AlignmentFlag.AlignHCenter)
        box.addStretch(3)

    def _build_list(self) -> None:
        self.list_page = QWidget()
        self.heading = QLabel()
        self.heading.setObjectName("worklistHeading")
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.heading.setFont(font)
        self.subheading = QLabel()
        self.subheading.setObjectName("worklistSubheading")
        self.subheading.setStyleSheet("color: #5f6b7a;")
        self.progress_label = QLabel()
        self.progress_label.setObjectName("progressSummary")
        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("progressBar")
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setFixedHeight(8)
        self.setup_banner = QFrame()
        self.setup_banner.setObjectName("setupBanner")
        self.setup_banner.setStyleSheet(
            "QFrame#setupBanner { background: #fff8e1; border: 1px solid #ffe082; border-radius: 4px; }")
        self.setup_text = QLabel()
        self.setup_text.setWordWrap(True)
        self.setup_button = QPushButton()
        self.setup_button.setObjectName("setupButton")
        self.setup_button.clicked.connect(self.edit_profile)
        banner_layout = QHBoxLayout(self.setup_banner)
        banner_layout.setContentsMargins(10, 6, 10, 6)
        banner_layout.addWidget(self.setup_text, 1)
        banner_layout.addWidget(self.setup_button)
        self.setup_banner.setVisible(False)

        self.status_filter = QComboBox()
        self.status_filter.setObjectName("statusFilter")
        self.status_filter.addItem("", None)
        for status in STATUS_ORDER:
            self.status_filter.addItem(status_icon(status), "", status)
        self.status_filter.currentIndexChanged.connect(self._status_filter_changed)
        self.text_filter = QLineEdit()
        self.text_filter.setObjectName("textFilter")
        self.text_filter.setClearButtonEnabled(True)
        self.text_filter.textChanged.connect(self._text_filter_changed)
        self.count_label = QLabel()
        self.count_label.setObjectName("worklistCount")
        filter_row = QHBoxLayout()
        filter_row.addWidget(self.status_filter)
        filter_row.addWidget(self.text_filter, 1)
        filter_row.addWidget(self.count_label)

        self.model = make_worklist_model(self)
        self.proxy = WorkFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("worklist")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
        setup_row_table(self.table)
        self.table.activated.connect(self._row_activated)
        self.model.modelReset.connect(self._fit_columns)
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)

        self.open_button = QPushButton()
        self.open_button.setObjectName("openDossier")
        self.open_button.clicked.connect(self._open_current)
        self.export_button = QPushButton()
        self.export_button.setObjectName("exportReturnButton")
        self.export_button.clicked.connect(self.export_return)
        self.profile_button = QPushButton()
        self.profile_button.setObjectName("profileButton")
        self.profile_button.clicked.connect(self.edit_profile)
        buttons = QHBoxLayout()
        buttons.addWidget(self.profile_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.open_button)

        layout = QVBoxLayout(self.list_page)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addWidget(self.heading)
        layout.addWidget(self.subheading)
        layout.addSpacing(4)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.setup_banner)
        layout.addSpacing(4)
        layout.addLayout(filter_row)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.list_page.addAction(self.find_action)

    def _build_desk(self) -> None:
        self.desk_page = QWidget()
        self.desk_page.setObjectName("deskPage")
        self.back_button = QToolButton()
        self.back_button.setObjectName("backButton")
        self.back_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.back_button.setArrowType(Qt.ArrowType.LeftArrow)
        self.back_button.setAutoRaise(True)
        self.back_button.clicked.connect(self.show_list)
        self.previous_button = QToolButton()
        self.previous_button.setObjectName("previousDossier")
        self.previous_button.setArrowType(Qt.ArrowType.UpArrow)
        self.previous_button.setAutoRaise(True)
        self.previous_button.clicked.connect(lambda: self._step_dossier(-1))
        self.next_button = QToolButton()
        self.next_button.setObjectName("nextDossier")
        self.next_button.setArrowType(Qt.ArrowType.DownArrow)
        self.next_button.setAutoRaise(True)
        self.next_button.clicked.connect(lambda: self._step_dossier(1))
        self.position_label = QLabel()
        self.position_label.setObjectName("dossierPosition")
        self.position_label.setStyleSheet("color: #5f6b7a;")
        self.dossier_label = QLabel()
        self.dossier_label.setObjectName("dossierLabel")
        self.dossier_label.setTextFormat(Qt.TextFormat.RichText)
        self.dossier_label.setSizePolicy(self.dossier_label.sizePolicy().horizontalPolicy(),
                                         self.dossier_label.sizePolicy().verticalPolicy())
        self.declare_button = QPushButton()
        self.declare_button.setObjectName("declareButton")
        self.declare_button.setAutoDefault(False)
        self.declare_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.declare_button.clicked.connect(self.declare_conflict_now)
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 4, 10, 4)
        bar.addWidget(self.back_button)
        bar.addWidget(self.previous_button)
        bar.addWidget(self.next_button)
        bar.addWidget(self.position_label)
        bar.addSpacing(8)
        bar.addWidget(self.dossier_label, 1)
        bar.addWidget(self.declare_button)

        self.viewer = DossierViewer()
        self.viewer.setObjectName("dossierViewer")
        self.viewer.fileChanged.connect(self._file_changed)
        self.panel = ScoringPanel()
        self.panel.edited.connect(self._save)
        self.panel.submitRequested.connect(self.submit)
        self.panel.reopenRequested.connect(self.reopen)
        self.panel.reserve_shortcuts(self.next_page_action.shortcuts() + self.previous_page_action.shortcuts()
                                     + self.next_dossier_action.shortcuts()
                                     + self.previous_dossier_action.shortcuts() + self.back_action.shortcuts())

        self.locked = QWidget()
        self.locked.setObjectName("lockedPage")
        self.locked_icon = QLabel()
        self.locked_icon.setPixmap(status_pixmap("conflict", 56))
        self.locked_icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.locked_text = QLabel()
        self.locked_text.setObjectName("lockedText")
        self.locked_text.setWordWrap(True)
        self.locked_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        card = QFrame()
        card.setObjectName("lockedCard")
        card.setStyleSheet("QFrame#lockedCard { background: palette(base); border: 1px solid #d9c2e0; "
                           "border-radius: 8px; }")
        card.setFixedWidth(560)
        card_layout = QVBoxLayout(card)
        card_layout.setContentsMargins(28, 24, 28, 24)
        card_layout.addWidget(self.locked_icon)
        card_layout.addWidget(self.locked_text)
        locked_layout = QVBoxLayout(self.locked)
        locked_layout.addStretch(1)
        locked_layout.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        locked_layout.addStretch(2)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("deskSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.viewer)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.panel.setMinimumWidth(400)
        self.splitter.setSizes([860, 600])
        settings = QSettings()
        state = settings.value(KEY_SPLITTER)
        if state is not None:
            self.splitter.restoreState(state)
        # The thumbnails take room the form needs; the toolbar button brings them back (remembered).
        self.viewer.set_sidebar_visible(settings.value(KEY_SIDEBAR, False, type=bool))
        self.viewer.sidebar_action.toggled.connect(lambda shown: QSettings().setValue(KEY_SIDEBAR, shown))
        self.splitter.splitterMoved.connect(lambda _pos, _index: QSettings().setValue(
            KEY_SPLITTER, self.splitter.saveState()))
        self.body = QStackedWidget()
        self.body.addWidget(self.splitter)
        self.body.addWidget(self.locked)

        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout = QVBoxLayout(self.desk_page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(line)
        layout.addWidget(self.body, 1)
        for action in (self.next_page_action, self.previous_page_action, self.next_dossier_action,
                       self.previous_dossier_action, self.back_action, self.declare_action):
            self.desk_page.addAction(action)

    # --- Desk --------------------------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("My reviews")

    def retranslate(self) -> None:
        self.open_bundle_action.setText(self.tr("Open &bundle…"))
        self.open_bundle_action.setStatusTip(
            self.tr("Import the bundle file (.rwbundle) you received from the secretary"))
        self.export_return_action.setText(self.tr("&Export return…"))
        self.export_return_action.setStatusTip(self.tr("Write the signed return file to hand back to the secretary"))
        self.export_template_action.setText(self.tr("Export scoring &template (XLSX)…"))
        self.export_template_action.setStatusTip(self.tr("A spreadsheet to fill in offline and import later"))
        self.import_scores_action.setText(self.tr("&Import scores…"))
        self.import_scores_action.setStatusTip(self.tr("Import scores from a filled-in template or a score CSV"))
        self.profile_action.setText(self.tr("My &profile and signature…"))
        self.next_page_action.setText(self.tr("Next page"))
        self.previous_page_action.setText(self.tr("Previous page"))
        self.next_dossier_action.setText(self.tr("Next dossier"))
        self.previous_dossier_action.setText(self.tr("Previous dossier"))
        self.back_action.setText(self.tr("Back to the work list"))
        self.declare_action.setText(self.tr("Declare a conflict…"))
        self.find_action.setText(self.tr("Find dossier"))

        self.welcome_title.setText(self.tr("Welcome to your reviewing desk"))
        self.welcome_text.setText(self.tr(
            "Open the bundle file (.rwbundle) the committee secretary sent you: File ▸ Open bundle…, or drag the "
            "file onto this window. It holds your dossiers and the scoring form; nothing is sent over a network."))
        self.welcome_button.setText(self.tr("Open bundle…"))

        self.status_filter.setItemText(0, self.tr("All statuses"))
        for i, status in enumerate(STATUS_ORDER, start=1):
            self.status_filter.setItemText(i, status_name(status))
        self.text_filter.setPlaceholderText(self.tr("Filter by number, title, applicant…"))
        self.open_button.setText(self.tr("Open dossier"))
        self.export_button.setText(self.tr("Export return…"))
        self.profile_button.setText(self.tr("My profile and signature…"))
        self.setup_text.setText(self.tr(
            "Your handwritten signature is not set up yet. It is printed next to your digital signature on the "
            "review sheets."))
        self.setup_button.setText(self.tr("Set up now…"))

        self.back_button.setText(self.tr("Work list"))
        self.back_button.setToolTip(self.tr("Back to the work list (Alt+Home)"))
        self.previous_button.setToolTip(self.tr("Previous dossier (Ctrl+Shift+PgUp)"))
        self.next_button.setToolTip(self.tr("Next dossier (Ctrl+Shift+PgDown)"))
        self.declare_button.setText(self.tr("Declare conflict…"))
        self.declare_button.setToolTip(self.tr("Found a conflict of interest while reading? Declare it here (回避)."))
        self.model.retranslate()
        self._show_heading()
        self._show_state_header()
        self._update_count()

    def file_actions(self) -> Sequence[QAction]:
        return (self.open_bundle_action, self.export_return_action, self.export_template_action,
                self.import_scores_action, self.profile_action, self._file_separator)

    def can_drop(self, paths: Sequence[Path]) -> bool:
        return any(p.suffix.lower() == BUNDLE_SUFFIX for p in paths) and self._ctx is not None \
            and self.ctx.role in (None, ROLE_EXPERT)

    def drop_files(self, paths: Sequence[Path]) -> None:
        bundle = next((p for p in paths if p.suffix.lower() == BUNDLE_SUFFIX), None)
        if bundle is not None:
            self.open_bundle(bundle)

    def on_data_changed(self, topic: str) -> None:
        if topic in (Topic.ROUNDS, Topic.DOSSIERS, Topic.ASSIGNMENTS, Topic.CONFLICTS, Topic.REVIEWS, Topic.ALL,
                     Topic.ROLE):
            self.reload()

    def on_round_changed(self, round_id: int) -> None:
        if self._state is not None:
            self._leave_review()
            self.stack.setCurrentIndex(self.PAGE_LIST)
        self.reload()

    def reload(self) -> None:
        """Read the work list of the selected round (a quick query) and show the right page."""
        ctx = self.ctx
        ws = ctx.workspace
        role = ctx.role
        self._update_actions()
        if ws is None or role != ROLE_EXPERT or ctx.round_id == NO_ROUND:
            self._rows = []
            self.model.set_rows([])
            self.stack.setCurrentIndex(self.PAGE_WELCOME)
            return
        try:
            with ctx.session() as s:
                rnd = rounds.get_round(s, ctx.round_id)
                me = scoring.me(s, rnd)
                rows = scoring.expert_overview(s, rnd, me)
                form = rounds.round_form(rnd)
                self._round_uid, self._round_name = rnd.uid, rnd.name
                self._expert_name = me.name
                organisation = me.organisation
            has_signature = keys.signature_image_path(ws).exists()
        except Exception as exc:  # the boundary: a damaged workspace must not kill the window
            messages.show_status_error(exc, context="expert work list")
            self._rows = []
            self.model.set_rows([])
            self.stack.setCurrentIndex(self.PAGE_WELCOME)
            return
        form_changed = self._form is not None and self._form.content_hash != form.content_hash
        self._form = form
        self.panel.set_form(form)
        self._organisation = organisation
        self._set_rows(rows)
        self.setup_banner.setVisible(not has_signature)
        self._show_heading()
        if self.stack.currentIndex() == self.PAGE_WELCOME:
            self.stack.setCurrentIndex(self.PAGE_LIST)
        if not self._restored:
            self._restored = True
            self._restore_open_dossier()
        elif form_changed and self._state is not None:
            self._reload_state()  # a newer bundle brought another form version: show the review again
        self.listReloaded.emit()

    def about_to_close(self) -> None:
        """Save what is typed, wait for the saves, close the viewer."""
        self.panel.flush()
        if self._saves_started != self._saves_done:
            qt_worker.serial_pool().waitForDone(15000)
        self._close_viewer()

    # --- the work list ----------------------------------------------------------------------------

    def rows(self) -> list[OverviewRow]:
        return list(self._rows)

    def _set_rows(self, rows: Sequence[OverviewRow]) -> None:
        current = self._state.dossier_id if self._state is not None else self._selected_dossier_id()
        self._rows = list(rows)
        self.model.set_rows(self._rows)
        counts = scoring.overview_counts(self._rows)
        self.progress_label.setText(progress_summary(self._rows))
        self.progress_bar.setRange(0, max(1, counts["total"]))
        self.progress_bar.setValue(counts["submitted"] + counts["conflict"])
        if current is not None:
            self._select_row(current)
        elif self.proxy.rowCount():
            self.table.setCurrentIndex(self.proxy.index(0, 0))
        self._update_count()
        self._update_navigation()

    def _show_heading(self) -> None:
        self.heading.setText(self._round_name)
        if self._expert_name:
            self.subheading.setText(self.tr("Reviewer: {name}").format(name=self._expert_name))
        else:
            self.subheading.clear()
        if self._rows:
            self.progress_label.setText(progress_summary(self._rows))

    def _selected_dossier_id(self) -> int | None:
        index = self.table.currentIndex()
        row = index.data(ROW_ROLE) if index.isValid() else None
        return row.dossier_id if isinstance(row, OverviewRow) else None

    def _select_row(self, dossier_id: int) -> None:
        for r in range(self.proxy.rowCount()):
            index = self.proxy.index(r, 0)
            row = index.data(ROW_ROLE)
            if isinstance(row, OverviewRow) and row.dossier_id == dossier_id:
                self.table.setCurrentIndex(index)
                self.table.scrollTo(index)
                return

    def _status_filter_changed(self, index: int) -> None:
        self.proxy.set_status(self.status_filter.itemData(index))
        self._update_count()

    def _text_filter_changed(self, text: str) -> None:
        self.proxy.set_text(text)
        self._update_count()

    def _focus_filter(self) -> None:
        self.text_filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.text_filter.selectAll()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if shown != total:
            self.count_label.setText(self.tr("{shown} of {total} dossiers").format(shown=shown, total=total))
        else:
            self.count_label.setText(self.tr("{n} dossiers").format(n=total))

    def _fit_columns(self) -> None:
        header = self.table.horizontalHeader()
        self.table.resizeColumnsToContents()
        header.setSectionResizeMode(self.model.column_index("title"), QHeaderView.ResizeMode.Stretch)
        applicant = self.model.column_index("applicant")
        header.resizeSection(applicant, min(header.sectionSize(applicant), 260))
        for key in ("total", "pages", "scored"):
            column = self.model.column_index(key)
            header.resizeSection(column, max(header.sectionSize(column), 72))

    def _row_activated(self, index: QModelIndex) -> None:
        row = index.data(ROW_ROLE)
        if isinstance(row, OverviewRow):
            self.open_dossier(row.dossier_id)

    def _open_current(self) -> None:
        dossier_id = self._selected_dossier_id()
        if dossier_id is not None:
            self.open_dossier(dossier_id)

    def row_for(self, dossier_id: int) -> OverviewRow | None:
        return next((r for r in self._rows if r.dossier_id == dossier_id), None)

    def show_list(self) -> None:
        """Back to the work list (what is typed is saved first; the list is read again)."""
        if self._state is not None:
            self._leave_review()
            self._forget_open_dossier()
        self.reload()
        self.stack.setCurrentIndex(self.PAGE_LIST if self._rows or self.ctx.role == ROLE_EXPERT else self.PAGE_WELCOME)
        self.table.setFocus()

    def _leave_review(self) -> None:
        self.panel.flush()
        self._state = None
        self._close_viewer()

    # --- opening a dossier ------------------------------------------------------------------------

    def open_dossier(self, dossier_id: int) -> None:
        """Put a dossier on the desk: declare first if needed, then load its review."""
        row = self.row_for(dossier_id)
        if row is None or self._opening:
            return
        if self._state is not None and self._state.dossier_id != dossier_id:
            self.panel.flush()
        ws = self.ctx.require_workspace()
        round_id = self.ctx.round_id
        round_uid = self._round_uid
        remembered = _remembered(ws)
        if dossier_id not in self._last_file and remembered.get("number") == row.number:
            self._last_file[dossier_id] = remembered.get("file", "")
        file_sha = self._last_file.get(dossier_id, "")
        answer = None
        if row.status != "conflict" and not row.no_conflict_confirmed:
            answer = ConflictDialog.ask(self, DossierInfo(row.number, row.title, row.applicant))
            if answer is None:
                return

        def work(progress: Progress, cancelled: IsCancelled) -> ReviewState:
            with ws.session() as s:
                rnd = rounds.get_round(s, round_id)
                me = scoring.me(s, rnd)
                dossier = scoring.find_dossier(s, rnd, row.number)
                if answer is not None and answer.conflict:
                    scoring.declare_conflict(s, rnd, dossier, me, answer.kind, answer.reason)
                elif row.status != "conflict":
                    if answer is not None:
                        scoring.confirm_no_conflict(s, rnd, dossier, me)
                    scoring.open_review(s, rnd, dossier, me)
                _remember(s, round_uid, row.number, file_sha)
            with ws.session() as s:
                return read_state(s, ws, round_id, dossier_id)

        self._opening = True
        op = Operation(work, parent=self)
        op.success(self._guard(lambda state: self._show_review(state, changed=answer is not None)))
        op.failure(self._guard(self._open_failed))
        op.finished.connect(self._guard(self._opening_done))
        op.run_in_background()

    def _opening_done(self) -> None:
        self._opening = False

    def _open_failed(self, exc: BaseException) -> None:
        messages.show_error(self, exc, context="open dossier")
        self.reload()

    def _show_review(self, state: ReviewState, *, changed: bool = False) -> None:
        same_dossier = self._state is not None and self._state.dossier_id == state.dossier_id
        self._state = state
        self._save_failed = False
        if state.status == "conflict":
            self._close_viewer()
            self.body.setCurrentWidget(self.locked)
            when = state.conflict_at.astimezone().strftime("%Y-%m-%d %H:%M") if state.conflict_at else ""
            self.locked_text.setText(self.tr(
                "<h3>You withdrew from this application (回避)</h3>"
                "<p>Declared {when} · {kind}</p><p>{reason}</p>"
                "<p style='color:#5f6b7a'>The declaration is signed and goes back with your return file. "
                "The application cannot be scored by you.</p>"
            ).format(when=when, kind=conflict_kind_name(state.conflict_kind), reason=_html(state.conflict_reason)))
            self.panel.set_mode("none")
        else:
            self.body.setCurrentWidget(self.splitter)
            if not same_dossier or not self.viewer_has_files():
                self._open_viewer(state.files)
            self._load_panel(state)
        self._show_state_header()
        if self.stack.currentIndex() != self.PAGE_DESK:
            self.stack.setCurrentIndex(self.PAGE_DESK)
        self._refresh_rows_quietly()
        if changed:
            self.ctx.notify(Topic.REVIEWS)
        self._update_navigation()
        self.reviewShown.emit(state.dossier_id)

    def _load_panel(self, state: ReviewState) -> None:
        read_only = state.status != "draft"
        status_text = ""
        if state.status == "submitted":
            when = state.submitted_at.astimezone().strftime("%Y-%m-%d %H:%M") if state.submitted_at else ""
            status_text = "✓ " + self.tr("Submitted and signed (version {version}, {when}). Read-only: reopen it "
                                         "to change anything.").format(version=state.version, when=when)
        elif state.version > 1 and state.reopen_reason:
            status_text = self.tr("Version {version}, reopened: {reason}").format(
                version=state.version, reason=state.reopen_reason)
        self.panel.load(state.values, read_only=read_only, status_text=status_text)
        self.panel.set_problems(state.problems)
        self.panel.set_mode("draft" if state.status == "draft" else "submitted")
        self.panel.show_save_state("", "")
        if not read_only:
            self.panel.focus_field(*self._first_open_field(state))

    def _first_open_field(self, state: ReviewState) -> tuple[str, str]:
        for problem in state.problems:
            if problem.kind is not None:
                return problem.kind, problem.key
        if self._form is not None and self._form.criteria:
            return "score", self._form.criteria[0].key
        return "comment", ""

    def _show_state_header(self) -> None:
        state = self._state
        if state is None:
            self.dossier_label.clear()
            return
        colour = STATUS_COLOURS.get("conflict" if state.status == "conflict" else
                                    ("submitted" if state.status == "submitted" else "draft"), "#000")
        status = status_name("conflict" if state.status == "conflict" else
                             ("submitted" if state.status == "submitted" else "draft"))
        version = self.tr(" · version {n}").format(n=state.version) if state.version > 1 else ""
        self.dossier_label.setText(
            f"<b>{_html(state.number)}</b>&nbsp;&nbsp;{_html(state.title)}"
            f"&nbsp;&nbsp;<span style='color:#5f6b7a'>{_html(state.applicant)}</span>"
            f"&nbsp;&nbsp;<span style='color:{colour}'>● {status}{version}</span>"
        )
        self.dossier_label.setToolTip(f"{state.number} {state.title}\n{state.applicant}")
        self.declare_button.setVisible(state.status != "conflict")
        self.declare_action.setEnabled(state.status != "conflict")

    def _restore_open_dossier(self) -> None:
        """After a restart (or a crash) put the dossier that was open back on the desk."""
        ws = self.ctx.workspace
        if ws is None:
            return
        remembered = remembered_dossier(ws)
        if remembered is None or remembered[0] != self._round_uid:
            return
        row = next((r for r in self._rows if r.number == remembered[1]), None)
        if row is None:
            return
        if row.status == "conflict" or row.no_conflict_confirmed or row.review_id is not None:
            self.open_dossier(row.dossier_id)

    def _forget_open_dossier(self) -> None:
        ws = self.ctx.workspace
        if ws is None:
            return

        def work(progress: Progress, cancelled: IsCancelled) -> None:
            with ws.session() as s:
                set_setting(s, OPEN_DOSSIER_SETTING, "")

        Operation(work, parent=self).failure(lambda exc: messages.log_exception(exc, "forget open dossier")) \
            .run_in_background()

    def _step_dossier(self, step: int) -> None:
        if self._state is None:
            return
        order = self._visible_order()
        if self._state.dossier_id not in order:
            return
        i = order.index(self._state.dossier_id) + step
        if 0 <= i < len(order):
            self.open_dossier(order[i])

    def _visible_order(self) -> list[int]:
        ids = []
        for r in range(self.proxy.rowCount()):
            row = self.proxy.index(r, 0).data(ROW_ROLE)
            if isinstance(row, OverviewRow):
                ids.append(row.dossier_id)
        if self._state is not None and self._state.dossier_id not in ids:
            ids = [r.dossier_id for r in sorted(self._rows, key=lambda r: r.number)]
        return ids

    def _update_navigation(self) -> None:
        order = self._visible_order()
        if self._state is None or self._state.dossier_id not in order:
            self.position_label.clear()
            self.previous_button.setEnabled(False)
            self.next_button.setEnabled(False)
            return
        i = order.index(self._state.dossier_id)
        self.position_label.setText(f"{i + 1} / {len(order)}")
        self.previous_button.setEnabled(i > 0)
        self.next_button.setEnabled(i < len(order) - 1)

    def _refresh_rows_quietly(self) -> None:
        """Re-read the work list without leaving the desk (after a status change)."""
        try:
            with self.ctx.session() as s:
                rnd = rounds.get_round(s, self.ctx.round_id)
                rows = scoring.expert_overview(s, rnd, scoring.me(s, rnd))
        except Exception as exc:  # a failed refresh only leaves the list stale
            messages.show_status_error(exc, context="refresh work list")
            return
        self._set_rows(rows)

    # --- the viewer ------------------------------------------------------------------------------

    def _open_viewer(self, files: Sequence[FileRef]) -> None:
        """Every file of the dossier, each reopening at the page last read, the file last read in front."""
        ws = self.ctx.require_workspace()
        state = self._state
        last = self._last_file.get(state.dossier_id, "") if state is not None else ""
        current = next((i for i, f in enumerate(files) if f.sha256 == last), 0)
        # A file whose every page was loaded in a guarded worker at bundle import opens at once;
        # any other file is checked by the viewer first (QtPdf can loop on some damaged files).
        with self.ctx.session() as s:
            checked = {f.sha256 for f in files if reading.is_readable(s, f.sha256)}
        self.viewer.set_files([ViewerFile(label, f.path, f.sha256, verified=f.sha256 in checked)
                               for label, f in zip(file_labels(files), files)], ReadingStore(ws), current)

    def _file_changed(self, sha256: str) -> None:
        """Remember which file of the dossier is being read (here and in the workspace, for a restart)."""
        state = self._state
        if state is None or not sha256 or not state.files or sha256 not in {f.sha256 for f in state.files}:
            return
        if self._last_file.get(state.dossier_id) == sha256:
            return
        self._last_file[state.dossier_id] = sha256
        ws = self.ctx.require_workspace()
        round_uid, number = self._round_uid, state.number

        def work(progress: Progress, cancelled: IsCancelled) -> None:
            with ws.session() as s:
                _remember(s, round_uid, number, sha256)

        Operation(work, parent=self).failure(lambda exc: messages.log_exception(exc, "remember file")) \
            .run_in_background()

    def _close_viewer(self) -> None:
        if self.viewer.files():
            self.viewer.set_files([])

    def viewer_has_files(self) -> bool:
        return bool(self.viewer.files())

    def _next_page(self) -> None:
        if self._state is not None and self.body.currentWidget() is self.splitter:
            self.viewer.next_page()

    def _previous_page(self) -> None:
        if self._state is not None and self.body.currentWidget() is self.splitter:
            self.viewer.previous_page()

    # --- autosave --------------------------------------------------------------------------------

    def saves_pending(self) -> int:
        return self._saves_started - self._saves_done

    def _save(self, change: Change) -> None:
        """One committed edit → one ``update_review`` on the serial worker, in its own transaction."""
        state = self._state
        if state is None or state.review_id is None or state.status != "draft":
            return
        ws = self.ctx.require_workspace()
        review_id = state.review_id
        round_id = self.ctx.round_id
        self._saves_started += 1
        seq = self._saves_started
        self.panel.show_save_state("saving", self.tr("Saving…"))

        def work(progress: Progress, cancelled: IsCancelled) -> SaveResult:
            with ws.session() as s:
                review = scoring.update_review(s, review_id, **change.update_kwargs())
                form = rounds.round_form(rounds.get_round(s, round_id))
                return SaveResult(review_id, _problems(form, review), review.total)

        op = Operation(work, parent=self)
        op.success(self._guard(lambda result: self._saved(seq, result)))
        op.failure(self._guard(lambda exc: self._save_error(seq, change, exc)))
        op.run_in_background()

    def _saved(self, seq: int, result: SaveResult) -> None:
        self._saves_done += 1
        state = self._state
        if state is None or state.review_id != result.review_id:
            return
        if seq == self._saves_started:
            self.panel.set_problems(result.problems)
            self._state = replace(state, problems=result.problems, values=self.panel.values())
        if self._saves_done == self._saves_started and not self._save_failed:
            self.panel.show_save_state("saved", self.tr("Saved {time}").format(time=_local_time()),
                                       self.tr("Every change is saved as you type."))
        self._update_row_total(result.review_id, result.total)
        self.saved.emit(result.review_id)

    def _update_row_total(self, review_id: int, total: Decimal | None) -> None:
        """Keep the list's total and status in step without querying (the list is re-read when shown)."""
        for i, row in enumerate(self._rows):
            if row.review_id == review_id:
                status = "draft" if row.status in ("not_started", "draft") else row.status
                if row.total != total or row.status != status:
                    self._rows[i] = replace(row, total=total, status=status,
                                            scored=len(self.panel.values().given_scores()))
                    self.model.set_rows(self._rows)
                    self.progress_label.setText(progress_summary(self._rows))
                    if self._state is not None:
                        self._select_row(self._state.dossier_id)
                return

    def _save_error(self, seq: int, change: Change, exc: BaseException) -> None:
        self._saves_done += 1
        self._save_failed = True
        self.panel.show_save_state("failed", self.tr("Not saved!"), messages.describe(exc))
        if messages.is_domain_error(exc):
            # The review cannot take edits any more (submitted elsewhere, round closed…): show what is stored.
            messages.show_error(self, exc, title=self.tr("Your change could not be saved"), context="autosave")
            self._reload_state()
        else:
            messages.show_error(self, exc, title=self.tr("Your change could not be saved"), context="autosave")

    def _reload_state(self) -> None:
        state = self._state
        if state is None:
            return
        try:
            with self.ctx.session() as s:
                fresh = read_state(s, self.ctx.require_workspace(), self.ctx.round_id, state.dossier_id)
        except Exception as exc:  # the boundary
            messages.show_status_error(exc, context="reload review")
            return
        self._show_review(fresh)

    # --- submitting and reopening -------------------------------------------------------------------

    def submit(self, problem: str = "") -> None:
        """Sign and submit the review on the desk (asks for the key passphrase if it has one)."""
        state = self._state
        form = self._form
        if state is None or state.review_id is None or state.status != "draft" or form is None:
            return
        self.panel.flush()
        ws = self.ctx.require_workspace()
        values = self.panel.values()
        total = form.total(values.given_scores())
        choice = next((c for c in form.recommendations if c.key == values.recommendation), None)
        summary = SubmitSummary(
            dossier=state.info, version=state.version, total=fmt_total(total), scale=fmt_total(form.scale),
            recommendation=pick(choice.title.zh, choice.title.en) if choice else "",
            vetoes_yes=sum(1 for v in values.vetoes.values() if v is True),
        )
        answer = SubmitDialog.ask(self, summary, keys.key_needs_passphrase(ws), problem)
        if answer is None:
            return
        review_id = state.review_id
        round_id = self.ctx.round_id
        dossier_id = state.dossier_id

        def work(progress: Progress, cancelled: IsCancelled) -> ReviewState:
            key = keys.load_key(ws, answer.passphrase)
            with ws.session() as s:
                scoring.submit(s, ws, review_id, key)
            with ws.session() as s:
                return read_state(s, ws, round_id, dossier_id)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, KeyProblem) and keys.key_needs_passphrase(ws):
                self.submit(problem=str(exc))
            else:
                messages.show_error(self, exc, title=self.tr("Not submitted"), context="submit")
                self._reload_state()

        (Operation(work, parent=self)
            .with_progress(self, self.tr("Signing and submitting…"), cancellable=False)
            .success(self._guard(lambda s: self._submitted(s)))
            .failure(self._guard(failed))
            .run_in_background())

    def _submitted(self, state: ReviewState) -> None:
        self._show_review(state)
        self.ctx.notify(Topic.REVIEWS)
        messages.status(self.tr("Review of {number} signed and submitted.").format(number=state.number))

    def reopen(self) -> None:
        state = self._state
        if state is None or state.review_id is None or state.status != "submitted":
            return
        reason = ReopenReviewDialog.ask(self, state.info, state.version)
        if reason is None:
            return
        ws = self.ctx.require_workspace()
        review_id, round_id, dossier_id = state.review_id, self.ctx.round_id, state.dossier_id

        def work(progress: Progress, cancelled: IsCancelled) -> ReviewState:
            with ws.session() as s:
                scoring.reopen(s, review_id, reason)
            with ws.session() as s:
                return read_state(s, ws, round_id, dossier_id)

        (Operation(work, parent=self)
            .success(self._guard(lambda s: self._show_review(s, changed=True)))
            .failure(self._guard(lambda exc: messages.show_error(self, exc, context="reopen")))
            .run_in_background())

    def declare_conflict_now(self) -> None:
        """A conflict found while reading: declare it (the review, if any, is set aside)."""
        state = self._state
        if state is None or state.status == "conflict":
            return
        answer = ConflictDialog.ask(self, state.info, declare_only=True)
        if answer is None or not answer.conflict:
            return
        self.panel.flush()
        ws = self.ctx.require_workspace()
        round_id, dossier_id, number = self.ctx.round_id, state.dossier_id, state.number

        def work(progress: Progress, cancelled: IsCancelled) -> ReviewState:
            with ws.session() as s:
                rnd = rounds.get_round(s, round_id)
                scoring.declare_conflict(s, rnd, scoring.find_dossier(s, rnd, number), scoring.me(s, rnd),
                                         answer.kind, answer.reason)
            with ws.session() as s:
                return read_state(s, ws, round_id, dossier_id)

        (Operation(work, parent=self)
            .success(self._guard(lambda s: self._show_review(s, changed=True)))
            .failure(self._guard(lambda exc: messages.show_error(self, exc, context="declare conflict")))
            .run_in_background())

    # --- bundles -----------------------------------------------------------------------------------

    def _last_folder(self) -> Path:
        value = QSettings().value(KEY_LAST_FOLDER)
        if isinstance(value, str) and value and Path(value).is_dir():
            return Path(value)
        return Path.home()

    def _remember_folder(self, path: Path) -> None:
        QSettings().setValue(KEY_LAST_FOLDER, str(path.parent))

    def choose_bundle(self) -> None:
        path = FileDialog.open_file(self, self.tr("Open bundle"), self._last_folder(),
                                    self.tr("Bundles (*{suffix})").format(suffix=BUNDLE_SUFFIX))
        if path is not None:
            self._remember_folder(path)
            self.open_bundle(path)

    def open_bundle(self, path: Path) -> None:
        """Verify and import a bundle in a worker; a refused bundle is explained, nothing changes."""
        ws = self.ctx.require_workspace()
        self.panel.flush()

        def work(progress: Progress, cancelled: IsCancelled) -> BundleSummary:
            return import_bundle(ws, path)

        (Operation(work, parent=self)
            .with_progress(self, self.tr("Checking and importing the bundle {file}…").format(file=path.name),
                           cancellable=False)
            .success(self._guard(self._bundle_imported))
            .failure(self._guard(lambda exc: messages.show_error(
                self, exc, title=self.tr("Bundle refused"), context="import bundle")))
            .run_in_background())

    def _bundle_imported(self, summary: BundleSummary) -> None:
        self.ctx.notify(Topic.ALL)
        self.ctx.set_round(summary.round_id)
        if summary.status == "unchanged":
            text = self.tr("This bundle was already imported; nothing changed.")
        else:
            text = self.tr("Bundle imported: {round} — {n} dossiers for {expert}.").format(
                round=summary.round_name, n=len(summary.dossiers), expert=summary.expert)
            if summary.added and summary.status == "updated":
                text += "\n" + self.tr("New: {numbers}").format(numbers="、".join(summary.added))
            if summary.removed:
                removed = self.tr("No longer assigned to you: {numbers}")
                text += "\n" + removed.format(numbers="、".join(summary.removed))
            text += "\n" + self.tr("Secretary's key: {fingerprint}").format(fingerprint=summary.secretary_fingerprint)
        messages.info(self, text, self.tr("Bundle"))

    # --- hand back ---------------------------------------------------------------------------------

    def _ask_passphrase(self, purpose: str, problem: str = "") -> tuple[bool, str | None]:
        """(go on?, passphrase or None when the key has none)."""
        ws = self.ctx.require_workspace()
        if not keys.key_needs_passphrase(ws):
            return True, None
        passphrase = PassphraseDialog.ask(self, purpose, problem)
        return passphrase is not None, passphrase

    def export_return(self, problem: str = "", path: Path | None = None) -> None:
        """File ▸ Export return…: every submitted review and declaration, signed, in one file."""
        if self.ctx.role != ROLE_EXPERT or self.ctx.round_id == NO_ROUND:
            return
        self.panel.flush()
        ws = self.ctx.require_workspace()
        if path is None:
            drafts = [r.number for r in self._rows if r.status == "draft"]
            if drafts and not messages.ask(self, self.tr(
                    "{n} review(s) are drafts and not submitted yet ({numbers}); they are not in the return file.\n"
                    "Export anyway?").format(n=len(drafts), numbers="、".join(drafts)), self.tr("Export return")):
                return
            name = f"{safe_filename(self._expert_name)}-{safe_filename(self._round_name)}{RETURN_SUFFIX}"
            default = self._last_folder() / name
            path = FileDialog.save_file(self, self.tr("Export return"), default,
                                        self.tr("Return files (*{suffix})").format(suffix=RETURN_SUFFIX))
            if path is None:
                return
            self._remember_folder(path)
        go_on, passphrase = self._ask_passphrase(self.tr("Type your key passphrase to sign the return file."), problem)
        if not go_on:
            return
        round_id = self.ctx.round_id
        target = path

        def work(progress: Progress, cancelled: IsCancelled) -> dict[str, Any]:
            return export_return(ws, target, round_id=round_id, passphrase=passphrase)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, KeyProblem) and keys.key_needs_passphrase(ws):
                self.export_return(problem=str(exc), path=target)
            else:
                messages.show_error(self, exc, title=self.tr("Return not exported"), context="export return")

        (Operation(work, parent=self)
            .with_progress(self, self.tr("Writing the return file…"), cancellable=False)
            .success(self._guard(self._return_exported))
            .failure(self._guard(failed))
            .run_in_background())

    def _return_exported(self, summary: dict[str, Any]) -> None:
        text = self.tr("Return file written: {file}\n{reviews} review version(s) of {dossiers} dossier(s), "
                       "{declarations} declaration(s), all signed.").format(
            file=summary["file"], reviews=summary["reviews"], dossiers=len(summary["dossiers"]),
            declarations=summary["declarations"])
        skipped = summary.get("skipped") or []
        if skipped:
            text += "\n\n" + self.tr("Left out:") + "\n" + "\n".join(
                f"· {s['dossier']} v{s['version']}: {s['reason']}" for s in skipped)
        text += "\n\n" + self.tr("Hand this file to the committee secretary (USB stick or e-mail).")
        messages.info(self, text, self.tr("Export return"))
        messages.status(self.tr("Return file written: {file}").format(file=summary["file"]))

    # --- offline scoring ---------------------------------------------------------------------------

    def export_template(self) -> None:
        """File ▸ Export scoring template…: the XLSX to fill in offline."""
        if self.ctx.role != ROLE_EXPERT or self.ctx.round_id == NO_ROUND:
            return
        self.panel.flush()
        ws = self.ctx.require_workspace()
        default = self._last_folder() / (
            f"{safe_filename(self._expert_name)}-{safe_filename(self._round_name)}-"
            + self.tr("scoring-template") + ".xlsx")
        path = FileDialog.save_file(self, self.tr("Export scoring template"), default,
                                    self.tr("Excel workbooks (*.xlsx)"))
        if path is None:
            return
        self._remember_folder(path)
        round_id = self.ctx.round_id

        def work(progress: Progress, cancelled: IsCancelled) -> int:
            from reviewer import offline  # openpyxl is loaded when a workbook is made, not at start-up

            with ws.session() as s:
                rnd = rounds.get_round(s, round_id)
                info = offline.write_template(s, rnd, scoring.me(s, rnd), path)
            return len(info.sheets)

        (Operation(work, parent=self)
            .with_progress(self, self.tr("Writing the scoring template…"), cancellable=False)
            .success(self._guard(lambda n: messages.info(self, self.tr(
                "Scoring template written: {file}\nOne sheet per dossier ({n}). Fill in the yellow cells, then "
                "File ▸ Import scores…").format(file=path, n=n), self.tr("Scoring template"))))
            .failure(self._guard(lambda exc: messages.show_error(self, exc, context="export template")))
            .run_in_background())

    def import_scores(self) -> None:
        """File ▸ Import scores…: all or nothing; every bad cell is listed."""
        if self.ctx.role != ROLE_EXPERT or self.ctx.round_id == NO_ROUND:
            return
        self.panel.flush()
        path = FileDialog.open_file(self, self.tr("Import scores"), self._last_folder(),
                                    self.tr("Score files (*.xlsx *.csv)"))
        if path is None:
            return
        self._remember_folder(path)
        ws = self.ctx.require_workspace()
        round_id = self.ctx.round_id

        def work(progress: Progress, cancelled: IsCancelled) -> list[str]:
            from reviewer import offline

            with ws.session() as s:
                rnd = rounds.get_round(s, round_id)
                report = offline.import_scores(s, rnd, scoring.me(s, rnd), path)
                return report.lines()

        def failed(exc: BaseException) -> None:
            from reviewer.offline import ScoresRejected

            if isinstance(exc, ScoresRejected):
                messages.log_exception(exc, "import scores")
                ProblemListDialog.show_problems(
                    self, self.tr("Scores not imported"),
                    self.tr("Nothing was imported from {file}. Correct these {n} cell(s) and import again:").format(
                        file=path.name, n=len(exc.problems)),
                    [str(p) for p in exc.problems])
            else:
                messages.show_error(self, exc, title=self.tr("Scores not imported"), context="import scores")

        (Operation(work, parent=self)
            .with_progress(self, self.tr("Importing scores from {file}…").format(file=path.name), cancellable=False)
            .success(self._guard(self._scores_imported))
            .failure(self._guard(failed))
            .run_in_background())

    def _scores_imported(self, lines: list[str]) -> None:
        self.ctx.notify(Topic.REVIEWS)
        if self._state is not None:
            self._reload_state()
        messages.info(self, "\n".join(lines), self.tr("Scores imported"))

    # --- profile -----------------------------------------------------------------------------------

    def profile(self) -> Profile:
        """What the setup dialog shows (quick reads)."""
        ws = self.ctx.require_workspace()
        public = keys.public_key(ws)
        name = ws.get_setting("expert_name") or ""
        return Profile(
            name=name, organisation=self._organisation,
            fingerprint=fingerprint(public) if public else None,
            key_protected=keys.key_needs_passphrase(ws),
            signature_png=keys.signature_image(ws),
        )

    def edit_profile(self) -> None:
        if self.ctx.role != ROLE_EXPERT:
            return
        result = SetupDialog.ask(self, self.profile())
        if result is not None:
            self.apply_profile(result)

    def apply_profile(self, result: SetupResult) -> None:
        ws = self.ctx.require_workspace()

        def work(progress: Progress, cancelled: IsCancelled) -> None:
            if result.passphrase is not None:
                old, new = result.passphrase
                keys.change_passphrase(ws, old, new)
            if result.signature_png:
                keys.save_signature_image(ws, result.signature_png)
            elif result.signature_png == b"":
                keys.signature_image_path(ws).unlink(missing_ok=True)
            if result.organisation is not None:
                with ws.session() as s:
                    keys.set_organisation(s, result.organisation)

        def done(_: None) -> None:
            messages.status(self.tr("Profile saved."))
            self.reload()

        (Operation(work, parent=self)
            .success(self._guard(done))
            .failure(self._guard(lambda exc: messages.show_error(self, exc, title=self.tr("Profile not saved"),
                                                                 context="profile")))
            .run_in_background())

    # --- helpers ------------------------------------------------------------------------------------

    def _update_actions(self) -> None:
        role = self.ctx.role if self._ctx is not None else None
        expert = role == ROLE_EXPERT
        self.open_bundle_action.setEnabled(role in (None, ROLE_EXPERT))
        for action in (self.export_return_action, self.export_template_action, self.import_scores_action,
                       self.profile_action):
            action.setEnabled(expert)

    def _guard(self, fn: Callable[..., Any]) -> Callable[..., None]:
        """A handler that does nothing once the desk is gone (results may arrive after it closed)."""

        def call(*args: Any) -> None:
            if isValid(self) and self._ctx is not None:
                fn(*args)

        return call


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>")


def register(window: MainWindow) -> None:
    """The expert's desk, also in a workspace nobody has used yet (where an expert opens a bundle)."""
    window.register_desk(ExpertDesk, roles=(ROLE_EXPERT, None))
