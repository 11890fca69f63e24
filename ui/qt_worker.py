"""The one way to run work off the GUI thread.

Usage (the shape of Anki's ``QueryOp`` and napari's workers)::

    ws = ctx.require_workspace()          # read what the work needs on the GUI thread

    def work(progress: Progress, cancelled: IsCancelled) -> int:
        with ws.session() as s:           # its own session, opened on the worker thread
            for i, path in enumerate(paths):
                if cancelled():
                    raise Cancelled
                progress(i, len(paths), path.name)
                import_one(s, path)
        return len(paths)

    (Operation(work)
        .with_progress(self, self.tr("Importing dossiers…"))
        .success(lambda n: ctx.notify(Topic.DOSSIERS))
        .run_in_background())

Rules this module enforces or relies on:

- The function touches no widget and no ``QObject`` of the GUI. It gets two
  callables: ``progress(done, total, text="")`` (``total <= 0`` means "unknown";
  calls are throttled, call it as often as convenient) and ``cancelled()``.
- ``success(result)``, ``failure(exc)`` and ``on_cancel()`` handlers run on the GUI
  thread, after the progress dialog has closed. A failure with no handler goes to
  :func:`ui.messages.show_error`: a plain-language dialog and a logged traceback.
  The dialog closes whatever happens, exceptions included.
- To stop after a cancel, the function raises :class:`Cancelled` (or returns
  normally with what it has, in which case ``success`` runs).
- Database access: SQLAlchemy sessions belong to one thread, so the function opens
  its own with ``ws.session()``; it never receives a session or ORM objects from the
  GUI, and returns plain values, not ORM objects.
- Exclusive operations (the default: anything that writes to the workspace) run one
  at a time, in the order they were started, on a single worker thread (Anki's
  ``taskman``). ``exclusive=False`` is for work that never writes (rendering a page,
  reading a PDF), which then runs in parallel on Qt's global pool.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QProgressBar, QVBoxLayout, QWidget

from ui import messages

T = TypeVar("T")

Progress = Callable[..., None]
"""``progress(done: int, total: int, text: str = "")``."""
IsCancelled = Callable[[], bool]

#: A progress dialog appears only if the work takes longer than this, so quick work does not flash.
PROGRESS_DELAY_MS = 400
#: Progress signals are sent at most this often (the GUI thread must not drown in them).
PROGRESS_INTERVAL_S = 0.05

_serial: QThreadPool | None = None
_running: set[Operation[Any]] = set()
#: Operations that just finished, kept alive until the event loop runs again (see Operation._finish).
_finished: list[Operation[Any]] = []


class Cancelled(Exception):
    """Raised by an operation's function to stop after the user asked to cancel."""


def serial_pool() -> QThreadPool:
    """The single worker thread for exclusive (writing) operations."""
    global _serial
    if _serial is None:
        _serial = QThreadPool()
        _serial.setMaxThreadCount(1)
        _serial.setObjectName("reviewer-serial-worker")
    return _serial


def _release_finished() -> None:
    _finished.clear()


def busy() -> bool:
    """Whether any operation has been started and not yet finished."""
    return bool(_running)


def running() -> list[Operation[Any]]:
    return list(_running)


def cancel_all() -> None:
    for op in list(_running):
        op.cancel()


def wait_for_idle(timeout_ms: int = 30000) -> bool:
    """Block until no worker is running (used when quitting). Handlers are not run."""
    deadline = time.monotonic() + timeout_ms / 1000
    ok = serial_pool().waitForDone(timeout_ms)
    remaining = max(0, int((deadline - time.monotonic()) * 1000))
    return QThreadPool.globalInstance().waitForDone(remaining) and ok


class _Signals(QObject):
    """Lives on the GUI thread; the runnable emits, so delivery is queued to the GUI thread."""

    progress = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[Progress, IsCancelled], Any], signals: _Signals,
                 cancel_event: threading.Event) -> None:
        super().__init__()
        self._fn = fn
        self._signals = signals
        self._cancel = cancel_event
        self._last_progress = 0.0

    def _progress(self, done: int, total: int, text: str = "") -> None:
        now = time.monotonic()
        if now - self._last_progress >= PROGRESS_INTERVAL_S or (total > 0 and done >= total):
            self._last_progress = now
            self._signals.progress.emit(int(done), int(total), str(text))

    def run(self) -> None:
        try:
            result = self._fn(self._progress, self._cancel.is_set)
        except Cancelled:
            self._signals.cancelled.emit()
        except BaseException as exc:  # noqa: BLE001 - every outcome must reach the GUI, or the dialog stays up
            self._signals.failed.emit(exc)
        else:
            self._signals.succeeded.emit(result)


class ProgressDialog(QDialog):
    """A modal progress window for one operation: a label, a bar, and Cancel.

    Escape and the window's close button mean Cancel; the window stays up, saying
    that it is cancelling, until the work has actually stopped.

    Signals:
        cancel_requested: the user asked to cancel.
    """

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None, label: str, cancellable: bool) -> None:
        super().__init__(parent)
        self.setWindowModality(Qt.WindowModality.WindowModal if parent else Qt.WindowModality.ApplicationModal)
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self._label_text = label
        self._cancellable = cancellable
        self._cancelling = False
        self._finished = False
        self.label = QLabel(label)
        self.label.setWordWrap(True)
        self.detail = QLabel("")
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.rejected.connect(self.reject)
        self.buttons.setVisible(cancellable)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.detail)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        self.setWindowTitle(label)

    def set_progress(self, done: int, total: int, text: str) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(max(done, 0), total))
        else:
            self.bar.setRange(0, 0)
        if text:
            metrics = self.detail.fontMetrics()
            self.detail.setText(metrics.elidedText(text, Qt.TextElideMode.ElideMiddle, self.detail.width() or 400))

    def show_if_running(self) -> None:
        if not self._finished:
            self.show()

    def finish(self) -> None:
        """Close for good (the work has stopped); safe to call more than once."""
        self._finished = True
        self.hide()
        self.deleteLater()

    @property
    def cancelling(self) -> bool:
        return self._cancelling

    def reject(self) -> None:
        if self._finished:
            super().reject()
            return
        if not self._cancellable or self._cancelling:
            return
        self._cancelling = True
        self.label.setText(self.tr("Cancelling…"))
        self.buttons.setEnabled(False)
        self.cancel_requested.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._finished:
            event.accept()
            return
        event.ignore()
        self.reject()


class Operation(QObject, Generic[T]):
    """Work to run off the GUI thread, configured by chaining, started by :meth:`run_in_background`.

    Args:
        fn: ``fn(progress, cancelled) -> result``, run on a worker thread.
        exclusive: run on the single serial worker (default; required for writes).
        parent: the widget that dialogs about this operation belong to.

    Signals:
        finished: the operation is over and its handler has run (whatever the outcome).
        progressed(int, int, str): ``done, total, text`` as the work reports it (throttled), for
            progress shown inline instead of in the modal dialog (work that runs while the user goes on).
    """

    finished = Signal()
    progressed = Signal(int, int, str)

    def __init__(self, fn: Callable[[Progress, IsCancelled], T], *, exclusive: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__()
        self._fn = fn
        self._exclusive = exclusive
        self._parent_widget = parent
        self._label: str | None = None
        self._cancellable = False
        self._on_success: Callable[[T], None] | None = None
        self._on_failure: Callable[[BaseException], None] | None = None
        self._on_cancel: Callable[[], None] | None = None
        self._cancel_event = threading.Event()
        self._signals: _Signals | None = None
        self._started = False
        self._done = False
        self.progress_dialog: ProgressDialog | None = None
        #: "succeeded", "failed" or "cancelled" once finished.
        self.outcome: str | None = None

    # --- configuration -----------------------------------------------------------------------

    def with_progress(self, parent: QWidget | None, label: str, cancellable: bool = True) -> Operation[T]:
        """Show a modal progress dialog over ``parent`` while the work runs."""
        self._parent_widget = parent
        self._label = label
        self._cancellable = cancellable
        return self

    def success(self, callback: Callable[[T], None]) -> Operation[T]:
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[BaseException], None]) -> Operation[T]:
        self._on_failure = callback
        return self

    def on_cancel(self, callback: Callable[[], None]) -> Operation[T]:
        self._on_cancel = callback
        return self

    # --- running -----------------------------------------------------------------------------

    def run_in_background(self) -> Operation[T]:
        if self._started:
            raise RuntimeError("an Operation runs once; make a new one")
        self._started = True
        _running.add(self)
        signals = _Signals()
        signals.progress.connect(self._progress)
        signals.succeeded.connect(self._succeeded)
        signals.failed.connect(self._failed)
        signals.cancelled.connect(self._cancelled)
        self._signals = signals
        if self._label is not None:
            dialog = ProgressDialog(self._parent_widget, self._label, self._cancellable)
            dialog.cancel_requested.connect(self.cancel)
            self.progress_dialog = dialog
            QTimer.singleShot(PROGRESS_DELAY_MS, dialog, dialog.show_if_running)
        runnable = _Runnable(self._fn, signals, self._cancel_event)
        (serial_pool() if self._exclusive else QThreadPool.globalInstance()).start(runnable)
        return self

    def cancel(self) -> None:
        """Ask the work to stop; it notices through ``cancelled()``."""
        self._cancel_event.set()

    @property
    def cancel_requested(self) -> bool:
        return self._cancel_event.is_set()

    @property
    def is_running(self) -> bool:
        return self._started and not self._done

    # --- results, on the GUI thread ----------------------------------------------------------

    @Slot(int, int, str)
    def _progress(self, done: int, total: int, text: str) -> None:
        if self._done:
            return
        if self.progress_dialog is not None:
            self.progress_dialog.set_progress(done, total, text)
        self.progressed.emit(done, total, text)

    @Slot(object)
    def _succeeded(self, result: T) -> None:
        self._finish("succeeded", lambda: self._on_success(result) if self._on_success else None)

    @Slot(object)
    def _failed(self, exc: BaseException) -> None:
        if self._on_failure is not None:
            handler = self._on_failure
            self._finish("failed", lambda: handler(exc))
        else:
            self._finish("failed", lambda: messages.show_error(self._parent_widget, exc, context="background work"))

    @Slot()
    def _cancelled(self) -> None:
        self._finish("cancelled", lambda: self._on_cancel() if self._on_cancel else None)

    def _finish(self, outcome: str, handler: Callable[[], object]) -> None:
        self._done = True
        self.outcome = outcome
        if self.progress_dialog is not None:
            self.progress_dialog.finish()
        try:
            handler()
        except Exception as exc:  # a broken handler is a bug: report it, never leave state half-done
            messages.show_error(self._parent_widget, exc, context="operation handler")
        finally:
            _running.discard(self)
            # The running set may have held the last reference, and this runs inside the operation's own
            # event() (a queued slot): keep the object until control is back in the event loop, or Python
            # would destroy the QObject in the middle of its own event handling (seen: a segfault).
            _finished.append(self)
            QTimer.singleShot(0, _release_finished)
            self.finished.emit()
