"""The private notes of the file being read: list, add to the current page, edit, delete, jump.

Notes go through a :class:`reviewer.reading.ReadingStore`; failures are shown
at this boundary (:func:`ui.messages.show_error`) and leave the list as it was.
The text editor is :class:`NoteDialog`, whose :meth:`NoteDialog.ask` tests
replace; deleting asks for confirmation through :func:`ui.messages.ask`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reviewer.reading import MAX_NOTE_CHARS, NoteItem, ReadingStore
from ui import messages

#: Characters of a note shown in the list (the whole text is in the tooltip).
PREVIEW_CHARS = 60


class NoteDialog(QDialog):
    """Edits the text of one note. Use :meth:`ask`."""

    def __init__(self, parent: QWidget | None, title: str, prompt: str, text: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        label = QLabel(prompt)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.editor = QPlainTextEdit()
        self.editor.setPlainText(text)
        self.editor.setTabChangesFocus(True)
        layout.addWidget(self.editor)
        hint = QLabel(self.tr("Notes are kept on this computer only and are never exported."))
        hint.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(hint)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.editor.textChanged.connect(self._update_ok)
        self._update_ok()

    def _update_ok(self) -> None:
        text = self.editor.toPlainText().strip()
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(0 < len(text) <= MAX_NOTE_CHARS)

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, prompt: str, text: str = "") -> str | None:
        """The text entered, or None if the user cancelled."""
        dialog = cls(parent, title, prompt, text)
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted:
                return dialog.editor.toPlainText().strip()
            return None
        finally:
            dialog.deleteLater()


class NotesPanel(QWidget):
    """The notes of one file.

    Signals:
        jumpRequested(int): the reader wants to see the page of a note.
        notesChanged(): the notes were (re)loaded, added, edited or deleted.
    """

    jumpRequested = Signal(int)
    notesChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store: ReadingStore | None = None
        self._sha256: str | None = None
        self._current_page: Callable[[], int] = lambda: 0
        self._notes: list[NoteItem] = []

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.info.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(self.info)
        self.list = QListWidget()
        self.list.setObjectName("noteList")
        # Long notes wrap within the panel (the whole text is also in the tooltip).
        self.list.setWordWrap(True)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setAlternatingRowColors(True)
        self.list.itemActivated.connect(self._jump_to_item)
        self.list.itemDoubleClicked.connect(self._jump_to_item)
        self.list.currentRowChanged.connect(self._update_buttons)
        layout.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add…"))
        self.add_button.setToolTip(self.tr("Add a private note to the page being read"))
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.delete_button = QPushButton(self.tr("Delete"))
        for button in (self.add_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self.add_note)
        self.edit_button.clicked.connect(self.edit_note)
        self.delete_button.clicked.connect(self.delete_note)
        delete_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.list)
        delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_key.activated.connect(self.delete_note)
        self._show()

    # --- data --------------------------------------------------------------------------------

    def set_source(self, store: ReadingStore | None, sha256: str | None, current_page: Callable[[], int]) -> None:
        """Show the notes of ``sha256`` from ``store`` (None disables notes)."""
        self._store = store
        self._sha256 = sha256
        self._current_page = current_page
        self._notes = []
        if store is not None and sha256 is not None:
            try:
                self._notes = store.notes(sha256)
            except Exception as exc:  # noqa: BLE001 - the UI boundary: any failure is shown, not raised
                messages.show_status_error(exc, context="loading notes")
        self._show()
        self.notesChanged.emit()

    def notes(self) -> list[NoteItem]:
        return list(self._notes)

    def page_counts(self) -> dict[int, int]:
        counts: dict[int, int] = {}
        for note in self._notes:
            counts[note.page] = counts.get(note.page, 0) + 1
        return counts

    def _show(self) -> None:
        self.list.clear()
        enabled = self._store is not None and self._sha256 is not None
        if not enabled:
            self.info.setText(self.tr("Notes need a workspace; none is open."))
        else:
            self.info.setText(self.tr("Private: kept on this computer only, never exported."))
        for note in self._notes:
            first_line = note.text.splitlines()[0] if note.text else ""
            preview = first_line if len(first_line) <= PREVIEW_CHARS else first_line[: PREVIEW_CHARS - 1] + "…"
            if len(note.text.splitlines()) > 1 and preview == first_line:
                preview += " …"
            item = QListWidgetItem(self.tr("Page {page}: {text}").format(page=note.page + 1, text=preview))
            item.setToolTip(note.text)
            item.setData(Qt.ItemDataRole.UserRole, note.id)
            self.list.addItem(item)
        self.add_button.setEnabled(enabled)
        self._update_buttons()

    def _update_buttons(self) -> None:
        selected = self._selected() is not None
        self.edit_button.setEnabled(selected)
        self.delete_button.setEnabled(selected)

    def _selected(self) -> NoteItem | None:
        row = self.list.currentRow()
        return self._notes[row] if 0 <= row < len(self._notes) else None

    def select_page(self, page: int) -> None:
        """Select the first note of ``page`` (after a click on a page's note marker)."""
        for row, note in enumerate(self._notes):
            if note.page == page:
                self.list.setCurrentRow(row)
                return

    def _reload(self, select_id: int | None) -> None:
        assert self._store is not None and self._sha256 is not None
        self._notes = self._store.notes(self._sha256)
        self._show()
        for row, note in enumerate(self._notes):
            if note.id == select_id:
                self.list.setCurrentRow(row)
        self.notesChanged.emit()

    # --- actions -----------------------------------------------------------------------------

    def _jump_to_item(self, item: QListWidgetItem) -> None:
        row = self.list.row(item)
        if 0 <= row < len(self._notes):
            self.jumpRequested.emit(self._notes[row].page)

    def add_note(self) -> None:
        """Ask for a text and pin it to the page being read."""
        if self._store is None or self._sha256 is None:
            return
        page = self._current_page()
        text = NoteDialog.ask(self, self.tr("New note"),
                              self.tr("Note on page {page} (only you can see it):").format(page=page + 1))
        if text is None:
            return
        try:
            note = self._store.add_note(self._sha256, page, text)
            self._reload(note.id)
        except Exception as exc:  # noqa: BLE001 - the UI boundary
            messages.show_error(self, exc, context="adding a note")

    def edit_note(self) -> None:
        note = self._selected()
        if self._store is None or note is None:
            return
        text = NoteDialog.ask(self, self.tr("Edit note"),
                              self.tr("Note on page {page}:").format(page=note.page + 1), note.text)
        if text is None or text == note.text:
            return
        try:
            self._store.update_note(note.id, text)
            self._reload(note.id)
        except Exception as exc:  # noqa: BLE001 - the UI boundary
            messages.show_error(self, exc, context="editing a note")

    def delete_note(self) -> None:
        note = self._selected()
        if self._store is None or note is None:
            return
        question = self.tr("Delete this note on page {page}?\n\n{text}").format(
            page=note.page + 1, text=note.text[:200])
        if not messages.ask(self, question, self.tr("Delete note")):
            return
        try:
            self._store.delete_note(note.id)
            self._reload(None)
        except Exception as exc:  # noqa: BLE001 - the UI boundary
            messages.show_error(self, exc, context="deleting a note")
