"""Assigning dossiers to experts: K experts per dossier, even loads, never a blocked pair.

The planner (:func:`plan`) is pure: it sees dossier and expert ids, the pairs that
must not be made, the pairs that already exist and cannot move, and a seed. It
fills every dossier up to K (or as far as the eligible experts allow — experts have
no capacity limit, so this is always possible), then evens the loads by moving
assignments along chains (expert A gives a dossier to B, B gives another to C …)
until no chain connects an expert to one with at least two fewer dossiers. Such a
state has the least spread the constraints allow: the load vectors reachable here
form an M-convex set, where "no improving exchange" means globally most even.

The same state and seed always give the same plan, so a secretary can reproduce
and explain an assignment later.
"""

from __future__ import annotations

import json
import random
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Assignment, Conflict, Dossier, Expert, Review, Round
from reviewer import audit
from reviewer.errors import NotFound, StateError, ValidationError
from reviewer.rounds import get_round, require_open
from reviewer.workspace import get_setting, set_setting

Pair = tuple[int, int]  # (dossier id, expert id)


# --- the pure planner -------------------------------------------------------------------------------


def plan(
    dossiers: Sequence[int],
    experts: Sequence[int],
    k: int,
    *,
    blocked: Iterable[Pair] = (),
    fixed: Iterable[Pair] = (),
    avoid: Iterable[Pair] = (),
    seed: int = 0,
) -> set[Pair]:
    """New (dossier, expert) pairs so that each dossier has ``min(k, possible)`` experts.

    Args:
        dossiers: dossier ids to fill.
        experts: expert ids available.
        k: experts wanted per dossier (pairs in ``fixed`` count towards it).
        blocked: pairs that must never be made (conflicts, manual exclusions).
        fixed: pairs that exist already and stay; they count in loads but never move.
        avoid: pairs allowed but unwelcome (undecided suspected conflicts): once the
            loads are even, assignments are exchanged to use as few of them as
            possible without changing the loads.
        seed: tie-breaker; equal inputs and seed give equal output.

    Returns:
        The pairs to add (disjoint from ``fixed``).
    """
    blocked_set = set(blocked)
    fixed_set = set(fixed)
    avoid_set = set(avoid) - blocked_set
    rng = random.Random(seed)
    expert_order = sorted(set(experts))
    rng.shuffle(expert_order)
    rank = {e: i for i, e in enumerate(expert_order)}
    dossier_order = sorted(set(dossiers))
    rng.shuffle(dossier_order)
    drank = {d: i for i, d in enumerate(dossier_order)}

    load = {e: 0 for e in expert_order}
    holders: dict[int, set[int]] = {d: set() for d in dossier_order}
    for d, e in fixed_set:
        if d in holders:
            holders[d].add(e)
        if e in load:
            load[e] += 1
    eligible = {d: [e for e in expert_order if (d, e) not in blocked_set and e not in holders[d]] for d in dossier_order}

    new: dict[int, set[int]] = {d: set() for d in dossier_order}
    holding: dict[int, set[int]] = {e: set() for e in expert_order}
    # Most constrained dossiers first, so the scarce experts they need are still light.
    for d in sorted(dossier_order, key=lambda d: (len(eligible[d]), drank[d])):
        take = min(max(0, k - len(holders[d])), len(eligible[d]))
        for e in sorted(eligible[d], key=lambda e: (load[e], rank[e]))[:take]:
            new[d].add(e)
            holding[e].add(d)
            load[e] += 1

    def reachable(source: int) -> dict[int, tuple[int, int] | None]:
        """Experts reachable from ``source`` by moving one dossier at a time, with the move that reached each."""
        came_from: dict[int, tuple[int, int] | None] = {source: None}
        expanded: set[int] = set()
        queue = deque([source])
        while queue:
            x = queue.popleft()
            for d in sorted(holding[x], key=drank.__getitem__):
                if d in expanded:
                    continue
                expanded.add(d)
                for y in eligible[d]:
                    if y not in came_from and y not in new[d]:
                        came_from[y] = (d, x)
                        queue.append(y)
        return came_from

    while True:
        improved = False
        covered: set[int] = set()
        for source in sorted(expert_order, key=lambda e: (-load[e], rank[e])):
            if source in covered or not holding[source]:
                continue
            came_from = reachable(source)
            targets = [t for t in came_from if load[t] <= load[source] - 2]
            if targets:
                target = min(targets, key=lambda e: (load[e], rank[e]))
                load[source] -= 1
                load[target] += 1
                step = came_from[target]
                while step is not None:
                    d, giver = step
                    new[d].discard(giver)
                    holding[giver].discard(d)
                    new[d].add(target)
                    holding[target].add(d)
                    target = giver
                    step = came_from[giver]
                improved = True
                break
            # Everything reachable from here is at most one below it, so it cannot
            # be a source of an improvement either (its reach is a subset).
            covered.update(came_from)
        if not improved:
            break
    _avoid_unwelcome(new, holding, load, eligible, avoid_set, rank, drank)
    return {(d, e) for d, es in new.items() for e in es}


def _avoid_unwelcome(
    new: dict[int, set[int]],
    holding: dict[int, set[int]],
    load: dict[int, int],
    eligible: dict[int, list[int]],
    avoid: set[Pair],
    rank: dict[int, int],
    drank: dict[int, int],
) -> None:
    """Trade unwelcome pairs for welcome ones without changing the multiset of loads.

    Dossier d moves from expert a to b when b carries exactly one dossier less (the
    two loads swap), or when b carries as many and hands another dossier back to a.
    Each step removes one unwelcome pair and adds none, so the loop ends.
    """
    if not avoid:
        return
    allowed = {d: set(es) for d, es in eligible.items()}

    def welcome(d: int, e: int) -> bool:
        return e in allowed[d] and e not in new[d] and (d, e) not in avoid

    def move(d: int, giver: int, taker: int) -> None:
        new[d].discard(giver)
        holding[giver].discard(d)
        new[d].add(taker)
        holding[taker].add(d)
        load[giver] -= 1
        load[taker] += 1

    changed = True
    while changed:
        changed = False
        for d, a in sorted(((d, a) for d, es in new.items() for a in es if (d, a) in avoid),
                           key=lambda p: (drank[p[0]], rank[p[1]])):
            for b in eligible[d]:
                if not welcome(d, b):
                    continue
                if load[b] == load[a] - 1:
                    move(d, a, b)
                    changed = True
                    break
                if load[b] == load[a]:
                    back = next((x for x in sorted(holding[b], key=drank.__getitem__)
                                 if x != d and welcome(x, a)), None)
                    if back is not None:
                        move(d, a, b)
                        move(back, b, a)
                        changed = True
                        break
            if changed:
                break


# --- the round's assignment ---------------------------------------------------------------------


@dataclass(frozen=True)
class Shortfall:
    """A dossier that could not get K experts: too few are eligible."""

    number: str
    needed: int
    eligible: int
    assigned: int

    @property
    def message(self) -> str:
        return (f"{self.number}：需要 {self.needed} 位专家，只有 {self.eligible} 位可以评审（其余有回避或被排除），"
                f"已分配 {self.assigned} 位 (needs {self.needed} experts, only {self.eligible} eligible, "
                f"{self.assigned} assigned)")


@dataclass
class AssignReport:
    """What :func:`assign` did, for the CLI summary, the JSON and the UI."""

    round_id: int
    per_dossier: int
    seed: int
    added: list[tuple[str, str]] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)
    kept: int = 0
    loads: dict[str, int] = field(default_factory=dict)
    shortfalls: list[Shortfall] = field(default_factory=list)
    #: Assigned pairs with a suspected conflict the secretary has not decided yet.
    suspected: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.shortfalls

    def to_json(self) -> dict[str, Any]:
        return {
            "round": self.round_id,
            "per_dossier": self.per_dossier,
            "seed": self.seed,
            "added": [{"dossier": d, "expert": e} for d, e in self.added],
            "removed": [{"dossier": d, "expert": e} for d, e in self.removed],
            "kept": self.kept,
            "loads": self.loads,
            "shortfalls": [{"dossier": s.number, "needed": s.needed, "eligible": s.eligible,
                            "assigned": s.assigned, "reason": s.message} for s in self.shortfalls],
            "suspected": [{"dossier": d, "expert": e} for d, e in self.suspected],
        }


def _excluded_key(rnd: Round) -> str:
    return f"assign.excluded.{rnd.uid}"


def _excluded(session: Session, rnd: Round) -> set[Pair]:
    """Pairs the secretary removed by hand; automatic assignment never brings them back."""
    raw = get_setting(session, _excluded_key(rnd))
    return {(int(d), int(e)) for d, e in json.loads(raw)} if raw else set()


def _save_excluded(session: Session, rnd: Round, pairs: set[Pair]) -> None:
    set_setting(session, _excluded_key(rnd), json.dumps(sorted([d, e] for d, e in pairs)))


def _blocking(session: Session, rnd: Round) -> dict[Pair, Conflict]:
    rows = session.scalars(select(Conflict).where(
        Conflict.round_id == rnd.id, Conflict.status.in_(("declared", "confirmed"))))
    return {(c.dossier_id, c.expert_id): c for c in rows}


def _reviewed_pairs(session: Session, rnd: Round) -> set[Pair]:
    return {(d, e) for d, e in session.execute(
        select(Review.dossier_id, Review.expert_id).where(Review.round_id == rnd.id)).all()}


def assign(
    session: Session,
    round_id: int | str,
    per_dossier: int | None = None,
    seed: int = 0,
    *,
    replace: bool = False,
    actor: str = "",
) -> AssignReport:
    """Give every dossier of the round K experts, loads as even as possible.

    Existing assignments are kept, so running it again changes nothing. With
    ``replace`` the automatic assignments that nobody can have relied on yet (no
    review, the expert's bundle not sent) are planned afresh; manual ones always
    stay. Pairs with a confirmed or declared conflict, and pairs the secretary
    removed by hand, are never made. A dossier with fewer than K eligible experts
    gets all of them and is listed in ``shortfalls``.

    Raises:
        ValidationError: K below 1.
        StateError: the round is finalised, or has no dossiers or no experts.
    """
    rnd = get_round(session, round_id)
    require_open(rnd)
    k = rnd.per_dossier if per_dossier is None else per_dossier
    if k < 1:
        raise ValidationError("每份材料的评审专家数至少为 1 (reviewers per dossier must be at least 1)")
    dossiers = list(session.scalars(select(Dossier).where(Dossier.round_id == rnd.id).order_by(Dossier.number)))
    experts = list(session.scalars(select(Expert).where(Expert.round_id == rnd.id).order_by(Expert.name)))
    if not dossiers:
        raise StateError("此轮次还没有申报材料，请先导入 (no dossiers yet: import them first)")
    if not experts:
        raise StateError("此轮次还没有专家，请先导入专家名单 (no experts yet: import the roster first)")
    numbers = {d.id: d.number for d in dossiers}
    names = {e.id: e.name for e in experts}
    sent = {e.id for e in experts if e.bundle_sent_at is not None}

    existing = {(a.dossier_id, a.expert_id): a for a in session.scalars(
        select(Assignment).where(Assignment.round_id == rnd.id))}
    reviewed = _reviewed_pairs(session, rnd)
    movable: set[Pair] = set()
    if replace:
        movable = {p for p, a in existing.items() if a.source == "auto" and p not in reviewed and p[1] not in sent}
    fixed = set(existing) - movable
    blocking = _blocking(session, rnd)
    excluded = _excluded(session, rnd)
    suspected = {(d, e) for d, e in session.execute(select(Conflict.dossier_id, Conflict.expert_id).where(
        Conflict.round_id == rnd.id, Conflict.status == "suspected")).all()}
    new = plan(list(numbers), list(names), k, blocked=set(blocking) | excluded, fixed=fixed, avoid=suspected,
               seed=seed)

    report = AssignReport(round_id=rnd.id, per_dossier=k, seed=seed, kept=len(fixed))
    for pair in sorted(movable - new, key=lambda p: (numbers[p[0]], names[p[1]])):
        session.delete(existing[pair])
        report.removed.append((numbers[pair[0]], names[pair[1]]))
    for pair in sorted(new - movable, key=lambda p: (numbers[p[0]], names[p[1]])):
        session.add(Assignment(round_id=rnd.id, dossier_id=pair[0], expert_id=pair[1], source="auto"))
        report.added.append((numbers[pair[0]], names[pair[1]]))
    report.kept += len(movable & new)

    final = fixed | new
    per_dossier_count: dict[int, int] = {d: 0 for d in numbers}
    report.loads = {names[e]: 0 for e in names}
    for d, e in final:
        per_dossier_count[d] += 1
        report.loads[names[e]] += 1
    unavailable = set(blocking) | excluded
    for d in sorted(numbers, key=numbers.__getitem__):
        if per_dossier_count[d] < k:
            eligible = sum(1 for e in names if (d, e) not in unavailable or (d, e) in fixed)
            report.shortfalls.append(Shortfall(numbers[d], k, eligible, per_dossier_count[d]))
    report.suspected = sorted({(numbers[d], names[e]) for d, e in suspected if (d, e) in final})

    if report.added or report.removed:
        session.flush()
        audit.record(session, "assign.auto", actor=actor, round_uid=rnd.uid, detail={
            "per_dossier": k, "seed": seed, "replace": replace,
            "added": [list(p) for p in report.added], "removed": [list(p) for p in report.removed],
            "shortfalls": [s.number for s in report.shortfalls],
        })
    return report


def set_assignment(
    session: Session, round_id: int | str, dossier_id: int, expert_id: int, assigned: bool, actor: str
) -> Assignment | None:
    """Assign or unassign one pair by hand.

    A manual assignment is pinned (automatic re-planning keeps it); a manual removal
    is remembered, so automatic assignment never brings the pair back. Refused for a
    pair with a confirmed or declared conflict, and for removing a pair the expert
    has already reviewed.

    Returns:
        The assignment (when assigning) or None.
    """
    rnd = get_round(session, round_id)
    require_open(rnd)
    dossier = session.get(Dossier, dossier_id)
    expert = session.get(Expert, expert_id)
    if dossier is None or dossier.round_id != rnd.id:
        raise NotFound(f"此轮次中没有申报材料 {dossier_id} (no such dossier in this round)")
    if expert is None or expert.round_id != rnd.id:
        raise NotFound(f"此轮次中没有专家 {expert_id} (no such expert in this round)")
    pair = (dossier.id, expert.id)
    current = session.scalars(select(Assignment).where(
        Assignment.dossier_id == dossier.id, Assignment.expert_id == expert.id)).first()
    excluded = _excluded(session, rnd)
    detail = {"dossier": dossier.number, "expert": expert.name}
    if assigned:
        conflict = _blocking(session, rnd).get(pair)
        if conflict is not None:
            raise StateError(f"{expert.name} 与 {dossier.number} 存在回避关系（{conflict.reason or conflict.kind}），"
                             f"不能分配 ({expert.name} has a conflict with {dossier.number})")
        if pair in excluded:
            _save_excluded(session, rnd, excluded - {pair})
        if current is not None:
            if current.source != "manual":
                current.source = "manual"
                audit.record(session, "assign.pin", actor=actor, round_uid=rnd.uid, detail=detail)
            return current
        current = Assignment(round_id=rnd.id, dossier_id=dossier.id, expert_id=expert.id, source="manual")
        session.add(current)
        session.flush()
        audit.record(session, "assign.add", actor=actor, round_uid=rnd.uid, detail=detail)
        return current
    has_review = session.scalar(select(Review.id).where(
        Review.dossier_id == dossier.id, Review.expert_id == expert.id).limit(1)) is not None
    if has_review:
        raise StateError(f"{expert.name} 已评审 {dossier.number}，不能取消分配 "
                         f"({expert.name} has already reviewed {dossier.number})")
    newly_excluded = pair not in excluded
    if newly_excluded:
        _save_excluded(session, rnd, excluded | {pair})
    if current is not None:
        session.delete(current)
        session.flush()
        audit.record(session, "assign.remove", actor=actor, round_uid=rnd.uid, detail=detail)
    elif newly_excluded:
        audit.record(session, "assign.exclude", actor=actor, round_uid=rnd.uid, detail=detail)
    return None


def assignments_by_dossier(session: Session, round_id: int | str) -> dict[str, list[str]]:
    """{dossier number: [expert names]} of the round, sorted; what a summary or a test reads."""
    rnd = get_round(session, round_id)
    out: dict[str, list[str]] = {d.number: [] for d in rnd.dossiers}
    rows = session.execute(select(Dossier.number, Expert.name).select_from(Assignment)
                           .join(Dossier, Assignment.dossier_id == Dossier.id)
                           .join(Expert, Assignment.expert_id == Expert.id)
                           .where(Assignment.round_id == rnd.id)).all()
    for number, name in rows:
        out[number].append(name)
    for names in out.values():
        names.sort()
    return out
