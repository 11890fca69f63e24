"""The application shell: main window, desks plug-in point, languages, dossier overview, messages."""

from __future__ import annotations

import logging
import subprocess
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QSettings, Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from db.models import Assignment, Dossier, DossierFile, Expert, Review
from forms.loader import FormError, load_form_text
from reviewer import rounds
from reviewer.errors import ImportRejected, WorkspaceError
from reviewer.workspace import DB_NAME, Workspace
from ui import i18n, messages, qt_worker
from ui.qt_desk import NO_ROUND, AppContext, Desk, Topic
from ui.qt_mainwindow import KEY_LAST_WORKSPACE, MainWindow, WorkspaceDialog
from ui.qt_models import ROW_ROLE, SORT_ROLE
from ui.qt_rounds import OverviewDesk, make_dossier_model

pytestmark = pytest.mark.qt

ROOT = Path(__file__).resolve().parents[2]
WAIT_MS = 10_000

MINIMAL_FORM = """
id = "minimal"
version = 1
title = { zh = "最简评分表", en = "Minimal form" }

[[criteria]]
key = "overall"
title = { zh = "综合评价", en = "Overall" }
max = 10
"""

DOSSIERS = [
    # number, title, applicant, category, [(file, pages)], experts, submitted by
    ("AI-2026-001", "智能质检平台", "济南明湖智造有限公司", "融合创新", [("申报书.pdf", 12), ("附件1.pdf", 230)],
     ["王磊", "李娜"], ["王磊"]),
    ("AI-2026-002", "城市交通大模型", "泉城数据科技", "应用示范", [("申报书.pdf", 40)], ["李娜"], []),
    ("AI-2026-010", "Robot arm vision", "Lakeside Robotics", "优秀产品", [], [], []),
]


# --- fixtures -----------------------------------------------------------------------------------


@pytest.fixture
def round_id(workspace: Workspace) -> int:
    """A round with three dossiers, files, two experts, assignments and one submitted review."""
    form = load_form_text(MINIMAL_FORM, origin="test")
    with workspace.session() as s:
        rnd = rounds.create_round(s, name="2026年人工智能融合创新项目评审", form=form, actor="test")
        experts = {name: Expert(round_id=rnd.id, name=name) for name in ("王磊", "李娜")}
        s.add_all(experts.values())
        for number, title, applicant, category, files, assigned, submitted in DOSSIERS:
            d = Dossier(round_id=rnd.id, number=number, title=title, applicant=applicant, category=category)
            d.files = [DossierFile(position=i, name=name, sha256=f"{number}-{i}".ljust(64, "0"), size=1000, pages=pages)
                       for i, (name, pages) in enumerate(files)]
            s.add(d)
            s.flush()
            for name in assigned:
                s.add(Assignment(round_id=rnd.id, dossier_id=d.id, expert_id=experts[name].id))
            for name in submitted:
                s.add(Review(round_id=rnd.id, dossier_id=d.id, expert_id=experts[name].id,
                             form_hash=rnd.form_hash, status="submitted"))
            # a draft is not a submitted review
            for name in set(assigned) - set(submitted):
                s.add(Review(round_id=rnd.id, dossier_id=d.id, expert_id=experts[name].id,
                             form_hash=rnd.form_hash, status="draft"))
        s.add(Review(round_id=rnd.id, dossier_id=d.id, expert_id=experts["王磊"].id, version=1,
                     form_hash=rnd.form_hash, status="superseded", current=False))
        s.flush()
        rid = rnd.id
    workspace.set_setting("role", "secretary")
    return rid


def make_window(qtbot: QtBot, ws: Workspace | None, settings: QSettings,
                desk_modules: tuple[str, ...] | None = None) -> MainWindow:
    if desk_modules is None:
        window = MainWindow(AppContext(ws), settings=settings)
    else:
        window = MainWindow(AppContext(ws), settings=settings, desk_modules=desk_modules)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def overview(window: MainWindow) -> OverviewDesk:
    desk = window.desk("overview")
    assert isinstance(desk, OverviewDesk)
    return desk


# --- the core query the overview is built on ----------------------------------------------------


def test_dossier_rows_counts_files_pages_experts_and_submitted_reviews(workspace: Workspace, round_id: int) -> None:
    with workspace.session() as s:
        rows = rounds.dossier_rows(s, round_id)
    by_number = {r.number: r for r in rows}
    assert [r.number for r in rows] == ["AI-2026-001", "AI-2026-002", "AI-2026-010"]
    first = by_number["AI-2026-001"]
    assert (first.files, first.pages, first.experts, first.submitted_reviews) == (2, 242, ("李娜", "王磊"), 1)
    assert (by_number["AI-2026-002"].pages, by_number["AI-2026-002"].submitted_reviews) == (40, 0)
    assert (by_number["AI-2026-010"].files, by_number["AI-2026-010"].experts) == (0, ())


# --- main window --------------------------------------------------------------------------------


def test_main_window_opens_on_a_fresh_workspace(qtbot: QtBot, workspace: Workspace, settings: QSettings) -> None:
    window = make_window(qtbot, workspace, settings)
    # A new user may become either a secretary (create a round) or an expert (open a bundle).
    assert sorted(d.key() for d in window.desks()) == ["expert", "overview", "secretary"]
    assert window.tabs.tabText(0) == "概览"
    assert "专家评审工作站" in window.windowTitle()
    assert str(workspace.root) in window.workspace_label.text()
    assert window.role_label.text() == "身份：新建工作区"
    assert window.round_label.text() == "未选择评审轮次"
    desk = overview(window)
    assert desk.stack.currentWidget() is desk.placeholder and desk.placeholder.isVisible()
    assert window.rounds_pane.empty.isVisible() and not window.rounds_pane.view.isVisible()
    assert settings.value(KEY_LAST_WORKSPACE) == str(workspace.root)


def test_the_newest_round_is_selected_and_shown(qtbot: QtBot, workspace: Workspace, round_id: int,
                                                settings: QSettings) -> None:
    window = make_window(qtbot, workspace, settings)
    assert window.ctx.round_id == round_id
    assert window.role_label.text() == "身份：评审秘书"
    assert window.round_label.text() == "评审轮次：2026年人工智能融合创新项目评审"
    desk = overview(window)
    assert desk.heading.text() == "2026年人工智能融合创新项目评审"
    assert desk.model.rowCount() == 3 and desk.count_label.text() == "3 份申报材料"
    assert desk._fact_labels["submitted"][1].text() == "1"
    window.ctx.set_round(NO_ROUND)
    assert desk.stack.currentWidget() is desk.placeholder


def test_language_switch_changes_visible_texts(qtbot: QtBot, workspace: Workspace, round_id: int,
                                               settings: QSettings) -> None:
    window = make_window(qtbot, workspace, settings)
    desk = overview(window)
    header = desk.table.model().headerData(0, Qt.Orientation.Horizontal)
    assert (window.file_menu.title(), window.tabs.tabText(0), header) == ("文件(&F)", "概览", "申报编号")
    assert window.language_actions["zh_CN"].isChecked()

    window.language_actions["en"].trigger()
    qtbot.waitUntil(lambda: window.file_menu.title() == "&File", timeout=WAIT_MS)
    assert window.tabs.tabText(0) == "Overview"
    assert window.rounds_dock.windowTitle() == "Rounds"
    assert desk.table.model().headerData(0, Qt.Orientation.Horizontal) == "Number"
    assert desk._fact_labels["rule"][1].text() == "mean", "domain text follows the language too"
    assert desk.count_label.text() == "3 dossiers"
    assert window.role_label.text() == "Role: Secretary"
    assert window.language_actions["en"].isChecked()
    assert settings.value(i18n.SETTINGS_KEY) == "en"
    assert i18n.saved_language(settings) == "en"

    window.language_actions["zh_CN"].trigger()
    qtbot.waitUntil(lambda: window.file_menu.title() == "文件(&F)", timeout=WAIT_MS)
    assert window.tabs.tabText(0) == "概览"
    assert desk._fact_labels["rule"][1].text() == "算术平均"
    assert i18n.saved_language(settings) == "zh_CN"


def test_the_chinese_catalogue_is_complete_and_compiled() -> None:
    """Fails when a tr() string was added without running ui/i18n/update.py or translating it."""
    result = subprocess.run([sys.executable, str(ROOT / "ui" / "i18n" / "update.py"), "--check"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_bundled_cjk_font_backs_the_application_font(qapp: QApplication, settings: QSettings) -> None:
    from ui.app import create_application

    app = create_application()
    assert app is qapp
    assert "WenQuanYi Micro Hei" in QFontDatabase.families()
    assert app.font().families()[-1] == "WenQuanYi Micro Hei"
    assert app.organizationName() and app.applicationName()


# --- dossier table ------------------------------------------------------------------------------


def test_dossier_model_passes_the_model_tester(qtmodeltester: object, workspace: Workspace, round_id: int) -> None:
    model = make_dossier_model()
    with workspace.session() as s:
        model.set_rows(rounds.dossier_rows(s, round_id))
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    cols = {c.key: i for i, c in enumerate(model.columns)}
    first = model.index(0, 0)
    assert model.data(first) == "AI-2026-001"
    assert model.data(model.index(0, cols["pages"])) == "242"
    assert model.data(model.index(0, cols["experts"])) == "2"
    assert model.data(model.index(0, cols["experts"]), Qt.ItemDataRole.ToolTipRole) == "李娜、王磊"
    assert model.data(model.index(0, cols["submitted"])) == "1"
    right = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
    left = int((Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter).value)
    assert model.data(model.index(0, cols["pages"]), Qt.ItemDataRole.TextAlignmentRole) == right
    assert model.data(model.index(0, cols["title"]), Qt.ItemDataRole.TextAlignmentRole) == left
    assert model.data(model.index(0, cols["pages"]), SORT_ROLE) == 242
    assert model.data(first, ROW_ROLE).number == "AI-2026-001"
    assert model.row_at(QModelIndex()) is None
    assert model.headerData(cols["applicant"], Qt.Orientation.Horizontal) == "申报单位"


def test_filter_and_numeric_sort(qtbot: QtBot, workspace: Workspace, round_id: int, settings: QSettings) -> None:
    window = make_window(qtbot, workspace, settings)
    desk = overview(window)
    desk.filter_edit.setText("泉城")  # QTest cannot type CJK characters
    assert desk.proxy.rowCount() == 1
    assert desk.proxy.index(0, 0).data() == "AI-2026-002"
    assert desk.count_label.text() == "显示 1 / 共 3 份申报材料"
    desk.filter_edit.clear()
    qtbot.keyClicks(desk.filter_edit, "robot ARM")
    assert [desk.proxy.index(r, 0).data() for r in range(desk.proxy.rowCount())] == ["AI-2026-010"]
    desk.filter_edit.clear()
    assert desk.proxy.rowCount() == 3
    pages = desk.model.column_index("pages")
    desk.table.sortByColumn(pages, Qt.SortOrder.DescendingOrder)
    assert [desk.proxy.index(r, pages).data() for r in range(3)] == ["242", "40", "0"]


def test_overview_reloads_when_data_changes(qtbot: QtBot, workspace: Workspace, round_id: int,
                                            settings: QSettings) -> None:
    window = make_window(qtbot, workspace, settings)
    desk = overview(window)
    with workspace.session() as s:
        s.add(Dossier(round_id=round_id, number="AI-2026-011", title="新增", applicant="", category=""))
    window.ctx.notify(Topic.DOSSIERS)
    assert desk.model.rowCount() == 4
    assert "4" in window.rounds_pane.model.data(window.rounds_pane.model.index(0, 0))


# --- workspaces ---------------------------------------------------------------------------------


def test_open_workspace_creates_a_new_one_in_a_missing_folder(qtbot: QtBot, workspace: Workspace, round_id: int,
                                                             settings: QSettings, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    window = make_window(qtbot, workspace, settings)
    old_desk = overview(window)
    target = tmp_path / "elsewhere" / "new-ws"
    monkeypatch.setattr(WorkspaceDialog, "ask", classmethod(lambda cls, parent, title, new, start=None: target))
    with qtbot.waitSignal(window.ctx.workspaceChanged, timeout=WAIT_MS):
        window.open_action.trigger()
    ws = window.ctx.workspace
    assert ws is not None and ws.root == target.resolve() and (target / DB_NAME).is_file()
    assert window.ctx.round_id == NO_ROUND
    new_desk = overview(window)
    assert new_desk is not old_desk and new_desk.stack.currentWidget() is new_desk.placeholder
    assert window.recent_workspaces()[:2] == [target.resolve(), workspace.root]
    assert settings.value(KEY_LAST_WORKSPACE) == str(target.resolve())
    window.recent_menu.aboutToShow.emit()
    assert [a.text() for a in window.recent_menu.actions()] == [f"&1 {workspace.root}"]
    window.recent_menu.actions()[0].trigger()
    assert window.ctx.workspace is not None and window.ctx.workspace.root == workspace.root
    assert window.ctx.round_id == round_id
    window.close()
    window.ctx.close()


def test_opening_a_folder_without_workspace_asks_first(qtbot: QtBot, workspace: Workspace, settings: QSettings,
                                                      tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window = make_window(qtbot, workspace, settings)
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "notes.txt").write_text("not a workspace", encoding="utf-8")
    questions: list[str] = []
    answer = [False]
    monkeypatch.setattr(WorkspaceDialog, "ask", classmethod(lambda cls, parent, title, new, start=None: folder))
    monkeypatch.setattr(messages.MessageBox, "ask",
                        classmethod(lambda cls, parent, title, text: questions.append(text) or answer[0]))
    assert window.choose_workspace() is False
    assert window.ctx.workspace is workspace and not (folder / DB_NAME).exists()
    assert len(questions) == 1 and str(folder) in questions[0]
    answer[0] = True
    assert window.choose_workspace() is True
    assert (folder / DB_NAME).is_file()
    window.close()
    window.ctx.close()


def test_new_workspace_and_cancelled_dialog(qtbot: QtBot, workspace: Workspace, settings: QSettings,
                                            tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window = make_window(qtbot, workspace, settings)
    chosen: list[Path | None] = [None]
    monkeypatch.setattr(WorkspaceDialog, "ask", classmethod(lambda cls, parent, title, new, start=None: chosen[0]))
    window.new_action.trigger()
    assert window.ctx.workspace is workspace, "a cancelled dialog changes nothing"
    chosen[0] = tmp_path / "fresh"
    window.new_action.trigger()
    assert window.ctx.workspace is not None and window.ctx.workspace.root == (tmp_path / "fresh").resolve()
    window.close()
    window.ctx.close()


def test_a_workspace_that_cannot_be_opened_is_explained(qtbot: QtBot, workspace: Workspace, settings: QSettings,
                                                        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window = make_window(qtbot, workspace, settings)
    bad = tmp_path / "broken"
    bad.mkdir()
    (bad / DB_NAME).write_bytes(b"this is not sqlite at all")
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(messages.MessageBox, "error", classmethod(lambda cls, p, title, text: shown.append((title, text))))
    assert window.open_workspace(bad) is False
    assert window.ctx.workspace is workspace
    assert len(shown) == 1 and shown[0][0] == "无法继续" and "损坏" in shown[0][1]


def test_window_geometry_and_layout_are_remembered(qtbot: QtBot, workspace: Workspace, settings: QSettings) -> None:
    first = make_window(qtbot, workspace, settings)
    first.resize(720, 520)  # inside the offscreen screen (800×600): restoreGeometry clamps to it
    first.rounds_dock.hide()
    qtbot.waitUntil(lambda: first.size().width() == 720, timeout=WAIT_MS)
    first.close()

    second = MainWindow(AppContext(workspace), settings=settings)
    qtbot.addWidget(second)
    assert (second.size().width(), second.size().height()) == (720, 520)
    second.show()
    assert not second.rounds_dock.isVisible()
    assert second.size().width() == 720


# --- the desk plug-in point ---------------------------------------------------------------------


class SecretaryOnlyDesk(Desk):
    desk_id = "test-secretary"
    instances: list[SecretaryOnlyDesk] = []

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(self)
        self.rounds_seen: list[int] = []
        self.topics: list[str] = []
        self.closed = False
        SecretaryOnlyDesk.instances.append(self)
        self.retranslate()

    def title(self) -> str:
        return "秘书台" if i18n.current_language() == "zh_CN" else "Secretary desk"

    def retranslate(self) -> None:
        self.label.setText(self.title())

    def on_round_changed(self, round_id: int) -> None:
        self.rounds_seen.append(round_id)

    def on_data_changed(self, topic: str) -> None:
        self.topics.append(topic)

    def about_to_close(self) -> None:
        self.closed = True


def test_desks_follow_the_workspace_role(qtbot: QtBot, workspace: Workspace, settings: QSettings,
                                         tmp_path: Path) -> None:
    SecretaryOnlyDesk.instances.clear()
    window = make_window(qtbot, workspace, settings, desk_modules=("ui.qt_rounds",))
    window.register_desk(SecretaryOnlyDesk, roles=("secretary",))
    assert [d.key() for d in window.desks()] == ["overview"], "a fresh workspace has no role yet"

    workspace.set_setting("role", "secretary")
    window.ctx.notify(Topic.ROLE)
    assert [d.key() for d in window.desks()] == ["overview", "test-secretary"]
    desk = SecretaryOnlyDesk.instances[-1]
    assert window.tabs.tabText(1) == "秘书台" and desk.ctx is window.ctx
    window.ctx.notify(Topic.DOSSIERS)
    assert desk.topics[-1] == "dossiers"

    i18n.set_language("en", settings)
    qtbot.waitUntil(lambda: window.tabs.tabText(1) == "Secretary desk", timeout=WAIT_MS)
    assert desk.label.text() == "Secretary desk"
    i18n.set_language("zh_CN", settings)
    qtbot.waitUntil(lambda: window.tabs.tabText(1) == "秘书台", timeout=WAIT_MS)

    window.show_desk("test-secretary")
    assert settings.value("window/desk") == "test-secretary"

    other = Workspace.open(tmp_path / "expert-ws")
    other.set_setting("role", "expert")
    other.close()
    assert window.open_workspace(tmp_path / "expert-ws")
    assert desk.closed, "a desk is told before it is discarded"
    assert [d.key() for d in window.desks()] == ["overview"]
    window.close()
    window.ctx.close()


def test_the_last_open_desk_is_remembered(qtbot: QtBot, workspace: Workspace, settings: QSettings,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    plugin = types.ModuleType("fake_desks")
    plugin.register = lambda window: window.register_desk(SecretaryOnlyDesk, roles=("secretary",))  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "fake_desks", plugin)
    workspace.set_setting("role", "secretary")
    modules = ("ui.qt_rounds", "fake_desks")

    first = MainWindow(AppContext(workspace), desk_modules=modules, settings=settings)
    qtbot.addWidget(first)
    assert [d.key() for d in first.desks()] == ["overview", "test-secretary"]
    assert first.tabs.currentWidget() is first.desk("overview")
    first.tabs.setCurrentIndex(1)  # what a click on the tab does
    first.close()

    second = MainWindow(AppContext(workspace), desk_modules=modules, settings=settings)
    qtbot.addWidget(second)
    assert second.tabs.currentWidget() is second.desk("test-secretary")
    second.close()


def test_register_desk_rejects_unknown_roles(qtbot: QtBot, workspace: Workspace, settings: QSettings) -> None:
    window = make_window(qtbot, workspace, settings)
    with pytest.raises(ValueError):
        window.register_desk(SecretaryOnlyDesk, roles=("chairman",))


# --- demo on first start ------------------------------------------------------------------------


def test_demo_is_built_in_the_background_and_shown(qtbot: QtBot, workspace: Workspace, settings: QSettings,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from ui import app as app_module

    calls: list[Workspace] = []

    def fake_build_demo(ws: Workspace) -> int:
        calls.append(ws)
        with ws.session() as s:
            rnd = rounds.create_round(s, name="演示轮次", form=load_form_text(MINIMAL_FORM, origin="t"), actor="demo")
            rid = rnd.id
        ws.set_setting("role", "secretary")
        return rid

    monkeypatch.setitem(sys.modules, "reviewer.demo", types.SimpleNamespace(build_demo=fake_build_demo))
    monkeypatch.setattr(qt_worker, "PROGRESS_DELAY_MS", 0)
    window = make_window(qtbot, workspace, settings)
    assert app_module.workspace_is_empty(workspace)
    op = app_module.build_demo_in_background(window, window.ctx)
    with qtbot.waitSignal(op.finished, timeout=WAIT_MS):
        pass
    assert op.outcome == "succeeded" and calls == [workspace]
    assert window.round_label.text() == "评审轮次：演示轮次"
    assert window.role_label.text() == "身份：评审秘书"
    assert window.statusBar().currentMessage() == "演示评审轮次已就绪。"
    assert not app_module.workspace_is_empty(workspace)


# --- entry point --------------------------------------------------------------------------------


def test_gui_command_reaches_the_launcher(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from ui import app as app_module
    from ui.launch import main

    calls: list[tuple[Path, bool]] = []
    monkeypatch.setattr(app_module, "run", lambda ws, demo: calls.append((ws, demo)) or 0)
    assert main(["--workspace", str(tmp_path / "w"), "gui", "--demo"]) == 0
    assert main(["--workspace", str(tmp_path / "w")]) == 0
    assert calls == [(tmp_path / "w", True), (tmp_path / "w", False)]


def test_command_line_use_never_loads_qt(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from ui.launch import main\n"
        f"rc = main(['--workspace', {str(tmp_path / 'ws')!r}, 'round', 'list', '--json'])\n"
        "assert rc == 0, rc\n"
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt was imported'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


# --- messages -----------------------------------------------------------------------------------


def test_domain_errors_are_shown_as_written(monkeypatch: pytest.MonkeyPatch, qapp: QApplication) -> None:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(messages.MessageBox, "error", classmethod(lambda cls, p, title, text: shown.append((title, text))))
    messages.show_error(None, WorkspaceError("无法创建工作区 (cannot create the workspace)"))
    form_error = FormError("forms/x.toml", [])
    assert messages.describe(form_error) == str(form_error)
    assert shown == [("无法继续", "无法创建工作区 (cannot create the workspace)")]
    assert messages.describe(OSError(28, "No space left on device", "/media/usb/ret.rwr")) == \
        "文件操作失败（/media/usb/ret.rwr）：No space left on device"


def test_excepthook_turns_a_bug_into_a_plain_message(monkeypatch: pytest.MonkeyPatch, qapp: QApplication,
                                                     caplog: pytest.LogCaptureFixture, tmp_path: Path) -> None:
    shown: list[str] = []
    monkeypatch.setattr(messages.MessageBox, "error", classmethod(lambda cls, p, title, text: shown.append(text)))
    monkeypatch.setattr(messages, "_log_path", tmp_path / "gui.log")
    try:
        raise ZeroDivisionError("division by zero")
    except ZeroDivisionError as exc:
        with caplog.at_level(logging.ERROR, logger="ui"):
            messages.excepthook(type(exc), exc, exc.__traceback__)
    assert len(shown) == 1
    assert "ZeroDivisionError" in shown[0] and str(tmp_path / "gui.log") in shown[0] and "Traceback" not in shown[0]
    assert any(r.exc_info and r.exc_info[0] is ZeroDivisionError for r in caplog.records)


def test_status_errors_go_to_the_status_bar(qtbot: QtBot, workspace: Workspace, settings: QSettings) -> None:
    window = make_window(qtbot, workspace, settings)
    messages.show_status_error(ImportRejected("第3页损坏 (page 3 is damaged)\n第二行"))
    assert window.statusBar().currentMessage() == "第3页损坏 (page 3 is damaged)"
    window.close()
    messages.status("no window any more")  # the sink was released with the window
    assert messages.status_sink() is None
