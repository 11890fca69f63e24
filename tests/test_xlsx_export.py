"""The Excel export read back with openpyxl: sheets, frozen headers, number formats and values."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from reviewer import sheets_data
from reviewer.cli import main
from reviewer.committee import reconcile_round
from reviewer.workspace import Workspace
from reviewer.xlsx_export import SHEET_NAMES, write_xlsx
from sheets_helpers import CONFLICT_NUMBER, ROUND_NAME, Committee, build_committee


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Workspace, Committee, Path]]:
    root = tmp_path_factory.mktemp("xlsx")
    ws = Workspace.open(root / "ws")
    committee = build_committee(ws, dossiers=4)
    path = root / "round.xlsx"
    write_xlsx(ws, committee.round_id, path)
    try:
        yield ws, committee, path
    finally:
        ws.close()


def header(sheet: Worksheet) -> list[str]:
    return [c.value for c in sheet[1]]


def rows(sheet: Worksheet) -> list[dict[str, object]]:
    names = header(sheet)
    return [dict(zip(names, (c.value for c in row))) for row in sheet.iter_rows(min_row=2)]


def test_workbook_has_the_five_sheets_with_frozen_filtered_headers(
        exported: tuple[Workspace, Committee, Path]) -> None:
    _, _, path = exported
    wb = load_workbook(path)
    assert wb.sheetnames == list(SHEET_NAMES)
    assert wb["排名"].freeze_panes == "C2"
    assert wb["评分矩阵"].freeze_panes == "D2"
    assert wb["提示与决定"].freeze_panes == "B2"
    for name in ("排名", "评分矩阵", "提示与决定"):
        sheet = wb[name]
        assert sheet.auto_filter.ref == f"A1:{sheet.cell(row=1, column=sheet.max_column).column_letter}{sheet.max_row}"
        assert all(cell.font.bold for cell in sheet[1])
        assert sheet.column_dimensions["B"].width >= 10
        assert all(any(c.value is not None for c in row) for row in sheet.iter_rows(min_row=2))  # no blank rows
    assert wb["排名"].column_dimensions["C"].width > wb["排名"].column_dimensions["A"].width  # titles get room


def test_ranking_follows_the_result_sheet_with_real_numbers(exported: tuple[Workspace, Committee, Path]) -> None:
    ws, c, path = exported
    with ws.session() as s:
        result = sheets_data.result_sheet(s, c.round_id)
        recon = reconcile_round(s, c.round_id)
    sheet = load_workbook(path)["排名"]
    data = rows(sheet)
    assert [r["申报编号"] for r in data] == [r.number for r in result.rows]
    for row, expected in zip(data, result.rows):
        line = recon.dossier(expected.number)
        assert row["排名"] == expected.rank
        assert row["算术平均"] == pytest.approx(float(line.aggregates["mean"]))
        assert row["标准分（z 分数）"] == pytest.approx(float(line.aggregates["zscore"]))
        assert row["计算排名"] == line.rank
    overridden = next(r for r in data if r["申报编号"] == c.numbers[0])
    assert overridden["委员会调整"] == "是" and overridden["决定等级"] == "未获奖励" and overridden["决定理由"]
    awarded = [r for r in data if r["决定等级"] == "示范项目"]
    assert all(r["奖励金额（万元）"] == 50 for r in awarded)
    score_col = header(sheet).index("得分（算术平均）") + 1
    assert sheet.cell(row=2, column=score_col).number_format == "0.00"
    assert isinstance(sheet.cell(row=2, column=score_col).value, float)


def test_score_matrix_has_one_row_per_review_and_one_column_per_criterion(
        exported: tuple[Workspace, Committee, Path]) -> None:
    ws, c, path = exported
    with ws.session() as s:
        reviews = sheets_data.review_sheets(s, c.round_id)
    sheet = load_workbook(path)["评分矩阵"]
    names = header(sheet)
    criteria = [n for n in names if "（满分" in n]
    assert len(criteria) == len(reviews[0].criteria) == 6
    assert names[4].startswith("场景价值与需求契合度（满分 10，权重 15）")
    data = rows(sheet)
    assert len(data) == len(reviews)
    for row, review in zip(data, reviews):
        assert (row["申报编号"], row["评审专家"], row["版本"]) == (review.number, review.expert, review.version)
        for line, name in zip(review.criteria, criteria):
            assert Decimal(str(row[name])) == Decimal(line.value or "0")
        assert Decimal(str(row["总分"])) == Decimal(review.total or "0")
        assert row["签名"] == "电子签名有效"
        assert isinstance(row["提交时间"], dt.datetime)
    first_value = sheet.cell(row=2, column=5)
    assert first_value.number_format == "0.0"
    assert sheet.cell(row=2, column=names.index("总分") + 1).number_format == "0.00"
    assert sheet.cell(row=2, column=names.index("提交时间") + 1).number_format == "yyyy-mm-dd hh:mm"


def test_flags_and_decisions_sheet_lists_every_flag_and_every_dossier(
        exported: tuple[Workspace, Committee, Path]) -> None:
    ws, c, path = exported
    with ws.session() as s:
        dossiers = sheets_data.dossier_sheets(s, c.round_id)
    data = rows(load_workbook(path)["提示与决定"])
    assert {r["申报编号"] for r in data} == set(c.numbers)
    assert len(data) == sum(max(1, len(d.flags)) for d in dossiers)
    conflict_rows = [r for r in data if r["申报编号"] == CONFLICT_NUMBER]
    assert {r["提示"] for r in conflict_rows} >= {"回避", "评审意见不足"}
    assert all(r["处理情况"] and r["决定人"] == "评审委员会" for r in conflict_rows)


def test_agreement_sheet_carries_the_statistics_and_calibration(exported: tuple[Workspace, Committee, Path]) -> None:
    ws, c, path = exported
    with ws.session() as s:
        recon = reconcile_round(s, c.round_id)
    sheet = load_workbook(path)["一致性"]
    values = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, max_row=8, values_only=True)}
    assert values["ICC1"] == recon.agreement.ICC1
    assert values["Kendall's W"] == recon.agreement.kendall_w
    assert sheet.cell(row=2, column=2).number_format == "0.000"
    experts = [row[0] for row in sheet.iter_rows(values_only=True) if row[0] in {x.expert for x in recon.calibration}]
    assert experts == [x.expert for x in recon.calibration]
    info = {row[0]: row[1] for row in load_workbook(path)["说明"].iter_rows(values_only=True)}
    assert info["评审轮次"] == ROUND_NAME and info["汇总规则"] == "算术平均（mean）"


def test_the_file_is_a_plain_ooxml_package(exported: tuple[Workspace, Committee, Path]) -> None:
    """What LibreOffice needs: a valid zip with the workbook parts and shared strings."""
    _, _, path = exported
    with zipfile.ZipFile(path) as zf:
        assert zf.testzip() is None
        names = set(zf.namelist())
    assert {"[Content_Types].xml", "xl/workbook.xml", "xl/styles.xml", "xl/worksheets/sheet1.xml"} <= names


def test_cli_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws = Workspace.open(tmp_path / "ws")
    try:
        c = build_committee(ws, dossiers=2, decide=False)
    finally:
        ws.close()
    target = tmp_path / "out" / "结果.xlsx"
    assert main(["--workspace", str(tmp_path / "ws"), "export", "--round", str(c.round_id), "--xlsx", str(target),
                 "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["sheets"] == list(SHEET_NAMES) and summary["dossiers"] == 2
    data = rows(load_workbook(target)["排名"])
    assert all(r["决定排名"] is None and r["备注"] == "未经委员会决定" for r in data)
    assert not list(target.parent.glob("*.part"))
    assert main(["--workspace", str(tmp_path / "ws"), "export", "--round", "7", "--xlsx", str(target)]) == 2
