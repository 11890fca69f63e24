"""An expert's workspace with one round, built with the ORM as a bundle import would leave it.

Shared by test_scoring, test_offline and test_crash_safety (not a test module itself).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from db.models import Assignment, Dossier, DossierFile, Expert, Round
from forms import Form
from forms.loader import load_builtin
from reviewer import keys, rounds, scoring
from reviewer.workspace import Workspace, set_setting

EXPERT = "王教授"
OTHER = "李研究员"
#: Assigned to EXPERT, in number order.
NUMBERS = ("AI-2025-001", "AI-2025-002", "AI-2025-003")
#: In the round but assigned to OTHER only.
UNASSIGNED = "AI-2025-009"


@dataclass(frozen=True)
class Setup:
    round_id: int
    round_uid: str
    public_key: str | None


def build_workspace(ws: Workspace, *, role: str = "expert", passphrase: str | None = None,
                    make_key: bool = True) -> Setup:
    """A round on the ai-demo form: EXPERT has NUMBERS, OTHER has UNASSIGNED.

    Each dossier has two files (12 + 30 pages) so page counts add up visibly.
    """
    form = load_builtin("ai-demo")
    with ws.session() as s:
        rnd = rounds.create_round(s, name="2025年度人工智能创新应用示范项目评审", form=form, actor="test")
        rnd.status = "review"
        me = Expert(round_id=rnd.id, name=EXPERT, organisation="山东大学", field="人工智能")
        other = Expert(round_id=rnd.id, name=OTHER, organisation="齐鲁工业大学", field="智能制造")
        s.add_all([me, other])
        for i, number in enumerate(NUMBERS + (UNASSIGNED,), start=1):
            d = Dossier(round_id=rnd.id, number=number, title=f"智能质检平台 {i} 期", applicant=f"济南第{i}科技有限公司",
                        category="智能制造")
            d.files = [
                DossierFile(position=0, role="申报书", name=f"{number}-申报书.pdf", sha256=f"{i:02d}" * 32,
                            size=1000 + i, pages=12),
                DossierFile(position=1, role="附件", name=f"{number}-附件.pdf", sha256=f"{i + 50:02d}" * 32,
                            size=5000 + i, pages=30),
            ]
            s.add(d)
            s.flush()
            owner = other if number == UNASSIGNED else me
            s.add(Assignment(round_id=rnd.id, dossier_id=d.id, expert_id=owner.id))
        set_setting(s, "role", role)
        if role == "expert":
            set_setting(s, "expert_name", EXPERT)
        s.flush()
        setup_ids = (rnd.id, rnd.uid)
    public = keys.ensure_key(ws, passphrase) if make_key else None
    return Setup(setup_ids[0], setup_ids[1], public)


def context(s: Session, setup: Setup, number: str = NUMBERS[0], expert: str = EXPERT
            ) -> tuple[Round, Dossier, Expert]:
    rnd = rounds.get_round(s, setup.round_id)
    return rnd, scoring.find_dossier(s, rnd, number), scoring.find_expert(s, rnd, expert)


def complete_changes(form: Form) -> list[dict[str, Any]]:
    """``update_review`` keyword sets that make a review complete (innovation 9.5 needs a comment)."""
    changes: list[dict[str, Any]] = []
    values = {"scenario_value": "8", "innovation": "9.5", "autonomy": "7.5", "benefits": "8.5",
              "demonstration": "6", "capacity": "7"}
    for c in form.criteria:
        changes.append({"score": (c.key, Decimal(values[c.key]))})
    changes.append({"score_comment": ("innovation", "自研视觉检测算法，国际领先")})
    for v in form.vetoes:
        changes.append({"veto": (v.key, False)})
    changes.append({"recommendation": "recommend"})
    changes.append({"comment": "技术路线清晰，示范效果明显。"})
    return changes


#: The total of ``complete_changes`` on ai-demo: 8*1.5 + 9.5*2 + 7.5*1 + 8.5*2.5 + 6*2 + 7*1 = 78.75
COMPLETE_TOTAL = Decimal("78.75")


def open_and_complete(ws: Workspace, setup: Setup, number: str = NUMBERS[0]) -> int:
    """Confirm no conflict, open and fill a review completely (one session per change); its id."""
    with ws.session() as s:
        rnd, d, e = context(s, setup, number)
        scoring.confirm_no_conflict(s, rnd, d, e)
        review_id = scoring.open_review(s, rnd, d, e).id
        form = rounds.round_form(rnd)
    for change in complete_changes(form):
        with ws.session() as s:
            scoring.update_review(s, review_id, **change)
    return review_id
