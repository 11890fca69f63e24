"""The round wizard: a round is created from the File menu; a bad form file keeps the wizard on its page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QDate, QSettings
from PySide6.QtWidgets import QApplication, QWizard
from pytestqt.qtbot import QtBot

from forms.loader import load_builtin
from reviewer import rounds
from reviewer.workspace import Workspace
from ui import i18n, messages, qt_worker
from ui.qt_desk import AppContext
from ui.qt_import import FileDialogs
from ui.qt_mainwindow import MainWindow
from ui.qt_round_wizard import RoundWizard, form_preview_html
from ui.qt_secretary import SecretaryDesk
from ui.qt_worker import ProgressDialog

pytestmark = pytest.mark.qt

WAIT_MS = 20_000
MODULES = ("ui.qt_rounds", "ui.qt_secretary")

BAD_FORM = """id = "mine"
version = 1
title = { zh = "自定义评分表", en = "Custom form" }

[[criteria]]
key = "overall"
title = { zh = "综合评价", en = "Overall" }
max = "十"
"""
GOOD_FORM = BAD_FORM.replace('max = "十"', "max = 10")


@pytest.fixture(autouse=True)
def _quick_and_chinese(monkeypatch: pytest.MonkeyPatch, qapp: QApplication) -> Iterator[None]:
    monkeypatch.setattr(qt_worker, "PROGRESS_DELAY_MS", 0)
    monkeypatch.setattr(qt_worker, "PROGRESS_INTERVAL_S", 0.0)
    i18n.install_language("zh_CN")
    yield
    assert qt_worker.wait_for_idle(WAIT_MS), "a worker was left running"


@pytest.fixture
def errors(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(messages.MessageBox, "error",
                        classmethod(lambda cls, p, title, text: shown.append((title, text))))
    return shown


def open_window(qtbot: QtBot, workspace: Workspace, settings: QSettings) -> MainWindow:
    window = MainWindow(AppContext(workspace), desk_modules=MODULES, settings=settings)
    qtbot.addWidget(window)
    window.show()
    return window


def visible_progress() -> list[ProgressDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, ProgressDialog) and w.isVisible()]


def test_the_wizard_creates_a_round_in_a_new_workspace(qtbot: QtBot, workspace: Workspace, settings: QSettings,
                                                       errors: list[tuple[str, str]]) -> None:
    window = open_window(qtbot, workspace, settings)
    assert workspace.role is None
    desk = window.desk("secretary")
    assert isinstance(desk, SecretaryDesk), "a new workspace shows the secretary's desk, to create the first round"
    assert desk.new_round_action in window.file_menu.actions()
    assert desk.new_round_action.shortcut().toString() == "Ctrl+Shift+N"

    desk.new_round_action.trigger()
    wizard = desk.wizard
    assert isinstance(wizard, RoundWizard) and wizard.isVisible()
    finish = wizard.button(QWizard.WizardButton.NextButton)
    assert not finish.isEnabled(), "a round needs a name"
    wizard.name_page.name_edit.setText("2026年度融合创新项目评审")
    assert finish.isEnabled()
    wizard.next()
    assert wizard.currentPage() is wizard.form_page

    forms = wizard.form_page.list
    ids = [forms.item(i).data(256) for i in range(forms.count())]
    assert set(ids) == {"ai-demo", "ai-integration", "ai-leader", "ai-product"}
    forms.setCurrentRow(ids.index("ai-integration"))
    integration = load_builtin("ai-integration")
    item_text = forms.currentItem().text()
    assert integration.title.zh in item_text and integration.title.en in item_text
    preview = wizard.form_page.preview.toPlainText()
    assert integration.criteria[0].title.zh in preview and "权重" in preview and "100" in preview
    wizard.next()

    rules = wizard.rules_page
    assert wizard.currentPage() is rules
    assert rules.spread_spin.value() == 15.0, "the default disagreement limit is 15% of the form's highest total"
    assert "中位数" in rules.rule_radios["median"].text() and rules.rule_notes["median"].text()
    rules.rule_radios["median"].setChecked(True)
    rules.spread_spin.setValue(12.5)
    rules.k_spin.setValue(5)
    rules.deadline_edit.setDate(QDate(2026, 12, 31))
    wizard.next()
    assert wizard.currentPage() is wizard.summary_page
    summary = wizard.summary_page.summary.text()
    assert "2026年度融合创新项目评审" in summary and "中位数" in summary and "2026-12-31" in summary

    with qtbot.waitSignal(wizard.created, timeout=WAIT_MS) as created:
        wizard.button(QWizard.WizardButton.FinishButton).click()
    round_id = created.args[0]
    qtbot.waitUntil(lambda: not shiboken6.isValid(wizard) or not wizard.isVisible(), timeout=WAIT_MS)
    assert not visible_progress()
    with workspace.session() as s:
        rnd = rounds.get_round(s, round_id)
        assert (rnd.name, rnd.form_id, rnd.rule, rnd.spread_limit, rnd.per_dossier, rnd.deadline) == (
            "2026年度融合创新项目评审", "ai-integration", "median", Decimal("12.5"), 5, dt.date(2026, 12, 31))
    assert workspace.role == "secretary", "creating the first round makes the workspace a secretary's"
    assert window.ctx.role == "secretary" and window.role_label.text() == "身份：评审秘书"
    assert window.ctx.round_id == round_id
    assert window.desk("secretary") is desk, "the desk stays (it is registered for both roles)"
    assert desk.current_step() == "dossiers", "the next thing to do is importing the dossiers"
    assert desk.workflow.done("setup") and desk.workflow.next_step() == "dossiers"
    assert not errors


def test_a_bad_form_file_keeps_the_wizard_on_its_page(qtbot: QtBot, workspace: Workspace, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      errors: list[tuple[str, str]]) -> None:
    bad = tmp_path / "我的评分表.toml"
    bad.write_text(BAD_FORM, encoding="utf-8")
    monkeypatch.setattr(FileDialogs, "open_file", classmethod(lambda cls, parent, title, filters, start=None: bad))
    ctx = AppContext(workspace)
    wizard = RoundWizard(ctx, "秘书")
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.name_page.name_edit.setText("自定义评分表测试")
    wizard.next()
    page = wizard.form_page
    page.browse_button.click()
    assert page.file_radio.isChecked() and page.path_edit.text() == str(bad)
    assert page.error_label.isVisible()
    message = page.error_label.text()
    assert str(bad) in message and "第8行" in message, message
    wizard.next()
    assert wizard.currentPage() is page, "the wizard stays on the page while the file is bad"
    assert page.error_label.isVisible() and page.error_label.text() == message

    bad.write_text(GOOD_FORM, encoding="utf-8")
    wizard.next()
    assert wizard.currentPage() is wizard.rules_page
    assert not page.error_label.isVisible()
    assert page.form is not None and page.form.id == "mine"
    wizard.next()
    with qtbot.waitSignal(wizard.created, timeout=WAIT_MS) as created:
        wizard.button(QWizard.WizardButton.FinishButton).click()
    with workspace.session() as s:
        assert rounds.get_round(s, created.args[0]).form_id == "mine"
    assert not errors


def test_a_refused_round_keeps_the_wizard_open(qtbot: QtBot, workspace: Workspace,
                                               errors: list[tuple[str, str]]) -> None:
    workspace.set_setting("role", "expert")
    wizard = RoundWizard(AppContext(workspace), "秘书")
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.name_page.name_edit.setText("专家不能建轮次")
    wizard.next()
    wizard.next()
    wizard.next()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.op is not None
    with qtbot.waitSignal(wizard.op.finished, timeout=WAIT_MS):
        pass
    assert wizard.isVisible() and wizard.op.outcome == "failed"
    assert errors and "专家的工作区不能创建评审轮次" in errors[0][1]
    assert wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    with workspace.session() as s:
        assert rounds.list_rounds(s) == []


def test_the_form_preview_shows_criteria_weights_and_tiers(qapp: QApplication) -> None:
    form = load_builtin("ai-integration")
    text = form_preview_html(form)
    for criterion in form.criteria:
        assert criterion.title.zh in text and criterion.title.en in text
    assert "<b>20</b>" in text and "<b>100</b>" in text
    for tier in form.tiers:
        assert tier.title.zh in text
    assert ">100</td>" in text and ">50</td>" in text and ">30</td>" in text, "award amounts (万元) per tier"
    assert "否决项" in text and form.vetoes[0].question.zh in text
