"""Scores typed away from the workstation: the XLSX template, the score CSV, paper entry.

``write_template`` gives an expert (or the secretariat, for paper sheets) an XLSX
workbook with one sheet per assigned, non-conflicted dossier, prefilled with what is
already in the workspace. ``import_scores`` reads that workbook back — or the score
CSV of DESIGN.md (``dossier, criterion, value, comment``), or an XLSX laid out like
that CSV — into draft reviews.

An import is all-or-nothing: every cell is checked first and every bad one is
reported with its sheet, row and column; if there is one, nothing is imported.
An empty cell leaves the value in the workspace as it is (a half-filled file never
wipes earlier work); to clear a value, clear it in the workstation.

Paper entry (secretary's workspace, ``entered_by`` = the operator): the drafts are
marked ``origin="paper"``. With ``second_entry=True`` a second operator's typing of
the same sheets is stored as a ``PaperEntry`` and compared cell by cell with the
first; see ``reviewer.scoring`` for how differences are resolved and how a paper
review is submitted (without an Ed25519 signature).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Assignment, Dossier, Expert, PaperEntry, Review, Round, utcnow
from forms import Form
from reviewer import audit, crypto, rounds, scoring
from reviewer.errors import ImportRejected, StateError, ValidationError
from reviewer.fileio import atomic_write_bytes
from reviewer.workspace import get_setting

TEMPLATE_KIND = "reviewer-scores-template"
TEMPLATE_VERSION = 1
META_SHEET = "_meta"
GUIDE_SHEET = "说明 Guide"
#: Hidden marker in A1 of every dossier sheet; A2 holds the dossier number. Sheets are
#: found by this marker, not by name, so renaming a sheet loses nothing.
DOSSIER_MARKER = "reviewer-dossier"

HEADER_ROW = 5
FIRST_ROW = HEADER_ROW + 1
COL_KEY, COL_NO, COL_TITLE, COL_RANGE, COL_STEP, COL_VALUE, COL_COMMENT, COL_GUIDE = "ABCDEFGH"
HEADERS = {
    COL_KEY: "键 key",
    COL_NO: "序号\nNo.",
    COL_TITLE: "评分项\nCriterion",
    COL_RANGE: "分值范围\nRange",
    COL_STEP: "步长\nStep",
    COL_VALUE: "评分\nScore",
    COL_COMMENT: "评语\nComment",
    COL_GUIDE: "评分指引\nGuidance",
}
WIDTHS = {COL_KEY: 14, COL_NO: 6, COL_TITLE: 34, COL_RANGE: 11, COL_STEP: 7, COL_VALUE: 10, COL_COMMENT: 52,
          COL_GUIDE: 46}

#: Column names of the score table (CSV, or an XLSX laid out like it), English and Chinese.
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "dossier": ("dossier", "number", "申报编号", "编号"),
    "criterion": ("criterion", "评分项", "指标"),
    "value": ("value", "score", "分值", "评分", "得分"),
    "comment": ("comment", "评语", "意见"),
}
COLUMN_ZH = {"dossier": "申报编号", "criterion": "评分项", "value": "分值", "comment": "评语"}

_FILL_INPUT = PatternFill("solid", fgColor="FFF2CC")
_FILL_HEADER = PatternFill("solid", fgColor="D9E2F3")
_FILL_SECTION = PatternFill("solid", fgColor="EDEDED")
_FILL_DONE = PatternFill("solid", fgColor="E2EFDA")
_THIN = Side(style="thin", color="A6A6A6")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


# --- problems and reports --------------------------------------------------------------------


@dataclass(frozen=True)
class CellProblem:
    """One bad cell (or, with ``row`` None, a problem with the whole file or sheet)."""

    sheet: str
    row: int | None
    column: str | None
    message: str

    @property
    def where(self) -> str:
        label = "文件" if self.sheet.lower().endswith(".csv") else "工作表"
        text = f"{label}「{self.sheet}」" if self.sheet else ""
        if self.row is not None:
            text += f"第 {self.row} 行"
        if self.column:
            text += f" {self.column} 列" if self.row is not None else f"{self.column} 列"
        return text

    def __str__(self) -> str:
        return f"{self.where}：{self.message}" if self.where else self.message


class ScoresRejected(ImportRejected):
    """A score file refused whole; ``problems`` lists every bad cell."""

    def __init__(self, path: Path, problems: list[CellProblem]) -> None:
        sheets: dict[str, int] = {}
        for p in problems:
            sheets.setdefault(p.sheet, len(sheets))
        problems = sorted(problems, key=lambda p: (p.row is not None, sheets[p.sheet], p.row or 0, p.column or ""))
        self.path = path
        self.problems = problems
        lines = [f"未导入 {path.name}：发现 {len(problems)} 处问题，全部改正后再导入 "
                 f"(nothing was imported from {path.name}: {len(problems)} problem(s) found)"]
        lines += [f"  · {p}" for p in problems]
        super().__init__("\n".join(lines))


@dataclass
class ImportReport:
    """What an import did."""

    file: str
    expert: str
    #: "expert" (the expert's own workspace), "paper" (first typing), "paper-second"
    mode: str
    #: Dossiers whose review changed (or, for a second typing, was typed).
    dossiers: list[str] = field(default_factory=list)
    #: Dossiers for which a new draft was started.
    created: list[str] = field(default_factory=list)
    #: Values that changed (or, for a second typing, were typed).
    cells: int = 0
    #: Open differences between the first and second typing (paper entry only).
    differences: list[scoring.PaperDifference] = field(default_factory=list)
    #: What each imported review still lacks before it can be submitted.
    incomplete: dict[str, list[str]] = field(default_factory=dict)

    def lines(self) -> list[str]:
        what = {"expert": "评分", "paper": "纸质评分（第一次录入）", "paper-second": "纸质评分（第二次录入）"}[self.mode]
        out = [f"已导入{what}：{len(self.dossiers)} 份申报，{self.cells} 个单元格 "
               f"(imported {self.cells} cell(s) for {len(self.dossiers)} dossier(s))"]
        if self.created:
            out.append(f"新建草稿 (new drafts)：{'、'.join(self.created)}")
        for number, missing in self.incomplete.items():
            out.append(f"申报 {number} 尚未完成 (incomplete)：{'；'.join(missing)}")
        if self.differences:
            out.append(f"两次录入有 {len(self.differences)} 处不一致，核对后方可提交 "
                       f"({len(self.differences)} difference(s) between the two typings must be resolved):")
            out += [f"  · {d}" for d in self.differences]
        return out


# --- the template ----------------------------------------------------------------------------


@dataclass(frozen=True)
class TemplateInfo:
    path: Path
    #: (dossier number, sheet name) in workbook order.
    sheets: list[tuple[str, str]]


def _scorable(s: Session, rnd: Round, expert: Expert) -> list[Dossier]:
    """The expert's assigned dossiers that no conflict blocks, by number."""
    assigned = s.scalars(
        select(Dossier)
        .join(Assignment, Assignment.dossier_id == Dossier.id)
        .where(Assignment.expert_id == expert.id, Assignment.round_id == rnd.id)
        .order_by(Dossier.number)
    )
    return [d for d in assigned if scoring.blocking_conflict(s, d, expert) is None]


def _sheet_name(number: str, taken: set[str]) -> str:
    base = _SHEET_NAME_BAD.sub("_", number).strip("'") or "dossier"
    base = base[:31]
    name, n = base, 2
    while name.casefold() in taken or name in (META_SHEET, GUIDE_SHEET):
        suffix = f"~{n}"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(name.casefold())
    return name


def _num(value: Decimal) -> int | float:
    """A decimal as the number a spreadsheet shows (exact for the 0.01 grid of forms)."""
    return int(value) if value == value.to_integral_value() else float(value)


def _bi(zh: str, en: str) -> str:
    return zh if not en or en == zh else f"{zh}\n{en}"


def _style_row(ws: Worksheet, row: int, fill: PatternFill | None = None) -> None:
    for col in "BCDEFGH":
        cell = ws[f"{col}{row}"]
        cell.border = _BORDER
        cell.alignment = _WRAP
        if fill is not None:
            cell.fill = fill


def _guidance(criterion: Any) -> str:
    parts = []
    if criterion.guidance.zh or criterion.guidance.en:
        parts.append(_bi(criterion.guidance.zh, criterion.guidance.en))
    for band in sorted(criterion.bands, key=lambda b: b.low, reverse=True):
        parts.append(f"{crypto.format_decimal(band.low)}–{crypto.format_decimal(band.high)} "
                     f"{band.label.zh}{(' ' + band.label.en) if band.label.en and band.label.en != band.label.zh else ''}")
    if criterion.comment_required:
        where = {"top": "最高档", "bottom": "最低档"}
        where_en = {"top": "top", "bottom": "bottom"}
        parts.append("须填写评语：" + "、".join(where[p] for p in criterion.comment_required)
                     + " (comment required in the " + " and ".join(where_en[p] for p in criterion.comment_required)
                     + " band)")
    return "\n".join(parts)


def _list_formula(options: list[str]) -> str | None:
    """An Excel list-validation formula, or None when the options cannot be put in one."""
    if not options or any("," in o or '"' in o for o in options):
        return None
    formula = '"' + ",".join(options) + '"'
    return formula if len(formula) <= 255 else None


def _write_dossier_sheet(ws: Worksheet, form: Form, rnd: Round, dossier: Dossier, expert: Expert,
                         review: Review | None) -> None:
    submitted = review is not None and review.status == "submitted"
    ws[f"{COL_KEY}1"] = DOSSIER_MARKER
    ws[f"{COL_KEY}2"] = dossier.number
    ws.column_dimensions[COL_KEY].hidden = True
    for col, width in WIDTHS.items():
        ws.column_dimensions[col].width = width

    ws.merge_cells("B1:H1")
    ws["B1"] = f"专家评分表 Expert scoring sheet · {form.title.zh}" + (
        f" / {form.title.en}" if form.title.en and form.title.en != form.title.zh else "")
    ws["B1"].font = Font(bold=True, size=14)
    ws.row_dimensions[1].height = 24
    labels = [("B2", "申报编号 No."), ("D2", "项目名称 Title"), ("B3", "申报单位 Applicant"), ("D3", "评审专家 Expert"),
              ("G3", "评审轮次 Round")]
    for ref, text in labels:
        ws[ref] = text
        ws[ref].font = Font(bold=True)
    ws["C2"] = dossier.number
    ws.merge_cells("E2:H2")
    ws["E2"] = dossier.title
    ws["C3"] = dossier.applicant
    ws["E3"] = expert.name
    ws["H3"] = rnd.name
    for ref in ("C2", "E2", "C3", "E3", "H3"):
        ws[ref].alignment = _WRAP
    ws.merge_cells("B4:H4")
    if submitted:
        ws["B4"] = ("本申报的评审意见已提交，此表中的修改不会被导入。"
                    "This review has been submitted: changes on this sheet cannot be imported.")
        ws["B4"].font = Font(bold=True, color="C00000")
    else:
        ws["B4"] = ("请只填写黄色单元格：评分须在分值范围内并符合步长；分值落在须填评语的档次时必须写评语；"
                    "空白单元格导入时不改变工作站中已有的内容。"
                    "Fill in the yellow cells only: scores within the range and on the step; a comment where the "
                    "guidance asks for one. Empty cells leave what the workstation already holds unchanged.")
    ws["B4"].alignment = _WRAP
    ws.row_dimensions[4].height = 48

    for col, text in HEADERS.items():
        cell = ws[f"{col}{HEADER_ROW}"]
        cell.value = text
        cell.font = Font(bold=True)
        cell.fill = _FILL_HEADER
        cell.alignment = _CENTER
        cell.border = _BORDER
    ws.row_dimensions[HEADER_ROW].height = 32
    ws.freeze_panes = f"C{FIRST_ROW}"

    values = {sc.criterion: sc for sc in review.scores} if review is not None else {}
    input_fill = _FILL_DONE if submitted else _FILL_INPUT
    row = FIRST_ROW
    section_titles = {sec.key: sec.title for sec in form.sections}
    current_section: str | None = None
    score_rows: list[tuple[int, Any]] = []
    for number, criterion in enumerate(form.criteria, start=1):
        if criterion.section and criterion.section != current_section:
            current_section = criterion.section
            title = section_titles.get(criterion.section)
            ws.merge_cells(f"B{row}:H{row}")
            ws[f"B{row}"] = title.zh + (f"  {title.en}" if title and title.en else "") if title else criterion.section
            ws[f"B{row}"].font = Font(bold=True)
            _style_row(ws, row, _FILL_SECTION)
            row += 1
        ws[f"{COL_KEY}{row}"] = criterion.key
        ws[f"{COL_NO}{row}"] = number
        ws[f"{COL_TITLE}{row}"] = _bi(criterion.title.zh, criterion.title.en)
        ws[f"{COL_RANGE}{row}"] = f"{crypto.format_decimal(criterion.min)}–{crypto.format_decimal(criterion.max)}"
        ws[f"{COL_STEP}{row}"] = _num(criterion.step)
        ws[f"{COL_GUIDE}{row}"] = _guidance(criterion)
        _style_row(ws, row)
        for col in (COL_VALUE, COL_COMMENT):
            ws[f"{col}{row}"].fill = input_fill
        ws[f"{COL_VALUE}{row}"].alignment = Alignment(horizontal="right", vertical="top")
        sc = values.get(criterion.key)
        if sc is not None:
            if sc.value is not None:
                ws[f"{COL_VALUE}{row}"] = _num(sc.value)
            if sc.comment:
                ws[f"{COL_COMMENT}{row}"] = sc.comment
        dv = DataValidation(
            type="decimal", operator="between", formula1=crypto.format_decimal(criterion.min),
            formula2=crypto.format_decimal(criterion.max), allow_blank=True, showErrorMessage=True,
            showInputMessage=True, errorTitle="分值超出范围 Out of range",
            error=(f"请输入 {crypto.format_decimal(criterion.min)}–{crypto.format_decimal(criterion.max)} 之间、"
                   f"步长为 {crypto.format_decimal(criterion.step)} 的分值。"
                   f"Enter a score from {crypto.format_decimal(criterion.min)} to "
                   f"{crypto.format_decimal(criterion.max)} in steps of {crypto.format_decimal(criterion.step)}.")[:255],
            promptTitle=(criterion.title.zh or criterion.title.en)[:32],
            prompt=(f"{crypto.format_decimal(criterion.min)}–{crypto.format_decimal(criterion.max)}，"
                    f"步长 step {crypto.format_decimal(criterion.step)}")[:255],
        )
        ws.add_data_validation(dv)
        dv.add(f"{COL_VALUE}{row}")
        score_rows.append((row, criterion))
        row += 1

    if form.vetoes:
        ws.merge_cells(f"B{row}:H{row}")
        ws[f"B{row}"] = "否决项（填“是”或“否”；“是”即一票否决） Veto questions (yes/no; “yes” disqualifies)"
        ws[f"B{row}"].font = Font(bold=True)
        _style_row(ws, row, _FILL_SECTION)
        row += 1
        veto_dv = DataValidation(type="list", formula1='"是,否"', allow_blank=True, showErrorMessage=True,
                                 errorTitle="是或否 Yes or no", error="请填写“是”或“否”。 Enter 是 (yes) or 否 (no).")
        ws.add_data_validation(veto_dv)
        answers = review.vetoes if review is not None else {}
        for item in form.vetoes:
            ws[f"{COL_KEY}{row}"] = f"veto.{item.key}"
            ws[f"{COL_TITLE}{row}"] = _bi(item.question.zh, item.question.en)
            ws[f"{COL_RANGE}{row}"] = "是 / 否"
            _style_row(ws, row)
            ws[f"{COL_VALUE}{row}"].fill = input_fill
            if answers.get(item.key) is not None:
                ws[f"{COL_VALUE}{row}"] = "是" if answers[item.key] else "否"
            veto_dv.add(f"{COL_VALUE}{row}")
            row += 1

    if form.recommendations:
        options = [c.title.zh or c.key for c in form.recommendations]
        ws[f"{COL_KEY}{row}"] = "recommendation"
        ws[f"{COL_TITLE}{row}"] = "推荐意见\nRecommendation"
        ws[f"{COL_RANGE}{row}"] = " / ".join(options)
        ws[f"{COL_GUIDE}{row}"] = "\n".join(f"{c.title.zh} — {c.title.en}" for c in form.recommendations)
        _style_row(ws, row)
        ws[f"{COL_VALUE}{row}"].fill = input_fill
        if review is not None and review.recommendation:
            chosen = next((c for c in form.recommendations if c.key == review.recommendation), None)
            ws[f"{COL_VALUE}{row}"] = (chosen.title.zh or chosen.key) if chosen else review.recommendation
        formula = _list_formula(options)
        if formula:
            rec_dv = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True,
                                    errorTitle="推荐意见 Recommendation", error="请从列表中选择。 Choose from the list.")
            ws.add_data_validation(rec_dv)
            rec_dv.add(f"{COL_VALUE}{row}")
        row += 1

    ws[f"{COL_KEY}{row}"] = "comment"
    ws[f"{COL_TITLE}{row}"] = "总体评语（填在评语列）\nOverall comment (in the Comment column)"
    _style_row(ws, row)
    ws[f"{COL_COMMENT}{row}"].fill = input_fill
    ws.row_dimensions[row].height = 90
    if review is not None and review.comment:
        ws[f"{COL_COMMENT}{row}"] = review.comment
    row += 1

    terms = []
    for r, criterion in score_rows:
        ref = f"{COL_VALUE}{r}"
        terms.append(ref if criterion.weight is None else
                     f"{ref}*{crypto.format_decimal(criterion.weight)}/{crypto.format_decimal(criterion.max)}")
    ws[f"{COL_TITLE}{row}"] = "合计（自动计算，仅供参考）\nTotal (computed, for reference)"
    ws[f"{COL_TITLE}{row}"].font = Font(bold=True)
    ws[f"{COL_VALUE}{row}"] = f"=ROUND({'+'.join(terms)},2)"
    ws[f"{COL_VALUE}{row}"].font = Font(bold=True)
    ws[f"{COL_RANGE}{row}"] = f"满分 {crypto.format_decimal(form.scale)}"
    _style_row(ws, row)

    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.print_area = f"B1:H{row}"


def _write_guide(ws: Worksheet, form: Form, rnd: Round, expert: Expert,
                 entries: list[tuple[Dossier, str, Review | None]]) -> None:
    ws["A1"] = f"离线评分模板 Offline scoring template — {rnd.name}"
    ws["A1"].font = Font(bold=True, size=14)
    facts = [
        ("评审专家 Expert", expert.name),
        ("评分表 Form", f"{form.title.zh} ({form.id} v{form.version})"),
        ("生成时间 Written", utcnow().isoformat()),
    ]
    for i, (label, value) in enumerate(facts, start=2):
        ws[f"A{i}"] = label
        ws[f"A{i}"].font = Font(bold=True)
        ws[f"B{i}"] = value
    ws["A6"] = ("每份申报一个工作表。只填写黄色单元格；导入时会逐格检查，有任何错误则整份文件不导入，并列出每个错误的位置。"
                "空白单元格不会清除工作站中已有的内容。为某份申报填写评分，即表示本人确认与该申报无利益冲突；"
                "如需回避，请不要填写该表，并在工作站中（或用 reviewer review declare）声明回避。")
    ws["A7"] = ("One sheet per dossier. Fill in the yellow cells only; on import every cell is checked and, if any is "
                "wrong, nothing is imported and each problem is listed with its place. Empty cells never clear what "
                "the workstation already holds. Scoring a dossier here states that you have no conflict of interest "
                "with it; to declare one, leave its sheet empty and declare it in the workstation (or with "
                "`reviewer review declare`).")
    for ref in ("A6", "A7"):
        ws.merge_cells(f"{ref}:E{ref[1:]}")
        ws[ref].alignment = _WRAP
        ws.row_dimensions[int(ref[1:])].height = 75
    header = ["申报编号\nNo.", "项目名称\nTitle", "申报单位\nApplicant", "工作表\nSheet", "状态\nStatus"]
    for col, text in enumerate(header, start=1):
        cell = ws.cell(row=9, column=col, value=text)
        cell.font = Font(bold=True)
        cell.fill = _FILL_HEADER
        cell.alignment = _CENTER
        cell.border = _BORDER
    for i, (dossier, sheet, review) in enumerate(entries, start=10):
        status = "已提交 submitted" if review is not None and review.status == "submitted" else (
            "草稿 draft" if review is not None else "未开始 not started")
        for col, value in enumerate([dossier.number, dossier.title, dossier.applicant, sheet, status], start=1):
            cell = ws.cell(row=i, column=col, value=value)
            cell.border = _BORDER
            cell.alignment = _WRAP
        link = ws.cell(row=i, column=4)
        link.hyperlink = Hyperlink(ref=link.coordinate, location=f"{quote_sheetname(sheet)}!A1")
        link.font = Font(color="0563C1", underline="single")
    for col, width in zip("ABCDE", (18, 40, 30, 18, 16)):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A10"


def write_template(s: Session, rnd: Round, expert: Expert, path: Path | str) -> TemplateInfo:
    """Write the XLSX scoring template for ``expert`` (atomically) and say which sheets it holds.

    Only dossiers the expert may score are included; each sheet is prefilled with the
    current review, and a submitted one is marked as such (its cells cannot be changed
    by an import).
    """
    path = Path(path)
    form = rounds.round_form(rnd)
    dossiers = _scorable(s, rnd, expert)
    if not dossiers:
        raise StateError(f"专家「{expert.name}」没有可评分的申报 (the expert has no dossier to score)")
    wb = Workbook()
    guide = wb.active
    assert guide is not None
    guide.title = GUIDE_SHEET
    taken: set[str] = set()
    entries: list[tuple[Dossier, str, Review | None]] = []
    for dossier in dossiers:
        sheet = _sheet_name(dossier.number, taken)
        review = scoring.current_review(s, dossier, expert)
        _write_dossier_sheet(wb.create_sheet(sheet), form, rnd, dossier, expert, review)
        entries.append((dossier, sheet, review))
    _write_guide(guide, form, rnd, expert, entries)
    meta = wb.create_sheet(META_SHEET)
    facts: list[tuple[str, Any]] = [
        ("kind", TEMPLATE_KIND), ("template_version", TEMPLATE_VERSION), ("round_uid", rnd.uid),
        ("round_name", rnd.name), ("form_id", rnd.form_id), ("form_version", rnd.form_version),
        ("form_hash", rnd.form_hash), ("expert", expert.name), ("written_at", utcnow().isoformat()),
    ]
    for row, (key, value) in enumerate(facts, start=1):
        meta.cell(row=row, column=1, value=key)
        meta.cell(row=row, column=2, value=value)
    meta.sheet_state = "veryHidden"
    buffer = io.BytesIO()
    wb.save(buffer)
    atomic_write_bytes(path, buffer.getvalue())
    return TemplateInfo(path, [(d.number, sheet) for d, sheet, _ in entries])


# --- reading files ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Raw:
    """One typed value with the place it came from."""

    sheet: str
    row: int
    column: str
    dossier: str
    #: As ``scoring.parse_cell`` names cells.
    cell: str
    text: str
    #: Where the dossier and the criterion were named (None: by the sheet itself, in the template).
    dossier_column: str | None = None
    criterion_column: str | None = None


def _text(value: Any) -> str:
    """A cell's content as text; numbers as they would be typed (7.5, not 7.5000000001)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return crypto.format_decimal(Decimal(repr(value)))
    if isinstance(value, Decimal):
        return crypto.format_decimal(value)
    return str(value)


def _norm_header(text: str) -> set[str]:
    cleaned = unicodedata.normalize("NFKC", text).strip().casefold()
    tokens = set(re.split(r"[\s/()（）\[\]【】:：,，|]+", cleaned)) - {""}
    return tokens | {cleaned}


def _table_columns(header: list[str]) -> tuple[dict[str, int], list[str]]:
    """Which column holds which field; and the missing required fields, in words."""
    found: dict[str, int] = {}
    for index, name in enumerate(header):
        tokens = _norm_header(name)
        for fieldname, aliases in TABLE_COLUMNS.items():
            if fieldname not in found and tokens & {a.casefold() for a in aliases}:
                found[fieldname] = index
                break
    missing = [f"{COLUMN_ZH[f]}（{f}）" for f in ("dossier", "criterion", "value") if f not in found]
    return found, missing


def _rows_to_raw(sheet: str, rows: Iterable[tuple[int, list[str]]], problems: list[CellProblem]) -> list[_Raw]:
    """Score-table rows (header first) as raw cells; header problems go to ``problems``."""
    iterator = iter(rows)
    header_row: tuple[int, list[str]] | None = None
    for number, cells in iterator:
        if any(c.strip() for c in cells):
            header_row = (number, cells)
            break
    if header_row is None:
        problems.append(CellProblem(sheet, None, None, "文件是空的 (the file is empty)"))
        return []
    columns, missing = _table_columns(header_row[1])
    if missing:
        problems.append(CellProblem(
            sheet, header_row[0], None,
            f"表头缺少列：{'、'.join(missing)}；表头应为 dossier, criterion, value, comment "
            f"（或 申报编号, 评分项, 分值, 评语） (the header must name the columns dossier, criterion, value, comment)"))
        return []
    letter = {f: get_column_letter(i + 1) for f, i in columns.items()}

    def get(cells: list[str], fieldname: str) -> str:
        i = columns.get(fieldname)
        return cells[i].strip() if i is not None and i < len(cells) else ""

    out: list[_Raw] = []
    d_col, c_col = letter["dossier"], letter["criterion"]
    for number, cells in iterator:
        if not any(c.strip() for c in cells):
            continue
        dossier, criterion = get(cells, "dossier"), get(cells, "criterion")
        value = cells[columns["value"]] if columns["value"] < len(cells) else ""
        comment = cells[columns["comment"]] if "comment" in columns and columns["comment"] < len(cells) else ""
        if not dossier:
            problems.append(CellProblem(sheet, number, letter["dossier"], "缺少申报编号 (the dossier number is missing)"))
            continue
        if not criterion:
            problems.append(CellProblem(sheet, number, letter["criterion"], "缺少评分项 (the criterion is missing)"))
            continue
        crit = unicodedata.normalize("NFKC", criterion).strip()
        folded = crit.casefold()
        if folded in ("comment", "评语", "总体评语"):
            if value.strip() and comment.strip():
                problems.append(CellProblem(
                    sheet, number, letter.get("comment"),
                    "总体评语写在分值列，评语列应留空 (put the overall comment in the value column only)"))
                continue
            text, col = (value, letter["value"]) if value.strip() else (comment, letter.get("comment", letter["value"]))
            out.append(_Raw(sheet, number, col, dossier, "comment", text, d_col, c_col))
            continue
        if folded in ("recommendation", "推荐意见"):
            crit = "recommendation"
        elif folded.startswith("veto."):
            crit = "veto." + crit[len("veto."):]
        if crit == "recommendation" or crit.startswith("veto."):
            if comment.strip():
                problems.append(CellProblem(
                    sheet, number, letter.get("comment"),
                    "否决项和推荐意见不填评语，请写在总体评语中 (veto and recommendation rows take no comment)"))
                continue
            out.append(_Raw(sheet, number, letter["value"], dossier, crit, value, d_col, c_col))
            continue
        out.append(_Raw(sheet, number, letter["value"], dossier, crit, value, d_col, c_col))
        if comment.strip():
            out.append(_Raw(sheet, number, letter.get("comment", "D"), dossier, f"{crit}#comment", comment, d_col,
                            c_col))
    return out


def _read_csv(path: Path, problems: list[CellProblem]) -> list[_Raw]:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")  # what Excel writes for "CSV" on a Chinese Windows
        except UnicodeDecodeError:
            problems.append(CellProblem(path.name, None, None,
                                        "文件不是 UTF-8 编码的 CSV (the file is not UTF-8 CSV)"))
            return []
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        problems.append(CellProblem(path.name, None, None, f"CSV 格式错误：{exc} (malformed CSV)"))
        return []
    return _rows_to_raw(path.name, ((i, r) for i, r in enumerate(rows, start=1)), problems)


def _sheet_rows(ws: Worksheet) -> Iterator[tuple[int, list[str]]]:
    for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
        yield number, [_text(v) for v in row]


def _meta(wb: Any) -> dict[str, str] | None:
    if META_SHEET not in wb.sheetnames:
        return None
    ws = wb[META_SHEET]
    return {_text(r[0]): _text(r[1]) for r in ws.iter_rows(min_col=1, max_col=2, values_only=True) if r[0]}


def _read_template(wb: Any, meta: dict[str, str], rnd: Round, expert: Expert, form: Form,
                   problems: list[CellProblem]) -> list[_Raw]:
    if meta.get("kind") != TEMPLATE_KIND:
        problems.append(CellProblem("", None, None, "不是本软件生成的评分模板 (not a scoring template of this app)"))
        return []
    if meta.get("round_uid") != rnd.uid:
        problems.append(CellProblem(
            "", None, None,
            f"该模板属于另一个评审轮次「{meta.get('round_name', '?')}」，不是「{rnd.name}」 "
            f"(the template is for another round)"))
        return []
    if meta.get("form_hash") != rnd.form_hash:
        problems.append(CellProblem("", None, None,
                                    "该模板的评分表版本与本轮不一致 (the template was made for another form version)"))
        return []
    if meta.get("expert") != expert.name:
        problems.append(CellProblem(
            "", None, None,
            f"该模板是专家「{meta.get('expert')}」的，不是「{expert.name}」的 (the template belongs to another expert)"))
        return []
    out: list[_Raw] = []
    known = {c.key for c in form.criteria} | {f"veto.{v.key}" for v in form.vetoes} | {"recommendation", "comment"}
    for ws in wb.worksheets:
        if ws.title == META_SHEET or _text(ws[f"{COL_KEY}1"].value) != DOSSIER_MARKER:
            continue
        dossier = _text(ws[f"{COL_KEY}2"].value).strip()
        if not dossier:
            problems.append(CellProblem(ws.title, 2, COL_KEY, "工作表缺少申报编号 (the sheet lost its dossier number)"))
            continue
        for row in ws.iter_rows(min_row=FIRST_ROW, min_col=1, max_col=8):
            r = row[0].row
            key = _text(row[0].value).strip()
            value = _text(row[ord(COL_VALUE) - ord("A")].value)
            comment = _text(row[ord(COL_COMMENT) - ord("A")].value)
            if not key:
                continue
            if key not in known:
                problems.append(CellProblem(ws.title, r, COL_KEY,
                                            f"评分表中没有「{key}」这一项 (unknown criterion '{key}')"))
                continue
            if key == "comment":
                if value.strip():
                    problems.append(CellProblem(ws.title, r, COL_VALUE,
                                                "总体评语请写在评语列 (put the overall comment in the Comment column)"))
                out.append(_Raw(ws.title, r, COL_COMMENT, dossier, "comment", comment, None, COL_KEY))
                continue
            if key == "recommendation" or key.startswith("veto."):
                if comment.strip():
                    problems.append(CellProblem(
                        ws.title, r, COL_COMMENT,
                        "否决项和推荐意见不填评语，请写在总体评语中 (veto and recommendation rows take no comment)"))
                out.append(_Raw(ws.title, r, COL_VALUE, dossier, key, value, None, COL_KEY))
                continue
            out.append(_Raw(ws.title, r, COL_VALUE, dossier, key, value, None, COL_KEY))
            out.append(_Raw(ws.title, r, COL_COMMENT, dossier, f"{key}#comment", comment, None, COL_KEY))
    return out


def _read_xlsx(path: Path, rnd: Round, expert: Expert, form: Form, problems: list[CellProblem]) -> list[_Raw]:
    try:
        with warnings.catch_warnings():
            # Workbooks saved by Excel or WPS carry extensions openpyxl does not read; it says so in warnings.
            warnings.simplefilter("ignore")
            wb = load_workbook(path, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as exc:
        problems.append(CellProblem(path.name, None, None,
                                    f"无法读取 Excel 文件：{exc} (cannot read the workbook)"))
        return []
    try:
        meta = _meta(wb)
        if meta is not None:
            return _read_template(wb, meta, rnd, expert, form, problems)
        ws = wb.worksheets[0]
        return _rows_to_raw(ws.title, _sheet_rows(ws), problems)
    finally:
        wb.close()


# --- validating and applying -----------------------------------------------------------------


@dataclass
class _Target:
    dossier: Dossier
    review: Review | None
    values: list[tuple[_Raw, str, str, Any]] = field(default_factory=list)


def _current_value(review: Review, kind: str, key: str) -> Any:
    if kind == "score":
        return scoring.score_values(review).get(key)
    if kind == "score_comment":
        return next((sc.comment for sc in review.scores if sc.criterion == key), "")
    if kind == "veto":
        return (review.vetoes or {}).get(key)
    if kind == "recommendation":
        return review.recommendation
    return review.comment


def _known_cell(form: Form, cell: str) -> bool:
    key = cell[: -len("#comment")] if cell.endswith("#comment") else cell
    if key in ("recommendation", "comment"):
        return True
    if key.startswith("veto."):
        return key[len("veto."):] in {v.key for v in form.vetoes}
    return key in {c.key for c in form.criteria}


def _validate(s: Session, rnd: Round, expert: Expert, form: Form, raws: list[_Raw], *, mode: str,
              operator: str, problems: list[CellProblem]) -> list[_Target]:
    verdicts: dict[str, _Target | str] = {}
    seen: dict[tuple[str, str], _Raw] = {}
    #: Template sheets name their dossier once, so a refused dossier is reported once per sheet.
    refused_sheets: dict[str, int] = {}
    for raw in raws:
        if not raw.text.strip():
            continue  # an empty cell changes nothing, whatever its dossier
        number = unicodedata.normalize("NFKC", raw.dossier).strip()
        if number not in verdicts:
            verdicts[number] = _dossier_verdict(s, rnd, expert, number, mode=mode, operator=operator)
        verdict = verdicts[number]
        if isinstance(verdict, str):
            if raw.dossier_column is None:
                if raw.sheet not in refused_sheets:
                    refused_sheets[raw.sheet] = len(problems)
                    problems.append(CellProblem(raw.sheet, raw.row, raw.column, verdict))
                continue
            problems.append(CellProblem(raw.sheet, raw.row, raw.dossier_column, verdict))
            continue
        if not _known_cell(form, raw.cell):
            name = raw.cell[: -len("#comment")] if raw.cell.endswith("#comment") else raw.cell
            what = "否决项" if name.startswith("veto.") else "评分项"
            problems.append(CellProblem(raw.sheet, raw.row, raw.criterion_column,
                                        f"评分表中没有{what}「{name}」 (unknown criterion '{name}')"))
            continue
        try:
            kind, key, value = scoring.parse_cell(form, raw.cell, raw.text)
        except ValidationError as exc:
            problems.append(CellProblem(raw.sheet, raw.row, raw.column, str(exc)))
            continue
        first = seen.get((number, raw.cell))
        if first is not None:
            problems.append(CellProblem(
                raw.sheet, raw.row, raw.criterion_column or raw.column,
                f"申报 {number} 的「{raw.cell}」重复出现，首次在第 {first.row} 行 "
                f"(duplicate: already given on row {first.row})"))
            continue
        seen[(number, raw.cell)] = raw
        review = verdict.review
        if review is not None and review.status == "submitted":
            if not _equal(kind, _current_value(review, kind, key), value):
                problems.append(CellProblem(
                    raw.sheet, raw.row, raw.column,
                    f"申报 {number} 的评审意见已提交，不能再修改 (the review of dossier {number} is already submitted)"))
                continue
        verdict.values.append((raw, kind, key, value))
    return [v for v in verdicts.values() if isinstance(v, _Target)]


def _equal(kind: str, old: Any, new: Any) -> bool:
    if kind == "score":
        return old is not None and new is not None and Decimal(old) == Decimal(new)
    if kind in ("score_comment", "comment"):
        return (old or "") == (new or "")
    return bool(old == new)


def _dossier_verdict(s: Session, rnd: Round, expert: Expert, number: str, *, mode: str,
                     operator: str) -> _Target | str:
    """The dossier and its current review, or why its values cannot be imported."""
    dossier = s.scalars(select(Dossier).where(Dossier.round_id == rnd.id, Dossier.number == number)).first()
    if dossier is None:
        return f"本轮没有申报编号 {number} (unknown dossier {number})"
    if scoring.assignment_for(s, dossier, expert) is None:
        return f"申报 {number} 未分配给专家「{expert.name}」 (dossier {number} is not assigned to {expert.name})"
    assignment = scoring.assignment_for(s, dossier, expert)
    assert assignment is not None
    if scoring.blocking_conflict(s, dossier, expert) is not None:
        return f"专家「{expert.name}」已就申报 {number} 回避，不能评分 (a conflict is declared for dossier {number})"
    review = scoring.current_review(s, dossier, expert)
    if mode == "expert":
        # Scores entered off-line are the expert's statement that there is no conflict
        # (the template says so on every sheet); _apply_first records it.
        if review is not None and review.origin == "paper":
            return f"申报 {number} 的评审意见是纸质录入的 (the review of dossier {number} was typed from paper)"
    elif mode == "paper":
        if review is not None and review.status == "draft" and review.origin != "paper":
            return (f"申报 {number} 已有专家本人的草稿，不能按纸质录入 "
                    f"(dossier {number} has the expert's own draft, not a paper one)")
        entry = scoring.second_entry(s, review) if review is not None and review.status == "draft" else None
        if entry is not None and entry.entered_by == operator:
            return (f"申报 {number} 的第二次录入人是「{operator}」，第一次录入须由另一人完成 "
                    f"(the first typing must be by someone other than the second typist)")
    else:
        if review is None or review.status != "draft" or review.origin != "paper":
            if review is not None and review.status == "submitted":
                return f"申报 {number} 的评审意见已提交 (the review of dossier {number} is already submitted)"
            return (f"申报 {number} 还没有第一次录入，第二次录入须在其后 "
                    f"(dossier {number} has no first typing yet)")
        if review.entered_by == operator:
            return (f"申报 {number} 的第一次录入人也是「{operator}」，第二次录入须由另一人完成 "
                    f"(the second typing must be by another person than the first)")
    return _Target(dossier, review)


def import_scores(s: Session, rnd: Round, expert: Expert, path: Path | str, *, entered_by: str = "",
                  second_entry: bool = False) -> ImportReport:
    """Import an XLSX template or score CSV into draft reviews, all or nothing.

    Args:
        entered_by: empty in the expert's own workspace; the operator's name for paper
            entry in the secretary's workspace (reviews become ``origin="paper"``).
        second_entry: the file is a second, independent typing of paper sheets already
            entered once; it is stored as a ``PaperEntry`` and compared with the first.

    Raises:
        ScoresRejected: (an ImportRejected) listing every bad cell; nothing was imported.
    """
    path = Path(path)
    entered_by = entered_by.strip()
    mode = "paper-second" if second_entry else ("paper" if entered_by else "expert")
    problems: list[CellProblem] = []
    role = get_setting(s, "role")
    if second_entry and not entered_by:
        problems.append(CellProblem("", None, None, "第二次录入须写明录入人 (the second typist's name is required)"))
    if mode != "expert" and role == "expert":
        problems.append(CellProblem("", None, None,
                                    "纸质评分只能在秘书工作区录入 (paper entry is done in the secretary's workspace)"))
    if mode == "expert" and role == "secretary":
        problems.append(CellProblem("", None, None,
                                    "在秘书工作区导入评分须写明录入人（纸质录入） (paper entry needs the operator's name)"))
    if rnd.status == "finalised":
        problems.append(CellProblem("", None, None, f"评审轮次「{rnd.name}」已定稿，不能再导入评分 (the round is finalised)"))
    if expert.round_id != rnd.id:
        problems.append(CellProblem("", None, None, "该专家不属于此评审轮次 (the expert is not in this round)"))
    if problems:
        raise ScoresRejected(path, problems)
    if not path.is_file():
        raise ScoresRejected(path, [CellProblem(path.name, None, None, "找不到文件 (file not found)")])
    form = rounds.round_form(rnd)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        raws = _read_csv(path, problems)
    elif suffix in (".xlsx", ".xlsm"):
        raws = _read_xlsx(path, rnd, expert, form, problems)
    else:
        raise ScoresRejected(path, [CellProblem(path.name, None, None,
                                                "只能导入 .xlsx 或 .csv 文件 (only .xlsx and .csv files can be imported)")])
    targets = _validate(s, rnd, expert, form, raws, mode=mode, operator=entered_by, problems=problems)
    if problems:
        raise ScoresRejected(path, problems)
    if not any(t.values for t in targets) and mode != "paper-second":
        raise ScoresRejected(path, [CellProblem(path.name, None, None,
                                                "文件中没有可导入的评分 (the file holds no scores to import)")])
    report = ImportReport(file=str(path), expert=expert.name, mode=mode)
    for target in targets:
        if mode == "paper-second":
            _apply_second(s, rnd, form, target, entered_by, path, report)
        else:
            _apply_first(s, rnd, expert, form, target, mode, entered_by, path, report)
    audit.record(s, "scores.import", actor=entered_by or expert.name, round_uid=rnd.uid,
                 detail={"file": path.name, "sha256": crypto.sha256_hex(path.read_bytes()), "expert": expert.name,
                         "mode": mode, "dossiers": report.dossiers, "cells": report.cells,
                         "differences": len(report.differences)})
    return report


def _apply_first(s: Session, rnd: Round, expert: Expert, form: Form, target: _Target, mode: str, operator: str,
                 path: Path, report: ImportReport) -> None:
    review = target.review
    if review is not None and review.status == "submitted":
        return  # validation let through only values equal to the submitted ones
    changes: list[dict[str, Any]] = []
    created = False
    if review is None:
        if mode == "expert":
            scoring.confirm_no_conflict(s, rnd, target.dossier, expert, actor=expert.name)
        review = scoring.new_draft(s, rnd, target.dossier, expert, origin="paper" if mode == "paper" else "expert",
                                    entered_by=operator if mode == "paper" else "")
        created = True
    if mode == "paper" and review.entered_by != operator:
        changes.append({"cell": "entered_by", "old": review.entered_by, "value": operator})
        review.entered_by = operator
    for raw, kind, key, value in target.values:
        changed, old = scoring.apply_change(review, form, kind, key, value)
        if changed:
            changes.append({"cell": raw.cell, "old": _jsonable(old), "value": _jsonable(value),
                            "at": f"{raw.sheet}!{raw.column}{raw.row}"})
    if created:
        report.created.append(target.dossier.number)
    if not changes and not created:
        if mode == "paper":
            report.differences += scoring.refresh_paper_status(s, review)
        return
    scoring.recompute_total(review, form)
    review.updated_at = utcnow()
    s.flush()
    value_changes = [c for c in changes if c["cell"] != "entered_by"]
    report.dossiers.append(target.dossier.number)
    report.cells += len(value_changes)
    missing = scoring.problems(form, review)
    if missing:
        report.incomplete[target.dossier.number] = missing
    if mode == "paper":
        report.differences += scoring.refresh_paper_status(s, review)
    audit.record(s, "review.import", actor=operator or expert.name, round_uid=rnd.uid,
                 detail={"review": review.id, "dossier": target.dossier.number, "expert": expert.name,
                         "version": review.version, "origin": review.origin, "file": path.name,
                         "created": created, "changes": changes})


def _apply_second(s: Session, rnd: Round, form: Form, target: _Target, operator: str, path: Path,
                  report: ImportReport) -> None:
    review = target.review
    assert review is not None
    content: dict[str, Any] = {"scores": {}, "comments": {}, "vetoes": {}, "recommendation": None, "comment": ""}
    for _raw, kind, key, value in target.values:
        if kind == "score":
            content["scores"][key] = crypto.format_decimal(value)
        elif kind == "score_comment":
            content["comments"][key] = value
        elif kind == "veto":
            content["vetoes"][key] = value
        elif kind == "recommendation":
            content["recommendation"] = value
        else:
            content["comment"] = value
    entry = scoring.second_entry(s, review)
    if entry is None:
        entry = PaperEntry(review_id=review.id, entered_by=operator, content=content)
        s.add(entry)
    else:
        entry.entered_by = operator
        entry.content = content
        entry.created_at = utcnow()
    s.flush()
    diffs = scoring.refresh_paper_status(s, review)
    s.flush()
    report.dossiers.append(target.dossier.number)
    report.cells += len(target.values)
    report.differences += diffs
    audit.record(s, "paper.second_entry", actor=operator, round_uid=rnd.uid,
                 detail={"review": review.id, "dossier": target.dossier.number, "expert": review.expert.name,
                         "file": path.name, "first_entry": review.entered_by, "second_entry": operator,
                         "differences": [d.cell for d in diffs]})


def _jsonable(value: Any) -> Any:
    return crypto.format_decimal(value) if isinstance(value, Decimal) else value
