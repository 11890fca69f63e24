"""A secretary's workspace with a round at the committee stage, built with the ORM.

Shared by test_sheets, test_xlsx_export and test_verification (not a test module
itself). Reviews are signed exactly as an expert's workstation signs them
(``payloads.review_payload`` + ``crypto.sign``) and stored as a merged return
leaves them; one expert declared a conflict, and has a handwritten signature PNG.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import struct
import zlib
from dataclasses import dataclass, field
from decimal import Decimal

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Assignment, Conflict, Dossier, DossierFile, Expert, Review, Round, Score
from forms import Form
from forms.loader import load_builtin
from reviewer import committee, crypto, payloads, rounds
from reviewer.workspace import Workspace, set_setting

ROUND_NAME = "2026年度人工智能创新应用示范项目评审"
SIGNER = "王教授"
CONFLICTED = "赵主任"
EXPERTS = (
    (SIGNER, "山东大学计算机科学与技术学院"),
    ("李研究员", "齐鲁工业大学（山东省科学院）"),
    ("张工程师", "济南市大数据中心"),
    (CONFLICTED, "济南市工业和信息化局"),
)
#: The dossier CONFLICTED declared a conflict on (and so did not score).
CONFLICT_NUMBER = "AI-2026-002"
SUBMITTED = dt.datetime(2026, 3, 20, 6, 30, tzinfo=dt.timezone.utc)


def signature_png(width: int = 240, height: int = 70) -> bytes:
    """A small greyscale PNG of a handwriting-like stroke, written with zlib and struct only."""
    pixels = bytearray([255] * (width * height))
    for x in range(8, width - 8):
        t = x / width
        y = int(height / 2 + math.sin(t * 14) * height * 0.28 + math.sin(t * 37) * 4)
        for dy in range(-2, 3):
            if 0 <= y + dy < height:
                pixels[(y + dy) * width + x] = 20
    raw = b"".join(b"\x00" + bytes(pixels[r * width:(r + 1) * width]) for r in range(height))

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


OVERALL = ("该项目面向制造业质量检测的真实需求，采用深度学习视觉检测与边缘计算相结合的技术路线，"
           "已在两条产线连续运行十二个月，漏检率和人工复检工作量明显下降，示范推广价值较好。"
           "建议进一步完善数据安全管理制度，补充第三方检测报告，并明确后续推广计划和运维保障安排。")


def review_values(form: Form, number: str, expert: str) -> tuple[dict[str, Decimal], dict[str, str]]:
    """Deterministic scores on each criterion's 0.5 grid (5.0–9.5), with the comments the form requires."""
    scores: dict[str, Decimal] = {}
    comments: dict[str, str] = {}
    for c in form.criteria:
        digest = crypto.sha256_hex(f"{number}|{expert}|{c.key}".encode())
        value = Decimal(10 + int(digest[:4], 16) % 10) / 2
        scores[c.key] = value
        if c.needs_comment(value):
            comments[c.key] = f"{c.title.zh}表现突出：核心算法自主研发，已取得发明专利授权，第三方检测结论明确。"
    return scores, comments


@dataclass
class Committee:
    round_id: int
    round_uid: str
    keys: dict[str, Ed25519PrivateKey] = field(default_factory=dict)
    numbers: list[str] = field(default_factory=list)


def number_of(i: int) -> str:
    return f"AI-2026-{i:03d}"


def build_committee(ws: Workspace, *, dossiers: int = 4, long_title: str | None = None, decide: bool = True,
                    finalised: bool = False) -> Committee:
    """A round on ai-demo with ``dossiers`` dossiers, each assigned to three of four experts.

    SIGNER has a signature image; CONFLICTED declared a conflict on CONFLICT_NUMBER
    (signed declaration) and confirmed "no conflict" on the others. Every other
    assignment has a submitted, signed review (values from the demo generator).
    With ``decide`` every dossier gets a Decision matching the computation, except
    that the first one is overridden with a reason.
    """
    form = load_builtin("ai-demo")
    built = Committee(0, "")
    with ws.session() as s:
        set_setting(s, "role", "secretary")
        rnd = rounds.create_round(s, name=ROUND_NAME, form=form, rule="mean", spread_limit=Decimal(15),
                                  per_dossier=3, actor="秘书处")
        rnd.status = "review"
        built.round_id, built.round_uid = rnd.id, rnd.uid
        experts: dict[str, Expert] = {}
        for name, org in EXPERTS:
            key = Ed25519PrivateKey.generate()
            built.keys[name] = key
            expert = Expert(round_id=rnd.id, name=name, organisation=org, field="人工智能",
                            public_key=crypto.public_hex(key),
                            signature_png=signature_png() if name == SIGNER else None)
            s.add(expert)
            experts[name] = expert
        s.flush()
        for i in range(1, dossiers + 1):
            number = number_of(i)
            built.numbers.append(number)
            title = long_title if (long_title and i == 1) else f"基于机器视觉的智能质检平台示范应用（第 {i} 期）"
            d = Dossier(round_id=rnd.id, number=number, title=title,
                        applicant=f"济南第{i}智能科技有限公司", category="智能制造")
            d.files = [DossierFile(position=0, role="申报书", name=f"{number}-申报书.pdf",
                                   sha256=f"{i:064x}", size=1000 + i, pages=12)]
            s.add(d)
            s.flush()
            panel = [EXPERTS[(i + k) % 4][0] for k in range(3)]
            if number == CONFLICT_NUMBER and CONFLICTED not in panel:
                panel[0] = CONFLICTED
            for name in panel:
                expert = experts[name]
                a = Assignment(round_id=rnd.id, dossier_id=d.id, expert_id=expert.id)
                s.add(a)
                if name == CONFLICTED and number == CONFLICT_NUMBER:
                    declare(s, rnd, d, expert, built.keys[name])
                    continue
                a.no_conflict_at = SUBMITTED - dt.timedelta(days=2)
                scores, comments = review_values(form, number, name)
                submit_review(s, rnd, form, d, expert, built.keys[name], scores, comments=comments,
                              recommendation="recommend" if form.total(scores) >= 75 else "conditional",
                              comment=OVERALL)
        s.flush()
        if decide:
            decide_all(s, rnd)
        if finalised:
            committee.finalise(s, rnd.id, actor="秘书处")
    return built


def declare(s: Session, rnd: Round, dossier: Dossier, expert: Expert, key: Ed25519PrivateKey) -> Conflict:
    at = SUBMITTED - dt.timedelta(days=3)
    reason = "本人担任该申报单位技术顾问，近三年参与其视觉质检项目合作。"
    payload = payloads.declaration_payload(round_uid=rnd.uid, dossier_number=dossier.number, expert_name=expert.name,
                                           expert_key=crypto.public_hex(key), has_conflict=True, kind="cooperation",
                                           reason=reason, declared_at=at.isoformat())
    conflict = Conflict(round_id=rnd.id, dossier_id=dossier.id, expert_id=expert.id, kind="cooperation",
                        reason=reason, origin="expert", status="declared", declared_at=at,
                        signature=crypto.sign(key, crypto.canonical_json(payload)))
    s.add(conflict)
    return conflict


def submit_review(s: Session, rnd: Round, form: Form, dossier: Dossier, expert: Expert, key: Ed25519PrivateKey,
                  scores: dict[str, Decimal], *, comments: dict[str, str] | None = None,
                  recommendation: str | None = "recommend", comment: str = "技术路线清晰，示范效果明显。",
                  version: int = 1, reopen_reason: str = "", submitted_at: dt.datetime = SUBMITTED) -> Review:
    """A submitted, signed review as a merged return stores it (older versions superseded)."""
    comments = comments or {}
    vetoes = {v.key: False for v in form.vetoes}
    total = form.total(scores)
    payload = payloads.review_payload(
        round_uid=rnd.uid, form_id=rnd.form_id, form_hash=rnd.form_hash, dossier_number=dossier.number,
        dossier_files=[{"role": f.role, "name": f.name, "sha256": f.sha256} for f in dossier.files],
        expert_name=expert.name, expert_key=crypto.public_hex(key), version=version,
        scores=[(c.key, scores.get(c.key), comments.get(c.key, "")) for c in form.criteria],
        vetoes=vetoes, recommendation=recommendation, comment=comment, total=total,
        submitted_at=submitted_at.isoformat(), reopen_reason=reopen_reason,
    )
    body = crypto.canonical_json(payload)
    for old in s.scalars(select(Review).where(Review.dossier_id == dossier.id, Review.expert_id == expert.id)):
        old.current = False
        if old.status == "submitted":
            old.status = "superseded"
    review = Review(
        round_id=rnd.id, dossier_id=dossier.id, expert_id=expert.id, version=version, status="submitted",
        current=True, form_hash=rnd.form_hash, recommendation=recommendation, comment=comment, vetoes=vetoes,
        total=total, reopen_reason=reopen_reason, origin="return", submitted_at=submitted_at,
        signature=crypto.sign(key, body), payload=body.decode("utf-8"),
        scores=[Score(position=i, criterion=c.key, value=scores.get(c.key), comment=comments.get(c.key, ""))
                for i, c in enumerate(form.criteria)],
    )
    s.add(review)
    s.flush()
    return review


def decide_all(s: Session, rnd: Round) -> None:
    """The committee's decisions through :mod:`reviewer.committee`: every dossier confirmed as computed
    (flags resolved in words), except the first, overridden to no award with a reason."""
    numbers = sorted(s.scalars(select(Dossier.number).where(Dossier.round_id == rnd.id)))
    resolution = "经评审委员会讨论核实：回避专家未参与评分，其余专家意见一致，维持计算结果。"
    for i, number in enumerate(numbers):
        if i == 0:
            committee.override(s, rnd.id, number, rank=None, tier=None, actor="评审委员会",
                               reason="经评审委员会讨论，该项目示范推广范围有限，本年度暂不列入示范项目。",
                               flag_resolution=resolution)
        else:
            committee.confirm(s, rnd.id, number, actor="评审委员会", flag_resolution=resolution)


def change_score(ws: Workspace, built: Committee, number: str, expert_name: str, criterion: str,
                 value: str) -> None:
    """The expert reopens and resubmits with one score changed (version n+1, signed again)."""
    with ws.session() as s:
        rnd = rounds.get_round(s, built.round_id)
        form = rounds.round_form(rnd)
        dossier = s.scalars(select(Dossier).where(Dossier.round_id == rnd.id, Dossier.number == number)).one()
        expert = s.scalars(select(Expert).where(Expert.round_id == rnd.id, Expert.name == expert_name)).one()
        current = s.scalars(select(Review).where(Review.dossier_id == dossier.id, Review.expert_id == expert.id,
                                                 Review.current.is_(True))).one()
        payload = json.loads(current.payload or "{}")
        scores = {x["criterion"]: Decimal(x["value"]) for x in payload["scores"] if x["value"] is not None}
        comments = {x["criterion"]: x["comment"] for x in payload["scores"] if x["comment"]}
        scores[criterion] = Decimal(value)
        submit_review(s, rnd, form, dossier, expert, built.keys[expert_name], scores, comments=comments,
                      recommendation=payload["recommendation"], comment=payload["comment"],
                      version=current.version + 1, reopen_reason="专家复核后修改评分",
                      submitted_at=SUBMITTED + dt.timedelta(days=1))
