"""Aggregation and agreement statistics for the reviews of a round.

Pure Python (no numpy, no Qt). The committee reads these numbers next to signed
records, so every aggregate must be reproducible to the cent by hand.

Rounding — exactly which values are rounded, and where:

* A review total is ``Form.total(scores)``: rounded half-up to 0.01 by the form.
* The ``mean``, ``trimmed`` and ``median`` aggregates are computed exactly from
  those totals (decimal or rational arithmetic, no binary floating point) and
  rounded half-up to 0.01 once, at the end.
* The ``zscore`` aggregate: each expert's totals are standardised with that
  expert's mean and population SD (float arithmetic on exact integer sums);
  the dossier's mean z-score is mapped back as ``panel mean + panel SD × z``
  (panel = every review total of the round, population SD) and that one
  value is rounded half-up to 0.01. An expert whose totals do not vary (or
  who scored a single dossier) gets z = 0. ``zscore_totals`` rounds each review's
  rescaled total the same way, for display only; the aggregate is not
  computed from those rounded values.
* Per-criterion means are exact and rounded half-up to 0.01 once; per-criterion
  spreads (max − min) are exact differences shown to 0.01.
* Expert calibration — mean, SD (sample SD, n − 1) and leniency — are each
  computed exactly and rounded half-up to 0.01 once.
* ICC and Kendall's W are computed in floating point and reported rounded
  half-up to 3 decimals (of the float's shortest decimal form).
* Ranks and award tiers compare the rounded aggregates (and rounded criterion
  means for tie-breaks): two dossiers shown with the same number are never
  ordered by a difference nobody can see.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import asdict, dataclass
from decimal import ROUND_HALF_UP, Context, Decimal
from fractions import Fraction
from typing import Mapping, Sequence

from forms.model import TOTAL_QUANT, Text

#: ICC and W are reported to this many decimals, half-up.
STAT_QUANT = Decimal("0.001")

# Quotients are taken at 60 significant digits before the single half-up
# rounding: far more than enough that an inexact quotient can never land on
# the other side of a rounding boundary.
_WIDE = Context(prec=60)


# ---------------------------------------------------------------------------
# rounding helpers


def round_total(value: Decimal | Fraction) -> Decimal:
    """``value`` rounded half-up (away from zero on a tie) to 0.01, exactly."""
    if isinstance(value, Decimal):
        return value.quantize(TOTAL_QUANT, rounding=ROUND_HALF_UP)
    scaled = value * 100
    num, den = abs(scaled.numerator), scaled.denominator
    cents = (2 * num + den) // (2 * den)
    if scaled < 0:
        cents = -cents
    return Decimal(cents).scaleb(-2)


def round_stat(value: float | None) -> float | None:
    """A statistic (ICC, W) as reported: half-up to 3 decimals; None stays None."""
    if value is None or math.isnan(value) or math.isinf(value):
        return None
    return float(Decimal(repr(value)).quantize(STAT_QUANT, rounding=ROUND_HALF_UP))


def _nonempty(xs: Sequence[Decimal], what: str) -> list[Decimal]:
    values = list(xs)
    if not values:
        raise ValueError(f"{what}：没有数值 / {what}: no values")
    return values


# ---------------------------------------------------------------------------
# aggregates of one dossier's totals


def mean(xs: Sequence[Decimal]) -> Decimal:
    """Arithmetic mean, half-up to 0.01."""
    values = _nonempty(xs, "mean")
    return round_total(_WIDE.divide(sum(values, Decimal(0)), Decimal(len(values))))


def trimmed_mean(xs: Sequence[Decimal], threshold: int = 5) -> Decimal:
    """Mean after dropping one highest and one lowest value.

    Trimming happens only with at least ``threshold`` values (and never with
    fewer than 3, which would leave nothing); otherwise this is the mean.
    """
    values = _nonempty(xs, "trimmed_mean")
    if len(values) >= max(threshold, 3):
        values = sorted(values)[1:-1]
    return mean(values)


def median(xs: Sequence[Decimal]) -> Decimal:
    """Median (mean of the two middle values for an even count), half-up to 0.01."""
    values = sorted(_nonempty(xs, "median"))
    mid = len(values) // 2
    if len(values) % 2:
        return round_total(values[mid])
    return round_total(_WIDE.divide(values[mid - 1] + values[mid], Decimal(2)))


def sample_sd(xs: Sequence[Decimal]) -> Decimal | None:
    """Sample standard deviation (n − 1), half-up to 0.01; None for fewer than 2 values."""
    values = list(xs)
    if len(values) < 2:
        return None
    ints, factor = to_ints(values)
    n, s, q = len(ints), sum(ints), sum(i * i for i in ints)
    variance = _WIDE.divide(Decimal(n * q - s * s), Decimal(n * (n - 1) * factor * factor))
    return round_total(_WIDE.sqrt(variance))


def to_ints(values: Sequence[Decimal]) -> tuple[list[int], int]:
    """``values`` as exact integers in units of 1/factor (factor = 10**decimals)."""
    places = 0
    for v in values:
        exponent = v.as_tuple().exponent
        if not isinstance(exponent, int):
            raise ValueError(f"非有限数值 {v} / not a finite number: {v}")
        places = max(places, -exponent)
    factor = 10**places
    return [int(v * factor) for v in values], factor


# ---------------------------------------------------------------------------
# per-expert z-score normalisation


@dataclass(frozen=True)
class Standardised:
    """Every review's z-score within its expert, and the panel's scale.

    ``z`` uses each expert's own mean and population SD; an expert whose
    totals do not vary (or who scored one dossier) gets z = 0, i.e. the panel
    mean: there is nothing to tell about their severity.
    """

    z: dict[tuple[str, str], float]
    panel_mean: Fraction
    panel_sd: float

    def rescale(self, z: float) -> Decimal:
        """A z-score mapped back onto the form's scale, half-up to 0.01."""
        return round_total(self.panel_mean + Fraction(self.panel_sd * z))


def standardise(totals: Mapping[tuple[str, str], Decimal]) -> Standardised:
    """Per-expert z-scores of ``totals`` keyed (dossier, expert).

    Sums are exact integers, so adding a constant to all of one expert's
    totals leaves that expert's z-scores bit-for-bit unchanged.
    """
    keys = list(totals)
    if not keys:
        raise ValueError("standardise：没有评分 / standardise: no totals")
    ints, factor = to_ints([totals[k] for k in keys])
    sums: dict[str, list[int]] = {}
    for (_, expert), x in zip(keys, ints):
        acc = sums.setdefault(expert, [0, 0, 0])
        acc[0] += 1
        acc[1] += x
        acc[2] += x * x
    scale: dict[str, tuple[int, int, float]] = {}
    for expert, (n, s, q) in sums.items():
        spread = n * q - s * s
        scale[expert] = (n, s, math.sqrt(spread) if spread > 0 else 0.0)
    z: dict[tuple[str, str], float] = {}
    for key, x in zip(keys, ints):
        n, s, root = scale[key[1]]
        z[key] = (n * x - s) / root if root else 0.0
    big_n, big_s, big_q = len(ints), sum(ints), sum(i * i for i in ints)
    panel_mean = Fraction(big_s, big_n * factor)
    panel_sd = math.sqrt(big_n * big_q - big_s * big_s) / (big_n * factor)
    return Standardised(z=z, panel_mean=panel_mean, panel_sd=panel_sd)


def zscore_totals(totals: Mapping[tuple[str, str], Decimal]) -> dict[tuple[str, str], Decimal]:
    """(dossier, expert) -> the review total after per-expert z-normalisation,
    rescaled with the panel's mean and SD, half-up to 0.01."""
    if not totals:
        return {}
    std = standardise(totals)
    return {key: std.rescale(value) for key, value in std.z.items()}


def zscore_means(totals: Mapping[tuple[str, str], Decimal]) -> dict[str, Decimal]:
    """dossier -> the ``zscore`` aggregate: panel mean + panel SD × (mean z of its reviews)."""
    if not totals:
        return {}
    std = standardise(totals)
    per_dossier: dict[str, list[float]] = {}
    for (dossier, _), value in std.z.items():
        per_dossier.setdefault(dossier, []).append(value)
    return {d: std.rescale(math.fsum(zs) / len(zs)) for d, zs in per_dossier.items()}


# ---------------------------------------------------------------------------
# intraclass correlation (Shrout & Fleiss 1979)


@dataclass
class ICCResult:
    """The six Shrout & Fleiss forms; None where a denominator is zero."""

    ICC1: float | None
    ICC2: float | None
    ICC3: float | None
    ICC1k: float | None
    ICC2k: float | None
    ICC3k: float | None

    def rounded(self) -> ICCResult:
        """The same result as reported (3 decimals, half-up)."""
        return ICCResult(**{k: round_stat(v) for k, v in asdict(self).items()})


def _ratio(num: float, den: float, tol: float) -> float | None:
    """num / den, or None when den is zero up to rounding error (no variance)."""
    if abs(den) <= tol:
        return None
    return num / den


def _tolerance(grand: float, ss_total: float, count: int) -> float:
    # Float sums of squares carry error of about 1e-16 × the data's magnitude;
    # a mean square below this is a true zero (e.g. identical row means).
    return 1e-12 * (grand * grand + ss_total / count)


def _clean(value: float, tol: float) -> float:
    return 0.0 if abs(value) <= tol else value


def _check_table(table: Sequence[Sequence[float]], what: str) -> list[list[float]]:
    rows = [[float(x) for x in row] for row in table]
    if len(rows) < 2 or any(len(r) != len(rows[0]) for r in rows) or len(rows[0]) < 2:
        raise ValueError(
            f"{what} 需要至少 2×2 的完整表 / {what} needs a complete table of at least 2 × 2"
        )
    return rows


def icc_complete(table: Sequence[Sequence[float]]) -> ICCResult:
    """All six ICC forms from a complete table (rows = targets, columns = raters).

    Mean squares as in Shrout & Fleiss (1979), Table 1: BMS between targets,
    WMS within targets, JMS between judges, EMS residual.
    """
    rows = _check_table(table, "ICC")
    n, k = len(rows), len(rows[0])
    grand = math.fsum(x for r in rows for x in r) / (n * k)
    row_means = [math.fsum(r) / k for r in rows]
    col_means = [math.fsum(r[j] for r in rows) / n for j in range(k)]
    ss_total = math.fsum((x - grand) ** 2 for r in rows for x in r)
    ss_rows = k * math.fsum((m - grand) ** 2 for m in row_means)
    ss_cols = n * math.fsum((m - grand) ** 2 for m in col_means)
    ss_err = max(ss_total - ss_rows - ss_cols, 0.0)
    tol = _tolerance(grand, ss_total, n * k)
    bms = _clean(ss_rows / (n - 1), tol)
    wms = _clean(max(ss_total - ss_rows, 0.0) / (n * (k - 1)), tol)
    jms = _clean(ss_cols / (k - 1), tol)
    ems = _clean(ss_err / ((n - 1) * (k - 1)), tol)
    return ICCResult(
        ICC1=_ratio(bms - wms, bms + (k - 1) * wms, tol),
        ICC2=_ratio(bms - ems, bms + (k - 1) * ems + k * (jms - ems) / n, tol),
        ICC3=_ratio(bms - ems, bms + (k - 1) * ems, tol),
        ICC1k=_ratio(bms - wms, bms, tol),
        ICC2k=_ratio(bms - ems, bms + (jms - ems) / n, tol),
        ICC3k=_ratio(bms - ems, bms, tol),
    )


def icc1_oneway(groups: Sequence[Sequence[float]]) -> tuple[float | None, float | None]:
    """(ICC1, ICC1k) from the one-way model: each group is one target's k ratings,
    by any raters. All groups must have the same size k ≥ 2; at least 2 groups.
    None where undefined (no variance at all)."""
    rows = _check_table(groups, "ICC1")
    n, k = len(rows), len(rows[0])
    grand = math.fsum(x for r in rows for x in r) / (n * k)
    means = [math.fsum(r) / k for r in rows]
    ss_total = math.fsum((x - grand) ** 2 for r in rows for x in r)
    tol = _tolerance(grand, ss_total, n * k)
    bms = _clean(k * math.fsum((m - grand) ** 2 for m in means) / (n - 1), tol)
    wms = _clean(math.fsum((x - m) ** 2 for r, m in zip(rows, means) for x in r) / (n * (k - 1)), tol)
    return _ratio(bms - wms, bms + (k - 1) * wms, tol), _ratio(bms - wms, bms, tol)


# ---------------------------------------------------------------------------
# Kendall's coefficient of concordance


def average_ranks(values: Sequence[float]) -> tuple[list[float], int]:
    """Ranks 1..n (ties share their average rank) and Σ(t³ − t) over tie groups."""
    order = sorted(range(len(values)), key=values.__getitem__)
    ranks = [0.0] * len(values)
    ties = 0
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        shared = (i + j) / 2 + 1
        for pos in range(i, j + 1):
            ranks[order[pos]] = shared
        t = j - i + 1
        ties += t * t * t - t
        i = j + 1
    return ranks, ties


def kendall_w(table: Sequence[Sequence[float]]) -> float | None:
    """Kendall's W with the tie correction (rows = objects, columns = raters).

    W = 12 S / (m²(n³ − n) − m Σ T), T = Σ(t³ − t) over each rater's ties
    (Kendall 1948; the form of R's ``irr::kendall(correct=TRUE)``). None when
    every rater tied every object (the denominator is zero).
    """
    rows = _check_table(table, "Kendall W")
    n, m = len(rows), len(rows[0])
    rank_sums = [0.0] * n
    tie_total = 0
    for j in range(m):
        ranks, ties = average_ranks([r[j] for r in rows])
        tie_total += ties
        for i, r in enumerate(ranks):
            rank_sums[i] += r
    mean_sum = m * (n + 1) / 2
    s = math.fsum((r - mean_sum) ** 2 for r in rank_sums)
    den = m * m * (n**3 - n) - m * tie_total
    if den <= 0:
        return None
    return 12 * s / den


# ---------------------------------------------------------------------------
# readings


def reading_icc(x: float | None) -> Text:
    """One line on an ICC, banded as Koo & Li (2016): < 0.5 poor, 0.5–0.75
    moderate, 0.75–0.9 good, > 0.9 excellent (on the reported 3-decimal value)."""
    v = round_stat(x)
    if v is None:
        return Text("无法计算（数据不足或无差异）", "not available (too little data or no variation)")
    if v < 0.5:
        zh, en, band = "信度差", "poor reliability", "< 0.5"
    elif v < 0.75:
        zh, en, band = "信度中等", "moderate reliability", "0.5–0.75"
    elif v <= 0.9:
        zh, en, band = "信度良好", "good reliability", "0.75–0.9"
    else:
        zh, en, band = "信度优秀", "excellent reliability", "> 0.9"
    return Text(f"{v:.3f}：{zh}（Koo & Li 2016：{band}）", f"{v:.3f}: {en} (Koo & Li 2016: {band})")


def reading_w(x: float | None) -> Text:
    """One line on Kendall's W, after Schmidt (1997, Decision Sciences 28(3)):
    W ≈ 0.1 very weak, 0.3 weak, 0.5 moderate, 0.7 strong, 0.9 unusually strong
    agreement; read here as bands [0, 0.3) very weak, [0.3, 0.5) weak,
    [0.5, 0.7) moderate, [0.7, 0.9) strong, ≥ 0.9 unusually strong."""
    v = round_stat(x)
    if v is None:
        return Text("无法计算（数据不足或无差异）", "not available (too little data or no variation)")
    if v < 0.3:
        zh, en, band = "排序一致性很弱", "very weak agreement on the order", "< 0.3"
    elif v < 0.5:
        zh, en, band = "排序一致性弱", "weak agreement on the order", "0.3–0.5"
    elif v < 0.7:
        zh, en, band = "排序一致性中等", "moderate agreement on the order", "0.5–0.7"
    elif v < 0.9:
        zh, en, band = "排序一致性强", "strong agreement on the order", "0.7–0.9"
    else:
        zh, en, band = "排序一致性极强", "unusually strong agreement on the order", "≥ 0.9"
    return Text(f"W = {v:.3f}：{zh}（Schmidt 1997：{band}）", f"W = {v:.3f}: {en} (Schmidt 1997: {band})")


# ---------------------------------------------------------------------------
# complete blocks in an incomplete assignment


def find_complete_block(
    reviewers: Mapping[str, Sequence[str]], min_dossiers: int = 3, min_experts: int = 2
) -> tuple[list[str], list[str]] | None:
    """The largest (dossiers × experts) sub-table in which every expert scored
    every dossier, found deterministically; None if none is at least
    ``min_dossiers`` × ``min_experts``.

    ``reviewers`` maps each dossier (in the order wanted back) to its experts.
    Finding the true maximum is NP-hard (maximum edge biclique), so two cheap
    families of candidates are compared by n × k (then more experts, then
    names): for every distinct reviewer set S, all dossiers whose reviewers
    include S; and, from the most frequent expert pairs, a greedy growth that
    adds the expert which enlarges n × k most. The cost is linear in the
    number of reviews times the experts per dossier, never quadratic in
    reviews.
    """
    order = {d: i for i, d in enumerate(reviewers)}
    scored: dict[str, set[str]] = {}
    for dossier, experts in reviewers.items():
        for e in experts:
            scored.setdefault(e, set()).add(dossier)
    best: tuple[int, int, tuple[str, ...]] | None = None
    best_dossiers: set[str] = set()

    def consider(experts: tuple[str, ...], common: set[str]) -> None:
        nonlocal best, best_dossiers
        if len(experts) < min_experts or len(common) < min_dossiers:
            return
        key = (len(experts) * len(common), len(experts), experts)
        if best is None or (key[0], key[1]) > (best[0], best[1]) or (
            (key[0], key[1]) == (best[0], best[1]) and key[2] < best[2]
        ):
            best, best_dossiers = key, common

    def common_of(experts: Sequence[str]) -> set[str]:
        sets = sorted((scored[e] for e in experts), key=len)
        return sets[0].intersection(*sets[1:])

    distinct = Counter(tuple(sorted(set(es))) for es in reviewers.values())
    for experts in sorted(distinct, key=lambda s: (-distinct[s], s)):
        if len(experts) < min_experts:
            continue
        if best is not None and len(experts) * min(len(scored[e]) for e in experts) < best[0]:
            continue
        consider(experts, common_of(experts))

    pairs: Counter[tuple[str, str]] = Counter()
    for experts in reviewers.values():
        names = sorted(set(experts))
        for i, a in enumerate(names):
            for b in names[i + 1 :]:
                pairs[(a, b)] += 1
    seeds = sorted((p for p, c in pairs.items() if c >= min_dossiers), key=lambda p: (-pairs[p], p))[:8]
    everyone = sorted(scored)
    for seed in seeds:
        chosen = list(seed)
        common = scored[seed[0]] & scored[seed[1]]
        consider(tuple(chosen), common)
        while True:
            area = len(chosen) * len(common)
            pick: tuple[int, str, set[str]] | None = None
            for e in everyone:
                if e in chosen or len(scored[e]) * (len(chosen) + 1) <= area:
                    continue
                shared = common & scored[e]
                grown = (len(chosen) + 1) * len(shared)
                if len(shared) >= min_dossiers and grown > area and (pick is None or grown > pick[0]):
                    pick = (grown, e, shared)
            if pick is None:
                break
            chosen.append(pick[1])
            common = pick[2]
            consider(tuple(sorted(chosen)), common)

    if best is None:
        return None
    return sorted(best_dossiers, key=order.__getitem__), list(best[2])
