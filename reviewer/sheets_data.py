"""What each official sheet shows, read from the records into plain values.

The PDF writer (:mod:`reviewer.sheets`), the verifier (:mod:`reviewer.verification`)
and the Excel export read the same values from here, so a sheet, its
verification code and the check made a year later can never disagree about
what the records say.

Every sheet has three faces:

* its fields, which the PDF prints;
* ``ident()``: which sheet it is (kind, dossier number, expert, review version),
  enough to find the same sheet again in the records;
* ``covered()``: the canonical content of exactly what the sheet prints from the
  records — as printed (scores and totals as the text on the paper), plus the
  sha256 of every signed review payload it draws on. The verification code is a
  digest of this; see :mod:`reviewer.verification`.

Reviews are shown from their **signed payload** (the canonical JSON the expert
signed, kept in ``Review.payload``), never from the editable score rows, so a
review sheet prints what the expert signed and nothing else.

Times are printed in China Standard Time (UTC+8), the committee's own clock,
so the same record prints the same date on every machine.

Nothing here writes to the database; sessions are the caller's.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import Session, selectinload

from db.models import Assignment, Conflict, Dossier, Expert, Review, Round
from forms.model import Form
from reviewer import crypto
from reviewer.committee import BLOCKING, FLAG_LABELS, DecisionRow, decision_rows, number_key, reconcile_round, \
    tier_label
from reviewer.gcpause import collector_paused
from reviewer.payloads import CONFLICT_KINDS
from reviewer.reconcile import RULES, Reconciliation
from reviewer.rounds import RULE_NAMES, get_round, round_form
from reviewer.stats import round_total

#: Version of the ``covered()`` layouts. Raise it when a layout changes; the
#: verifier keeps reading sheets printed under older versions by their embedded data.
COVERED_VERSION = 1

#: The committee's clock: sheets print times in China Standard Time.
CST = dt.timezone(dt.timedelta(hours=8), "CST")

#: Short names of the reconciliation's flag kinds (zh, en), as the committee's screens show them.
FLAG_TITLES: dict[str, tuple[str, str]] = FLAG_LABELS

ORIGIN_TITLES: dict[str, str] = {"expert": "本人声明", "secretary": "秘书处登记", "detected": "系统发现，经确认"}
STATUS_TITLES: dict[str, str] = {"declared": "已声明", "confirmed": "已确认", "suspected": "待核实",
                                 "dismissed": "已排除"}
REVIEW_ORIGIN_TITLES: dict[str, str] = {"expert": "专家本人录入", "return": "专家回传（电子签名）",
                                        "paper": "纸质评分表录入"}
SIGNATURE_STATUS_TITLES: dict[str, str] = {
    "valid": "电子签名有效",
    "invalid": "电子签名无效",
    "foreign": "签名密钥与登记的不一致",
    "paper": "纸质评分表，专家手写签名见原件",
    "missing": "无电子签名",
}


# --------------------------------------------------------------------------- formatting


def fmt_points(value: Decimal | None) -> str | None:
    """Points and totals as printed everywhere: two decimals, half-up."""
    return None if value is None else str(round_total(value))


def fmt_value(value: Decimal | None, step: Decimal) -> str | None:
    """A score as printed: as many decimals as the criterion's step has (8.5, 9.0 on a 0.5 grid)."""
    if value is None:
        return None
    places = max(0, -step.normalize().as_tuple().exponent)  # type: ignore[operator]
    return f"{value:.{places}f}"


def fmt_amount(value: Decimal | None) -> str | None:
    """An amount in 万元: no trailing zeros (50, 12.5)."""
    return None if value is None else crypto.format_decimal(value)


def fmt_time(value: dt.datetime | None) -> str | None:
    return None if value is None else value.astimezone(CST).strftime("%Y-%m-%d %H:%M")


def fmt_date(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    local = value.astimezone(CST)
    return f"{local.year}年{local.month}月{local.day}日"


def parse_time(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.timezone.utc)


def zh(reason: str) -> str:
    """The Chinese half of a "中文 / English" reason."""
    return reason.split(" / ", 1)[0]


def _dec(text: Any) -> Decimal | None:
    if text is None:
        return None
    try:
        return Decimal(str(text))
    except InvalidOperation:
        return None


def _png_sha(png: bytes | None) -> str | None:
    return None if png is None else crypto.sha256_hex(png)


# --------------------------------------------------------------------------- the round


@dataclass(frozen=True)
class RoundHead:
    """What every sheet says about its round."""

    id: int
    uid: str
    name: str
    programme: str
    form_id: str
    form_version: int
    form_hash: str
    form_title: str
    rule: str
    spread_limit: str | None
    per_dossier: int
    status: str
    finalised_at: dt.datetime | None

    @property
    def finalised(self) -> bool:
        return self.status == "finalised"

    @property
    def rule_title(self) -> str:
        return RULE_NAMES.get(self.rule, (self.rule, self.rule))[0]

    @classmethod
    def of(cls, rnd: Round, form: Form) -> RoundHead:
        return cls(
            id=rnd.id, uid=rnd.uid, name=rnd.name, programme=rnd.programme or form.programme.zh or form.title.zh,
            form_id=rnd.form_id, form_version=rnd.form_version, form_hash=rnd.form_hash,
            form_title=form.title.zh or form.title.en, rule=rnd.rule,
            spread_limit=fmt_points(rnd.spread_limit), per_dossier=rnd.per_dossier, status=rnd.status,
            finalised_at=rnd.finalised_at,
        )


# --------------------------------------------------------------------------- 专家评分表


@dataclass(frozen=True)
class CriterionLine:
    key: str
    section: str
    title: str
    max: str
    weight: str
    value: str | None
    points: str | None
    comment: str


@dataclass(frozen=True)
class VetoLine:
    key: str
    question: str
    answer: bool | None


@dataclass(frozen=True)
class ReviewSheet:
    """专家评分表: one version of one expert's review of one dossier, as signed."""

    round: RoundHead
    review_id: int
    number: str
    title: str
    applicant: str
    category: str
    expert: str
    organisation: str
    version: int
    current: bool
    status: str
    origin: str
    entered_by: str
    submitted_at: dt.datetime | None
    reopen_reason: str
    criteria: tuple[CriterionLine, ...]
    vetoes: tuple[VetoLine, ...]
    total: str | None
    scale: str
    recommendation: str | None
    choices: tuple[tuple[str, str], ...]
    comment: str
    payload_sha256: str
    signature: str | None
    signature_status: str
    key_fingerprint: str | None
    signature_png: bytes | None = field(repr=False, default=None)

    kind = "review"

    def ident(self) -> dict[str, Any]:
        return {"dossier": self.number, "expert": self.expert, "version": self.version}

    @property
    def label(self) -> str:
        return f"{self.number} · {self.expert} · 第 {self.version} 版"

    @property
    def recommendation_title(self) -> str | None:
        return dict(self.choices).get(self.recommendation or "", self.recommendation)

    def covered(self) -> dict[str, Any]:
        return {
            "sheet": "review",
            "v": COVERED_VERSION,
            "round": self.round.uid,
            "form": self.round.form_hash,
            "dossier": {"number": self.number, "title": self.title, "applicant": self.applicant},
            "expert": {"name": self.expert, "organisation": self.organisation},
            "review": {
                "version": self.version,
                "origin": self.origin,
                "entered_by": self.entered_by,
                "submitted_at": self.submitted_at.isoformat() if self.submitted_at else None,
                "reopen_reason": self.reopen_reason,
                "payload_sha256": self.payload_sha256,
                "signature": self.signature,
            },
            "scores": {c.key: {"value": c.value, "comment": c.comment} for c in self.criteria},
            "vetoes": {v.key: v.answer for v in self.vetoes},
            "total": self.total,
            "recommendation": self.recommendation,
            "comment": self.comment,
            "signature_image": _png_sha(self.signature_png),
        }


def signature_status(review: Review, expert: Expert, payload: dict[str, Any], verified: bool | None = None) -> str:
    """Whether the stored payload carries a good signature by the key pinned for this expert.

    ``verified``: the outcome of :func:`_verify_own_key` when the caller checked it already."""
    if review.origin == "paper" and not review.signature:
        return "paper"
    if not review.signature or not review.payload:
        return "missing"
    named = _named_key(payload)
    if verified is None:
        verified = named is not None and crypto.verify(named, review.payload.encode("utf-8"), review.signature)
    if named is None or not verified:
        return "invalid"
    if expert.public_key and expert.public_key != named:
        return "foreign"
    return "valid"


def _named_key(payload: dict[str, Any]) -> str | None:
    expert = payload.get("expert")
    named = expert.get("key") if isinstance(expert, dict) else None
    return named if isinstance(named, str) else None


def _verify_own_key(payload_text: str | None, signature: str | None) -> bool:
    """Whether ``payload_text`` is signed by the key it names (False for anything unreadable)."""
    if not payload_text or not signature:
        return False
    try:
        payload = json.loads(payload_text)
    except ValueError:
        return False
    named = _named_key(payload) if isinstance(payload, dict) else None
    return named is not None and crypto.verify(named, payload_text.encode("utf-8"), signature)


def _review_sheet(head: RoundHead, form: Form, review: Review) -> ReviewSheet:
    payload: dict[str, Any] = json.loads(review.payload or "{}")
    dossier, expert = review.dossier, review.expert
    signed = {s.get("criterion"): s for s in payload.get("scores", []) if isinstance(s, dict)}
    sections = {key: sec.title.zh for sec in form.sections for key in sec.criteria}
    lines = []
    for c in form.criteria:
        entry = signed.get(c.key, {})
        value = _dec(entry.get("value"))
        lines.append(CriterionLine(
            key=c.key, section=sections.get(c.key, ""), title=c.title.zh or c.title.en,
            max=crypto.format_decimal(c.max), weight=crypto.format_decimal(c.effective_weight),
            value=fmt_value(value, c.step), points=fmt_points(c.points(value)) if value is not None else None,
            comment=str(entry.get("comment") or ""),
        ))
    answers = payload.get("vetoes") if isinstance(payload.get("vetoes"), dict) else {}
    vetoes = tuple(VetoLine(v.key, v.question.zh or v.question.en, answers.get(v.key)) for v in form.vetoes)
    key = payload.get("expert", {}).get("key") if isinstance(payload.get("expert"), dict) else None
    return ReviewSheet(
        round=head, review_id=review.id, number=dossier.number, title=dossier.title, applicant=dossier.applicant,
        category=dossier.category, expert=expert.name, organisation=expert.organisation,
        version=int(payload.get("version", review.version)), current=review.current, status=review.status,
        origin=review.origin, entered_by=str(payload.get("entered_by") or review.entered_by or ""),
        submitted_at=parse_time(payload.get("submitted_at")) or review.submitted_at,
        reopen_reason=str(payload.get("reopen_reason") or ""),
        criteria=tuple(lines), vetoes=vetoes, total=fmt_points(_dec(payload.get("total"))),
        scale=crypto.format_decimal(form.scale),
        recommendation=payload.get("recommendation"),
        choices=tuple((c.key, c.title.zh or c.title.en) for c in form.recommendations),
        comment=str(payload.get("comment") or ""),
        payload_sha256=crypto.sha256_hex((review.payload or "").encode("utf-8")),
        signature=review.signature, signature_status=signature_status(review, expert, payload),
        key_fingerprint=crypto.fingerprint(key) if key else None,
        signature_png=expert.signature_png,
    )


def _reviews_query(round_id: int) -> Any:
    return (
        select(Review)
        .where(Review.round_id == round_id, Review.payload.is_not(None),
               Review.status.in_(("submitted", "superseded")))
        .options(selectinload(Review.dossier), selectinload(Review.expert))
    )


def review_sheets(s: Session, round_id: int | str, review_ids: Iterable[int] | None = None, *,
                  include_superseded: bool = False) -> list[ReviewSheet]:
    """专家评分表 of the current submitted reviews (all versions ever signed with ``include_superseded``),
    by dossier number, then expert, then version; ``review_ids`` picks some."""
    rnd = get_round(s, round_id)
    form = round_form(rnd)
    head = RoundHead.of(rnd, form)
    query = _reviews_query(rnd.id)
    if review_ids is not None:
        query = query.where(Review.id.in_(list(review_ids)))
    elif not include_superseded:
        query = query.where(Review.current.is_(True), Review.status == "submitted")
    rows = list(s.scalars(query))
    rows.sort(key=lambda r: (number_key(r.dossier.number), r.expert.name, r.version))
    return [_review_sheet(head, form, r) for r in rows]


# --------------------------------------------------------------------------- 回避声明


@dataclass(frozen=True)
class ConflictLine:
    number: str
    title: str
    applicant: str
    kind: str
    kind_title: str
    reason: str
    declared_at: dt.datetime
    origin: str
    status: str
    signed: bool


@dataclass(frozen=True)
class DeclarationSheet:
    """回避声明: what one expert declared about the dossiers assigned to them."""

    round: RoundHead
    expert: str
    organisation: str
    field: str
    key_fingerprint: str | None
    public_key: str | None
    assigned: tuple[tuple[str, str], ...]
    conflicts: tuple[ConflictLine, ...]
    #: (number, when the expert confirmed there is no conflict)
    clear: tuple[tuple[str, dt.datetime], ...]
    #: Assigned numbers with neither a conflict nor a confirmation yet.
    pending: tuple[str, ...]
    signature_png: bytes | None = field(repr=False, default=None)

    kind = "declaration"

    def ident(self) -> dict[str, Any]:
        return {"expert": self.expert}

    @property
    def label(self) -> str:
        return self.expert

    @property
    def declared_at(self) -> dt.datetime | None:
        """The latest statement, printed next to the signature."""
        times = [c.declared_at for c in self.conflicts if c.origin == "expert"] + [at for _, at in self.clear]
        return max(times) if times else None

    def covered(self) -> dict[str, Any]:
        return {
            "sheet": "declaration",
            "v": COVERED_VERSION,
            "round": self.round.uid,
            "expert": {"name": self.expert, "organisation": self.organisation, "key": self.public_key},
            "conflicts": {
                f"{c.number}|{c.origin}": {"kind": c.kind, "reason": c.reason,
                                           "declared_at": c.declared_at.isoformat(), "status": c.status,
                                           "signed": c.signed}
                for c in self.conflicts
            },
            "clear": {number: at.isoformat() for number, at in self.clear},
            "pending": list(self.pending),
            "signature_image": _png_sha(self.signature_png),
        }


def declaration_sheets(s: Session, round_id: int | str, experts: Iterable[str] | None = None
                       ) -> list[DeclarationSheet]:
    """回避声明 of every expert with an assignment in the round (or of the named ones), by name."""
    rnd = get_round(s, round_id)
    head = RoundHead.of(rnd, round_form(rnd))
    wanted = None if experts is None else set(experts)
    assignments: dict[int, list[Assignment]] = {}
    for a in s.scalars(select(Assignment).where(Assignment.round_id == rnd.id)
                       .options(selectinload(Assignment.dossier))):
        assignments.setdefault(a.expert_id, []).append(a)
    conflicts: dict[int, list[Conflict]] = {}
    for c in s.scalars(select(Conflict).where(Conflict.round_id == rnd.id, Conflict.status.in_(BLOCKING))
                       .options(selectinload(Conflict.dossier))):
        conflicts.setdefault(c.expert_id, []).append(c)
    out = []
    for expert in sorted(rnd.experts, key=lambda e: e.name):
        if (wanted is not None and expert.name not in wanted) or expert.id not in assignments:
            continue
        mine = sorted(assignments[expert.id], key=lambda a: number_key(a.dossier.number))
        lines = sorted(
            (ConflictLine(number=c.dossier.number, title=c.dossier.title, applicant=c.dossier.applicant,
                          kind=c.kind, kind_title=CONFLICT_KINDS.get(c.kind, (c.kind, c.kind))[0],
                          reason=c.reason, declared_at=c.declared_at, origin=c.origin, status=c.status,
                          signed=bool(c.signature))
             for c in conflicts.get(expert.id, [])),
            key=lambda c: (number_key(c.number), c.origin),
        )
        conflicted = {c.number for c in lines}
        clear = tuple((a.dossier.number, a.no_conflict_at) for a in mine
                      if a.no_conflict_at is not None and a.dossier.number not in conflicted)
        cleared = {n for n, _ in clear}
        out.append(DeclarationSheet(
            round=head, expert=expert.name, organisation=expert.organisation, field=expert.field,
            key_fingerprint=crypto.fingerprint(expert.public_key) if expert.public_key else None,
            public_key=expert.public_key,
            assigned=tuple((a.dossier.number, a.dossier.title) for a in mine),
            conflicts=tuple(lines), clear=clear,
            pending=tuple(a.dossier.number for a in mine
                          if a.dossier.number not in conflicted and a.dossier.number not in cleared),
            signature_png=expert.signature_png,
        ))
    return out


# --------------------------------------------------------------------------- the round's numbers


def current_reviews(s: Session, round_id: int) -> list[Review]:
    """The reviews every aggregate counts: current, submitted versions (payloads and signers loaded)."""
    return list(s.scalars(
        select(Review).where(Review.round_id == round_id, Review.current.is_(True), Review.status == "submitted")
        .options(selectinload(Review.dossier), selectinload(Review.expert))
    ))


def _tier_title(form: Form, key: str | None) -> str | None:
    return None if key is None else tier_label(form, key).zh


# --------------------------------------------------------------------------- 评审意见汇总表


@dataclass(frozen=True)
class ExpertLine:
    expert: str
    organisation: str
    version: int
    total: str | None
    recommendation: str | None
    vetoes_yes: tuple[str, ...]
    scores: dict[str, str | None]
    payload_sha256: str
    signature_status: str


@dataclass(frozen=True)
class DecisionInfo:
    rank: int | None
    tier: str | None
    tier_title: str | None
    final_score: str | None
    overridden: bool
    reason: str
    flag_resolution: str
    decided_by: str
    decided_at: dt.datetime | None
    #: The reviews or numbers changed after the decision was recorded: it must be looked at again.
    stale: bool
    stale_reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class DossierSheet:
    """评审意见汇总表: one dossier's reviews, aggregate, flags and the committee's decision."""

    round: RoundHead
    number: str
    title: str
    applicant: str
    category: str
    #: (key, title, weight) of every criterion, in form order.
    criteria: tuple[tuple[str, str, str], ...]
    experts: tuple[ExpertLine, ...]
    criterion_means: dict[str, str]
    criterion_spreads: dict[str, str]
    aggregates: dict[str, str | None]
    rank: int | None
    tier: str | None
    tier_title: str | None
    tie: bool
    #: (kind, reason in Chinese)
    flags: tuple[tuple[str, str], ...]
    decision: DecisionInfo | None
    #: Experts who sign: assigned and not recused, by name.
    panel: tuple[tuple[str, str], ...]
    #: (expert, kind of conflict) of those who recused themselves.
    recused: tuple[tuple[str, str], ...]

    kind = "dossier"

    def ident(self) -> dict[str, Any]:
        return {"dossier": self.number}

    @property
    def label(self) -> str:
        return self.number

    @property
    def aggregate(self) -> str | None:
        return self.aggregates.get(self.round.rule)

    def covered(self) -> dict[str, Any]:
        d = self.decision
        return {
            "sheet": "dossier",
            "v": COVERED_VERSION,
            "round": self.round.uid,
            "form": self.round.form_hash,
            "rule": self.round.rule,
            "dossier": {"number": self.number, "title": self.title, "applicant": self.applicant,
                        "category": self.category},
            "reviews": {
                e.expert: {"version": e.version, "payload_sha256": e.payload_sha256, "total": e.total,
                           "recommendation": e.recommendation, "vetoes_yes": list(e.vetoes_yes),
                           "scores": e.scores, "signature": e.signature_status}
                for e in self.experts
            },
            "criterion_means": self.criterion_means,
            "criterion_spreads": self.criterion_spreads,
            "aggregates": self.aggregates,
            "rank": self.rank,
            "tier": self.tier,
            "tie": self.tie,
            "flags": [{"kind": k, "reason": r} for k, r in self.flags],
            "decision": None if d is None else {
                "rank": d.rank, "tier": d.tier, "final_score": d.final_score, "overridden": d.overridden,
                "reason": d.reason, "flag_resolution": d.flag_resolution, "decided_by": d.decided_by,
                "decided_at": d.decided_at.isoformat() if d.decided_at else None, "stale": d.stale,
            },
            "panel": [name for name, _ in self.panel],
            "recused": [name for name, _ in self.recused],
        }


def _decision_info(row: DecisionRow, form: Form) -> DecisionInfo | None:
    if not row.decided:
        return None
    return DecisionInfo(
        rank=row.rank, tier=row.tier, tier_title=_tier_title(form, row.tier),
        final_score=fmt_points(row.final_score), overridden=row.overridden, reason=row.reason,
        flag_resolution=row.flag_resolution, decided_by=row.decided_by, decided_at=row.decided_at,
        stale=row.stale, stale_reasons=tuple(zh(r) for r in row.stale_reasons),
    )


@dataclass
class _RoundData:
    """Everything the two summary sheets read, loaded once per round."""

    rnd: Round
    form: Form
    head: RoundHead
    recon: Reconciliation
    dossiers: list[Dossier]
    reviews: dict[str, list[Review]]
    #: review id -> signed by the key its payload names (checked on two threads: Ed25519
    #: checks release the GIL, and a provincial round has 14,000 of them)
    verified: dict[int, bool]
    decisions: dict[str, DecisionRow]
    panels: dict[int, list[Expert]]
    recused: dict[int, list[tuple[str, str]]]


_CACHE_KEY = "reviewer.sheets_data.round_data"


def _round_data(s: Session, round_id: int | str) -> _RoundData:
    """The round's data, read once per session for every sheet printed from it.

    Printing a round's sheets asks for the 评审意见汇总表 and the 评审结果汇总表 in one
    session; reading and reconciling a provincial round is a second each time. The copy
    is dropped as soon as the session writes anything or its transaction ends.
    """
    cache: dict[int | str, _RoundData] = s.info.setdefault(_CACHE_KEY, {})
    if not cache:
        for name in ("after_flush", "after_transaction_end"):
            if not event.contains(s, name, _drop_cache):
                event.listen(s, name, _drop_cache)
    data = cache.get(round_id)
    if data is None:
        with collector_paused():  # some 200,000 objects, all of them kept
            data = cache[round_id] = _read_round_data(s, round_id)
    return data


def _drop_cache(s: Session, *_args: Any) -> None:
    s.info.pop(_CACHE_KEY, None)


def _read_round_data(s: Session, round_id: int | str) -> _RoundData:
    rnd = get_round(s, round_id)
    form = round_form(rnd)
    reviews = current_reviews(s, rnd.id)
    by_number: dict[str, list[Review]] = {}
    for r in reviews:
        by_number.setdefault(r.dossier.number, []).append(r)
    for rows in by_number.values():
        rows.sort(key=lambda r: r.expert.name)
    recused: dict[int, list[tuple[str, str]]] = {}
    recused_ids: set[tuple[int, int]] = set()
    for c in s.scalars(select(Conflict).where(Conflict.round_id == rnd.id, Conflict.status.in_(BLOCKING))
                       .options(selectinload(Conflict.expert))):
        if (c.dossier_id, c.expert_id) in recused_ids:
            continue
        recused_ids.add((c.dossier_id, c.expert_id))
        recused.setdefault(c.dossier_id, []).append((c.expert.name, CONFLICT_KINDS.get(c.kind, (c.kind,))[0]))
    panels: dict[int, list[Expert]] = {}
    for a in s.scalars(select(Assignment).where(Assignment.round_id == rnd.id)
                       .options(selectinload(Assignment.expert))):
        if (a.dossier_id, a.expert_id) not in recused_ids:
            panels.setdefault(a.dossier_id, []).append(a.expert)
    for r in reviews:  # a review without an assignment row still has a signer
        members = panels.setdefault(r.dossier_id, [])
        if all(e.id != r.expert_id for e in members):
            members.append(r.expert)
    recon = reconcile_round(s, rnd.id)
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="sheet-signatures") as pool:
        checks = pool.map(_verify_own_key, [r.payload for r in reviews], [r.signature for r in reviews])
        verified = dict(zip([r.id for r in reviews], checks, strict=True))
    return _RoundData(
        rnd=rnd, form=form, head=RoundHead.of(rnd, form), recon=recon,
        dossiers=sorted(s.scalars(select(Dossier).where(Dossier.round_id == rnd.id)),
                        key=lambda d: number_key(d.number)),
        reviews=by_number, verified=verified,
        decisions={row.number: row for row in decision_rows(s, rnd.id, recon)},
        panels=panels, recused=recused,
    )


def _expert_line(form: Form, review: Review, verified: bool | None = None) -> ExpertLine:
    payload: dict[str, Any] = json.loads(review.payload or "{}")
    signed = {x.get("criterion"): x.get("value") for x in payload.get("scores", []) if isinstance(x, dict)}
    answers = payload.get("vetoes") if isinstance(payload.get("vetoes"), dict) else {}
    choices = {c.key: c.title.zh or c.title.en for c in form.recommendations}
    rec = payload.get("recommendation")
    return ExpertLine(
        expert=review.expert.name, organisation=review.expert.organisation, version=review.version,
        total=fmt_points(_dec(payload.get("total"))), recommendation=choices.get(rec, rec) if rec else None,
        vetoes_yes=tuple(v.question.zh or v.key for v in form.vetoes if answers.get(v.key) is True),
        scores={c.key: fmt_value(_dec(signed.get(c.key)), c.step) for c in form.criteria},
        payload_sha256=crypto.sha256_hex((review.payload or "").encode("utf-8")),
        signature_status=signature_status(review, review.expert, payload, verified),
    )


def _dossier_sheet(data: _RoundData, dossier: Dossier) -> DossierSheet:
    form = data.form
    result = data.recon.dossier(dossier.number)
    return DossierSheet(
        round=data.head, number=dossier.number, title=dossier.title, applicant=dossier.applicant,
        category=dossier.category,
        criteria=tuple((c.key, c.title.zh or c.title.en, crypto.format_decimal(c.effective_weight))
                       for c in form.criteria),
        experts=tuple(_expert_line(form, r, data.verified.get(r.id)) for r in data.reviews.get(dossier.number, [])),
        criterion_means={k: str(round_total(v)) for k, v in result.criterion_means.items()},
        criterion_spreads={k: str(round_total(v)) for k, v in result.criterion_spreads.items()},
        aggregates={rule: fmt_points(result.aggregates.get(rule)) for rule in RULES},
        rank=result.rank, tier=result.tier, tier_title=_tier_title(form, result.tier), tie=result.tie,
        flags=tuple((f.kind, zh(f.reason)) for f in result.flags),
        decision=_decision_info(data.decisions[dossier.number], form),
        panel=tuple(sorted((e.name, e.organisation) for e in data.panels.get(dossier.id, []))),
        recused=tuple(sorted(data.recused.get(dossier.id, []))),
    )


def dossier_sheets(s: Session, round_id: int | str, numbers: Iterable[str] | None = None) -> list[DossierSheet]:
    """评审意见汇总表 of every dossier of the round (or of the given numbers), by number."""
    data = _round_data(s, round_id)
    wanted = None if numbers is None else set(numbers)
    return [_dossier_sheet(data, d) for d in data.dossiers if wanted is None or d.number in wanted]


# --------------------------------------------------------------------------- 评审结果汇总表


@dataclass(frozen=True)
class ResultRow:
    rank: int | None
    number: str
    title: str
    applicant: str
    score: str | None
    tier: str | None
    tier_title: str | None
    amount: str | None
    #: The experts' recommendations, e.g. "推荐 2，有条件推荐 1".
    recommendations: str
    note: str
    decided: bool
    #: expert -> sha256 of the signed review payload behind the score.
    reviews: dict[str, str]


@dataclass(frozen=True)
class TierTotal:
    key: str | None
    title: str
    count: int
    amount: str | None
    total: str | None


@dataclass(frozen=True)
class ResultSheet:
    """评审结果汇总表: the round's ranking and awards, for the whole committee to sign."""

    round: RoundHead
    rows: tuple[ResultRow, ...]
    tiers: tuple[TierTotal, ...]
    grand_total: str | None
    committee: tuple[tuple[str, str], ...]
    undecided: int
    stale: int

    kind = "result"

    def ident(self) -> dict[str, Any]:
        return {}

    @property
    def label(self) -> str:
        return self.round.name

    def covered(self) -> dict[str, Any]:
        return {
            "sheet": "result",
            "v": COVERED_VERSION,
            "round": self.round.uid,
            "form": self.round.form_hash,
            "rule": self.round.rule,
            "rows": {
                r.number: {"rank": r.rank, "title": r.title, "applicant": r.applicant, "score": r.score,
                           "tier": r.tier, "amount": r.amount, "recommendations": r.recommendations,
                           "note": r.note, "decided": r.decided, "reviews": r.reviews}
                for r in self.rows
            },
            "tiers": {t.key or "": {"count": t.count, "amount": t.amount, "total": t.total} for t in self.tiers},
            "grand_total": self.grand_total,
            "committee": [name for name, _ in self.committee],
        }


#: Override reasons up to this long are repeated in the 备注 of the 评审结果汇总表.
_NOTE_REASON = 60


def _tally(form: Form, reviews: Sequence[Review]) -> str:
    counts = Counter(r.recommendation for r in reviews if r.recommendation)
    parts = [f"{c.title.zh or c.key} {counts[c.key]}" for c in form.recommendations if counts.get(c.key)]
    return "，".join(parts)


def result_sheet(s: Session, round_id: int | str) -> ResultSheet:
    """评审结果汇总表 of the round: the committee's decisions where recorded, the computed ones otherwise."""
    data = _round_data(s, round_id)
    form = data.form
    tiers = {t.key: t for t in form.tiers}
    rows: list[ResultRow] = []
    undecided = stale = 0
    for dossier in data.dossiers:
        result = data.recon.dossier(dossier.number)
        decision = data.decisions[dossier.number]
        notes: list[str] = []
        if decision.decided:
            rank, tier = decision.rank, decision.tier
            score = fmt_points(decision.final_score) if decision.final_score is not None \
                else fmt_points(result.aggregates.get(data.rnd.rule))
            if decision.overridden:  # a long reason is printed in full on the 评审意见汇总表
                short = decision.reason if len(decision.reason) <= _NOTE_REASON else ""
                notes.append("委员会调整" + (f"：{short}" if short else "（理由见评审意见汇总表）"))
            if decision.stale:
                stale += 1
                notes.append("决定后评分有变动，待复核")
        else:
            undecided += 1 if result.totals else 0
            rank, tier = result.rank, result.tier
            score = fmt_points(result.aggregates.get(data.rnd.rule))
            notes.append("未经委员会决定" if result.totals else "无有效评审意见")
        if result.vetoed:
            notes.append("触及否决项")
        if result.tie and not decision.decided:
            notes.append("并列")
        tier_obj = tiers.get(tier) if tier else None
        reviews = data.reviews.get(dossier.number, [])
        rows.append(ResultRow(
            rank=rank, number=dossier.number, title=dossier.title, applicant=dossier.applicant, score=score,
            tier=tier, tier_title=_tier_title(form, tier), amount=fmt_amount(tier_obj.amount) if tier_obj else None,
            recommendations=_tally(form, reviews), note="；".join(notes), decided=decision.decided,
            reviews={r.expert.name: crypto.sha256_hex((r.payload or "").encode("utf-8")) for r in reviews},
        ))
    rows.sort(key=lambda r: (r.rank is None, r.rank or 0, number_key(r.number)))
    totals: list[TierTotal] = []
    grand = Decimal(0)
    any_amount = False
    for t in form.tiers:
        count = sum(1 for r in rows if r.tier == t.key)
        total = t.amount * count if t.amount is not None else None
        if total is not None:
            grand += total
            any_amount = True
        totals.append(TierTotal(t.key, t.title.zh or t.title.en or t.key, count, fmt_amount(t.amount),
                                fmt_amount(total)))
    unknown = Counter(r.tier for r in rows if r.tier and r.tier not in tiers)
    for key, count in sorted(unknown.items()):
        totals.append(TierTotal(key, key, count, None, None))
    totals.append(TierTotal(None, "未获奖励", sum(1 for r in rows if not r.tier), None, None))
    committee = tuple(sorted((e.name, e.organisation) for e in data.rnd.experts))
    return ResultSheet(round=data.head, rows=tuple(rows), tiers=tuple(totals),
                       grand_total=fmt_amount(grand) if any_amount else None, committee=committee,
                       undecided=undecided, stale=stale)


# --------------------------------------------------------------------------- every sheet of a round


Sheet = ReviewSheet | DeclarationSheet | DossierSheet | ResultSheet

#: The four kinds, in the order a secretary files them: (kind, 中文, English).
KINDS: tuple[tuple[str, str, str], ...] = (
    ("result", "评审结果汇总表", "Summary of results"),
    ("dossier", "评审意见汇总表", "Summary of reviews per dossier"),
    ("review", "专家评分表", "Expert score sheet"),
    ("declaration", "回避声明", "Conflict-of-interest declaration"),
)
KIND_TITLES: dict[str, str] = {k: zh_title for k, zh_title, _ in KINDS}


# What the PDF writer (reviewer.sheets) hands out; defined here so that callers can
# name them without loading reportlab.


@dataclass(frozen=True)
class RenderedPdf:
    """A rendered file: its bytes, each sheet with its code, and its page count."""

    data: bytes
    sheets: tuple[tuple[Sheet, str], ...]
    pages: int
    draft: bool


@dataclass(frozen=True)
class SheetEntry:
    """One sheet a user can pick to print: ``key`` is what ``generate_sheets`` takes."""

    kind: str
    key: str
    label: str


@dataclass(frozen=True)
class WrittenFile:
    kind: str
    file: Path
    sheets: int
    pages: int
    codes: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "file": str(self.file), "sheets": self.sheets, "pages": self.pages,
                "codes": list(self.codes)}



def sheets_of_kind(s: Session, round_id: int | str, kind: str, keys: Iterable[str] | None = None, *,
                   include_superseded: bool = False) -> list[Sheet]:
    """The sheets of one kind; ``keys`` picks dossier numbers (review, dossier) or expert names (declaration)
    — for review sheets a key may also be "number|expert"."""
    wanted = None if keys is None else list(keys)
    if kind == "result":
        return [result_sheet(s, round_id)]
    if kind == "dossier":
        return list(dossier_sheets(s, round_id, wanted))
    if kind == "declaration":
        return list(declaration_sheets(s, round_id, wanted))
    if kind == "review":
        sheets = review_sheets(s, round_id, include_superseded=include_superseded)
        if wanted is None:
            return list(sheets)
        picked = set(wanted)
        return [x for x in sheets if x.number in picked or f"{x.number}|{x.expert}" in picked]
    raise ValueError(f"unknown sheet kind {kind!r}")


def payload_by_sha(s: Session, round_id: int, digests: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Signed review payloads of a round by their sha256 (any version, superseded ones too)."""
    wanted = set(digests)
    out: dict[str, dict[str, Any]] = {}
    if not wanted:
        return out
    for text in s.scalars(select(Review.payload).where(Review.round_id == round_id, Review.payload.is_not(None))):
        assert text is not None
        sha = crypto.sha256_hex(text.encode("utf-8"))
        if sha in wanted:
            out[sha] = json.loads(text)
    return out


__all__ = [
    "BLOCKING",
    "COVERED_VERSION",
    "CST",
    "FLAG_TITLES",
    "KINDS",
    "KIND_TITLES",
    "ConflictLine",
    "CriterionLine",
    "DecisionInfo",
    "DeclarationSheet",
    "DossierSheet",
    "ExpertLine",
    "ResultRow",
    "ResultSheet",
    "ReviewSheet",
    "RoundHead",
    "Sheet",
    "TierTotal",
    "VetoLine",
    "current_reviews",
    "declaration_sheets",
    "dossier_sheets",
    "payload_by_sha",
    "result_sheet",
    "review_sheets",
    "sheets_of_kind",
]
