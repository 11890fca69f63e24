"""The expert's dialogs: profile and signature, conflict declaration, reopen, submit, files.

Every dialog has an ``ask()`` classmethod that shows it modally and returns plain
data (or None when the expert cancels); tests replace ``ask()`` with
``monkeypatch`` (pytest-qt's ``note_dialogs``). Nothing here touches the
database or the file system except reading a PNG the expert picks: the desk
does the writing, in a worker.

:class:`SignaturePad` is the handwritten-signature widget: draw with the mouse,
a pen or a finger (tablet pressure makes the line thicker), undo the last
stroke, clear, or import a PNG; :meth:`SignaturePad.to_png` gives a transparent
PNG cropped to the ink, which ``keys.save_signature_image`` stores.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QTabletEvent,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from reviewer.payloads import CONFLICT_KINDS
from ui.i18n import pick

#: Ink colour of a drawn signature (dark blue, like a ballpoint pen).
INK = QColor("#0b2a6f")
#: Width of a stroke drawn with the mouse, in pixels of the pad; pen pressure scales it.
BASE_WIDTH = 2.6
#: The exported PNG is rendered at this multiple of the pad's resolution (print-worthy).
EXPORT_SCALE = 3
#: Transparent margin around the ink in the exported PNG, in pad pixels.
EXPORT_MARGIN = 6

_REQUIRED_STYLE = "QPlainTextEdit[missing=\"true\"], QLineEdit[missing=\"true\"] { border: 1px solid #c62828; }"


def _repolish(widget: QWidget) -> None:
    widget.style().unpolish(widget)
    widget.style().polish(widget)
    widget.update()


# --- the signature pad -----------------------------------------------------------------------------

Stroke = list[tuple[QPointF, float]]


class SignaturePad(QWidget):
    """A surface to sign on. See the module docstring.

    Signals:
        changed: a stroke was added or removed, the pad was cleared or an image set.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signaturePad")
        self._strokes: list[Stroke] = []
        self._current: Stroke | None = None
        self._image: QImage | None = None
        self._hint = ""
        self.setAttribute(Qt.WidgetAttribute.WA_TabletTracking, False)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumSize(360, 150)

    # --- content ---------------------------------------------------------------------------------

    def set_hint(self, text: str) -> None:
        self._hint = text
        self.update()

    def is_empty(self) -> bool:
        return not self._strokes and self._image is None

    def stroke_count(self) -> int:
        return len(self._strokes)

    def clear(self) -> None:
        self._strokes.clear()
        self._current = None
        self._image = None
        self.update()
        self.changed.emit()

    def undo_stroke(self) -> None:
        """Take back the last stroke (or, with none left, the imported image)."""
        if self._strokes:
            self._strokes.pop()
        elif self._image is not None:
            self._image = None
        else:
            return
        self.update()
        self.changed.emit()

    def set_image(self, image: QImage | None) -> None:
        """Show an existing or imported signature (strokes drawn before are dropped)."""
        self._strokes.clear()
        self._image = None if image is None or image.isNull() else image.convertToFormat(
            QImage.Format.Format_ARGB32_Premultiplied)
        self.update()
        self.changed.emit()

    def load_png(self, data: bytes) -> bool:
        image = QImage()
        if not image.loadFromData(QByteArray(data), "PNG"):
            return False
        self.set_image(image)
        return True

    def add_stroke(self, points: Sequence[tuple[float, float, float]]) -> None:
        """Add a whole stroke of ``(x, y, pressure)`` points (pressure 0–1; 0.5 is a mouse)."""
        stroke = [(QPointF(x, y), p) for x, y, p in points]
        if stroke:
            self._strokes.append(stroke)
            self.update()
            self.changed.emit()

    # --- input -----------------------------------------------------------------------------------

    def _begin(self, pos: QPointF, pressure: float) -> None:
        self._current = [(pos, pressure)]
        self._strokes.append(self._current)
        self.update()

    def _extend(self, pos: QPointF, pressure: float) -> None:
        if self._current is None:
            return
        last = self._current[-1][0]
        if (pos - last).manhattanLength() < 0.8:
            return
        self._current.append((pos, pressure))
        margin = BASE_WIDTH * 3
        self.update(QRectF(last, pos).normalized().adjusted(-margin, -margin, margin, margin).toAlignedRect())

    def _end(self) -> None:
        if self._current is not None:
            self._current = None
            self.changed.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._begin(event.position(), 0.5)
            event.accept()
        else:
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._extend(event.position(), 0.5)
            event.accept()
        else:
            super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._extend(event.position(), 0.5)
            self._end()
            event.accept()
        else:
            super().mouseReleaseEvent(event)

    def tabletEvent(self, event: QTabletEvent) -> None:
        """A pen: pressure makes the line thicker; accepting stops the synthesised mouse events."""
        pressure = max(0.05, min(1.0, event.pressure()))
        kind = event.type()
        if kind == QTabletEvent.Type.TabletPress:
            self._begin(event.position(), pressure)
        elif kind == QTabletEvent.Type.TabletMove and self._current is not None:
            self._extend(event.position(), pressure)
        elif kind == QTabletEvent.Type.TabletRelease:
            self._end()
        event.accept()

    # --- drawing ---------------------------------------------------------------------------------

    @staticmethod
    def _width(pressure: float) -> float:
        return BASE_WIDTH * (0.45 + 1.1 * pressure)

    def _paint_ink(self, painter: QPainter, target: QRectF | None = None) -> None:
        if self._image is not None:
            painter.drawImage(target if target is not None else self._image_rect(), self._image)
        for stroke in self._strokes:
            if len(stroke) == 1:
                point, pressure = stroke[0]
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(INK)
                radius = self._width(pressure) / 2
                painter.drawEllipse(point, radius, radius)
                continue
            for (a, pa), (b, pb) in zip(stroke, stroke[1:]):
                pen = QPen(INK, self._width((pa + pb) / 2), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                           Qt.PenJoinStyle.RoundJoin)
                painter.setPen(pen)
                painter.drawLine(a, b)

    def _image_rect(self) -> QRectF:
        """Where an imported image sits: scaled to fit the pad, centred, never enlarged past 2×."""
        assert self._image is not None
        area = QRectF(self.rect()).adjusted(12, 12, -12, -12)
        size = self._image.size().toSizeF()
        if size.isEmpty():
            return area
        factor = min(area.width() / size.width(), area.height() / size.height(), 2.0)
        w, h = size.width() * factor, size.height() * factor
        return QRectF(area.center().x() - w / 2, area.center().y() - h / 2, w, h)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.setPen(QPen(QColor("#b8c2cf"), 1))
        painter.setBrush(QColor("white"))
        painter.drawRoundedRect(rect, 6, 6)
        baseline = rect.bottom() - rect.height() * 0.28
        painter.setPen(QPen(QColor("#d5dbe3"), 1, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(rect.left() + 24, baseline), QPointF(rect.right() - 24, baseline))
        painter.setPen(QColor("#9aa5b1"))
        painter.drawText(QPointF(rect.left() + 10, baseline - 4), "✕")
        if self.is_empty() and self._hint:
            font = QFont(self.font())
            font.setPointSizeF(font.pointSizeF() * 1.05)
            painter.setFont(font)
            painter.setPen(QColor("#a0aab5"))
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), self._hint)
        self._paint_ink(painter)
        painter.end()

    def ink_rect(self) -> QRectF:
        """The bounding box of everything drawn or imported, in pad coordinates."""
        rect = QRectF()
        if self._image is not None:
            rect = self._image_rect()
        for stroke in self._strokes:
            for point, pressure in stroke:
                r = self._width(pressure)
                rect = rect.united(QRectF(point.x() - r, point.y() - r, 2 * r, 2 * r))
        return rect

    def to_image(self) -> QImage:
        """The signature on a transparent background, cropped to the ink (a null image if empty)."""
        if self.is_empty():
            return QImage()
        ink = self.ink_rect().adjusted(-EXPORT_MARGIN, -EXPORT_MARGIN, EXPORT_MARGIN, EXPORT_MARGIN)
        size = QSize(max(1, int(ink.width() * EXPORT_SCALE)), max(1, int(ink.height() * EXPORT_SCALE)))
        image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.scale(EXPORT_SCALE, EXPORT_SCALE)
        painter.translate(-ink.topLeft())
        self._paint_ink(painter)
        painter.end()
        return image

    def to_png(self) -> bytes:
        """:meth:`to_image` as PNG bytes (empty bytes if nothing is drawn)."""
        image = self.to_image()
        if image.isNull():
            return b""
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        buffer.close()
        return bytes(data.data())

    def sizeHint(self) -> QSize:
        return QSize(520, 180)


# --- files ----------------------------------------------------------------------------------------


class FileDialog:
    """File pickers of the expert's desk. Tests monkeypatch these classmethods."""

    @classmethod
    def open_file(cls, parent: QWidget | None, title: str, start: Path, name_filter: str) -> Path | None:
        path, _ = QFileDialog.getOpenFileName(parent, title, str(start), name_filter)
        return Path(path) if path else None

    @classmethod
    def save_file(cls, parent: QWidget | None, title: str, default: Path, name_filter: str) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(parent, title, str(default), name_filter)
        if not path:
            return None
        result = Path(path)
        suffix = default.suffix
        if suffix and result.suffix.lower() != suffix.lower():
            result = result.with_name(result.name + suffix)
        return result


# --- profile and signature -------------------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    """What the setup dialog shows (read by the desk before it opens)."""

    name: str
    organisation: str
    fingerprint: str | None
    key_protected: bool
    signature_png: bytes | None


@dataclass(frozen=True)
class SetupResult:
    """What the expert changed in the setup dialog (None: left as it was)."""

    organisation: str | None
    signature_png: bytes | None
    #: (current passphrase or None, new passphrase or None to remove it)
    passphrase: tuple[str | None, str | None] | None


class SetupDialog(QDialog):
    """The expert's profile: name, organisation, signing key and handwritten signature."""

    def __init__(self, profile: Profile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("setupDialog")
        self.setStyleSheet(_REQUIRED_STYLE)
        self.profile = profile
        self._signature_touched = False

        self.name_value = QLabel(profile.name or "—")
        self.name_value.setObjectName("profileName")
        bold = QFont(self.name_value.font())
        bold.setBold(True)
        self.name_value.setFont(bold)
        self.organisation_edit = QLineEdit(profile.organisation)
        self.organisation_edit.setObjectName("organisationEdit")
        self.name_caption = QLabel()
        self.organisation_caption = QLabel()
        identity = QFormLayout()
        identity.addRow(self.name_caption, self.name_value)
        identity.addRow(self.organisation_caption, self.organisation_edit)
        self.identity_box = QGroupBox()
        self.identity_box.setLayout(identity)

        self.fingerprint_caption = QLabel()
        self.fingerprint_value = QLabel(profile.fingerprint or "—")
        self.fingerprint_value.setObjectName("fingerprint")
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.fingerprint_value.setFont(mono)
        self.fingerprint_value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.protection_caption = QLabel()
        self.protection_value = QLabel()
        self.change_passphrase = QPushButton()
        self.change_passphrase.setObjectName("changePassphrase")
        self.change_passphrase.setCheckable(True)
        self.change_passphrase.setAutoDefault(False)
        self.change_passphrase.toggled.connect(self._toggle_passphrase)
        self.old_passphrase = QLineEdit()
        self.old_passphrase.setObjectName("oldPassphrase")
        self.old_passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_passphrase = QLineEdit()
        self.new_passphrase.setObjectName("newPassphrase")
        self.new_passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat_passphrase = QLineEdit()
        self.repeat_passphrase.setObjectName("repeatPassphrase")
        self.repeat_passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.old_caption, self.new_caption, self.repeat_caption = QLabel(), QLabel(), QLabel()
        self.passphrase_note = QLabel()
        self.passphrase_note.setWordWrap(True)
        self.passphrase_note.setObjectName("passphraseNote")
        for edit in (self.old_passphrase, self.new_passphrase, self.repeat_passphrase):
            edit.textChanged.connect(self._validate)
        self.key_form = QFormLayout()
        self.key_form.addRow(self.fingerprint_caption, self.fingerprint_value)
        protection_row = QHBoxLayout()
        protection_row.addWidget(self.protection_value, 1)
        protection_row.addWidget(self.change_passphrase)
        self.key_form.addRow(self.protection_caption, protection_row)
        self._passphrase_rows: list[QWidget] = []
        if profile.key_protected:
            self.key_form.addRow(self.old_caption, self.old_passphrase)
            self._passphrase_rows.append(self.old_passphrase)
        self.key_form.addRow(self.new_caption, self.new_passphrase)
        self.key_form.addRow(self.repeat_caption, self.repeat_passphrase)
        self.key_form.addRow(self.passphrase_note)
        self._passphrase_rows += [self.new_passphrase, self.repeat_passphrase, self.passphrase_note]
        for widget in self._passphrase_rows:
            self.key_form.setRowVisible(widget, False)
        self.key_box = QGroupBox()
        self.key_box.setLayout(self.key_form)

        self.pad = SignaturePad()
        if profile.signature_png:
            self.pad.load_png(profile.signature_png)
        self.pad.changed.connect(self._signature_changed)
        self.undo_stroke_button = QPushButton()
        self.undo_stroke_button.setObjectName("undoStroke")
        self.undo_stroke_button.setAutoDefault(False)
        self.undo_stroke_button.clicked.connect(self.pad.undo_stroke)
        self.clear_button = QPushButton()
        self.clear_button.setObjectName("clearSignature")
        self.clear_button.setAutoDefault(False)
        self.clear_button.clicked.connect(self.pad.clear)
        self.import_button = QPushButton()
        self.import_button.setObjectName("importSignature")
        self.import_button.setAutoDefault(False)
        self.import_button.clicked.connect(self._import_png)
        self.signature_note = QLabel()
        self.signature_note.setWordWrap(True)
        self.signature_note.setObjectName("signatureNote")
        pad_buttons = QHBoxLayout()
        pad_buttons.addWidget(self.undo_stroke_button)
        pad_buttons.addWidget(self.clear_button)
        pad_buttons.addStretch(1)
        pad_buttons.addWidget(self.import_button)
        signature_layout = QVBoxLayout()
        signature_layout.addWidget(self.signature_note)
        signature_layout.addWidget(self.pad)
        signature_layout.addLayout(pad_buttons)
        self.signature_box = QGroupBox()
        self.signature_box.setLayout(signature_layout)

        self.problem_label = QLabel()
        self.problem_label.setObjectName("setupProblem")
        self.problem_label.setStyleSheet("color: #c62828;")
        self.problem_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.identity_box)
        layout.addWidget(self.key_box)
        layout.addWidget(self.signature_box)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.buttons)
        self.retranslate()
        self._validate()
        self.resize(self.sizeHint().expandedTo(QSize(600, 0)))

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("My profile and signature"))
        self.identity_box.setTitle(self.tr("Identity (from the bundle)"))
        self.name_caption.setText(self.tr("Name:"))
        self.organisation_caption.setText(self.tr("Organisation:"))
        self.key_box.setTitle(self.tr("Signing key"))
        self.fingerprint_caption.setText(self.tr("Fingerprint:"))
        self.fingerprint_value.setToolTip(self.tr("Read this to the secretary if asked to confirm your key"))
        if self.profile.fingerprint is None:
            self.protection_value.setText(self.tr("No key yet: it is created when you first import a bundle."))
            self.change_passphrase.setVisible(False)
        elif self.profile.key_protected:
            self.protection_value.setText(self.tr("Protected by a passphrase"))
            self.change_passphrase.setText(self.tr("Change passphrase…"))
        else:
            self.protection_value.setText(self.tr("No passphrase (anyone using this computer account can sign)"))
            self.change_passphrase.setText(self.tr("Set a passphrase…"))
        self.protection_caption.setText(self.tr("Protection:"))
        self.old_caption.setText(self.tr("Current passphrase:"))
        self.new_caption.setText(self.tr("New passphrase:"))
        self.repeat_caption.setText(self.tr("Repeat:"))
        self.passphrase_note.setText(
            self.tr("You will type it each time you sign. Leave both fields empty to remove the passphrase. "
                    "A forgotten passphrase cannot be recovered.")
        )
        self.signature_box.setTitle(self.tr("Handwritten signature"))
        self.signature_note.setText(
            self.tr("Sign in the box with the mouse or a pen. It is printed on your review sheets next to the "
                    "digital signature.")
        )
        self.pad.set_hint(self.tr("Sign here"))
        self.undo_stroke_button.setText(self.tr("Undo stroke"))
        self.clear_button.setText(self.tr("Clear"))
        self.import_button.setText(self.tr("Import PNG…"))
        self._validate()

    def _toggle_passphrase(self, shown: bool) -> None:
        for widget in self._passphrase_rows:
            self.key_form.setRowVisible(widget, shown)
        if shown:
            (self.old_passphrase if self.profile.key_protected else self.new_passphrase).setFocus()
        self._validate()
        self.adjustSize()

    def _signature_changed(self) -> None:
        self._signature_touched = True
        self._validate()

    def _import_png(self) -> None:
        path = FileDialog.open_file(self, self.tr("Import signature image"), Path.home(),
                                    self.tr("PNG images (*.png)"))
        if path is None:
            return
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.problem_label.setText(self.tr("Cannot read {file}: {reason}").format(
                file=path.name, reason=exc.strerror or exc))
            return
        if not self.pad.load_png(data):
            self.problem_label.setText(self.tr("{file} is not a PNG image.").format(file=path.name))

    def problem(self) -> str:
        """Why Save is not possible now ("" when it is)."""
        if self.change_passphrase.isChecked():
            if self.profile.key_protected and not self.old_passphrase.text():
                return self.tr("Type your current passphrase.")
            if self.new_passphrase.text() != self.repeat_passphrase.text():
                return self.tr("The two new passphrases differ.")
            if self.new_passphrase.text() and len(self.new_passphrase.text()) < 6:
                return self.tr("A passphrase needs at least 6 characters.")
        return ""

    def _validate(self) -> None:
        problem = self.problem()
        self.problem_label.setText(problem)
        self.problem_label.setVisible(bool(problem))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not problem)
        self.undo_stroke_button.setEnabled(not self.pad.is_empty())
        self.clear_button.setEnabled(not self.pad.is_empty())

    def result_data(self) -> SetupResult:
        organisation = self.organisation_edit.text().strip()
        passphrase: tuple[str | None, str | None] | None = None
        if self.change_passphrase.isChecked():
            old = self.old_passphrase.text() if self.profile.key_protected else None
            new = self.new_passphrase.text() or None
            if self.profile.key_protected or new:
                passphrase = (old, new)
        signature: bytes | None = None
        if self._signature_touched:
            signature = self.pad.to_png()
        return SetupResult(
            organisation=organisation if organisation != self.profile.organisation else None,
            signature_png=signature,
            passphrase=passphrase,
        )

    @classmethod
    def ask(cls, parent: QWidget | None, profile: Profile) -> SetupResult | None:
        dialog = cls(profile, parent)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.result_data()
        finally:
            dialog.deleteLater()


# --- conflicts --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DossierInfo:
    """The dossier a dialog is about."""

    number: str
    title: str
    applicant: str


@dataclass(frozen=True)
class ConflictAnswer:
    """The expert's declaration: no conflict, or a conflict of a kind, with a reason."""

    conflict: bool
    kind: str = ""
    reason: str = ""


class ConflictDialog(QDialog):
    """Before a dossier opens: confirm there is no conflict of interest, or declare one (回避).

    With ``declare_only`` (a conflict found while reading) the "no conflict" choice is absent.
    """

    def __init__(self, dossier: DossierInfo, parent: QWidget | None = None, *, declare_only: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("conflictDialog")
        self.setStyleSheet(_REQUIRED_STYLE)
        self.dossier = dossier
        self.declare_only = declare_only
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.none_button = QRadioButton()
        self.none_button.setObjectName("noConflict")
        self.declare_button = QRadioButton()
        self.declare_button.setObjectName("declareConflict")
        self.choice = QButtonGroup(self)
        self.choice.addButton(self.none_button, 0)
        self.choice.addButton(self.declare_button, 1)
        self.choice.idToggled.connect(lambda _id, _checked: self._validate())
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("conflictKind")
        for key in CONFLICT_KINDS:
            self.kind_combo.addItem("", key)
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setObjectName("conflictReason")
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setFixedHeight(self.reason_edit.fontMetrics().lineSpacing() * 4 + 14)
        self.reason_edit.textChanged.connect(self._validate)
        self.kind_caption = QLabel()
        self.reason_caption = QLabel()
        self.declare_frame = QFrame()
        form = QFormLayout(self.declare_frame)
        form.setContentsMargins(24, 0, 0, 0)
        form.addRow(self.kind_caption, self.kind_combo)
        form.addRow(self.reason_caption, self.reason_edit)
        self.consequence = QLabel()
        self.consequence.setWordWrap(True)
        self.consequence.setObjectName("conflictConsequence")
        self.consequence.setStyleSheet("color: #5f6b7a;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(self.heading)
        layout.addWidget(self.explanation)
        if not declare_only:
            layout.addWidget(self.none_button)
        layout.addWidget(self.declare_button)
        layout.addWidget(self.declare_frame)
        layout.addWidget(self.consequence)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        if declare_only:
            self.declare_button.setChecked(True)
            self.declare_button.setVisible(False)
        self.retranslate()
        self._validate()
        self.setMinimumWidth(560)

    def retranslate(self) -> None:
        d = self.dossier
        self.setWindowTitle(self.tr("Declare a conflict of interest") if self.declare_only
                            else self.tr("Conflict of interest — {number}").format(number=d.number))
        self.heading.setText(f"<b>{_html(d.number)}</b>　{_html(d.title)}<br>"
                             f"<span style='color:#5f6b7a'>{_html(d.applicant)}</span>")
        self.explanation.setText(
            self.tr("Before you read and score this application, state whether you have a conflict of interest "
                    "with it: you work for the applicant, have worked with it recently, are related to someone in "
                    "it, compete with it, or anything else that could bias your judgement.")
        )
        self.none_button.setText(self.tr("I have no conflict of interest with this application"))
        self.declare_button.setText(self.tr("I declare a conflict of interest and withdraw (回避)"))
        self.kind_caption.setText(self.tr("Kind:"))
        self.reason_caption.setText(self.tr("Reason (required):"))
        self.reason_edit.setPlaceholderText(self.tr("e.g. I was a technical adviser to the applicant in 2024"))
        for i in range(self.kind_combo.count()):
            zh, en = CONFLICT_KINDS[self.kind_combo.itemData(i)]
            self.kind_combo.setItemText(i, pick(zh, en))
        self._validate()

    def _validate(self) -> None:
        declaring = self.declare_button.isChecked()
        self.declare_frame.setEnabled(declaring)
        missing = declaring and not self.reason_edit.toPlainText().strip()
        self.reason_edit.setProperty("missing", missing)
        _repolish(self.reason_edit)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self.choice.checkedId() >= 0 and not missing)
        if declaring:
            ok.setText(self.tr("Declare conflict"))
            self.consequence.setText(self.tr("The application is then locked for you: you cannot score it, and "
                                             "any scores already entered are set aside. The declaration is signed "
                                             "and sent back with your return file."))
        else:
            ok.setText(self.tr("Start reviewing"))
            self.consequence.setText(self.tr("Your confirmation is signed and sent back with your return file. "
                                             "If you find a conflict later, you can still declare it."))

    def answer(self) -> ConflictAnswer:
        if self.declare_button.isChecked():
            return ConflictAnswer(True, str(self.kind_combo.currentData()), self.reason_edit.toPlainText().strip())
        return ConflictAnswer(False)

    @classmethod
    def ask(cls, parent: QWidget | None, dossier: DossierInfo, *, declare_only: bool = False) -> ConflictAnswer | None:
        dialog = cls(dossier, parent, declare_only=declare_only)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.answer()
        finally:
            dialog.deleteLater()


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --- reopening --------------------------------------------------------------------------------------


class ReopenReviewDialog(QDialog):
    """Why a submitted review is reopened (required; it is kept with the new version)."""

    def __init__(self, dossier: DossierInfo, version: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reopenReviewDialog")
        self.setStyleSheet(_REQUIRED_STYLE)
        self.dossier = dossier
        self.version = version
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setObjectName("reopenReason")
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setFixedHeight(self.reason_edit.fontMetrics().lineSpacing() * 4 + 14)
        self.reason_edit.textChanged.connect(self._validate)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(self.reason_edit)
        layout.addWidget(self.buttons)
        self.retranslate()
        self._validate()
        self.setMinimumWidth(480)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Reopen submitted review"))
        self.text.setText(self.tr(
            "Version {version} of your review of {number} stays on record, signed. Reopening starts version "
            "{next} with the same values, which you must sign and submit again. Why do you reopen it?"
        ).format(version=self.version, next=self.version + 1, number=self.dossier.number))
        self.reason_edit.setPlaceholderText(self.tr("Reason (required)"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Reopen"))

    def _validate(self) -> None:
        missing = not self.reason_edit.toPlainText().strip()
        self.reason_edit.setProperty("missing", missing)
        _repolish(self.reason_edit)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not missing)

    @classmethod
    def ask(cls, parent: QWidget | None, dossier: DossierInfo, version: int) -> str | None:
        dialog = cls(dossier, version, parent)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.reason_edit.toPlainText().strip()
        finally:
            dialog.deleteLater()


# --- submitting ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SubmitSummary:
    """What the expert is about to sign."""

    dossier: DossierInfo
    version: int
    total: str
    scale: str
    recommendation: str
    vetoes_yes: int


@dataclass(frozen=True)
class SubmitAnswer:
    passphrase: str | None


class SubmitDialog(QDialog):
    """The last look before signing; asks for the key's passphrase when it has one."""

    def __init__(self, summary: SubmitSummary, needs_passphrase: bool, parent: QWidget | None = None,
                 problem: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("submitDialog")
        self.summary = summary
        self.needs_passphrase = needs_passphrase
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.facts = QFormLayout()
        self.total_caption, self.total_value = QLabel(), QLabel()
        big = QFont(self.total_value.font())
        big.setBold(True)
        big.setPointSizeF(big.pointSizeF() * 1.3)
        self.total_value.setFont(big)
        self.recommendation_caption, self.recommendation_value = QLabel(), QLabel()
        self.veto_caption, self.veto_value = QLabel(), QLabel()
        self.facts.addRow(self.total_caption, self.total_value)
        self.facts.addRow(self.recommendation_caption, self.recommendation_value)
        self.facts.addRow(self.veto_caption, self.veto_value)
        self.statement = QLabel()
        self.statement.setWordWrap(True)
        self.passphrase_caption = QLabel()
        self.passphrase_edit = QLineEdit()
        self.passphrase_edit.setObjectName("submitPassphrase")
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_edit.textChanged.connect(self._validate)
        self.problem_label = QLabel(problem)
        self.problem_label.setStyleSheet("color: #c62828;")
        self.problem_label.setVisible(bool(problem))
        self.problem_label.setWordWrap(True)
        pass_row = QHBoxLayout()
        pass_row.addWidget(self.passphrase_caption)
        pass_row.addWidget(self.passphrase_edit, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(self.facts)
        layout.addWidget(self.statement)
        if needs_passphrase:
            layout.addLayout(pass_row)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.buttons)
        self.passphrase_caption.setVisible(needs_passphrase)
        self.passphrase_edit.setVisible(needs_passphrase)
        self.retranslate()
        self._validate()
        self.setMinimumWidth(480)
        if needs_passphrase:
            self.passphrase_edit.setFocus()

    def retranslate(self) -> None:
        s = self.summary
        self.setWindowTitle(self.tr("Sign and submit"))
        self.heading.setText(self.tr("Submit version {version} of your review of {number} “{title}”?").format(
            version=s.version, number=s.dossier.number, title=s.dossier.title))
        self.total_caption.setText(self.tr("Total:"))
        self.total_value.setText(f"{s.total} / {s.scale}")
        self.recommendation_caption.setText(self.tr("Recommendation:"))
        self.recommendation_value.setText(s.recommendation or "—")
        self.veto_caption.setText(self.tr("Veto questions answered “yes”:"))
        self.veto_value.setText(str(s.vetoes_yes))
        if s.vetoes_yes:
            self.veto_value.setStyleSheet("color: #c62828; font-weight: bold;")
        self.statement.setText(self.tr(
            "Your review is signed with your key and becomes read-only. To change it later you reopen it with a "
            "reason; the signed version stays on record."))
        self.passphrase_caption.setText(self.tr("Key passphrase:"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Sign and submit"))

    def _validate(self) -> None:
        ok = not self.needs_passphrase or bool(self.passphrase_edit.text())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    @classmethod
    def ask(cls, parent: QWidget | None, summary: SubmitSummary, needs_passphrase: bool,
            problem: str = "") -> SubmitAnswer | None:
        dialog = cls(summary, needs_passphrase, parent, problem)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return SubmitAnswer(dialog.passphrase_edit.text() if needs_passphrase else None)
        finally:
            dialog.deleteLater()


class PassphraseDialog(QDialog):
    """Asks for the signing key's passphrase (exporting the return signs it)."""

    def __init__(self, purpose: str, parent: QWidget | None = None, problem: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("passphraseDialog")
        self.text = QLabel(purpose)
        self.text.setWordWrap(True)
        self.edit = QLineEdit()
        self.edit.setObjectName("passphrase")
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.problem_label = QLabel(problem)
        self.problem_label.setStyleSheet("color: #c62828;")
        self.problem_label.setVisible(bool(problem))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.edit.textChanged.connect(
            lambda text: self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(text)))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(self.edit)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.buttons)
        self.setWindowTitle(self.tr("Key passphrase"))
        self.setMinimumWidth(420)

    @classmethod
    def ask(cls, parent: QWidget | None, purpose: str, problem: str = "") -> str | None:
        dialog = cls(purpose, parent, problem)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.edit.text()
        finally:
            dialog.deleteLater()


# --- lists of problems -----------------------------------------------------------------------------


class ProblemListDialog(QDialog):
    """A refusal with every reason listed (e.g. each bad cell of a score file)."""

    def __init__(self, title: str, intro: str, lines: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("problemListDialog")
        self.setWindowTitle(title)
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("problemLines")
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.addItems(list(lines))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        self.buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.buttons)
        self.resize(720, 420)

    @classmethod
    def show_problems(cls, parent: QWidget | None, title: str, intro: str, lines: Sequence[str]) -> None:
        dialog = cls(title, intro, lines, parent)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()
