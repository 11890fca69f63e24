"""The one boundary where errors become words for the user.

Domain errors (:class:`reviewer.errors.ReviewerError`, :class:`forms.loader.FormError`)
already carry a message written for a secretary or an expert: it is shown as is.
Anything else is a bug or an environment problem: the user gets a plain sentence
and where the details went, the traceback goes to the log, and no traceback is
ever shown in a dialog.

Every modal dialog of the application's messages goes through :class:`MessageBox`,
whose classmethods tests replace with ``monkeypatch`` (pytest-qt's
``note_dialogs``); nothing else here blocks.

Status-bar text goes through :func:`status`, which the main window connects to its
status bar with :func:`set_status_sink`.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from reviewer.errors import ReviewerError

log = logging.getLogger("ui")

#: Where :func:`ui.app.configure_logging` sends tracebacks; named in the message for unexpected errors.
_log_path: Path | None = None
_status_sink: Callable[[str, int], None] | None = None
_in_hook = threading.local()


def domain_errors() -> tuple[type[BaseException], ...]:
    """The exceptions whose message is meant for the user as it is."""
    from forms.loader import FormError  # the forms package loads when a form is first read, not at start

    return ReviewerError, FormError


class MessageBox:
    """The application's modal message dialogs. Tests monkeypatch these classmethods."""

    @classmethod
    def error(cls, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.critical(parent, title, text)

    @classmethod
    def warning(cls, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.warning(parent, title, text)

    @classmethod
    def info(cls, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.information(parent, title, text)

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, text: str) -> bool:
        """A yes/no question; ``No`` is the default so Enter never does something drastic."""
        answer = QMessageBox.question(
            parent, title, text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes


# --- the log ------------------------------------------------------------------------------------


def set_log_path(path: Path | None) -> None:
    """Tell the boundary where tracebacks are written (``ui.app`` configures the handler)."""
    global _log_path
    _log_path = path


def log_path() -> Path | None:
    return _log_path


# --- the status bar -----------------------------------------------------------------------------


def set_status_sink(sink: Callable[[str, int], None] | None) -> None:
    """Route :func:`status` to ``sink(text, timeout_ms)``, e.g. ``QStatusBar.showMessage``."""
    global _status_sink
    _status_sink = sink


def status_sink() -> Callable[[str, int], None] | None:
    return _status_sink


def status(text: str, timeout_ms: int = 8000) -> None:
    """Show a short, passing message in the main window's status bar (logged if there is none)."""
    if _status_sink is not None:
        _status_sink(text, timeout_ms)
    else:
        log.info("status: %s", text)


# --- turning exceptions into words ---------------------------------------------------------------


def is_domain_error(exc: BaseException) -> bool:
    return isinstance(exc, domain_errors())


def describe(exc: BaseException) -> str:
    """The sentence the user reads for ``exc``; never a traceback.

    Domain errors speak for themselves. File-system errors name the file and the
    reason, because that is what the user can act on (a full disk, a read-only
    USB stick). Anything else says that something unexpected happened and where
    the details are.
    """
    if is_domain_error(exc):
        return str(exc)
    if isinstance(exc, OSError):
        target = exc.filename if exc.filename is not None else ""
        reason = exc.strerror or str(exc)
        if target:
            text = QCoreApplication.translate("messages", "The file operation failed on {file}: {reason}")
            return text.format(file=target, reason=reason)
        return QCoreApplication.translate("messages", "The file operation failed: {reason}").format(reason=reason)
    if isinstance(exc, MemoryError):
        return QCoreApplication.translate(
            "messages", "The computer ran out of memory. Close other programs and try again."
        )
    text = QCoreApplication.translate("messages", "Something unexpected went wrong ({kind}: {detail}).").format(
        kind=type(exc).__name__, detail=str(exc) or "-"
    )
    if _log_path is not None:
        where = QCoreApplication.translate("messages", "The details were written to {log}.")
        text += "\n" + where.format(log=_log_path)
    return text


def log_exception(exc: BaseException, context: str = "") -> None:
    """Write ``exc`` with its traceback to the log (domain errors get one line, no traceback)."""
    if is_domain_error(exc):
        log.info("%s%s: %s", f"{context}: " if context else "", type(exc).__name__, exc)
    else:
        log.error("unexpected error%s", f" in {context}" if context else "",
                  exc_info=(type(exc), exc, exc.__traceback__))


def show_error(parent: QWidget | None, exc: BaseException, *, title: str | None = None,
               context: str = "") -> None:
    """Log ``exc`` and tell the user about it in a dialog (the boundary for any failure)."""
    log_exception(exc, context)
    if title is None:
        if is_domain_error(exc):
            title = QCoreApplication.translate("messages", "Cannot continue")
        else:
            title = QCoreApplication.translate("messages", "Unexpected problem")
    MessageBox.error(parent, title, describe(exc))


def show_status_error(exc: BaseException, *, context: str = "") -> None:
    """Log ``exc`` and show it in the status bar: for failures of minor, repeatable actions."""
    log_exception(exc, context)
    status(describe(exc).splitlines()[0])


def error(parent: QWidget | None, text: str, title: str | None = None) -> None:
    MessageBox.error(parent, title or QCoreApplication.translate("messages", "Error"), text)


def warning(parent: QWidget | None, text: str, title: str | None = None) -> None:
    MessageBox.warning(parent, title or QCoreApplication.translate("messages", "Warning"), text)


def info(parent: QWidget | None, text: str, title: str | None = None) -> None:
    MessageBox.info(parent, title or QCoreApplication.translate("messages", "Information"), text)


def ask(parent: QWidget | None, text: str, title: str | None = None) -> bool:
    return MessageBox.ask(parent, title or QCoreApplication.translate("messages", "Please confirm"), text)


# --- the last resort ---------------------------------------------------------------------------


def excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """``sys.excepthook`` for the GUI: an exception nobody caught becomes a plain message.

    Python calls this for exceptions escaping Qt virtual methods and slots. A second
    failure while the dialog is up is only logged, so a broken paint handler cannot
    stack dialogs forever. Off the GUI thread nothing is shown (widgets live on the
    GUI thread); the traceback is logged.
    """
    if exc.__traceback__ is None and tb is not None:
        exc = exc.with_traceback(tb)
    if issubclass(kind, KeyboardInterrupt):
        app = QApplication.instance()
        if app is not None:
            app.quit()
        return
    on_gui_thread = QApplication.instance() is not None and threading.current_thread() is threading.main_thread()
    if not on_gui_thread or getattr(_in_hook, "active", False):
        log_exception(exc, "uncaught")
        return
    _in_hook.active = True
    try:
        show_error(QApplication.activeWindow(), exc, context="uncaught")
    finally:
        _in_hook.active = False


def install_excepthook() -> None:
    sys.excepthook = excepthook
