"""An expert's reviews: conflicts first, then an autosaved draft, then a signed submission.

The lifecycle of one (dossier, expert) pair, as the expert's workstation and the
secretary's paper entry both see it:

1. **Conflicts first.** Before a dossier can be scored the expert either confirms
   that there is no conflict of interest (``confirm_no_conflict`` sets
   ``Assignment.no_conflict_at``) or declares one (``declare_conflict``, 回避).
   ``open_review`` refuses until one of the two has happened, and refuses for good
   once a blocking conflict (declared or confirmed) exists.
2. **Draft.** ``open_review`` creates version 1 as an empty draft with one Score row
   per criterion. The GUI calls ``update_review`` once per small change (one field),
   each call inside its own ``with ws.session()`` so every value the expert typed is
   committed — WAL, ``synchronous=FULL`` — the moment the call returns.
3. **Submit.** ``submit`` refuses while ``problems`` lists anything, then signs the
   canonical payload (``payloads.review_payload``) with the workspace key, stores the
   exact signed text and the signature, and the version becomes read-only.
4. **Reopen.** ``reopen`` (a reason is required) supersedes the submitted version and
   starts version n+1 as a draft holding the same values; both stay in the record.

A conflict declared after a review was started does not delete it: the current
version (draft or submitted) gets status ``"discarded"`` and ``current=False``. It
stays in the database and in the audit log, and no aggregate ever counts it
(everything downstream reads only current, submitted versions).

Paper entry (secretary's workspace): the secretary types an expert's paper sheet
(``offline.import_scores`` with an operator name), optionally a second person types
it again (``PaperEntry``), differences are resolved (``resolve_paper_difference`` or
by re-entering), and ``submit_paper`` marks the review submitted **without an Ed25519
signature** — the expert's handwritten signature is on the paper, which the
secretariat files. Such a review has ``origin="paper"``, ``signature=None``,
``entered_by`` = the first operator; its stored payload carries ``entered_by`` too,
and the audit entry of the submission names both operators and who submitted it.

Every function takes the caller's session and never commits; every change is
recorded with ``audit.record`` in the same transaction.
"""

from __future__ import annotations

import enum
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Assignment, Conflict, Dossier, Expert, PaperEntry, Review, Round, Score, utcnow
from forms import Form
from forms.model import Criterion
from reviewer import audit, crypto, payloads, rounds
from reviewer.errors import KeyProblem, NotFound, StateError, ValidationError
from reviewer.workspace import Workspace, get_setting

#: Status of a dossier in an expert's work list, with its Chinese and English names.
OVERVIEW_STATUSES: dict[str, tuple[str, str]] = {
    "not_started": ("未开始", "not started"),
    "draft": ("草稿", "draft"),
    "submitted": ("已提交", "submitted"),
    "conflict": ("已回避", "conflict declared"),
}

#: Status of one review version.
REVIEW_STATUSES: dict[str, tuple[str, str]] = {
    "draft": ("草稿", "draft"),
    "submitted": ("已提交", "submitted"),
    "superseded": ("已被新版本取代", "superseded"),
    "discarded": ("因回避作废", "discarded after a conflict declaration"),
}

_NUMBER_RE = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


class _Unset(enum.Enum):
    UNSET = 0


#: Default of ``update_review(recommendation=…)``: "leave it alone" (None clears it).
UNSET = _Unset.UNSET


# --- looking things up -----------------------------------------------------------------------


def me(s: Session, rnd: Round) -> Expert:
    """The workspace owner's Expert row in ``rnd`` (the setting ``expert_name``)."""
    name = get_setting(s, "expert_name")
    if not name:
        raise NotFound("此工作区没有登记专家身份，请先导入评审包 (this workspace has no expert identity: import a bundle)")
    expert = s.scalars(select(Expert).where(Expert.round_id == rnd.id, Expert.name == name)).first()
    if expert is None:
        raise NotFound(f"评审轮次「{rnd.name}」中没有专家「{name}」 (expert {name} is not in this round)")
    return expert


def find_expert(s: Session, rnd: Round, name: str) -> Expert:
    expert = s.scalars(select(Expert).where(Expert.round_id == rnd.id, Expert.name == name.strip())).first()
    if expert is None:
        raise NotFound(f"评审轮次「{rnd.name}」中没有专家「{name}」 (no such expert in the round)")
    return expert


def find_dossier(s: Session, rnd: Round, number: str) -> Dossier:
    dossier = s.scalars(select(Dossier).where(Dossier.round_id == rnd.id, Dossier.number == number.strip())).first()
    if dossier is None:
        raise NotFound(f"评审轮次「{rnd.name}」中没有申报编号 {number} (no such dossier in the round)")
    return dossier


def assignment_for(s: Session, dossier: Dossier, expert: Expert) -> Assignment | None:
    return s.scalars(
        select(Assignment).where(Assignment.dossier_id == dossier.id, Assignment.expert_id == expert.id)
    ).first()


def blocking_conflict(s: Session, dossier: Dossier, expert: Expert) -> Conflict | None:
    """A declared or confirmed conflict between the two, whoever recorded it."""
    return s.scalars(
        select(Conflict)
        .where(
            Conflict.dossier_id == dossier.id,
            Conflict.expert_id == expert.id,
            Conflict.status.in_(("declared", "confirmed")),
        )
        .order_by(Conflict.id)
    ).first()


def current_review(s: Session, dossier: Dossier, expert: Expert) -> Review | None:
    return s.scalars(
        select(Review).where(
            Review.dossier_id == dossier.id, Review.expert_id == expert.id, Review.current.is_(True)
        )
    ).first()


def review_history(s: Session, dossier: Dossier, expert: Expert) -> list[Review]:
    """Every version of the pair's review, oldest first (superseded and discarded included)."""
    return list(
        s.scalars(
            select(Review)
            .where(Review.dossier_id == dossier.id, Review.expert_id == expert.id)
            .order_by(Review.version)
        )
    )


def get_review(s: Session, review_id: int) -> Review:
    review = s.get(Review, review_id)
    if review is None:
        raise NotFound(f"找不到评审意见 {review_id} (no such review)")
    return review


def _round_of(s: Session, review: Review) -> Round:
    rnd = s.get(Round, review.round_id)
    assert rnd is not None  # a foreign key guarantees it
    return rnd


def _role(s: Session) -> str | None:
    return get_setting(s, "role")


# --- wording ---------------------------------------------------------------------------------


def _name(criterion: Criterion) -> tuple[str, str]:
    return criterion.title.zh or criterion.title.en, criterion.title.en or criterion.title.zh


def _fmt(value: Decimal) -> str:
    return crypto.format_decimal(value)


def score_values(review: Review) -> dict[str, Decimal]:
    """The scores given so far, by criterion key (unscored criteria left out)."""
    return {sc.criterion: sc.value for sc in review.scores if sc.value is not None}


def parse_score(text: str | Decimal | int, criterion: Criterion | None = None) -> Decimal:
    """A score as typed ("7.5", "７.５", " 8 ") as an exact Decimal; refuses anything else.

    Used by the import and offered to the GUI so both read numbers the same way.
    """
    if isinstance(text, Decimal):
        value = text
    elif isinstance(text, bool):
        raise ValidationError("分值必须是数字 (the score must be a number)")
    elif isinstance(text, int):
        value = Decimal(text)
    else:
        cleaned = unicodedata.normalize("NFKC", str(text)).strip().replace("。", ".")
        if not _NUMBER_RE.fullmatch(cleaned):
            what = f"「{_name(criterion)[0]}」的" if criterion else ""
            raise ValidationError(f"{what}分值「{text}」不是数字 (the score '{text}' is not a number)")
        value = Decimal(cleaned)
    if not value.is_finite():
        raise ValidationError(f"分值「{text}」不是有效数字 (the score '{text}' is not a valid number)")
    return value


def check_score(criterion: Criterion, value: Decimal) -> str | None:
    """Why ``value`` is not allowed for ``criterion`` (None if it is)."""
    zh, en = _name(criterion)
    if value < criterion.min or value > criterion.max:
        return (
            f"「{zh}」的评分须在 {_fmt(criterion.min)} 到 {_fmt(criterion.max)} 之间，不能是 {_fmt(value)} "
            f"(the score for {en} must be between {_fmt(criterion.min)} and {_fmt(criterion.max)}, "
            f"not {_fmt(value)})"
        )
    try:
        on_grid = criterion.allows(value)
    except InvalidOperation:
        on_grid = False
    if not on_grid:
        below = criterion.min + ((value - criterion.min) // criterion.step) * criterion.step
        above = below + criterion.step
        return (
            f"「{zh}」的评分须以 {_fmt(criterion.step)} 为步长（如 {_fmt(below)} 或 {_fmt(above)}），"
            f"不能是 {_fmt(value)} (the score for {en} must be in steps of {_fmt(criterion.step)}, "
            f"e.g. {_fmt(below)} or {_fmt(above)}, not {_fmt(value)})"
        )
    return None


def _comment_band(criterion: Criterion, value: Decimal) -> tuple[str, str, str] | None:
    """(位置, position, band label) when ``value`` lies in a band whose scores need a comment."""
    if not criterion.needs_comment(value):
        return None
    ordered = sorted(criterion.bands, key=lambda b: b.low)
    if "top" in criterion.comment_required and ordered[-1].contains(value):
        band, zh, en = ordered[-1], "最高档", "top"
    else:
        band, zh, en = ordered[0], "最低档", "bottom"
    return zh, en, band.label.zh or band.label.en


def problems(form: Form, review: Review) -> list[str]:
    """Everything that stands between this review and its submission, in words, in form order."""
    found: list[str] = []
    by_key = {sc.criterion: sc for sc in review.scores}
    for criterion in form.criteria:
        zh, en = _name(criterion)
        sc = by_key.get(criterion.key)
        if sc is None or sc.value is None:
            found.append(f"缺少「{zh}」的评分 (missing score for {en})")
            continue
        invalid = check_score(criterion, sc.value)
        if invalid:
            found.append(invalid)
            continue
        band = _comment_band(criterion, sc.value)
        if band and not sc.comment.strip():
            pos_zh, pos_en, label = band
            found.append(
                f"「{zh}」评分 {_fmt(sc.value)} 属于{pos_zh}「{label}」，须填写评语 "
                f"(comment required for {en}: the score {_fmt(sc.value)} is in the {pos_en} band)"
            )
    vetoes = review.vetoes or {}
    for item in form.vetoes:
        if item.key not in vetoes or vetoes[item.key] is None:
            found.append(
                f"否决项「{item.question.zh or item.question.en}」尚未回答 "
                f"(veto question unanswered: {item.question.en or item.question.zh})"
            )
    if form.recommendations:
        keys = {c.key for c in form.recommendations}
        if not review.recommendation:
            found.append("尚未选择推荐意见 (recommendation missing)")
        elif review.recommendation not in keys:
            found.append(
                f"推荐意见「{review.recommendation}」不是评分表中的选项 "
                f"(the recommendation '{review.recommendation}' is not one of the form's choices)"
            )
    return found


_YES = {"yes", "y", "true", "1", "是", "是的", "有", "√", "✓"}
_NO = {"no", "n", "false", "0", "否", "不是", "无", "没有", "×", "✗"}

#: The kinds of cell ``parse_cell`` returns.
CELL_KINDS = ("score", "score_comment", "veto", "recommendation", "comment")


def parse_yes_no(text: str) -> bool | None:
    """是/否, yes/no, y/n, true/false, 1/0 (None when empty); anything else is refused."""
    cleaned = unicodedata.normalize("NFKC", text).strip().lower()
    if not cleaned:
        return None
    if cleaned in _YES:
        return True
    if cleaned in _NO:
        return False
    raise ValidationError(f"「{text}」不是“是”或“否” ('{text}' is not yes or no)", [text])


def parse_recommendation(form: Form, text: str) -> str | None:
    """A recommendation typed as its key or its Chinese or English title (None when empty)."""
    cleaned = unicodedata.normalize("NFKC", text).strip()
    if not cleaned:
        return None
    folded = cleaned.casefold()
    for choice in form.recommendations:
        names = (choice.key, choice.title.zh, choice.title.en)
        if any(n and unicodedata.normalize("NFKC", n).strip().casefold() == folded for n in names):
            return choice.key
    if not form.recommendations:
        raise ValidationError("该评分表没有推荐意见一项 (this form has no recommendation)", [text])
    options = "、".join(f"{c.title.zh}（{c.key}）" for c in form.recommendations)
    raise ValidationError(f"推荐意见「{text}」不是评分表中的选项，可选：{options} "
                          f"(the recommendation '{text}' is not one of the form's choices)", [text])


def parse_cell(form: Form, cell: str, text: str) -> tuple[str, str, Any]:
    """Read one typed value the way the score CSV names it.

    ``cell`` is a criterion key (the score), ``<key>#comment``, ``veto.<key>``,
    ``recommendation`` or ``comment``. Returns ``(kind, key, value)`` with kind in
    ``CELL_KINDS``; an empty score, veto or recommendation reads as None. Anything
    the form does not allow raises ValidationError naming the problem.
    """
    cell = cell.strip()
    text = "" if text is None else str(text)
    if cell == "comment":
        return "comment", "", text
    if cell == "recommendation":
        return "recommendation", "", parse_recommendation(form, text)
    if cell.startswith("veto."):
        key = cell[len("veto."):]
        if key not in {v.key for v in form.vetoes}:
            raise ValidationError(f"评分表中没有否决项「{key}」 (the form has no veto question '{key}')", [cell])
        return "veto", key, parse_yes_no(text)
    key, is_comment = (cell[: -len("#comment")], True) if cell.endswith("#comment") else (cell, False)
    try:
        criterion = form.criterion(key)
    except KeyError:
        raise ValidationError(f"评分表中没有评分项「{key}」 (the form has no criterion '{key}')", [cell]) from None
    if is_comment:
        return "score_comment", key, text
    if not text.strip():
        return "score", key, None
    value = parse_score(text, criterion)
    refusal = check_score(criterion, value)
    if refusal:
        raise ValidationError(refusal, [refusal])
    return "score", key, Decimal(_fmt(value))


# --- conflicts -------------------------------------------------------------------------------


def _require_assignment(s: Session, rnd: Round, dossier: Dossier, expert: Expert) -> Assignment:
    if dossier.round_id != rnd.id or expert.round_id != rnd.id:
        raise StateError("申报或专家不属于该评审轮次 (the dossier or the expert is not in this round)")
    assignment = assignment_for(s, dossier, expert)
    if assignment is None:
        raise StateError(
            f"申报 {dossier.number} 未分配给专家「{expert.name}」 (dossier {dossier.number} is not assigned to {expert.name})"
        )
    return assignment


def _conflict_refusal(dossier: Dossier, conflict: Conflict) -> StateError:
    kind = payloads.CONFLICT_KINDS.get(conflict.kind, (conflict.kind, conflict.kind))
    return StateError(
        f"已就申报 {dossier.number} 声明回避（{kind[0]}），不能评分 "
        f"(a conflict of interest was declared for dossier {dossier.number}: {kind[1]}; it cannot be scored)"
    )


def declare_conflict(
    s: Session, rnd: Round, dossier: Dossier, expert: Expert, kind: str, reason: str, *, actor: str | None = None
) -> Conflict:
    """Record the expert's own declaration of a conflict of interest (回避).

    Allowed at any time: a conflict found while reading must still be declared. Any
    current review version is kept but marked ``"discarded"`` (not current), so the
    record shows what had been entered and no aggregate counts it.
    """
    rounds.require_open(rnd)
    _require_assignment(s, rnd, dossier, expert)
    if kind not in payloads.CONFLICT_KINDS:
        choices = "、".join(f"{k}（{zh}）" for k, (zh, _en) in payloads.CONFLICT_KINDS.items())
        raise ValidationError(f"未知的回避类型 {kind}，可选：{choices} (unknown conflict kind)", [kind])
    reason = reason.strip()
    if not reason:
        raise ValidationError("声明回避须说明理由 (a reason is required to declare a conflict)",
                              ["声明回避须说明理由 (a reason is required to declare a conflict)"])
    existing = blocking_conflict(s, dossier, expert)
    if existing is not None:
        raise StateError(f"已就申报 {dossier.number} 声明过回避 (a conflict is already recorded for this dossier)")
    now = utcnow()
    conflict = s.scalars(
        select(Conflict).where(
            Conflict.dossier_id == dossier.id, Conflict.expert_id == expert.id, Conflict.origin == "expert"
        )
    ).first()
    if conflict is None:
        conflict = Conflict(round_id=rnd.id, dossier_id=dossier.id, expert_id=expert.id, origin="expert")
        s.add(conflict)
    conflict.kind = kind
    conflict.reason = reason
    conflict.status = "declared"
    conflict.declared_at = now
    conflict.decided_at = None
    conflict.signature = None
    assignment = assignment_for(s, dossier, expert)
    assert assignment is not None
    previously_confirmed = assignment.no_conflict_at
    assignment.no_conflict_at = None
    discarded: dict[str, Any] | None = None
    review = current_review(s, dossier, expert)
    if review is not None:
        discarded = {"review": review.id, "version": review.version, "status": review.status}
        review.status = "discarded"
        review.current = False
        review.updated_at = now
    s.flush()
    audit.record(
        s, "conflict.declare", actor=expert.name if actor is None else actor, round_uid=rnd.uid,
        detail={
            "dossier": dossier.number, "expert": expert.name, "kind": kind, "reason": reason,
            "revoked_no_conflict_at": previously_confirmed.isoformat() if previously_confirmed else None,
            "discarded_review": discarded,
        },
    )
    return conflict


def confirm_no_conflict(
    s: Session, rnd: Round, dossier: Dossier, expert: Expert, *, actor: str | None = None
) -> Assignment:
    """The expert states there is no conflict with this dossier; scoring may start. Idempotent."""
    rounds.require_open(rnd)
    assignment = _require_assignment(s, rnd, dossier, expert)
    conflict = blocking_conflict(s, dossier, expert)
    if conflict is not None:
        raise _conflict_refusal(dossier, conflict)
    if assignment.no_conflict_at is None:
        assignment.no_conflict_at = utcnow()
        s.flush()
        audit.record(s, "conflict.none", actor=expert.name if actor is None else actor, round_uid=rnd.uid,
                     detail={"dossier": dossier.number, "expert": expert.name})
    return assignment


# --- drafts ----------------------------------------------------------------------------------


def new_draft(s: Session, rnd: Round, dossier: Dossier, expert: Expert, *, origin: str, entered_by: str) -> Review:
    form = rounds.round_form(rnd)
    last = s.scalar(
        select(func.max(Review.version)).where(Review.dossier_id == dossier.id, Review.expert_id == expert.id)
    )
    now = utcnow()
    review = Review(
        round_id=rnd.id, dossier_id=dossier.id, expert_id=expert.id, version=(last or 0) + 1, status="draft",
        current=True, form_hash=rnd.form_hash, vetoes={}, comment="", origin=origin, entered_by=entered_by,
        created_at=now, updated_at=now,
    )
    review.scores = [Score(position=i, criterion=c.key, value=None, comment="") for i, c in enumerate(form.criteria)]
    s.add(review)
    s.flush()
    return review


def open_review(s: Session, rnd: Round, dossier: Dossier, expert: Expert, *, actor: str | None = None) -> Review:
    """The pair's current review version, creating an empty draft on first open.

    Refuses while the expert has neither confirmed "no conflict" nor declared one,
    and for good once a conflict blocks the pair.
    """
    assignment = _require_assignment(s, rnd, dossier, expert)
    conflict = blocking_conflict(s, dossier, expert)
    if conflict is not None:
        raise _conflict_refusal(dossier, conflict)
    review = current_review(s, dossier, expert)
    if review is not None:
        return review
    if assignment.no_conflict_at is None:
        raise StateError(
            f"请先就申报 {dossier.number} 作出回避声明：确认无利益冲突，或声明回避 "
            f"(declare first: confirm there is no conflict of interest with dossier {dossier.number}, or declare one)"
        )
    rounds.require_open(rnd)
    review = new_draft(s, rnd, dossier, expert, origin="expert", entered_by="")
    audit.record(s, "review.open", actor=expert.name if actor is None else actor, round_uid=rnd.uid,
                 detail={"review": review.id, "dossier": dossier.number, "expert": expert.name,
                         "version": review.version})
    return review


def _require_editable(s: Session, review: Review) -> Round:
    rnd = _round_of(s, review)
    rounds.require_open(rnd)
    if review.status != "draft" or not review.current:
        name = REVIEW_STATUSES.get(review.status, (review.status, review.status))
        raise StateError(
            f"该评审意见（第 {review.version} 版）{name[0]}，不能修改 "
            f"(version {review.version} of this review is {name[1]} and read-only)"
        )
    conflict = blocking_conflict(s, review.dossier, review.expert)
    if conflict is not None:
        raise _conflict_refusal(review.dossier, conflict)
    return rnd


def _score_row(review: Review, form: Form, key: str) -> tuple[Criterion, Score]:
    try:
        criterion = form.criterion(key)
    except KeyError:
        raise ValidationError(f"评分表中没有评分项「{key}」 (the form has no criterion '{key}')", [key]) from None
    for sc in review.scores:
        if sc.criterion == key:
            return criterion, sc
    sc = Score(position=[c.key for c in form.criteria].index(key), criterion=key, value=None, comment="")
    review.scores.append(sc)
    return criterion, sc


def _apply_score(review: Review, form: Form, key: str, value: Decimal | None) -> tuple[bool, Any]:
    criterion, sc = _score_row(review, form, key)
    if value is not None:
        value = parse_score(value, criterion)
        refusal = check_score(criterion, value)
        if refusal:
            raise ValidationError(refusal, [refusal])
        value = Decimal(_fmt(value))
    if sc.value == value and (sc.value is None) == (value is None):
        return False, None
    old = sc.value
    sc.value = value
    return True, None if old is None else _fmt(old)


def _apply_score_comment(review: Review, form: Form, key: str, text: str) -> tuple[bool, Any]:
    _criterion, sc = _score_row(review, form, key)
    if sc.comment == text:
        return False, None
    old = sc.comment
    sc.comment = text
    return True, old


def _apply_veto(review: Review, form: Form, key: str, answer: bool | None) -> tuple[bool, Any]:
    if key not in {v.key for v in form.vetoes}:
        raise ValidationError(f"评分表中没有否决项「{key}」 (the form has no veto question '{key}')", [key])
    if answer is not None and not isinstance(answer, bool):
        raise ValidationError("否决项只能回答是或否 (a veto question takes yes or no)", [key])
    vetoes = dict(review.vetoes or {})
    old = vetoes.get(key)
    if old == answer and (old is None) == (answer is None):
        return False, None
    if answer is None:
        vetoes.pop(key, None)
    else:
        vetoes[key] = answer
    review.vetoes = vetoes  # a new dict: JSON columns do not see in-place changes
    return True, old


def _apply_recommendation(review: Review, form: Form, choice: str | None) -> tuple[bool, Any]:
    choice = choice or None
    if choice is not None and choice not in {c.key for c in form.recommendations}:
        options = "、".join(f"{c.key}（{c.title.zh}）" for c in form.recommendations) or "无 (none)"
        raise ValidationError(
            f"推荐意见「{choice}」不是评分表中的选项，可选：{options} (not one of the form's recommendation choices)",
            [choice],
        )
    if review.recommendation == choice:
        return False, None
    old = review.recommendation
    review.recommendation = choice
    return True, old


def _apply_comment(review: Review, text: str) -> tuple[bool, Any]:
    if review.comment == text:
        return False, None
    old = review.comment
    review.comment = text
    return True, old


def apply_change(review: Review, form: Form, kind: str, key: str, value: Any) -> tuple[bool, Any]:
    """Set one value of a draft (no state checks, no audit): ``(changed, old value)``.

    ``kind``/``key``/``value`` as ``parse_cell`` returns them. For the import and
    the paper workflow, which check state and record the audit themselves.
    """
    if kind == "score":
        return _apply_score(review, form, key, value)
    if kind == "score_comment":
        return _apply_score_comment(review, form, key, value or "")
    if kind == "veto":
        return _apply_veto(review, form, key, value)
    if kind == "recommendation":
        return _apply_recommendation(review, form, value)
    if kind == "comment":
        return _apply_comment(review, value or "")
    raise ValueError(f"unknown kind of value: {kind}")


def recompute_total(review: Review, form: Form) -> None:
    """Total of the scores so far under the form's weights (None while nothing is scored)."""
    values = score_values(review)
    review.total = form.total(values) if values else None


def update_review(
    s: Session,
    review_id: int,
    *,
    score: tuple[str, Decimal | None] | None = None,
    score_comment: tuple[str, str] | None = None,
    veto: tuple[str, bool | None] | None = None,
    recommendation: str | None | _Unset = UNSET,
    comment: str | None = None,
    actor: str | None = None,
) -> Review:
    """Apply exactly one small change to a draft (what an autosaving form sends per field).

    ``score=(key, None)``, ``veto=(key, None)`` and ``recommendation=None`` clear the
    value. Recomputes the total with ``form.total`` and stamps ``updated_at``. A change
    that changes nothing is not recorded. Refuses submitted or superseded versions
    (StateError) and values the form does not allow (ValidationError, in words).
    """
    given = [name for name, value in (("score", score), ("score_comment", score_comment), ("veto", veto),
                                      ("comment", comment)) if value is not None]
    if recommendation is not UNSET:
        given.append("recommendation")
    if len(given) != 1:
        raise TypeError(f"update_review takes exactly one change per call, got {given or 'none'}")
    review = get_review(s, review_id)
    rnd = _require_editable(s, review)
    form = rounds.round_form(rnd)
    field = given[0]
    detail: dict[str, Any]
    if score is not None:
        changed, old = _apply_score(review, form, score[0], score[1])
        value = score_values(review).get(score[0])
        detail = {"criterion": score[0], "value": None if value is None else _fmt(value)}
    elif score_comment is not None:
        changed, old = _apply_score_comment(review, form, score_comment[0], score_comment[1])
        detail = {"criterion": score_comment[0], "value": score_comment[1]}
    elif veto is not None:
        changed, old = _apply_veto(review, form, veto[0], veto[1])
        detail = {"veto": veto[0], "value": veto[1]}
    elif comment is not None:
        changed, old = _apply_comment(review, comment)
        detail = {"value": comment}
    else:
        assert not isinstance(recommendation, _Unset)
        changed, old = _apply_recommendation(review, form, recommendation)
        detail = {"value": review.recommendation}
    if not changed:
        return review
    recompute_total(review, form)
    review.updated_at = utcnow()
    s.flush()
    audit.record(
        s, "review.update", actor=(review.entered_by or review.expert.name) if actor is None else actor,
        round_uid=rnd.uid,
        detail={"review": review.id, "dossier": review.dossier.number, "expert": review.expert.name,
                "version": review.version, "field": field, "old": old, **detail},
    )
    return review


# --- submitting ------------------------------------------------------------------------------


def build_payload(rnd: Round, review: Review, *, expert_key: str, submitted_at: str) -> dict[str, Any]:
    """The canonical content of ``review`` as ``payloads.review_payload`` defines it."""
    form = rounds.round_form(rnd)
    by_key = {sc.criterion: sc for sc in review.scores}
    scores: list[tuple[str, Decimal | None, str]] = []
    for c in form.criteria:
        sc = by_key.get(c.key)
        scores.append((c.key, None if sc is None else sc.value, "" if sc is None else sc.comment))
    return payloads.review_payload(
        round_uid=rnd.uid,
        form_id=rnd.form_id,
        form_hash=review.form_hash,
        dossier_number=review.dossier.number,
        dossier_files=[{"role": f.role, "name": f.name, "sha256": f.sha256} for f in review.dossier.files],
        expert_name=review.expert.name,
        expert_key=expert_key,
        version=review.version,
        scores=scores,
        vetoes={k: bool(v) for k, v in (review.vetoes or {}).items() if v is not None},
        recommendation=review.recommendation,
        comment=review.comment,
        total=review.total,
        submitted_at=submitted_at,
        reopen_reason=review.reopen_reason,
        entered_by=review.entered_by,
    )


def _require_complete(form: Form, review: Review) -> None:
    missing = problems(form, review)
    if missing:
        raise ValidationError(
            f"申报 {review.dossier.number} 的评审意见尚未完成，不能提交 (the review is incomplete):\n"
            + "\n".join(f"· {p}" for p in missing),
            missing,
        )


def submit(s: Session, ws_or_key: Workspace | str, review_id: int, key: Ed25519PrivateKey) -> Review:
    """Sign and submit a complete draft; afterwards it is read-only.

    Args:
        ws_or_key: the expert's workspace (its registered public key is used) or that
            public key as hex; ``key`` must be its private half, so that nobody signs
            with a key the secretary will not recognise.
    """
    review = get_review(s, review_id)
    rnd = _require_editable(s, review)
    if _role(s) == "secretary" or review.origin == "paper":
        raise StateError("秘书工作区中的纸质评分由秘书代为提交，不签名，请使用「代为提交」 "
                         "(paper reviews are submitted by the secretary without a signature)")
    owner = get_setting(s, "expert_name")
    if owner and owner != review.expert.name:
        raise StateError(f"只能提交本人（{owner}）的评审意见 (you can only submit your own reviews)")
    expected = ws_or_key if isinstance(ws_or_key, str) else (get_setting(s, "public_key") or "")
    public = crypto.public_hex(key)
    if expected and expected != public:
        raise KeyProblem("签名密钥与本工作区登记的公钥不一致 (the signing key is not this workspace's key)")
    expert = review.expert
    if expert.public_key and expert.public_key != public:
        raise KeyProblem(
            f"签名密钥与评审包中登记的专家「{expert.name}」的公钥不一致 "
            f"(the signing key differs from the key registered for {expert.name})"
        )
    form = rounds.round_form(rnd)
    if review.form_hash != rnd.form_hash:
        raise StateError("评审意见与本轮评分表版本不一致 (the review was made with a different form version)")
    _require_complete(form, review)
    recompute_total(review, form)
    now = utcnow()
    body = crypto.canonical_json(build_payload(rnd, review, expert_key=public, submitted_at=now.isoformat()))
    review.payload = body.decode("utf-8")
    review.signature = crypto.sign(key, body)
    review.status = "submitted"
    review.submitted_at = now
    review.updated_at = now
    if not expert.public_key:
        expert.public_key = public
    s.flush()
    audit.record(s, "review.submit", actor=expert.name, round_uid=rnd.uid,
                 detail={"review": review.id, "dossier": review.dossier.number, "expert": expert.name,
                         "version": review.version, "total": None if review.total is None else _fmt(review.total),
                         "payload_sha256": crypto.sha256_hex(body)})
    return review


def verify_review(review: Review) -> bool:
    """Whether the stored payload is signed by the key it names (False for unsigned paper reviews)."""
    if not review.payload or not review.signature:
        return False
    key = json.loads(review.payload).get("expert", {}).get("key", "")
    return bool(key) and crypto.verify(key, review.payload.encode("utf-8"), review.signature)


def reopen(s: Session, review_id: int, reason: str, *, actor: str | None = None) -> Review:
    """Start version n+1 of a submitted review as a draft with the same values; n is kept, superseded."""
    review = get_review(s, review_id)
    rnd = _round_of(s, review)
    rounds.require_open(rnd)
    if review.status != "submitted" or not review.current:
        raise StateError(f"只有当前已提交的评审意见可以重新打开 (only the current submitted version can be reopened)")
    reason = reason.strip()
    if not reason:
        raise ValidationError("重新打开须说明理由 (a reason is required to reopen a submitted review)",
                              ["重新打开须说明理由 (a reason is required to reopen a submitted review)"])
    conflict = blocking_conflict(s, review.dossier, review.expert)
    if conflict is not None:
        raise _conflict_refusal(review.dossier, conflict)
    now = utcnow()
    review.status = "superseded"
    review.current = False
    s.flush()
    new = Review(
        round_id=review.round_id, dossier_id=review.dossier_id, expert_id=review.expert_id,
        version=review.version + 1, status="draft", current=True, form_hash=review.form_hash,
        recommendation=review.recommendation, comment=review.comment, vetoes=dict(review.vetoes or {}),
        total=review.total, reopen_reason=reason, origin=review.origin, entered_by=review.entered_by,
        created_at=now, updated_at=now,
    )
    new.scores = [Score(position=sc.position, criterion=sc.criterion, value=sc.value, comment=sc.comment)
                  for sc in review.scores]
    s.add(new)
    s.flush()
    audit.record(s, "review.reopen", actor=(review.entered_by or review.expert.name) if actor is None else actor,
                 round_uid=rnd.uid,
                 detail={"dossier": review.dossier.number, "expert": review.expert.name, "reason": reason,
                         "superseded": {"review": review.id, "version": review.version},
                         "review": new.id, "version": new.version})
    return new


# --- paper entry (secretary's workspace) -----------------------------------------------------


@dataclass(frozen=True)
class PaperDifference:
    """One cell where the two typings of a paper sheet disagree.

    ``cell`` names it as the score CSV does: a criterion key (the score),
    ``<key>#comment`` (that criterion's comment), ``veto.<key>``, ``recommendation``
    or ``comment`` (the overall comment). ``first``/``second`` are the typed texts.
    """

    dossier: str
    cell: str
    label: str
    first: str
    second: str

    def __str__(self) -> str:
        first = self.first if self.first != "" else "（空 / empty）"
        second = self.second if self.second != "" else "（空 / empty）"
        return f"申报 {self.dossier} · {self.label}：第一次录入「{first}」，第二次录入「{second}」"


def paper_content(review: Review) -> dict[str, Any]:
    """A review's values in the ``PaperEntry.content`` shape, for comparing two typings."""
    return {
        "scores": {sc.criterion: None if sc.value is None else _fmt(sc.value) for sc in review.scores},
        "comments": {sc.criterion: sc.comment for sc in review.scores},
        "vetoes": {k: bool(v) for k, v in (review.vetoes or {}).items() if v is not None},
        "recommendation": review.recommendation,
        "comment": review.comment,
    }


def _same_text(a: str, b: str) -> bool:
    """Typed comments match when they differ only in spacing or full/half-width forms."""
    norm = lambda t: " ".join(unicodedata.normalize("NFKC", t or "").split())  # noqa: E731
    return norm(a) == norm(b)


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("是 yes" if value else "否 no")


def compare_paper(form: Form, dossier_number: str, first: Mapping[str, Any],
                  second: Mapping[str, Any]) -> list[PaperDifference]:
    """Cell-by-cell differences between two ``PaperEntry.content`` dicts, in form order."""
    out: list[PaperDifference] = []
    fs, ss = first.get("scores", {}), second.get("scores", {})
    fc, sc = first.get("comments", {}), second.get("comments", {})
    for c in form.criteria:
        zh, en = _name(c)
        a, b = fs.get(c.key), ss.get(c.key)
        if (a is None) != (b is None) or (a is not None and Decimal(a) != Decimal(b)):
            out.append(PaperDifference(dossier_number, c.key, f"「{zh}」评分 (score for {en})", a or "", b or ""))
        if not _same_text(fc.get(c.key, ""), sc.get(c.key, "")):
            out.append(PaperDifference(dossier_number, f"{c.key}#comment", f"「{zh}」评语 (comment for {en})",
                                       fc.get(c.key, ""), sc.get(c.key, "")))
    fv, sv = first.get("vetoes", {}), second.get("vetoes", {})
    for item in form.vetoes:
        if fv.get(item.key) != sv.get(item.key):
            out.append(PaperDifference(dossier_number, f"veto.{item.key}",
                                       f"否决项「{item.question.zh}」 (veto {item.key})",
                                       _yes_no(fv.get(item.key)), _yes_no(sv.get(item.key))))
    if (first.get("recommendation") or None) != (second.get("recommendation") or None):
        out.append(PaperDifference(dossier_number, "recommendation", "推荐意见 (recommendation)",
                                   first.get("recommendation") or "", second.get("recommendation") or ""))
    if not _same_text(first.get("comment", ""), second.get("comment", "")):
        out.append(PaperDifference(dossier_number, "comment", "总体评语 (overall comment)",
                                   first.get("comment", ""), second.get("comment", "")))
    return out


def second_entry(s: Session, review: Review) -> PaperEntry | None:
    return s.scalars(select(PaperEntry).where(PaperEntry.review_id == review.id).order_by(PaperEntry.id.desc())).first()


def paper_differences(s: Session, review: Review) -> list[PaperDifference]:
    """Open differences between the review (first typing) and its second typing, if there is one."""
    entry = second_entry(s, review)
    if entry is None:
        return []
    form = rounds.round_form(_round_of(s, review))
    return compare_paper(form, review.dossier.number, paper_content(review), entry.content)


def refresh_paper_status(s: Session, review: Review) -> list[PaperDifference]:
    """Recompare the two typings and mark the second entry matched or pending."""
    entry = second_entry(s, review)
    if entry is None:
        return []
    diffs = paper_differences(s, review)
    entry.status = "pending" if diffs else "matched"
    return diffs


def resolve_paper_difference(s: Session, review_id: int, cell: str, value: str, *, operator: str) -> Review:
    """Settle one differing cell: the checked value goes into both typings.

    ``value`` is text as it would appear in the score CSV (a number, yes/no, a
    choice key or title, a comment). ``operator`` is the person who checked the paper.
    """
    operator = operator.strip()
    if not operator:
        raise ValidationError("须填写核对人 (the operator's name is required)", ["operator"])
    review = get_review(s, review_id)
    rnd = _require_editable(s, review)
    if review.origin != "paper":
        raise StateError("只有纸质录入的评审意见有两次录入 (only paper reviews have two typings)")
    entry = second_entry(s, review)
    if entry is None:
        raise StateError("该评审意见没有第二次录入 (this review has no second typing)")
    form = rounds.round_form(rnd)
    kind, key, parsed = parse_cell(form, cell, value)
    content = {k: (dict(v) if isinstance(v, dict) else v) for k, v in entry.content.items()}
    for part in ("scores", "comments", "vetoes"):
        content.setdefault(part, {})
    apply_change(review, form, kind, key, parsed)
    if kind == "score":
        content["scores"][key] = None if parsed is None else _fmt(parsed)
    elif kind == "score_comment":
        content["comments"][key] = parsed
    elif kind == "veto":
        if parsed is None:
            content["vetoes"].pop(key, None)
        else:
            content["vetoes"][key] = parsed
    elif kind == "recommendation":
        content["recommendation"] = parsed
    else:
        content["comment"] = parsed or ""
    entry.content = content
    recompute_total(review, form)
    review.updated_at = utcnow()
    diffs = refresh_paper_status(s, review)
    s.flush()
    audit.record(s, "paper.resolve", actor=operator, round_uid=rnd.uid,
                 detail={"review": review.id, "dossier": review.dossier.number, "expert": review.expert.name,
                         "cell": cell, "value": value, "open_differences": len(diffs)})
    return review


def submit_paper(s: Session, review_id: int, *, operator: str) -> Review:
    """Submit a paper review on the expert's behalf (secretary's workspace; no Ed25519 signature).

    Allowed once the review is complete and, if it was typed twice, both typings
    agree. The stored payload names the first operator (``entered_by``); the audit
    entry names both operators and the one who submitted.
    """
    operator = operator.strip()
    if not operator:
        raise ValidationError("须填写提交人 (the operator's name is required)", ["operator"])
    review = get_review(s, review_id)
    rnd = _require_editable(s, review)
    if _role(s) == "expert":
        raise StateError("专家工作区中的评审意见须由专家本人签名提交 (in an expert's workspace reviews are signed)")
    if review.origin != "paper":
        raise StateError("只有纸质录入的评审意见可以代为提交 (only paper reviews are submitted by the secretary)")
    form = rounds.round_form(rnd)
    _require_complete(form, review)
    entry = second_entry(s, review)
    diffs = refresh_paper_status(s, review)
    if diffs:
        raise ValidationError(
            f"申报 {review.dossier.number} 的两次录入不一致，须先核对 (the two typings differ):\n"
            + "\n".join(f"· {d}" for d in diffs),
            [str(d) for d in diffs],
        )
    recompute_total(review, form)
    now = utcnow()
    body = crypto.canonical_json(
        build_payload(rnd, review, expert_key=review.expert.public_key or "", submitted_at=now.isoformat())
    )
    review.payload = body.decode("utf-8")
    review.signature = None
    review.status = "submitted"
    review.submitted_at = now
    review.updated_at = now
    s.flush()
    audit.record(s, "review.submit_paper", actor=operator, round_uid=rnd.uid,
                 detail={"review": review.id, "dossier": review.dossier.number, "expert": review.expert.name,
                         "version": review.version, "first_entry": review.entered_by,
                         "second_entry": entry.entered_by if entry else None, "submitted_by": operator,
                         "total": None if review.total is None else _fmt(review.total),
                         "payload_sha256": crypto.sha256_hex(body)})
    return review


# --- the expert's work list ------------------------------------------------------------------


@dataclass(frozen=True)
class OverviewRow:
    """One line of an expert's work list."""

    dossier_id: int
    number: str
    title: str
    applicant: str
    category: str
    #: "not_started" | "draft" | "submitted" | "conflict" (see OVERVIEW_STATUSES)
    status: str
    total: Decimal | None
    pages: int
    files: int
    #: Criteria scored so far / criteria on the form.
    scored: int
    criteria: int
    #: How many points ``problems`` lists (0 for submitted and conflicted ones).
    open_problems: int
    no_conflict_confirmed: bool
    review_id: int | None
    version: int | None
    updated_at: str | None
    submitted_at: str | None

    @property
    def status_zh(self) -> str:
        return OVERVIEW_STATUSES[self.status][0]

    @property
    def status_en(self) -> str:
        return OVERVIEW_STATUSES[self.status][1]


def _has_content(review: Review) -> bool:
    return bool(
        any(sc.value is not None or sc.comment for sc in review.scores)
        or review.vetoes or review.recommendation or review.comment
    )


def _blank_problems(form: Form) -> int:
    return len(form.criteria) + len(form.vetoes) + (1 if form.recommendations else 0)


def expert_overview(s: Session, rnd: Round, expert: Expert) -> list[OverviewRow]:
    """The expert's assigned dossiers in number order, with where each one stands.

    A draft nobody has typed into yet still counts as "not_started".
    """
    form = rounds.round_form(rnd)
    assignments = list(
        s.scalars(
            select(Assignment)
            .join(Dossier, Dossier.id == Assignment.dossier_id)
            .where(Assignment.round_id == rnd.id, Assignment.expert_id == expert.id)
            .order_by(Dossier.number)
        )
    )
    conflicted = set(
        s.scalars(
            select(Conflict.dossier_id).where(
                Conflict.expert_id == expert.id, Conflict.round_id == rnd.id,
                Conflict.status.in_(("declared", "confirmed")),
            )
        )
    )
    reviews = {
        r.dossier_id: r
        for r in s.scalars(
            select(Review).where(Review.expert_id == expert.id, Review.round_id == rnd.id, Review.current.is_(True))
        )
    }
    rows: list[OverviewRow] = []
    for a in assignments:
        d = a.dossier
        review = reviews.get(d.id)
        if d.id in conflicted:
            status = "conflict"
        elif review is None:
            status = "not_started"
        elif review.status == "submitted":
            status = "submitted"
        else:
            status = "draft" if _has_content(review) else "not_started"
        rows.append(
            OverviewRow(
                dossier_id=d.id, number=d.number, title=d.title, applicant=d.applicant, category=d.category,
                status=status,
                total=review.total if review is not None and status != "conflict" else None,
                pages=sum(f.pages for f in d.files), files=len(d.files),
                scored=len(score_values(review)) if review is not None else 0, criteria=len(form.criteria),
                open_problems=(len(problems(form, review)) if review is not None else _blank_problems(form))
                if status in ("draft", "not_started") else 0,
                no_conflict_confirmed=a.no_conflict_at is not None,
                review_id=review.id if review is not None else None,
                version=review.version if review is not None else None,
                updated_at=review.updated_at.isoformat() if review is not None else None,
                submitted_at=review.submitted_at.isoformat() if review is not None and review.submitted_at else None,
            )
        )
    return rows


def overview_counts(rows: Sequence[OverviewRow]) -> dict[str, int]:
    """How many dossiers are in each status (every status present, zero or not), plus "total"."""
    counts = Counter(r.status for r in rows)
    out = {status: counts.get(status, 0) for status in OVERVIEW_STATUSES}
    out["total"] = len(rows)
    return out
