"""The secretary's commands (and the exchange commands both sides use).

``register_exchange`` holds the four exchange commands (``bundle export``,
``bundle import``, ``return export``, ``return import``); the roster, dossier and
assignment commands register beside it in ``register``.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from reviewer.cli import EXIT_OK, EXIT_PARTIAL, emit_json, open_workspace, say, warn

PASSPHRASE_ENV = "REVIEWER_PASSPHRASE"


def register(top: Any, groups: dict[str, Any]) -> None:
    register_exchange(top, groups)
    register_setup(top, groups)


# --------------------------------------------------------------------------- exchange (bundles and returns)


def _passphrase() -> str | None:
    return os.environ.get(PASSPHRASE_ENV) or None


def register_exchange(top: Any, groups: dict[str, Any]) -> None:
    """bundle export / bundle import / return export / return import."""
    p = groups["bundle"].add_parser("export", help="write one signed bundle per expert with assignments")
    p.add_argument("--round", required=True, help="round id")
    p.add_argument("--out", required=True, type=Path, help="folder for the bundle files")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_bundle_export)

    p = groups["bundle"].add_parser("import", help="import a bundle into this expert's workspace")
    p.add_argument("file", type=Path)
    p.set_defaults(func=cmd_bundle_import)

    p = groups["return"].add_parser("export", help="write this expert's signed return file")
    p.add_argument("--out", required=True, type=Path, help="the return file to write")
    p.add_argument("--round", default=None, help="round id (default: the only round)")
    p.set_defaults(func=cmd_return_export)

    p = groups["return"].add_parser("import", help="merge experts' return files into a round")
    p.add_argument("--round", required=True, help="round id")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_return_import)


def cmd_bundle_export(args: argparse.Namespace) -> int:
    from reviewer.bundle import export_bundles

    with open_workspace(args) as ws:
        rows = export_bundles(ws, args.round, args.out, passphrase=_passphrase())
    if args.json:
        emit_json(rows)
        return EXIT_OK
    for row in rows:
        say(f"{row['expert']}: {row['file']}  （{len(row['dossiers'])} 份申报 / dossiers）")
    say(f"已导出 {len(rows)} 个评审包 (exported {len(rows)} bundles)")
    return EXIT_OK


def cmd_bundle_import(args: argparse.Namespace) -> int:
    from reviewer.bundle import import_bundle

    with open_workspace(args) as ws:
        summary = import_bundle(ws, args.file, passphrase=_passphrase())
    verb = {"imported": "已导入 (imported)", "updated": "已更新 (updated)",
            "unchanged": "无变化 (unchanged)"}[summary.status]
    say(f"{verb}: 评审轮次「{summary.round_name}」 · 专家 {summary.expert} · "
        f"{len(summary.dossiers)} 份申报 (dossiers)")
    if summary.added and summary.status == "updated":
        say(f"新增 (added): {', '.join(summary.added)}")
    if summary.removed:
        say(f"不再分配 (no longer assigned): {', '.join(summary.removed)}")
    say(f"秘书密钥指纹 (secretary key fingerprint): {summary.secretary_fingerprint}")
    return EXIT_OK


def cmd_return_export(args: argparse.Namespace) -> int:
    from reviewer.returns import export_return

    with open_workspace(args) as ws:
        summary = export_return(ws, args.out, round_id=args.round, passphrase=_passphrase())
    say(f"已导出回传文件 (return file written): {summary['file']}")
    say(f"评审意见 {summary['reviews']} 个版本 · {len(summary['dossiers'])} 份申报 · 声明 {summary['declarations']} 项 "
        f"(review versions · dossiers · declarations)")
    for item in summary["skipped"]:
        warn(f"未包含 (left out): {item['dossier']} v{item['version']} — {item['reason']}")
    return EXIT_OK


def cmd_return_import(args: argparse.Namespace) -> int:
    from reviewer.returns import import_returns

    with open_workspace(args) as ws:
        rows = import_returns(ws, args.round, args.files)
    rejected = sum(1 for r in rows if r["status"] == "rejected")
    if args.json:
        emit_json(rows)
    else:
        labels = {"accepted": "已接收 (accepted)", "unchanged": "无新内容 (unchanged)", "rejected": "已拒绝 (rejected)"}
        for r in rows:
            who = f" · {r['expert']}" if r["expert"] else ""
            line = f"{labels[r['status']]}: {r['file']}{who}"
            if r["status"] != "rejected":
                line += f" · {r['reviews']} 份评审 (reviews)"
            say(line)
            if r["reason"]:
                say(f"    {r['reason']}")
    return EXIT_PARTIAL if rejected else EXIT_OK


# --------------------------------------------------------------------------- setup (dossiers, roster, assignment)


def register_setup(top: Any, groups: dict[str, Any]) -> None:
    """dossiers import / index / search, experts import / conflicts / decide, assign."""
    p = groups["dossiers"].add_parser("import", help="import dossier PDFs from a folder or a manifest")
    p.add_argument("--round", required=True, help="round id")
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--dir", type=Path, help="a folder: one sub-folder or file-name prefix per application")
    source.add_argument("--manifest", type=Path, help="a CSV or XLSX manifest (number, title, applicant, category, files)")
    p.add_argument("--index", action="store_true", help="also extract the text for search and conflict detection")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_dossiers_import)

    p = groups["dossiers"].add_parser("index", help="extract the text of files not indexed yet")
    p.add_argument("--round", required=True, help="round id")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_dossiers_index)

    p = groups["dossiers"].add_parser("search", help="search the text of a round's dossiers")
    p.add_argument("--round", required=True, help="round id")
    p.add_argument("query")
    p.add_argument("--limit", type=int, default=100)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_dossiers_search)

    p = groups["experts"].add_parser("import", help="import or update the expert roster (CSV or XLSX)")
    p.add_argument("--round", required=True, help="round id")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_experts_import)

    p = groups["experts"].add_parser("conflicts", help="detect likely conflicts of interest and list all conflicts")
    p.add_argument("--round", required=True, help="round id")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_experts_conflicts)

    p = groups["experts"].add_parser("decide", help="confirm or dismiss a suspected conflict")
    p.add_argument("conflict", type=int, metavar="ID", help="the conflict's id (see `experts conflicts`)")
    verdict = p.add_mutually_exclusive_group(required=True)
    verdict.add_argument("--confirm", action="store_true")
    verdict.add_argument("--dismiss", action="store_true")
    p.set_defaults(func=cmd_experts_decide)

    p = top.add_parser("assign", help="assign dossiers to experts (K per dossier, even loads, no conflicts)")
    p.add_argument("--round", required=True, help="round id")
    p.add_argument("--per-dossier", type=int, default=None, help="experts per dossier (default: the round's)")
    p.add_argument("--seed", type=int, default=0, help="tie-breaker; the same seed gives the same assignment")
    p.add_argument("--replace", action="store_true",
                   help="re-plan automatic assignments nobody has relied on yet (manual ones stay)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_assign)


_STATUS_LABELS = {"imported": "已导入 (imported)", "unchanged": "未变化 (unchanged)", "rejected": "已拒绝 (rejected)"}


def _terminal_progress(label: str) -> Any:
    """A progress line on stderr when a person is watching (a long import), else nothing."""
    import sys

    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int, name: str) -> None:
        sys.stderr.write(f"\r{label} {done}/{total}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show


def cmd_dossiers_import(args: argparse.Namespace) -> int:
    from reviewer.dossiers import import_dossiers, import_exit_code, index_pending

    source = args.dir if args.dir is not None else args.manifest
    with open_workspace(args) as ws:
        results = import_dossiers(ws, args.round, source, manifest=args.manifest is not None, actor="cli",
                                  progress=_terminal_progress("导入 (importing)"))
        report = (index_pending(ws, args.round, progress=_terminal_progress("索引 (indexing)"), actor="cli")
                  if args.index else None)
    if args.json:
        emit_json([r.to_json() for r in results])
    else:
        for r in results:
            line = f"{_STATUS_LABELS[r.status]}: {r.file}"
            if r.dossier:
                line += f" → {r.dossier}"
            if r.pages is not None:
                line += f" · {r.pages} 页"
            say(line)
            if r.reason:
                say(f"    {r.reason}")
        counts = {s: sum(1 for r in results if r.status == s) for s in _STATUS_LABELS}
        say(f"导入 {counts['imported']} · 未变化 {counts['unchanged']} · 拒绝 {counts['rejected']} "
            f"(imported · unchanged · rejected)")
        if report is None and counts["imported"]:
            say("全文检索与回避检测需要文字索引：reviewer dossiers index --round "
                f"{args.round} (run `dossiers index` for search and conflict detection)")
    if report is not None:
        for name, problem in report.problems:
            warn(f"索引不完整 (partly indexed): {name} — {problem}")
    return import_exit_code(results)


def cmd_dossiers_index(args: argparse.Namespace) -> int:
    from reviewer.dossiers import index_pending

    with open_workspace(args) as ws:
        report = index_pending(ws, args.round, progress=_terminal_progress("索引 (indexing)"), actor="cli")
    if args.json:
        emit_json({"files": report.indexed, "pages": report.pages,
                   "problems": [{"file": n, "reason": r} for n, r in report.problems]})
    else:
        say(f"已索引 {report.indexed} 个文件、{report.pages} 页 (indexed files, pages)")
        for name, problem in report.problems:
            say(f"    {name}: {problem}")
    return EXIT_PARTIAL if report.problems else EXIT_OK


def cmd_dossiers_search(args: argparse.Namespace) -> int:
    from reviewer.dossiers import search

    with open_workspace(args) as ws, ws.session() as s:
        hits = search(s, args.round, args.query, limit=args.limit)
    if args.json:
        emit_json([h.to_json() for h in hits])
        return EXIT_OK
    for h in hits:
        say(f"{h.dossier}  {h.file}  第{h.page}页  {h.snippet}")
    if not hits:
        say("（没有找到 / nothing found）")
    return EXIT_OK


def cmd_experts_import(args: argparse.Namespace) -> int:
    from reviewer.roster import import_experts

    with open_workspace(args) as ws, ws.session() as s:
        rows = import_experts(s, args.round, args.file, actor="cli")
    if args.json:
        emit_json([r.to_json() for r in rows])
        return EXIT_OK
    labels = {"added": "新增 (added)", "updated": "已更新 (updated)", "unchanged": "未变化 (unchanged)"}
    for r in rows:
        say(f"{labels[r.status]}: {r.name}  {r.organisation}  {r.field}")
    counts = {k: sum(1 for r in rows if r.status == k) for k in labels}
    say(f"新增 {counts['added']} · 更新 {counts['updated']} · 未变化 {counts['unchanged']} (added · updated · unchanged)")
    return EXIT_OK


def cmd_experts_conflicts(args: argparse.Namespace) -> int:
    from reviewer.roster import conflict_json, detect_conflicts, list_conflicts

    with open_workspace(args) as ws, ws.session() as s:
        detect_conflicts(s, args.round, actor="cli")
        rows = [conflict_json(c) for c in list_conflicts(s, args.round)]
    if args.json:
        emit_json(rows)
        return EXIT_OK
    for c in rows:
        say(f"[{c['id']}] {c['dossier']} × {c['expert']}  {c['status']} ({c['origin']}, {c['kind']})  {c['reason']}")
        for e in c["evidence"]:
            say(f"      {e['file']} 第{e['page']}页: {e['line']}")
    if not rows:
        say("（没有回避记录 / no conflicts）")
    return EXIT_OK


def cmd_experts_decide(args: argparse.Namespace) -> int:
    from reviewer.roster import decide_conflict

    with open_workspace(args) as ws, ws.session() as s:
        conflict = decide_conflict(s, args.conflict, bool(args.confirm), actor="cli")
        line = f"{conflict.dossier.number} × {conflict.expert.name}: {conflict.status}"
    say(line)
    return EXIT_OK


def cmd_assign(args: argparse.Namespace) -> int:
    from reviewer.assign import assign
    from reviewer.roster import detect_conflicts

    with open_workspace(args) as ws, ws.session() as s:
        detect_conflicts(s, args.round, actor="cli")
        report = assign(s, args.round, per_dossier=args.per_dossier, seed=args.seed, replace=args.replace,
                        actor="cli")
    if args.json:
        emit_json(report.to_json())
    else:
        say(f"每份申报 {report.per_dossier} 位专家 · 新增 {len(report.added)} · 保留 {report.kept} · "
            f"撤销 {len(report.removed)} (per dossier · added · kept · removed)")
        for name, load in sorted(report.loads.items()):
            say(f"    {name}: {load} 份 (dossiers)")
        for shortfall in report.shortfalls:
            warn(f"人数不足 (too few eligible experts): {shortfall.message}")
        for number, name in report.suspected:
            warn(f"疑似回避待确认 (suspected conflict to decide): {number} × {name}")
    return EXIT_OK if report.ok else EXIT_PARTIAL
