"""The sheets desk and the verify dialog: the round's sheets by kind, any subset printed through the
print preview (page count checked in the printed PDF), save as PDF, Excel export, and verification of
sheets, codes and return files — driven through the widgets on a copy of the demo round."""

from __future__ import annotations

import io
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import QMimeData, QPoint, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QPageLayout
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from db.models import AuditEntry
from reviewer import committee, sheets
from reviewer.exchange import RETURN_SUFFIX
from reviewer.verification import AUDIT_ACTION, sheet_code
from reviewer.sheets_data import sheets_of_kind
from reviewer.workspace import Workspace
from ui import i18n, messages
from ui.qt_desk import AppContext, Topic
from ui.qt_import import FileDialogs
from ui.qt_mainwindow import MainWindow
from ui.qt_sheets import KIND_ORDER, KIND_ROLE, PrintDialogs, SheetsDesk, SheetTreeModel, pages_to_print
from ui.qt_verify import ReportModel, Verdict, VerifyDialog
from ui.qt_worker import Operation

pytestmark = pytest.mark.qt

ROUND = 1
WAIT_MS = 60_000
#: A subset across every kind: the landscape result sheet, two dossier summaries, one expert's score
#: sheet on one of them, and that expert's declaration.
SUBSET = [("result", ""), ("dossier", "AI-2026-001"), ("dossier", "AI-2026-007"),
          ("review", "AI-2026-001|周正平"), ("declaration", "周正平")]


# --- fixtures -----------------------------------------------------------------------------------


@pytest.fixture
def errors(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Error dialogs are recorded instead of shown (a modal dialog would block the test)."""
    shown: list[str] = []
    monkeypatch.setattr(messages.MessageBox, "error", classmethod(lambda cls, parent, title, text: shown.append(text)))
    return shown


@pytest.fixture
def desk(qtbot: QtBot, demo_copy: Workspace, settings: QSettings, errors: list[str]) -> Iterator[SheetsDesk]:
    ctx = AppContext(demo_copy)
    desk = SheetsDesk()
    qtbot.addWidget(desk)
    desk.set_context(ctx)
    desk.resize(1300, 850)
    desk.show()
    qtbot.waitExposed(desk)
    with qtbot.waitSignal(desk.previewReady, timeout=WAIT_MS):
        ctx.set_round(ROUND)
    yield desk
    desk.about_to_close()
    desk.detach()
    assert errors == [], "an error dialog was shown"


def wait(qtbot: QtBot, op: Operation[Any] | None) -> Operation[Any]:
    assert op is not None
    if op.outcome is None:
        with qtbot.waitSignal(op.finished, timeout=WAIT_MS):
            pass
    return op


def pdf_printer(path: Path, dpi: int = 72) -> QPrinter:
    """A printer that writes a PDF file (what an offscreen test can print to)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setResolution(dpi)
    printer.setFullPage(True)
    return printer


def expected_pages(ws: Workspace, picks: list[tuple[str, str]]) -> int:
    """Pages of the picked sheets, each kind rendered by the core on its own and counted by pypdf."""
    total = 0
    with ws.session() as s:
        for kind in KIND_ORDER:
            keys = [k for kd, k in picks if kd == kind]
            if keys:
                data = sheets.generate_sheets(s, ROUND, kind, None if kind == "result" else keys)
                total += len(PdfReader(io.BytesIO(data)).pages)
    return total


def issued(ws: Workspace) -> list[dict[str, Any]]:
    with ws.session() as s:
        return [dict(e.detail) for e in s.scalars(select(AuditEntry).where(AuditEntry.action == AUDIT_ACTION)
                                   .order_by(AuditEntry.id))]


def tick(desk: SheetsDesk, qtbot: QtBot, picks: list[tuple[str, str]]) -> None:
    """Tick exactly ``picks`` through the model's check boxes and wait for the preview."""
    with qtbot.waitSignal(desk.previewReady, timeout=WAIT_MS):
        desk.model.set_all_checked(False)
        for kind, key in picks:
            assert desk.model.setData(desk.model.index_of((kind, key)), Qt.CheckState.Checked.value,
                                      Qt.ItemDataRole.CheckStateRole)
    qtbot.waitUntil(lambda: desk.job is not None and desk.job.picks == tuple(desk.model.checked()),
                    timeout=WAIT_MS)


# --- the list ----------------------------------------------------------------------------------


def test_the_desk_lists_the_rounds_sheets_by_kind(desk: SheetsDesk, demo_copy: Workspace,
                                                  qtmodeltester: Any) -> None:
    with demo_copy.session() as s:
        listed = sheets.list_sheets(s, ROUND)
    model = desk.model
    by_kind = {model.index(r, 0).data(KIND_ROLE): model.rowCount(model.index(r, 0))
               for r in range(model.rowCount())}
    assert by_kind == {"result": 1, "dossier": 12, "review": 32, "declaration": 5}
    assert by_kind == {kind: sum(1 for e in listed if e.kind == kind) for kind in KIND_ORDER}
    assert model.entries() == listed
    titles = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert titles == ["评审结果汇总表（已选 1/1）", "评审意见汇总表（已选 0/12）", "专家评分表（已选 0/32）",
                      "回避声明（已选 0/5）"]
    dossier_row = model.index(model.kind_row("dossier"), 0)
    first = model.index(0, 0, dossier_row).data()
    assert first.startswith("AI-2026-001") and len(first) > len("AI-2026-001") + 2  # the dossier's title too
    qtmodeltester.check(model)


def test_a_kind_box_ticks_or_clears_the_whole_kind(desk: SheetsDesk, qtmodeltester: Any) -> None:
    model = desk.model
    assert model.checked() == [("result", "")]  # the sheet a meeting prints first
    reviews = model.index(model.kind_row("review"), 0)
    assert reviews.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    model.setData(model.index(3, 0, reviews), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert reviews.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.PartiallyChecked
    assert reviews.data() == "专家评分表（已选 1/32）"
    model.setData(reviews, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert model.kind_counts("review") == (32, 32)
    assert reviews.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    model.setData(reviews, Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert model.kind_counts("review") == (0, 32)
    desk.all_button.click()
    assert len(model.checked()) == 50
    desk.none_button.click()
    assert model.checked() == []
    assert not desk.print_action.isEnabled() and not desk.preview_action.isEnabled()
    qtmodeltester.check(model)


def test_an_empty_tree_model_passes_the_model_tester(qtmodeltester: Any, qapp: QApplication) -> None:
    model = SheetTreeModel()
    qtmodeltester.check(model)


def test_the_draft_state_is_shown(desk: SheetsDesk, qtbot: QtBot) -> None:
    assert desk.banner.isVisible()
    assert "草稿 DRAFT" in desk.banner_text.text()
    assert "草稿 DRAFT" in desk.preview_status.text()
    assert not desk.force_draft.isVisible()  # the round is not finalised: always a draft
    assert desk.job is not None and desk.job.draft and desk.job.pages == 2
    i18n.install_language("en")
    qtbot.waitUntil(lambda: desk.print_button.text() == "Print…", timeout=WAIT_MS)
    assert desk.title() == "Sheets" and desk.banner_text.text().startswith("<b>草稿 DRAFT</b> — the round")
    assert desk.model.index(0, 0).data() == "Summary of results  (1 of 1)"
    i18n.install_language("zh_CN")
    qtbot.waitUntil(lambda: desk.print_button.text() == "打印…", timeout=WAIT_MS)
    assert desk.save_pdf_button.text() == "另存为 PDF…"


def test_a_finalised_rounds_sheets_are_official_unless_marked_draft(
        desk: SheetsDesk, demo_copy: Workspace, qtbot: QtBot) -> None:
    with demo_copy.session() as s:
        committee.confirm_all(s, ROUND, actor="测试")
        for row in committee.decision_rows(s, ROUND):
            if not row.decided:
                committee.confirm(s, ROUND, row.number, actor="测试", flag_resolution="经评审委员会讨论，维持计算结果。")
        committee.finalise(s, ROUND, actor="测试")
    with qtbot.waitSignal(desk.previewReady, timeout=WAIT_MS):
        desk.ctx.notify(Topic.ROUNDS)
    qtbot.waitUntil(lambda: desk.job is not None and not desk.job.draft, timeout=WAIT_MS)
    assert desk.banner_text.text().startswith("<b>正式评审表</b>")
    assert desk.force_draft.isVisible()
    assert "草稿" not in desk.preview_status.text()
    desk.force_draft.setChecked(True)
    qtbot.waitUntil(lambda: desk.job is not None and desk.job.draft, timeout=WAIT_MS)
    assert "草稿 DRAFT" in desk.banner_text.text() and "草稿 DRAFT" in desk.preview_status.text()


# --- printing ----------------------------------------------------------------------------------


def test_print_preview_of_a_subset_has_the_right_pages_and_prints_them(
        desk: SheetsDesk, demo_copy: Workspace, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tick(desk, qtbot, SUBSET)
    expected = expected_pages(demo_copy, SUBSET)
    assert desk.job is not None and desk.job.pages == expected
    out = tmp_path / "printed.pdf"
    seen: dict[str, Any] = {}

    def run(cls: type, dialog: QDialog) -> bool:
        assert isinstance(dialog, QPrintPreviewDialog)
        preview = dialog.findChild(QPrintPreviewWidget)
        assert preview is not None
        preview.updatePreview()  # what showing the dialog does: paintRequested on the preview printer
        seen["preview pages"] = preview.pageCount()
        seen["printer"] = pdf_printer(out)
        dialog.paintRequested.emit(seen["printer"])  # the user pressed Print in the preview
        return True

    monkeypatch.setattr(PrintDialogs, "run", classmethod(run))
    before = len(issued(demo_copy))
    op = desk.print_preview()
    if op is not None:
        wait(qtbot, op)
    printing = wait(qtbot, desk.last_operation)
    assert printing.outcome == "succeeded"
    assert seen["preview pages"] == expected
    reader = PdfReader(str(out))
    assert len(reader.pages) == expected
    # every page is an A4 sheet of paper (the landscape result pages are turned onto it)
    sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages}
    assert sizes == {(595, 842)}
    records = issued(demo_copy)[before:]
    assert records and all(r["destination"] == "printer" for r in records)
    codes = {x["code"] for r in records for x in r["sheets"]}
    with demo_copy.session() as s:
        wanted = {sheet_code(x) for kind in KIND_ORDER
                  for x in sheets_of_kind(s, ROUND, kind, None if kind == "result"
                                          else [k for kd, k in SUBSET if kd == kind])
                  if any(kd == kind for kd, _ in SUBSET)}
    assert codes == wanted


def test_the_print_dialog_prints_the_chosen_page_range(
        desk: SheetsDesk, demo_copy: Workspace, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tick(desk, qtbot, [("declaration", "周正平"), ("declaration", "孙立新"), ("declaration", "李明哲")])
    out = tmp_path / "range.pdf"

    def run(cls: type, dialog: QDialog) -> bool:
        assert isinstance(dialog, QPrintDialog)
        printer = dialog.printer()
        assert printer.pageLayout().orientation() == QPageLayout.Orientation.Portrait
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        printer.setResolution(72)
        printer.setPrintRange(QPrinter.PrintRange.PageRange)
        printer.setFromTo(2, 3)
        return True

    monkeypatch.setattr(PrintDialogs, "run", classmethod(run))
    before = len(issued(demo_copy))
    qtbot.keyClick(desk.tree, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)  # Ctrl+P
    printing = wait(qtbot, desk.last_operation)
    assert printing.outcome == "succeeded"
    assert len(PdfReader(str(out)).pages) == 2
    (record,) = issued(demo_copy)[before:]
    assert [x["ident"]["expert"] for x in record["sheets"]] == ["孙立新", "李明哲"]  # the pages printed


def test_printing_can_be_cancelled_and_nothing_is_recorded(
        desk: SheetsDesk, demo_copy: Workspace, qtbot: QtBot, tmp_path: Path) -> None:
    tick(desk, qtbot, [("declaration", "周正平"), ("declaration", "孙立新")])
    assert desk.job is not None
    before = len(issued(demo_copy))
    op = desk.print_job(desk.job, pdf_printer(tmp_path / "cancelled.pdf"))
    op.cancel()
    wait(qtbot, op)
    assert op.outcome == "cancelled"
    assert len(issued(demo_copy)) == before


def test_pages_to_print_follow_the_printers_range_and_order(qapp: QApplication, tmp_path: Path) -> None:
    printer = pdf_printer(tmp_path / "x.pdf")
    assert pages_to_print(printer, 4) == [0, 1, 2, 3]
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 3)
    assert pages_to_print(printer, 4) == [1, 2]
    printer.setPageOrder(QPrinter.PageOrder.LastPageFirst)
    assert pages_to_print(printer, 4) == [2, 1]


# --- saving --------------------------------------------------------------------------------------


def test_save_as_pdf_writes_every_file_atomically(
        desk: SheetsDesk, demo_copy: Workspace, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "out"
    monkeypatch.setattr(FileDialogs, "folder", classmethod(lambda cls, parent, title, start=None: folder))
    op = wait(qtbot, desk.save_pdf())
    assert op.outcome == "succeeded"
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    assert not [p for p in files if p.name.endswith(".part") or p.name.startswith(".")]
    names = {p.name for p in files if p.parent == folder}
    assert names == {"评审结果汇总表（草稿）.pdf", "评审意见汇总表（草稿）.pdf", "专家评分表（草稿）.pdf", "回避声明（草稿）.pdf"}
    assert len(list((folder / "按申报").iterdir())) == 12 and len(list((folder / "按专家").iterdir())) == 5
    assert [f.file for f in desk.last_written] and all(f.file.is_file() for f in desk.last_written)
    assert len(PdfReader(str(folder / "回避声明（草稿）.pdf")).pages) == 5
    assert QSettings().value("sheets/last-folder") == str(folder)


def test_saving_can_be_cancelled_and_leaves_no_partial_file(
        desk: SheetsDesk, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "cancelled"
    monkeypatch.setattr(FileDialogs, "folder", classmethod(lambda cls, parent, title, start=None: folder))
    op = desk.save_pdf()
    assert op is not None
    op.cancel()
    wait(qtbot, op)
    assert op.outcome == "cancelled"
    assert not [p for p in folder.rglob("*") if p.name.endswith(".part")]


def test_excel_export_writes_a_workbook(desk: SheetsDesk, qtbot: QtBot, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "export" / "结果"
    target.parent.mkdir()
    monkeypatch.setattr(FileDialogs, "save_file",
                        classmethod(lambda cls, parent, title, filters, start=None: target))
    op = wait(qtbot, desk.export_excel())
    assert op.outcome == "succeeded"
    path = target.with_name("结果.xlsx")
    workbook = load_workbook(path)
    assert workbook.sheetnames[0] == "排名"
    assert workbook["排名"].max_row == 13  # the header and 12 dossiers
    assert not list(path.parent.glob("*.part"))


# --- verifying -----------------------------------------------------------------------------------


def open_verify(qtbot: QtBot, ws: Workspace | None) -> VerifyDialog:
    dialog = VerifyDialog(ws)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def verified(qtbot: QtBot, dialog: VerifyDialog, op: Operation[Any] | None) -> Verdict:
    wait(qtbot, op)
    verdict = dialog.verdict()
    assert verdict is not None
    return verdict


def test_verify_shows_a_match_then_what_changed(desk: SheetsDesk, demo_copy: Workspace, qtbot: QtBot,
                                                 tmp_path: Path, qtmodeltester: Any) -> None:
    files = sheets.write_sheets(demo_copy, ROUND, tmp_path / "sheets", split=False)
    dossiers = next(f.file for f in files if f.kind == "dossier")
    with qtbot.waitSignal(desk.verify_action.triggered):
        desk.verify_button.click()
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, VerifyDialog) and w.isVisible())
    qtbot.addWidget(dialog)
    assert verified(qtbot, dialog, dialog.check_file(dossiers)) is Verdict.MATCH
    assert dialog.banner.isVisible() and dialog.verdict_title.text() == "与签名记录一致"
    assert dialog.model.rowCount() == 12
    assert all(c.status == "match" for c in dialog.model.checks())
    qtmodeltester.check(dialog.model)

    with demo_copy.session() as s:
        committee.override(s, ROUND, "AI-2026-001", rank=12, tier=None, final_score=Decimal("50"),
                           reason="复核发现材料不实", actor="测试")
    assert verified(qtbot, dialog, dialog.check_file(dossiers)) is Verdict.DIFFERS
    assert dialog.verdict_title.text() == "与签名记录不一致"
    changed = [c for c in dialog.model.checks() if c.status != "match"]
    assert [c.ident["dossier"] for c in changed] == ["AI-2026-001"]
    row = dialog.model.checks().index(changed[0])
    parent = dialog.model.index(row, 0)
    lines = [dialog.model.index(i, 0, parent).data() for i in range(dialog.model.rowCount(parent))]
    assert lines and any("决定" in line for line in lines), lines
    assert dialog.model.index(row, ReportModel.RESULT).data() == "与当前记录不符"
    assert "AI-2026-001" in dialog.report_text()
    qtmodeltester.check(dialog.model)


def test_verify_a_typed_code(demo_copy: Workspace, qtbot: QtBot, settings: QSettings, errors: list[str]) -> None:
    with demo_copy.session() as s:
        declaration = sheets_of_kind(s, ROUND, "declaration", ["周正平"])[0]
    code = sheet_code(declaration)
    dialog = open_verify(qtbot, demo_copy)
    dialog.code_edit.setText("rw-12")
    assert not dialog.verify_code_button.isEnabled()
    dialog.code_edit.setText(code.lower().replace("-", " "))  # typed loosely
    assert dialog.verify_code_button.isEnabled()
    with qtbot.waitSignal(dialog.reportReady, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.verify_code_button, Qt.MouseButton.LeftButton)
    assert dialog.verdict() is Verdict.MATCH
    assert dialog.model.checks()[0].ident == {"expert": "周正平"}
    unknown = "RW-0000-0000-0000-0000"
    with qtbot.waitSignal(dialog.reportReady, timeout=WAIT_MS):
        dialog.check_code(unknown)
    assert dialog.verdict() in (Verdict.WARNING, Verdict.DIFFERS)
    assert dialog.verdict_title.text() != "与签名记录一致"


def test_verify_a_return_file_says_whose_it_is(demo_root: Path, demo_copy: Workspace, qtbot: QtBot,
                                               settings: QSettings, errors: list[str]) -> None:
    path = sorted((demo_root / "demo-exchange" / "returns").glob(f"*{RETURN_SUFFIX}"))[0]
    expert = path.stem
    dialog = open_verify(qtbot, demo_copy)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    enter = QDragEnterEvent(QPoint(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    dialog.dragEnterEvent(enter)
    assert enter.isAccepted()
    dialog.dropEvent(QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                                Qt.KeyboardModifier.NoModifier))
    assert dialog.file_edit.text() == str(path)
    assert verified(qtbot, dialog, dialog.last_operation) is Verdict.MATCH
    report = dialog.report()
    assert report is not None and report.kind == "return" and report.ok
    assert report.details["expert"]["name"] == expert
    assert dialog.verdict_title.text() == "完整"
    assert expert in dialog.verdict_text.text()


def test_an_unreadable_file_is_said_to_be_unreadable(qtbot: QtBot, tmp_path: Path, settings: QSettings,
                                                     errors: list[str]) -> None:
    junk = tmp_path / "notes.txt"
    junk.write_text("hello", encoding="utf-8")
    dialog = open_verify(qtbot, None)
    assert not dialog.code_edit.isEnabled()  # no workspace: no records to look a code up in
    assert verified(qtbot, dialog, dialog.check_file(junk)) is Verdict.UNREADABLE
    assert dialog.verdict_title.text() == "无法读取"
    assert not dialog.tree.isVisible()


def test_the_window_offers_verify_for_every_role_and_the_desk_for_the_secretary(
        qtbot: QtBot, demo_copy: Workspace, workspace: Workspace, settings: QSettings, errors: list[str]) -> None:
    window = MainWindow(AppContext(demo_copy), settings=settings,
                        desk_modules=("ui.qt_rounds", "ui.qt_sheets"))
    qtbot.addWidget(window)
    assert window.desk("sheets") is not None
    action = window.findChild(type(window.new_action), "verifyAction")
    assert action is not None and action in window.file_menu.actions()
    assert action.text() == "验证文件或验证码(&V)…"
    action.trigger()
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, VerifyDialog) and w.isVisible())
    assert dialog.workspace is demo_copy
    dialog.close()
    window.open_workspace(workspace.root)  # a workspace nobody has used: no sheets desk, but Verify stays
    assert window.desk("sheets") is None
    assert action in window.file_menu.actions()
    window.close()
