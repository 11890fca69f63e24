"""Expert roster import and conflict-of-interest detection."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import select

from db.models import Assignment, AuditEntry, Conflict, Dossier, Expert
from forms.loader import load_form_text
from reviewer import rounds
from reviewer.assign import assign, assignments_by_dossier
from reviewer.cli import main
from reviewer.dossiers import import_dossiers, index_pending
from reviewer.errors import ImportRejected, StateError
from reviewer.fonts import register_reportlab_font
from reviewer.roster import decide_conflict, detect_conflicts, import_experts, normalise_org, orgs_match
from reviewer.workspace import Workspace

FORM = """id = "minimal"
version = 1
title = { zh = "最简评分表", en = "Minimal form" }

[[criteria]]
key = "overall"
title = { zh = "综合评价", en = "Overall" }
max = 10
"""


def make_round(ws: Workspace) -> int:
    with ws.session() as s:
        return rounds.create_round(s, name="2026年度融合创新项目评审", form=load_form_text(FORM)).id


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8-sig") -> Path:
    path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding=encoding)
    return path


def write_xlsx(path: Path, rows: list[list[str]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def write_pdf(path: Path, pages: list[list[str]]) -> Path:
    font = register_reportlab_font()
    canvas = Canvas(str(path), invariant=1)
    for lines in pages:
        canvas.setFont(font, 12)
        y = 780.0
        for line in lines:
            canvas.drawString(60, y, line)
            y -= 22
        canvas.showPage()
    canvas.save()
    return path


ROSTER = [
    ["姓名", "单位", "领域", "邮箱", "电话"],
    ["王伟", "山东大学", "计算机视觉", "wang@sdu.edu.cn", "13800000001"],
    ["李娜", "济南某某科技有限公司", "工业互联网", "", ""],
    ["张  强", "齐鲁工业大学（山东省科学院）", "智能制造", "zhang@qlu.edu.cn", ""],
]


def experts_of(ws: Workspace, round_id: int) -> dict[str, tuple[str, str, str]]:
    with ws.session() as s:
        return {e.name: (e.organisation, e.field, e.email)
                for e in s.scalars(select(Expert).where(Expert.round_id == round_id))}


# --- roster ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["csv-utf8", "csv-gbk", "xlsx"])
def test_import_chinese_headers(workspace: Workspace, tmp_path: Path, kind: str) -> None:
    rid = make_round(workspace)
    if kind == "xlsx":
        path = write_xlsx(tmp_path / "专家名单.xlsx", [["2026年度评审专家名单"], [], *ROSTER])
    else:
        path = write_csv(tmp_path / "专家名单.csv", ROSTER, "gb18030" if kind == "csv-gbk" else "utf-8-sig")
    with workspace.session() as s:
        rows = import_experts(s, rid, path, actor="秘书")
    first = 4 if kind == "xlsx" else 2  # the workbook has a title row and a blank row above the header
    assert [(r.row, r.name, r.status) for r in rows] == [
        (first, "王伟", "added"), (first + 1, "李娜", "added"), (first + 2, "张强", "added")]
    assert rows[0].contact == "13800000001"
    assert experts_of(workspace, rid)["张强"] == ("齐鲁工业大学（山东省科学院）", "智能制造", "zhang@qlu.edu.cn")


def test_english_headers_and_reimport_updates(workspace: Workspace, tmp_path: Path) -> None:
    rid = make_round(workspace)
    first = write_csv(tmp_path / "r.csv", [["name", "organisation", "field", "email"],
                                           ["Alice Chen", "Tsinghua", "NLP", "a@t.cn"], ["王伟", "山东大学", "CV", ""]])
    with workspace.session() as s:
        import_experts(s, rid, first)
    with workspace.session() as s:
        again = import_experts(s, rid, first)
        assert {r.status for r in again} == {"unchanged"}
    audits_before = _audit_count(workspace, "experts.import")
    second = write_csv(tmp_path / "r2.csv", [["Name", "Organization", "Field", "E-mail"],
                                             ["王伟", "山东大学", "计算机视觉", "w@sdu.edu.cn"]])
    with workspace.session() as s:
        rows = import_experts(s, rid, second)
    assert [r.status for r in rows] == ["updated"]
    got = experts_of(workspace, rid)
    assert got["王伟"] == ("山东大学", "计算机视觉", "w@sdu.edu.cn")
    assert "Alice Chen" in got  # absent from the second file, kept
    assert _audit_count(workspace, "experts.import") == audits_before + 1


def _audit_count(ws: Workspace, action: str) -> int:
    with ws.session() as s:
        return len(s.scalars(select(AuditEntry).where(AuditEntry.action == action)).all())


def test_duplicate_names_reject_the_whole_file(workspace: Workspace, tmp_path: Path) -> None:
    rid = make_round(workspace)
    path = write_csv(tmp_path / "dup.csv", [["姓名", "单位"], ["王伟", "山东大学"], ["李娜", "X"], ["王 伟", "青岛大学"]])
    with workspace.session() as s, pytest.raises(ImportRejected) as info:
        import_experts(s, rid, path)
    assert "王伟" in str(info.value) and "2、4" in str(info.value)
    assert experts_of(workspace, rid) == {}


@pytest.mark.parametrize(
    ("rows", "needle"),
    [
        ([["姓名", "领域"], ["王伟", "CV"]], "单位"),
        ([["姓名", "单位", "邮箱"], ["王伟", "山东大学", "not-an-address"]], "邮箱"),
        ([["姓名", "单位"], ["", "山东大学"]], "没有姓名"),
        ([["姓名", "单位"]], "没有专家"),
    ],
)
def test_bad_rosters_are_refused(workspace: Workspace, tmp_path: Path, rows: list[list[str]], needle: str) -> None:
    rid = make_round(workspace)
    with workspace.session() as s, pytest.raises(ImportRejected, match=needle):
        import_experts(s, rid, write_csv(tmp_path / "bad.csv", rows))


def test_unreadable_files_are_refused(workspace: Workspace, tmp_path: Path) -> None:
    rid = make_round(workspace)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 this is not a workbook")
    with workspace.session() as s:
        with pytest.raises(ImportRejected, match="XLSX"):
            import_experts(s, rid, broken)
        with pytest.raises(ImportRejected, match="找不到"):
            import_experts(s, rid, tmp_path / "absent.csv")


def test_cli_experts_import(workspace: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rid = make_round(workspace)
    root = str(workspace.root)
    path = write_xlsx(tmp_path / "roster.xlsx", ROSTER)
    assert main(["--workspace", root, "experts", "import", "--round", str(rid), str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [r["name"] for r in out] == ["王伟", "李娜", "张强"] and {r["status"] for r in out} == {"added"}
    assert main(["--workspace", root, "experts", "import", "--round", str(rid), str(path)]) == 0
    assert "未变化" in capsys.readouterr().out
    dup = write_csv(tmp_path / "dup.csv", [["name", "organisation"], ["A", "x"], ["A", "y"]])
    assert main(["--workspace", root, "experts", "import", "--round", str(rid), str(dup)]) == 2
    assert "重名" in capsys.readouterr().err


# --- conflicts --------------------------------------------------------------------------------------


def test_normalise_org() -> None:
    assert normalise_org("济南 某某科技（山东）股份有限公司") == "济南某某科技山东"
    assert orgs_match("济南某某科技有限公司", "济南某某科技股份有限公司")
    assert orgs_match("山东大学", "山东大学齐鲁医院")
    assert not orgs_match("大学", "山东大学")  # too short to mean anything
    assert not orgs_match("", "山东大学")


def _planted_round(ws: Workspace, tmp_path: Path) -> int:
    """Two dossiers; the second carries a support letter from the expert 王伟's university."""
    rid = make_round(ws)
    src = tmp_path / "dossiers"
    src.mkdir()
    write_pdf(src / "AI-2026-001_申报书.pdf", [["项目名称：智能质检平台", "申报单位：济南某某科技有限公司"]])
    write_pdf(src / "AI-2026-002_申报书.pdf", [["项目名称：智慧港口调度系统", "申报单位：青岛某某港口集团"],
                                            ["第二部分 技术方案"]])
    write_pdf(src / "AI-2026-002_附件3.pdf", [
        ["附件3 合作单位支持函"],
        ["支持函", "山东大学计算机学院将为本项目提供算法支持。", "联系人：刘洋"],
    ])
    import_dossiers(ws, rid, src)
    index_pending(ws, rid)
    with ws.session() as s:
        s.add_all([
            Expert(round_id=rid, name="王伟", organisation="山东大学"),
            Expert(round_id=rid, name="李娜", organisation="济南某某科技股份有限公司"),
            Expert(round_id=rid, name="刘洋", organisation="烟台某研究所"),
            Expert(round_id=rid, name="赵敏", organisation="潍坊某学院"),
        ])
    return rid


def test_planted_conflicts_are_detected_with_evidence(workspace: Workspace, tmp_path: Path) -> None:
    rid = _planted_round(workspace, tmp_path)
    with workspace.session() as s:
        found = detect_conflicts(s, rid, actor="秘书")
        summary = {(c.dossier.number, c.expert.name): (c.kind, c.status, c.origin, c.evidence) for c in found}
    assert set(summary) == {("AI-2026-001", "李娜"), ("AI-2026-002", "王伟"), ("AI-2026-002", "刘洋")}
    kind, status, origin, evidence = summary[("AI-2026-002", "王伟")]
    assert (status, origin) == ("suspected", "detected") and kind == "cooperation"
    assert evidence == [{"file": "AI-2026-002_附件3.pdf", "page": 2, "line": "山东大学计算机学院将为本项目提供算法支持。"}]
    # A two-character name is found too (the trigram index needs three characters).
    assert summary[("AI-2026-002", "刘洋")][3] == [{"file": "AI-2026-002_附件3.pdf", "page": 2, "line": "联系人：刘洋"}]
    kind, _status, _origin, evidence = summary[("AI-2026-001", "李娜")]
    assert kind == "same_org"
    assert {"file": "AI-2026-001_申报书.pdf", "page": 1, "line": "申报单位：济南某某科技有限公司"} in evidence

    audits = _audit_count(workspace, "conflicts.detect")
    with workspace.session() as s:
        again = detect_conflicts(s, rid)
        assert len(again) == 3
        assert len(s.scalars(select(Conflict)).all()) == 3
    assert _audit_count(workspace, "conflicts.detect") == audits


def test_decisions_stick_and_confirmed_conflicts_block(workspace: Workspace, tmp_path: Path) -> None:
    rid = _planted_round(workspace, tmp_path)
    with workspace.session() as s:
        found = {(c.dossier.number, c.expert.name): c.id for c in detect_conflicts(s, rid)}
        assign(s, rid, per_dossier=4)
        assert "王伟" in assignments_by_dossier(s, rid)["AI-2026-002"]
    with workspace.session() as s:
        confirmed = decide_conflict(s, found[("AI-2026-002", "王伟")], True, "秘书")
        assert confirmed.status == "confirmed" and confirmed.decided_at is not None
        dismissed = decide_conflict(s, found[("AI-2026-002", "刘洋")], False, "秘书")
        assert dismissed.status == "dismissed"
    with workspace.session() as s:
        # The unreviewed assignment of the confirmed pair was withdrawn.
        assert "王伟" not in assignments_by_dossier(s, rid)["AI-2026-002"]
        detect_conflicts(s, rid)
        statuses = {(c.dossier.number, c.expert.name): c.status for c in s.scalars(select(Conflict))}
        assert statuses[("AI-2026-002", "王伟")] == "confirmed"
        assert statuses[("AI-2026-002", "刘洋")] == "dismissed"
        report = assign(s, rid, per_dossier=4, replace=True)
        got = assignments_by_dossier(s, rid)
        assert "王伟" not in got["AI-2026-002"] and "刘洋" in got["AI-2026-002"]
        assert [x.number for x in report.shortfalls] == ["AI-2026-002"]
        actions = [a.action for a in s.scalars(select(AuditEntry))]
    assert "conflict.confirm" in actions and "conflict.dismiss" in actions


def test_declared_conflicts_cannot_be_dismissed(workspace: Workspace, tmp_path: Path) -> None:
    rid = _planted_round(workspace, tmp_path)
    with workspace.session() as s:
        dossier = s.scalars(select(Dossier)).first()
        expert = s.scalars(select(Expert).where(Expert.name == "赵敏")).one()
        assert dossier is not None
        declared = Conflict(round_id=rid, dossier_id=dossier.id, expert_id=expert.id, origin="expert",
                            status="declared", kind="relative")
        s.add(declared)
        s.flush()
        with pytest.raises(StateError):
            decide_conflict(s, declared.id, False, "秘书")


def test_stale_suspicions_are_withdrawn(workspace: Workspace, tmp_path: Path) -> None:
    rid = _planted_round(workspace, tmp_path)
    with workspace.session() as s:
        detect_conflicts(s, rid)
        expert = s.scalars(select(Expert).where(Expert.name == "李娜")).one()
        expert.organisation = "烟台某大学"
    with workspace.session() as s:
        names = {(c.dossier.number, c.expert.name) for c in detect_conflicts(s, rid)}
    assert ("AI-2026-001", "李娜") not in names


def test_cli_conflicts_and_decide(workspace: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rid = _planted_round(workspace, tmp_path)
    root = str(workspace.root)
    assert main(["--workspace", root, "experts", "conflicts", "--round", str(rid), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    target = next(r for r in rows if r["expert"] == "王伟")
    assert target["evidence"][0]["page"] == 2 and target["status"] == "suspected"
    assert main(["--workspace", root, "experts", "decide", str(target["id"]), "--confirm"]) == 0
    assert "confirmed" in capsys.readouterr().out
    assert main(["--workspace", root, "assign", "--round", str(rid), "--per-dossier", "4", "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert {"dossier": "AI-2026-002", "expert": "王伟"} not in report["added"]
    assert {"dossier": "AI-2026-002", "expert": "刘洋"} in report["suspected"]
    with workspace.session() as s:
        assert s.scalars(select(Assignment)).first() is not None
