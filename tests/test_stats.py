"""Tests for reviewer.stats: aggregates, z-normalisation, ICC, Kendall's W, readings.

Reference values are published outputs, quoted to three decimals; each test
names its source.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forms.model import Text
from reviewer.stats import (
    ICCResult,
    Standardised,
    find_complete_block,
    icc1_oneway,
    icc_complete,
    kendall_w,
    mean,
    median,
    reading_icc,
    reading_w,
    round_stat,
    round_total,
    sample_sd,
    standardise,
    trimmed_mean,
    zscore_means,
    zscore_totals,
)

D = Decimal

# Shrout & Fleiss (1979), "Intraclass correlations: uses in assessing rater
# reliability", Psychological Bulletin 86(2), Table 2: 6 targets × 4 judges.
# The same table and results appear in the documentation of R's
# psych::ICC / DescTools::ICC (ICC1 .166, ICC2 .290, ICC3 .715, ICC1k .443,
# ICC2k .620, ICC3k .909).
SHROUT_FLEISS = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]

# Pingouin's `icc` data set (pingouin/datasets/icc.csv: 8 wines × judges A–D)
# and the table in the docstring of pingouin.intraclass_corr
# (raphaelvallat/pingouin, pingouin/reliability.py): ICC1 0.728, ICC2 0.728,
# ICC3 0.729, ICC1k 0.914, ICC2k 0.914, ICC3k 0.915.
_WINE = {
    "A": [1, 1, 3, 6, 6, 7, 8, 9],
    "B": [2, 3, 8, 4, 5, 5, 7, 9],
    "C": [0, 3, 1, 3, 5, 6, 7, 9],
    "D": [1, 2, 4, 3, 6, 2, 9, 8],
}
WINE = [list(row) for row in zip(*_WINE.values())]

# R package irr, data set `anxiety` (20 subjects × 3 raters), as printed in the
# examples of DescTools::KendallW.
_ANXIETY = {
    "rater1": [3, 3, 3, 4, 5, 5, 2, 3, 5, 2, 2, 6, 1, 5, 2, 2, 1, 2, 4, 3],
    "rater2": [3, 6, 4, 6, 2, 4, 2, 4, 3, 3, 2, 3, 3, 3, 2, 2, 1, 3, 3, 4],
    "rater3": [2, 1, 4, 4, 3, 2, 1, 6, 1, 1, 1, 2, 3, 3, 1, 1, 3, 3, 2, 2],
}
ANXIETY = [list(row) for row in zip(*_ANXIETY.values())]


def rounded(result: ICCResult) -> tuple[float | None, ...]:
    r = result.rounded()
    return (r.ICC1, r.ICC2, r.ICC3, r.ICC1k, r.ICC2k, r.ICC3k)


# ---------------------------------------------------------------------------
# ICC


def test_icc_shrout_fleiss_table_2() -> None:
    assert rounded(icc_complete(SHROUT_FLEISS)) == (0.166, 0.290, 0.715, 0.443, 0.620, 0.909)


def test_icc_pingouin_wine_example() -> None:
    assert rounded(icc_complete(WINE)) == (0.728, 0.728, 0.729, 0.914, 0.914, 0.915)


def test_icc_irr_anxiety_two_way_agreement() -> None:
    # irr::icc(anxiety, model = "twoway", type = "agreement", unit = "single")
    # prints "ICC(A,1) = 0.198" (irr documentation example; output reproduced
    # in M. Nguyen, "A Guide on Data Analysis", chapter Qualitative Research).
    # ICC(A,1) of McGraw & Wong is Shrout & Fleiss's ICC2.
    assert icc_complete(ANXIETY).rounded().ICC2 == 0.198


def test_icc1_oneway_matches_the_one_way_forms_of_the_full_table() -> None:
    icc1, icc1k = icc1_oneway(SHROUT_FLEISS)
    assert (round_stat(icc1), round_stat(icc1k)) == (0.166, 0.443)
    # One-way ignores which rater gave which rating: shuffling within rows changes nothing.
    shuffled = [list(reversed(row)) if i % 2 else row for i, row in enumerate(SHROUT_FLEISS)]
    assert icc1_oneway(shuffled) == pytest.approx((icc1, icc1k))


def test_icc_undefined_without_variance() -> None:
    assert icc_complete([[5, 5], [5, 5], [5, 5]]) == ICCResult(None, None, None, None, None, None)
    assert icc1_oneway([[7.5, 7.5], [7.5, 7.5]]) == (None, None)


def test_icc_with_equal_row_means() -> None:
    # Equal row means: no between-target variance (BMS = 0). ICC1 is −1/(k − 1); the
    # average-measure forms divide by BMS and have no value.
    result = icc_complete([[1, 2, 3], [3, 2, 1], [2, 3, 1]])
    assert result.ICC1 == pytest.approx(-0.5)
    assert result.ICC1k is None and result.ICC3k is None


def test_icc_rejects_ragged_or_tiny_tables() -> None:
    with pytest.raises(ValueError):
        icc_complete([[1, 2], [3]])
    with pytest.raises(ValueError):
        icc_complete([[1, 2, 3]])
    with pytest.raises(ValueError):
        icc1_oneway([[1], [2], [3]])


# ---------------------------------------------------------------------------
# Kendall's W


def test_kendall_w_without_ties() -> None:
    # DescTools::KendallW on rtr1 = (1,6,3,2,5,4), rtr2 = (1,5,6,2,4,3),
    # rtr3 = (2,3,6,5,4,1): W = 0.568254 (output reproduced in M. Nguyen,
    # "A Guide on Data Analysis", chapter Qualitative Research).
    table = [list(r) for r in zip((1, 6, 3, 2, 5, 4), (1, 5, 6, 2, 4, 3), (2, 3, 6, 5, 4, 1))]
    assert round_stat(kendall_w(table)) == 0.568


def test_kendall_w_with_ties_is_corrected() -> None:
    # DescTools documentation, KendallW(anxiety, TRUE) #> 0.5396569
    # (the function was irr::kendall(ratings, correct = TRUE)).
    w = kendall_w(ANXIETY)
    assert w == pytest.approx(0.5396569, abs=5e-8)
    assert round_stat(w) == 0.540


def test_kendall_w_extremes() -> None:
    same_order = [[1, 10, 100], [2, 20, 200], [3, 30, 300], [4, 40, 400]]
    assert kendall_w(same_order) == pytest.approx(1.0)
    # Every rater tied every object: W has no value.
    assert kendall_w([[3, 4], [3, 4], [3, 4]]) is None


# ---------------------------------------------------------------------------
# rounding


def test_round_stat_is_half_up_on_three_decimals() -> None:
    assert round_stat(0.1665) == 0.167
    assert round_stat(0.0005) == 0.001
    assert round_stat(-0.0285) == -0.029
    assert round_stat(None) is None
    assert round_stat(float("nan")) is None


def test_round_total_is_exact_half_up() -> None:
    assert round_total(Fraction(1, 200)) == D("0.01")
    assert round_total(Fraction(-1, 200)) == D("-0.01")
    assert round_total(Fraction(17005, 200)) == D("85.03")  # 85.025
    assert round_total(Fraction(2, 3)) == D("0.67")
    assert round_total(D("2.675")) == D("2.68")  # float would give 2.67


# ---------------------------------------------------------------------------
# aggregates


def test_mean_rounds_half_up_only_at_the_end() -> None:
    assert mean([D("85.00"), D("85.01")]) == D("85.01")  # 85.005, not banker's 85.00
    assert mean([D("1"), D("2"), D("2")]) == D("1.67")


def test_trimmed_mean_drops_one_high_and_one_low_from_threshold_on() -> None:
    five = [D(50), D(70), D(72), D(76), D(99)]
    assert trimmed_mean(five) == D("72.67")
    assert trimmed_mean(five[:4]) == mean(five[:4]) == D("67.00")  # below the default threshold 5
    assert trimmed_mean(five[:4], threshold=4) == D("71.00")
    assert trimmed_mean([D(1), D(9)], threshold=1) == D("5.00")  # never trims 2 values away


def test_median_odd_and_even() -> None:
    assert median([D(3), D(1), D(2)]) == D("2.00")
    assert median([D("85.00"), D("85.01")]) == D("85.01")
    assert median([D(4), D(1), D(10), D(2)]) == D("3.00")


def test_aggregates_reject_no_values() -> None:
    for fn in (mean, median, trimmed_mean):
        with pytest.raises(ValueError):
            fn([])


def test_sample_sd() -> None:
    assert sample_sd([D(80), D(90)]) == D("7.07")
    assert sample_sd([D(2), D(4), D(4), D(4), D(5), D(5), D(7), D(9)]) == D("2.14")
    assert sample_sd([D(80)]) is None


totals_2dp = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)


@settings(deadline=None)
@given(st.lists(totals_2dp, min_size=1, max_size=12), st.integers(min_value=1, max_value=8))
def test_trimmed_mean_lies_between_min_and_max(xs: list[Decimal], threshold: int) -> None:
    assert min(xs) <= trimmed_mean(xs, threshold) <= max(xs)


@settings(deadline=None)
@given(st.lists(totals_2dp, min_size=1, max_size=12))
def test_median_lies_between_min_and_max(xs: list[Decimal]) -> None:
    assert min(xs) <= median(xs) <= max(xs)


@settings(deadline=None)
@given(totals_2dp, st.integers(min_value=1, max_value=20))
def test_mean_of_identical_values_is_that_value(x: Decimal, n: int) -> None:
    assert mean([x] * n) == x
    assert trimmed_mean([x] * n) == x
    assert median([x] * n) == x


# ---------------------------------------------------------------------------
# z-normalisation


def test_zscore_maps_a_strict_and_a_lenient_expert_onto_one_scale() -> None:
    # A scores 70/80/90, B 10 points lower on the same dossiers. Panel: mean 75,
    # population SD √(550/6); each expert's z-scores are −√1.5, 0, √1.5, so both
    # rescale to 75 ∓ √137.5 = 63.27 / 75.00 / 86.73.
    totals = {
        ("D1", "A"): D(70), ("D2", "A"): D(80), ("D3", "A"): D(90),
        ("D1", "B"): D(60), ("D2", "B"): D(70), ("D3", "B"): D(80),
    }  # fmt: skip
    rescaled = zscore_totals(totals)
    assert rescaled[("D1", "A")] == rescaled[("D1", "B")] == D("63.27")
    assert rescaled[("D2", "A")] == rescaled[("D2", "B")] == D("75.00")
    assert rescaled[("D3", "A")] == rescaled[("D3", "B")] == D("86.73")
    assert zscore_means(totals) == {"D1": D("63.27"), "D2": D("75.00"), "D3": D("86.73")}


def test_zscore_expert_with_one_review_sits_at_the_panel_mean() -> None:
    totals = {("D1", "A"): D(60), ("D2", "A"): D(80), ("D1", "B"): D(100)}
    assert zscore_totals(totals)[("D1", "B")] == D("80.00")  # panel mean of 60, 80, 100
    assert zscore_totals({}) == {}


expert_names = st.sampled_from(["甲", "乙", "丙", "丁"])
dossier_names = st.sampled_from([f"D{i}" for i in range(8)])


@settings(deadline=None)
@given(st.dictionaries(dossier_names, totals_2dp, min_size=1))
def test_z_normalisation_of_a_single_expert_keeps_totals_and_ranking(scores: dict[str, Decimal]) -> None:
    totals = {(d, "甲"): t for d, t in scores.items()}
    rescaled = zscore_totals(totals)
    # Panel = this expert: the map back is the identity, so the order cannot change.
    assert rescaled == totals
    order = sorted(scores, key=lambda d: (scores[d], d))
    assert sorted(scores, key=lambda d: (rescaled[(d, "甲")], d)) == order


@settings(deadline=None, max_examples=200)
@given(
    st.dictionaries(st.tuples(dossier_names, expert_names), totals_2dp, min_size=2),
    expert_names,
    st.decimals(min_value=-30, max_value=30, places=2, allow_nan=False, allow_infinity=False),
)
def test_adding_a_constant_to_one_expert_leaves_the_zscore_ranking_unchanged(
    totals: dict[tuple[str, str], Decimal], shifted: str, constant: Decimal
) -> None:
    moved = {(d, e): t + constant if e == shifted else t for (d, e), t in totals.items()}
    before, after = standardise(totals), standardise(moved)
    # Every z-score is unchanged bit for bit, hence the mean z of each dossier too…
    assert before.z == after.z

    def order(std: Standardised) -> list[str]:
        per: dict[str, list[float]] = {}
        for (d, _), v in std.z.items():
            per.setdefault(d, []).append(v)
        return sorted(per, key=lambda d: (sum(sorted(per[d])) / len(per[d]), d))

    assert order(after) == order(before)
    # …and the rescaled aggregates (panel mean and SD move with the shift) keep the
    # order: no pair is ever inverted, only display rounding may make a pair equal.
    a, b = zscore_means(totals), zscore_means(moved)
    for x in a:
        for y in a:
            if a[x] < a[y]:
                assert b[x] <= b[y]
            if b[x] < b[y]:
                assert a[x] <= a[y]


# ---------------------------------------------------------------------------
# readings


@pytest.mark.parametrize(
    ("value", "zh", "en"),
    [
        (0.166, "差", "poor"),
        (0.4995, "中等", "moderate"),  # reported as 0.500
        (0.715, "中等", "moderate"),
        (0.75, "良好", "good"),
        (0.9, "良好", "good"),
        (0.909, "优秀", "excellent"),
    ],
)
def test_reading_icc_uses_koo_li_bands(value: float, zh: str, en: str) -> None:
    text = reading_icc(value)
    assert isinstance(text, Text)
    assert zh in text.zh and en in text.en
    assert f"{round_stat(value):.3f}" in text.en
    assert "Koo & Li 2016" in text.zh and "Koo & Li 2016" in text.en


@pytest.mark.parametrize(
    ("value", "en"),
    [(0.1, "very weak"), (0.3, "weak"), (0.54, "moderate"), (0.7, "strong"), (0.95, "unusually strong")],
)
def test_reading_w_uses_the_stated_convention(value: float, en: str) -> None:
    text = reading_w(value)
    assert text.en.split(": ", 1)[1].startswith(en)
    assert "Schmidt 1997" in text.en and text.zh.startswith("W = ")


def test_readings_of_missing_values() -> None:
    assert reading_icc(None).en.startswith("not available")
    assert reading_w(None).zh.startswith("无法计算")


# ---------------------------------------------------------------------------
# complete blocks


def test_find_complete_block_prefers_the_biggest_block() -> None:
    reviewers = {
        "D1": ["A", "B", "C"],
        "D2": ["A", "B", "C"],
        "D3": ["C", "B", "A"],
        "D4": ["A", "B", "C", "E"],
        "D5": ["D", "E"],
        "D6": ["D", "E"],
        "D7": ["D", "E"],
        "D8": ["D", "E"],
        "D9": ["D", "E"],
    }
    assert find_complete_block(reviewers) == (["D1", "D2", "D3", "D4"], ["A", "B", "C"])  # 12 > 5 × 2
    # The answer does not depend on the order the reviewers are listed in.
    flipped = {d: list(reversed(es)) for d, es in reversed(list(reviewers.items()))}
    dossiers, experts = find_complete_block(flipped) or ([], [])
    assert sorted(dossiers) == ["D1", "D2", "D3", "D4"] and experts == ["A", "B", "C"]


def test_find_complete_block_compares_area_then_experts() -> None:
    abc = {f"D{i}": ["A", "B", "C"] for i in range(1, 5)}  # 4 × 3 = 12
    de7 = {f"E{i}": ["D", "E"] for i in range(1, 8)}  # 7 × 2 = 14
    assert find_complete_block({**abc, **de7}) == (list(de7), ["D", "E"])
    de6 = {f"E{i}": ["D", "E"] for i in range(1, 7)}  # 6 × 2 = 12: same area, fewer experts
    assert find_complete_block({**abc, **de6}) == (list(abc), ["A", "B", "C"])


def test_find_complete_block_grows_from_pairs_when_no_reviewer_set_repeats() -> None:
    # Every dossier has a different reviewer set, but A and B share four dossiers.
    reviewers = {"D1": ["A", "B", "C"], "D2": ["A", "B", "D"], "D3": ["A", "B", "E"], "D4": ["A", "B", "F"]}
    assert find_complete_block(reviewers) == (["D1", "D2", "D3", "D4"], ["A", "B"])


def test_find_complete_block_grows_a_pair_into_a_larger_block() -> None:
    # No reviewer set repeats and A, B, C share four dossiers: only growing the
    # pair (A, B) by C finds 4 × 3.
    reviewers = {f"D{i}": ["A", "B", "C", extra] for i, extra in enumerate("WXYZ")}
    assert find_complete_block(reviewers) == (list(reviewers), ["A", "B", "C"])


def test_find_complete_block_checks_whole_reviewer_sets() -> None:
    # Eight busier decoy pairs (5 × 2 = 10 each) crowd out the seeds; the block of
    # the repeated reviewer set {A, B, C, D} (3 × 4 = 12) is still found.
    decoys = {f"P{p}-{i}": [f"P{2 * p}", f"P{2 * p + 1}"] for p in range(8) for i in range(5)}
    block = {f"D{i}": ["A", "B", "C", "D"] for i in range(3)}
    assert find_complete_block({**decoys, **block}) == (list(block), ["A", "B", "C", "D"])


def test_find_complete_block_none_when_too_small() -> None:
    pairs = {"D1": ["A", "B"], "D2": ["C", "D"], "D3": ["A", "C"], "D4": ["B", "D"], "D5": ["A", "B"]}
    assert find_complete_block(pairs) is None
