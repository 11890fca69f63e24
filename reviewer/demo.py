"""The demo round, built by running a whole committee round through the real services.

Nothing here writes rows by hand: the secretary's workspace imports generated
dossier PDFs and a roster, finds the conflict planted in a support letter,
assigns, and exports signed bundles; five expert workspaces (beside the
secretary's, in ``demo-experts/``) import their bundle, declare or clear
conflicts, score, sign and export their returns; the secretary merges them. A
newcomer therefore sees exactly what a real round produces, and can open any
expert's workspace to see the other side.
"""

from __future__ import annotations

import csv
import math
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select

from db.models import Dossier, Expert, Round
from forms.loader import load_builtin
from reviewer import assign, bundle, dossiers, keys, returns, roster, rounds, scoring
from reviewer.demo_data import (
    DEMO_ASSIGNMENTS,
    DEMO_DECLARED_CONFLICT,
    DEMO_DOSSIERS,
    DEMO_EXPERTS,
    DEMO_PLANTED_CONFLICT,
    DEMO_REVIEWS,
    DEMO_ROUND,
    demo_review_values,
)
from reviewer.demo_pdfs import write_dossier_pdfs
from reviewer.errors import WorkspaceError
from reviewer.workspace import Workspace, get_setting, set_setting

#: The demo round's fixed identity, so that building it twice finds it.
DEMO_UID = "de0000000000000000000000002026a1"
_DONE_KEY = f"demo:{DEMO_UID}"
ACTOR = "演示 demo"

Progress = Callable[[int, int, str], None]


def _no_progress(done: int, total: int, text: str) -> None:
    return None


def demo_paths(ws: Workspace) -> dict[str, Path]:
    return {
        "source": ws.root / "demo-source",
        "bundles": ws.root / "demo-exchange" / "bundles",
        "returns": ws.root / "demo-exchange" / "returns",
        "experts": ws.root / "demo-experts",
    }


def build_demo(ws: Workspace, progress: Progress | None = None) -> int:
    """Build the demo round into ``ws`` (once) and return its id.

    Building again finds the finished round and returns it unchanged.
    """
    report = progress or _no_progress
    with ws.session() as s:
        existing = s.scalars(select(Round).where(Round.uid == DEMO_UID)).first()
        if existing is not None:
            if get_setting(s, _DONE_KEY) == "complete":
                return existing.id
            raise WorkspaceError(
                f"{ws.root} 中的演示评审未能建完，请换一个空文件夹重新生成 "
                "(the demo round in this workspace was left unfinished; build it in an empty folder)"
            )
        if ws.role == "expert":
            raise WorkspaceError("专家工作区中不能生成演示评审 (the demo cannot be built in an expert's workspace)")

    steps = 8
    paths = demo_paths(ws)
    form = load_builtin(DEMO_ROUND.form_id)

    report(0, steps, "生成申报材料 (writing the dossiers)")
    manifest = _write_sources(paths["source"])

    report(1, steps, "创建评审轮次 (creating the round)")
    with ws.session() as s:
        rnd = rounds.create_round(
            s, name=DEMO_ROUND.name, form=form, rule=DEMO_ROUND.rule, spread_limit=DEMO_ROUND.spread_limit,
            per_dossier=DEMO_ROUND.per_dossier, actor=ACTOR, uid=DEMO_UID,
        )
        set_setting(s, "role", "secretary")
        set_setting(s, "secretary_name", "评审办公室")
        round_id = rnd.id

    report(2, steps, "导入申报材料并建立全文索引 (importing and indexing the dossiers)")
    results = dossiers.import_dossiers(ws, round_id, manifest, manifest=True, actor=ACTOR)
    rejected = [r for r in results if r.status == "rejected"]
    if rejected:
        raise WorkspaceError(f"演示材料导入失败 (demo import failed): {rejected[0].reason}")
    dossiers.index_pending(ws, round_id, actor=ACTOR)

    report(3, steps, "导入专家名单并排查回避 (roster and conflict check)")
    with ws.session() as s:
        roster.import_experts(s, round_id, paths["source"] / "专家名单.csv", actor=ACTOR)
    with ws.session() as s:
        for conflict in roster.detect_conflicts(s, round_id, actor=ACTOR):
            planted = (conflict.dossier.number, conflict.expert.name) == DEMO_PLANTED_CONFLICT
            if conflict.status == "suspected":
                roster.decide_conflict(s, conflict.id, planted, ACTOR)

    report(4, steps, "分配评审任务 (assigning)")
    with ws.session() as s:
        ids_d = {d.number: d.id for d in s.scalars(select(Dossier).where(Dossier.round_id == round_id))}
        ids_e = {e.name: e.id for e in s.scalars(select(Expert).where(Expert.round_id == round_id))}
        for number, name in DEMO_ASSIGNMENTS:
            assign.set_assignment(s, round_id, ids_d[number], ids_e[name], True, ACTOR)

    report(5, steps, "导出评审包 (exporting bundles)")
    exported = bundle.export_bundles(ws, round_id, paths["bundles"])

    report(6, steps, "专家评审并回传 (the experts score and sign)")
    return_files = [
        _expert_session(Path(item["file"]), paths["experts"] / item["expert"], paths["returns"], form)
        for item in exported
    ]

    report(7, steps, "合并回传文件 (merging the returns)")
    merged = returns.import_returns(ws, round_id, return_files)
    refused = [m for m in merged if m["status"] == "rejected"]
    if refused:
        raise WorkspaceError(f"演示回传文件被拒绝 (a demo return was refused): {refused[0]['reason']}")

    with ws.session() as s:
        set_setting(s, _DONE_KEY, "complete")
    report(steps, steps, "完成 (done)")
    return round_id


def _write_sources(folder: Path) -> Path:
    """Write the dossier PDFs, a manifest and the roster; return the manifest's path."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for dossier in DEMO_DOSSIERS:
        files = write_dossier_pdfs(dossier, folder)
        rows.append([dossier.number, dossier.title, dossier.applicant, dossier.category,
                     ";".join(path.name for _role, path in files)])
    manifest = folder / "申报清单.csv"
    with manifest.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["申报编号", "项目名称", "申报单位", "类别", "文件"])
        writer.writerows(rows)
    with (folder / "专家名单.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["姓名", "单位", "领域", "邮箱"])
        writer.writerows([e.name, e.organisation, e.field, e.email] for e in DEMO_EXPERTS)
    return manifest


def _expert_session(bundle_file: Path, root: Path, out_dir: Path, form: object) -> Path:
    """One expert's whole desk session: import, declare, score, sign, export the return."""
    with Workspace.open(root) as ews:
        bundle.import_bundle(ews, bundle_file)
        with ews.session() as s:
            rnd = rounds.only_round(s)
            me = scoring.me(s, rnd)
            name = me.name
        keys.save_signature_image(ews, signature_png(name))
        key = keys.load_key(ews)
        plan = {r.dossier_number: r.status for r in DEMO_REVIEWS if r.expert_name == name}
        numbers = sorted({n for n, e in DEMO_ASSIGNMENTS if e == name})
        for number in numbers:
            with ews.session() as s:
                rnd = rounds.only_round(s)
                me = scoring.me(s, rnd)
                dossier = scoring.find_dossier(s, rnd, number)
                if (number, name) == DEMO_DECLARED_CONFLICT[:2]:
                    scoring.declare_conflict(s, rnd, dossier, me, DEMO_DECLARED_CONFLICT[2],
                                             DEMO_DECLARED_CONFLICT[3], actor=name)
                    continue
                scoring.confirm_no_conflict(s, rnd, dossier, me, actor=name)
            status = plan.get(number, "not_started")
            if status == "not_started":
                continue
            with ews.session() as s:
                rnd = rounds.only_round(s)
                review = scoring.open_review(s, rnd, scoring.find_dossier(s, rnd, number), scoring.me(s, rnd))
                review_id = review.id
                values = demo_review_values(rounds.round_form(rnd), number, name)
            # One small change per transaction, as the autosaving form sends them.
            for crit, value in values.scores.items():
                with ews.session() as s:
                    scoring.update_review(s, review_id, score=(crit, value), actor=name)
            for crit, text in values.comments.items():
                with ews.session() as s:
                    scoring.update_review(s, review_id, score_comment=(crit, text), actor=name)
            for veto, answer in values.vetoes.items():
                with ews.session() as s:
                    scoring.update_review(s, review_id, veto=(veto, answer), actor=name)
            with ews.session() as s:
                scoring.update_review(s, review_id, recommendation=values.recommendation, actor=name)
            with ews.session() as s:
                scoring.update_review(s, review_id, comment=values.overall_comment, actor=name)
            if status == "submitted":
                with ews.session() as s:
                    scoring.submit(s, ews, review_id, key)
        target = out_dir / f"{name}.rwreturn"
        returns.export_return(ews, target)
    return target


# --- a handwritten-looking signature, drawn without any imaging library ----------------------


def signature_png(name: str, width: int = 360, height: int = 110) -> bytes:
    """A deterministic, pen-like signature stroke for ``name`` as a transparent PNG."""
    seed = sum(ord(c) * (i + 1) for i, c in enumerate(name))
    alpha = bytearray(width * height)
    points: list[tuple[float, float]] = []
    steps = 900
    for i in range(steps):
        t = i / (steps - 1)
        x = 18 + t * (width - 36)
        loop = math.sin(t * math.pi * (5 + seed % 3)) * (22 + seed % 9)
        wobble = math.sin(t * math.pi * (17 + seed % 5) + seed) * 9
        slant = math.cos(t * math.pi * (9 + seed % 4)) * 14
        y = height * 0.55 + loop + wobble - t * 10
        points.append((x + slant, y))
    # A closing flourish underneath.
    for i in range(200):
        t = i / 199
        points.append((width * (0.85 - 0.6 * t), height * 0.82 + math.sin(t * math.pi) * 6))
    radius = 1.6
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        segs = max(1, int(math.hypot(x1 - x0, y1 - y0) * 2))
        for k in range(segs + 1):
            cx = x0 + (x1 - x0) * k / segs
            cy = y0 + (y1 - y0) * k / segs
            for py in range(int(cy - radius - 1), int(cy + radius + 2)):
                if not 0 <= py < height:
                    continue
                for px in range(int(cx - radius - 1), int(cx + radius + 2)):
                    if 0 <= px < width:
                        d = math.hypot(px - cx, py - cy)
                        a = max(0.0, min(1.0, radius + 0.5 - d))
                        idx = py * width + px
                        alpha[idx] = max(alpha[idx], int(a * 255))
    raw = bytearray()
    for row in range(height):
        raw.append(0)
        for col in range(width):
            raw += bytes((20, 30, 90, alpha[row * width + col]))
    return _png(width, height, bytes(raw))


def _png(width: int, height: int, raw_rgba: bytes) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw_rgba, 9)) + chunk(b"IEND", b"")
