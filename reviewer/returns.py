"""Returns in a workspace: the expert exports everything signed, the secretary merges it.

A return is a snapshot, not a delta: it carries every submitted version of every
review and every declaration, so it can be exported again at any time and the
secretary's merge takes only what is new. Each file is accepted or rejected
whole, in its own transaction, after every check has passed; a rejected file
leaves the data exactly as it was (only the record of the attempt is kept).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from db import bulk
from db.models import Assignment, Conflict, Dossier, DossierFile, Expert, ReturnFile, Review, Round, Score, utcnow
from forms import Form
from reviewer import audit, crypto, keys
from reviewer.errors import ImportRejected, KeyProblem, NotFound, ReviewerError, SignatureError, StateError
from reviewer.exchange import (
    OUTER_SIGNATURE_BROKEN,
    Fields,
    ReturnDoc,
    SignedItem,
    file_sha256,
    load_return,
    return_json,
    timestamp,
    unreadable,
    verify_items,
    write_return,
)
from reviewer.gcpause import collector_paused
from reviewer.payloads import CONFLICT_KINDS, PAYLOAD_VERSION, declaration_payload
from reviewer.rounds import get_round, only_round, require_open, round_form
from reviewer.workspace import Workspace, get_setting

_WHAT = ("回传文件", "return file")
BLOCKING = ("declared", "confirmed")


# --------------------------------------------------------------------------- expert side


@dataclass
class _Snapshot:
    """What the export needs, read in one session so that signing happens outside it."""

    round_uid: str
    round_name: str
    form_hash: str
    form_id: str
    expert_id: int
    expert_name: str
    organisation: str
    pinned_key: str | None
    #: dossier number -> (current file hashes, no_conflict_at)
    assigned: dict[str, tuple[list[str], dt.datetime | None]] = field(default_factory=dict)
    #: (number, version, payload text, signature)
    reviews: list[tuple[str, int, str, str]] = field(default_factory=list)
    #: (number, kind, reason, declared_at)
    conflicts: list[tuple[str, str, str, dt.datetime]] = field(default_factory=list)


def _snapshot(s: Session, round_id: int | str | None) -> _Snapshot:
    if get_setting(s, "role") != "expert":
        raise StateError("只有专家的工作区才能导出回传文件 (only an expert's workspace exports return files)")
    owner = get_setting(s, "expert_name") or ""
    rnd = get_round(s, round_id) if round_id is not None else only_round(s)
    expert = s.scalars(select(Expert).where(Expert.round_id == rnd.id, Expert.name == owner)).first()
    if expert is None:
        raise NotFound(f"评审轮次「{rnd.name}」中没有专家「{owner}」 (no expert {owner} in this round)")
    snap = _Snapshot(rnd.uid, rnd.name, rnd.form_hash, rnd.form_id, expert.id, expert.name, expert.organisation,
                     expert.public_key)
    for a in s.scalars(select(Assignment).where(Assignment.round_id == rnd.id, Assignment.expert_id == expert.id)):
        snap.assigned[a.dossier.number] = ([f.sha256 for f in a.dossier.files], a.no_conflict_at)
    rows = s.execute(
        select(Dossier.number, Review.version, Review.payload, Review.signature)
        .join(Dossier, Dossier.id == Review.dossier_id)
        .where(Review.round_id == rnd.id, Review.expert_id == expert.id, Review.payload.is_not(None),
               Review.signature.is_not(None), Review.status.in_(("submitted", "superseded")))
        .order_by(Dossier.number, Review.version)
    ).all()
    snap.reviews = [(n, v, p, sig) for n, v, p, sig in rows]
    conflicts = s.execute(
        select(Dossier.number, Conflict.kind, Conflict.reason, Conflict.declared_at)
        .join(Dossier, Dossier.id == Conflict.dossier_id)
        .where(Conflict.round_id == rnd.id, Conflict.expert_id == expert.id, Conflict.origin == "expert",
               Conflict.status.in_(BLOCKING))
        .order_by(Dossier.number, Conflict.declared_at)
    ).all()
    snap.conflicts = [(n, k, r, at) for n, k, r, at in conflicts]
    return snap


def export_return(ws: Workspace, out_path: Path | str, round_id: int | str | None = None,
                  passphrase: str | None = None) -> dict[str, Any]:
    """Write the expert's return file for a round (the only round unless given).

    Carries every submitted version of every review of a dossier still assigned,
    every conflict declaration and every "no conflict" confirmation, each signed,
    and the whole signed again. Versions the secretary would refuse (made on an
    older form or on files since replaced, or of a dossier now declared
    conflicted) are left out and listed under ``skipped`` rather than spoiling the
    whole file. Can be run again at any time.
    """
    out_path = Path(out_path)
    with ws.session() as s:
        snap = _snapshot(s, round_id)
    key = keys.load_key(ws, passphrase)
    pub = crypto.public_hex(key)
    if snap.pinned_key and snap.pinned_key != pub:
        raise KeyProblem("此工作区的签名密钥与导入评审包时登记的不一致 (the signing key differs from the one recorded)")

    conflicted = {number for number, *_ in snap.conflicts if number in snap.assigned}
    reviews: list[tuple[dict[str, Any], str]] = []
    skipped: list[dict[str, Any]] = []
    for number, version, text, signature in snap.reviews:
        reason = _stale_reason(snap, number, text, signature, pub, conflicted)
        if reason:
            skipped.append({"dossier": number, "version": version, "reason": reason})
            continue
        reviews.append((json.loads(text), signature))

    declarations: list[tuple[dict[str, Any], str]] = []
    for number, kind, reason, declared_at in snap.conflicts:
        if number not in snap.assigned:
            continue
        payload = declaration_payload(round_uid=snap.round_uid, dossier_number=number, expert_name=snap.expert_name,
                                      expert_key=pub, has_conflict=True, kind=kind, reason=reason,
                                      declared_at=declared_at.isoformat())
        declarations.append((payload, crypto.sign(key, crypto.canonical_json(payload))))
    for number, (_files, no_conflict_at) in sorted(snap.assigned.items()):
        if no_conflict_at is None:
            continue
        payload = declaration_payload(round_uid=snap.round_uid, dossier_number=number, expert_name=snap.expert_name,
                                      expert_key=pub, has_conflict=False, kind="", reason="",
                                      declared_at=no_conflict_at.isoformat())
        declarations.append((payload, crypto.sign(key, crypto.canonical_json(payload))))

    created = dt.datetime.now(dt.timezone.utc)
    raw = return_json(
        round_uid=snap.round_uid, round_name=snap.round_name, form_hash=snap.form_hash,
        expert_name=snap.expert_name, expert_organisation=snap.organisation, expert_key=pub,
        signature_png=keys.signature_image(ws), reviews=reviews, declarations=declarations,
        exported_at=timestamp(created),
    )
    sha = write_return(out_path, raw, crypto.sign(key, raw), created)
    dossiers = sorted({p["dossier"]["number"] for p, _ in reviews})
    summary: dict[str, Any] = {
        "file": str(out_path.resolve()),
        "sha256": sha,
        "round": snap.round_uid,
        "round_name": snap.round_name,
        "expert": snap.expert_name,
        "reviews": len(reviews),
        "dossiers": dossiers,
        "declarations": len(declarations),
        "conflicts": sorted(conflicted),
        "skipped": skipped,
        "exported_at": timestamp(created),
    }
    with ws.session() as s:
        audit.record(s, "return.export", actor=snap.expert_name, round_uid=snap.round_uid, detail={
            "file": out_path.name, "sha256": sha, "reviews": len(reviews), "declarations": len(declarations),
            "skipped": skipped,
        })
    return summary


def _stale_reason(snap: _Snapshot, number: str, text: str, signature: str, pub: str,
                  conflicted: set[str]) -> str | None:
    """Why a stored review version must stay out of the return (None: it goes in)."""
    if number not in snap.assigned:
        return "该申报已不再分配给您 (the dossier is no longer assigned to you)"
    if number in conflicted:
        return "您已就该申报声明回避 (you declared a conflict with this dossier)"
    try:
        payload = json.loads(text)
    except ValueError:
        payload = None
    if not isinstance(payload, dict) or crypto.canonical_json(payload) != text.encode("utf-8") \
            or not crypto.verify(pub, text.encode("utf-8"), signature):
        return "签名记录与内容不符 (the stored signature does not match the content)"
    form = payload.get("form")
    if not isinstance(form, dict) or form.get("hash") != snap.form_hash:
        return "评分表已更新，此版本基于旧评分表 (made on an older form)"
    dossier = payload.get("dossier")
    files = dossier.get("files") if isinstance(dossier, dict) else None
    hashes = [f.get("sha256") for f in files if isinstance(f, dict)] if isinstance(files, list) else None
    if hashes != snap.assigned[number][0]:
        return "申报材料的文件已更换，此版本基于旧文件 (made on files since replaced)"
    return None


# --------------------------------------------------------------------------- secretary side


@dataclass(frozen=True)
class _DossierRef:
    """What the merge needs of a dossier: read once per batch, not as ORM objects per file."""

    id: int
    number: str
    #: sha256 of its files, in order
    files: tuple[str, ...]


@dataclass(frozen=True)
class _ParsedReview:
    dossier: _DossierRef
    version: int
    item: SignedItem
    recommendation: str | None
    comment: str
    vetoes: dict[str, bool]
    total: Decimal | None
    scores: list[tuple[str, Decimal | None, str]]
    submitted_at: dt.datetime
    reopen_reason: str
    entered_by: str


@dataclass
class _Plan:
    """What accepting one return changes; empty means the file is "unchanged"."""

    expert: Expert
    review_dossiers: int
    pin_key: bool = False
    signature_png: bytes | None = None
    new_reviews: list[_ParsedReview] = field(default_factory=list)
    #: (dossier, kind, reason, declared_at, signature, existing row or None)
    conflicts: list[tuple[_DossierRef, str, str, dt.datetime, str, Conflict | None]] = field(default_factory=list)
    #: (assignment, dossier number, confirmed at)
    no_conflicts: list[tuple[Assignment, str, dt.datetime]] = field(default_factory=list)
    #: The expert's versions already stored in this round, by (dossier id, version).
    existing: dict[tuple[int, int], Review] = field(default_factory=dict)

    @property
    def has_changes(self) -> bool:
        return bool(self.pin_key or self.signature_png is not None or self.new_reviews or self.conflicts
                     or self.no_conflicts)


class _Batch:
    """One ``import_returns`` call: the backup is taken once, before its first write,
    and the round's dossiers are read once for all its files (a merge never changes them)."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self.backed_up = False
        self._dossiers: dict[str, _DossierRef] | None = None

    def before_write(self) -> None:
        if not self.backed_up:
            self.ws.backup("before-return-import")
            self.backed_up = True

    def dossiers(self, s: Session, round_pk: int) -> dict[str, _DossierRef]:
        """The round's dossiers by number, with their file hashes in order."""
        if self._dossiers is None:
            files: dict[int, list[str]] = defaultdict(list)
            for dossier_id, sha in s.execute(
                    select(DossierFile.dossier_id, DossierFile.sha256).join(Dossier)
                    .where(Dossier.round_id == round_pk).order_by(DossierFile.dossier_id, DossierFile.position)):
                files[dossier_id].append(sha)
            self._dossiers = {number: _DossierRef(pk, number, tuple(files.get(pk, ()))) for pk, number in s.execute(
                select(Dossier.id, Dossier.number).where(Dossier.round_id == round_pk))}
        return self._dossiers


def import_returns(ws: Workspace, round_id: int | str, paths: Sequence[Path | str]) -> list[dict[str, Any]]:
    """Merge return files into a round, each accepted or rejected whole.

    Returns ``[{"file", "status": "accepted"|"unchanged"|"rejected", "expert",
    "reviews", "reason"}, …]`` in the order given (the JSON of ``return import``).
    ``reviews`` is the number of dossiers the file carries reviews of (0 when
    rejected). One bad file never stops the others; every file gets a
    ``ReturnFile`` row and an audit entry; a backup is taken before the first write.
    """
    with ws.session() as s:
        rnd = get_round(s, round_id)
        require_open(rnd)
        round_pk = rnd.id
        facts = _RoundFacts(rnd.uid, rnd.form_hash, rnd.form_id, round_form(rnd))
    batch = _Batch(ws)
    files = [Path(p) for p in paths]
    # Pipelined: workers read, parse and check the signatures of the next files while this
    # thread writes the current one (the workers never touch the database). Ed25519 checks
    # release the GIL, so two workers keep both cores of an office laptop busy.
    results: list[dict[str, Any]] = []
    # Tens of thousands of parsed reviews and scores are alive at once: without the cyclic
    # collector's repeated full passes over them (which find nothing) a merge is a tenth faster.
    with collector_paused(), ThreadPoolExecutor(max_workers=2, thread_name_prefix="return-reader") as pool:
        ahead = [pool.submit(_read, p, facts) for p in files[:_READ_AHEAD]]
        for i, path in enumerate(files):
            read = ahead.pop(0).result()
            if i + _READ_AHEAD < len(files):
                ahead.append(pool.submit(_read, files[i + _READ_AHEAD], facts))
            results.append(_import_one(ws, round_pk, path, read, batch))
    return results


#: How many return files are read ahead of the one being merged: enough to keep both
#: workers busy while the merge's backup copies the workspace (a provincial one, with its
#: text index, is half a gigabyte). A return is a few megabytes once read.
_READ_AHEAD = 8


@dataclass(frozen=True)
class _Read:
    """A return file as read by the worker: its hash, and its document or why it could not be read."""

    sha256: str
    doc: ReturnDoc | None
    error: ReviewerError | None
    #: Its reviews, checked as far as the database is not needed (see _PreParsed).
    reviews: tuple[_PreParsed, ...] = ()


def _read(path: Path, facts: _RoundFacts) -> _Read:
    try:
        sha = file_sha256(path)
    except OSError as exc:
        return _Read("", None, ImportRejected(unreadable(path, exc)))
    try:
        doc = verify_items(load_return(path))
    except ReviewerError as exc:
        return _Read(sha, None, exc)
    return _Read(sha, doc, None, tuple(_pre_parse(facts, doc, item) for item in doc.reviews))


def _import_one(ws: Workspace, round_pk: int, path: Path, read: _Read, batch: _Batch) -> dict[str, Any]:
    result: dict[str, Any] = {"file": str(path), "status": "rejected", "expert": None, "reviews": 0, "reason": None}
    batch.before_write()
    doc: ReturnDoc | None = None
    file_sha = read.sha256
    try:
        if read.error is not None:
            raise read.error
        doc = read.doc
        assert doc is not None
        result["expert"] = doc.expert_name
        with ws.session() as s:
            rnd = s.get(Round, round_pk)
            assert rnd is not None
            plan = _validate(s, rnd, doc, read.reviews, batch.dossiers(s, rnd.id))
            status = "accepted" if plan.has_changes else "unchanged"
            applied = _apply(s, rnd, plan, doc)
            s.add(ReturnFile(round_id=rnd.id, expert_id=plan.expert.id, sha256=file_sha, file_name=path.name,
                             status=status, reason="", reviews=plan.review_dossiers))
            audit.record(s, f"return.{'import' if status == 'accepted' else 'unchanged'}", actor="secretary",
                         round_uid=rnd.uid, detail={"file": path.name, "sha256": file_sha,
                                                    "expert": doc.expert_name, **applied})
        result.update(status=status, reviews=plan.review_dossiers)
        return result
    except ReviewerError as exc:
        reason = str(exc)
    except SQLAlchemyError as exc:
        reason = (f"写入数据库时出错，此文件未导入：{type(exc).__name__} "
                  f"(a database error occurred: the file was not imported)")
    result["reason"] = reason
    with ws.session() as s:
        rnd = s.get(Round, round_pk)
        assert rnd is not None
        expert_id = None
        if doc is not None:
            expert_id = s.scalars(select(Expert.id).where(Expert.round_id == rnd.id,
                                                          Expert.name == doc.expert_name)).first()
        s.add(ReturnFile(round_id=rnd.id, expert_id=expert_id, sha256=file_sha, file_name=path.name,
                         status="rejected", reason=reason, reviews=0))
        audit.record(s, "return.reject", actor="secretary", round_uid=rnd.uid, detail={
            "file": path.name, "sha256": file_sha, "expert": doc.expert_name if doc else None, "reason": reason,
        })
    return result


def _validate(s: Session, rnd: Round, doc: ReturnDoc, reviews: Sequence[_PreParsed],
              dossiers: dict[str, _DossierRef]) -> _Plan:
    """Every check, read-only; raises with the reason or returns what accepting would change."""
    if not doc.outer_ok:
        raise SignatureError(OUTER_SIGNATURE_BROKEN)
    if doc.round_uid != rnd.uid:
        raise ImportRejected(
            f"此回传文件属于另一评审轮次「{doc.round_name}」，不属于「{rnd.name}」 "
            "(the return file belongs to another round)"
        )
    name = doc.expert_name
    expert = s.scalars(select(Expert).where(Expert.round_id == rnd.id, Expert.name == name)).first()
    if expert is None:
        raise ImportRejected(f"评审轮次「{rnd.name}」中没有专家「{name}」 (there is no expert {name} in this round)")
    if expert.public_key and expert.public_key != doc.expert_key:
        raise SignatureError(
            f"签名密钥与此前不同：此文件的签名密钥（{crypto.fingerprint(doc.expert_key)}）不是专家「{name}」"
            f"此前使用的密钥（{crypto.fingerprint(expert.public_key)}），可能是他人冒名，已拒绝 "
            f"(the signing key differs from the one {name} used before: possibly an impostor)"
        )
    if doc.form_hash != rnd.form_hash:
        raise ImportRejected(
            "此回传文件使用的评分表与本轮次的不同（较旧的评分表），已拒绝 "
            "(the return was made with an older or different form than this round's)"
        )
    # Queries by expert alone (an expert belongs to one round): with a round_id condition too,
    # SQLite picks the round_id index and scans the whole round for every file.
    assigned = {a.dossier_id: a for a in s.scalars(select(Assignment).where(Assignment.expert_id == expert.id))}
    plan = _Plan(expert=expert, review_dossiers=0)
    plan.pin_key = expert.public_key is None
    if doc.signature_png is not None and doc.signature_png != expert.signature_png:
        plan.signature_png = doc.signature_png

    declared_here = _validate_declarations(s, rnd, doc, expert, dossiers, assigned, plan)
    blocking = set(s.scalars(select(Conflict.dossier_id).where(
        Conflict.expert_id == expert.id, Conflict.status.in_(BLOCKING))))
    existing = plan.existing = {(r.dossier_id, r.version): r for r in s.scalars(
        select(Review).where(Review.expert_id == expert.id))}
    seen: dict[tuple[int, int], bytes] = {}
    reviewed: set[int] = set()
    for pre in reviews:
        item = pre.item
        parsed = _parse_review(pre, doc, dossiers, assigned)
        d = parsed.dossier
        if d.id in blocking or d.number in declared_here:
            raise ImportRejected(
                f"专家「{name}」已就申报 {d.number} 声明回避，不能对其评分，已拒绝 "
                f"(the expert declared a conflict with dossier {d.number} and may not score it)"
            )
        key = (d.id, parsed.version)
        reviewed.add(d.id)
        if key in seen:
            if seen[key] != item.data:
                raise ImportRejected(f"申报 {d.number} 的第 {parsed.version} 版评审意见出现两次且内容不同 "
                                     f"(version {parsed.version} of dossier {d.number} appears twice, differently)")
            continue
        seen[key] = item.data
        stored = existing.get(key)
        if stored is not None:
            if stored.origin != "return":
                raise ImportRejected(
                    f"申报 {d.number} 的第 {parsed.version} 版评审意见已由秘书代为录入（纸质评分），"
                    "与回传文件中的同一版本冲突，已拒绝 "
                    f"(version {parsed.version} of dossier {d.number} was already entered here from paper)"
                )
            if (stored.payload or "").encode("utf-8") != item.data:
                raise ImportRejected(
                    f"申报 {d.number} 的第 {parsed.version} 版评审意见与此前收到的不同，已拒绝 "
                    f"(version {parsed.version} of dossier {d.number} differs from the one received before)"
                )
            continue
        plan.new_reviews.append(parsed)
    plan.review_dossiers = len(reviewed)
    return plan


def _validate_declarations(s: Session, rnd: Round, doc: ReturnDoc, expert: Expert,
                           dossiers: dict[str, _DossierRef],
                           assigned: dict[int, Assignment], plan: _Plan) -> set[str]:
    """Check every declaration; fill the plan's conflict and no-conflict changes; return the conflicted numbers."""
    latest_conflict: dict[str, tuple[dt.datetime, str, str, str]] = {}
    latest_clear: dict[str, dt.datetime] = {}
    for i, item in enumerate(doc.declarations):
        p = Fields(item.payload, f"declarations[{i}].payload", _WHAT)
        number = p.text("dossier", max_len=64)
        if not item.verifies(doc.expert_key):
            raise SignatureError(
                f"申报 {number} 的回避声明签名无效：内容被改动或不是该专家签署的 "
                f"(the declaration on dossier {number} has an invalid signature)"
            )
        if p.text("kind") != "declaration" or p.integer("v") != PAYLOAD_VERSION:
            raise p.fail("kind")
        if p.text("round") != rnd.uid:
            raise ImportRejected(f"申报 {number} 的回避声明属于另一评审轮次 (a declaration belongs to another round)")
        if p.child("expert").text("name") != doc.expert_name:
            raise ImportRejected(f"申报 {number} 的回避声明署名不是「{doc.expert_name}」 "
                                 "(a declaration names another expert)")
        dossier = _assigned_dossier(number, dossiers, assigned, doc.expert_name, "声明", "declaration")
        at = p.datetime("declared_at")
        if p.flag("conflict"):
            kind = p.text("type", max_len=20)
            if kind not in CONFLICT_KINDS:
                raise p.fail("type")
            reason = p.text("reason")
            if dossier.number not in latest_conflict or latest_conflict[dossier.number][0] < at:
                latest_conflict[dossier.number] = (at, kind, reason, item.signature)
        elif dossier.number not in latest_clear or latest_clear[dossier.number] < at:
            latest_clear[dossier.number] = at
    for number, (at, kind, reason, signature) in sorted(latest_conflict.items()):
        dossier = dossiers[number]
        row = s.scalars(select(Conflict).where(Conflict.dossier_id == dossier.id, Conflict.expert_id == expert.id,
                                               Conflict.origin == "expert")).first()
        if row is None or (
            (row.kind, row.reason, row.declared_at, row.signature) != (kind, reason, at, signature)
            and at >= row.declared_at
        ):
            plan.conflicts.append((dossier, kind, reason, at, signature, row))
    for number, at in sorted(latest_clear.items()):
        assignment = assigned[dossiers[number].id]
        if assignment.no_conflict_at is None or assignment.no_conflict_at < at:
            plan.no_conflicts.append((assignment, number, at))
    return set(latest_conflict)


def _assigned_dossier(number: str, dossiers: dict[str, _DossierRef], assigned: dict[int, Assignment],
                      expert: str, what_zh: str, what_en: str) -> _DossierRef:
    dossier = dossiers.get(number)
    if dossier is None:
        raise ImportRejected(f"回传文件中的{what_zh}涉及本轮次中不存在的申报 {number} "
                             f"(a {what_en} concerns dossier {number}, which is not in this round)")
    if dossier.id not in assigned:
        raise ImportRejected(
            f"回传文件中有申报 {number} 的{what_zh}，但该申报并未分配给专家「{expert}」，已拒绝 "
            f"(the return holds a {what_en} on dossier {number}, which is not assigned to {expert})"
        )
    return dossier


@dataclass(frozen=True)
class _RoundFacts:
    """What checking a review's payload needs of its round: plain values, safe in a worker thread."""

    uid: str
    form_hash: str
    form_id: str
    form: Form


@dataclass(frozen=True)
class _PreParsed:
    """A review's payload checked without the database, in a worker thread.

    A check that fails is kept, not raised, with the checks that need the database
    (whether the dossier is assigned, its files) run in between in the merging
    thread, so that a file is refused for the same first problem either way:
    ``early`` (signature, kind, round, form, signer), then the assignment, then
    ``files_error``, then the files themselves, then ``late`` (scores and the rest).
    """

    item: SignedItem
    number: str = ""
    version: int = 0
    early: ReviewerError | None = None
    hashes: tuple[str, ...] = ()
    files_error: ReviewerError | None = None
    late: ReviewerError | None = None
    values: dict[str, Any] = field(default_factory=dict)


def _pre_parse(facts: _RoundFacts, doc: ReturnDoc, item: SignedItem) -> _PreParsed:
    p = Fields(item.payload, "review", _WHAT)
    try:
        d = p.child("dossier")
        number = d.text("number", max_len=64)
        version = p.integer("version", minimum=1)
        if not item.verifies(doc.expert_key):
            raise SignatureError(
                f"申报 {number} 第 {version} 版评审意见的签名无效：内容被改动或不是该专家签署的，已拒绝 "
                f"(the signature of the review of dossier {number}, version {version}, is invalid)"
            )
        if p.text("kind") != "review" or p.integer("v") != PAYLOAD_VERSION:
            raise p.fail("kind")
        if p.text("round") != facts.uid:
            raise ImportRejected(f"申报 {number} 的评审意见属于另一评审轮次 (a review belongs to another round)")
        f = p.child("form")
        if f.text("hash") != facts.form_hash or f.text("id") != facts.form_id:
            raise ImportRejected(f"申报 {number} 的评审意见使用的是较旧或不同的评分表 "
                                 f"(the review of dossier {number} was made with an older or different form)")
        if p.child("expert").text("name") != doc.expert_name:
            raise ImportRejected(f"申报 {number} 的评审意见署名不是「{doc.expert_name}」 "
                                 "(a review names another expert)")
    except ReviewerError as exc:
        return _PreParsed(item, early=exc)
    try:
        hashes = []
        for j, raw in enumerate(d.array("files")):
            if not isinstance(raw, dict):
                raise d.fail(f"files[{j}]")
            hashes.append(Fields(raw, f"review.dossier.files[{j}]", _WHAT).text("sha256"))
    except ReviewerError as exc:
        return _PreParsed(item, number, version, files_error=exc)
    try:
        values = _review_values(facts.form, p, number)
    except ReviewerError as exc:
        return _PreParsed(item, number, version, hashes=tuple(hashes), late=exc)
    return _PreParsed(item, number, version, hashes=tuple(hashes), values=values)


def _review_values(form: Form, p: Fields, number: str) -> dict[str, Any]:
    criteria = {c.key: c for c in form.criteria}
    scores: list[tuple[str, Decimal | None, str]] = []
    values: dict[str, Decimal] = {}
    scored: set[str] = set()
    for j, raw in enumerate(p.array("scores")):
        if not isinstance(raw, dict):
            raise p.fail(f"scores[{j}]")
        sf = Fields(raw, f"review.scores[{j}]", _WHAT)
        key = sf.text("criterion", max_len=100)
        value = sf.decimal("value")
        comment = sf.text("comment")
        criterion = criteria.get(key)
        if criterion is None or key in scored:
            raise ImportRejected(f"申报 {number} 的评审意见含有评分表中没有或重复的评分项「{key}」 "
                                 f"(the review of dossier {number} has an unknown or repeated criterion {key!r})")
        if value is not None:
            if not criterion.allows(value):
                raise ImportRejected(f"申报 {number} 的评分项「{key}」的分数 {value} 不符合评分表 "
                                     f"(score {value} for {key!r} of dossier {number} is not allowed by the form)")
            values[key] = value
        scores.append((key, value, comment))
        scored.add(key)
    vetoes_raw = p.child("vetoes").obj
    veto_keys = {v.key for v in form.vetoes}
    if any(k not in veto_keys or not isinstance(v, bool) for k, v in vetoes_raw.items()):
        raise p.fail("vetoes")
    vetoes = {k: bool(v) for k, v in vetoes_raw.items()}
    recommendation = p.optional_text("recommendation", max_len=50)
    if recommendation is not None and recommendation not in {c.key for c in form.recommendations}:
        raise p.fail("recommendation")
    total = p.decimal("total")
    if total is not None and not any(vetoes.values()) and set(values) == set(criteria) \
            and form.total(values) != total:
        raise ImportRejected(f"申报 {number} 的总分 {total} 与各项分数不符 "
                             f"(the total {total} of dossier {number} does not match its scores)")
    return {
        "recommendation": recommendation, "comment": p.text("comment"), "vetoes": vetoes, "total": total,
        "scores": scores, "submitted_at": p.datetime("submitted_at"), "reopen_reason": p.text("reopen_reason"),
        "entered_by": p.text("entered_by", max_len=100),
    }


def _parse_review(pre: _PreParsed, doc: ReturnDoc, dossiers: dict[str, _DossierRef],
                  assigned: dict[int, Assignment]) -> _ParsedReview:
    """A review checked in full: the worker's findings, with the database's checks in their place."""
    if pre.early is not None:
        raise pre.early
    dossier = _assigned_dossier(pre.number, dossiers, assigned, doc.expert_name, "评分", "review")
    if pre.files_error is not None:
        raise pre.files_error
    if pre.hashes != dossier.files:
        raise ImportRejected(
            f"申报 {pre.number} 的评审意见针对的文件与本轮次登记的文件不一致，已拒绝 "
            f"(the review of dossier {pre.number} was made on different files than the ones on record)"
        )
    if pre.late is not None:
        raise pre.late
    return _ParsedReview(dossier=dossier, version=pre.version, item=pre.item, **pre.values)


_REVIEW_COLUMNS = ("round_id", "dossier_id", "expert_id", "version", "status", "current", "form_hash",
                   "recommendation", "comment", "vetoes", "total", "reopen_reason", "origin", "entered_by",
                   "created_at", "updated_at", "submitted_at", "signature", "payload")


def _apply(s: Session, rnd: Round, plan: _Plan, doc: ReturnDoc) -> dict[str, Any]:
    """Make the planned changes in the caller's transaction; returns the audit detail."""
    expert = plan.expert
    if plan.pin_key:
        expert.public_key = doc.expert_key
    if plan.signature_png is not None:
        expert.signature_png = plan.signature_png
    now = utcnow()
    # The newest version of each dossier the file brings versions of becomes the current
    # one; older ones stop being current and a submitted one becomes "superseded".
    newest: dict[int, int] = {}
    for r in plan.new_reviews:
        newest[r.dossier.id] = max(r.version, newest.get(r.dossier.id, 0))
    for dossier_id, version in plan.existing:
        if dossier_id in newest:
            newest[dossier_id] = max(version, newest[dossier_id])
    for (dossier_id, version), row in plan.existing.items():
        if dossier_id not in newest:
            continue
        if version == newest[dossier_id]:
            row.current = True
        else:
            row.current = False
            if row.status == "submitted":
                row.status = "superseded"
    # Thousands of rows per file: written in bulk, not as ORM objects one by one.
    if plan.new_reviews:
        s.flush()
        bulk.insert_rows(s, Review.__table__, _REVIEW_COLUMNS, [(
            rnd.id, r.dossier.id, expert.id, r.version,
            "submitted" if r.version == newest[r.dossier.id] else "superseded", r.version == newest[r.dossier.id],
            rnd.form_hash, r.recommendation, r.comment, r.vetoes, r.total, r.reopen_reason, "return", r.entered_by,
            now, now, r.submitted_at, r.item.signature, r.item.data.decode("utf-8"),
        ) for r in plan.new_reviews])
        ids = {(dossier_id, version): pk for pk, dossier_id, version in s.execute(
            select(Review.id, Review.dossier_id, Review.version).where(Review.expert_id == expert.id))}
        bulk.insert_rows(s, Score.__table__, ("review_id", "position", "criterion", "value", "comment"), (
            (ids[r.dossier.id, r.version], i, k, v, c) for r in plan.new_reviews for i, (k, v, c) in enumerate(r.scores)))
    discarded: list[dict[str, Any]] = []
    for dossier, kind, reason, at, signature, row in plan.conflicts:
        if row is None:
            s.add(Conflict(round_id=rnd.id, dossier_id=dossier.id, expert_id=expert.id, kind=kind, reason=reason,
                           origin="expert", status="declared", declared_at=at, signature=signature))
        else:
            row.kind, row.reason, row.declared_at, row.signature = kind, reason, at, signature
            row.status = "declared"
            row.decided_at = None
        # As on the expert's side (scoring.declare_conflict): the pair's current version is
        # kept but discarded, so that no aggregate counts a review of a conflicted dossier.
        for review in s.scalars(select(Review).where(Review.dossier_id == dossier.id, Review.expert_id == expert.id,
                                                     Review.current.is_(True))):
            discarded.append({"dossier": dossier.number, "version": review.version, "status": review.status})
            review.status = "discarded"
            review.current = False
            review.updated_at = now
    s.flush()
    bulk.update_rows(s, Assignment.__table__, ("no_conflict_at",), ((a.id, at) for a, _n, at in plan.no_conflicts))
    return {
        "new_versions": [{"dossier": r.dossier.number, "version": r.version} for r in plan.new_reviews],
        "conflicts": [d.number for d, *_ in plan.conflicts],
        "no_conflict": [number for _a, number, _at in plan.no_conflicts],
        "discarded_reviews": discarded,
        "key_pinned": crypto.fingerprint(doc.expert_key) if plan.pin_key else None,
        "signature_image": plan.signature_png is not None,
    }


# --------------------------------------------------------------------------- status board


def status_board(s: Session, round_id: int | str) -> list[dict[str, Any]]:
    """One row per expert of the round: what was sent, what came back, what is still missing.

    Keys: ``expert``, ``organisation``, ``bundle_sent_at`` (ISO or None),
    ``return_received_at`` (last return file, any outcome), ``return_files``,
    ``return_status`` (of the last one), ``assigned``, ``submitted`` (dossiers
    with a current submitted review), ``conflicts`` (declared by the expert and
    still blocking), ``missing`` (numbers: assigned, not submitted, not
    conflicted), ``key_pinned``.
    """
    rnd = get_round(s, round_id)
    assigned: dict[int, set[int]] = defaultdict(set)
    for expert_id, dossier_id in s.execute(
            select(Assignment.expert_id, Assignment.dossier_id).where(Assignment.round_id == rnd.id)):
        assigned[expert_id].add(dossier_id)
    submitted = set(s.execute(select(Review.expert_id, Review.dossier_id).where(
        Review.round_id == rnd.id, Review.current.is_(True), Review.status == "submitted")).all())
    blocking: set[tuple[int, int]] = set()
    declared: dict[int, int] = defaultdict(int)
    for expert_id, dossier_id, origin in s.execute(select(Conflict.expert_id, Conflict.dossier_id, Conflict.origin)
                                                   .where(Conflict.round_id == rnd.id,
                                                          Conflict.status.in_(BLOCKING))):
        blocking.add((expert_id, dossier_id))
        if origin == "expert":
            declared[expert_id] += 1
    numbers = dict(s.execute(select(Dossier.id, Dossier.number).where(Dossier.round_id == rnd.id)).all())
    returns: dict[int, tuple[int, dt.datetime, str]] = {}
    counts = dict(s.execute(select(ReturnFile.expert_id, func.count()).where(ReturnFile.round_id == rnd.id)
                            .group_by(ReturnFile.expert_id)).all())
    for row in s.scalars(select(ReturnFile).where(ReturnFile.round_id == rnd.id, ReturnFile.expert_id.is_not(None))
                         .order_by(ReturnFile.received_at, ReturnFile.id)):
        assert row.expert_id is not None
        returns[row.expert_id] = (counts.get(row.expert_id, 0), row.received_at, row.status)
    rows: list[dict[str, Any]] = []
    for expert in sorted(rnd.experts, key=lambda e: e.name):
        mine = assigned.get(expert.id, set())
        done = {d for d in mine if (expert.id, d) in submitted}
        conflicted = {d for d in mine if (expert.id, d) in blocking}
        last = returns.get(expert.id)
        rows.append({
            "expert": expert.name,
            "organisation": expert.organisation,
            "bundle_sent_at": expert.bundle_sent_at.isoformat() if expert.bundle_sent_at else None,
            "return_received_at": last[1].isoformat() if last else None,
            "return_files": last[0] if last else 0,
            "return_status": last[2] if last else None,
            "assigned": len(mine),
            "submitted": len(done),
            "conflicts": declared.get(expert.id, 0),
            "missing": sorted(numbers[d] for d in mine - done - conflicted),
            "key_pinned": expert.public_key is not None,
        })
    return rows
