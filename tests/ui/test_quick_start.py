"""The quick start: the window painted from the database file, the workspace opened behind it."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from reviewer.paths import DB_NAME
from reviewer.workspace import Workspace
from ui import app as app_module
from ui import messages
from ui.qt_desk import AppContext
from ui.qt_mainwindow import KEY_DESK, MainWindow
from ui.qt_rounds import FIT_COLUMNS, OverviewDesk

pytestmark = pytest.mark.qt

ROOT = Path(__file__).resolve().parents[2]
WAIT_MS = 20_000


@pytest.fixture
def demo_folder(demo_root: Path, tmp_path: Path) -> Path:
    target = tmp_path / "demo"
    shutil.copytree(demo_root, target)
    return target


def overview_of(window: MainWindow) -> OverviewDesk:
    desk = window.desk("overview")
    assert isinstance(desk, OverviewDesk)
    return desk


def quick_window(qtbot: QtBot, folder: Path, settings: QSettings) -> tuple[MainWindow, AppContext]:
    possible, role = app_module.quick_start_role(folder, settings)
    assert possible and role == "secretary"
    window, ctx = app_module.quick_start(folder, role, settings)
    qtbot.addWidget(window)
    return window, ctx


def test_the_window_shows_the_round_before_the_workspace_opens_then_gets_every_desk(
        qtbot: QtBot, demo_folder: Path, settings: QSettings) -> None:
    window, ctx = quick_window(qtbot, demo_folder, settings)
    # Painted from the file: the rounds pane, the overview with every dossier, the status bar.
    assert ctx.workspace is None and ctx.opening == demo_folder.resolve()
    assert [d.key() for d in window.desks()] == ["overview"]
    rows = overview_of(window).model.rows()
    assert rows and window.rounds_pane.model.rows()
    assert window.role_label.text() == "身份：评审秘书" and str(demo_folder.resolve()) in window.workspace_label.text()

    qtbot.waitUntil(lambda: ctx.workspace is not None, timeout=WAIT_MS)
    assert ctx.opening is None and ctx.workspace is not None and ctx.workspace.root == demo_folder.resolve()
    # the same desks as a window opened the ordinary way, and the rows were not read again
    with Workspace.open(demo_folder) as ws:
        ordinary = MainWindow(AppContext(ws), settings=settings)
        qtbot.addWidget(ordinary)
        expected = [d.key() for d in ordinary.desks()]
        assert overview_of(ordinary).model.rows() == rows
    assert [d.key() for d in window.desks()] == expected and len(expected) > 1
    assert overview_of(window).model.rows() == rows
    assert window.tabs.currentWidget() is window.desk("overview")


def test_an_experts_workspace_starts_the_same_way_with_the_experts_desks(qtbot: QtBot, demo_folder: Path,
                                                                        settings: QSettings) -> None:
    expert = next((demo_folder / "demo-experts").iterdir())
    possible, role = app_module.quick_start_role(expert, settings)
    assert possible and role == "expert"
    window, ctx = app_module.quick_start(expert, role, settings)
    qtbot.addWidget(window)
    assert window.role_label.text() == "身份：评审专家" and overview_of(window).model.rows()
    qtbot.waitUntil(lambda: ctx.workspace is not None, timeout=WAIT_MS)
    with Workspace.open(expert) as ws:
        ordinary = MainWindow(AppContext(ws), settings=settings)
        qtbot.addWidget(ordinary)
        expected = [d.key() for d in ordinary.desks()]
    assert "expert" in expected and [d.key() for d in window.desks()] == expected


def test_quick_start_is_only_taken_when_nothing_has_to_happen_first(demo_folder: Path, tmp_path: Path,
                                                                   settings: QSettings) -> None:
    assert app_module.quick_start_role(demo_folder, settings)[0]
    settings.setValue(KEY_DESK, "secretary")  # the window would open on another desk: the ordinary start
    assert not app_module.quick_start_role(demo_folder, settings)[0]
    settings.setValue(KEY_DESK, "overview")
    assert app_module.quick_start_role(demo_folder, settings)[0]
    assert not app_module.quick_start_role(tmp_path / "nothing-here", settings)[0]
    with Workspace.open(tmp_path / "empty"):
        pass
    assert not app_module.quick_start_role(tmp_path / "empty", settings)[0]  # no round: maybe the demo
    with sqlite3.connect(demo_folder / DB_NAME) as db:
        db.execute("UPDATE alembic_version SET version_num = '0001'")
    assert not app_module.quick_start_role(demo_folder, settings)[0]  # a migration comes first


def test_a_workspace_that_fails_to_open_behind_the_window_is_explained(
        qtbot: QtBot, demo_folder: Path, settings: QSettings, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(messages.MessageBox, "error", classmethod(lambda cls, p, title, text: shown.append(text)))

    def refuse(root: Path) -> Workspace:
        raise OSError(13, "Permission denied", str(root))

    monkeypatch.setattr(Workspace, "open", staticmethod(refuse))
    window, ctx = quick_window(qtbot, demo_folder, settings)
    qtbot.waitUntil(lambda: bool(shown), timeout=WAIT_MS)
    assert "Permission denied" in shown[0] and "Traceback" not in shown[0]
    assert ctx.workspace is None and ctx.opening is None and window.desks() == []
    assert window.workspace_label.text() == "未打开工作区"


def test_another_workspace_opened_meanwhile_wins(qtbot: QtBot, demo_folder: Path, tmp_path: Path,
                                                 settings: QSettings) -> None:
    window, ctx = quick_window(qtbot, demo_folder, settings)
    assert window.open_workspace(tmp_path / "fresh")  # before the background open has finished
    qtbot.waitUntil(lambda: len(window.desks()) > 1, timeout=WAIT_MS)
    assert ctx.workspace is not None and ctx.workspace.root == (tmp_path / "fresh").resolve()
    assert ctx.opening is None and not overview_of(window).model.rows()


def test_the_overview_columns_fit_their_contents_as_qt_measures_them(qtbot: QtBot, demo_folder: Path,
                                                                     settings: QSettings) -> None:
    window, ctx = quick_window(qtbot, demo_folder, settings)
    desk = overview_of(window)
    header = desk.table.horizontalHeader()
    for key, cap in FIT_COLUMNS.items():
        column = desk.model.column_index(key)
        qt_width = max(desk.table.sizeHintForColumn(column), header.sectionSizeHint(column))
        assert header.sectionSize(column) == min(qt_width, cap), key
    qtbot.waitUntil(lambda: ctx.workspace is not None, timeout=WAIT_MS)


PROBE = """
import json, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget
app = QApplication(sys.argv[:1])
import ui.launch
seen = {}

class FirstPaint(QObject):  # application-wide, so it sees the first paint before anything else does
    def eventFilter(self, obj, event):
        if 'first' not in seen and event.type() == QEvent.Type.Paint and isinstance(obj, QWidget):
            w = obj.window()
            if isinstance(w, QMainWindow):
                seen['first'] = {'sqlalchemy': 'sqlalchemy' in sys.modules, 'desks': [d.key() for d in w.desks()],
                                 'rows': w.desk('overview').model.rowCount(), 'open': w.ctx.workspace is not None}
                QTimer.singleShot(0, lambda: later(w))
        return False

def later(w):
    if w.ctx.workspace is None:
        QTimer.singleShot(50, lambda: later(w))
        return
    seen['later'] = {'desks': [d.key() for d in w.desks()], 'rows': w.desk('overview').model.rowCount()}
    print(json.dumps(seen))
    app.quit()

watcher = FirstPaint()
app.installEventFilter(watcher)
QTimer.singleShot(60_000, app.quit)
sys.exit(ui.launch.main(['--workspace', sys.argv[1], 'gui']))
"""


def test_the_real_start_paints_before_the_database_layer_is_imported(demo_folder: Path, tmp_path: Path) -> None:
    env = {"QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path / "home"), "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
           "XDG_DATA_HOME": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", PROBE, str(demo_folder)], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    first, later = seen["first"], seen["later"]
    assert first == {"sqlalchemy": False, "desks": ["overview"], "rows": later["rows"], "open": False}
    assert later["rows"] > 0 and len(later["desks"]) > 1 and later["desks"][0] == "overview"

