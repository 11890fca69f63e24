"""Step 5: bundles out, returns in, who is done — and scores typed from paper.

- **Bundles**: one signed file per expert, holding only that expert's dossiers,
  written to a folder (a USB stick); the key's passphrase is asked when it has one.
- **Returns**: ``.rwreturn`` files chosen in a dialog or dropped on the window are
  merged; each is accepted, unchanged (already merged) or rejected with the reason.
- **Status board**: per expert, bundle sent, return received, reviews submitted
  of assigned, conflicts declared, what is still missing.
- **Paper entry**: an expert who scored on paper — the filled XLSX template or a
  score CSV is typed in by an operator, optionally typed again by another person;
  differences are settled cell by cell; then the review is submitted on the
  expert's behalf.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QItemSelection, QModelIndex, QPersistentModelIndex, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from db.models import Expert
from reviewer import bundle, keys, returns, rounds, scoring
from reviewer.exchange import RETURN_SUFFIX
from reviewer.rounds import get_round
from ui import messages
from ui.qt_desk import AppContext, Topic
from ui.qt_import import (
    FileDialogs,
    OperatorDialog,
    SecretaryPanel,
    coloured_html,
    make_view,
    short_time,
    state_colour,
    state_icon,
)
from ui.qt_models import ROW_ROLE, Column, RowTableModel
from ui.qt_worker import IsCancelled, Operation, Progress

if TYPE_CHECKING:
    from reviewer import offline

AnyIndex = QModelIndex | QPersistentModelIndex
#: Where the expert combo box keeps each expert's name (its text also shows the number of dossiers).
NAME_ROLE = Qt.ItemDataRole.UserRole + 1
RETURN_FILTERS = "Return files (*.rwreturn);;All files (*)"
SCORE_FILTERS = "Excel / CSV (*.xlsx *.xlsm *.csv);;Excel (*.xlsx *.xlsm);;CSV (*.csv)"


def is_return_file(path: Path) -> bool:
    return path.suffix.lower() == RETURN_SUFFIX


class PassphraseDialog:
    """Asks for the passphrase of the secretariat's signing key. Tests monkeypatch :meth:`ask`."""

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, label: str) -> str | None:
        text, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Password)
        return text if ok else None


# --- bundles ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BundleRow:
    expert: str
    file: str
    dossiers: tuple[str, ...]


def make_bundle_model(parent: QWidget | None = None) -> RowTableModel[BundleRow]:
    columns: list[Column[BundleRow]] = [
        Column("expert", lambda: QCoreApplication.translate("BundlesPanel", "Expert"), lambda r: r.expert,
               decoration=lambda r: state_icon("ok")),
        Column("count", lambda: QCoreApplication.translate("BundlesPanel", "Dossiers"), lambda r: len(r.dossiers)),
        Column("numbers", lambda: QCoreApplication.translate("BundlesPanel", "Numbers"),
               lambda r: "、".join(r.dossiers), tooltip=lambda r: "\n".join(r.dossiers)),
        Column("file", lambda: QCoreApplication.translate("BundlesPanel", "File"), lambda r: Path(r.file).name,
               tooltip=lambda r: r.file),
    ]
    return RowTableModel(columns, parent=parent)


class BundlesPanel(SecretaryPanel):
    """Export one signed bundle per assigned expert into a folder."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.export_op: Operation[list[dict[str, Any]]] | None = None
        self._folder: Path | None = None
        self.export_button = QPushButton()
        self.export_button.setObjectName("exportBundles")
        self.export_button.setIcon(state_icon("next"))
        self.export_button.clicked.connect(self.export)
        self.open_button = QPushButton()
        self.open_button.setObjectName("openBundleFolder")
        self.open_button.clicked.connect(self._open_folder)
        self.open_button.setVisible(False)
        top = QHBoxLayout()
        top.addWidget(self.export_button)
        top.addWidget(self.open_button)
        top.addStretch(1)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setEnabled(False)
        self.summary = QLabel()
        self.summary.setObjectName("bundleSummary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        self.model = make_bundle_model(self)
        self.view, self.proxy = make_view(self.model, self)
        self.view.setObjectName("bundleTable")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.hint)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.export_button.setText(self.tr("Export bundles…"))
        self.open_button.setText(self.tr("Show folder"))
        self.hint.setText(self.tr(
            "One file per expert, holding only the dossiers assigned to that expert, signed with the "
            "secretariat's key. Choose a folder, e.g. on a USB stick; exporting again replaces the files."))
        self.model.retranslate()
        self._show_summary()

    def reload(self) -> None:
        self.export_button.setEnabled(self.has_round())

    def _show_summary(self) -> None:
        rows = self.model.rows()
        if not rows or self._folder is None:
            self.summary.clear()
            return
        self.summary.setText(coloured_html("ok", html.escape(self.tr(
            "{n} bundles written to {folder}").format(n=len(rows), folder=self._folder))))

    def export(self) -> Operation[list[dict[str, Any]]] | None:
        folder = FileDialogs.folder(self, self.tr("Export bundles to a folder"))
        return self.start_export(folder) if folder is not None else None

    def start_export(self, folder: Path) -> Operation[list[dict[str, Any]]] | None:
        ws = self.ctx.require_workspace()
        passphrase: str | None = None
        if keys.key_needs_passphrase(ws):
            passphrase = PassphraseDialog.ask(self, self.tr("Signing key"),
                                              self.tr("Passphrase of the secretariat's signing key:"))
            if passphrase is None:
                return None
        round_id = self.round_id
        ctx = self.ctx

        def work(progress: Progress, cancelled: IsCancelled) -> list[dict[str, Any]]:
            return bundle.export_bundles(ws, round_id, folder, passphrase=passphrase)

        def done(rows: list[dict[str, Any]]) -> None:
            self._folder = folder
            self.model.set_rows([BundleRow(r["expert"], r["file"], tuple(r["dossiers"])) for r in rows])
            self.view.unsorted()
            self.view.fit_columns(stretch="numbers", caps={"file": 360})
            self.open_button.setVisible(True)
            self._show_summary()
            ctx.notify(Topic.ROUNDS)
            ctx.notify(Topic.EXPERTS)
            messages.status(self.tr("{n} bundles exported.").format(n=len(rows)))

        self.export_op = self.run(work, self.tr("Writing the bundles…"), success=done, cancellable=False)
        return self.export_op

    def _open_folder(self) -> None:
        if self._folder is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._folder)))


# --- returns ------------------------------------------------------------------------------------

RETURN_KINDS = {"accepted": "ok", "unchanged": "same", "rejected": "bad"}


@dataclass(frozen=True)
class ReturnRow:
    file: str
    status: str
    expert: str
    reviews: int
    reason: str


def return_status_name(status: str) -> str:
    names = {
        "accepted": QCoreApplication.translate("ReturnsPanel", "Accepted"),
        "unchanged": QCoreApplication.translate("ReturnsPanel", "Already merged"),
        "rejected": QCoreApplication.translate("ReturnsPanel", "Rejected"),
    }
    return names.get(status, status)


def make_return_model(parent: QWidget | None = None) -> RowTableModel[ReturnRow]:
    columns: list[Column[ReturnRow]] = [
        Column("status", lambda: QCoreApplication.translate("ReturnsPanel", "Result"),
               lambda r: return_status_name(r.status),
               decoration=lambda r: state_icon(RETURN_KINDS.get(r.status, "todo")),
               foreground=lambda r: state_colour(RETURN_KINDS.get(r.status, "todo"))),
        Column("file", lambda: QCoreApplication.translate("ReturnsPanel", "File"), lambda r: Path(r.file).name,
               tooltip=lambda r: r.file),
        Column("expert", lambda: QCoreApplication.translate("ReturnsPanel", "Expert"), lambda r: r.expert),
        Column("reviews", lambda: QCoreApplication.translate("ReturnsPanel", "Reviews"), lambda r: r.reviews,
               description=lambda: QCoreApplication.translate("ReturnsPanel", "Dossiers the file carries reviews of")),
        Column("reason", lambda: QCoreApplication.translate("ReturnsPanel", "Reason"), lambda r: r.reason,
               tooltip=lambda r: r.reason or None),
    ]
    return RowTableModel(columns, parent=parent)


class ReturnsPanel(SecretaryPanel):
    """Merge returned files: chosen in a dialog or dropped on the window.

    Signals:
        merged: returns were merged (any outcome).
    """

    merged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.import_op: Operation[list[dict[str, Any]]] | None = None
        self.import_button = QPushButton()
        self.import_button.setObjectName("importReturns")
        self.import_button.setIcon(state_icon("next"))
        self.import_button.clicked.connect(self.import_returns)
        top = QHBoxLayout()
        top.addWidget(self.import_button)
        top.addStretch(1)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setEnabled(False)
        self.summary = QLabel()
        self.summary.setObjectName("returnSummary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.model = make_return_model(self)
        self.view, self.proxy = make_view(self.model, self)
        self.view.setObjectName("returnTable")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.hint)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.import_button.setText(self.tr("Import returns…"))
        self.hint.setText(self.tr(
            "Or drop .rwreturn files anywhere on this window. Every file is checked — signatures, round, form, "
            "assignments — and merged whole or not at all; a file merged before changes nothing."))
        self.model.retranslate()
        self._show_summary()

    def reload(self) -> None:
        self.import_button.setEnabled(self.has_round())

    def _show_summary(self) -> None:
        rows = self.model.rows()
        if not rows:
            self.summary.clear()
            return
        count = {k: sum(1 for r in rows if r.status == k) for k in RETURN_KINDS}
        self.summary.setText(" &nbsp; ".join([
            coloured_html("ok", self.tr("{n} accepted").format(n=count["accepted"])),
            coloured_html("same", self.tr("{n} already merged").format(n=count["unchanged"])),
            coloured_html("bad", self.tr("{n} rejected").format(n=count["rejected"])),
        ]))

    def import_returns(self) -> Operation[list[dict[str, Any]]] | None:
        paths = FileDialogs.open_files(self, self.tr("Import return files"), RETURN_FILTERS)
        return self.start_import(paths) if paths else None

    def start_import(self, paths: list[Path]) -> Operation[list[dict[str, Any]]] | None:
        if not paths or not self.has_round():
            return None
        ws = self.ctx.require_workspace()
        round_id = self.round_id
        ctx = self.ctx

        def work(progress: Progress, cancelled: IsCancelled) -> list[dict[str, Any]]:
            progress(0, 0, ", ".join(p.name for p in paths))
            return returns.import_returns(ws, round_id, paths)

        def done(rows: list[dict[str, Any]]) -> None:
            self.model.set_rows([ReturnRow(r["file"], r["status"], r.get("expert") or "", int(r.get("reviews") or 0),
                                           r.get("reason") or "") for r in rows])
            self.view.unsorted()
            self.view.fit_columns(stretch="reason", caps={"file": 300})
            self._show_summary()
            ctx.notify(Topic.REVIEWS)
            ctx.notify(Topic.CONFLICTS)
            self.merged.emit()
            accepted = sum(1 for r in rows if r["status"] == "accepted")
            messages.status(self.tr("Returns merged: {accepted} of {n} files accepted.").format(
                accepted=accepted, n=len(rows)))

        label = self.tr("Checking and merging {n} return files…").format(n=len(paths))
        self.import_op = self.run(work, label, success=done, cancellable=False)
        return self.import_op


# --- status board -------------------------------------------------------------------------------


@dataclass(frozen=True)
class BoardRow:
    """One expert's line of the status board (from ``returns.status_board``)."""

    expert: str
    organisation: str
    bundle_sent_at: str | None
    return_received_at: str | None
    return_status: str | None
    return_files: int
    assigned: int
    submitted: int
    conflicts: int
    missing: tuple[str, ...]

    @property
    def state(self) -> str:
        """"none", "done", "rejected", "unsent", "waiting", "partial"."""
        if self.assigned == 0:
            return "none"
        if not self.missing:
            return "done"
        if self.return_status == "rejected":
            return "rejected"
        if self.bundle_sent_at is None:
            return "unsent"
        if self.return_received_at is None:
            return "waiting"
        return "partial"

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> BoardRow:
        return cls(d["expert"], d["organisation"], d["bundle_sent_at"], d["return_received_at"], d["return_status"],
                   int(d["return_files"]), int(d["assigned"]), int(d["submitted"]), int(d["conflicts"]),
                   tuple(d["missing"]))


BOARD_KINDS = {"none": "todo", "done": "ok", "rejected": "bad", "unsent": "todo", "waiting": "next",
               "partial": "warn"}


def board_state_name(state: str) -> str:
    names = {
        "none": QCoreApplication.translate("StatusBoard", "Nothing assigned"),
        "done": QCoreApplication.translate("StatusBoard", "Complete"),
        "rejected": QCoreApplication.translate("StatusBoard", "Last return rejected"),
        "unsent": QCoreApplication.translate("StatusBoard", "Bundle not sent"),
        "waiting": QCoreApplication.translate("StatusBoard", "Waiting for the return"),
        "partial": QCoreApplication.translate("StatusBoard", "Reviews missing"),
    }
    return names.get(state, state)


def _return_text(r: BoardRow) -> str:
    if r.return_received_at is None:
        return ""
    return f"{short_time(r.return_received_at)} · {return_status_name(r.return_status or '')}"


def _returns_tooltip(r: BoardRow) -> str | None:
    if not r.return_files:
        return None
    return QCoreApplication.translate("StatusBoard", "{n} return files received").format(n=r.return_files)


def make_board_model(parent: QWidget | None = None) -> RowTableModel[BoardRow]:
    columns: list[Column[BoardRow]] = [
        Column("state", lambda: QCoreApplication.translate("StatusBoard", "Status"),
               lambda r: board_state_name(r.state),
               decoration=lambda r: state_icon(BOARD_KINDS[r.state]),
               foreground=lambda r: state_colour(BOARD_KINDS[r.state])),
        Column("expert", lambda: QCoreApplication.translate("StatusBoard", "Expert"), lambda r: r.expert,
               tooltip=lambda r: r.organisation),
        Column("sent", lambda: QCoreApplication.translate("StatusBoard", "Bundle sent"),
               lambda r: short_time(r.bundle_sent_at),
               decoration=lambda r: state_icon("ok") if r.bundle_sent_at else state_icon("todo")),
        Column("received", lambda: QCoreApplication.translate("StatusBoard", "Return received"), _return_text,
               decoration=lambda r: None if r.return_status is None else
               state_icon(RETURN_KINDS.get(r.return_status, "todo")),
               tooltip=_returns_tooltip),
        Column("submitted", lambda: QCoreApplication.translate("StatusBoard", "Submitted"), lambda r: r.submitted,
               description=lambda: QCoreApplication.translate("StatusBoard", "Dossiers with a submitted review")),
        Column("assigned", lambda: QCoreApplication.translate("StatusBoard", "Assigned"), lambda r: r.assigned),
        Column("conflicts", lambda: QCoreApplication.translate("StatusBoard", "Conflicts"), lambda r: r.conflicts,
               description=lambda: QCoreApplication.translate("StatusBoard", "Conflicts the expert declared"),
               foreground=lambda r: state_colour("block") if r.conflicts else None),
        Column("missing", lambda: QCoreApplication.translate("StatusBoard", "Missing"), lambda r: "、".join(r.missing),
               tooltip=lambda r: "\n".join(r.missing) or None,
               foreground=lambda r: state_colour("warn") if r.missing else None),
    ]
    return RowTableModel(columns, parent=parent)


class StatusBoardPanel(SecretaryPanel):
    """Who has what: bundle sent, return received, reviews submitted of assigned, missing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel()
        self.summary.setObjectName("boardSummary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        self.model = make_board_model(self)
        self.view, self.proxy = make_view(self.model, self)
        self.view.setObjectName("statusBoard")
        self.view.sortByColumn(1, Qt.SortOrder.AscendingOrder)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.model.retranslate()
        self._show_summary()

    def reload(self) -> None:
        rows: list[BoardRow] = []
        if self.has_round():
            try:
                with self.ctx.session() as s:
                    rows = [BoardRow.from_dict(d) for d in returns.status_board(s, self.round_id)]
            except Exception as exc:  # the boundary: keep the desk usable
                messages.show_status_error(exc, context="status board")
        self.model.set_rows(rows)
        self.view.fit_columns(stretch="missing", caps={"received": 260, "sent": 180})
        self._show_summary()

    def row(self, expert: str) -> BoardRow | None:
        return next((r for r in self.model.rows() if r.expert == expert), None)

    def _show_summary(self) -> None:
        rows = [r for r in self.model.rows() if r.assigned]
        if not rows:
            self.summary.setText(self.tr("Nobody has dossiers yet: assign first."))
            return
        sent = sum(1 for r in rows if r.bundle_sent_at)
        received = sum(1 for r in rows if r.return_received_at)
        done = sum(1 for r in rows if r.state == "done")
        submitted = sum(r.submitted for r in rows)
        assigned = sum(r.assigned for r in rows)
        self.summary.setText(" &nbsp; ".join([
            coloured_html("ok" if sent == len(rows) else "todo",
                          self.tr("bundles sent {sent}/{n}").format(sent=sent, n=len(rows))),
            coloured_html("ok" if received == len(rows) else "next",
                          self.tr("returns received {received}/{n}").format(received=received, n=len(rows))),
            coloured_html("ok" if done == len(rows) else "warn",
                          self.tr("experts complete {done}/{n}").format(done=done, n=len(rows))),
            self.tr("reviews submitted {submitted} of {assigned} assigned").format(submitted=submitted,
                                                                                  assigned=assigned),
        ]))


# --- paper entry --------------------------------------------------------------------------------


@dataclass(frozen=True)
class DiffRow:
    """One cell where the two typings of a paper sheet disagree."""

    review_id: int
    dossier: str
    cell: str
    label: str
    first: str
    second: str


@dataclass(frozen=True)
class PaperRow:
    """One assigned dossier of the expert, as paper entry sees it."""

    dossier: str
    title: str
    review_id: int | None
    review_status: str  # "" (none), "draft", "submitted", "conflict"
    origin: str
    first_by: str
    second_by: str
    second_status: str  # "", "pending", "matched"
    differences: tuple[DiffRow, ...]
    problems: tuple[str, ...]
    total: Decimal | None

    @property
    def state(self) -> str:
        if self.review_status == "conflict":
            return "conflict"
        if self.review_status == "submitted":
            return "submitted"
        if self.review_id is None or self.review_status == "":
            return "empty"
        if self.origin != "paper":
            return "expert"
        if self.differences:
            return "differences"
        if self.problems:
            return "incomplete"
        return "ready"

    @property
    def can_submit(self) -> bool:
        return self.state == "ready"


PAPER_KINDS = {"conflict": "block", "submitted": "ok", "empty": "todo", "expert": "same", "differences": "warn",
               "incomplete": "warn", "ready": "next"}


def paper_state_name(state: str) -> str:
    names = {
        "conflict": QCoreApplication.translate("PaperPanel", "Conflict declared"),
        "submitted": QCoreApplication.translate("PaperPanel", "Submitted"),
        "empty": QCoreApplication.translate("PaperPanel", "Not entered"),
        "expert": QCoreApplication.translate("PaperPanel", "The expert's own draft"),
        "differences": QCoreApplication.translate("PaperPanel", "Entries differ"),
        "incomplete": QCoreApplication.translate("PaperPanel", "Incomplete"),
        "ready": QCoreApplication.translate("PaperPanel", "Ready to submit"),
    }
    return names.get(state, state)


def read_paper_rows(ctx: AppContext, round_id: int, expert_id: int) -> list[PaperRow]:
    """The expert's assigned dossiers with their paper-entry state (one short session)."""
    rows: list[PaperRow] = []
    with ctx.session() as s:
        rnd = get_round(s, round_id)
        expert = s.get(Expert, expert_id)
        if expert is None or expert.round_id != rnd.id:
            return []
        form = rounds.round_form(rnd)
        for o in scoring.expert_overview(s, rnd, expert):
            review = scoring.get_review(s, o.review_id) if o.review_id is not None else None
            if o.status == "conflict":
                status = "conflict"
            elif review is None:
                status = ""
            else:
                status = review.status
            entry = scoring.second_entry(s, review) if review is not None else None
            diffs: tuple[DiffRow, ...] = ()
            problems: tuple[str, ...] = ()
            if review is not None and review.status == "draft":
                if review.origin == "paper":
                    diffs = tuple(DiffRow(review.id, d.dossier, d.cell, d.label, d.first, d.second)
                                  for d in scoring.paper_differences(s, review))
                problems = tuple(scoring.problems(form, review))
            rows.append(PaperRow(
                dossier=o.number, title=o.title, review_id=o.review_id, review_status=status,
                origin=review.origin if review is not None else "",
                first_by=review.entered_by if review is not None else "",
                second_by=entry.entered_by if entry is not None else "",
                second_status=entry.status if entry is not None else "",
                differences=diffs, problems=problems, total=review.total if review is not None else None,
            ))
    return rows


def make_paper_model(parent: QWidget | None = None) -> RowTableModel[PaperRow]:
    columns: list[Column[PaperRow]] = [
        Column("dossier", lambda: QCoreApplication.translate("PaperPanel", "Dossier"), lambda r: r.dossier,
               tooltip=lambda r: r.title),
        Column("state", lambda: QCoreApplication.translate("PaperPanel", "Status"), lambda r: paper_state_name(r.state),
               decoration=lambda r: state_icon(PAPER_KINDS[r.state]),
               foreground=lambda r: state_colour(PAPER_KINDS[r.state]),
               tooltip=lambda r: "\n".join(r.problems) or None),
        Column("first", lambda: QCoreApplication.translate("PaperPanel", "First entry by"),
               lambda r: r.first_by if r.origin == "paper" else ""),
        Column("second", lambda: QCoreApplication.translate("PaperPanel", "Second entry by"), lambda r: r.second_by),
        Column("differences", lambda: QCoreApplication.translate("PaperPanel", "Differences"),
               lambda r: len(r.differences),
               foreground=lambda r: state_colour("warn") if r.differences else None),
        Column("total", lambda: QCoreApplication.translate("PaperPanel", "Total"), lambda r: r.total),
        Column("title", lambda: QCoreApplication.translate("PaperPanel", "Title"), lambda r: r.title,
               tooltip=lambda r: r.title),
    ]
    return RowTableModel(columns, parent=parent)


def _empty() -> str:
    return QCoreApplication.translate("PaperPanel", "(empty)")


def make_diff_model(parent: QWidget | None = None) -> RowTableModel[DiffRow]:
    columns: list[Column[DiffRow]] = [
        Column("label", lambda: QCoreApplication.translate("PaperPanel", "Item"), lambda d: d.label,
               tooltip=lambda d: d.cell),
        Column("first", lambda: QCoreApplication.translate("PaperPanel", "First entry"), lambda d: d.first or _empty(),
               tooltip=lambda d: d.first or None),
        Column("second", lambda: QCoreApplication.translate("PaperPanel", "Second entry"),
               lambda d: d.second or _empty(), tooltip=lambda d: d.second or None, foreground=lambda d: state_colour("warn")),
    ]
    return RowTableModel(columns, parent=parent)


def resolvable_text(cell: str, shown: str) -> str:
    """A typed text as ``resolve_paper_difference`` reads it (yes/no cells are shown as "是 yes")."""
    if cell.startswith("veto.") and shown:
        return shown.split()[0]
    return shown


@dataclass(frozen=True)
class ExpertChoice:
    id: int
    name: str
    assigned: int


class PaperPanel(SecretaryPanel):
    """Scores an expert gave on paper: first entry, optional second entry, differences, submission."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.op: Operation[Any] | None = None
        self.expert_label = QLabel()
        self.expert_combo = QComboBox()
        self.expert_combo.setObjectName("paperExpert")
        self.expert_combo.setMinimumContentsLength(8)
        self.expert_combo.currentIndexChanged.connect(lambda _i: self._load_rows())
        self.operator_label = QLabel()
        self.operator_label.setObjectName("paperOperator")
        self.operator_button = QPushButton()
        self.operator_button.clicked.connect(self.change_operator)
        head = QHBoxLayout()
        head.addWidget(self.expert_label)
        head.addWidget(self.expert_combo)
        head.addSpacing(16)
        head.addWidget(self.operator_label)
        head.addWidget(self.operator_button)
        head.addStretch(1)

        self.template_button = QPushButton()
        self.template_button.setObjectName("paperTemplate")
        self.template_button.clicked.connect(self.write_template)
        self.first_button = QPushButton()
        self.first_button.setObjectName("paperFirst")
        self.first_button.clicked.connect(lambda: self.import_entry(second=False))
        self.second_button = QPushButton()
        self.second_button.setObjectName("paperSecond")
        self.second_button.clicked.connect(lambda: self.import_entry(second=True))
        self.submit_button = QPushButton()
        self.submit_button.setObjectName("paperSubmit")
        self.submit_button.setIcon(state_icon("ok"))
        self.submit_button.clicked.connect(self.submit)
        actions = QHBoxLayout()
        actions.addWidget(self.template_button)
        actions.addWidget(self.first_button)
        actions.addWidget(self.second_button)
        actions.addStretch(1)

        self.report = QLabel()
        self.report.setObjectName("paperReport")
        self.report.setWordWrap(True)
        self.report.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.report.setVisible(False)

        self.model = make_paper_model(self)
        self.view, self.proxy = make_view(self.model, self)
        self.view.setObjectName("paperTable")
        self.view.setMinimumHeight(56)
        self.view.setSelectionMode(self.view.SelectionMode.SingleSelection)
        self.view.selectionModel().selectionChanged.connect(self._row_selected)

        self.diff_model = make_diff_model(self)
        self.diff_view, self.diff_proxy = make_view(self.diff_model, self)
        self.diff_view.setObjectName("paperDifferences")
        self.diff_view.setMinimumHeight(56)
        self.diff_view.setSelectionMode(self.diff_view.SelectionMode.SingleSelection)
        self.diff_view.selectionModel().selectionChanged.connect(self._diff_selected)
        self.value_label = QLabel()
        self.value_edit = QLineEdit()
        self.value_edit.setObjectName("paperValue")
        self.value_edit.returnPressed.connect(self.resolve)
        self.use_first = QPushButton()
        self.use_first.setObjectName("useFirst")
        self.use_first.clicked.connect(lambda: self._use("first"))
        self.use_second = QPushButton()
        self.use_second.setObjectName("useSecond")
        self.use_second.clicked.connect(lambda: self._use("second"))
        self.resolve_button = QPushButton()
        self.resolve_button.setObjectName("resolveDifference")
        self.resolve_button.clicked.connect(self.resolve)
        resolve_row = QHBoxLayout()
        resolve_row.addWidget(self.value_label)
        resolve_row.addWidget(self.value_edit, 1)
        resolve_row.addWidget(self.use_first)
        resolve_row.addWidget(self.use_second)
        resolve_row.addWidget(self.resolve_button)
        self.diff_box = QGroupBox()
        diff_layout = QVBoxLayout(self.diff_box)
        diff_layout.addWidget(self.diff_view, 1)
        diff_layout.addLayout(resolve_row)

        table = QWidget()
        table_layout = QVBoxLayout(table)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addWidget(self.view, 1)
        submit_row = QHBoxLayout()
        submit_row.addStretch(1)
        submit_row.addWidget(self.submit_button)
        table_layout.addLayout(submit_row)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(table)
        splitter.addWidget(self.diff_box)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addLayout(actions)
        layout.addWidget(self.report)
        layout.addWidget(splitter, 1)
        self.retranslate()
        self._update_buttons()

    def retranslate(self) -> None:
        self.expert_label.setText(self.tr("Expert:"))
        self.operator_button.setText(self.tr("Change…"))
        self.template_button.setText(self.tr("Write scoring sheet…"))
        self.template_button.setToolTip(self.tr("An XLSX sheet per dossier of this expert, to print or fill in"))
        self.first_button.setText(self.tr("Import first entry…"))
        self.first_button.setToolTip(self.tr("The filled XLSX sheet or a score CSV, typed from the paper"))
        self.second_button.setText(self.tr("Import second entry…"))
        self.second_button.setToolTip(self.tr("The same paper typed again by another person; differences are "
                                              "listed below"))
        self.submit_button.setText(self.tr("Submit on the expert's behalf…"))
        self.diff_box.setTitle(self.tr("Differences between the two entries"))
        self.value_label.setText(self.tr("Value on the paper:"))
        self.value_edit.setPlaceholderText(self.tr("choose an entry or type what the paper says"))
        self.use_first.setText(self.tr("Use first"))
        self.use_second.setText(self.tr("Use second"))
        self.resolve_button.setText(self.tr("Resolve"))
        self.model.retranslate()
        self.diff_model.retranslate()
        self._show_operator()

    def _show_operator(self) -> None:
        name = self.operator.name()
        self.operator_label.setText(self.tr("Entered by: {name}").format(name=name) if name else
                                    self.tr("Entered by: (not set)"))

    # --- reading ------------------------------------------------------------------------------

    def reload(self) -> None:
        experts: list[ExpertChoice] = []
        if self.has_round():
            try:
                with self.ctx.session() as s:
                    rnd = get_round(s, self.round_id)
                    board = {r["expert"]: int(r["assigned"]) for r in returns.status_board(s, rnd.id)}
                    experts = [ExpertChoice(e.id, e.name, board.get(e.name, 0))
                               for e in sorted(rnd.experts, key=lambda e: e.name)]
            except Exception as exc:  # the boundary: keep the desk usable
                messages.show_status_error(exc, context="paper entry")
        keep = self.expert_id()
        self.expert_combo.blockSignals(True)
        self.expert_combo.clear()
        for e in experts:
            if e.assigned:
                self.expert_combo.addItem(self.tr("{name} ({n} dossiers)").format(name=e.name, n=e.assigned), e.id)
                self.expert_combo.setItemData(self.expert_combo.count() - 1, e.name, NAME_ROLE)
        index = self.expert_combo.findData(keep) if keep is not None else -1
        self.expert_combo.setCurrentIndex(index if index >= 0 else (0 if self.expert_combo.count() else -1))
        self.expert_combo.blockSignals(False)
        self._show_operator()
        self._load_rows()

    def expert_id(self) -> int | None:
        data = self.expert_combo.currentData()
        return int(data) if isinstance(data, int) else None

    def select_expert(self, name: str) -> bool:
        for i in range(self.expert_combo.count()):
            if self.expert_combo.itemData(i, NAME_ROLE) == name:
                self.expert_combo.setCurrentIndex(i)
                return True
        return False

    def _load_rows(self) -> None:
        keep = self.current_row()
        expert_id = self.expert_id()
        rows: list[PaperRow] = []
        if expert_id is not None and self.has_round():
            try:
                rows = read_paper_rows(self.ctx, self.round_id, expert_id)
            except Exception as exc:  # the boundary: keep the desk usable
                messages.show_status_error(exc, context="paper entry")
        self.model.set_rows(rows)
        self.view.fit_columns(stretch="title", caps={"state": 200})
        target = 0
        if keep is not None:
            target = next((i for i, r in enumerate(rows) if r.dossier == keep.dossier), 0)
        else:
            target = next((i for i, r in enumerate(rows) if r.differences), 0)
        if rows:
            self.select_dossier(rows[target].dossier)
        else:
            self._row_selected()

    def select_dossier(self, number: str) -> bool:
        for r in range(self.proxy.rowCount()):
            row = self.proxy.index(r, 0).data(ROW_ROLE)
            if isinstance(row, PaperRow) and row.dossier == number:
                self.view.selectRow(r)
                self.view.setCurrentIndex(self.proxy.index(r, 0))
                self._row_selected()
                return True
        return False

    def current_row(self) -> PaperRow | None:
        index = self.view.currentIndex()
        row = index.data(ROW_ROLE) if index.isValid() else None
        return row if isinstance(row, PaperRow) else None

    def current_difference(self) -> DiffRow | None:
        index = self.diff_view.currentIndex()
        row = index.data(ROW_ROLE) if index.isValid() else None
        return row if isinstance(row, DiffRow) else None

    def _row_selected(self, *_args: QItemSelection) -> None:
        row = self.current_row()
        self.diff_model.set_rows(row.differences if row is not None else ())
        self.diff_view.unsorted()
        self.diff_view.fit_columns(stretch="label", caps={"first": 260, "second": 260})
        if self.diff_proxy.rowCount():
            self.diff_view.setCurrentIndex(self.diff_proxy.index(0, 0))
            self.diff_view.selectRow(0)
        self._diff_selected()
        self._update_buttons()

    def _diff_selected(self, *_args: QItemSelection) -> None:
        diff = self.current_difference()
        self.value_edit.setText(resolvable_text(diff.cell, diff.first) if diff is not None else "")
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_expert = self.expert_id() is not None and self.has_round()
        for button in (self.template_button, self.first_button, self.second_button):
            button.setEnabled(has_expert)
        row = self.current_row()
        self.submit_button.setEnabled(row is not None and row.can_submit)
        has_diff = self.current_difference() is not None
        for widget in (self.value_edit, self.use_first, self.use_second, self.resolve_button):
            widget.setEnabled(has_diff)

    def _use(self, which: str) -> None:
        diff = self.current_difference()
        if diff is not None:
            self.value_edit.setText(resolvable_text(diff.cell, diff.first if which == "first" else diff.second))
            self.resolve()

    # --- operators ----------------------------------------------------------------------------

    def change_operator(self) -> str | None:
        name = OperatorDialog.ask(self, self.tr("Operator"), self.tr("Your name (recorded with every entry):"),
                                  self.operator.name())
        if name is not None:
            self.operator.set_name(name)
            self._show_operator()
        return name

    def _require_operator(self) -> str | None:
        return self.operator.name() or self.change_operator()

    # --- work ---------------------------------------------------------------------------------

    def _expert_name(self) -> str:
        name = self.expert_combo.currentData(NAME_ROLE)
        return name if isinstance(name, str) else ""

    def write_template(self) -> Operation[Path] | None:
        expert_id = self.expert_id()
        if expert_id is None:
            return None
        path = FileDialogs.save_file(self, self.tr("Write the scoring sheet"), "Excel (*.xlsx)",
                                     Path.home() / f"{self._expert_name()}-评分表.xlsx")
        if path is None:
            return None
        if path.suffix.lower() != ".xlsx":
            path = path.with_suffix(".xlsx")
        ws = self.ctx.require_workspace()
        round_id = self.round_id

        def work(progress: Progress, cancelled: IsCancelled) -> Path:
            from reviewer import offline  # openpyxl is loaded when a workbook is made, not at start-up

            with ws.session() as s:
                rnd = get_round(s, round_id)
                expert = s.get(Expert, expert_id)
                assert expert is not None
                return offline.write_template(s, rnd, expert, path).path

        def done(written: Path) -> None:
            messages.status(self.tr("Scoring sheet written: {file}").format(file=written))

        self.op = self.run(work, self.tr("Writing the scoring sheet…"), success=done, cancellable=False)
        return self.op

    def import_entry(self, *, second: bool) -> Operation[offline.ImportReport] | None:
        expert_id = self.expert_id()
        if expert_id is None:
            return None
        if second:
            operator = OperatorDialog.ask(self, self.tr("Second entry"),
                                          self.tr("Who typed this second entry? (another person than the first)"),
                                          self.operator.second_name())
            if operator is None:
                return None
            self.operator.set_second_name(operator)
        else:
            operator = self._require_operator()
            if operator is None:
                return None
        title = self.tr("Import the second entry") if second else self.tr("Import the first entry")
        path = FileDialogs.open_file(self, title, SCORE_FILTERS)
        if path is None:
            return None
        return self.start_entry(path, operator=operator, second=second)

    def start_entry(self, path: Path, *, operator: str, second: bool) -> Operation[offline.ImportReport] | None:
        expert_id = self.expert_id()
        if expert_id is None:
            return None
        ws = self.ctx.require_workspace()
        round_id = self.round_id
        ctx = self.ctx

        def work(progress: Progress, cancelled: IsCancelled) -> offline.ImportReport:
            from reviewer import offline

            with ws.session() as s:
                rnd = get_round(s, round_id)
                expert = s.get(Expert, expert_id)
                assert expert is not None
                return offline.import_scores(s, rnd, expert, path, entered_by=operator, second_entry=second)

        def done(report: offline.ImportReport) -> None:
            self.report.setText("\n".join(report.lines()))
            self.report.setVisible(True)
            ctx.notify(Topic.REVIEWS)
            if report.differences:
                self.select_dossier(report.differences[0].dossier)

        label = self.tr("Importing the second entry…") if second else self.tr("Importing the first entry…")
        self.op = self.run(work, label, success=done, cancellable=False)
        return self.op

    def resolve(self) -> Operation[int] | None:
        diff = self.current_difference()
        if diff is None:
            return None
        operator = self._require_operator()
        if operator is None:
            return None
        value = self.value_edit.text()
        ws = self.ctx.require_workspace()
        ctx = self.ctx

        def work(progress: Progress, cancelled: IsCancelled) -> int:
            with ws.session() as s:
                review = scoring.resolve_paper_difference(s, diff.review_id, diff.cell, value, operator=operator)
                return len(scoring.paper_differences(s, review))

        def done(remaining: int) -> None:
            ctx.notify(Topic.REVIEWS)
            messages.status(self.tr("Resolved {item}; {n} differences left in {dossier}.").format(
                item=diff.label, n=remaining, dossier=diff.dossier))

        def refused(exc: BaseException) -> None:
            messages.show_error(self, exc, title=self.tr("The value was not accepted"), context="paper resolve")

        op: Operation[int] = Operation(work, parent=self).success(done).failure(refused)
        self.op = op
        return op.run_in_background()

    def submit(self) -> Operation[str] | None:
        row = self.current_row()
        if row is None or row.review_id is None or not row.can_submit:
            return None
        operator = self._require_operator()
        if operator is None:
            return None
        question = self.tr("Submit the paper review of {dossier} on behalf of {expert}?\n\n"
                           "It becomes read-only; the signed paper sheet stays on file at the secretariat.").format(
            dossier=row.dossier, expert=self._expert_name())
        if not messages.ask(self, question, self.tr("Submit on the expert's behalf")):
            return None
        ws = self.ctx.require_workspace()
        ctx = self.ctx
        review_id = row.review_id

        def work(progress: Progress, cancelled: IsCancelled) -> str:
            with ws.session() as s:
                review = scoring.submit_paper(s, review_id, operator=operator)
                return review.dossier.number

        def done(number: str) -> None:
            ctx.notify(Topic.REVIEWS)
            messages.status(self.tr("The paper review of {dossier} was submitted.").format(dossier=number))

        self.op = self.run(work, self.tr("Submitting…"), success=done, cancellable=False)
        return self.op

