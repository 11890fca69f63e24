"""The reconciliation desk: ranking under every rule, score matrix, flags, calibration, agreement,
charts, and the committee's decisions (confirm, override with a reason, finalise, reopen)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, QSettings, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from db.models import Dossier, Expert, Review, Round
from reviewer import committee
from reviewer.committee import FLAG_LABELS, DecisionRow
from reviewer.reconcile import DossierResult, Flag
from reviewer.workspace import Workspace
from ui import i18n, messages
from ui.qt_charts import StripData, StripPlot
from ui.qt_decision import (
    BulkResultDialog,
    DecisionDialog,
    DecisionRequest,
    FinaliseDialog,
    ReopenDialog,
    TierChoice,
    split_bilingual,
)
from ui.qt_desk import AppContext
from ui.qt_mainwindow import DESK_MODULES, MainWindow
from ui.qt_models import ROW_ROLE, SORT_ROLE
from ui.qt_reconcile import (
    EXPERT,
    MEAN,
    SPREAD,
    RankingRow,
    ReconcileDesk,
    RoundFacts,
    make_ranking_model,
    outlier_experts,
)
from ui.qt_worker import Operation

pytestmark = pytest.mark.qt

ROUND = 1
CONTROVERSIAL = "AI-2026-007"
HARSH = "周正平"
WAIT_MS = 15_000
FONT = Qt.ItemDataRole.FontRole
BACKGROUND = Qt.ItemDataRole.BackgroundRole


# --- fixtures -----------------------------------------------------------------------------------


@pytest.fixture
def errors(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Error dialogs are recorded instead of shown (a modal dialog would block the test)."""
    shown: list[str] = []
    monkeypatch.setattr(messages.MessageBox, "error", classmethod(lambda cls, parent, title, text: shown.append(text)))
    return shown


@pytest.fixture
def desk(qtbot: QtBot, demo_copy: Workspace, settings: QSettings, errors: list[str]) -> Iterator[ReconcileDesk]:
    ctx = AppContext(demo_copy)
    desk = ReconcileDesk()
    qtbot.addWidget(desk)
    desk.set_context(ctx)
    ctx.set_round(ROUND)
    desk.resize(1400, 900)
    desk.show()
    qtbot.waitExposed(desk)
    yield desk
    assert errors == [], "an error dialog was shown"


def wait(qtbot: QtBot, op: Operation[Any] | None) -> Operation[Any]:
    assert op is not None
    if op.outcome is None:
        with qtbot.waitSignal(op.finished, timeout=WAIT_MS):
            pass
    return op


def rows_in_view(desk: ReconcileDesk) -> list[RankingRow]:
    proxy = desk.ranking_proxy
    return [proxy.index(r, 0).data(ROW_ROLE) for r in range(proxy.rowCount())]


def ranking_cell(desk: ReconcileDesk, number: str, key: str) -> QModelIndex:
    model = desk.ranking_model
    row = next(i for i, r in enumerate(model.rows()) if r.number == number)
    return model.index(row, model.column_index(key))


def decision(ws: Workspace, number: str) -> DecisionRow:
    with ws.session() as s:
        return committee.decision_row(s, ROUND, number)


# --- the ranking --------------------------------------------------------------------------------


def test_desk_ranks_the_twelve_dossiers_under_the_rounds_rule(desk: ReconcileDesk, demo_copy: Workspace,
                                                              qtmodeltester: Any) -> None:
    with demo_copy.session() as s:
        result = committee.reconcile_round(s, ROUND)
    rows = rows_in_view(desk)
    assert len(rows) == 12
    assert [r.result.rank for r in rows] == list(range(1, 13))
    expected = {d.number: d.rank for d in result.dossiers}
    assert {r.number: r.result.rank for r in rows} == expected
    # the rank column shows the rank, the table opens on the best dossier... unless one was selected
    first = desk.ranking_proxy.index(0, 0)
    assert first.data() == "1"
    qtmodeltester.check(desk.ranking_model)


def test_the_rounds_rule_column_is_bold_and_numbers_have_two_decimals(desk: ReconcileDesk) -> None:
    assert desk.state is not None and desk.state.rule == "trimmed"
    model = desk.ranking_model
    trimmed, mean = model.column_index("trimmed"), model.column_index("mean")
    cell = ranking_cell(desk, CONTROVERSIAL, "trimmed")
    font = cell.data(FONT)
    assert font is not None and font.bold()
    assert model.headerData(trimmed, Qt.Orientation.Horizontal, FONT).bold()
    assert ranking_cell(desk, CONTROVERSIAL, "mean").data(FONT) is None
    assert model.headerData(mean, Qt.Orientation.Horizontal, FONT) is None
    assert cell.data() == "64.92"
    assert ranking_cell(desk, "AI-2026-004", "trimmed").data() == "77.00"
    assert ranking_cell(desk, CONTROVERSIAL, "median").data() == "68.25"
    alignment = Qt.AlignmentFlag(cell.data(Qt.ItemDataRole.TextAlignmentRole))
    assert alignment & Qt.AlignmentFlag.AlignRight


def test_rank_under_each_rule_and_the_dossiers_the_rule_changes(desk: ReconcileDesk, demo_copy: Workspace) -> None:
    with demo_copy.session() as s:
        result = committee.reconcile_round(s, ROUND)
    for d in result.dossiers:
        for rule in ("mean", "trimmed", "median", "zscore"):
            assert ranking_cell(desk, d.number, f"rank_{rule}").data(SORT_ROLE) == d.ranks[rule]
    marked = {r.number for r in rows_in_view(desk) if ranking_cell(desk, r.number, "rule_change").data()}
    assert marked == set(result.rule_changes) and CONTROVERSIAL in marked
    assert ranking_cell(desk, "AI-2026-005", "rule_change").data() == "等级"
    assert ranking_cell(desk, CONTROVERSIAL, "rule_change").data() == "名次"
    assert ranking_cell(desk, "AI-2026-001", "rule_change").data() == ""
    assert not desk.rule_banner.isHidden()
    assert all(number in desk.rule_text.text() for number in result.rule_changes)


def test_a_shared_rank_is_shown_as_a_tie(qapp: QApplication) -> None:
    facts = RoundFacts()
    facts.rule = "mean"
    rules = ("mean", "trimmed", "median", "zscore")
    tied = DossierResult(number="X-1", totals={"a": Decimal(80)}, aggregates=dict.fromkeys(rules, Decimal(80)),
                         ranks=dict.fromkeys(rules, 2), tiers=dict.fromkeys(rules), rank=2, tier=None, tie=True,
                         flags=[], criterion_means={}, criterion_spreads={})
    row = DecisionRow(number="X-1", title="t", applicant="a", reviews=1, computed_rank=2, computed_tier=None,
                      computed_score=Decimal(80), tie=True, flags=(), issues=("并列 / tie",), decided=False,
                      rank=None, tier=None, final_score=None, overridden=False, reason="", flag_resolution="",
                      decided_by="", decided_at=None, decided_computed_rank=None, decided_computed_tier=None,
                      stale=False, stale_reasons=())
    model = make_ranking_model(facts)
    model.set_rows([RankingRow(tied, row, False)])
    rank = model.index(0, model.column_index("rank"))
    assert rank.data() == "2="
    assert rank.data(Qt.ItemDataRole.DecorationRole) is not None
    assert rank.data(SORT_ROLE) == 2


# --- flags and the score matrix --------------------------------------------------------------------


def test_the_controversial_dossier_shows_its_spread_flag(desk: ReconcileDesk, qtmodeltester: Any) -> None:
    flags = ranking_cell(desk, CONTROVERSIAL, "flags")
    assert FLAG_LABELS["spread"][0] in flags.data()
    assert flags.data(Qt.ItemDataRole.DecorationRole) is not None
    assert "30.00" in flags.data(Qt.ItemDataRole.ToolTipRole)
    assert desk.select_dossier(CONTROVERSIAL)
    kinds = [f.kind for f in desk.flags_model.rows()]
    assert kinds[0] == "spread" and kinds.count("outlier") == 2
    texts = [desk.flags_model.index(i, 0).data() for i in range(desk.flags_model.rowCount())]
    assert texts[0].startswith("总分分歧：") and "超过本轮上限 15.00 分" in texts[0]
    assert " / " not in texts[0]
    assert CONTROVERSIAL in desk.dossier_heading.text()
    qtmodeltester.check(desk.flags_model)


def test_matrix_holds_each_experts_scores_as_the_core_reports_them(desk: ReconcileDesk, demo_copy: Workspace,
                                                                   qtmodeltester: Any) -> None:
    assert desk.select_dossier(CONTROVERSIAL)
    with demo_copy.session() as s:
        matrix = committee.score_matrix(s, ROUND, CONTROVERSIAL)
    model = desk.matrix_model
    lines = model.rows()
    experts = [line for line in lines if line.kind == EXPERT]
    assert [line.expert for line in experts] == list(matrix.experts) == ["周正平", "赵雅琴", "陈晓岚"]
    keys = [c.key for c in matrix.criteria]
    for r, line in enumerate(experts):
        assert model.index(r, model.column_index("expert")).data() == line.expert
        for key in keys:
            index = model.index(r, model.column_index(key))
            assert index.data(SORT_ROLE) == float(matrix.cell(line.expert, key).value)
        assert model.index(r, model.column_index("total")).data() == f"{matrix.totals[line.expert]:.2f}"
    spread = next(i for i, line in enumerate(lines) if line.kind == SPREAD)
    for c in matrix.criteria:
        assert model.index(spread, model.column_index(c.key)).data() == f"{c.spread:.2f}"
    assert model.index(spread, model.column_index("total")).data() == "30.00"
    assert any(line.kind == MEAN for line in lines)
    # the outliers' rows are tinted and their totals marked; the others' are not
    outliers = outlier_experts(matrix.totals, Decimal(15))
    assert outliers == {"赵雅琴", "陈晓岚"}
    for r, line in enumerate(experts):
        tinted = model.index(r, model.column_index("expert")).data(BACKGROUND) is not None
        assert tinted == (line.expert in outliers)
        marked = model.index(r, model.column_index("total")).data(Qt.ItemDataRole.DecorationRole) is not None
        assert marked == (line.expert in outliers)
    # the spread of the totals is over the limit: flagged
    assert model.index(spread, model.column_index("total")).data(BACKGROUND).color().name() == "#fde2e1"
    assert model.index(0, model.column_index("veto")).data() == "否"
    qtmodeltester.check(model)


def _edit_review(ws: Workspace, number: str, expert: str, *, scores: dict[str, str] | None = None,
                 vetoes: dict[str, bool] | None = None) -> None:
    """Change a counted review in place (what a newly merged version would bring)."""
    with ws.session() as s:
        review = s.scalars(
            select(Review).join(Dossier, Dossier.id == Review.dossier_id).join(Expert, Expert.id == Review.expert_id)
            .where(Dossier.number == number, Expert.name == expert, Review.current.is_(True))
        ).one()
        for score in review.scores:
            if scores and score.criterion in scores:
                score.value = Decimal(scores[score.criterion])
        if vetoes:
            review.vetoes = {**(review.vetoes or {}), **vetoes}


def test_cells_over_a_criterions_limit_and_a_veto_are_marked(desk: ReconcileDesk, demo_copy: Workspace) -> None:
    # capacity: 6.5, 7.5, 4 → 6.5, 7.5, 2: a spread of 5.5 over the criterion's limit of 4
    _edit_review(demo_copy, CONTROVERSIAL, "陈晓岚", scores={"capacity": "2"}, vetoes={"data_compliance": True})
    desk.reload()
    assert desk.select_dossier(CONTROVERSIAL)
    kinds = {f.kind for f in desk.flags_model.rows()}
    assert {"criterion_spread", "veto"} <= kinds
    model = desk.matrix_model
    lines = model.rows()
    column = model.column_index("capacity")
    marked = {line.expert for r, line in enumerate(lines) if line.kind == EXPERT
              and model.index(r, column).data(BACKGROUND) is not None
              and model.index(r, column).data(BACKGROUND).color().name() == "#fde2e1"}
    assert marked == {"赵雅琴", "陈晓岚"}, "the highest and the lowest score are the ends of the spread"
    spread = next(r for r, line in enumerate(lines) if line.kind == SPREAD)
    assert model.index(spread, column).data() == "5.50"
    assert model.index(spread, column).data(Qt.ItemDataRole.DecorationRole) is not None
    assert model.index(spread, model.column_index("scenario_value")).data(Qt.ItemDataRole.DecorationRole) is None
    veto_row = [line.expert for line in lines].index("陈晓岚")
    veto = model.index(veto_row, model.column_index("veto"))
    assert veto.data() == "是（1）" and veto.data(Qt.ItemDataRole.DecorationRole) is not None
    assert "数据安全" in veto.data(Qt.ItemDataRole.ToolTipRole)
    assert FLAG_LABELS["veto"][0] in ranking_cell(desk, CONTROVERSIAL, "flags").data()
    # the ranking chart draws the vetoed dossier in its own colour
    sets = desk.ranking_chart.bar_series.barSets() if desk.ranking_chart.bar_series else []
    assert [s.label() for s in sets][-1] == "一票否决"


def test_the_outlier_rule_matches_the_engines_flags(desk: ReconcileDesk, demo_copy: Workspace) -> None:
    with demo_copy.session() as s:
        result = committee.reconcile_round(s, ROUND)
    for d in result.dossiers:
        flagged = sum(1 for f in d.flags if f.kind == "outlier")
        assert len(outlier_experts(d.totals, Decimal(15))) == flagged, d.number


def test_a_scores_comment_is_one_click_away(qtbot: QtBot, desk: ReconcileDesk, demo_copy: Workspace) -> None:
    assert desk.select_dossier(CONTROVERSIAL)
    with demo_copy.session() as s:
        matrix = committee.score_matrix(s, ROUND, CONTROVERSIAL)
    comment = matrix.cell("陈晓岚", "scenario_value")
    assert comment is not None and comment.comment
    model = desk.matrix_model
    row = [line.expert for line in model.rows()].index("陈晓岚")
    index = model.index(row, model.column_index("scenario_value"))
    assert comment.comment in index.data(Qt.ItemDataRole.ToolTipRole)
    assert index.data(Qt.ItemDataRole.DecorationRole) is not None
    desk.tabs.setCurrentIndex(0)
    rect = desk.matrix_view.visualRect(index)
    qtbot.mouseClick(desk.matrix_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    text = desk.comment_panel.toPlainText()
    assert comment.comment in text
    assert matrix.comments["陈晓岚"][:20] in text


# --- decisions ----------------------------------------------------------------------------------


def test_confirm_records_the_computed_result(qtbot: QtBot, desk: ReconcileDesk, demo_copy: Workspace,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[tuple[str, bool]] = []

    def ask(cls: type, parent: Any, row: DecisionRow, tiers: Any, count: int, rule: str, *,
            override: bool = False) -> DecisionRequest:
        asked.append((row.number, override))
        return DecisionRequest(False, None, None, None, "", "经评审委员会讨论，采纳计算结果")

    monkeypatch.setattr(DecisionDialog, "ask", classmethod(ask))
    assert desk.select_dossier(CONTROVERSIAL)
    assert desk.confirm_action.isEnabled()
    desk.confirm_action.trigger()
    wait(qtbot, desk.last_operation)
    assert asked == [(CONTROVERSIAL, False)]
    row = decision(demo_copy, CONTROVERSIAL)
    assert row.decided and not row.overridden and row.rank == 9
    assert row.flag_resolution == "经评审委员会讨论，采纳计算结果"
    assert ranking_cell(desk, CONTROVERSIAL, "decision").data() == "已确认"
    assert desk.clear_action.isEnabled()
    assert "已确认" in desk.decision_state.text()


def test_an_override_needs_a_reason(qtbot: QtBot, desk: ReconcileDesk, demo_copy: Workspace,
                                    monkeypatch: pytest.MonkeyPatch, errors: list[str]) -> None:
    requests = [DecisionRequest(True, 5, "demonstration", None, "", ""),
                DecisionRequest(True, 5, "demonstration", None, "专家意见分歧经复议，认为示范价值突出",
                                "已复议")]
    monkeypatch.setattr(DecisionDialog, "ask", classmethod(lambda cls, *a, **k: requests.pop(0)))
    assert desk.select_dossier(CONTROVERSIAL)
    wait(qtbot, desk.decide(override=True))
    assert len(errors) == 1 and "理由" in errors[0]
    errors.clear()
    assert not decision(demo_copy, CONTROVERSIAL).decided
    wait(qtbot, desk.decide(override=True))
    row = decision(demo_copy, CONTROVERSIAL)
    assert row.overridden and (row.rank, row.tier) == (5, "demonstration")
    assert row.reason == "专家意见分歧经复议，认为示范价值突出"
    cell = ranking_cell(desk, CONTROVERSIAL, "decision")
    assert cell.data().startswith("已调整") and row.reason in cell.data(Qt.ItemDataRole.ToolTipRole)


def test_the_decision_dialog_keeps_ok_disabled_until_an_override_has_a_reason(qtbot: QtBot,
                                                                             desk: ReconcileDesk) -> None:
    assert desk.select_dossier(CONTROVERSIAL)
    row = desk.selected_row()
    assert row is not None
    tiers = [TierChoice("demonstration", "示范项目"), TierChoice(None, "无")]
    dialog = DecisionDialog(desk, row, tiers, 12, "去掉最高最低分平均")
    qtbot.addWidget(dialog)
    assert dialog.confirm_radio.isChecked() and dialog.ok_button.isEnabled()
    assert "总分极差 30.00" in dialog.issues.text()
    dialog.override_radio.setChecked(True)
    assert not dialog.ok_button.isEnabled()
    dialog.reason_edit.setPlainText("   ")
    assert not dialog.ok_button.isEnabled()
    dialog.reason_edit.setPlainText("复议后调整")
    assert dialog.ok_button.isEnabled()
    dialog.score_edit.setText("71.")
    assert not dialog.ok_button.isEnabled()
    dialog.score_edit.setText("71.5")
    dialog.rank_spin.setValue(6)
    dialog.tier_combo.setCurrentIndex(0)
    request = dialog.request()
    assert request == DecisionRequest(True, 6, "demonstration", Decimal("71.5"), "复议后调整", "")


def test_confirm_all_confirms_the_clean_dossiers_and_says_why_others_were_left(
        qtbot: QtBot, desk: ReconcileDesk, demo_copy: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[tuple[tuple[str, ...], tuple[tuple[str, str], ...]]] = []
    monkeypatch.setattr(BulkResultDialog, "show_result",
                        classmethod(lambda cls, parent, confirmed, skipped: shown.append((confirmed, skipped))))
    wait(qtbot, desk.confirm_all())
    confirmed, skipped = shown[0]
    assert set(confirmed) == {"AI-2026-001", "AI-2026-003", "AI-2026-005", "AI-2026-006", "AI-2026-008",
                              "AI-2026-010"}
    reasons = dict(skipped)
    assert "总分分歧" in reasons[CONTROVERSIAL] and "回避" in reasons["AI-2026-002"]
    assert ranking_cell(desk, "AI-2026-001", "decision").data() == "已确认"
    assert ranking_cell(desk, CONTROVERSIAL, "decision").data() == "待决定"
    dialog = BulkResultDialog(desk, confirmed, skipped)
    qtbot.addWidget(dialog)
    text = dialog.findChild(type(desk.comment_panel), "bulkResult").toPlainText()
    assert "AI-2026-007" in text and "总分分歧" in text and " / " not in text


def test_a_stale_decision_is_highlighted_with_its_reasons(qtbot: QtBot, desk: ReconcileDesk,
                                                          demo_copy: Workspace) -> None:
    with demo_copy.session() as s:
        committee.confirm(s, ROUND, "AI-2026-003", actor="测试")
        s.scalars(select(Round).where(Round.id == ROUND)).one().rule = "median"
    desk.reload()
    cell = ranking_cell(desk, "AI-2026-003", "decision")
    assert cell.data() == "已过期"
    assert cell.data(BACKGROUND) is not None
    assert "汇总规则由 trimmed 改为 median" in cell.data(Qt.ItemDataRole.ToolTipRole)
    assert desk.select_dossier("AI-2026-003")
    state = desk.decision_state.text()
    assert "决定已过期" in state and "计算名次由 5 变为 6" in state
    # the round's rule moved: the bold column follows it
    assert ranking_cell(desk, "AI-2026-003", "median").data(FONT).bold()
    assert ranking_cell(desk, "AI-2026-003", "trimmed").data(FONT) is None


def _decide_everything(ws: Workspace) -> None:
    with ws.session() as s:
        committee.confirm_all(s, ROUND, "测试")
        for row in committee.decision_rows(s, ROUND):
            if row.reviews and not row.decided:
                committee.confirm(s, ROUND, row.number, actor="测试", flag_resolution="委员会已讨论")


def test_finalise_shows_what_is_missing_and_changes_nothing(qtbot: QtBot, desk: ReconcileDesk,
                                                            demo_copy: Workspace,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[list[str]] = []
    monkeypatch.setattr(FinaliseDialog, "ask", classmethod(lambda cls, parent, name, problems: seen.append(problems)
                                                           or False))
    assert desk.finalise() is None
    assert len(seen[0]) == 12 and any(CONTROVERSIAL in p for p in seen[0])
    assert desk.state is not None and desk.state.status == "review"


def test_finalise_locks_the_desk_and_reopen_with_a_reason_unlocks_it(qtbot: QtBot, desk: ReconcileDesk,
                                                                     demo_copy: Workspace,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    _decide_everything(demo_copy)
    desk.reload()
    seen: list[list[str]] = []
    monkeypatch.setattr(FinaliseDialog, "ask", classmethod(lambda cls, parent, name, problems: seen.append(problems)
                                                           or True))
    assert desk.select_dossier(CONTROVERSIAL)
    wait(qtbot, desk.finalise())
    assert seen == [[]]
    with demo_copy.session() as s:
        assert s.get(Round, ROUND).status == "finalised"
    actions = (desk.confirm_action, desk.override_action, desk.clear_action, desk.confirm_all_action,
               desk.finalise_action)
    assert not any(a.isEnabled() for a in actions)
    assert desk.reopen_action.isEnabled()
    assert not desk.lock_banner.isHidden() and "定稿" in desk.lock_text.text()
    assert desk.round_buttons["finalise"].isHidden() and not desk.round_buttons["reopen"].isHidden()
    assert desk.decide(override=True) is None

    monkeypatch.setattr(ReopenDialog, "ask", classmethod(lambda cls, parent, name: None))
    assert desk.reopen() is None
    monkeypatch.setattr(ReopenDialog, "ask", classmethod(lambda cls, parent, name: "补充材料后复议"))
    wait(qtbot, desk.reopen())
    with demo_copy.session() as s:
        assert s.get(Round, ROUND).status == "review"
    assert desk.confirm_all_action.isEnabled() and desk.override_action.isEnabled()
    assert desk.lock_banner.isHidden() and not desk.reopen_action.isEnabled()


def test_reopen_dialog_needs_a_reason(qtbot: QtBot, desk: ReconcileDesk) -> None:
    dialog = ReopenDialog(desk, "第一轮")
    qtbot.addWidget(dialog)
    assert not dialog.ok_button.isEnabled()
    dialog.reason_edit.setPlainText("  ")
    assert not dialog.ok_button.isEnabled()
    dialog.reason_edit.setPlainText("补充材料")
    assert dialog.ok_button.isEnabled() and dialog.reason() == "补充材料"


def test_finalise_dialog_with_problems_offers_no_way_to_finalise(qtbot: QtBot, desk: ReconcileDesk) -> None:
    dialog = FinaliseDialog(desk, "第一轮", ["申报 X：尚未作出决定 (dossier X: no decision yet)"])
    qtbot.addWidget(dialog)
    boxes = dialog.findChildren(QDialogButtonBox)
    assert [b.buttonRole(x) for b in boxes for x in b.buttons()] == [QDialogButtonBox.ButtonRole.RejectRole]
    assert "尚未作出决定" in dialog.findChild(type(desk.comment_panel), "finaliseProblems").toPlainText()


# --- calibration, agreement, charts ------------------------------------------------------------------


def test_calibration_shows_five_experts_with_the_harshest_marked(desk: ReconcileDesk, demo_copy: Workspace,
                                                                 qtmodeltester: Any) -> None:
    model = desk.calibration_model
    rows = model.rows()
    assert len(rows) == 5
    harshest = [r.calibration.expert for r in rows if r.harshest]
    assert harshest == [HARSH]
    row = [r.calibration.expert for r in rows].index(HARSH)
    assert model.index(row, model.column_index("standing")).data() == "最严"
    assert model.index(row, model.column_index("leniency")).data() == "-7.84"
    assert model.index(row, model.column_index("mean")).data() == "67.39"
    with demo_copy.session() as s:
        calibration = committee.reconcile_round(s, ROUND).calibration
    expected = [(c.expert, c.reviews) for c in calibration]
    assert [(r.calibration.expert, r.calibration.reviews) for r in rows] == expected
    chart = desk.calibration_chart
    assert chart.categories[-1] == HARSH  # drawn at the top
    assert chart.bar_series is not None and chart.bar_series.count() == 2
    values = [chart.bar_series.barSets()[i].at(j) for i in range(2) for j in range(5)]
    assert sum(1 for v in values if v != 0) == 5
    assert "-7.84" in chart.value_labels()
    qtmodeltester.check(model)


def test_agreement_shows_every_statistic_with_its_reading_and_the_note(desk: ReconcileDesk, demo_copy: Workspace,
                                                                       qtmodeltester: Any) -> None:
    with demo_copy.session() as s:
        agreement = committee.reconcile_round(s, ROUND).agreement
    readings = agreement.readings()
    model = desk.agreement_model
    assert model.rowCount() == 7
    for r, key in enumerate(("ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k", "kendall_w")):
        value = getattr(agreement, key)
        assert model.index(r, model.column_index("value")).data() == f"{value:.3f}"
        assert model.index(r, model.column_index("reading")).data() == readings[key].zh
        assert model.index(r, model.column_index("value")).data(Qt.ItemDataRole.DecorationRole) is not None
    assert model.index(0, model.column_index("meaning")).data().startswith("组内相关系数")
    assert agreement.note is not None
    assert not desk.agreement_note.isHidden()
    assert desk.agreement_note.text().startswith("分配不完整") and " / " not in desk.agreement_note.text()
    qtmodeltester.check(model)


def test_charts_draw_one_series_per_expert_and_a_bar_per_dossier(desk: ReconcileDesk) -> None:
    assert desk.select_dossier(CONTROVERSIAL)
    strip = desk.strip_plot
    assert [s.name() for s in strip.point_series] == ["周正平", "赵雅琴", "陈晓岚"]
    assert all(s.count() == 1 for s in strip.point_series)
    assert [s.points()[0].x() for s in strip.point_series] == [68.25, 78.25, 48.25]
    assert strip.band is not None and strip.range_line is not None and strip.aggregate_line is not None
    assert len(strip.series()) == 3 + 3
    assert "30.00" in strip.range_line.name()
    assert sorted(strip.value_labels()) == ["48.25", "68.25", "78.25"]

    chart = desk.ranking_chart
    assert len(chart.categories) == 12
    assert chart.categories[-1].endswith("AI-2026-001") and chart.categories[0].endswith("AI-2026-009")
    assert chart.bar_series is not None
    sets = chart.bar_series.barSets()
    assert [s.label() for s in sets] == ["示范项目", "未入等级"]
    assert [sum(1 for j in range(s.count()) if s.at(j)) for s in sets] == [7, 5]
    assert len(chart.cutoff_lines) == 1 and "70.00" in chart.cutoff_lines[0].name()
    assert "77.00" in chart.value_labels()


def test_strip_plot_without_a_limit_has_no_band(qapp: QApplication, qtbot: QtBot) -> None:
    plot = StripPlot()
    qtbot.addWidget(plot)
    plot.set_data(StripData({"甲": Decimal("70"), "乙": Decimal("72.5")}, None, Decimal(100)))
    assert plot.band is None and len(plot.point_series) == 2 and plot.range_line is not None
    plot.set_data(None)
    assert plot.series() == [] and plot.point_series == []


# --- the window, the language -------------------------------------------------------------------------


def test_the_desk_is_a_tab_of_the_secretarys_window_in_both_languages(qtbot: QtBot, demo_copy: Workspace,
                                                                      settings: QSettings) -> None:
    assert "ui.qt_reconcile" in DESK_MODULES
    # Only the desks this test is about: other desks are tested on their own.
    window = MainWindow(AppContext(demo_copy), settings=settings, desk_modules=("ui.qt_rounds", "ui.qt_reconcile"))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.rounds_pane is not None
    window.rounds_pane.select_round(ROUND)
    desk = window.desk("reconcile")
    assert isinstance(desk, ReconcileDesk)
    assert window.tabs.tabText(window.tabs.indexOf(desk)) == "汇总评议"
    assert desk.tabs.tabText(0) == "评分矩阵" and desk.tabs.tabText(5) == "一致性"
    # The desk is lazy: behind another tab it has not reconciled yet; showing it does.
    assert desk.ranking_model.rowCount() == 0
    assert window.show_desk("reconcile")
    assert desk.ranking_model.rowCount() == 12
    i18n.install_language("en")
    qtbot.waitUntil(lambda: window.tabs.tabText(window.tabs.indexOf(desk)) == "Reconciliation", timeout=WAIT_MS)
    model = desk.ranking_model
    assert model.headerData(model.column_index("trimmed"), Qt.Orientation.Horizontal) == "Trimmed"
    assert desk.tabs.tabText(1) == "Strip plot"
    cell = ranking_cell(desk, CONTROVERSIAL, "flags")
    assert cell.data() == "totals spread, outlying total"
    assert desk.strip_plot.chart().title() == "Experts' totals against the spread limit"


def test_bilingual_messages_split_into_their_languages() -> None:
    assert split_bilingual("各专家总分极差 30.00 分 / the experts' totals spread 30.00") == (
        "各专家总分极差 30.00 分", "the experts' totals spread 30.00")
    assert split_bilingual("专家 张三 声明回避：合作 / 项目 / expert 张三 declared") == (
        "专家 张三 声明回避：合作 / 项目", "expert 张三 declared")
    assert split_bilingual("no split here") == ("no split here", "no split here")
    assert Flag("spread", "甲 / a").reason == "甲 / a"
