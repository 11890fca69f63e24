"""The committee's commands: ``reconcile`` (registered by ``register_reconcile``).

``sheets``, ``export`` and ``verify`` register beside it in :func:`register`.
"""

from __future__ import annotations

import argparse
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select

from db.models import Dossier
from reviewer import rounds
from reviewer.cli import EXIT_OK, emit_json, open_workspace, say
from reviewer.committee import number_key, reconcile_round, tier_label
from reviewer.reconcile import RULES, Reconciliation

#: Display columns given to a dossier's title in the table.
TITLE_WIDTH = 24


def register(top: Any, groups: dict[str, Any]) -> None:
    register_reconcile(top, groups)
    register_sheets(top, groups)


def register_reconcile(top: Any, groups: dict[str, Any]) -> None:
    """reconcile --round R [--json]."""
    p = top.add_parser(
        "reconcile",
        help="aggregates under every rule, ranks, tiers, flags and agreement of a round",
    )
    p.add_argument("--round", required=True, help="round id")
    p.add_argument("--json", action="store_true", help="print the reconcile JSON document of DESIGN.md")
    p.set_defaults(func=cmd_reconcile)


# --------------------------------------------------------------------------- text layout (CJK is two columns wide)


def width(text: str) -> int:
    """Terminal columns ``text`` takes: East Asian wide and full-width characters take two."""
    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
        for ch in text
    )


def truncate(text: str, columns: int) -> str:
    """``text`` cut to at most ``columns`` display columns, ending in "…" when cut."""
    text = " ".join(text.split())
    if width(text) <= columns:
        return text
    out = ""
    for ch in text:
        if width(out + ch) > columns - 1:
            break
        out += ch
    return out + "…"


def pad(text: str, columns: int, *, right: bool = False) -> str:
    fill = " " * max(0, columns - width(text))
    return fill + text if right else text + fill


def _fmt(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _stat(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


# --------------------------------------------------------------------------- reconcile


def reconcile_table(result: Reconciliation, titles: dict[str, str], tier_names: dict[str, str]) -> list[str]:
    """The readable table of ``reconcile``: one line per dossier in rank order
    (unranked last, in number order), the round's rule marked with "*", a shared
    rank shown as "2=", then the agreement statistics."""
    head = ["名次", "申报编号", "项目名称", *[("*" if r == result.rule else "") + r for r in RULES], "等级", "标记"]
    numeric = {0, *range(3, 3 + len(RULES)), len(head) - 1}
    lines: list[list[str]] = []
    order = sorted(
        result.dossiers,
        key=lambda d: (d.rank is None, d.rank or 0, number_key(d.number)),
    )
    for d in order:
        rank = "—" if d.rank is None else f"{d.rank}=" if d.tie else str(d.rank)
        lines.append([
            rank,
            d.number,
            truncate(titles.get(d.number, ""), TITLE_WIDTH),
            *[_fmt(d.aggregates[r]) for r in RULES],
            tier_names.get(d.tier, d.tier) if d.tier is not None else "—",
            str(len(d.flags)),
        ])
    widths = [max(width(row[i]) for row in [head, *lines]) for i in range(len(head))]

    def render(row: list[str]) -> str:
        return "  ".join(pad(cell, widths[i], right=i in numeric) for i, cell in enumerate(row)).rstrip()

    out = [render(head), "  ".join("-" * w for w in widths)]
    out += [render(row) for row in lines]
    out.append(f"* 本轮汇总规则 (the round's rule): {result.rule}；“=” 表示并列 (a shared rank)")
    a = result.agreement
    stats = " · ".join(
        f"{name} {_stat(getattr(a, name))}" for name in ("ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k", "kendall_w")
    )
    out.append(f"一致性 (agreement): {stats}")
    if a.note:
        out.append(f"说明 (note): {a.note}")
    return out


def cmd_reconcile(args: argparse.Namespace) -> int:
    with open_workspace(args) as ws, ws.session() as s:
        rnd = rounds.get_round(s, args.round)
        result = reconcile_round(s, rnd.id)
        if args.json:
            document = result.to_json()
        else:
            form = rounds.round_form(rnd)
            titles = dict(
                s.execute(select(Dossier.number, Dossier.title).where(Dossier.round_id == rnd.id)).tuples().all()
            )
            tier_names = {t.key: tier_label(form, t.key).zh for t in form.tiers}
            status = rounds.STATUS_NAMES.get(rnd.status, (rnd.status, rnd.status))[0]
            rule = rounds.RULE_NAMES.get(rnd.rule, (rnd.rule, rnd.rule))[0]
            header = (f"评审轮次 {rnd.id}「{rnd.name}」 · 评分表 {rnd.form_id} v{rnd.form_version} · "
                      f"汇总规则 {rnd.rule}（{rule}） · {status}")
    if args.json:
        emit_json(document)
        return EXIT_OK
    say(header)
    for line in reconcile_table(result, titles, tier_names):
        say(line)
    return EXIT_OK


# --------------------------------------------------------------------------- sheets, export, verify


def register_sheets(top: Any, groups: dict[str, Any]) -> None:
    """sheets --round R --out DIR [--draft]; export --round R --xlsx FILE; verify FILE_OR_CODE."""
    p = top.add_parser("sheets", help="write the official sheets of a round as PDF files into a folder")
    p.add_argument("--round", required=True, help="round id")
    p.add_argument("--out", required=True, type=Path, help="folder for the PDF files")
    p.add_argument("--draft", action="store_true", help="mark every page 草稿 DRAFT even if the round is finalised")
    p.add_argument("--no-split", action="store_true",
                   help="only one file per kind of sheet (no per-dossier and per-expert files)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_sheets)

    p = top.add_parser("export", help="write a round's ranking, score matrix, flags, decisions and agreement to Excel")
    p.add_argument("--round", required=True, help="round id")
    p.add_argument("--xlsx", required=True, type=Path, help="the .xlsx file to write")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_export)

    p = top.add_parser("verify", help="check a sheet PDF (or its typed verification code), a return or a bundle")
    p.add_argument("target", metavar="FILE", help="a sheet PDF, a return or bundle file, or a verification code")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_verify)


def cmd_sheets(args: argparse.Namespace) -> int:
    from reviewer.sheets import write_sheets

    with open_workspace(args) as ws:
        written = write_sheets(ws, args.round, args.out, draft=args.draft, split=not args.no_split,
                               actor="secretary")
    if args.json:
        emit_json([w.to_json() for w in written])
        return EXIT_OK
    for w in written:
        say(f"{w.file}  （{w.sheets} 张表 / sheets，{w.pages} 页 / pages）")
    draft = any("草稿" in w.file.name for w in written)
    say(f"已写入 {len(written)} 个文件 (wrote {len(written)} files)"
        + ("；每页带“草稿 DRAFT”标记 (every page is marked DRAFT)" if draft else ""))
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from reviewer.xlsx_export import write_xlsx

    with open_workspace(args) as ws:
        summary = write_xlsx(ws, args.round, args.xlsx)
    if args.json:
        emit_json(summary)
        return EXIT_OK
    say(f"已导出 {summary['file']}：{'、'.join(summary['sheets'])}（{summary['dossiers']} 份申报） "
        f"(exported the workbook)")
    return EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    from reviewer.cli import EXIT_FAIL, EXIT_PARTIAL, Fail
    from reviewer.verification import normalise_code, verify_code, verify_file
    from reviewer.workspace import DB_NAME, Workspace

    target = Path(args.target)
    has_workspace = (Path(args.workspace) / DB_NAME).is_file()
    if not target.exists():
        if normalise_code(args.target) is None:
            raise Fail(f"找不到文件 {args.target}，它也不是核验码 (no such file, and not a verification code)")
        if not has_workspace:
            raise Fail(f"工作区 {args.workspace} 中没有记录，无法核验核验码 (no workspace records to look the code up in)")
        with Workspace.open(args.workspace) as ws:
            report = verify_code(ws, args.target)
    elif has_workspace:
        with Workspace.open(args.workspace) as ws:
            report = verify_file(target, ws)
    else:
        report = verify_file(target, None)
    if args.json:
        emit_json(report.to_json())
    else:
        for line in report.lines():
            say(line)
    if report.ok:
        return EXIT_OK
    return EXIT_FAIL if report.kind == "unknown" else EXIT_PARTIAL


__all__ = ["cmd_reconcile", "reconcile_table", "register", "register_reconcile"]
__all__ += ["cmd_export", "cmd_sheets", "cmd_verify", "register_sheets"]
