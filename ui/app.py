"""Application setup and the GUI's start: :func:`run`.

:func:`create_application` prepares the ``QApplication`` the same way for the
real program and for screenshots: names (which also place ``QSettings``), the
bundled CJK font, the saved language. :func:`run` opens the workspace, the main
window, and on a first start builds the demo round in the background.

A start on a workspace that is ready as it is (:func:`reviewer.overview.open_current`)
paints the window first — the rounds and the round's dossiers read with plain
sqlite3 — and loads the database layer (SQLAlchemy: a quarter of a second) and the
other desks once it is on the screen: :func:`quick_start`. Nothing imported before
the first paint may import SQLAlchemy; a test starts the GUI in a fresh process and
checks.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QMessageLogContext,
    QObject,
    QSettings,
    QtMsgType,
    QTimer,
    qInstallMessageHandler,
)
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QWidget

from reviewer import fonts, overview
from reviewer.gcpause import collector_paused
from reviewer.paths import app_data_dir, default_workspace_dir
from ui import i18n, messages
from ui.qt_desk import AppContext, Topic
from ui.qt_mainwindow import DESK_MODULES, KEY_DESK, KEY_LAST_WORKSPACE, MainWindow, app_version, has_workspace
from ui.qt_rounds import OverviewDesk
from ui.qt_worker import Operation

if TYPE_CHECKING:
    from reviewer.workspace import Workspace

APP_NAME = "ReviewerWorkstation"
ORG_NAME = "ReviewerWorkstation"

#: WenQuanYi Micro Hei: Chinese + Latin; the same font the PDFs use, so screen and paper match.
FONT_FILE: Path = fonts.FONT_FILE

log = logging.getLogger("ui")


def install_bundled_font(app: QApplication) -> str | None:
    """Register the bundled CJK font and put it behind the platform's UI font.

    Latin text keeps the platform's look; every character that font lacks (all of
    Chinese, on a machine without CJK fonts) comes from the bundled one, so the
    interface never shows empty boxes. Returns the family, or None if the font
    could not be loaded (logged; the system fonts are then all there is).
    """
    font_id = QFontDatabase.addApplicationFont(str(FONT_FILE))
    if font_id < 0:
        log.warning("could not load the bundled font %s", FONT_FILE)
        return None
    families = QFontDatabase.applicationFontFamilies(font_id)
    if not families:
        return None
    family = next((f for f in families if "mono" not in f.lower()), families[0])
    font = QFont(app.font())
    primary = font.family()
    font.setFamilies([primary, family] if primary and primary != family else [family])
    app.setFont(font)
    return family


def create_application(argv: Sequence[str] | None = None) -> QApplication:
    """The QApplication, configured (reuses an existing one, e.g. under pytest-qt)."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(list(argv or sys.argv[:1]))
    app.setOrganizationName(ORG_NAME)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(app_version())
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    install_bundled_font(app)
    i18n.install_language(i18n.saved_language())
    return app


def _qt_message(kind: QtMsgType, context: QMessageLogContext, text: str) -> None:
    level = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
    }.get(kind, logging.ERROR)
    logging.getLogger("qt").log(level, "%s", text)


def configure_logging() -> Path | None:
    """Send the GUI's log (tracebacks included) to a rotating file in the application-data folder."""
    folder = app_data_dir() / "logs"
    path = folder / "reviewer-gui.log"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError as exc:
        sys.stderr.write(f"cannot write the log {path}: {exc}\n")
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    qInstallMessageHandler(_qt_message)
    messages.set_log_path(path)
    return path


def start_workspace(requested: Path, settings: QSettings) -> Path:
    """The workspace to open: the one asked for, or, instead of the default, the last one used."""
    if requested.expanduser().resolve() == default_workspace_dir().expanduser().resolve():
        last = settings.value(KEY_LAST_WORKSPACE)
        if isinstance(last, str) and last and has_workspace(Path(last)):
            return Path(last)
    return requested


def workspace_is_empty(ws: Workspace) -> bool:
    from reviewer import rounds

    with ws.session() as s:
        return not rounds.list_rounds(s)


# --- the quick start ------------------------------------------------------------------------------

#: The desk modules the window is painted with at a quick start; the rest load after the first paint.
FIRST_DESK_MODULES = DESK_MODULES[:1]
#: The desk the quick start shows (the others are not there yet).
FIRST_DESK = OverviewDesk.desk_id
#: Start opening the workspace after this long even if the window has not been painted
#: (a window shown minimised is not painted until it is restored).
OPEN_ANYWAY_MS = 1000


def quick_start_role(folder: Path, settings: QSettings) -> tuple[bool, str | None]:
    """(whether ``folder`` can be shown before it is opened, the workspace's role).

    It can when its database is ready as it is (no migration, nothing to refuse),
    it has a round to show, and the window would open on the overview anyway (the
    desk remembered from the last session). Anything else takes the ordinary start.
    """
    desk = settings.value(KEY_DESK)
    if desk not in (None, FIRST_DESK):
        return False, None
    conn = overview.open_current(folder)
    if conn is None:
        return False, None
    try:
        if conn.execute("SELECT 1 FROM rounds LIMIT 1").fetchone() is None:
            return False, None
        return True, overview.workspace_role(conn)
    except Exception:  # anything odd: the ordinary start opens it and says what is wrong
        log.info("quick start not possible for %s", folder, exc_info=True)
        return False, None
    finally:
        conn.close()


def after_first_paint(window: QWidget, callback: Callable[[], None], *, fallback_ms: int = OPEN_ANYWAY_MS) -> None:
    """Call ``callback`` once, just after ``window`` has been painted for the first time
    (or after ``fallback_ms`` if it is not painted by then)."""
    fired = False

    def fire() -> None:
        nonlocal fired
        if not fired:
            fired = True
            window.removeEventFilter(watcher)
            callback()

    class Watcher(QObject):
        # On the window alone: an application-wide Python filter sees every event of every
        # object, and making Python objects of them all cost a twentieth of the start.
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
            if not fired and event.type() == QEvent.Type.Paint:
                QTimer.singleShot(0, window, fire)  # runs once the painted window is on the screen
            return False

    watcher = Watcher(window)
    window.installEventFilter(watcher)
    QTimer.singleShot(fallback_ms, window, fire)


def quick_start(folder: Path, role: str | None, settings: QSettings) -> tuple[MainWindow, AppContext]:
    """The main window on ``folder`` (see :func:`quick_start_role`), shown before the workspace
    is opened: the rounds pane and the overview read the file directly. Once the window is on
    the screen, the workspace is opened and the other desks are added.

    That second half runs on the GUI thread, after the first paint: a background thread made
    every callback of the painting overview wait for the interpreter lock while it imported
    (frames of 100 ms instead of 10), and the user sees the same either way — the window at
    once, the other tabs a moment later.
    """
    ctx = AppContext()
    ctx.begin_opening(folder.expanduser().resolve(), role)
    window = MainWindow(ctx, settings=settings, desk_modules=FIRST_DESK_MODULES)

    def finish() -> None:
        workspace: Workspace | None = None
        error: Exception | None = None
        with collector_paused():  # a few hundred modules and the desks, all kept
            try:
                from reviewer.workspace import Workspace

                workspace = Workspace.open(folder)
            except Exception as exc:  # shown below, like any workspace that cannot be opened
                error = exc
            ctx.finish_opening(workspace)  # None: the window shows no workspace
            window.add_desk_modules(DESK_MODULES[len(FIRST_DESK_MODULES):])
        if error is not None:
            messages.show_error(window, error, context="open workspace")

    window.show()
    after_first_paint(window, finish)
    return window, ctx


def build_demo_in_background(window: MainWindow, ctx: AppContext) -> Operation[int]:
    """Build the demo round on the serial worker, with a progress dialog, then show it."""
    ws = ctx.require_workspace()

    def work(progress: object, cancelled: object) -> int:
        from reviewer.demo import build_demo

        return build_demo(ws)

    def done(round_id: int) -> None:
        ctx.notify(Topic.ALL)
        window.rounds_pane.select_round(int(round_id))
        messages.status(QCoreApplication.translate("app", "The demo round is ready."))

    label = QCoreApplication.translate("app", "Building the demo round (dossiers, experts, reviews)…")
    return Operation(work).with_progress(window, label, cancellable=False).success(done).run_in_background()


def run(workspace: Path, demo: bool) -> int:
    """Open the GUI on ``workspace``; build the demo first if asked or on a first start.

    Args:
        workspace: the folder from ``--workspace`` (or the default one).
        demo: ``gui --demo``: build the demo round if the workspace has no round.

    Returns:
        The process exit code.
    """
    # Start-up creates objects that all stay (modules, widgets, the round's rows); the cyclic
    # collector's passes over them found nothing and took a tenth of the start. It runs again
    # from the first event on.
    with collector_paused():
        app = create_application()
        configure_logging()
        messages.install_excepthook()
        settings = QSettings()
        is_default = workspace.expanduser().resolve() == default_workspace_dir().expanduser().resolve()
        first_start = is_default and not has_workspace(workspace)
        folder = start_workspace(workspace, settings)
        quick, role = quick_start_role(folder, settings)
        ws: Workspace | None = None
        if quick:
            window, ctx = quick_start(folder, role, settings)
        else:
            from reviewer.workspace import Workspace

            try:
                ws = Workspace.open(folder)
            except Exception as exc:  # the boundary: the window still opens, File ▸ Open picks another
                messages.show_error(None, exc, context="open workspace")
            ctx = AppContext(ws)
            window = MainWindow(ctx, settings=settings)
            window.show()
    if ws is not None and (demo or first_start) and workspace_is_empty(ws):
        QTimer.singleShot(0, window, lambda: build_demo_in_background(window, ctx))
    try:
        return app.exec()
    finally:
        ctx.close()
