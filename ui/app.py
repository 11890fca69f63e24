"""Application setup and the GUI's start: :func:`run`.

:func:`create_application` prepares the ``QApplication`` the same way for the
real program and for screenshots: names (which also place ``QSettings``), the
bundled CJK font, the saved language. :func:`run` opens the workspace, the main
window, and on a first start builds the demo round in the background.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMessageLogContext, QSettings, QtMsgType, QTimer, qInstallMessageHandler
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from reviewer import fonts, rounds
from reviewer.gcpause import collector_paused
from reviewer.paths import app_data_dir, default_workspace_dir
from reviewer.workspace import Workspace
from ui import i18n, messages
from ui.qt_desk import AppContext, Topic
from ui.qt_mainwindow import KEY_LAST_WORKSPACE, MainWindow, app_version, has_workspace
from ui.qt_worker import Operation

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
    with ws.session() as s:
        return not rounds.list_rounds(s)


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
        ws: Workspace | None = None
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
