"""The dossier viewer: every file of a dossier, read page by page, with find, outline and notes.

A self-contained widget for the expert's reading window and the scoring desk::

    viewer = DossierViewer()
    viewer.set_files(
        [ViewerFile("申报书", ws.file_path(sha_a), sha_a, verified=True),   # store files: verified
         ViewerFile("附件1", ws.file_path(sha_b), sha_b, verified=True)],
        ReadingStore(ws),                      # or None: no saved positions, no notes
    )
    viewer.pageChanged.connect(...)            # (page, page_count), page 0-based
    shortcut.activated.connect(viewer.next_page)

Public API (pages are 0-based; the window shows them 1-based):

* :meth:`DossierViewer.set_files`, :meth:`~DossierViewer.files`, :meth:`~DossierViewer.current_file`,
  :meth:`~DossierViewer.set_current_file`
* :meth:`~DossierViewer.current_page`, :meth:`~DossierViewer.page_count`, slots
  :meth:`~DossierViewer.go_to`, :meth:`~DossierViewer.next_page`, :meth:`~DossierViewer.previous_page`,
  :meth:`~DossierViewer.first_page`, :meth:`~DossierViewer.last_page`
* :meth:`~DossierViewer.find`, :meth:`~DossierViewer.find_next`, :meth:`~DossierViewer.find_previous`,
  :meth:`~DossierViewer.clear_find`, :meth:`~DossierViewer.hit_count`
* :meth:`~DossierViewer.zoom_in`, :meth:`~DossierViewer.zoom_out`, :meth:`~DossierViewer.fit_width`,
  :meth:`~DossierViewer.fit_page`, :meth:`~DossierViewer.set_zoom`, :meth:`~DossierViewer.zoom_spec`
* :meth:`~DossierViewer.save_position` (also done ≤ 1 s after every move, on file switch and on hide)
* :meth:`~DossierViewer.set_sidebar_visible` (thumbnails / outline / notes), :meth:`~DossierViewer.document`,
  :meth:`~DossierViewer.error_message`
* signals ``pageChanged(int page, int count)``, ``fileChanged(str sha256)``, ``documentError(str)``,
  ``firstPagePainted(str sha256)``, ``searchFinished(int hits)``

Keyboard (active while the focus is inside the viewer, so an embedding form keeps its
own keys): Ctrl+F find, F3 / Shift+F3 next / previous hit, Ctrl+G go to page,
Ctrl++ / Ctrl+- zoom, Ctrl+0 fit width, Ctrl+wheel zoom, PgUp / PgDn previous / next
page, Home / End first / last page, Space / Shift+Space scroll a screen.

Files are loaded when first shown, with QtPdf, in this process. QtPdf is not safe
with every damaged file (one file of the robustness corpus makes it loop forever),
so a file is only given to it once :func:`reviewer.pdfinfo.check_readable` has read
it completely in an isolated worker process: files of the workspace store passed
that check at import (``ViewerFile.verified=True``: opened at once); any other file
is checked first, in the background, while the viewer says so. A file that cannot
be opened shows a message in place of the pages, and ``documentError`` carries the
same text. A password is asked for with :class:`PasswordDialog` (tests replace
:meth:`PasswordDialog.ask`) and kept in memory only, never stored.

The outline is read with pypdfium2 (:mod:`ui.qt_pdf_outline`), not QPdfBookmarkModel,
which crashes the process on an outline that loops.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import shiboken6

from PySide6.QtCore import QCoreApplication, QEvent, QModelIndex, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QHideEvent, QKeyEvent, QKeySequence, QShowEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QStyle,
    QTabBar,
    QTabWidget,
    QToolBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from reviewer import pdfinfo
from reviewer.reading import ReadingPosition, ReadingStore
from ui import messages
from ui.qt_pdf_find import DocumentSearch
from ui.qt_pdf_icons import icon
from ui.qt_pdf_notes import NotesPanel
from ui.qt_pdf_outline import PAGE_ROLE, TOP_ROLE, OutlineModel, read_outline
from ui.qt_pdf_pageview import PdfPageView, ZoomMode
from ui.qt_pdf_thumbs import ThumbnailView
from ui.qt_worker import IsCancelled, Operation, Progress

#: The reading position is written at most this long after the reader stops moving.
SAVE_DELAY_MS = 800
#: Find starts this long after the last keystroke in the find field.
FIND_DELAY_MS = 350
#: Zoom choices of the toolbar (stored zoom strings); the fit modes come first.
#: Initial width of the thumbnails / outline / notes panel.
SIDEBAR_WIDTH = 220
ZOOM_CHOICES = ("fit-width", "fit-page", "0.5", "0.75", "1", "1.25", "1.5", "2", "3", "4")


@dataclass(frozen=True)
class ViewerFile:
    """One file of a dossier as the viewer shows it.

    ``verified`` says the file already passed :func:`reviewer.pdfinfo.check_readable`
    (true of every file in the workspace store: the importer checked those bytes, and
    the store is addressed by their sha256). A file not verified is checked first, in
    pdfinfo's isolated worker process, before QtPdf touches it: QtPdf runs in this
    process, and a damaged file can make it loop forever (``unreadablemetadata.pdf``
    of the corpus hangs it on the size of page 2). The check costs about 1 ms per
    page (1.1 s for 1,000 pages), so pass ``verified=True`` for store files.
    """

    label: str
    path: Path
    sha256: str
    verified: bool = False


class PasswordDialog:
    """Asks for the password of an encrypted file. Tests replace :meth:`ask`."""

    @classmethod
    def ask(cls, parent: QWidget | None, file_label: str, wrong: bool) -> str | None:
        """The password typed, or None if the user cancelled.

        Args:
            file_label: the file's name in the dossier (申报书, 附件1 …).
            wrong: a password was already tried and refused.
        """
        title = QCoreApplication.translate("PasswordDialog", "Password required")
        if wrong:
            prompt = QCoreApplication.translate("PasswordDialog", "The password is not correct. Password of “{file}”:")
        else:
            prompt = QCoreApplication.translate("PasswordDialog", "“{file}” is protected by a password. Password:")
        text, ok = QInputDialog.getText(parent, title, prompt.format(file=file_label), QLineEdit.EchoMode.Password)
        return text if ok else None


@dataclass
class _FileState:
    """What the viewer knows about one file of the dossier."""

    file: ViewerFile
    doc: QPdfDocument | None = None
    error: str | None = None
    locked: bool = False
    checked: bool = False
    checking: object | None = None
    position: ReadingPosition | None = None
    saved: ReadingPosition | None = None


class DossierViewer(QWidget):
    """The dossier viewer widget; see the module documentation for its API.

    Signals:
        pageChanged(int, int): the page being read (0-based) and the file's page count.
        fileChanged(str): the sha256 of the file now shown ("" when there is none).
        documentError(str): a file could not be opened; the message shown in its place.
        firstPagePainted(str): the first page of a newly shown file is on screen (sha256).
        searchFinished(int): a find went through the whole file; the number of hits.
    """

    pageChanged = Signal(int, int)
    fileChanged = Signal(str)
    documentError = Signal(str)
    firstPagePainted = Signal(str)
    searchFinished = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._states: list[_FileState] = []
        self._current = -1
        self._store: ReadingStore | None = None
        self._passwords: dict[str, str] = {}
        self._hit: tuple[int, int] | None = None
        self._seek_first_hit = False
        self._user_chose_side_tab = False
        self._presenting = False
        self._sized = False

        # Created before any document, so they are destroyed (render threads stopped) first.
        self._view = PdfPageView()
        self._view.setObjectName("pageView")
        self._thumbs = ThumbnailView()
        self._thumbs.setObjectName("thumbnails")
        self._search = DocumentSearch(self)
        self._outline_model = OutlineModel(self)
        self._build_ui()
        self._build_actions()

        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_position)
        self._find_timer = QTimer(self)
        self._find_timer.setSingleShot(True)
        self._find_timer.setInterval(FIND_DELAY_MS)
        self._find_timer.timeout.connect(lambda: self.find(self._find_edit.text()))

        self._view.currentPageChanged.connect(self._on_page_changed)
        self._view.zoomChanged.connect(self._on_zoom_changed)
        self._view.firstPagePainted.connect(self._on_first_paint)
        self._view.noteMarkerClicked.connect(self._show_notes_of_page)
        self._thumbs.pageActivated.connect(self.go_to)
        self._notes.jumpRequested.connect(self.go_to)
        self._notes.notesChanged.connect(self._on_notes_changed)
        self._search.progressed.connect(self._on_search_progress)
        self._search.finished.connect(self._on_search_finished)
        self._show_empty()

    # --- construction ------------------------------------------------------------------------

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)

        self._tabs = QTabBar()
        self._tabs.setObjectName("fileTabs")
        self._tabs.setDocumentMode(True)
        self._tabs.setExpanding(False)
        self._tabs.setUsesScrollButtons(True)
        self._tabs.currentChanged.connect(self._on_tab_changed)
        layout.addWidget(self._tabs)

        self._toolbar = QToolBar()
        self._toolbar.setObjectName("viewerToolbar")
        self._toolbar.setIconSize(self._toolbar.iconSize().scaled(20, 20, Qt.AspectRatioMode.KeepAspectRatio))
        layout.addWidget(self._toolbar)

        self._page_spin = QSpinBox()
        self._page_spin.setObjectName("pageSpin")
        self._page_spin.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons)
        self._page_spin.setKeyboardTracking(False)
        self._page_spin.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._page_spin.valueChanged.connect(lambda value: self.go_to(value - 1))

        self._zoom_combo = QComboBox()
        self._zoom_combo.setObjectName("zoomCombo")
        self._zoom_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self._zoom_combo.activated.connect(self._on_zoom_chosen)

        self._find_edit = QLineEdit()
        self._find_edit.setObjectName("findEdit")
        self._find_edit.setClearButtonEnabled(True)
        self._find_edit.setMinimumWidth(120)
        self._find_edit.setMaximumWidth(240)
        self._find_edit.textEdited.connect(lambda _text: self._find_timer.start())
        self._find_edit.installEventFilter(self)
        self._hit_label = QLabel()
        self._hit_label.setObjectName("hitLabel")
        self._hit_label.setMinimumWidth(60)

        self._side = QTabWidget()
        self._side.setObjectName("sidePanel")
        self._side.setDocumentMode(True)
        self._side.tabBar().setExpanding(True)
        self._side.setUsesScrollButtons(False)
        self._side.setElideMode(Qt.TextElideMode.ElideRight)
        self._side.tabBarClicked.connect(lambda _index: setattr(self, "_user_chose_side_tab", True))
        self._outline_view = QTreeView()
        self._outline_view.setObjectName("outline")
        self._outline_view.setHeaderHidden(True)
        self._outline_view.setUniformRowHeights(True)
        self._outline_view.setModel(self._outline_model)
        self._outline_view.activated.connect(self._on_outline_activated)
        self._outline_view.clicked.connect(self._on_outline_activated)
        self._no_outline = QLabel()
        self._no_outline.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self._no_outline.setWordWrap(True)
        self._no_outline.setContentsMargins(8, 16, 8, 8)
        self._outline_stack = QStackedWidget()
        self._outline_stack.addWidget(self._no_outline)
        self._outline_stack.addWidget(self._outline_view)
        self._notes = NotesPanel()
        self._notes.setObjectName("notes")
        self._side.addTab(self._thumbs, "")
        self._side.addTab(self._outline_stack, "")
        self._side.addTab(self._notes, "")

        self._message_icon = QLabel()
        self._message_icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(48, 48))
        self._message_icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._message_title = QLabel()
        self._message_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._message_title.setStyleSheet("font-weight: bold; font-size: 14pt;")
        self._message_text = QLabel()
        self._message_text.setObjectName("errorText")
        self._message_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._message_text.setWordWrap(True)
        self._message_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._password_button = QPushButton()
        self._password_button.setObjectName("passwordButton")
        self._password_button.clicked.connect(self._retry_password)
        message_page = QWidget()
        message_page.setObjectName("messagePage")
        message_layout = QVBoxLayout(message_page)
        message_layout.addStretch(1)
        for widget in (self._message_icon, self._message_title, self._message_text):
            message_layout.addWidget(widget)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self._password_button)
        row.addStretch(1)
        message_layout.addLayout(row)
        message_layout.addStretch(2)

        self._stack = QStackedWidget()
        self._stack.addWidget(self._view)
        self._stack.addWidget(message_page)
        self._message_page = message_page

        self._splitter = QSplitter(Qt.Orientation.Horizontal)
        self._splitter.setChildrenCollapsible(False)
        self._splitter.addWidget(self._side)
        self._splitter.addWidget(self._stack)
        self._splitter.setStretchFactor(0, 0)
        self._splitter.setStretchFactor(1, 1)
        self._splitter.setSizes([SIDEBAR_WIDTH, 800])
        self._side.setMinimumWidth(140)
        layout.addWidget(self._splitter, 1)

    def _action(self, text: str, slot: Callable[[], None],
                keys: Sequence[QKeySequence | QKeySequence.StandardKey | str] = (),
                icon_kind: str | None = None) -> QAction:
        action = QAction(text, self)
        if icon_kind is not None:
            action.setIcon(icon(icon_kind))
        if keys:
            action.setShortcuts([QKeySequence(k) for k in keys])
            # Only while the focus is inside the viewer: an embedding form keeps these keys.
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.sidebar_action = self._action(self.tr("Sidebar"), self._toggle_sidebar, icon_kind="sidebar")
        self.sidebar_action.setCheckable(True)
        self.sidebar_action.setChecked(True)
        self.previous_page_action = self._action(self.tr("Previous page"), self.previous_page,
                                                 [QKeySequence(Qt.Key.Key_PageUp)], "up")
        self.next_page_action = self._action(self.tr("Next page"), self.next_page,
                                             [QKeySequence(Qt.Key.Key_PageDown)], "down")
        self.first_page_action = self._action(self.tr("First page"), self.first_page, [QKeySequence(Qt.Key.Key_Home)])
        self.last_page_action = self._action(self.tr("Last page"), self.last_page, [QKeySequence(Qt.Key.Key_End)])
        self.go_to_action = self._action(self.tr("Go to page…"), self._focus_page_box, ["Ctrl+G"])
        self.zoom_in_action = self._action(self.tr("Zoom in"), self.zoom_in,
                                           [QKeySequence.StandardKey.ZoomIn, "Ctrl+="], "zoom-in")
        self.zoom_out_action = self._action(self.tr("Zoom out"), self.zoom_out,
                                            [QKeySequence.StandardKey.ZoomOut], "zoom-out")
        self.fit_width_action = self._action(self.tr("Fit width"), self.fit_width, ["Ctrl+0"], "fit-width")
        self.find_action = self._action(self.tr("Find…"), self._focus_find, [QKeySequence.StandardKey.Find])
        self.find_next_action = self._action(self.tr("Next match"), self.find_next, ["F3"], "down")
        self.find_previous_action = self._action(self.tr("Previous match"), self.find_previous, ["Shift+F3"], "up")

        for action, tip in (
            (self.sidebar_action, self.tr("Show or hide thumbnails, outline and notes")),
            (self.previous_page_action, self.tr("Previous page (PgUp)")),
            (self.next_page_action, self.tr("Next page (PgDn)")),
            (self.zoom_in_action, self.tr("Zoom in (Ctrl++)")),
            (self.zoom_out_action, self.tr("Zoom out (Ctrl+-)")),
            (self.fit_width_action, self.tr("Fit the page width to the window (Ctrl+0)")),
            (self.find_next_action, self.tr("Next match (F3)")),
            (self.find_previous_action, self.tr("Previous match (Shift+F3)")),
        ):
            action.setToolTip(tip)

        bar = self._toolbar
        bar.addAction(self.sidebar_action)
        bar.addSeparator()
        bar.addAction(self.previous_page_action)
        bar.addWidget(self._page_spin)
        bar.addAction(self.next_page_action)
        bar.addSeparator()
        bar.addAction(self.zoom_out_action)
        bar.addWidget(self._zoom_combo)
        bar.addAction(self.zoom_in_action)
        bar.addAction(self.fit_width_action)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(spacer)
        bar.addWidget(self._find_edit)
        bar.addAction(self.find_previous_action)
        bar.addAction(self.find_next_action)
        bar.addWidget(self._hit_label)
        self._retranslate()

    def _retranslate(self) -> None:
        self._side.setTabText(0, self.tr("Thumbnails"))
        self._side.setTabText(1, self.tr("Outline"))
        self._update_notes_tab()
        self._no_outline.setText(self.tr("This file has no outline."))
        self._find_edit.setPlaceholderText(self.tr("Find in file (Ctrl+F)"))
        self._page_spin.setToolTip(self.tr("Page number; type a number and press Enter (Ctrl+G)"))
        self._password_button.setText(self.tr("Enter password…"))
        self._zoom_combo.clear()
        names = {"fit-width": self.tr("Fit width"), "fit-page": self.tr("Fit page")}
        for choice in ZOOM_CHOICES:
            label = names.get(choice) or f"{round(float(choice) * 100)}%"
            self._zoom_combo.addItem(label, choice)
        self._zoom_combo.setToolTip(self.tr("Zoom"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self._update_controls()
        super().changeEvent(event)

    # --- files -------------------------------------------------------------------------------

    def set_files(self, files: list[ViewerFile], reading: ReadingStore | None = None, current: int = 0) -> None:
        """Show ``files`` (the dossier's files, in order), opening ``files[current]``.

        The previous files are closed (their reading positions saved first).
        ``reading`` gives saved positions and the notes panel; without it the viewer
        opens every file at page 1 and notes are disabled.
        """
        self.save_position()
        self._close_all()
        self._store = reading
        self._states = [_FileState(file=f) for f in files]
        blocked = self._tabs.blockSignals(True)
        try:
            while self._tabs.count():
                self._tabs.removeTab(0)
            for f in files:
                index = self._tabs.addTab(f.label)
                self._tabs.setTabToolTip(index, f"{f.label} — {f.path.name}")
        finally:
            self._tabs.blockSignals(blocked)
        self._tabs.setVisible(bool(files))
        if not files:
            self._show_empty()
            return
        self._show_file(min(max(0, current), len(files) - 1))

    def files(self) -> list[ViewerFile]:
        return [state.file for state in self._states]

    def current_file(self) -> ViewerFile | None:
        return self._states[self._current].file if 0 <= self._current < len(self._states) else None

    def current_index(self) -> int:
        return self._current

    @Slot(int)
    def set_current_file(self, index: int) -> None:
        """Show file ``index`` of :meth:`files` (its tab)."""
        if 0 <= index < len(self._states) and index != self._current:
            self._show_file(index)

    def document(self) -> QPdfDocument | None:
        """The QtPdf document shown, if the current file is open."""
        state = self._state()
        return state.doc if state is not None else None

    def error_message(self) -> str | None:
        """Why the current file is not shown, or None if it is."""
        state = self._state()
        return state.error if state is not None else None

    def _state(self) -> _FileState | None:
        return self._states[self._current] if 0 <= self._current < len(self._states) else None

    def _close_all(self) -> None:
        self._current = -1
        self._save_timer.stop()
        self._find_timer.stop()
        self._search.clear()
        self._hit = None
        self._view.set_document(None)
        self._thumbs.set_document(None)
        self._outline_model.set_entries([])
        for state in self._states:
            if state.doc is not None:
                state.doc.close()
                state.doc.deleteLater()
                state.doc = None
        self._states = []
        self._current = -1

    def _show_empty(self) -> None:
        self._current = -1
        self._tabs.setVisible(False)
        self._show_message(self.tr("No file"), self.tr("There is no file to show."), password=False)
        self._notes.set_source(None, None, self.current_page)
        self._update_controls()
        self.fileChanged.emit("")
        self.pageChanged.emit(0, 0)

    def _on_tab_changed(self, index: int) -> None:
        if 0 <= index < len(self._states) and index != self._current:
            self._show_file(index)

    def _show_file(self, index: int) -> None:
        self.save_position()
        self._find_timer.stop()
        self._search.clear()
        self._hit = None
        self._current = index
        blocked = self._tabs.blockSignals(True)
        self._tabs.setCurrentIndex(index)
        self._tabs.blockSignals(blocked)
        state = self._states[index]
        if state.doc is None and state.error is None:
            if not (state.file.verified or state.checked):
                self._start_check(state, self._passwords.get(state.file.sha256))
                return
            self._load(state, ask=True)
        self._present(state)

    def _present(self, state: _FileState) -> None:
        """Show the open document of ``state``, or why it cannot be shown."""
        self._outline_model.set_entries([])
        self._outline_stack.setCurrentWidget(self._no_outline)
        if state.doc is None:
            self._view.set_document(None)
            self._thumbs.set_document(None)
            self._notes.set_source(None, None, self.current_page)
            message = state.error or ""
            self._show_message(state.file.label, message, password=state.locked)
            self._update_controls()
            self.fileChanged.emit(state.file.sha256)
            self.pageChanged.emit(0, 0)
            self.documentError.emit(f"{state.file.label}：{message}")
            return
        if state.position is None:
            state.position = self._stored_position(state.file.sha256)
            state.saved = state.position
        self._stack.setCurrentWidget(self._view)
        self._thumbs.set_document(None)  # given the document after the first paint: it must not delay it
        self._presenting = True
        try:
            self._view.set_document(state.doc, state.position.page, state.position.zoom)
        finally:
            self._presenting = False
        # After the view took the document: loading the notes marks their pages in it.
        self._notes.set_source(self._store, state.file.sha256, self.current_page)
        self._update_controls()
        self.fileChanged.emit(state.file.sha256)
        self.pageChanged.emit(self._view.current_page(), self._view.page_count())

    def _stored_position(self, sha256: str) -> ReadingPosition:
        if self._store is None:
            return ReadingPosition()
        try:
            return self._store.position(sha256)
        except Exception as exc:  # noqa: BLE001 - the UI boundary: a lost position is not worth a dialog
            messages.show_status_error(exc, context="reading the last page read")
            return ReadingPosition()

    def _load(self, state: _FileState, ask: bool) -> None:
        """Open ``state.file``; ask for a password if needed (and ``ask``)."""
        doc = QPdfDocument(self)
        password = self._passwords.get(state.file.sha256)
        if password is not None:
            doc.setPassword(password)
        error = doc.load(str(state.file.path))
        tried = password is not None
        while error == QPdfDocument.Error.IncorrectPassword and ask:
            password = PasswordDialog.ask(self, state.file.label, tried)
            if password is None:
                break
            tried = True
            doc.setPassword(password)
            error = doc.load(str(state.file.path))
        ready = (error == QPdfDocument.Error.None_ and doc.status() == QPdfDocument.Status.Ready
                 and doc.pageCount() > 0)
        if ready:
            if password is not None:
                self._passwords[state.file.sha256] = password
            state.doc, state.error, state.locked = doc, None, False
            return
        state.locked = error == QPdfDocument.Error.IncorrectPassword
        if error == QPdfDocument.Error.None_:
            state.error = self.tr("The file has no pages.")
        else:
            state.error = self._error_text(error, state.file.path)
        doc.close()
        doc.deleteLater()

    def _start_check(self, state: _FileState, password: str | None) -> None:
        """Check an unverified file in pdfinfo's worker process; open it when it passes."""
        token = object()
        state.checking = token
        path = state.file.path

        def work(progress: Progress, cancelled: IsCancelled) -> None:
            pdfinfo.check_readable(path, password)

        (Operation(work, exclusive=False)
         .success(lambda _result: self._checked(state, token, password, None))
         .failure(lambda exc: self._checked(state, token, password, exc))
         .run_in_background())
        self._show_busy(state)

    def _checked(self, state: _FileState, token: object, password: str | None, exc: BaseException | None) -> None:
        if not shiboken6.isValid(self) or state.checking is not token or state not in self._states:
            return  # another dossier or another check took over
        state.checking = None
        current = self._state() is state
        if exc is None:
            state.checked = True
            if password is not None:
                self._passwords[state.file.sha256] = password
            if current:
                self._load(state, ask=True)
        elif isinstance(exc, pdfinfo.PdfRejected) and exc.kind in ("encrypted", "wrong_password"):
            answer = PasswordDialog.ask(self, state.file.label, password is not None) if current else None
            if answer is not None:
                self._start_check(state, answer)
                return
            state.locked = True
            state.error = self.tr("This file is protected by a password.")
        elif isinstance(exc, pdfinfo.PdfRejected):
            state.error = exc.message
        elif isinstance(exc, OSError):
            state.error = self.tr("The file cannot be found or read: {path}").format(path=state.file.path)
        else:
            messages.log_exception(exc, "checking a dossier file")
            state.error = self.tr("The file cannot be opened (unknown error).")
        if current:
            self._present(state)

    def _show_busy(self, state: _FileState) -> None:
        self._view.set_document(None)
        self._thumbs.set_document(None)
        self._notes.set_source(None, None, self.current_page)
        self._show_message(state.file.label, self.tr("Checking the file…"), password=False, icon=False)
        self._update_controls()

    def _error_text(self, error: QPdfDocument.Error, path: Path) -> str:
        if error == QPdfDocument.Error.FileNotFound:
            return self.tr("The file cannot be found or read: {path}").format(path=path)
        if error == QPdfDocument.Error.InvalidFileFormat:
            return self.tr("The file is damaged or is not a PDF.")
        if error == QPdfDocument.Error.IncorrectPassword:
            return self.tr("This file is protected by a password.")
        if error == QPdfDocument.Error.UnsupportedSecurityScheme:
            return self.tr("This file is encrypted in a way the viewer does not support.")
        return self.tr("The file cannot be opened (unknown error).")

    def _retry_password(self) -> None:
        state = self._state()
        if state is None or not state.locked:
            return
        if not (state.file.verified or state.checked):
            answer = PasswordDialog.ask(self, state.file.label, False)
            if answer is not None:
                state.error, state.locked = None, False
                self._start_check(state, answer)
            return
        self._load(state, ask=True)
        self._present(state)

    def _show_message(self, title: str, text: str, password: bool, icon: bool = True) -> None:
        self._message_icon.setVisible(icon)
        self._message_title.setText(title)
        self._message_text.setText(text)
        self._password_button.setVisible(password)
        self._stack.setCurrentWidget(self._message_page)

    # --- pages -------------------------------------------------------------------------------

    def page_count(self) -> int:
        return self._view.page_count()

    def current_page(self) -> int:
        """The page being read, 0-based (0 when no file is open)."""
        return self._view.current_page()

    @Slot(int)
    def go_to(self, page: int) -> None:
        """Show ``page`` (0-based; clamped to the file)."""
        self._view.go_to(page)

    @Slot()
    def next_page(self) -> None:
        self._view.go_to(self._view.current_page() + 1)

    @Slot()
    def previous_page(self) -> None:
        self._view.go_to(self._view.current_page() - 1)

    @Slot()
    def first_page(self) -> None:
        self._view.go_to(0)

    @Slot()
    def last_page(self) -> None:
        self._view.go_to(self._view.page_count() - 1)

    def _on_page_changed(self, page: int) -> None:
        state = self._state()
        count = self._view.page_count()
        self._update_page_box()
        self._thumbs.set_current_page(page)
        self._show_section(page)
        if state is not None and state.doc is not None and state.position is not None:
            state.position = ReadingPosition(page, state.position.zoom)
            self._schedule_save()
            if not self._presenting:
                self.pageChanged.emit(page, count)

    def _focus_page_box(self) -> None:
        self._page_spin.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self._page_spin.selectAll()

    def _update_page_box(self) -> None:
        count = self._view.page_count()
        template = self.tr("Page {current} of {total}")
        before, _, after = template.partition("{current}")
        blocked = self._page_spin.blockSignals(True)
        try:
            self._page_spin.setRange(1 if count else 0, max(count, 0))
            self._page_spin.setPrefix(before.format(total=count))
            self._page_spin.setSuffix(after.format(total=count))
            self._page_spin.setValue(self._view.current_page() + 1 if count else 0)
        finally:
            self._page_spin.blockSignals(blocked)

    # --- zoom --------------------------------------------------------------------------------

    @Slot()
    def zoom_in(self) -> None:
        self._view.zoom_in()

    @Slot()
    def zoom_out(self) -> None:
        self._view.zoom_out()

    @Slot()
    def fit_width(self) -> None:
        self._view.set_zoom_mode(ZoomMode.FIT_WIDTH)

    @Slot()
    def fit_page(self) -> None:
        self._view.set_zoom_mode(ZoomMode.FIT_PAGE)

    def set_zoom(self, factor: float) -> None:
        """Zoom to ``factor`` of actual size (1.0 = 100 %)."""
        self._view.set_zoom_factor(factor)

    def zoom_spec(self) -> str:
        """The zoom as stored: ``fit-width``, ``fit-page`` or a factor such as ``1.25``."""
        return self._view.zoom_spec()

    def zoom_factor(self) -> float:
        """The effective zoom of the current page (1.0 = actual size)."""
        return self._view.zoom_factor()

    def _on_zoom_chosen(self, index: int) -> None:
        choice = self._zoom_combo.itemData(index)
        if isinstance(choice, str):
            self._view.set_zoom_spec(choice)
        self._view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_zoom_changed(self) -> None:
        spec = self._view.zoom_spec()
        blocked = self._zoom_combo.blockSignals(True)
        try:
            index = self._zoom_combo.findData(spec) if self._view.page_count() else -1
            self._zoom_combo.setCurrentIndex(index)
            if index < 0:
                self._zoom_combo.setPlaceholderText(
                    f"{round(self._view.zoom_factor() * 100)}%" if self._view.page_count() else "")
        finally:
            self._zoom_combo.blockSignals(blocked)
        state = self._state()
        if state is not None and state.doc is not None and state.position is not None:
            if state.position.zoom != spec:
                state.position = ReadingPosition(state.position.page, spec)
                self._schedule_save()

    # --- reading position --------------------------------------------------------------------

    def _schedule_save(self) -> None:
        if self._store is not None:
            self._save_timer.start()

    @Slot()
    def save_position(self) -> None:
        """Write the current file's page and zoom now, if they changed since last written."""
        self._save_timer.stop()
        state = self._state()
        if self._store is None or state is None or state.doc is None or state.position is None:
            return
        if state.position == state.saved:
            return
        try:
            self._store.save_position(state.file.sha256, state.position.page, state.position.zoom)
            state.saved = state.position
        except Exception as exc:  # noqa: BLE001 - the UI boundary: reported in the status bar
            messages.show_status_error(exc, context="saving the reading position")

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._sized:
            # Sizes given to a splitter before it has a size are rescaled; set them once shown.
            self._sized = True
            total = sum(self._splitter.sizes())
            if total > SIDEBAR_WIDTH:
                self._splitter.setSizes([SIDEBAR_WIDTH, total - SIDEBAR_WIDTH])

    def hideEvent(self, event: QHideEvent) -> None:
        self.save_position()
        super().hideEvent(event)

    # --- after the first page is on screen ------------------------------------------------------

    def _on_first_paint(self) -> None:
        state = self._state()
        if state is None or state.doc is None:
            return
        self.firstPagePainted.emit(state.file.sha256)
        # Out of the paint event, and after the signal, so that nothing here delays the first page.
        document = state.doc
        QTimer.singleShot(0, self, lambda: self._after_first_paint(document))

    def _after_first_paint(self, document: QPdfDocument) -> None:
        """Start what must not delay the first page: thumbnails, outline, a pending find."""
        state = self._state()
        if state is None or state.doc is not document:
            return
        self._thumbs.set_document(document)
        self._thumbs.start()
        self._thumbs.set_current_page(self._view.current_page())
        self._outline_model.set_entries(read_outline(state.file.path, self._passwords.get(state.file.sha256)))
        has_outline = self._outline_model.rowCount() > 0
        self._outline_stack.setCurrentWidget(self._outline_view if has_outline else self._no_outline)
        if has_outline:
            self._outline_view.expandToDepth(0)
            self._show_section(self._view.current_page())
            if not self._user_chose_side_tab:
                self._side.setCurrentIndex(1)
        if self._find_edit.text().strip() and not self._search.is_active():
            self.find(self._find_edit.text())

    def _show_section(self, page: int) -> None:
        """Select the outline entry of the section being read, without jumping anywhere."""
        index = self._outline_model.section_of(page)
        if index.isValid() and index != self._outline_view.currentIndex():
            blocked = self._outline_view.blockSignals(True)
            try:
                self._outline_view.setCurrentIndex(index)
            finally:
                self._outline_view.blockSignals(blocked)
            self._outline_view.scrollTo(index)

    def _on_outline_activated(self, index: QModelIndex) -> None:
        page = index.data(PAGE_ROLE)
        if not isinstance(page, int) or page < 0:
            return
        top = index.data(TOP_ROLE)
        self._view.go_to(page, top if isinstance(top, float) and top > 1 else None)

    # --- notes -------------------------------------------------------------------------------

    def _on_notes_changed(self) -> None:
        self._view.set_note_pages(self._notes.page_counts(), self._note_tooltip)
        self._update_notes_tab()

    def _note_tooltip(self, page: int, count: int) -> str:
        return self.tr("Page {page}: {count} private note(s) — click to show").format(page=page + 1, count=count)

    def _update_notes_tab(self) -> None:
        count = len(self._notes.notes())
        self._side.setTabText(2, self.tr("Notes ({count})").format(count=count) if count else self.tr("Notes"))

    def _show_notes_of_page(self, page: int) -> None:
        self._side.setVisible(True)
        self.sidebar_action.setChecked(True)
        self._side.setCurrentWidget(self._notes)
        self._notes.select_page(page)

    def _toggle_sidebar(self, checked: bool) -> None:
        self._side.setVisible(checked)

    def set_sidebar_visible(self, visible: bool) -> None:
        """Show or hide the thumbnails / outline / notes panel (the desk hides it when narrow)."""
        self.sidebar_action.setChecked(visible)
        self._side.setVisible(visible)

    # --- find --------------------------------------------------------------------------------

    def find(self, text: str) -> None:
        """Search the current file for ``text`` and go to the first hit from the current page on."""
        self._find_timer.stop()
        text = text.strip()
        if self._find_edit.text().strip() != text:
            self._find_edit.setText(text)
        self._hit = None
        self._view.set_current_hit(None)
        if not text or self.document() is None:
            self._search.clear()
            self._view.set_search_hits(None)
            self._update_hit_label()
            return
        self._seek_first_hit = True
        self._search.start(self.document(), text, self._view.current_page())
        self._view.set_search_hits(self._search.rects_on)
        self._update_hit_label()

    @Slot()
    def clear_find(self) -> None:
        self._find_edit.clear()
        self.find("")

    def hit_count(self) -> int:
        """Hits of the current find so far (all of them once ``searchFinished`` was sent)."""
        return self._search.total()

    def current_hit(self) -> tuple[int, int] | None:
        """(page, index on page) of the hit shown, if any."""
        return self._hit

    @Slot()
    def find_next(self) -> None:
        self._step_hit(backward=False)

    @Slot()
    def find_previous(self) -> None:
        self._step_hit(backward=True)

    def _step_hit(self, backward: bool) -> None:
        text = self._find_edit.text().strip()
        if not text:
            self._focus_find()
            return
        if text != self._search.text() or self._search.document() is not self.document():
            self.find(text)
            return
        if self._hit is None:
            page = self._view.current_page()
            start = (page, len(self._search.hits_on(page))) if backward else (page, -1)
        else:
            start = self._hit
        found = self._search.next_hit(*start, backward=backward)
        if found is not None:
            self._seek_first_hit = False
            self._show_hit(found)

    def _show_hit(self, hit: tuple[int, int]) -> None:
        link = self._search.link(*hit)
        if link is None:
            return
        self._hit = hit
        rects = link.rectangles()
        top = min((r.top() for r in rects), default=None)
        self._view.go_to(hit[0], top)
        self._view.set_current_hit(hit[0], rects)
        self._update_hit_label()

    def _on_search_progress(self) -> None:
        if self._seek_first_hit and self._search.total():
            page = self._view.current_page()
            found = self._search.next_hit(page, -1)
            if found is not None:
                self._seek_first_hit = False
                self._show_hit(found)
        self._view.viewport().update()
        self._update_hit_label()

    def _on_search_finished(self, total: int) -> None:
        self._update_hit_label()
        self.searchFinished.emit(total)

    def _update_hit_label(self) -> None:
        total = self._search.total()
        searching = self._search.is_active() and not self._search.is_done()
        style = ""
        if not self._search.is_active():
            text = ""
        elif searching:
            text = self.tr("Searching… {count}").format(count=total)
        elif total == 0:
            text = self.tr("No match")
            style = "QLineEdit { background: #fde7e9; }"
        else:
            ordinal = self._search.ordinal(*self._hit) if self._hit is not None else None
            if ordinal is None:
                text = self.tr("{total} matches").format(total=total)
            else:
                text = self.tr("{index} of {total}").format(index=ordinal, total=total)
        self._hit_label.setText(text)
        self._find_edit.setStyleSheet(style)

    def _focus_find(self) -> None:
        self._find_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self._find_edit.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._find_edit and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                    self.find_previous()
                else:
                    self.find_next()
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.clear_find()
                self._view.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return super().eventFilter(watched, event)

    # --- controls ----------------------------------------------------------------------------

    def _update_controls(self) -> None:
        has_pages = self._view.page_count() > 0
        for action in (self.previous_page_action, self.next_page_action, self.first_page_action,
                       self.last_page_action, self.go_to_action, self.zoom_in_action, self.zoom_out_action,
                       self.fit_width_action, self.find_action, self.find_next_action, self.find_previous_action):
            action.setEnabled(has_pages)
        for widget in (self._page_spin, self._zoom_combo, self._find_edit):
            widget.setEnabled(has_pages)
        self._update_page_box()
        self._on_zoom_changed()
        self._update_hit_label()
