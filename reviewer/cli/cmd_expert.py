"""scores template / scores import / review submit.

In an expert's workspace these act on the only round unless ``--round`` is given,
and on the workspace owner's reviews. In the secretary's workspace ``scores import``
is paper entry on an expert's behalf (``--round R --expert NAME``, typist from
``--operator``), and ``review submit --expert NAME`` submits matched paper reviews
without a signature.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from db.models import Expert, Review, Round
from reviewer import keys, offline, payloads, rounds, scoring
from reviewer.cli import EXIT_FAIL, EXIT_OK, EXIT_PARTIAL, Fail, emit_json, open_workspace, say, warn
from reviewer.crypto import format_decimal
from reviewer.errors import ValidationError
from reviewer.workspace import Workspace, get_setting

PASSPHRASE_ENV = "REVIEWER_PASSPHRASE"


def register(top: Any, groups: dict[str, Any]) -> None:
    p = groups["scores"].add_parser("template", help="write the XLSX scoring template (expert's workspace)")
    p.add_argument("--out", required=True, type=Path, help="the .xlsx file to write")
    p.add_argument("--round", default=None, help="round id (default: the only round)")
    p.add_argument("--expert", default=None, help="in the secretary's workspace: whose template (a paper sheet)")
    p.set_defaults(func=cmd_scores_template)

    p = groups["scores"].add_parser("import", help="import scores from the XLSX template or a CSV; paper entry")
    p.add_argument("file", type=Path)
    p.add_argument("--round", default=None, help="round id (default: the only round)")
    p.add_argument("--expert", default=None, help="whose scores (required in the secretary's workspace)")
    p.add_argument("--operator", default=None, help="who typed the file (paper entry; default: the login name)")
    p.add_argument("--second-entry", action="store_true",
                   help="a second, independent typing of paper sheets already entered once")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_scores_import)

    p = groups["review"].add_parser("submit", help="sign and submit complete reviews")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--all", action="store_true", help="every complete draft")
    which.add_argument("--dossier", default=None, metavar="NO", help="one dossier, by its number")
    p.add_argument("--round", default=None, help="round id (default: the only round)")
    p.add_argument("--expert", default=None, help="secretary's workspace: submit this expert's paper reviews")
    p.add_argument("--operator", default=None, help="secretary's workspace: who submits (default: the login name)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_review_submit)

    p = groups["review"].add_parser(
        "declare", help="declare a conflict of interest (回避) with a dossier, or state there is none")
    p.add_argument("--dossier", required=True, metavar="NO", help="the dossier, by its number")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--none", action="store_true", help="state there is no conflict (scoring may start)")
    what.add_argument("--conflict", choices=sorted(payloads.CONFLICT_KINDS), metavar="KIND",
                      help="declare a conflict: " + ", ".join(
                          f"{k} ({zh})" for k, (zh, _en) in payloads.CONFLICT_KINDS.items()))
    p.add_argument("--reason", default="", help="why (required with --conflict)")
    p.add_argument("--round", default=None, help="round id (default: the only round)")
    p.set_defaults(func=cmd_review_declare)


# --- helpers ---------------------------------------------------------------------------------


def _round(s: Session, ref: str | None) -> Round:
    return rounds.get_round(s, ref) if ref else rounds.only_round(s)


def _expert(s: Session, rnd: Round, name: str | None, role: str | None) -> Expert:
    """The expert acted for: the workspace owner in an expert's workspace, ``--expert`` otherwise."""
    if role == "expert":
        owner = scoring.me(s, rnd)
        if name and name.strip() != owner.name:
            raise Fail(f"此工作区属于专家「{owner.name}」，不能代他人操作 (this workspace belongs to {owner.name})")
        return owner
    if not name:
        raise Fail("请用 --expert 指定专家 (name the expert with --expert)")
    return scoring.find_expert(s, rnd, name)


def _operator(value: str | None) -> str:
    if value and value.strip():
        return value.strip()
    try:
        return getpass.getuser()
    except (KeyError, OSError) as exc:
        raise Fail("无法确定录入人，请用 --operator 指定 (name the operator with --operator)") from exc


def _passphrase(ws: Workspace) -> str | None:
    """The key's passphrase: from REVIEWER_PASSPHRASE, else asked for on a terminal."""
    if not keys.key_needs_passphrase(ws):
        return None
    value = os.environ.get(PASSPHRASE_ENV)
    if value:
        return value
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass("签名密钥口令 (signing key passphrase): ")
    raise Fail(f"签名密钥受口令保护：请设置环境变量 {PASSPHRASE_ENV} 或在终端中运行 "
               f"(the signing key needs a passphrase: set {PASSPHRASE_ENV} or run in a terminal)")


# --- commands --------------------------------------------------------------------------------


def cmd_scores_template(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws, ws.session() as s:
        role = get_setting(s, "role")
        rnd = _round(s, args.round)
        expert = _expert(s, rnd, args.expert, role)
        info = offline.write_template(s, rnd, expert, args.out)
    say(f"已写出评分模板 {info.path}：{len(info.sheets)} 份申报 "
        f"(wrote the scoring template with {len(info.sheets)} dossier sheet(s))")
    return EXIT_OK


def cmd_scores_import(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        role = ws.role
        if role == "secretary" or args.second_entry or args.operator:
            if role == "expert":
                raise Fail("纸质录入只能在秘书工作区进行 (paper entry is done in the secretary's workspace)")
            operator = _operator(args.operator)
        else:
            operator = ""
        if role == "secretary" and not args.round:
            raise Fail("请用 --round 指定评审轮次 (name the round with --round)")
        ws.backup("before-scores-import")
        try:
            with ws.session() as s:
                rnd = _round(s, args.round)
                expert = _expert(s, rnd, args.expert, role)
                report = offline.import_scores(s, rnd, expert, args.file, entered_by=operator,
                                               second_entry=args.second_entry)
        except offline.ScoresRejected as exc:
            if args.json:
                emit_json({"file": str(args.file), "status": "rejected",
                           "problems": [{"sheet": p.sheet, "row": p.row, "column": p.column, "message": p.message}
                                        for p in exc.problems]})
            warn(str(exc))
            return EXIT_FAIL
    if args.json:
        emit_json({"file": report.file, "status": "imported", "expert": report.expert, "mode": report.mode,
                   "dossiers": report.dossiers, "created": report.created, "cells": report.cells,
                   "incomplete": report.incomplete,
                   "differences": [{"dossier": d.dossier, "cell": d.cell, "first": d.first, "second": d.second}
                                   for d in report.differences]})
    else:
        for line in report.lines():
            say(line)
    return EXIT_PARTIAL if report.differences else EXIT_OK


def cmd_review_submit(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws:
        role = ws.role
        if role == "secretary":
            return _submit_paper(ws, args)
        if args.expert or args.operator:
            raise Fail("--expert/--operator 只用于秘书工作区的纸质评分 (only for paper reviews in the secretary's workspace)")
        with ws.session() as s:  # who and which round, before anyone is asked for a passphrase
            round_id = _round(s, args.round).id
            scoring.me(s, rounds.get_round(s, round_id))
        key = keys.load_key(ws, _passphrase(ws))
        submitted: list[dict[str, Any]] = []
        remaining: list[dict[str, Any]] = []
        with ws.session() as s:
            rnd = rounds.get_round(s, round_id)
            expert = scoring.me(s, rnd)
            form = rounds.round_form(rnd)
            if args.dossier:
                dossier = scoring.find_dossier(s, rnd, args.dossier)
                review = scoring.current_review(s, dossier, expert)
                if review is None or review.status != "draft":
                    state = "已提交 (already submitted)" if review is not None else "尚未开始 (not started)"
                    raise Fail(f"申报 {dossier.number} 没有可提交的草稿：{state} (no draft to submit)")
                try:
                    scoring.submit(s, ws, review.id, key)
                except ValidationError as exc:
                    warn(str(exc))
                    return EXIT_FAIL
                submitted.append({"dossier": dossier.number, "version": review.version,
                                  "total": _total(review.total)})
            else:
                for row in scoring.expert_overview(s, rnd, expert):
                    if row.status in ("submitted", "conflict"):
                        continue
                    review = s.get(Review, row.review_id) if row.review_id else None
                    if review is None:
                        remaining.append({"dossier": row.number, "problems": ["尚未开始 (not started)"]})
                        continue
                    missing = scoring.problems(form, review)
                    if missing:
                        remaining.append({"dossier": row.number, "problems": missing})
                        continue
                    scoring.submit(s, ws, review.id, key)
                    submitted.append({"dossier": row.number, "version": review.version,
                                      "total": _total(review.total)})
    return _report_submit(args, submitted, remaining)


def _submit_paper(ws: Workspace, args: argparse.Namespace) -> int:
    if not args.round:
        raise Fail("请用 --round 指定评审轮次 (name the round with --round)")
    operator = _operator(args.operator)
    submitted: list[dict[str, Any]] = []
    remaining: list[dict[str, Any]] = []
    with ws.session() as s:
        rnd = _round(s, args.round)
        expert = _expert(s, rnd, args.expert, "secretary")
        form = rounds.round_form(rnd)
        candidates: list[Review | None]
        if args.dossier:
            dossier = scoring.find_dossier(s, rnd, args.dossier)
            candidates = [scoring.current_review(s, dossier, expert)]
            if candidates[0] is None or candidates[0].status != "draft" or candidates[0].origin != "paper":
                raise Fail(f"申报 {dossier.number} 没有可代为提交的纸质草稿 (no paper draft to submit)")
        else:
            candidates = [s.get(Review, r.review_id) for r in scoring.expert_overview(s, rnd, expert)
                          if r.review_id and r.status in ("draft", "not_started")]
        for review in candidates:
            if review is None or review.status != "draft" or review.origin != "paper":
                continue
            missing = scoring.problems(form, review) + [str(d) for d in scoring.paper_differences(s, review)]
            if missing:
                if args.dossier:
                    warn(f"申报 {review.dossier.number} 不能提交 (cannot be submitted):")
                    for text in missing:
                        warn(f"  · {text}")
                    return EXIT_FAIL
                remaining.append({"dossier": review.dossier.number, "problems": missing})
                continue
            scoring.submit_paper(s, review.id, operator=operator)
            submitted.append({"dossier": review.dossier.number, "version": review.version,
                              "total": _total(review.total)})
    return _report_submit(args, submitted, remaining)


def _total(value: Any) -> str | None:
    return None if value is None else format_decimal(value)


def _report_submit(args: argparse.Namespace, submitted: list[dict[str, Any]],
                   remaining: list[dict[str, Any]]) -> int:
    if args.json:
        emit_json({"submitted": submitted, "remaining": remaining})
    else:
        for item in submitted:
            say(f"已提交 申报 {item['dossier']}（第 {item['version']} 版，总分 {item['total']}） (submitted)")
        for item in remaining:
            warn(f"未提交 申报 {item['dossier']} (not submitted):")
            for text in item["problems"]:
                warn(f"  · {text}")
        if not submitted and not remaining:
            say("没有需要提交的评审意见 (nothing to submit)")
    return EXIT_PARTIAL if remaining else EXIT_OK


__all__ = ["register"]


def cmd_review_declare(args: argparse.Namespace) -> int:
    """The expert's conflict statement for one dossier, as the workstation's dialog records it."""
    with open_workspace(args) as ws:
        if ws.role != "expert":
            raise Fail("回避声明只能在专家工作区作出 (conflicts are declared in the expert's workspace)")
        with ws.session() as s:
            rnd = _round(s, args.round)
            expert = scoring.me(s, rnd)
            dossier = scoring.find_dossier(s, rnd, args.dossier)
            if args.none:
                scoring.confirm_no_conflict(s, rnd, dossier, expert, actor=expert.name)
                say(f"已确认与申报 {dossier.number} 无利益冲突 (no conflict with dossier {dossier.number})")
            else:
                scoring.declare_conflict(s, rnd, dossier, expert, args.conflict, args.reason, actor=expert.name)
                say(f"已就申报 {dossier.number} 声明回避 (conflict declared for dossier {dossier.number})")
    return EXIT_OK
