"""The committee's work on a round: reconciliation from the workspace, the score
matrix, decisions (confirm, override, stale), finalising, reopening, the audit
trail, and the ``reconcile`` command."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from db.models import AuditEntry, Assignment, Conflict, Decision, Dossier, Expert, Review, Round, Score, utcnow
from forms.loader import load_builtin, load_form_text
from forms.model import Form
from reviewer import audit, committee, crypto, rounds
from reviewer.cli import main
from reviewer.errors import NotFound, StateError, ValidationError
from reviewer.reconcile import reconcile
from reviewer.workspace import Workspace, set_setting

D = Decimal

A, B, C = "张高工", "李研究员", "王教授"  # name order by code point: 张 < 李 < 王
EXPERTS = (A, B, C)
LONG_TITLE = "基于多模态大模型的城市交通信号智能优化与应急调度示范应用项目（二期）"
TITLES = {
    "AI-2025-001": "智能质检平台",
    "AI-2025-002": "智慧物流调度系统",
    "AI-2025-003": "医疗影像辅助诊断",
    "AI-2025-004": LONG_TITLE,
    "AI-2025-005": "金融风控模型",
    "AI-2025-006": "文旅导览机器人",
}
N1, N2, N3, N4, N5, N6 = TITLES


@dataclass(frozen=True)
class Setup:
    root: Path
    round_id: int
    round_uid: str


def _make_round(ws: Workspace, form: Form, *, rule: str = "mean", spread_limit: Decimal | None = D(15)) -> Setup:
    """Six dossiers, three experts all assigned to every dossier; no reviews yet."""
    with ws.session() as s:
        rnd = rounds.create_round(s, name="2025年度人工智能创新应用示范项目评审", form=form, rule=rule,
                                  spread_limit=spread_limit, per_dossier=3, actor="秘书")
        rnd.status = "review"
        set_setting(s, "role", "secretary")
        experts = [Expert(round_id=rnd.id, name=n, organisation=f"{n}单位") for n in EXPERTS]
        s.add_all(experts)
        for number, title in TITLES.items():
            d = Dossier(round_id=rnd.id, number=number, title=title, applicant=f"{title}公司")
            s.add(d)
            s.flush()
            for e in experts:
                s.add(Assignment(round_id=rnd.id, dossier_id=d.id, expert_id=e.id))
        s.flush()
        return Setup(ws.root, rnd.id, rnd.uid)


def add_review(ws: Workspace, setup: Setup, number: str, expert: str, value: Decimal | str | dict[str, str],
               *, vetoes: dict[str, bool] | None = None, recommendation: str | None = "recommend",
               comment: str = "", status: str = "submitted", origin: str = "return",
               signed: bool = True) -> int:
    """A review as a merge leaves it: a new current version; the previous one superseded.

    ``value`` is one score for every criterion (the ai-demo total is then 10 × value)
    or a {criterion: score} mapping.
    """
    with ws.session() as s:
        rnd = s.get(Round, setup.round_id)
        assert rnd is not None
        form = rounds.round_form(rnd)
        d = s.scalars(select(Dossier).where(Dossier.round_id == rnd.id, Dossier.number == number)).one()
        e = s.scalars(select(Expert).where(Expert.round_id == rnd.id, Expert.name == expert)).one()
        previous = list(s.scalars(select(Review).where(Review.dossier_id == d.id, Review.expert_id == e.id)))
        for old in previous:
            old.current = False
            if old.status == "submitted":
                old.status = "superseded"
        values = {c.key: D(str(value)) for c in form.criteria} if not isinstance(value, dict) \
            else {k: D(v) for k, v in value.items()}
        answers = {v.key: False for v in form.vetoes}
        answers.update(vetoes or {})
        version = max((r.version for r in previous), default=0) + 1
        now = utcnow()
        review = Review(
            round_id=rnd.id, dossier_id=d.id, expert_id=e.id, version=version, status=status, current=True,
            form_hash=rnd.form_hash, recommendation=recommendation, comment=comment, vetoes=answers,
            total=form.total(values), origin=origin, created_at=now, updated_at=now,
            submitted_at=now if status == "submitted" else None,
            scores=[Score(position=i, criterion=c.key, value=values.get(c.key),
                          comment=f"{expert}对{c.title.zh}的意见" if c.key == "innovation" else "")
                    for i, c in enumerate(form.criteria)],
        )
        if signed:
            payload = {"dossier": number, "expert": expert, "version": version}
            review.payload = crypto.canonical_json(payload).decode("utf-8")
            review.signature = "ab" * 64
        s.add(review)
        s.flush()
        return review.id


def add_conflict(ws: Workspace, setup: Setup, number: str, expert: str, *, kind: str = "same_org",
                 reason: str = "", origin: str = "expert", status: str = "declared") -> None:
    with ws.session() as s:
        d = s.scalars(select(Dossier).where(Dossier.round_id == setup.round_id, Dossier.number == number)).one()
        e = s.scalars(select(Expert).where(Expert.round_id == setup.round_id, Expert.name == expert)).one()
        s.add(Conflict(round_id=setup.round_id, dossier_id=d.id, expert_id=e.id, kind=kind, reason=reason,
                       origin=origin, status=status))


def populate(ws: Workspace, setup: Setup) -> None:
    """The standard picture (rule "mean", spread limit 15, ai-demo: quota 40, at least 70):

    * 001: 90, 90, 85 → 88.33, rank 1, clean.
    * 002 and 003: 80 each from everyone → 80.00, tied at rank 2.
    * 004: 70, 60 (with a veto "yes" from 李研究员), 90 → 73.33, rank 4; spread, outliers, veto; no tier.
    * 005: 50, 50; 王教授 declared a conflict → 50.00, rank 5; missing review, conflict; no tier.
    * 006: no reviews.
    """
    for e, v in zip(EXPERTS, ("9", "9", "8.5")):
        add_review(ws, setup, N1, e, v)
    for e in EXPERTS:
        add_review(ws, setup, N2, e, "8")
        add_review(ws, setup, N3, e, "8")
    add_review(ws, setup, N4, A, "7", comment="场景清晰")
    add_review(ws, setup, N4, B, "6", vetoes={"ethics": True}, recommendation="not_recommended", comment="伦理问题")
    add_review(ws, setup, N4, C, "9", recommendation="conditional")
    add_review(ws, setup, N5, A, "5")
    add_review(ws, setup, N5, B, "5")
    add_conflict(ws, setup, N5, C, kind="same_org", reason="本人在申报单位兼职")


@pytest.fixture
def setup(workspace: Workspace) -> Setup:
    st = _make_round(workspace, load_builtin("ai-demo"))
    populate(workspace, st)
    return st


def _actions(ws: Workspace) -> list[AuditEntry]:
    with ws.session() as s:
        entries = list(s.scalars(select(AuditEntry).order_by(AuditEntry.id)))
        s.expunge_all()
        return entries


def _rows(ws: Workspace, setup: Setup) -> dict[str, committee.DecisionRow]:
    with ws.session() as s:
        return {r.number: r for r in committee.decision_rows(s, setup.round_id)}


# --------------------------------------------------------------------------- round input


def test_round_input_counts_only_current_submitted_reviews(workspace: Workspace, setup: Setup) -> None:
    # a superseded version, a paper draft and a dismissed / suspected conflict must not count
    add_review(workspace, setup, N6, A, "3")
    add_review(workspace, setup, N6, A, "6")  # v2 supersedes v1
    add_review(workspace, setup, N6, B, "7", origin="paper", status="draft", signed=False)
    add_conflict(workspace, setup, N6, C, kind="competitor", origin="detected", status="dismissed")
    add_conflict(workspace, setup, N3, C, kind="relative", origin="detected", status="suspected")
    with workspace.session() as s:
        data = committee.round_input(s, setup.round_id)
    assert list(data.dossiers) == [N1, N2, N3, N4, N5, N6]
    assert data.round_id == setup.round_id and data.rule == "mean" and data.spread_limit == D(15)
    assert data.per_dossier == 3 and data.trim_threshold == 5
    assert data.form.id == "ai-demo"
    six = [r for r in data.reviews if r.dossier == N6]
    assert [(r.expert, data.form.total(r.scores)) for r in six] == [(A, D("60.00"))]
    assert len(data.reviews) == 3 + 6 + 3 + 2 + 1
    veto_review = next(r for r in data.reviews if r.dossier == N4 and r.expert == B)
    assert veto_review.vetoes["ethics"] is True and veto_review.recommendation == "not_recommended"
    assert veto_review.comment == "伦理问题"
    assert data.conflicts == [(N5, C, "本单位，本人在申报单位兼职")]


def test_paper_review_counts_once_submitted(workspace: Workspace, setup: Setup) -> None:
    add_review(workspace, setup, N6, A, "6", origin="paper", status="submitted", signed=False)
    with workspace.session() as s:
        data = committee.round_input(s, setup.round_id)
    assert [(r.dossier, r.expert) for r in data.reviews if r.dossier == N6] == [(N6, A)]


def test_conflict_of_an_expert_who_still_scored_says_so(workspace: Workspace, setup: Setup) -> None:
    add_conflict(workspace, setup, N1, B, kind="cooperation", origin="secretary", status="confirmed")
    add_conflict(workspace, setup, N1, B, kind="cooperation", reason="", origin="detected", status="confirmed")
    with workspace.session() as s:
        data = committee.round_input(s, setup.round_id)
        result = committee.reconcile_round(s, setup.round_id)
    # one line per dossier × expert, however many records say it
    assert [c for c in data.conflicts if c[0] == N1] == [(N1, B, "合作关系（该专家仍有已提交的评分，计入汇总）")]
    flags = [f for f in result.dossier(N1).flags if f.kind == "conflict"]
    assert len(flags) == 1 and "合作关系" in flags[0].reason and B in flags[0].reason


def test_dossiers_in_natural_number_order(workspace: Workspace) -> None:
    st = _make_round(workspace, load_builtin("ai-demo"))
    with workspace.session() as s:
        for number in ("X-10", "X-9", "X-100"):
            s.add(Dossier(round_id=st.round_id, number=number, title=number))
    with workspace.session() as s:
        data = committee.round_input(s, st.round_id)
    assert list(data.dossiers)[-3:] == ["X-9", "X-10", "X-100"]


def test_unknown_round_is_not_found(workspace: Workspace, setup: Setup) -> None:
    with workspace.session() as s, pytest.raises(NotFound):
        committee.reconcile_round(s, 999)


# --------------------------------------------------------------------------- the reconcile JSON


def test_reconcile_json_is_exactly_the_design_shape(workspace: Workspace, setup: Setup) -> None:
    with workspace.session() as s:
        doc = committee.reconcile_json(s, setup.round_id)
        engine = reconcile(committee.round_input(s, setup.round_id)).to_json()
    assert doc == engine
    doc = json.loads(json.dumps(doc))  # what `--json` prints is plain JSON
    assert set(doc) == {"round", "rule", "dossiers", "agreement"}
    assert doc["round"] == setup.round_id and doc["rule"] == "mean"
    assert [d["number"] for d in doc["dossiers"]] == [N1, N2, N3, N4, N5, N6]
    for d in doc["dossiers"]:
        assert set(d) == {"number", "totals", "aggregates", "rank", "flags"}
        assert isinstance(d["number"], str)
        assert set(d["aggregates"]) == {"mean", "trimmed", "median", "zscore"}
        assert all(v is None or isinstance(v, float) for v in d["aggregates"].values())
        assert all(isinstance(k, str) and isinstance(v, float) for k, v in d["totals"].items())
        assert d["rank"] is None or (isinstance(d["rank"], int) and not isinstance(d["rank"], bool))
        for flag in d["flags"]:
            assert set(flag) == {"kind", "reason"} and isinstance(flag["reason"], str) and flag["reason"]
    agreement = doc["agreement"]
    assert set(agreement) == {"ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k", "kendall_w", "note"}
    for key in ("ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k", "kendall_w"):
        assert agreement[key] is None or isinstance(agreement[key], float)
    # incomplete assignment (005 has 2 reviews, 006 none): a complete block 001–004 × 3 experts exists
    assert isinstance(agreement["ICC2"], float) and isinstance(agreement["kendall_w"], float)
    assert isinstance(agreement["note"], str) and "ICC1" in agreement["note"]

    by = {d["number"]: d for d in doc["dossiers"]}
    assert by[N1]["totals"] == {A: 90.0, B: 90.0, C: 85.0}
    assert by[N1]["aggregates"]["mean"] == 88.33 and by[N1]["aggregates"]["median"] == 90.0
    assert [by[n]["rank"] for n in (N1, N2, N3, N4, N5, N6)] == [1, 2, 2, 4, 5, None]
    assert by[N6]["totals"] == {} and by[N6]["aggregates"] == dict.fromkeys(("mean", "trimmed", "median", "zscore"))
    assert {f["kind"] for f in by[N4]["flags"]} >= {"spread", "outlier", "veto"}
    assert {f["kind"] for f in by[N5]["flags"]} == {"missing_reviews", "conflict"}
    assert by[N1]["flags"] == []


def test_reconcile_json_under_a_complete_table(workspace: Workspace) -> None:
    st = _make_round(workspace, load_builtin("ai-demo"), rule="median", spread_limit=None)
    for number, values in zip((N1, N2, N3), (("9", "8", "8.5"), ("6", "5", "7"), ("7", "7.5", "6"))):
        for e, v in zip(EXPERTS, values):
            add_review(workspace, st, number, e, v)
    with workspace.session() as s:
        for number in (N4, N5, N6):
            s.delete(s.scalars(select(Dossier).where(Dossier.round_id == st.round_id, Dossier.number == number)).one())
    with workspace.session() as s:
        doc = committee.reconcile_json(s, st.round_id)
    assert doc["rule"] == "median"
    assert doc["agreement"]["note"] is None
    assert all(isinstance(doc["agreement"][k], float) for k in ("ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k"))
    assert [d["rank"] for d in doc["dossiers"]] == [1, 3, 2]


# --------------------------------------------------------------------------- the score matrix


def test_score_matrix_of_a_flagged_dossier(workspace: Workspace, setup: Setup) -> None:
    add_review(workspace, setup, N4, A, {"scenario_value": "7", "innovation": "7", "autonomy": "7",
                                         "benefits": "8", "demonstration": "6", "capacity": "7"}, comment="第二版")
    with workspace.session() as s:
        m = committee.score_matrix(s, setup.round_id, N4)
    assert m.number == N4 and m.title == LONG_TITLE and m.rule == "mean"
    assert m.experts == (A, B, C)
    assert m.versions == {A: 2, B: 1, C: 1}
    assert m.totals == {A: D("70.50"), B: D("60.00"), C: D("90.00")}
    assert m.review(A).total == D("70.50") and m.review(A).signed and m.review(A).origin == "return"
    assert m.total_spread == D("30.00")
    assert m.cell(A, "benefits") == committee.MatrixCell(D("8"), "")
    assert m.cell(B, "innovation") == committee.MatrixCell(D("6"), f"{B}对技术创新性与先进性的意见")
    benefits = next(c for c in m.criteria if c.key == "benefits")
    assert benefits.values[C].value == D("9") and benefits.spread == D("3.00") and not benefits.over_limit
    innovation = next(c for c in m.criteria if c.key == "innovation")
    assert innovation.spread == D("3.00") and innovation.mean == D("7.33")
    ethics = next(v for v in m.vetoes if v.key == "ethics")
    assert ethics.yes == (B,) and ethics.no == (A, C) and ethics.unanswered == ()
    assert m.vetoed and m.tier is None
    assert m.recommendations == {A: "recommend", B: "not_recommended", C: "conditional"}
    assert m.comments == {A: "第二版", B: "伦理问题", C: ""}
    assert {f.kind for f in m.flags} >= {"spread", "veto"}
    assert m.aggregate == m.aggregates["mean"] == D("73.50")
    assert m.rank == 4 and not m.tie
    assert m.conflicts == () and m.pending == ()


def test_score_matrix_conflicts_and_pending(workspace: Workspace, setup: Setup) -> None:
    with workspace.session() as s:
        result = committee.reconcile_round(s, setup.round_id)
        five = committee.score_matrix(s, setup.round_id, N5, result=result)
        six = committee.score_matrix(s, setup.round_id, N6, result=result)
        with pytest.raises(NotFound):
            committee.score_matrix(s, setup.round_id, "AI-2025-999")
    assert five.experts == (A, B)
    assert five.conflicts == ((C, "本单位，本人在申报单位兼职"),)
    assert five.pending == ()
    assert five.cell(C, "benefits") is None
    assert {f.kind for f in five.flags} == {"missing_reviews", "conflict"}
    assert six.experts == () and six.totals == {} and six.total_spread is None
    assert six.pending == EXPERTS and six.rank is None and six.aggregate is None


# --------------------------------------------------------------------------- decisions


def test_decision_rows_before_any_decision(workspace: Workspace, setup: Setup) -> None:
    rows = _rows(workspace, setup)
    assert list(rows) == [N1, N2, N3, N4, N5, N6]
    one = rows[N1]
    assert (one.computed_rank, one.computed_tier, one.computed_score) == (1, "demonstration", D("88.33"))
    assert not one.decided and not one.stale and one.issues == () and one.needs_decision
    assert rows[N2].tie and rows[N3].tie and rows[N2].computed_rank == rows[N3].computed_rank == 2
    assert any("并列第 2 名" in i for i in rows[N2].issues)
    assert rows[N4].computed_tier is None and any("一票否决" in i for i in rows[N4].issues)
    assert rows[N5].computed_tier is None  # below the form's minimum of 70
    assert rows[N6].reviews == 0 and not rows[N6].needs_decision


def test_confirm_records_the_computed_values(workspace: Workspace, setup: Setup) -> None:
    with workspace.session() as s:
        row = committee.confirm(s, setup.round_id, N4, actor="主任委员", flag_resolution="经讨论，伦理问题属实")
    assert row.decided and not row.overridden and not row.stale
    assert (row.rank, row.tier, row.final_score) == (4, None, D("73.33"))
    assert (row.decided_computed_rank, row.decided_computed_tier) == (4, None)
    assert row.flag_resolution == "经讨论，伦理问题属实" and row.decided_by == "主任委员"
    with workspace.session() as s:
        stored = s.scalars(select(Decision)).one()
        assert (stored.rank, stored.final_score, stored.computed_rank, stored.overridden) == (4, D("73.33"), 4, False)
    entry = _actions(workspace)[-1]
    assert entry.action == "decision.confirm" and entry.actor == "主任委员" and entry.round_uid == setup.round_uid
    assert entry.detail["dossier"] == N4 and entry.detail["old"] is None
    assert entry.detail["new"]["final_score"] == "73.33" and entry.detail["new"]["rank"] == 4
    assert entry.detail["basis"]["reviews"] == {A: 1, B: 1, C: 1}
    assert entry.detail["basis"]["aggregate"] == "73.33" and entry.detail["basis"]["rule"] == "mean"


def test_confirm_needs_reviews_and_an_actor(workspace: Workspace, setup: Setup) -> None:
    with workspace.session() as s:
        with pytest.raises(StateError, match="没有已提交的评审意见"):
            committee.confirm(s, setup.round_id, N6, actor="秘书")
        with pytest.raises(ValidationError):
            committee.confirm(s, setup.round_id, N1, actor="  ")
        with pytest.raises(NotFound):
            committee.confirm(s, setup.round_id, "AI-2025-999", actor="秘书")


def test_confirm_all_takes_only_clean_dossiers(workspace: Workspace, setup: Setup) -> None:
    with workspace.session() as s:
        bulk = committee.confirm_all(s, setup.round_id, "秘书")
    assert bulk.confirmed == (N1,)
    skipped = dict(bulk.skipped)
    assert list(skipped) == [N2, N3, N4, N5]  # 006 has no reviews and needs no decision
    assert "并列" in skipped[N2] and "一票否决" in skipped[N4] and "回避" in skipped[N5]
    entries = [e for e in _actions(workspace) if e.action == "decision.confirm"]
    assert len(entries) == 1 and entries[0].detail["bulk"] is True and entries[0].detail["dossier"] == N1
    with workspace.session() as s:  # nothing left to do: a second run confirms nothing
        assert committee.confirm_all(s, setup.round_id, "秘书").confirmed == ()


def test_confirm_all_leaves_a_tie_at_a_tier_boundary(workspace: Workspace) -> None:
    form = load_form_text(
        """
id = "quota"
version = 1
title = { zh = "名额测试", en = "Quota test" }

[[criteria]]
key = "overall"
title = { zh = "综合评价", en = "Overall" }
max = 100

[[tiers]]
key = "first"
title = { zh = "一等奖", en = "First prize" }
amount = 100
quota = 1

[[tiers]]
key = "second"
title = { zh = "二等奖", en = "Second prize" }
amount = 50
quota = 3
""",
        origin="test",
    )
    st = _make_round(workspace, form, spread_limit=None)
    for number, value in ((N1, "80"), (N2, "80"), (N3, "60"), (N4, "50"), (N5, "40"), (N6, "30")):
        for e in EXPERTS:
            add_review(workspace, st, number, e, value)
    with workspace.session() as s:
        bulk = committee.confirm_all(s, st.round_id, "秘书")
        rows = {r.number: r for r in committee.decision_rows(s, st.round_id)}
    assert rows[N1].tie and any(f.kind == "tie" for f in rows[N1].flags)
    assert rows[N1].computed_tier == "second"  # the straddled first place is left to the committee
    assert "并列跨越名额界限" in dict(bulk.skipped)[N1]
    assert bulk.confirmed == (N3, N4, N5, N6)
    assert rows[N3].tier == "second" and rows[N4].tier is None  # second prize is full after 001, 002, 003


def test_override_needs_a_reason_and_a_known_tier(workspace: Workspace, setup: Setup) -> None:
    with workspace.session() as s:
        with pytest.raises(ValidationError) as err:
            committee.override(s, setup.round_id, N5, rank=3, tier="gold", reason="  ", actor="主任委员")
        assert len(err.value.problems) == 2
        assert "理由" in err.value.problems[0] and "gold" in err.value.problems[1]
        for bad in ({"rank": 0}, {"rank": 7}, {"final_score": D("100.5")}, {"final_score": "abc"},
                    {"final_score": D("80.125")}):
            kwargs: dict[str, Any] = {"rank": 3, "tier": None, **bad}
            with pytest.raises(ValidationError):
                committee.override(s, setup.round_id, N5, reason="委员会决定", actor="主任委员", **kwargs)
        assert s.scalars(select(Decision)).first() is None


def test_override_records_the_departure(workspace: Workspace, setup: Setup) -> None:
    with workspace.session() as s:
        committee.confirm(s, setup.round_id, N5, actor="秘书")
        row = committee.override(s, setup.round_id, N5, rank=3, tier="demonstration", reason="现场答辩表现突出",
                                 actor="主任委员", flag_resolution="回避专家未参与讨论")
    assert row.overridden and row.decided and not row.stale
    assert (row.rank, row.tier, row.final_score) == (3, "demonstration", D("50.00"))  # score kept: computed
    assert (row.computed_rank, row.computed_tier) == (5, None)
    assert row.reason == "现场答辩表现突出" and row.flag_resolution == "回避专家未参与讨论"
    assert row.effective_rank == 3 and row.effective_tier == "demonstration"
    entry = _actions(workspace)[-1]
    assert entry.action == "decision.override" and entry.actor == "主任委员"
    assert entry.detail["old"]["rank"] == 5 and entry.detail["old"]["overridden"] is False
    assert entry.detail["new"] == {**entry.detail["new"], "rank": 3, "tier": "demonstration",
                                   "final_score": "50.00", "overridden": True, "reason": "现场答辩表现突出"}
    with workspace.session() as s:
        row = committee.override(s, setup.round_id, N6, rank=None, tier=None, final_score="0", reason="材料不全",
                                 actor="主任委员")
    assert row.decided and row.final_score == D("0") and row.reviews == 0


def test_clear_decision(workspace: Workspace, setup: Setup) -> None:
    with workspace.session() as s:
        committee.confirm(s, setup.round_id, N1, actor="秘书")
    with workspace.session() as s:
        assert committee.clear_decision(s, setup.round_id, N1, actor="秘书") is True
        assert committee.clear_decision(s, setup.round_id, N1, actor="秘书") is False
        assert s.scalars(select(Decision)).first() is None
    entry = _actions(workspace)[-1]
    assert entry.action == "decision.clear" and entry.detail["old"]["rank"] == 1 and entry.detail["new"] is None
    assert not _rows(workspace, setup)[N1].decided


def test_new_version_makes_a_decision_stale(workspace: Workspace, setup: Setup) -> None:
    with workspace.session() as s:
        committee.confirm(s, setup.round_id, N2, actor="秘书")
        committee.confirm(s, setup.round_id, N3, actor="秘书")
    rows = _rows(workspace, setup)
    assert not rows[N2].stale and not rows[N3].stale
    # A's second version of 002 lifts it to 83.33: 002 keeps rank 2 and its tier, 003 drops to rank 3
    add_review(workspace, setup, N2, A, "9")
    rows = _rows(workspace, setup)
    two, three = rows[N2], rows[N3]
    assert (two.computed_rank, two.decided_computed_rank, two.computed_tier) == (2, 2, "demonstration")
    assert two.stale and two.needs_decision
    assert any("汇总分由 80.00 变为 83.33" in r for r in two.stale_reasons)
    assert any(f"{A} 第 1 版 → 第 2 版" in r for r in two.stale_reasons)
    assert three.stale and any("计算名次由 2 变为 3" in r for r in three.stale_reasons)
    # a fresh decision is current again
    with workspace.session() as s:
        committee.confirm(s, setup.round_id, N2, actor="秘书")
    assert not _rows(workspace, setup)[N2].stale


def test_withdrawn_review_and_rule_change_make_decisions_stale(workspace: Workspace, setup: Setup) -> None:
    with workspace.session() as s:
        committee.confirm(s, setup.round_id, N1, actor="秘书")
        committee.override(s, setup.round_id, N4, rank=4, tier=None, final_score="70", reason="否决项成立",
                           actor="主任委员")
    with workspace.session() as s:
        review = s.scalars(select(Review).join(Expert).where(Review.round_id == setup.round_id, Expert.name == C,
                                                             Review.dossier.has(number=N1))).one()
        review.status, review.current = "superseded", False
    one = _rows(workspace, setup)[N1]
    assert one.stale and any(f"{C} 的第 1 版不再计入" in r for r in one.stale_reasons)
    with workspace.session() as s:
        rnd = s.get(Round, setup.round_id)
        assert rnd is not None
        rnd.rule = "median"
    four = _rows(workspace, setup)[N4]
    assert four.stale and any("汇总规则由 mean 改为 median" in r for r in four.stale_reasons)


def test_decision_without_audit_basis_compares_the_final_score(workspace: Workspace, setup: Setup) -> None:
    """A decision written by other means (no audit basis) is still checked against the numbers."""
    with workspace.session() as s:
        d = s.scalars(select(Dossier).where(Dossier.round_id == setup.round_id, Dossier.number == N1)).one()
        s.add(Decision(round_id=setup.round_id, dossier_id=d.id, final_score=D("88.33"), computed_rank=1,
                       computed_tier="demonstration", rank=1, tier="demonstration"))
    assert not _rows(workspace, setup)[N1].stale
    add_review(workspace, setup, N1, C, "9")
    one = _rows(workspace, setup)[N1]
    assert one.stale and one.stale_reasons == ("汇总分由 88.33 变为 90.00 / the aggregate changed from 88.33 to 90.00",)


# --------------------------------------------------------------------------- finalising


def _decide_everything(ws: Workspace, setup: Setup) -> None:
    with ws.session() as s:
        committee.confirm_all(s, setup.round_id, "秘书")
        committee.confirm(s, setup.round_id, N2, actor="秘书", flag_resolution="并列，均入选")
        committee.confirm(s, setup.round_id, N3, actor="秘书", flag_resolution="并列，均入选")
        committee.confirm(s, setup.round_id, N4, actor="秘书", flag_resolution="否决项属实")
        committee.override(s, setup.round_id, N5, rank=None, tier=None, reason="回避后评审不足，不予排名",
                           actor="主任委员")


def test_finalise_refuses_with_the_list_of_what_is_missing(workspace: Workspace, setup: Setup) -> None:
    add_review(workspace, setup, N6, C, "7", origin="paper", status="draft", signed=False)
    with workspace.session() as s:
        committee.confirm(s, setup.round_id, N1, actor="秘书")
        committee.confirm(s, setup.round_id, N2, actor="秘书")
    add_review(workspace, setup, N2, B, "9")  # 002's decision is now stale
    with workspace.session() as s:
        with pytest.raises(committee.NotReady) as err:
            committee.finalise(s, setup.round_id, actor="秘书")
        assert committee.finalise_problems(s, setup.round_id) == err.value.problems
    problems = err.value.problems
    assert len(problems) == 5
    assert [p.split("：")[0] for p in problems] == [f"申报 {n}" for n in (N2, N3, N4, N5, N6)]
    assert "已过期" in problems[0] and "尚未作出决定" in problems[1] and "纸质评分" in problems[4]
    assert isinstance(err.value, StateError) and N3 in str(err.value)
    with workspace.session() as s:
        assert s.get(Round, setup.round_id).status == "review"  # type: ignore[union-attr]


def test_finalise_refuses_an_empty_round(workspace: Workspace) -> None:
    st = _make_round(workspace, load_builtin("ai-demo"))
    with workspace.session() as s, pytest.raises(committee.NotReady) as err:
        committee.finalise(s, st.round_id, actor="秘书")
    assert err.value.problems == ["本轮还没有已提交的评审意见 (the round has no submitted reviews)"]


def test_finalise_locks_and_reopen_unlocks(workspace: Workspace, setup: Setup) -> None:
    _decide_everything(workspace, setup)
    with workspace.session() as s:
        assert committee.finalise_problems(s, setup.round_id) == []
        rnd = committee.finalise(s, setup.round_id, actor="主任委员")
        assert rnd.status == "finalised" and rnd.finalised_at is not None
        expected_sha = crypto.sha256_hex(crypto.canonical_json(committee.reconcile_json(s, setup.round_id)))
    entry = _actions(workspace)[-1]
    assert entry.action == "round.finalise" and entry.actor == "主任委员"
    assert entry.detail["old_status"] == "review" and entry.detail["new_status"] == "finalised"
    assert entry.detail["reconciliation_sha256"] == expected_sha
    assert [d["dossier"] for d in entry.detail["decisions"]] == [N1, N2, N3, N4, N5]
    assert entry.detail["decisions"][4] == {"dossier": N5, "rank": None, "tier": None, "final_score": "50.00",
                                            "overridden": True}

    # everything is locked now
    with workspace.session() as s:
        rnd = s.get(Round, setup.round_id)
        assert rnd is not None
        with pytest.raises(StateError):
            rounds.require_open(rnd)
        with pytest.raises(StateError):
            committee.confirm(s, setup.round_id, N1, actor="秘书")
        with pytest.raises(StateError):
            committee.override(s, setup.round_id, N1, rank=2, tier=None, reason="x", actor="秘书")
        with pytest.raises(StateError):
            committee.clear_decision(s, setup.round_id, N1, actor="秘书")
        with pytest.raises(StateError):
            committee.confirm_all(s, setup.round_id, "秘书")
        with pytest.raises(StateError, match="已定稿"):
            committee.finalise(s, setup.round_id, actor="秘书")
        # reading still works
        assert len(committee.decision_rows(s, setup.round_id)) == 6
        committee.score_matrix(s, setup.round_id, N1)

    with workspace.session() as s:
        with pytest.raises(ValidationError):
            committee.reopen_round(s, setup.round_id, reason=" ", actor="主任委员")
        rnd = committee.reopen_round(s, setup.round_id, reason="发现 002 号评分录入错误", actor="主任委员")
        assert rnd.status == "review" and rnd.finalised_at is None
    entry = _actions(workspace)[-1]
    assert entry.action == "round.reopen" and entry.detail["reason"] == "发现 002 号评分录入错误"
    assert entry.detail["old_status"] == "finalised" and entry.detail["new_status"] == "review"
    assert entry.detail["finalised_at"] is not None
    with workspace.session() as s:
        with pytest.raises(StateError, match="尚未定稿"):
            committee.reopen_round(s, setup.round_id, reason="再次", actor="主任委员")
        committee.confirm(s, setup.round_id, N1, actor="秘书", flag_resolution="复核")  # open again
        assert audit.verify(s).ok


def test_every_change_is_audited_in_order(workspace: Workspace, setup: Setup) -> None:
    before = len(_actions(workspace))
    _decide_everything(workspace, setup)
    with workspace.session() as s:
        committee.finalise(s, setup.round_id, actor="主任委员")
    with workspace.session() as s:
        committee.reopen_round(s, setup.round_id, reason="复核", actor="主任委员")
    actions = [e.action for e in _actions(workspace)[before:]]
    assert actions == ["decision.confirm"] * 4 + ["decision.override", "round.finalise", "round.reopen"]
    with workspace.session() as s:
        assert audit.verify(s).ok


# --------------------------------------------------------------------------- the reconcile command


def _cli(setup: Setup, *args: str) -> int:
    return main(["--workspace", str(setup.root), "reconcile", "--round", str(setup.round_id), *args])


def test_cli_reconcile_json(workspace: Workspace, setup: Setup, capsys: pytest.CaptureFixture[str]) -> None:
    assert _cli(setup, "--json") == 0
    printed = json.loads(capsys.readouterr().out)
    with workspace.session() as s:
        expected = json.loads(json.dumps(committee.reconcile_json(s, setup.round_id)))
    assert printed == expected
    assert set(printed) == {"round", "rule", "dossiers", "agreement"}


def test_cli_reconcile_table(workspace: Workspace, setup: Setup, capsys: pytest.CaptureFixture[str]) -> None:
    assert _cli(setup) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert "2025年度人工智能创新应用示范项目评审" in lines[0] and "mean" in lines[0]
    header = lines[1].split()
    assert header == ["名次", "申报编号", "项目名称", "*mean", "trimmed", "median", "zscore", "等级", "标记"]
    body = [line.split() for line in lines[3:9]]
    # rank order; a shared rank shows as "2="; no reviews last
    assert [row[1] for row in body] == [N1, N2, N3, N4, N5, N6]
    assert [row[0] for row in body] == ["1", "2=", "2=", "4", "5", "—"]
    first = body[0]
    assert first[2] == "智能质检平台" and first[3:7] == ["88.33", "88.33", "90.00", first[6]]
    assert first[7] == "示范项目" and first[8] == "0"
    four = next(line for line in lines if N4 in line)
    assert LONG_TITLE not in four and "…" in four
    assert committee_width(four.split(N4)[1].split("…")[0].strip() + "…") <= 24
    assert four.split()[-2:] == ["—", str(len(_flags(workspace, setup, N4)))]
    assert any(line.startswith("一致性 (agreement): ICC1 ") for line in lines)
    assert any(line.startswith("说明 (note):") for line in lines)


def committee_width(text: str) -> int:
    from reviewer.cli.cmd_committee import width

    return width(text)


def _flags(ws: Workspace, setup: Setup, number: str) -> list[Any]:
    with ws.session() as s:
        return committee.reconcile_round(s, setup.round_id).dossier(number).flags


def test_cli_reconcile_marks_the_rounds_rule(workspace: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    st = _make_round(workspace, load_builtin("ai-demo"), rule="zscore")
    add_review(workspace, st, N1, A, "8")
    assert _cli(st) == 0
    header = capsys.readouterr().out.splitlines()[1].split()
    assert header[3:7] == ["mean", "trimmed", "median", "*zscore"]


def test_cli_unknown_round_exits_2(workspace: Workspace, setup: Setup, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--workspace", str(setup.root), "reconcile", "--round", "999", "--json"])
    captured = capsys.readouterr()
    assert code == 2 and captured.out == "" and "找不到评审轮次 999" in captured.err


def test_width_and_truncate() -> None:
    from reviewer.cli.cmd_committee import pad, truncate, width

    assert width("ab") == 2 and width("评审") == 4 and width("ＡＢ") == 4
    assert truncate("评审意见汇总", 8) == "评审意…" and width(truncate("评审意见汇总", 8)) == 7
    assert truncate("short", 8) == "short"
    assert pad("评审", 6) == "评审  " and pad("1", 3, right=True) == "  1"
