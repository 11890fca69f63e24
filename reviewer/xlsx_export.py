"""The round as an Excel workbook, for the secretary's own tables and reports.

``reviewer export --round R --xlsx FILE`` writes five sheets:

* 排名 — one row per dossier in the order of the 评审结果汇总表: rank, number,
  title, applicant, the aggregate under every rule, the computed rank and
  tier, the committee's rank, tier, final score, amount and reason;
* 评分矩阵 — one row per current submitted review, one column per criterion
  (the signed values), then total, recommendation, veto answers, version,
  origin, submission time and signature status;
* 提示与决定 — one row per flag (a dossier without flags still has one row),
  with how it was resolved and the committee's decision;
* 一致性 — ICC1…ICC3k and Kendall's W with their readings and the note on how
  they were computed, then each expert's calibration;
* 说明 — the round, its rule and form, and when the file was made.

Numbers are real numbers (not text) with fixed decimals; the header row is
frozen and filtered; columns are sized for Chinese text. Values come from the
same reading of the records as the PDF sheets (:mod:`reviewer.sheets_data`),
so the workbook and the signed sheets never disagree.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy.orm import Session

from reviewer.committee import reconcile_round
from reviewer.fileio import atomic_write_bytes
from reviewer.reconcile import RULES
from reviewer.rounds import RULE_NAMES, STATUS_NAMES, get_round, round_form
from reviewer.sheets_data import (
    CST,
    FLAG_TITLES,
    REVIEW_ORIGIN_TITLES,
    SIGNATURE_STATUS_TITLES,
    dossier_sheets,
    result_sheet,
    review_sheets,
)
from reviewer.workspace import Workspace

SHEET_NAMES = ("排名", "评分矩阵", "提示与决定", "一致性", "说明")

FMT_POINTS = "0.00"
FMT_SCORE = "0.0"
FMT_STAT = "0.000"
FMT_INT = "0"
FMT_TIME = "yyyy-mm-dd hh:mm"
FMT_AMOUNT = "#,##0.00"

_HEAD_FONT = Font(bold=True)
_HEAD_FILL = PatternFill("solid", fgColor="DDDDDD")
_THIN = Side(style="thin", color="999999")
_HEAD_BORDER = Border(bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")


def _num(text: str | None) -> Decimal | None:
    return None if text in (None, "") else Decimal(str(text))


def _local(value: dt.datetime | None) -> dt.datetime | None:
    """Excel has no time zones: times go in as the committee's clock (China Standard Time)."""
    return None if value is None else value.astimezone(CST).replace(tzinfo=None)


def _width(value: Any) -> int:
    """Display width of a cell's text: CJK characters count double."""
    text = "" if value is None else str(value)
    longest = max((sum(2 if ord(ch) > 0x2E80 else 1 for ch in line) for line in text.split("\n")), default=0)
    return longest


class _Table:
    """One worksheet: a header row, typed columns, then rows."""

    def __init__(self, ws: Worksheet, columns: Sequence[tuple[str, str | None, int]], *, freeze_cols: int = 0,
                 wrap: Sequence[int] = ()) -> None:
        """``columns``: (header, number format or None, max width in characters)."""
        self.ws = ws
        self.columns = list(columns)
        self.wrap = set(wrap)
        self.widths = [_width(h) + 2 for h, _, _ in self.columns]
        ws.append([h for h, _, _ in self.columns])
        for cell in ws[1]:
            cell.font = _HEAD_FONT
            cell.fill = _HEAD_FILL
            cell.border = _HEAD_BORDER
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.freeze_panes = f"{get_column_letter(freeze_cols + 1)}2"  # (touching a cell would add an empty row)

    def add(self, values: Sequence[Any]) -> None:
        self.ws.append(list(values))
        row = self.ws.max_row
        for i, (value, (_, fmt, cap)) in enumerate(zip(values, self.columns)):
            cell = self.ws.cell(row=row, column=i + 1)
            if fmt and value is not None:
                cell.number_format = fmt
            cell.alignment = _WRAP if i in self.wrap else _TOP
            shown = value if fmt is None or value is None else f"{value}"
            self.widths[i] = min(cap, max(self.widths[i], _width(shown) + 2))

    def finish(self) -> None:
        for i, width in enumerate(self.widths, start=1):
            self.ws.column_dimensions[get_column_letter(i)].width = max(6, width)
        if self.ws.max_row > 1:
            self.ws.auto_filter.ref = f"A1:{get_column_letter(len(self.columns))}{self.ws.max_row}"


def build_workbook(s: Session, round_id: int | str) -> Workbook:
    """The workbook of a round, read from the records in the caller's session."""
    rnd = get_round(s, round_id)
    form = round_form(rnd)
    result = result_sheet(s, rnd.id)
    dossiers = {d.number: d for d in dossier_sheets(s, rnd.id)}
    reviews = review_sheets(s, rnd.id)
    recon = reconcile_round(s, rnd.id)
    tiers = {t.key: t for t in form.tiers}

    wb = Workbook()
    ws_rank = wb.active
    assert ws_rank is not None
    ws_rank.title = SHEET_NAMES[0]
    rule_title = RULE_NAMES.get(rnd.rule, (rnd.rule,))[0]
    rank_cols: list[tuple[str, str | None, int]] = [
        ("排名", FMT_INT, 8), ("申报编号", None, 18), ("项目名称", None, 50), ("申报单位", None, 36),
        ("类别", None, 14), ("评审意见数", FMT_INT, 10), (f"得分（{rule_title}）", FMT_POINTS, 16),
    ]
    rank_cols += [(f"{RULE_NAMES[r][0]}", FMT_POINTS, 14) for r in RULES]
    rank_cols += [
        ("计算排名", FMT_INT, 10), ("计算等级", None, 14), ("决定排名", FMT_INT, 10), ("决定等级", None, 14),
        ("最终得分", FMT_POINTS, 10), ("奖励金额（万元）", FMT_AMOUNT, 12), ("委员会调整", None, 10),
        ("决定理由", None, 50), ("提示数", FMT_INT, 8), ("专家推荐", None, 30), ("备注", None, 40),
    ]
    table = _Table(ws_rank, rank_cols, freeze_cols=2, wrap=(2, 3, 18, 21))
    for row in result.rows:
        d = dossiers[row.number]
        decision = d.decision
        tier = tiers.get(row.tier) if row.tier else None
        table.add([
            row.rank, row.number, row.title, row.applicant, d.category, len(d.experts), _num(d.aggregate),
            *[_num(d.aggregates.get(r)) for r in RULES],
            d.rank, d.tier_title,
            decision.rank if decision else None, (decision.tier_title or "未获奖励") if decision else None,
            _num(decision.final_score) if decision else None,
            tier.amount if tier is not None and tier.amount is not None else None,
            ("是" if decision.overridden else "否") if decision else None,
            decision.reason if decision else None, len(d.flags), row.recommendations or None, row.note or None,
        ])
    table.finish()

    ws_matrix = wb.create_sheet(SHEET_NAMES[1])
    matrix_cols: list[tuple[str, str | None, int]] = [("申报编号", None, 18), ("项目名称", None, 40),
                                                      ("评审专家", None, 12), ("版本", FMT_INT, 6)]
    matrix_cols += [(f"{c.title.zh or c.key}（满分 {c.max}，权重 {c.effective_weight}）", FMT_SCORE, 16)
                    for c in form.criteria]
    matrix_cols += [("总分", FMT_POINTS, 10), ("推荐意见", None, 14), ("否决项“是”", None, 30),
                    ("录入方式", None, 20), ("提交时间", FMT_TIME, 18), ("签名", None, 24), ("综合意见", None, 60)]
    table = _Table(ws_matrix, matrix_cols, freeze_cols=3, wrap=(1, len(matrix_cols) - 1))
    for r in reviews:
        yes = "、".join(v.question for v in r.vetoes if v.answer is True)
        table.add([
            r.number, r.title, r.expert, r.version, *[_num(c.value) for c in r.criteria], _num(r.total),
            r.recommendation_title, yes or "无", REVIEW_ORIGIN_TITLES.get(r.origin, r.origin),
            _local(r.submitted_at), SIGNATURE_STATUS_TITLES.get(r.signature_status, r.signature_status), r.comment,
        ])
    table.finish()
    for column in range(5, 5 + len(form.criteria)):
        ws_matrix.cell(row=1, column=column).alignment = Alignment(horizontal="center", vertical="center",
                                                                   wrap_text=True)
    ws_matrix.row_dimensions[1].height = 45

    ws_flags = wb.create_sheet(SHEET_NAMES[2])
    table = _Table(ws_flags, [
        ("申报编号", None, 18), ("项目名称", None, 40), ("提示", None, 14), ("说明", None, 60),
        ("处理情况", None, 50), ("决定排名", FMT_INT, 10), ("决定等级", None, 14), ("最终得分", FMT_POINTS, 10),
        ("委员会调整", None, 10), ("决定理由", None, 50), ("决定人", None, 12), ("决定时间", FMT_TIME, 18),
        ("决定后评分有变动", None, 12),
    ], freeze_cols=1, wrap=(1, 3, 4, 9))
    for number in sorted(dossiers):
        d = dossiers[number]
        decision = d.decision
        tail = [decision.flag_resolution or None if decision else None,
                decision.rank if decision else None,
                (decision.tier_title or "未获奖励") if decision else None,
                _num(decision.final_score) if decision else None,
                ("是" if decision.overridden else "否") if decision else None,
                decision.reason or None if decision else None,
                decision.decided_by or None if decision else None,
                _local(decision.decided_at) if decision else None,
                ("是" if decision.stale else "否") if decision else None]
        flags = d.flags or ((None, None),)
        for kind, reason in flags:
            title = FLAG_TITLES.get(kind, (kind,))[0] if kind else None
            table.add([number, d.title, title, reason, *tail])
    table.finish()

    ws_agree = wb.create_sheet(SHEET_NAMES[3])
    a = recon.agreement
    readings = a.readings()
    table = _Table(ws_agree, [("指标", None, 12), ("数值", FMT_STAT, 10), ("解读", None, 60)], wrap=(2,))
    for name in ("ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k", "kendall_w"):
        value = getattr(a, name)
        table.add(["Kendall's W" if name == "kendall_w" else name, value, readings[name].zh])
    table.finish()
    ws_agree.append([])
    ws_agree.append(["说明", a.note or f"由 {a.n_dossiers} 份申报 × {a.n_experts} 位专家的完整评分表计算"])
    ws_agree.cell(row=ws_agree.max_row, column=2).alignment = _WRAP
    ws_agree.append(["样本", f"{a.n_dossiers} 份申报 × {a.n_experts} 位专家"])
    ws_agree.append([])
    start = ws_agree.max_row + 1
    ws_agree.append(["专家", "评审数", "平均总分", "标准差", "宽严度（与其他专家均值之差）"])
    for cell in ws_agree[start]:
        cell.font = _HEAD_FONT
        cell.fill = _HEAD_FILL
        cell.border = _HEAD_BORDER
    for c in recon.calibration:
        ws_agree.append([c.expert, c.reviews, c.mean, c.sd, c.leniency])
        row = ws_agree.max_row
        ws_agree.cell(row=row, column=2).number_format = FMT_INT
        for col in (3, 4, 5):
            ws_agree.cell(row=row, column=col).number_format = FMT_POINTS
    ws_agree.column_dimensions["A"].width = 14
    ws_agree.column_dimensions["E"].width = 30

    ws_info = wb.create_sheet(SHEET_NAMES[4])
    head = result.round
    info = [
        ("评审轮次", head.name), ("评审项目", head.programme), ("轮次标识", head.uid),
        ("状态", STATUS_NAMES.get(head.status, (head.status,))[0]),
        ("汇总规则", f"{head.rule_title}（{head.rule}）"),
        ("分歧阈值", head.spread_limit or "—"), ("每份申报评审专家数", head.per_dossier),
        ("评分表", f"{head.form_title}（{head.form_id} 第 {head.form_version} 版）"), ("评分表摘要", head.form_hash),
        ("申报数", len(result.rows)), ("有效评审意见数", len(reviews)),
        ("导出时间", _local(dt.datetime.now(dt.timezone.utc))),
    ]
    for label, value in info:
        ws_info.append([label, value])
        ws_info.cell(row=ws_info.max_row, column=1).font = _HEAD_FONT
    ws_info.cell(row=len(info), column=2).number_format = FMT_TIME
    ws_info.column_dimensions["A"].width = 22
    ws_info.column_dimensions["B"].width = 70

    wb.properties.title = f"{head.name} · 评审结果"
    wb.properties.creator = "专家评审工作站 Reviewer Workstation"
    return wb


def export_xlsx(s: Session, round_id: int | str) -> bytes:
    """The workbook as bytes (what the GUI saves through its own dialog)."""
    buffer = io.BytesIO()
    build_workbook(s, round_id).save(buffer)
    return buffer.getvalue()


def write_xlsx(ws: Workspace, round_id: int | str, path: Path | str) -> dict[str, Any]:
    """``reviewer export``: write the workbook atomically; returns what was written."""
    path = Path(path)
    with ws.session() as s:
        data = export_xlsx(s, round_id)
        rnd = get_round(s, round_id)
        summary = {"file": str(path), "round": rnd.id, "sheets": list(SHEET_NAMES), "dossiers": len(rnd.dossiers)}
    atomic_write_bytes(path, data, mode=0o644)
    return summary


__all__ = ["SHEET_NAMES", "build_workbook", "export_xlsx", "write_xlsx"]
