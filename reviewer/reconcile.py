"""Reconciliation of a round: the score matrix under every aggregation rule,
disagreement flags, expert calibration, agreement statistics, ranks and tiers.

The committee decides, the software shows: nothing here hides a tie, a veto or
a disagreement; each flag carries its reason in words (Chinese / English).
How and where numbers are rounded is stated in :mod:`reviewer.stats`.

Pure Python and no database: the caller gathers a :class:`RoundInput` and gets
back a :class:`Reconciliation`, whose ``to_json()`` is the ``reconcile`` JSON of
DESIGN.md.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any, Mapping, Sequence

from forms.model import Form, Text, Tier
from reviewer.errors import ReviewerError
from reviewer.stats import (
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
    to_ints,
    trimmed_mean,
    zscore_means,
)

RULES = ("mean", "trimmed", "median", "zscore")

#: Every flag kind. ``tie`` is a tie (left after the tie-break) that straddles
#: an award tier's quota; other ties show as a shared rank and ``tie=True``.
FLAG_KINDS = (
    "spread",
    "outlier",
    "criterion_spread",
    "veto",
    "missing_reviews",
    "conflict",
    "tie",
)

_NEG_INF = Decimal("-Infinity")


class ReconcileError(ReviewerError):
    """The round's data cannot be reconciled as given (a bug upstream, in words)."""


@dataclass(frozen=True)
class ReviewInput:
    """One submitted review: an expert's scores for one dossier."""

    dossier: str
    expert: str
    scores: Mapping[str, Decimal]
    vetoes: Mapping[str, bool]
    recommendation: str | None
    comment: str = ""


@dataclass(frozen=True)
class RoundInput:
    """Everything reconciliation needs about a round; ``conflicts`` are
    (dossier, expert, reason) declarations (回避)."""

    round_id: int
    form: Form
    rule: str
    spread_limit: Decimal | None
    per_dossier: int
    dossiers: Sequence[str]
    reviews: Sequence[ReviewInput]
    conflicts: Sequence[tuple[str, str, str]] = ()
    trim_threshold: int = 5


@dataclass
class Flag:
    """Something the committee should look at; ``reason`` is "中文 / English"."""

    kind: str
    reason: str

    def to_json(self) -> dict[str, str]:
        return {"kind": self.kind, "reason": self.reason}


@dataclass
class DossierResult:
    """One dossier's line of the reconciliation.

    ``totals`` maps expert -> review total (experts in name order);
    ``aggregates``, ``ranks`` and ``tiers`` are keyed by rule (None without
    reviews); ``rank``/``tier`` are those of the round's rule; ``tie`` says the
    rank is shared after the tie-break.
    """

    number: str
    totals: dict[str, Decimal]
    aggregates: dict[str, Decimal | None]
    ranks: dict[str, int | None]
    tiers: dict[str, str | None]
    rank: int | None
    tier: str | None
    tie: bool
    flags: list[Flag]
    criterion_means: dict[str, Decimal]
    criterion_spreads: dict[str, Decimal]

    @property
    def vetoed(self) -> bool:
        return any(f.kind == "veto" for f in self.flags)


@dataclass
class ExpertCalibration:
    """How one expert scores: ``leniency`` is the mean of (own total − mean of
    the other experts' totals) over the dossiers shared with others; positive
    means more generous."""

    expert: str
    reviews: int
    mean: Decimal | None
    sd: Decimal | None
    leniency: Decimal | None


@dataclass
class Agreement:
    """Inter-rater agreement on review totals, as DESIGN.md specifies.

    Values are reported (3 decimals, half-up). ``n_dossiers`` × ``n_experts``
    is the table the two-way forms (ICC2, ICC3, ICC2k, ICC3k) and W come from —
    the full table, or the complete block of an incomplete assignment; when
    there is none, the one-way sample (dossiers × reviews each) behind ICC1.
    """

    ICC1: float | None
    ICC2: float | None
    ICC3: float | None
    ICC1k: float | None
    ICC2k: float | None
    ICC3k: float | None
    kendall_w: float | None
    note: str | None
    n_dossiers: int
    n_experts: int
    #: The experts and dossiers of the complete table or block (empty if none).
    block_experts: tuple[str, ...] = ()
    block_dossiers: tuple[str, ...] = ()
    #: The one-way sample behind ICC1/ICC1k: dossiers, and reviews per dossier.
    oneway_dossiers: int = 0
    oneway_reviews: int = 0

    def readings(self) -> dict[str, Text]:
        """One line per statistic (Koo & Li 2016 for ICC, Schmidt 1997 for W)."""
        out = {name: reading_icc(getattr(self, name)) for name in _ICC_NAMES}
        out["kendall_w"] = reading_w(self.kendall_w)
        return out

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {name: getattr(self, name) for name in _ICC_NAMES}
        out["kendall_w"] = self.kendall_w
        out["note"] = self.note
        return out


_ICC_NAMES = ("ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k")


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


@dataclass
class Reconciliation:
    round_id: int
    rule: str
    dossiers: list[DossierResult]
    rule_changes: list[str]
    calibration: list[ExpertCalibration]
    agreement: Agreement

    def dossier(self, number: str) -> DossierResult:
        for d in self.dossiers:
            if d.number == number:
                return d
        raise KeyError(number)

    def to_json(self) -> dict[str, Any]:
        """The ``reconcile`` JSON of DESIGN.md, nothing more: numbers are the
        floats of the rounded decimals, null where undefined."""
        return {
            "round": self.round_id,
            "rule": self.rule,
            "dossiers": [
                {
                    "number": d.number,
                    "totals": {e: float(t) for e, t in d.totals.items()},
                    "aggregates": {r: _num(d.aggregates[r]) for r in RULES},
                    "rank": d.rank,
                    "flags": [f.to_json() for f in d.flags],
                }
                for d in self.dossiers
            ],
            "agreement": self.agreement.to_json(),
        }


# ---------------------------------------------------------------------------
# formatting of reasons


def _p(value: Decimal) -> str:
    """Points as shown everywhere: fixed 2 decimals."""
    return str(round_total(value))


def _names(names: Sequence[str]) -> tuple[str, str]:
    return "、".join(names), ", ".join(names)


def _flag(kind: str, zh: str, en: str) -> Flag:
    return Flag(kind, f"{zh} / {en}")


# ---------------------------------------------------------------------------
# the computation


@dataclass
class _Dossier:
    number: str
    reviews: list[ReviewInput] = field(default_factory=list)
    totals: list[Decimal] = field(default_factory=list)


def _validate(data: RoundInput) -> dict[str, _Dossier]:
    if data.rule not in RULES:
        raise ReconcileError(
            f"未知的汇总规则「{data.rule}」，可选：{'、'.join(RULES)} / "
            f"unknown aggregation rule {data.rule!r}; one of {', '.join(RULES)}"
        )
    dossiers: dict[str, _Dossier] = {}
    for number in data.dossiers:
        if number in dossiers:
            raise ReconcileError(f"申报编号 {number} 重复 / dossier {number} is listed twice")
        dossiers[number] = _Dossier(number)
    seen: set[tuple[str, str]] = set()
    for review in data.reviews:
        if review.dossier not in dossiers:
            raise ReconcileError(
                f"评审意见指向不属于本轮的申报 {review.dossier} / a review names dossier "
                f"{review.dossier}, which is not in this round"
            )
        if (review.dossier, review.expert) in seen:
            raise ReconcileError(
                f"专家 {review.expert} 对申报 {review.dossier} 有两份评审意见 / expert "
                f"{review.expert} has two reviews of dossier {review.dossier}"
            )
        seen.add((review.dossier, review.expert))
        entry = dossiers[review.dossier]
        entry.reviews.append(review)
        entry.totals.append(data.form.total(review.scores))
    for dossier, expert, _ in data.conflicts:
        if dossier not in dossiers:
            raise ReconcileError(
                f"专家 {expert} 声明回避的申报 {dossier} 不属于本轮 / expert {expert} declared a "
                f"conflict on dossier {dossier}, which is not in this round"
            )
    return dossiers


def _criteria(form: Form, reviews: list[ReviewInput]) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    """Per criterion scored on this dossier: the mean (rounded) and the spread
    max − min (exact)."""
    means: dict[str, Decimal] = {}
    spreads: dict[str, Decimal] = {}
    for c in form.criteria:
        values = [r.scores[c.key] for r in reviews if c.key in r.scores]
        if values:
            means[c.key] = mean(values)
            spreads[c.key] = max(values) - min(values)
    return means, spreads


def _disagreement_flags(data: RoundInput, entry: _Dossier, spreads: Mapping[str, Decimal]) -> list[Flag]:
    flags: list[Flag] = []
    limit = data.spread_limit
    totals = entry.totals
    k = len(totals)
    if limit is not None and k >= 2:
        spread = max(totals) - min(totals)
        if spread > limit:
            flags.append(
                _flag(
                    "spread",
                    f"各专家总分极差 {_p(spread)} 分，超过本轮上限 {_p(limit)} 分",
                    f"the experts' totals spread {_p(spread)} points, above the round's limit of {_p(limit)}",
                )
            )
    # With two reviews each is equally far from "the others": no outlier can be named.
    if limit is not None and k >= 3:
        whole = sum(totals, Decimal(0))
        for review, x in zip(entry.reviews, totals):
            others = whole - x
            gap = (k - 1) * x - others  # (k − 1) × (x − others' mean), exact
            if abs(gap) > limit * (k - 1):
                others_mean = round_total(Fraction(others) / (k - 1))
                distance = round_total(Fraction(abs(gap)) / (k - 1))
                flags.append(
                    _flag(
                        "outlier",
                        f"专家 {review.expert} 的总分 {_p(x)} 与其他专家均值 {others_mean} 相差 "
                        f"{distance} 分，超过上限 {_p(limit)} 分",
                        f"expert {review.expert}'s total {_p(x)} is {distance} points from the "
                        f"others' mean {others_mean}, above the limit of {_p(limit)}",
                    )
                )
    for c in data.form.criteria:
        if c.spread_limit is not None and c.key in spreads and spreads[c.key] > c.spread_limit:
            flags.append(
                _flag(
                    "criterion_spread",
                    f"「{c.title.zh}」评分极差 {_p(spreads[c.key])} 分，超过该项上限 {_p(c.spread_limit)} 分",
                    f"scores on “{c.title.en or c.title.zh}” spread {_p(spreads[c.key])} points, above "
                    f"the criterion's limit of {_p(c.spread_limit)}",
                )
            )
    return flags


def _veto_flags(form: Form, reviews: list[ReviewInput]) -> list[Flag]:
    yes: dict[str, list[str]] = {}
    for review in reviews:
        for key, answer in review.vetoes.items():
            if answer:
                yes.setdefault(key, []).append(review.expert)
    known = [v.key for v in form.vetoes]
    flags: list[Flag] = []
    for key in known + sorted(k for k in yes if k not in known):
        if key not in yes:
            continue
        question = next((v.question for v in form.vetoes if v.key == key), Text(key, key))
        zh, en = _names(yes[key])
        flags.append(
            _flag(
                "veto",
                f"一票否决项「{question.zh or key}」被 {zh} 回答“是”",
                f"veto item “{question.en or question.zh or key}” answered yes by {en}",
            )
        )
    return flags


def _rank(
    numbers: Sequence[str], aggregates: Mapping[str, Decimal], tie_means: Mapping[str, tuple[Decimal, ...]]
) -> list[tuple[int, list[str]]]:
    """Rank groups in order: (rank, dossiers sharing it). Higher aggregate first,
    then higher mean on each tie-break criterion; equal keys share a rank
    (competition ranking 1, 2, 2, 4)."""

    def key(n: str) -> tuple[Decimal, ...]:
        return (aggregates[n], *tie_means[n])

    ordered = sorted(numbers, key=key, reverse=True)  # stable: equal keys keep dossier order
    groups: list[tuple[int, list[str]]] = []
    for position, number in enumerate(ordered):
        if groups and key(groups[-1][1][0]) == key(number):
            groups[-1][1].append(number)
        else:
            groups.append((position + 1, [number]))
    return groups


@dataclass
class _Straddle:
    rank: int
    members: list[str]
    tier: Tier
    places: int


def _allocate(
    groups: list[tuple[int, list[str]]], aggregates: Mapping[str, Decimal], vetoed: set[str], tiers: Sequence[Tier]
) -> tuple[dict[str, str | None], list[_Straddle]]:
    """Award tiers in rank order, highest tier first.

    A tier takes dossiers while it has places left (``quota``) and their
    aggregate reaches ``min_score``. Vetoed dossiers take no tier and no place.
    A tied group larger than the places left is not cut: those places stay
    open, the whole group moves on to the next tier, and the straddle is
    reported so that the committee decides.
    """
    allocated: dict[str, str | None] = {}
    straddles: list[_Straddle] = []
    index = 0
    left = tiers[0].quota if tiers else None
    for rank, group in groups:
        members = [n for n in group if n not in vetoed]
        if not members:
            continue
        score = aggregates[members[0]]
        while index < len(tiers):
            tier = tiers[index]
            too_low = tier.min_score is not None and score < tier.min_score
            if too_low or left == 0:
                index += 1
                left = tiers[index].quota if index < len(tiers) else None
                continue
            if left is None or len(members) <= left:
                for n in members:
                    allocated[n] = tier.key
                if left is not None:
                    left -= len(members)
                break
            straddles.append(_Straddle(rank, members, tier, left))
            index += 1
            left = tiers[index].quota if index < len(tiers) else None
    return allocated, straddles


def _calibration(entries: Sequence[_Dossier]) -> list[ExpertCalibration]:
    all_totals = [t for e in entries for t in e.totals]
    if not all_totals:
        return []
    _, factor = to_ints(all_totals)
    own: dict[str, list[Decimal]] = {}
    # leniency numerators, kept exact: per expert, per dossier size k, Σ(k·x − S)
    lenient: dict[str, dict[int, int]] = {}
    shared: Counter[str] = Counter()
    for entry in entries:
        ints = [int(t * factor) for t in entry.totals]
        whole, k = sum(ints), len(ints)
        for review, total, x in zip(entry.reviews, entry.totals, ints):
            own.setdefault(review.expert, []).append(total)
            if k >= 2:
                by_size = lenient.setdefault(review.expert, {})
                by_size[k] = by_size.get(k, 0) + k * x - whole
                shared[review.expert] += 1
    out: list[ExpertCalibration] = []
    for expert in sorted(own):
        totals = own[expert]
        leniency: Decimal | None = None
        if shared[expert]:
            diff = sum((Fraction(v, k - 1) for k, v in lenient[expert].items()), Fraction(0))
            leniency = round_total(diff / (shared[expert] * factor))
        out.append(ExpertCalibration(expert, len(totals), mean(totals), sample_sd(totals), leniency))
    return out


def _agreement(entries: Sequence[_Dossier]) -> Agreement:
    scored = [e for e in entries if e.reviews]
    experts = sorted({r.expert for e in scored for r in e.reviews})
    empty = dict(ICC1=None, ICC2=None, ICC3=None, ICC1k=None, ICC2k=None, ICC3k=None, kendall_w=None)
    if len(experts) < 2 or len(scored) < 2:
        return Agreement(
            **empty,
            note="评审专家或已评申报不足 2 个，无法计算一致性 / fewer than 2 experts or reviewed "
            "dossiers: agreement cannot be computed",
            n_dossiers=len(scored),
            n_experts=len(experts),
        )
    table_of = {e.number: {r.expert: float(t) for r, t in zip(e.reviews, e.totals)} for e in scored}

    if all(len(e.reviews) == len(experts) for e in scored):
        table = [[table_of[e.number][x] for x in experts] for e in scored]
        icc = icc_complete(table).rounded()
        w = round_stat(kendall_w(table))
        undefined = [n for n in (*_ICC_NAMES, "kendall_w") if (w if n == "kendall_w" else getattr(icc, n)) is None]
        note = None
        if undefined:
            note = (
                f"{'、'.join(undefined)} 无定义（总分没有差异）/ {', '.join(undefined)} undefined "
                "(the totals do not vary)"
            )
        return Agreement(
            ICC1=icc.ICC1,
            ICC2=icc.ICC2,
            ICC3=icc.ICC3,
            ICC1k=icc.ICC1k,
            ICC2k=icc.ICC2k,
            ICC3k=icc.ICC3k,
            kendall_w=w,
            note=note,
            n_dossiers=len(scored),
            n_experts=len(experts),
            block_experts=tuple(experts),
            block_dossiers=tuple(e.number for e in scored),
            oneway_dossiers=len(scored),
            oneway_reviews=len(experts),
        )

    # Incomplete assignment. ICC1/ICC1k: one-way model over the dossiers with
    # the most common number of reviews (a single review says nothing about
    # agreement, so counts below 2 are left out; equal frequencies: more reviews).
    zh_parts: list[str] = []
    en_parts: list[str] = []
    counts = Counter(len(e.reviews) for e in scored if len(e.reviews) >= 2)
    icc1 = icc1k = None
    oneway_n = oneway_k = 0
    if counts:
        oneway_k = max(counts, key=lambda k: (counts[k], k))
        groups = [e.totals for e in scored if len(e.reviews) == oneway_k]
        oneway_n = len(groups)
        if oneway_n >= 2:
            one, onek = icc1_oneway([[float(t) for t in g] for g in groups])
            icc1, icc1k = round_stat(one), round_stat(onek)
            zh_parts.append(f"分配不完整：ICC1/ICC1k 来自 {oneway_n} 份各有 {oneway_k} 份评审的申报（单因素模型）")
            en_parts.append(
                f"incomplete assignment: ICC1/ICC1k from the one-way model over the {oneway_n} "
                f"dossiers with {oneway_k} reviews each"
            )
    if not zh_parts:
        zh_parts.append("分配不完整，且评审数相同（≥2 份）的申报不足 2 份：ICC1/ICC1k 为空")
        en_parts.append(
            "incomplete assignment, and fewer than 2 dossiers share a number of reviews (≥ 2): ICC1/ICC1k are null"
        )

    block = find_complete_block({e.number: [r.expert for r in e.reviews] for e in scored})
    if block is None:
        zh_parts.append("不存在至少 3 份申报 × 2 位专家的完整子表：ICC2、ICC3、ICC2k、ICC3k 与 W 为空")
        en_parts.append(
            "no complete block of at least 3 dossiers × 2 experts exists: ICC2, ICC3, ICC2k, ICC3k and W are null"
        )
        return Agreement(
            ICC1=icc1,
            ICC2=None,
            ICC3=None,
            ICC1k=icc1k,
            ICC2k=None,
            ICC3k=None,
            kendall_w=None,
            note="；".join(zh_parts) + " / " + "; ".join(en_parts),
            n_dossiers=oneway_n,
            n_experts=oneway_k,
            oneway_dossiers=oneway_n,
            oneway_reviews=oneway_k,
        )
    dossiers, block_experts = block
    table = [[table_of[d][x] for x in block_experts] for d in dossiers]
    icc = icc_complete(table).rounded()
    w = round_stat(kendall_w(table))
    zh_names, en_names = _names(block_experts)
    zh_parts.append(
        f"ICC2、ICC3、ICC2k、ICC3k 与 W 来自 {len(dossiers)} 份申报 × {len(block_experts)} 位专家"
        f"（{zh_names}）的完整子表"
    )
    en_parts.append(
        f"ICC2, ICC3, ICC2k, ICC3k and W from a complete block of {len(dossiers)} dossiers × "
        f"{len(block_experts)} experts ({en_names})"
    )
    return Agreement(
        ICC1=icc1,
        ICC2=icc.ICC2,
        ICC3=icc.ICC3,
        ICC1k=icc1k,
        ICC2k=icc.ICC2k,
        ICC3k=icc.ICC3k,
        kendall_w=w,
        note="；".join(zh_parts) + " / " + "; ".join(en_parts),
        n_dossiers=len(dossiers),
        n_experts=len(block_experts),
        block_experts=tuple(block_experts),
        block_dossiers=tuple(dossiers),
        oneway_dossiers=oneway_n,
        oneway_reviews=oneway_k,
    )


def reconcile(data: RoundInput) -> Reconciliation:
    """Everything the committee needs to see about a round, under every rule."""
    entries = _validate(data)
    form = data.form
    numbers = list(entries)
    scored = [n for n in numbers if entries[n].reviews]

    # rule -> dossier -> aggregate, for the dossiers that have reviews
    by_rule: dict[str, dict[str, Decimal]] = {
        "mean": {n: mean(entries[n].totals) for n in scored},
        "trimmed": {n: trimmed_mean(entries[n].totals, data.trim_threshold) for n in scored},
        "median": {n: median(entries[n].totals) for n in scored},
        "zscore": zscore_means(
            {(n, r.expert): t for n in scored for r, t in zip(entries[n].reviews, entries[n].totals)}
        ),
    }
    aggregates: dict[str, dict[str, Decimal | None]] = {
        n: {rule: by_rule[rule].get(n) for rule in RULES} for n in numbers
    }

    criterion_means: dict[str, dict[str, Decimal]] = {}
    criterion_spreads: dict[str, dict[str, Decimal]] = {}
    for n in numbers:
        criterion_means[n], criterion_spreads[n] = _criteria(form, entries[n].reviews)

    flags: dict[str, list[Flag]] = {n: [] for n in numbers}
    vetoed: set[str] = set()
    for n in numbers:
        entry = entries[n]
        flags[n].extend(_disagreement_flags(data, entry, criterion_spreads[n]))
        veto = _veto_flags(form, entry.reviews)
        if veto:
            vetoed.add(n)
        flags[n].extend(veto)
        if len(entry.reviews) < data.per_dossier:
            flags[n].append(
                _flag(
                    "missing_reviews",
                    f"评审意见 {len(entry.reviews)} 份，少于本轮要求的 {data.per_dossier} 份",
                    f"{len(entry.reviews)} review(s), fewer than the {data.per_dossier} the round requires",
                )
            )
    for dossier, expert, reason in data.conflicts:
        said = reason.strip()
        flags[dossier].append(
            _flag(
                "conflict",
                f"专家 {expert} 声明回避" + (f"：{said}" if said else ""),
                f"expert {expert} declared a conflict of interest" + (f": {said}" if said else ""),
            )
        )

    tie_means = {
        n: tuple(criterion_means[n].get(key, _NEG_INF) for key in form.tie_break) for n in scored
    }
    ranks: dict[str, dict[str, int | None]] = {n: dict.fromkeys(RULES) for n in numbers}
    tiers: dict[str, dict[str, str | None]] = {n: dict.fromkeys(RULES) for n in numbers}
    tied: set[str] = set()
    for rule in RULES:
        values = by_rule[rule]
        groups = _rank(scored, values, tie_means)
        for rank, group in groups:
            for n in group:
                ranks[n][rule] = rank
        allocated, straddles = _allocate(groups, values, vetoed, form.tiers)
        for n, tier_key in allocated.items():
            tiers[n][rule] = tier_key
        if rule != data.rule:
            continue
        tied.update(n for _, group in groups if len(group) > 1 for n in group)
        for straddle in straddles:
            tier_zh = straddle.tier.title.zh or straddle.tier.key
            tier_en = straddle.tier.title.en or straddle.tier.key
            for n in straddle.members:
                flags[n].append(
                    _flag(
                        "tie",
                        f"并列第 {straddle.rank} 名的 {len(straddle.members)} 项跨越「{tier_zh}」名额界限"
                        f"（剩余 {straddle.places} 个名额）：该名额未自动分配，并列各项暂按下一等级计，"
                        "由评审委员会决定",
                        f"{len(straddle.members)} dossiers tied at rank {straddle.rank} straddle the quota of "
                        f"“{tier_en}” ({straddle.places} place(s) left): the place is not allocated "
                        "automatically and the tied dossiers go on to the next tier, if any, until the "
                        "committee decides",
                    )
                )

    results = [
        DossierResult(
            number=n,
            totals=dict(sorted((r.expert, t) for r, t in zip(entries[n].reviews, entries[n].totals))),
            aggregates=aggregates[n],
            ranks=ranks[n],
            tiers=tiers[n],
            rank=ranks[n][data.rule],
            tier=tiers[n][data.rule],
            tie=n in tied,
            flags=flags[n],
            criterion_means=criterion_means[n],
            criterion_spreads={k: round_total(v) for k, v in criterion_spreads[n].items()},
        )
        for n in numbers
    ]
    rule_changes = [
        r.number
        for r in results
        if len(set(r.ranks.values())) > 1 or len(set(r.tiers.values())) > 1
    ]
    return Reconciliation(
        round_id=data.round_id,
        rule=data.rule,
        dossiers=results,
        rule_changes=rule_changes,
        calibration=_calibration([entries[n] for n in numbers]),
        agreement=_agreement([entries[n] for n in numbers]),
    )


__all__ = [
    "FLAG_KINDS",
    "RULES",
    "Agreement",
    "DossierResult",
    "ExpertCalibration",
    "Flag",
    "ReconcileError",
    "Reconciliation",
    "ReviewInput",
    "RoundInput",
    "reconcile",
]
