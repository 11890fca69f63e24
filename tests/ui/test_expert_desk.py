"""The expert's desk in the main window, on a workspace made from a real signed bundle.

Dialogs are answered by replacing their ``ask()`` classmethods; everything else is
real: the window, the desk, the viewer, the workers, the database.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDropEvent, QImage, QInputDevice, QPointingDevice, QTabletEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from db.models import Review
from expert_workspace import EXPERT, ExpertSetup, build
from reviewer import crypto, keys, rounds, scoring
from reviewer.exchange import describe_return
from reviewer.returns import import_returns
from reviewer.workspace import Workspace
from scoring_helpers import complete_changes
from ui import i18n, messages, qt_worker
from ui.qt_desk import AppContext
from ui.qt_expert import OPEN_DOSSIER_SETTING, ExpertDesk, remembered_dossier, remembered_file
from ui.qt_expert_dialogs import (
    ConflictAnswer,
    ConflictDialog,
    FileDialog,
    ProblemListDialog,
    Profile,
    ReopenReviewDialog,
    SetupDialog,
    SetupResult,
    SignaturePad,
    SubmitAnswer,
    SubmitDialog,
    SubmitSummary,
)
from ui.qt_mainwindow import MainWindow

pytestmark = pytest.mark.qt

MODULES = ("ui.qt_rounds", "ui.qt_expert")
WAIT_MS = 15_000
#: ai-demo: 8*1.5 + 9.5*2 + 7.5*1 + 8.5*2.5 + 6*2 + 7*1
SCORES = [("scenario_value", "8"), ("innovation", "9.5"), ("autonomy", "7.5"), ("benefits", "8.5"),
          ("demonstration", "6"), ("capacity", "7")]
TOTAL = "78.75"


# --- fixtures -------------------------------------------------------------------------------------


@pytest.fixture
def setup(tmp_path: Path) -> Iterator[ExpertSetup]:
    built = build(tmp_path / "round")
    yield built
    built.close()


@pytest.fixture
def messages_seen(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """Every message box the desk shows, by kind (no dialog ever blocks a test)."""
    seen: dict[str, list[str]] = {"info": [], "error": [], "warning": []}
    for kind in seen:
        monkeypatch.setattr(messages.MessageBox, kind,
                            classmethod(lambda cls, parent, title, text, k=kind: seen[k].append(f"{title}: {text}")))
    monkeypatch.setattr(messages.MessageBox, "ask", classmethod(lambda cls, parent, title, text: True))
    return seen


@pytest.fixture
def idle(qtbot: QtBot) -> Iterator[None]:
    yield
    qtbot.waitUntil(lambda: not qt_worker.busy(), timeout=WAIT_MS)


def open_window(qtbot: QtBot, ws: Workspace, settings: QSettings) -> MainWindow:
    window = MainWindow(AppContext(ws), desk_modules=MODULES, settings=settings)
    qtbot.addWidget(window)
    window.resize(1500, 950)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.show_desk("expert")
    return window


@pytest.fixture
def window(qtbot: QtBot, setup: ExpertSetup, settings: QSettings, messages_seen: dict[str, list[str]],
           idle: None) -> Iterator[MainWindow]:
    window = open_window(qtbot, setup.expert, settings)
    yield window
    qtbot.waitUntil(lambda: not qt_worker.busy(), timeout=WAIT_MS)


def the_desk(window: MainWindow) -> ExpertDesk:
    desk = window.desk("expert")
    assert isinstance(desk, ExpertDesk)
    return desk


def answer_conflict(monkeypatch: pytest.MonkeyPatch, answer: ConflictAnswer | None) -> list[str]:
    asked: list[str] = []

    def ask(cls: type, parent: QWidget | None, dossier: Any, *, declare_only: bool = False) -> ConflictAnswer | None:
        asked.append(dossier.number)
        return answer

    monkeypatch.setattr(ConflictDialog, "ask", classmethod(ask))
    return asked


def open_dossier(qtbot: QtBot, desk: ExpertDesk, number: str) -> None:
    row = next(r for r in desk.rows() if r.number == number)
    with qtbot.waitSignal(desk.reviewShown, timeout=WAIT_MS):
        desk.open_dossier(row.dossier_id)


def current(ws: Workspace, number: str) -> Review | None:
    """The expert's current review of ``number``, read fresh (detached, scores loaded)."""
    with ws.session() as s:
        rnd = rounds.only_round(s)
        review = scoring.current_review(s, scoring.find_dossier(s, rnd, number), scoring.me(s, rnd))
        if review is not None:
            _ = list(review.scores)
            s.expunge(review)
        return review


def db_score(ws: Workspace, number: str, key: str) -> Decimal | None:
    review = current(ws, number)
    if review is None:
        return None
    return next((sc.value for sc in review.scores if sc.criterion == key), None)


def settle(qtbot: QtBot, desk: ExpertDesk) -> None:
    """Everything typed is committed and saved."""
    desk.panel.flush()
    qtbot.waitUntil(lambda: desk.saves_pending() == 0 and not qt_worker.busy(), timeout=WAIT_MS)


def type_into(qtbot: QtBot, widget: QWidget, text: str) -> None:
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)
    qtbot.keyClicks(widget, text)


def fill_review(qtbot: QtBot, desk: ExpertDesk) -> None:
    """Scores typed field by field with Tab (score, comment, next score …), then everything else."""
    panel = desk.panel
    first = panel.cards[SCORES[0][0]].score_edit
    first.setFocus()
    qtbot.waitUntil(first.hasFocus)
    for key, value in SCORES:
        assert QApplication.focusWidget() is panel.cards[key].score_edit
        qtbot.keyClicks(QApplication.focusWidget(), value)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert panel.total_value.text() == TOTAL


# --- the work list -----------------------------------------------------------------------------


def test_work_list_shows_status_progress_and_totals(qtbot: QtBot, window: MainWindow, setup: ExpertSetup,
                                                     qtmodeltester: Any) -> None:
    desk = the_desk(window)
    assert window.tabs.currentWidget() is desk
    assert desk.stack.currentIndex() == desk.PAGE_LIST
    assert [r.number for r in desk.rows()] == setup.numbers
    assert desk.heading.text() == "2026年度人工智能创新应用示范项目评审"
    assert desk.progress_label.text() == "已提交 0/3 · 未开始 3"
    assert desk.setup_banner.isVisible()  # no handwritten signature yet
    qtmodeltester.check(desk.model)
    qtmodeltester.check(desk.proxy)
    model = desk.model
    status = model.index(0, model.column_index("status"))
    assert status.data() == "未开始"
    assert status.data(Qt.ItemDataRole.DecorationRole) is not None
    assert model.headerData(model.column_index("total"), Qt.Orientation.Horizontal) == "总分"
    assert desk.count_label.text() == "共 3 份"
    desk.text_filter.setText(setup.numbers[1])
    assert desk.proxy.rowCount() == 1
    desk.text_filter.clear()
    desk.status_filter.setCurrentIndex(desk.status_filter.findData("submitted"))
    assert desk.proxy.rowCount() == 0
    assert desk.count_label.text() == "显示 0 / 共 3 份"
    desk.status_filter.setCurrentIndex(0)
    assert desk.proxy.rowCount() == 3
    titles = [a.text() for a in window.file_menu.actions()]
    assert "打开评审包(&B)…" in titles and "导出回传文件(&E)…" in titles


def test_declared_conflict_locks_the_dossier(qtbot: QtBot, window: MainWindow, setup: ExpertSetup,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    desk = the_desk(window)
    number = setup.numbers[2]
    asked = answer_conflict(monkeypatch, ConflictAnswer(True, "same_org", "本人曾任申报单位技术顾问"))
    open_dossier(qtbot, desk, number)
    assert asked == [number]
    assert desk.body.currentWidget() is desk.locked
    assert "本单位" in desk.locked_text.text() and "技术顾问" in desk.locked_text.text()
    assert not desk.declare_button.isVisible()
    row = next(r for r in desk.rows() if r.number == number)
    assert row.status == "conflict"
    assert "回避 1" in desk.progress_label.text()
    with setup.expert.session() as s:
        rnd = rounds.only_round(s)
        dossier, me = scoring.find_dossier(s, rnd, number), scoring.me(s, rnd)
        conflict = scoring.blocking_conflict(s, dossier, me)
        assert conflict is not None and conflict.kind == "same_org"
        with pytest.raises(scoring.StateError):
            scoring.open_review(s, rnd, dossier, me)
    # Reopening it asks nothing and shows the lock again.
    asked.clear()
    open_dossier(qtbot, desk, number)
    assert asked == [] and desk.body.currentWidget() is desk.locked


def test_cancelled_declaration_opens_nothing(qtbot: QtBot, window: MainWindow, setup: ExpertSetup,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    desk = the_desk(window)
    answer_conflict(monkeypatch, None)
    desk.open_dossier(desk.rows()[0].dossier_id)
    assert desk.stack.currentIndex() == desk.PAGE_LIST
    assert current(setup.expert, setup.numbers[0]) is None


# --- scoring, submitting, reopening, handing back ------------------------------------------------


def test_score_submit_reopen_and_hand_back(qtbot: QtBot, window: MainWindow, setup: ExpertSetup,
                                           monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                           messages_seen: dict[str, list[str]]) -> None:
    desk = the_desk(window)
    panel = desk.panel
    number = setup.numbers[0]
    answer_conflict(monkeypatch, ConflictAnswer(True, "competitor", "同行业竞争企业"))
    open_dossier(qtbot, desk, setup.numbers[1])
    asked = answer_conflict(monkeypatch, ConflictAnswer(False))
    open_dossier(qtbot, desk, number)
    assert asked == [number]
    assert desk.stack.currentIndex() == desk.PAGE_DESK
    assert desk.body.currentWidget() is desk.splitter
    assert [f.label for f in desk.viewer.files()] == ["申报书", "附件"]
    assert not panel.is_read_only() and panel.submit_button.isVisible()

    fill_review(qtbot, desk)
    settle(qtbot, desk)
    # 9.5 is in the top band: the comment is required, and the problem list says so.
    innovation = panel.cards["innovation"]
    assert innovation.comment_edit.property("required") is True
    texts = [p.text for p in panel.problems()]
    assert any("技术创新性与先进性" in t and "须填写评语" in t for t in texts), texts
    assert not panel.submit_button.isEnabled()
    assert db_score(setup.expert, number, "innovation") == Decimal("9.5")
    row = panel.problem_list.findItems("技术创新性与先进性", Qt.MatchFlag.MatchContains)[0]
    qtbot.mouseClick(panel.problem_list.viewport(), Qt.MouseButton.LeftButton,
                     pos=panel.problem_list.visualItemRect(row).center())
    assert innovation.comment_edit.hasFocus()
    qtbot.keyClicks(innovation.comment_edit, "Own vision algorithm, leading")
    for group in panel.veto_groups.values():
        qtbot.mouseClick(group.button(0), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.recommendation_buttons["recommend"], Qt.MouseButton.LeftButton)
    type_into(qtbot, panel.overall_comment, "Clear plan, visible results.")
    settle(qtbot, desk)
    assert panel.problems() == []
    assert panel.ready_label.isVisible() and panel.submit_button.isEnabled()
    assert panel.save_label.text().startswith("已保存 ")

    summaries: list[SubmitSummary] = []

    def submit_ask(cls: type, parent: QWidget, summary: SubmitSummary, needs_passphrase: bool,
                   problem: str = "") -> SubmitAnswer:
        summaries.append(summary)
        assert not needs_passphrase
        return SubmitAnswer(None)

    monkeypatch.setattr(SubmitDialog, "ask", classmethod(submit_ask))
    with qtbot.waitSignal(desk.reviewShown, timeout=WAIT_MS):
        qtbot.mouseClick(panel.submit_button, Qt.MouseButton.LeftButton)
    assert summaries[0].total == TOTAL and summaries[0].recommendation == "推荐"
    review = current(setup.expert, number)
    assert review is not None and review.status == "submitted" and review.version == 1
    public = keys.public_key(setup.expert)
    assert public and crypto.verify(public, review.payload.encode("utf-8"), review.signature)
    assert '"total":"78.75"' in review.payload
    assert panel.is_read_only() and panel.reopen_button.isVisible() and not panel.submit_button.isVisible()
    assert "已签名提交" in panel.read_only_banner.text()
    assert next(r for r in desk.rows() if r.number == number).status == "submitted"

    monkeypatch.setattr(ReopenReviewDialog, "ask", classmethod(lambda cls, parent, info, version: "第12页数据需更正"))
    with qtbot.waitSignal(desk.reviewShown, timeout=WAIT_MS):
        qtbot.mouseClick(panel.reopen_button, Qt.MouseButton.LeftButton)
    assert not panel.is_read_only()
    assert panel.cards["innovation"].score_edit.value() == Decimal("9.5")
    with setup.expert.session() as s:
        rnd = rounds.only_round(s)
        history = scoring.review_history(s, scoring.find_dossier(s, rnd, number), scoring.me(s, rnd))
        assert [(r.version, r.status, r.current) for r in history] == [(1, "superseded", False), (2, "draft", True)]
        assert history[0].signature and scoring.verify_review(history[0])
        assert history[1].reopen_reason == "第12页数据需更正"
    assert "第12页数据需更正" in panel.read_only_banner.text()

    type_into(qtbot, panel.cards["autonomy"].score_edit, "")
    panel.cards["autonomy"].score_edit.lineEdit().selectAll()
    qtbot.keyClicks(panel.cards["autonomy"].score_edit, "8")
    settle(qtbot, desk)
    assert db_score(setup.expert, number, "autonomy") == Decimal(8)
    with qtbot.waitSignal(desk.reviewShown, timeout=WAIT_MS):
        qtbot.mouseClick(panel.submit_button, Qt.MouseButton.LeftButton)
    assert current(setup.expert, number).version == 2  # type: ignore[union-attr]

    saved_as: list[Path] = []
    out = tmp_path / "handed-back.rwreturn"

    def save_file(cls: type, parent: QWidget, title: str, default: Path, name_filter: str) -> Path:
        saved_as.append(default)
        return out

    monkeypatch.setattr(FileDialog, "save_file", classmethod(save_file))
    desk.export_return_action.trigger()
    qtbot.waitUntil(lambda: out.exists() and not qt_worker.busy(), timeout=WAIT_MS)
    assert saved_as[0].name == f"{EXPERT}-2026年度人工智能创新应用示范项目评审.rwreturn"
    described = describe_return(out)
    assert described["intact"], described
    assert described["reviews"] == 2 and described["dossiers"] == [number]
    assert described["declarations"] == 2  # the conflict on one dossier, "no conflict" on the other
    assert any("回传文件已生成" in m for m in messages_seen["info"])
    results = import_returns(setup.secretary, setup.round_uid, [out])
    assert results[0]["status"] == "accepted", results


def test_undo_redo_and_autosave_reach_the_database(qtbot: QtBot, window: MainWindow, setup: ExpertSetup,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    desk = the_desk(window)
    number = setup.numbers[0]
    answer_conflict(monkeypatch, ConflictAnswer(False))
    open_dossier(qtbot, desk, number)
    edit = desk.panel.cards["benefits"].score_edit
    type_into(qtbot, edit, "8")
    started = time.monotonic()
    qtbot.waitUntil(lambda: db_score(setup.expert, number, "benefits") == Decimal(8), timeout=1000)
    assert time.monotonic() - started < 1.0  # in the database within a second, focus still in the field
    assert edit.hasFocus()
    qtbot.waitUntil(lambda: desk.panel.save_label.text().startswith("已保存 "), timeout=WAIT_MS)

    qtbot.keyClick(edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert edit.lineEdit().text() == ""
    qtbot.waitUntil(lambda: db_score(setup.expert, number, "benefits") is None, timeout=WAIT_MS)
    qtbot.keyClick(edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert edit.value() == Decimal(8)
    qtbot.waitUntil(lambda: db_score(setup.expert, number, "benefits") == Decimal(8), timeout=WAIT_MS)

    # A value off the step grid never gets in: 7.3 stops at "7."
    other = desk.panel.cards["capacity"].score_edit
    type_into(qtbot, other, "7.3")
    assert other.lineEdit().text() == "7."
    settle(qtbot, desk)
    assert db_score(setup.expert, number, "capacity") == Decimal(7)
    # Leaving a comment field saves it at once.
    comment = desk.panel.cards["capacity"].comment_edit
    type_into(qtbot, comment, "Team of 40")
    qtbot.keyClick(comment, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: (current(setup.expert, number) is not None and any(
        sc.comment == "Team of 40" for sc in current(setup.expert, number).scores)), timeout=1000)  # type: ignore[union-attr]
    assert next(r for r in desk.rows() if r.number == number).status == "draft"


def test_pages_turn_while_the_focus_stays_in_the_form(qtbot: QtBot, window: MainWindow, setup: ExpertSetup,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    desk = the_desk(window)
    answer_conflict(monkeypatch, ConflictAnswer(False))
    open_dossier(qtbot, desk, setup.numbers[0])
    qtbot.waitUntil(lambda: desk.viewer.page_count() == 3, timeout=WAIT_MS)
    edit = desk.panel.cards["scenario_value"].score_edit
    type_into(qtbot, edit, "")
    assert desk.viewer.current_page() == 0
    qtbot.keyClick(edit, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: desk.viewer.current_page() == 1, timeout=WAIT_MS)
    qtbot.keyClick(edit, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: desk.viewer.current_page() == 2, timeout=WAIT_MS)
    qtbot.keyClick(edit, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: desk.viewer.current_page() == 1, timeout=WAIT_MS)
    assert edit.hasFocus() and edit.lineEdit().text() == ""  # the spin box did not step
    comment = desk.panel.cards["scenario_value"].comment_edit
    type_into(qtbot, comment, "x")
    qtbot.keyClick(comment, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: desk.viewer.current_page() == 2, timeout=WAIT_MS)
    assert comment.hasFocus()


def test_reopens_where_the_expert_was_after_a_crash(qtbot: QtBot, setup: ExpertSetup, settings: QSettings,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    messages_seen: dict[str, list[str]], idle: None) -> None:
    window = open_window(qtbot, setup.expert, settings)
    desk = the_desk(window)
    number = setup.numbers[1]
    answer_conflict(monkeypatch, ConflictAnswer(False))
    open_dossier(qtbot, desk, number)
    type_into(qtbot, desk.panel.cards["innovation"].score_edit, "6.5")
    qtbot.waitUntil(lambda: db_score(setup.expert, number, "innovation") == Decimal("6.5"), timeout=WAIT_MS)
    assert remembered_dossier(setup.expert) == (setup.round_uid, number)
    desk.viewer.set_current_file(1)  # reading the attachment
    attachment = desk.viewer.files()[1].sha256
    qtbot.waitUntil(lambda: remembered_file(setup.expert) == attachment, timeout=WAIT_MS)
    # The process dies here: no about_to_close, no closeEvent. A new process opens the workspace.
    qtbot.waitUntil(lambda: not qt_worker.busy(), timeout=WAIT_MS)
    window.hide()
    again = Workspace.open(setup.expert.root)
    try:
        asked = answer_conflict(monkeypatch, None)
        second = MainWindow(AppContext(again), desk_modules=MODULES, settings=settings)
        qtbot.addWidget(second)
        desk2 = the_desk(second)
        with qtbot.waitSignal(desk2.reviewShown, timeout=WAIT_MS):
            second.show()
        assert asked == []
        assert desk2.stack.currentIndex() == desk2.PAGE_DESK
        assert desk2.panel.cards["innovation"].score_edit.value() == Decimal("6.5")
        assert desk2.viewer.current_file().sha256 == attachment  # type: ignore[union-attr]
        # Going back to the list forgets the open dossier.
        desk2.show_list()
        qtbot.waitUntil(lambda: again.get_setting(OPEN_DOSSIER_SETTING) == "", timeout=WAIT_MS)
        qtbot.waitUntil(lambda: not qt_worker.busy(), timeout=WAIT_MS)
    finally:
        again.close()


# --- bundles ---------------------------------------------------------------------------------------


def test_foreign_or_altered_bundle_is_refused_with_the_reason(qtbot: QtBot, window: MainWindow,
                                                               setup: ExpertSetup, tmp_path: Path,
                                                               messages_seen: dict[str, list[str]]) -> None:
    desk = the_desk(window)
    desk.open_bundle(setup.other_bundle)
    qtbot.waitUntil(lambda: bool(messages_seen["error"]) and not qt_worker.busy(), timeout=WAIT_MS)
    assert "评审包被拒收" in messages_seen["error"][0]
    assert "此评审包是发给专家" in messages_seen["error"][0]
    data = bytearray(setup.bundle.read_bytes())
    data[len(data) // 2] ^= 0xFF
    altered = tmp_path / "altered.rwbundle"
    altered.write_bytes(bytes(data))
    desk.open_bundle(altered)
    qtbot.waitUntil(lambda: len(messages_seen["error"]) == 2 and not qt_worker.busy(), timeout=WAIT_MS)
    assert "评审包被拒收" in messages_seen["error"][1]
    assert [r.number for r in desk.rows()] == setup.numbers


def test_a_new_workspace_opens_a_bundle_from_the_menu_or_a_drop(qtbot: QtBot, setup: ExpertSetup, tmp_path: Path,
                                                                settings: QSettings, monkeypatch: pytest.MonkeyPatch,
                                                                messages_seen: dict[str, list[str]],
                                                                idle: None) -> None:
    fresh = Workspace.open(tmp_path / "laptop")
    try:
        window = open_window(qtbot, fresh, settings)
        desk = the_desk(window)
        assert desk.stack.currentIndex() == desk.PAGE_WELCOME
        assert desk.open_bundle_action.isEnabled() and not desk.export_return_action.isEnabled()
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(setup.bundle))])
        drop = QDropEvent(QPoint(200, 200).toPointF(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                          Qt.KeyboardModifier.NoModifier)
        window.dropEvent(drop)
        qtbot.waitUntil(lambda: fresh.role == "expert" and not qt_worker.busy(), timeout=WAIT_MS)
        desk = the_desk(window)
        qtbot.waitUntil(lambda: len(desk.rows()) == 3, timeout=WAIT_MS)
        assert desk.stack.currentIndex() == desk.PAGE_LIST
        assert any("评审包已导入" in m for m in messages_seen["info"])
        monkeypatch.setattr(FileDialog, "open_file", classmethod(lambda cls, *args: setup.bundle))
        desk.open_bundle_action.trigger()
        qtbot.waitUntil(lambda: len(messages_seen["info"]) == 2 and not qt_worker.busy(), timeout=WAIT_MS)
        assert "此前已导入" in messages_seen["info"][1]
    finally:
        fresh.close()


# --- offline entry ---------------------------------------------------------------------------------


def test_template_export_and_all_or_nothing_import(qtbot: QtBot, window: MainWindow, setup: ExpertSetup,
                                                    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    messages_seen: dict[str, list[str]]) -> None:
    desk = the_desk(window)
    number = setup.numbers[0]
    with setup.expert.session() as s:
        rnd = rounds.only_round(s)
        scoring.confirm_no_conflict(s, rnd, scoring.find_dossier(s, rnd, number), scoring.me(s, rnd))
    template = tmp_path / "template.xlsx"
    monkeypatch.setattr(FileDialog, "save_file", classmethod(lambda cls, *args: template))
    desk.export_template_action.trigger()
    qtbot.waitUntil(lambda: template.exists() and not qt_worker.busy(), timeout=WAIT_MS)
    assert any("离线评分表已生成" in m for m in messages_seen["info"])

    bad = tmp_path / "bad.csv"
    bad.write_text("dossier,criterion,value,comment\n"
                   f"{number},innovation,7.3,\n{number},benefits,8,\n{number},nonsense,5,\n", encoding="utf-8")
    shown: list[tuple[str, list[str]]] = []
    monkeypatch.setattr(ProblemListDialog, "show_problems",
                        classmethod(lambda cls, parent, title, intro, lines: shown.append((intro, list(lines)))))
    monkeypatch.setattr(FileDialog, "open_file", classmethod(lambda cls, *args: bad))
    desk.import_scores_action.trigger()
    qtbot.waitUntil(lambda: bool(shown) and not qt_worker.busy(), timeout=WAIT_MS)
    intro, lines = shown[0]
    assert "均未导入" in intro and len(lines) == 2
    assert any("7.3" in line for line in lines) and any("nonsense" in line for line in lines)
    assert db_score(setup.expert, number, "benefits") is None  # nothing imported

    good = tmp_path / "good.csv"
    good.write_text(f"dossier,criterion,value,comment\n{number},benefits,8,\n", encoding="utf-8")
    monkeypatch.setattr(FileDialog, "open_file", classmethod(lambda cls, *args: good))
    desk.import_scores_action.trigger()
    qtbot.waitUntil(lambda: db_score(setup.expert, number, "benefits") == Decimal(8) and not qt_worker.busy(),
                    timeout=WAIT_MS)
    assert any("评分已导入" in m for m in messages_seen["info"])
    qtbot.waitUntil(lambda: next(r for r in desk.rows() if r.number == number).status == "draft", timeout=WAIT_MS)


# --- profile and signature -----------------------------------------------------------------------------


def test_signature_pad_draws_and_exports_a_transparent_png(qtbot: QtBot) -> None:
    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.resize(500, 180)
    pad.show()
    qtbot.waitExposed(pad)
    assert pad.is_empty() and pad.to_png() == b""
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(40, 100))
    for x in range(50, 300, 10):
        qtbot.mouseMove(pad, QPoint(x, 100 + (x % 40) - 20))
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(300, 90))
    assert pad.stroke_count() == 1
    pad.add_stroke([(80, 60, 0.3), (120, 140, 0.9), (160, 70, 0.6)])
    assert pad.stroke_count() == 2
    pad.undo_stroke()
    assert pad.stroke_count() == 1
    png = pad.to_png()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    image = QImage.fromData(png)
    assert image.hasAlphaChannel()
    assert image.pixelColor(0, 0).alpha() == 0  # transparent around the ink
    assert image.width() > image.height() > 0
    pad.clear()
    assert pad.is_empty()


def test_signature_pad_takes_a_pen_with_pressure(qtbot: QtBot) -> None:
    pad = SignaturePad()
    qtbot.addWidget(pad)
    pen = QPointingDevice("test pen", 77, QInputDevice.DeviceType.Stylus, QPointingDevice.PointerType.Pen,
                          QInputDevice.Capability.Position | QInputDevice.Capability.Pressure, 1, 3)

    def send(kind: QEvent.Type, x: float, y: float, pressure: float) -> bool:
        event = QTabletEvent(kind, pen, QPointF(x, y), QPointF(x, y), pressure, 0.0, 0.0, 0.0, 0.0, 0.0,
                             Qt.KeyboardModifier.NoModifier, Qt.MouseButton.LeftButton, Qt.MouseButton.LeftButton)
        QApplication.sendEvent(pad, event)
        return event.isAccepted()

    assert send(QEvent.Type.TabletPress, 20, 100, 0.2)
    assert send(QEvent.Type.TabletMove, 80, 60, 0.9)
    assert send(QEvent.Type.TabletRelease, 80, 60, 0.0)
    assert pad.stroke_count() == 1
    light = pad.to_image()
    pad.clear()
    pad.add_stroke([(20, 100, 1.0), (80, 60, 1.0)])
    heavy = pad.to_image()
    assert heavy.height() > light.height()  # more pressure, thicker ink


def test_profile_sets_signature_passphrase_and_organisation(qtbot: QtBot, window: MainWindow, setup: ExpertSetup,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    desk = the_desk(window)
    profile = desk.profile()
    assert profile.name == EXPERT and profile.fingerprint and not profile.key_protected
    dialog = SetupDialog(profile)
    qtbot.addWidget(dialog)
    dialog.pad.add_stroke([(30, 120, 0.5), (90, 60, 0.5), (150, 120, 0.5), (210, 70, 0.5)])
    dialog.organisation_edit.setText("泉城大学人工智能研究院")
    dialog.change_passphrase.setChecked(True)
    dialog.new_passphrase.setText("secret-42")
    dialog.repeat_passphrase.setText("secret-4")
    assert dialog.problem() == "两次输入的新口令不一致。"
    dialog.repeat_passphrase.setText("secret-42")
    assert dialog.problem() == ""
    result = dialog.result_data()
    assert result.organisation == "泉城大学人工智能研究院" and result.passphrase == (None, "secret-42")
    assert result.signature_png and result.signature_png.startswith(b"\x89PNG")

    monkeypatch.setattr(SetupDialog, "ask", classmethod(lambda cls, parent, p: result))
    desk.profile_action.trigger()
    qtbot.waitUntil(lambda: keys.key_needs_passphrase(setup.expert) and not qt_worker.busy(), timeout=WAIT_MS)
    assert keys.signature_image(setup.expert) == result.signature_png
    qtbot.waitUntil(lambda: not desk.setup_banner.isVisible(), timeout=WAIT_MS)
    with setup.expert.session() as s:
        assert scoring.me(s, rounds.only_round(s)).organisation == "泉城大学人工智能研究院"
    assert isinstance(keys.load_key(setup.expert, "secret-42"), object)
    again = desk.profile()
    assert again.key_protected and again.signature_png == result.signature_png
    assert again.organisation == "泉城大学人工智能研究院"


def test_submit_asks_for_the_passphrase_until_it_is_right(qtbot: QtBot, window: MainWindow, setup: ExpertSetup,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    desk = the_desk(window)
    keys.change_passphrase(setup.expert, None, "secret-42")
    number = setup.numbers[0]
    answer_conflict(monkeypatch, ConflictAnswer(False))
    open_dossier(qtbot, desk, number)
    review = current(setup.expert, number)
    assert review is not None
    with setup.expert.session() as s:
        form = rounds.round_form(rounds.only_round(s))
    for change in complete_changes(form):  # typed elsewhere (the offline import does the same)
        with setup.expert.session() as s:
            scoring.update_review(s, review.id, **change)
    desk.show_list()
    open_dossier(qtbot, desk, number)
    assert desk.panel.problems() == []
    answers = iter([SubmitAnswer("wrong-one"), SubmitAnswer("secret-42")])
    calls: list[tuple[bool, str]] = []

    def ask(cls: type, parent: QWidget, summary: SubmitSummary, needs_passphrase: bool,
            problem: str = "") -> SubmitAnswer:
        calls.append((needs_passphrase, problem))
        return next(answers)

    monkeypatch.setattr(SubmitDialog, "ask", classmethod(ask))
    with qtbot.waitSignal(desk.reviewShown, timeout=WAIT_MS):
        desk.submit()
    assert calls == [(True, ""), (True, "口令不正确 (wrong passphrase)")]
    review = current(setup.expert, number)
    assert review is not None and review.status == "submitted" and scoring.verify_review(review)


def test_declaring_a_conflict_while_reading_sets_the_draft_aside(qtbot: QtBot, window: MainWindow,
                                                                 setup: ExpertSetup,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    desk = the_desk(window)
    number = setup.numbers[0]
    answer_conflict(monkeypatch, ConflictAnswer(False))
    open_dossier(qtbot, desk, number)
    type_into(qtbot, desk.panel.cards["innovation"].score_edit, "5")
    settle(qtbot, desk)
    answer_conflict(monkeypatch, ConflictAnswer(True, "relative", "申报单位负责人是本人亲属"))
    with qtbot.waitSignal(desk.reviewShown, timeout=WAIT_MS):
        qtbot.mouseClick(desk.declare_button, Qt.MouseButton.LeftButton)
    assert desk.body.currentWidget() is desk.locked
    assert "亲属关系" in desk.locked_text.text()
    assert current(setup.expert, number) is None  # the draft is kept but no longer current
    assert next(r for r in desk.rows() if r.number == number).status == "conflict"


def test_profile_dialog_shows_what_it_was_given(qtbot: QtBot) -> None:
    pad = SignaturePad()
    pad.add_stroke([(10, 10, 0.5), (60, 40, 0.5)])
    png = pad.to_png()
    dialog = SetupDialog(Profile("李明哲", "泉城大学", "AB12 CD34 EF56 7890", True, png))
    qtbot.addWidget(dialog)
    assert dialog.name_value.text() == "李明哲"
    assert dialog.fingerprint_value.text() == "AB12 CD34 EF56 7890"
    assert not dialog.pad.is_empty()
    assert dialog.change_passphrase.text() == "修改口令…"
    dialog.change_passphrase.setChecked(True)
    assert dialog.problem() == "请输入当前口令。"
    dialog.old_passphrase.setText("old-secret")
    assert dialog.problem() == ""
    assert dialog.result_data() == SetupResult(None, None, ("old-secret", None))  # removes the passphrase
