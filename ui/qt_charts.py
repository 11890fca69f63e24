"""Charts of the reconciliation desk, for what people would rather look at than read.

Three charts, each a :class:`QChartView` fed with plain values (no database, no
ORM objects; the desk hands them what it read):

* :class:`StripPlot` — one dossier: each expert's total as a point on its own line,
  against a band as wide as the round's spread limit, centred on the experts' mean,
  and the min–max range (red when it exceeds the limit). Whether the experts agree,
  and who is far from the rest, is visible before any number is read.
* :class:`RankingChart` — the round: the aggregate under the round's rule per
  dossier, in rank order, bars coloured by the award tier they reach, with each
  tier's cut-offs drawn (its minimum score as a vertical line, the end of its quota
  as a horizontal one).
* :class:`CalibrationChart` — the experts: each one's leniency (own total minus the
  other experts' mean on the same dossiers) as a bar left (harsher) or right (more
  lenient) of zero.

Every chart is rebuilt by its ``set_data``; the series are kept in attributes so
that tests (and tooltips) can reach them. Colours never stand alone: tiers are
named in the legend, outliers have their own marker shape, the limit is named.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCharts import (
    QAbstractAxis,
    QAbstractSeries,
    QAreaSeries,
    QBarCategoryAxis,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QHorizontalStackedBarSeries,
    QLineSeries,
    QScatterSeries,
    QValueAxis,
)
from PySide6.QtCore import QEvent, QMargins, QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen, QResizeEvent
from PySide6.QtWidgets import QGraphicsSimpleTextItem, QToolTip, QWidget

#: Award tiers in the form's order (highest first): darker is better.
TIER_COLOURS: tuple[str, ...] = ("#2e7d32", "#1565c0", "#6a1b9a", "#00838f", "#9e9d24", "#ad1457")
#: A dossier that reaches no tier.
NO_TIER_COLOUR = "#b0bec5"
#: A dossier some expert vetoed (一票否决): it takes no tier whatever its score.
VETO_COLOUR = "#e53935"
#: An expert's point, and one that is far from the others (the outlier).
POINT_COLOUR = "#1565c0"
OUTLIER_COLOUR = "#e53935"
#: The band of agreement (as wide as the spread limit) and the range when it is too wide.
BAND_COLOUR = "#66bb6a"
OVER_COLOUR = "#e53935"
WITHIN_COLOUR = "#607d8b"
HARSH_COLOUR = "#e65100"
LENIENT_COLOUR = "#2e7d32"


def tier_colour(index: int | None) -> QColor:
    """The colour of the tier at ``index`` in the form (None: no tier)."""
    if index is None:
        return QColor(NO_TIER_COLOUR)
    return QColor(TIER_COLOURS[index % len(TIER_COLOURS)])


def _f(value: Decimal | float | int) -> float:
    return float(value)


def _nice_step(span: float) -> float:
    """A round tick interval giving about five to ten ticks over ``span``."""
    if span <= 0:
        return 1.0
    raw = span / 6
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


class _ChartView(QChartView):
    """A chart view that draws each data set on a fresh chart, in the application's font.

    A fresh :class:`QChart` per drawing (rather than removing series and axes from the old
    one) leaves nothing of the previous data behind: removed axes are otherwise still
    painted until their deferred deletion runs. Value labels are drawn by the view
    (:meth:`_value_label`) so that numbers keep their fixed decimals ("77.00", not "77").
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumSize(240, 200)
        self._labels: list[tuple[QGraphicsSimpleTextItem, QPointF, QAbstractSeries, str]] = []
        self.clear()

    def _apply_fonts(self) -> None:
        """Titles and labels in the application's font (its CJK fallback included)."""
        chart = self.chart()
        base = QFont(self.font())
        title = QFont(base)
        title.setBold(True)
        title.setPointSizeF(base.pointSizeF() * 1.1)
        chart.setTitleFont(title)
        chart.legend().setFont(base)
        for axis in chart.axes():
            axis.setLabelsFont(base)
            axis.setTitleFont(base)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._apply_fonts()
        elif event.type() == QEvent.Type.LanguageChange:
            self.redraw()
        super().changeEvent(event)

    def redraw(self) -> None:
        """Draw the last data again (its words in the current language)."""

    def clear(self) -> QChart:
        """Replace the chart with an empty one and return it."""
        old = self.chart()
        chart = QChart()
        chart.setBackgroundRoundness(0)
        chart.setMargins(QMargins(6, 6, 6, 6))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self._labels = []
        self.setChart(chart)
        chart.plotAreaChanged.connect(self._place_labels)
        self._apply_fonts()
        if old is not None:
            old.deleteLater()
        return chart

    def _add_axis(self, axis: QAbstractAxis, alignment: Qt.AlignmentFlag) -> None:
        axis.setLabelsFont(QFont(self.font()))
        axis.setTitleFont(QFont(self.font()))
        self.chart().addAxis(axis, alignment)

    def _add(self, series: QAbstractSeries, *axes: QAbstractAxis) -> None:
        self.chart().addSeries(series)
        for axis in axes:
            series.attachAxis(axis)

    def _hide_legend(self, series: QAbstractSeries) -> None:
        for marker in self.chart().legend().markers(series):
            marker.setVisible(False)

    def series(self) -> list[QAbstractSeries]:
        return list(self.chart().series())

    def value_labels(self) -> list[str]:
        """The texts of the value labels drawn (for tests and for reading the chart back)."""
        return [item.text() for item, _point, _series, _anchor in self._labels]

    def _value_label(self, text: str, point: QPointF, series: QAbstractSeries, anchor: str,
                     colour: QColor | None = None, bold: bool = False) -> None:
        """A number drawn at ``point`` (in ``series``' coordinates): ``anchor`` "end" puts it just
        inside the end of a bar (outside when the bar is too short), "above" over a point."""
        item = QGraphicsSimpleTextItem(text, self.chart())
        font = QFont(self.font())
        font.setBold(bold)
        item.setFont(font)
        item.setBrush(QBrush(colour or QColor("#263238")))
        item.setZValue(20)
        self._labels.append((item, QPointF(point), series, anchor))

    def _place_labels(self) -> None:
        chart = self.chart()
        for item, point, series, anchor in self._labels:
            pos = chart.mapToPosition(point, series)
            rect = item.boundingRect()
            if anchor == "above":
                item.setPos(pos.x() - rect.width() / 2, pos.y() - rect.height() - 9)
                continue
            zero = chart.mapToPosition(QPointF(0, point.y()), series)
            length = abs(pos.x() - zero.x())
            inside = rect.width() + 10 <= length
            rightwards = point.x() >= 0
            if inside:
                x = pos.x() - rect.width() - 5 if rightwards else pos.x() + 5
                item.setBrush(QBrush(QColor("white")))
            else:
                x = pos.x() + 5 if rightwards else pos.x() - rect.width() - 5
                item.setBrush(QBrush(QColor("#263238")))
            item.setPos(x, pos.y() - rect.height() / 2)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_labels()


# --- one dossier: the experts' totals against the spread limit --------------------------------------


@dataclass(frozen=True)
class StripData:
    """What the strip plot shows for one dossier.

    Attributes:
        totals: expert → review total (the experts in the order to draw, top first).
        limit: the round's spread limit in points (None: the round sets none).
        scale: the highest possible total (the form's scale).
        outliers: experts whose total is more than the limit from the others' mean.
        aggregate: the dossier's aggregate under the round's rule (None without reviews).
    """

    totals: Mapping[str, Decimal]
    limit: Decimal | None
    scale: Decimal
    outliers: frozenset[str] = frozenset()
    aggregate: Decimal | None = None


class StripPlot(_ChartView):
    """The experts' totals of one dossier, one line per expert, against the spread limit.

    After :meth:`set_data`: :attr:`point_series` holds one scatter series per expert
    (one point each), :attr:`band` the band of agreement (None without a limit),
    :attr:`range_line` the min–max range, :attr:`aggregate_line` the aggregate.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.point_series: list[QScatterSeries] = []
        self.band: QAreaSeries | None = None
        self.range_line: QLineSeries | None = None
        self.aggregate_line: QLineSeries | None = None
        self._data: StripData | None = None

    def redraw(self) -> None:
        self.set_data(self._data)

    def set_data(self, data: StripData | None) -> None:
        self._data = data
        chart = self.clear()
        self.point_series = []
        self.band = self.range_line = self.aggregate_line = None
        chart.setTitle(self.tr("Experts' totals against the spread limit"))
        if data is None or not data.totals:
            return
        experts = list(data.totals)
        values = [_f(v) for v in data.totals.values()]
        n = len(experts)
        lo_v, hi_v = min(values), max(values)
        mid = sum(values) / n
        limit = _f(data.limit) if data.limit is not None else None
        half = limit / 2 if limit is not None else 0.0
        # Show the points, the band and some air; never beyond the form's scale.
        low = min(lo_v, mid - half) - max(2.0, (hi_v - lo_v) * 0.15)
        high = max(hi_v, mid + half) + max(2.0, (hi_v - lo_v) * 0.15)
        low, high = max(0.0, low), min(_f(data.scale), high)
        step = _nice_step(high - low)
        low, high = math.floor(low / step) * step, math.ceil(high / step) * step

        x_axis = QValueAxis()
        x_axis.setRange(low, high)
        x_axis.setTickType(QValueAxis.TickType.TicksDynamic)
        x_axis.setTickAnchor(0)
        x_axis.setTickInterval(step)
        x_axis.setLabelFormat("%.0f" if step >= 1 else "%.1f")
        x_axis.setTitleText(self.tr("Total (points)"))
        y_axis = QCategoryAxis()
        y_axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        y_axis.setRange(0.4, n + 0.6)
        y_axis.setGridLineVisible(False)
        # The first expert on the top line; a category axis takes its labels bottom up.
        rows = {expert: n - i for i, expert in enumerate(experts)}
        for expert in reversed(experts):
            label = self.tr("{expert} (outlier)").format(expert=expert) if expert in data.outliers else expert
            y_axis.append(label, rows[expert])
        self._add_axis(x_axis, Qt.AlignmentFlag.AlignBottom)
        self._add_axis(y_axis, Qt.AlignmentFlag.AlignLeft)

        if limit is not None:
            upper, lower = QLineSeries(), QLineSeries()
            upper.append(mid - half, n + 0.6)
            upper.append(mid + half, n + 0.6)
            lower.append(mid - half, 0.4)
            lower.append(mid + half, 0.4)
            band = QAreaSeries(upper, lower)
            # QAreaSeries does not own its boundaries: without a parent, Python would free them.
            upper.setParent(band)
            lower.setParent(band)
            name = self.tr("Spread limit {limit} (mean ± {half})")
            band.setName(name.format(limit=f"{limit:.2f}", half=f"{half:.2f}"))
            colour = QColor(BAND_COLOUR)
            colour.setAlpha(60)
            band.setBrush(QBrush(colour))
            edge = QColor(BAND_COLOUR)
            band.setPen(QPen(edge, 1, Qt.PenStyle.DashLine))
            self._add(band, x_axis, y_axis)
            self.band = band

        spread = hi_v - lo_v
        over = limit is not None and spread > limit
        range_line = QLineSeries()
        name = self.tr("Range {spread}, over the limit") if over else self.tr("Range {spread}")
        range_line.setName(name.format(spread=f"{spread:.2f}"))
        range_line.setPen(QPen(QColor(OVER_COLOUR if over else WITHIN_COLOUR), 3 if over else 2))
        range_line.append(lo_v, 0.55)
        range_line.append(hi_v, 0.55)
        self._add(range_line, x_axis, y_axis)
        self.range_line = range_line

        if data.aggregate is not None:
            agg = _f(data.aggregate)
            line = QLineSeries()
            line.setName(self.tr("Aggregate {value}").format(value=f"{agg:.2f}"))
            line.setPen(QPen(QColor("#37474f"), 1.5, Qt.PenStyle.DashLine))
            line.append(agg, 0.4)
            line.append(agg, n + 0.6)
            self._add(line, x_axis, y_axis)
            self.aggregate_line = line

        for expert in experts:
            value = _f(data.totals[expert])
            series = QScatterSeries()
            series.setName(expert)
            outlier = expert in data.outliers
            colour = QColor(OUTLIER_COLOUR if outlier else POINT_COLOUR)
            series.setColor(colour)
            series.setBorderColor(QColor("white"))
            series.setMarkerShape(QScatterSeries.MarkerShape.MarkerShapeTriangle if outlier
                                  else QScatterSeries.MarkerShape.MarkerShapeCircle)
            series.setMarkerSize(18 if outlier else 14)
            series.append(value, rows[expert])
            self._add(series, x_axis, y_axis)
            self._value_label(f"{data.totals[expert]:.2f}", QPointF(value, rows[expert]), series, "above",
                              colour.darker(130), bold=outlier)
            self._hide_legend(series)
            series.hovered.connect(lambda point, state, e=expert, o=outlier: self._hovered(e, o, point, state))
            self.point_series.append(series)

    def _hovered(self, expert: str, outlier: bool, point: QPointF, state: bool) -> None:
        if not state:
            QToolTip.hideText()
            return
        text = f"{expert}: {point.x():.2f}"
        if outlier:
            text += "\n" + self.tr("Far from the other experts' mean (outlier)")
        QToolTip.showText(self.cursor().pos(), text, self)


# --- the round: aggregates in rank order, with the tiers' cut-offs ---------------------------------


@dataclass(frozen=True)
class RankingBar:
    """One dossier in the ranking chart (only dossiers with an aggregate are drawn)."""

    number: str
    value: Decimal
    rank: int | None
    tie: bool
    tier_index: int | None
    vetoed: bool = False


@dataclass(frozen=True)
class TierLine:
    """One award tier as the chart draws it: its name, quota and minimum score."""

    title: str
    quota: int | None
    min_score: Decimal | None


class RankingChart(_ChartView):
    """Aggregates under the round's rule, best first, coloured by tier, with cut-offs.

    After :meth:`set_data`: :attr:`bar_series` is the stacked bar series (one bar set
    per tier drawn, plus "no tier" and "vetoed" when present; each dossier has its value
    in exactly one set); :attr:`cutoff_lines` holds the min-score and quota lines.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bar_series: QHorizontalStackedBarSeries | None = None
        self.cutoff_lines: list[QLineSeries] = []
        self.categories: list[str] = []
        self._bars: list[RankingBar] = []
        self._args: tuple[Sequence[RankingBar], Sequence[TierLine], Decimal, str] | None = None

    def redraw(self) -> None:
        if self._args is not None:
            self.set_data(*self._args)

    def set_data(self, bars: Sequence[RankingBar], tiers: Sequence[TierLine], scale: Decimal, rule: str) -> None:
        """Draw ``bars`` (best first) under the rule named ``rule``, with ``tiers`` in the form's order."""
        self._args = (list(bars), list(tiers), scale, rule)
        chart = self.clear()
        self.bar_series = None
        self.cutoff_lines = []
        self.categories = []
        self._bars = []
        chart.setTitle(self.tr("Aggregate per dossier under the round's rule ({rule})").format(rule=rule))
        if not bars:
            return
        # The category axis runs bottom to top: the best dossier goes last, so it is drawn on top.
        ordered = list(reversed(bars))
        self._bars = ordered
        n = len(ordered)
        self.categories = [self._label(b) for b in ordered]

        series = QHorizontalStackedBarSeries()
        series.setBarWidth(0.72)
        groups: list[tuple[str, QColor, list[bool]]] = []
        for index, tier in enumerate(tiers):
            groups.append((tier.title, tier_colour(index), [not b.vetoed and b.tier_index == index for b in ordered]))
        groups.append((self.tr("No tier"), tier_colour(None),
                       [not b.vetoed and b.tier_index is None for b in ordered]))
        groups.append((self.tr("Vetoed"), QColor(VETO_COLOUR), [b.vetoed for b in ordered]))
        for title, colour, members in groups:
            if not any(members):
                continue
            bar_set = QBarSet(title)
            bar_set.setColor(colour)
            bar_set.setBorderColor(colour.darker(115))
            bar_set.append([_f(b.value) if member else 0.0 for b, member in zip(ordered, members)])
            series.append(bar_set)

        y_axis = QBarCategoryAxis()
        y_axis.append(self.categories)
        y_axis.setGridLineVisible(False)
        x_axis = QValueAxis()
        x_axis.setRange(0, _f(scale))
        x_axis.setTickType(QValueAxis.TickType.TicksDynamic)
        x_axis.setTickAnchor(0)
        x_axis.setTickInterval(_nice_step(_f(scale)))
        x_axis.setLabelFormat("%.0f")
        x_axis.setTitleText(self.tr("Aggregate (points)"))
        # Cut-off lines need numeric y: a hidden axis matching the categories' positions.
        y_lines = QValueAxis()
        y_lines.setRange(-0.5, n - 0.5)
        y_lines.setVisible(False)
        self._add_axis(y_axis, Qt.AlignmentFlag.AlignLeft)
        self._add_axis(x_axis, Qt.AlignmentFlag.AlignBottom)
        self._add_axis(y_lines, Qt.AlignmentFlag.AlignRight)
        self._add(series, y_axis, x_axis)
        self.bar_series = series
        series.hovered.connect(self._hovered)
        for i, bar in enumerate(ordered):
            self._value_label(f"{bar.value:.2f}", QPointF(_f(bar.value), i), series, "end")

        for index, tier in enumerate(tiers):
            colour = tier_colour(index)
            if tier.min_score is not None and 0 <= tier.min_score <= scale:
                line = QLineSeries()
                name = self.tr("{tier}: minimum {score}")
                line.setName(name.format(tier=tier.title, score=f"{tier.min_score:.2f}"))
                line.setPen(QPen(colour, 2, Qt.PenStyle.DashLine))
                line.append(_f(tier.min_score), -0.5)
                line.append(_f(tier.min_score), n - 0.5)
                self._add(line, x_axis, y_lines)
                self.cutoff_lines.append(line)
            places = self._quota_boundary(ordered, tiers, index)
            if places is not None:
                line = QLineSeries()
                line.setName(self.tr("{tier}: quota of {quota} reached").format(tier=tier.title, quota=tier.quota))
                line.setPen(QPen(colour, 2, Qt.PenStyle.DotLine))
                y = n - places - 0.5
                line.append(0, y)
                line.append(_f(scale), y)
                self._add(line, x_axis, y_lines)
                self.cutoff_lines.append(line)

    @staticmethod
    def _quota_boundary(ordered: Sequence[RankingBar], tiers: Sequence[TierLine], index: int) -> int | None:
        """How many bars (from the top) lie above the line that closes tier ``index``'s quota:
        drawn only when the quota is full, i.e. it is what stops further dossiers."""
        quota = tiers[index].quota
        if quota is None:
            return None
        taken = sum(1 for b in ordered if b.tier_index == index and not b.vetoed)
        if taken < quota:
            return None
        top_down = list(reversed(ordered))
        last = max(i for i, b in enumerate(top_down) if b.tier_index == index and not b.vetoed)
        return last + 1 if last + 1 < len(top_down) else None

    def _label(self, bar: RankingBar) -> str:
        rank = "—" if bar.rank is None else f"{bar.rank}{'=' if bar.tie else ''}"
        return f"{rank}  {bar.number}"

    def _hovered(self, state: bool, index: int, bar_set: QBarSet) -> None:
        if not state or not 0 <= index < len(self._bars):
            QToolTip.hideText()
            return
        bar = self._bars[index]
        rank = "—" if bar.rank is None else f"{bar.rank}{'=' if bar.tie else ''}"
        text = self.tr("{number}: {value} points, rank {rank}").format(
            number=bar.number, value=f"{bar.value:.2f}", rank=rank)
        QToolTip.showText(self.cursor().pos(), f"{text}\n{bar_set.label()}", self)


# --- the experts: leniency -------------------------------------------------------------------------


@dataclass(frozen=True)
class LeniencyBar:
    """One expert's leniency in points (None: shares no dossier with another expert)."""

    expert: str
    leniency: Decimal | None


class CalibrationChart(_ChartView):
    """Each expert's leniency as a bar left (harsher) or right (more lenient) of zero.

    After :meth:`set_data`: :attr:`bar_series` holds two bar sets, "harsher" (values
    ≤ 0) and "more lenient" (values > 0); each expert's value is in exactly one;
    experts are drawn harshest at the top.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bar_series: QHorizontalStackedBarSeries | None = None
        self.categories: list[str] = []
        self._values: list[float] = []
        self._bars: list[LeniencyBar] = []

    def redraw(self) -> None:
        self.set_data(self._bars)

    def set_data(self, bars: Sequence[LeniencyBar]) -> None:
        self._bars = list(bars)
        chart = self.clear()
        self.bar_series = None
        self.categories = []
        self._values = []
        chart.setTitle(self.tr("Leniency: each expert's totals against the other experts' mean"))
        drawn = sorted((b for b in bars if b.leniency is not None), key=lambda b: (b.leniency, b.expert),
                       reverse=True)
        if not drawn:
            return
        self.categories = [b.expert for b in drawn]
        self._values = [_f(b.leniency) for b in drawn if b.leniency is not None]
        series = QHorizontalStackedBarSeries()
        series.setBarWidth(0.5)
        harsh = QBarSet(self.tr("Harsher than the others"))
        harsh.setColor(QColor(HARSH_COLOUR))
        lenient = QBarSet(self.tr("More lenient than the others"))
        lenient.setColor(QColor(LENIENT_COLOUR))
        for value in self._values:
            harsh.append(value if value <= 0 else 0.0)
            lenient.append(value if value > 0 else 0.0)
        for bar_set in (harsh, lenient):
            bar_set.setBorderColor(bar_set.color().darker(115))
            series.append(bar_set)
        y_axis = QBarCategoryAxis()
        y_axis.append(self.categories)
        y_axis.setGridLineVisible(False)
        reach = max(1.0, max(abs(v) for v in self._values)) * 1.15
        step = _nice_step(2 * reach)
        reach = math.ceil(reach / step) * step
        x_axis = QValueAxis()
        x_axis.setRange(-reach, reach)
        x_axis.setTickType(QValueAxis.TickType.TicksDynamic)
        x_axis.setTickAnchor(0)
        x_axis.setTickInterval(step)
        x_axis.setLabelFormat("%.0f" if step >= 1 else "%.1f")
        x_axis.setTitleText(self.tr("Points above (+) or below (−) the other experts' mean"))
        self._add_axis(y_axis, Qt.AlignmentFlag.AlignLeft)
        self._add_axis(x_axis, Qt.AlignmentFlag.AlignBottom)
        self._add(series, y_axis, x_axis)
        self.bar_series = series
        series.hovered.connect(self._hovered)
        for i, bar in enumerate(drawn):
            if bar.leniency is not None:
                self._value_label(f"{bar.leniency:+.2f}", QPointF(_f(bar.leniency), i), series, "end")

    def _hovered(self, state: bool, index: int, _bar_set: QBarSet) -> None:
        if not state or not 0 <= index < len(self.categories):
            QToolTip.hideText()
            return
        text = self.tr("{expert}: {value} points against the others").format(
            expert=self.categories[index], value=f"{self._values[index]:+.2f}")
        QToolTip.showText(self.cursor().pos(), text, self)


__all__ = [
    "NO_TIER_COLOUR",
    "TIER_COLOURS",
    "VETO_COLOUR",
    "CalibrationChart",
    "LeniencyBar",
    "RankingBar",
    "RankingChart",
    "StripData",
    "StripPlot",
    "TierLine",
    "tier_colour",
]
