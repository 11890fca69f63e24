"""The scoring panel on its own: fields generated from the form, grid-only scores, undo, commits."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QApplication, QRadioButton
from pytestqt.qtbot import QtBot

from forms.loader import load_builtin, load_form_text
from forms.model import Form
from reviewer import rounds, scoring
from reviewer.workspace import Workspace
from scoring_helpers import build_workspace, context
from ui import i18n
from ui.qt_scoring import (
    COMMENT,
    RECOMMENDATION,
    SCORE,
    SCORE_COMMENT,
    VETO,
    Change,
    Problem,
    ReviewValues,
    ScoringPanel,
    pair_problems,
    problem_targets,
    values_from_review,
)

pytestmark = pytest.mark.qt

MINIMAL = """
id = "minimal"
version = 1
title = { zh = "最简评分表", en = "Minimal form" }

[[criteria]]
key = "overall"
title = { zh = "综合评价", en = "Overall" }
max = 100
step = 2
"""


@pytest.fixture
def form() -> Form:
    return load_builtin("ai-demo")


@pytest.fixture
def panel(qtbot: QtBot, form: Form) -> ScoringPanel:
    panel = ScoringPanel()
    qtbot.addWidget(panel)
    panel.set_form(form)
    panel.load(ReviewValues(), read_only=False)
    panel.set_mode("draft")
    panel.resize(560, 900)
    show(qtbot, panel)
    return panel


def show(qtbot: QtBot, panel: ScoringPanel) -> None:
    """Shown and active: focus (and so "leaving a field") only moves in the active window."""
    panel.show()
    qtbot.waitExposed(panel)
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)


def edits(panel: ScoringPanel) -> list[Change]:
    seen: list[Change] = []
    panel.edited.connect(seen.append)
    return seen


def type_score(qtbot: QtBot, panel: ScoringPanel, key: str, text: str) -> None:
    edit = panel.cards[key].score_edit
    edit.setFocus()
    edit.lineEdit().selectAll()
    qtbot.keyClicks(edit, text)


def test_fields_follow_the_form(panel: ScoringPanel, form: Form) -> None:
    assert list(panel.cards) == [c.key for c in form.criteria]
    assert set(panel.veto_groups) == {v.key for v in form.vetoes}
    assert list(panel.recommendation_buttons) == [c.key for c in form.recommendations]
    card = panel.cards["benefits"]
    assert card.title_label.text() == "4. 应用成效与经济社会效益"
    assert "满分 10" in card.meta_label.text() and "25" in card.meta_label.text()
    assert card.guidance_label.text().startswith("考察示范项目投入运行后")
    assert not card.guidance_label.isVisible()
    card.guidance_button.click()
    assert card.guidance_label.isVisible()
    assert panel.total_scale.text() == "/ 100"
    assert panel.veto_labels["ethics"].text().startswith("项目是否存在违背科技伦理")
    assert panel.recommendation_buttons["conditional"].text() == "有条件推荐"


def test_score_field_takes_only_values_on_the_grid(qtbot: QtBot, panel: ScoringPanel) -> None:
    edit = panel.cards["innovation"].score_edit
    type_score(qtbot, panel, "innovation", "7.3")
    assert edit.lineEdit().text() == "7."  # the 3 was refused
    assert edit.value() == Decimal(7)
    type_score(qtbot, panel, "innovation", "11")
    assert edit.lineEdit().text() == "1"  # 11 is above the maximum
    type_score(qtbot, panel, "innovation", "9.5")
    assert edit.value() == Decimal("9.5")
    assert edit.validate("7.25", 4)[0] == QValidator.State.Invalid
    assert edit.validate("abc", 3)[0] == QValidator.State.Invalid
    state, text, _pos = edit.validate("８．５", 3)  # full-width digits are read
    assert (state, text) == (QValidator.State.Acceptable, "8.5")
    assert edit.validate("7.50", 4)[0] == QValidator.State.Acceptable
    assert edit.validate("", 0)[0] == QValidator.State.Acceptable  # empty = not scored


def test_half_typed_value_snaps_when_the_field_is_left(qtbot: QtBot) -> None:
    form = load_form_text(MINIMAL, origin="test")
    panel = ScoringPanel()
    qtbot.addWidget(panel)
    panel.set_form(form)
    panel.load(ReviewValues(), read_only=False)
    panel.set_mode("draft")
    show(qtbot, panel)
    seen = edits(panel)
    edit = panel.cards["overall"].score_edit
    type_score(qtbot, panel, "overall", "7")
    assert edit.validate("7", 1)[0] == QValidator.State.Intermediate  # 7 is off a grid of 2, 70 is on it
    assert not edit.current()[0]
    panel.overall_comment.setFocus()
    qtbot.waitUntil(lambda: edit.lineEdit().text() == "8", timeout=2000)  # snapped to the nearest allowed value
    assert seen == [Change(SCORE, "overall", Decimal(8))]


def test_arrow_keys_step_through_allowed_values(qtbot: QtBot, panel: ScoringPanel) -> None:
    edit = panel.cards["autonomy"].score_edit
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_Up)
    assert edit.value() == Decimal(0)
    qtbot.keyClick(edit, Qt.Key.Key_Up)
    assert edit.value() == Decimal("0.5")
    qtbot.keyClick(edit, Qt.Key.Key_PageUp)
    assert edit.value() == Decimal("5.5")
    for _ in range(3):
        qtbot.keyClick(edit, Qt.Key.Key_PageUp)
    assert edit.value() == Decimal(10)  # clamped at the maximum


def test_live_total_band_and_required_comment(qtbot: QtBot, panel: ScoringPanel, form: Form) -> None:
    type_score(qtbot, panel, "scenario_value", "8")
    type_score(qtbot, panel, "innovation", "9.5")
    expected = form.total({"scenario_value": Decimal(8), "innovation": Decimal("9.5")})
    assert panel.total_value.text() == f"{expected:.2f}" == "31.00"
    assert panel.scored_label.text() == "已评 2/6 项"
    card = panel.cards["innovation"]
    assert card.band_bar.current_band_index() == 4  # 国际领先, the top band
    assert card.points_label.text() == "计 19.00 分"
    assert card.comment_edit.property("required") is True
    assert card.comment_hint.isVisible()
    assert "最高档" in card.comment_hint.text() and "须填写评语" in card.comment_hint.text()
    assert card.comment_edit.placeholderText() == "评语（必填）"
    card.comment_edit.setFocus()
    qtbot.keyClicks(card.comment_edit, "Leading")
    assert card.comment_edit.property("required") is False
    assert panel.cards["scenario_value"].comment_edit.property("required") is False


def test_a_pause_commits_and_leaving_commits_at_once(qtbot: QtBot, panel: ScoringPanel) -> None:
    with qtbot.waitSignal(panel.edited, timeout=2000) as blocker:
        type_score(qtbot, panel, "benefits", "8.5")
    assert blocker.args == [Change(SCORE, "benefits", Decimal("8.5"))]
    seen = edits(panel)
    comment = panel.cards["benefits"].comment_edit
    comment.setFocus()
    qtbot.keyClicks(comment, "Solid results")
    assert seen == []
    qtbot.keyClick(comment, Qt.Key.Key_Tab)  # leaving the field: no waiting for the pause
    assert seen == [Change(SCORE_COMMENT, "benefits", "Solid results")]
    assert panel.cards["demonstration"].score_edit.hasFocus()


def test_tab_goes_through_the_criteria_in_order(qtbot: QtBot, panel: ScoringPanel, form: Form) -> None:
    first = panel.cards[form.criteria[0].key].score_edit
    first.setFocus()
    order = []
    for _ in range(len(form.criteria) * 2):
        order.append(QApplication.focusWidget())
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    expected = []
    for c in form.criteria:
        expected += [panel.cards[c.key].score_edit, panel.cards[c.key].comment_edit]
    assert order == expected
    assert isinstance(QApplication.focusWidget(), QRadioButton)  # then the veto questions


def test_undo_and_redo_restore_fields_and_send_the_value(qtbot: QtBot, panel: ScoringPanel) -> None:
    seen = edits(panel)
    type_score(qtbot, panel, "capacity", "6")
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=2000)
    type_score(qtbot, panel, "capacity", "6.5")  # same field, same visit: one undo step
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=2000)
    comment = panel.cards["capacity"].comment_edit
    comment.setFocus()
    qtbot.keyClicks(comment, "ok")
    qtbot.keyClick(comment, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # commits "ok", then undoes it
    assert comment.toPlainText() == ""
    assert seen[-2:] == [Change(SCORE_COMMENT, "capacity", "ok"), Change(SCORE_COMMENT, "capacity", "")]
    qtbot.keyClick(comment, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert panel.cards["capacity"].score_edit.lineEdit().text() == ""
    assert seen[-1] == Change(SCORE, "capacity", None)
    assert panel.total_value.text() == "—"
    qtbot.keyClick(comment, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert panel.cards["capacity"].score_edit.value() == Decimal("6.5")
    assert seen[-1] == Change(SCORE, "capacity", Decimal("6.5"))
    qtbot.keyClick(comment, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert comment.toPlainText() == "ok"


def test_vetoes_recommendation_and_comment(qtbot: QtBot, panel: ScoringPanel, form: Form) -> None:
    seen = edits(panel)
    group = panel.veto_groups["ethics"]
    qtbot.mouseClick(group.button(1), Qt.MouseButton.LeftButton)
    assert seen[-1] == Change(VETO, "ethics", True)
    assert panel.veto_warning.isVisible()
    qtbot.mouseClick(group.button(0), Qt.MouseButton.LeftButton)
    assert seen[-1] == Change(VETO, "ethics", False)
    assert not panel.veto_warning.isVisible()
    qtbot.mouseClick(panel.recommendation_buttons["recommend"], Qt.MouseButton.LeftButton)
    assert seen[-1] == Change(RECOMMENDATION, "", "recommend")
    panel.undo()
    panel.undo()
    assert seen[-1] == Change(VETO, "ethics", True)
    panel.undo()
    assert seen[-1] == Change(VETO, "ethics", None)
    assert group.checkedId() == -1  # unanswered again
    panel.overall_comment.setFocus()
    qtbot.keyClicks(panel.overall_comment, "Clear plan")
    panel.flush()
    assert seen[-1] == Change(COMMENT, "", "Clear plan")
    assert panel.values().comment == "Clear plan"


def test_problems_are_listed_and_focus_their_field(qtbot: QtBot, panel: ScoringPanel) -> None:
    panel.set_problems([
        Problem("缺少「场景价值与需求契合度」的评分", SCORE, "scenario_value"),
        Problem("「技术创新性与先进性」评分 9.5 属于最高档「国际领先」，须填写评语", SCORE_COMMENT, "innovation"),
        Problem("否决项「项目是否存在违背科技伦理和人工智能伦理要求的情形？」尚未回答", VETO, "ethics"),
    ])
    assert panel.problem_list.count() == 3
    assert not panel.submit_button.isEnabled()
    assert "3" in panel.problems_caption.text()
    item = panel.problem_list.item(1)
    rect = panel.problem_list.visualItemRect(item)
    qtbot.mouseClick(panel.problem_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert panel.cards["innovation"].comment_edit.hasFocus()
    panel.problem_list.itemClicked.emit(panel.problem_list.item(2))
    assert panel.veto_groups["ethics"].button(1).hasFocus()
    panel.set_problems([])
    assert panel.ready_label.isVisible()
    assert panel.submit_button.isEnabled()


def test_read_only_after_submission(qtbot: QtBot, panel: ScoringPanel) -> None:
    values = ReviewValues(scores={"innovation": Decimal(8)}, comments={"innovation": "good"},
                          vetoes={"ethics": False}, recommendation="recommend", comment="fine")
    panel.load(values, read_only=True, status_text="已提交")
    panel.set_mode("submitted")
    assert panel.cards["innovation"].score_edit.isReadOnly()
    assert panel.cards["innovation"].comment_edit.isReadOnly()
    no = panel.veto_groups["ethics"].button(0)
    assert no.isChecked()
    qtbot.mouseClick(panel.veto_groups["ethics"].button(1), Qt.MouseButton.LeftButton)
    assert no.isChecked()  # legible, but takes no clicks
    assert not panel.undo_action.isEnabled()
    assert panel.reopen_button.isVisible() and not panel.submit_button.isVisible()
    assert panel.read_only_banner.text() == "已提交"
    seen = edits(panel)
    edit = panel.cards["innovation"].score_edit
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_Up)
    assert edit.value() == Decimal(8) and seen == []


def test_problem_targets_mirror_the_core(workspace: Workspace) -> None:
    """Each sentence of scoring.problems is paired with the field that fixes it."""
    setup = build_workspace(workspace)
    with workspace.session() as s:
        rnd, dossier, expert = context(s, setup)
        scoring.confirm_no_conflict(s, rnd, dossier, expert)
        review_id = scoring.open_review(s, rnd, dossier, expert).id
        form = rounds.round_form(rnd)
    steps = [
        {}, {"score": ("innovation", Decimal("9.5"))}, {"score": ("scenario_value", Decimal(0))},
        {"score_comment": ("innovation", "ok")}, {"veto": ("ethics", False)}, {"recommendation": "recommend"},
    ]
    for change in steps:
        with workspace.session() as s:
            review = scoring.update_review(s, review_id, **change) if change else scoring.get_review(s, review_id)
            texts = scoring.problems(form, review)
            targets = problem_targets(form, values_from_review(review))
        assert len(texts) == len(targets)
        for text, (kind, key) in zip(texts, targets):
            if kind in (SCORE, SCORE_COMMENT):
                assert form.criterion(key).title.zh in text
                assert ("评语" in text) == (kind == SCORE_COMMENT)
            elif kind == VETO:
                assert next(v for v in form.vetoes if v.key == key).question.zh in text
            else:
                assert "推荐" in text
    assert pair_problems(["a", "b"], [(SCORE, "x")]) == [Problem("a"), Problem("b")]
