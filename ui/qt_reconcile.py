"""The reconciliation desk: where the committee sees the merged scores and records its decisions.

Above, the ranking of the round's dossiers under every aggregation rule side by side
(the round's own rule in bold), with each dossier's tier, flags, whether its rank or
tier depends on the rule, and the decision recorded. Below, for the selected dossier,
its score matrix (experts × criteria, comments one click away), a strip plot of the
experts' totals against the spread limit, and its decision; and for the round, the
ranking chart with the tiers' cut-offs, the experts' calibration and the agreement
statistics. The committee decides, the software shows: nothing is hidden (ties stay
ties, a stale decision says why), and a decision that departs from the numbers needs
a reason.

Reads are quick (a few milliseconds on a round of dozens of dossiers) and run on the
GUI thread in one session per reload (``committee.reconcile_round``,
``committee.decision_rows``, ``committee.score_matrix``). Every write (confirm,
override, clear, confirm all, finalise, reopen) runs through
:class:`ui.qt_worker.Operation`, then announces ``Topic.DECISIONS`` (or
``Topic.ROUNDS`` for the round's status), and every desk, this one included, reloads.

The item models are :class:`StyledTableModel` adapters over plain rows built here
from the core's dataclasses (:class:`RankingRow`, :class:`MatrixLine`, …); they add
fonts and backgrounds to :class:`ui.qt_models.RowTableModel`.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QRectF,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import (
    QAction,
    QBrush,
    QColor,
    QFont,
    QIcon,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QPolygonF,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from forms.model import Form
from reviewer import committee, rounds
from reviewer.committee import FLAG_LABELS, BulkConfirm, DecisionRow, Matrix
from reviewer.reconcile import RULES, Agreement, DossierResult, ExpertCalibration, Flag, Reconciliation
from ui import messages
from ui.i18n import pick
from ui.qt_charts import (
    CalibrationChart,
    LeniencyBar,
    RankingBar,
    RankingChart,
    StripData,
    StripPlot,
    TierLine,
    tier_colour,
)
from ui.qt_decision import (
    BulkResultDialog,
    DecisionDialog,
    DecisionRequest,
    FinaliseDialog,
    ReopenDialog,
    TierChoice,
    bilingual,
    rank_text,
)
from ui.qt_desk import NO_ROUND, Desk, Topic
from ui.qt_import import Operator
from ui.qt_models import ROW_ROLE, SORT_ROLE, AnyIndex, Column, RowTableModel, setup_row_table
from ui.qt_worker import Operation

if TYPE_CHECKING:
    from ui.qt_mainwindow import MainWindow

R = TypeVar("R")
T = TypeVar("T")

# --- models with fonts and backgrounds ------------------------------------------------------------


@dataclass(frozen=True)
class StyledColumn(Column[R]):
    """A :class:`ui.qt_models.Column` that may also set the text, sort key, font and background.

    Attributes:
        text: the shown text, when it is not the plain value (e.g. "2=" for a shared rank);
            alignment and sorting still follow ``value`` (or ``sort``).
        sort: the sort key, when it is not the value (e.g. unranked dossiers last).
        font: the cell's font (``Qt.FontRole``).
        background: the cell's background (``Qt.BackgroundRole``).
        header_font: the header's font (e.g. bold for the round's rule).
    """

    text: Callable[[R], str] | None = None
    sort: Callable[[R], Any] | None = None
    font: Callable[[R], QFont | None] | None = None
    background: Callable[[R], QBrush | None] | None = None
    header_font: Callable[[], QFont | None] | None = None

    def display(self, row: R) -> str:
        if self.text is not None:
            return self.text(row)
        return super().display(row)


class StyledTableModel(RowTableModel[R]):
    """:class:`RowTableModel` plus the font, background and sort key of :class:`StyledColumn`;
    header titles may wrap onto a second line."""

    def __init__(self, columns: Sequence[Column[R]], rows: Sequence[R] = (), parent: QWidget | None = None) -> None:
        super().__init__(columns, rows, parent)
        self._styled: list[Column[R]] = list(columns)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role in (Qt.ItemDataRole.FontRole, Qt.ItemDataRole.BackgroundRole, SORT_ROLE):
            row = self.row_at(index)
            if row is None or not 0 <= index.column() < len(self._styled):
                return None
            column = self._styled[index.column()]
            if isinstance(column, StyledColumn):
                if role == Qt.ItemDataRole.FontRole:
                    return column.font(row) if column.font is not None else None
                if role == Qt.ItemDataRole.BackgroundRole:
                    return column.background(row) if column.background is not None else None
                if column.sort is not None:
                    return column.sort(row)
            elif role != SORT_ROLE:
                return None
        return super().data(index, role)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._styled)
        if horizontal and role == Qt.ItemDataRole.FontRole:
            column = self._styled[section]
            if isinstance(column, StyledColumn) and column.header_font is not None:
                return column.header_font()
            return None
        if horizontal and role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter.value) | int(Qt.TextFlag.TextWordWrap.value)
        return super().headerData(section, orientation, role)


def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


def _brush(colour: str) -> QBrush:
    return QBrush(QColor(colour))


#: Backgrounds: a flagged cell, the outlier's row, a stale decision, the round's rule column.
FLAGGED_BG = "#fde2e1"
OUTLIER_BG = "#fff0e0"
STALE_BG = "#fff3d6"
RULE_BG = "#eef4fb"
SUMMARY_BG = "#f3f4f6"

# --- icons (state is shown by shape and colour as well as by words) ------------------------------------

FLAG_COLOURS: dict[str, str] = {
    "veto": "#b71c1c",
    "spread": "#d32f2f",
    "outlier": "#ef6c00",
    "criterion_spread": "#f9a825",
    "tie": "#1565c0",
    "conflict": "#6a1b9a",
    "missing_reviews": "#757575",
}
#: Most serious first: the flags column shows the icon of the first kind present.
FLAG_ORDER: tuple[str, ...] = tuple(FLAG_COLOURS)


def _paint_icon(paint: Callable[[QPainter], None]) -> QIcon:
    """A 16×16 icon drawn at twice the resolution, so it stays sharp on high-DPI screens."""
    pixmap = QPixmap(32, 32)
    pixmap.setDevicePixelRatio(2.0)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    paint(painter)
    painter.end()
    return QIcon(pixmap)


def _white(width: float = 1.6) -> QPen:
    pen = QPen(QColor("white"), width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    return pen


@cache
def flag_icon(kind: str) -> QIcon:
    """One icon per flag kind: a coloured badge with a glyph that says what the flag is."""
    colour = QColor(FLAG_COLOURS.get(kind, "#757575"))

    def paint(p: QPainter) -> None:
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(colour)
        if kind in ("veto", "outlier", "conflict", "missing_reviews"):
            p.drawEllipse(QRectF(1, 1, 14, 14))
        else:
            p.drawRoundedRect(QRectF(1, 1, 14, 14), 3, 3)
        p.setPen(_white())
        p.setBrush(Qt.BrushStyle.NoBrush)
        if kind == "spread":  # a double arrow: totals far apart
            p.drawLine(QPointF(4, 8), QPointF(12, 8))
            p.drawPolyline(QPolygonF([QPointF(6, 5.5), QPointF(3.5, 8), QPointF(6, 10.5)]))
            p.drawPolyline(QPolygonF([QPointF(10, 5.5), QPointF(12.5, 8), QPointF(10, 10.5)]))
        elif kind == "outlier":  # an exclamation mark
            p.drawLine(QPointF(8, 4), QPointF(8, 9.5))
            p.drawPoint(QPointF(8, 12))
        elif kind == "criterion_spread":  # bars of unequal height
            for x, top in ((5, 9), (8, 4.5), (11, 7)):
                p.drawLine(QPointF(x, 12), QPointF(x, top))
        elif kind == "veto":  # a no-entry bar
            p.setPen(_white(2.4))
            p.drawLine(QPointF(4.5, 8), QPointF(11.5, 8))
        elif kind == "conflict":  # a slashed circle
            p.drawEllipse(QRectF(4.5, 4.5, 7, 7))
            p.drawLine(QPointF(5.5, 10.5), QPointF(10.5, 5.5))
        elif kind == "tie":  # an equals sign
            p.drawLine(QPointF(4.5, 6.5), QPointF(11.5, 6.5))
            p.drawLine(QPointF(4.5, 9.5), QPointF(11.5, 9.5))
        else:  # missing reviews: an ellipsis
            p.setPen(_white(2.2))
            for x in (5, 8, 11):
                p.drawPoint(QPointF(x, 8))

    return _paint_icon(paint)


@cache
def dot_icon(colour: str) -> QIcon:
    """A filled dot (tier colours)."""
    def paint(p: QPainter) -> None:
        p.setPen(QPen(QColor("white"), 1.2))
        p.setBrush(QColor(colour))
        p.drawEllipse(QRectF(2, 2, 12, 12))
    return _paint_icon(paint)


@cache
def state_icon(state: str) -> QIcon:
    """Decision states: confirmed (check), overridden (pencil), stale (warning), pending (empty)."""
    def paint(p: QPainter) -> None:
        if state == "confirmed":
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor("#2e7d32"))
            p.drawEllipse(QRectF(1, 1, 14, 14))
            p.setPen(_white(2))
            p.drawPolyline(QPolygonF([QPointF(4.5, 8.5), QPointF(7, 11), QPointF(11.5, 5.5)]))
        elif state == "overridden":
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor("#1565c0"))
            p.drawEllipse(QRectF(1, 1, 14, 14))
            p.setPen(_white(2))
            p.drawLine(QPointF(5, 11), QPointF(11, 5))
            p.drawLine(QPointF(4.5, 11.5), QPointF(6.5, 11.5))
        elif state == "stale":
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor("#f57c00"))
            p.drawPolygon(QPolygonF([QPointF(8, 1), QPointF(15.5, 14.5), QPointF(0.5, 14.5)]))
            p.setPen(_white(1.8))
            p.drawLine(QPointF(8, 5.5), QPointF(8, 10))
            p.drawPoint(QPointF(8, 12.5))
        else:
            p.setPen(QPen(QColor("#9e9e9e"), 1.6))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawEllipse(QRectF(2.5, 2.5, 11, 11))
    return _paint_icon(paint)


@cache
def comment_icon() -> QIcon:
    """A speech bubble: this score has a comment (click the cell to read it)."""
    def paint(p: QPainter) -> None:
        path = QPainterPath()
        path.addRoundedRect(QRectF(1.5, 2, 13, 9.5), 3, 3)
        path.moveTo(4.5, 11)
        path.lineTo(4, 14.5)
        path.lineTo(8, 11)
        p.setPen(QPen(QColor("#455a64"), 1.2))
        p.setBrush(QColor("#e3f2fd"))
        p.drawPath(path.simplified())
        p.setPen(QPen(QColor("#455a64"), 1.2))
        for y in (5, 8):
            p.drawLine(QPointF(4.5, y), QPointF(11.5, y))
    return _paint_icon(paint)


@cache
def lock_icon() -> QIcon:
    """A padlock: the round is finalised."""
    def paint(p: QPainter) -> None:
        p.setPen(QPen(QColor("#5d4037"), 1.8))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawArc(QRectF(4.5, 1.5, 7, 9), 0, 180 * 16)
        p.drawLine(QPointF(4.5, 6), QPointF(4.5, 7.5))
        p.drawLine(QPointF(11.5, 6), QPointF(11.5, 7.5))
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor("#8d6e63"))
        p.drawRoundedRect(QRectF(2.5, 7, 11, 8), 1.5, 1.5)
        p.setBrush(QColor("white"))
        p.drawEllipse(QRectF(7, 9.5, 2, 2))
    return _paint_icon(paint)


@cache
def rule_change_icon() -> QIcon:
    """Two opposed arrows: the rank or tier changes with the aggregation rule."""
    def paint(p: QPainter) -> None:
        pen = QPen(QColor("#8e24aa"), 1.8)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        p.setPen(pen)
        p.drawLine(QPointF(5, 2.5), QPointF(5, 13.5))
        p.drawPolyline(QPolygonF([QPointF(2.5, 5), QPointF(5, 2.5), QPointF(7.5, 5)]))
        p.drawLine(QPointF(11, 2.5), QPointF(11, 13.5))
        p.drawPolyline(QPolygonF([QPointF(8.5, 11), QPointF(11, 13.5), QPointF(13.5, 11)]))
    return _paint_icon(paint)


def _banner_pixmap(icon: QIcon) -> QPixmap:
    return icon.pixmap(16, 16)


# --- small helpers on the core's data --------------------------------------------------------------


def outlier_experts(totals: Mapping[str, Decimal], limit: Decimal | None) -> frozenset[str]:
    """The experts the engine flags as "outlier" on a dossier (:mod:`reviewer.reconcile`):
    with three or more reviews, a total further than ``limit`` from the mean of the others'."""
    k = len(totals)
    if limit is None or k < 3:
        return frozenset()
    whole = sum(totals.values(), Decimal(0))
    return frozenset(e for e, x in totals.items() if abs((k - 1) * x - (whole - x)) > limit * (k - 1))


def list_separator() -> str:
    """Between items of a list in running text: the enumeration comma in Chinese."""
    return pick("、", ", ")


def flag_label(kind: str) -> str:
    zh, en = FLAG_LABELS.get(kind, (kind, kind))
    return pick(zh, en)


def rule_title(rule: str) -> str:
    zh, en = rounds.RULE_NAMES.get(rule, (rule, rule))
    return pick(zh, en)


def _decimals(step: Decimal) -> int:
    exponent = step.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 2


def _points(value: Decimal | None, decimals: int = 2) -> str:
    return "" if value is None else f"{value:.{decimals}f}"


def _local_time(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    if value.tzinfo is not None:
        value = value.astimezone()
    return value.strftime("%Y-%m-%d %H:%M")


# --- the ranking table -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RankingRow:
    """One dossier in the ranking: its reconciliation under every rule and its decision."""

    result: DossierResult
    decision: DecisionRow
    rule_sensitive: bool

    @property
    def number(self) -> str:
        return self.result.number

    @property
    def rank_changes(self) -> bool:
        return len({r for r in self.result.ranks.values()}) > 1

    @property
    def tier_changes(self) -> bool:
        return len({t for t in self.result.tiers.values()}) > 1

    @property
    def state(self) -> str:
        """"stale", "overridden", "confirmed", "pending" (needs a decision) or "none" (no reviews)."""
        d = self.decision
        if d.stale:
            return "stale"
        if d.decided:
            return "overridden" if d.overridden else "confirmed"
        return "pending" if d.reviews > 0 else "none"


class RoundFacts:
    """What the ranking columns need to know about the round (its rule and form); the desk
    updates it before handing the model new rows."""

    def __init__(self) -> None:
        self.rule = "mean"
        self.form: Form | None = None

    def tier_title(self, key: str | None) -> str:
        if self.form is None:
            return key or ""
        title = committee.tier_label(self.form, key)
        return pick(title.zh, title.en)

    def tier_index(self, key: str | None) -> int | None:
        if self.form is None or key is None:
            return None
        return next((i for i, t in enumerate(self.form.tiers) if t.key == key), None)


_UNRANKED = 1_000_000


def _rule_header(key: str) -> str:
    titles = {
        "mean": QCoreApplication.translate("RankingTable", "Mean"),
        "trimmed": QCoreApplication.translate("RankingTable", "Trimmed"),
        "median": QCoreApplication.translate("RankingTable", "Median"),
        "zscore": QCoreApplication.translate("RankingTable", "z-score"),
    }
    return titles.get(key, key)


def _per_rule_tooltip(row: RankingRow, facts: RoundFacts) -> str:
    lines = []
    for rule in RULES:
        value = row.result.aggregates.get(rule)
        rank = row.result.ranks.get(rule)
        tier = facts.tier_title(row.result.tiers.get(rule))
        lines.append(QCoreApplication.translate("RankingTable", "{rule}: {value}, rank {rank}, {tier}").format(
            rule=rule_title(rule), value=_points(value) or "—", rank=rank_text(rank, False), tier=tier))
    return "\n".join(lines)


def _decision_text(row: RankingRow, facts: RoundFacts) -> str:
    d = row.decision
    state = row.state
    if state == "none":
        return ""
    if state == "pending":
        return QCoreApplication.translate("RankingTable", "to decide")
    if state == "stale":
        return QCoreApplication.translate("RankingTable", "stale")
    if state == "confirmed":
        return QCoreApplication.translate("RankingTable", "confirmed")
    return QCoreApplication.translate("RankingTable", "overridden: {rank} · {tier}").format(
        rank=rank_text(d.rank, False), tier=facts.tier_title(d.tier))


def _decision_tooltip(row: RankingRow, facts: RoundFacts) -> str | None:
    d = row.decision
    if row.state == "stale":
        return "\n".join(bilingual(r) for r in d.stale_reasons)
    if d.overridden:
        return QCoreApplication.translate("RankingTable", "Reason: {reason}").format(reason=d.reason)
    return None


def make_ranking_model(facts: RoundFacts, parent: QWidget | None = None) -> StyledTableModel[RankingRow]:
    """The round's dossiers with every rule's aggregate and rank, tier, flags and decision."""

    def rule_font(rule: str) -> Callable[[RankingRow], QFont | None]:
        return lambda _row: _bold() if rule == facts.rule else None

    def rule_background(rule: str) -> Callable[[RankingRow], QBrush | None]:
        return lambda _row: _brush(RULE_BG) if rule == facts.rule else None

    def rule_header_font(rule: str) -> Callable[[], QFont | None]:
        return lambda: _bold() if rule == facts.rule else None

    columns: list[Column[RankingRow]] = [
        StyledColumn(
            "rank", lambda: QCoreApplication.translate("RankingTable", "Rank"),
            lambda r: r.result.rank,
            text=lambda r: rank_text(r.result.rank, r.result.tie) if r.result.rank is not None else "—",
            sort=lambda r: r.result.rank if r.result.rank is not None else _UNRANKED,
            decoration=lambda r: flag_icon("tie") if r.result.tie else None,
            tooltip=lambda r: QCoreApplication.translate(
                "RankingTable", "Shares this rank with another dossier") if r.result.tie else None,
            font=lambda _r: _bold(),
            description=lambda: QCoreApplication.translate(
                "RankingTable", "Rank under the round's rule; \"2=\" marks a shared rank"),
        ),
        StyledColumn(
            "number", lambda: QCoreApplication.translate("RankingTable", "Number"), lambda r: r.number,
            sort=lambda r: committee.number_key(r.number),
        ),
        Column(
            "title", lambda: QCoreApplication.translate("RankingTable", "Project"), lambda r: r.decision.title,
            tooltip=lambda r: f"{r.decision.title}\n{r.decision.applicant}",
        ),
    ]
    for rule in RULES:
        columns.append(StyledColumn(
            rule, (lambda k=rule: _rule_header(k)), (lambda r, k=rule: r.result.aggregates.get(k)),
            font=rule_font(rule), background=rule_background(rule), header_font=rule_header_font(rule),
            tooltip=lambda r: _per_rule_tooltip(r, facts),
            sort=(lambda r, k=rule: float(r.result.aggregates[k])
                  if r.result.aggregates.get(k) is not None else -1.0),
            description=(lambda k=rule: QCoreApplication.translate(
                "RankingTable", "Aggregate under the rule \"{rule}\"").format(rule=rule_title(k))),
        ))
        columns.append(StyledColumn(
            f"rank_{rule}", lambda: QCoreApplication.translate("RankingTable", "#"),
            (lambda r, k=rule: r.result.ranks.get(k)),
            sort=(lambda r, k=rule: r.result.ranks.get(k) or _UNRANKED),
            font=rule_font(rule), background=rule_background(rule), header_font=rule_header_font(rule),
            foreground=(lambda r, k=rule: QColor("#8e24aa") if r.result.ranks.get(k) != r.result.rank else None),
            tooltip=lambda r: _per_rule_tooltip(r, facts),
            description=(lambda k=rule: QCoreApplication.translate(
                "RankingTable", "Rank under the rule \"{rule}\"").format(rule=rule_title(k))),
        ))
    columns += [
        StyledColumn(
            "tier", lambda: QCoreApplication.translate("RankingTable", "Tier"),
            lambda r: facts.tier_title(r.result.tier),
            sort=lambda r: (facts.tier_index(r.result.tier) if r.result.tier is not None else 99,
                            r.result.rank or _UNRANKED),
            decoration=lambda r: dot_icon(tier_colour(facts.tier_index(r.result.tier)).name())
            if r.result.rank is not None else None,
            tooltip=lambda r: _per_rule_tooltip(r, facts),
            description=lambda: QCoreApplication.translate("RankingTable", "Award tier under the round's rule"),
        ),
        StyledColumn(
            "rule_change", lambda: QCoreApplication.translate("RankingTable", "Rule-dependent"),
            lambda r: _rule_change_text(r),
            sort=lambda r: (0 if r.rule_sensitive else 1, r.result.rank or _UNRANKED),
            decoration=lambda r: rule_change_icon() if r.rule_sensitive else None,
            foreground=lambda r: QColor("#8e24aa") if r.rule_sensitive else None,
            tooltip=lambda r: _per_rule_tooltip(r, facts) if r.rule_sensitive else None,
            description=lambda: QCoreApplication.translate(
                "RankingTable", "Whether the rank or the award tier changes with the aggregation rule"),
        ),
        StyledColumn(
            "flags", lambda: QCoreApplication.translate("RankingTable", "Flags"),
            lambda r: list_separator().join(flag_label(k) for k in dict.fromkeys(f.kind for f in r.result.flags)),
            sort=lambda r: (-len(r.result.flags), committee.number_key(r.number)),
            decoration=lambda r: _first_flag_icon(r.result.flags),
            tooltip=lambda r: "\n".join(f"{flag_label(f.kind)}: {bilingual(f.reason)}" for f in r.result.flags)
            or None,
        ),
        StyledColumn(
            "decision", lambda: QCoreApplication.translate("RankingTable", "Decision"),
            lambda r: _decision_text(r, facts),
            sort=lambda r: ("stale", "pending", "overridden", "confirmed", "none").index(r.state),
            decoration=lambda r: state_icon(r.state) if r.state != "none" else None,
            background=lambda r: _brush(STALE_BG) if r.state == "stale" else None,
            tooltip=lambda r: _decision_tooltip(r, facts),
        ),
    ]
    return StyledTableModel(columns, parent=parent)


def _rule_change_text(row: RankingRow) -> str:
    if row.rank_changes and row.tier_changes:
        return QCoreApplication.translate("RankingTable", "rank, tier")
    if row.tier_changes:
        return QCoreApplication.translate("RankingTable", "tier")
    if row.rank_changes:
        return QCoreApplication.translate("RankingTable", "rank")
    return ""


def _first_flag_icon(flags: Sequence[Flag]) -> QIcon | None:
    kinds = {f.kind for f in flags}
    return next((flag_icon(k) for k in FLAG_ORDER if k in kinds), None)


class RankingProxy(QSortFilterProxyModel):
    """Sorts on :data:`ui.qt_models.SORT_ROLE` (ranks as numbers, unranked last)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)

    def lessThan(self, left: QModelIndex | QPersistentModelIndex,
                 right: QModelIndex | QPersistentModelIndex) -> bool:
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        try:
            return bool(a < b)
        except TypeError:
            return str(a) < str(b)


# --- the score matrix ----------------------------------------------------------------------------------

EXPERT, MEAN, SPREAD = "expert", "mean", "spread"


@dataclass(frozen=True)
class MatrixLine:
    """One row of the score matrix: an expert's review, or the criteria's mean or spread.

    ``marked`` are the criteria whose cell is flagged: on an expert's row, the highest
    and lowest scores of a criterion whose spread is over its limit; on the spread row,
    those spreads. ``total_marked`` flags the total (the outlier's, or a total spread
    over the round's limit).
    """

    kind: str
    expert: str
    values: Mapping[str, Decimal | None]
    comments: Mapping[str, str]
    total: Decimal | None
    marked: frozenset[str] = frozenset()
    total_marked: bool = False
    outlier: bool = False
    veto_yes: tuple[str, ...] = ()
    recommendation: str = ""
    comment: str = ""
    organisation: str = ""
    version: int = 0
    signed: bool = False
    origin: str = ""

    @property
    def has_comments(self) -> bool:
        return bool(self.comment.strip()) or any(c.strip() for c in self.comments.values())


def matrix_lines(matrix: Matrix, form: Form, limit: Decimal | None) -> list[MatrixLine]:
    """The rows of the matrix: one per counted review (experts in name order), then the mean
    and the spread of each criterion."""
    outliers = outlier_experts(matrix.totals, limit)
    over = {c.key for c in matrix.criteria if c.over_limit}
    extremes: dict[str, set[str]] = {}
    for line in matrix.criteria:
        if line.key not in over:
            continue
        values = [cell.value for cell in line.values.values() if cell.value is not None]
        high, low = max(values), min(values)
        extremes[line.key] = {e for e, cell in line.values.items() if cell.value in (high, low)}
    questions = {v.key: pick(v.question.zh, v.question.en) for v in form.vetoes}
    choices = {c.key: pick(c.title.zh, c.title.en) for c in form.recommendations}
    out: list[MatrixLine] = []
    for review in matrix.reviews:
        out.append(MatrixLine(
            kind=EXPERT,
            expert=review.expert,
            values={k: cell.value for k, cell in review.cells.items()},
            comments={k: cell.comment for k, cell in review.cells.items()},
            total=review.total,
            marked=frozenset(k for k, experts in extremes.items() if review.expert in experts),
            total_marked=review.expert in outliers,
            outlier=review.expert in outliers,
            veto_yes=tuple(questions.get(k, k) for k, yes in review.vetoes.items() if yes),
            recommendation=choices.get(review.recommendation or "", review.recommendation or ""),
            comment=review.comment,
            organisation=review.organisation,
            version=review.version,
            signed=review.signed,
            origin=review.origin,
        ))
    if matrix.reviews:
        total_over = limit is not None and matrix.total_spread is not None and matrix.total_spread > limit
        out.append(MatrixLine(MEAN, "", {c.key: c.mean for c in matrix.criteria}, {},
                              matrix.aggregates.get("mean")))
        out.append(MatrixLine(SPREAD, "", {c.key: c.spread for c in matrix.criteria}, {}, matrix.total_spread,
                              marked=frozenset(over), total_marked=total_over))
    return out


def _line_label(line: MatrixLine) -> str:
    if line.kind == MEAN:
        return QCoreApplication.translate("MatrixTable", "Mean")
    if line.kind == SPREAD:
        return QCoreApplication.translate("MatrixTable", "Spread (max − min)")
    return line.expert


def _expert_tooltip(line: MatrixLine) -> str | None:
    if line.kind == MEAN:
        return QCoreApplication.translate("MatrixTable", "Mean of the experts' scores; the total is the plain mean")
    if line.kind == SPREAD:
        return QCoreApplication.translate("MatrixTable", "Highest minus lowest score of each criterion")
    parts = [line.expert]
    if line.organisation:
        parts.append(line.organisation)
    how = (QCoreApplication.translate("MatrixTable", "signed review") if line.signed
           else QCoreApplication.translate("MatrixTable", "paper review entered by the secretary"))
    parts.append(QCoreApplication.translate("MatrixTable", "version {version}, {how}").format(
        version=line.version, how=how))
    if line.outlier:
        parts.append(QCoreApplication.translate("MatrixTable", "Outlier: this total is far from the others' mean"))
    return "\n".join(parts)


def _criterion_tooltip(line: MatrixLine, key: str, title: str, limit: Decimal | None) -> str | None:
    if line.kind == SPREAD:
        spread = line.values.get(key)
        if spread is None:
            return None
        text = QCoreApplication.translate("MatrixTable", "{title}: spread {spread}").format(
            title=title, spread=f"{spread:.2f}")
        if limit is not None:
            text += "\n" + QCoreApplication.translate("MatrixTable", "limit {limit}").format(limit=f"{limit:.2f}")
        if key in line.marked:
            text += "\n" + QCoreApplication.translate("MatrixTable", "over the criterion's spread limit")
        return text
    if line.kind == MEAN:
        return None
    comment = line.comments.get(key, "").strip()
    text = f"{line.expert} · {title}"
    if key in line.marked:
        text += "\n" + QCoreApplication.translate(
            "MatrixTable", "One end of a spread over the criterion's limit")
    if comment:
        text += "\n\n" + comment
    return text


def make_matrix_model(form: Form, limit: Decimal | None,
                      parent: QWidget | None = None) -> StyledTableModel[MatrixLine]:
    """Experts × criteria, then the total, the veto answers and the recommendation."""

    def row_background(line: MatrixLine) -> QBrush | None:
        if line.kind != EXPERT:
            return _brush(SUMMARY_BG)
        return _brush(OUTLIER_BG) if line.outlier else None

    def summary_font(line: MatrixLine) -> QFont | None:
        return _bold() if line.kind != EXPERT else None

    columns: list[Column[MatrixLine]] = [
        StyledColumn(
            "expert", lambda: QCoreApplication.translate("MatrixTable", "Expert"), _line_label,
            decoration=lambda line: flag_icon("outlier") if line.outlier else None,
            tooltip=_expert_tooltip, background=row_background, font=summary_font,
            foreground=lambda line: QColor("#bf360c") if line.outlier else None,
        ),
    ]
    for criterion in form.criteria:
        key = criterion.key
        title = pick(criterion.title.zh, criterion.title.en)
        decimals = _decimals(criterion.step)
        limit_text = "—" if criterion.spread_limit is None else f"{criterion.spread_limit:.2f}"

        def cell_background(line: MatrixLine, k: str = key) -> QBrush | None:
            if k in line.marked:
                return _brush(FLAGGED_BG)
            return row_background(line)

        def description(t: str = title, c: Any = criterion, lt: str = limit_text) -> str:
            return QCoreApplication.translate(
                "MatrixTable", "{title}\nmaximum {max}, weight {weight} points, spread limit {limit}").format(
                title=t, max=c.max, weight=c.effective_weight, limit=lt)

        columns.append(StyledColumn(
            key, (lambda t=title: t), (lambda line, k=key: line.values.get(k)),
            text=(lambda line, k=key, d=decimals: _points(line.values.get(k), d if line.kind == EXPERT else 2)),
            decoration=(lambda line, k=key: flag_icon("criterion_spread") if k in line.marked
                        else comment_icon() if line.comments.get(k, "").strip() else None),
            tooltip=(lambda line, k=key, t=title, c=criterion: _criterion_tooltip(line, k, t, c.spread_limit)),
            background=cell_background, font=summary_font, description=description,
        ))
    columns += [
        StyledColumn(
            "total", lambda: QCoreApplication.translate("MatrixTable", "Total"), lambda line: line.total,
            font=lambda _line: _bold(),
            background=lambda line: _brush(FLAGGED_BG) if line.total_marked else row_background(line),
            decoration=lambda line: (flag_icon("outlier") if line.kind == EXPERT else flag_icon("spread"))
            if line.total_marked else None,
            tooltip=lambda line: _total_tooltip(line, limit),
            description=lambda: QCoreApplication.translate("MatrixTable", "Weighted total out of {scale}").format(
                scale=form.scale),
        ),
        StyledColumn(
            "veto", lambda: QCoreApplication.translate("MatrixTable", "Veto"),
            lambda line: _veto_text(line),
            decoration=lambda line: flag_icon("veto") if line.veto_yes else None,
            background=lambda line: _brush(FLAGGED_BG) if line.veto_yes else row_background(line),
            tooltip=lambda line: "\n".join(line.veto_yes) or None,
            description=lambda: QCoreApplication.translate(
                "MatrixTable", "Veto items (一票否决) answered yes by the expert"),
        ),
        StyledColumn(
            "recommendation", lambda: QCoreApplication.translate("MatrixTable", "Recommendation"),
            lambda line: line.recommendation, background=row_background,
        ),
        StyledColumn(
            "comment", lambda: QCoreApplication.translate("MatrixTable", "Comments"),
            lambda line: _comment_count(line),
            text=lambda line: str(_comment_count(line)) if _comment_count(line) else "",
            decoration=lambda line: comment_icon() if line.has_comments else None,
            tooltip=lambda line: line.comment or None, background=row_background,
            description=lambda: QCoreApplication.translate(
                "MatrixTable", "How many comments the expert wrote (scores and overall)"),
        ),
    ]
    return StyledTableModel(columns, parent=parent)


def _total_tooltip(line: MatrixLine, limit: Decimal | None) -> str | None:
    if line.kind == SPREAD and line.total is not None:
        text = QCoreApplication.translate("MatrixTable", "Spread of the totals: {spread}").format(
            spread=f"{line.total:.2f}")
        if limit is not None:
            text += "\n" + QCoreApplication.translate("MatrixTable", "limit {limit}").format(limit=f"{limit:.2f}")
        return text
    if line.outlier:
        return QCoreApplication.translate("MatrixTable", "Outlier: this total is far from the others' mean")
    return None


def _veto_text(line: MatrixLine) -> str:
    if line.kind != EXPERT:
        return ""
    if line.veto_yes:
        return QCoreApplication.translate("MatrixTable", "yes ({n})").format(n=len(line.veto_yes))
    return QCoreApplication.translate("MatrixTable", "no")


def _comment_count(line: MatrixLine) -> int | None:
    if line.kind != EXPERT:
        return None
    return sum(1 for c in line.comments.values() if c.strip()) + (1 if line.comment.strip() else 0)


# --- flags, calibration, agreement -----------------------------------------------------------------------


def make_flags_model(parent: QWidget | None = None) -> StyledTableModel[Flag]:
    """The selected dossier's flags, each with its reason in words."""
    column: Column[Flag] = StyledColumn(
        "flag", lambda: QCoreApplication.translate("FlagsList", "Flags"),
        lambda f: f"{flag_label(f.kind)}：{bilingual(f.reason)}" if pick("zh", "en") == "zh"
        else f"{flag_label(f.kind)}: {bilingual(f.reason)}",
        decoration=lambda f: flag_icon(f.kind), tooltip=lambda f: bilingual(f.reason),
    )
    return StyledTableModel([column], parent=parent)


@dataclass(frozen=True)
class CalibrationRow:
    """One expert's calibration, and whether they are the round's harshest or most lenient."""

    calibration: ExpertCalibration
    harshest: bool
    most_lenient: bool


def calibration_rows(calibration: Sequence[ExpertCalibration]) -> list[CalibrationRow]:
    known = [c.leniency for c in calibration if c.leniency is not None]
    low = min(known) if len(known) >= 2 else None
    high = max(known) if len(known) >= 2 else None
    return [CalibrationRow(c, c.leniency is not None and c.leniency == low,
                           c.leniency is not None and c.leniency == high) for c in calibration]


def _standing(row: CalibrationRow) -> str:
    if row.harshest:
        return QCoreApplication.translate("CalibrationTable", "harshest")
    if row.most_lenient:
        return QCoreApplication.translate("CalibrationTable", "most lenient")
    return ""


def make_calibration_model(parent: QWidget | None = None) -> StyledTableModel[CalibrationRow]:
    """Per expert: reviews, mean and SD of their totals, leniency."""
    columns: list[Column[CalibrationRow]] = [
        Column("expert", lambda: QCoreApplication.translate("CalibrationTable", "Expert"),
               lambda r: r.calibration.expert),
        Column("reviews", lambda: QCoreApplication.translate("CalibrationTable", "Reviews"),
               lambda r: r.calibration.reviews),
        Column("mean", lambda: QCoreApplication.translate("CalibrationTable", "Mean total"),
               lambda r: r.calibration.mean),
        Column("sd", lambda: QCoreApplication.translate("CalibrationTable", "SD"), lambda r: r.calibration.sd,
               description=lambda: QCoreApplication.translate(
                   "CalibrationTable", "Standard deviation of the expert's totals (n − 1)")),
        StyledColumn(
            "leniency", lambda: QCoreApplication.translate("CalibrationTable", "Leniency"),
            lambda r: r.calibration.leniency,
            text=lambda r: "" if r.calibration.leniency is None else f"{r.calibration.leniency:+.2f}",
            sort=lambda r: float(r.calibration.leniency) if r.calibration.leniency is not None else 0.0,
            foreground=lambda r: QColor("#e65100") if r.harshest else QColor("#2e7d32") if r.most_lenient else None,
            font=lambda r: _bold() if r.harshest or r.most_lenient else None,
            description=lambda: QCoreApplication.translate(
                "CalibrationTable", "Mean of (own total − the other experts' mean) on shared dossiers; "
                "below zero: harsher than the others"),
        ),
        StyledColumn(
            "standing", lambda: QCoreApplication.translate("CalibrationTable", "Standing"), _standing,
            foreground=lambda r: QColor("#e65100") if r.harshest else QColor("#2e7d32") if r.most_lenient else None,
        ),
    ]
    return StyledTableModel(columns, parent=parent)


@dataclass(frozen=True)
class AgreementLine:
    """One agreement statistic: its key (``ICC1`` … ``kendall_w``), value and reading."""

    key: str
    value: float | None
    reading: str


AGREEMENT_KEYS = ("ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k", "kendall_w")


def agreement_lines(agreement: Agreement) -> list[AgreementLine]:
    readings = agreement.readings()
    return [AgreementLine(k, getattr(agreement, k), pick(readings[k].zh, readings[k].en)) for k in AGREEMENT_KEYS]


def _statistic_name(key: str) -> str:
    return "Kendall W" if key == "kendall_w" else key


def _statistic_meaning(key: str) -> str:
    meanings = {
        "ICC1": QCoreApplication.translate(
            "AgreementTable", "Intraclass correlation, one-way random, single expert"),
        "ICC2": QCoreApplication.translate(
            "AgreementTable", "Intraclass correlation, two-way random, single expert (absolute agreement)"),
        "ICC3": QCoreApplication.translate(
            "AgreementTable", "Intraclass correlation, two-way mixed, single expert (consistency)"),
        "ICC1k": QCoreApplication.translate(
            "AgreementTable", "Intraclass correlation, one-way random, mean of the experts"),
        "ICC2k": QCoreApplication.translate(
            "AgreementTable", "Intraclass correlation, two-way random, mean of the experts"),
        "ICC3k": QCoreApplication.translate(
            "AgreementTable", "Intraclass correlation, two-way mixed, mean of the experts"),
        "kendall_w": QCoreApplication.translate(
            "AgreementTable", "Kendall's coefficient of concordance: do the experts order the dossiers alike"),
    }
    return meanings.get(key, key)


#: Colours of the bands that :func:`reviewer.stats.reading_icc` / ``reading_w`` name, worst first.
BAND_COLOURS = ("#d32f2f", "#f57c00", "#f9a825", "#7cb342", "#2e7d32")


def band_colour(key: str, value: float | None) -> str | None:
    """The colour of the reading's band: the same cut-offs as :mod:`reviewer.stats`
    (Koo & Li 2016 for ICC: 0.5, 0.75, 0.9; Schmidt 1997 for W: 0.3, 0.5, 0.7, 0.9)."""
    if value is None:
        return None
    if key == "kendall_w":
        cuts: tuple[float, ...] = (0.3, 0.5, 0.7, 0.9)
        index = sum(1 for c in cuts if value >= c)
        return BAND_COLOURS[index]
    if value < 0.5:
        return BAND_COLOURS[0]
    if value < 0.75:
        return BAND_COLOURS[2]
    return BAND_COLOURS[3] if value <= 0.9 else BAND_COLOURS[4]


def make_agreement_model(parent: QWidget | None = None) -> StyledTableModel[AgreementLine]:
    columns: list[Column[AgreementLine]] = [
        StyledColumn("statistic", lambda: QCoreApplication.translate("AgreementTable", "Statistic"),
                     lambda a: _statistic_name(a.key), font=lambda _a: _bold()),
        Column("meaning", lambda: QCoreApplication.translate("AgreementTable", "Meaning"),
               lambda a: _statistic_meaning(a.key), tooltip=lambda a: _statistic_meaning(a.key)),
        StyledColumn("value", lambda: QCoreApplication.translate("AgreementTable", "Value"), lambda a: a.value,
                     decimals=3, text=lambda a: "—" if a.value is None else f"{a.value:.3f}",
                     sort=lambda a: a.value if a.value is not None else -1.0,
                     decoration=lambda a: dot_icon(band_colour(a.key, a.value) or "#bdbdbd")),
        Column("reading", lambda: QCoreApplication.translate("AgreementTable", "Reading"),
               lambda a: a.reading, tooltip=lambda a: a.reading),
    ]
    return StyledTableModel(columns, parent=parent)


# --- what the desk reads ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RoundState:
    """The selected round as the desk last read it (plain values, no ORM objects)."""

    round_id: int
    name: str
    status: str
    rule: str
    spread_limit: Decimal | None
    finalised_at: dt.datetime | None
    form: Form
    result: Reconciliation
    rows: tuple[DecisionRow, ...]

    @property
    def locked(self) -> bool:
        return self.status == "finalised"

    def row(self, number: str) -> DecisionRow | None:
        return next((r for r in self.rows if r.number == number), None)


def read_round(s: Session, round_id: int) -> RoundState:
    rnd = rounds.get_round(s, round_id)
    result = committee.reconcile_round(s, round_id)
    return RoundState(
        round_id=rnd.id, name=rnd.name, status=rnd.status, rule=rnd.rule, spread_limit=rnd.spread_limit,
        finalised_at=rnd.finalised_at, form=rounds.round_form(rnd), result=result,
        rows=tuple(committee.decision_rows(s, round_id, result)),
    )


# --- the desk -----------------------------------------------------------------------------------------


def _banner(colour: str, border: str) -> QFrame:
    frame = QFrame()
    frame.setFrameShape(QFrame.Shape.StyledPanel)
    frame.setStyleSheet(f"QFrame {{ background: {colour}; border: 1px solid {border}; border-radius: 3px; }}"
                        "QLabel { border: none; background: transparent; }")
    return frame


def _fit_to_contents(view: QAbstractItemView) -> None:
    """The view is as tall as its rows (no empty area under a short table); width is free."""
    view.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
    view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
    view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)


class ReconcileDesk(Desk):
    """The committee's desk: ranking under every rule, the selected dossier, the round's statistics,
    and the decisions (see the module docstring)."""

    desk_id = "reconcile"
    lazy = True

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state: RoundState | None = None
        self.matrix: Matrix | None = None
        self.selected: str | None = None
        #: The last write started from this desk (tests wait on its ``finished``).
        self.last_operation: Operation[Any] | None = None
        self.facts = RoundFacts()
        self._form_hash: str | None = None

        # --- actions
        self.confirm_action = QAction(self)
        self.confirm_action.triggered.connect(lambda: self.decide(override=False))
        self.override_action = QAction(self)
        self.override_action.triggered.connect(lambda: self.decide(override=True))
        self.clear_action = QAction(self)
        self.clear_action.triggered.connect(self.clear_decision)
        self.confirm_all_action = QAction(self)
        self.confirm_all_action.triggered.connect(self.confirm_all)
        self.finalise_action = QAction(self)
        self.finalise_action.triggered.connect(self.finalise)
        self.finalise_action.setIcon(lock_icon())
        self.reopen_action = QAction(self)
        self.reopen_action.setIcon(lock_icon())
        self.reopen_action.triggered.connect(self.reopen)

        # --- header: the round, its progress and the round-wide actions
        self.heading = QLabel()
        self.heading.setObjectName("reconcileHeading")
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        self.summary = QLabel()
        self.summary.setObjectName("reconcileSummary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        # One line, clipped rather than wrapped when the window is narrow (the tooltip has it all).
        self.heading.setMinimumWidth(120)
        header = QHBoxLayout()
        header.addWidget(self.heading)
        header.addSpacing(12)
        header.addWidget(self.summary, 1)
        self.round_buttons: dict[str, QToolButton] = {}
        for key, action in (("confirm_all", self.confirm_all_action), ("finalise", self.finalise_action),
                            ("reopen", self.reopen_action)):
            button = QToolButton()
            button.setObjectName(f"{key}Button")
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            header.addWidget(button)
            self.round_buttons[key] = button

        self.lock_banner = _banner("#efebe9", "#bcaaa4")
        self.lock_banner.setObjectName("lockBanner")
        lock_row = QHBoxLayout(self.lock_banner)
        lock_row.setContentsMargins(8, 4, 8, 4)
        lock_pic = QLabel()
        lock_pic.setPixmap(_banner_pixmap(lock_icon()))
        self.lock_text = QLabel()
        self.lock_text.setWordWrap(True)
        lock_row.addWidget(lock_pic)
        lock_row.addWidget(self.lock_text, 1)
        self.lock_banner.hide()

        self.rule_banner = _banner("#f6effa", "#d1b3e0")
        self.rule_banner.setObjectName("ruleBanner")
        rule_row = QHBoxLayout(self.rule_banner)
        rule_row.setContentsMargins(8, 4, 8, 4)
        rule_pic = QLabel()
        rule_pic.setPixmap(_banner_pixmap(rule_change_icon()))
        self.rule_text = QLabel()
        self.rule_text.setWordWrap(True)
        self.rule_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        rule_row.addWidget(rule_pic, 0, Qt.AlignmentFlag.AlignTop)
        rule_row.addWidget(self.rule_text, 1)
        self.rule_banner.hide()

        # --- the ranking
        self.ranking_model = make_ranking_model(self.facts, self)
        self.ranking_proxy = RankingProxy(self)
        self.ranking_proxy.setSourceModel(self.ranking_model)
        self.ranking_view = QTableView()
        self.ranking_view.setObjectName("rankingTable")
        setup_row_table(self.ranking_view, alternating=False)
        self.ranking_view.setModel(self.ranking_proxy)
        self.ranking_view.setSortingEnabled(True)
        self.ranking_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.ranking_view.selectionModel().currentRowChanged.connect(self._ranking_row_changed)
        self._fit_ranking()

        # --- the selected dossier: matrix, strip plot, decision
        self.dossier_heading = QLabel()
        self.dossier_heading.setObjectName("dossierHeading")
        self.dossier_heading.setTextFormat(Qt.TextFormat.RichText)
        self.dossier_heading.setWordWrap(True)

        self.matrix_model: StyledTableModel[MatrixLine] = StyledTableModel([], parent=self)
        self.matrix_view = QTableView()
        self.matrix_view.setObjectName("matrixTable")
        setup_row_table(self.matrix_view, alternating=False)
        self.matrix_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.matrix_view.setModel(self.matrix_model)
        self.matrix_view.clicked.connect(self._matrix_clicked)
        self.flags_model = make_flags_model(self)
        self.flags_view = QListView()
        self.flags_view.setObjectName("flagsList")
        self.flags_view.setModel(self.flags_model)
        self.flags_view.setWordWrap(True)
        self.flags_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.flags_view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.flags_view.setSpacing(1)
        self.flags_title = QLabel()
        self.comment_panel = QTextBrowser()
        self.comment_panel.setObjectName("commentPanel")
        self.comment_panel.setOpenLinks(False)
        _fit_to_contents(self.matrix_view)
        self.flags_view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.flags_view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.flags_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.flags_view.setResizeMode(QListView.ResizeMode.Adjust)
        self.flags_view.setFrameShape(QFrame.Shape.NoFrame)
        self.flags_view.setStyleSheet("QListView { background: transparent; }")
        bold = QFont(self.flags_title.font())
        bold.setBold(True)
        self.flags_title.setFont(bold)
        matrix_left = QWidget()
        left_layout = QVBoxLayout(matrix_left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.matrix_view)
        left_layout.addSpacing(6)
        left_layout.addWidget(self.flags_title)
        left_layout.addWidget(self.flags_view)
        left_layout.addStretch(1)
        self.matrix_split = QSplitter(Qt.Orientation.Horizontal)
        self.matrix_split.setChildrenCollapsible(False)
        self.matrix_split.addWidget(matrix_left)
        self.matrix_split.addWidget(self.comment_panel)
        self.matrix_split.setStretchFactor(0, 3)
        self.matrix_split.setStretchFactor(1, 1)
        self.matrix_split.setSizes([1000, 280])

        self.strip_plot = StripPlot()
        self.strip_plot.setObjectName("stripPlot")

        self.decision_page = self._build_decision_page()

        # --- the round: ranking chart, calibration, agreement
        self.ranking_chart = RankingChart()
        self.ranking_chart.setObjectName("rankingChart")
        self.calibration_model = make_calibration_model(self)
        self.calibration_proxy = RankingProxy(self)
        self.calibration_proxy.setSourceModel(self.calibration_model)
        self.calibration_view = QTableView()
        self.calibration_view.setObjectName("calibrationTable")
        setup_row_table(self.calibration_view, alternating=False)
        self.calibration_view.setModel(self.calibration_proxy)
        self.calibration_view.setSortingEnabled(True)
        self.calibration_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.calibration_chart = CalibrationChart()
        self.calibration_chart.setObjectName("calibrationChart")
        self.calibration_split = QSplitter(Qt.Orientation.Horizontal)
        self.calibration_split.setChildrenCollapsible(False)
        self.calibration_split.addWidget(self.calibration_view)
        self.calibration_split.addWidget(self.calibration_chart)
        self.calibration_split.setStretchFactor(0, 0)
        self.calibration_split.setStretchFactor(1, 1)

        self.agreement_model = make_agreement_model(self)
        self.agreement_view = QTableView()
        self.agreement_view.setObjectName("agreementTable")
        setup_row_table(self.agreement_view, alternating=False)
        self.agreement_view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.agreement_view.setModel(self.agreement_model)
        agreement_header = self.agreement_view.horizontalHeader()
        agreement_header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        agreement_header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        agreement_header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        agreement_header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.agreement_note = QLabel()
        self.agreement_note.setObjectName("agreementNote")
        self.agreement_note.setWordWrap(True)
        self.agreement_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.agreement_basis = QLabel()
        self.agreement_basis.setWordWrap(True)
        self.agreement_basis.setStyleSheet("color: #555;")
        agreement_page = QWidget()
        agreement_layout = QVBoxLayout(agreement_page)
        _fit_to_contents(self.agreement_view)
        agreement_layout.addWidget(self.agreement_view)
        agreement_layout.addWidget(self.agreement_note)
        agreement_layout.addWidget(self.agreement_basis)
        agreement_layout.addStretch(1)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("reconcileTabs")
        self.tabs.addTab(self.matrix_split, "")
        self.tabs.addTab(self.strip_plot, "")
        self.tabs.addTab(self.decision_page, "")
        self.tabs.addTab(self.ranking_chart, "")
        self.tabs.addTab(self.calibration_split, "")
        self.tabs.addTab(agreement_page, "")

        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 4, 0, 0)
        lower_layout.addWidget(self.dossier_heading)
        lower_layout.addWidget(self.tabs, 1)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("reconcileSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.ranking_view)
        self.splitter.addWidget(lower)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self._splitter_moved = False
        self.splitter.splitterMoved.connect(self._user_moved_splitter)

        round_page = QWidget()
        page = QVBoxLayout(round_page)
        page.setContentsMargins(0, 0, 0, 0)
        page.addLayout(header)
        page.addWidget(self.lock_banner)
        page.addWidget(self.rule_banner)
        page.addWidget(self.splitter, 1)

        self.placeholder = QLabel()
        self.placeholder.setObjectName("reconcilePlaceholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setMargin(40)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(round_page)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)
        self.retranslate()
        self._update_actions()

    def _build_decision_page(self) -> QWidget:
        page = QWidget()
        self.decision_banner = _banner("#f5f5f5", "#cfcfcf")
        self.decision_banner.setObjectName("decisionBanner")
        banner_row = QHBoxLayout(self.decision_banner)
        banner_row.setContentsMargins(8, 6, 8, 6)
        self.decision_state_pic = QLabel()
        self.decision_state = QLabel()
        self.decision_state.setObjectName("decisionState")
        self.decision_state.setWordWrap(True)
        self.decision_state.setTextFormat(Qt.TextFormat.RichText)
        banner_row.addWidget(self.decision_state_pic, 0, Qt.AlignmentFlag.AlignTop)
        banner_row.addWidget(self.decision_state, 1)

        self.computed_box = QGroupBox()
        computed = QFormLayout(self.computed_box)
        self.computed_labels: dict[str, tuple[QLabel, QLabel]] = {}
        for key in ("rank", "tier", "score", "rules"):
            name, value = QLabel(), QLabel()
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            self.computed_labels[key] = (name, value)
            computed.addRow(name, value)
        self.decided_box = QGroupBox()
        decided = QFormLayout(self.decided_box)
        self.decided_labels: dict[str, tuple[QLabel, QLabel]] = {}
        for key in ("rank", "tier", "score", "reason", "resolution", "by"):
            name, value = QLabel(), QLabel()
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            self.decided_labels[key] = (name, value)
            decided.addRow(name, value)
        boxes = QHBoxLayout()
        boxes.addWidget(self.computed_box, 1)
        boxes.addWidget(self.decided_box, 1)

        self.issues_label = QLabel()
        self.issues_label.setObjectName("decisionIssues")
        self.issues_label.setWordWrap(True)
        self.issues_label.setTextFormat(Qt.TextFormat.RichText)

        buttons = QHBoxLayout()
        for action in (self.confirm_action, self.override_action, self.clear_action):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            buttons.addWidget(button)
        buttons.addStretch(1)

        layout = QVBoxLayout(page)
        layout.addWidget(self.decision_banner)
        layout.addLayout(boxes)
        layout.addWidget(self.issues_label)
        layout.addLayout(buttons)
        layout.addStretch(1)
        return page

    # --- Desk ---------------------------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("Reconciliation")

    def retranslate(self) -> None:
        self.confirm_action.setText(self.tr("Confirm…"))
        self.confirm_action.setToolTip(self.tr("Confirm the computed rank and tier of the selected dossier"))
        self.override_action.setText(self.tr("Override…"))
        self.override_action.setToolTip(self.tr("Record another rank or tier, with the reason"))
        self.clear_action.setText(self.tr("Clear decision"))
        self.confirm_all_action.setText(self.tr("Confirm all clean dossiers"))
        self.confirm_all_action.setToolTip(self.tr(
            "Confirm the computed result of every dossier without flags, shared ranks or a decision"))
        self.finalise_action.setText(self.tr("Finalise…"))
        self.finalise_action.setToolTip(self.tr("Lock the round: every decision becomes read-only"))
        self.reopen_action.setText(self.tr("Reopen…"))
        self.reopen_action.setToolTip(self.tr("Unlock the finalised round (a reason is required)"))
        for index, text in enumerate((self.tr("Score matrix"), self.tr("Strip plot"), self.tr("Decision"),
                                      self.tr("Ranking chart"), self.tr("Expert calibration"),
                                      self.tr("Agreement"))):
            self.tabs.setTabText(index, text)
        self.tabs.setTabToolTip(0, self.tr("The selected dossier: experts × criteria"))
        self.tabs.setTabToolTip(3, self.tr("The whole round"))
        self.flags_title.setText(self.tr("Flags of this dossier"))
        self.placeholder.setText(self.tr("Select a round to reconcile its reviews."))
        self.computed_box.setTitle(self.tr("Computed result"))
        self.decided_box.setTitle(self.tr("Committee decision"))
        for key, text in (("rank", self.tr("Rank:")), ("tier", self.tr("Award tier:")),
                          ("score", self.tr("Aggregate:")), ("rules", self.tr("Under every rule:"))):
            self.computed_labels[key][0].setText(text)
        for key, text in (("rank", self.tr("Rank:")), ("tier", self.tr("Award tier:")),
                          ("score", self.tr("Final score:")), ("reason", self.tr("Reason:")),
                          ("resolution", self.tr("Flag resolution:")), ("by", self.tr("Recorded by:"))):
            self.decided_labels[key][0].setText(text)
        for model in (self.ranking_model, self.matrix_model, self.flags_model, self.calibration_model,
                      self.agreement_model):
            model.retranslate()
        if self.state is not None:
            self._fit_matrix()
        self._show_state()

    def on_data_changed(self, topic: str) -> None:
        if topic in (Topic.DECISIONS, Topic.REVIEWS, Topic.ROUNDS, Topic.DOSSIERS, Topic.EXPERTS,
                     Topic.CONFLICTS, Topic.ASSIGNMENTS, Topic.ALL):
            self.reload()

    def reload(self) -> None:
        """Read the selected round again (reconciliation, decisions, the selected dossier's matrix)."""
        state: RoundState | None = None
        if self.ctx.round_id != NO_ROUND and self.ctx.workspace is not None:
            try:
                with self.ctx.session() as s:
                    state = read_round(s, self.ctx.round_id)
            except Exception as exc:  # the boundary: show it, keep the window usable
                messages.show_status_error(exc, context="reconciliation")
        self.state = state
        keep = self.selected
        if state is not None and state.form.content_hash != self._form_hash:
            self._form_hash = state.form.content_hash
            old = self.matrix_model
            self.matrix_model = make_matrix_model(state.form, state.spread_limit, self)
            self.matrix_view.setModel(self.matrix_model)
            old.deleteLater()
            self._fit_matrix()
        if state is not None:
            self.facts.rule = state.rule
            self.facts.form = state.form
        sensitive = set(state.result.rule_changes) if state is not None else set()
        results = {d.number: d for d in state.result.dossiers} if state is not None else {}
        rows = [RankingRow(results[d.number], d, d.number in sensitive) for d in state.rows] if state else []
        self.ranking_model.set_rows(rows)
        self.ranking_view.horizontalHeader().setSortIndicatorShown(True)
        self._fit_ranking()
        self.calibration_model.set_rows(calibration_rows(state.result.calibration) if state else [])
        self.calibration_view.resizeColumnsToContents()
        self._fit_calibration()
        self.agreement_model.set_rows(agreement_lines(state.result.agreement) if state else [])
        self.agreement_view.resizeRowsToContents()
        self._draw_round_charts()
        self.stack.setCurrentIndex(1 if state is not None else 0)
        self._show_state()
        self._size_splitter()
        numbers = [r.number for r in rows]
        target = keep if keep in numbers else self._first_in_view()
        self.selected = None
        if target is not None:
            self.select_dossier(target)
        else:
            self._show_dossier(None)
        self._update_actions()

    # --- selection --------------------------------------------------------------------------------------

    def _first_in_view(self) -> str | None:
        if self.ranking_proxy.rowCount() == 0:
            return None
        row = self.ranking_proxy.index(0, 0).data(ROW_ROLE)
        return row.number if isinstance(row, RankingRow) else None

    def select_dossier(self, number: str) -> bool:
        """Select ``number`` in the ranking and show it below; False if the round has no such dossier."""
        for proxy_row in range(self.ranking_proxy.rowCount()):
            index = self.ranking_proxy.index(proxy_row, 0)
            row = index.data(ROW_ROLE)
            if isinstance(row, RankingRow) and row.number == number:
                if self.ranking_view.currentIndex().row() != proxy_row or self.selected != number:
                    self.ranking_view.setCurrentIndex(index)
                if self.selected != number:
                    self._show_dossier(number)
                return True
        return False

    def _ranking_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = current.data(ROW_ROLE) if current.isValid() else None
        number = row.number if isinstance(row, RankingRow) else None
        if number != self.selected:
            self._show_dossier(number)

    def selected_row(self) -> DecisionRow | None:
        if self.state is None or self.selected is None:
            return None
        return self.state.row(self.selected)

    def _show_dossier(self, number: str | None) -> None:
        self.selected = number
        matrix: Matrix | None = None
        if number is not None and self.state is not None:
            try:
                with self.ctx.session() as s:
                    matrix = committee.score_matrix(s, self.state.round_id, number, result=self.state.result)
            except Exception as exc:  # the boundary
                messages.show_status_error(exc, context="score matrix")
        self.matrix = matrix
        state = self.state
        if matrix is not None and state is not None:
            self.matrix_model.set_rows(matrix_lines(matrix, state.form, state.spread_limit))
            self.flags_model.set_rows(list(matrix.flags))
            self.strip_plot.set_data(StripData(
                totals=dict(matrix.totals), limit=state.spread_limit, scale=state.form.scale,
                outliers=outlier_experts(matrix.totals, state.spread_limit), aggregate=matrix.aggregate))
        else:
            self.matrix_model.set_rows([])
            self.flags_model.set_rows([])
            self.strip_plot.set_data(None)
        self.matrix_view.resizeRowsToContents()
        self.flags_view.setVisible(bool(self.flags_model.rowCount()))
        self.flags_title.setVisible(bool(self.flags_model.rowCount()))
        self._fit_flags()
        self._show_heading()
        self._show_comment(None)
        self._show_decision()
        self._update_actions()

    def _show_heading(self) -> None:
        m = self.matrix
        if m is None or self.state is None:
            self.dossier_heading.setText(self.tr("No dossier selected.") if self.state is not None else "")
            return
        rank = rank_text(m.rank, m.tie)
        facts = self.tr("rank {rank} · {rule} {score} · {tier}").format(
            rank=rank, rule=rule_title(self.state.rule), score=_points(m.aggregate) or "—",
            tier=self.facts.tier_title(m.tier))
        icons = "".join(
            f" <span style='color:{FLAG_COLOURS.get(k, '#757575')}'>⚑ {html.escape(flag_label(k))}</span>"
            for k in dict.fromkeys(f.kind for f in m.flags))
        self.dossier_heading.setText(
            f"<b>{html.escape(m.number)}</b>　{html.escape(m.title)}　"
            f"<span style='color:#555'>{html.escape(m.applicant)}</span>　—　{html.escape(facts)}{icons}")

    # --- the comment panel ------------------------------------------------------------------------------

    def _matrix_clicked(self, index: QModelIndex) -> None:
        self._show_comment(index)

    def _show_comment(self, index: QModelIndex | None) -> None:
        """The comment behind a matrix cell, and that expert's overall comment and recommendation."""
        m, state = self.matrix, self.state
        if m is None or state is None:
            self.comment_panel.setHtml("")
            return
        line = self.matrix_model.row_at(index) if index is not None and index.isValid() else None
        if line is None or line.kind != EXPERT:
            hint = html.escape(self.tr("Click a score to read the expert's comment on it."))
            count = sum(1 for r in m.reviews for c in r.cells.values() if c.comment.strip())
            summary = html.escape(
                self.tr("{n} scores carry a comment (marked with a speech bubble).").format(n=count))
            self.comment_panel.setHtml(f"<p style='color:#555'>{hint}</p><p>{summary}</p>")
            return
        assert index is not None
        key = self.matrix_model.columns[index.column()].key
        parts = [f"<h3 style='margin:0'>{html.escape(line.expert)}</h3>"]
        if line.organisation:
            parts.append(f"<p style='color:#555;margin-top:2px'>{html.escape(line.organisation)}</p>")
        criterion = next((c for c in state.form.criteria if c.key == key), None)
        if criterion is not None:
            value = line.values.get(key)
            title = pick(criterion.title.zh, criterion.title.en)
            score = self.tr("Score {value} of {max}").format(
                value=_points(value, _decimals(criterion.step)) or "—", max=criterion.max)
            comment = line.comments.get(key, "").strip()
            parts.append(f"<p><b>{html.escape(title)}</b><br>{html.escape(score)}</p>")
            no_comment = html.escape(self.tr("No comment on this score."))
            parts.append(f"<p>{html.escape(comment)}</p>" if comment else f"<p style='color:#777'>{no_comment}</p>")
        if line.veto_yes:
            veto_title = html.escape(self.tr("Veto answered yes:"))
            parts.append(f"<p style='color:#b71c1c'><b>{veto_title}</b><br>"
                         + "<br>".join(html.escape(q) for q in line.veto_yes) + "</p>")
        overall = html.escape(self.tr("Overall comment"))
        parts.append(f"<hr><p><b>{overall}</b></p>")
        parts.append(f"<p>{html.escape(line.comment.strip() or '—')}</p>")
        if line.recommendation:
            recommendation = html.escape(self.tr("Recommendation:"))
            parts.append(f"<p><b>{recommendation}</b> {html.escape(line.recommendation)}</p>")
        self.comment_panel.setHtml("".join(parts))

    # --- the decision page ------------------------------------------------------------------------------

    def _show_decision(self) -> None:
        row = self.selected_row()
        state = self.state
        for _name, value in list(self.computed_labels.values()) + list(self.decided_labels.values()):
            value.clear()
        if row is None or state is None:
            self.decision_state.setText("")
            self.decision_state_pic.clear()
            self.issues_label.clear()
            return
        result = state.result.dossier(row.number)
        self.computed_box.setTitle(self.tr("Computed result ({rule})").format(rule=rule_title(state.rule)))
        self.computed_labels["rank"][1].setText(
            rank_text(row.computed_rank, row.tie) + (self.tr(" (shared)") if row.tie else ""))
        self.computed_labels["tier"][1].setText(self.facts.tier_title(row.computed_tier))
        self.computed_labels["score"][1].setText(_points(row.computed_score) or "—")
        self.computed_labels["rules"][1].setText(_per_rule_tooltip(
            RankingRow(result, row, row.number in state.result.rule_changes), self.facts))
        if row.decided:
            self.decided_labels["rank"][1].setText(rank_text(row.rank, False))
            self.decided_labels["tier"][1].setText(self.facts.tier_title(row.tier))
            self.decided_labels["score"][1].setText(_points(row.final_score) or "—")
            self.decided_labels["reason"][1].setText(row.reason or "—")
            self.decided_labels["resolution"][1].setText(row.flag_resolution or "—")
            self.decided_labels["by"][1].setText(f"{row.decided_by}　{_local_time(row.decided_at)}")
        ranking_row = RankingRow(result, row, False)
        state_key = ranking_row.state
        texts = {
            "stale": self.tr("The decision is stale and must be made again:"),
            "overridden": self.tr("Overridden by the committee."),
            "confirmed": self.tr("Confirmed: the committee took the computed result."),
            "pending": self.tr("No decision yet."),
            "none": self.tr("No submitted reviews: no decision is needed."),
        }
        colours = {"stale": ("#fff3d6", "#f0b429"), "overridden": ("#e8f0fb", "#90b4e0"),
                   "confirmed": ("#e8f5e9", "#9ccc9f"), "pending": ("#f5f5f5", "#cfcfcf"),
                   "none": ("#f5f5f5", "#cfcfcf")}
        background, border = colours[state_key]
        self.decision_banner.setStyleSheet(
            f"QFrame {{ background: {background}; border: 1px solid {border}; border-radius: 3px; }}"
            "QLabel { border: none; background: transparent; }")
        text = f"<b>{html.escape(texts[state_key])}</b>"
        if row.stale:
            text += "".join(f"<br>· {html.escape(bilingual(r))}" for r in row.stale_reasons)
        if state.locked:
            text += "<br>" + html.escape(self.tr("The round is finalised: decisions are read-only."))
        self.decision_state.setText(text)
        self.decision_state_pic.setPixmap(state_icon(state_key).pixmap(16, 16) if state_key != "none" else QPixmap())
        issues = [bilingual(i) for i in row.issues]
        if issues and row.reviews > 0:
            title = html.escape(self.tr("Needs the committee's attention:"))
            self.issues_label.setText(f"<b>{title}</b><br>" + "<br>".join(f"⚑ {html.escape(i)}" for i in issues))
        else:
            self.issues_label.clear()

    # --- the round: banners, charts -------------------------------------------------------------------

    def _show_state(self) -> None:
        state = self.state
        if state is None:
            self.heading.clear()
            self.summary.clear()
            self.lock_banner.hide()
            self.rule_banner.hide()
            return
        self.heading.setText(state.name)
        self.heading.setToolTip(state.name)
        rows = state.rows
        decided = sum(1 for r in rows if r.decided and not r.stale)
        pending = sum(1 for r in rows if r.reviews > 0 and not r.decided)
        stale = sum(1 for r in rows if r.stale)
        parts = [self.tr("Rule: <b>{rule}</b>").format(rule=html.escape(rule_title(state.rule))),
                 self.tr("spread limit {limit}").format(limit=_points(state.spread_limit) or "—"),
                 self.tr("decided {decided} of {total}").format(decided=decided, total=len(rows))]
        if pending:
            parts.append(self.tr("<span style='color:#555'>to decide {n}</span>").format(n=pending))
        if stale:
            parts.append(self.tr("<span style='color:#e65100'><b>stale {n}</b></span>").format(n=stale))
        self.summary.setText("　·　".join(parts))
        self.lock_banner.setVisible(state.locked)
        if state.locked:
            self.lock_text.setText(self.tr(
                "This round was finalised on {when}. Every decision is read-only; reopen the round "
                "(with a reason) to change anything.").format(when=_local_time(state.finalised_at) or "—"))
        changes = state.result.rule_changes
        self.rule_banner.setVisible(bool(changes))
        if changes:
            self.rule_text.setText(self.tr(
                "The rank or the award tier of {n} dossier(s) depends on the aggregation rule: {numbers}").format(
                n=len(changes), numbers=list_separator().join(changes)))

    def _draw_round_charts(self) -> None:
        state = self.state
        if state is None:
            self.ranking_chart.set_data([], [], Decimal(100), "")
            self.calibration_chart.set_data([])
            return
        form = state.form
        bars = [
            RankingBar(number=d.number, value=d.aggregates[state.rule] or Decimal(0), rank=d.rank, tie=d.tie,
                       tier_index=self.facts.tier_index(d.tier), vetoed=d.vetoed)
            for d in sorted(state.result.dossiers,
                            key=lambda d: (d.rank or _UNRANKED, committee.number_key(d.number)))
            if d.aggregates.get(state.rule) is not None
        ]
        tiers = [TierLine(pick(t.title.zh, t.title.en), t.quota, t.min_score) for t in form.tiers]
        self.ranking_chart.set_data(bars, tiers, form.scale, rule_title(state.rule))
        self.calibration_chart.set_data([LeniencyBar(c.expert, c.leniency) for c in state.result.calibration])
        agreement = state.result.agreement
        self.agreement_note.setText(bilingual(agreement.note) if agreement.note else "")
        self.agreement_note.setVisible(bool(agreement.note))
        self.agreement_note.setStyleSheet("QLabel { background: #fff8e1; border: 1px solid #ffe08a; padding: 6px; }")
        if agreement.block_experts and not agreement.note:  # the note already names an incomplete block
            self.agreement_basis.setText(self.tr(
                "Two-way forms and W from {d} dossiers × {e} experts ({names}).").format(
                d=len(agreement.block_dossiers), e=len(agreement.block_experts),
                names=list_separator().join(agreement.block_experts)))
        else:
            self.agreement_basis.clear()

    # --- actions ------------------------------------------------------------------------------------------

    def _update_actions(self) -> None:
        state = self.state
        open_round = state is not None and not state.locked
        row = self.selected_row()
        self.confirm_action.setEnabled(open_round and row is not None and row.reviews > 0)
        self.override_action.setEnabled(open_round and row is not None)
        self.clear_action.setEnabled(open_round and row is not None and row.decided)
        self.confirm_all_action.setEnabled(open_round)
        self.finalise_action.setEnabled(open_round)
        self.reopen_action.setEnabled(state is not None and state.locked)
        locked = state is not None and state.locked
        self.round_buttons["reopen"].setVisible(locked)
        self.round_buttons["finalise"].setVisible(not locked)
        self.round_buttons["confirm_all"].setVisible(not locked)

    def _actor(self) -> str:
        return Operator().actor()

    def _write(self, label: str, work: Callable[[Session], T], done: Callable[[T], None]) -> Operation[T]:
        """Run ``work`` in one session on the serial worker, then ``done`` on the GUI thread."""
        ws = self.ctx.require_workspace()

        def run(_progress: Any, _cancelled: Any) -> T:
            with ws.session() as s:
                return work(s)

        op: Operation[T] = Operation(run, parent=self).with_progress(self, label, cancellable=False).success(done)
        self.last_operation = op
        return op.run_in_background()

    def _tier_choices(self) -> list[TierChoice]:
        assert self.state is not None
        choices = [TierChoice(t.key, pick(t.title.zh, t.title.en)) for t in self.state.form.tiers]
        choices.append(TierChoice(None, self.facts.tier_title(None)))
        return choices

    def decide(self, *, override: bool) -> Operation[DecisionRow] | None:
        """Ask for the decision on the selected dossier (confirm, or override with a reason) and record it."""
        row, state = self.selected_row(), self.state
        if row is None or state is None or state.locked:
            return None
        request = DecisionDialog.ask(self, row, self._tier_choices(), len(state.rows), rule_title(state.rule),
                                     override=override)
        if request is None:
            return None
        return self.record(row.number, request)

    def record(self, number: str, request: DecisionRequest) -> Operation[DecisionRow]:
        """Record ``request`` on dossier ``number`` (in the background)."""
        assert self.state is not None
        round_id, actor = self.state.round_id, self._actor()

        def work(s: Session) -> DecisionRow:
            if request.override:
                return committee.override(s, round_id, number, rank=request.rank, tier=request.tier,
                                          final_score=request.final_score, reason=request.reason, actor=actor,
                                          flag_resolution=request.flag_resolution)
            return committee.confirm(s, round_id, number, actor=actor, flag_resolution=request.flag_resolution)

        def done(row: DecisionRow) -> None:
            text = self.tr("Decision on {number} recorded.") if not request.override else self.tr(
                "Override on {number} recorded.")
            messages.status(text.format(number=row.number))
            self.ctx.notify(Topic.DECISIONS)

        return self._write(self.tr("Recording the decision…"), work, done)

    def clear_decision(self) -> Operation[bool] | None:
        row, state = self.selected_row(), self.state
        if row is None or state is None or not row.decided or state.locked:
            return None
        if not messages.ask(self, self.tr("Clear the decision on {number}? It is kept in the audit log.").format(
                number=row.number), self.tr("Clear decision")):
            return None
        round_id, number, actor = state.round_id, row.number, self._actor()
        return self._write(self.tr("Clearing the decision…"),
                           lambda s: committee.clear_decision(s, round_id, number, actor=actor),
                           lambda _cleared: self.ctx.notify(Topic.DECISIONS))

    def confirm_all(self) -> Operation[BulkConfirm] | None:
        """Confirm every clean dossier, then show what was confirmed and what was left, and why."""
        state = self.state
        if state is None or state.locked:
            return None
        round_id, actor = state.round_id, self._actor()

        def done(result: BulkConfirm) -> None:
            self.ctx.notify(Topic.DECISIONS)
            BulkResultDialog.show_result(self, result.confirmed, result.skipped)

        return self._write(self.tr("Confirming the clean dossiers…"),
                           lambda s: committee.confirm_all(s, round_id, actor), done)

    def finalise(self) -> Operation[str] | None:
        """Show what still stands in the way, or ask, then lock the round."""
        state = self.state
        if state is None or state.locked:
            return None
        try:
            with self.ctx.session() as s:
                problems = committee.finalise_problems(s, state.round_id)
        except Exception as exc:  # the boundary
            messages.show_error(self, exc, context="finalise")
            return None
        if not FinaliseDialog.ask(self, state.name, problems):
            return None
        round_id, actor = state.round_id, self._actor()

        def done(_status: str) -> None:
            messages.status(self.tr("The round is finalised."))
            self.ctx.notify(Topic.ROUNDS)

        return self._write(self.tr("Finalising the round…"),
                           lambda s: committee.finalise(s, round_id, actor=actor).status, done)

    def reopen(self) -> Operation[str] | None:
        """Ask for the reason, then unlock the finalised round."""
        state = self.state
        if state is None or not state.locked:
            return None
        reason = ReopenDialog.ask(self, state.name)
        if not reason:
            return None
        round_id, actor = state.round_id, self._actor()

        def done(_status: str) -> None:
            messages.status(self.tr("The round is open again."))
            self.ctx.notify(Topic.ROUNDS)

        return self._write(self.tr("Reopening the round…"),
                           lambda s: committee.reopen_round(s, round_id, reason=reason, actor=actor).status, done)

    # --- layout ---------------------------------------------------------------------------------------

    def _fit_ranking(self) -> None:
        """Numbers fit their contents; the project title takes what is left and is elided."""
        header = self.ranking_view.horizontalHeader()
        header.setStretchLastSection(False)
        model = self.ranking_model
        for column in model.columns:
            i = model.column_index(column.key)
            header.setSectionResizeMode(i, QHeaderView.ResizeMode.ResizeToContents)
        title = model.column_index("title")
        header.setSectionResizeMode(title, QHeaderView.ResizeMode.Stretch)

    def _fit_flags(self) -> None:
        """The flags list is exactly as tall as its (wrapped) lines."""
        view = self.flags_view
        rows = self.flags_model.rowCount()
        height = sum(max(view.sizeHintForRow(i), view.fontMetrics().height() + 6) for i in range(rows))
        view.setFixedHeight(height + 2 * view.spacing() * rows + 2 * view.frameWidth() + 2)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_flags()

    def _user_moved_splitter(self, _pos: int, _index: int) -> None:
        self._splitter_moved = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._size_splitter()

    def _size_splitter(self) -> None:
        """Until the user moves it, the splitter gives the ranking the height of all its rows
        (up to half of the desk), the selected dossier the rest."""
        if self._splitter_moved or not self.isVisible():
            return
        view = self.ranking_view
        rows = self.ranking_proxy.rowCount()
        wanted = (view.horizontalHeader().sizeHint().height() + 2 * view.frameWidth()
                  + rows * view.verticalHeader().defaultSectionSize() + 2)
        if view.horizontalScrollBar().isVisible():
            wanted += view.horizontalScrollBar().sizeHint().height()
        total = sum(self.splitter.sizes())
        if total <= 0:
            return
        top = max(120, min(wanted, total // 2))
        self.splitter.setSizes([top, total - top])

    def _fit_calibration(self) -> None:
        view = self.calibration_view
        width = view.verticalHeader().width() + 2 * view.frameWidth() + 4
        width += sum(view.columnWidth(i) for i in range(self.calibration_model.columnCount()))
        sizes = self.calibration_split.sizes()
        total = sum(sizes)
        if total > 0:
            self.calibration_split.setSizes([width, max(320, total - width)])
        view.setMinimumWidth(min(width, 200))

    def _fit_matrix(self) -> None:
        header = self.matrix_view.horizontalHeader()
        header.setStretchLastSection(True)
        model = self.matrix_model
        criteria = {c.key for c in self.state.form.criteria} if self.state is not None else set()
        width = self.fontMetrics().horizontalAdvance("0") * 11 + 12
        for column in model.columns:
            i = model.column_index(column.key)
            if column.key in criteria:
                header.setSectionResizeMode(i, QHeaderView.ResizeMode.Interactive)
                header.resizeSection(i, width)
            else:
                header.setSectionResizeMode(i, QHeaderView.ResizeMode.ResizeToContents)
        # Criteria titles are long: the header is as tall as the longest wrapped title.
        metrics = header.fontMetrics()
        lines = 1
        for column in model.columns:
            if column.key in criteria:
                rect = metrics.boundingRect(QRect(0, 0, width - 10, 10_000), int(Qt.TextFlag.TextWordWrap.value),
                                            column.title())
                lines = max(lines, round(rect.height() / metrics.lineSpacing()))
        header.setMinimumHeight(metrics.lineSpacing() * max(2, lines) + 10)


def register(window: MainWindow) -> None:
    """Plug the reconciliation desk into the main window, for the secretary's workspace."""
    window.register_desk(ReconcileDesk, roles=("secretary",))
