"""Rounds: creating, listing and reading them, and the form each one pins."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.engine import sqlite_connection
from db.models import Round
from forms import Form
from forms.loader import load_form_text
from reviewer import audit, overview
from reviewer.errors import NotFound, StateError, ValidationError

# The names and the overview's rows live with its plain-SQL readers (reviewer.overview).
from reviewer.overview import RULE_NAMES as RULE_NAMES
from reviewer.overview import STATUS_NAMES as STATUS_NAMES
from reviewer.overview import DossierRow as DossierRow

RULES = ("mean", "trimmed", "median", "zscore")


@lru_cache(maxsize=32)
def _form_from_source(source: str, form_hash: str) -> Form:
    form = load_form_text(source, origin=f"form {form_hash[:8]}")
    return form


def round_form(rnd: Round) -> Form:
    """The form a round pinned (parsed once per content)."""
    return _form_from_source(rnd.form_source, rnd.form_hash)


def create_round(
    session: Session,
    *,
    name: str,
    form: Form,
    rule: str = "mean",
    spread_limit: Decimal | None = None,
    per_dossier: int = 3,
    trim_threshold: int = 5,
    deadline: dt.date | None = None,
    actor: str = "",
    uid: str | None = None,
) -> Round:
    problems = []
    name = name.strip()
    if not name:
        problems.append("评审轮次名称不能为空 (the round needs a name)")
    if rule not in RULES:
        problems.append(f"未知的汇总规则 {rule}，可选 {', '.join(RULES)} (unknown aggregation rule)")
    if per_dossier < 1:
        problems.append("每份材料的评审专家数至少为 1 (reviewers per dossier must be at least 1)")
    if spread_limit is not None and spread_limit <= 0:
        problems.append("分歧阈值必须大于 0 (the disagreement limit must be positive)")
    if trim_threshold < 3:
        problems.append("去极值平均的最少评审数至少为 3 (the trimmed-mean threshold must be at least 3)")
    if problems:
        raise ValidationError("；".join(problems), problems)
    rnd = Round(
        name=name,
        programme=form.programme.zh or form.title.zh,
        form_id=form.id,
        form_version=form.version,
        form_hash=form.content_hash,
        form_source=form.source,
        rule=rule,
        spread_limit=spread_limit,
        per_dossier=per_dossier,
        trim_threshold=trim_threshold,
        deadline=deadline,
    )
    if uid:
        rnd.uid = uid
    session.add(rnd)
    session.flush()
    audit.record(session, "round.create", actor=actor, round_uid=rnd.uid,
                 detail={"name": name, "form": form.id, "form_hash": rnd.form_hash, "rule": rule})
    return rnd


def get_round(session: Session, round_ref: int | str) -> Round:
    """A round by id (or by uid, for exchange files)."""
    rnd: Round | None
    if isinstance(round_ref, int) or (isinstance(round_ref, str) and round_ref.isdigit()):
        rnd = session.get(Round, int(round_ref))
    else:
        rnd = session.scalars(select(Round).where(Round.uid == round_ref)).first()
    if rnd is None:
        raise NotFound(f"找不到评审轮次 {round_ref} (no such round)")
    return rnd


def only_round(session: Session) -> Round:
    """The single round of an expert's workspace; an error if there are none or several."""
    rounds = list(session.scalars(select(Round).order_by(Round.id)))
    if not rounds:
        raise NotFound("此工作区还没有评审轮次，请先导入评审包 (no round yet: import a bundle first)")
    if len(rounds) > 1:
        ids = ", ".join(str(r.id) for r in rounds)
        raise NotFound(f"此工作区有多个评审轮次（{ids}），请用 --round 指定 (several rounds: use --round)")
    return rounds[0]


def require_open(rnd: Round) -> None:
    if rnd.status == "finalised":
        raise StateError(f"评审轮次「{rnd.name}」已定稿，不能再修改 (the round is finalised)")


def list_rounds(session: Session, round_id: int | None = None) -> list[dict[str, object]]:
    """Rows for `round list --json` and the rounds pane: one dict per round (only
    ``round_id``'s, counted for it alone, if given: see :func:`round_row`); read by
    :func:`reviewer.overview.list_rounds` on the session's connection."""
    return overview.list_rounds(sqlite_connection(session), round_id)


def round_row(session: Session, round_id: int) -> dict[str, object] | None:
    """The :func:`list_rounds` row of one round (None if there is no such round)."""
    rows = list_rounds(session, round_id)
    return rows[0] if rows else None


def dossier_rows(session: Session, round_id: int) -> list[DossierRow]:
    """The dossiers of a round with their file, page, assignment and review counts
    (:func:`reviewer.overview.dossier_rows`; raises NotFound for an unknown round)."""
    get_round(session, round_id)
    return overview.dossier_rows(sqlite_connection(session), round_id)
