"""The secretary's desk: import table, conflicts with evidence, the assignment matrix, bundles and returns,
the status board, paper double entry — driven through the desk, checked in the database."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QMimeData, QPoint, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import select

from db.models import Assignment, Dossier, Expert, Review
from forms.loader import load_form_text
from reviewer import assign, bundle, dossiers, keys, returns, roster, rounds, scoring
from reviewer.fonts import register_reportlab_font
from reviewer.workspace import Workspace, set_setting
from ui import i18n, messages, qt_worker
from ui.qt_assign import STATE_ROLE
from ui.qt_conflicts import highlight_html
from ui.qt_desk import AppContext
from ui.qt_import import FileDialogs, OperatorDialog
from ui.qt_mainwindow import MainWindow
from ui.qt_models import ROW_ROLE
from ui.qt_returns import PassphraseDialog
from ui.qt_secretary import SUMMARY_ROLE, TITLE_ROLE, SecretaryDesk
from ui.qt_worker import Cancelled, IsCancelled, Operation, Progress, ProgressDialog

pytestmark = pytest.mark.qt

WAIT_MS = 30_000

FORM_TEXT = """id = "desk-test"
version = 1
title = { zh = "测试评分表", en = "Test form" }

[[criteria]]
key = "innovation"
title = { zh = "创新性", en = "Innovation" }
max = 10
step = 0.5
weight = 60

[[criteria]]
key = "benefit"
title = { zh = "效益", en = "Benefit" }
max = 10
weight = 40

[[vetoes]]
key = "fraud"
question = { zh = "是否存在弄虚作假？", en = "Any falsification?" }

[[recommendations]]
key = "support"
title = { zh = "推荐", en = "Support" }

[[recommendations]]
key = "reject"
title = { zh = "不推荐", en = "Do not support" }
"""

# number → (title, applicant, lines of the attachment). 王伟's university wrote a support letter for 002.
DOSSIERS = {
    "AI-2026-001": ("智能质检平台", "济南明湖智造有限公司", ["附件1 检测报告", "检测结论：合格"]),
    "AI-2026-002": ("智慧港口调度系统", "青岛港湾集团", ["附件2 合作单位支持函", "山东大学计算机学院将为本项目提供算法支持。"]),
    "AI-2026-003": ("城市交通大模型", "泉城数据科技有限公司", ["附件1 用户证明", "使用单位：济南公交集团"]),
}
EXPERTS = [("王伟", "山东大学", "人工智能", "wang@example.com"),
           ("李娜", "齐鲁工业大学", "智能制造", "li@example.com"),
           ("赵敏", "潍坊某学院", "交通", "zhao@example.com")]
PLANTED = ("AI-2026-002", "王伟")


# --- fixtures -------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _quick_and_chinese(monkeypatch: pytest.MonkeyPatch, qapp: QApplication) -> Iterator[None]:
    monkeypatch.setattr(qt_worker, "PROGRESS_DELAY_MS", 0)
    monkeypatch.setattr(qt_worker, "PROGRESS_INTERVAL_S", 0.0)
    i18n.install_language("zh_CN")
    yield
    assert qt_worker.wait_for_idle(WAIT_MS), "a worker was left running"


@pytest.fixture
def errors(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Every error dialog, recorded instead of shown."""
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(messages.MessageBox, "error",
                        classmethod(lambda cls, p, title, text: shown.append((title, text))))
    return shown


def write_pdf(path: Path, pages: list[list[str]]) -> Path:
    """A real PDF with Chinese text (the bundled font), one list of lines per page."""
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


def write_dossier_folder(root: Path, *, broken: bool = False) -> Path:
    """One sub-folder per application (申报书 + 附件); with ``broken``, a damaged PDF and a stray text file too."""
    for number, (title, applicant, attachment) in DOSSIERS.items():
        folder = root / f"{number}_{title}"
        folder.mkdir(parents=True)
        write_pdf(folder / "申报书.pdf", [[f"项目名称：{title}", f"申报单位：{applicant}"], ["第二部分 技术方案"]])
        write_pdf(folder / "附件.pdf", [attachment])
    if broken:
        damaged = root / "AI-2026-009_损坏的申报"
        damaged.mkdir()
        good = (root / "AI-2026-001_智能质检平台" / "申报书.pdf").read_bytes()
        (damaged / "申报书.pdf").write_bytes(good[: len(good) // 3])
        (root / "说明.txt").write_text("申报材料清单", encoding="utf-8")
    return root


def write_roster(path: Path) -> Path:
    lines = ["姓名,单位,领域,邮箱"] + [",".join(e) for e in EXPERTS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def new_round(ws: Workspace, *, per_dossier: int = 2) -> int:
    with ws.session() as s:
        set_setting(s, "role", "secretary")
        return rounds.create_round(s, name="2026年度测试评审", form=load_form_text(FORM_TEXT, "desk-test.toml"),
                                   per_dossier=per_dossier, actor="test").id


@pytest.fixture
def ready_round(workspace: Workspace, tmp_path: Path) -> int:
    """A round with dossiers (indexed) and the roster, through the real services; no conflict check yet."""
    rid = new_round(workspace)
    dossiers.import_dossiers(workspace, rid, write_dossier_folder(tmp_path / "source"))
    dossiers.index_pending(workspace, rid)
    with workspace.session() as s:
        roster.import_experts(s, rid, write_roster(tmp_path / "roster.csv"))
    return rid


def make_desk(qtbot: QtBot, workspace: Workspace, settings: QSettings, round_id: int) -> SecretaryDesk:
    ctx = AppContext(workspace)
    desk = SecretaryDesk(settings=settings)
    qtbot.addWidget(desk)
    desk.set_context(ctx)
    ctx.set_round(round_id)
    desk.resize(1300, 850)
    desk.show()
    return desk


def window_with_desk(qtbot: QtBot, workspace: Workspace, settings: QSettings) -> tuple[MainWindow, SecretaryDesk]:
    """The main window with the overview and the secretary desk, shown."""
    window = MainWindow(AppContext(workspace), desk_modules=("ui.qt_rounds", "ui.qt_secretary"), settings=settings)
    qtbot.addWidget(window)
    window.show()
    desk = window.desk("secretary")
    assert isinstance(desk, SecretaryDesk)
    return window, desk


def finish(qtbot: QtBot, op: Operation[Any] | None) -> Operation[Any]:
    """Wait until ``op`` is over; it must have succeeded."""
    assert op is not None
    if op.outcome is None:
        with qtbot.waitSignal(op.finished, timeout=WAIT_MS):
            pass
    assert op.outcome == "succeeded", op.outcome
    return op


def visible_progress() -> list[ProgressDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, ProgressDialog) and w.isVisible()]


def ids(ws: Workspace, round_id: int) -> tuple[dict[str, int], dict[str, int]]:
    with ws.session() as s:
        d = {x.number: x.id for x in s.scalars(select(Dossier).where(Dossier.round_id == round_id))}
        e = {x.name: x.id for x in s.scalars(select(Expert).where(Expert.round_id == round_id))}
    return d, e


def pairs(ws: Workspace, round_id: int) -> set[tuple[str, str]]:
    with ws.session() as s:
        return {(n, e) for n, names in assign.assignments_by_dossier(s, round_id).items() for e in names}


# --- the desk in the window -----------------------------------------------------------------------


def test_the_desk_plugs_into_the_window_and_shows_what_is_next(qtbot: QtBot, workspace: Workspace,
                                                               settings: QSettings, tmp_path: Path,
                                                               ready_round: int) -> None:
    window, desk = window_with_desk(qtbot, workspace, settings)
    assert window.tabs.tabText(window.tabs.indexOf(desk)) == "秘书台"
    assert {desk.new_round_action, desk.import_returns_action} <= set(window.file_menu.actions())
    assert window.ctx.round_id == ready_round
    # A lazy desk: it reads the round when its tab comes to the front, not while the window opens.
    assert window.tabs.currentWidget() is not desk and desk.workflow.dossiers == 0
    window.show_desk("secretary")
    w = desk.workflow
    assert (w.dossiers, w.files, w.unindexed, w.experts) == (3, 6, 0, 3)
    assert [w.done(step) for step in ("setup", "dossiers", "experts", "assign", "exchange")] == [
        True, True, False, False, False]
    assert desk.current_step() == "experts", "the desk opens on the next thing to do"
    assert "回避" in desk.banner.text()
    assert desk.steps.item(2).data(TITLE_ROLE) == "3 专家与回避"
    assert desk.steps.item(2).data(SUMMARY_ROLE) == "3 位专家 · 尚未排查回避"
    # Every word follows the language, at once.
    i18n.set_language("en", settings)
    qtbot.waitUntil(lambda: window.tabs.tabText(window.tabs.indexOf(desk)) == "Secretary's desk", timeout=WAIT_MS)
    assert desk.page_title.text() == "3 Experts & conflicts" and "Next:" in desk.banner.text()
    assert desk.roster_panel.model.headerData(0, Qt.Orientation.Horizontal) == "Name"
    assert desk.experts_tabs.tabText(1) == "Likely conflicts"
    i18n.set_language("zh_CN", settings)
    qtbot.waitUntil(lambda: desk.page_title.text() == "3 专家与回避", timeout=WAIT_MS)
    # An expert's workspace has no secretary's desk, and its File menu loses the desk's actions.
    other = Workspace.open(tmp_path / "expert-ws")
    other.set_setting("role", "expert")
    other.close()
    assert window.open_workspace(tmp_path / "expert-ws")
    assert window.desk("secretary") is None
    assert desk.new_round_action not in window.file_menu.actions()
    window.close()
    window.ctx.close()


# --- dossier import ---------------------------------------------------------------------------------


def test_the_import_table_shows_imported_and_rejected_files(qtbot: QtBot, qtmodeltester: Any, workspace: Workspace,
                                                            settings: QSettings, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch,
                                                            errors: list[tuple[str, str]]) -> None:
    rid = new_round(workspace)
    source = write_dossier_folder(tmp_path / "source", broken=True)
    desk = make_desk(qtbot, workspace, settings, rid)
    assert desk.current_step() == "dossiers"
    panel = desk.dossier_panel
    monkeypatch.setattr(FileDialogs, "folder", classmethod(lambda cls, parent, title, start=None: source))
    panel.folder_button.click()
    op = finish(qtbot, panel.import_op)
    assert op.progress_dialog is not None, "the import ran with a progress dialog"
    assert not visible_progress(), "the progress dialog closed"

    statuses = [r.status for r in panel.result_model.rows()]
    assert statuses.count("imported") == 6 and statuses.count("rejected") == 2
    assert statuses[:2] == ["rejected", "rejected"], "problems come first"
    damaged = next(r for r in panel.result_model.rows() if r.dossier == "AI-2026-009")
    assert damaged.status == "rejected" and damaged.reason
    stray = next(r for r in panel.result_model.rows() if Path(r.file).name == "说明.txt")
    assert stray.status == "rejected" and "PDF" in (stray.reason or "")
    model = panel.result_model
    first = model.index(0, model.column_index("status"))
    assert first.data() == "已拒绝"
    assert first.data(Qt.ItemDataRole.DecorationRole) is not None, "state shown by icon"
    assert first.data(Qt.ItemDataRole.ForegroundRole).name() == "#c62828", "and by colour"
    assert "已导入" in panel.result_summary.text() and "6" in panel.result_summary.text()
    qtmodeltester.check(model)

    copied = panel.result_view.copy_text().splitlines()
    assert copied[0].split("\t")[:3] == ["结果", "文件", "申报编号"]
    assert len(copied) == 1 + 8 and any("已拒绝" in line and "AI-2026-009" in line for line in copied)
    panel.result_view.sortByColumn(model.column_index("file"), Qt.SortOrder.AscendingOrder)
    names = [panel.result_proxy.index(r, model.column_index("file")).data()
             for r in range(panel.result_proxy.rowCount())]
    assert names == sorted(names, key=str.casefold)

    # Text indexing follows in the background, with its own (inline) progress.
    assert panel.index_op is not None and panel.index_bar.isVisible() and panel.index_cancel.isVisible()
    assert not panel.index_button.isVisible(), "no second start while indexing runs"
    reported: list[tuple[int, int]] = []
    panel.index_op.progressed.connect(lambda done, total, _text: reported.append((done, total)))
    index_op = finish(qtbot, panel.index_op)
    assert index_op.progress_dialog is None, "indexing does not block the window"
    assert reported and reported[-1] == (6, 6)
    qtbot.waitUntil(lambda: desk.workflow.unindexed == 0, timeout=WAIT_MS)
    assert not panel.index_bar.isVisible()
    assert desk.workflow.dossiers == 3 and desk.workflow.done("dossiers")
    with workspace.session() as s:
        assert [h.dossier for h in dossiers.search(s, rid, "港口调度")] == ["AI-2026-002"]

    # Importing again: everything is recognised, nothing is copied twice.
    panel.folder_button.click()
    finish(qtbot, panel.import_op)
    again = [r.status for r in panel.result_model.rows()]
    assert again.count("unchanged") == 6 and again.count("imported") == 0
    assert not errors


def test_indexing_can_be_stopped(qtbot: QtBot, workspace: Workspace, settings: QSettings, tmp_path: Path) -> None:
    rid = new_round(workspace)
    dossiers.import_dossiers(workspace, rid, write_dossier_folder(tmp_path / "source"))
    desk = make_desk(qtbot, workspace, settings, rid)
    assert desk.workflow.unindexed == 6
    panel = desk.dossier_panel
    assert panel.index_button.isVisible()
    # Hold the serial worker, so that Stop is pressed before indexing reaches its first file.
    gate = threading.Event()

    def hold(progress: Progress, cancelled: IsCancelled) -> None:
        if not gate.wait(WAIT_MS / 1000):
            raise Cancelled

    blocker = Operation(hold).run_in_background()
    panel.index_button.click()
    op = panel.index_op
    assert op is not None and panel.index_bar.isVisible() and panel.index_cancel.isVisible()
    panel.index_cancel.click()
    gate.set()
    finish(qtbot, blocker)
    finish(qtbot, op)
    assert not panel.index_bar.isVisible()
    qtbot.waitUntil(lambda: desk.workflow.unindexed == 6, timeout=WAIT_MS)
    assert panel.index_button.isVisible(), "indexing can be started again"
    panel.index_button.click()
    finish(qtbot, panel.index_op)
    qtbot.waitUntil(lambda: desk.workflow.unindexed == 0, timeout=WAIT_MS)


# --- roster, conflicts, search -------------------------------------------------------------------------


def test_a_planted_conflict_is_shown_with_evidence_and_confirming_withdraws_the_assignment(
        qtbot: QtBot, qtmodeltester: Any, workspace: Workspace, settings: QSettings, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, errors: list[tuple[str, str]]) -> None:
    rid = new_round(workspace)
    dossiers.import_dossiers(workspace, rid, write_dossier_folder(tmp_path / "source"))
    dossiers.index_pending(workspace, rid)
    desk = make_desk(qtbot, workspace, settings, rid)
    desk.show_step("experts")
    roster_file = write_roster(tmp_path / "专家名单.csv")
    monkeypatch.setattr(FileDialogs, "open_file",
                        classmethod(lambda cls, parent, title, filters, start=None: roster_file))
    desk.roster_panel.import_button.click()
    finish(qtbot, desk.roster_panel.import_op)
    assert [r.name for r in desk.roster_panel.model.rows()] == sorted(e[0] for e in EXPERTS)
    qtmodeltester.check(desk.roster_panel.model)
    assert {r.last_import for r in desk.roster_panel.model.rows()} == {"added"}
    # Conflicts are looked for as soon as the roster is in.
    finish(qtbot, desk.conflicts_panel.detect_op)
    assert desk.experts_tabs.currentWidget() is desk.conflicts_panel, "suspicions are shown at once"
    panel = desk.conflicts_panel
    rows = panel.model.rows()
    assert [(r.dossier, r.expert, r.status) for r in rows] == [(*PLANTED, "suspected")]
    qtmodeltester.check(panel.model)
    row = panel.current_row()
    assert row is not None and (row.dossier, row.expert) == PLANTED
    evidence = panel.evidence_model.rows()
    assert [(e.file, e.page) for e in evidence] == [("附件.pdf", 1)]
    qtmodeltester.check(panel.evidence_model)
    assert evidence[0].line == "山东大学计算机学院将为本项目提供算法支持。"
    assert "山东大学" in row.terms
    marked = highlight_html(evidence[0].line, row.terms)
    assert "<span" in marked and ">山东大学</span>计算机学院" in marked
    assert "王伟" in panel.heading.text() and "AI-2026-002" in panel.heading.text()
    assert panel.confirm_button.isEnabled() and panel.dismiss_button.isEnabled()
    assert desk.workflow.suspected == 1 and not desk.workflow.done("experts")

    # Suspicions do not block: an assignment of every expert to every dossier includes the pair.
    desk.show_step("assign")
    desk.assign_panel.k_spin.setValue(3)
    desk.assign_panel.assign_button.click()
    finish(qtbot, desk.assign_panel.assign_op)
    assert PLANTED in pairs(workspace, rid)
    cell = desk.assign_panel.model.index_of(*PLANTED)
    assert cell.data(STATE_ROLE) == "suspected" and cell.data(Qt.ItemDataRole.DecorationRole) is not None

    desk.show_step("experts")
    desk.experts_tabs.setCurrentWidget(panel)
    assert panel.select_conflict(*PLANTED)
    panel.confirm_button.click()
    finish(qtbot, panel.decide_op)
    assert PLANTED not in pairs(workspace, rid), "confirming withdrew the assignment"
    assert len(pairs(workspace, rid)) == 8
    with workspace.session() as s:
        [conflict] = roster.list_conflicts(s, rid)
        assert conflict.status == "confirmed"
    assert panel.proxy.rowCount() == 0, "nothing left to decide"
    panel.filter_combo.setCurrentIndex(1)
    assert [r.status for r in panel.model.rows()] == ["confirmed"] and panel.proxy.rowCount() == 1
    assert desk.workflow.done("experts")

    desk.show_step("assign")
    cell = desk.assign_panel.model.index_of(*PLANTED)
    assert cell.data(STATE_ROLE) == "blocked"
    assert cell.data(Qt.ItemDataRole.CheckStateRole) is None
    assert not (desk.assign_panel.model.flags(cell) & Qt.ItemFlag.ItemIsUserCheckable), "not checkable"
    assert cell.data(Qt.ItemDataRole.BackgroundRole).name() == "#ffcdd2", "shown in red"
    assert "回避" in cell.data(Qt.ItemDataRole.ToolTipRole)
    assert not errors


def test_full_text_search_lists_dossier_file_page_and_text(qtbot: QtBot, qtmodeltester: Any, workspace: Workspace,
                                                           settings: QSettings, ready_round: int) -> None:
    desk = make_desk(qtbot, workspace, settings, ready_round)
    desk.show_step("experts")
    desk.experts_tabs.setCurrentWidget(desk.search_panel)
    panel = desk.search_panel
    with qtbot.waitSignal(panel.searched, timeout=WAIT_MS) as searched:
        panel.query_edit.setText("合作单位 支持函")
    assert searched.args == [1]
    [hit] = panel.model.rows()
    assert (hit.dossier, hit.file, hit.page) == ("AI-2026-002", "附件.pdf", 1)
    qtmodeltester.check(panel.model)
    assert "支持函" in hit.snippet
    assert panel.count_label.text() == "1 页"
    with qtbot.waitSignal(panel.searched, timeout=WAIT_MS) as searched:
        panel.query_edit.setText("申报单位")
        panel.search_now()
    assert searched.args == [3]
    with qtbot.waitSignal(panel.searched, timeout=WAIT_MS) as searched:
        panel.query_edit.clear()
    assert searched.args == [0] and panel.model.rowCount() == 0


# --- the matrix ------------------------------------------------------------------------------------


def test_the_matrix_toggles_an_assignment_and_explains_a_refusal(qtbot: QtBot, qtmodeltester: Any,
                                                                 workspace: Workspace, settings: QSettings,
                                                                 ready_round: int,
                                                                 errors: list[tuple[str, str]]) -> None:
    rid = ready_round
    d_ids, e_ids = ids(workspace, rid)
    with workspace.session() as s:
        assign.set_assignment(s, rid, d_ids["AI-2026-001"], e_ids["李娜"], True, "test")
    desk = make_desk(qtbot, workspace, settings, rid)
    desk.show_step("assign")
    panel = desk.assign_panel
    model = panel.model
    qtmodeltester.check(model)
    assert model.rowCount() == 3 and model.columnCount() == 3
    header = model.headerData(model.index_of("AI-2026-001", "李娜").column(), Qt.Orientation.Horizontal)
    assert header.splitlines() == ["李娜", "负荷 1"]
    assert model.headerData(0, Qt.Orientation.Vertical) == "AI-2026-001   1/2"

    cell = model.index_of("AI-2026-003", "赵敏")
    assert cell.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    rect = panel.view.visualRect(cell)
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    finish(qtbot, panel.toggle_op)
    assert ("AI-2026-003", "赵敏") in pairs(workspace, rid)
    cell = model.index_of("AI-2026-003", "赵敏")
    assert cell.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert model.headerData(cell.column(), Qt.Orientation.Horizontal).splitlines()[1] == "负荷 1"
    with workspace.session() as s:
        manual = s.scalars(select(Assignment.source).where(Assignment.dossier_id == d_ids["AI-2026-003"])).one()
    assert manual == "manual"

    # Clearing it again (keyboard: Space on the current cell).
    panel.view.setCurrentIndex(cell)
    qtbot.keyClick(panel.view, Qt.Key.Key_Space)
    finish(qtbot, panel.toggle_op)
    assert ("AI-2026-003", "赵敏") not in pairs(workspace, rid)

    # A conflict confirmed elsewhere since the matrix was read: the core refuses, the reason is shown.
    with workspace.session() as s:
        [c] = [c for c in roster.detect_conflicts(s, rid) if (c.dossier.number, c.expert.name) == PLANTED]
        roster.decide_conflict(s, c.id, True, "test")
    op = panel.toggle(d_ids[PLANTED[0]], e_ids[PLANTED[1]], True)
    with qtbot.waitSignal(op.finished, timeout=WAIT_MS):
        pass
    assert op.outcome == "failed"
    assert len(errors) == 1 and errors[0][0] == "分配未更改" and "回避" in errors[0][1]
    assert PLANTED not in pairs(workspace, rid)
    assert model.index_of(*PLANTED).data(STATE_ROLE) == "blocked", "the matrix shows the state as it is"


# --- bundles, returns, status board -----------------------------------------------------------------------


def expert_scores_and_returns(bundle_file: Path, root: Path, out: Path) -> Path:
    """An expert's whole session through the real services: import, confirm, score, sign, export."""
    with Workspace.open(root) as ews:
        summary = bundle.import_bundle(ews, bundle_file)
        key = keys.load_key(ews)
        for number in summary.dossiers:
            with ews.session() as s:
                rnd = rounds.only_round(s)
                me = scoring.me(s, rnd)
                dossier = scoring.find_dossier(s, rnd, number)
                scoring.confirm_no_conflict(s, rnd, dossier, me)
                review_id = scoring.open_review(s, rnd, dossier, me).id
            with ews.session() as s:
                scoring.update_review(s, review_id, score=("innovation", Decimal("8.5")))
                scoring.update_review(s, review_id, score=("benefit", Decimal("7")))
                scoring.update_review(s, review_id, veto=("fraud", False))
                scoring.update_review(s, review_id, recommendation="support")
            with ews.session() as s:
                scoring.submit(s, ews, review_id, key)
        returns.export_return(ews, out)
    return out


def test_the_status_board_reflects_an_accepted_return(qtbot: QtBot, qtmodeltester: Any, workspace: Workspace,
                                                      settings: QSettings, tmp_path: Path, ready_round: int,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      errors: list[tuple[str, str]]) -> None:
    rid = ready_round
    d_ids, e_ids = ids(workspace, rid)
    with workspace.session() as s:
        for number, name in (("AI-2026-001", "李娜"), ("AI-2026-003", "李娜"), ("AI-2026-001", "赵敏")):
            assign.set_assignment(s, rid, d_ids[number], e_ids[name], True, "test")
    window, desk = window_with_desk(qtbot, workspace, settings)
    desk.show_step("exchange")
    usb = tmp_path / "U盘"
    monkeypatch.setattr(FileDialogs, "folder", classmethod(lambda cls, parent, title, start=None: usb))
    desk.bundles_panel.export_button.click()
    finish(qtbot, desk.bundles_panel.export_op)
    bundles = {r.expert: r for r in desk.bundles_panel.model.rows()}
    assert {n: r.dossiers for n, r in bundles.items()} == {"李娜": ("AI-2026-001", "AI-2026-003"),
                                                          "赵敏": ("AI-2026-001",)}
    assert all(Path(r.file).is_file() and Path(r.file).parent == usb for r in bundles.values())
    qtmodeltester.check(desk.bundles_panel.model)
    assert not visible_progress()

    desk.exchange_tabs.setCurrentWidget(desk.board_panel)
    board = desk.board_panel
    qtmodeltester.check(board.model)
    li = board.row("李娜")
    assert li is not None and li.bundle_sent_at is not None and li.state == "waiting"
    assert li.missing == ("AI-2026-001", "AI-2026-003")

    returned = expert_scores_and_returns(Path(bundles["李娜"].file), tmp_path / "expert-li", tmp_path / "李娜.rwreturn")
    # Dropped on the window: the desk takes .rwreturn files and merges them.
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(returned))])
    enter = QDragEnterEvent(QPoint(100, 100), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    window.dragEnterEvent(enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(100, 100), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    window.dropEvent(drop)
    assert desk.exchange_tabs.currentWidget() is desk.returns_panel
    finish(qtbot, desk.returns_panel.import_op)
    qtmodeltester.check(desk.returns_panel.model)
    [result] = desk.returns_panel.model.rows()
    assert (result.status, result.expert, result.reviews) == ("accepted", "李娜", 2)
    status = desk.returns_panel.model.index(0, 0)
    assert status.data() == "已接收" and status.data(Qt.ItemDataRole.DecorationRole) is not None

    desk.exchange_tabs.setCurrentWidget(board)
    li = board.row("李娜")
    assert li is not None
    assert (li.state, li.submitted, li.assigned, li.missing, li.return_status) == ("done", 2, 2, (), "accepted")
    zhao = board.row("赵敏")
    assert zhao is not None and zhao.state == "waiting" and zhao.missing == ("AI-2026-001",)
    li_index = next(board.proxy.index(r, 0) for r in range(board.proxy.rowCount())
                    if board.proxy.index(r, 0).data(ROW_ROLE).expert == "李娜")
    assert li_index.data() == "已完成" and li_index.data(Qt.ItemDataRole.ForegroundRole).name() == "#2e7d32"
    assert desk.workflow.complete == 1 and desk.workflow.working == 2

    # The same file again changes nothing; the menu action asks for files.
    monkeypatch.setattr(FileDialogs, "open_files", classmethod(lambda cls, parent, title, filters, start=None:
                                                               [returned]))
    desk.import_returns_action.trigger()
    finish(qtbot, desk.returns_panel.import_op)
    assert [r.status for r in desk.returns_panel.model.rows()] == ["unchanged"]
    assert not errors
    window.close()
    window.ctx.close()


def test_exporting_bundles_asks_for_the_keys_passphrase(qtbot: QtBot, workspace: Workspace, settings: QSettings,
                                                        tmp_path: Path, ready_round: int,
                                                        monkeypatch: pytest.MonkeyPatch,
                                                        errors: list[tuple[str, str]]) -> None:
    rid = ready_round
    d_ids, e_ids = ids(workspace, rid)
    with workspace.session() as s:
        assign.set_assignment(s, rid, d_ids["AI-2026-001"], e_ids["李娜"], True, "test")
    keys.create_key(workspace, "秘书处口令")
    desk = make_desk(qtbot, workspace, settings, rid)
    desk.show_step("exchange")
    panel = desk.bundles_panel
    answers = iter([None, "猜错了", "秘书处口令"])
    asked: list[str] = []
    monkeypatch.setattr(PassphraseDialog, "ask", classmethod(
        lambda cls, parent, title, label: asked.append(label) or next(answers)))
    usb = tmp_path / "usb"
    assert panel.start_export(usb) is None, "a cancelled passphrase dialog exports nothing"
    op = panel.start_export(usb)
    assert op is not None
    with qtbot.waitSignal(op.finished, timeout=WAIT_MS):
        pass
    assert op.outcome == "failed" and len(errors) == 1 and "口令不正确" in errors[0][1]
    assert not usb.exists() or not any(usb.iterdir())
    finish(qtbot, panel.start_export(usb))
    assert len(asked) == 3 and "口令" in asked[0]
    assert [r.expert for r in panel.model.rows()] == ["李娜"] and Path(panel.model.rows()[0].file).is_file()


# --- paper entry --------------------------------------------------------------------------------------


def paper_csv(path: Path, values: dict[str, dict[str, str]]) -> Path:
    lines = ["dossier,criterion,value,comment"]
    for number, cells in values.items():
        lines += [f"{number},{cell},{value}," for cell, value in cells.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


SHEET = {"innovation": "8.5", "benefit": "7", "veto.fraud": "否", "recommendation": "推荐"}


def test_paper_double_entry_differences_are_resolved_and_submitted(
        qtbot: QtBot, qtmodeltester: Any, workspace: Workspace, settings: QSettings, tmp_path: Path,
        ready_round: int, monkeypatch: pytest.MonkeyPatch, errors: list[tuple[str, str]]) -> None:
    rid = ready_round
    d_ids, e_ids = ids(workspace, rid)
    with workspace.session() as s:
        for number in ("AI-2026-001", "AI-2026-003"):
            assign.set_assignment(s, rid, d_ids[number], e_ids["赵敏"], True, "test")
    desk = make_desk(qtbot, workspace, settings, rid)
    desk.show_step("exchange")
    desk.exchange_tabs.setCurrentWidget(desk.paper_panel)
    panel = desk.paper_panel
    assert panel.select_expert("赵敏")
    assert [r.dossier for r in panel.model.rows()] == ["AI-2026-001", "AI-2026-003"]
    assert {r.state for r in panel.model.rows()} == {"empty"}
    qtmodeltester.check(panel.model)

    # The blank sheet to print for the expert: one sheet per dossier.
    sheet = tmp_path / "赵敏-评分表.xlsx"
    monkeypatch.setattr(FileDialogs, "save_file", classmethod(lambda cls, parent, title, filters, start=None: sheet))
    panel.template_button.click()
    finish(qtbot, panel.op)
    assert {"AI-2026-001", "AI-2026-003"} <= set(load_workbook(sheet).sheetnames)

    first = paper_csv(tmp_path / "first.csv", {"AI-2026-001": SHEET, "AI-2026-003": SHEET})
    second = paper_csv(tmp_path / "second.csv", {
        "AI-2026-001": SHEET | {"innovation": "6.5", "veto.fraud": "是"},
        "AI-2026-003": SHEET,
    })
    asked: list[str] = []
    names = iter(["张录入", "李核对"])
    monkeypatch.setattr(OperatorDialog, "ask", classmethod(
        lambda cls, parent, title, label, default="": asked.append(title) or next(names)))
    chosen = iter([first, second])
    monkeypatch.setattr(FileDialogs, "open_file", classmethod(
        lambda cls, parent, title, filters, start=None: next(chosen)))

    panel.first_button.click()
    finish(qtbot, panel.op)
    assert panel.operator.name() == "张录入", "the operator's name is asked once and remembered"
    assert settings.value("secretary/operator") == "张录入"
    assert {r.state for r in panel.model.rows()} == {"ready"}
    panel.second_button.click()
    finish(qtbot, panel.op)
    assert asked == ["录入人", "第二次录入"]
    rows = {r.dossier: r for r in panel.model.rows()}
    assert rows["AI-2026-001"].state == "differences" and rows["AI-2026-003"].state == "ready"
    assert (rows["AI-2026-001"].first_by, rows["AI-2026-001"].second_by) == ("张录入", "李核对")
    assert panel.current_row() is not None and panel.current_row().dossier == "AI-2026-001"
    qtmodeltester.check(panel.diff_model)
    diffs = [(d.cell, d.first, d.second) for d in panel.diff_model.rows()]
    assert diffs == [("innovation", "8.5", "6.5"), ("veto.fraud", "否 no", "是 yes")]
    assert not panel.submit_button.isEnabled(), "no submission while the entries differ"

    # The paper says 8.5 (the first typist was right): choose it. The veto: typed by hand.
    panel.use_first.click()
    finish(qtbot, panel.op)
    qtbot.waitUntil(lambda: [d.cell for d in panel.diff_model.rows()] == ["veto.fraud"], timeout=WAIT_MS)
    assert panel.value_edit.text() == "否"
    panel.value_edit.setText("否")
    panel.resolve_button.click()
    finish(qtbot, panel.op)
    qtbot.waitUntil(lambda: panel.current_row() is not None and panel.current_row().state == "ready",
                    timeout=WAIT_MS)
    assert panel.diff_model.rowCount() == 0
    assert panel.submit_button.isEnabled()

    monkeypatch.setattr(messages.MessageBox, "ask", classmethod(lambda cls, parent, title, text: True))
    panel.submit_button.click()
    finish(qtbot, panel.op)
    with workspace.session() as s:
        review = s.scalars(select(Review).where(Review.dossier_id == d_ids["AI-2026-001"],
                                                Review.expert_id == e_ids["赵敏"], Review.current.is_(True))).one()
        assert (review.status, review.origin, review.entered_by, review.signature) == (
            "submitted", "paper", "张录入", None)
        assert review.total == Decimal("8.5") * 6 + Decimal(7) * 4
        assert review.vetoes == {"fraud": False}
    row = next(r for r in panel.model.rows() if r.dossier == "AI-2026-001")
    assert row.state == "submitted"
    board = desk.board_panel
    desk.exchange_tabs.setCurrentWidget(board)
    zhao = board.row("赵敏")
    assert zhao is not None and zhao.submitted == 1 and zhao.missing == ("AI-2026-003",)
    assert not errors


def test_import_returns_from_the_file_menu_works_while_another_desk_is_in_front(
        qtbot: QtBot, workspace: Workspace, settings: QSettings, ready_round: int,
        monkeypatch: pytest.MonkeyPatch) -> None:
    window, desk = window_with_desk(qtbot, workspace, settings)
    window.show_desk("overview")
    seen: list[bool] = []
    monkeypatch.setattr(desk.returns_panel, "import_returns", lambda: seen.append(desk.returns_panel.has_round()))
    desk.import_returns_action.trigger()
    assert seen == [True], "the returns panel knows its round although the desk was behind another tab"
    assert window.tabs.currentWidget() is desk and desk.current_step() == "exchange"
