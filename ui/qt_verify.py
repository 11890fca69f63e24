"""The verify dialog: does a sheet, a typed code or a return file say what the records say?

An auditor holds a printed 评审意见汇总表 a year later, or a secretary receives a
``.rwreturn`` by e-mail: this dialog answers in one look. Choose or drop a file (a
sheet PDF, a return file, a bundle) or type the code printed on a sheet
(``RW-XXXX-XXXX-XXXX-XXXX``); the check runs off the GUI thread
(:func:`reviewer.verification.verify_file` / :func:`~reviewer.verification.verify_code`)
and the verdict is shown by colour, icon and words:

* ✓ green — every sheet matches the signed records; a return or bundle is intact;
* ✗ red — something differs (a changed score, an altered file, a sheet no longer in
  the records; a return whose signatures do not hold), each difference listed;
* ! amber — it cannot be confirmed (a superseded version, another workspace's
  sheet, a code nobody issued, a return signed with a key other than the one on record);
* ? grey — the file cannot be read as any of these.

The core writes the report; :class:`ReportModel` only adapts it to a tree (one row
per sheet, its differences and notes below it). The dialog is reachable from the
sheets desk and from the window's File menu for every role
(:func:`install_window_action`); without a workspace a file is checked on its own.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    QSettings,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QIcon,
    QPainter,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from reviewer.exchange import BUNDLE_SUFFIX, RETURN_SUFFIX
from reviewer.verification import STATUS_TITLES, SheetCheck, VerifyReport, normalise_code, verify_code, verify_file
from reviewer.workspace import Workspace
from ui import messages
from ui.i18n import pick
from ui.qt_import import FileDialogs
from ui.qt_models import GroupTreeModel
from ui.qt_worker import IsCancelled, Operation, Progress

if TYPE_CHECKING:
    from ui.qt_mainwindow import MainWindow

#: Where the last file was chosen (shared with the sheets desk, which saves sheets there).
KEY_LAST_FOLDER = "sheets/last-folder"


class Verdict(enum.Enum):
    """The one-look answer of a report."""

    MATCH = "match"
    DIFFERS = "differs"
    WARNING = "warning"
    UNREADABLE = "unreadable"


#: Sheet statuses that mean "the paper and the records disagree".
BAD_STATUSES = frozenset({"changed", "altered", "missing"})

#: Text colour, background and border of each verdict (green, red, amber, grey).
VERDICT_COLOURS: dict[Verdict, tuple[str, str, str]] = {
    Verdict.MATCH: ("#1b5e20", "#e8f5e9", "#81c784"),
    Verdict.DIFFERS: ("#b71c1c", "#ffebee", "#e57373"),
    Verdict.WARNING: ("#8a4b00", "#fff3e0", "#ffb74d"),
    Verdict.UNREADABLE: ("#424242", "#f5f5f5", "#bdbdbd"),
}
_BADGE: dict[Verdict, str] = {Verdict.MATCH: "#2e7d32", Verdict.DIFFERS: "#c62828", Verdict.WARNING: "#ef6c00",
                              Verdict.UNREADABLE: "#757575"}


def status_verdict(status: str) -> Verdict:
    """The verdict of one sheet's status (see :data:`reviewer.verification.STATUS_TITLES`)."""
    if status == "match":
        return Verdict.MATCH
    return Verdict.DIFFERS if status in BAD_STATUSES else Verdict.WARNING


def verdict_of(report: VerifyReport) -> Verdict:
    """The one-look answer: a mismatch anywhere is red; what cannot be confirmed is amber."""
    if report.kind in ("return", "bundle"):
        if not report.details.get("readable", True):
            return Verdict.UNREADABLE
        if not report.ok:
            return Verdict.DIFFERS
        in_workspace = report.details.get("workspace") or {}
        return Verdict.WARNING if in_workspace.get("key_matches") is False else Verdict.MATCH
    if report.ok:
        return Verdict.MATCH
    if report.kind == "unknown":
        return Verdict.UNREADABLE
    statuses = {c.status for c in report.checks if c.kind}
    if statuses & BAD_STATUSES:
        return Verdict.DIFFERS
    return Verdict.WARNING


@cache
def verdict_icon(verdict: Verdict, size: int = 16) -> QIcon:
    """A round badge in the verdict's colour with a white ✓, ✗, ! or ?, drawn (no icon theme needed)."""
    pixmap = QPixmap(size * 2, size * 2)
    pixmap.setDevicePixelRatio(2.0)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(size / 16, size / 16)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(_BADGE[verdict]))
    painter.drawEllipse(QRectF(0.5, 0.5, 15, 15))
    pen = QPen(QColor("white"), 2.0, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    if verdict is Verdict.MATCH:
        painter.drawPolyline([QPointF(4.3, 8.4), QPointF(7, 11), QPointF(11.8, 5.4)])
    elif verdict is Verdict.DIFFERS:
        painter.drawLine(QPointF(5.2, 5.2), QPointF(10.8, 10.8))
        painter.drawLine(QPointF(10.8, 5.2), QPointF(5.2, 10.8))
    elif verdict is Verdict.WARNING:
        painter.drawLine(QPointF(8, 4.2), QPointF(8, 9))
        painter.drawPoint(QPointF(8, 12))
    else:
        font = QFont()
        font.setPixelSize(12)
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(QRectF(0, 0, 16, 16), int(Qt.AlignmentFlag.AlignCenter), "?")
    painter.end()
    return QIcon(pixmap)


# --- the report as a tree ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Line:
    """A line under a sheet: a difference, a note, or the code the records give now."""

    text: str
    kind: str  # "difference" | "note" | "code"


class ReportModel(GroupTreeModel):
    """A read-only tree over a :class:`VerifyReport`: one row per sheet checked, its lines below.

    Columns of a sheet row: the sheet (kind, dossier, expert, version, pages), the
    code printed on it, and the result. A line row spans the columns in the view.
    The model keeps the report's checks as they are; it only chooses words, icons
    and colours for them.
    """

    SHEET, CODE, RESULT = range(3)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._checks: list[SheetCheck] = []
        self._lines: list[list[_Line]] = []

    def set_report(self, report: VerifyReport | None) -> None:
        self.beginResetModel()
        self._checks = [c for c in report.checks if c.kind] if report is not None else []
        self._lines = [self._lines_of(c) for c in self._checks]
        self.endResetModel()

    @staticmethod
    def _lines_of(check: SheetCheck) -> list[_Line]:
        lines = [_Line(d, "difference") for d in check.differences]
        lines += [_Line(n, "note") for n in check.notes]
        if check.current_code and check.current_code != check.code:
            lines.append(_Line(check.current_code, "code"))
        return lines

    def checks(self) -> list[SheetCheck]:
        return list(self._checks)

    # --- QAbstractItemModel ----------------------------------------------------------------------

    def group_count(self) -> int:
        return len(self._checks)

    def item_count(self, group: int) -> int:
        return len(self._lines[group])

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 3

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.internalId() != 0:
            flags |= Qt.ItemFlag.ItemNeverHasChildren
        return flags

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole or not 0 <= section < 3:
            return None
        return (self.tr("Sheet"), self.tr("Code on the sheet"), self.tr("Result"))[section]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() != 0:
            return self._line_data(index, role)
        if not 0 <= index.row() < len(self._checks):
            return None
        check = self._checks[index.row()]
        verdict = status_verdict(check.status)
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.SHEET:
                return self._sheet_text(check)
            if column == self.CODE:
                return check.code
            zh, en = STATUS_TITLES.get(check.status, (check.status, check.status))
            return pick(zh, en)
        if role == Qt.ItemDataRole.DecorationRole and column == self.RESULT:
            return verdict_icon(verdict)
        if role == Qt.ItemDataRole.ForegroundRole and column == self.RESULT:
            return QColor(VERDICT_COLOURS[verdict][0])
        if role == Qt.ItemDataRole.FontRole and column == self.CODE:
            return QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.RESULT:
            zh, en = STATUS_TITLES.get(check.status, (check.status, check.status))
            return f"{zh} ({en})"
        return None

    def _sheet_text(self, check: SheetCheck) -> str:
        text = check.label
        if check.first_page is not None and check.pages:
            last = check.first_page + check.pages - 1
            if last == check.first_page:
                return self.tr("{sheet} (page {first})").format(sheet=text, first=check.first_page)
            return self.tr("{sheet} (pages {first}–{last})").format(sheet=text, first=check.first_page, last=last)
        return text

    def _line_data(self, index: QModelIndex | QPersistentModelIndex, role: int) -> Any:
        owner = int(index.internalId()) - 1
        if not 0 <= owner < len(self._lines) or not 0 <= index.row() < len(self._lines[owner]):
            return None
        line = self._lines[owner][index.row()]
        if index.column() != 0:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if line.kind == "code":
                return self.tr("Code of the current records: {code}").format(code=line.text)
            return line.text
        if role == Qt.ItemDataRole.ToolTipRole:
            return line.text
        if role == Qt.ItemDataRole.ForegroundRole:
            owner_verdict = status_verdict(self._checks[owner].status)
            if line.kind == "difference" and owner_verdict is not Verdict.MATCH:
                return QColor(VERDICT_COLOURS[owner_verdict][0])
            return QColor("#555555")
        if role == Qt.ItemDataRole.DecorationRole and line.kind == "difference":
            return verdict_icon(status_verdict(self._checks[owner].status))
        return None


# --- the dialog --------------------------------------------------------------------------------------


def _last_folder() -> Path | None:
    value = QSettings().value(KEY_LAST_FOLDER)
    if isinstance(value, str) and value and Path(value).is_dir():
        return Path(value)
    return None


class VerifyDialog(QDialog):
    """Checks a sheet PDF, a typed verification code, or a return/bundle file.

    Args:
        workspace: the records to compare with; None checks a file on its own.
        parent: the window the dialog belongs to.

    Signals:
        reportReady(object): a :class:`VerifyReport` arrived and is shown.
    """

    reportReady = Signal(object)

    def __init__(self, workspace: Workspace | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("verifyDialog")
        self.setAcceptDrops(True)
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.workspace = workspace
        self._report: VerifyReport | None = None
        self._error: str | None = None
        self._busy = False
        self.last_operation: Operation[VerifyReport] | None = None

        self.intro = QLabel()
        self.intro.setWordWrap(True)

        self.file_label = QLabel()
        self.file_edit = QLineEdit()
        self.file_edit.setObjectName("verifyFile")
        self.file_edit.setClearButtonEnabled(True)
        self.file_edit.returnPressed.connect(self.verify_typed_file)
        self.file_edit.textChanged.connect(self._file_edited)
        self.choose_button = QPushButton()
        self.choose_button.clicked.connect(self.choose_file)
        self.verify_file_button = QPushButton()
        self.verify_file_button.clicked.connect(self.verify_typed_file)

        self.code_label = QLabel()
        self.code_edit = QLineEdit()
        self.code_edit.setObjectName("verifyCode")
        self.code_edit.setClearButtonEnabled(True)
        self.code_edit.setPlaceholderText("RW-XXXX-XXXX-XXXX-XXXX")
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSizeF(max(mono.pointSizeF(), self.font().pointSizeF()) + 1)
        self.code_edit.setFont(mono)
        self.code_edit.textChanged.connect(self._code_edited)
        self.code_edit.returnPressed.connect(self.verify_typed_code)
        self.verify_code_button = QPushButton()
        self.verify_code_button.clicked.connect(self.verify_typed_code)
        self.code_hint = QLabel()
        self.code_hint.setObjectName("verifyCodeHint")

        inputs = QGridLayout()
        inputs.addWidget(self.file_label, 0, 0)
        inputs.addWidget(self.file_edit, 0, 1)
        inputs.addWidget(self.choose_button, 0, 2)
        inputs.addWidget(self.verify_file_button, 0, 3)
        inputs.addWidget(self.code_label, 1, 0)
        inputs.addWidget(self.code_edit, 1, 1)
        inputs.addWidget(self.verify_code_button, 1, 3)
        inputs.addWidget(self.code_hint, 2, 1, 1, 3)
        inputs.setColumnStretch(1, 1)

        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMaximumHeight(6)
        self.busy.hide()

        self.banner = QFrame()
        self.banner.setObjectName("verdictBanner")
        self.verdict_icon = QLabel()
        self.verdict_icon.setFixedSize(48, 48)
        self.verdict_icon.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self.verdict_title = QLabel()
        self.verdict_title.setObjectName("verdictTitle")
        title_font = self.verdict_title.font()
        title_font.setPointSizeF(title_font.pointSizeF() * 1.35)
        title_font.setBold(True)
        self.verdict_title.setFont(title_font)
        self.verdict_text = QLabel()
        self.verdict_text.setObjectName("verdictText")
        self.verdict_text.setWordWrap(True)
        self.verdict_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        texts = QVBoxLayout()
        texts.addWidget(self.verdict_title)
        texts.addWidget(self.verdict_text)
        row = QHBoxLayout(self.banner)
        row.addWidget(self.verdict_icon)
        row.addLayout(texts, 1)

        self.model = ReportModel(self)
        self.tree = QTreeView()
        self.tree.setObjectName("verifyReport")
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(False)
        self.tree.setWordWrap(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(ReportModel.SHEET, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(ReportModel.CODE, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setSectionResizeMode(ReportModel.RESULT, QHeaderView.ResizeMode.ResizeToContents)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        self.copy_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_report)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(inputs)
        layout.addWidget(self.busy)
        layout.addWidget(self.banner)
        layout.addWidget(self.tree, 1)
        # takes the room of the tree while it is hidden, so the rest stays at the top
        self._filler = layout.count()
        layout.addStretch(0)
        layout.addWidget(self.buttons)
        self._layout = layout
        self.resize(860, 560)
        self.retranslate()
        self._show()

    # --- opening -----------------------------------------------------------------------------------

    @classmethod
    def open_for(cls, parent: QWidget | None, workspace: Workspace | None) -> VerifyDialog:
        """Show a new dialog over ``parent`` without blocking (window-modal), deleted when closed."""
        dialog = cls(workspace, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    # --- what is shown -----------------------------------------------------------------------------

    def report(self) -> VerifyReport | None:
        return self._report

    def verdict(self) -> Verdict | None:
        return verdict_of(self._report) if self._report is not None else None

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Verify a sheet, code or file"))
        if self.workspace is not None:
            intro = self.tr("Check a printed or saved sheet against the signed records of this workspace: "
                            "choose or drop its PDF, or type the verification code printed on it. "
                            "A return file (.rwreturn) or bundle (.rwbundle) is checked for whose it is "
                            "and whether it is intact.")
        else:
            intro = self.tr("No workspace is open: a file is checked on its own (whether it is intact), "
                            "not against any records.")
        self.intro.setText(intro)
        self.file_label.setText(self.tr("File:"))
        self.file_edit.setPlaceholderText(self.tr("A sheet PDF, a return or a bundle — or drop it here"))
        self.choose_button.setText(self.tr("Choose…"))
        self.verify_file_button.setText(self.tr("Verify file"))
        self.code_label.setText(self.tr("Code:"))
        self.verify_code_button.setText(self.tr("Verify code"))
        self.copy_button.setText(self.tr("Copy report"))
        self.copy_button.setToolTip(self.tr("Copy the report as text, e.g. into an e-mail"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 2)
        self._file_edited(self.file_edit.text())
        self._code_edited(self.code_edit.text())
        self._show()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _verdict_title(self, report: VerifyReport, verdict: Verdict) -> str:
        exchange = report.kind in ("return", "bundle")
        if verdict is Verdict.MATCH:
            return self.tr("Intact") if exchange else self.tr("Matches the signed records")
        if verdict is Verdict.DIFFERS:
            return self.tr("Not intact") if exchange else self.tr("Does not match the signed records")
        if verdict is Verdict.WARNING:
            return (self.tr("Intact, but signed with a key other than the one on record") if exchange
                    else self.tr("Cannot be confirmed"))
        return self.tr("Cannot be read")

    def _show(self) -> None:
        report = self._report
        if report is None and self._error is None:
            self.banner.hide()
            self._show_tree(False)
            self.copy_button.setEnabled(False)
            return
        if report is None:
            verdict = Verdict.UNREADABLE
            title = self.tr("Cannot verify")
            text = self._error or ""
        else:
            verdict = verdict_of(report)
            title = self._verdict_title(report, verdict)
            # a check that found no sheet says why only in its notes
            notes = [n for c in report.checks if not c.kind for n in c.notes]
            text = "\n".join([report.message, *notes])
        colour, background, border = VERDICT_COLOURS[verdict]
        self.banner.setStyleSheet(
            f"QFrame#verdictBanner {{ background: {background}; border: 1px solid {border}; border-radius: 4px; }}"
            "QFrame#verdictBanner QLabel { background: transparent; border: none; }")
        self.verdict_title.setStyleSheet(f"color: {colour};")
        self.verdict_title.setText(title)
        self.verdict_text.setText(text)
        self.verdict_icon.setPixmap(verdict_icon(verdict, 40).pixmap(40, 40))
        self.banner.show()
        self._show_tree(self.model.rowCount() > 0)
        self.copy_button.setEnabled(report is not None)

    def _show_tree(self, shown: bool) -> None:
        self.tree.setVisible(shown)
        self._layout.setStretch(self._filler, 0 if shown else 1)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy.setVisible(busy)
        for widget in (self.choose_button, self.file_edit):
            widget.setEnabled(not busy)
        self._file_edited(self.file_edit.text())
        self._code_edited(self.code_edit.text())

    def _file_edited(self, text: str) -> None:
        self.verify_file_button.setEnabled(bool(text.strip()) and not self._busy)

    def _code_edited(self, text: str) -> None:
        if self.workspace is None:
            self.code_edit.setEnabled(False)
            self.verify_code_button.setEnabled(False)
            self.code_hint.setText(self.tr("A code can only be looked up in a workspace: open the workspace "
                                           "whose sheets these are."))
            self.code_hint.setStyleSheet("color: #666666;")
            return
        self.code_edit.setEnabled(not self._busy)
        text = text.strip()
        code = normalise_code(text) if text else None
        self.verify_code_button.setEnabled(code is not None and not self._busy)
        if not text:
            self.code_hint.setText(self.tr("Case, spaces and dashes do not matter."))
            self.code_hint.setStyleSheet("color: #666666;")
        elif code is None:
            self.code_hint.setText(self.tr("Not a complete code yet: RW and 16 letters or digits."))
            self.code_hint.setStyleSheet("color: #8a4b00;")
        else:
            self.code_hint.setText(self.tr("Will be looked up as {code}").format(code=code))
            self.code_hint.setStyleSheet("color: #1b5e20;")

    # --- running checks ----------------------------------------------------------------------------

    def choose_file(self) -> None:
        filters = self.tr("Sheets, returns and bundles (*.pdf *{ret} *{bundle});;All files (*)").format(
            ret=RETURN_SUFFIX, bundle=BUNDLE_SUFFIX)
        path = FileDialogs.open_file(self, self.tr("Choose a file to verify"), filters, _last_folder())
        if path is not None:
            QSettings().setValue(KEY_LAST_FOLDER, str(path.parent))
            self.check_file(path)

    def verify_typed_file(self) -> None:
        text = self.file_edit.text().strip()
        if text:
            self.check_file(Path(text).expanduser())

    def verify_typed_code(self) -> None:
        text = self.code_edit.text().strip()
        if text and normalise_code(text) is not None:
            self.check_code(text)

    def check_file(self, path: Path) -> Operation[VerifyReport] | None:
        """Verify ``path`` (a sheet PDF, a return or a bundle) in the background and show the verdict."""
        self.file_edit.setText(str(path))
        ws = self.workspace

        def work(_progress: Progress, _cancelled: IsCancelled) -> VerifyReport:
            return verify_file(path, ws)

        return self._run(work)

    def check_code(self, text: str) -> Operation[VerifyReport] | None:
        """Look up a typed verification code in the workspace's records and show the verdict."""
        ws = self.workspace
        if ws is None:
            self._report = None
            self._error = self.tr("A code can only be looked up in a workspace: open the workspace "
                                  "whose sheets these are.")
            self.model.set_report(None)
            self._show()
            return None

        def work(_progress: Progress, _cancelled: IsCancelled) -> VerifyReport:
            return verify_code(ws, text)

        return self._run(work)

    def _run(self, work: Any) -> Operation[VerifyReport] | None:
        if self.last_operation is not None and self.last_operation.is_running:
            return None
        self._set_busy(True)
        op: Operation[VerifyReport] = (Operation(work, exclusive=False, parent=self)
                                       .success(self._arrived).failure(self._failed))
        self.last_operation = op
        return op.run_in_background()

    def _arrived(self, report: VerifyReport) -> None:
        if not shiboken6.isValid(self):
            return
        self._set_busy(False)
        self._report = report
        self._error = None
        self.model.set_report(report)
        self.tree.expandAll()
        for row in range(self.model.rowCount()):
            for line in range(self.model.rowCount(self.model.index(row, 0))):
                self.tree.setFirstColumnSpanned(line, self.model.index(row, 0), True)
        self._show()
        self.reportReady.emit(report)

    def _failed(self, exc: BaseException) -> None:
        messages.log_exception(exc, "verify")
        if not shiboken6.isValid(self):
            return
        self._set_busy(False)
        self._report = None
        self._error = messages.describe(exc)
        self.model.set_report(None)
        self._show()

    # --- the report as text ------------------------------------------------------------------------

    def report_text(self) -> str:
        if self._report is None:
            return self._error or ""
        verdict = verdict_of(self._report)
        return "\n".join([self._verdict_title(self._report, verdict), *self._report.lines()])

    def copy_report(self) -> None:
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.setText(self.report_text())
            messages.status(self.tr("The report was copied."))

    # --- drops -------------------------------------------------------------------------------------

    @staticmethod
    def _dropped(event: QDragEnterEvent | QDropEvent) -> list[Path]:
        mime = event.mimeData()
        if mime is None or not mime.hasUrls():
            return []
        return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(p.is_file() for p in self._dropped(event)):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        files = [p for p in self._dropped(event) if p.is_file()]
        if not files:
            event.ignore()
            return
        event.acceptProposedAction()
        self.check_file(files[0])


# --- the window's menu entry -------------------------------------------------------------------------


class _WindowAction(QObject):
    """File ▸ Verify a file or code…, for every role; re-labelled when the language changes."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.action = QAction(window)
        self.action.setObjectName("verifyAction")
        self.action.triggered.connect(self.open)
        window.file_menu.insertAction(window.desk_actions_anchor, self.action)
        window.installEventFilter(self)
        self.retranslate()

    def retranslate(self) -> None:
        self.action.setText(self.tr("&Verify a file or code…"))
        self.action.setStatusTip(self.tr("Check a sheet, its verification code, or a return file "
                                         "against the signed records"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return False

    def open(self) -> VerifyDialog:
        return VerifyDialog.open_for(self.window, self.window.ctx.workspace)


def install_window_action(window: MainWindow) -> QAction:
    """Add File ▸ Verify a file or code… to ``window`` (whatever the workspace's role)."""
    return _WindowAction(window).action


__all__ = [
    "KEY_LAST_FOLDER",
    "ReportModel",
    "Verdict",
    "VerifyDialog",
    "install_window_action",
    "status_verdict",
    "verdict_icon",
    "verdict_of",
]
