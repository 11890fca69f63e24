"""The scoring panel: a form turned into fields, with a live total and nothing lost.

:class:`ScoringPanel` is generated from a :class:`forms.model.Form`: one card per
criterion (title, maximum, weight, guidance, band legend, a score field that only
takes values on the form's grid, a comment that becomes required in marked bands),
the veto questions, the recommendation and the overall comment. It never touches
the database: every committed edit leaves as a :class:`Change` through
:attr:`ScoringPanel.edited`, which the desk turns into ``scoring.update_review``
calls. Edits are committed after :data:`COMMIT_DELAY_MS` of quiet typing and at
once when the field loses focus, so the desk can keep the database no more than
half a second behind the keyboard.

Edits go through a ``QUndoStack``: Ctrl+Z / Ctrl+Shift+Z (or Ctrl+Y) restore a
field and send the restored value as a new :class:`Change`, so an undo is saved
like any other edit. Consecutive commits to the same field while it keeps the
focus merge into one undo step (typing "8", then ".5" is one step).

The panel also shows what still blocks the submission (:meth:`ScoringPanel.set_problems`,
fed from ``scoring.problems``); activating a problem focuses its field.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from typing import Any

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QFontMetrics,
    QIcon,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QUndoCommand,
    QUndoStack,
    QValidator,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QButtonGroup,
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from forms.model import TOTAL_QUANT, Criterion, Form
from reviewer.crypto import format_decimal
from ui.i18n import pick

#: Typing pauses longer than this commit the field (the desk saves each commit at once).
COMMIT_DELAY_MS = 300

SCORE = "score"
SCORE_COMMENT = "score_comment"
VETO = "veto"
RECOMMENDATION = "recommendation"
COMMENT = "comment"
KINDS = (SCORE, SCORE_COMMENT, VETO, RECOMMENDATION, COMMENT)

FieldId = tuple[str, str]

_ACCENT = QColor("#1e66c9")
_WARN = "#c62828"
_OK = "#2e7d32"
_MUTED = "#5f6b7a"

_STYLE = f"""
QFrame#criterionCard {{ border: 1px solid #d9dee5; border-radius: 6px; background: palette(base); }}
QFrame#criterionCard[focused="true"] {{ border: 1px solid {_ACCENT.name()}; }}
QLabel#criterionTitle {{ font-weight: bold; }}
QLabel#criterionMeta, QLabel#pointsLabel {{ color: {_MUTED}; }}
QLabel#guidance {{ color: #37474f; background: #f3f6f9; border-radius: 4px; padding: 6px; }}
QLabel#sectionTitle {{ font-weight: bold; color: #1d3557; padding-top: 6px; }}
QLabel#commentHint[state="missing"] {{ color: {_WARN}; font-weight: bold; }}
QLabel#commentHint[state="done"] {{ color: {_OK}; }}
QPlainTextEdit[required="true"] {{ border: 1px solid {_WARN}; background: #fff6f6; }}
QLabel#totalValue {{ color: #0d2c54; }}
QLabel#readOnlyBanner {{ background: #e8f5e9; color: #1b5e20; border-radius: 4px; padding: 6px; }}
QLabel#vetoWarning {{ color: {_WARN}; font-weight: bold; }}
QLabel#saveState[state="saving"] {{ color: {_MUTED}; }}
QLabel#saveState[state="saved"] {{ color: {_OK}; }}
QLabel#saveState[state="failed"] {{ color: {_WARN}; font-weight: bold; }}
QLabel#readyLabel {{ color: {_OK}; font-weight: bold; }}
QListWidget#problemList {{ border: 1px solid #f0c8c8; background: #fffafa; }}
"""


def fmt(value: Decimal) -> str:
    """A score as the expert writes it: 7.5, 10 (no trailing zeros)."""
    return format_decimal(value)


def fmt_total(value: Decimal) -> str:
    """Totals always with two decimals, as on the sheets."""
    return f"{value.quantize(TOTAL_QUANT, rounding=ROUND_HALF_UP):.2f}"


def _decimals(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def normalise_number_text(text: str) -> str:
    """Full-width digits and the Chinese full stop become what Decimal reads."""
    return unicodedata.normalize("NFKC", text).replace("。", ".").replace(",", ".").strip()


# --- plain data (no Qt) ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One committed edit of one field, in the shape ``scoring.update_review`` takes.

    Attributes:
        kind: one of :data:`KINDS`.
        key: the criterion or veto key ("" for the recommendation and the overall comment).
        value: ``Decimal | None`` (score), ``str`` (comments), ``bool | None`` (veto),
            ``str | None`` (recommendation).
    """

    kind: str
    key: str
    value: Any

    @property
    def field(self) -> FieldId:
        return (self.kind, self.key)

    def update_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for ``scoring.update_review``."""
        if self.kind in (SCORE, SCORE_COMMENT, VETO):
            return {self.kind: (self.key, self.value)}
        if self.kind == RECOMMENDATION:
            return {"recommendation": self.value}
        if self.kind == COMMENT:
            return {"comment": self.value}
        raise ValueError(f"unknown kind of change: {self.kind}")


@dataclass(frozen=True)
class ReviewValues:
    """Everything an expert enters on one review, as plain values."""

    scores: Mapping[str, Decimal | None] = field(default_factory=dict)
    comments: Mapping[str, str] = field(default_factory=dict)
    vetoes: Mapping[str, bool | None] = field(default_factory=dict)
    recommendation: str | None = None
    comment: str = ""

    def get(self, kind: str, key: str) -> Any:
        if kind == SCORE:
            return self.scores.get(key)
        if kind == SCORE_COMMENT:
            return self.comments.get(key, "")
        if kind == VETO:
            return self.vetoes.get(key)
        if kind == RECOMMENDATION:
            return self.recommendation
        if kind == COMMENT:
            return self.comment
        raise ValueError(kind)

    def with_change(self, change: Change) -> ReviewValues:
        if change.kind == SCORE:
            return replace(self, scores={**self.scores, change.key: change.value})
        if change.kind == SCORE_COMMENT:
            return replace(self, comments={**self.comments, change.key: change.value})
        if change.kind == VETO:
            return replace(self, vetoes={**self.vetoes, change.key: change.value})
        if change.kind == RECOMMENDATION:
            return replace(self, recommendation=change.value)
        return replace(self, comment=change.value)

    def given_scores(self) -> dict[str, Decimal]:
        return {k: v for k, v in self.scores.items() if v is not None}


def values_from_review(review: Any) -> ReviewValues:
    """A review row (``db.models.Review``, read inside its session) as :class:`ReviewValues`."""
    return ReviewValues(
        scores={sc.criterion: sc.value for sc in review.scores},
        comments={sc.criterion: sc.comment or "" for sc in review.scores},
        vetoes={k: (None if v is None else bool(v)) for k, v in (review.vetoes or {}).items()},
        recommendation=review.recommendation or None,
        comment=review.comment or "",
    )


@dataclass(frozen=True)
class Problem:
    """One line of the "still missing" list: the words, and the field that fixes it."""

    text: str
    kind: str | None = None
    key: str = ""


def problem_targets(form: Form, values: ReviewValues) -> list[FieldId]:
    """The field behind each entry of ``scoring.problems``, in the same order.

    ``scoring.problems`` returns sentences; this walks the same rules over the same
    values to know which field each sentence is about, so that clicking a problem
    can focus it. Callers pair the two lists only when their lengths agree.
    """
    targets: list[FieldId] = []
    for c in form.criteria:
        value = values.scores.get(c.key)
        if value is None:
            targets.append((SCORE, c.key))
            continue
        try:
            on_grid = c.allows(value)
        except InvalidOperation:
            on_grid = False
        if not on_grid:
            targets.append((SCORE, c.key))
            continue
        if c.needs_comment(value) and not values.comments.get(c.key, "").strip():
            targets.append((SCORE_COMMENT, c.key))
    for item in form.vetoes:
        if values.vetoes.get(item.key) is None:
            targets.append((VETO, item.key))
    if form.recommendations:
        keys = {c.key for c in form.recommendations}
        if not values.recommendation or values.recommendation not in keys:
            targets.append((RECOMMENDATION, ""))
    return targets


def pair_problems(texts: Sequence[str], targets: Sequence[FieldId]) -> list[Problem]:
    """Sentences with their fields (fields left out when the two lists disagree)."""
    if len(texts) != len(targets):
        return [Problem(t) for t in texts]
    return [Problem(t, kind, key) for t, (kind, key) in zip(texts, targets)]


def comment_band_position(criterion: Criterion, value: Decimal | None) -> str | None:
    """"top" or "bottom" when ``value`` lies in a band whose scores need a comment."""
    if value is None or not criterion.needs_comment(value):
        return None
    ordered = sorted(criterion.bands, key=lambda b: b.low)
    if "top" in criterion.comment_required and ordered[-1].contains(value):
        return "top"
    return "bottom"


# --- the score field ------------------------------------------------------------------------------


class ScoreEdit(QAbstractSpinBox):
    """A score field that only holds values the form allows, or nothing.

    Empty means "not scored yet". Keystrokes that cannot lead to an allowed value
    (a digit past the step's decimals off the grid, a number above the maximum,
    a letter) are refused as they are typed; a half-typed value (below the minimum)
    is snapped to the nearest allowed value when the field is left. Up/Down step by
    the form's step, PgUp/PgDn by ten steps. Full-width digits are accepted.

    Signals:
        edited: the user typed or stepped (not emitted for :meth:`set_value`).
    """

    edited = Signal()

    def __init__(self, criterion: Criterion, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.criterion = criterion
        self._decimals = max(_decimals(criterion.step), _decimals(criterion.min), _decimals(criterion.max))
        self.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.UpDownArrows)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setAccelerated(False)
        self.setKeyboardTracking(True)
        self.lineEdit().setPlaceholderText("—")
        self.lineEdit().textEdited.connect(self._user_edited)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        widest = max((fmt(criterion.max), fmt(criterion.min), fmt(criterion.max - criterion.step)), key=len)
        self._text_width = QFontMetrics(self.font()).horizontalAdvance(widest + "000")
        self.setMinimumWidth(96)

    # --- value ---------------------------------------------------------------------------------

    def parse(self, text: str) -> tuple[QValidator.State, Decimal | None]:
        """The validator's verdict on ``text`` and its value when acceptable."""
        c = self.criterion
        cleaned = normalise_number_text(text)
        if cleaned == "":
            return QValidator.State.Acceptable, None
        negative_ok = c.min < 0
        body = cleaned[1:] if negative_ok and cleaned.startswith("-") else cleaned
        if body == "" or body == ".":
            return QValidator.State.Intermediate, None
        if not all(ch.isdigit() or ch == "." for ch in body) or body.count(".") > 1:
            return QValidator.State.Invalid, None
        try:
            value = Decimal(cleaned)
        except InvalidOperation:
            return QValidator.State.Invalid, None
        typed_decimals = len(body.partition(".")[2])
        if value > c.max:
            return QValidator.State.Invalid, None
        if typed_decimals > max(self._decimals, 2) and value != value.quantize(Decimal(1).scaleb(-self._decimals)):
            return QValidator.State.Invalid, None
        if value < c.min:
            return QValidator.State.Intermediate, None
        if c.allows(value):
            return QValidator.State.Acceptable, value
        # Off the grid: half-typed only if more digits can still reach an allowed value.
        if "." in body:
            reachable = typed_decimals < self._decimals
        else:
            reachable = self._decimals > 0 or abs(value) * 10 <= max(abs(c.max), abs(c.min))
        return (QValidator.State.Intermediate if reachable else QValidator.State.Invalid), None

    def current(self) -> tuple[bool, Decimal | None]:
        """(whether the text is an acceptable value, the value or None when empty)."""
        state, value = self.parse(self.lineEdit().text())
        return state == QValidator.State.Acceptable, value

    def value(self) -> Decimal | None:
        ok, value = self.current()
        return value if ok else None

    def set_value(self, value: Decimal | None) -> None:
        """Show ``value`` (None: empty) without emitting :attr:`edited`."""
        text = "" if value is None else fmt(value)
        if self.lineEdit().text() != text:
            self.lineEdit().setText(text)
        self.update()

    def snap(self, value: Decimal) -> Decimal:
        """The allowed value nearest to ``value``."""
        c = self.criterion
        clamped = min(max(value, c.min), c.max)
        steps = ((clamped - c.min) / c.step).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        snapped = c.min + steps * c.step
        if snapped > c.max:
            snapped -= c.step
        return snapped

    # --- QAbstractSpinBox ------------------------------------------------------------------------

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:  # type: ignore[override]
        cleaned = normalise_number_text(text)
        state, _value = self.parse(cleaned)
        if state == QValidator.State.Invalid:
            return state, text, pos
        return state, cleaned, min(pos, len(cleaned))

    def fixup(self, text: str) -> str:  # type: ignore[override]
        cleaned = normalise_number_text(text)
        try:
            value = Decimal(cleaned)
        except InvalidOperation:
            return ""
        if not value.is_finite():
            return ""
        return fmt(self.snap(value))

    def stepEnabled(self) -> QAbstractSpinBox.StepEnabledFlag:
        if self.isReadOnly():
            return QAbstractSpinBox.StepEnabledFlag.StepNone
        flags = QAbstractSpinBox.StepEnabledFlag.StepNone
        _ok, value = self.current()
        if value is None or value < self.criterion.max:
            flags |= QAbstractSpinBox.StepEnabledFlag.StepUpEnabled
        if value is None or value > self.criterion.min:
            flags |= QAbstractSpinBox.StepEnabledFlag.StepDownEnabled
        return flags

    def stepBy(self, steps: int) -> None:
        if self.isReadOnly() or steps == 0:
            return
        c = self.criterion
        ok, value = self.current()
        if not ok:
            value = self.snap(Decimal(normalise_number_text(self.fixup(self.lineEdit().text())) or c.min))
        if value is None:
            new = c.min + (steps - 1) * c.step if steps > 0 else c.max + (steps + 1) * c.step
        else:
            new = value + steps * c.step
        new = self.snap(new)
        if new != value:
            self.lineEdit().setText(fmt(new))
            self.lineEdit().selectAll()
            self.edited.emit()

    def focusOutEvent(self, event: Any) -> None:
        # A plain QAbstractSpinBox never corrects its text: snap half-typed values here.
        state, _value = self.parse(self.lineEdit().text())
        if state == QValidator.State.Intermediate:
            self.lineEdit().setText(self.fixup(self.lineEdit().text()))
            self.edited.emit()
        super().focusOutEvent(event)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(max(hint.width(), self._text_width + 36), hint.height())

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def _user_edited(self, _text: str) -> None:
        self.edited.emit()


# --- the band legend --------------------------------------------------------------------------------


class BandBar(QWidget):
    """The criterion's bands side by side, the one the current value falls in highlighted.

    Painted from the criterion alone (no database); bands whose scores need a
    comment carry a small pen mark.
    """

    def __init__(self, criterion: Criterion, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.criterion = criterion
        self._bands = sorted(criterion.bands, key=lambda b: b.low)
        self._value: Decimal | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._update_tooltip()

    def set_value(self, value: Decimal | None) -> None:
        if value != self._value:
            self._value = value
            self.update()

    def current_band_index(self) -> int | None:
        if self._value is None:
            return None
        for i, band in enumerate(self._bands):
            if band.contains(self._value):
                return i
        return None

    def marked(self, index: int) -> bool:
        required = self.criterion.comment_required
        return ("bottom" in required and index == 0) or ("top" in required and index == len(self._bands) - 1)

    def retranslate(self) -> None:
        self._update_tooltip()
        self.update()

    def _update_tooltip(self) -> None:
        lines = []
        for i, band in enumerate(reversed(self._bands)):
            index = len(self._bands) - 1 - i
            line = f"{fmt(band.low)}–{fmt(band.high)}  {pick(band.label.zh, band.label.en)}"
            if self.marked(index):
                line += "  ◥ " + self.tr("comment required")
            lines.append(line)
        self.setToolTip("\n".join(lines))

    def sizeHint(self) -> QSize:
        return QSize(320, self.fontMetrics().height() + 10)

    def minimumSizeHint(self) -> QSize:
        return QSize(120, self.fontMetrics().height() + 10)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Equal segments (bands are categories, not a scale), lowest on the left."""
        if not self._bands:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        current = self.current_band_index()
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.9))
        width = rect.width() / len(self._bands)
        for i, band in enumerate(self._bands):
            seg = QRectF(rect.left() + i * width + 1, rect.top(), width - 2, rect.height())
            if i == current:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(_ACCENT)
                text_colour = QColor("white")
            else:
                painter.setPen(QPen(QColor("#cfd6df"), 1))
                painter.setBrush(QColor("#f1f4f8"))
                text_colour = QColor("#44505e")
            painter.drawRoundedRect(seg, 3, 3)
            if self.marked(i):
                # A small corner: scores in this band need a comment.
                corner = QColor("#ffcdd2") if i == current else QColor(_WARN)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(corner)
                size = min(8.0, seg.height() / 2.5)
                painter.drawPolygon([QPointF(seg.right() - size, seg.top()), QPointF(seg.right(), seg.top()),
                                     QPointF(seg.right(), seg.top() + size)])
            label_font = QFont(font)
            label_font.setBold(i == current)
            painter.setFont(label_font)
            painter.setPen(text_colour)
            label = pick(band.label.zh, band.label.en)
            elided = QFontMetrics(label_font).elidedText(label, Qt.TextElideMode.ElideRight, int(seg.width()) - 4)
            painter.drawText(seg, int(Qt.AlignmentFlag.AlignCenter), elided)
        painter.end()


# --- one criterion ---------------------------------------------------------------------------------


class CriterionCard(QFrame):
    """Title, scale, guidance, band legend, score field and comment of one criterion."""

    def __init__(self, number: int, criterion: Criterion, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("criterionCard")
        self.criterion = criterion
        self.number = number
        self.title_label = QLabel()
        self.title_label.setObjectName("criterionTitle")
        self.title_label.setWordWrap(True)
        self.meta_label = QLabel()
        self.meta_label.setObjectName("criterionMeta")
        self.guidance_button = QToolButton()
        self.guidance_button.setObjectName("guidanceButton")
        self.guidance_button.setCheckable(True)
        self.guidance_button.setAutoRaise(True)
        self.guidance_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.guidance_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.guidance_button.setArrowType(Qt.ArrowType.RightArrow)
        self.guidance_button.toggled.connect(self.show_guidance)
        has_guidance = bool(criterion.guidance.zh or criterion.guidance.en)
        self.guidance_button.setVisible(has_guidance)
        self.guidance_label = QLabel()
        self.guidance_label.setObjectName("guidance")
        self.guidance_label.setWordWrap(True)
        self.guidance_label.setVisible(False)
        self.guidance_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.score_edit = ScoreEdit(criterion)
        self.score_edit.setObjectName(f"score:{criterion.key}")
        self.max_label = QLabel(f"/ {fmt(criterion.max)}")
        self.max_label.setObjectName("criterionMeta")
        self.points_label = QLabel()
        self.points_label.setObjectName("pointsLabel")
        self.band_bar = BandBar(criterion)
        self.band_bar.setVisible(bool(criterion.bands))

        self.comment_edit = QPlainTextEdit()
        self.comment_edit.setObjectName(f"comment:{criterion.key}")
        self.comment_edit.setTabChangesFocus(True)
        self.comment_edit.setUndoRedoEnabled(False)
        lines = 2.6
        self.comment_edit.setFixedHeight(int(self.comment_edit.fontMetrics().lineSpacing() * lines + 14))
        self.comment_hint = QLabel()
        self.comment_hint.setObjectName("commentHint")
        self.comment_hint.setWordWrap(True)
        self.comment_hint.setVisible(False)

        top = QHBoxLayout()
        top.setSpacing(6)
        top.addWidget(self.title_label, 1)
        top.addWidget(self.guidance_button, 0, Qt.AlignmentFlag.AlignTop)
        meta_row = QHBoxLayout()
        meta_row.addWidget(self.meta_label, 1)
        meta_row.addWidget(self.points_label)
        score_row = QHBoxLayout()
        score_row.setSpacing(8)
        score_row.addWidget(self.score_edit)
        score_row.addWidget(self.max_label)
        score_row.addSpacing(4)
        score_row.addWidget(self.band_bar, 1)
        if not criterion.bands:
            score_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(5)
        layout.addLayout(top)
        layout.addLayout(meta_row)
        layout.addWidget(self.guidance_label)
        layout.addLayout(score_row)
        layout.addWidget(self.comment_edit)
        layout.addWidget(self.comment_hint)
        self.retranslate()

    def retranslate(self) -> None:
        c = self.criterion
        self.title_label.setText(f"{self.number}. {pick(c.title.zh, c.title.en)}")
        parts = [self.tr("max {max}").format(max=fmt(c.max))]
        if c.step != 1:
            parts.append(self.tr("step {step}").format(step=fmt(c.step)))
        parts.append(self.tr("worth {weight} points").format(weight=fmt(c.effective_weight)))
        self.meta_label.setText(" · ".join(parts))
        guidance = pick(c.guidance.zh, c.guidance.en)
        self.guidance_label.setText(guidance)
        self.guidance_button.setText(self.tr("Guidance"))
        self.guidance_button.setToolTip(guidance)
        self.title_label.setToolTip(guidance)
        self.score_edit.setToolTip(
            self.tr("Score from {min} to {max} in steps of {step}; leave empty if not scored yet.\n"
                    "Up/Down: one step · PgUp/PgDn: ten steps").format(
                min=fmt(c.min), max=fmt(c.max), step=fmt(c.step))
        )
        self.band_bar.retranslate()
        self.refresh()

    def show_guidance(self, shown: bool) -> None:
        self.guidance_label.setVisible(shown)
        self.guidance_button.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
        if self.guidance_button.isChecked() != shown:
            self.guidance_button.setChecked(shown)

    def refresh(self) -> None:
        """Band, points and the comment requirement for the value now in the field."""
        c = self.criterion
        value = self.score_edit.value()
        self.band_bar.set_value(value)
        band = c.band_for(value) if value is not None else None
        if value is None:
            self.points_label.setText(self.tr("not scored") if self.score_edit.lineEdit().text() == "" else "")
        else:
            points = c.points(value).quantize(TOTAL_QUANT, rounding=ROUND_HALF_UP)
            self.points_label.setText(self.tr("= {points} points").format(points=fmt_total(points)))
        position = comment_band_position(c, value)
        required = position is not None
        filled = bool(self.comment_edit.toPlainText().strip())
        if self.comment_edit.property("required") != (required and not filled):
            self.comment_edit.setProperty("required", required and not filled)
            _repolish(self.comment_edit)
        if required:
            label = pick(band.label.zh, band.label.en) if band else ""
            where = self.tr("top band") if position == "top" else self.tr("bottom band")
            if filled:
                text = self.tr("Comment given for a score in the {where} “{band}”.")
                self.comment_hint.setText("✓ " + text.format(where=where, band=label))
                self.comment_hint.setProperty("state", "done")
            else:
                text = self.tr("A score in the {where} “{band}” needs a comment.")
                self.comment_hint.setText("⚠ " + text.format(where=where, band=label))
                self.comment_hint.setProperty("state", "missing")
            _repolish(self.comment_hint)
        self.comment_hint.setVisible(required)
        if self.comment_edit.isReadOnly():
            self.comment_edit.setPlaceholderText("")
        else:
            self.comment_edit.setPlaceholderText(
                self.tr("Comment (required)") if required else self.tr("Comment (optional)"))

    def comment_required(self) -> bool:
        return comment_band_position(self.criterion, self.score_edit.value()) is not None


_BILINGUAL = re.compile(r"^(?P<zh>.*?[^\x00-\x7f].*?)\s*\((?P<en>[\x00-\x7f]+)\)\s*$", re.S)


def localise_message(text: str) -> str:
    """The current language's half of a core message written "中文 (English)"."""
    match = _BILINGUAL.match(text.strip())
    if match is None:
        return text
    en = match["en"].strip()
    return pick(match["zh"].strip(), en[:1].upper() + en[1:])


def _repolish(widget: QWidget) -> None:
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


# --- undo -------------------------------------------------------------------------------------------


class _SetField(QUndoCommand):
    """One committed edit: redo applies ``new``, undo restores ``old``; both are saved."""

    ID = 0x5C0E

    def __init__(self, panel: ScoringPanel, kind: str, key: str, old: Any, new: Any, session: int | None) -> None:
        super().__init__()
        self.panel = panel
        self.kind = kind
        self.key = key
        self.old = old
        self.new = new
        self.session = session
        self._first = True
        self.setText(panel.field_label(kind, key))

    def id(self) -> int:
        return self.ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, _SetField) or self.session is None or other.session != self.session:
            return False
        if (other.kind, other.key) != (self.kind, self.key):
            return False
        self.new = other.new
        return True

    def redo(self) -> None:
        # The first redo is the edit itself: the widget already shows the value.
        self.panel._apply(self.kind, self.key, self.new, update_widget=not self._first)
        self._first = False

    def undo(self) -> None:
        self.panel._apply(self.kind, self.key, self.old, update_widget=True)


# --- the panel --------------------------------------------------------------------------------------


@cache
def _problem_icon() -> QIcon:
    pixmap = QPixmap(14, 14)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(_WARN))
    painter.drawEllipse(1, 1, 12, 12)
    painter.setPen(QPen(QColor("white"), 2))
    painter.drawLine(7, 4, 7, 8)
    painter.drawPoint(7, 11)
    painter.end()
    return QIcon(pixmap)


class ScoringPanel(QWidget):
    """The form of one review as fields. See the module docstring.

    Signals:
        edited(Change): one committed edit (typing paused, field left, click, undo or redo).
        submitRequested: the expert pressed Submit (the panel had no problems listed).
        reopenRequested: the expert asked to reopen a submitted review.
    """

    edited = Signal(object)
    submitRequested = Signal()
    reopenRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scoringPanel")
        self.setStyleSheet(_STYLE)
        self.form: Form | None = None
        self.cards: dict[str, CriterionCard] = {}
        self.veto_groups: dict[str, QButtonGroup] = {}
        self.veto_labels: dict[str, QLabel] = {}
        self.recommendation_group = QButtonGroup(self)
        self.recommendation_group.setExclusive(True)
        self.recommendation_buttons: dict[str, QRadioButton] = {}
        self.overall_comment = QPlainTextEdit()
        self.overall_comment.setObjectName("overallComment")
        self.overall_comment.setTabChangesFocus(True)
        self.overall_comment.setUndoRedoEnabled(False)
        self.overall_comment.setMinimumHeight(self.overall_comment.fontMetrics().lineSpacing() * 4 + 14)
        self._committed: dict[FieldId, Any] = {}
        self._dirty: set[FieldId] = set()
        self._read_only = False
        self._loading = False
        self._problems: list[Problem] = []
        self._focus_field: FieldId | None = None
        self._focus_session = 0
        self._section_labels: list[tuple[QLabel, Any]] = []
        self._reserved: list[QKeySequence] = []
        self._status_text = ""
        self._mode = "none"
        self._tab_order: list[QWidget] = []

        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(500)

        self.commit_timer = QTimer(self)
        self.commit_timer.setSingleShot(True)
        self.commit_timer.setInterval(COMMIT_DELAY_MS)
        self.commit_timer.timeout.connect(self.flush)

        # --- header: the live total ---
        self.total_caption = QLabel()
        self.total_value = QLabel("—")
        self.total_value.setObjectName("totalValue")
        big = QFont(self.total_value.font())
        big.setPointSizeF(big.pointSizeF() * 1.8)
        big.setBold(True)
        self.total_value.setFont(big)
        self.total_scale = QLabel()
        self.total_scale.setObjectName("criterionMeta")
        self.scored_label = QLabel()
        self.scored_label.setObjectName("criterionMeta")
        self.veto_warning = QLabel()
        self.veto_warning.setObjectName("vetoWarning")
        self.veto_warning.setVisible(False)
        self.guidance_toggle = QCheckBox()
        self.guidance_toggle.setObjectName("guidanceToggle")
        self.guidance_toggle.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.guidance_toggle.toggled.connect(self._show_all_guidance)
        self.read_only_banner = QLabel()
        self.read_only_banner.setObjectName("readOnlyBanner")
        self.read_only_banner.setWordWrap(True)
        self.read_only_banner.setVisible(False)

        header = QGridLayout()
        header.setContentsMargins(10, 6, 10, 4)
        header.setHorizontalSpacing(8)
        total_row = QHBoxLayout()
        total_row.setSpacing(6)
        total_row.addWidget(self.total_caption, 0, Qt.AlignmentFlag.AlignBaseline)
        total_row.addWidget(self.total_value, 0, Qt.AlignmentFlag.AlignBaseline)
        total_row.addWidget(self.total_scale, 0, Qt.AlignmentFlag.AlignBaseline)
        total_row.addSpacing(12)
        total_row.addWidget(self.scored_label, 0, Qt.AlignmentFlag.AlignBaseline)
        total_row.addStretch(1)
        total_row.addWidget(self.guidance_toggle, 0, Qt.AlignmentFlag.AlignVCenter)
        header.addLayout(total_row, 0, 0)
        header.addWidget(self.veto_warning, 1, 0)
        header.addWidget(self.read_only_banner, 2, 0)

        # --- the form ---
        self.content = QWidget()
        self.content.setObjectName("scoringContent")
        self.content_layout = QVBoxLayout(self.content)
        self.content_layout.setContentsMargins(10, 4, 10, 10)
        self.content_layout.setSpacing(8)
        self.scroll = QScrollArea()
        self.scroll.setObjectName("scoringScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(self.content)

        # --- footer: problems, save state, submit ---
        self.problems_caption = QLabel()
        self.problems_caption.setObjectName("problemsCaption")
        self.problem_list = QListWidget()
        self.problem_list.setObjectName("problemList")
        self.problem_list.setWordWrap(True)
        self.problem_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.problem_list.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.problem_list.itemClicked.connect(self._problem_activated)
        self.problem_list.itemActivated.connect(self._problem_activated)
        self.ready_label = QLabel()
        self.ready_label.setObjectName("readyLabel")
        self.save_label = QLabel()
        self.save_label.setObjectName("saveState")
        self.undo_button = QToolButton()
        self.undo_button.setObjectName("undoButton")
        self.undo_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.redo_button = QToolButton()
        self.redo_button.setObjectName("redoButton")
        self.redo_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.submit_button = QPushButton()
        self.submit_button.setObjectName("submitButton")
        self.submit_button.setDefault(False)
        self.submit_button.setAutoDefault(False)
        self.submit_button.clicked.connect(self._submit_clicked)
        self.reopen_button = QPushButton()
        self.reopen_button.setObjectName("reopenButton")
        self.reopen_button.setAutoDefault(False)
        self.reopen_button.clicked.connect(self.reopenRequested)
        self.reopen_button.setVisible(False)

        footer = QVBoxLayout()
        footer.setContentsMargins(10, 4, 10, 8)
        footer.setSpacing(4)
        footer.addWidget(self.problems_caption)
        footer.addWidget(self.problem_list)
        footer.addWidget(self.ready_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.redo_button)
        buttons.addSpacing(6)
        buttons.addWidget(self.save_label, 1)
        buttons.addWidget(self.reopen_button)
        buttons.addWidget(self.submit_button)
        footer.addLayout(buttons)

        line_top = QFrame()
        line_top.setFrameShape(QFrame.Shape.HLine)
        line_top.setFrameShadow(QFrame.Shadow.Sunken)
        line_bottom = QFrame()
        line_bottom.setFrameShape(QFrame.Shape.HLine)
        line_bottom.setFrameShadow(QFrame.Shadow.Sunken)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(header)
        layout.addWidget(line_top)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(line_bottom)
        layout.addLayout(footer)

        # --- undo/redo actions (the text fields' own undo is switched off and their keys taken) ---
        self.undo_action = QAction(self)
        self.undo_action.setObjectName("undoAction")
        self.undo_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Undo)])
        self.undo_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.undo_action.triggered.connect(self.undo)
        self.redo_action = QAction(self)
        self.redo_action.setObjectName("redoAction")
        redo_keys = [QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")]
        for standard in QKeySequence.keyBindings(QKeySequence.StandardKey.Redo):
            if standard not in redo_keys:
                redo_keys.append(standard)
        self.redo_action.setShortcuts(redo_keys)
        self.redo_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.redo_action.triggered.connect(self.redo)
        self.addAction(self.undo_action)
        self.addAction(self.redo_action)
        self.undo_button.setDefaultAction(self.undo_action)
        self.redo_button.setDefaultAction(self.redo_action)
        self.undo_stack.canUndoChanged.connect(self._update_undo_actions)
        self.undo_stack.canRedoChanged.connect(self._update_undo_actions)
        self.reserve_shortcuts(self.undo_action.shortcuts() + self.redo_action.shortcuts())

        self.overall_comment.textChanged.connect(lambda: self._text_edited((COMMENT, "")))
        self.overall_comment.installEventFilter(self)
        self.recommendation_group.idClicked.connect(self._recommendation_clicked)
        self._update_undo_actions()
        self.set_mode("none")
        self.retranslate()

    # --- building -------------------------------------------------------------------------------

    def set_form(self, form: Form) -> None:
        """Build the fields for ``form`` (replacing any earlier form)."""
        if self.form is not None and self.form.content_hash == form.content_hash:
            return
        self.form = form
        self._clear_content()
        self.cards = {}
        self.veto_groups = {}
        self.veto_labels = {}
        self.recommendation_buttons = {}
        self._section_labels = []
        for button in self.recommendation_group.buttons():
            self.recommendation_group.removeButton(button)
        order: list[QWidget] = []
        by_key = {c.key: c for c in form.criteria}
        groups: list[tuple[Any, list[Criterion]]] = []
        if form.sections:
            placed: set[str] = set()
            for section in form.sections:
                members = [by_key[k] for k in section.criteria if k in by_key]
                placed.update(c.key for c in members)
                groups.append((section.title, members))
            rest = [c for c in form.criteria if c.key not in placed]
            if rest:
                groups.append((None, rest))
        else:
            groups.append((None, list(form.criteria)))
        number = 0
        for s_index, (title, members) in enumerate(groups, start=1):
            if title is not None:
                label = QLabel()
                label.setObjectName("sectionTitle")
                self._section_labels.append((label, (s_index, title)))
                self.content_layout.addWidget(label)
            for criterion in members:
                number += 1
                card = CriterionCard(number, criterion)
                self.cards[criterion.key] = card
                key = criterion.key
                card.score_edit.edited.connect(lambda k=key: self._score_edited(k))
                card.score_edit.editingFinished.connect(lambda k=key: self._commit_field((SCORE, k)))
                card.comment_edit.textChanged.connect(lambda k=key: self._text_edited((SCORE_COMMENT, k)))
                for widget in (card.score_edit, card.score_edit.lineEdit(), card.comment_edit):
                    widget.installEventFilter(self)
                self.content_layout.addWidget(card)
                order += [card.score_edit, card.comment_edit]

        if form.vetoes:
            self.veto_title = QLabel()
            self.veto_title.setObjectName("sectionTitle")
            self.content_layout.addWidget(self.veto_title)
            veto_box = QFrame()
            veto_box.setObjectName("criterionCard")
            grid = QGridLayout(veto_box)
            grid.setContentsMargins(10, 8, 10, 8)
            grid.setHorizontalSpacing(12)
            grid.setVerticalSpacing(8)
            grid.setColumnStretch(0, 1)
            for row, item in enumerate(form.vetoes):
                label = QLabel()
                label.setWordWrap(True)
                label.setObjectName(f"vetoQuestion:{item.key}")
                yes, no = QRadioButton(), QRadioButton()
                yes.setObjectName(f"veto:{item.key}:yes")
                no.setObjectName(f"veto:{item.key}:no")
                group = QButtonGroup(self)
                group.setExclusive(True)
                group.addButton(yes, 1)
                group.addButton(no, 0)
                group.idClicked.connect(lambda button_id, k=item.key: self._veto_clicked(k, button_id))
                self.veto_groups[item.key] = group
                self.veto_labels[item.key] = label
                yes.installEventFilter(self)
                no.installEventFilter(self)
                grid.addWidget(label, row, 0)
                grid.addWidget(yes, row, 1, Qt.AlignmentFlag.AlignTop)
                grid.addWidget(no, row, 2, Qt.AlignmentFlag.AlignTop)
                order += [yes, no]
            self.content_layout.addWidget(veto_box)

        if form.recommendations:
            self.recommendation_title = QLabel()
            self.recommendation_title.setObjectName("sectionTitle")
            self.content_layout.addWidget(self.recommendation_title)
            rec_box = QFrame()
            rec_box.setObjectName("criterionCard")
            rec_layout = QHBoxLayout(rec_box)
            rec_layout.setContentsMargins(10, 8, 10, 8)
            for i, choice in enumerate(form.recommendations):
                button = QRadioButton()
                button.setObjectName(f"recommendation:{choice.key}")
                self.recommendation_group.addButton(button, i)
                self.recommendation_buttons[choice.key] = button
                button.installEventFilter(self)
                rec_layout.addWidget(button)
                order.append(button)
            rec_layout.addStretch(1)
            self.content_layout.addWidget(rec_box)

        self.comment_title = QLabel()
        self.comment_title.setObjectName("sectionTitle")
        self.content_layout.addWidget(self.comment_title)
        self.overall_comment.setParent(None)
        self.content_layout.addWidget(self.overall_comment)
        self.content_layout.addStretch(1)
        order.append(self.overall_comment)
        for first, second in zip(order, order[1:]):
            QWidget.setTabOrder(first, second)
        self._tab_order = order
        self.undo_stack.clear()
        self._committed = {}
        self.retranslate()
        self.load(ReviewValues(), read_only=True)

    def _clear_content(self) -> None:
        self.overall_comment.setParent(None)
        while self.content_layout.count():
            item = self.content_layout.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()

    def reserve_shortcuts(self, sequences: Iterable[QKeySequence]) -> None:
        """Keys the fields must not keep for themselves (so window shortcuts work while typing)."""
        for sequence in sequences:
            if not sequence.isEmpty() and sequence not in self._reserved:
                self._reserved.append(sequence)

    # --- texts ----------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.total_caption.setText(self.tr("Total"))
        self.guidance_toggle.setText(self.tr("Show all guidance"))
        self.undo_action.setText(self.tr("Undo"))
        self.undo_action.setToolTip(self.tr("Undo the last change (Ctrl+Z)"))
        self.redo_action.setText(self.tr("Redo"))
        self.redo_action.setToolTip(self.tr("Redo (Ctrl+Shift+Z)"))
        self.submit_button.setText(self.tr("Sign and submit…"))
        self.submit_button.setToolTip(self.tr("Sign the review with your key and submit it; it becomes read-only"))
        self.reopen_button.setText(self.tr("Reopen…"))
        self.reopen_button.setToolTip(self.tr("Start a new version of this submitted review (a reason is required)"))
        self.ready_label.setText("✓ " + self.tr("Complete: ready to sign and submit."))
        if not self._read_only:
            self.overall_comment.setPlaceholderText(self.tr("Overall assessment of the application"))
        cn = "一二三四五六七八九十"
        for label, (index, title) in self._section_labels:
            prefix = f"{cn[index - 1]}、" if pick("zh", "en") == "zh" and index <= len(cn) else f"{index}. "
            label.setText(prefix + pick(title.zh, title.en))
        if self.form is not None:
            for card in self.cards.values():
                card.retranslate()
            if self.form.vetoes:
                self.veto_title.setText(self.tr("Veto questions (any “yes” disqualifies the application)"))
                for item in self.form.vetoes:
                    self.veto_labels[item.key].setText(pick(item.question.zh, item.question.en))
                    group = self.veto_groups[item.key]
                    group.button(1).setText(self.tr("Yes"))
                    group.button(0).setText(self.tr("No"))
            if self.form.recommendations:
                self.recommendation_title.setText(self.tr("Recommendation"))
                for choice in self.form.recommendations:
                    self.recommendation_buttons[choice.key].setText(pick(choice.title.zh, choice.title.en))
            self.comment_title.setText(self.tr("Overall comment"))
            self.total_scale.setText(f"/ {fmt(self.form.scale)}")
        self.veto_warning.setText(
            "⚠ " + self.tr("A veto question is answered “yes”: the application will not be recommended."))
        self._update_problem_caption()
        self._update_totals()
        self.read_only_banner.setText(self._status_text)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def field_label(self, kind: str, key: str) -> str:
        """The field's name for the user (undo texts, problem tooltips)."""
        form = self.form
        if form is None:
            return key
        if kind in (SCORE, SCORE_COMMENT):
            c = form.criterion(key)
            name = pick(c.title.zh, c.title.en)
            return name if kind == SCORE else self.tr("comment on {name}").format(name=name)
        if kind == VETO:
            item = next(v for v in form.vetoes if v.key == key)
            return pick(item.question.zh, item.question.en)
        if kind == RECOMMENDATION:
            return self.tr("Recommendation")
        return self.tr("Overall comment")

    # --- values in, values out ----------------------------------------------------------------

    def load(self, values: ReviewValues, *, read_only: bool, status_text: str = "") -> None:
        """Show ``values`` (a freshly read review); clears the undo history and pending edits."""
        self.commit_timer.stop()
        self._dirty.clear()
        self.undo_stack.clear()
        self._committed = {}
        self._loading = True
        try:
            form = self.form
            if form is not None:
                for c in form.criteria:
                    card = self.cards[c.key]
                    self._set_widget(SCORE, c.key, values.scores.get(c.key))
                    self._set_widget(SCORE_COMMENT, c.key, values.comments.get(c.key, ""))
                    self._committed[(SCORE, c.key)] = values.scores.get(c.key)
                    self._committed[(SCORE_COMMENT, c.key)] = values.comments.get(c.key, "")
                    card.refresh()
                for item in form.vetoes:
                    self._set_widget(VETO, item.key, values.vetoes.get(item.key))
                    self._committed[(VETO, item.key)] = values.vetoes.get(item.key)
                self._set_widget(RECOMMENDATION, "", values.recommendation)
                self._committed[(RECOMMENDATION, "")] = values.recommendation
            self._set_widget(COMMENT, "", values.comment)
            self._committed[(COMMENT, "")] = values.comment
        finally:
            self._loading = False
        self.set_read_only(read_only, status_text)
        self._update_totals()
        self.scroll.verticalScrollBar().setValue(0)

    def values(self) -> ReviewValues:
        """What the fields hold now (half-typed scores count as not given)."""
        form = self.form
        if form is None:
            return ReviewValues()
        return ReviewValues(
            scores={c.key: self.cards[c.key].score_edit.value() for c in form.criteria},
            comments={c.key: self.cards[c.key].comment_edit.toPlainText() for c in form.criteria},
            vetoes={v.key: self._widget_value(VETO, v.key) for v in form.vetoes},
            recommendation=self._widget_value(RECOMMENDATION, ""),
            comment=self.overall_comment.toPlainText(),
        )

    def total(self) -> Decimal | None:
        """The weighted total of the scores in the fields (None while none is given)."""
        if self.form is None:
            return None
        given = self.values().given_scores()
        return self.form.total(given) if given else None

    def set_read_only(self, read_only: bool, status_text: str = "") -> None:
        self._read_only = read_only
        self._status_text = status_text
        for card in self.cards.values():
            card.score_edit.setReadOnly(read_only)
            card.comment_edit.setReadOnly(read_only)
        # Read-only choices stay legible (not greyed out): the event filter swallows their input.
        for button in self._choice_buttons():
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus if read_only else Qt.FocusPolicy.StrongFocus)
        self.overall_comment.setReadOnly(read_only)
        self.overall_comment.setPlaceholderText("" if read_only else self.tr("Overall assessment of the application"))
        for card in self.cards.values():
            card.refresh()
        self.read_only_banner.setText(status_text)
        self.read_only_banner.setVisible(bool(status_text))
        self._update_undo_actions()
        self._update_submit()

    def _choice_buttons(self) -> list[QAbstractButton]:
        return [b for g in self.veto_groups.values() for b in g.buttons()] + self.recommendation_group.buttons()

    def is_read_only(self) -> bool:
        return self._read_only

    def set_mode(self, mode: str) -> None:
        """"draft" (editable, Submit), "submitted" (read-only, Reopen) or "none"."""
        self._mode = mode
        self.submit_button.setVisible(mode == "draft")
        self.reopen_button.setVisible(mode == "submitted")
        self.problem_list.setVisible(mode == "draft" and bool(self._problems))
        self.problems_caption.setVisible(mode == "draft" and bool(self._problems))
        self.ready_label.setVisible(mode == "draft" and not self._problems)
        self.undo_button.setVisible(mode == "draft")
        self.redo_button.setVisible(mode == "draft")
        self._update_submit()

    # --- problems -----------------------------------------------------------------------------

    def set_problems(self, problems: Sequence[Problem]) -> None:
        """What still blocks the submission (from ``scoring.problems``)."""
        self._problems = list(problems)
        self.problem_list.clear()
        for problem in self._problems:
            item = QListWidgetItem(_problem_icon(), localise_message(problem.text))
            item.setData(Qt.ItemDataRole.UserRole, (problem.kind, problem.key))
            item.setToolTip(problem.text)
            self.problem_list.addItem(item)
        rows = min(len(self._problems), 4)
        if rows:
            line = max(self.problem_list.fontMetrics().lineSpacing(), 16) + 6
            self.problem_list.setFixedHeight(rows * line + 2 * self.problem_list.frameWidth() + 2)
        self._update_problem_caption()
        self.set_mode(self._mode)

    def problems(self) -> list[Problem]:
        return list(self._problems)

    def _update_problem_caption(self) -> None:
        n = len(self._problems)
        self.problems_caption.setText(self.tr("Still missing before you can submit (%n):", "", n))

    def _problem_activated(self, item: QListWidgetItem) -> None:
        kind, key = item.data(Qt.ItemDataRole.UserRole)
        if kind is not None:
            self.focus_field(kind, key)

    def field_widget(self, kind: str, key: str = "") -> QWidget | None:
        """The widget that edits a field (for radio groups: the checked or first button)."""
        if kind == SCORE and key in self.cards:
            return self.cards[key].score_edit
        if kind == SCORE_COMMENT and key in self.cards:
            return self.cards[key].comment_edit
        if kind == VETO and key in self.veto_groups:
            group = self.veto_groups[key]
            return group.checkedButton() or group.button(1)
        if kind == RECOMMENDATION and self.recommendation_buttons:
            return self.recommendation_group.checkedButton() or next(iter(self.recommendation_buttons.values()))
        if kind == COMMENT:
            return self.overall_comment
        return None

    def focus_field(self, kind: str, key: str = "") -> bool:
        widget = self.field_widget(kind, key)
        if widget is None:
            return False
        self.scroll.ensureWidgetVisible(widget, 20, 60)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(widget, ScoreEdit):
            widget.selectAll()
        return True

    # --- saving state ----------------------------------------------------------------------------

    def show_save_state(self, state: str, text: str, tooltip: str = "") -> None:
        """The discreet save indicator: state is "saving", "saved", "failed" or "" (hidden)."""
        self.save_label.setText(text)
        self.save_label.setToolTip(tooltip)
        self.save_label.setProperty("state", state)
        _repolish(self.save_label)

    def has_pending_edits(self) -> bool:
        """Whether some typing has not been committed yet."""
        return bool(self._dirty)

    # --- editing ----------------------------------------------------------------------------------

    def flush(self) -> None:
        """Commit every field typed into since the last commit (emits :attr:`edited`)."""
        self.commit_timer.stop()
        for field_id in sorted(self._dirty):
            self._commit_field(field_id)

    def undo(self) -> None:
        if self._read_only:
            return
        self.flush()
        self._end_merge()
        self.undo_stack.undo()

    def redo(self) -> None:
        if self._read_only:
            return
        self.flush()
        self._end_merge()
        self.undo_stack.redo()

    def _score_edited(self, key: str) -> None:
        if self._loading or self._read_only:
            return
        self.cards[key].refresh()
        self._update_totals()
        self._mark_dirty((SCORE, key))

    def _text_edited(self, field_id: FieldId) -> None:
        if self._loading or self._read_only:
            return
        kind, key = field_id
        if kind == SCORE_COMMENT:
            self.cards[key].refresh()
        self._mark_dirty(field_id)

    def _mark_dirty(self, field_id: FieldId) -> None:
        self._dirty.add(field_id)
        self.commit_timer.start()
        self._update_submit()

    def _veto_clicked(self, key: str, button_id: int) -> None:
        if self._loading or self._read_only:
            return
        self._commit_value((VETO, key), button_id == 1, merge=False)
        self._update_totals()

    def _recommendation_clicked(self, button_id: int) -> None:
        if self._loading or self._read_only or self.form is None:
            return
        choice = self.form.recommendations[button_id].key
        self._commit_value((RECOMMENDATION, ""), choice, merge=False)

    def _commit_field(self, field_id: FieldId) -> None:
        """Commit a typed field if its text is a complete value that differs from the last commit."""
        self._dirty.discard(field_id)
        if self._loading or self._read_only:
            return
        kind, key = field_id
        if kind == SCORE:
            ok, value = self.cards[key].score_edit.current()
            if not ok:
                self._update_submit()
                return
        else:
            value = self._widget_value(kind, key)
        self._commit_value(field_id, value, merge=True)

    def _commit_value(self, field_id: FieldId, value: Any, *, merge: bool) -> None:
        kind, key = field_id
        old = self._committed.get(field_id)
        if old == value and (old is None) == (value is None):
            self._update_submit()
            return
        session = self._focus_session if merge and self._focus_field == field_id else None
        self.undo_stack.push(_SetField(self, kind, key, old, value, session))

    def _apply(self, kind: str, key: str, value: Any, *, update_widget: bool) -> None:
        """Make ``value`` the committed value of a field (and the shown one) and announce it."""
        if update_widget:
            self._loading = True
            try:
                self._set_widget(kind, key, value)
            finally:
                self._loading = False
            self._dirty.discard((kind, key))
            if kind in (SCORE, SCORE_COMMENT):
                self.cards[key].refresh()
            widget = self.field_widget(kind, key)
            if widget is not None:
                self.scroll.ensureWidgetVisible(widget, 20, 60)
        self._committed[(kind, key)] = value
        self._update_totals()
        self._update_submit()
        self.edited.emit(Change(kind, key, value))

    def _set_widget(self, kind: str, key: str, value: Any) -> None:
        if kind == SCORE:
            self.cards[key].score_edit.set_value(value)
        elif kind == SCORE_COMMENT:
            edit = self.cards[key].comment_edit
            if edit.toPlainText() != (value or ""):
                edit.setPlainText(value or "")
        elif kind == VETO:
            _check_exclusive(self.veto_groups[key], None if value is None else (1 if value else 0))
        elif kind == RECOMMENDATION:
            index = None
            if value is not None and self.form is not None:
                index = next((i for i, c in enumerate(self.form.recommendations) if c.key == value), None)
            _check_exclusive(self.recommendation_group, index)
        elif kind == COMMENT:
            if self.overall_comment.toPlainText() != (value or ""):
                self.overall_comment.setPlainText(value or "")

    def _widget_value(self, kind: str, key: str) -> Any:
        if kind == SCORE:
            return self.cards[key].score_edit.value()
        if kind == SCORE_COMMENT:
            return self.cards[key].comment_edit.toPlainText()
        if kind == VETO:
            checked = self.veto_groups[key].checkedId()
            return None if checked < 0 else checked == 1
        if kind == RECOMMENDATION:
            checked = self.recommendation_group.checkedId()
            if checked < 0 or self.form is None:
                return None
            return self.form.recommendations[checked].key
        return self.overall_comment.toPlainText()

    # --- derived display ------------------------------------------------------------------------

    def _update_totals(self) -> None:
        form = self.form
        if form is None:
            self.total_value.setText("—")
            self.scored_label.clear()
            return
        values = self.values()
        given = values.given_scores()
        self.total_value.setText(fmt_total(form.total(given)) if given else "—")
        self.scored_label.setText(self.tr("{n} of {total} criteria scored").format(
            n=len(given), total=len(form.criteria)))
        self.veto_warning.setVisible(any(v is True for v in values.vetoes.values()))

    def _update_submit(self) -> None:
        self.submit_button.setEnabled(
            self._mode == "draft" and not self._read_only and not self._problems
            and not self._dirty
        )

    def _update_undo_actions(self) -> None:
        editable = not self._read_only
        self.undo_action.setEnabled(editable and self.undo_stack.canUndo())
        self.redo_action.setEnabled(editable and self.undo_stack.canRedo())

    def _submit_clicked(self) -> None:
        self.flush()
        if not self._problems and not self._read_only:
            self.submitRequested.emit()

    def _show_all_guidance(self, shown: bool) -> None:
        for card in self.cards.values():
            card.show_guidance(shown)

    # --- focus and keys -------------------------------------------------------------------------

    def _field_of(self, widget: QWidget | None) -> FieldId | None:
        while widget is not None and widget is not self:
            for key, card in self.cards.items():
                if widget is card.score_edit:
                    return (SCORE, key)
                if widget is card.comment_edit:
                    return (SCORE_COMMENT, key)
            if widget is self.overall_comment:
                return (COMMENT, "")
            widget = widget.parentWidget()
        return None

    def _end_merge(self) -> None:
        self._focus_session += 1
        self._focus_field = None

    def _focus_in(self, widget: QWidget) -> None:
        """A field got the focus: a new undo-merge visit starts, its card lights up, it scrolls into view."""
        field_id = self._field_of(widget)
        if field_id != self._focus_field:
            self._end_merge()
            self._focus_field = field_id
        for card in self.cards.values():
            focused = card.isAncestorOf(widget)
            if card.property("focused") != focused:
                card.setProperty("focused", focused)
                _repolish(card)
        self.scroll.ensureWidgetVisible(widget, 20, 60)

    def _focus_out(self, widget: QWidget) -> None:
        """Leaving a field commits it at once (no waiting for the typing pause)."""
        field_id = self._field_of(widget)
        if field_id is not None and field_id in self._dirty:
            self._commit_field(field_id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            combo = QKeySequence(event.keyCombination())
            if any(combo.matches(seq) == QKeySequence.SequenceMatch.ExactMatch for seq in self._reserved):
                # Not accepted: the window's shortcut (undo, page the PDF…) gets the key.
                event.ignore()
                return True
        elif kind in _INPUT_EVENTS and self._read_only and isinstance(watched, QRadioButton):
            return True
        elif kind == QEvent.Type.FocusIn and isinstance(watched, QWidget):
            self._focus_in(watched)
        elif kind == QEvent.Type.FocusOut and isinstance(watched, QWidget):
            self._focus_out(watched)
        return super().eventFilter(watched, event)


_INPUT_EVENTS = frozenset({QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease,
                           QEvent.Type.MouseButtonDblClick, QEvent.Type.KeyPress, QEvent.Type.KeyRelease})


def _check_exclusive(group: QButtonGroup, button_id: int | None) -> None:
    """Check one button of an exclusive group, or none (which Qt only allows non-exclusively)."""
    if button_id is None:
        group.setExclusive(False)
        for button in group.buttons():
            button.setChecked(False)
        group.setExclusive(True)
    else:
        button = group.button(button_id)
        if button is not None:
            button.setChecked(True)


__all__ = [
    "COMMENT",
    "COMMIT_DELAY_MS",
    "Change",
    "CriterionCard",
    "KINDS",
    "Problem",
    "RECOMMENDATION",
    "ReviewValues",
    "SCORE",
    "SCORE_COMMENT",
    "ScoreEdit",
    "ScoringPanel",
    "VETO",
    "comment_band_position",
    "fmt",
    "fmt_total",
    "pair_problems",
    "problem_targets",
    "values_from_review",
]
