"""Tests for reviewer.reconcile: aggregates, flags, ranks, tiers, calibration,
agreement rules and the ``reconcile`` JSON of DESIGN.md."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, Sequence

import pytest

from forms.model import Criterion, Form, Text, Tier, VetoItem
from reviewer.reconcile import (
    RULES,
    Flag,
    ReconcileError,
    Reconciliation,
    ReviewInput,
    RoundInput,
    reconcile,
)
from reviewer.stats import icc1_oneway, icc_complete, kendall_w, round_stat

D = Decimal

FIRST = Tier("first", Text("一等奖", "First prize"), amount=D(100), quota=1)
SECOND = Tier("second", Text("二等奖", "Second prize"), amount=D(50), quota=2, min_score=D(60))


def make_form(tiers: Sequence[Tier] = (), tie_break: Sequence[str] = ()) -> Form:
    """Innovation 0–40 plus benefit 0–60: the total is their sum."""
    return Form(
        id="t",
        version=1,
        title=Text("测试", "Test"),
        criteria=(
            Criterion("innovation", Text("创新性", "Innovation"), max=D(40)),
            Criterion("benefit", Text("效益", "Benefit"), max=D(60), spread_limit=D(10)),
        ),
        vetoes=(VetoItem("fraud", Text("是否存在弄虚作假", "Any falsified material")),),
        tiers=tuple(tiers),
        tie_break=tuple(tie_break),
    )


def rv(dossier: str, expert: str, total: float | int | str, innovation: float | int | str | None = None,
       veto: bool = False) -> ReviewInput:  # fmt: skip
    """A review with the given total; innovation defaults to 40 % of it."""
    t = D(str(total))
    inn = D(str(innovation)) if innovation is not None else (t * D("0.4")).quantize(D("0.01"))
    return ReviewInput(dossier, expert, {"innovation": inn, "benefit": t - inn}, {"fraud": veto}, None)


def run(
    reviews: Sequence[ReviewInput],
    dossiers: Sequence[str] | None = None,
    *,
    form: Form | None = None,
    rule: str = "mean",
    spread_limit: Decimal | None = None,
    per_dossier: int = 0,
    conflicts: Sequence[tuple[str, str, str]] = (),
    trim_threshold: int = 5,
) -> Reconciliation:
    if dossiers is None:
        dossiers = list(dict.fromkeys(r.dossier for r in reviews))
    return reconcile(
        RoundInput(
            round_id=7,
            form=form or make_form(),
            rule=rule,
            spread_limit=spread_limit,
            per_dossier=per_dossier,
            dossiers=dossiers,
            reviews=reviews,
            conflicts=conflicts,
            trim_threshold=trim_threshold,
        )
    )


def kinds(flags: Sequence[Flag]) -> list[str]:
    return [f.kind for f in flags]


# ---------------------------------------------------------------------------
# aggregates


def test_aggregates_under_every_rule() -> None:
    rec = run([rv("D1", e, t) for e, t in zip("ABCDE", (50, 70, 72, 76, 99))])
    d = rec.dossier("D1")
    assert d.totals == {"A": D("50.00"), "B": D("70.00"), "C": D("72.00"), "D": D("76.00"), "E": D("99.00")}
    assert d.aggregates["mean"] == D("73.40")
    assert d.aggregates["trimmed"] == D("72.67")  # 50 and 99 dropped
    assert d.aggregates["median"] == D("72.00")
    assert d.aggregates["zscore"] == D("73.40")  # one review each: every z is 0 -> panel mean


def test_trim_threshold_comes_from_the_round() -> None:
    reviews = [rv("D1", e, t) for e, t in zip("ABC", (10, 50, 60))]
    assert run(reviews).dossier("D1").aggregates["trimmed"] == D("40.00")
    assert run(reviews, trim_threshold=3).dossier("D1").aggregates["trimmed"] == D("50.00")


def test_aggregates_round_half_up_once_at_the_end() -> None:
    rec = run([rv("D1", "A", "85.00"), rv("D1", "B", "85.01")])
    assert rec.dossier("D1").aggregates["mean"] == D("85.01")
    assert rec.dossier("D1").aggregates["median"] == D("85.01")


def test_zscore_rule_corrects_a_strict_expert() -> None:
    # A is generous, B 10 points stricter on the same dossiers: on the common
    # scale both agree exactly (see test_stats for the arithmetic).
    reviews = [
        rv("D1", "A", 70), rv("D2", "A", 80), rv("D3", "A", 90),
        rv("D1", "B", 60), rv("D2", "B", 70), rv("D3", "B", 80),
    ]  # fmt: skip
    rec = run(reviews, rule="zscore")
    assert [rec.dossier(n).aggregates["zscore"] for n in ("D1", "D2", "D3")] == [
        D("63.27"),
        D("75.00"),
        D("86.73"),
    ]
    assert [rec.dossier(n).rank for n in ("D1", "D2", "D3")] == [3, 2, 1]


# ---------------------------------------------------------------------------
# flags


def test_spread_flag_above_the_round_limit_only() -> None:
    # Benefit is 40 everywhere, so only the totals disagree.
    reviews = [rv("D1", "A", 60, 20), rv("D1", "B", 80, 40), rv("D2", "A", 60, 20), rv("D2", "B", 75, 35)]
    rec = run(reviews, spread_limit=D(15))
    (flag,) = rec.dossier("D1").flags
    assert flag.kind == "spread"
    assert "20.00" in flag.reason and "15.00" in flag.reason
    assert "极差" in flag.reason and "spread" in flag.reason
    assert "spread" not in kinds(rec.dossier("D2").flags)  # exactly at the limit is not above it
    assert "spread" not in kinds(run([rv("D1", "A", 60), rv("D1", "B", 80)]).dossier("D1").flags)  # no limit


def test_outlier_flag_names_the_expert_far_from_the_others() -> None:
    rec = run([rv("D1", "A", 80), rv("D1", "B", 82), rv("D1", "C", 50)], spread_limit=D(20))
    outliers = [f for f in rec.dossier("D1").flags if f.kind == "outlier"]
    assert len(outliers) == 1
    assert "C" in outliers[0].reason and "31.00" in outliers[0].reason and "81.00" in outliers[0].reason
    assert "spread" in kinds(rec.dossier("D1").flags)
    # Two reviews: each is as far from "the others" as the other; nobody is named.
    two = run([rv("D1", "A", 80), rv("D1", "B", 50)], spread_limit=D(20))
    assert "outlier" not in kinds(two.dossier("D1").flags)


def test_criterion_spread_flag() -> None:
    # Same totals, but benefit 52 vs 40 (spread 12 > its limit 10).
    rec = run([rv("D1", "A", 80, innovation=28), rv("D1", "B", 80, innovation=40)], spread_limit=D(15))
    (flag,) = rec.dossier("D1").flags
    assert flag.kind == "criterion_spread"
    assert "效益" in flag.reason and "Benefit" in flag.reason and "12.00" in flag.reason and "10.00" in flag.reason
    assert rec.dossier("D1").criterion_spreads == {"innovation": D("12.00"), "benefit": D("12.00")}
    assert rec.dossier("D1").criterion_means == {"innovation": D("34.00"), "benefit": D("46.00")}
    within = run([rv("D1", "A", 80, innovation=30), rv("D1", "B", 80, innovation=40)])
    assert within.dossier("D1").flags == []  # benefit 50 vs 40: at the limit


def test_veto_flag_names_who_answered_yes_and_blocks_the_tier() -> None:
    reviews = [
        rv("D1", "A", 95, veto=True), rv("D1", "B", 90), rv("D1", "C", 92, veto=True),
        rv("D2", "A", 80), rv("D2", "B", 80), rv("D2", "C", 80),
    ]  # fmt: skip
    rec = run(reviews, form=make_form(tiers=[FIRST, SECOND]))
    d1 = rec.dossier("D1")
    (flag,) = d1.flags
    assert flag.kind == "veto"
    assert "A、C" in flag.reason and "A, C" in flag.reason and "弄虚作假" in flag.reason and "B" not in flag.reason
    assert d1.rank == 1 and d1.tier is None and all(t is None for t in d1.tiers.values())
    assert d1.vetoed
    assert rec.dossier("D2").tier == "first"  # the vetoed dossier takes no place


def test_missing_reviews_flag_and_a_dossier_without_reviews() -> None:
    rec = run([rv("D1", "A", 80), rv("D1", "B", 70)], ["D1", "D2"], per_dossier=3)
    (flag,) = rec.dossier("D1").flags
    assert flag.kind == "missing_reviews" and "2" in flag.reason and "3" in flag.reason
    empty = rec.dossier("D2")
    assert kinds(empty.flags) == ["missing_reviews"]
    assert empty.totals == {} and empty.aggregates == dict.fromkeys(RULES)
    assert empty.rank is None and empty.ranks == dict.fromkeys(RULES) and empty.tier is None
    assert rec.dossier("D1").rank == 1


def test_conflict_flag_carries_the_declared_reason() -> None:
    rec = run([rv("D1", "A", 80), rv("D1", "B", 70)], conflicts=[("D1", "C", "曾任申报单位顾问")])
    (flag,) = rec.dossier("D1").flags
    assert flag.kind == "conflict"
    assert "C" in flag.reason and "曾任申报单位顾问" in flag.reason and "conflict of interest" in flag.reason


# ---------------------------------------------------------------------------
# ranks, ties and tiers


def test_tie_broken_by_the_forms_tie_break_criteria() -> None:
    reviews = [
        rv("D1", "A", 80, innovation=30), rv("D1", "B", 80, innovation=30),
        rv("D2", "A", 80, innovation=35), rv("D2", "B", 80, innovation=35),
    ]  # fmt: skip
    rec = run(reviews, form=make_form(tie_break=["innovation"]))
    assert (rec.dossier("D2").rank, rec.dossier("D1").rank) == (1, 2)
    assert not rec.dossier("D1").tie and not rec.dossier("D2").tie


def test_tie_break_goes_to_the_next_criterion_in_turn() -> None:
    def form(tie_break: Sequence[str]) -> Form:
        return Form(
            id="abc",
            version=1,
            title=Text("三项", "Three"),
            criteria=tuple(Criterion(k, Text(k, k), max=D(10)) for k in "abc"),
            tie_break=tuple(tie_break),
        )

    def review(n: str, e: str, a: int, b: int, c: int) -> ReviewInput:
        return ReviewInput(n, e, {"a": D(a), "b": D(b), "c": D(c)}, {}, None)

    # Both total 15 on average and have the same mean on a; D1 is higher on b.
    reviews = [
        review("D2", "X", 5, 5, 5), review("D2", "Y", 5, 5, 5),
        review("D1", "X", 6, 6, 3), review("D1", "Y", 4, 6, 5),
    ]  # fmt: skip
    rec = run(reviews, form=form(["a", "b"]))
    assert (rec.dossier("D1").rank, rec.dossier("D2").rank) == (1, 2)
    rec = run(reviews, form=form(["a"]))
    assert rec.dossier("D1").rank == rec.dossier("D2").rank == 1 and rec.dossier("D1").tie


def test_remaining_tie_is_shown_with_a_shared_rank() -> None:
    reviews = [
        rv("D1", "A", 80), rv("D2", "A", 90), rv("D3", "A", 80), rv("D4", "A", 70),
    ]  # fmt: skip
    rec = run(reviews, form=make_form(tie_break=["innovation"]))
    assert [rec.dossier(n).rank for n in ("D2", "D1", "D3", "D4")] == [1, 2, 2, 4]
    assert rec.dossier("D1").tie and rec.dossier("D3").tie and not rec.dossier("D2").tie
    # No tier is at stake, so nothing to flag: the shared rank says it.
    assert rec.dossier("D1").flags == [] and rec.to_json()["dossiers"][0]["rank"] == 2


def test_tiers_follow_quota_and_threshold_in_rank_order() -> None:
    reviews = [rv(n, "A", t) for n, t in (("D1", 90), ("D2", 80), ("D3", 70), ("D4", 55), ("D5", 65))]
    rec = run(reviews, form=make_form(tiers=[FIRST, SECOND]))
    got = {d.number: d.tier for d in rec.dossiers}
    # first: quota 1; second: quota 2 and at least 60 — D5 (65) is third in line and gets nothing.
    assert got == {"D1": "first", "D2": "second", "D3": "second", "D4": None, "D5": None}
    # A looser second tier: D4 is still under its threshold even with places left.
    loose = Tier("second", Text("二等奖", "Second prize"), quota=None, min_score=D(60))
    rec = run(reviews, form=make_form(tiers=[FIRST, loose]))
    assert {d.number: d.tier for d in rec.dossiers}["D5"] == "second"
    assert {d.number: d.tier for d in rec.dossiers}["D4"] is None


def test_threshold_skips_to_the_next_tier() -> None:
    high_bar = Tier("first", Text("一等奖", "First prize"), quota=3, min_score=D(85))
    rec = run([rv("D1", "A", 90), rv("D2", "A", 80)], form=make_form(tiers=[high_bar, SECOND]))
    assert (rec.dossier("D1").tier, rec.dossier("D2").tier) == ("first", "second")


def test_tie_straddling_a_quota_is_flagged_not_cut() -> None:
    reviews = [rv("D1", "A", 90), rv("D2", "A", 90), rv("D3", "A", 85), rv("D4", "A", 80)]
    rec = run(reviews, form=make_form(tiers=[FIRST, SECOND]))
    d1, d2 = rec.dossier("D1"), rec.dossier("D2")
    assert d1.rank == d2.rank == 1 and d1.tie and d2.tie
    # Neither takes the single first-prize place; both wait in the next tier…
    assert d1.tier == d2.tier == "second"
    for d in (d1, d2):
        boundary = [f for f in d.flags if f.kind == "tie"]
        assert len(boundary) == 1 and "一等奖" in boundary[0].reason and "First prize" in boundary[0].reason
    # …which they fill, so D3 is left out rather than silently promoted.
    assert rec.dossier("D3").tier is None and rec.dossier("D3").rank == 3


def test_tie_straddling_the_last_tier_leaves_both_without_a_tier() -> None:
    rec = run([rv("D1", "A", 90), rv("D2", "A", 90), rv("D3", "A", 80)], form=make_form(tiers=[FIRST]))
    assert [rec.dossier(n).tier for n in ("D1", "D2", "D3")] == [None, None, None]
    assert all("tie" in kinds(rec.dossier(n).flags) for n in ("D1", "D2"))
    assert "tie" not in kinds(rec.dossier("D3").flags)


def test_ties_and_boundaries_are_those_of_the_rounds_rule() -> None:
    # Mean: D1 70.00 and D2 70.00 tie. Median: D1 90 ahead of D2 70, no tie.
    reviews = [rv("D1", e, t) for e, t in zip("ABC", (90, 90, 30))] + [rv("D2", e, 70) for e in "ABC"]
    form = make_form(tiers=[FIRST])
    by_mean = run(reviews, form=form, rule="mean")
    assert by_mean.dossier("D1").tie and "tie" in kinds(by_mean.dossier("D2").flags)
    by_median = run(reviews, form=form, rule="median")
    assert not by_median.dossier("D1").tie
    assert "tie" not in kinds(by_median.dossier("D1").flags) + kinds(by_median.dossier("D2").flags)
    assert (by_median.dossier("D1").rank, by_median.dossier("D2").rank) == (1, 2)


def test_rule_changes_include_a_tier_change_at_the_same_rank() -> None:
    # D1 is first under every rule, but only its median (90) reaches the threshold.
    bar = Tier("first", Text("一等奖", "First prize"), quota=1, min_score=D(80))
    reviews = [rv("D1", e, t) for e, t in zip("ABC", (90, 90, 30))] + [rv("D2", e, 20) for e in "ABC"]
    rec = run(reviews, form=make_form(tiers=[bar]))
    d1 = rec.dossier("D1")
    assert set(d1.ranks.values()) == {1}
    assert (d1.tiers["mean"], d1.tiers["median"]) == (None, "first")
    assert rec.rule_changes == ["D1"]


def test_rule_changes_lists_dossiers_whose_rank_or_tier_depends_on_the_rule() -> None:
    reviews = [
        rv("D1", "A", 90), rv("D1", "B", 90), rv("D1", "C", 30),  # mean 70, median 90
        rv("D2", "A", 80), rv("D2", "B", 80), rv("D2", "C", 80),  # 80 under every rule
        rv("D3", "A", 20), rv("D3", "B", 20), rv("D3", "C", 20),  # last under every rule
    ]  # fmt: skip
    rec = run(reviews, form=make_form(tiers=[FIRST]))
    d1, d2 = rec.dossier("D1"), rec.dossier("D2")
    assert (d1.ranks["mean"], d1.ranks["median"]) == (2, 1)
    assert (d2.tiers["mean"], d2.tiers["median"]) == ("first", None)
    assert rec.rule_changes == ["D1", "D2"]
    assert rec.dossier("D3").ranks == dict.fromkeys(RULES, 3)


def test_rank_and_tier_follow_the_rounds_rule() -> None:
    reviews = [rv("D1", "A", 90), rv("D1", "B", 90), rv("D1", "C", 30), rv("D2", "A", 80), rv("D2", "B", 80)]
    assert run(reviews, rule="mean").dossier("D2").rank == 1
    assert run(reviews, rule="median").dossier("D1").rank == 1


# ---------------------------------------------------------------------------
# calibration


def test_expert_calibration() -> None:
    reviews = [rv("D1", "A", 80), rv("D1", "B", 70), rv("D2", "A", 90), rv("D2", "B", 80), rv("D2", "C", 70)]
    reviews.append(rv("D3", "Z", 50))  # alone on D3: no one to compare with
    cal = {c.expert: c for c in run(reviews).calibration}
    assert list(cal) == ["A", "B", "C", "Z"]
    a, b, c, z = cal["A"], cal["B"], cal["C"], cal["Z"]
    assert (a.reviews, a.mean, a.sd, a.leniency) == (2, D("85.00"), D("7.07"), D("12.50"))  # (+10 +15) / 2
    assert (b.reviews, b.mean, b.sd, b.leniency) == (2, D("75.00"), D("7.07"), D("-5.00"))  # (−10 + 0) / 2
    assert (c.reviews, c.mean, c.sd, c.leniency) == (1, D("70.00"), None, D("-15.00"))
    assert (z.reviews, z.mean, z.sd, z.leniency) == (1, D("50.00"), None, None)


def test_leniency_rounds_once_at_the_end() -> None:
    # A is +0.005 from the others' mean on D1–D3 and −0.005 on D4: exactly 0.0025
    # on average, 0.00. Rounding each difference first would give 0.005 -> 0.01.
    reviews = []
    for n in ("D1", "D2", "D3"):
        reviews += [rv(n, "A", "70.01"), rv(n, "B", 70), rv(n, "C", "70.01")]
    reviews += [rv("D4", "A", 70), rv("D4", "B", 70), rv("D4", "C", "70.01")]
    a = {c.expert: c for c in run(reviews).calibration}["A"]
    assert a.leniency == D("0.00")


# ---------------------------------------------------------------------------
# agreement


SHROUT_FLEISS = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]


def reviews_from_table(table: list[list[float]], experts: str = "ABCD") -> list[ReviewInput]:
    return [rv(f"D{i + 1}", e, v) for i, row in enumerate(table) for e, v in zip(experts, row)]


def test_agreement_on_a_complete_assignment_uses_the_full_table() -> None:
    # Shrout & Fleiss (1979) Table 2 as review totals.
    agreement = run(reviews_from_table(SHROUT_FLEISS)).agreement
    assert (agreement.ICC1, agreement.ICC2, agreement.ICC3) == (0.166, 0.290, 0.715)
    assert (agreement.ICC1k, agreement.ICC2k, agreement.ICC3k) == (0.443, 0.620, 0.909)
    assert agreement.kendall_w == round_stat(kendall_w(SHROUT_FLEISS)) is not None
    assert agreement.note is None
    assert (agreement.n_dossiers, agreement.n_experts) == (6, 4)
    readings = agreement.readings()
    assert "poor" in readings["ICC1"].en and "excellent" in readings["ICC3k"].en
    assert readings["kendall_w"].zh.startswith("W = ")


def test_incomplete_assignment_with_a_complete_block() -> None:
    # D1–D4 by A, B, C; D5–D6 by A and D: three reviews is the most common count.
    table = [[80, 70, 75], [60, 58, 66], [90, 85, 88], [70, 72, 65]]
    reviews = reviews_from_table(table, "ABC")
    reviews += [rv("D5", "A", 50), rv("D5", "D", 55), rv("D6", "A", 62), rv("D6", "D", 60)]
    agreement = run(reviews).agreement
    one, onek = icc1_oneway(table)
    block = icc_complete(table).rounded()
    assert (agreement.ICC1, agreement.ICC1k) == (round_stat(one), round_stat(onek))
    assert (agreement.ICC2, agreement.ICC3, agreement.ICC2k, agreement.ICC3k) == (
        block.ICC2,
        block.ICC3,
        block.ICC2k,
        block.ICC3k,
    )
    assert agreement.kendall_w == round_stat(kendall_w(table))
    assert agreement.block_experts == ("A", "B", "C") and agreement.block_dossiers == ("D1", "D2", "D3", "D4")
    assert (agreement.n_dossiers, agreement.n_experts) == (4, 3)
    assert agreement.note is not None
    assert "one-way" in agreement.note and "4 dossiers × 3 experts" in agreement.note and "单因素" in agreement.note


def test_icc1_uses_the_most_common_number_of_reviews() -> None:
    # Three dossiers with 2 reviews, two with 3: the one-way model takes the three.
    twos = [[80, 76], [60, 65], [90, 86]]
    pairs = [("A", "B"), ("C", "D"), ("A", "B")]
    reviews = [rv(f"P{i}", e, t) for i, (row, es) in enumerate(zip(twos, pairs)) for e, t in zip(es, row)]
    reviews += [rv("Q1", e, t) for e, t in zip("ACE", (70, 71, 75))]
    reviews += [rv("Q2", e, t) for e, t in zip("BDE", (50, 58, 52))]
    agreement = run(reviews).agreement
    one, onek = icc1_oneway(twos)
    assert (agreement.ICC1, agreement.ICC1k) == (round_stat(one), round_stat(onek))
    assert (agreement.oneway_dossiers, agreement.oneway_reviews) == (3, 2)
    assert agreement.note and "3 dossiers with 2 reviews each" in agreement.note


def test_incomplete_assignment_without_a_block_leaves_two_way_forms_null() -> None:
    pairs = [("A", "B"), ("C", "D"), ("A", "C"), ("B", "D"), ("A", "D"), ("B", "C")]
    totals = [(80, 76), (60, 65), (90, 86), (70, 71), (55, 62), (85, 80)]
    reviews = [rv(f"D{i + 1}", e, t) for i, (es, ts) in enumerate(zip(pairs, totals)) for e, t in zip(es, ts)]
    agreement = run(reviews).agreement
    one, onek = icc1_oneway([list(t) for t in totals])
    assert (agreement.ICC1, agreement.ICC1k) == (round_stat(one), round_stat(onek))
    assert agreement.ICC1 is not None
    assert (agreement.ICC2, agreement.ICC3, agreement.ICC2k, agreement.ICC3k, agreement.kendall_w) == (None,) * 5
    assert agreement.note is not None and "no complete block of at least 3 dossiers × 2 experts" in agreement.note
    assert "完整子表" in agreement.note
    assert agreement.to_json()["ICC2"] is None


def test_agreement_with_a_single_expert_is_null_with_a_note() -> None:
    agreement = run([rv("D1", "A", 80), rv("D2", "A", 70)]).agreement
    assert agreement.to_json() == {
        "ICC1": None, "ICC2": None, "ICC3": None, "ICC1k": None, "ICC2k": None, "ICC3k": None,
        "kendall_w": None, "note": agreement.note,
    }  # fmt: skip
    assert agreement.note and "fewer than 2 experts" in agreement.note


# ---------------------------------------------------------------------------
# JSON and validation


def test_to_json_is_exactly_the_design_shape() -> None:
    reviews = [
        rv("D1", "A", "80.5"), rv("D1", "B", 70, veto=True),
        rv("D2", "A", 95, innovation=40), rv("D2", "B", 60, innovation=10),
    ]  # fmt: skip
    rec = run(reviews, ["D1", "D2", "D3"], spread_limit=D(15), per_dossier=2)
    doc: dict[str, Any] = json.loads(json.dumps(rec.to_json(), ensure_ascii=False))
    assert set(doc) == {"round", "rule", "dossiers", "agreement"}
    assert (doc["round"], doc["rule"]) == (7, "mean")
    assert [d["number"] for d in doc["dossiers"]] == ["D1", "D2", "D3"]
    for d in doc["dossiers"]:
        assert set(d) == {"number", "totals", "aggregates", "rank", "flags"}
        assert set(d["aggregates"]) == set(RULES)
        for flag in d["flags"]:
            assert set(flag) == {"kind", "reason"} and isinstance(flag["reason"], str)
    d1, d2, d3 = doc["dossiers"]
    assert d1["totals"] == {"A": 80.5, "B": 70.0} and isinstance(d1["totals"]["B"], float)
    assert d1["aggregates"]["mean"] == 75.25 and d1["rank"] == 2
    assert [f["kind"] for f in d1["flags"]] == ["veto"]
    assert d2["rank"] == 1 and [f["kind"] for f in d2["flags"]] == ["spread"]
    assert d3 == {
        "number": "D3",
        "totals": {},
        "aggregates": dict.fromkeys(RULES),
        "rank": None,
        "flags": [{"kind": "missing_reviews", "reason": rec.dossier("D3").flags[0].reason}],
    }
    assert set(doc["agreement"]) == {"ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k", "kendall_w", "note"}
    for key in ("ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k", "kendall_w"):
        value = doc["agreement"][key]
        assert value is None or (isinstance(value, float) and round(value, 3) == value)


def test_bad_input_is_refused_in_words() -> None:
    with pytest.raises(ReconcileError, match="unknown aggregation rule"):
        run([rv("D1", "A", 80)], rule="max")
    with pytest.raises(ReconcileError, match="two reviews"):
        run([rv("D1", "A", 80), rv("D1", "A", 70)])
    with pytest.raises(ReconcileError, match="not in this round"):
        run([rv("D9", "A", 80)], ["D1"])
    with pytest.raises(ReconcileError, match="listed twice"):
        run([rv("D1", "A", 80)], ["D1", "D1"])
    with pytest.raises(ReconcileError, match="申报"):
        run([rv("D1", "A", 80)], conflicts=[("D2", "B", "")])


def test_totals_come_from_the_form() -> None:
    weighted = Form(
        id="w",
        version=1,
        title=Text("加权", "Weighted"),
        criteria=(Criterion("q", Text("质量", "Quality"), max=D(10), weight=D(30)),),
    )
    review = ReviewInput("D1", "A", {"q": D("7.5")}, {}, "recommend")
    rec = run([review], form=weighted)
    assert rec.dossier("D1").totals == {"A": D("22.50")}
