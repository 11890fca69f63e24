"""Bundles in a workspace: the secretary exports one per expert, the expert imports it.

The file format is ``reviewer.exchange``'s; this module decides what goes into a
bundle (only that expert's dossiers, nothing about anyone else) and what an
expert's workspace does with one (first bundle makes the workspace that
expert's; later bundles of the same round update it; anything that does not
verify changes nothing).
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Assignment, Dossier, DossierFile, Expert, Round
from reviewer import audit, crypto, keys, reading
from reviewer.errors import ImportRejected, KeyProblem, SignatureError, StateError
from reviewer.exchange import (
    BUNDLE_SUFFIX,
    Bundle,
    BundleDossier,
    BundleExpert,
    BundleFile,
    BundleRound,
    bundle_json,
    parse_timestamp,
    read_bundle,
    timestamp,
    write_bundle,
)
from reviewer.fileio import WriteFailed
from reviewer.rounds import RULES, get_round, require_open
from reviewer.workspace import Workspace, get_setting, set_setting

#: Settings key remembering the last bundle imported for a round: {"sha256", "created_at"}.
_BUNDLE_SETTING = "bundle:{uid}"
_UNSAFE_FILENAME = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]+')


# --------------------------------------------------------------------------- secretary side


def _safe_filename(text: str, fallback: str) -> str:
    cleaned = _UNSAFE_FILENAME.sub("_", text).strip(" ._")
    return cleaned[:80] or fallback


def export_bundles(ws: Workspace, round_id: int | str, out_dir: Path | str,
                   passphrase: str | None = None) -> list[dict[str, Any]]:
    """Write one signed bundle per expert with assignments into ``out_dir``.

    Returns ``[{"expert": NAME, "file": PATH, "dossiers": [NUMBER, …]}, …]`` (the
    JSON of ``bundle export``). Every bundle is checked for missing PDFs before
    any is written; each is written atomically. The secretary's key is created on
    first use.
    """
    out_dir = Path(out_dir)
    with ws.session() as s:
        rnd = get_round(s, round_id)
        require_open(rnd)
        round_pk = rnd.id
        round_uid = rnd.uid
        info = BundleRound(
            uid=rnd.uid, name=rnd.name, programme=rnd.programme, rule=rnd.rule, per_dossier=rnd.per_dossier,
            spread_limit=rnd.spread_limit, trim_threshold=rnd.trim_threshold, deadline=rnd.deadline,
            form_id=rnd.form_id, form_version=rnd.form_version, form_hash=rnd.form_hash,
            form_source=rnd.form_source,
        )
        plan = _plan_bundles(s, rnd)
        if not plan:
            raise StateError(
                f"评审轮次「{rnd.name}」还没有分配任何申报材料，无法导出评审包 "
                "(the round has no assignments yet: nothing to export)"
            )
        previous_key = rnd.secretary_key
    for _expert_id, _expert, dossiers in plan:
        for d in dossiers:
            for f in d.files:
                if not ws.has_file(f.sha256):
                    raise StateError(
                        f"申报 {d.number} 的文件「{f.name}」不在工作区的文件库中，无法导出评审包 "
                        f"(file {f.name!r} of dossier {d.number} is missing from the workspace store)"
                    )

    public = keys.ensure_key(ws, passphrase)
    signing_key = keys.load_key(ws, passphrase)
    if crypto.public_hex(signing_key) != public:
        raise KeyProblem("签名密钥与工作区登记的公钥不一致 (the signing key does not match the recorded public key)")

    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteFailed(f"无法创建文件夹 {out_dir}：{exc.strerror} (cannot create the folder)") from exc
    created = dt.datetime.now(dt.timezone.utc)
    created_text = timestamp(created)
    round_part = _safe_filename(info.name, f"round-{round_uid[:8]}")
    results: list[dict[str, Any]] = []
    written: list[tuple[int, str, str, list[str]]] = []
    used: set[str] = set()
    for expert_id, expert, dossiers in plan:
        stem = f"{round_part}-{_safe_filename(expert.name, f'expert-{expert_id}')}"
        name = stem + BUNDLE_SUFFIX
        n = 2
        while name.lower() in used:
            name = f"{stem}-{n}{BUNDLE_SUFFIX}"
            n += 1
        used.add(name.lower())
        path = (out_dir / name).resolve()
        raw = bundle_json(info, expert, dossiers, public, created_text)
        signature = crypto.sign(signing_key, raw)
        files = {f.sha256: ws.file_path(f.sha256) for d in dossiers for f in d.files}
        sha = write_bundle(path, raw, signature, files, created)
        numbers = [d.number for d in dossiers]
        written.append((expert_id, str(path), sha, numbers))
        results.append({"expert": expert.name, "file": str(path), "dossiers": numbers})

    with ws.session() as s:
        rnd = s.get(Round, round_pk)
        assert rnd is not None
        rnd.secretary_key = public
        if rnd.status == "setup":
            rnd.status = "review"
        if get_setting(s, "role") is None:
            set_setting(s, "role", "secretary")
        sent = []
        for expert_id, path_text, sha, numbers in written:
            row = s.get(Expert, expert_id)
            assert row is not None
            row.bundle_sent_at = created.replace(microsecond=0)
            row.bundle_sha256 = sha
            sent.append({"expert": row.name, "file": Path(path_text).name, "sha256": sha, "dossiers": numbers})
        detail: dict[str, Any] = {"bundles": sent, "secretary_key": crypto.fingerprint(public)}
        if previous_key and previous_key != public:
            detail["key_changed_from"] = crypto.fingerprint(previous_key)
        audit.record(s, "bundle.export", actor="secretary", round_uid=round_uid, detail=detail)
    return results


def _plan_bundles(s: Session, rnd: Round) -> list[tuple[int, BundleExpert, list[BundleDossier]]]:
    """Per expert with assignments (by name): the expert and only their dossiers, in number order."""
    rows = s.execute(
        select(Assignment.expert_id, Dossier)
        .join(Dossier, Dossier.id == Assignment.dossier_id)
        .where(Assignment.round_id == rnd.id)
        .order_by(Dossier.number)
    ).all()
    by_expert: dict[int, list[BundleDossier]] = {}
    for expert_id, dossier in rows:
        by_expert.setdefault(expert_id, []).append(BundleDossier(
            number=dossier.number, title=dossier.title, applicant=dossier.applicant,
            category=dossier.category, level=dossier.level,
            files=tuple(BundleFile(role=f.role, name=f.name, sha256=f.sha256, size=f.size, pages=f.pages)
                        for f in dossier.files),
        ))
    plan: list[tuple[int, BundleExpert, list[BundleDossier]]] = []
    for expert in sorted((e for e in rnd.experts if e.id in by_expert), key=lambda e: e.name):
        plan.append((expert.id, BundleExpert(expert.name, expert.organisation, expert.field, expert.email),
                     by_expert[expert.id]))
    return plan


# --------------------------------------------------------------------------- expert side


@dataclass(frozen=True)
class BundleSummary:
    """What importing a bundle did."""

    #: "imported" (new round), "updated" (newer bundle of a round already here), "unchanged"
    status: str
    round_id: int
    round_uid: str
    round_name: str
    expert: str
    dossiers: tuple[str, ...]
    added: tuple[str, ...]
    removed: tuple[str, ...]
    files_stored: int
    secretary_fingerprint: str

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        for key in ("dossiers", "added", "removed"):
            out[key] = list(out[key])
        return out


def _check_against_workspace(s: Session, bundle: Bundle) -> tuple[str, Round | None]:
    """Whether this workspace may take the bundle: "imported", "updated" or "unchanged"; refusals raise."""
    role = get_setting(s, "role")
    owner = get_setting(s, "expert_name")
    name = bundle.expert.name
    if role not in (None, "expert"):
        raise ImportRejected(
            "这是评审秘书的工作区，不能导入评审包；请在专家自己的工作区中导入 "
            "(this is a secretary's workspace: import bundles in the expert's own workspace)"
        )
    if role is None and s.scalars(select(Round.id).limit(1)).first() is not None:
        raise ImportRejected(
            "此工作区已有其他评审数据，不能作为专家工作区使用 (this workspace already holds other review data)"
        )
    if owner is not None and owner != name:
        raise ImportRejected(
            f"此评审包是发给专家「{name}」的，而此工作区属于专家「{owner}」，已拒绝 "
            f"(this bundle is for {name}, but this workspace belongs to {owner})"
        )
    rnd = s.scalars(select(Round).where(Round.uid == bundle.round.uid)).first()
    if rnd is None:
        return "imported", None
    if rnd.secretary_key and rnd.secretary_key != bundle.secretary_key:
        raise SignatureError(
            f"此评审包由另一位秘书的密钥签名（{crypto.fingerprint(bundle.secretary_key)}），"
            f"与此前收到的评审轮次「{rnd.name}」的密钥（{crypto.fingerprint(rnd.secretary_key)}）不同，已拒绝 "
            "(the bundle is signed by a different secretary key than this round's earlier bundles)"
        )
    remembered = get_setting(s, _BUNDLE_SETTING.format(uid=rnd.uid))
    if remembered:
        sha, _, created_text = remembered.partition("@")
        if sha == bundle.content_sha256:
            return "unchanged", rnd
        if created_text and parse_timestamp(created_text) >= bundle.created_at:
            raise ImportRejected(
                f"此评审包比已导入的评审轮次「{rnd.name}」的评审包更旧，已拒绝 "
                "(this bundle is older than the one already imported for this round)"
            )
    return "updated", rnd


def import_bundle(ws: Workspace, path: Path | str, passphrase: str | None = None) -> BundleSummary:
    """Verify a bundle completely, then store it in this expert's workspace in one transaction.

    Nothing is stored unless the signature, every file's checksum and the form all
    verify and the bundle belongs here (same expert, same secretary). Re-importing
    the same bundle changes nothing; a newer bundle of the same round updates the
    round, the dossiers and the assignments (dossiers no longer assigned lose their
    assignment; their reviews stay but are no longer exported).
    """
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix=".bundle-import-", dir=ws.root) as tmp:
        bundle, extracted = read_bundle(path, Path(tmp))
        with ws.session() as s:
            status, _ = _check_against_workspace(s, bundle)
        own_key = keys.ensure_key(ws, passphrase)
        stored = 0
        for sha, file_path in extracted.items():
            if not ws.has_file(sha):
                ws.store_file(file_path, sha)
                stored += 1
        # Load every page once, in guarded workers, so the viewer can trust these files.
        reading.check_stored_files(ws, extracted)
    with ws.session() as s:
        status, rnd = _check_against_workspace(s, bundle)
        if status == "unchanged":
            assert rnd is not None
            numbers = tuple(d.number for d in bundle.dossiers)
            return BundleSummary("unchanged", rnd.id, rnd.uid, rnd.name, bundle.expert.name, numbers, (), (),
                                 stored, crypto.fingerprint(bundle.secretary_key))
        rnd, added, removed = _apply_bundle(s, bundle, rnd, own_key)
        set_setting(s, "role", "expert")
        set_setting(s, "expert_name", bundle.expert.name)
        set_setting(s, _BUNDLE_SETTING.format(uid=rnd.uid),
                    f"{bundle.content_sha256}@{bundle.created_at.isoformat()}")
        audit.record(s, "bundle.import", actor=bundle.expert.name, round_uid=rnd.uid, detail={
            "file": path.name, "status": status, "bundle_sha256": bundle.content_sha256,
            "secretary_key": crypto.fingerprint(bundle.secretary_key),
            "dossiers": [d.number for d in bundle.dossiers], "added": added, "removed": removed,
        })
        return BundleSummary(status, rnd.id, rnd.uid, rnd.name, bundle.expert.name,
                             tuple(d.number for d in bundle.dossiers), tuple(added), tuple(removed), stored,
                             crypto.fingerprint(bundle.secretary_key))


def _apply_bundle(s: Session, bundle: Bundle, rnd: Round | None, own_key: str) -> tuple[Round, list[str], list[str]]:
    b = bundle.round
    if b.rule not in RULES:
        raise ImportRejected(f"评审包使用了未知的汇总规则 {b.rule}，请升级软件 (unknown aggregation rule {b.rule})")
    if rnd is None:
        rnd = Round(uid=b.uid, status="review")
        s.add(rnd)
    rnd.name = b.name
    rnd.programme = b.programme
    rnd.rule = b.rule
    rnd.per_dossier = b.per_dossier
    rnd.spread_limit = b.spread_limit
    rnd.trim_threshold = b.trim_threshold
    rnd.deadline = b.deadline
    rnd.form_id = b.form_id
    rnd.form_version = b.form_version
    rnd.form_hash = b.form_hash
    rnd.form_source = b.form_source
    rnd.secretary_key = bundle.secretary_key
    s.flush()

    e = bundle.expert
    expert = s.scalars(select(Expert).where(Expert.round_id == rnd.id, Expert.name == e.name)).first()
    if expert is None:
        expert = Expert(round_id=rnd.id, name=e.name)
        s.add(expert)
    expert.organisation = e.organisation
    expert.field = e.field
    expert.email = e.email
    expert.public_key = own_key
    s.flush()

    existing = {d.number: d for d in s.scalars(select(Dossier).where(Dossier.round_id == rnd.id))}
    assigned = {a.dossier_id: a for a in s.scalars(
        select(Assignment).where(Assignment.round_id == rnd.id, Assignment.expert_id == expert.id))}
    added: list[str] = []
    keep: set[int] = set()
    for bd in bundle.dossiers:
        dossier = existing.get(bd.number)
        if dossier is None:
            dossier = Dossier(round_id=rnd.id, number=bd.number)
            s.add(dossier)
        dossier.title = bd.title
        dossier.applicant = bd.applicant
        dossier.category = bd.category
        dossier.level = bd.level
        s.flush()
        _sync_files(s, dossier, bd.files)
        keep.add(dossier.id)
        if dossier.id not in assigned:
            s.add(Assignment(round_id=rnd.id, dossier_id=dossier.id, expert_id=expert.id))
            added.append(bd.number)
    removed: list[str] = []
    for dossier_id, assignment in assigned.items():
        if dossier_id not in keep:
            removed.append(assignment.dossier.number)
            s.delete(assignment)
    s.flush()
    return rnd, added, sorted(removed)


def _sync_files(s: Session, dossier: Dossier, files: tuple[BundleFile, ...]) -> None:
    current = {f.sha256: f for f in dossier.files}
    wanted = {f.sha256 for f in files}
    for sha, row in current.items():
        if sha not in wanted:
            dossier.files.remove(row)
    s.flush()
    for position, bf in enumerate(files):
        row = current.get(bf.sha256)
        if row is None:
            row = DossierFile(sha256=bf.sha256, name=bf.name, size=bf.size, pages=bf.pages)
            dossier.files.append(row)
        row.position = position
        row.role = bf.role
        row.name = bf.name
        row.size = bf.size
        row.pages = bf.pages
