"""The background-work helper: outcomes, progress, cancel, and the progress dialog's lifetime."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from reviewer.errors import ImportRejected
from ui import i18n, messages, qt_worker
from ui.qt_worker import Cancelled, IsCancelled, Operation, Progress, ProgressDialog

pytestmark = pytest.mark.qt

WAIT_MS = 10_000


@pytest.fixture(autouse=True)
def _fast_progress(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Show progress dialogs at once and send every progress call, so tests need not wait."""
    monkeypatch.setattr(qt_worker, "PROGRESS_DELAY_MS", 0)
    monkeypatch.setattr(qt_worker, "PROGRESS_INTERVAL_S", 0.0)
    yield
    assert qt_worker.wait_for_idle(WAIT_MS), "a worker was left running"


@pytest.fixture(autouse=True)
def _chinese(qapp: QApplication) -> None:
    """The application's default language, whatever an earlier test switched to."""
    i18n.install_language("zh_CN")


@pytest.fixture
def parent(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Every error dialog of ui.messages, recorded instead of shown."""
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(messages.MessageBox, "error", classmethod(lambda cls, p, title, text: shown.append((title, text))))
    return shown


def visible_progress_dialogs() -> list[ProgressDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, ProgressDialog) and w.isVisible()]


def wait_for(poll: threading.Event | None = None, cancelled: IsCancelled | None = None) -> bool:
    """Block a *worker* until the event is set or cancel is asked (bounded, so a bug cannot hang the suite)."""
    deadline = time.monotonic() + WAIT_MS / 1000
    while time.monotonic() < deadline:
        if poll is not None and poll.wait(0.005):
            return True
        if cancelled is not None and cancelled():
            return True
    return False


def test_success_delivers_the_result_on_the_gui_thread(qtbot: QtBot) -> None:
    results: list[tuple[int, bool]] = []
    worker_threads: list[bool] = []

    def work(progress: Progress, cancelled: IsCancelled) -> int:
        worker_threads.append(threading.current_thread() is threading.main_thread())
        return 6 * 7

    op = Operation(work).success(lambda r: results.append((r, threading.current_thread() is threading.main_thread())))
    with qtbot.waitSignal(op.finished, timeout=WAIT_MS):
        op.run_in_background()
    assert worker_threads == [False]
    assert results == [(42, True)]
    assert op.outcome == "succeeded" and not op.is_running and not qt_worker.busy()


def test_progress_reaches_the_dialog(qtbot: QtBot, parent: QWidget, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[int, int, str]] = []
    original = ProgressDialog.set_progress

    def record(self: ProgressDialog, done: int, total: int, text: str) -> None:
        seen.append((done, total, text))
        original(self, done, total, text)

    monkeypatch.setattr(ProgressDialog, "set_progress", record)

    def work(progress: Progress, cancelled: IsCancelled) -> str:
        for i in range(1, 4):
            progress(i, 3, f"文件 {i}")
        return "done"

    op = Operation(work).with_progress(parent, "导入中…")
    with qtbot.waitSignal(op.finished, timeout=WAIT_MS):
        op.run_in_background()
    assert seen == [(1, 3, "文件 1"), (2, 3, "文件 2"), (3, 3, "文件 3")]
    assert op.outcome == "succeeded"
    assert visible_progress_dialogs() == []


def test_failure_handler_gets_the_exception(qtbot: QtBot, dialogs: list[tuple[str, str]]) -> None:
    errors: list[BaseException] = []

    def work(progress: Progress, cancelled: IsCancelled) -> None:
        raise ValueError("broken input")

    op = Operation(work).failure(errors.append)
    with qtbot.waitSignal(op.finished, timeout=WAIT_MS):
        op.run_in_background()
    assert len(errors) == 1 and isinstance(errors[0], ValueError) and str(errors[0]) == "broken input"
    assert op.outcome == "failed"
    assert dialogs == [], "a handled failure must not also pop up a dialog"


def test_unhandled_failure_becomes_a_plain_message_and_a_logged_traceback(
    qtbot: QtBot, parent: QWidget, dialogs: list[tuple[str, str]], caplog: pytest.LogCaptureFixture
) -> None:
    def work(progress: Progress, cancelled: IsCancelled) -> None:
        {}["missing-key"]

    op = Operation(work, parent=parent)
    with caplog.at_level(logging.ERROR, logger="ui"), qtbot.waitSignal(op.finished, timeout=WAIT_MS):
        op.run_in_background()
    assert len(dialogs) == 1
    title, text = dialogs[0]
    assert "KeyError" in text and "Traceback" not in text and "File \"" not in text
    assert title == "意外问题"
    logged = [r for r in caplog.records if r.exc_info is not None]
    assert logged and logged[0].exc_info is not None and logged[0].exc_info[0] is KeyError


def test_unhandled_domain_error_shows_its_own_message(qtbot: QtBot, dialogs: list[tuple[str, str]]) -> None:
    def work(progress: Progress, cancelled: IsCancelled) -> None:
        raise ImportRejected("第3页损坏 (page 3 is damaged)")

    op = Operation(work)
    with qtbot.waitSignal(op.finished, timeout=WAIT_MS):
        op.run_in_background()
    assert dialogs == [("无法继续", "第3页损坏 (page 3 is damaged)")]


def test_progress_dialog_closes_after_an_exception(
    qtbot: QtBot, parent: QWidget, dialogs: list[tuple[str, str]]
) -> None:
    release = threading.Event()

    def work(progress: Progress, cancelled: IsCancelled) -> None:
        progress(0, 0, "")
        wait_for(release)
        raise RuntimeError("disk went away")

    op = Operation(work).with_progress(parent, "正在导入…", cancellable=False)
    op.run_in_background()
    qtbot.waitUntil(lambda: len(visible_progress_dialogs()) == 1, timeout=WAIT_MS)
    dialog = visible_progress_dialogs()[0]
    assert dialog.isModal() or dialog.windowModality() != Qt.WindowModality.NonModal
    with qtbot.waitSignal(op.finished, timeout=WAIT_MS):
        release.set()
    assert visible_progress_dialogs() == []
    assert QApplication.activeModalWidget() is None
    assert len(dialogs) == 1 and "disk went away" in dialogs[0][1]


def test_escape_does_not_close_a_dialog_that_cannot_cancel(qtbot: QtBot, parent: QWidget) -> None:
    release = threading.Event()
    op = Operation(lambda progress, cancelled: wait_for(release)).with_progress(parent, "…", cancellable=False)
    op.run_in_background()
    qtbot.waitUntil(lambda: len(visible_progress_dialogs()) == 1, timeout=WAIT_MS)
    dialog = visible_progress_dialogs()[0]
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    dialog.close()
    assert dialog.isVisible() and not op.cancel_requested
    with qtbot.waitSignal(op.finished, timeout=WAIT_MS):
        release.set()
    assert op.outcome == "succeeded"


def test_cancel_button_stops_the_work(qtbot: QtBot, parent: QWidget) -> None:
    cancelled_calls: list[bool] = []
    results: list[Any] = []

    def work(progress: Progress, cancelled: IsCancelled) -> str:
        progress(1, 10, "第 1 份")
        if wait_for(cancelled=cancelled) and cancelled():
            raise Cancelled
        return "finished without cancel"

    op = (Operation(work).with_progress(parent, "正在导入申报材料…")
          .success(results.append).on_cancel(lambda: cancelled_calls.append(True)))
    op.run_in_background()
    qtbot.waitUntil(lambda: len(visible_progress_dialogs()) == 1, timeout=WAIT_MS)
    dialog = visible_progress_dialogs()[0]
    cancel_button = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    assert cancel_button.text() == "取消", "Qt's own catalogue (qtbase_zh_CN) translates standard buttons"
    with qtbot.waitSignal(op.finished, timeout=WAIT_MS):
        qtbot.mouseClick(cancel_button, Qt.MouseButton.LeftButton)
        assert dialog.label.text() == "正在取消…"
    assert cancelled_calls == [True] and results == []
    assert op.outcome == "cancelled"
    assert visible_progress_dialogs() == []


def test_exclusive_operations_run_one_at_a_time(qtbot: QtBot) -> None:
    first_started, release = threading.Event(), threading.Event()
    second_saw_release: list[bool] = []

    def first(progress: Progress, cancelled: IsCancelled) -> None:
        first_started.set()
        wait_for(release)

    def second(progress: Progress, cancelled: IsCancelled) -> None:
        second_saw_release.append(release.is_set())

    op1, op2 = Operation(first), Operation(second)
    op1.run_in_background()
    op2.run_in_background()
    qtbot.waitUntil(first_started.is_set, timeout=WAIT_MS)
    assert qt_worker.busy() and len(qt_worker.running()) == 2
    with qtbot.waitSignals([op1.finished, op2.finished], timeout=WAIT_MS):
        release.set()
    assert second_saw_release == [True], "the second write started while the first was still running"


def test_non_exclusive_work_runs_beside_a_write(qtbot: QtBot) -> None:
    release = threading.Event()
    reads: list[str] = []
    writer = Operation(lambda progress, cancelled: wait_for(release))
    reader = Operation(lambda progress, cancelled: "page text", exclusive=False).success(reads.append)
    writer.run_in_background()
    with qtbot.waitSignal(reader.finished, timeout=WAIT_MS):
        reader.run_in_background()
    assert reads == ["page text"] and writer.is_running
    with qtbot.waitSignal(writer.finished, timeout=WAIT_MS):
        release.set()


def test_a_failing_success_handler_is_reported(qtbot: QtBot, dialogs: list[tuple[str, str]]) -> None:
    def broken(_result: object) -> None:
        raise TypeError("handler bug")

    op = Operation(lambda progress, cancelled: 1).success(broken)
    with qtbot.waitSignal(op.finished, timeout=WAIT_MS):
        op.run_in_background()
    assert len(dialogs) == 1 and "handler bug" in dialogs[0][1]
    assert not qt_worker.busy()


def test_an_operation_runs_once(qtbot: QtBot) -> None:
    op = Operation(lambda progress, cancelled: None)
    with qtbot.waitSignal(op.finished, timeout=WAIT_MS):
        op.run_in_background()
    with pytest.raises(RuntimeError):
        op.run_in_background()
