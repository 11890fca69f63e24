"""Dossier import (folder and manifest), the full-text index and search."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfWriter
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import select, text

from db.models import AuditEntry, Dossier, DossierFile, Round
from forms.loader import load_form_text
from reviewer import rounds
from reviewer.cli import main
from reviewer.dossiers import (
    FileResult,
    import_dossiers,
    import_exit_code,
    index_pending,
    index_problem,
    normalise_text,
    parse_first_page,
    search,
)
from reviewer.errors import ImportRejected, StateError
from reviewer.fonts import register_reportlab_font
from reviewer.workspace import Workspace

FORM = """id = "minimal"
version = 1
title = { zh = "最简评分表", en = "Minimal form" }

[[criteria]]
key = "overall"
title = { zh = "综合评价", en = "Overall" }
max = 10
"""


def make_round(ws: Workspace, name: str = "2026年度示范项目评审") -> int:
    with ws.session() as s:
        return rounds.create_round(s, name=name, form=load_form_text(FORM)).id


def write_pdf(path: Path, pages: list[list[str]], title: str | None = None) -> Path:
    font = register_reportlab_font()
    path.parent.mkdir(parents=True, exist_ok=True)
    canvas = Canvas(str(path), invariant=1)
    if title:
        canvas.setTitle(title)
    for lines in pages:
        canvas.setFont(font, 12)
        y = 780.0
        for line in lines:
            canvas.drawString(60, y, line)
            y -= 22
        canvas.showPage()
    canvas.save()
    return path


FORM_PAGES = [
    ["济南市人工智能与实体经济深度融合创新项目申报书", "项目名称：基于机器视觉的智能质检平台", "申报单位（盖章）：济南某某科技有限公司"],
    ["一、项目概况", "本项目面向汽车零部件生产线，建设智能质检系统。"],
    ["二、技术方案", "联 系 人 ： 王 伟"],
]


def build_folder(root: Path) -> Path:
    """A realistic import folder with good and broken files (see the expectations in the tests)."""
    src = root / "申报材料"
    write_pdf(src / "AI-2026-001_申报书.pdf", FORM_PAGES)
    write_pdf(src / "AI-2026-001_附件1.pdf", [["附件1 营业执照", "统一社会信用代码 91370100MA3C000000"]])
    write_pdf(src / "AI-2026-001_附件10.pdf", [["附件10 合作协议", "甲方：济南某某科技有限公司"]])
    write_pdf(src / "AI-2026-001_附件2.pdf", [["附件2 知识产权清单", "发明专利 一种缺陷检测方法"]])
    write_pdf(src / "AI-2026-002_智慧港口" / "附件.pdf", [["附件 港口吞吐量统计", "集装箱 120 万标箱"]])
    write_pdf(src / "AI-2026-002_智慧港口" / "申请书.pdf",
              [["项目名称：智慧港口调度系统", "申报单位：青岛某某港口集团有限公司"]], title="智慧港口调度系统申请书")
    full = write_pdf(root / "whole.pdf", [[f"第{i}页 智能制造 内容"] * 8 for i in range(5)])
    data = full.read_bytes()
    (src / "AI-2026-003_申报书.pdf").write_bytes(data[: len(data) // 2])  # truncated
    (src / "AI-2026-004_申报书.pdf").write_text("这不是PDF，只是改了扩展名的文本文件\n", encoding="utf-8")
    writer = PdfWriter(clone_from=str(full))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    writer.write(src / "AI-2026-005_申报书.pdf")
    (src / "AI-2026-006_申报书.pdf").write_bytes(b"")
    shutil.copyfile(src / "AI-2026-001_附件1.pdf", src / "AI-2026-007_申报书.pdf")  # another application's file
    write_pdf(src / "AI-2026-007_附件1.pdf", [["附件1 项目合同"]])
    (src / "填报说明.docx").write_bytes(b"PK\x03\x04 not a pdf")
    (src / ".DS_Store").write_bytes(b"\x00\x00")
    return src


def by_name(results: list[FileResult]) -> dict[str, FileResult]:
    return {Path(r.file).name: r for r in results}


def db_state(ws: Workspace) -> dict[str, list[tuple[str, str, int, str]]]:
    with ws.session() as s:
        out: dict[str, list[tuple[str, str, int, str]]] = {}
        for d in s.scalars(select(Dossier).order_by(Dossier.number)):
            out[d.number] = [(f.name, f.role, f.pages, f.sha256) for f in d.files]
        return out


def store_hashes(ws: Workspace) -> set[str]:
    return {p.stem for p in ws.store_dir.rglob("*.pdf")} if ws.store_dir.exists() else set()


def test_folder_import_good_and_broken_files(workspace: Workspace, tmp_path: Path) -> None:
    rid = make_round(workspace)
    src = build_folder(tmp_path)
    progress: list[tuple[int, int, str]] = []
    results = import_dossiers(workspace, rid, src, progress=lambda d, t, n: progress.append((d, t, n)), actor="秘书")
    got = by_name(results)
    assert len(results) == 13 and ".DS_Store" not in got
    assert progress[-1][0] == progress[-1][1] == 13
    imported = {n for n, r in got.items() if r.status == "imported"}
    assert imported == {"AI-2026-001_申报书.pdf", "AI-2026-001_附件1.pdf", "AI-2026-001_附件2.pdf",
                        "AI-2026-001_附件10.pdf", "申请书.pdf", "附件.pdf", "AI-2026-007_附件1.pdf"}
    reasons = {n: r.reason or "" for n, r in got.items() if r.status == "rejected"}
    assert "损坏" in reasons["AI-2026-003_申报书.pdf"]
    assert "不是PDF" in reasons["AI-2026-004_申报书.pdf"]
    assert "加密" in reasons["AI-2026-005_申报书.pdf"]
    assert "为空" in reasons["AI-2026-006_申报书.pdf"]
    assert "AI-2026-001" in reasons["AI-2026-007_申报书.pdf"] and "相同" in reasons["AI-2026-007_申报书.pdf"]
    assert "PDF" in reasons["填报说明.docx"] and got["填报说明.docx"].dossier is None
    assert got["AI-2026-003_申报书.pdf"].dossier == "AI-2026-003"
    assert got["AI-2026-001_申报书.pdf"].pages == 3

    state = db_state(workspace)
    assert sorted(state) == ["AI-2026-001", "AI-2026-002", "AI-2026-007"]
    assert [(n, role, pages) for n, role, pages, _ in state["AI-2026-001"]] == [
        ("AI-2026-001_申报书.pdf", "申报书", 3), ("AI-2026-001_附件1.pdf", "附件", 1),
        ("AI-2026-001_附件2.pdf", "附件", 1), ("AI-2026-001_附件10.pdf", "附件", 1)]
    assert [n for n, *_ in state["AI-2026-002"]] == ["申请书.pdf", "附件.pdf"]
    # The second file of AI-2026-007 is its first importable one but not its application form.
    assert [(n, role) for n, role, *_ in state["AI-2026-007"]] == [("AI-2026-007_附件1.pdf", "附件")]
    # Every stored file is in the database and every database file is in the store (nothing half-imported).
    assert store_hashes(workspace) == {sha for files in state.values() for *_, sha in files}
    with workspace.session() as s:
        titles = {d.number: (d.title, d.applicant) for d in s.scalars(select(Dossier))}
        audit = s.scalars(select(AuditEntry).where(AuditEntry.action == "dossiers.import")).all()
    assert titles["AI-2026-002"] == ("智慧港口调度系统申请书", "")  # PDF title wins over the folder name
    assert titles["AI-2026-001"] == ("AI-2026-001", "")  # nothing better known until the text is read
    assert len(audit) == 1 and audit[0].actor == "秘书" and len(audit[0].detail["files"]) == 7
    assert import_exit_code(results) == 1


def test_reimport_changes_nothing(workspace: Workspace, tmp_path: Path) -> None:
    rid = make_round(workspace)
    src = build_folder(tmp_path)
    first = import_dossiers(workspace, rid, src)
    before, audit_before = db_state(workspace), _audit_ids(workspace)
    backups_before = sorted(workspace.backup_dir.glob("*")) if workspace.backup_dir.exists() else []
    second = import_dossiers(workspace, rid, src)
    assert db_state(workspace) == before and _audit_ids(workspace) == audit_before
    assert (sorted(workspace.backup_dir.glob("*")) if workspace.backup_dir.exists() else []) == backups_before
    was = {r.file: r for r in first}
    for r in second:
        if was[r.file].status == "imported":
            assert r.status == "unchanged", r
        else:
            assert r.status == "rejected" and r.reason == was[r.file].reason


def _audit_ids(ws: Workspace) -> list[int]:
    with ws.session() as s:
        return list(s.scalars(select(AuditEntry.id)))


def test_changed_file_with_known_name_is_refused(workspace: Workspace, tmp_path: Path) -> None:
    rid = make_round(workspace)
    src = tmp_path / "in"
    write_pdf(src / "AI-2026-001_申报书.pdf", [["第一版"]])
    import_dossiers(workspace, rid, src)
    write_pdf(src / "AI-2026-001_申报书.pdf", [["第二版，内容有改动"]])
    write_pdf(src / "AI-2026-001_附件1.pdf", [["新增附件"]])
    got = by_name(import_dossiers(workspace, rid, src))
    assert got["AI-2026-001_申报书.pdf"].status == "rejected" and "内容不同" in (got["AI-2026-001_申报书.pdf"].reason or "")
    assert got["AI-2026-001_附件1.pdf"].status == "imported"
    assert [n for n, *_ in db_state(workspace)["AI-2026-001"]] == ["AI-2026-001_申报书.pdf", "AI-2026-001_附件1.pdf"]


def test_same_content_twice_in_one_application(workspace: Workspace, tmp_path: Path) -> None:
    rid = make_round(workspace)
    src = tmp_path / "in"
    write_pdf(src / "AI-2026-001" / "申报书.pdf", [["申报书"]])
    write_pdf(src / "AI-2026-001" / "附件1.pdf", [["附件"]])
    shutil.copyfile(src / "AI-2026-001" / "附件1.pdf", src / "AI-2026-001" / "附件2.pdf")
    got = by_name(import_dossiers(workspace, rid, src))
    assert got["附件2.pdf"].status == "rejected" and "附件1.pdf" in (got["附件2.pdf"].reason or "")


# --- manifests ------------------------------------------------------------------------------------


def _manifest_files(root: Path) -> None:
    write_pdf(root / "pdf" / "001-申报书.pdf", [["项目名称：甲"]])
    write_pdf(root / "pdf" / "001-附件.pdf", [["甲的附件"]])
    write_pdf(root / "pdf" / "002-申报书.pdf", [["项目名称：乙"]])
    write_pdf(root / "pdf" / "003-申报书.pdf", [["项目名称：丙"]])


def test_manifest_csv_with_chinese_headers_and_missing_paths(workspace: Workspace, tmp_path: Path) -> None:
    rid = make_round(workspace)
    _manifest_files(tmp_path)
    manifest = tmp_path / "清单.csv"
    manifest.write_text(
        "申报编号,项目名称,申报单位,类别,文件\n"
        "AI-2026-001,智能质检平台,济南某某科技有限公司,融合创新,pdf/001-申报书.pdf; pdf/001-附件.pdf\n"
        "AI-2026-002,智慧港口,青岛某港口集团,示范项目,pdf/002-申报书.pdf;pdf/002-附件-缺失.pdf\n"
        "AI-2026-003,智慧医疗,历下医院,示范项目,pdf/003-申报书.pdf\n"
        ",无编号项目,某单位,示范项目,pdf/003-申报书.pdf\n",
        encoding="utf-8-sig",
    )
    results = import_dossiers(workspace, rid, manifest)
    got = by_name(results)
    assert got["001-申报书.pdf"].status == got["001-附件.pdf"].status == got["003-申报书.pdf"].status == "imported"
    assert got["002-附件-缺失.pdf"].status == "rejected" and "不存在" in (got["002-附件-缺失.pdf"].reason or "")
    # The whole row is refused, including its file that exists.
    assert got["002-申报书.pdf"].status == "rejected" and "整行" in (got["002-申报书.pdf"].reason or "")
    assert any(r.file == str(manifest) and "编号" in (r.reason or "") for r in results)
    with workspace.session() as s:
        rows = {d.number: (d.title, d.applicant, d.category, [f.role for f in d.files]) for d in s.scalars(select(Dossier))}
    assert rows == {"AI-2026-001": ("智能质检平台", "济南某某科技有限公司", "融合创新", ["申报书", "附件"]),
                    "AI-2026-003": ("智慧医疗", "历下医院", "示范项目", ["申报书"])}
    assert import_exit_code(results) == 1


def test_manifest_xlsx_english_headers_and_metadata_update(workspace: Workspace, tmp_path: Path) -> None:
    rid = make_round(workspace)
    _manifest_files(tmp_path)

    def manifest(title: str) -> Path:
        book = openpyxl.Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.append(["Number", "Title", "Applicant", "Category", "Files"])
        sheet.append(["AI-2026-002", title, "青岛某港口集团", "示范项目", "pdf/002-申报书.pdf"])
        path = tmp_path / "manifest.xlsx"
        book.save(path)
        return path

    assert [r.status for r in import_dossiers(workspace, rid, manifest("智慧港口"))] == ["imported"]
    assert [r.status for r in import_dossiers(workspace, rid, manifest("智慧港口"))] == ["unchanged"]
    assert [r.status for r in import_dossiers(workspace, rid, manifest("智慧港口调度系统"))] == ["unchanged"]
    with workspace.session() as s:
        dossier = s.scalars(select(Dossier)).one()
        assert dossier.title == "智慧港口调度系统"
        last = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert last is not None and last.detail["updated"][0]["changes"]["title"] == ["智慧港口", "智慧港口调度系统"]


def test_manifest_missing_columns_is_refused(workspace: Workspace, tmp_path: Path) -> None:
    rid = make_round(workspace)
    manifest = tmp_path / "m.csv"
    manifest.write_text("number,title,files\nA,b,c.pdf\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as info:
        import_dossiers(workspace, rid, manifest)
    assert "applicant/申报单位" in str(info.value) and "category/类别" in str(info.value)
    assert db_state(workspace) == {}


# --- the real-world corpus ------------------------------------------------------------------------


@pytest.mark.parametrize("folder", ["real", "broken", "encrypted"])
def test_corpus_folders(workspace: Workspace, corpus_dir: Path, tmp_path: Path, folder: str) -> None:
    """Nothing crashes, every file is imported or refused with a reason, nothing is half-imported."""
    rid = make_round(workspace)
    # A copy, so that every file is its own application (corpus names share prefixes before "_").
    src = tmp_path / folder
    src.mkdir()
    files = sorted(p for p in (corpus_dir / folder).iterdir() if p.is_file() and p.suffix.lower() == ".pdf")
    for i, path in enumerate(files):
        shutil.copyfile(path, src / f"C{i:03d}_{path.name}")
    results = import_dossiers(workspace, rid, src)
    assert len(results) == len(files)
    assert {r.status for r in results} <= {"imported", "rejected"}
    for r in results:
        assert r.status == "imported" or (r.reason and len(r.reason) > 5), r
    imported = {r.sha256 for r in results if r.status == "imported"}
    state = db_state(workspace)
    assert {sha for fs in state.values() for *_, sha in fs} == imported == store_hashes(workspace)
    if folder == "real":
        assert len(imported) >= 25
    report = index_pending(workspace, rid)
    assert report.indexed == len(imported) and not report.cancelled
    with workspace.session() as s:
        assert s.scalar(select(DossierFile.id).where(DossierFile.indexed.is_(False))) is None
        for name, _problem in report.problems:
            assert name in {n for fs in state.values() for n, *_ in fs}


# --- cancel -----------------------------------------------------------------------------------------


def test_cancel_import_midway_leaves_a_consistent_state(workspace: Workspace, tmp_path: Path) -> None:
    rid = make_round(workspace)
    src = tmp_path / "in"
    for i in range(12):
        write_pdf(src / f"AI-2026-{i:03d}_申报书.pdf", [[f"项目 {i}"]])
    seen: list[int] = []
    results = import_dossiers(workspace, rid, src, progress=lambda d, t, n: seen.append(d), cancel=lambda: len(seen) >= 3)
    assert len(results) == 3 and all(r.status == "imported" for r in results)
    state = db_state(workspace)
    assert sorted(state) == ["AI-2026-000", "AI-2026-001", "AI-2026-002"]
    # Files hashed and stored ahead of the cancel were removed again.
    assert store_hashes(workspace) == {sha for fs in state.values() for *_, sha in fs}
    rest = import_dossiers(workspace, rid, src)
    assert [r.status for r in rest].count("unchanged") == 3 and [r.status for r in rest].count("imported") == 9


def test_cancel_indexing_midway_leaves_whole_files(workspace: Workspace, tmp_path: Path) -> None:
    rid = make_round(workspace)
    src = tmp_path / "in"
    for i in range(4):
        write_pdf(src / f"AI-2026-{i:03d}_申报书.pdf", [[f"项目 {i} 第 {p} 页 内容"] for p in range(1, 4)])
    import_dossiers(workspace, rid, src)
    done: list[int] = []
    report = index_pending(workspace, rid, progress=lambda d, t, n: done.append(d), cancel=lambda: len(done) >= 2)
    assert report.cancelled and report.indexed == 2
    with workspace.session() as s:
        indexed = {f.sha256: f.indexed for f in s.scalars(select(DossierFile))}
        pages = s.execute(text("SELECT sha256, count(*) FROM page_text GROUP BY sha256")).all()
    assert sum(indexed.values()) == 2
    assert {sha: n for sha, n in pages} == {sha: 3 for sha, flag in indexed.items() if flag}
    report = index_pending(workspace, rid)
    assert report.indexed == 2 and not report.cancelled


# --- index and search -----------------------------------------------------------------------------


def test_index_fills_title_and_applicant_and_search_finds_chinese(workspace: Workspace, tmp_path: Path) -> None:
    rid = make_round(workspace)
    src = build_folder(tmp_path)
    import_dossiers(workspace, rid, src)
    report = index_pending(workspace, rid)
    assert report.indexed == 7 and report.pages == 9 and report.problems == []
    with workspace.session() as s:
        titles = {d.number: (d.title, d.applicant) for d in s.scalars(select(Dossier))}
        assert titles["AI-2026-001"] == ("基于机器视觉的智能质检平台", "济南某某科技有限公司")
        assert titles["AI-2026-002"] == ("智慧港口调度系统申请书", "青岛某某港口集团有限公司")

        hits = search(s, rid, "智能质检")
        assert [(h.dossier, h.file, h.page) for h in hits] == [("AI-2026-001", "AI-2026-001_申报书.pdf", 1),
                                                              ("AI-2026-001", "AI-2026-001_申报书.pdf", 2)]
        assert "智能质检" in hits[0].snippet
        # Two characters and one character: below the trigram length, answered by the LIKE fallback.
        assert [(h.dossier, h.page) for h in search(s, rid, "王伟")] == [("AI-2026-001", 3)]
        assert {h.file for h in search(s, rid, "港")} == {"申请书.pdf", "附件.pdf"}
        # Spaces the PDF put between Chinese characters do not hide a match.
        assert [h.page for h in search(s, rid, "联系人")] == [3]
        # Several words: every one must be on the page.
        assert [(h.dossier, h.file) for h in search(s, rid, "港口 集装箱")] == [("AI-2026-002", "附件.pdf")]
        assert search(s, rid, "甲方 专利") == []
        assert search(s, rid, "区块链") == []
        assert len(search(s, rid, "附件", limit=2)) == 2
        assert search(s, rid, "   ") == []


def test_index_is_shared_between_rounds(workspace: Workspace, tmp_path: Path) -> None:
    first, second = make_round(workspace, "第一轮"), make_round(workspace, "第二轮")
    src = tmp_path / "in"
    write_pdf(src / "AI-2026-001_申报书.pdf", FORM_PAGES)
    import_dossiers(workspace, first, src)
    assert index_pending(workspace, first).pages == 3
    import_dossiers(workspace, second, src)
    report = index_pending(workspace, second)
    assert report.indexed == 1 and report.pages == 0  # reused, not extracted again
    with workspace.session() as s:
        assert [h.dossier for h in search(s, second, "智能质检平台")] == ["AI-2026-001"]
        # The cover page read in the first round fills the second round's dossier too.
        titles = {(d.round_id, d.title) for d in s.scalars(select(Dossier))}
        assert titles == {(first, "基于机器视觉的智能质检平台"), (second, "基于机器视觉的智能质检平台")}
        assert s.execute(text("SELECT count(*) FROM page_text")).scalar() == 3


def test_index_records_a_file_that_breaks_midway(workspace: Workspace, tmp_path: Path) -> None:
    rid = make_round(workspace)
    src = tmp_path / "in"
    write_pdf(src / "AI-2026-001_申报书.pdf", FORM_PAGES)
    import_dossiers(workspace, rid, src)
    with workspace.session() as s:
        f = s.scalars(select(DossierFile)).one()
        sha = f.sha256
    workspace.file_path(sha).unlink()  # the store lost the file behind the app's back
    report = index_pending(workspace, rid)
    assert report.indexed == 1 and "缺少" in report.problems[0][1]
    with workspace.session() as s:
        assert "缺少" in (index_problem(s, sha) or "")
    assert index_pending(workspace, rid).indexed == 0  # not retried forever


def test_text_helpers() -> None:
    assert normalise_text("申 报\u3000单 位 ：  济南  某某\r") == "申报单位：济南某某"
    assert normalise_text("AI  platform  v2") == "AI platform v2"
    assert parse_first_page("封面\n项目名称：智能质检平台\n申报单位（盖章）：济南某某科技有限公司\n") == (
        "智能质检平台", "济南某某科技有限公司")
    assert parse_first_page("没有可识别的内容") == ("", "")


def test_finalised_round_refuses_import(workspace: Workspace, tmp_path: Path) -> None:
    rid = make_round(workspace)
    with workspace.session() as s:
        rnd = s.get(Round, rid)
        assert rnd is not None
        rnd.status = "finalised"
    src = tmp_path / "in"
    write_pdf(src / "AI-2026-001_申报书.pdf", [["x"]])
    with pytest.raises(StateError):
        import_dossiers(workspace, rid, src)
    assert db_state(workspace) == {}


# --- the commands -----------------------------------------------------------------------------------


def test_cli_dossiers_import_json_and_exit_codes(workspace: Workspace, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    rid = str(make_round(workspace))
    root = str(workspace.root)
    src = build_folder(tmp_path)
    assert main(["--workspace", root, "dossiers", "import", "--round", rid, "--dir", str(src), "--json"]) == 1
    rows = json.loads(capsys.readouterr().out)
    assert all(list(r) == ["file", "status", "dossier", "reason"] for r in rows)
    assert {r["status"] for r in rows} == {"imported", "rejected"}
    assert all((r["reason"] is None) == (r["status"] != "rejected") for r in rows)

    good = tmp_path / "good"
    write_pdf(good / "AI-2026-100_申报书.pdf", [["项目名称：智慧农业", "申报单位：章丘某合作社"]])
    assert main(["--workspace", root, "dossiers", "import", "--round", rid, "--dir", str(good), "--index"]) == 0
    out = capsys.readouterr().out
    assert "已导入" in out and "AI-2026-100" in out
    assert main(["--workspace", root, "dossiers", "import", "--round", rid, "--dir", str(good), "--json"]) == 0
    assert [r["status"] for r in json.loads(capsys.readouterr().out)] == ["unchanged"]

    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "AI-2026-200_申报书.pdf").write_bytes(b"")
    assert main(["--workspace", root, "dossiers", "import", "--round", rid, "--dir", str(bad), "--json"]) == 2
    assert json.loads(capsys.readouterr().out)[0]["status"] == "rejected"

    manifest = tmp_path / "m.csv"
    manifest.write_text("编号,文件\nA,a.pdf\n", encoding="utf-8")
    assert main(["--workspace", root, "dossiers", "import", "--round", rid, "--manifest", str(manifest)]) == 2
    err = capsys.readouterr().err
    assert "title/项目名称" in err and "applicant/申报单位" in err

    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["--workspace", root, "dossiers", "import", "--round", rid, "--dir", str(empty)]) == 2
    assert "没有找到" in capsys.readouterr().err


def test_cli_index_and_search(workspace: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rid = str(make_round(workspace))
    root = str(workspace.root)
    src = build_folder(tmp_path)
    main(["--workspace", root, "dossiers", "import", "--round", rid, "--dir", str(src)])
    capsys.readouterr()
    assert main(["--workspace", root, "dossiers", "index", "--round", rid, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"files": 7, "pages": 9, "problems": []}
    assert main(["--workspace", root, "dossiers", "search", "--round", rid, "知识产权", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits == [{"dossier": "AI-2026-001", "file": "AI-2026-001_附件2.pdf", "page": 1,
                     "snippet": "附件2 知识产权清单 发明专利一种缺陷检测方法"}]
