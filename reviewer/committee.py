"""The committee's side of a round: reconciliation read from the workspace, and the
decisions the committee records on it.

:mod:`reviewer.reconcile` is pure; this module is the glue that feeds it from the
database (:func:`round_input`, :func:`reconcile_round`, :func:`score_matrix`) and
the record of what the committee decided (:func:`decision_rows`, :func:`confirm`,
:func:`confirm_all`, :func:`override`, :func:`clear_decision`, :func:`finalise`,
:func:`reopen_round`). The GUI, the sheets and the exports call these; the
functions take the caller's session and never commit (the caller's
``with ws.session()`` does).

What counts
    Only the *current, submitted* version of each expert's review of a dossier
    (``Review.current`` and ``Review.status == "submitted"``). Superseded versions,
    drafts, and paper reviews whose typing is not yet submitted do not count.
    Conflicts (回避) count when they block (``declared`` or ``confirmed``).

Decisions
    A decision records the rank, tier and final score the committee settles on,
    next to the computed rank and tier it saw (``computed_rank``/``computed_tier``).
    *Confirming* takes the computed values; *overriding* sets others and needs a
    reason. Every change is written to the audit log with the old and new values
    and the *basis* of the decision — the rule, the aggregate and the review
    versions it was made on — so that a later change (a newly merged version, a
    changed rule, a rank shifted by another dossier) shows the decision as
    **stale** (:attr:`DecisionRow.stale`, with the reasons in words). A stale
    decision must be confirmed or overridden again before the round is finalised.

Finalising
    :func:`finalise` refuses (:class:`NotReady`, listing every point) while a
    dossier that has reviews lacks a decision, a decision is stale, or a paper
    review is typed but not submitted. A finalised round is locked: these
    functions and every other service refuse changes (``rounds.require_open``)
    until :func:`reopen_round`, which needs a reason.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import String, select, type_coerce
from sqlalchemy.orm import Session, selectinload

from db.models import Assignment, AuditEntry, Conflict, Decision, Dossier, Expert, Review, Round, Score, utcnow
from forms.model import Form, Text, Tier
from reviewer import audit, crypto, rounds
from reviewer.errors import NotFound, StateError, ValidationError
from reviewer.gcpause import collector_paused
from reviewer.payloads import CONFLICT_KINDS
from reviewer.reconcile import DossierResult, Flag, Reconciliation, ReviewInput, RoundInput, reconcile

#: Conflict statuses that keep an expert away from a dossier.
BLOCKING = ("declared", "confirmed")

#: A short name for each flag kind (zh, en), for lists of open issues and legends.
FLAG_LABELS: dict[str, tuple[str, str]] = {
    "spread": ("总分分歧", "totals spread"),
    "outlier": ("离群评分", "outlying total"),
    "criterion_spread": ("单项分歧", "criterion spread"),
    "veto": ("一票否决", "veto"),
    "missing_reviews": ("评审意见不足", "missing reviews"),
    "conflict": ("回避", "conflict of interest"),
    "tie": ("并列跨越名额界限", "tie at a tier boundary"),
}

#: Audit actions of decisions; the latest per dossier holds the decision's basis.
DECISION_ACTIONS = ("decision.confirm", "decision.override", "decision.clear")


class NotReady(StateError):
    """The round cannot be finalised yet; ``problems`` lists every missing point."""

    def __init__(self, message: str, problems: list[str]) -> None:
        super().__init__(message)
        self.problems = problems


# ---------------------------------------------------------------------------
# small helpers


_DIGITS = re.compile(r"([0-9]+)")


def number_key(number: str) -> tuple[tuple[int, int, str], ...]:
    """Natural order of application numbers ("AI-2" before "AI-10"); zero-padded
    numbers sort as they read either way."""
    return tuple((0, int(p), "") if p[:1].isdigit() else (1, 0, p) for p in _DIGITS.split(number) if p)


def tier_of(form: Form, key: str | None) -> Tier | None:
    """The form's tier with ``key`` (None for None or an unknown key)."""
    if key is None:
        return None
    return next((t for t in form.tiers if t.key == key), None)


def tier_label(form: Form, key: str | None) -> Text:
    """A tier's title as shown; "无 / none" for no tier."""
    if key is None:
        return Text("无", "none")
    tier = tier_of(form, key)
    return tier.title if tier is not None else Text(key, key)


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _required(value: str, zh: str, en: str, key: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError(f"须填写{zh} ({en} is required)", [key])
    return text


# ---------------------------------------------------------------------------
# what the database holds about a round


#: The expert's own declaration first, then the secretary's record, then a detection.
_ORIGIN_ORDER = {"expert": 0, "secretary": 1, "detected": 2}


@dataclass
class _Snapshot:
    rnd: Round
    form: Form
    dossiers: list[Dossier]
    #: current submitted reviews, scores loaded
    reviews: list[Review]
    #: blocking conflicts
    conflicts: list[Conflict]


def _snapshot(s: Session, rnd: Round, dossier: Dossier | None = None) -> _Snapshot:
    """The round's counted reviews and blocking conflicts (of one dossier, if given)."""
    reviews_q = (
        select(Review)
        .where(Review.round_id == rnd.id, Review.current.is_(True), Review.status == "submitted")
        .options(selectinload(Review.scores), selectinload(Review.expert), selectinload(Review.dossier))
    )
    conflicts_q = (
        select(Conflict)
        .where(Conflict.round_id == rnd.id, Conflict.status.in_(BLOCKING))
        .options(selectinload(Conflict.expert), selectinload(Conflict.dossier))
    )
    if dossier is not None:
        reviews_q = reviews_q.where(Review.dossier_id == dossier.id)
        conflicts_q = conflicts_q.where(Conflict.dossier_id == dossier.id)
        dossiers = [dossier]
    else:
        dossiers = sorted(s.scalars(select(Dossier).where(Dossier.round_id == rnd.id)),
                          key=lambda d: number_key(d.number))
    reviews = sorted(s.scalars(reviews_q), key=lambda r: (number_key(r.dossier.number), r.expert.name))
    conflicts = sorted(
        s.scalars(conflicts_q),
        key=lambda c: (number_key(c.dossier.number), c.expert.name, _ORIGIN_ORDER.get(c.origin, len(_ORIGIN_ORDER))),
    )
    return _Snapshot(rnd, rounds.round_form(rnd), dossiers, reviews, conflicts)


def _conflict_lines(conflicts: list[Conflict], scored: set[tuple[int, int]]) -> list[tuple[str, str, str]]:
    """(dossier, expert, reason) once per dossier × expert; the reason names the kind in
    Chinese, the stated reason, and whether the expert's review (``scored`` holds the
    (dossier id, expert id) pairs with a counted review) is counted anyway."""
    merged: dict[tuple[int, int], tuple[str, str, list[str]]] = {}
    for c in conflicts:
        key = (c.dossier_id, c.expert_id)
        kind = CONFLICT_KINDS.get(c.kind, (c.kind, c.kind))[0]
        said = c.reason.strip()
        text = f"{kind}，{said}" if said else kind
        entry = merged.setdefault(key, (c.dossier.number, c.expert.name, []))
        if text not in entry[2]:
            entry[2].append(text)
    lines = []
    for key, (number, expert, texts) in merged.items():
        reason = "；".join(texts)
        if key in scored:
            reason += "（该专家仍有已提交的评分，计入汇总）"
        lines.append((number, expert, reason))
    return lines


def _snapshot_conflict_lines(snap: _Snapshot) -> list[tuple[str, str, str]]:
    return _conflict_lines(snap.conflicts, {(r.dossier_id, r.expert_id) for r in snap.reviews})


def round_input(s: Session, round_id: int | str) -> RoundInput:
    """What the reconciliation engine needs about a round, read from the workspace.

    Dossiers in (natural) number order; the current submitted review of each
    expert (paper reviews only once submitted); blocking conflicts as
    ``(dossier, expert, reason)`` with the kind in Chinese. Experts are named
    by their names, which are unique within a round.
    """
    rnd = rounds.get_round(s, round_id)
    form = rounds.round_form(rnd)
    # Plain column reads, no ORM objects: a provincial round has 14,000 reviews and
    # 100,000+ scores, and hydrating them as Review/Score objects took ~6 s of the 7.
    counted = (Review.round_id == rnd.id, Review.current.is_(True), Review.status == "submitted")
    # Core results through the session's connection skip the ORM's row processing.
    conn = s.connection()
    numbers = dict(conn.execute(select(Dossier.id, Dossier.number).where(Dossier.round_id == rnd.id)).all())
    names = dict(conn.execute(select(Expert.id, Expert.name).where(Expert.round_id == rnd.id)).all())
    keys = {c.key for c in form.criteria}
    order = {number: number_key(number) for number in numbers.values()}
    scores: dict[int, dict[str, Decimal]] = {}
    # Scores are few distinct texts ("7.5", "8" …): each becomes a Decimal once.
    decimals: dict[str, Decimal] = {}
    for review_id, criterion, text in conn.execute(
        select(Score.review_id, Score.criterion, type_coerce(Score.value, String))
        .join(Review, Score.review_id == Review.id)
        .where(*counted, Score.value.is_not(None))
    ):
        if criterion in keys:
            value = decimals.get(text)
            if value is None:
                value = decimals[text] = Decimal(text)
            scores.setdefault(review_id, {})[criterion] = value
    rows = conn.execute(
        select(Review.id, Review.dossier_id, Review.expert_id, Review.vetoes, Review.recommendation, Review.comment)
        .where(*counted)
    ).all()
    reviews = sorted(
        (ReviewInput(
            dossier=numbers[dossier_id], expert=names[expert_id], scores=scores.get(review_id, {}),
            vetoes={k: bool(v) for k, v in (vetoes or {}).items() if v is not None},
            recommendation=recommendation, comment=comment,
        ) for review_id, dossier_id, expert_id, vetoes, recommendation, comment in rows),
        key=lambda r: (order[r.dossier], r.expert),
    )
    conflicts = sorted(
        s.scalars(select(Conflict).where(Conflict.round_id == rnd.id, Conflict.status.in_(BLOCKING))
                  .options(selectinload(Conflict.expert), selectinload(Conflict.dossier))),
        key=lambda c: (number_key(c.dossier.number), c.expert.name, _ORIGIN_ORDER.get(c.origin, len(_ORIGIN_ORDER))),
    )
    scored = {(dossier_id, expert_id) for _rid, dossier_id, expert_id, *_rest in rows}
    return RoundInput(
        round_id=rnd.id,
        form=form,
        rule=rnd.rule,
        spread_limit=rnd.spread_limit,
        per_dossier=rnd.per_dossier,
        dossiers=sorted(numbers.values(), key=order.__getitem__),
        reviews=reviews,
        conflicts=_conflict_lines(conflicts, scored),
        trim_threshold=rnd.trim_threshold,
    )


def reconcile_round(s: Session, round_id: int | str) -> Reconciliation:
    """The reconciliation of a round as it stands now (nothing is stored).

    Runs with the cyclic collector paused (:mod:`reviewer.gcpause`): a provincial round's
    14,000 reviews and 150,000 scores are all alive until the result is made, and the
    collector's passes over them were a sixth of the time.
    """
    with collector_paused():
        return reconcile(round_input(s, round_id))


def reconcile_json(s: Session, round_id: int | str) -> dict[str, Any]:
    """The ``reconcile --json`` document of DESIGN.md."""
    return reconcile_round(s, round_id).to_json()


# ---------------------------------------------------------------------------
# the score matrix of one dossier


@dataclass(frozen=True)
class MatrixCell:
    """One expert's score on one criterion, with the comment given for it."""

    value: Decimal | None
    comment: str


@dataclass(frozen=True)
class MatrixReview:
    """One expert's counted review of the dossier: a column of the matrix.

    ``total`` is the total as reconciliation counts it (``Form.total`` of the
    scores given); ``signed`` says the review carries an Ed25519 signature
    (paper reviews entered by the secretary do not).
    """

    review_id: int
    expert: str
    organisation: str
    version: int
    origin: str
    entered_by: str
    submitted_at: dt.datetime | None
    signed: bool
    total: Decimal
    cells: dict[str, MatrixCell]
    vetoes: dict[str, bool]
    recommendation: str | None
    comment: str
    reopen_reason: str


@dataclass(frozen=True)
class CriterionLine:
    """One criterion across the experts: a row of the matrix.

    ``mean`` and ``spread`` (max − min) are None when nobody scored it;
    ``over_limit`` says the spread exceeds the criterion's ``spread_limit``.
    """

    key: str
    title: Text
    max: Decimal
    weight: Decimal
    values: dict[str, MatrixCell]
    mean: Decimal | None
    spread: Decimal | None
    spread_limit: Decimal | None

    @property
    def over_limit(self) -> bool:
        return self.spread is not None and self.spread_limit is not None and self.spread > self.spread_limit


@dataclass(frozen=True)
class VetoLine:
    """One veto question and how each expert answered it."""

    key: str
    question: Text
    yes: tuple[str, ...]
    no: tuple[str, ...]
    unanswered: tuple[str, ...]


@dataclass(frozen=True)
class Matrix:
    """Everything the committee sees about one dossier.

    Experts (the columns) are in name order, criteria (the rows) in form order.
    ``conflicts`` are (expert, reason) of blocking conflicts; ``pending`` are
    assigned experts with neither a counted review nor a blocking conflict.
    Aggregates, rank, tier and flags are those of the round's reconciliation.
    """

    round_id: int
    rule: str
    number: str
    title: str
    applicant: str
    category: str
    experts: tuple[str, ...]
    reviews: tuple[MatrixReview, ...]
    criteria: tuple[CriterionLine, ...]
    totals: dict[str, Decimal]
    total_spread: Decimal | None
    aggregates: dict[str, Decimal | None]
    rank: int | None
    tier: str | None
    tie: bool
    vetoes: tuple[VetoLine, ...]
    recommendations: dict[str, str | None]
    comments: dict[str, str]
    versions: dict[str, int]
    flags: tuple[Flag, ...]
    conflicts: tuple[tuple[str, str], ...]
    pending: tuple[str, ...]

    @property
    def aggregate(self) -> Decimal | None:
        """The aggregate under the round's rule."""
        return self.aggregates.get(self.rule)

    @property
    def vetoed(self) -> bool:
        return any(line.yes for line in self.vetoes)

    def review(self, expert: str) -> MatrixReview:
        for r in self.reviews:
            if r.expert == expert:
                return r
        raise KeyError(expert)

    def cell(self, expert: str, key: str) -> MatrixCell | None:
        """The expert's score on ``key``; None if the expert has no counted review."""
        for r in self.reviews:
            if r.expert == expert:
                return r.cells.get(key, MatrixCell(None, ""))
        return None


def _find_dossier(s: Session, rnd: Round, number: str) -> Dossier:
    dossier = s.scalars(select(Dossier).where(Dossier.round_id == rnd.id, Dossier.number == number)).first()
    if dossier is None:
        raise NotFound(f"评审轮次「{rnd.name}」中没有申报 {number} (no dossier {number} in this round)")
    return dossier


def score_matrix(
    s: Session, round_id: int | str, dossier_number: str, *, result: Reconciliation | None = None
) -> Matrix:
    """The score matrix of one dossier: experts × criteria with comments, totals,
    per-criterion spread, versions, vetoes (and who said yes), recommendations,
    overall comments and the dossier's flags.

    ``result`` may be a reconciliation of the same round already computed in this
    session (e.g. when printing every dossier's sheet); otherwise it is computed.
    """
    rnd = rounds.get_round(s, round_id)
    dossier = _find_dossier(s, rnd, dossier_number)
    if result is None:
        result = reconcile_round(s, rnd.id)
    elif result.round_id != rnd.id:
        raise ValueError(f"reconciliation of round {result.round_id} given for round {rnd.id}")
    snap = _snapshot(s, rnd, dossier)
    form = snap.form
    line: DossierResult = result.dossier(dossier.number)

    reviews = sorted(snap.reviews, key=lambda r: r.expert.name)
    columns: list[MatrixReview] = []
    for r in reviews:
        given = {sc.criterion: sc for sc in r.scores}
        cells = {
            c.key: MatrixCell(given[c.key].value, given[c.key].comment) if c.key in given else MatrixCell(None, "")
            for c in form.criteria
        }
        values = {k: cell.value for k, cell in cells.items() if cell.value is not None}
        columns.append(
            MatrixReview(
                review_id=r.id,
                expert=r.expert.name,
                organisation=r.expert.organisation,
                version=r.version,
                origin=r.origin,
                entered_by=r.entered_by,
                submitted_at=r.submitted_at,
                signed=bool(r.signature),
                total=form.total(values),
                cells=cells,
                vetoes={k: bool(v) for k, v in (r.vetoes or {}).items() if v is not None},
                recommendation=r.recommendation,
                comment=r.comment,
                reopen_reason=r.reopen_reason,
            )
        )
    experts = tuple(c.expert for c in columns)

    criteria: list[CriterionLine] = []
    for c in form.criteria:
        by_expert = {col.expert: col.cells[c.key] for col in columns}
        criteria.append(
            CriterionLine(
                key=c.key,
                title=c.title,
                max=c.max,
                weight=c.effective_weight,
                values=by_expert,
                mean=line.criterion_means.get(c.key),
                spread=line.criterion_spreads.get(c.key),
                spread_limit=c.spread_limit,
            )
        )

    veto_keys = [v.key for v in form.vetoes]
    extra = sorted({k for col in columns for k in col.vetoes} - set(veto_keys))
    vetoes: list[VetoLine] = []
    for key in veto_keys + extra:
        question = next((v.question for v in form.vetoes if v.key == key), Text(key, key))
        vetoes.append(
            VetoLine(
                key=key,
                question=question,
                yes=tuple(col.expert for col in columns if col.vetoes.get(key) is True),
                no=tuple(col.expert for col in columns if col.vetoes.get(key) is False),
                unanswered=tuple(col.expert for col in columns if key not in col.vetoes),
            )
        )

    totals = dict(line.totals)
    conflicts = tuple((expert, reason) for _, expert, reason in _snapshot_conflict_lines(snap))
    blocked = {c.expert_id for c in snap.conflicts}
    reviewed = {r.expert_id for r in reviews}
    assigned = s.scalars(
        select(Expert.name)
        .join(Assignment, Assignment.expert_id == Expert.id)
        .where(Assignment.dossier_id == dossier.id, Expert.id.not_in(blocked | reviewed))
        .order_by(Expert.name)
    ).all()
    return Matrix(
        round_id=rnd.id,
        rule=rnd.rule,
        number=dossier.number,
        title=dossier.title,
        applicant=dossier.applicant,
        category=dossier.category,
        experts=experts,
        reviews=tuple(columns),
        criteria=tuple(criteria),
        totals=totals,
        total_spread=(max(totals.values()) - min(totals.values())) if totals else None,
        aggregates=dict(line.aggregates),
        rank=line.rank,
        tier=line.tier,
        tie=line.tie,
        vetoes=tuple(vetoes),
        recommendations={col.expert: col.recommendation for col in columns},
        comments={col.expert: col.comment for col in columns},
        versions={col.expert: col.version for col in columns},
        flags=tuple(line.flags),
        conflicts=conflicts,
        pending=tuple(assigned),
    )


# ---------------------------------------------------------------------------
# decisions


@dataclass(frozen=True)
class DecisionRow:
    """One dossier in the committee's decision list.

    ``computed_*`` are the reconciliation's values under the round's rule now;
    ``rank``/``tier``/``final_score`` are the recorded decision (None when
    ``decided`` is False), ``decided_computed_*`` what was computed when it was
    recorded. ``issues`` say why the dossier needs the committee's individual
    attention (a shared rank, each kind of flag, no reviews): :func:`confirm_all`
    leaves such dossiers alone. ``stale`` says the decision no longer matches
    the reviews, with ``stale_reasons`` in words.
    """

    number: str
    title: str
    applicant: str
    reviews: int
    computed_rank: int | None
    computed_tier: str | None
    computed_score: Decimal | None
    tie: bool
    flags: tuple[Flag, ...]
    issues: tuple[str, ...]
    decided: bool
    rank: int | None
    tier: str | None
    final_score: Decimal | None
    overridden: bool
    reason: str
    flag_resolution: str
    decided_by: str
    decided_at: dt.datetime | None
    decided_computed_rank: int | None
    decided_computed_tier: str | None
    stale: bool
    stale_reasons: tuple[str, ...]

    @property
    def needs_decision(self) -> bool:
        """Whether finalising waits for this dossier (no decision yet, or a stale one)."""
        return (self.reviews > 0 and not self.decided) or self.stale

    @property
    def effective_rank(self) -> int | None:
        return self.rank if self.decided else self.computed_rank

    @property
    def effective_tier(self) -> str | None:
        return self.tier if self.decided else self.computed_tier


@dataclass(frozen=True)
class BulkConfirm:
    """What :func:`confirm_all` did: the dossiers confirmed, and those left for the
    committee with the reason (open issues, or a stale decision)."""

    confirmed: tuple[str, ...]
    skipped: tuple[tuple[str, str], ...]


@dataclass
class _Context:
    """One reconciliation and the recorded decisions, shared by the rows of a call."""

    rnd: Round
    form: Form
    dossiers: list[Dossier]
    result: Reconciliation
    decisions: dict[int, Decision]
    basis: dict[str, dict[str, Any]]
    versions: dict[str, dict[str, int]]
    by_number: dict[str, Dossier] = field(default_factory=dict)
    lines: dict[str, DossierResult] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_number = {d.number: d for d in self.dossiers}
        self.lines = {line.number: line for line in self.result.dossiers}

    def dossier(self, number: str) -> Dossier:
        try:
            return self.by_number[number]
        except KeyError:
            raise NotFound(
                f"评审轮次「{self.rnd.name}」中没有申报 {number} (no dossier {number} in this round)"
            ) from None


def _context(s: Session, rnd: Round, result: Reconciliation | None = None) -> _Context:
    # Column reads only (see round_input): this runs for every view of the decisions.
    if result is None:
        result = reconcile_round(s, rnd.id)
    dossiers = sorted(s.scalars(select(Dossier).where(Dossier.round_id == rnd.id)), key=lambda d: number_key(d.number))
    decisions = {d.dossier_id: d for d in s.scalars(select(Decision).where(Decision.round_id == rnd.id))}
    basis: dict[str, dict[str, Any]] = {}
    for entry in s.scalars(
        select(AuditEntry)
        .where(AuditEntry.round_uid == rnd.uid, AuditEntry.action.in_(DECISION_ACTIONS))
        .order_by(AuditEntry.id)
    ):
        number = entry.detail.get("dossier")
        if not isinstance(number, str):
            continue
        if entry.action == "decision.clear":
            basis.pop(number, None)
        elif isinstance(entry.detail.get("basis"), dict):
            basis[number] = entry.detail["basis"]
    versions: dict[str, dict[str, int]] = {}
    for number, name, version in s.execute(
        select(Dossier.number, Expert.name, Review.version)
        .join(Dossier, Review.dossier_id == Dossier.id).join(Expert, Review.expert_id == Expert.id)
        .where(Review.round_id == rnd.id, Review.current.is_(True), Review.status == "submitted")
    ):
        versions.setdefault(number, {})[name] = version
    return _Context(rnd, rounds.round_form(rnd), dossiers, result, decisions, basis, versions)


def _issues(line: DossierResult, reviews: int) -> tuple[str, ...]:
    if reviews == 0:
        return ("没有已提交的评审意见 / no submitted reviews",)
    out: list[str] = []
    if line.tie:
        out.append(f"与其他申报并列第 {line.rank} 名 / shares rank {line.rank}")
    for kind in dict.fromkeys(f.kind for f in line.flags):
        zh, en = FLAG_LABELS.get(kind, (kind, kind))
        out.append(f"{zh} / {en}")
    return tuple(out)


def _version_changes(old: dict[str, int], new: dict[str, int]) -> tuple[str, str]:
    zh: list[str] = []
    en: list[str] = []
    for expert in sorted(set(old) | set(new)):
        before, after = old.get(expert), new.get(expert)
        if before == after:
            continue
        if before is None:
            zh.append(f"{expert} 新增第 {after} 版")
            en.append(f"{expert} added version {after}")
        elif after is None:
            zh.append(f"{expert} 的第 {before} 版不再计入")
            en.append(f"{expert}'s version {before} no longer counts")
        else:
            zh.append(f"{expert} 第 {before} 版 → 第 {after} 版")
            en.append(f"{expert} version {before} → {after}")
    return "、".join(zh), ", ".join(en)


def _stale_reasons(ctx: _Context, number: str, decision: Decision, line: DossierResult) -> list[str]:
    form = ctx.form
    out: list[str] = []
    if decision.computed_rank != line.rank:
        old = "—" if decision.computed_rank is None else str(decision.computed_rank)
        new = "—" if line.rank is None else str(line.rank)
        out.append(f"计算名次由 {old} 变为 {new} / the computed rank changed from {old} to {new}")
    if decision.computed_tier != line.tier:
        old_t, new_t = tier_label(form, decision.computed_tier), tier_label(form, line.tier)
        out.append(
            f"计算等级由「{old_t.zh}」变为「{new_t.zh}」 / the computed tier changed from "
            f"{old_t.get('en')} to {new_t.get('en')}"
        )
    aggregate = line.aggregates.get(ctx.rnd.rule)
    basis = ctx.basis.get(number)
    if basis is None:
        if not decision.overridden and decision.final_score != aggregate:
            out.append(
                f"汇总分由 {_dec(decision.final_score)} 变为 {_dec(aggregate)} / the aggregate changed "
                f"from {_dec(decision.final_score)} to {_dec(aggregate)}"
            )
        return out
    if basis.get("rule") != ctx.rnd.rule:
        out.append(
            f"汇总规则由 {basis.get('rule')} 改为 {ctx.rnd.rule} / the aggregation rule changed from "
            f"{basis.get('rule')} to {ctx.rnd.rule}"
        )
    recorded = basis.get("aggregate")
    before = None if recorded is None else Decimal(str(recorded))
    if before != aggregate:
        out.append(
            f"汇总分由 {_dec(before)} 变为 {_dec(aggregate)} / the aggregate changed from "
            f"{_dec(before)} to {_dec(aggregate)}"
        )
    old_versions = {str(k): int(v) for k, v in (basis.get("reviews") or {}).items()}
    zh, en = _version_changes(old_versions, ctx.versions.get(number, {}))
    if zh:
        out.append(f"评审意见已变化：{zh} / the reviews changed: {en}")
    return out


def _row(ctx: _Context, dossier: Dossier) -> DecisionRow:
    line = ctx.lines[dossier.number]
    reviews = len(line.totals)
    decision = ctx.decisions.get(dossier.id)
    reasons = _stale_reasons(ctx, dossier.number, decision, line) if decision is not None else []
    return DecisionRow(
        number=dossier.number,
        title=dossier.title,
        applicant=dossier.applicant,
        reviews=reviews,
        computed_rank=line.rank,
        computed_tier=line.tier,
        computed_score=line.aggregates.get(ctx.rnd.rule),
        tie=line.tie,
        flags=tuple(line.flags),
        issues=_issues(line, reviews),
        decided=decision is not None,
        rank=decision.rank if decision else None,
        tier=decision.tier if decision else None,
        final_score=decision.final_score if decision else None,
        overridden=decision.overridden if decision else False,
        reason=decision.reason if decision else "",
        flag_resolution=decision.flag_resolution if decision else "",
        decided_by=decision.decided_by if decision else "",
        decided_at=decision.decided_at if decision else None,
        decided_computed_rank=decision.computed_rank if decision else None,
        decided_computed_tier=decision.computed_tier if decision else None,
        stale=bool(reasons),
        stale_reasons=tuple(reasons),
    )


def decision_rows(s: Session, round_id: int | str, result: Reconciliation | None = None) -> list[DecisionRow]:
    """Every dossier of the round in number order, with its computed result under
    the round's rule, the recorded decision if any, and whether it is stale.

    ``result``: the round's reconciliation when the caller has just made it (it is
    not made again; a second of a provincial round's time)."""
    ctx = _context(s, rounds.get_round(s, round_id), result)
    return [_row(ctx, d) for d in ctx.dossiers]


def decision_row(s: Session, round_id: int | str, number: str) -> DecisionRow:
    """One dossier's :class:`DecisionRow`."""
    rnd = rounds.get_round(s, round_id)
    ctx = _context(s, rnd)
    return _row(ctx, ctx.dossier(number))


def _decision_detail(d: Decision) -> dict[str, Any]:
    return {
        "rank": d.rank,
        "tier": d.tier,
        "final_score": _dec(d.final_score),
        "computed_rank": d.computed_rank,
        "computed_tier": d.computed_tier,
        "overridden": d.overridden,
        "reason": d.reason,
        "flag_resolution": d.flag_resolution,
        "decided_by": d.decided_by,
        "decided_at": d.decided_at.isoformat() if d.decided_at else None,
    }


def _record(
    s: Session,
    ctx: _Context,
    dossier: Dossier,
    *,
    action: str,
    actor: str,
    rank: int | None,
    tier: str | None,
    final_score: Decimal | None,
    overridden: bool,
    reason: str,
    flag_resolution: str,
    extra: dict[str, Any] | None = None,
) -> Decision:
    line = ctx.lines[dossier.number]
    decision = ctx.decisions.get(dossier.id)
    old = _decision_detail(decision) if decision is not None else None
    if decision is None:
        decision = Decision(round_id=ctx.rnd.id, dossier_id=dossier.id)
        s.add(decision)
        ctx.decisions[dossier.id] = decision
    decision.computed_rank = line.rank
    decision.computed_tier = line.tier
    decision.rank = rank
    decision.tier = tier
    decision.final_score = final_score
    decision.overridden = overridden
    decision.reason = reason
    decision.flag_resolution = flag_resolution
    decision.decided_by = actor
    decision.decided_at = utcnow()
    s.flush()
    basis = {
        "rule": ctx.rnd.rule,
        "aggregate": _dec(line.aggregates.get(ctx.rnd.rule)),
        "reviews": dict(ctx.versions.get(dossier.number, {})),
        "flags": [f.kind for f in line.flags],
        "tie": line.tie,
    }
    ctx.basis[dossier.number] = basis
    audit.record(
        s,
        action,
        actor=actor,
        round_uid=ctx.rnd.uid,
        detail={"dossier": dossier.number, "old": old, "new": _decision_detail(decision), "basis": basis,
                **(extra or {})},
    )
    return decision


def _open_context(s: Session, round_id: int | str) -> _Context:
    rnd = rounds.get_round(s, round_id)
    rounds.require_open(rnd)
    return _context(s, rnd)


def confirm(s: Session, round_id: int | str, number: str, *, actor: str, flag_resolution: str = "") -> DecisionRow:
    """Record the computed rank, tier and aggregate (under the round's rule) as the
    committee's decision on a dossier; ``flag_resolution`` says how its flags were
    settled (printed on the summary sheet). Replaces an earlier decision."""
    actor = _required(actor, "决定人", "the person recording the decision", "actor")
    ctx = _open_context(s, round_id)
    dossier = ctx.dossier(number)
    line = ctx.lines[number]
    if not line.totals:
        raise StateError(
            f"申报 {number} 没有已提交的评审意见，没有可确认的计算结果；如需记录决定，请调整并填写理由 "
            f"(dossier {number} has no submitted reviews, so there is nothing to confirm: override it with a reason)"
        )
    _record(s, ctx, dossier, action="decision.confirm", actor=actor, rank=line.rank, tier=line.tier,
            final_score=line.aggregates.get(ctx.rnd.rule), overridden=False, reason="",
            flag_resolution=(flag_resolution or "").strip())
    return _row(ctx, dossier)


def confirm_all(s: Session, round_id: int | str, actor: str) -> BulkConfirm:
    """Confirm, in one go, every dossier that has reviews, no decision yet and no
    open issue: no shared rank (a tie left after the form's tie-break) and no flag
    of any kind — not a spread, outlier, criterion spread, veto, missing review,
    conflict of interest or tie at a tier boundary. Each of those needs the
    committee's own confirm (with how the flag was settled) or override.

    Dossiers skipped are returned with the reason; stale decisions are listed
    there too (they need a fresh decision). Dossiers without reviews need no
    decision and are not listed.
    """
    actor = _required(actor, "决定人", "the person recording the decision", "actor")
    ctx = _open_context(s, round_id)
    confirmed: list[str] = []
    skipped: list[tuple[str, str]] = []
    for dossier in ctx.dossiers:
        row = _row(ctx, dossier)
        if row.decided:
            if row.stale:
                skipped.append((row.number, "决定已过期：" + "；".join(row.stale_reasons)))
            continue
        if row.reviews == 0:
            continue
        if row.issues:
            skipped.append((row.number, "；".join(row.issues)))
            continue
        line = ctx.lines[dossier.number]
        _record(s, ctx, dossier, action="decision.confirm", actor=actor, rank=line.rank, tier=line.tier,
                final_score=line.aggregates.get(ctx.rnd.rule), overridden=False, reason="", flag_resolution="",
                extra={"bulk": True})
        confirmed.append(dossier.number)
    return BulkConfirm(tuple(confirmed), tuple(skipped))


def _parse_final_score(value: Decimal | str | int | None, form: Form, problems: list[str]) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool) or isinstance(value, float):
        problems.append("最终得分须为精确的十进制数 (the final score must be an exact decimal)")
        return None
    try:
        score = Decimal(str(value).strip()) if not isinstance(value, Decimal) else value
    except InvalidOperation:
        problems.append(f"最终得分「{value}」不是数字 (the final score {value!r} is not a number)")
        return None
    if not score.is_finite():
        problems.append(f"最终得分「{value}」不是数字 (the final score {value!r} is not a number)")
        return None
    exponent = score.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        problems.append(f"最终得分 {score} 最多保留两位小数 (the final score {score} has more than 2 decimals)")
    scale = form.scale
    if score < 0 or score > scale:
        problems.append(f"最终得分 {score} 须在 0 到 {scale} 之间 (the final score must lie between 0 and {scale})")
    return score


def override(
    s: Session,
    round_id: int | str,
    number: str,
    *,
    rank: int | None,
    tier: str | None,
    final_score: Decimal | str | int | None = None,
    reason: str,
    actor: str,
    flag_resolution: str = "",
) -> DecisionRow:
    """Record a decision that departs from the computed result.

    ``reason`` is required; ``tier`` is one of the form's tier keys or None (no
    award); ``rank`` a positive rank or None (unranked, e.g. disqualified);
    ``final_score`` defaults to the computed aggregate under the round's rule.
    Raises :class:`ValidationError` listing every problem.
    """
    actor = _required(actor, "决定人", "the person recording the decision", "actor")
    ctx = _open_context(s, round_id)
    dossier = ctx.dossier(number)
    problems: list[str] = []
    text = (reason or "").strip()
    if not text:
        problems.append("调整计算结果须填写理由 (a reason is required to override the computed result)")
    if tier is not None and tier_of(ctx.form, tier) is None:
        choices = "、".join(f"{t.key}（{t.title.zh}）" for t in ctx.form.tiers) or "无 / none"
        problems.append(f"等级「{tier}」不是评分表中的等级，可选：{choices} (tier {tier!r} is not one of the form's tiers)")
    if rank is not None and (isinstance(rank, bool) or not isinstance(rank, int) or rank < 1
                             or rank > len(ctx.dossiers)):
        problems.append(
            f"名次须为 1 到 {len(ctx.dossiers)} 之间的整数 (the rank must be a whole number from 1 to "
            f"{len(ctx.dossiers)})"
        )
    score = _parse_final_score(final_score, ctx.form, problems)
    if problems:
        raise ValidationError("；".join(problems), problems)
    if final_score is None:
        score = ctx.lines[number].aggregates.get(ctx.rnd.rule)
    _record(s, ctx, dossier, action="decision.override", actor=actor, rank=rank, tier=tier, final_score=score,
            overridden=True, reason=text, flag_resolution=(flag_resolution or "").strip())
    return _row(ctx, dossier)


def clear_decision(s: Session, round_id: int | str, number: str, *, actor: str) -> bool:
    """Remove the decision on a dossier (audited with what it was); False if there was none."""
    actor = _required(actor, "操作人", "the person clearing the decision", "actor")
    rnd = rounds.get_round(s, round_id)
    rounds.require_open(rnd)
    dossier = _find_dossier(s, rnd, number)
    decision = s.scalars(select(Decision).where(Decision.round_id == rnd.id, Decision.dossier_id == dossier.id)).first()
    if decision is None:
        return False
    old = _decision_detail(decision)
    s.delete(decision)
    s.flush()
    audit.record(s, "decision.clear", actor=actor, round_uid=rnd.uid,
                 detail={"dossier": number, "old": old, "new": None})
    return True


# ---------------------------------------------------------------------------
# finalising and reopening


def _paper_drafts(s: Session, rnd: Round) -> list[tuple[str, str]]:
    rows = s.execute(
        select(Dossier.number, Expert.name)
        .join(Review, Review.dossier_id == Dossier.id)
        .join(Expert, Expert.id == Review.expert_id)
        .where(Review.round_id == rnd.id, Review.current.is_(True), Review.status == "draft",
               Review.origin == "paper")
    ).all()
    return sorted(((n, e) for n, e in rows), key=lambda t: (number_key(t[0]), t[1]))


def _problems(s: Session, ctx: _Context, rows: Iterable[DecisionRow]) -> list[str]:
    out: list[str] = []
    any_reviews = False
    for row in rows:
        any_reviews = any_reviews or row.reviews > 0
        if row.reviews > 0 and not row.decided:
            out.append(f"申报 {row.number}：尚未作出决定 (dossier {row.number}: no decision yet)")
        elif row.stale:
            out.append(f"申报 {row.number}：决定已过期，须重新确认或调整（{'；'.join(row.stale_reasons)}） "
                       f"(dossier {row.number}: the decision is stale and must be made again)")
    for number, expert in _paper_drafts(s, ctx.rnd):
        out.append(f"申报 {number}：专家 {expert} 的纸质评分已录入但尚未提交 "
                   f"(dossier {number}: {expert}'s paper review is typed but not submitted)")
    if not any_reviews:
        out.insert(0, "本轮还没有已提交的评审意见 (the round has no submitted reviews)")
    return out


def finalise_problems(s: Session, round_id: int | str) -> list[str]:
    """What still stands in the way of finalising (empty: the round can be finalised)."""
    ctx = _context(s, rounds.get_round(s, round_id))
    return _problems(s, ctx, [_row(ctx, d) for d in ctx.dossiers])


def _summary(rows: Sequence[DecisionRow]) -> list[dict[str, Any]]:
    return [
        {"dossier": r.number, "rank": r.rank, "tier": r.tier, "final_score": _dec(r.final_score),
         "overridden": r.overridden}
        for r in rows if r.decided
    ]


def finalise(s: Session, round_id: int | str, *, actor: str) -> Round:
    """Lock the round: its decisions and reviews can no longer change.

    Refuses with :class:`NotReady` (listing every point) while a dossier with
    reviews has no decision, a decision is stale, or a paper review waits to be
    submitted. The audit entry holds every decision and the sha256 of the
    reconciliation JSON as it was finalised.
    """
    actor = _required(actor, "定稿人", "the person finalising", "actor")
    rnd = rounds.get_round(s, round_id)
    if rnd.status == "finalised":
        raise StateError(f"评审轮次「{rnd.name}」已定稿 (the round is already finalised)")
    ctx = _context(s, rnd)
    rows = [_row(ctx, d) for d in ctx.dossiers]
    problems = _problems(s, ctx, rows)
    if problems:
        raise NotReady(
            f"评审轮次「{rnd.name}」尚不能定稿 (the round cannot be finalised yet):\n"
            + "\n".join(f"· {p}" for p in problems),
            problems,
        )
    old_status = rnd.status
    rnd.status = "finalised"
    rnd.finalised_at = utcnow()
    s.flush()
    audit.record(
        s,
        "round.finalise",
        actor=actor,
        round_uid=rnd.uid,
        detail={
            "old_status": old_status,
            "new_status": "finalised",
            "finalised_at": rnd.finalised_at.isoformat(),
            "rule": rnd.rule,
            "decisions": _summary(rows),
            "reconciliation_sha256": crypto.sha256_hex(crypto.canonical_json(ctx.result.to_json())),
        },
    )
    return rnd


def reopen_round(s: Session, round_id: int | str, *, reason: str, actor: str) -> Round:
    """Unlock a finalised round (back to "review"); the reason is required and audited."""
    text = _required(reason, "重新开放的理由", "a reason for reopening", "reason")
    actor = _required(actor, "操作人", "the person reopening", "actor")
    rnd = rounds.get_round(s, round_id)
    if rnd.status != "finalised":
        raise StateError(f"评审轮次「{rnd.name}」尚未定稿，无需重新开放 (the round is not finalised)")
    finalised_at = rnd.finalised_at
    rnd.status = "review"
    rnd.finalised_at = None
    s.flush()
    audit.record(
        s,
        "round.reopen",
        actor=actor,
        round_uid=rnd.uid,
        detail={
            "reason": text,
            "old_status": "finalised",
            "new_status": "review",
            "finalised_at": finalised_at.isoformat() if finalised_at else None,
        },
    )
    return rnd


__all__ = [
    "BLOCKING",
    "DECISION_ACTIONS",
    "FLAG_LABELS",
    "BulkConfirm",
    "CriterionLine",
    "DecisionRow",
    "Matrix",
    "MatrixCell",
    "MatrixReview",
    "NotReady",
    "VetoLine",
    "clear_decision",
    "confirm",
    "confirm_all",
    "decision_row",
    "decision_rows",
    "finalise",
    "finalise_problems",
    "number_key",
    "override",
    "reconcile_json",
    "reconcile_round",
    "round_input",
    "score_matrix",
    "tier_label",
    "tier_of",
]
