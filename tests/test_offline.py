"""Off-line scores: the XLSX template, the score CSV, all-or-nothing imports, paper entry."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from db.models import AuditEntry, PaperEntry, Review
from reviewer import audit, keys, offline, rounds, scoring
from reviewer.cli import main
from reviewer.errors import ImportRejected
from reviewer.workspace import Workspace
from scoring_helpers import (
    COMPLETE_TOTAL,
    EXPERT,
    NUMBERS,
    OTHER,
    UNASSIGNED,
    Setup,
    build_workspace,
    context,
    open_and_complete,
)

VETOES = ("ip_dispute", "data_compliance", "ethics", "falsification", "major_accident", "credit", "duplicate_funding")


@pytest.fixture
def setup(workspace: Workspace) -> Setup:
    return build_workspace(workspace)


@pytest.fixture
def secretary(tmp_path: Path) -> Any:
    ws = Workspace.open(tmp_path / "secretariat")
    try:
        yield ws, build_workspace(ws, role="secretary", make_key=False)
    finally:
        ws.close()


def _confirm(ws: Workspace, setup: Setup, *numbers: str) -> None:
    with ws.session() as s:
        for number in numbers:
            rnd, d, e = context(s, setup, number)
            scoring.confirm_no_conflict(s, rnd, d, e)


def _template(ws: Workspace, setup: Setup, path: Path) -> offline.TemplateInfo:
    with ws.session() as s:
        rnd, _d, e = context(s, setup)
        return offline.write_template(s, rnd, e, path)


def _import(ws: Workspace, setup: Setup, path: Path, **kw: Any) -> offline.ImportReport:
    with ws.session() as s:
        rnd, _d, e = context(s, setup)
        return offline.import_scores(s, rnd, e, path, **kw)


def _rows(ws: Any) -> dict[str, int]:
    """Row number of each key in the hidden column A of a dossier sheet."""
    return {str(ws[f"A{r}"].value): r for r in range(offline.FIRST_ROW, ws.max_row + 1) if ws[f"A{r}"].value}


def _fill_sheet(ws: Any, values: dict[str, Any], comments: dict[str, str] | None = None) -> None:
    rows = _rows(ws)
    for key, value in values.items():
        ws[f"F{rows[key]}"] = value
    for key, text in (comments or {}).items():
        ws[f"G{rows[key]}"] = text


COMPLETE_SHEET: dict[str, Any] = {
    "scenario_value": 8, "innovation": 9.5, "autonomy": 7.5, "benefits": 8.5, "demonstration": 6, "capacity": 7,
    **{f"veto.{v}": "否" for v in VETOES}, "recommendation": "推荐",
}
COMPLETE_COMMENTS = {"innovation": "自研视觉检测算法，国际领先", "comment": "技术路线清晰，示范效果明显。"}


def _snapshot(ws: Workspace) -> tuple[Any, ...]:
    """Everything an import could change."""
    with ws.session() as s:
        reviews = [(r.id, r.status, r.version, r.total, r.comment, r.recommendation, json.dumps(r.vetoes),
                    tuple((sc.criterion, sc.value, sc.comment) for sc in r.scores))
                   for r in s.scalars(select(Review).order_by(Review.id))]
        entries = s.scalar(select(func.count()).select_from(AuditEntry))
        papers = [(p.id, json.dumps(p.content, sort_keys=True), p.status) for p in s.scalars(select(PaperEntry))]
    return tuple(reviews), entries, tuple(papers)


# --- the template ----------------------------------------------------------------------------


def test_template_is_formatted_for_people_and_carries_its_round(workspace: Workspace, setup: Setup,
                                                                tmp_path: Path) -> None:
    _confirm(workspace, setup, *NUMBERS)
    with workspace.session() as s:
        rnd, d3, e = context(s, setup, NUMBERS[2])
        scoring.declare_conflict(s, rnd, d3, e, "competitor", "本人任职单位与申报单位存在竞争")
    info = _template(workspace, setup, tmp_path / "评分模板.xlsx")
    assert [n for n, _ in info.sheets] == [NUMBERS[0], NUMBERS[1]]  # the conflicted one is left out
    wb = load_workbook(info.path)
    assert wb.sheetnames == [offline.GUIDE_SHEET, NUMBERS[0], NUMBERS[1], offline.META_SHEET]
    meta = wb[offline.META_SHEET]
    assert meta.sheet_state == "veryHidden"
    facts = {r[0]: r[1] for r in meta.iter_rows(values_only=True)}
    with workspace.session() as s:
        rnd = rounds.get_round(s, setup.round_id)
        assert facts["round_uid"] == rnd.uid and facts["form_hash"] == rnd.form_hash
    assert facts["expert"] == EXPERT and facts["kind"] == offline.TEMPLATE_KIND
    sheet = wb[NUMBERS[0]]
    assert sheet.column_dimensions["A"].hidden
    assert sheet.freeze_panes == f"C{offline.FIRST_ROW}"
    header = [sheet[f"{c}{offline.HEADER_ROW}"].value for c in "BCDEFGH"]
    assert header[0] == "序号\nNo." and header[4] == "评分\nScore" and header[5] == "评语\nComment"
    rows = _rows(sheet)
    assert list(rows)[:6] == ["scenario_value", "innovation", "autonomy", "benefits", "demonstration", "capacity"]
    r = rows["innovation"]
    assert sheet[f"C{r}"].value == "技术创新性与先进性\nTechnical innovation and advancement"
    assert sheet[f"D{r}"].value == "0–10" and sheet[f"E{r}"].value == 0.5
    assert "9–10 国际领先" in sheet[f"H{r}"].value and "须填写评语" in sheet[f"H{r}"].value
    validations = {str(dv.sqref): dv for dv in sheet.data_validations.dataValidation}
    assert validations[f"F{r}"].type == "decimal" and (validations[f"F{r}"].formula1,
                                                       validations[f"F{r}"].formula2) == ("0", "10")
    assert any(dv.type == "list" and dv.formula1 == '"是,否"' for dv in validations.values())
    assert any(dv.type == "list" and dv.formula1 == '"推荐,有条件推荐,不推荐"' for dv in validations.values())
    assert sheet.column_dimensions["G"].width > 40
    assert sheet["C2"].value == NUMBERS[0] and sheet["E3"].value == EXPERT


def test_template_round_trip(workspace: Workspace, setup: Setup, tmp_path: Path) -> None:
    _confirm(workspace, setup, NUMBERS[0], NUMBERS[1])
    path = _template(workspace, setup, tmp_path / "t.xlsx").path
    wb = load_workbook(path)
    _fill_sheet(wb[NUMBERS[0]], COMPLETE_SHEET, COMPLETE_COMMENTS)
    _fill_sheet(wb[NUMBERS[1]], {"innovation": "6.5", "veto.credit": "是"}, {"benefits": "缺少效益数据"})
    wb[NUMBERS[1]].title = "改了名字的工作表"  # sheets are found by their hidden marker, not their name
    wb.save(path)

    report = _import(workspace, setup, path)
    assert report.mode == "expert"
    assert report.dossiers == [NUMBERS[0], NUMBERS[1]] and report.created == [NUMBERS[0], NUMBERS[1]]
    assert report.cells == 6 + 7 + 1 + 2 + 3
    assert NUMBERS[0] not in report.incomplete and NUMBERS[1] in report.incomplete
    with workspace.session() as s:
        rnd, d1, e = context(s, setup, NUMBERS[0])
        r1 = scoring.current_review(s, d1, e)
        assert r1 is not None and r1.status == "draft" and r1.origin == "expert"
        assert r1.total == COMPLETE_TOTAL
        assert scoring.score_values(r1)["innovation"] == Decimal("9.5")
        assert r1.vetoes == {v: False for v in VETOES}
        assert (r1.recommendation, r1.comment) == ("recommend", "技术路线清晰，示范效果明显。")
        assert scoring.problems(rounds.round_form(rnd), r1) == []
        r2 = scoring.current_review(s, scoring.find_dossier(s, rnd, NUMBERS[1]), e)
        assert r2 is not None and scoring.score_values(r2) == {"innovation": Decimal("6.5")}
        assert r2.vetoes == {"credit": True}
        assert {sc.criterion: sc.comment for sc in r2.scores}["benefits"] == "缺少效益数据"
        scoring.submit(s, workspace, r1.id, keys.load_key(workspace))
        assert audit.verify(s).ok

    # A fresh template is prefilled; importing it unchanged changes nothing and is accepted,
    # even for the submitted dossier, and empty cells never clear a value.
    path2 = _template(workspace, setup, tmp_path / "t2.xlsx").path
    wb = load_workbook(path2)
    assert wb[NUMBERS[0]][f"F{_rows(wb[NUMBERS[0]])['innovation']}"].value == 9.5
    assert "已提交" in wb[NUMBERS[0]]["B4"].value
    sheet2 = wb[NUMBERS[1]]
    sheet2[f"F{_rows(sheet2)['innovation']}"] = None
    sheet2[f"F{_rows(sheet2)['capacity']}"] = 5
    wb.save(path2)
    report = _import(workspace, setup, path2)
    assert report.dossiers == [NUMBERS[1]] and report.cells == 1 and report.created == []
    with workspace.session() as s:
        rnd, d2, e = context(s, setup, NUMBERS[1])
        r2 = scoring.current_review(s, d2, e)
        assert r2 is not None
        assert scoring.score_values(r2) == {"innovation": Decimal("6.5"), "capacity": Decimal("5")}


def test_every_bad_cell_is_reported_and_nothing_is_imported(workspace: Workspace, setup: Setup,
                                                           tmp_path: Path) -> None:
    _confirm(workspace, setup, NUMBERS[0], NUMBERS[1])
    path = _template(workspace, setup, tmp_path / "t.xlsx").path
    wb = load_workbook(path)
    s1 = wb[NUMBERS[0]]
    rows = _rows(s1)
    _fill_sheet(s1, {"scenario_value": 8, "innovation": 11, "autonomy": 7.3, "benefits": "很好",
                     "veto.ethics": "也许", "recommendation": "强烈推荐", "capacity": 6})
    s1[f"G{rows['veto.credit']}"] = "否决项不写评语"
    unknown_row = rows["comment"] + 2
    s1[f"A{unknown_row}"] = "popularity"
    s1[f"F{unknown_row}"] = 5
    s2 = wb[NUMBERS[1]]
    _fill_sheet(s2, {"innovation": 8})
    wb.save(path)
    before = _snapshot(workspace)

    with pytest.raises(offline.ScoresRejected) as info:
        _import(workspace, setup, path)
    problems = {(p.sheet, p.row, p.column): p.message for p in info.value.problems}
    assert set(problems) == {
        (NUMBERS[0], rows["innovation"], "F"),
        (NUMBERS[0], rows["autonomy"], "F"),
        (NUMBERS[0], rows["benefits"], "F"),
        (NUMBERS[0], rows["veto.ethics"], "F"),
        (NUMBERS[0], rows["recommendation"], "F"),
        (NUMBERS[0], rows["veto.credit"], "G"),
        (NUMBERS[0], unknown_row, "A"),
    }
    assert "须在 0 到 10 之间" in problems[(NUMBERS[0], rows["innovation"], "F")]
    assert "步长" in problems[(NUMBERS[0], rows["autonomy"], "F")]
    assert "不是数字" in problems[(NUMBERS[0], rows["benefits"], "F")]
    assert "不是“是”或“否”" in problems[(NUMBERS[0], rows["veto.ethics"], "F")]
    assert "不是评分表中的选项" in problems[(NUMBERS[0], rows["recommendation"], "F")]
    assert "unknown criterion 'popularity'" in problems[(NUMBERS[0], unknown_row, "A")]
    message = str(info.value)
    assert isinstance(info.value, ImportRejected)
    assert f"工作表「{NUMBERS[0]}」第 {rows['innovation']} 行 F 列" in message
    assert "发现 7 处问题" in message
    assert _snapshot(workspace) == before  # the good cells of the file were not imported either


def test_csv_problems_name_row_and_column(workspace: Workspace, setup: Setup, tmp_path: Path) -> None:
    _confirm(workspace, setup, NUMBERS[0], NUMBERS[1])
    submitted = open_and_complete(workspace, setup, NUMBERS[0])
    with workspace.session() as s:
        scoring.submit(s, workspace, submitted, keys.load_key(workspace))
        rnd, d3, e = context(s, setup, NUMBERS[2])
        scoring.declare_conflict(s, rnd, d3, e, "relative", "亲属任申报单位高管")
    path = tmp_path / "scores.csv"
    path.write_text(
        "dossier,criterion,value,comment\n"
        f"{NUMBERS[1]},innovation,8,\n"            # 2: fine
        "AI-2099-999,innovation,8,\n"              # 3: unknown dossier
        f"{UNASSIGNED},innovation,8,\n"            # 4: not assigned
        f"{NUMBERS[2]},innovation,8,\n"            # 5: conflicted
        f"{NUMBERS[0]},innovation,8,\n"            # 6: already submitted (differs)
        f"{NUMBERS[0]},capacity,7,\n"              # 7: already submitted but the same value: fine
        f"{NUMBERS[1]},popularity,8,\n"            # 8: unknown criterion
        f"{NUMBERS[1]},veto.nope,yes,\n"           # 9: unknown veto
        f"{NUMBERS[1]},benefits,abc,\n"            # 10: non-numeric
        f"{NUMBERS[1]},innovation,9,\n"            # 11: duplicate of row 2
        f",innovation,9,\n",                       # 12: no dossier
        encoding="utf-8",
    )
    before = _snapshot(workspace)
    with pytest.raises(offline.ScoresRejected) as info:
        _import(workspace, setup, path)
    got = {(p.row, p.column): p.message for p in info.value.problems}
    assert {p.sheet for p in info.value.problems} == {"scores.csv"}
    assert set(got) == {(3, "A"), (4, "A"), (5, "A"), (6, "C"), (8, "B"), (9, "B"), (10, "C"), (11, "B"), (12, "A")}
    assert "unknown dossier AI-2099-999" in got[(3, "A")]
    assert "未分配给专家" in got[(4, "A")]
    assert "回避" in got[(5, "A")]
    assert "已提交" in got[(6, "C")]
    assert "popularity" in got[(8, "B")] and "veto.nope" in got[(9, "B")]
    assert "不是数字" in got[(10, "C")]
    assert "重复" in got[(11, "B")] and "第 2 行" in got[(11, "B")]
    assert _snapshot(workspace) == before


def test_csv_import_with_chinese_headers_and_excel_encoding(workspace: Workspace, setup: Setup,
                                                           tmp_path: Path) -> None:
    _confirm(workspace, setup, NUMBERS[1])
    lines = ["申报编号,评分项,分值,评语",
             f"{NUMBERS[1]},innovation,９.５,国际领先的视觉算法",
             f"{NUMBERS[1]},benefits,7,",
             f"{NUMBERS[1]},veto.credit,no,",
             f"{NUMBERS[1]},veto.ethics,是,",
             f"{NUMBERS[1]},recommendation,Recommend with conditions,",
             f'{NUMBERS[1]},comment,"总体良好，建议补充材料",',
             ""]
    path = tmp_path / "scores.csv"
    path.write_bytes("\r\n".join(lines).encode("gb18030"))  # what Excel saves on a Chinese Windows
    report = _import(workspace, setup, path)
    assert report.cells == 7
    with workspace.session() as s:
        rnd, d, e = context(s, setup, NUMBERS[1])
        review = scoring.current_review(s, d, e)
        assert review is not None
        assert scoring.score_values(review) == {"innovation": Decimal("9.5"), "benefits": Decimal("7")}
        assert {sc.criterion: sc.comment for sc in review.scores}["innovation"] == "国际领先的视觉算法"
        assert review.vetoes == {"credit": False, "ethics": True}
        assert review.recommendation == "conditional"
        assert review.comment == "总体良好，建议补充材料"
        assert review.total == Decimal("36.5")  # 9.5*2 + 7*2.5


def test_importing_scores_states_there_is_no_conflict(workspace: Workspace, setup: Setup, tmp_path: Path) -> None:
    """Off-line scores are the expert's no-conflict statement (the template says so);
    a dossier with a declared conflict still takes no scores."""
    path = tmp_path / "scores.csv"
    path.write_text(f"dossier,criterion,value,comment\n{NUMBERS[0]},innovation,8,\n", encoding="utf-8")
    _import(workspace, setup, path)
    with workspace.session() as s:
        rnd, _d, e = context(s, setup)
        dossier = scoring.find_dossier(s, rnd, NUMBERS[0])
        assert scoring.assignment_for(s, dossier, e).no_conflict_at is not None  # type: ignore[union-attr]
        other = scoring.find_dossier(s, rnd, NUMBERS[1])
        scoring.declare_conflict(s, rnd, other, e, "relative", "申报单位负责人是本人亲属")
    path.write_text(f"dossier,criterion,value,comment\n{NUMBERS[1]},innovation,8,\n", encoding="utf-8")
    with pytest.raises(offline.ScoresRejected, match="回避"):
        _import(workspace, setup, path)


def test_review_declare_command(workspace: Workspace, setup: Setup, capsys: pytest.CaptureFixture[str]) -> None:
    root = str(workspace.root)
    assert main(["--workspace", root, "review", "declare", "--dossier", NUMBERS[0], "--none"]) == 0
    assert main(["--workspace", root, "review", "declare", "--dossier", NUMBERS[1], "--conflict", "competitor"]) == 2
    assert "reason" in capsys.readouterr().err
    assert main(["--workspace", root, "review", "declare", "--dossier", NUMBERS[1], "--conflict", "competitor",
                 "--reason", "同一细分领域的直接竞争对手"]) == 0
    with workspace.session() as s:
        rnd, _d, e = context(s, setup)
        assert scoring.assignment_for(s, scoring.find_dossier(s, rnd, NUMBERS[0]), e).no_conflict_at is not None  # type: ignore[union-attr]
        conflict = scoring.blocking_conflict(s, scoring.find_dossier(s, rnd, NUMBERS[1]), e)
        assert conflict is not None and conflict.kind == "competitor"


def test_a_template_from_another_round_or_expert_is_refused(workspace: Workspace, setup: Setup,
                                                           tmp_path: Path) -> None:
    _confirm(workspace, setup, NUMBERS[0])
    path = _template(workspace, setup, tmp_path / "t.xlsx").path
    wb = load_workbook(path)
    _fill_sheet(wb[NUMBERS[0]], {"innovation": 8})
    facts = wb[offline.META_SHEET]
    facts["B3"] = "0" * 32  # round_uid
    wb.save(path)
    with pytest.raises(offline.ScoresRejected, match="另一个评审轮次"):
        _import(workspace, setup, path)
    facts["B3"] = setup.round_uid
    facts["B8"] = OTHER  # expert
    wb.save(path)
    with pytest.raises(offline.ScoresRejected, match=OTHER):
        _import(workspace, setup, path)
    (tmp_path / "bad.xlsx").write_bytes(b"not a workbook")
    with pytest.raises(offline.ScoresRejected, match="无法读取"):
        _import(workspace, setup, tmp_path / "bad.xlsx")


# --- paper entry -----------------------------------------------------------------------------


def _paper_csv(path: Path, rows: dict[str, str], comments: dict[str, str] | None = None,
               number: str = NUMBERS[0]) -> Path:
    lines = ["dossier,criterion,value,comment"]
    comments = comments or {}
    for key, value in rows.items():
        lines.append(f'{number},{key},"{value}","{comments.get(key, "")}"')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


PAPER: dict[str, str] = {
    "scenario_value": "8", "innovation": "9.5", "autonomy": "7.5", "benefits": "8.5", "demonstration": "6",
    "capacity": "7", **{f"veto.{v}": "否" for v in VETOES}, "recommendation": "推荐", "comment": "同意推荐。",
}
PAPER_COMMENTS = {"innovation": "国际领先"}


def test_paper_entry_with_a_matching_second_entry(secretary: Any, tmp_path: Path) -> None:
    ws, setup = secretary
    first = _import(ws, setup, _paper_csv(tmp_path / "a.csv", PAPER, PAPER_COMMENTS), entered_by="张录入")
    assert first.mode == "paper" and first.differences == []
    second = _import(ws, setup, _paper_csv(tmp_path / "b.csv", PAPER, {"innovation": " 国际领先 "}),
                     entered_by="李核对", second_entry=True)
    assert second.mode == "paper-second" and second.differences == []
    with ws.session() as s:
        rnd, d, e = context(s, setup)
        review = scoring.current_review(s, d, e)
        assert review is not None
        assert (review.origin, review.entered_by, review.status) == ("paper", "张录入", "draft")
        entry = scoring.second_entry(s, review)
        assert entry is not None and (entry.entered_by, entry.status) == ("李核对", "matched")
        submitted = scoring.submit_paper(s, review.id, operator="王秘书")
        assert (submitted.status, submitted.signature) == ("submitted", None)
        payload = json.loads(submitted.payload or "")
        assert payload["entered_by"] == "张录入" and payload["total"] == str(COMPLETE_TOTAL)
        assert payload["expert"] == {"name": EXPERT, "key": ""}
        assert not scoring.verify_review(submitted)  # unsigned by design
        entry_log = s.scalars(select(AuditEntry).where(AuditEntry.action == "review.submit_paper")).one()
        assert (entry_log.detail["first_entry"], entry_log.detail["second_entry"],
                entry_log.detail["submitted_by"]) == ("张录入", "李核对", "王秘书")
        assert audit.verify(s).ok


def test_paper_entry_differences_must_be_resolved(secretary: Any, tmp_path: Path) -> None:
    ws, setup = secretary
    _import(ws, setup, _paper_csv(tmp_path / "a.csv", PAPER, PAPER_COMMENTS), entered_by="张录入")
    typo = {**PAPER, "benefits": "5.5", "veto.credit": "是", "recommendation": "有条件推荐"}
    del typo["capacity"]
    before = _snapshot(ws)
    report = _import(ws, setup, _paper_csv(tmp_path / "b.csv", typo, PAPER_COMMENTS), entered_by="李核对",
                     second_entry=True)
    assert [(d.cell, d.first, d.second) for d in report.differences] == [
        ("benefits", "8.5", "5.5"),
        ("capacity", "7", ""),
        ("veto.credit", "否 no", "是 yes"),
        ("recommendation", "recommend", "conditional"),
    ]
    assert "第一次录入「8.5」，第二次录入「5.5」" in str(report.differences[0])
    assert _snapshot(ws)[0] == before[0]  # the second typing never changes the review itself
    with ws.session() as s:
        rnd, d, e = context(s, setup)
        review = scoring.current_review(s, d, e)
        assert review is not None and scoring.second_entry(s, review).status == "pending"  # type: ignore[union-attr]
        with pytest.raises(scoring.ValidationError, match="两次录入不一致"):
            scoring.submit_paper(s, review.id, operator="王秘书")
        review_id = review.id
    # Resolve two cells by decision, one by re-typing the first entry (the second typist was right).
    with ws.session() as s:
        scoring.resolve_paper_difference(s, review_id, "benefits", "8.5", operator="王秘书")
        scoring.resolve_paper_difference(s, review_id, "capacity", "7", operator="王秘书")
        scoring.resolve_paper_difference(s, review_id, "veto.credit", "否", operator="王秘书")
        assert [d.cell for d in scoring.paper_differences(s, scoring.get_review(s, review_id))] == ["recommendation"]
    report = _import(ws, setup, _paper_csv(tmp_path / "a2.csv", {"recommendation": "conditional"}),
                     entered_by="张录入")
    assert report.differences == []
    with ws.session() as s:
        review = scoring.submit_paper(s, review_id, operator="王秘书")
        assert review.recommendation == "conditional" and review.status == "submitted"
        assert scoring.second_entry(s, review).status == "matched"  # type: ignore[union-attr]


def test_paper_entry_needs_two_different_people_in_order(secretary: Any, tmp_path: Path) -> None:
    ws, setup = secretary
    path = _paper_csv(tmp_path / "a.csv", PAPER, PAPER_COMMENTS)
    with pytest.raises(offline.ScoresRejected, match="还没有第一次录入"):
        _import(ws, setup, path, entered_by="李核对", second_entry=True)
    with pytest.raises(offline.ScoresRejected, match="录入人"):
        _import(ws, setup, path)  # the secretary's workspace needs an operator
    _import(ws, setup, path, entered_by="张录入")
    with pytest.raises(offline.ScoresRejected, match="另一人"):
        _import(ws, setup, path, entered_by="张录入", second_entry=True)


def test_paper_entry_is_refused_in_an_experts_workspace(workspace: Workspace, setup: Setup, tmp_path: Path) -> None:
    with pytest.raises(offline.ScoresRejected, match="秘书工作区"):
        _import(workspace, setup, _paper_csv(tmp_path / "a.csv", PAPER), entered_by="张录入")


# --- command line ----------------------------------------------------------------------------


def test_cli_template_and_import_in_an_experts_workspace(workspace: Workspace, setup: Setup, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    _confirm(workspace, setup, NUMBERS[0])
    out = tmp_path / "mine.xlsx"
    base = ["--workspace", str(workspace.root)]
    assert main(base + ["scores", "template", "--out", str(out)]) == 0
    assert "3 份申报" in capsys.readouterr().out
    wb = load_workbook(out)
    _fill_sheet(wb[NUMBERS[0]], COMPLETE_SHEET, COMPLETE_COMMENTS)
    wb.save(out)
    assert main(base + ["scores", "import", str(out)]) == 0
    assert "已导入评分：1 份申报，16 个单元格" in capsys.readouterr().out
    assert main(base + ["review", "submit", "--dossier", NUMBERS[0]]) == 0
    capsys.readouterr()

    bad = tmp_path / "bad.csv"
    bad.write_text(f"dossier,criterion,value,comment\n{NUMBERS[0]},innovation,3,\n", encoding="utf-8")
    assert main(base + ["scores", "import", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "bad.csv" in err and "第 2 行 C 列" in err and "已提交" in err
    assert list((workspace.root / "backups").glob("*before-scores-import*"))  # a backup precedes every import


def test_cli_paper_entry(secretary: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws, setup = secretary
    base = ["--workspace", str(ws.root)]
    first = _paper_csv(tmp_path / "a.csv", PAPER, PAPER_COMMENTS)
    second = _paper_csv(tmp_path / "b.csv", {**PAPER, "innovation": "9"}, PAPER_COMMENTS)
    assert main(base + ["scores", "import", str(first), "--expert", EXPERT]) == 2
    assert "--round" in capsys.readouterr().err
    assert main(base + ["scores", "import", str(first), "--round", str(setup.round_id), "--expert", EXPERT,
                        "--operator", "张录入"]) == 0
    assert "已导入纸质评分（第一次录入）" in capsys.readouterr().out
    assert main(base + ["scores", "import", str(second), "--round", str(setup.round_id), "--expert", EXPERT,
                        "--operator", "李核对", "--second-entry", "--json"]) == 1
    result = json.loads(capsys.readouterr().out)
    assert result["differences"] == [{"dossier": NUMBERS[0], "cell": "innovation", "first": "9.5", "second": "9"}]
    submit = base + ["review", "submit", "--round", str(setup.round_id), "--expert", EXPERT, "--operator", "王秘书"]
    assert main(submit + ["--dossier", NUMBERS[0]]) == 2
    assert "第一次录入「9.5」，第二次录入「9」" in capsys.readouterr().err
    with ws.session() as s:
        rnd, d, e = context(s, setup)
        review = scoring.current_review(s, d, e)
        assert review is not None
        scoring.resolve_paper_difference(s, review.id, "innovation", "9.5", operator="王秘书")
    assert main(submit + ["--all"]) == 0
    assert "已提交 申报 AI-2025-001" in capsys.readouterr().out
    with ws.session() as s:
        rnd, d, e = context(s, setup)
        review = scoring.current_review(s, d, e)
        assert review is not None and review.status == "submitted" and review.entered_by == "张录入"
