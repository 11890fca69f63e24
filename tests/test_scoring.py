"""The review lifecycle: declarations first, autosaved drafts, signed submission, reopening."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.models import AuditEntry, Conflict, Review
from reviewer import audit, crypto, keys, rounds, scoring
from reviewer.cli import main
from reviewer.errors import KeyProblem, NotFound, StateError, ValidationError
from reviewer.workspace import Workspace, set_setting
from scoring_helpers import (
    COMPLETE_TOTAL,
    EXPERT,
    NUMBERS,
    OTHER,
    UNASSIGNED,
    Setup,
    build_workspace,
    complete_changes,
    context,
    open_and_complete,
)


@pytest.fixture
def setup(workspace: Workspace) -> Setup:
    return build_workspace(workspace)


def _open(ws: Workspace, setup: Setup, number: str = NUMBERS[0]) -> int:
    with ws.session() as s:
        rnd, d, e = context(s, setup, number)
        scoring.confirm_no_conflict(s, rnd, d, e)
        return scoring.open_review(s, rnd, d, e).id


def _update(ws: Workspace, review_id: int, **change: object) -> Review:
    with ws.session() as s:
        return scoring.update_review(s, review_id, **change)  # type: ignore[arg-type]


def _audit_actions(ws: Workspace) -> list[str]:
    with ws.session() as s:
        return [e.action for e in s.scalars(select(AuditEntry).order_by(AuditEntry.id))]


# --- identity and opening --------------------------------------------------------------------


def test_me_is_the_workspace_owner(workspace: Workspace, setup: Setup) -> None:
    with workspace.session() as s:
        rnd = rounds.get_round(s, setup.round_id)
        assert scoring.me(s, rnd).name == EXPERT
        set_setting(s, "expert_name", "不存在的专家")
        with pytest.raises(NotFound, match="不存在的专家"):
            scoring.me(s, rnd)


def test_a_dossier_opens_only_after_the_conflict_declaration(workspace: Workspace, setup: Setup) -> None:
    with workspace.session() as s:
        rnd, d, e = context(s, setup)
        with pytest.raises(StateError, match="回避声明"):
            scoring.open_review(s, rnd, d, e)
        assert s.scalar(select(func.count()).select_from(Review)) == 0
        scoring.confirm_no_conflict(s, rnd, d, e)
        review = scoring.open_review(s, rnd, d, e)
        form = rounds.round_form(rnd)
        assert (review.version, review.status, review.current, review.origin) == (1, "draft", True, "expert")
        assert [sc.criterion for sc in review.scores] == [c.key for c in form.criteria]
        assert all(sc.value is None for sc in review.scores)
        assert review.total is None
        assert scoring.open_review(s, rnd, d, e).id == review.id  # the same draft, not a new one
    assert _audit_actions(workspace)[-2:] == ["conflict.none", "review.open"]


def test_an_unassigned_dossier_cannot_be_opened(workspace: Workspace, setup: Setup) -> None:
    with workspace.session() as s:
        rnd, d, e = context(s, setup, UNASSIGNED)
        with pytest.raises(StateError, match="未分配"):
            scoring.confirm_no_conflict(s, rnd, d, e)
        with pytest.raises(StateError, match="未分配"):
            scoring.open_review(s, rnd, d, e)


# --- autosave ----------------------------------------------------------------------------------


def test_every_autosaved_value_is_committed_and_reread(workspace: Workspace, setup: Setup, tmp_path: Path) -> None:
    review_id = _open(workspace, setup)
    _update(workspace, review_id, score=("innovation", Decimal("8.5")))
    _update(workspace, review_id, score=("benefits", Decimal("7")))
    _update(workspace, review_id, score_comment=("benefits", "年节约成本 1200 万元"))
    _update(workspace, review_id, veto=("falsification", False))
    _update(workspace, review_id, veto=("credit", True))
    _update(workspace, review_id, recommendation="conditional")
    review = _update(workspace, review_id, comment="建议补充第三方检测报告。")
    # 8.5/10*20 + 7/10*25 = 17 + 17.5
    assert review.total == Decimal("34.5")

    # A second, independent workspace object sees everything (as after a restart).
    with Workspace.open(workspace.root) as again, again.session() as s:
        r = scoring.get_review(s, review_id)
        values = {sc.criterion: sc.value for sc in r.scores}
        assert values["innovation"] == Decimal("8.5") and values["benefits"] == Decimal("7")
        assert values["scenario_value"] is None
        assert {sc.criterion: sc.comment for sc in r.scores}["benefits"] == "年节约成本 1200 万元"
        assert r.vetoes == {"falsification": False, "credit": True}
        assert r.recommendation == "conditional"
        assert r.comment == "建议补充第三方检测报告。"
        assert r.total == Decimal("34.5")
        assert r.updated_at >= r.created_at

    # Clearing works too, and the total follows.
    _update(workspace, review_id, score=("benefits", None))
    _update(workspace, review_id, veto=("credit", None))
    review = _update(workspace, review_id, recommendation=None)
    assert review.total == Decimal("17")
    assert review.vetoes == {"falsification": False}
    assert review.recommendation is None
    assert _audit_actions(workspace).count("review.update") == 10
    with workspace.session() as s:
        assert audit.verify(s).ok


def test_an_unchanged_value_is_not_recorded_again(workspace: Workspace, setup: Setup) -> None:
    review_id = _open(workspace, setup)
    _update(workspace, review_id, score=("innovation", Decimal("8")))
    before = len(_audit_actions(workspace))
    _update(workspace, review_id, score=("innovation", Decimal("8.0")))
    assert len(_audit_actions(workspace)) == before


def test_one_change_per_call(workspace: Workspace, setup: Setup) -> None:
    review_id = _open(workspace, setup)
    with workspace.session() as s:
        with pytest.raises(TypeError):
            scoring.update_review(s, review_id, score=("innovation", Decimal(8)), comment="x")
        with pytest.raises(TypeError):
            scoring.update_review(s, review_id)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"score": ("innovation", Decimal("10.5"))}, ["须在 0 到 10 之间", "between 0 and 10", "10.5"]),
        ({"score": ("innovation", Decimal("-1"))}, ["须在 0 到 10 之间"]),
        ({"score": ("innovation", Decimal("7.3"))}, ["步长", "7 或 7.5", "steps of 0.5"]),
        ({"score": ("innovation", Decimal("NaN"))}, ["不是有效数字"]),
        ({"score": ("no_such", Decimal("5"))}, ["没有评分项「no_such」"]),
        ({"veto": ("no_such", True)}, ["没有否决项「no_such」"]),
        ({"recommendation": "maybe"}, ["推荐意见「maybe」不是评分表中的选项", "推荐"]),
    ],
)
def test_values_the_form_does_not_allow_are_refused(workspace: Workspace, setup: Setup, change: dict[str, object],
                                                    words: list[str]) -> None:
    review_id = _open(workspace, setup)
    _update(workspace, review_id, score=("innovation", Decimal("6")))
    with workspace.session() as s:
        with pytest.raises(ValidationError) as info:
            scoring.update_review(s, review_id, **change)  # type: ignore[arg-type]
    for word in words:
        assert word in str(info.value)
    with workspace.session() as s:
        review = scoring.get_review(s, review_id)
        assert scoring.score_values(review) == {"innovation": Decimal("6")}
        assert review.recommendation is None and review.vetoes == {}


def test_parse_score_reads_what_people_type() -> None:
    assert scoring.parse_score(" 7.5 ") == Decimal("7.5")
    assert scoring.parse_score("７．５") == Decimal("7.5")
    with pytest.raises(ValidationError, match="不是数字"):
        scoring.parse_score("七分")


# --- problems() ------------------------------------------------------------------------------


def test_problems_name_everything_missing_in_words(workspace: Workspace, setup: Setup) -> None:
    review_id = _open(workspace, setup)
    with workspace.session() as s:
        review = scoring.get_review(s, review_id)
        form = rounds.round_form(rounds.get_round(s, setup.round_id))
        found = scoring.problems(form, review)
    assert len(found) == 6 + 7 + 1
    assert found[0] == "缺少「场景价值与需求契合度」的评分 (missing score for Value of the scenario and fit with the need)"
    assert found[6] == ("否决项「申报项目是否存在知识产权权属纠纷或侵犯他人知识产权的情形？」尚未回答 "
                        "(veto question unanswered: Is there a dispute over who owns the project's intellectual "
                        "property, or does the project infringe anyone else's intellectual property?)")
    assert found[-1] == "尚未选择推荐意见 (recommendation missing)"


def test_required_comment_rule_trips_in_the_top_and_bottom_bands(workspace: Workspace, setup: Setup) -> None:
    review_id = _open(workspace, setup)
    with workspace.session() as s:
        form = rounds.round_form(rounds.get_round(s, setup.round_id))

    def problems_now() -> list[str]:
        with workspace.session() as s:
            return scoring.problems(form, scoring.get_review(s, review_id))

    _update(workspace, review_id, score=("innovation", Decimal("9.5")))
    assert ("「技术创新性与先进性」评分 9.5 属于最高档「国际领先」，须填写评语 "
            "(comment required for Technical innovation and advancement: the score 9.5 is in the top band)"
            ) in problems_now()
    _update(workspace, review_id, score=("innovation", Decimal("2")))
    assert any("评分 2 属于最低档「较差」，须填写评语" in p for p in problems_now())
    _update(workspace, review_id, score=("innovation", Decimal("6")))  # a middle band needs none
    assert not any("技术创新性与先进性" in p for p in problems_now())
    _update(workspace, review_id, score=("innovation", Decimal("10")))
    _update(workspace, review_id, score_comment=("innovation", "   "))  # blanks are no comment
    assert any("须填写评语" in p for p in problems_now())
    _update(workspace, review_id, score_comment=("innovation", "国际首创的算法"))
    assert not any("技术创新性与先进性" in p for p in problems_now())


def test_a_complete_review_has_no_problems(workspace: Workspace, setup: Setup) -> None:
    review_id = open_and_complete(workspace, setup)
    with workspace.session() as s:
        review = scoring.get_review(s, review_id)
        form = rounds.round_form(rounds.get_round(s, setup.round_id))
        assert scoring.problems(form, review) == []
        assert review.total == COMPLETE_TOTAL


# --- submit ----------------------------------------------------------------------------------


def test_submit_signs_the_canonical_payload(workspace: Workspace, setup: Setup) -> None:
    review_id = open_and_complete(workspace, setup)
    with workspace.session() as s:
        review = scoring.submit(s, workspace, review_id, keys.load_key(workspace))
        assert review.status == "submitted" and review.submitted_at is not None
    with workspace.session() as s:
        review = scoring.get_review(s, review_id)
        assert review.payload is not None and review.signature is not None
        assert crypto.verify(setup.public_key or "", review.payload.encode("utf-8"), review.signature)
        assert scoring.verify_review(review)
        payload = json.loads(review.payload)
        assert review.payload.encode("utf-8") == crypto.canonical_json(payload)
        rnd = rounds.get_round(s, setup.round_id)
        form = rounds.round_form(rnd)
        assert payload["kind"] == "review" and payload["round"] == rnd.uid
        assert payload["form"] == {"id": "ai-demo", "hash": rnd.form_hash}
        assert payload["dossier"]["number"] == NUMBERS[0]
        assert [f["sha256"] for f in payload["dossier"]["files"]] == ["01" * 32, "51" * 32]
        assert payload["expert"] == {"name": EXPERT, "key": setup.public_key}
        assert payload["version"] == 1
        assert [x["criterion"] for x in payload["scores"]] == [c.key for c in form.criteria]
        assert payload["scores"][1] == {"criterion": "innovation", "value": "9.5", "comment": "自研视觉检测算法，国际领先"}
        assert payload["vetoes"] == {v.key: False for v in form.vetoes}
        assert payload["recommendation"] == "recommend"
        assert payload["total"] == "78.75"
        assert payload["submitted_at"] == review.submitted_at.isoformat()
        assert review.expert.public_key == setup.public_key  # pinned on first submission
        # A changed byte no longer verifies.
        tampered = review.payload.replace('"78.75"', '"88.75"')
        assert not crypto.verify(setup.public_key or "", tampered.encode("utf-8"), review.signature)
        assert audit.verify(s).ok
    assert _audit_actions(workspace)[-1] == "review.submit"


def test_submitted_reviews_are_read_only(workspace: Workspace, setup: Setup) -> None:
    review_id = open_and_complete(workspace, setup)
    with workspace.session() as s:
        scoring.submit(s, workspace, review_id, keys.load_key(workspace))
    with workspace.session() as s:
        with pytest.raises(StateError, match="不能修改"):
            scoring.update_review(s, review_id, score=("innovation", Decimal("5")))
        with pytest.raises(StateError):
            scoring.update_review(s, review_id, comment="改一下")
        with pytest.raises(StateError):
            scoring.submit(s, workspace, review_id, keys.load_key(workspace))
    with workspace.session() as s:
        assert scoring.score_values(scoring.get_review(s, review_id))["innovation"] == Decimal("9.5")


def test_an_incomplete_review_is_not_submitted(workspace: Workspace, setup: Setup) -> None:
    review_id = _open(workspace, setup)
    _update(workspace, review_id, score=("innovation", Decimal("9")))
    with workspace.session() as s:
        form = rounds.round_form(rounds.get_round(s, setup.round_id))
        expected = scoring.problems(form, scoring.get_review(s, review_id))
        with pytest.raises(ValidationError) as info:
            scoring.submit(s, workspace, review_id, keys.load_key(workspace))
    assert info.value.problems == expected
    assert "缺少「场景价值与需求契合度」的评分" in str(info.value)
    with workspace.session() as s:
        review = scoring.get_review(s, review_id)
        assert (review.status, review.signature, review.payload) == ("draft", None, None)


def test_a_foreign_key_cannot_sign(workspace: Workspace, setup: Setup) -> None:
    review_id = open_and_complete(workspace, setup)
    with workspace.session() as s:
        with pytest.raises(KeyProblem):
            scoring.submit(s, workspace, review_id, crypto.generate_key())
        assert scoring.get_review(s, review_id).status == "draft"


# --- reopen ----------------------------------------------------------------------------------


def test_reopen_needs_a_reason_and_keeps_both_versions(workspace: Workspace, setup: Setup) -> None:
    review_id = open_and_complete(workspace, setup)
    key = keys.load_key(workspace)
    with workspace.session() as s:
        scoring.submit(s, workspace, review_id, key)
    with workspace.session() as s:
        with pytest.raises(ValidationError, match="理由"):
            scoring.reopen(s, review_id, "   ")
        v2 = scoring.reopen(s, review_id, "补充材料到达，重新评估效益")
        v2_id = v2.id
    with workspace.session() as s:
        rnd, d, e = context(s, setup)
        v1, v2 = scoring.review_history(s, d, e)
        assert (v1.id, v1.version, v1.status, v1.current) == (review_id, 1, "superseded", False)
        assert scoring.verify_review(v1)  # the record of version 1 is intact
        assert (v2.id, v2.version, v2.status, v2.current) == (v2_id, 2, "draft", True)
        assert v2.reopen_reason == "补充材料到达，重新评估效益"
        assert scoring.score_values(v2) == scoring.score_values(v1)
        assert [sc.comment for sc in v2.scores] == [sc.comment for sc in v1.scores]
        assert (v2.vetoes, v2.recommendation, v2.comment, v2.total) == (v1.vetoes, v1.recommendation, v1.comment,
                                                                      v1.total)
        assert v2.payload is None and v2.signature is None
        assert scoring.open_review(s, rnd, d, e).id == v2_id
        with pytest.raises(StateError):
            scoring.reopen(s, v2_id, "草稿不能重新打开")
        with pytest.raises(StateError):
            scoring.update_review(s, review_id, comment="旧版本只读")
    _update(workspace, v2_id, score=("benefits", Decimal("9")))
    _update(workspace, v2_id, score_comment=("benefits", "年增效 3000 万元"))
    with workspace.session() as s:
        v2 = scoring.submit(s, workspace, v2_id, key)
        payload = json.loads(v2.payload or "")
        assert payload["version"] == 2 and payload["reopen_reason"] == "补充材料到达，重新评估效益"
        assert payload["total"] == "80"
    assert "review.reopen" in _audit_actions(workspace)


# --- conflicts -------------------------------------------------------------------------------


def test_conflict_declaration_locks_the_dossier(workspace: Workspace, setup: Setup) -> None:
    with workspace.session() as s:
        rnd, d, e = context(s, setup, NUMBERS[1])
        with pytest.raises(ValidationError, match="未知的回避类型"):
            scoring.declare_conflict(s, rnd, d, e, "friendship", "同学")
        with pytest.raises(ValidationError, match="理由"):
            scoring.declare_conflict(s, rnd, d, e, "cooperation", "  ")
        conflict = scoring.declare_conflict(s, rnd, d, e, "cooperation", "近三年与申报单位有合作项目")
        assert (conflict.origin, conflict.status, conflict.kind) == ("expert", "declared", "cooperation")
    with workspace.session() as s:
        rnd, d, e = context(s, setup, NUMBERS[1])
        with pytest.raises(StateError, match="回避"):
            scoring.open_review(s, rnd, d, e)
        with pytest.raises(StateError, match="回避"):
            scoring.confirm_no_conflict(s, rnd, d, e)
        with pytest.raises(StateError, match="已"):
            scoring.declare_conflict(s, rnd, d, e, "other", "再次声明")
        rows = {r.number: r for r in scoring.expert_overview(s, rnd, e)}
        assert rows[NUMBERS[1]].status == "conflict" and rows[NUMBERS[1]].status_zh == "已回避"
    assert "conflict.declare" in _audit_actions(workspace)


def test_a_conflict_found_later_discards_the_draft_into_the_record(workspace: Workspace, setup: Setup) -> None:
    review_id = _open(workspace, setup)
    _update(workspace, review_id, score=("innovation", Decimal("7")))
    with workspace.session() as s:
        rnd, d, e = context(s, setup)
        scoring.declare_conflict(s, rnd, d, e, "same_org", "申报单位是本人兼职单位")
        assert scoring.assignment_for(s, d, e).no_conflict_at is None  # type: ignore[union-attr]
    with workspace.session() as s:
        review = scoring.get_review(s, review_id)
        assert (review.status, review.current) == ("discarded", False)
        assert scoring.score_values(review) == {"innovation": Decimal("7")}  # kept, not deleted
        with pytest.raises(StateError):
            scoring.update_review(s, review_id, score=("innovation", Decimal("8")))
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "conflict.declare")).one()
        assert entry.detail["discarded_review"] == {"review": review_id, "version": 1, "status": "draft"}
        assert s.scalar(select(func.count()).select_from(Conflict)) == 1


# --- the work list ---------------------------------------------------------------------------


def test_expert_overview_shows_where_each_dossier_stands(workspace: Workspace, setup: Setup) -> None:
    submitted_id = open_and_complete(workspace, setup, NUMBERS[0])
    draft_id = _open(workspace, setup, NUMBERS[1])
    _update(workspace, draft_id, score=("innovation", Decimal("6")))
    with workspace.session() as s:
        scoring.submit(s, workspace, submitted_id, keys.load_key(workspace))
        rnd, d3, e = context(s, setup, NUMBERS[2])
        rows = scoring.expert_overview(s, rnd, e)
        assert [r.number for r in rows] == list(NUMBERS)  # UNASSIGNED is not on the list
        assert [r.status for r in rows] == ["submitted", "draft", "not_started"]
        assert [r.status_zh for r in rows] == ["已提交", "草稿", "未开始"]
        assert rows[0].total == COMPLETE_TOTAL and rows[1].total == Decimal("12") and rows[2].total is None
        assert [r.pages for r in rows] == [42, 42, 42]
        assert (rows[1].scored, rows[1].criteria, rows[1].open_problems) == (1, 6, 13)
        assert rows[2].open_problems == 14 and not rows[2].no_conflict_confirmed
        assert scoring.overview_counts(rows) == {"not_started": 1, "draft": 1, "submitted": 1, "conflict": 0,
                                                 "total": 3}
        scoring.declare_conflict(s, rnd, d3, e, "relative", "申报单位法人为本人亲属")
        counts = scoring.overview_counts(scoring.expert_overview(s, rnd, e))
        assert counts["conflict"] == 1 and counts["not_started"] == 0


def test_a_finalised_round_refuses_changes(workspace: Workspace, setup: Setup) -> None:
    review_id = _open(workspace, setup)
    with workspace.session() as s:
        rounds.get_round(s, setup.round_id).status = "finalised"
    with workspace.session() as s:
        with pytest.raises(StateError, match="已定稿"):
            scoring.update_review(s, review_id, score=("innovation", Decimal("5")))


# --- command line: review submit -------------------------------------------------------------


def test_cli_review_submit_one_dossier(workspace: Workspace, setup: Setup, capsys: pytest.CaptureFixture[str]) -> None:
    review_id = open_and_complete(workspace, setup)
    assert main(["--workspace", str(workspace.root), "review", "submit", "--dossier", NUMBERS[0]]) == 0
    assert "已提交 申报 AI-2025-001" in capsys.readouterr().out
    with workspace.session() as s:
        assert scoring.verify_review(scoring.get_review(s, review_id))
    # Submitting it again is refused with a reason (exit 2).
    assert main(["--workspace", str(workspace.root), "review", "submit", "--dossier", NUMBERS[0]]) == 2
    assert "已提交" in capsys.readouterr().err


def test_cli_review_submit_all_reports_the_incomplete(workspace: Workspace, setup: Setup,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    done = open_and_complete(workspace, setup, NUMBERS[0])
    half = _open(workspace, setup, NUMBERS[1])
    _update(workspace, half, score=("innovation", Decimal("9")))
    code = main(["--workspace", str(workspace.root), "review", "submit", "--all", "--json"])
    assert code == 1
    result = json.loads(capsys.readouterr().out)
    assert [x["dossier"] for x in result["submitted"]] == [NUMBERS[0]]
    remaining = {x["dossier"]: x["problems"] for x in result["remaining"]}
    assert set(remaining) == {NUMBERS[1], NUMBERS[2]}
    assert any("须填写评语" in p for p in remaining[NUMBERS[1]])
    assert remaining[NUMBERS[2]] == ["尚未开始 (not started)"]
    with workspace.session() as s:
        assert scoring.get_review(s, done).status == "submitted"
        assert scoring.get_review(s, half).status == "draft"
    # Plain-text output lists the problems on stderr.
    assert main(["--workspace", str(workspace.root), "review", "submit", "--all"]) == 1
    assert "须填写评语" in capsys.readouterr().err


def test_cli_review_submit_with_a_passphrase(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    with Workspace.open(tmp_path / "locked") as ws:
        setup = build_workspace(ws, passphrase="芝麻开门")
        review_id = open_and_complete(ws, setup)
    argv = ["--workspace", str(tmp_path / "locked"), "review", "submit", "--all"]
    monkeypatch.delenv("REVIEWER_PASSPHRASE", raising=False)
    monkeypatch.setattr("sys.stdin", open(Path(__file__), encoding="utf-8"))  # not a terminal
    try:
        assert main(argv) == 2
        assert "REVIEWER_PASSPHRASE" in capsys.readouterr().err
        monkeypatch.setenv("REVIEWER_PASSPHRASE", "错误口令")
        assert main(argv) == 2
        assert "口令不正确" in capsys.readouterr().err
        monkeypatch.setenv("REVIEWER_PASSPHRASE", "芝麻开门")
        assert main(argv) == 1  # one submitted, two dossiers not started
    finally:
        import sys

        sys.stdin.close()
    with Workspace.open(tmp_path / "locked") as ws, ws.session() as s:
        assert scoring.verify_review(scoring.get_review(s, review_id))


def test_cli_acts_on_the_only_round_and_refuses_other_experts(workspace: Workspace, setup: Setup,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    out = workspace.root.parent / "t.xlsx"
    assert main(["--workspace", str(workspace.root), "scores", "template", "--out", str(out),
                 "--expert", OTHER]) == 2
    assert "不能代他人操作" in capsys.readouterr().err
    assert main(["--workspace", str(workspace.root), "review", "submit", "--dossier", "AI-0000", "--round",
                 str(setup.round_id)]) == 2
    assert "AI-0000" in capsys.readouterr().err
