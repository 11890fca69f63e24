"""round create / round list / audit verify / demo."""

from __future__ import annotations

import argparse
import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from forms.loader import resolve_form
from reviewer import audit, rounds
from reviewer.cli import EXIT_FAIL, EXIT_OK, Fail, emit_json, open_workspace, say, warn


def _decimal(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation as exc:
        raise argparse.ArgumentTypeError(f"不是数字 (not a number): {text}") from exc
    return value


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"日期格式应为 YYYY-MM-DD (date must be YYYY-MM-DD): {text}") from exc


def register(top: Any, groups: dict[str, Any]) -> None:
    p = groups["round"].add_parser("create", help="create an empty round; prints its id")
    p.add_argument("--name", required=True)
    p.add_argument("--form", required=True, help="a built-in form id or a path to a TOML file")
    p.add_argument("--rule", choices=rounds.RULES, default="mean")
    p.add_argument("--per-dossier", type=int, default=3)
    p.add_argument("--spread-limit", type=_decimal, default=None)
    p.add_argument("--trim-threshold", type=int, default=5)
    p.add_argument("--deadline", type=_date, default=None)
    p.set_defaults(func=cmd_round_create)

    p = groups["round"].add_parser("list", help="list the rounds of the workspace")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_round_list)

    p = groups["audit"].add_parser("verify", help="check the hash chain of the audit log")
    p.set_defaults(func=cmd_audit_verify)

    p = top.add_parser("demo", help="build the demo round in the workspace")
    p.set_defaults(func=cmd_demo)


def cmd_round_create(args: argparse.Namespace) -> int:
    form = resolve_form(args.form)  # a FormError names file and line; main() turns it into exit 2
    with open_workspace(args) as ws, ws.session() as s:
        rnd = rounds.create_round(
            s, name=args.name, form=form, rule=args.rule, spread_limit=args.spread_limit,
            per_dossier=args.per_dossier, trim_threshold=args.trim_threshold, deadline=args.deadline,
            actor="cli",
        )
        from reviewer.workspace import get_setting, set_setting

        if get_setting(s, "role") is None:
            set_setting(s, "role", "secretary")
        round_id = rnd.id
    say(str(round_id))
    return EXIT_OK


def cmd_round_list(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws, ws.session() as s:
        rows = rounds.list_rounds(s)
    if args.json:
        emit_json(rows)
        return EXIT_OK
    if not rows:
        say("（没有评审轮次 / no rounds）")
    for r in rows:
        say(f"{r['id']:>4}  {r['name']}  [{r['form']}]  {r['status']}  "
            f"申报 {r['dossiers']} · 专家 {r['experts']} · 已提交 {r['submitted_reviews']}")
    return EXIT_OK


def cmd_audit_verify(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws, ws.session() as s:
        report = audit.verify(s)
    if report.ok:
        say(str(report))
        return EXIT_OK
    warn(str(report))
    return EXIT_FAIL


def cmd_demo(args: argparse.Namespace) -> int:
    from reviewer.demo import build_demo

    with open_workspace(args) as ws:
        round_id = build_demo(ws)
    say(str(round_id))
    return EXIT_OK


__all__ = ["register", "Fail"]
