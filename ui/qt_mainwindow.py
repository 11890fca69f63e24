"""The main window: menus, the rounds list, the desks, the status bar.

The window is a shell; the work happens in desks (:mod:`ui.qt_desk` explains how
to write one). Each module in :data:`DESK_MODULES` has ``register(window)``, which
calls :meth:`MainWindow.register_desk`; the window shows the desks that apply to
the workspace's role, in the order they were registered. A desk may add actions to
the File menu and take files dropped on the window (:meth:`ui.qt_desk.Desk.file_actions`,
:meth:`ui.qt_desk.Desk.can_drop`).

What the window remembers (``QSettings``): its geometry and dock layout, the last
open desk, the last workspace and a short list of recent ones. Workspace data
never goes there.
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Collection, Iterator, Sequence
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QDragEnterEvent, QDragMoveEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QDockWidget, QFileDialog, QLabel, QMainWindow, QMenu, QMessageBox, QTabWidget, QWidget

from reviewer.paths import DB_NAME
from ui import i18n, messages, qt_worker
from ui.qt_desk import ROLE_EXPERT, ROLE_SECRETARY, AppContext, Desk, DeskFactory, DeskSpec, Topic
from ui.qt_rounds import RoundsPane

#: Modules that plug desks into the window, in tab order. Each has ``register(window)``.
DESK_MODULES: tuple[str, ...] = ("ui.qt_rounds", "ui.qt_expert", "ui.qt_secretary", "ui.qt_reconcile", "ui.qt_sheets")

RECENT_MAX = 8
KEY_GEOMETRY = "window/geometry"
KEY_STATE = "window/state"
KEY_DESK = "window/desk"
KEY_LAST_WORKSPACE = "workspace/last"
KEY_RECENT = "workspace/recent"
#: Bump when the dock layout changes incompatibly, so an old saved state is ignored.
STATE_VERSION = 1


def app_version() -> str:
    """The application's version (the package metadata stands in when ``reviewer`` is
    a namespace package, as in an editable install made before it had ``__init__.py``)."""
    try:
        from reviewer import __version__
    except ImportError:
        import importlib.metadata

        return importlib.metadata.version("reviewer-workstation")
    return __version__


def _settings_list(value: object) -> list[str]:
    """QSettings returns a str for a one-item list in INI files, None for none."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value if v]
    return []


class WorkspaceDialog:
    """Asks for a workspace folder. Tests monkeypatch :meth:`ask`."""

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, *, new: bool, start: Path | None = None) -> Path | None:
        """The chosen folder, or None if the user cancelled.

        For a new workspace the user may type a folder name that does not exist
        yet (it will be created); for opening, an existing folder is picked.
        """
        start_dir = str(start or Path.home())
        if new:
            path, _ = QFileDialog.getSaveFileName(
                parent, title, start_dir, "", "", QFileDialog.Option.DontConfirmOverwrite
            )
        else:
            path = QFileDialog.getExistingDirectory(parent, title, start_dir)
        return Path(path) if path else None


def has_workspace(folder: Path) -> bool:
    return (folder / DB_NAME).is_file()


class MainWindow(QMainWindow):
    """The application's one main window.

    Args:
        ctx: the shared context; it must already hold the workspace to show (or none).
        desk_modules: modules whose ``register(window)`` adds desks.
        settings: where window state is remembered (default: the application's QSettings).
    """

    def __init__(self, ctx: AppContext, *, desk_modules: Sequence[str] = DESK_MODULES,
                 settings: QSettings | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.settings = settings if settings is not None else QSettings()
        self._specs: list[DeskSpec] = []
        self._desks: dict[int, Desk] = {}
        # True while the window itself adds, removes or restores tabs: only the user's choice is remembered.
        self._quiet_tabs = False
        self.setObjectName("mainWindow")

        self.tabs = QTabWidget()
        self.tabs.setObjectName("desks")
        self.tabs.setDocumentMode(True)
        self.tabs.currentChanged.connect(self._desk_selected)
        self.setCentralWidget(self.tabs)

        self.rounds_pane = RoundsPane(ctx)
        self.rounds_dock = QDockWidget()
        self.rounds_dock.setObjectName("roundsDock")
        self.rounds_dock.setWidget(self.rounds_pane)
        self.rounds_dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                                     | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.rounds_dock.setAllowedAreas(Qt.DockWidgetArea.LeftDockWidgetArea | Qt.DockWidgetArea.RightDockWidgetArea)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.rounds_dock)

        self._build_actions()
        self._build_menus()
        self._build_status_bar()

        ctx.workspaceChanged.connect(self._workspace_changed)
        ctx.roundChanged.connect(self._round_changed)
        ctx.dataChanged.connect(self._data_changed)
        messages.set_status_sink(self.show_status)

        self.setAcceptDrops(True)
        self.resize(1280, 800)
        self._restore_window()
        self.retranslate()
        self.add_desk_modules(desk_modules)
        self._restore_desk()
        self._workspace_shown()

    # --- the desk plug-in point ------------------------------------------------------------------

    def add_desk_modules(self, names: Sequence[str]) -> None:
        """Import the modules and let each register its desks (``register(window)``)."""
        for name in names:
            importlib.import_module(name).register(self)

    def register_desk(self, factory: DeskFactory,
                      roles: Collection[str | None] = (ROLE_SECRETARY, ROLE_EXPERT)) -> None:
        """Add a desk to the window for workspaces whose role is in ``roles``.

        Args:
            factory: makes the desk with no arguments (usually the Desk subclass).
            roles: "secretary", "expert", and/or None (a workspace nobody has used yet).
        """
        self._specs.append(DeskSpec.make(factory, roles))
        self._sync_desks()

    def desks(self) -> list[Desk]:
        """The desks shown now, in tab order."""
        return [self._desks[i] for i in sorted(self._desks)]

    def desk(self, key: str) -> Desk | None:
        return next((d for d in self.desks() if d.key() == key), None)

    def show_desk(self, key: str) -> bool:
        desk = self.desk(key)
        if desk is None:
            return False
        self.tabs.setCurrentWidget(desk)
        return True

    @contextlib.contextmanager
    def _tabs_quiet(self) -> Iterator[None]:
        previous, self._quiet_tabs = self._quiet_tabs, True
        try:
            yield
        finally:
            self._quiet_tabs = previous

    def _sync_desks(self) -> None:
        """Show exactly the desks that apply to the workspace's current role."""
        with self._tabs_quiet():
            self._sync_desks_now()

    def _sync_desks_now(self) -> None:
        role = self.ctx.role
        has_ws = self.ctx.root is not None  # open, or being opened (only the first desks are there yet)
        for i, spec in enumerate(self._specs):
            wanted = has_ws and spec.applies_to(role)
            if wanted and i not in self._desks:
                desk = spec.factory()
                desk.set_context(self.ctx)
                position = sum(1 for j in self._desks if j < i)
                self._desks[i] = desk
                self.tabs.insertTab(position, desk, desk.title())
                desk._tab_host = self.tabs
                self.file_menu.insertActions(self.desk_actions_anchor, list(desk.file_actions()))
                try:
                    desk.reload()
                except Exception as exc:  # one broken desk must not take the window down
                    messages.show_status_error(exc, context=f"desk {desk.key()}")
            elif not wanted and i in self._desks:
                self._discard(i)

    def _discard(self, i: int) -> None:
        desk = self._desks.pop(i)
        for action in desk.file_actions():
            self.file_menu.removeAction(action)
        try:
            desk.about_to_close()
        finally:
            desk.detach()
            self.tabs.removeTab(self.tabs.indexOf(desk))
            desk.deleteLater()

    def _discard_all_desks(self) -> None:
        with self._tabs_quiet():
            for i in sorted(self._desks, reverse=True):
                self._discard(i)

    def _desk_selected(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if not isinstance(widget, Desk):
            return
        if not self._quiet_tabs:
            self.settings.setValue(KEY_DESK, widget.key())
        try:
            widget.reload_if_pending()
        except Exception as exc:  # one broken desk must not take the window down
            messages.show_status_error(exc, context=f"desk {widget.key()}")

    def _restore_desk(self) -> None:
        key = self.settings.value(KEY_DESK)
        if isinstance(key, str):
            with self._tabs_quiet():
                self.show_desk(key)

    # --- files dropped on the window ----------------------------------------------------------

    @staticmethod
    def _dropped_paths(event: QDropEvent | QDragEnterEvent | QDragMoveEvent) -> list[Path]:
        mime = event.mimeData()
        if mime is None or not mime.hasUrls():
            return []
        return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]

    def _drop_desk(self, paths: Sequence[Path]) -> Desk | None:
        """The first desk (in tab order) that takes these files (Desk.can_drop)."""
        if not paths:
            return None
        return next((d for d in self.desks() if d.can_drop(paths)), None)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._drop_desk(self._dropped_paths(event)) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._drop_desk(self._dropped_paths(event)) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = self._dropped_paths(event)
        desk = self._drop_desk(paths)
        if desk is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.tabs.setCurrentWidget(desk)
        desk.drop_files(paths)

    # --- actions and menus --------------------------------------------------------------------

    def _action(self, shortcut: QKeySequence.StandardKey | str | None = None) -> QAction:
        action = QAction(self)
        if isinstance(shortcut, QKeySequence.StandardKey):
            action.setShortcuts(shortcut)
        elif isinstance(shortcut, str):
            action.setShortcut(QKeySequence(shortcut))
        return action

    def _build_actions(self) -> None:
        self.new_action = self._action(QKeySequence.StandardKey.New)
        self.new_action.triggered.connect(self.new_workspace)
        self.open_action = self._action(QKeySequence.StandardKey.Open)
        self.open_action.triggered.connect(self.choose_workspace)
        self.quit_action = self._action(QKeySequence.StandardKey.Quit)
        if not self.quit_action.shortcuts():  # Windows has no standard Quit key
            self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)
        self.refresh_action = self._action(QKeySequence.StandardKey.Refresh)
        self.refresh_action.triggered.connect(lambda: self.ctx.notify(Topic.ALL))
        self.next_desk_action = self._action(QKeySequence.StandardKey.NextChild)
        self.next_desk_action.triggered.connect(lambda: self._cycle_desk(1))
        self.previous_desk_action = self._action(QKeySequence.StandardKey.PreviousChild)
        self.previous_desk_action.triggered.connect(lambda: self._cycle_desk(-1))
        self.about_action = self._action()
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.show_about)
        self.rounds_action = self.rounds_dock.toggleViewAction()

        self.language_group = QActionGroup(self)
        self.language_group.setExclusive(True)
        self.language_actions: dict[str, QAction] = {}
        for code, name in i18n.LANGUAGES.items():
            action = QAction(name, self, checkable=True)
            action.setData(code)
            action.setChecked(code == i18n.current_language())
            action.triggered.connect(lambda _checked=False, c=code: self.set_language(c))
            self.language_group.addAction(action)
            self.language_actions[code] = action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.file_menu.addAction(self.new_action)
        self.file_menu.addAction(self.open_action)
        self.recent_menu = QMenu(self)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.file_menu.addMenu(self.recent_menu)
        self.file_menu.addSeparator()
        # Desks' File actions (Desk.file_actions) are inserted before this separator.
        self.desk_actions_anchor = self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)

        self.view_menu = bar.addMenu("")
        self.view_menu.addAction(self.rounds_action)
        self.view_menu.addAction(self.refresh_action)
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.next_desk_action)
        self.view_menu.addAction(self.previous_desk_action)
        self.view_menu.addSeparator()
        self.language_menu = QMenu(self)
        for action in self.language_actions.values():
            self.language_menu.addAction(action)
        self.view_menu.addMenu(self.language_menu)

        self.help_menu = bar.addMenu("")
        self.help_menu.addAction(self.about_action)

    def _build_status_bar(self) -> None:
        self.workspace_label = QLabel()
        self.workspace_label.setObjectName("statusWorkspace")
        self.role_label = QLabel()
        self.role_label.setObjectName("statusRole")
        self.round_label = QLabel()
        self.round_label.setObjectName("statusRound")
        bar = self.statusBar()
        bar.addPermanentWidget(self.round_label)
        bar.addPermanentWidget(self.role_label)
        bar.addPermanentWidget(self.workspace_label)

    def retranslate(self) -> None:
        """Set every string of the shell again (called on LanguageChange)."""
        self.file_menu.setTitle(self.tr("&File"))
        self.view_menu.setTitle(self.tr("&View"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.new_action.setText(self.tr("&New workspace…"))
        self.new_action.setStatusTip(self.tr("Create an empty workspace in a new folder"))
        self.open_action.setText(self.tr("&Open workspace…"))
        self.open_action.setStatusTip(self.tr("Open the workspace in a folder"))
        self.recent_menu.setTitle(self.tr("Recent &workspaces"))
        self.quit_action.setText(self.tr("&Quit"))
        self.refresh_action.setText(self.tr("&Refresh"))
        self.next_desk_action.setText(self.tr("Next desk"))
        self.previous_desk_action.setText(self.tr("Previous desk"))
        self.rounds_action.setText(self.tr("&Rounds pane"))
        self.language_menu.setTitle(self.tr("&Language"))
        self.about_action.setText(self.tr("&About Reviewer Workstation"))
        self.rounds_dock.setWindowTitle(self.tr("Rounds"))
        for desk in self.desks():
            self.tabs.setTabText(self.tabs.indexOf(desk), desk.title())
        for code, action in self.language_actions.items():
            action.setChecked(code == i18n.current_language())
        self._update_status()
        self._update_title()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_language(self, language: str) -> None:
        i18n.set_language(language, self.settings)

    def _cycle_desk(self, step: int) -> None:
        count = self.tabs.count()
        if count:
            self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % count)

    # --- workspaces ------------------------------------------------------------------------------

    def choose_workspace(self) -> bool:
        """File ▸ Open workspace…: pick a folder and open (or, after asking, start) a workspace there."""
        folder = WorkspaceDialog.ask(self, self.tr("Open workspace"), new=False, start=self._start_folder())
        if folder is None:
            return False
        if folder.is_dir() and not has_workspace(folder) and any(folder.iterdir()):
            question = self.tr("The folder {folder} holds no workspace.\nCreate a new, empty workspace in it?")
            if not messages.ask(self, question.format(folder=folder), self.tr("Open workspace")):
                return False
        return self.open_workspace(folder)

    def new_workspace(self) -> bool:
        """File ▸ New workspace…: a new folder becomes an empty workspace."""
        folder = WorkspaceDialog.ask(self, self.tr("New workspace"), new=True, start=self._start_folder())
        if folder is None:
            return False
        if has_workspace(folder):
            question = self.tr("The folder {folder} already holds a workspace.\nOpen it?")
            if not messages.ask(self, question.format(folder=folder), self.tr("New workspace")):
                return False
        elif folder.is_dir() and any(folder.iterdir()):
            question = self.tr("The folder {folder} is not empty.\nCreate the workspace in it anyway?")
            if not messages.ask(self, question.format(folder=folder), self.tr("New workspace")):
                return False
        return self.open_workspace(folder)

    def open_workspace(self, folder: Path) -> bool:
        """Open (creating if needed) the workspace in ``folder`` and show it.

        Refused while background work runs: that work holds the current workspace.
        """
        if qt_worker.busy():
            messages.info(self, self.tr("Please wait until the running task has finished."))
            return False
        from reviewer.workspace import Workspace

        try:
            workspace = Workspace.open(folder)
        except Exception as exc:  # the boundary: WorkspaceError says why; anything else is logged
            messages.show_error(self, exc, context="open workspace")
            return False
        self._discard_all_desks()
        self.ctx.set_workspace(workspace)
        return True

    def _start_folder(self) -> Path:
        root = self.ctx.root
        return root.parent if root is not None else Path.home()

    def recent_workspaces(self) -> list[Path]:
        return [Path(p) for p in _settings_list(self.settings.value(KEY_RECENT))]

    def _remember_workspace(self, root: Path) -> None:
        recent = [str(root)] + [str(p) for p in self.recent_workspaces() if p != root]
        self.settings.setValue(KEY_RECENT, recent[:RECENT_MAX])
        self.settings.setValue(KEY_LAST_WORKSPACE, str(root))

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        current = self.ctx.root
        entries = [p for p in self.recent_workspaces() if p != current]
        for n, path in enumerate(entries, start=1):
            action = self.recent_menu.addAction(f"&{n} {path}" if n < 10 else str(path))
            action.setEnabled(has_workspace(path))
            action.triggered.connect(lambda _checked=False, p=path: self.open_workspace(p))
        if not entries:
            empty = self.recent_menu.addAction(self.tr("(none)"))
            empty.setEnabled(False)

    def _workspace_changed(self) -> None:
        self._discard_all_desks()
        self._workspace_shown()
        self._restore_desk()

    def _workspace_shown(self) -> None:
        root = self.ctx.root
        if root is not None:
            self._remember_workspace(root)
        self._sync_desks()
        self._update_status()
        self._update_title()

    def _round_changed(self, _round_id: int) -> None:
        self._update_status()

    def _data_changed(self, topic: str) -> None:
        if topic in (Topic.ROLE, Topic.ALL):
            self._sync_desks()
        self._update_status()

    # --- status bar and title --------------------------------------------------------------------

    def show_status(self, text: str, timeout_ms: int = 8000) -> None:
        self.statusBar().showMessage(text, timeout_ms)

    def role_text(self) -> str:
        role = self.ctx.role
        if role == ROLE_SECRETARY:
            return self.tr("Secretary")
        if role == ROLE_EXPERT:
            return self.tr("Expert")
        return self.tr("New workspace")

    def _update_status(self) -> None:
        root = self.ctx.root
        if root is None:
            self.workspace_label.setText(self.tr("No workspace"))
            self.workspace_label.setToolTip("")
            self.role_label.clear()
        else:
            self.workspace_label.setText(self.tr("Workspace: {path}").format(path=root))
            self.workspace_label.setToolTip(str(root))
            self.role_label.setText(self.tr("Role: {role}").format(role=self.role_text()))
        name = next((str(r["name"]) for r in self.rounds_pane.model.rows() if r["id"] == self.ctx.round_id), None)
        self.round_label.setText(self.tr("Round: {name}").format(name=name) if name else self.tr("No round selected"))

    def _update_title(self) -> None:
        root = self.ctx.root
        app_name = self.tr("Reviewer Workstation")
        self.setWindowTitle(f"{root.name} — {app_name}" if root is not None else app_name)

    # --- help ------------------------------------------------------------------------------------

    def about_text(self) -> str:
        return self.tr(
            "<h3>Reviewer Workstation {version}</h3>"
            "<p>Offline scoring of award applications by expert committees: "
            "conflict declarations, weighted scoring, signed returns, reconciliation and official sheets.</p>"
            "<p>Chinese text is shown with the bundled font WenQuanYi Micro Hei (文泉驿微米黑), "
            "© 2008–2009 The WenQuanYi Project Board of Trustees and contributors, based on Droid Sans Fallback "
            "(© 2006–2008 Google), used under the Apache License 2.0 "
            "(or the GNU GPL v3 or later with the font exception).</p>"
            "<p>Built with Qt for Python (PySide6 {pyside}).</p>"
        ).format(version=app_version(), pyside=pyside_version)

    def show_about(self) -> None:
        QMessageBox.about(self, self.tr("About Reviewer Workstation"), self.about_text())

    # --- window state --------------------------------------------------------------------------

    def _restore_window(self) -> None:
        geometry = self.settings.value(KEY_GEOMETRY)
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.settings.value(KEY_STATE)
        if state is not None:
            self.restoreState(state, STATE_VERSION)

    def save_window_state(self) -> None:
        self.settings.setValue(KEY_GEOMETRY, self.saveGeometry())
        self.settings.setValue(KEY_STATE, self.saveState(STATE_VERSION))
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if qt_worker.busy():
            if not messages.ask(self, self.tr("A task is still running. Cancel it and quit?"), self.tr("Quit")):
                event.ignore()
                return
            qt_worker.cancel_all()
            qt_worker.wait_for_idle()
        self.save_window_state()
        self._discard_all_desks()
        if messages.status_sink() == self.show_status:
            messages.set_status_sink(None)
        event.accept()
