"""The demo round: a whole committee round run through the real services."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from db.models import Assignment, Conflict, Dossier, Expert, Review, Round
from reviewer import audit, committee, crypto, rounds, scoring
from reviewer.cli import main
from reviewer.demo import DEMO_UID, build_demo, signature_png
from reviewer.demo_data import DEMO_DECLARED_CONFLICT, DEMO_PLANTED_CONFLICT, DEMO_REVIEWS
from reviewer.workspace import Workspace


def test_demo_round_looks_like_a_real_committee(demo_root: Path) -> None:
    with Workspace.open(demo_root) as ws, ws.session() as s:
        assert ws.role == "secretary"
        rnd = s.scalars(select(Round).where(Round.uid == DEMO_UID)).one()
        assert rnd.form_id == "ai-demo" and rnd.rule == "trimmed"
        assert s.scalar(select(func.count()).select_from(Dossier)) == 12
        assert s.scalar(select(func.count()).select_from(Expert)) == 5
        assert s.scalar(select(func.count()).select_from(Assignment)) == 37
        submitted = list(s.scalars(select(Review).where(Review.status == "submitted", Review.current.is_(True))))
        assert len(submitted) == sum(1 for r in DEMO_REVIEWS if r.status == "submitted") == 32
        # Every merged review carries a valid expert signature over its payload.
        for review in submitted:
            assert review.signature and review.payload
            assert crypto.verify(review.expert.public_key, review.payload.encode("utf-8"), review.signature)
        conflicts = {(c.dossier.number, c.expert.name, c.origin, c.status) for c in s.scalars(select(Conflict))}
        assert (*DEMO_PLANTED_CONFLICT, "detected", "confirmed") in conflicts
        assert (*DEMO_DECLARED_CONFLICT[:2], "expert", "declared") in conflicts
        assert all(e.signature_png and e.public_key for e in s.scalars(select(Expert)))
        assert audit.verify(s).ok
        result = committee.reconcile_round(s, rnd.id)
        flagged = {d.number for d in result.dossiers if any(f.kind == "spread" for f in d.flags)}
        assert "AI-2026-007" in flagged


def test_expert_workspaces_hold_drafts(demo_root: Path) -> None:
    drafts = [r for r in DEMO_REVIEWS if r.status == "draft"]
    for item in drafts:
        with Workspace.open(demo_root / "demo-experts" / item.expert_name) as ews, ews.session() as s:
            assert ews.role == "expert"
            rnd = rounds.only_round(s)
            me = scoring.me(s, rnd)
            review = scoring.current_review(s, scoring.find_dossier(s, rnd, item.dossier_number), me)
            assert review is not None and review.status == "draft" and review.total is not None


def test_building_twice_changes_nothing(demo_copy: Workspace, capsys) -> None:  # type: ignore[no-untyped-def]
    with demo_copy.session() as s:
        before = audit.verify(s).entries
    assert build_demo(demo_copy) == 1
    demo_copy.close()
    assert main(["--workspace", str(demo_copy.root), "demo"]) == 0
    assert capsys.readouterr().out.strip() == "1"
    with Workspace.open(demo_copy.root) as ws, ws.session() as s:
        assert audit.verify(s).entries == before


def test_signature_image_is_a_png_and_differs_per_person() -> None:
    a, b = signature_png("李明哲"), signature_png("赵雅琴")
    assert a.startswith(b"\x89PNG\r\n\x1a\n") and a != b and len(a) > 1000


def test_round_row_is_the_list_row_of_that_round_counted_alone(demo_copy: Workspace) -> None:
    with demo_copy.session() as s:
        demo = s.scalars(select(Round)).one()
        other = rounds.create_round(s, name="另一轮次", form=rounds.round_form(demo))
        other_id = other.id
    with demo_copy.session() as s:
        listed = rounds.list_rounds(s)
        assert len(listed) == 2 and listed[0]["dossiers"] and not listed[1]["dossiers"]
        for row in listed:
            assert rounds.round_row(s, int(str(row["id"]))) == row
        assert rounds.round_row(s, other_id)["assignments"] == 0  # type: ignore[index]
        assert rounds.round_row(s, 10_000) is None
