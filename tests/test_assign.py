"""Assignment: K experts per dossier, never a blocked pair, loads as even as the constraints allow."""

from __future__ import annotations

import itertools
import json
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from db.models import Assignment, AuditEntry, Conflict, Dossier, Expert, Review, Round
from forms.loader import load_form_text
from reviewer import rounds
from reviewer.assign import assign, assignments_by_dossier, plan, set_assignment
from reviewer.cli import main
from reviewer.errors import StateError
from reviewer.workspace import Workspace

FORM = """id = "minimal"
version = 1
title = { zh = "最简评分表", en = "Minimal form" }

[[criteria]]
key = "overall"
title = { zh = "综合评价", en = "Overall" }
max = 10
"""


def make_round(ws: Workspace, dossiers: int, experts: int, per_dossier: int = 3) -> int:
    with ws.session() as s:
        rnd = rounds.create_round(s, name="2026年度示范项目评审", form=load_form_text(FORM), per_dossier=per_dossier)
        for i in range(dossiers):
            s.add(Dossier(round_id=rnd.id, number=f"AI-2026-{i + 1:03d}", title=f"项目{i + 1}", applicant=f"单位{i + 1}"))
        for i in range(experts):
            s.add(Expert(round_id=rnd.id, name=f"专家{i + 1:02d}", organisation=f"研究院{i + 1}"))
        return rnd.id


def ids(ws: Workspace, round_id: int) -> tuple[dict[str, int], dict[str, int]]:
    with ws.session() as s:
        d = {x.number: x.id for x in s.scalars(select(Dossier).where(Dossier.round_id == round_id))}
        e = {x.name: x.id for x in s.scalars(select(Expert).where(Expert.round_id == round_id))}
    return d, e


def loads(pairs: set[tuple[int, int]], experts: list[int]) -> list[int]:
    c = Counter(e for _d, e in pairs)
    return [c[e] for e in experts]


# --- the pure planner -------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(
    n_dossiers=st.integers(1, 25),
    n_experts=st.integers(1, 9),
    k=st.integers(1, 5),
    seed=st.integers(0, 2**31),
    data=st.data(),
)
def test_plan_properties(n_dossiers: int, n_experts: int, k: int, seed: int, data: st.DataObject) -> None:
    dossiers, experts = list(range(100, 100 + n_dossiers)), list(range(n_experts))
    all_pairs = [(d, e) for d in dossiers for e in experts]
    blocked = set(data.draw(st.lists(st.sampled_from(all_pairs), max_size=len(all_pairs) // 2)))
    pairs = plan(dossiers, experts, k, blocked=blocked, seed=seed)
    assert not pairs & blocked
    for d in dossiers:
        eligible = sum(1 for e in experts if (d, e) not in blocked)
        assert sum(1 for p in pairs if p[0] == d) == min(k, eligible)
    if not blocked:
        ls = loads(pairs, experts)
        assert max(ls) - min(ls) <= 1
    assert plan(dossiers, experts, k, blocked=blocked, seed=seed) == pairs


def _least_spread(dossiers: list[int], experts: list[int], k: int, blocked: set[tuple[int, int]]) -> int:
    choices = []
    for d in dossiers:
        eligible = [e for e in experts if (d, e) not in blocked]
        choices.append(list(itertools.combinations(eligible, min(k, len(eligible)))))
    best = None
    for combo in itertools.product(*choices):
        c = Counter(e for chosen in combo for e in chosen)
        spread = max(c[e] for e in experts) - min(c[e] for e in experts)
        best = spread if best is None else min(best, spread)
    assert best is not None
    return best


@settings(max_examples=300, deadline=None)
@given(n_dossiers=st.integers(1, 5), n_experts=st.integers(2, 5), k=st.integers(1, 2),
       seed=st.integers(0, 1000), data=st.data())
def test_plan_spread_is_least_possible_with_conflicts(n_dossiers: int, n_experts: int, k: int, seed: int,
                                                      data: st.DataObject) -> None:
    dossiers, experts = list(range(n_dossiers)), list(range(n_experts))
    all_pairs = [(d, e) for d in dossiers for e in experts]
    blocked = set(data.draw(st.lists(st.sampled_from(all_pairs), max_size=len(all_pairs))))
    pairs = plan(dossiers, experts, k, blocked=blocked, seed=seed)
    ls = loads(pairs, experts)
    assert max(ls) - min(ls) == _least_spread(dossiers, experts, k, blocked)


@pytest.mark.parametrize(
    ("n_dossiers", "n_experts", "k", "blocked", "seed"),
    [
        # Instances where filling greedily leaves a spread of 2; moving dossiers along a chain of experts fixes it.
        (4, 5, 1, {(0, 2), (0, 3), (1, 0), (1, 1), (1, 2), (1, 3), (2, 1), (2, 2), (2, 4), (3, 2), (3, 4)}, 93),
        (2, 4, 2, {(0, 1), (1, 3)}, 15),
    ],
)
def test_plan_moves_along_chains_to_even_loads(n_dossiers: int, n_experts: int, k: int,
                                               blocked: set[tuple[int, int]], seed: int) -> None:
    dossiers, experts = list(range(n_dossiers)), list(range(n_experts))
    pairs = plan(dossiers, experts, k, blocked=blocked, seed=seed)
    ls = loads(pairs, experts)
    assert max(ls) - min(ls) == _least_spread(dossiers, experts, k, blocked) <= 1


@settings(max_examples=150, deadline=None)
@given(n_dossiers=st.integers(1, 20), n_experts=st.integers(1, 8), k=st.integers(1, 4),
       seed=st.integers(0, 1000), data=st.data())
def test_plan_avoids_unwelcome_pairs_without_unbalancing(n_dossiers: int, n_experts: int, k: int, seed: int,
                                                         data: st.DataObject) -> None:
    dossiers, experts = list(range(n_dossiers)), list(range(n_experts))
    all_pairs = [(d, e) for d in dossiers for e in experts]
    blocked = set(data.draw(st.lists(st.sampled_from(all_pairs), max_size=len(all_pairs) // 3)))
    avoid = set(data.draw(st.lists(st.sampled_from(all_pairs), max_size=len(all_pairs) // 2)))
    plain = plan(dossiers, experts, k, blocked=blocked, seed=seed)
    careful = plan(dossiers, experts, k, blocked=blocked, avoid=avoid, seed=seed)
    assert not careful & blocked
    assert sorted(loads(careful, experts)) == sorted(loads(plain, experts))
    assert Counter(d for d, _e in careful) == Counter(d for d, _e in plain)
    assert len(careful & avoid) <= len(plain & avoid)


def test_plan_prefers_experts_without_suspicions() -> None:
    # Two dossiers, three experts, two per dossier: experts 0 and 1 are suspected on dossier 0.
    for seed in range(10):
        pairs = plan([0, 1], [0, 1, 2], 2, avoid={(0, 0), (0, 1)}, seed=seed)
        assert (0, 2) in pairs and len(pairs & {(0, 0), (0, 1)}) == 1
        assert sorted(loads(pairs, [0, 1, 2])) == [1, 1, 2]


def test_plan_keeps_fixed_pairs_and_counts_them() -> None:
    fixed = {(1, 0), (1, 1), (2, 0)}
    pairs = plan([1, 2, 3], [0, 1, 2, 3], 2, fixed=fixed, seed=4)
    assert not pairs & fixed
    assert sum(1 for p in pairs if p[0] == 1) == 0
    assert sum(1 for p in pairs if p[0] == 2) == 1
    assert sum(1 for p in pairs if p[0] == 3) == 2
    total = Counter(e for _d, e in pairs | fixed)
    assert max(total[e] for e in range(4)) - min(total[e] for e in range(4)) <= 1


def test_plan_gives_a_scarce_expert_the_dossier_only_they_may_review() -> None:
    blocked = {(d, 2) for d in range(1, 6)}
    for seed in range(5):
        pairs = plan(range(6), [0, 1, 2], 1, blocked=blocked, seed=seed)
        assert (0, 2) in pairs
        assert sorted(loads(pairs, [0, 1, 2])) == [1, 2, 3]


def test_plan_differs_by_seed_and_is_stable_per_seed() -> None:
    a = plan(range(30), range(7), 3, seed=1)
    assert a == plan(range(30), range(7), 3, seed=1)
    assert any(plan(range(30), range(7), 3, seed=s) != a for s in range(2, 6))


# --- the round's assignment -------------------------------------------------------------------------


def test_assign_fills_balances_and_is_idempotent(workspace: Workspace) -> None:
    rid = make_round(workspace, dossiers=10, experts=4, per_dossier=3)
    with workspace.session() as s:
        report = assign(s, rid, seed=7, actor="秘书")
    assert report.ok and len(report.added) == 30
    assert sorted(report.loads.values()) == [7, 7, 8, 8]
    with workspace.session() as s:
        by_dossier = assignments_by_dossier(s, rid)
        assert all(len(v) == 3 for v in by_dossier.values())
        again = assign(s, rid, seed=7)
        assert again.added == [] and again.removed == [] and again.kept == 30
        assert len(s.scalars(select(AuditEntry).where(AuditEntry.action == "assign.auto")).all()) == 1


def test_assign_is_deterministic_across_workspaces(tmp_path: Path) -> None:
    results = []
    for name in ("a", "b"):
        with Workspace.open(tmp_path / name) as ws:
            rid = make_round(ws, dossiers=12, experts=5, per_dossier=2)
            with ws.session() as s:
                assign(s, rid, seed=42)
                results.append(assignments_by_dossier(s, rid))
    assert results[0] == results[1]


def test_replace_replans_auto_but_keeps_manual_and_reviewed(workspace: Workspace) -> None:
    rid = make_round(workspace, dossiers=8, experts=5, per_dossier=2)
    d, e = ids(workspace, rid)
    with workspace.session() as s:
        set_assignment(s, rid, d["AI-2026-001"], e["专家05"], True, "秘书")
        assign(s, rid, seed=1)
        first = assignments_by_dossier(s, rid)
        reviewed_expert = first["AI-2026-002"][0]
        rnd = s.get(Round, rid)
        assert rnd is not None
        s.add(Review(round_id=rid, dossier_id=d["AI-2026-002"], expert_id=e[reviewed_expert], form_hash=rnd.form_hash))
    with workspace.session() as s:
        seeds = [assign(s, rid, seed=seed, replace=True) for seed in range(2, 8)]
        after = assignments_by_dossier(s, rid)
    assert any(r.added for r in seeds)
    assert "专家05" in after["AI-2026-001"]
    assert reviewed_expert in after["AI-2026-002"]
    assert all(len(v) == 2 for v in after.values())


def test_conflicts_block_and_shortfalls_are_reported(workspace: Workspace) -> None:
    rid = make_round(workspace, dossiers=3, experts=3, per_dossier=3)
    d, e = ids(workspace, rid)
    with workspace.session() as s:
        s.add(Conflict(round_id=rid, dossier_id=d["AI-2026-001"], expert_id=e["专家01"], origin="detected",
                       status="confirmed", kind="same_org"))
        s.add(Conflict(round_id=rid, dossier_id=d["AI-2026-002"], expert_id=e["专家02"], origin="expert",
                       status="declared", kind="relative"))
        s.add(Conflict(round_id=rid, dossier_id=d["AI-2026-003"], expert_id=e["专家03"], origin="detected",
                       status="dismissed", kind="other"))
        s.add(Conflict(round_id=rid, dossier_id=d["AI-2026-003"], expert_id=e["专家02"], origin="detected",
                       status="suspected", kind="other"))
    with workspace.session() as s:
        report = assign(s, rid)
        got = assignments_by_dossier(s, rid)
    assert "专家01" not in got["AI-2026-001"] and "专家02" not in got["AI-2026-002"]
    assert got["AI-2026-003"] == ["专家01", "专家02", "专家03"]
    assert not report.ok
    assert [(x.number, x.eligible, x.assigned) for x in report.shortfalls] == [("AI-2026-001", 2, 2),
                                                                              ("AI-2026-002", 2, 2)]
    assert report.suspected == [("AI-2026-003", "专家02")]


def test_set_assignment_rules(workspace: Workspace) -> None:
    rid = make_round(workspace, dossiers=2, experts=3, per_dossier=1)
    d, e = ids(workspace, rid)
    with workspace.session() as s:
        s.add(Conflict(round_id=rid, dossier_id=d["AI-2026-001"], expert_id=e["专家01"], origin="secretary",
                       status="confirmed", kind="cooperation", reason="合作单位"))
    with workspace.session() as s:
        with pytest.raises(StateError, match="回避"):
            set_assignment(s, rid, d["AI-2026-001"], e["专家01"], True, "秘书")
        a = set_assignment(s, rid, d["AI-2026-001"], e["专家02"], True, "秘书")
        assert a is not None and a.source == "manual"
        assign(s, rid, seed=0)
        auto = assignments_by_dossier(s, rid)["AI-2026-002"][0]
        # A manual removal is remembered: automatic assignment does not bring the pair back.
        set_assignment(s, rid, d["AI-2026-002"], e[auto], False, "秘书")
        other = sorted({"专家01", "专家02", "专家03"} - {auto})[0]
        set_assignment(s, rid, d["AI-2026-002"], e[other], False, "秘书")
        for seed in range(6):
            assign(s, rid, seed=seed, replace=True)
            assert assignments_by_dossier(s, rid)["AI-2026-002"] == sorted({"专家01", "专家02", "专家03"} - {auto, other})
        assert assignments_by_dossier(s, rid)["AI-2026-001"] == ["专家02"]
        rnd = s.get(Round, rid)
        assert rnd is not None
        s.add(Review(round_id=rid, dossier_id=d["AI-2026-001"], expert_id=e["专家02"], form_hash=rnd.form_hash))
        s.flush()
        with pytest.raises(StateError, match="已评审"):
            set_assignment(s, rid, d["AI-2026-001"], e["专家02"], False, "秘书")
        # Assigning it again by hand lifts the exclusion.
        set_assignment(s, rid, d["AI-2026-002"], e[other], True, "秘书")
        assert other in assignments_by_dossier(s, rid)["AI-2026-002"]
        actions = [x.action for x in s.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert {"assign.add", "assign.remove", "assign.exclude", "assign.auto"} <= set(actions)


def test_finalised_round_refuses(workspace: Workspace) -> None:
    rid = make_round(workspace, dossiers=2, experts=2)
    with workspace.session() as s:
        rnd = s.get(Round, rid)
        assert rnd is not None
        rnd.status = "finalised"
    with workspace.session() as s, pytest.raises(StateError):
        assign(s, rid)
    with workspace.session() as s:
        assert s.scalars(select(Assignment)).first() is None


# --- the command ------------------------------------------------------------------------------------


def test_cli_assign_json_and_exit_codes(workspace: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    rid = make_round(workspace, dossiers=6, experts=3, per_dossier=2)
    root = str(workspace.root)
    assert main(["--workspace", root, "assign", "--round", str(rid), "--seed", "3", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert len(out["added"]) == 12 and out["shortfalls"] == [] and sorted(out["loads"].values()) == [4, 4, 4]

    assert main(["--workspace", root, "assign", "--round", str(rid), "--per-dossier", "4", "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert len(out["shortfalls"]) == 6 and out["per_dossier"] == 4
    assert all(x["eligible"] == 3 for x in out["shortfalls"])

    assert main(["--workspace", root, "assign", "--round", str(rid), "--per-dossier", "2"]) == 0
    text = capsys.readouterr().out
    assert "专家01" in text

    assert main(["--workspace", root, "assign", "--round", "99"]) == 2
    assert "99" in capsys.readouterr().err
